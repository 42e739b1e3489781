/* Tests for themes/theme_load: the shipped themes load, every mistake in a
 * theme is reported at its line and column, roles left out look like text,
 * and themes are found in the right folders. Run from the repository root. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700             /* nftw */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/error.h"
#include "lib/paths.h"
#include "tests/support.h"
#include "themes/theme_load.h"

static char tmpdir[] = "/tmp/improv-test-theme-XXXXXX";
static char config_home[sizeof tmpdir + 16];
static char themes_dir[sizeof config_home + 16];
static char beside_program[4096];     /* themes/ next to this test program */

/* ---- helpers ---- */

/* Writes text to <dir>/<name> and returns the path in path[size]. */
static const char *put_file(const char *dir, const char *name, const char *text,
			    char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* $XDG_CONFIG_HOME is a scratch folder holding improv/themes/. */
static int make_config_home(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(config_home, sizeof config_home, "%s/config", tmpdir);
	snprintf(themes_dir, sizeof themes_dir, "%s/improv/themes", config_home);
	char improv[sizeof themes_dir];
	snprintf(improv, sizeof improv, "%s/improv", config_home);
	if (mkdir(config_home, 0700) != 0 || mkdir(improv, 0700) != 0 ||
	    mkdir(themes_dir, 0700) != 0)
		return -1;
	return setenv("XDG_CONFIG_HOME", config_home, 1);
}

static int remove_config_home(void **state)
{
	(void)state;
	if (beside_program[0] != '\0')
		nftw(beside_program, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void load_path(const char *path, struct theme *t)
{
	struct error err = {0};
	support_expect_ok(theme_load_file(path, t, &err), &err);
}

static void load_shipped(const char *key, struct theme *t)
{
	char path[128];
	snprintf(path, sizeof path, "themes/%s.yaml", key);
	load_path(path, t);
	assert_string_equal(t->key, key);
}

static void load_text(const char *text, struct theme *t)
{
	char path[256];
	load_path(put_file(tmpdir, "t.yaml", text, path, sizeof path), t);
}

static bool same_style(struct theme_style a, struct theme_style b)
{
	return a.fg == b.fg && a.bg == b.bg && a.attrs == b.attrs;
}

/* One role's colours, and with them its attributes. */
static void assert_colours(struct theme_style got, int fg, int bg)
{
	assert_int_equal(got.fg, fg);
	assert_int_equal(got.bg, bg);
}

static void assert_style(struct theme_style got, int fg, int bg, unsigned attrs)
{
	assert_colours(got, fg, bg);
	assert_int_equal(got.attrs, attrs);
}

static bool same_roles(const struct theme *a, const struct theme *b)
{
	for (size_t r = 0; r < ROLE_COUNT; r++) {
		if (!same_style(a->roles[r], b->roles[r]))
			return false;
	}
	return true;
}

/* Loads text and checks that it fails with exactly "<path>:<what>" and
 * leaves the built-in default theme in place. */
static void expect_error(const char *text, const char *what)
{
	struct error err = {0};
	char path[256];
	struct theme t, fallback;
	put_file(tmpdir, "t.yaml", text, path, sizeof path);
	enum err_code rc = theme_load_file(path, &t, &err);
	support_assert_message(err.msg, "%s:%s", path, what);
	assert_int_equal(rc, ERR_DATA);
	theme_default(&fallback);
	assert_string_equal(t.key, fallback.key);
	assert_true(same_roles(&t, &fallback));
}

static const struct theme_style terminal = {THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0};

/* ---- the shipped themes ---- */

static void theme_load__reads_the_four_shipped_themes_and_only_monochrome_has_no_colours(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		bool monochrome;
	} shipped[] = {
		{"projector-light", false},
		{"dark", false},
		{"high-contrast", false},
		{"monochrome", true},
	};
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		struct theme t;
		load_shipped(shipped[i].key, &t);
		assert_true(t.name[0] != '\0');
		assert_int_equal(t.monochrome, shipped[i].monochrome);
	}
}

static void theme_load__reads_projector_light_selection_as_bold_white_on_blue(void **state)
{
	(void)state;
	struct theme t;
	load_shipped("projector-light", &t);
	assert_string_equal(t.name, "Projector, light");
	assert_style(t.roles[ROLE_SELECTION], THEME_WHITE, THEME_BLUE, THEME_BOLD);
	assert_style(t.roles[ROLE_TEXT], THEME_BLACK, THEME_WHITE, 0);
}

static void theme_load__reads_monochrome_as_attributes_on_the_terminals_own_colours(void **state)
{
	(void)state;
	struct theme t;
	load_shipped("monochrome", &t);
	assert_true(same_style(t.roles[ROLE_TEXT], terminal));
	assert_int_equal(t.roles[ROLE_TITLE].attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(t.roles[ROLE_BAD].attrs, THEME_BOLD | THEME_REVERSE);
	assert_int_equal(t.roles[ROLE_MUTED].attrs, THEME_DIM);
}

static void theme_load__colour_values_are_the_curses_colour_numbers(void **state)
{
	(void)state;
	struct theme t;
	load_text("theme: t\nroles:\n"
		  "  title: {fg: black, bg: red}\n"
		  "  muted: {fg: green, bg: yellow}\n"
		  "  accent: {fg: blue, bg: magenta}\n"
		  "  good: {fg: cyan, bg: white}\n"
		  "  bad: {fg: default, bg: default, attrs: [bold, underline, reverse, dim, standout]}\n",
		  &t);
	assert_colours(t.roles[ROLE_TITLE], 0, 1);
	assert_colours(t.roles[ROLE_MUTED], 2, 3);
	assert_colours(t.roles[ROLE_ACCENT], 4, 5);
	assert_colours(t.roles[ROLE_GOOD], 6, 7);
	assert_style(t.roles[ROLE_BAD], -1, -1,
		     THEME_BOLD | THEME_UNDERLINE | THEME_REVERSE | THEME_DIM | THEME_STANDOUT);
	assert_false(t.monochrome);
}

/* ---- roles that are left out ---- */

static void theme_load__gives_roles_left_out_the_style_of_text(void **state)
{
	(void)state;
	struct theme t;
	load_text("theme: t\nroles:\n"
		  "  text: {fg: yellow, bg: blue, attrs: [bold]}\n"
		  "  bad: {fg: red}\n", &t);
	const struct theme_style text = {THEME_YELLOW, THEME_BLUE, THEME_BOLD};
	assert_true(same_style(t.roles[ROLE_TEXT], text));
	for (size_t r = 0; r < ROLE_COUNT; r++) {
		if (r != ROLE_BAD)
			assert_true(same_style(t.roles[r], text));
	}
	assert_style(t.roles[ROLE_BAD], THEME_RED, THEME_BLUE, 0);
	assert_string_equal(t.name, "t");
}

static void theme_load__reads_a_role_written_before_text_against_text(void **state)
{
	(void)state;
	struct theme t;
	load_text("theme: t\nroles:\n"
		  "  title: {attrs: [bold]}\n"
		  "  text: {fg: black, bg: white}\n", &t);
	assert_style(t.roles[ROLE_TITLE], THEME_BLACK, THEME_WHITE, THEME_BOLD);
}

static void theme_load__uses_the_terminals_colours_when_text_is_left_out(void **state)
{
	(void)state;
	struct theme t;
	load_text("theme: t\nname: Plain\nroles:\n  warn: {attrs: [underline]}\n", &t);
	assert_true(same_style(t.roles[ROLE_TEXT], terminal));
	assert_true(same_style(t.roles[ROLE_HINT], terminal));
	assert_int_equal(t.roles[ROLE_WARN].attrs, THEME_UNDERLINE);
	assert_true(t.monochrome);
	assert_string_equal(t.name, "Plain");
	load_text("theme: t\n", &t);
	assert_true(same_style(t.roles[ROLE_BORDER], terminal));
	assert_true(t.monochrome);
}

/* ---- what is reported, and where ---- */

static void theme_load__reports_an_unknown_role_and_the_roles_it_knows(void **state)
{
	(void)state;
	expect_error("theme: t\nroles:\n  text: {}\n  titel: {fg: blue}\n",
		     "4:3: roles.titel: unknown key (use one of: title, text, muted, accent,"
		     " selection, good, warn, bad, bar, timer, timer_done, header, hint, border)");
}

static void theme_load__reports_an_unknown_colour_at_its_line_and_column(void **state)
{
	(void)state;
	expect_error("theme: t\nroles:\n  title: {fg: purple}\n",
		     "3:15: roles.title.fg: \"purple\" is not a colour (use one of: default, black,"
		     " red, green, yellow, blue, magenta, cyan, white)");
	expect_error("theme: t\nroles:\n  bar:\n    bg: Blue\n",
		     "4:9: roles.bar.bg: \"Blue\" is not a colour (use one of: default, black,"
		     " red, green, yellow, blue, magenta, cyan, white)");
}

static void theme_load__reports_an_unknown_attribute_by_its_place_in_the_list(void **state)
{
	(void)state;
	expect_error("theme: t\nroles:\n  title: {attrs: [bold, blink]}\n",
		     "3:25: roles.title.attrs[2]: \"blink\" is not an attribute (use one of: bold,"
		     " underline, reverse, dim, standout)");
}

static void theme_load__reports_a_value_of_the_wrong_type(void **state)
{
	(void)state;
	expect_error("theme: t\nroles:\n  title: blue\n",
		     "3:10: roles.title: a style such as {fg: white, bg: blue,"
		     " attrs: [bold]}, not a string");
	expect_error("theme: t\nroles:\n  title: {attrs: bold}\n",
		     "3:18: roles.title.attrs: a list of attributes such as"
		     " [bold, underline], not a string");
	expect_error("theme: t\nroles:\n  title: {fg: [blue]}\n",
		     "3:15: roles.title.fg: a colour, not a list");
	expect_error("theme: t\nroles:\n  title: {attrs: [[bold]]}\n",
		     "3:19: roles.title.attrs[1]: an attribute, not a list");
	expect_error("theme: t\nroles: [title]\n",
		     "2:8: roles: a mapping of roles to styles, not a list");
	expect_error("theme: t\nname: {en: Dark}\n", "2:7: name: text, not a mapping");
	expect_error("- theme\n", "1:1: document: a mapping of theme, name and roles, not a list");
}

static void theme_load__reports_unknown_keys_at_the_top_and_in_a_style(void **state)
{
	(void)state;
	expect_error("theme: t\ncolours: {}\n",
		     "2:1: colours: unknown key (use one of: theme, name, roles)");
	expect_error("theme: t\nroles:\n  title: {colour: blue}\n",
		     "3:11: roles.title.colour: unknown key (use one of: fg, bg, attrs)");
}

static void theme_load__reports_a_missing_or_unusable_key_and_name(void **state)
{
	(void)state;
	expect_error("name: T\n", "1:1: theme: missing");
	expect_error("theme:\nname: T\n", "1:7: theme: text, not null");
	expect_error("theme: ../x\n",
		     "1:8: theme: \"../x\" is not a key (1 to 40 of a-z, 0-9, _ and -)");
	expect_error("theme: t\nname: \"\"\n", "2:7: name: text of 1 to 80 bytes, not empty");
	expect_error("theme: t\nname: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		     "xxxxxxxxxxxxxxxxx\n", "2:7: name: text of 1 to 80 bytes, not 81 bytes");
}

static void theme_load__passes_on_yaml_syntax_errors_and_missing_files(void **state)
{
	(void)state;
	char path[256], prefix[300];
	struct theme t;
	struct error err = {0};
	put_file(tmpdir, "t.yaml", "theme: t\nroles: {title: [\n", path, sizeof path);
	assert_int_equal(theme_load_file(path, &t, &err), ERR_DATA);
	snprintf(prefix, sizeof prefix, "%s:", path);
	assert_memory_equal(err.msg, prefix, strlen(prefix));
	assert_int_equal(theme_load_file("themes/no-such-theme.yaml", &t, &err), ERR_NOINPUT);
	assert_string_equal(t.key, "default");
}

/* ---- the built-in themes ---- */

static void theme_default__sets_every_role_to_readable_colours(void **state)
{
	(void)state;
	struct theme t;
	theme_default(&t);
	assert_false(t.monochrome);
	for (size_t r = 0; r < ROLE_COUNT; r++)
		assert_int_not_equal(t.roles[r].fg, t.roles[r].bg);
	assert_colours(t.roles[ROLE_SELECTION], THEME_WHITE, THEME_BLUE);
	assert_int_equal(t.roles[ROLE_TEXT].bg, THEME_WHITE);
}

static void theme_monochrome__uses_attributes_only(void **state)
{
	(void)state;
	struct theme t;
	theme_monochrome(&t);
	assert_true(t.monochrome);
	assert_int_equal(t.roles[ROLE_SELECTION].attrs, THEME_REVERSE | THEME_BOLD);
	assert_int_equal(t.roles[ROLE_TITLE].attrs & THEME_BOLD, THEME_BOLD);
	assert_int_equal(t.roles[ROLE_BAD].attrs, THEME_REVERSE | THEME_BOLD);
	assert_int_equal(t.roles[ROLE_TIMER_DONE].attrs, THEME_REVERSE | THEME_BOLD);
	assert_int_equal(t.roles[ROLE_TEXT].attrs, 0);
}

static void role_name__names_the_roles_in_order(void **state)
{
	(void)state;
	assert_string_equal(role_name(ROLE_TITLE), "title");
	assert_string_equal(role_name(ROLE_TIMER_DONE), "timer_done");
	assert_string_equal(role_name(ROLE_BORDER), "border");
	assert_int_equal(ROLE_BORDER, ROLE_COUNT - 1);
	assert_string_equal(role_name(ROLE_COUNT), "?");
}

/* ---- finding themes ---- */

static void theme_find__refuses_keys_that_could_leave_the_folder(void **state)
{
	(void)state;
	static const char *const bad[] = {"../x", "x/y", "", ".", "Dark", "dark.yaml", "a b"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct theme t;
		struct error err = {0};
		assert_int_equal(theme_find(bad[i], &t, &err), ERR_USAGE);
		assert_non_null(strstr(err.msg, "is not a theme name"));
		assert_string_equal(t.key, "default");
	}
	struct theme t;
	struct error err = {0};
	assert_int_equal(theme_find(NULL, &t, &err), ERR_USAGE);
}

static void theme_find__prefers_the_users_config_folder_to_the_one_beside_the_program(void **state)
{
	(void)state;
	char *exe = paths_exe_dir();
	assert_non_null(exe);
	snprintf(beside_program, sizeof beside_program, "%s/themes", exe);
	free(exe);
	assert_int_equal(mkdir(beside_program, 0700), 0);
	char ours[256], theirs[sizeof beside_program + 16];
	put_file(beside_program, "dark.yaml", "theme: dark\nname: Beside the program\n",
		 theirs, sizeof theirs);
	put_file(themes_dir, "dark.yaml",
		 "theme: dark\nname: Our dark\nroles:\n  text: {fg: green, bg: black}\n",
		 ours, sizeof ours);
	struct theme t;
	struct error err = {0};
	assert_int_equal(theme_find("dark", &t, &err), ERR_OK);
	assert_string_equal(t.name, "Our dark");
	assert_int_equal(t.roles[ROLE_TITLE].fg, THEME_GREEN);
	assert_int_equal(remove(ours), 0);
	assert_int_equal(theme_find("dark", &t, &err), ERR_OK);
	assert_string_equal(t.name, "Beside the program");
}

static void theme_find__reports_a_theme_that_is_nowhere_and_where_it_looked(void **state)
{
	(void)state;
	struct theme t;
	struct error err = {0};
	assert_int_equal(theme_find("no-such-theme", &t, &err), ERR_NOINPUT);
	assert_non_null(strstr(err.msg, "no theme \"no-such-theme\""));
	assert_non_null(strstr(err.msg, themes_dir));
	assert_string_equal(t.key, "default");
}

static void theme_find__refuses_a_file_whose_key_differs_from_its_name(void **state)
{
	(void)state;
	char path[256];
	put_file(themes_dir, "ours.yaml", "theme: theirs\n", path, sizeof path);
	struct theme t;
	struct error err = {0};
	assert_int_equal(theme_find("ours", &t, &err), ERR_DATA);
	support_assert_message(err.msg, "%s:1:8: theme: \"theirs\" does not match the file name"
			       " \"ours.yaml\"", path);
	assert_int_equal(remove(path), 0);
}

static void theme_list__gives_sorted_keys_without_duplicates(void **state)
{
	(void)state;
	char path[256];
	put_file(themes_dir, "zeta.yaml", "", path, sizeof path);
	put_file(themes_dir, "alpha.yaml", "", path, sizeof path);
	put_file(themes_dir, "Not-A-Key.yaml", "", path, sizeof path);
	put_file(themes_dir, "notes.txt", "", path, sizeof path);
	char **keys = NULL;
	size_t n = 0;
	struct error err = {0};
	assert_int_equal(theme_list(&keys, &n, &err), ERR_OK);
	bool alpha = false, zeta = false;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			assert_true(strcmp(keys[i - 1], keys[i]) < 0);
		alpha |= strcmp(keys[i], "alpha") == 0;
		zeta |= strcmp(keys[i], "zeta") == 0;
		assert_string_not_equal(keys[i], "Not-A-Key");
		assert_string_not_equal(keys[i], "notes");
	}
	assert_true(alpha && zeta);
	theme_list_free(keys, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(theme_load__reads_the_four_shipped_themes_and_only_monochrome_has_no_colours),
		cmocka_unit_test(theme_load__reads_projector_light_selection_as_bold_white_on_blue),
		cmocka_unit_test(theme_load__reads_monochrome_as_attributes_on_the_terminals_own_colours),
		cmocka_unit_test(theme_load__colour_values_are_the_curses_colour_numbers),
		cmocka_unit_test(theme_load__gives_roles_left_out_the_style_of_text),
		cmocka_unit_test(theme_load__reads_a_role_written_before_text_against_text),
		cmocka_unit_test(theme_load__uses_the_terminals_colours_when_text_is_left_out),
		cmocka_unit_test(theme_load__reports_an_unknown_role_and_the_roles_it_knows),
		cmocka_unit_test(theme_load__reports_an_unknown_colour_at_its_line_and_column),
		cmocka_unit_test(theme_load__reports_an_unknown_attribute_by_its_place_in_the_list),
		cmocka_unit_test(theme_load__reports_a_value_of_the_wrong_type),
		cmocka_unit_test(theme_load__reports_unknown_keys_at_the_top_and_in_a_style),
		cmocka_unit_test(theme_load__reports_a_missing_or_unusable_key_and_name),
		cmocka_unit_test(theme_load__passes_on_yaml_syntax_errors_and_missing_files),
		cmocka_unit_test(theme_default__sets_every_role_to_readable_colours),
		cmocka_unit_test(theme_monochrome__uses_attributes_only),
		cmocka_unit_test(role_name__names_the_roles_in_order),
		cmocka_unit_test(theme_find__refuses_keys_that_could_leave_the_folder),
		cmocka_unit_test(theme_find__prefers_the_users_config_folder_to_the_one_beside_the_program),
		cmocka_unit_test(theme_find__reports_a_theme_that_is_nowhere_and_where_it_looked),
		cmocka_unit_test(theme_find__refuses_a_file_whose_key_differs_from_its_name),
		cmocka_unit_test(theme_list__gives_sorted_keys_without_duplicates),
	};
	return cmocka_run_group_tests(tests, make_config_home, remove_config_home);
}
