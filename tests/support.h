/* support: what many tests need: removing a scratch folder with all in it,
 * the bytes of a file, and two sessions compared field by field. Linked
 * into every test. */
#ifndef IMPROV_TESTS_SUPPORT_H
#define IMPROV_TESTS_SUPPORT_H

#include <stddef.h>

struct ballot;
struct session;

struct bytes {
	unsigned char *data;    /* the caller frees it */
	size_t len;
};

/* Removes path, and everything under it when it is a folder. */
void support_remove_tree(const char *path);

/* The whole file; the test fails when it cannot be read. */
struct bytes support_read_bytes(const char *path);

/* Each fails the test at the first field where got differs from want:
 * every field the store keeps, ids included. NULL texts and NAN reals are
 * equal to themselves. */
void assert_same_text(const char *want, const char *got);
void assert_same_real(double want, double got);
void assert_same_fields(const struct session *want, const struct session *got);
void assert_same_people_and_dimensions(const struct session *want, const struct session *got);
void assert_same_values_and_goals(const struct session *want, const struct session *got);
void assert_same_metrics(const struct session *want, const struct session *got);
void assert_same_steps_and_parking(const struct session *want, const struct session *got);
void assert_same_ballot(const struct ballot *want, const struct ballot *got);
void assert_same_session(const struct session *want, const struct session *got);

#endif
