/* What a room reads on the wall: a ballot of fifteen steps whose texts are
 * sixty characters long, in its results and on the roadmap, at 80x24,
 * 100x30 and 200x60; and presentation mode (p), which draws the current
 * state's means, the results' ranks and points and the roadmap's headings
 * in block letters and leaves the facilitator's details off. */
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
#include "tui/bigtext.h"
#include "tui/ui.h"

#include "tests/tui/screen_fixture.c"

#define NSTEPS 15
#define STEP_ID 500
#define GOAL_ID 900

static const char *const owners[] = {"Ana", "Bo", NULL};

/* "A searchable wiki of answers that every team reads, step 07.": sixty
 * characters, the number at the end so that a text cut short loses it. */
static void step_text(int k, char *out, size_t size)
{
	snprintf(out, size, "A searchable wiki of answers that every team reads, step %02d.", k);
	assert_int_equal(strlen(out), 60);
}

/* Fifteen steps across Now, Next and Later, owned by Ana, Bo or nobody,
 * the first tied to a goal; a tally ballot gives step k 16 - k points and
 * is revealed. */
static void fifteen_steps(struct session *s)
{
	struct error err;
	assert_int_equal(session_add_goal(s, "Answers in a day", NULL, &err), ERR_OK);
	s->goals[0].id = GOAL_ID;
	for (int k = 1; k <= NSTEPS; k++) {
		char text[64];
		step_text(k, text, sizeof text);
		struct step st = {.text = text, .points = POINTS_NONE,
				  .horizon = (enum horizon)((k - 1) % HORIZON_COUNT),
				  .owner = (char *)owners[(k - 1) % 3],
				  .goal_id = k == 1 ? GOAL_ID : 0};
		assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
		s->steps[k - 1].id = STEP_ID + k;
	}
	assert_int_equal(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY, -1, &err),
			 ERR_OK);
	for (size_t c = 0; c < NSTEPS; c++)
		assert_int_equal(ballot_set_tally(&s->ballots[0], c, NSTEPS - (long)c, &err),
				 ERR_OK);
	assert_int_equal(ballot_set_tally_voters(&s->ballots[0], 6, &err), ERR_OK);
	assert_int_equal(session_reveal_ballot(s, 0, &err), ERR_OK);
	static const int scores[3][2] = {{3, 4}, {3, 2}, {3, 5}};
	for (size_t p = 0; p < 3; p++)
		for (size_t d = 0; d < 2; d++)
			assert_int_equal(session_rate(s, d, p, scores[p][d], &err), ERR_OK);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Chen Wei", "Dee"};
	const struct session_setup setup = {.title = "Q2 priorities", .organization = "Acme",
					    .facilitator = "Zoe", .level = LEVEL_TEAM,
					    .participants = people, .nparticipants = 4};
	return screen_setup(state, "improv-present", &setup, fifteen_steps);
}

/* The results of the ballot, built up, at rows x cols. */
static struct fixture *results_at(void **state, int rows, int cols)
{
	struct fixture *f = *state;
	screen_start(f, rows, cols, f->id, NULL);
	keys(f, "]]]b");
	enter(f);
	if (f->app.screen != SCREEN_RESULTS)
		fail_msg("not the results:\n%s", dump());
	for (int i = 0; i < NSTEPS; i++)
		ui_tick(&f->app);
	ui_draw(&f->app);
	return f;
}

static void resize(struct fixture *f, int rows, int cols)
{
	resize_term(rows, cols);
	ui_draw(&f->app);
}

/* Text in block letters on the screen: its five rows on five lines one
 * under the other. */
static bool big_on_screen(const char *text)
{
	struct sbuf rows[BIGTEXT_ROWS];
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		rows[r] = (struct sbuf)SBUF_INIT;
	bigtext_render(text, 200, rows);
	/* The dump drops the blanks at the end of a line. */
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		while (rows[r].len && rows[r].data[rows[r].len - 1] == ' ')
			rows[r].data[--rows[r].len] = '\0';
	char *screen = dump();
	bool found = false;
	for (char *line = screen; line && !found; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *l = line;
		found = true;
		for (int r = 0; r < BIGTEXT_ROWS && found; r++) {
			const char *end = l ? strchr(l, '\n') : NULL;
			const char *hit = l ? strstr(l, sbuf_str(&rows[r])) : NULL;
			found = hit && end && hit < end;
			l = end ? end + 1 : NULL;
		}
	}
	free(screen);
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		sbuf_free(&rows[r]);
	return found;
}

static void assert_big(const char *text)
{
	if (big_on_screen(text))
		return;
	char *screen = dump();
	fprintf(stderr, "%s", screen);
	free(screen);
	fail_msg("\"%s\" not in block letters", text);
}

static void assert_step_whole(int k)
{
	char text[64];
	step_text(k, text, sizeof text);
	if (!screen_has(text))
		fail_msg("step %d not whole:\n%s", k, dump());
}

/* ---- the results ---- */

static void present__fifteen_steps_of_sixty_characters_are_whole_in_the_results_at_200x60(
	void **state)
{
	results_at(state, 60, 200);
	for (int k = 1; k <= NSTEPS; k++)
		assert_step_whole(k);
	expect_screen("results-long-200x60");
}

/* At 100x30 the best placed wrap onto a second line, their ends shown;
 * those below them are cut to one line, an ellipsis saying so. At 80x24
 * the fifteen places take every row of the chart: each is cut, and all
 * fifteen are listed. */
static void present__at_100x30_and_80x24_the_best_placed_steps_wrap_and_the_rest_are_cut(
	void **state)
{
	struct fixture *f = results_at(state, 30, 100);
	assert_true(screen_has("A searchable wiki of answers that"));
	assert_true(screen_has("every team reads, step 01."));
	assert_true(screen_has("every team reads, step 02."));
	assert_false(screen_has("step 15."));
	assert_true(screen_has("…"));
	expect_screen("results-long-100x30");
	resize(f, 24, 80);
	assert_true(screen_has("  1    A searchable wiki"));
	assert_true(screen_has("  15   A searchable wiki"));
	assert_false(screen_has("step 01."));
	assert_true(screen_has("…"));
	expect_screen("results-long-80x24");
}

/* p on the results: the ranks and the points in block letters, each of
 * the top five steps whole, no keys and no tie rule; Esc brings them back. */
static void present__the_results_in_presentation_mode_show_ranks_and_points_in_block_letters(
	void **state)
{
	struct fixture *f = results_at(state, 60, 200);
	assert_true(screen_has("R roadmap"));
	keys(f, "p");
	assert_true(f->app.presentation);
	for (int k = 1; k <= 5; k++)
		assert_step_whole(k);
	assert_big("15");
	assert_big("1");
	assert_big("5");
	assert_false(screen_has("R roadmap"));
	assert_false(screen_has("? help"));
	assert_big("BALLOT RESULTS");
	expect_screen("present-results-200x60");
	resize(f, 30, 100);
	assert_big("15");
	assert_true(screen_has("A searchable wiki of answers that every team reads,"));
	assert_true(screen_has("step 01."));
	assert_true(screen_has("more below"));
	assert_false(screen_has("R roadmap"));
	expect_screen("present-results-100x30");
	keys(f, "\033");
	assert_false(f->app.presentation);
	assert_true(screen_has("R roadmap"));
}

/* ---- the current state ---- */

/* Culture rated 3, 3, 3 (3.0) and Policies 4, 2, 5 (3.7): the means in
 * block letters; nobody's column (Dee's), the notes and the keys left off. */
static void present__the_current_state_in_presentation_mode_shows_each_mean_in_block_letters(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_true(screen_has("Dee"));
	assert_true(screen_has("notes:"));
	keys(f, "p");
	assert_big("3.0");
	assert_big("3.7");
	assert_true(screen_has("Culture: sharing, trust, considered risk"));
	assert_false(screen_has("Dee"));
	assert_false(screen_has("notes:"));
	assert_false(screen_has("? help"));
	expect_screen("present-current-100x30");
	resize(f, 60, 200);
	assert_big("3.7");
	assert_false(screen_has("Dee"));
	expect_screen("present-current-200x60");
	keys(f, "p");
	assert_true(screen_has("Dee"));
}

/* ---- the roadmap ---- */

/* Under Now, Next and Later each step shows its rank, points and owner,
 * and the first its goal. */
static void roadmap__each_step_shows_its_rank_points_and_owner(void **state)
{
	struct fixture *f = results_at(state, 60, 200);
	keys(f, "R");
	if (f->app.screen != SCREEN_ROADMAP)
		fail_msg("not the roadmap:\n%s", dump());
	assert_true(screen_has("#1 · 15 pts · Ana · goal: Answers in a day"));
	assert_true(screen_has("#2 · 14 pts · Bo"));
	assert_true(screen_has("#3 · 13 pts\n"));
	for (int k = 1; k <= NSTEPS; k++)
		assert_step_whole(k);
	expect_screen("roadmap-200x60");
	resize(f, 30, 100);
	assert_true(screen_has("#1 · 15 pts · Ana"));
	expect_screen("roadmap-100x30");
}

static void present__the_roadmap_in_presentation_mode_has_its_headings_in_block_letters(
	void **state)
{
	struct fixture *f = results_at(state, 60, 200);
	keys(f, "Rp");
	assert_big("NOW");
	assert_big("NEXT");
	assert_big("LATER");
	assert_big("ROADMAP");
	for (int k = 1; k <= NSTEPS; k++)
		assert_step_whole(k);
	assert_true(screen_has("#1 · 15 pts · Ana"));
	assert_false(screen_has("? help"));
	expect_screen("present-roadmap-200x60");
	resize(f, 30, 100);
	assert_big("NOW");
	assert_false(screen_has("? help"));
	expect_screen("present-roadmap-100x30");
}

/* ---- wrapping ---- */

/* A text cut on its last line fills the line to its ellipsis, rather than
 * stopping at the word before the edge with a gap. */
static void wrap__a_text_cut_on_its_last_line_runs_to_the_ellipsis_at_the_edge(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	erase();
	int used = ui_wrap(&f->app, 0, 0, 20, 1, "Coaching for team leads on asking", ROLE_TEXT);
	assert_int_equal(used, 1);
	used = ui_wrap(&f->app, 1, 0, 20, 3, "Coaching for team leads on asking", ROLE_TEXT);
	assert_int_equal(used, 2);
	assert_int_equal(ui_wrap_lines(20, "Coaching for team leads on asking"), 2);
	char *screen = dump();
	assert_memory_equal(screen, "Coaching for team l…\nCoaching for team\nleads on asking\n",
			    strlen("Coaching for team l…\nCoaching for team\nleads on asking\n"));
	free(screen);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(present__fifteen_steps_of_sixty_characters_are_whole_in_the_results_at_200x60),
		TEST(present__at_100x30_and_80x24_the_best_placed_steps_wrap_and_the_rest_are_cut),
		TEST(present__the_results_in_presentation_mode_show_ranks_and_points_in_block_letters),
		TEST(present__the_current_state_in_presentation_mode_shows_each_mean_in_block_letters),
		TEST(roadmap__each_step_shows_its_rank_points_and_owner),
		TEST(present__the_roadmap_in_presentation_mode_has_its_headings_in_block_letters),
		TEST(wrap__a_text_cut_on_its_last_line_runs_to_the_ellipsis_at_the_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
