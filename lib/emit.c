#include "lib/emit.h"

#include <math.h>
#include <stddef.h>

void emit_object(const struct emitter *e)
{
	e->ops->object(e->self);
}

void emit_array(const struct emitter *e)
{
	e->ops->array(e->self);
}

void emit_end(const struct emitter *e)
{
	e->ops->end(e->self);
}

void emit_key(const struct emitter *e, const char *key)
{
	e->ops->key(e->self, key);
}

void emit_string(const struct emitter *e, const char *s)
{
	if (s == NULL)
		e->ops->null(e->self);
	else
		e->ops->string(e->self, s);
}

void emit_int(const struct emitter *e, long long v)
{
	e->ops->integer(e->self, v);
}

void emit_number(const struct emitter *e, double v)
{
	if (isfinite(v))
		e->ops->number(e->self, v);
	else
		e->ops->null(e->self);
}

void emit_bool(const struct emitter *e, bool v)
{
	e->ops->boolean(e->self, v);
}

void emit_null(const struct emitter *e)
{
	e->ops->null(e->self);
}

void emit_id(const struct emitter *e, int64_t id)
{
	if (id == 0)
		e->ops->null(e->self);
	else
		e->ops->integer(e->self, (long long)id);
}

void emit_key_string(const struct emitter *e, const char *key, const char *s)
{
	emit_key(e, key);
	emit_string(e, s);
}

void emit_key_int(const struct emitter *e, const char *key, long long v)
{
	emit_key(e, key);
	emit_int(e, v);
}

void emit_key_number(const struct emitter *e, const char *key, double v)
{
	emit_key(e, key);
	emit_number(e, v);
}

void emit_key_bool(const struct emitter *e, const char *key, bool v)
{
	emit_key(e, key);
	emit_bool(e, v);
}

void emit_key_id(const struct emitter *e, const char *key, int64_t id)
{
	emit_key(e, key);
	emit_id(e, id);
}
