/* Tests for sessions/workshop when the disk fills up: every kind of change
 * the store refuses at its commit leaves the session in memory exactly as
 * it was, at the same addresses (pointers taken before the call still read
 * the same thing: the sanitizers would catch one that dangles), the undo
 * entries too, and the file as it was; the same change is saved once space
 * returns. Each case works in its own temporary folder, its store opened
 * through the test VFS that fails writes. */
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
#include "sessions/store.h"
#include "sessions/workshop.h"

#include "tests/sessions/faulty_vfs.c"
#include "tests/sessions/workshop_fixture.c"

#define SAYS_FULL "the disk is full"

/* One kind of change: what makes it possible (may be NULL), and the
 * change itself. */
struct refused_case {
	const char *name;
	void (*prepare)(const struct fixture *fx);
	enum err_code (*change)(struct workshop *ws, struct error *err);
};

/* ---- the workshop every case starts from ---- */

/* Something in every list: ratings and a group score, two notes, a value,
 * a goal with a metric and a measurement, six steps, a parked topic, and
 * an anonymous dots ballot on the four steps still to do, Ana's vote in. */
static void fill_workshop(const struct fixture *fx)
{
	struct error err = {0};
	rate(fx, 0, ANA, 2);
	rate(fx, 0, BO, 3);
	rate(fx, 1, CY, 4);
	support_expect_ok(ws_group_score(fx->ws, 1, 3, &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_STRENGTH, "Show-and-tell every Friday", &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "Nobody reads the wiki", &err), &err);
	support_expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson a month", "culture", &err),
		  &err);
	add_metric(fx, "Teams sharing monthly", S(fx)->goals[0].id);
	support_expect_ok(ws_measure(fx->ws, 0, 45, date_from_civil(2026, 11, 1), &err), &err);
	add_six_steps(fx);
	support_expect_ok(ws_park(fx->ws, "Budget for conferences", &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	const int dots[] = {2, 0, 1, 0};
	cast_dots(fx, b, ANA, dots);
}

static int open_on_a_disk_that_fills(void **state)
{
	faulty_vfs_install();
	setenv("IMPROV_NOW", CLOCK_START, 1);
	if (make_fixture_on(state, FAULTY_VFS))
		return -1;
	const struct fixture *fx = *state;
	const struct refused_case *c = fx->given;
	fill_workshop(fx);
	if (c->prepare)
		c->prepare(fx);
	assert_saved(fx);
	return 0;
}

/* ---- pointers into the session, taken before the change ---- */

struct held {
	const struct session *s;
	const char *title, *organization;
	const struct participant *people;
	const char *name;
	const int *scores;
	const struct note *notes;
	const char *note;
	const struct value *values;
	const struct goal *goals;
	const char *goal;
	const struct metric *metrics;
	const char *metric;
	const struct measurement *measured;
	const struct step *steps;
	const char *step, *owner;
	const struct parked *parking;
	const char *parked;
	const struct ballot *ballots;
	const int64_t *voters, *candidates;
	const long *points;
};

static struct held hold(const struct session *s)
{
	return (struct held){
		.s = s, .title = s->title, .organization = s->organization,
		.people = s->participants, .name = s->participants[0].name,
		.scores = s->dims[0].scores, .notes = s->dims[0].notes,
		.note = s->dims[0].notes[0].text, .values = s->values, .goals = s->goals,
		.goal = s->goals[0].text, .metrics = s->metrics, .metric = s->metrics[0].name,
		.measured = s->metrics[0].measurements, .steps = s->steps,
		.step = s->steps[0].text, .owner = s->steps[0].owner, .parking = s->parking,
		.parked = s->parking[0].text, .ballots = s->ballots,
		.voters = s->ballots[0].voters, .candidates = s->ballots[0].candidates,
		.points = s->ballots[0].points,
	};
}

/* Every pointer is where it was and reads what `was` holds. */
static void assert_still_held(const struct held *h, const struct session *now,
			      const struct session *was)
{
	assert_ptr_equal(now, h->s);
	assert_ptr_equal(now->title, h->title);
	assert_string_equal(h->title, was->title);
	assert_ptr_equal(now->organization, h->organization);
	assert_ptr_equal(now->participants, h->people);
	assert_string_equal(h->name, was->participants[0].name);
	assert_ptr_equal(now->dims[0].scores, h->scores);
	for (size_t p = 0; p < was->nparticipants; p++)
		assert_int_equal(h->scores[p], was->dims[0].scores[p]);
	assert_ptr_equal(now->dims[0].notes, h->notes);
	assert_string_equal(h->note, was->dims[0].notes[0].text);
	assert_ptr_equal(now->values, h->values);
	assert_ptr_equal(now->goals, h->goals);
	assert_string_equal(h->goal, was->goals[0].text);
	assert_ptr_equal(now->metrics, h->metrics);
	assert_string_equal(h->metric, was->metrics[0].name);
	assert_ptr_equal(now->metrics[0].measurements, h->measured);
	assert_true(h->measured[0].value == was->metrics[0].measurements[0].value);
	assert_ptr_equal(now->steps, h->steps);
	assert_string_equal(h->step, was->steps[0].text);
	assert_ptr_equal(now->steps[0].owner, h->owner);
	assert_ptr_equal(now->parking, h->parking);
	assert_string_equal(h->parked, was->parking[0].text);
	assert_ptr_equal(now->ballots, h->ballots);
	assert_ptr_equal(now->ballots[0].voters, h->voters);
	assert_int_equal(h->voters[0], was->ballots[0].voters[0]);
	assert_ptr_equal(now->ballots[0].candidates, h->candidates);
	assert_int_equal(h->candidates[0], was->ballots[0].candidates[0]);
	assert_ptr_equal(now->ballots[0].points, h->points);
	assert_int_equal(h->points[0], was->ballots[0].points[0]);
}

/* ---- the one test, run for every kind of change ---- */

static void refused__leaves_the_session_as_it_was_and_saves_once_space_returns(void **state)
{
	const struct fixture *fx = *state;
	const struct refused_case *c = fx->given;
	struct session *before = on_disk(fx);
	char *file = support_dump_database(fx->db);
	size_t nundo = fx->ws->nundo;
	const struct held h = hold(fx->ws->s);

	/* The log refuses every frame of the commit: the disk is full. */
	const struct fault_plan full = {.kind = FAULT_ENOSPC, .call = FAULT_WRITE,
					.file = FAULT_WAL, .nth = 1, .every_later = true};
	struct error err = {0};
	faulty_vfs_arm(&full);
	enum err_code code = c->change(fx->ws, &err);
	struct fault_counts counts = faulty_vfs_counts();
	faulty_vfs_disarm();
	assert_true(counts.injected > 0);
	support_expect_refused(code, &err, ERR_IO, SAYS_FULL);

	assert_still_held(&h, fx->ws->s, before);
	support_assert_same_session(before, fx->ws->s);
	assert_int_equal(fx->ws->nundo, nundo);
	assert_false(fx->ws->read_only);
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, file);
	free(after);

	/* Space is back: the same change is saved, once. */
	support_expect_ok(c->change(fx->ws, &err), &err);
	assert_saved(fx);
	free(file);
	session_free(before);
}

/* ---- the changes ---- */

static const struct step new_step = {.text = (char *)"Office hours for the wiki",
				     .horizon = HORIZON_MEDIUM, .points = POINTS_NONE};

static enum err_code rating(struct workshop *ws, struct error *err)
{
	return ws_rate(ws, 0, BO, 5, err);
}

static enum err_code group_score(struct workshop *ws, struct error *err)
{
	return ws_group_score(ws, 1, 5, err);
}

static enum err_code new_note(struct workshop *ws, struct error *err)
{
	return ws_add_note(ws, 0, NOTE_GAP, "Four talks since June", err);
}

static enum err_code note_deleted(struct workshop *ws, struct error *err)
{
	return ws_remove_note(ws, 0, 0, err);
}

static enum err_code new_participant(struct workshop *ws, struct error *err)
{
	return ws_add_participant(ws, "Eve", err);
}

static enum err_code participant_renamed(struct workshop *ws, struct error *err)
{
	return ws_rename_participant(ws, ANA, "Ana Lima", err);
}

static enum err_code new_value(struct workshop *ws, struct error *err)
{
	return ws_add_value(ws, "Ask early", err);
}

static enum err_code value_edited(struct workshop *ws, struct error *err)
{
	return ws_edit_value(ws, 0, "Share by default, always", err);
}

static enum err_code new_goal(struct workshop *ws, struct error *err)
{
	return ws_add_goal(ws, "Answers found in a minute", "tools", err);
}

static enum err_code goal_edited(struct workshop *ws, struct error *err)
{
	return ws_edit_goal(ws, 0, "Every team shares two lessons a month", "culture", err);
}

static enum err_code goal_achieved(struct workshop *ws, struct error *err)
{
	return ws_goal_status(ws, 0, GOAL_ACHIEVED, err);
}

static enum err_code new_metric(struct workshop *ws, struct error *err)
{
	const struct metric m = {.name = (char *)"Wiki searches a week", .unit = (char *)"",
				 .direction = DIRECTION_UP, .baseline = NAN,
				 .baseline_date = NO_DATE, .target = NAN,
				 .target_date = NO_DATE};
	return ws_add_metric(ws, &m, err);
}

static enum err_code metric_edited(struct workshop *ws, struct error *err)
{
	struct metric m = ws->s->metrics[0];
	m.name = (char *)"Teams sharing every month";
	return ws_edit_metric(ws, 0, &m, err);
}

static enum err_code measurement(struct workshop *ws, struct error *err)
{
	return ws_measure(ws, 0, 55, date_from_civil(2026, 11, 28), err);
}

static enum err_code step_added(struct workshop *ws, struct error *err)
{
	return ws_add_step(ws, &new_step, err);
}

/* The fields come from the session itself, as the screen passes them. */
static enum err_code step_edited(struct workshop *ws, struct error *err)
{
	struct step st = ws->s->steps[0];
	st.owner = (char *)"Bo";
	st.status = STEP_DOING;
	return ws_edit_step(ws, 0, &st, err);
}

static enum err_code parked(struct workshop *ws, struct error *err)
{
	return ws_park(ws, "A second coffee machine", err);
}

static enum err_code parked_edited(struct workshop *ws, struct error *err)
{
	return ws_edit_parked(ws, 0, "Budget for two conferences", err);
}

/* Steps 4 and 5 are done and dropped: on no ballot. */
static enum err_code step_deleted(struct workshop *ws, struct error *err)
{
	return ws_remove(ws, LIST_STEPS, 4, err);
}

static enum err_code participant_removed(struct workshop *ws, struct error *err)
{
	return ws_remove(ws, LIST_PARTICIPANTS, BO, err);
}

static enum err_code goal_deleted(struct workshop *ws, struct error *err)
{
	return ws_remove(ws, LIST_GOALS, 0, err);
}

static enum err_code step_moved(struct workshop *ws, struct error *err)
{
	return ws_move(ws, LIST_STEPS, 0, 3, err);
}

static enum err_code participant_moved(struct workshop *ws, struct error *err)
{
	return ws_move(ws, LIST_PARTICIPANTS, ANA, CY, err);
}

static enum err_code title(struct workshop *ws, struct error *err)
{
	return ws_set_field(ws, "title", "Q2: how Support learns, second look", err);
}

static enum err_code level(struct workshop *ws, struct error *err)
{
	return ws_set_field(ws, "level", "organization", err);
}

static enum err_code stage(struct workshop *ws, struct error *err)
{
	return ws_set_stage(ws, STAGE_STEPS, err);
}

static enum err_code ratings_private(struct workshop *ws, struct error *err)
{
	return ws_set_ratings(ws, RATINGS_PRIVATE, err);
}

static enum err_code closing(struct workshop *ws, struct error *err)
{
	return ws_close_session(ws, err);
}

static void close_it(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
}

static enum err_code reopening(struct workshop *ws, struct error *err)
{
	return ws_reopen_session(ws, err);
}

static enum err_code timer_started(struct workshop *ws, struct error *err)
{
	return ws_timer_toggle(ws, STAGE_STEPS, clock_now(), err);
}

static enum err_code timer_minute(struct workshop *ws, struct error *err)
{
	return ws_timer_add(ws, STAGE_STEPS, 60, clock_now(), err);
}

static enum err_code new_ballot(struct workshop *ws, struct error *err)
{
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b;
	return ws_open_ballot(ws, &set, &b, err);
}

static enum err_code vote(struct workshop *ws, struct error *err)
{
	const int dots[] = {0, 3, 0, 0};
	const struct ballot_vote v = {.dots = dots};
	return ws_cast(ws, 0, BO, &v, err);
}

static void open_tally(const struct fixture *fx)
{
	const struct ballot_settings set = {.method = BALLOT_DOTS,
					    .entry = BALLOT_ENTRY_TALLY, .horizon = -1,
					    .wall_voters = 12};
	open_ballot(fx, &set);
}

static enum err_code tally(struct workshop *ws, struct error *err)
{
	return ws_set_tally(ws, 1, 2, 17, err);
}

static enum err_code ballot_closed(struct workshop *ws, struct error *err)
{
	return ws_close_ballot(ws, 0, err);
}

static enum err_code ballot_revealed(struct workshop *ws, struct error *err)
{
	return ws_reveal_ballot(ws, 0, err);
}

static enum err_code undone(struct workshop *ws, struct error *err)
{
	const char *what;
	return ws_undo(ws, &what, err);
}

static void edit_a_step(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(step_edited(fx->ws, &err), &err);
}

static void delete_a_step(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(ws_remove(fx->ws, LIST_STEPS, 5, &err), &err);
}

static void remove_cy(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, CY, &err), &err);
}

static void add_a_note(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(new_note(fx->ws, &err), &err);
}

static void retitle(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(title(fx->ws, &err), &err);
}

static void add_a_step(const struct fixture *fx)
{
	struct error err = {0};
	support_expect_ok(step_added(fx->ws, &err), &err);
}

/* ---- an undo that takes several transactions ---- */

/* Putting Ana back takes one transaction for her row, then one for the
 * ballot she voted on, one for the order and one for her ratings. With the
 * disk full from any write on, the undo either leaves everything as it was
 * and waits on the stack, or, once her row was saved, is off the stack and
 * the session is read back, at the next workshop_wake, as the file holds
 * it; nothing is ever shown that the file does not hold. */
static void refused__an_undo_of_a_removal_at_any_write_shows_what_the_file_holds(void **state)
{
	(void)state;
	faulty_vfs_install();
	setenv("IMPROV_NOW", CLOCK_START, 1);
	bool whole = false, in_part = false;
	for (unsigned nth = 1; !whole; nth++) {
		assert_true(nth < 200);
		void *st = NULL;
		assert_int_equal(make_fixture_on(&st, FAULTY_VFS), 0);
		struct fixture *fx = st;
		fill_workshop(fx);
		struct error err = {0};
		support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, ANA, &err), &err);
		struct session *before = on_disk(fx);
		size_t nundo = fx->ws->nundo;

		const struct fault_plan full = {.kind = FAULT_ENOSPC, .call = FAULT_WRITE,
						.file = FAULT_WAL, .nth = nth, .every_later = true};
		const char *what;
		faulty_vfs_arm(&full);
		enum err_code code = ws_undo(fx->ws, &what, &err);
		struct fault_counts counts = faulty_vfs_counts();
		faulty_vfs_disarm();
		if (code == ERR_OK) {
			whole = true;
			assert_int_equal(counts.injected, 0);
		} else if (fx->ws->nundo == nundo) {
			assert_false(fx->ws->stale);
			support_assert_same_session(before, fx->ws->s);
		} else {
			in_part = true;
			assert_int_equal(fx->ws->nundo, nundo - 1);
			assert_true(fx->ws->stale);
			assert_false(workshop_wake(fx->ws));
			assert_false(fx->ws->stale);
		}
		assert_saved(fx);
		session_free(before);
		remove_fixture(&st);
	}
	assert_true(in_part);
}

static const struct refused_case cases[] = {
	{"refused__a_rating", NULL, rating},
	{"refused__a_group_score", NULL, group_score},
	{"refused__a_new_note", NULL, new_note},
	{"refused__a_deleted_note", NULL, note_deleted},
	{"refused__a_new_participant", NULL, new_participant},
	{"refused__a_participant_renamed", NULL, participant_renamed},
	{"refused__a_new_value", NULL, new_value},
	{"refused__a_value_edited", NULL, value_edited},
	{"refused__a_new_goal", NULL, new_goal},
	{"refused__a_goal_edited", NULL, goal_edited},
	{"refused__a_goal_achieved", NULL, goal_achieved},
	{"refused__a_new_metric", NULL, new_metric},
	{"refused__a_metric_edited", NULL, metric_edited},
	{"refused__a_measurement", NULL, measurement},
	{"refused__a_new_step", NULL, step_added},
	{"refused__a_step_edited_from_its_own_fields", NULL, step_edited},
	{"refused__a_parked_topic", NULL, parked},
	{"refused__a_parked_topic_edited", NULL, parked_edited},
	{"refused__a_deleted_step", NULL, step_deleted},
	{"refused__a_removed_participant", NULL, participant_removed},
	{"refused__a_deleted_goal", NULL, goal_deleted},
	{"refused__a_step_moved", NULL, step_moved},
	{"refused__a_participant_moved", NULL, participant_moved},
	{"refused__a_new_title", NULL, title},
	{"refused__a_new_level", NULL, level},
	{"refused__a_stage", NULL, stage},
	{"refused__private_ratings", NULL, ratings_private},
	{"refused__closing_the_session", NULL, closing},
	{"refused__reopening_the_session", close_it, reopening},
	{"refused__a_timer_started", NULL, timer_started},
	{"refused__a_minute_on_the_timer", NULL, timer_minute},
	{"refused__a_new_ballot", NULL, new_ballot},
	{"refused__an_anonymous_vote", NULL, vote},
	{"refused__a_count_from_the_wall", open_tally, tally},
	{"refused__closing_a_ballot", NULL, ballot_closed},
	{"refused__revealing_a_ballot", NULL, ballot_revealed},
	{"refused__undoing_an_edit", edit_a_step, undone},
	{"refused__undoing_a_deletion", delete_a_step, undone},
	{"refused__undoing_a_removed_participant", remove_cy, undone},
	{"refused__undoing_a_new_note", add_a_note, undone},
	{"refused__undoing_a_new_title", retitle, undone},
	{"refused__undoing_a_new_step", add_a_step, undone},
};

#define NCASES (sizeof cases / sizeof cases[0])

int main(void)
{
	struct CMUnitTest tests[NCASES + 1];
	tests[NCASES] = (struct CMUnitTest)cmocka_unit_test(
		refused__an_undo_of_a_removal_at_any_write_shows_what_the_file_holds);
	for (size_t i = 0; i < NCASES; i++)
		tests[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = refused__leaves_the_session_as_it_was_and_saves_once_space_returns,
			.setup_func = open_on_a_disk_that_fills,
			.teardown_func = remove_fixture,
			.initial_state = (void *)&cases[i],
		};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
