/* mem: allocation that never returns NULL. Running out of memory in a
 * workshop tool is not recoverable in any useful way: these print one line
 * and abort (every change is already committed, so nothing is lost). */
#ifndef IMPROV_LIB_MEM_H
#define IMPROV_LIB_MEM_H

#include <stddef.h>

void *xmalloc(size_t size) __attribute__((malloc, returns_nonnull));
void *xcalloc(size_t count, size_t size) __attribute__((malloc, returns_nonnull));
void *xrealloc(void *ptr, size_t size) __attribute__((returns_nonnull));
/* xstrdup(NULL) returns NULL; anything else returns a copy the caller frees. */
char *xstrdup(const char *s) __attribute__((malloc));
char *xstrndup(const char *s, size_t len) __attribute__((malloc, returns_nonnull));

/* Makes room for at least `need` elements of `size` bytes in *items,
 * growing the capacity *cap geometrically. */
void grow(void *items_ptr, size_t *cap, size_t need, size_t size) __attribute__((nonnull));

#endif
