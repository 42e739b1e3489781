/* Tests for sessions/workshop: every change is in the database when the
 * call returns; a second window on the same session only reads; timers and
 * measurements survive a restart. Each test works in its own temporary
 * folder with its own database. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/export.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/workshop_fixture.c"

static void workshop_open__a_second_window_is_read_only_and_says_who_holds_the_session(
	void **state)
{
	const struct fixture *fx = *state;
	struct store *other = support_open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	char pid[32];
	snprintf(pid, sizeof pid, "process %ld", (long)getpid());
	assert_non_null(strstr(ro->holder, pid));
	assert_non_null(strchr(ro->holder, '@'));
	assert_false(ws_can_undo(ro));
	support_assert_same_session(S(fx), ro->s);
	workshop_close(ro);
	store_close(other);
	assert_false(fx->ws->read_only);
}

/* Tries every change a screen can make in a read-only window: each one is
 * refused as busy. */
static void try_every_change(struct workshop *ro)
{
	struct error err = {0};
	const char *what = NULL;
	size_t b = 99;
	const struct metric m = {.name = (char *)"m", .baseline = NAN, .target = NAN,
				 .target_date = NO_DATE, .baseline_date = NO_DATE};
	const struct step st = {.text = (char *)"s", .points = POINTS_NONE};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1};
	const int dots[] = {1, 1, 1, 0};
	const struct ballot_vote vote = {.dots = dots};
	enum err_code codes[32];
	size_t n = 0;
	codes[n++] = ws_rate(ro, 0, ANA, 3, &err);
	codes[n++] = ws_group_score(ro, 0, 3, &err);
	codes[n++] = ws_add_note(ro, 0, NOTE_GAP, "n", &err);
	codes[n++] = ws_remove_note(ro, 0, 0, &err);
	codes[n++] = ws_add_participant(ro, "Dee", &err);
	codes[n++] = ws_rename_participant(ro, ANA, "Ana B", &err);
	codes[n++] = ws_add_value(ro, "v", &err);
	codes[n++] = ws_edit_value(ro, 0, "v2", &err);
	codes[n++] = ws_add_goal(ro, "g", NULL, &err);
	codes[n++] = ws_edit_goal(ro, 0, "g2", NULL, &err);
	codes[n++] = ws_goal_status(ro, 0, GOAL_RETIRED, &err);
	codes[n++] = ws_add_metric(ro, &m, &err);
	codes[n++] = ws_edit_metric(ro, 0, &m, &err);
	codes[n++] = ws_measure(ro, 0, 50, date_from_civil(2026, 11, 28), &err);
	codes[n++] = ws_add_step(ro, &st, &err);
	codes[n++] = ws_edit_step(ro, 0, &st, &err);
	codes[n++] = ws_park(ro, "p", &err);
	codes[n++] = ws_edit_parked(ro, 0, "p2", &err);
	codes[n++] = ws_remove(ro, LIST_STEPS, 0, &err);
	codes[n++] = ws_remove(ro, LIST_PARTICIPANTS, 0, &err);
	codes[n++] = ws_move(ro, LIST_STEPS, 0, 1, &err);
	codes[n++] = ws_set_field(ro, "title", "t", &err);
	codes[n++] = ws_set_ratings(ro, RATINGS_PRIVATE, &err);
	codes[n++] = ws_close_session(ro, &err);
	codes[n++] = ws_reopen_session(ro, &err);
	codes[n++] = ws_open_ballot(ro, &set, &b, &err);
	codes[n++] = ws_cast(ro, 0, CY, &vote, &err);
	codes[n++] = ws_set_tally(ro, 0, 0, 1, &err);
	codes[n++] = ws_close_ballot(ro, 0, &err);
	codes[n++] = ws_reveal_ballot(ro, 0, &err);
	codes[n++] = ws_undo(ro, &what, &err);
	assert_true(n <= NELEMS(codes));
	for (size_t i = 0; i < n; i++) {
		if (codes[i] != ERR_BUSY)
			print_error("change %zu: got %d, not busy\n", i, codes[i]);
		assert_int_equal(codes[i], ERR_BUSY);
	}
	assert_non_null(strstr(err.msg, "read-only"));
	assert_non_null(strstr(err.msg, ro->holder));
	assert_int_equal(b, 99);
	assert_null(what);
}

static void workshop__read_only__refuses_every_change_as_busy_and_leaves_the_file_alone(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	support_expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", NULL, &err), &err);
	add_metric(fx, "Teams sharing monthly", 0);
	support_expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b;
	support_expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);

	struct store *other = support_open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	char *before = support_dump_database(fx->db);
	try_every_change(ro);
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	support_assert_same_session(S(fx), ro->s);

	/* Looking at another stage and timing it is this window's own. */
	time_t now = clock_now();
	support_expect_ok(ws_set_stage(ro, STAGE_STEPS, &err), &err);
	support_expect_ok(ws_timer_toggle(ro, STAGE_STEPS, now, &err), &err);
	support_expect_ok(ws_timer_add(ro, STAGE_STEPS, 60, now, &err), &err);
	assert_int_equal(ro->s->stage, STAGE_STEPS);
	assert_true(ws_timer_running(ro, STAGE_STEPS));
	free(after);
	after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
	workshop_close(ro);
	store_close(other);
	assert_saved(fx);
}

static void workshop_open__takes_the_session_once_the_first_window_has_closed(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	struct store *other = support_open_store(fx->db);
	struct workshop *ro = open_workshop(other, fx->id);
	assert_true(ro->read_only);
	workshop_close(ro);

	workshop_close(fx->ws);
	fx->ws = NULL;
	struct workshop *second = open_workshop(other, fx->id);
	assert_false(second->read_only);
	support_expect_ok(ws_park(second, "Who pays for the wiki?", &err), &err);

	fx->ws = open_workshop(fx->st, fx->id);
	assert_true(fx->ws->read_only);
	support_expect_refused(ws_park(fx->ws, "Who owns the wiki?", &err), &err, ERR_BUSY, "read-only");
	workshop_close(fx->ws);
	fx->ws = NULL;
	workshop_close(second);
	store_close(other);

	fx->ws = open_workshop(fx->st, fx->id);
	assert_false(fx->ws->read_only);
	assert_int_equal(S(fx)->nparking, 1);
	assert_string_equal(S(fx)->parking[0].text, "Who pays for the wiki?");
}



static void ws_measure__keeps_measurements_oldest_first_after_a_reopen(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	setenv("IMPROV_NOW", CLOCK_START, 1);
	long today = date_today();
	assert_int_equal(today, date_from_civil(2026, 11, 28));
	add_metric(fx, "Questions answered within a day", 0);
	support_expect_ok(ws_measure(fx->ws, 0, 55, today, &err), &err);
	support_expect_ok(ws_measure(fx->ws, 0, 48, today - 30, &err), &err);
	support_expect_refused(ws_measure(fx->ws, 0, NAN, today, &err), &err, ERR_DATA, "number");
	support_expect_refused(ws_measure(fx->ws, 0, 60, NO_DATE, &err), &err, ERR_DATA, "date");
	support_expect_refused(ws_measure(fx->ws, 1, 60, today, &err), &err, ERR_DATA, "no such");
	assert_saved(fx);

	workshop_close(fx->ws);
	fx->ws = open_workshop(fx->st, fx->id);
	const struct metric *m = &S(fx)->metrics[0];
	assert_int_equal(m->nmeasurements, 2);
	assert_true(m->measurements[0].value == 48);
	assert_int_equal(m->measurements[0].taken_on, today - 30);
	assert_true(m->measurements[1].value == 55);
	assert_int_equal(m->measurements[1].taken_on, today);
	assert_true(metric_current(m) == 55);
	assert_true(fabs(metric_progress(m) - 0.5) < 1e-9);

	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	support_expect_refused(ws_measure(fx->ws, 0, 60, today, &err), &err, ERR_DATA, "closed");
	assert_saved(fx);
}

static time_t set_clock(time_t start, int seconds)
{
	char iso[CLOCK_ISO_SIZE];
	clock_format_iso(start + seconds, iso);
	setenv("IMPROV_NOW", iso, 1);
	assert_int_equal(clock_now(), start + seconds);
	return clock_now();
}

static void reopen(struct fixture *fx)
{
	workshop_close(fx->ws);
	fx->ws = open_workshop(fx->st, fx->id);
	assert_false(fx->ws->read_only);
}

static void ws_timer__runs_pauses_and_gains_minutes_by_the_clock_and_keeps_it_after_a_reopen(
	void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	time_t t0;
	assert_true(clock_parse_iso(CLOCK_START, &t0));
	const enum stage steps = STAGE_STEPS;
	time_t now = set_clock(t0, 0);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 30 * 60);
	assert_false(ws_timer_running(fx->ws, steps));

	support_expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	assert_true(ws_timer_running(fx->ws, steps));
	now = set_clock(t0, 90);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1710);
	support_expect_ok(ws_timer_add(fx->ws, steps, 60, now, &err), &err);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1770);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 30 * 60);
	now = set_clock(t0, 100);
	support_expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	assert_false(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1760);
	assert_saved(fx);

	now = set_clock(t0, 500);
	reopen(fx);
	assert_false(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1760);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 30 * 60);

	now = set_clock(t0, 600);
	support_expect_ok(ws_timer_toggle(fx->ws, steps, now, &err), &err);
	now = set_clock(t0, 660);
	reopen(fx);
	assert_true(ws_timer_running(fx->ws, steps));
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1700);
	support_expect_ok(ws_timer_add(fx->ws, steps, -60, now, &err), &err);
	assert_int_equal(ws_timer_left(fx->ws, steps, now), 1640);
	assert_int_equal(S(fx)->timers[steps].box_seconds, 30 * 60);
	assert_saved(fx);

	/* The other stages kept their own timeboxes, untouched. */
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), 10 * 60);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_METRICS, now), 15 * 60);
	assert_false(ws_timer_running(fx->ws, STAGE_REVIEW));
}

/* The room asked for three minutes more of a stage nearly spent: 29
 * minutes taken off the running clock and three given back change that
 * clock only. The plan's thirty minutes are what the export writes and
 * what the next check-in starts from. */
static void ws_timer_add__changes_the_running_clock_and_leaves_the_planned_timebox(
	void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	time_t t0;
	assert_true(clock_parse_iso(CLOCK_START, &t0));
	time_t now = set_clock(t0, 0);
	support_expect_ok(ws_timer_toggle(fx->ws, STAGE_STEPS, now, &err), &err);
	for (int i = 0; i < 29; i++)
		support_expect_ok(ws_timer_add(fx->ws, STAGE_STEPS, -60, now, &err), &err);
	for (int i = 0; i < 3; i++)
		support_expect_ok(ws_timer_add(fx->ws, STAGE_STEPS, 60, now, &err), &err);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_STEPS, now), 4 * 60);
	assert_saved(fx);

	struct session *saved = on_disk(fx);
	assert_int_equal(saved->timers[STAGE_STEPS].box_seconds, 30 * 60);
	struct sbuf json = SBUF_INIT;
	const struct export_context ctx = {.session = saved};
	export_json(&ctx, &json);
	assert_non_null(strstr(json.data, "\"steps\": 30"));
	sbuf_free(&json);
	session_free(saved);

	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	int64_t next;
	support_expect_ok(store_check_in(fx->st, fx->id, clock_now(), &next, &err), &err);
	struct session *c = support_load(fx->st, next);
	assert_int_equal(c->timers[STAGE_STEPS].box_seconds, 30 * 60);
	assert_int_equal(c->timers[STAGE_STEPS].left_seconds, 30 * 60);
	session_free(c);
}

/* The clock at CLOCK_START (*t0) and the review's timer started then;
 * returns that time. */
static time_t start_the_review_timer(const struct fixture *fx, time_t *t0)
{
	struct error err = {0};
	assert_true(clock_parse_iso(CLOCK_START, t0));
	time_t now = set_clock(*t0, 0);
	support_expect_ok(ws_timer_toggle(fx->ws, STAGE_REVIEW, now, &err), &err);
	return now;
}

static void ws_timer__counts_below_zero_once_the_timebox_is_spent(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	time_t t0;
	time_t now = start_the_review_timer(fx, &t0);
	now = set_clock(t0, 700);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	reopen(fx);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	support_expect_ok(ws_timer_toggle(fx->ws, STAGE_REVIEW, now, &err), &err);
	now = set_clock(t0, 900);
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, now), -100);
	assert_saved(fx);
}

/* A clock set decades ahead of when the timer started (a machine whose
 * clock was wrong, then put right) shows the most the model allows, not a
 * count wrapped round to a positive number. */
static void ws_timer__a_clock_far_ahead_stops_at_the_models_bound(void **state)
{
	struct fixture *fx = *state;
	time_t t0;
	time_t now = start_the_review_timer(fx, &t0);
	time_t far = now + (time_t)5000000000LL;   /* about 160 years on */
	assert_int_equal(ws_timer_left(fx->ws, STAGE_REVIEW, far), -TIMER_SECONDS_LIMIT);
}

/* Private, then revealed: each saved as it is set, kept after a reopen,
 * carried to a check-in as private, and refused once the session closed. */
static void ws_set_ratings__saves_private_and_revealed_and_a_check_in_rates_in_private(
	void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	assert_int_equal(S(fx)->ratings, RATINGS_SHOWN);
	support_expect_ok(ws_rate(fx->ws, 0, ANA, 4, &err), &err);
	support_expect_ok(ws_set_ratings(fx->ws, RATINGS_PRIVATE, &err), &err);
	assert_false(session_scores_shown(S(fx)));
	assert_saved(fx);
	reopen(fx);
	assert_int_equal(S(fx)->ratings, RATINGS_PRIVATE);
	support_expect_ok(ws_set_ratings(fx->ws, RATINGS_REVEALED, &err), &err);
	assert_true(session_scores_shown(S(fx)));
	assert_int_equal(S(fx)->dims[0].scores[ANA], 4);
	assert_saved(fx);
	assert_int_equal(ws_set_ratings(fx->ws, (enum ratings)RATINGS_COUNT, &err), ERR_DATA);
	assert_int_equal(S(fx)->ratings, RATINGS_REVEALED);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	assert_int_equal(ws_set_ratings(fx->ws, RATINGS_SHOWN, &err), ERR_DATA);
	assert_int_equal(S(fx)->ratings, RATINGS_REVEALED);
	int64_t next;
	support_expect_ok(store_check_in(fx->st, fx->id, clock_now(), &next, &err), &err);
	struct session *c = support_load(fx->st, next);
	assert_int_equal(c->ratings, RATINGS_PRIVATE);
	session_free(c);
}

static void ws_set_stage__browsing_a_closed_session_leaves_the_file_as_it_was(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_set_stage(fx->ws, STAGE_REVIEW, &err), &err);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	char *before = support_dump_database(fx->db);
	time_t now = clock_now();
	for (int st = STAGE_STEPS; st >= STAGE_CURRENT_STATE; st--)
		support_expect_ok(ws_set_stage(fx->ws, (enum stage)st, &err), &err);
	support_expect_ok(ws_timer_toggle(fx->ws, STAGE_CURRENT_STATE, now, &err), &err);
	support_expect_ok(ws_timer_add(fx->ws, STAGE_CURRENT_STATE, 60, now, &err), &err);
	assert_int_equal(S(fx)->stage, STAGE_CURRENT_STATE);
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	struct session *disk = on_disk(fx);
	assert_int_equal(disk->stage, STAGE_REVIEW);
	assert_true(session_is_closed(disk));
	session_free(disk);
	free(before);
	free(after);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(workshop_open__a_second_window_is_read_only_and_says_who_holds_the_session),
		TEST(workshop__read_only__refuses_every_change_as_busy_and_leaves_the_file_alone),
		TEST(workshop_open__takes_the_session_once_the_first_window_has_closed),
		TEST(ws_measure__keeps_measurements_oldest_first_after_a_reopen),
		TEST(ws_timer__runs_pauses_and_gains_minutes_by_the_clock_and_keeps_it_after_a_reopen),
		TEST(ws_timer_add__changes_the_running_clock_and_leaves_the_planned_timebox),
		TEST(ws_timer__counts_below_zero_once_the_timebox_is_spent),
		TEST(ws_timer__a_clock_far_ahead_stops_at_the_models_bound),
		TEST(ws_set_ratings__saves_private_and_revealed_and_a_check_in_rates_in_private),
		TEST(ws_set_stage__browsing_a_closed_session_leaves_the_file_as_it_was),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
