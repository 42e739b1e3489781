/* json: writes JSON text into a string buffer, indented two spaces, keys in
 * the order given. Strings are escaped so that the text holds no control
 * character, no bidirectional control and no invalid UTF-8 (replaced by
 * U+FFFD): a JSON file is safe to print on a terminal and still reads back
 * as the same text. */
#ifndef IMPROV_LIB_JSON_H
#define IMPROV_LIB_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/emit.h"
#include "lib/sbuf.h"

#define JSON_MAX_DEPTH 32
#define JSON_NUMBER_SIZE 32

struct json {
	struct sbuf *out;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
	char closer[JSON_MAX_DEPTH];
	bool after_key;
};

void json_start(struct json *j, struct sbuf *out) __attribute__((nonnull));
void json_object(struct json *j) __attribute__((nonnull));
void json_array(struct json *j) __attribute__((nonnull));
void json_end(struct json *j) __attribute__((nonnull));      /* closes either */
void json_key(struct json *j, const char *key) __attribute__((nonnull));
void json_string(struct json *j, const char *s) __attribute__((nonnull(1)));  /* NULL: null */
void json_int(struct json *j, long long v) __attribute__((nonnull));
void json_number(struct json *j, double v) __attribute__((nonnull));  /* NAN, inf: null */
void json_bool(struct json *j, bool v) __attribute__((nonnull));
void json_null(struct json *j) __attribute__((nonnull));
/* An id: 0 (meaning none) is written as null. */
void json_id(struct json *j, int64_t id) __attribute__((nonnull));

/* An emitter (lib/emit.h) that writes through j; j must outlive it. */
struct emitter json_emitter(struct json *j) __attribute__((nonnull));

/* Appends s as a quoted, escaped JSON string; it is also a YAML
 * double-quoted scalar that reads back as the same text. */
void json_quote(struct sbuf *out, const char *s) __attribute__((nonnull));

/* The text json_number writes for a finite v: "%.15g", with ".0" after a
 * whole number. */
void json_number_text(double v, char out[JSON_NUMBER_SIZE]) __attribute__((nonnull));

#endif
