/* Tests for the editing service's undo: each kind of change taken back,
 * newest first, in memory and in the database alike; items put back keep
 * their place, their ratings, measurements and ties, and the changes made
 * to them before they went. Each test works in its own temporary folder
 * with its own database. */

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

#include "tests/sessions/workshop_fixture.c"

/* ---- undo: each kind of change, on the screen and in the file ---- */

static void workshop__undo__clears_a_new_rating_in_memory_and_on_disk(void **state)
{
	const struct fixture *fx = *state;
	rate(fx, 0, BO, 4);
	assert_saved(fx);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[BO], RATING_NONE);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM ratings", 0), 0);
}

static void workshop__undo__puts_back_a_rating_that_was_cleared(void **state)
{
	const struct fixture *fx = *state;
	rate(fx, 1, CY, 2);
	rate(fx, 1, CY, RATING_NONE);
	assert_saved(fx);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[1].scores[CY], 2);
	assert_int_equal(support_file_int(fx->db, "SELECT score FROM ratings"
					  " WHERE participant_id = ?1", participant_id(fx, CY)), 2);
}

static void workshop__undo__puts_back_the_rooms_earlier_group_score_and_then_none(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_group_score(fx->ws, 1, 4, &err), &err);
	support_expect_ok(ws_group_score(fx->ws, 1, 2, &err), &err);
	assert_saved(fx);
	undo(fx, "a group score");
	assert_int_equal(S(fx)->dims[1].group_score, 4);
	undo(fx, "a group score");
	assert_int_equal(S(fx)->dims[1].group_score, RATING_NONE);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM dimensions"
					  " WHERE group_score IS NOT NULL", 0), 0);
}

static void workshop__undo__takes_back_a_new_note_and_puts_a_deleted_one_at_its_place(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_STRENGTH, "people ask in the open channel", &err),
		  &err);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 0, NOTE_GAP, "no budget for conferences", &err), &err);
	undo(fx, "the new note");
	assert_int_equal(S(fx)->dims[0].nnotes, 2);

	support_expect_ok(ws_remove_note(fx->ws, 0, 0, &err), &err);
	assert_int_equal(S(fx)->dims[0].nnotes, 1);
	assert_saved(fx);
	undo(fx, "the deleted note");
	const struct dimension *d = &S(fx)->dims[0];
	assert_int_equal(d->nnotes, 2);
	assert_int_equal(d->notes[0].kind, NOTE_STRENGTH);
	assert_string_equal(d->notes[0].text, "people ask in the open channel");
	assert_int_equal(d->notes[1].kind, NOTE_GAP);
	assert_string_equal(d->notes[1].text, "answers get lost in chat");
}

static void workshop__undo__puts_back_a_middle_note_as_it_was_before_its_edit(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_note(fx->ws, 1, NOTE_GAP, "first", &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 1, NOTE_GAP, "end of Jun", &err), &err);
	support_expect_ok(ws_add_note(fx->ws, 1, NOTE_GAP, "last", &err), &err);
	support_expect_ok(ws_edit_note(fx->ws, 1, 1, NOTE_STRENGTH, "end of June", &err), &err);
	const struct dimension *d = &S(fx)->dims[1];
	assert_int_equal(d->notes[1].kind, NOTE_STRENGTH);
	assert_string_equal(d->notes[1].text, "end of June");
	assert_saved(fx);
	undo(fx, "the note's edit");
	d = &S(fx)->dims[1];
	assert_int_equal(d->nnotes, 3);
	assert_int_equal(d->notes[1].kind, NOTE_GAP);
	assert_string_equal(d->notes[1].text, "end of Jun");
	assert_string_equal(d->notes[2].text, "last");
	assert_saved(fx);
	/* Any note may go, not only the last, and comes back at its place. */
	support_expect_ok(ws_remove_note(fx->ws, 1, 1, &err), &err);
	assert_string_equal(S(fx)->dims[1].notes[1].text, "last");
	undo(fx, "the deleted note");
	assert_string_equal(S(fx)->dims[1].notes[1].text, "end of Jun");
	assert_saved(fx);
}

static void workshop__undo__takes_back_a_new_value_goal_metric_step_and_parked_item(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares one lesson a month", "culture", &err),
		  &err);
	add_metric(fx, "Teams sharing monthly", S(fx)->goals[0].id);
	add_step(fx, "Pilot show-and-tell in Support", HORIZON_SHORT, STEP_PLANNED);
	support_expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);
	assert_saved(fx);

	/* Newest first; each leaves its list and its table empty. */
	static const struct {
		const char *names;
		enum session_list list;
		const char *table;
	} undone[] = {
		{"the parked item", LIST_PARKING, "parking_lot"},
		{"the new step", LIST_STEPS, "steps"},
		{"the new metric", LIST_METRICS, "metrics"},
		{"the new goal", LIST_GOALS, "goals"},
		{"the new value", LIST_VALUES, "team_values"},
	};
	for (size_t i = 0; i < NELEMS(undone); i++) {
		undo(fx, undone[i].names);
		if (session_list_len(S(fx), undone[i].list) != 0)
			print_error("undoing %s left an item\n", undone[i].names);
		assert_int_equal(session_list_len(S(fx), undone[i].list), 0);
	}
	sqlite3 *raw = support_raw_open(fx->db);
	for (size_t i = 0; i < NELEMS(undone); i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", undone[i].table);
		assert_int_equal(support_raw_int(raw, sql, 0), 0);
	}
	sqlite3_close(raw);
}

static void workshop__undo__puts_back_the_old_text_of_an_edited_item_in_every_list(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_value(fx->ws, "Share by default", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", "culture", &err), &err);
	add_metric(fx, "Teams sharing monthly", 0);
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	support_expect_ok(ws_park(fx->ws, "Who pays for the wiki?", &err), &err);

	support_expect_ok(ws_rename_participant(fx->ws, BO, "Bo Lind", &err), &err);
	support_expect_ok(ws_edit_value(fx->ws, 0, "Ask early, ask often", &err), &err);
	support_expect_ok(ws_edit_goal(fx->ws, 0, "Every team shares two lessons", "tools", &err), &err);
	support_expect_ok(ws_goal_status(fx->ws, 0, GOAL_ACHIEVED, &err), &err);
	struct metric m = S(fx)->metrics[0];
	m.name = (char *)"Teams sharing every week";
	m.target = 90;
	support_expect_ok(ws_edit_metric(fx->ws, 0, &m, &err), &err);
	const struct step st = {.text = (char *)"Pilot show-and-tell in Sales",
				.horizon = HORIZON_MEDIUM, .status = STEP_DOING,
				.owner = (char *)"Ana", .impact = 4, .effort = 2};
	support_expect_ok(ws_edit_step(fx->ws, 0, &st, &err), &err);
	support_expect_ok(ws_edit_parked(fx->ws, 0, "Who owns the wiki?", &err), &err);
	assert_saved(fx);

	undo(fx, "a parked item");
	assert_string_equal(S(fx)->parking[0].text, "Who pays for the wiki?");
	undo(fx, "a step");
	const struct step *now = &S(fx)->steps[0];
	assert_string_equal(now->text, "Pilot show-and-tell");
	assert_int_equal(now->horizon, HORIZON_SHORT);
	assert_int_equal(now->status, STEP_PLANNED);
	assert_null(now->owner);
	assert_int_equal(now->impact, SCORE_NONE);
	undo(fx, "a metric");
	assert_string_equal(S(fx)->metrics[0].name, "Teams sharing monthly");
	assert_true(S(fx)->metrics[0].target == 70);
	undo(fx, "a goal's status");
	assert_int_equal(S(fx)->goals[0].status, GOAL_ACTIVE);
	undo(fx, "a goal");
	assert_string_equal(S(fx)->goals[0].text, "Every team shares a lesson");
	assert_string_equal(S(fx)->goals[0].dimension, "culture");
	undo(fx, "a value");
	assert_string_equal(S(fx)->values[0].text, "Share by default");
	undo(fx, "a participant's name");
	assert_string_equal(S(fx)->participants[BO].name, "Bo");
}

/* Participant p's rating of dimension dim. */
struct rating {
	size_t dim, p;
	int score;
};

/* Gives the ratings, in this order. */
static void rate_each(const struct fixture *fx, const struct rating *given, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rate(fx, given[i].dim, given[i].p, given[i].score);
}

static void workshop__undo__brings_back_a_removed_participant_at_the_same_place_with_ratings(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	static const struct rating given[] = {{0, ANA, 3}, {0, BO, 4}, {1, BO, 2}, {1, CY, 5}};
	rate_each(fx, given, NELEMS(given));
	int64_t bo = participant_id(fx, BO);
	support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, BO, &err), &err);
	assert_int_equal(S(fx)->nparticipants, 2);
	assert_string_equal(S(fx)->participants[1].name, "Cy");
	assert_int_equal(S(fx)->dims[1].scores[1], 5);
	assert_saved(fx);
	sqlite3 *raw = support_raw_open(fx->db);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ratings WHERE participant_id = ?1",
				 bo), 0);

	undo(fx, "the removed participant");
	const struct session *s = S(fx);
	ASSERT_LIST(s, LIST_PARTICIPANTS, "Ana", "Bo", "Cy");
	for (size_t i = 0; i < NELEMS(given); i++)
		assert_int_equal(s->dims[given[i].dim].scores[given[i].p], given[i].score);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ratings WHERE participant_id = ?1",
				 s->participants[BO].id), 2);
	sqlite3_close(raw);
}

static void workshop__undo__reaches_ratings_given_before_a_participant_was_removed_and_put_back(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	static const struct rating given[] = {{0, BO, 4}, {1, BO, 2}, {0, ANA, 3}};
	rate_each(fx, given, NELEMS(given));
	support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, BO, &err), &err);
	undo(fx, "the removed participant");
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[ANA], RATING_NONE);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[1].scores[BO], RATING_NONE);
	undo(fx, "a rating");
	assert_int_equal(S(fx)->dims[0].scores[BO], RATING_NONE);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM ratings", 0), 0);
	assert_false(ws_can_undo(fx->ws));
}

static void workshop__undo__puts_a_deleted_step_back_at_its_place_in_memory_and_on_disk(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	const struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
				    .status = STEP_DOING, .owner = (char *)"Bo", .impact = 4,
				    .effort = 3};
	support_expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	add_step(fx, "Recognition for sharing", HORIZON_LONG, STEP_PLANNED);
	support_expect_ok(ws_remove(fx->ws, LIST_STEPS, 1, &err), &err);
	assert_int_equal(S(fx)->nsteps, 2);
	assert_saved(fx);

	undo(fx, "the deleted step");
	const struct session *s = S(fx);
	ASSERT_LIST(s, LIST_STEPS, "Pilot show-and-tell", "Answers wiki",
		    "Recognition for sharing");
	assert_int_equal(s->steps[1].horizon, HORIZON_MEDIUM);
	assert_int_equal(s->steps[1].status, STEP_DOING);
	assert_string_equal(s->steps[1].owner, "Bo");
	assert_int_equal(s->steps[1].impact, 4);
	assert_int_equal(s->steps[1].effort, 3);
	assert_int_equal(support_file_int(fx->db, "SELECT position FROM steps WHERE id = ?1",
					  s->steps[1].id), 1);
}

static void workshop__undo__puts_back_a_deleted_metric_with_its_measurements(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_metric(fx, "Questions answered within a day", 0);
	add_metric(fx, "Lessons shared per month", 0);
	long day = date_from_civil(2026, 11, 28);
	support_expect_ok(ws_measure(fx->ws, 0, 48, day - 30, &err), &err);
	support_expect_ok(ws_measure(fx->ws, 0, 55, day, &err), &err);
	support_expect_ok(ws_remove(fx->ws, LIST_METRICS, 0, &err), &err);
	assert_saved(fx);

	undo(fx, "the deleted metric");
	const struct metric *m = &S(fx)->metrics[0];
	assert_string_equal(m->name, "Questions answered within a day");
	assert_int_equal(m->nmeasurements, 2);
	assert_true(m->measurements[0].value == 48);
	assert_true(m->measurements[1].value == 55);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM measurements"
					  " WHERE metric_id = ?1", m->id), 2);
}

static void workshop__undo__ties_a_deleted_goals_metrics_and_steps_to_it_again(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_goal(fx->ws, "Answers are found in a minute", "tools", &err), &err);
	support_expect_ok(ws_add_goal(fx->ws, "Every team shares a lesson", "culture", &err), &err);
	int64_t goal = S(fx)->goals[0].id;
	add_metric(fx, "Searches that end in an answer", goal);
	struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
			      .goal_id = goal};
	support_expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	support_expect_ok(ws_remove(fx->ws, LIST_GOALS, 0, &err), &err);
	assert_int_equal(S(fx)->metrics[0].goal_id, 0);
	assert_int_equal(S(fx)->steps[0].goal_id, 0);
	assert_saved(fx);

	undo(fx, "the deleted goal");
	const struct session *s = S(fx);
	assert_string_equal(s->goals[0].text, "Answers are found in a minute");
	assert_int_equal(s->metrics[0].goal_id, s->goals[0].id);
	assert_int_equal(s->steps[0].goal_id, s->goals[0].id);
}

static void workshop__undo__moves_a_moved_step_back_in_memory_and_on_disk(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_step(fx, "first", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "second", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "third", HORIZON_SHORT, STEP_PLANNED);
	support_expect_ok(ws_move(fx->ws, LIST_STEPS, 0, 2, &err), &err);
	assert_string_equal(S(fx)->steps[2].text, "first");
	assert_saved(fx);
	undo(fx, "a move");
	assert_string_equal(S(fx)->steps[0].text, "first");
	assert_string_equal(S(fx)->steps[1].text, "second");
	assert_string_equal(S(fx)->steps[2].text, "third");

	support_expect_ok(ws_move(fx->ws, LIST_PARTICIPANTS, CY, ANA, &err), &err);
	rate(fx, 0, 0, 5);
	undo(fx, "a rating");
	undo(fx, "a move");
	assert_string_equal(S(fx)->participants[0].name, "Ana");
	assert_string_equal(S(fx)->participants[2].name, "Cy");
}

static void workshop__undo__puts_back_the_old_title_level_and_an_unset_unit(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_set_field(fx->ws, "unit", "", &err), &err);
	support_expect_ok(ws_set_field(fx->ws, "level", "organization", &err), &err);
	support_expect_ok(ws_set_field(fx->ws, "title", "Q3: how Support learns", &err), &err);
	assert_saved(fx);
	undo(fx, "a setup field");
	assert_string_equal(S(fx)->title, "Q2: how Support learns");
	undo(fx, "a setup field");
	assert_int_equal(S(fx)->level, LEVEL_TEAM);
	assert_null(S(fx)->unit);
	undo(fx, "a setup field");
	assert_string_equal(S(fx)->unit, "Support");
	support_expect_refused(ws_set_field(fx->ws, "colour", "blue", &err), &err, ERR_SOFTWARE, "colour");
}

static void workshop__undo__reopens_a_session_that_was_closed(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	setenv("IMPROV_NOW", CLOCK_START, 1);
	time_t start;
	assert_true(clock_parse_iso(CLOCK_START, &start));
	rate(fx, 0, ANA, 2);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	assert_true(session_is_closed(S(fx)));
	assert_int_equal(S(fx)->closed_at, start);
	assert_saved(fx);

	const char *what = NULL;
	support_expect_refused(ws_rate(fx->ws, 0, ANA, 3, &err), &err, ERR_DATA, "closed");
	undo(fx, "closing the session");
	assert_false(session_is_closed(S(fx)));
	assert_int_equal(S(fx)->closed_at, 0);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM sessions"
					  " WHERE status = 'open' AND closed_at IS NULL", 0), 1);
	undo(fx, "a rating");
	support_expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
}

/* Reopening is undone by closing again, and the close before it by
 * reopening: the stack never claims to undo what it does not. */
static void workshop__undo__of_a_reopen_closes_the_session_again(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	support_expect_ok(ws_reopen_session(fx->ws, &err), &err);
	undo(fx, "reopening the session");
	assert_true(session_is_closed(S(fx)));
	undo(fx, "closing the session");
	assert_false(session_is_closed(S(fx)));
}

static void workshop__undo__with_nothing_done_says_nothing_to_undo(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const char *what = "something";
	assert_false(ws_can_undo(fx->ws));
	support_expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
	assert_null(what);
	assert_saved(fx);
}

static void workshop__undo__keeps_only_the_last_WORKSHOP_UNDO_MAX_changes(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const size_t extra = 5;
	for (size_t i = 0; i < WORKSHOP_UNDO_MAX + extra; i++) {
		char text[32];
		snprintf(text, sizeof text, "parked item %zu", i + 1);
		support_expect_ok(ws_park(fx->ws, text, &err), &err);
	}
	for (size_t i = 0; i < WORKSHOP_UNDO_MAX; i++) {
		const char *what = NULL;
		assert_true(ws_can_undo(fx->ws));
		support_expect_ok(ws_undo(fx->ws, &what, &err), &err);
		assert_string_equal(what, "the parked item");
	}
	const char *what = NULL;
	assert_false(ws_can_undo(fx->ws));
	support_expect_refused(ws_undo(fx->ws, &what, &err), &err, ERR_DATA, "nothing to undo");
	assert_int_equal(S(fx)->nparking, extra);
	assert_string_equal(S(fx)->parking[0].text, "parked item 1");
	assert_string_equal(S(fx)->parking[extra - 1].text, "parked item 5");
	assert_saved(fx);
}

/* Steps "Pilot show-and-tell" (short term) and "Answers wiki" (in the
 * given horizon), the first then renamed "Pilot show-and-tell in Sales". */
static void add_two_steps_and_rename_the_first(const struct fixture *fx, enum horizon second)
{
	add_step(fx, "Pilot show-and-tell", HORIZON_SHORT, STEP_PLANNED);
	add_step(fx, "Answers wiki", second, STEP_PLANNED);
	const struct step fields = {.text = (char *)"Pilot show-and-tell in Sales",
				    .horizon = HORIZON_SHORT};
	struct error err = {0};
	support_expect_ok(ws_edit_step(fx->ws, 0, &fields, &err), &err);
}

static void workshop__undo__reaches_a_step_added_and_edited_before_its_deletion_was_undone(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_two_steps_and_rename_the_first(fx, HORIZON_MEDIUM);
	support_expect_ok(ws_remove(fx->ws, LIST_STEPS, 0, &err), &err);
	undo(fx, "the deleted step");
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Pilot show-and-tell");
	undo(fx, "the new step");
	assert_int_equal(S(fx)->nsteps, 1);
	undo(fx, "the new step");
	assert_int_equal(S(fx)->nsteps, 0);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM steps", 0), 0);
}

static void workshop__undo__of_a_metric_edit_keeps_the_measurements_recorded_since(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_metric(fx, "Questions answered within a day", 0);
	struct metric m = S(fx)->metrics[0];
	m.target = 80;
	support_expect_ok(ws_edit_metric(fx->ws, 0, &m, &err), &err);
	support_expect_ok(ws_measure(fx->ws, 0, 55, date_from_civil(2026, 11, 28), &err), &err);
	undo(fx, "a metric");
	assert_true(S(fx)->metrics[0].target == 70);
	assert_int_equal(S(fx)->metrics[0].nmeasurements, 1);
}

static void workshop__undo__of_a_step_edit_keeps_the_points_of_a_ballot_revealed_since(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_two_steps_and_rename_the_first(fx, HORIZON_SHORT);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true, .entry = BALLOT_ENTRY_TALLY};
	size_t b;
	support_expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);
	support_expect_ok(ws_set_tally(fx->ws, b, 0, 4, &err), &err);
	support_expect_ok(ws_set_tally(fx->ws, b, 1, 6, &err), &err);
	support_expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Pilot show-and-tell");
	assert_int_equal(S(fx)->steps[0].points, 4);
	assert_int_equal(S(fx)->steps[0].rank, 2);
}

static void workshop__undo__of_a_step_edit_ties_it_to_its_goal_put_back_since(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	support_expect_ok(ws_add_goal(fx->ws, "Answers are found in a minute", NULL, &err), &err);
	struct step fields = {.text = (char *)"Answers wiki", .horizon = HORIZON_MEDIUM,
			      .goal_id = S(fx)->goals[0].id};
	support_expect_ok(ws_add_step(fx->ws, &fields, &err), &err);
	fields.text = (char *)"A searchable answers wiki";
	support_expect_ok(ws_edit_step(fx->ws, 0, &fields, &err), &err);
	support_expect_ok(ws_remove(fx->ws, LIST_GOALS, 0, &err), &err);
	assert_int_equal(S(fx)->steps[0].goal_id, 0);
	undo(fx, "the deleted goal");
	undo(fx, "a step");
	assert_string_equal(S(fx)->steps[0].text, "Answers wiki");
	assert_int_equal(S(fx)->steps[0].goal_id, S(fx)->goals[0].id);
}

/* ---- a second window on the same session ---- */

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(workshop__undo__clears_a_new_rating_in_memory_and_on_disk),
		TEST(workshop__undo__of_a_reopen_closes_the_session_again),
		TEST(workshop__undo__puts_back_a_rating_that_was_cleared),
		TEST(workshop__undo__puts_back_the_rooms_earlier_group_score_and_then_none),
		TEST(workshop__undo__takes_back_a_new_note_and_puts_a_deleted_one_at_its_place),
		TEST(workshop__undo__puts_back_a_middle_note_as_it_was_before_its_edit),
		TEST(workshop__undo__takes_back_a_new_value_goal_metric_step_and_parked_item),
		TEST(workshop__undo__puts_back_the_old_text_of_an_edited_item_in_every_list),
		TEST(workshop__undo__brings_back_a_removed_participant_at_the_same_place_with_ratings),
		TEST(workshop__undo__reaches_ratings_given_before_a_participant_was_removed_and_put_back),
		TEST(workshop__undo__puts_a_deleted_step_back_at_its_place_in_memory_and_on_disk),
		TEST(workshop__undo__puts_back_a_deleted_metric_with_its_measurements),
		TEST(workshop__undo__ties_a_deleted_goals_metrics_and_steps_to_it_again),
		TEST(workshop__undo__moves_a_moved_step_back_in_memory_and_on_disk),
		TEST(workshop__undo__puts_back_the_old_title_level_and_an_unset_unit),
		TEST(workshop__undo__reopens_a_session_that_was_closed),
		TEST(workshop__undo__with_nothing_done_says_nothing_to_undo),
		TEST(workshop__undo__keeps_only_the_last_WORKSHOP_UNDO_MAX_changes),
		TEST(workshop__undo__reaches_a_step_added_and_edited_before_its_deletion_was_undone),
		TEST(workshop__undo__of_a_metric_edit_keeps_the_measurements_recorded_since),
		TEST(workshop__undo__of_a_step_edit_keeps_the_points_of_a_ballot_revealed_since),
		TEST(workshop__undo__of_a_step_edit_ties_it_to_its_goal_put_back_since),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
