#include "lib/field_reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/paths.h"
#include "lib/sanitize.h"
#include "lib/sbuf.h"

#define DIGITS_MAX 18                 /* a whole number of more is out of any bounds */

/* ---- messages ---- */

static void write_where(struct sbuf *sb, const struct field_at *at)
{
	if (at == NULL)
		return;
	write_where(sb, at->up);
	if (at->key == NULL) {
		sbuf_addf(sb, "[%zu]", at->item + 1);
		return;
	}
	if (sb->len > 0)
		sbuf_addc(sb, '.');
	sbuf_adds(sb, at->key);
}

static enum err_code fail_with(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const char *what)
{
	if (rd->failed)
		return ERR_DATA;
	struct sbuf where = SBUF_INIT;
	write_where(&where, at);
	error_set(rd->err, ERR_DATA, "%s:%d:%d: %s: %s", rd->name, node ? node->line : 1,
		  node ? node->col : 1, where.len > 0 ? sbuf_str(&where) : "document", what);
	sbuf_free(&where);
	/* A key or a model's reason may hold anything. */
	sanitize_line_in_place(rd->err->msg, sizeof rd->err->msg);
	rd->failed = true;
	return ERR_DATA;
}

enum err_code field_fail(struct field_reader *rd, const struct ynode *node,
			 const struct field_at *at, const char *fmt, ...)
{
	char what[sizeof rd->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return fail_with(rd, node, at, what);
}

enum err_code field_refused(struct field_reader *rd, const struct ynode *node,
			    const struct field_at *at)
{
	char why[sizeof rd->err->msg];
	snprintf(why, sizeof why, "%s", rd->err->msg);
	return fail_with(rd, node, at, why);
}

/* ---- what a scalar is ---- */

static bool text_is(const struct ynode *node, const char *s)
{
	return node->len == strlen(s) && memcmp(node->text, s, node->len) == 0;
}

bool field_plain_text(const struct ynode *node)
{
	return node->kind == YNODE_SCALAR && node->len == strlen(node->text);
}

static bool unquoted(const struct ynode *node)
{
	return field_plain_text(node) && !node->quoted;
}

static bool is_bool(const struct ynode *node)
{
	return unquoted(node) && (text_is(node, "true") || text_is(node, "false"));
}

static const char *skip_digits(const char *p)
{
	return p + strspn(p, "0123456789");
}

static const char *after_sign(const char *p)
{
	return p + (*p == '-' || *p == '+');
}

/* An unquoted number as JSON spells it (and a sign): digits, fraction,
 * exponent. YAML's .inf, .nan, 0x and 0o forms are not numbers here. */
static bool is_number(const struct ynode *node)
{
	if (!unquoted(node))
		return false;
	const char *p = after_sign(node->text);
	const char *q = skip_digits(p);
	if (q == p)
		return false;
	if (*q == '.') {
		p = q + 1;
		if ((q = skip_digits(p)) == p)
			return false;
	}
	if (*q == 'e' || *q == 'E') {
		p = after_sign(q + 1);
		if ((q = skip_digits(p)) == p)
			return false;
	}
	return *q == '\0';
}

const char *field_kind_of(const struct ynode *node)
{
	if (node->kind == YNODE_SEQUENCE)
		return "a list";
	if (node->kind == YNODE_MAPPING)
		return "a mapping";
	if (ynode_is_null(node))
		return "null";
	if (is_bool(node))
		return "true or false";
	return is_number(node) ? "a number" : "a string";
}

enum err_code field_wrong_kind(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const char *expected)
{
	return field_fail(rd, node, at, "%s, not %s", expected, field_kind_of(node));
}

static const char *expected(const struct field *f)
{
	static const char *const words[] = {
		[FIELD_TEXT] = "text",
		[FIELD_INTEGER] = "a whole number",
		[FIELD_NUMBER] = "a number",
		[FIELD_BOOLEAN] = "true or false",
		[FIELD_ENUM] = "a name",
		[FIELD_LIST] = "a list",
		[FIELD_MAP] = "a mapping",
		[FIELD_CUSTOM] = "a value",
	};
	if (f->what != NULL)
		return f->what;
	if (f->kind == FIELD_ENUM)
		return f->names->what;
	return words[f->kind];
}

/* ---- storing ---- */

void *field_member(void *base, const struct field *f)
{
	return base != NULL ? (char *)base + f->offset : NULL;
}

/* Integers and enums go into an int or a 64-bit member. */
static void store_whole(void *target, size_t size, long long v)
{
	if (size == sizeof(int)) {
		int i = (int)v;
		memcpy(target, &i, sizeof i);
	} else if (size == sizeof(int64_t)) {
		int64_t i = (int64_t)v;
		memcpy(target, &i, sizeof i);
	} else {
		abort();              /* a table with a member of another size */
	}
}

/* ---- the kinds ---- */

static enum err_code read_text(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *target)
{
	if (node->kind != YNODE_SCALAR || ynode_is_null(node))
		return field_wrong_kind(rd, node, at, expected(f));
	if (node->len != strlen(node->text))
		return field_fail(rd, node, at, "text may not hold a NUL character");
	if ((long long)node->len < f->min || (long long)node->len > f->max) {
		char got[32];
		snprintf(got, sizeof got, node->len ? "%zu bytes" : "empty", node->len);
		if (f->min > 0)
			return field_fail(rd, node, at, "text of %lld to %lld bytes, not %s", f->min,
					  f->max, got);
		return field_fail(rd, node, at, "text of at most %lld bytes, not %s", f->max, got);
	}
	if (f->keep == FIELD_INTO && node->len >= f->size)
		abort();              /* a table whose bound does not fit its array */
	if (f->keep == FIELD_INTO)
		memcpy(target, node->text, node->len + 1);
	else if (f->keep == FIELD_COPY)
		*(char **)target = xstrndup(node->text, node->len);
	else
		*(char **)target = node->text;
	return ERR_OK;
}

static enum err_code read_integer(struct field_reader *rd, const struct ynode *node,
				  const struct field_at *at, const struct field *f, void *target)
{
	if (!is_number(node))
		return field_wrong_kind(rd, node, at, expected(f));
	const char *digits = after_sign(node->text);
	bool fits = *skip_digits(digits) == '\0' && strlen(digits) <= DIGITS_MAX;
	long long v = fits ? strtoll(node->text, NULL, 10) : 0;
	if (!fits || v < f->min || v > f->max) {
		char echo[YNODE_ECHO_MAX + 1];
		return field_fail(rd, node, at, "%s from %lld to %lld, not %s", expected(f), f->min,
				  f->max, ynode_echo(node, echo));
	}
	store_whole(target, f->size, v);
	return ERR_OK;
}

/* A bound as it is written by hand: 1e15 rather than 1e+15. */
static const char *bound_text(char out[32], long long v)
{
	snprintf(out, 32, "%g", (double)v);
	char *plus = strstr(out, "e+");
	if (plus != NULL)
		memmove(plus + 1, plus + 2, strlen(plus + 2) + 1);
	return out;
}

static enum err_code read_number(struct field_reader *rd, const struct ynode *node,
				 const struct field_at *at, const struct field *f, void *target)
{
	if (!is_number(node))
		return field_wrong_kind(rd, node, at, expected(f));
	double v = strtod(node->text, NULL);
	if (!isfinite(v) || v < (double)f->min || v > (double)f->max) {
		char echo[YNODE_ECHO_MAX + 1], lo[32], hi[32];
		return field_fail(rd, node, at, "a number from %s to %s, not %s",
				  bound_text(lo, f->min), bound_text(hi, f->max),
				  ynode_echo(node, echo));
	}
	*(double *)target = v;
	return ERR_OK;
}

static enum err_code read_boolean(struct field_reader *rd, const struct ynode *node,
				  const struct field_at *at, const struct field *f, void *target)
{
	if (!is_bool(node))
		return field_wrong_kind(rd, node, at, expected(f));
	*(bool *)target = text_is(node, "true");
	return ERR_OK;
}

static enum err_code unknown_name(struct field_reader *rd, const struct ynode *node,
				  const struct field_at *at, const struct field_names *names)
{
	struct sbuf known = SBUF_INIT;
	for (int i = 0; i < names->count; i++)
		sbuf_addf(&known, "%s%s", i > 0 ? ", " : "", names->name(i));
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = field_fail(rd, node, at, "\"%s\" is not %s (use one of: %s)",
				      ynode_echo(node, echo), names->what, sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

static enum err_code read_enum(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *target)
{
	const struct field_names *names = f->names;
	if (node->kind != YNODE_SCALAR || ynode_is_null(node))
		return field_wrong_kind(rd, node, at, expected(f));
	for (int i = 0; field_plain_text(node) && i < names->count; i++) {
		if (strcmp(node->text, names->name(i)) == 0) {
			store_whole(target, f->size, names->first + i);
			return ERR_OK;
		}
	}
	return unknown_name(rd, node, at, names);
}

static enum err_code check_length(struct field_reader *rd, const struct ynode *node,
				  const struct field_at *at, const struct field *f)
{
	if ((long long)node->nitems >= f->min && (long long)node->nitems <= f->max)
		return ERR_OK;
	if (f->min > 0)
		return field_fail(rd, node, at, "a list of %lld to %lld items, not %zu", f->min,
				  f->max, node->nitems);
	return field_fail(rd, node, at, "a list of at most %lld items, not %zu", f->max,
			  node->nitems);
}

/* The array and its count are stored first, so that the caller can free
 * what was read when a later item fails. memcpy, because the member is a
 * pointer to the element type, not a void *. */
static enum err_code read_array(struct field_reader *rd, const struct ynode *node,
				const struct field_at *at, const struct field *f, void *base)
{
	const struct field *item = f->item;
	if (node->nitems == 0)
		return ERR_OK;
	char *array = xcalloc(node->nitems, item->size);
	memcpy(field_member(base, f), &array, sizeof array);
	memcpy((char *)base + f->count_offset, &node->nitems, sizeof node->nitems);
	for (size_t i = 0; i < node->nitems; i++) {
		enum err_code rc = field_read_value(rd, node->items[i], FIELD_ITEM(at, i), item,
						    array + i * item->size);
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

static enum err_code read_list(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
{
	if (node->kind != YNODE_SEQUENCE)
		return field_wrong_kind(rd, node, at, expected(f));
	enum err_code rc = check_length(rd, node, at, f);
	if (rc != ERR_OK || f->each == NULL)
		return rc ? rc : read_array(rd, node, at, f, base);
	for (size_t i = 0; i < node->nitems; i++) {
		rc = f->each(rd, node->items[i], FIELD_ITEM(at, i), i, field_member(base, f));
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

enum err_code field_read_value(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
{
	void *target = field_member(base, f);
	enum err_code rc;
	switch (f->kind) {
	case FIELD_TEXT: rc = read_text(rd, node, at, f, target); break;
	case FIELD_INTEGER: rc = read_integer(rd, node, at, f, target); break;
	case FIELD_NUMBER: rc = read_number(rd, node, at, f, target); break;
	case FIELD_BOOLEAN: rc = read_boolean(rd, node, at, f, target); break;
	case FIELD_ENUM: rc = read_enum(rd, node, at, f, target); break;
	case FIELD_LIST: rc = read_list(rd, node, at, f, base); break;
	case FIELD_MAP:
		rc = node->kind == YNODE_MAPPING ? field_read_map(rd, node, at, f->table, target)
						 : field_wrong_kind(rd, node, at, expected(f));
		break;
	default: rc = f->read(rd, node, at, f, base); break;
	}
	if (rc == ERR_OK && f->check != NULL)
		rc = f->check(rd, node, at, f, base);
	return rc;
}

/* ---- mappings ---- */

static const struct field *field_named(const struct field_table *table, const struct ynode *key)
{
	for (size_t i = 0; field_plain_text(key) && i < table->count; i++) {
		if (strcmp(key->text, table->fields[i].name) == 0)
			return &table->fields[i];
	}
	return NULL;
}

static enum err_code unknown_key(struct field_reader *rd, const struct ynode *key,
				 const struct field_at *at, const struct field_table *table)
{
	struct sbuf known = SBUF_INIT;
	for (size_t i = 0; i < table->count; i++)
		sbuf_addf(&known, "%s%s", i > 0 ? ", " : "", table->fields[i].name);
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = field_fail(rd, key, FIELD_KEY(at, ynode_echo(key, echo)),
				      "unknown key (use one of: %s)", sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

/* A required key given as null is the wrong kind: "text, not null". */
static enum err_code read_pair(struct field_reader *rd, const struct ynode *value,
			       const struct field_at *at, const struct field *f, void *base)
{
	if (!ynode_is_null(value))
		return field_read_value(rd, value, at, f, base);
	return f->required ? field_wrong_kind(rd, value, at, expected(f)) : ERR_OK;
}

enum err_code field_read_map(struct field_reader *rd, const struct ynode *node,
			     const struct field_at *at, const struct field_table *table, void *base)
{
	if (node->kind != YNODE_MAPPING)
		return field_wrong_kind(rd, node, at, "a mapping");
	for (size_t i = 0; i < node->npairs; i++) {
		const struct ypair *pair = &node->pairs[i];
		const struct field *f = field_named(table, pair->key);
		if (f == NULL && table->open)
			continue;
		if (f == NULL)
			return unknown_key(rd, pair->key, at, table);
		enum err_code rc = read_pair(rd, pair->value, FIELD_KEY(at, f->name), f, base);
		if (rc != ERR_OK)
			return rc;
	}
	for (size_t i = 0; i < table->count; i++) {
		const struct field *f = &table->fields[i];
		if (f->required && ynode_get(node, f->name) == NULL)
			return field_fail(rd, node, FIELD_KEY(at, f->name), "missing");
	}
	return ERR_OK;
}

enum err_code field_read_key(struct field_reader *rd, const struct ynode *map,
			     const struct field_at *at, const struct field *f, void *base)
{
	const struct ynode *value = ynode_get(map, f->name);
	if (value == NULL && f->required)
		return field_fail(rd, map, FIELD_KEY(at, f->name), "missing");
	if (value == NULL)
		return ERR_OK;
	return read_pair(rd, value, FIELD_KEY(at, f->name), f, base);
}

/* ---- checks ---- */

bool field_blank(const char *text)
{
	return text[strspn(text, " \t\n\r\v\f")] == '\0';
}

enum err_code field_check_key(struct field_reader *rd, const struct ynode *node,
			      const struct field_at *at, const struct field *f, void *base)
{
	(void)base;
	if (!field_plain_text(node) || (!f->required && field_blank(node->text)) ||
	    paths_key_valid(node->text))
		return ERR_OK;
	char echo[YNODE_ECHO_MAX + 1];
	return field_fail(rd, node, at, "\"%s\" is not a key (1 to %d of a-z, 0-9, _ and -)",
			  ynode_echo(node, echo), PATHS_KEY_MAX);
}
