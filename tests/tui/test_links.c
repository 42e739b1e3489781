/* What links the lists and what the pictures of a metric show: a metric's
 * trend from its baseline through each measurement to its target, a
 * step's and a metric's goal and a metric's unit in their lists, and
 * dialogs that name the item they act on. */
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

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

static const char *const people[] = {"Ana", "Bo"};

static const struct session_setup workshop = {
	.title = "Q1 review", .organization = "Acme", .facilitator = "Dee",
	.level = LEVEL_TEAM, .participants = people, .nparticipants = 2,
};

/* A goal, a metric that serves it going down from 45 to a target of 15
 * (measured at 40, then 30), and a step for it. */
static void add_linked_items(struct session *s)
{
	struct error err = {0};
	assert_int_equal(session_add_goal(s, "Answers are found fast", "culture", &err), ERR_OK);
	s->goals[0].id = 1;
	struct metric m = {.name = (char *)"Time to find the answer", .unit = (char *)"min",
			   .direction = DIRECTION_DOWN, .baseline = 45, .target = 15,
			   .target_date = 20999, .baseline_date = NO_DATE, .goal_id = 1};
	assert_int_equal(session_add_metric(s, &m, &err), ERR_OK);
	assert_int_equal(session_add_measurement(s, 0, 40, 20700, &err), ERR_OK);
	assert_int_equal(session_add_measurement(s, 0, 30, 20750, &err), ERR_OK);
	struct step st = {.text = (char *)"Wiki", .horizon = HORIZON_SHORT, .goal_id = 1,
			  .points = POINTS_NONE};
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
}

static int setup(void **state)
{
	return screen_setup(state, "improv-links", &workshop, add_linked_items);
}

/* The screen's rows, one string each, from a dump; the caller frees them. */
static char **screen_rows(int *nrows)
{
	char *screen = dump();
	int n = 0;
	char **rows = xcalloc(200, sizeof *rows);
	for (char *line = strtok(screen, "\n"); line && n < 200; line = strtok(NULL, "\n"))
		rows[n++] = xstrdup(line);
	free(screen);
	*nrows = n;
	return rows;
}

static void free_rows(char **rows, int n)
{
	for (int i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/* The row and column (in characters) of the n-th ● after row `from`. */
static bool nth_point(char **rows, int nrows, int from, int nth, int *row, int *col)
{
	int seen = 0;
	for (int r = from; r < nrows; r++) {
		int c = 0;
		for (const char *p = rows[r]; *p; p++) {
			if (strncmp(p, "●", strlen("●")) == 0 && seen++ == nth) {
				*row = r;
				*col = c;
				return true;
			}
			if (((unsigned char)*p & 0xC0) != 0x80)
				c++;
		}
	}
	return false;
}

/* ---- the trend ---- */

/* 45 at the baseline, then 40 and 30: three points, each further right
 * and lower than the one before (lower is better here), and the target
 * line below them all. */
static void trend__a_metric_goes_from_its_baseline_through_each_measurement_to_the_target(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]]\t\t");
	assert_true(screen_has("Time to find the answer"));
	assert_true(screen_has("baseline 45, 40, 30; target 15 min (lower is better)"));
	int nrows, row[3], col[3], line_row = -1;
	char **rows = screen_rows(&nrows);
	int from = 0;
	while (from < nrows && !strstr(rows[from], "baseline 45"))
		from++;
	for (int k = 0; k < 3; k++)
		assert_true(nth_point(rows, nrows, from, k, &row[k], &col[k]));
	int extra_row, extra_col;
	assert_false(nth_point(rows, nrows, from, 3, &extra_row, &extra_col));
	for (int k = 1; k < 3; k++) {
		assert_true(row[k] > row[k - 1]);
		assert_true(col[k] > col[k - 1]);
	}
	for (int r = from; r < nrows; r++)
		if (strstr(rows[r], "┄┄┄") && strstr(rows[r], "target 15"))
			line_row = r;
	assert_true(line_row > row[2]);
	free_rows(rows, nrows);
}

/* ---- links and units ---- */

/* The row of the screen that holds text, or NULL; the caller frees it. */
static char *row_with(const char *text)
{
	int n;
	char **rows = screen_rows(&n), *found = NULL;
	for (int r = 0; r < n && !found; r++)
		if (strstr(rows[r], text))
			found = xstrdup(rows[r]);
	free_rows(rows, n);
	return found;
}

/* At 80x24 the goal of the selected step is a line under the list; at
 * 200x60 it is a column on the step's own row. */
static void links__a_steps_goal_is_shown_under_the_list_or_in_its_own_column(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	keys(f, "]]]");
	assert_true(screen_has("Wiki"));
	assert_true(screen_has("Serves the goal: Answers are found fast"));
	resize_term(60, 200);
	ui_draw(&f->app);
	assert_false(screen_has("Serves the goal"));
	char *row = row_with("Wiki");
	assert_non_null(row);
	assert_non_null(strstr(row, "Answers are found fast"));
	free(row);
}

/* The metric's unit stays beside its name, and its goal is named: under
 * the list at 80x24, in a column at 200x60. */
static void links__a_metrics_unit_and_goal_are_shown_in_the_list(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	keys(f, "]]");
	assert_true(screen_has("(min)"));
	assert_true(screen_has("target"));
	assert_true(screen_has("Serves the goal: Answers are found fast"));
	resize_term(60, 200);
	ui_draw(&f->app);
	char *row = row_with("Time to find the answer (min)");
	assert_non_null(row);
	assert_non_null(strstr(row, "Answers are found fast"));
	free(row);
}

/* m and d say which item they act on. */
static void links__the_measurement_and_delete_dialogs_name_their_item(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]m");
	assert_true(screen_has("Record a measurement: Time to find the answer"));
	keys(f, "\033]d");
	assert_true(screen_has("Delete the step \"Wiki\"?"));
	keys(f, "n");
	assert_int_equal(f->app.ws->s->nsteps, 1);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(trend__a_metric_goes_from_its_baseline_through_each_measurement_to_the_target),
		TEST(links__a_steps_goal_is_shown_under_the_list_or_in_its_own_column),
		TEST(links__a_metrics_unit_and_goal_are_shown_in_the_list),
		TEST(links__the_measurement_and_delete_dialogs_name_their_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
