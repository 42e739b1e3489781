#include "themes/theme_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/field_reader.h"
#include "lib/yaml_reader.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NODES_MAX 4000
#define COLOR_UNSET (-2)              /* a role that leaves out fg or bg */

/* A theme is well under a kilobyte; these bounds leave room and stop abuse. */
static const struct ynode_limits theme_limits = {
	.max_bytes = 64 * 1024,
	.max_depth = 8,
	.max_scalar = 1024,
	.max_nodes = NODES_MAX,
};

/* ---- names ---- */

#define ROLE_NAME_ITEM(upper, lower) #lower,
static const char *const role_names[ROLE_COUNT] = { ROLE_LIST(ROLE_NAME_ITEM) };
#undef ROLE_NAME_ITEM

/* Indexed by colour + 1, so that "default" (-1) comes first. */
static const char *const color_names[] = {
	"default", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};
_Static_assert(COUNT(color_names) == THEME_WHITE + 2, "one name for each colour");

/* Indexed by bit: attr_names[i] is the attribute 1u << i. */
static const char *const attr_names[] = {
	"bold", "underline", "reverse", "dim", "standout",
};
_Static_assert(1u << COUNT(attr_names) == (unsigned)THEME_STANDOUT << 1,
	       "one name for each attribute");

const char *role_name(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? role_names[role] : "?";
}

/* ---- the built-in themes ---- */

static const struct theme_style default_roles[ROLE_COUNT] = {
	[ROLE_TITLE] = {THEME_BLUE, THEME_WHITE, THEME_UNDERLINE},
	[ROLE_TEXT] = {THEME_BLACK, THEME_WHITE, 0},
	[ROLE_MUTED] = {THEME_BLUE, THEME_WHITE, 0},
	[ROLE_ACCENT] = {THEME_BLACK, THEME_CYAN, 0},
	[ROLE_SELECTION] = {THEME_WHITE, THEME_BLUE, THEME_BOLD},
	[ROLE_GOOD] = {THEME_BLACK, THEME_GREEN, 0},
	[ROLE_WARN] = {THEME_BLACK, THEME_YELLOW, 0},
	[ROLE_BAD] = {THEME_WHITE, THEME_RED, THEME_BOLD},
	[ROLE_BAR] = {THEME_BLUE, THEME_WHITE, 0},
	[ROLE_TIMER] = {THEME_BLUE, THEME_WHITE, 0},
	[ROLE_TIMER_DONE] = {THEME_WHITE, THEME_RED, THEME_BOLD},
	[ROLE_HEADER] = {THEME_WHITE, THEME_BLACK, THEME_BOLD},
	[ROLE_HINT] = {THEME_BLUE, THEME_WHITE, 0},
	[ROLE_BORDER] = {THEME_BLUE, THEME_WHITE, 0},
};

#define ATTRS_ONLY(a) {THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, a}
static const struct theme_style monochrome_roles[ROLE_COUNT] = {
	[ROLE_TITLE] = ATTRS_ONLY(THEME_BOLD),
	[ROLE_TEXT] = ATTRS_ONLY(0),
	[ROLE_MUTED] = ATTRS_ONLY(THEME_DIM),
	[ROLE_ACCENT] = ATTRS_ONLY(THEME_BOLD),
	[ROLE_SELECTION] = ATTRS_ONLY(THEME_REVERSE | THEME_BOLD),
	[ROLE_GOOD] = ATTRS_ONLY(THEME_BOLD),
	[ROLE_WARN] = ATTRS_ONLY(THEME_BOLD | THEME_UNDERLINE),
	[ROLE_BAD] = ATTRS_ONLY(THEME_REVERSE | THEME_BOLD),
	[ROLE_BAR] = ATTRS_ONLY(THEME_REVERSE),
	[ROLE_TIMER] = ATTRS_ONLY(THEME_BOLD),
	[ROLE_TIMER_DONE] = ATTRS_ONLY(THEME_REVERSE | THEME_BOLD),
	[ROLE_HEADER] = ATTRS_ONLY(THEME_REVERSE),
	[ROLE_HINT] = ATTRS_ONLY(THEME_DIM),
	[ROLE_BORDER] = ATTRS_ONLY(0),
};

static bool uses_no_colour(const struct theme *t)
{
	for (size_t r = 0; r < ROLE_COUNT; r++) {
		if (t->roles[r].fg != THEME_COLOR_DEFAULT || t->roles[r].bg != THEME_COLOR_DEFAULT)
			return false;
	}
	return true;
}

static void builtin(struct theme *t, const char *key, const char *name,
		    const struct theme_style roles[ROLE_COUNT])
{
	memset(t, 0, sizeof *t);
	snprintf(t->key, sizeof t->key, "%s", key);
	snprintf(t->name, sizeof t->name, "%s", name);
	memcpy(t->roles, roles, sizeof t->roles);
	t->monochrome = uses_no_colour(t);
}

void theme_default(struct theme *t)
{
	builtin(t, "default", "Built in: projector, light", default_roles);
}

void theme_monochrome(struct theme *t)
{
	builtin(t, "monochrome", "Built in: monochrome", monochrome_roles);
}

/* ---- reading ---- */

/* A role as written: what it leaves out is filled in from text later. */
struct role_spec {
	bool given;
	int fg, bg;                   /* a colour, or COLOR_UNSET */
	unsigned attrs;
};

/* What the tables read a file into. */
struct theme_file {
	char key[THEME_KEY_MAX + 1];
	char name[THEME_NAME_MAX + 1];
	struct role_spec roles[ROLE_COUNT];
};

static const char *color_name_at(int i)
{
	return color_names[i];
}

static const char *attr_name_at(int i)
{
	return attr_names[i];
}

static const struct field_names color_set = {"a colour", COUNT(color_names), color_name_at, -1};
static const struct field_names attr_set = {"an attribute", COUNT(attr_names), attr_name_at, 0};

static const struct field attr_field = {
	.kind = FIELD_ENUM, .size = sizeof(int), .names = &attr_set,
};

static enum err_code add_attr(struct field_reader *rd, const struct ynode *item,
			      const struct field_at *at, size_t i, void *target)
{
	(void)i;
	int a = 0;
	enum err_code rc = field_read_value(rd, item, at, &attr_field, &a);
	if (rc == ERR_OK)
		*(unsigned *)target |= 1u << a;
	return rc;
}

static const struct field style_fields[] = {
	{ .name = "fg", .kind = FIELD_ENUM, FIELD_MEMBER(struct role_spec, fg), .names = &color_set },
	{ .name = "bg", .kind = FIELD_ENUM, FIELD_MEMBER(struct role_spec, bg), .names = &color_set },
	{ .name = "attrs", .kind = FIELD_LIST, FIELD_MEMBER(struct role_spec, attrs),
	  .max = NODES_MAX, .each = add_attr, .what = "a list of attributes such as [bold, underline]" },
};
static const struct field_table style_table = FIELD_TABLE(style_fields);

static enum err_code mark_given(struct field_reader *rd, const struct ynode *node,
				const struct field_at *at, const struct field *f, void *base)
{
	(void)rd, (void)node, (void)at;
	struct role_spec *spec = field_member(base, f);
	spec->given = true;
	return ERR_OK;
}

#define ROLE_FIELD(upper, lower) \
	{ .name = #lower, .kind = FIELD_MAP, FIELD_MEMBER(struct theme_file, roles[ROLE_##upper]), \
	  .table = &style_table, .check = mark_given, \
	  .what = "a style such as {fg: white, bg: blue, attrs: [bold]}" },
static const struct field role_fields[] = { ROLE_LIST(ROLE_FIELD) };
#undef ROLE_FIELD
static const struct field_table role_table = FIELD_TABLE(role_fields);

static const struct field top_fields[] = {
	{ .name = "theme", .kind = FIELD_TEXT, FIELD_MEMBER(struct theme_file, key),
	  .required = true, .keep = FIELD_INTO, .min = 1, .max = THEME_KEY_MAX,
	  .check = field_check_key },
	{ .name = "name", .kind = FIELD_TEXT, FIELD_MEMBER(struct theme_file, name),
	  .keep = FIELD_INTO, .min = 1, .max = THEME_NAME_MAX },
	{ .name = "roles", .kind = FIELD_MAP, .offset = 0, .table = &role_table,
	  .what = "a mapping of roles to styles" },
};
static const struct field_table top_table = FIELD_TABLE(top_fields);

static const struct field document = {
	.kind = FIELD_MAP, .table = &top_table, .what = "a mapping of theme, name and roles",
};

/* A given role takes text's colours where it leaves them out; a role left
 * out is text as it is. */
static struct theme_style resolved(const struct role_spec *spec, struct theme_style text)
{
	if (!spec->given)
		return text;
	struct theme_style style = text;
	if (spec->fg != COLOR_UNSET)
		style.fg = (enum theme_color)spec->fg;
	if (spec->bg != COLOR_UNSET)
		style.bg = (enum theme_color)spec->bg;
	style.attrs = spec->attrs;
	return style;
}

static void resolve_roles(struct theme *t, const struct role_spec specs[ROLE_COUNT])
{
	static const struct theme_style terminal = {THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0};
	t->roles[ROLE_TEXT] = resolved(&specs[ROLE_TEXT], terminal);
	for (size_t r = 0; r < ROLE_COUNT; r++) {
		if (r != ROLE_TEXT)
			t->roles[r] = resolved(&specs[r], t->roles[ROLE_TEXT]);
	}
	t->monochrome = uses_no_colour(t);
}

/* With expected, the file's "theme:" must be that key. */
static enum err_code check_key(struct field_reader *rd, const struct ynode *root,
			       const struct theme_file *file, const char *expected)
{
	if (expected == NULL || strcmp(file->key, expected) == 0)
		return ERR_OK;
	return field_fail(rd, ynode_get(root, "theme"), FIELD_KEY(NULL, "theme"),
			  "\"%s\" does not match the file name \"%s.yaml\"", file->key, expected);
}

static enum err_code read_theme(struct field_reader *rd, const struct ynode *root,
				const char *expected, struct theme *out)
{
	struct theme_file file = {.key = ""};
	for (size_t r = 0; r < ROLE_COUNT; r++)
		file.roles[r] = (struct role_spec){false, COLOR_UNSET, COLOR_UNSET, 0};
	enum err_code rc = field_read_value(rd, root, NULL, &document, &file);
	if (rc == ERR_OK)
		rc = check_key(rd, root, &file, expected);
	if (rc != ERR_OK)
		return rc;
	memcpy(out->key, file.key, sizeof out->key);
	snprintf(out->name, sizeof out->name, "%s", file.name[0] != '\0' ? file.name : file.key);
	resolve_roles(out, file.roles);
	return ERR_OK;
}

/* Checks the tree that was read (rc ERR_OK) into out, and frees the tree
 * either way; with expected, the file's "theme:" must equal it. */
static enum err_code load_tree(const char *name, enum err_code rc, struct ynode *root,
			       const char *expected, struct theme *out, struct error *err)
{
	struct error ignored;
	struct field_reader rd = {.name = name, .err = err ? err : &ignored};
	memset(out, 0, sizeof *out);
	if (rc == ERR_OK)
		rc = read_theme(&rd, root, expected, out);
	ynode_free(root);
	if (rc != ERR_OK)
		theme_default(out);
	return rc;
}

static enum err_code load(const char *path, const char *expected, struct theme *out,
			  struct error *err)
{
	struct ynode *root = NULL;
	enum err_code rc = yaml_read_file(path, &theme_limits, &root, err);
	return load_tree(path, rc, root, expected, out, err);
}

enum err_code theme_load_file(const char *path, struct theme *out, struct error *err)
{
	return load(path, NULL, out, err);
}

enum err_code theme_load_buffer(const char *name, const char *buf, size_t len,
				struct theme *out, struct error *err)
{
	struct ynode *root = NULL;
	enum err_code rc = yaml_read_buffer(name, buf ? buf : "", len, &theme_limits, &root, err);
	return load_tree(name, rc, root, NULL, out, err);
}

/* ---- where themes live ---- */

enum err_code theme_find(const char *key, struct theme *out, struct error *err)
{
	char *path;
	enum err_code rc = paths_find_yaml("themes", "theme", key, &path, err);
	if (rc == ERR_OK)
		rc = load(path, key, out, err);
	else
		theme_default(out);
	free(path);
	return rc;
}

enum err_code theme_list(char ***keys, size_t *n, struct error *err)
{
	*keys = paths_list_yaml("themes", n);
	error_clear(err);
	return ERR_OK;
}

void theme_list_free(char **keys, size_t n)
{
	paths_list_free(keys, n);
}
