#include "templates/template_load.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/paths.h"
#include "lib/field_reader.h"
#include "lib/yaml_reader.h"

/* Lengths in bytes: generous for any script, short enough for a screen. */
#define NAME_MAX_BYTES 120
#define DESCRIPTION_MAX_BYTES 800
#define PROMPT_MAX_BYTES 400          /* question, low, high */
#define LABEL_MAX_BYTES 40
#define SUGGESTION_MAX_BYTES 200
#define UNIT_MAX_BYTES 24
#define SUGGESTIONS_MAX 50
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

bool template_key_valid(const char *key)
{
	return paths_key_valid(key);
}

/* ---- fields of their own ---- */

/* "auto" (stored as 0: the budget then follows the number of candidates)
 * or a number of dots. */
static enum err_code read_budget(struct field_reader *rd, const struct ynode *node,
				 const struct field_at *at, const struct field *f, void *base)
{
	int *target = field_member(base, f);
	if (field_plain_text(node) && strcmp(node->text, "auto") == 0) {
		*target = 0;
		return ERR_OK;
	}
	const struct field dots = {
		.kind = FIELD_INTEGER, .size = sizeof(int), .min = f->min, .max = f->max,
		.what = "\"auto\" or a whole number",
	};
	return field_read_value(rd, node, at, &dots, target);
}

static const char *method_name_at(int i)
{
	return ballot_method_name((enum ballot_method)i);
}

static const char *direction_name_at(int i)
{
	return direction_name((enum direction)i);
}

static const struct field_names method_names = {
	"a voting method", BALLOT_METHOD_COUNT, method_name_at, 0,
};
static const struct field_names direction_names = {
	"a direction", DIRECTION_COUNT, direction_name_at, 0,
};

/* ---- checks across fields ---- */

static enum err_code check_scale(struct field_reader *rd, const struct ynode *node,
				 const struct field_at *at, const struct field *f, void *base)
{
	const struct scale *scale = field_member(base, f);
	if (scale->min >= scale->max)
		return field_fail(rd, ynode_get(node, "max"), FIELD_KEY(at, "max"),
				  "greater than min (%d), not %d", scale->min, scale->max);
	size_t points = (size_t)(scale->max - scale->min + 1);
	if (scale->nlabels != 0 && scale->nlabels != points)
		return field_fail(rd, ynode_get(node, "labels"), FIELD_KEY(at, "labels"),
				  "%zu labels; a scale from %d to %d needs %zu, one for each point",
				  scale->nlabels, scale->min, scale->max, points);
	return ERR_OK;
}

static enum err_code check_unique_keys(struct field_reader *rd, const struct ynode *node,
				       const struct field_at *at, const struct field *f, void *base)
{
	(void)f;
	const struct template *tpl = base;
	for (size_t i = 1; i < tpl->ndims; i++) {
		for (size_t j = 0; j < i; j++) {
			if (strcmp(tpl->dims[i].key, tpl->dims[j].key) != 0)
				continue;
			return field_fail(rd, ynode_get(node->items[i], "key"),
					  FIELD_KEY(FIELD_ITEM(at, i), "key"),
					  "\"%s\" is already the key of dimensions[%zu]",
					  tpl->dims[i].key, j + 1);
		}
	}
	return ERR_OK;
}

/* ---- a template, field by field ---- */

#define TEXT(key, type, m, req, lo, hi) \
	{ .name = key, .kind = FIELD_TEXT, FIELD_MEMBER(type, m), .keep = FIELD_COPY, \
	  .required = req, .min = lo, .max = hi }
#define KEY(key, type, m) \
	{ .name = key, .kind = FIELD_TEXT, FIELD_MEMBER(type, m), .keep = FIELD_COPY, \
	  .required = true, .min = 1, .max = TEMPLATE_KEY_MAX, .check = field_check_key }
#define INT(key, type, m, req, lo, hi) \
	{ .name = key, .kind = FIELD_INTEGER, FIELD_MEMBER(type, m), .required = req, \
	  .min = lo, .max = hi }
#define TIMEBOX(key, stage) \
	INT(key, struct template, timebox_minutes[stage], false, 0, TEMPLATE_TIMEBOX_MAX)
#define LIST(key, type, m, n, req, lo, hi, of) \
	{ .name = key, .kind = FIELD_LIST, .offset = offsetof(type, m), .required = req, \
	  .min = lo, .max = hi, .item = &of, .count_offset = offsetof(type, n) }
#define ITEM_TEXT(hi) \
	{ .kind = FIELD_TEXT, .keep = FIELD_COPY, .size = sizeof(char *), .min = 1, .max = hi }
#define ITEM_MAP(type, fields) \
	{ .kind = FIELD_MAP, .size = sizeof(type), .table = &fields }

static const struct field label_item = ITEM_TEXT(LABEL_MAX_BYTES);

static const struct field scale_fields[] = {
	INT("min", struct scale, min, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	INT("max", struct scale, max, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	LIST("labels", struct scale, labels, nlabels, false, 0, SCALE_MAX_HIGHEST + 1, label_item),
};
static const struct field_table scale_table = FIELD_TABLE(scale_fields);

/* Setup has no timebox: it happens before the room is watching. */
static const struct field timebox_fields[] = {
	TIMEBOX("current_state", STAGE_CURRENT_STATE),
	TIMEBOX("goals_values", STAGE_GOALS_VALUES),
	TIMEBOX("metrics", STAGE_METRICS),
	TIMEBOX("steps", STAGE_STEPS),
	TIMEBOX("review", STAGE_REVIEW),
};
static const struct field_table timebox_table = FIELD_TABLE(timebox_fields);

static const struct field voting_fields[] = {
	{ .name = "method", .kind = FIELD_ENUM, FIELD_MEMBER(struct template, vote_method),
	  .names = &method_names },
	{ .name = "budget", .kind = FIELD_CUSTOM, .read = read_budget,
	  FIELD_MEMBER(struct template, vote_budget), .what = "\"auto\" or a whole number",
	  .min = TEMPLATE_BUDGET_MIN, .max = TEMPLATE_BUDGET_MAX },
	INT("cap", struct template, vote_cap, false, 1, TEMPLATE_CAP_MAX),
};
static const struct field_table voting_table = FIELD_TABLE(voting_fields);

static const struct field dimension_fields[] = {
	KEY("key", struct template_dimension, key),
	TEXT("name", struct template_dimension, name, true, 1, NAME_MAX_BYTES),
	TEXT("question", struct template_dimension, question, true, 1, PROMPT_MAX_BYTES),
	TEXT("low", struct template_dimension, low, true, 1, PROMPT_MAX_BYTES),
	TEXT("high", struct template_dimension, high, true, 1, PROMPT_MAX_BYTES),
};
static const struct field_table dimension_table = FIELD_TABLE(dimension_fields);
static const struct field dimension_item = ITEM_MAP(struct template_dimension, dimension_table);

static const struct field metric_fields[] = {
	TEXT("name", struct suggested_metric, name, true, 1, NAME_MAX_BYTES),
	TEXT("unit", struct suggested_metric, unit, false, 0, UNIT_MAX_BYTES),
	{ .name = "direction", .kind = FIELD_ENUM, .required = true,
	  FIELD_MEMBER(struct suggested_metric, direction), .names = &direction_names },
};
static const struct field_table metric_table = FIELD_TABLE(metric_fields);
static const struct field metric_item = ITEM_MAP(struct suggested_metric, metric_table);

static const struct field suggestion_item = ITEM_TEXT(SUGGESTION_MAX_BYTES);

/* The suggestions live in the template itself, so their offsets are
 * relative to it and the "suggest" mapping sits at offset 0. */
static const struct field suggest_fields[] = {
	LIST("values", struct template, values, nvalues, false, 0, SUGGESTIONS_MAX, suggestion_item),
	LIST("goals", struct template, goals, ngoals, false, 0, SUGGESTIONS_MAX, suggestion_item),
	LIST("metrics", struct template, metrics, nmetrics, false, 0, SUGGESTIONS_MAX, metric_item),
};
static const struct field_table suggest_table = FIELD_TABLE(suggest_fields);

static const struct field template_fields[] = {
	KEY("template", struct template, key),
	TEXT("name", struct template, name, true, 1, NAME_MAX_BYTES),
	TEXT("description", struct template, description, false, 0, DESCRIPTION_MAX_BYTES),
	INT("version", struct template, version, false, 1, VERSION_MAX),
	{ .name = "scale", .kind = FIELD_MAP, .offset = offsetof(struct template, scale),
	  .required = true, .table = &scale_table, .check = check_scale },
	{ .name = "timeboxes", .kind = FIELD_MAP, .table = &timebox_table },
	{ .name = "voting", .kind = FIELD_MAP, .table = &voting_table },
	{ .name = "dimensions", .kind = FIELD_LIST, .offset = offsetof(struct template, dims),
	  .count_offset = offsetof(struct template, ndims), .required = true,
	  .min = 1, .max = TEMPLATE_DIMS_MAX, .item = &dimension_item, .check = check_unique_keys },
	{ .name = "suggest", .kind = FIELD_MAP, .table = &suggest_table },
};
static const struct field_table template_table = FIELD_TABLE(template_fields);

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

static enum err_code check_key_matches(struct field_reader *rd, const struct ynode *root,
				       const struct template *tpl, const char *expected)
{
	if (expected == NULL || strcmp(tpl->key, expected) == 0)
		return ERR_OK;
	return field_fail(rd, ynode_get(root, "template"), FIELD_KEY(NULL, "template"),
			  "\"%s\" does not match the file name \"%s.yaml\"", tpl->key, expected);
}

/* Checks the tree that was read (rc ERR_OK) into out, and frees the tree
 * either way; with expected_key, the file's "template:" must equal it. */
static enum err_code load_tree(const char *name, enum err_code rc, struct ynode *root,
			       const char *expected_key, struct template *out, struct error *err)
{
	if (rc != ERR_OK)
		return rc;
	struct error ignored;
	struct field_reader rd = {.name = name, .err = err ? err : &ignored};
	set_defaults(out);
	rc = field_read_map(&rd, root, NULL, &template_table, out);
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
