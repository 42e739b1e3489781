/* sbuf: a growable string buffer, always NUL-terminated. */
#ifndef IMPROV_LIB_SBUF_H
#define IMPROV_LIB_SBUF_H

#include <stddef.h>

struct sbuf {
	char *data;           /* NULL until the first append; see sbuf_str */
	size_t len;
	size_t cap;
};

#define SBUF_INIT {NULL, 0, 0}

void sbuf_add(struct sbuf *sb, const char *s, size_t len) __attribute__((nonnull(1)));
void sbuf_adds(struct sbuf *sb, const char *s) __attribute__((nonnull));
void sbuf_addc(struct sbuf *sb, char c) __attribute__((nonnull));
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), nonnull(1, 2)));
/* Never NULL: "" for an empty buffer. Valid until the next change. */
const char *sbuf_str(const struct sbuf *sb) __attribute__((nonnull));
/* Hands the text to the caller (who frees it) and empties the buffer. */
char *sbuf_take(struct sbuf *sb) __attribute__((nonnull, returns_nonnull));
void sbuf_reset(struct sbuf *sb) __attribute__((nonnull));
void sbuf_free(struct sbuf *sb) __attribute__((nonnull));

#endif
