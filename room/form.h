/* form: the fields of an application/x-www-form-urlencoded body, as a
 * plain HTML form posts them. */
#ifndef IMPROV_ROOM_FORM_H
#define IMPROV_ROOM_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/sbuf.h"

/* Decodes the first field called key in body[0..len) into out (emptied
 * first): "+" is a space, "%HH" a byte. False when there is no such field,
 * or when its value holds a bad escape or a NUL byte. The value may be
 * any bytes else: the caller checks it as text. */
bool form_value(const char *body, size_t len, const char *key, struct sbuf *out)
	__attribute__((nonnull(3, 4)));

/* Reads text as a whole number within lo..hi (decimal, at most 20
 * characters, nothing around it). */
bool form_number(const char *text, long long lo, long long hi, long long *out)
	__attribute__((nonnull));

#endif
