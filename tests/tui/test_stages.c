/* Stage screen tests: what the stages show of a step's columns, the
 * roadmap's done and dropped steps, a group score beside the people's, and
 * ratings on a scale that reaches 10; each checked on screen and in the
 * file. */
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

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "sessions/export.h"
#include "templates/template_load.h"
#include "tests/support.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

static const char *const people[] = {"Ana", "Bo", "Zoë Ng"};

static const struct session_setup workshop = {
	.title = "Q1 review", .organization = "Acme", .unit = "Sales", .facilitator = "Dee",
	.level = LEVEL_UNIT, .participants = people, .nparticipants = 3,
};

static void add_step(struct session *s, const char *text, enum horizon h, const char *owner)
{
	struct error err = {0};
	struct step st = {.text = (char *)text, .horizon = h, .owner = (char *)owner,
			  .points = POINTS_NONE};
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
}

/* Three steps for now, one later; the first owned by someone whose name
 * is longer than the owner column. */
static void add_steps(struct session *s)
{
	add_step(s, "Pilot show-and-tell in Sales", HORIZON_SHORT, "Émile Durand-Lefèvre");
	add_step(s, "Build a searchable answers wiki", HORIZON_SHORT, NULL);
	add_step(s, "Coaching circles", HORIZON_SHORT, "Bo");
	add_step(s, "Tie recognition to sharing", HORIZON_LONG, NULL);
}

static int setup(void **state)
{
	return screen_setup(state, "improv-stages", &workshop, add_steps);
}

/* The rows of the screen that hold text, each on its own. */
static bool row_has(const char *row_text, const char *text)
{
	char *got = dump();
	bool found = false;
	for (char *line = strtok(got, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = strstr(line, row_text) && strstr(line, text);
	free(got);
	return found;
}

/* ---- a step's columns ---- */

/* The fixture's session, closed and checked in; the check-in is opened. */
static void check_in(struct fixture *f)
{
	struct store *st = support_open_store(f->db);
	struct error err = {0};
	int64_t next;
	assert_int_equal(store_check_in(st, f->id, clock_now(), &next, &err), ERR_OK);
	store_close(st);
	f->id = next;
}

/* The check-in on a screen of rows x cols; presses the status key
 * `presses` times on the first step. */
static void last_time_at(struct fixture *f, int rows, int cols, int presses)
{
	screen_start(f, rows, cols, f->id, NULL);
	assert_true(screen_has("Steps from last time"));
	for (int i = 0; i < presses; i++)
		keys(f, "s");
	assert_true(row_has("Pilot show-and-tell", "Carried on"));
	assert_false(screen_has("Carried onÉ"));
	assert_true(screen_has("Carried on Émile"));
	ui_stop(&f->app);
	f->started = false;
	fclose(f->out);
	f->out = NULL;
}

/* "Carried on" is the longest status: a gap stays between it and the
 * owner, whose name is cut to its column, at both sizes. */
static void last_time__a_carried_step_keeps_a_gap_before_its_owner_at_80x24_and_100x30(
	void **state)
{
	struct fixture *f = *state;
	check_in(f);
	last_time_at(f, 24, 80, 4);         /* doing, done, dropped, carried on */
	last_time_at(f, 30, 100, 0);
	struct session *s = saved_session(f);
	assert_int_equal(s->steps[0].status, STEP_CARRIED);
	session_free(s);
}

/* ---- a group score beside the people's ---- */

/* Ana, Bo and Zoë rate culture 1, 2 and 3; then the room agrees on 4 in
 * the group column: the people's scores stay, in ( ), the spread says
 * "group", a line says the group score is the mean, and clearing it
 * counts the people's again. */
static void current__a_group_score_shows_the_peoples_scores_as_not_counted(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "123k");
	assert_true(row_has("Culture", "  2.0    1-3"));
	for (int i = 0; i < 3; i++)
		key_code(f, KEY_RIGHT);
	keys(f, "4");
	assert_true(screen_has("the group score counts: 3 people's scores kept in ( ), "
			       "not counted"));
	assert_true(row_has("Culture", "(1)  (2)  (3)  4      4.0  group"));
	assert_true(screen_has("mean: group score 4; scores in ( ) not counted (clear grp to "
			       "count them)"));
	struct session *s = saved_session(f);
	assert_int_equal(s->dims[0].group_score, 4);
	assert_int_equal(s->dims[0].scores[0], 1);
	session_free(s);

	keys(f, "0");
	assert_true(row_has("Culture", "1    2    3    .      2.0    1-3"));
	assert_false(screen_has("(1)"));
	assert_false(screen_has("mean: group score"));
}

/* ---- a scale that reaches 10 ---- */

static void scale_0_to_10(struct template *tpl)
{
	for (size_t i = 0; i < tpl->scale.nlabels; i++)
		free(tpl->scale.labels[i]);
	free(tpl->scale.labels);
	tpl->scale = (struct scale){.min = 0, .max = 10};
}

/* The workshop on a template rated 0 to 10, at 100x30 on its first cell. */
static void start_on_0_to_10(struct fixture *f)
{
	f->id = screen_store_session(f->db, &workshop, scale_0_to_10, NULL);
	screen_start(f, 30, 100, f->id, NULL);
}

static int saved_score(const struct fixture *f, size_t dim, size_t p)
{
	struct session *s = saved_session(f);
	int score = s->dims[dim].scores[p];
	session_free(s);
	return score;
}

/* 1 waits in the cell as "1_", saved as nothing yet; 0 then makes 10 and
 * moves on. 0 alone is a 0 here, and 1 then 4 gives 1 and, to the next
 * person, 4. */
static void current__on_a_0_to_10_scale_1_then_0_rates_10_shown_as_it_is_typed(void **state)
{
	struct fixture *f = *state;
	start_on_0_to_10(f);
	keys(f, "1");
	assert_true(row_has("Culture", "1_"));
	assert_true(screen_has("1: 0 now makes it 10"));
	assert_int_equal(saved_score(f, 0, 0), RATING_NONE);
	keys(f, "0");
	assert_false(screen_has("1_"));
	assert_int_equal(saved_score(f, 0, 0), 10);
	keys(f, "0");
	assert_int_equal(saved_score(f, 0, 1), 0);
	keys(f, "14");
	assert_int_equal(saved_score(f, 0, 2), 1);
	assert_int_equal(saved_score(f, 1, 0), 4);
	assert_true(row_has("Culture", "10   0    1"));
	assert_true(row_has("Culture", "3.7   0-10"));
}

/* The waiting 1 counts as 1 once two seconds have passed on the workshop
 * clock, with no key; Esc takes a waiting 1 back. */
static void current__a_waiting_1_counts_after_its_moment_and_esc_takes_it_back(void **state)
{
	struct fixture *f = *state;
	start_on_0_to_10(f);
	keys(f, "1");
	setenv("IMPROV_NOW", "2026-11-28T16:00:01Z", 1);
	ui_tick(&f->app);
	assert_int_equal(saved_score(f, 0, 0), RATING_NONE);
	setenv("IMPROV_NOW", "2026-11-28T16:00:02Z", 1);
	assert_int_equal(ui_tick(&f->app) & UI_REDRAW, UI_REDRAW);
	ui_draw(&f->app);
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
	assert_int_equal(saved_score(f, 0, 0), 1);
	assert_false(screen_has("1_"));
	keys(f, "1\033");
	assert_true(screen_has("the 1 was taken back"));
	assert_int_equal(saved_score(f, 0, 1), RATING_NONE);
	assert_false(screen_has("1_"));
	keys(f, "7");
	assert_int_equal(saved_score(f, 0, 1), 7);
}

/* On the 1-5 scale nothing waits: 1 is rated at once, 0 clears. */
static void current__on_a_1_to_5_scale_1_is_rated_at_once_and_0_clears(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "1");
	assert_int_equal(saved_score(f, 0, 0), 1);
	assert_false(screen_has("1_"));
	key_code(f, KEY_LEFT);
	keys(f, "0");
	assert_int_equal(saved_score(f, 0, 0), RATING_NONE);
}

/* ---- the roadmap ---- */

/* The first step done, the second dropped: Now holds the third alone, and
 * the line below names the other two. */
static void mark_done_and_dropped(struct fixture *f)
{
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]");
	keys(f, "ss");           /* planned, doing, done */
	keys(f, "jsss");         /* planned, doing, done, dropped */
}

static void assert_roadmap_leaves_them_out_of_now(void)
{
	assert_true(screen_has("Now"));
	assert_true(row_has("Coaching circles", "Tie recognition to sharing"));
	assert_false(row_has("Now", "Pilot"));
	assert_true(screen_has("Done (1): Pilot show-and-tell in Sales   "
			       "Dropped (1): Build a searchable answers wiki"));
	char *got = dump();
	const char *now = strstr(got, "Now");
	const char *done = strstr(got, "Done (1)");
	assert_non_null(now);
	/* Above the done line, under the columns, neither step shows. */
	const char *pilot = strstr(now, "Pilot");
	assert_true(pilot >= done);
	free(got);
}

static void roadmap__done_and_dropped_steps_are_named_below_the_horizons_not_under_now(
	void **state)
{
	struct fixture *f = *state;
	mark_done_and_dropped(f);
	keys(f, "R");
	assert_roadmap_leaves_them_out_of_now();
	keys(f, "q]");
	assert_true(screen_has("Where we stand"));
	assert_roadmap_leaves_them_out_of_now();

	struct session *s = saved_session(f);
	const struct export_context ctx = {.session = s};
	struct sbuf md = SBUF_INIT;
	export_md(&ctx, &md);
	const char *roadmap = strstr(md.data, "## Roadmap");
	assert_non_null(roadmap);
	assert_non_null(strstr(roadmap, "### Now (short term)\n\n1. Coaching circles (Bo)\n\n"));
	assert_non_null(strstr(roadmap, "### Done (1)\n\n- Pilot show-and-tell in Sales\n"));
	assert_non_null(strstr(roadmap, "### Dropped (1)\n\n- Build a searchable answers wiki\n"));
	sbuf_free(&md);
	session_free(s);
}

/* ---- one rounding rule ---- */

static const char *const four[] = {"Ana", "Bo", "Cy", "Di"};

static const struct session_setup four_people = {
	.title = "Q1 review", .level = LEVEL_TEAM, .participants = four, .nparticipants = 4,
};

static void rate_row(struct session *s, size_t dim, const int *scores)
{
	struct error err = {0};
	for (size_t p = 0; p < 4; p++)
		assert_int_equal(session_rate(s, dim, p, scores[p], &err), ERR_OK);
}

static void save_row(struct store *st, struct session *s, size_t dim, const int *scores)
{
	struct error err = {0};
	rate_row(s, dim, scores);
	for (size_t p = 0; p < 4; p++)
		assert_int_equal(store_save_rating(st, s, dim, p, &err), ERR_OK);
}

/* Last time culture 3, 3, 3, 3 (3.0) and tools 3, 3, 3, 4 (3.25). */
static void rate_last_time(struct session *s)
{
	rate_row(s, 0, (const int[]){3, 3, 3, 3});
	rate_row(s, 3, (const int[]){3, 3, 3, 4});
}

static int setup_rounding(void **state)
{
	return screen_setup(state, "improv-round", &four_people, rate_last_time);
}

/* The check-in: culture 3, 3, 3, 4 (3.25), tools 4, 3, 3, 4 (3.5). */
static int64_t check_in_rated(const struct fixture *f)
{
	struct store *st = support_open_store(f->db);
	struct error err = {0};
	int64_t id = 0;
	assert_int_equal(store_check_in(st, f->id, 1795000000, &id, &err), ERR_OK);
	struct session *next = support_load(st, id);
	save_row(st, next, 0, (const int[]){3, 3, 3, 4});
	save_row(st, next, 3, (const int[]){4, 3, 3, 4});
	store_close(st);
	session_free(next);
	return id;
}

/* 3.25 shows as 3.3, half away from zero, and a change is the mean shown
 * minus the last shown: 3.3 - 3.0 = +0.3 and 3.5 - 3.3 = +0.2. */
static void current__a_mean_of_3_25_shows_3_3_and_the_change_agrees_with_last(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, check_in_rated(f), NULL);
	keys(f, "]");
	assert_true(row_has("Culture", "3.3    3-4  0.4    3.0  +0.3 ^"));
	assert_true(row_has("Tools", "3.5    3-4  0.5    3.3  +0.2 ^"));
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(last_time__a_carried_step_keeps_a_gap_before_its_owner_at_80x24_and_100x30),
		TEST(roadmap__done_and_dropped_steps_are_named_below_the_horizons_not_under_now),
		TEST(current__a_group_score_shows_the_peoples_scores_as_not_counted),
		TEST(current__on_a_0_to_10_scale_1_then_0_rates_10_shown_as_it_is_typed),
		TEST(current__a_waiting_1_counts_after_its_moment_and_esc_takes_it_back),
		TEST(current__on_a_1_to_5_scale_1_is_rated_at_once_and_0_clears),
		cmocka_unit_test_setup_teardown(
			current__a_mean_of_3_25_shows_3_3_and_the_change_agrees_with_last,
			setup_rounding, screen_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
