#include "lib/sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"

static void reserve(struct sbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		grow(&sb->data, &sb->cap, sb->len + extra + 1, 1);
}

void sbuf_add(struct sbuf *sb, const char *s, size_t len)
{
	reserve(sb, len);
	if (len > 0)
		memcpy(sb->data + sb->len, s, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list again;
	va_copy(again, ap);
	/* Formatted once into the room there is; a second time only when it
	 * did not fit. */
	size_t room = sb->cap - sb->len;
	int need = vsnprintf(sb->data ? sb->data + sb->len : NULL, sb->data ? room : 0, fmt, ap);
	va_end(ap);
	if (need > 0 && (sb->data == NULL || (size_t)need >= room)) {
		reserve(sb, (size_t)need);
		vsnprintf(sb->data + sb->len, (size_t)need + 1, fmt, again);
	}
	if (need > 0)
		sb->len += (size_t)need;
	va_end(again);
}

const char *sbuf_str(const struct sbuf *sb)
{
	return sb->data ? sb->data : "";
}

char *sbuf_take(struct sbuf *sb)
{
	char *s = sb->data ? sb->data : xstrdup("");
	sb->data = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void sbuf_free(struct sbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}
