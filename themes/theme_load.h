/* theme_load: reads a colour theme from YAML into plain data, and finds
 * themes by key in the "themes" folders of lib/paths.h ($XDG_CONFIG_HOME/
 * improv/themes, themes/ next to the executable, <executable's folder>/../
 * share/improv/themes, IMPROV_DATADIR/themes; first match wins).
 *
 * A theme maps semantic roles to colours and attributes, never screens to
 * colours:
 *
 *   theme: projector-light
 *   name: Projector, light
 *   roles:
 *     text:      {fg: black, bg: white}
 *     selection: {fg: white, bg: blue, attrs: [bold]}
 *
 * A role left out is the same as text. A role that is given takes fg and bg
 * from text when it leaves them out, and has only the attrs it lists. When
 * text itself is left out it is the terminal's own colours, no attributes.
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white.
 * Attributes: bold, underline, reverse, dim, standout.
 *
 * Errors in a file read "path:line:col: where: what" (lib/field_reader.h:
 * where is the path of keys, such as "roles.title.fg") and come with
 * ERR_DATA; a YAML syntax error reads "path:line:col: what".
 * Plain C: the TUI turns a struct theme into curses colour pairs. */
#ifndef IMPROV_THEMES_THEME_LOAD_H
#define IMPROV_THEMES_THEME_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/paths.h"

#define THEME_KEY_MAX PATHS_KEY_MAX   /* bytes in a theme key */
#define THEME_NAME_MAX 80             /* bytes in a theme's name */

/* The semantic roles, once: X(ENUM_SUFFIX, name_in_yaml). */
#define ROLE_LIST(X) \
	X(TITLE, title) \
	X(TEXT, text) \
	X(MUTED, muted) \
	X(ACCENT, accent) \
	X(SELECTION, selection) \
	X(GOOD, good) \
	X(WARN, warn) \
	X(BAD, bad) \
	X(BAR, bar) \
	X(TIMER, timer) \
	X(TIMER_DONE, timer_done) \
	X(HEADER, header) \
	X(HINT, hint) \
	X(BORDER, border)

#define ROLE_ENUM_ITEM(upper, lower) ROLE_##upper,
enum role { ROLE_LIST(ROLE_ENUM_ITEM) ROLE_COUNT };
#undef ROLE_ENUM_ITEM

/* The role's name as written in a theme file; "?" when out of range. */
const char *role_name(enum role role) __attribute__((returns_nonnull));

/* The values of the curses COLOR_* constants, so that the TUI can pass
 * them straight through; THEME_COLOR_DEFAULT is the terminal's own (-1
 * for use_default_colors). */
enum theme_color {
	THEME_COLOR_DEFAULT = -1,
	THEME_BLACK,
	THEME_RED,
	THEME_GREEN,
	THEME_YELLOW,
	THEME_BLUE,
	THEME_MAGENTA,
	THEME_CYAN,
	THEME_WHITE,
};

/* Attributes, combined with |. */
enum theme_attr {
	THEME_BOLD = 1u << 0,
	THEME_UNDERLINE = 1u << 1,
	THEME_REVERSE = 1u << 2,
	THEME_DIM = 1u << 3,
	THEME_STANDOUT = 1u << 4,
};

struct theme_style {
	enum theme_color fg, bg;
	unsigned attrs;               /* enum theme_attr bits */
};

struct theme {
	char key[THEME_KEY_MAX + 1];
	char name[THEME_NAME_MAX + 1];
	struct theme_style roles[ROLE_COUNT];
	bool monochrome;              /* no role uses a colour */
};

/* The built-in theme, dark text on white like projector-light: what the
 * program uses when a theme file is missing or broken. */
void theme_default(struct theme *t) __attribute__((nonnull));

/* The built-in theme without colours, attributes only: for NO_COLOR,
 * --no-color and terminals without colours. */
void theme_monochrome(struct theme *t) __attribute__((nonnull));

/* Reads and checks the theme at path. On failure *out holds
 * theme_default, so a caller can report the error and go on.
 * Returns ERR_OK, ERR_NOINPUT (no such file), ERR_IO or ERR_DATA. */
enum err_code theme_load_file(const char *path, struct theme *out, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

/* The same from memory (buf may be NULL when len is 0); name stands for
 * the file in messages. */
enum err_code theme_load_buffer(const char *name, const char *buf, size_t len,
				struct theme *out, struct error *err)
	__attribute__((nonnull(1, 4), warn_unused_result));

/* Loads "<key>.yaml" from the first themes folder that has it; its
 * "theme:" must equal key. ERR_USAGE when key is not [a-z0-9_-]+ (so
 * "../x" never reaches the file system), ERR_NOINPUT when no folder has
 * it, else as theme_load_file. A broken file is reported, not skipped. */
enum err_code theme_find(const char *key, struct theme *out, struct error *err)
	__attribute__((nonnull(2), warn_unused_result));

/* The keys of all themes in the themes folders, sorted and without
 * duplicates; the files are not read. *keys is an array of *n strings;
 * free it with theme_list_free. */
enum err_code theme_list(char ***keys, size_t *n, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));

void theme_list_free(char **keys, size_t n);

#endif
