/* The screen's colours: the light projector theme is the one drawn when
 * the terminal has colours, monochrome when colours are off, and what a
 * colour says is also said by a mark (the pane with the keys, the weakest
 * dimensions in the review). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

/* Ratings whose means are 3.0, 3.3, 3.0 and 2.0. */
static void rate(struct session *s)
{
	struct error err;
	static const int scores[3][4] = {{2, 3, 2, 1}, {4, 4, 3, -1}, {3, 3, 4, 3}};
	for (size_t p = 0; p < 3; p++)
		for (size_t d = 0; d < 4; d++)
			assert_int_equal(session_rate(s, d, p, scores[p][d] < 0 ? RATING_NONE
							: scores[p][d], &err), ERR_OK);
	assert_int_equal(session_add_value(s, "Share by default", &err), ERR_OK);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Zoë Ng"};
	const struct session_setup workshop = {.title = "Q1 review", .facilitator = "Dee",
					       .level = LEVEL_UNIT, .participants = people,
					       .nparticipants = 3};
	int rc = screen_setup(state, "improv-colours", &workshop, rate);
	struct fixture *f = *state;
	char path[256], target[1200];
	snprintf(path, sizeof path, "%s/config/improv/themes", f->dir);
	snprintf(target, sizeof target, "%s/themes", repo);
	assert_int_equal(symlink(target, path), 0);
	return rc;
}

/* The screen on a terminal with 256 colours, colours wanted or not. */
static void start_with(struct fixture *f, const char *theme, bool no_color)
{
	setenv("LINES", "30", 1);
	setenv("COLUMNS", "100", 1);
	f->out = fopen("/dev/null", "w");
	assert_non_null(f->out);
	struct tui_options opts = {.db_path = f->db, .theme = theme, .no_color = no_color,
				   .open_id = f->id};
	struct error err = {0};
	assert_int_equal(ui_start(&f->app, &opts, "xterm-256color", f->out, stdin, &err), ERR_OK);
	f->started = true;
	ui_draw(&f->app);
}

static void stop(struct fixture *f)
{
	ui_stop(&f->app);
	f->started = false;
	fclose(f->out);
	f->out = NULL;
}

/* ---- the theme chosen ---- */

static void colours__a_terminal_with_colours_gets_the_light_projector_theme(void **state)
{
	struct fixture *f = *state;
	start_with(f, NULL, false);
	assert_true(f->app.colors);
	assert_string_equal(f->app.theme.key, "projector-light");
	stop(f);
}

static void colours__no_color_and_NO_COLOR_keep_the_screen_monochrome(void **state)
{
	struct fixture *f = *state;
	start_with(f, NULL, true);
	assert_false(f->app.colors);
	assert_string_equal(f->app.theme.key, "monochrome");
	stop(f);
	setenv("NO_COLOR", "1", 1);
	start_with(f, "dark", false);
	unsetenv("NO_COLOR");
	assert_false(f->app.colors);
	assert_string_equal(f->app.theme.key, "monochrome");
	stop(f);
}

static void colours__theme_chooses_another_shipped_theme(void **state)
{
	struct fixture *f = *state;
	start_with(f, "dark", false);
	assert_string_equal(f->app.theme.key, "dark");
	stop(f);
}

/* ---- not by colour alone ---- */

static void goals__the_pane_with_the_keys_is_marked_and_tab_moves_the_mark(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]");
	assert_true(screen_has("> Values we hold"));
	assert_false(screen_has("> Long-term goals"));
	keys(f, "\t");
	assert_true(screen_has("> Long-term goals"));
	assert_false(screen_has("> Values we hold"));
	assert_true(screen_has("  Values we hold"));
}

static void review__the_weakest_three_are_marked_as_well_as_coloured(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]]");
	assert_true(screen_has("Where we stand"));
	assert_true(screen_has("2.0 !"));
	assert_true(screen_has("3.0 !"));
	assert_false(screen_has("3.3 !"));
	assert_true(screen_has("3.3   "));
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(colours__a_terminal_with_colours_gets_the_light_projector_theme),
		TEST(colours__no_color_and_NO_COLOR_keep_the_screen_monochrome),
		TEST(colours__theme_chooses_another_shipped_theme),
		TEST(goals__the_pane_with_the_keys_is_marked_and_tab_moves_the_mark),
		TEST(review__the_weakest_three_are_marked_as_well_as_coloured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
