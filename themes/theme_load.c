#include "themes/theme_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/yaml_reader.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define WHERE_MAX 64                  /* "roles.timer_done.attrs #12" */
#define COLOR_UNSET (-2)              /* a role that leaves out fg or bg */

/* A theme is well under a kilobyte; these bounds leave room and stop abuse. */
static const struct ynode_limits theme_limits = {
	.max_bytes = 64 * 1024,
	.max_depth = 8,
	.max_scalar = 1024,
	.max_nodes = 4000,
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
	[ROLE_TITLE] = {THEME_BLUE, THEME_WHITE, THEME_BOLD},
	[ROLE_TEXT] = {THEME_BLACK, THEME_WHITE, 0},
	[ROLE_MUTED] = {THEME_BLUE, THEME_WHITE, 0},
	[ROLE_ACCENT] = {THEME_MAGENTA, THEME_WHITE, THEME_BOLD},
	[ROLE_SELECTION] = {THEME_WHITE, THEME_BLUE, THEME_BOLD},
	[ROLE_GOOD] = {THEME_BLACK, THEME_GREEN, 0},
	[ROLE_WARN] = {THEME_BLACK, THEME_YELLOW, 0},
	[ROLE_BAD] = {THEME_WHITE, THEME_RED, THEME_BOLD},
	[ROLE_BAR] = {THEME_BLUE, THEME_WHITE, THEME_BOLD},
	[ROLE_TIMER] = {THEME_BLUE, THEME_WHITE, THEME_BOLD},
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

struct reader {
	const char *path;             /* for messages */
	struct error *err;
	struct theme *theme;
	struct role_spec specs[ROLE_COUNT];
};

/* A table whose elements each begin with a `const char *` name. */
struct names {
	const void *table;
	size_t stride, count;
	const char *what;             /* one of them, in a message: "a colour" */
};

#define NAMES(t, what) { t, sizeof (t)[0], COUNT(t), what }

static const char *name_at(const struct names *set, size_t i)
{
	return *(const char *const *)((const char *)set->table + i * set->stride);
}

/* The index of node's text among the names, or -1. */
static long lookup(const struct names *set, const struct ynode *node)
{
	if (node->kind != YNODE_SCALAR || node->len != strlen(node->text))
		return -1;
	for (size_t i = 0; i < set->count; i++) {
		if (strcmp(node->text, name_at(set, i)) == 0)
			return (long)i;
	}
	return -1;
}

static enum err_code fail(const struct reader *rd, const struct ynode *node, const char *where,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum err_code fail(const struct reader *rd, const struct ynode *node, const char *where,
			  const char *fmt, ...)
{
	char what[sizeof rd->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(rd->err, ERR_DATA, "%s:%d:%d: %s%s%s", rd->path, node->line, node->col,
			 where, where[0] != '\0' ? ": " : "", what);
}

static enum err_code not_in(const struct reader *rd, const struct ynode *node, const char *where,
			    const struct names *set)
{
	struct sbuf known = SBUF_INIT;
	for (size_t i = 0; i < set->count; i++)
		sbuf_addf(&known, "%s%s", i > 0 ? ", " : "", name_at(set, i));
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = fail(rd, node, where, "\"%s\" is not %s (use one of: %s)",
				ynode_echo(node, echo), set->what, sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

static enum err_code expect_kind(const struct reader *rd, const struct ynode *node,
				 const char *where, enum ynode_kind kind, const char *what)
{
	static const char *const kind_names[] = {
		[YNODE_SCALAR] = "text", [YNODE_SEQUENCE] = "a list", [YNODE_MAPPING] = "a mapping",
	};
	if (node->kind == kind)
		return ERR_OK;
	return fail(rd, node, where, "expected %s, not %s", what, kind_names[node->kind]);
}

/* Called for each pair of a mapping whose key is the index-th name. */
typedef enum err_code (*pair_fn)(struct reader *rd, size_t index, const struct ynode *value,
				 const char *where, void *target);

/* Reads a mapping whose keys come from `keys`, in file order, so that the
 * first mistake in the file is the one reported. A null value is a pair
 * left out. */
static enum err_code read_mapping(struct reader *rd, const struct ynode *node, const char *where,
				  const struct names *keys, pair_fn each, void *target)
{
	for (size_t i = 0; i < node->npairs; i++) {
		const struct ypair *pair = &node->pairs[i];
		long k = lookup(keys, pair->key);
		if (k < 0)
			return not_in(rd, pair->key, where, keys);
		if (ynode_is_null(pair->value))
			continue;
		char here[WHERE_MAX];
		snprintf(here, sizeof here, "%s%s%s", where, where[0] != '\0' ? "." : "",
			 name_at(keys, (size_t)k));
		enum err_code rc = each(rd, (size_t)k, pair->value, here, target);
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

/* ---- a role's style: fg, bg, attrs ---- */

typedef enum err_code (*value_fn)(const struct reader *rd, const struct ynode *node,
				  const char *where, void *target);

static const struct names color_set = NAMES(color_names, "a colour");
static const struct names attr_set = NAMES(attr_names, "an attribute");

/* A scalar that must be one of the names in set; *index is which. */
static enum err_code read_name(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct names *set, long *index)
{
	enum err_code rc = expect_kind(rd, node, where, YNODE_SCALAR, set->what);
	if (rc == ERR_OK && (*index = lookup(set, node)) < 0)
		rc = not_in(rd, node, where, set);
	return rc;
}

static enum err_code parse_color(const struct reader *rd, const struct ynode *node,
				 const char *where, void *target)
{
	long c;
	enum err_code rc = read_name(rd, node, where, &color_set, &c);
	if (rc == ERR_OK)
		*(int *)target = (int)c - 1;
	return rc;
}

static enum err_code parse_attrs(const struct reader *rd, const struct ynode *node,
				 const char *where, void *target)
{
	enum err_code rc = expect_kind(rd, node, where, YNODE_SEQUENCE,
				       "a list of attributes such as [bold, underline]");
	unsigned attrs = 0;
	for (size_t i = 0; rc == ERR_OK && i < node->nitems; i++) {
		char here[WHERE_MAX];
		long a;
		snprintf(here, sizeof here, "%s #%zu", where, i + 1);
		rc = read_name(rd, node->items[i], here, &attr_set, &a);
		if (rc == ERR_OK)
			attrs |= 1u << a;
	}
	*(unsigned *)target = attrs;
	return rc;
}

static const struct style_field {
	const char *name;
	value_fn parse;
	size_t offset;                /* in struct role_spec */
} style_fields[] = {
	{"fg", parse_color, offsetof(struct role_spec, fg)},
	{"bg", parse_color, offsetof(struct role_spec, bg)},
	{"attrs", parse_attrs, offsetof(struct role_spec, attrs)},
};
static const struct names style_key_set = NAMES(style_fields, "a key of a style");

static enum err_code style_pair(struct reader *rd, size_t index, const struct ynode *value,
				const char *where, void *target)
{
	const struct style_field *f = &style_fields[index];
	return f->parse(rd, value, where, (char *)target + f->offset);
}

/* ---- roles ---- */

static const struct names role_set = NAMES(role_names, "a role");

static enum err_code role_pair(struct reader *rd, size_t index, const struct ynode *value,
			       const char *where, void *target)
{
	(void)target;
	struct role_spec *spec = &rd->specs[index];
	enum err_code rc = expect_kind(rd, value, where, YNODE_MAPPING,
				       "a style such as {fg: white, bg: blue, attrs: [bold]}");
	if (rc != ERR_OK)
		return rc;
	spec->given = true;
	return read_mapping(rd, value, where, &style_key_set, style_pair, spec);
}

static enum err_code parse_roles(struct reader *rd, const struct ynode *node, const char *where)
{
	enum err_code rc = expect_kind(rd, node, where, YNODE_MAPPING,
				       "a mapping of roles to styles");
	if (rc != ERR_OK)
		return rc;
	return read_mapping(rd, node, where, &role_set, role_pair, NULL);
}

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

/* ---- the top level: theme, name, roles ---- */

/* Copies text of 1 to max bytes, without NUL bytes, into out[max + 1]. */
static enum err_code copy_text(const struct reader *rd, const struct ynode *node,
			       const char *where, char *out, size_t max)
{
	enum err_code rc = expect_kind(rd, node, where, YNODE_SCALAR, "text");
	if (rc == ERR_OK && (node->len == 0 || node->len > max || node->len != strlen(node->text)))
		rc = fail(rd, node, where, "must be text of 1 to %zu bytes", max);
	if (rc == ERR_OK)
		memcpy(out, node->text, node->len + 1);
	return rc;
}

static enum err_code parse_key(struct reader *rd, const struct ynode *node, const char *where)
{
	enum err_code rc = copy_text(rd, node, where, rd->theme->key, THEME_KEY_MAX);
	if (rc == ERR_OK && !paths_key_valid(rd->theme->key)) {
		char echo[YNODE_ECHO_MAX + 1];
		rc = fail(rd, node, where, "\"%s\" is not a valid key (use a-z, 0-9, _ and -)",
			  ynode_echo(node, echo));
	}
	return rc;
}

static enum err_code parse_name(struct reader *rd, const struct ynode *node, const char *where)
{
	return copy_text(rd, node, where, rd->theme->name, THEME_NAME_MAX);
}

static const struct top_field {
	const char *name;
	enum err_code (*parse)(struct reader *rd, const struct ynode *node, const char *where);
} top_fields[] = {
	{"theme", parse_key},
	{"name", parse_name},
	{"roles", parse_roles},
};
static const struct names top_key_set = NAMES(top_fields, "a key of a theme");

static enum err_code top_pair(struct reader *rd, size_t index, const struct ynode *value,
			      const char *where, void *target)
{
	(void)target;
	return top_fields[index].parse(rd, value, where);
}

/* "theme:" is required, and with expected it must be that key. */
static enum err_code check_key(const struct reader *rd, const struct ynode *root,
			       const char *expected)
{
	const struct ynode *node = ynode_get(root, "theme");
	if (node == NULL)
		return fail(rd, root, "", "missing \"theme\"");
	if (ynode_is_null(node))
		return fail(rd, node, "theme", "has no value");
	if (expected != NULL && strcmp(rd->theme->key, expected) != 0)
		return fail(rd, node, "theme", "\"%s\" does not match the file name \"%s.yaml\"",
			    rd->theme->key, expected);
	return ERR_OK;
}

static enum err_code read_theme(struct reader *rd, const struct ynode *root, const char *expected)
{
	enum err_code rc = expect_kind(rd, root, "", YNODE_MAPPING,
				       "a mapping of theme, name and roles");
	if (rc == ERR_OK)
		rc = read_mapping(rd, root, "", &top_key_set, top_pair, NULL);
	if (rc == ERR_OK)
		rc = check_key(rd, root, expected);
	if (rc != ERR_OK)
		return rc;
	if (rd->theme->name[0] == '\0')
		memcpy(rd->theme->name, rd->theme->key, sizeof rd->theme->key);
	resolve_roles(rd->theme, rd->specs);
	return ERR_OK;
}

/* Checks the tree that was read (rc ERR_OK) into out, and frees the tree
 * either way; with expected, the file's "theme:" must equal it. */
static enum err_code load_tree(const char *name, enum err_code rc, struct ynode *root,
			       const char *expected, struct theme *out, struct error *err)
{
	struct reader rd = {.path = name, .err = err, .theme = out};
	for (size_t r = 0; r < ROLE_COUNT; r++)
		rd.specs[r] = (struct role_spec){false, COLOR_UNSET, COLOR_UNSET, 0};
	memset(out, 0, sizeof *out);
	if (rc == ERR_OK)
		rc = read_theme(&rd, root, expected);
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
