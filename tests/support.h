/* support: what many tests need: removing a scratch folder with all in it,
 * and the bytes of a file. Linked into every test. */
#ifndef IMPROV_TESTS_SUPPORT_H
#define IMPROV_TESTS_SUPPORT_H

#include <stddef.h>

struct bytes {
	unsigned char *data;    /* the caller frees it */
	size_t len;
};

/* Removes path, and everything under it when it is a folder. */
void support_remove_tree(const char *path);

/* The whole file; the test fails when it cannot be read. */
struct bytes support_read_bytes(const char *path);

#endif
