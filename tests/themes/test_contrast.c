/* Tests for themes/contrast: the WCAG 2.x arithmetic on known values, and
 * every shipped theme, read from themes/, readable at 4.5:1 in every role.
 * Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <string.h>

#include "lib/error.h"
#include "tests/support.h"
#include "themes/contrast.h"
#include "themes/theme_load.h"

static const struct rgb black = {0, 0, 0}, white = {255, 255, 255};

static void load_shipped(const char *key, struct theme *t)
{
	char path[256];
	struct error err = {0};
	snprintf(path, sizeof path, "themes/%s.yaml", key);
	support_expect_ok(theme_load_file(path, t, &err), &err);
}

static void load_text(const char *text, struct theme *t)
{
	struct error err = {0};
	support_expect_ok(theme_load_buffer("t.yaml", text, strlen(text), t, &err), &err);
}

/* ---- the arithmetic ---- */

static void contrast_ratio__is_21_for_black_on_white_and_1_for_a_colour_on_itself(void **state)
{
	(void)state;
	assert_float_equal(contrast_ratio(black, white), 21.0, 1e-9);
	assert_float_equal(contrast_ratio(white, black), 21.0, 1e-9);
	assert_float_equal(contrast_ratio(white, white), 1.0, 1e-9);
	assert_float_equal(contrast_luminance(white), 1.0, 1e-9);
	assert_float_equal(contrast_luminance(black), 0.0, 1e-9);
}

static void contrast_ratio__puts_a_mid_grey_pair_below_4_5(void **state)
{
	(void)state;
	struct rgb grey = {0x77, 0x77, 0x77}, light = {0xcc, 0xcc, 0xcc};
	/* #777777 on white is the well-known 4.48:1, just short of AA. */
	assert_float_equal(contrast_ratio(grey, white), 4.48, 0.01);
	assert_true(contrast_ratio(grey, light) < CONTRAST_MIN);
	assert_float_equal(contrast_luminance((struct rgb){0x80, 0x80, 0x80}), 0.2159, 0.0001);
}

static void contrast_xterm_rgb__gives_xterms_normal_and_bright_colours(void **state)
{
	(void)state;
	struct rgb c = contrast_xterm_rgb(THEME_WHITE, false);
	assert_int_equal(c.r, 0xe5);
	c = contrast_xterm_rgb(THEME_BLUE, false);
	assert_true(c.r == 0 && c.g == 0 && c.b == 0xee);
	c = contrast_xterm_rgb(THEME_BLUE, true);
	assert_true(c.r == 0x5c && c.g == 0x5c && c.b == 0xff);
	c = contrast_xterm_rgb(THEME_BLACK, true);
	assert_int_equal(c.g, 0x7f);
}

static void contrast_of_style__takes_the_worse_of_normal_and_bright_for_bold(void **state)
{
	(void)state;
	double plain, bold;
	assert_true(contrast_of_style((struct theme_style){THEME_BLUE, THEME_WHITE, 0}, &plain));
	assert_true(contrast_of_style((struct theme_style){THEME_BLUE, THEME_WHITE, THEME_BOLD},
				      &bold));
	assert_float_equal(plain, 7.46, 0.01);
	assert_float_equal(bold, 3.76, 0.01);  /* #5c5cff on #e5e5e5 */
}

static void contrast_of_style__swaps_for_reverse_and_draws_dim_halfway(void **state)
{
	(void)state;
	double normal, reversed, dim;
	assert_true(contrast_of_style((struct theme_style){THEME_RED, THEME_BLACK, 0}, &normal));
	assert_true(contrast_of_style((struct theme_style){THEME_BLACK, THEME_RED, THEME_REVERSE},
				      &reversed));
	assert_float_equal(normal, reversed, 1e-9);
	assert_true(contrast_of_style((struct theme_style){THEME_WHITE, THEME_BLACK, THEME_DIM},
				      &dim));
	/* #727272 on black */
	assert_float_equal(dim, contrast_ratio((struct rgb){0x72, 0x72, 0x72}, black), 1e-9);
}

static void contrast_of_style__cannot_measure_the_terminals_own_colours(void **state)
{
	(void)state;
	double ratio = 3;
	assert_false(contrast_of_style((struct theme_style){THEME_BLACK, THEME_COLOR_DEFAULT, 0},
				       &ratio));
	assert_float_equal(ratio, 0, 0);
}

/* ---- the themes ---- */

/* Every file in themes/, so that a theme added there is checked too. */
static void contrast_check__passes_every_role_of_every_shipped_theme(void **state)
{
	(void)state;
	glob_t files;
	assert_int_equal(glob("themes/*.yaml", 0, NULL, &files), 0);
	assert_true(files.gl_pathc >= 4);
	size_t checked = 0;
	for (size_t i = 0; i < files.gl_pathc; i++) {
		struct theme t;
		struct error err = {0};
		support_expect_ok(theme_load_file(files.gl_pathv[i], &t, &err), &err);
		if (contrast_check(&t, &err) != ERR_OK)
			fprintf(stderr, "%s: %s\n", files.gl_pathv[i], err.msg);
		else
			checked++;
	}
	assert_int_equal(checked, files.gl_pathc);
	globfree(&files);
}

static void contrast_check__passes_the_three_colour_themes_by_name(void **state)
{
	(void)state;
	static const char *const keys[] = {"projector-light", "dark", "high-contrast"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct theme t;
		struct error err = {0};
		load_shipped(keys[i], &t);
		assert_false(t.monochrome);
		support_expect_ok(contrast_check(&t, &err), &err);
	}
}

static void contrast_check__passes_the_built_in_default(void **state)
{
	(void)state;
	struct theme t;
	struct error err = {0};
	theme_default(&t);
	support_expect_ok(contrast_check(&t, &err), &err);
}

static void contrast_check__names_the_theme_role_and_ratio_of_a_theme_below_4_5(void **state)
{
	(void)state;
	struct theme t;
	struct error err = {0};
	load_text("theme: washed-out\nroles:\n"
		  "  text: {fg: black, bg: white}\n"
		  "  accent: {fg: magenta, bg: white}\n"
		  "  hint: {fg: yellow, bg: white}\n", &t);
	assert_int_equal(contrast_check(&t, &err), ERR_DATA);
	assert_string_equal(err.msg, "theme \"washed-out\": role hint has a contrast of 1.35:1, "
			    "below 4.5:1");
}

static void contrast_check__refuses_a_colour_theme_on_the_terminals_background(void **state)
{
	(void)state;
	struct theme t;
	struct error err = {0};
	load_text("theme: half\nroles:\n  text: {fg: blue}\n", &t);
	assert_int_equal(contrast_check(&t, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "theme \"half\": role title is drawn on the terminal's"));
}

static void contrast_lowest__finds_the_weakest_role_and_nothing_in_monochrome(void **state)
{
	(void)state;
	struct theme t;
	struct contrast_low low;
	load_text("theme: t\nroles:\n  text: {fg: black, bg: white}\n"
		  "  bad: {fg: red, bg: white}\n  good: {fg: blue, bg: white}\n", &t);
	assert_true(contrast_lowest(&t, &low));
	assert_true(low.known);
	assert_int_equal(low.role, ROLE_BAD);
	assert_float_equal(low.ratio, 4.64, 0.01);
	theme_monochrome(&t);
	assert_false(contrast_lowest(&t, &low));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contrast_ratio__is_21_for_black_on_white_and_1_for_a_colour_on_itself),
		cmocka_unit_test(contrast_ratio__puts_a_mid_grey_pair_below_4_5),
		cmocka_unit_test(contrast_xterm_rgb__gives_xterms_normal_and_bright_colours),
		cmocka_unit_test(contrast_of_style__takes_the_worse_of_normal_and_bright_for_bold),
		cmocka_unit_test(contrast_of_style__swaps_for_reverse_and_draws_dim_halfway),
		cmocka_unit_test(contrast_of_style__cannot_measure_the_terminals_own_colours),
		cmocka_unit_test(contrast_check__passes_every_role_of_every_shipped_theme),
		cmocka_unit_test(contrast_check__passes_the_three_colour_themes_by_name),
		cmocka_unit_test(contrast_check__passes_the_built_in_default),
		cmocka_unit_test(contrast_check__names_the_theme_role_and_ratio_of_a_theme_below_4_5),
		cmocka_unit_test(contrast_check__refuses_a_colour_theme_on_the_terminals_background),
		cmocka_unit_test(contrast_lowest__finds_the_weakest_role_and_nothing_in_monochrome),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
