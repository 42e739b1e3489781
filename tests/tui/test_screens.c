/* Screen tests: the workshop screen is drawn on a virtual terminal, driven
 * by the same keys a facilitator presses, and each screen is compared with
 * a stored dump (tests/tui/screens/NAME.txt). IMPROV_UPDATE_SCREENS=1
 * writes the dumps anew; read the diff before committing them. */
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

/* ---- a session with something in every stage ---- */

static void fill_session(struct session *s)
{
	struct error err;
	static const int scores[3][4] = {{2, 3, 2, 1}, {4, 4, 3, -1}, {3, 3, 4, 3}};
	for (size_t p = 0; p < 3; p++)
		for (size_t d = 0; d < 4; d++)
			assert_int_equal(session_rate(s, d, p, scores[p][d] < 0 ? RATING_NONE
							: scores[p][d], &err), ERR_OK);
	assert_int_equal(session_add_note(s, 0, NOTE_STRENGTH, "Show-and-tell every Friday",
					  &err), ERR_OK);
	assert_int_equal(session_add_note(s, 0, NOTE_GAP, "Nobody owns the wiki", &err), ERR_OK);
	assert_int_equal(session_add_value(s, "Share by default", &err), ERR_OK);
	assert_int_equal(session_add_value(s, "Ask early, ask often", &err), ERR_OK);
	assert_int_equal(session_add_goal(s, "Every team shares one lesson a month", "culture",
					  &err), ERR_OK);
	s->goals[0].id = 1;
	struct metric m = {.name = (char *)"Teams sharing monthly", .unit = (char *)"%",
			   .direction = DIRECTION_UP, .baseline = 20, .target = 80,
			   .target_date = 20999, .baseline_date = NO_DATE, .goal_id = 1};
	assert_int_equal(session_add_metric(s, &m, &err), ERR_OK);
	assert_int_equal(session_add_measurement(s, 0, 35, 20785, &err), ERR_OK);
	static const char *const steps[] = {"Pilot show-and-tell in Sales",
					    "Build a searchable answers wiki",
					    "Tie recognition to sharing"};
	for (int i = 0; i < 3; i++) {
		struct step st = {.text = (char *)steps[i], .horizon = (enum horizon)i,
				  .owner = (char *)(i == 0 ? "Ana" : NULL), .impact = 4 - i,
				  .effort = 2 + i, .points = POINTS_NONE};
		assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
	}
	assert_int_equal(session_park(s, "Budget for conferences", &err), ERR_OK);
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo", "Zoë Ng"};
	const struct session_setup setup = {.title = "Q1 review", .organization = "Acme",
					    .unit = "Sales", .facilitator = "Dee",
					    .level = LEVEL_UNIT, .participants = people,
					    .nparticipants = 3};
	return screen_setup(state, "improv-screens", &setup, fill_session);
}

/* ---- keys and dumps ---- */

/* ---- the screens ---- */

static void each_stage(struct fixture *f, const char *size)
{
	static const char *const names[] = {"current", "goals", "metrics", "steps", "review"};
	char name[64];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "stage%d-%s-%s", i + 1, names[i], size);
		expect_screen(name);
		keys(f, "]");
	}
}

static void screens__every_stage_at_80x24_matches_its_dump(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, f->id, NULL);
	each_stage(f, "80x24");
}

static void screens__every_stage_at_200x60_matches_its_dump(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 60, 200, f->id, NULL);
	each_stage(f, "200x60");
}

static void screens__home_lists_the_session_under_its_organization(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 24, 80, 0, NULL);
	expect_screen("home-80x24");
	assert_true(screen_has("Acme / Sales"));
}

static void screens__the_setup_form_and_the_help_screen_match_their_dumps(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, 0, NULL);
	keys(f, "n");
	expect_screen("setup-100x30");
	keys(f, "\033");
	assert_false(screen_has("New workshop"));
	ui_stop(&f->app);
	fclose(f->out);
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "?");
	expect_screen("help-current-100x30");
}

static void screens__a_small_window_asks_politely_and_the_workshop_comes_back(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 10, 40, f->id, NULL);
	expect_screen("small-40x10");
	resize_term(30, 100);
	ui_draw(&f->app);
	assert_true(screen_has("Culture: sharing, trust, considered risk"));
}

static void screens__presentation_mode_hides_the_hints(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_true(screen_has("? help"));
	keys(f, "p");
	assert_false(screen_has("? help"));
	expect_screen("presentation-100x30");
}

/* Typing a rating changes the cell and the mean at once, and what the
 * screen shows is what the database holds. */
/* The workshop at 100x30 on Incentives, which nobody has rated. */
static struct fixture *at_incentives(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "jjjj");
	return f;
}

static void screens__a_rating_typed_is_on_screen_and_in_the_database(void **state)
{
	struct fixture *f = at_incentives(state);
	keys(f, "524");
	assert_true(screen_has("3.7"));
	struct session *s = saved_session(f);
	assert_int_equal(s->dims[4].scores[0], 5);
	assert_int_equal(s->dims[4].scores[1], 2);
	assert_int_equal(s->dims[4].scores[2], 4);
	session_free(s);
	keys(f, "u");
	assert_true(screen_has("undone: a rating"));
}

/* Private ratings: the cells show ticks and the row how many have rated,
 * with the names still to rate; r reveals the scores and their mean, and
 * the setting is in the file. */
static void screens__private_ratings_show_who_rated_until_r_reveals_them(void **state)
{
	struct fixture *f = at_incentives(state);
	keys(f, "r");
	assert_true(screen_has("ratings private"));
	keys(f, "52");
	assert_true(screen_has("2 of 3 rated"));
	assert_true(screen_has("not rated yet: Zoë Ng"));
	assert_true(screen_has("✓"));
	keys(f, "4");              /* the cursor moves on to the next dimension */
	assert_true(screen_has("3 of 3 rated"));
	keys(f, "k");
	assert_true(screen_has("everyone has rated"));
	assert_false(screen_has("3.7"));
	keys(f, "r");
	assert_true(screen_has("ratings revealed"));
	assert_true(screen_has("3.7"));
	assert_false(screen_has("3 of 3 rated"));
	struct session *s = saved_session(f);
	assert_int_equal(s->ratings, RATINGS_REVEALED);
	assert_int_equal(s->dims[4].scores[2], 4);
	session_free(s);
}

/* On the current state: key opens the form called title, text is typed
 * into it and confirmed, and the screen says said. */
static void person_form(struct fixture *f, const char *key, const char *title,
			const char *text, const char *said)
{
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, key);
	assert_true(screen_has(title));
	keys(f, text);
	enter(f);
	assert_true(screen_has(said));
}

/* e renames the selected person, in the file too. */
static void screens__e_on_the_current_state_renames_the_selected_participant(void **state)
{
	struct fixture *f = *state;
	/* Ctrl-U empties the name first. */
	person_form(f, "e", "Rename participant", "\x15" "Anna B", "participant renamed");
	struct session *s = saved_session(f);
	assert_string_equal(s->participants[0].name, "Anna B");
	session_free(s);
}

/* Someone who came late is added from the current state, gets a column of
 * their own and is a participant in the file. */
static void screens__a_on_the_current_state_adds_a_late_participant(void **state)
{
	struct fixture *f = *state;
	person_form(f, "a", "New participant", "Latecomer", "participant added");
	struct session *s = saved_session(f);
	assert_string_equal(s->participants[s->nparticipants - 1].name, "Latecomer");
	session_free(s);
}

/* No screen between the first vote and the reveal shows anyone's points:
 * not the blank page, not the lobby, not the steps, not the next voter's
 * ballot. After the reveal, the chart matches the votes. */
static void screens__a_secret_dots_ballot_shows_nothing_until_the_reveal(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	keys(f, "]]]v");
	assert_true(screen_has("Open a ballot"));
	enter(f);
	assert_true(screen_has("0 of 3 have voted"));
	expect_screen("vote-lobby-100x30");
	enter(f);                         /* Ana votes: 2 dots on the first step */
	keys(f, "++j+");
	expect_screen("vote-casting-100x30");
	enter(f);
	keys(f, "y");
	expect_screen("vote-pass-100x30");
	assert_false(screen_has("●"));
	enter(f);
	assert_true(screen_has("1 of 3 have voted"));
	/* Who has voted is named, once, and no longer among those to vote. */
	char *lobby = dump();
	const char *ana = strstr(lobby, "Voted: Ana\n");
	assert_non_null(ana);
	if (strstr(ana + strlen("Voted: Ana"), "Ana"))
		fail_msg("Ana twice in the lobby:\n%s", lobby);
	assert_null(strstr(lobby, "Voted: Ana, "));
	free(lobby);
	enter(f);                         /* Bo sees an empty ballot of his own */
	assert_false(screen_has("●"));
	assert_true(screen_has("Bo: 3 of 3 dots left"));
	keys(f, "\033q");                 /* leaves without voting, back to the steps */
	assert_false(screen_has("Open a ballot"));
	char *steps = dump();
	assert_null(strstr(steps, "  2\n"));
	free(steps);
	keys(f, "v");
	enter(f);
	keys(f, "jj+++");
	enter(f);
	keys(f, "y");
	enter(f);
	keys(f, "r");
	assert_true(screen_has("Only 2 of 3 have voted"));
	keys(f, "y");
	for (int i = 0; i < 5; i++)
		ui_tick(&f->app);
	ui_draw(&f->app);
	expect_screen("vote-results-100x30");
	const struct session *s = f->app.ws->s;
	assert_int_equal(s->steps[2].points, 3);
	assert_int_equal(s->steps[2].rank, 1);
	assert_int_equal(s->steps[0].points, 2);
	assert_int_equal(s->steps[0].rank, 2);
}

/* Where text first starts on the dumped screen below row `below`: its
 * row and its column in characters; false when it is not there. */
static bool find_on_screen(const char *text, int below, int *row, int *col)
{
	char *screen = dump();
	const char *from = screen;
	for (int r = 0; r <= below && from; r++)
		from = strchr(from, '\n') ? strchr(from, '\n') + 1 : NULL;
	const char *at = from ? strstr(from, text) : NULL;
	if (at) {
		*row = below + 1;
		*col = 0;
		for (const char *c = from; c < at; c++) {
			if (*c == '\n')
				(*row)++, *col = 0;
			else if (((unsigned char)*c & 0xC0) != 0x80)
				(*col)++;
		}
	}
	free(screen);
	return at != NULL;
}

/* The column of the plot's middle line on the screen's row. */
static int divider_on_row(int row)
{
	char *screen = dump(), *line = screen;
	for (int r = 0; r < row && line; r++)
		line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL;
	int col = -1, n = 0;
	for (const char *c = line; c && *c && *c != '\n'; c++) {
		if (strncmp(c, "┆", strlen("┆")) == 0 || strncmp(c, "┼", strlen("┼")) == 0)
			col = n;
		if (((unsigned char)*c & 0xC0) != 0x80)
			n++;
	}
	free(screen);
	return col;
}

/* Three people score the three steps on 1..5. Means: Pilot 4.7 impact,
 * 1.7 effort (a quick win); the wiki 4.0 and 4.3 (a major project);
 * recognition 1.7 and 2.3 (a fill-in). */
static void reveal_a_scoring_ballot(struct fixture *f)
{
	static const int impact[3][3] = {{5, 4, 2}, {4, 5, 1}, {5, 3, 2}};
	static const int effort[3][3] = {{1, 4, 2}, {2, 5, 4}, {2, 4, 1}};
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_SCORING, .horizon = -1,
					    .anonymous = true};
	size_t b;
	keys(f, "]]]");
	assert_int_equal(ws_open_ballot(f->app.ws, &set, &b, &err), ERR_OK);
	for (size_t p = 0; p < 3; p++) {
		const struct ballot_vote v = {.impact = impact[p], .effort = effort[p]};
		assert_int_equal(ws_cast(f->app.ws, b, p, &v, &err), ERR_OK);
	}
	assert_int_equal(ws_reveal_ballot(f->app.ws, b, &err), ERR_OK);
	ui_update(&f->app);
	keys(f, "b");
	enter(f);
	if (f->app.screen != SCREEN_RESULTS)
		fail_msg("not the results:\n%s", dump());
	for (int i = 0; i < 5; i++)
		ui_tick(&f->app);
	ui_draw(&f->app);
}

/* The picture at each size: the axes named, the quick wins' corner
 * named in words, and each step in its quarter: Pilot above the middle
 * and left of it, the wiki above and right, recognition below and left. */
static void screens__an_impact_effort_ballot_shows_a_2x2_with_the_quick_wins_named(
	void **state)
{
	struct fixture *f = *state;
	static const struct { int rows, cols; const char *name; } sizes[] = {
		{24, 80, "vote-matrix-80x24"}, {30, 100, "vote-matrix-100x30"},
		{60, 200, "vote-matrix-200x60"},
	};
	screen_start(f, 30, 100, f->id, NULL);
	reveal_a_scoring_ballot(f);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		resize_term(sizes[k].rows, sizes[k].cols);
		ui_draw(&f->app);
		expect_screen(sizes[k].name);
		int top, col, quick, mid, row;
		assert_true(find_on_screen("  Impact\n", 0, &top, &col));
		assert_true(find_on_screen("QUICK WINS", top, &quick, &col));
		assert_true(find_on_screen("Effort", top, &row, &col));
		assert_true(find_on_screen("┼", top, &mid, &col));
		assert_true(find_on_screen("1 Pilot", top, &row, &col));
		assert_true(row > quick && row < mid && col < divider_on_row(row));
		assert_true(find_on_screen("Build a", top, &row, &col));
		assert_true(row > quick && row < mid && col > divider_on_row(row));
		assert_true(find_on_screen("Tie rec", top, &row, &col));
		assert_true(row > mid && col < divider_on_row(row));
	}
}

static unsigned press(struct fixture *f, wint_t key, bool code)
{
	return ui_key(&f->app, key, code) & UI_DRAWS;
}

/* A key that changes nothing asks for no redraw, and neither does a clock
 * that does not move on screen; a key that changes something and each new
 * second of a running timer do: a move in the table or the clock only
 * what changed, a timer started or a form the whole frame. */
static void screens__only_what_changes_the_screen_asks_for_a_redraw(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	assert_int_equal(press(f, 'k', false), 0);          /* the first dimension already */
	assert_int_equal(press(f, KEY_LEFT, true), 0);      /* the first person already */
	assert_int_equal(press(f, 'z', false), 0);          /* no key at all */
	assert_int_equal(ui_tick(&f->app), 0);
	assert_int_equal(press(f, 'j', false), UI_REDRAW_PART);
	assert_int_equal(press(f, KEY_RIGHT, true), UI_REDRAW_PART);
	setenv("IMPROV_NOW", "2026-11-28T16:00:01Z", 1);
	assert_int_equal(ui_tick(&f->app), 0);              /* a paused timer stands still */
	assert_int_equal(press(f, 't', false), UI_REDRAW);
	setenv("IMPROV_NOW", "2026-11-28T16:00:02Z", 1);
	assert_int_equal(ui_tick(&f->app), UI_REDRAW_PART);
	ui_redraw(&f->app, UI_REDRAW_PART);
	assert_true(screen_has("29:59 left"));
	expect_drawn_afresh(f);
	assert_int_equal(ui_tick(&f->app), 0);              /* the same second */
	keys(f, "]]]");
	assert_int_equal(press(f, 'k', false), 0);          /* the first step already */
	assert_int_equal(press(f, 'e', false), UI_REDRAW);  /* the step form */
	assert_int_equal(press(f, 033, false), UI_REDRAW);
	assert_int_equal(press(f, 'k', false), UI_REDRAW_PART);     /* the message goes */
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
}

static void widen_to_70_dimensions(struct template *tpl)
{
	size_t had = tpl->ndims;
	tpl->dims = xrealloc(tpl->dims, 70 * sizeof *tpl->dims);
	for (size_t d = had; d < 70; d++) {
		char key[16], name[32];
		snprintf(key, sizeof key, "dim%zu", d + 1);
		snprintf(name, sizeof name, "Dimension %zu", d + 1);
		tpl->dims[d] = (struct template_dimension){xstrdup(key), xstrdup(name),
							   xstrdup("?"), xstrdup("low"),
							   xstrdup("high")};
	}
	tpl->ndims = 70;
}

static void add_70_goals(struct session *s)
{
	struct error err = {0};
	for (int g = 1; g <= 70; g++) {
		char text[32];
		snprintf(text, sizeof text, "Goal %d", g);
		assert_int_equal(session_add_goal(s, text, NULL, &err), ERR_OK);
	}
}

/* A session whose template has 70 dimensions and which has 70 goals. */
static int64_t make_wide_session(const char *db)
{
	static const char *const people[] = {"Ana", "Bo"};
	const struct session_setup setup = {.title = "Wide", .participants = people,
					    .nparticipants = 2, .level = LEVEL_TEAM};
	return screen_store_session(db, &setup, widen_to_70_dimensions, add_70_goals);
}

/* A form offers every goal and every dimension, however many: the last
 * of 70 is one Left away from "(none)", and it is what is saved. */
static void screens__a_choice_offers_all_70_goals_and_all_70_dimensions(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_wide_session(f->db);
	screen_start(f, 30, 100, id, NULL);
	keys(f, "]]a");                   /* a new metric */
	keys(f, "Reach\t\t\t\t\t\t");
	key_code(f, KEY_LEFT);
	assert_true(screen_has("< Goal 70 >"));
	enter(f);
	const struct session *s = f->app.ws->s;
	assert_int_equal(s->nmetrics, 1);
	assert_int_equal(s->metrics[0].goal_id, s->goals[69].id);
	keys(f, "[\ta");                 /* a new goal */
	keys(f, "Wider\t");
	key_code(f, KEY_LEFT);
	assert_true(screen_has("< Dimension 70 >"));
	enter(f);
	s = f->app.ws->s;
	assert_int_equal(s->ngoals, 71);
	assert_string_equal(s->goals[70].dimension, "dim70");
}

/* From 200x60 down to 1x1 and back, many times: no crash, no error, and
 * the workshop is all there afterwards. */
static void screens__a_resize_storm_leaves_the_workshop_intact(void **state)
{
	struct fixture *f = *state;
	screen_start(f, 60, 200, f->id, NULL);
	for (int round = 0; round < 40; round++) {
		for (int k = 0; k <= 20; k++) {
			int step = round % 2 ? 20 - k : k;
			int rows = 60 - step * 59 / 20, cols = 200 - step * 199 / 20;
			resize_term(rows, cols);
			ui_draw(&f->app);
			if (round % 5 == 0)
				keys(f, "j]");
		}
	}
	resize_term(30, 100);
	ui_draw(&f->app);
	assert_true(screen_has("Q1 review"));
	const struct session *s = f->app.ws->s;
	assert_int_equal(s->nparticipants, 3);
	assert_int_equal(s->nsteps, 3);
	assert_int_equal(s->nvalues, 2);
	assert_int_equal(s->dims[0].scores[0], 2);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, screen_teardown)

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		TEST(screens__every_stage_at_80x24_matches_its_dump),
		TEST(screens__every_stage_at_200x60_matches_its_dump),
		TEST(screens__home_lists_the_session_under_its_organization),
		TEST(screens__the_setup_form_and_the_help_screen_match_their_dumps),
		TEST(screens__a_small_window_asks_politely_and_the_workshop_comes_back),
		TEST(screens__presentation_mode_hides_the_hints),
		TEST(screens__a_rating_typed_is_on_screen_and_in_the_database),
		TEST(screens__a_on_the_current_state_adds_a_late_participant),
		TEST(screens__private_ratings_show_who_rated_until_r_reveals_them),
		TEST(screens__e_on_the_current_state_renames_the_selected_participant),
		TEST(screens__a_secret_dots_ballot_shows_nothing_until_the_reveal),
		TEST(screens__an_impact_effort_ballot_shows_a_2x2_with_the_quick_wins_named),
		TEST(screens__a_resize_storm_leaves_the_workshop_intact),
		TEST(screens__a_choice_offers_all_70_goals_and_all_70_dimensions),
		TEST(screens__only_what_changes_the_screen_asks_for_a_redraw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
