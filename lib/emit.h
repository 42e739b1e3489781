/* emit: one interface for writing a tree of mappings, sequences and
 * scalars, so that a document is walked once and written as JSON
 * (lib/json.h) or YAML (lib/yaml_writer.h) by whichever writer is behind
 * the emitter. Calls come in document order: emit_key before each value
 * inside an object, emit_end to close an object or an array. */
#ifndef IMPROV_LIB_EMIT_H
#define IMPROV_LIB_EMIT_H

#include <stdbool.h>
#include <stdint.h>

/* What a writer implements; `self` is the writer's own state. */
struct emit_ops {
	void (*object)(void *self);
	void (*array)(void *self);
	void (*end)(void *self);
	void (*key)(void *self, const char *key);
	void (*string)(void *self, const char *s);      /* never NULL */
	void (*integer)(void *self, long long v);
	void (*number)(void *self, double v);           /* always finite */
	void (*boolean)(void *self, bool v);
	void (*null)(void *self);
};

struct emitter {
	const struct emit_ops *ops;
	void *self;
};

void emit_object(const struct emitter *e) __attribute__((nonnull));
void emit_array(const struct emitter *e) __attribute__((nonnull));
void emit_end(const struct emitter *e) __attribute__((nonnull));    /* closes either */
void emit_key(const struct emitter *e, const char *key) __attribute__((nonnull));
/* A string; NULL is written as null. */
void emit_string(const struct emitter *e, const char *s) __attribute__((nonnull(1)));
void emit_int(const struct emitter *e, long long v) __attribute__((nonnull));
void emit_number(const struct emitter *e, double v) __attribute__((nonnull));  /* NAN, inf: null */
void emit_bool(const struct emitter *e, bool v) __attribute__((nonnull));
void emit_null(const struct emitter *e) __attribute__((nonnull));
/* An id: 0 (meaning none) is null. */
void emit_id(const struct emitter *e, int64_t id) __attribute__((nonnull));

/* A key of the object being written and its value, in one call. */
void emit_key_string(const struct emitter *e, const char *key, const char *s)
	__attribute__((nonnull(1, 2)));
void emit_key_int(const struct emitter *e, const char *key, long long v)
	__attribute__((nonnull));
void emit_key_number(const struct emitter *e, const char *key, double v)
	__attribute__((nonnull));
void emit_key_bool(const struct emitter *e, const char *key, bool v) __attribute__((nonnull));
void emit_key_id(const struct emitter *e, const char *key, int64_t id) __attribute__((nonnull));

#endif
