#include "templates/template_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/paths.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"

/* Lengths in bytes: generous for any script, short enough for a screen. */
#define NAME_MAX_BYTES 120
#define DESCRIPTION_MAX_BYTES 800
#define PROMPT_MAX_BYTES 400          /* question, low, high */
#define LABEL_MAX_BYTES 40
#define SUGGESTION_MAX_BYTES 200
#define UNIT_MAX_BYTES 24
#define SUGGESTIONS_MAX 50
#define SHOWN_MAX 40                  /* characters of file text in a message */
#define VERSION_MAX 9999              /* a template's own revision number */

/* A template is a few kilobytes; these bounds leave room and stop abuse. */
static const struct ynode_limits template_limits = {
	.max_bytes = 1 << 20,
	.max_depth = 16,
	.max_scalar = 8192,
	.max_nodes = 50000,
};

static const int default_timeboxes[STAGE_COUNT] = {
	[STAGE_CURRENT_STATE] = 25,
	[STAGE_GOALS_VALUES] = 20,
	[STAGE_METRICS] = 15,
	[STAGE_STEPS] = 30,
	[STAGE_REVIEW] = 10,
};

/* ---- messages ---- */

struct reader {
	const char *path;     /* for messages */
	struct error *err;
};

/* Where a node sits in the document, for messages: "dimensions #3.key". */
struct where {
	const struct where *up;
	const char *name;     /* a key; NULL for a list item */
	size_t item;          /* list items, counted from 1 */
};

/* File text as it may appear in a message: printable ASCII, anything else
 * as '?', cut after SHOWN_MAX characters. */
static const char *shown(char buf[SHOWN_MAX + 4], const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; s != NULL && i < len && n < SHOWN_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (s != NULL && len > SHOWN_MAX) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

static void describe(struct sbuf *sb, const struct where *at)
{
	if (at == NULL)
		return;
	describe(sb, at->up);
	if (at->name != NULL) {
		if (sb->len > 0)
			sbuf_addc(sb, '.');
		sbuf_adds(sb, at->name);
	} else {
		sbuf_addf(sb, " #%zu", at->item);
	}
}

static enum err_code fail(const struct reader *rd, const struct ynode *node,
			  const struct where *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum err_code fail(const struct reader *rd, const struct ynode *node,
			  const struct where *at, const char *fmt, ...)
{
	char what[sizeof rd->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);

	struct sbuf sb = SBUF_INIT;
	describe(&sb, at);
	error_set(rd->err, ERR_DATA, "%s:%d:%d: %s%s%s", rd->path, node->line, node->col,
		  sbuf_str(&sb), sb.len > 0 ? ": " : "", what);
	sbuf_free(&sb);
	return ERR_DATA;
}

/* ---- reading through tables ---- */

struct field;

/* Reads node into the member f->offset bytes into base. */
typedef enum err_code (*parse_fn)(const struct reader *rd, const struct ynode *node,
				  const struct where *at, const struct field *f, void *base);

struct record {
	const struct field *fields;
	size_t nfields;
};

struct field {
	const char *name;
	parse_fn parse;
	size_t offset;
	bool required;
	long min, max;                /* numbers: values; text: bytes; lists: items */
	const struct record *sub;     /* mappings: their fields */
	const struct field *item;     /* lists: how to read one item */
	size_t count_offset;          /* lists: where the number of items goes */
	size_t size;                  /* list items: bytes of one element */
	parse_fn check;               /* runs after parse, on the same arguments */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void *member(void *base, const struct field *f)
{
	return (char *)base + f->offset;
}

static enum err_code read_value(const struct reader *rd, const struct ynode *node,
				const struct where *at, const struct field *f, void *base)
{
	if (ynode_is_null(node))
		return fail(rd, node, at, "has no value");
	enum err_code rc = f->parse(rd, node, at, f, base);
	if (rc == ERR_OK && f->check != NULL)
		rc = f->check(rd, node, at, f, base);
	return rc;
}

static const struct field *field_named(const struct record *rec, const struct ynode *key)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		if (key->len == strlen(key->text) && strcmp(key->text, rec->fields[i].name) == 0)
			return &rec->fields[i];
	}
	return NULL;
}

static enum err_code unknown_key(const struct reader *rd, const struct ynode *key,
				 const struct where *at, const struct record *rec)
{
	struct sbuf known = SBUF_INIT;
	for (size_t i = 0; i < rec->nfields; i++)
		sbuf_addf(&known, "%s%s", i > 0 ? ", " : "", rec->fields[i].name);
	char buf[SHOWN_MAX + 4];
	enum err_code rc = fail(rd, key, at, "unknown key \"%s\" (known: %s)",
				shown(buf, key->text, key->len), sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

/* Reads each pair in file order, so the first mistake in the file is the
 * one reported; then looks for required keys that were left out. A null
 * value for an optional key keeps its default. */
static enum err_code read_record(const struct reader *rd, const struct ynode *node,
				 const struct where *at, const struct record *rec, void *target)
{
	if (node->kind != YNODE_MAPPING)
		return fail(rd, node, at, "expected a mapping of keys to values");
	for (size_t i = 0; i < node->npairs; i++) {
		const struct ypair *pair = &node->pairs[i];
		const struct field *f = field_named(rec, pair->key);
		if (f == NULL)
			return unknown_key(rd, pair->key, at, rec);
		if (!f->required && ynode_is_null(pair->value))
			continue;
		struct where here = {at, f->name, 0};
		enum err_code rc = read_value(rd, pair->value, &here, f, target);
		if (rc != ERR_OK)
			return rc;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		if (rec->fields[i].required && ynode_get(node, rec->fields[i].name) == NULL)
			return fail(rd, node, at, "missing \"%s\"", rec->fields[i].name);
	}
	return ERR_OK;
}

/* ---- parsers ---- */

static enum err_code parse_record(const struct reader *rd, const struct ynode *node,
				  const struct where *at, const struct field *f, void *base)
{
	return read_record(rd, node, at, f->sub, member(base, f));
}

static enum err_code parse_list(const struct reader *rd, const struct ynode *node,
				const struct where *at, const struct field *f, void *base)
{
	if (node->kind != YNODE_SEQUENCE)
		return fail(rd, node, at, "expected a list");
	if (node->nitems < (size_t)f->min)
		return fail(rd, node, at, "needs at least %ld item%s", f->min, f->min == 1 ? "" : "s");
	if (node->nitems > (size_t)f->max)
		return fail(rd, node, at, "has %zu items; at most %ld are allowed",
			    node->nitems, f->max);
	if (node->nitems == 0)
		return ERR_OK;
	const struct field *item = f->item;
	/* Set the array and its count first, so that template_free can free
	 * what was read when a later item fails. memcpy, because the member
	 * is a pointer to the element type, not a void *. */
	char *array = xcalloc(node->nitems, item->size);
	memcpy(member(base, f), &array, sizeof array);
	memcpy((char *)base + f->count_offset, &node->nitems, sizeof node->nitems);
	for (size_t i = 0; i < node->nitems; i++) {
		struct where here = {at, NULL, i + 1};
		enum err_code rc = read_value(rd, node->items[i], &here, item, array + i * item->size);
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

static enum err_code expect_scalar(const struct reader *rd, const struct ynode *node,
				   const struct where *at, const char *what)
{
	if (node->kind != YNODE_SCALAR)
		return fail(rd, node, at, "expected %s, not a %s", what,
			    node->kind == YNODE_SEQUENCE ? "list" : "mapping");
	return ERR_OK;
}

static enum err_code parse_text(const struct reader *rd, const struct ynode *node,
				const struct where *at, const struct field *f, void *base)
{
	enum err_code rc = expect_scalar(rd, node, at, "text");
	if (rc != ERR_OK)
		return rc;
	if (node->len != strlen(node->text))
		return fail(rd, node, at, "contains a NUL character");
	if (node->len < (size_t)f->min)
		return fail(rd, node, at, "must not be empty");
	if (node->len > (size_t)f->max)
		return fail(rd, node, at, "is too long (%zu bytes; at most %ld)", node->len, f->max);
	char **target = member(base, f);
	*target = xstrndup(node->text, node->len);
	return ERR_OK;
}

bool template_key_valid(const char *key)
{
	return paths_key_valid(key);
}

static enum err_code parse_key(const struct reader *rd, const struct ynode *node,
			       const struct where *at, const struct field *f, void *base)
{
	enum err_code rc = parse_text(rd, node, at, f, base);
	if (rc != ERR_OK)
		return rc;
	char **key = member(base, f);
	if (!template_key_valid(*key)) {
		char buf[SHOWN_MAX + 4];
		return fail(rd, node, at, "\"%s\" is not a valid key (use a-z, 0-9, _ and -)",
			    shown(buf, node->text, node->len));
	}
	return ERR_OK;
}

/* A plain decimal number; "5" in quotes is text, and so refused. */
static bool scalar_long(const struct ynode *node, long *out)
{
	if (node->kind != YNODE_SCALAR || node->quoted || node->len == 0 ||
	    node->len != strlen(node->text))
		return false;
	const char *p = node->text;
	if (*p == '+' || *p == '-')
		p++;
	for (const char *q = p; *q != '\0'; q++) {
		if (*q < '0' || *q > '9')
			return false;
	}
	if (*p == '\0' || strlen(p) > 9)
		return false;
	*out = strtol(node->text, NULL, 10);
	return true;
}

static enum err_code bad_number(const struct reader *rd, const struct ynode *node,
				const struct where *at, const struct field *f, const char *or)
{
	char buf[SHOWN_MAX + 4];
	if (node->kind != YNODE_SCALAR)
		return expect_scalar(rd, node, at, "a number");
	return fail(rd, node, at, "must be %sa whole number from %ld to %ld, not %s%s%s", or,
		    f->min, f->max, node->quoted ? "\"" : "", shown(buf, node->text, node->len),
		    node->quoted ? "\" in quotes" : "");
}

static enum err_code parse_int(const struct reader *rd, const struct ynode *node,
			       const struct where *at, const struct field *f, void *base)
{
	long value;
	if (!scalar_long(node, &value) || value < f->min || value > f->max)
		return bad_number(rd, node, at, f, "");
	int *target = member(base, f);
	*target = (int)value;
	return ERR_OK;
}

/* "auto" (stored as 0: the budget then follows the number of candidates)
 * or a number of dots. */
static enum err_code parse_budget(const struct reader *rd, const struct ynode *node,
				  const struct where *at, const struct field *f, void *base)
{
	int *target = member(base, f);
	long value;
	if (node->kind == YNODE_SCALAR && node->len == 4 && strcmp(node->text, "auto") == 0) {
		*target = 0;
		return ERR_OK;
	}
	if (!scalar_long(node, &value) || value < f->min || value > f->max)
		return bad_number(rd, node, at, f, "\"auto\" or ");
	*target = (int)value;
	return ERR_OK;
}

/* The names a kind accepts, for a message: "dots, approval, ...". */
static void kind_names(struct sbuf *sb, const char *(*name)(int), int count)
{
	for (int i = 0; i < count; i++)
		sbuf_addf(sb, "%s%s", i > 0 ? ", " : "", name(i));
}

static const char *method_name_at(int i)
{
	return ballot_method_name((enum ballot_method)i);
}

static const char *direction_name_at(int i)
{
	return direction_name((enum direction)i);
}

static enum err_code bad_name(const struct reader *rd, const struct ynode *node,
			      const struct where *at, const char *what,
			      const char *(*name)(int), int count)
{
	struct sbuf known = SBUF_INIT;
	kind_names(&known, name, count);
	char buf[SHOWN_MAX + 4];
	enum err_code rc = fail(rd, node, at, "\"%s\" is not %s (use one of: %s)",
				shown(buf, node->text, node->len), what, sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

static enum err_code parse_method(const struct reader *rd, const struct ynode *node,
				  const struct where *at, const struct field *f, void *base)
{
	enum err_code rc = expect_scalar(rd, node, at, "a voting method");
	if (rc != ERR_OK)
		return rc;
	enum ballot_method *target = member(base, f);
	if (node->len != strlen(node->text) || !ballot_method_parse(node->text, target))
		return bad_name(rd, node, at, "a voting method", method_name_at, BALLOT_METHOD_COUNT);
	return ERR_OK;
}

static enum err_code parse_direction(const struct reader *rd, const struct ynode *node,
				     const struct where *at, const struct field *f, void *base)
{
	enum err_code rc = expect_scalar(rd, node, at, "a direction");
	if (rc != ERR_OK)
		return rc;
	enum direction *target = member(base, f);
	if (node->len != strlen(node->text) || !direction_parse(node->text, target))
		return bad_name(rd, node, at, "a direction", direction_name_at, DIRECTION_COUNT);
	return ERR_OK;
}

/* ---- checks across fields ---- */

static enum err_code check_scale(const struct reader *rd, const struct ynode *node,
				 const struct where *at, const struct field *f, void *base)
{
	const struct scale *scale = member(base, f);
	if (scale->min >= scale->max) {
		struct where here = {at, "max", 0};
		return fail(rd, ynode_get(node, "max"), &here,
			    "must be greater than min (%d), not %d", scale->min, scale->max);
	}
	size_t points = (size_t)(scale->max - scale->min + 1);
	if (scale->nlabels != 0 && scale->nlabels != points) {
		struct where here = {at, "labels", 0};
		return fail(rd, ynode_get(node, "labels"), &here,
			    "has %zu labels; a scale from %d to %d needs %zu, one for each point",
			    scale->nlabels, scale->min, scale->max, points);
	}
	return ERR_OK;
}

static enum err_code check_unique_keys(const struct reader *rd, const struct ynode *node,
				       const struct where *at, const struct field *f, void *base)
{
	struct template_dimension *dims;
	size_t ndims;
	memcpy(&dims, member(base, f), sizeof dims);
	memcpy(&ndims, (char *)base + f->count_offset, sizeof ndims);
	for (size_t i = 1; i < ndims; i++) {
		for (size_t j = 0; j < i; j++) {
			if (strcmp(dims[i].key, dims[j].key) != 0)
				continue;
			struct where item = {at, NULL, i + 1};
			struct where here = {&item, "key", 0};
			return fail(rd, ynode_get(node->items[i], "key"), &here,
				    "\"%s\" is already the key of dimension #%zu", dims[i].key, j + 1);
		}
	}
	return ERR_OK;
}

/* ---- a template, field by field ---- */

#define TEXT(key, type, m, req, lo, hi) \
	{ .name = key, .parse = parse_text, .offset = offsetof(type, m), .required = req, \
	  .min = lo, .max = hi }
#define KEY(key, type, m) \
	{ .name = key, .parse = parse_key, .offset = offsetof(type, m), .required = true, \
	  .min = 1, .max = TEMPLATE_KEY_MAX }
#define INT(key, type, m, req, lo, hi) \
	{ .name = key, .parse = parse_int, .offset = offsetof(type, m), .required = req, \
	  .min = lo, .max = hi }
#define TIMEBOX(key, stage) \
	INT(key, struct template, timebox_minutes[stage], false, 0, TEMPLATE_TIMEBOX_MAX)
#define LIST(key, type, m, n, req, lo, hi, of) \
	{ .name = key, .parse = parse_list, .offset = offsetof(type, m), .required = req, \
	  .min = lo, .max = hi, .item = &of, .count_offset = offsetof(type, n) }
#define RECORD_TABLE(fields) { fields, COUNT(fields) }

static const struct field label_item = {
	.parse = parse_text, .size = sizeof(char *), .min = 1, .max = LABEL_MAX_BYTES,
};

static const struct field scale_fields[] = {
	INT("min", struct scale, min, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	INT("max", struct scale, max, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	LIST("labels", struct scale, labels, nlabels, false, 0, SCALE_MAX_HIGHEST + 1, label_item),
};
static const struct record scale_record = RECORD_TABLE(scale_fields);

/* Setup has no timebox: it happens before the room is watching. */
static const struct field timebox_fields[] = {
	TIMEBOX("current_state", STAGE_CURRENT_STATE),
	TIMEBOX("goals_values", STAGE_GOALS_VALUES),
	TIMEBOX("metrics", STAGE_METRICS),
	TIMEBOX("steps", STAGE_STEPS),
	TIMEBOX("review", STAGE_REVIEW),
};
static const struct record timebox_record = RECORD_TABLE(timebox_fields);

static const struct field voting_fields[] = {
	{ .name = "method", .parse = parse_method, .offset = offsetof(struct template, vote_method) },
	{ .name = "budget", .parse = parse_budget, .offset = offsetof(struct template, vote_budget),
	  .min = TEMPLATE_BUDGET_MIN, .max = TEMPLATE_BUDGET_MAX },
	INT("cap", struct template, vote_cap, false, 1, TEMPLATE_CAP_MAX),
};
static const struct record voting_record = RECORD_TABLE(voting_fields);

static const struct field dimension_fields[] = {
	KEY("key", struct template_dimension, key),
	TEXT("name", struct template_dimension, name, true, 1, NAME_MAX_BYTES),
	TEXT("question", struct template_dimension, question, true, 1, PROMPT_MAX_BYTES),
	TEXT("low", struct template_dimension, low, true, 1, PROMPT_MAX_BYTES),
	TEXT("high", struct template_dimension, high, true, 1, PROMPT_MAX_BYTES),
};
static const struct record dimension_record = RECORD_TABLE(dimension_fields);
static const struct field dimension_item = {
	.parse = parse_record, .sub = &dimension_record, .size = sizeof(struct template_dimension),
};

static const struct field metric_fields[] = {
	TEXT("name", struct suggested_metric, name, true, 1, NAME_MAX_BYTES),
	TEXT("unit", struct suggested_metric, unit, false, 0, UNIT_MAX_BYTES),
	{ .name = "direction", .parse = parse_direction, .required = true,
	  .offset = offsetof(struct suggested_metric, direction) },
};
static const struct record metric_record = RECORD_TABLE(metric_fields);
static const struct field metric_item = {
	.parse = parse_record, .sub = &metric_record, .size = sizeof(struct suggested_metric),
};

static const struct field suggestion_item = {
	.parse = parse_text, .size = sizeof(char *), .min = 1, .max = SUGGESTION_MAX_BYTES,
};

/* The suggestions live in the template itself, so their offsets are
 * relative to it and the "suggest" mapping sits at offset 0. */
static const struct field suggest_fields[] = {
	LIST("values", struct template, values, nvalues, false, 0, SUGGESTIONS_MAX, suggestion_item),
	LIST("goals", struct template, goals, ngoals, false, 0, SUGGESTIONS_MAX, suggestion_item),
	LIST("metrics", struct template, metrics, nmetrics, false, 0, SUGGESTIONS_MAX, metric_item),
};
static const struct record suggest_record = RECORD_TABLE(suggest_fields);

static const struct field template_fields[] = {
	KEY("template", struct template, key),
	TEXT("name", struct template, name, true, 1, NAME_MAX_BYTES),
	TEXT("description", struct template, description, false, 0, DESCRIPTION_MAX_BYTES),
	INT("version", struct template, version, false, 1, VERSION_MAX),
	{ .name = "scale", .parse = parse_record, .offset = offsetof(struct template, scale),
	  .required = true, .sub = &scale_record, .check = check_scale },
	{ .name = "timeboxes", .parse = parse_record, .sub = &timebox_record },
	{ .name = "voting", .parse = parse_record, .sub = &voting_record },
	{ .name = "dimensions", .parse = parse_list, .offset = offsetof(struct template, dims),
	  .count_offset = offsetof(struct template, ndims), .required = true,
	  .min = 1, .max = TEMPLATE_DIMS_MAX, .item = &dimension_item, .check = check_unique_keys },
	{ .name = "suggest", .parse = parse_record, .sub = &suggest_record },
};
static const struct record template_record = RECORD_TABLE(template_fields);

/* ---- loading ---- */

static void set_defaults(struct template *tpl)
{
	memset(tpl, 0, sizeof *tpl);
	tpl->version = 1;
	memcpy(tpl->timebox_minutes, default_timeboxes, sizeof tpl->timebox_minutes);
	tpl->vote_method = BALLOT_DOTS;
	tpl->vote_budget = 0;
	tpl->vote_cap = 3;
}

/* Optional text is "" rather than NULL, so that no reader has to check. */
static void fill_empty_text(struct template *tpl)
{
	if (tpl->description == NULL)
		tpl->description = xstrdup("");
	for (size_t i = 0; i < tpl->nmetrics; i++) {
		if (tpl->metrics[i].unit == NULL)
			tpl->metrics[i].unit = xstrdup("");
	}
}

static enum err_code check_key_matches(const struct reader *rd, const struct ynode *root,
				       const struct template *tpl, const char *expected)
{
	if (expected == NULL || strcmp(tpl->key, expected) == 0)
		return ERR_OK;
	struct where here = {NULL, "template", 0};
	return fail(rd, ynode_get(root, "template"), &here,
		    "\"%s\" does not match the file name \"%s.yaml\"", tpl->key, expected);
}

/* Checks the tree that was read (rc ERR_OK) into out, and frees the tree
 * either way; with expected_key, the file's "template:" must equal it. */
static enum err_code load_tree(const char *name, enum err_code rc, struct ynode *root,
			       const char *expected_key, struct template *out, struct error *err)
{
	if (rc != ERR_OK)
		return rc;
	struct reader rd = {name, err};
	set_defaults(out);
	rc = read_record(&rd, root, NULL, &template_record, out);
	if (rc == ERR_OK)
		rc = check_key_matches(&rd, root, out, expected_key);
	if (rc == ERR_OK)
		fill_empty_text(out);
	else
		template_free(out);
	ynode_free(root);
	return rc;
}

static enum err_code load(const char *path, const char *expected_key, struct template *out,
			  struct error *err)
{
	memset(out, 0, sizeof *out);
	struct ynode *root = NULL;
	enum err_code rc = yaml_read_file(path, &template_limits, &root, err);
	return load_tree(path, rc, root, expected_key, out, err);
}

enum err_code template_load_file(const char *path, struct template *out, struct error *err)
{
	return load(path, NULL, out, err);
}

enum err_code template_load_buffer(const char *name, const char *buf, size_t len,
				   struct template *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct ynode *root = NULL;
	enum err_code rc = yaml_read_buffer(name, buf ? buf : "", len, &template_limits, &root, err);
	return load_tree(name, rc, root, NULL, out, err);
}

/* ---- where templates live ---- */

enum err_code template_find(const char *key, struct template *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *path;
	enum err_code rc = paths_find_yaml("templates", "template", key, &path, err);
	if (rc == ERR_OK)
		rc = load(path, key, out, err);
	free(path);
	return rc;
}

enum err_code template_list(char ***keys, size_t *nkeys, struct error *err)
{
	*keys = paths_list_yaml("templates", nkeys);
	error_clear(err);
	return ERR_OK;
}

void template_list_free(char **keys, size_t nkeys)
{
	paths_list_free(keys, nkeys);
}
