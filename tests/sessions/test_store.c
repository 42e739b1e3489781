/* Tests for sessions/store: a whole session survives the database, each
 * change is committed on its own and seen by another connection when it
 * returns, and numbers from the file are held to the model's bounds. The
 * file itself (migrations, files improv must not touch, privacy, the edit
 * lease, read-only use, links and logs) is tested in test_store_files.c.
 * Each test works in its own temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/session_items.h"
#include "model/shapes.h"
#include "model/template.h"
#include "sessions/schema.h"
#include "sessions/store.h"
#include "tests/support.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- 1. a whole session ---- */

static void store_create_session__gives_every_row_a_fresh_id_and_loads_back_every_field(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_store(fx->db);
	struct session *s = support_store_session(st, support_full_session());
	store_close(st);

	st = support_open_store(fx->db);
	struct session *got = support_load(st, s->id);
	support_assert_same_session(s, got);
	assert_true(got->series_id > 0);
	assert_int_equal(got->nparticipants, 4);
	assert_string_equal(got->participants[1].name, "Zoë Ng");
	assert_string_equal(got->participants[2].name, "日本");
	for (size_t p = 0; p < got->nparticipants; p++)
		assert_true(got->participants[p].id > 0 &&
			    got->participants[p].id < SUPPORT_PARTICIPANT_LABEL);
	assert_int_equal(got->dims[0].scores[1], 4);
	assert_int_equal(got->dims[1].scores[0], RATING_NONE);
	assert_int_equal(got->dims[2].group_score, 2);
	assert_int_equal(got->dims[0].notes[0].kind, NOTE_STRENGTH);
	assert_int_equal(got->dims[0].notes[1].kind, NOTE_GAP);
	assert_int_equal(got->nscale_labels, 5);
	assert_string_equal(got->scale_labels[3], "established");
	assert_int_equal(got->timers[STAGE_STEPS].box_seconds, 30 * 60);
	assert_int_equal(got->timers[STAGE_STEPS].running_since, 1790000000);
	session_free(got);
	session_free(s);
	store_close(st);
}

static void store_create_session__ties_metrics_and_steps_to_the_new_goal_ids(void **state)
{
	struct support_stored *fx = *state;
	struct session *got = support_load(fx->st, fx->s->id);
	const struct goal *g = got->goals;
	for (size_t i = 0; i < got->ngoals; i++)
		assert_true(g[i].id > 0 && g[i].id < SUPPORT_GOAL_LABEL);
	assert_int_equal(got->metrics[0].goal_id, g[0].id);
	assert_int_equal(got->metrics[1].goal_id, 0);
	assert_int_equal(got->metrics[2].goal_id, g[2].id);
	assert_int_equal(got->steps[0].goal_id, g[0].id);
	assert_int_equal(got->steps[1].goal_id, 0);
	assert_int_equal(got->steps[2].goal_id, g[1].id);
	assert_int_equal(got->steps[3].goal_id, g[3].id);
	support_assert_same_text("tools", g[0].dimension);
	assert_null(g[1].dimension);
	assert_int_equal(g[0].status, GOAL_ACTIVE);
	assert_int_equal(g[1].status, GOAL_REVISED);
	assert_int_equal(g[2].status, GOAL_ACHIEVED);
	assert_int_equal(g[3].status, GOAL_RETIRED);
	session_free(got);
}

static void store_create_session__keeps_unset_numbers_and_dates_of_metrics_unset(void **state)
{
	struct support_stored *fx = *state;
	struct session *got = support_load(fx->st, fx->s->id);
	const struct metric *m = got->metrics;
	assert_true(m[0].baseline == 40 && m[0].target == 70);
	assert_int_equal(m[0].baseline_date, date_from_civil(2026, 1, 15));
	assert_int_equal(m[0].target_date, date_from_civil(2026, 6, 30));
	assert_string_equal(m[0].unit, "%");
	assert_int_equal(m[0].nmeasurements, 2);
	assert_true(m[0].measurements[0].value == 45 && m[0].measurements[1].value == 55);
	assert_true(m[0].measurements[0].id > 0 && m[0].measurements[1].id > 0);
	assert_true(isnan(m[1].baseline) && isnan(m[1].target));
	assert_int_equal(m[1].baseline_date, NO_DATE);
	assert_int_equal(m[1].target_date, NO_DATE);
	assert_null(m[1].unit);
	assert_int_equal(m[1].direction, DIRECTION_DOWN);
	assert_int_equal(m[1].nmeasurements, 0);
	assert_true(m[2].baseline == 0);
	assert_int_equal(m[2].baseline_date, NO_DATE);
	assert_true(m[2].measurements[0].value == 2500.5);
	session_free(got);
}

static void store_create_session__keeps_every_horizon_status_owner_and_score_of_steps(
	void **state)
{
	struct support_stored *fx = *state;
	struct session *got = support_load(fx->st, fx->s->id);
	const struct step *x = got->steps;
	assert_int_equal(x[0].horizon, HORIZON_SHORT);
	assert_int_equal(x[1].horizon, HORIZON_MEDIUM);
	assert_int_equal(x[2].horizon, HORIZON_LONG);
	assert_int_equal(x[0].status, STEP_PLANNED);
	assert_int_equal(x[1].status, STEP_DOING);
	assert_int_equal(x[2].status, STEP_DONE);
	assert_int_equal(x[3].status, STEP_DROPPED);
	assert_int_equal(x[4].status, STEP_CARRIED);
	assert_string_equal(x[0].owner, "Ana");
	assert_null(x[1].owner);
	assert_string_equal(x[3].owner, "日本");
	assert_int_equal(x[0].impact, 4);
	assert_int_equal(x[0].effort, 2);
	assert_int_equal(x[2].impact, SCORE_NONE);
	assert_int_equal(x[4].effort, SCORE_NONE);
	/* The revealed dots ballot: 5, 2, 1, 1, 2 points. */
	assert_int_equal(x[0].points, 5);
	assert_int_equal(x[0].rank, 1);
	assert_int_equal(x[1].points, 2);
	assert_int_equal(x[1].rank, 2);
	assert_int_equal(x[4].rank, 2);
	assert_int_equal(x[2].rank, 4);
	assert_int_equal(got->nparking, 2);
	assert_string_equal(got->parking[1].text, "Hybrid meetings — another day");
	session_free(got);
}

static void store_create_session__points_ballots_at_the_new_step_and_participant_ids(
	void **state)
{
	struct support_stored *fx = *state;
	struct session *got = support_load(fx->st, fx->s->id);
	assert_int_equal(got->nballots, 2);
	for (size_t b = 0; b < got->nballots; b++) {
		assert_int_equal(got->ballots[b].ncandidates, got->nsteps);
		for (size_t c = 0; c < got->nsteps; c++)
			assert_int_equal(got->ballots[b].candidates[c], got->steps[c].id);
	}
	const struct ballot *dots = &got->ballots[0];
	assert_int_equal(dots->method, BALLOT_DOTS);
	assert_int_equal(dots->status, BALLOT_REVEALED);
	assert_true(dots->anonymous);
	assert_int_equal(dots->budget, 4);
	assert_int_equal(dots->points[0], 5);
	/* Ana, 日本 and Bo voted; the stored voters are their ids, ascending. */
	const int64_t *p = (const int64_t[]){got->participants[0].id, got->participants[2].id,
					     got->participants[3].id};
	assert_int_equal(dots->nvoters, 3);
	for (size_t v = 0; v < 3; v++)
		assert_int_equal(dots->voters[v], p[v]);
	assert_true(ballot_has_voted(dots, got->participants[0].id));
	assert_false(ballot_has_voted(dots, got->participants[1].id));

	const struct ballot *ranked = &got->ballots[1];
	assert_int_equal(ranked->method, BALLOT_RANKED);
	assert_int_equal(ranked->status, BALLOT_CLOSED);
	assert_false(ranked->anonymous);
	assert_int_equal(ranked->nvoters, 3);
	for (size_t v = 1; v < ranked->nvoters; v++)
		assert_true(ranked->voters[v - 1] < ranked->voters[v]);
	assert_true(ballot_has_voted(ranked, got->participants[1].id));
	/* The third step over the first: Zoë and Ana preferred it, Bo did not. */
	assert_int_equal(ranked->pairwise[2 * 5 + 0], 2);
	assert_int_equal(ranked->pairwise[0 * 5 + 2], 1);
	assert_int_equal(ranked->pairwise[4 * 5 + 3], 1);
	assert_int_equal(ranked->points[0], 3 + 4 + 0);
	session_free(got);
}

static bool is_participant(const struct session *s, int64_t id)
{
	for (size_t p = 0; p < s->nparticipants; p++)
		if (s->participants[p].id == id)
			return true;
	return false;
}

static void store_create_session__leaves_the_ballots_in_memory_naming_the_new_ids(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	for (size_t b = 0; b < s->nballots; b++) {
		const struct ballot *x = &s->ballots[b];
		assert_int_equal(x->nvoters, 3);
		for (size_t v = 0; v < x->nvoters; v++) {
			assert_true(is_participant(s, x->voters[v]));
			assert_true(v == 0 || x->voters[v - 1] < x->voters[v]);
		}
		for (size_t c = 0; c < x->ncandidates; c++)
			assert_int_equal(x->candidates[c], s->steps[c].id);
	}
	assert_true(ballot_has_voted(&s->ballots[0], s->participants[3].id));
	assert_false(ballot_has_voted(&s->ballots[0], s->participants[1].id));
	assert_true(ballot_has_voted(&s->ballots[1], s->participants[1].id));
	assert_false(ballot_has_voted(&s->ballots[1], s->participants[2].id));
	session_free(s);
}

/* A check-in: the next session of the series, each row tied to the one
 * it was copied from. */
static struct session *check_in_of(const struct session *first)
{
	struct session *next = support_full_session();
	next->parent_id = first->id;
	next->series_id = first->series_id;
	next->iteration = 2;
	/* Every list a check-in copies: all but the parking lot. */
	for (int list = 0; list < LIST_PARKING; list++) {
		const struct shape *sh = shape_of((enum session_list)list);
		for (size_t i = 0; i < shape_len(sh, next); i++)
			*shape_origin_slot(sh, shape_item(sh, next, i)) =
				session_item_id(first, (enum session_list)list, i);
	}
	return next;
}

static void store_create_session__keeps_a_check_ins_lineage_and_last_times_means(void **state)
{
	const struct support_fixture *fx = *state;
	struct session *first = support_make_database(fx->db);
	struct store *st = support_open_store(fx->db);
	struct session *next = support_store_session(st, check_in_of(first));
	store_close(st);
	st = support_open_store(fx->db);
	struct session *got = support_load(st, next->id);
	assert_int_equal(got->parent_id, first->id);
	assert_int_equal(got->series_id, first->series_id);
	assert_int_equal(got->iteration, 2);
	assert_int_equal(got->goals[2].origin_id, first->goals[2].id);
	assert_int_equal(got->steps[4].origin_id, first->steps[4].id);
	/* Ratings 3, 4 and 1; one rating of 5; a group score of 2. */
	assert_true(fabs(got->dims[0].previous_mean - 8.0 / 3.0) < 1e-9);
	assert_true(got->dims[1].previous_mean == 5);
	assert_true(got->dims[2].previous_mean == 2);
	for (size_t d = 0; d < next->ndims; d++)
		next->dims[d].previous_mean = got->dims[d].previous_mean;
	support_assert_same_session(next, got);
	session_free(got);
	/* The first session is as it was. */
	got = support_load(st, first->id);
	support_assert_same_session(first, got);
	session_free(got);
	store_close(st);
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM series", 0), 1);
	session_free(next);
	session_free(first);
}

static void store_list_sessions__groups_by_organization_and_unit_newest_first(void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_store(fx->db);
	struct error err = {0};
	static const struct {
		const char *org, *title;
		int year;
	} made[] = {
		{"Beta", "Beta's first", 2025},
		{"acme", "January", 2026},
		{"Acme", "April", 2027},
	};
	for (size_t i = 0; i < NELEMS(made); i++) {
		struct session *s = support_full_session();
		support_expect_ok(session_set_field(s, "organization", made[i].org, &err), &err);
		support_expect_ok(session_set_field(s, "title", made[i].title, &err), &err);
		s->created_at = (time_t)date_from_civil(made[i].year, 1, 1) * DATE_SECONDS_PER_DAY;
		support_store_session(st, s);
		session_free(s);
	}
	struct session_summary *list = NULL;
	size_t n = 0;
	support_expect_ok(store_list_sessions(st, &list, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].title, "April");
	assert_string_equal(list[1].title, "January");
	assert_string_equal(list[2].title, "Beta's first");
	assert_int_equal(list[0].nparticipants, 4);
	assert_int_equal(list[0].level, LEVEL_UNIT);
	assert_int_equal(list[0].stage, STAGE_STEPS);
	assert_string_equal(list[0].template_key, "store-test");
	assert_int_equal(list[0].created_at,
			 (time_t)date_from_civil(2027, 1, 1) * DATE_SECONDS_PER_DAY);
	store_summaries_free(list, n);
	store_close(st);
}

static void store_load_session__reports_a_session_that_does_not_exist(void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_store(fx->db);
	struct session sentinel;
	struct session *s = &sentinel;
	struct error err = {0};
	assert_int_equal(store_load_session(st, 42, &s, &err), ERR_NOINPUT);
	assert_null(s);
	assert_non_null(strstr(err.msg, "42"));
	store_close(st);
}

/* ---- 2. one change at a time ---- */

static void store_save_item__inserts_into_every_list_and_keeps_it_after_a_reopen(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_add_participant(s, "Élodie", &err), &err);
	support_expect_ok(session_add_value(s, "ask early", &err), &err);
	support_expect_ok(session_add_goal(s, "Every team keeps a learning log", "culture", &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_PARTICIPANTS, 4, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_VALUES, 2, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_GOALS, 4, &err), &err);
	int64_t goal = s->goals[4].id;
	assert_true(goal > 0);
	support_add_full_metric(s, goal, "Teams with a log", "teams", DIRECTION_UP, 1, NO_DATE, 8,
				NO_DATE);
	support_add_full_step(s, "Start a log in Sales", HORIZON_LONG, STEP_PLANNED, "Élodie", goal,
			      3, 3);
	support_expect_ok(session_park(s, "Onboarding, next time", &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_METRICS, 3, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_STEPS, 5, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_PARKING, 2, &err), &err);
	assert_true(s->participants[4].id > 0 && s->values[2].id > 0 && s->metrics[3].id > 0 &&
		    s->steps[5].id > 0 && s->parking[2].id > 0);
	support_reopen_stored(fx);
}

static void store_save_item__updates_every_list_and_keeps_it_after_a_reopen(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_rename_participant(s, 3, "Bo Østergaard", &err), &err);
	support_expect_ok(session_edit_value(s, 0, "share by default, even drafts", &err), &err);
	support_expect_ok(session_edit_goal(s, 1, "Managers coach every fortnight", "culture", &err),
			  &err);
	support_expect_ok(session_set_goal_status(s, 1, GOAL_ACHIEVED, &err), &err);
	const struct metric mf = {
		.goal_id = s->goals[1].id, .name = (char *)"Coaching hours", .unit = (char *)"h",
		.direction = DIRECTION_UP, .baseline = 2, .baseline_date = date_from_civil(2026, 1, 1),
		.target = NAN, .target_date = NO_DATE,
	};
	support_expect_ok(session_edit_metric(s, 1, &mf, &err), &err);
	const struct step sf = {
		.text = (char *)"Build the wiki with Support", .horizon = HORIZON_LONG,
		.status = STEP_DONE, .owner = (char *)"日本", .goal_id = s->goals[0].id,
		.impact = 3, .effort = SCORE_NONE, .points = 9, .rank = 1,
	};
	support_expect_ok(session_edit_step(s, 1, &sf, &err), &err);
	support_expect_ok(session_edit_parked(s, 0, "The canteen's tea", &err), &err);
	for (int list = 0; list < LIST_COUNT; list++) {
		enum session_list l = (enum session_list)list;
		for (size_t i = 0; i < session_list_len(s, l); i++)
			support_expect_ok(store_save_item(fx->st, s, l, i, &err), &err);
	}
	support_reopen_stored(fx);
	/* A step without an owner any more, and a metric without a goal. */
	struct step cleared = s->steps[1];
	cleared.owner = NULL;
	cleared.goal_id = 0;
	support_expect_ok(session_edit_step(s, 1, &cleared, &err), &err);
	struct metric untied = s->metrics[1];
	untied.goal_id = 0;
	untied.unit = NULL;
	support_expect_ok(session_edit_metric(s, 1, &untied, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_STEPS, 1, &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_METRICS, 1, &err), &err);
	support_reopen_stored(fx);
}

static void store_save_order__keeps_every_list_in_its_new_order(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	for (int list = 0; list < LIST_COUNT; list++) {
		size_t n = session_list_len(s, (enum session_list)list);
		support_expect_ok(session_move(s, (enum session_list)list, 0, n - 1, &err), &err);
		support_expect_ok(store_save_order(fx->st, s, (enum session_list)list, &err), &err);
	}
	support_reopen_stored(fx);
	/* And back up again: a move towards the top. */
	support_expect_ok(session_move(s, LIST_STEPS, 4, 1, &err), &err);
	support_expect_ok(store_save_order(fx->st, s, LIST_STEPS, &err), &err);
	support_reopen_stored(fx);
	assert_string_equal(s->participants[3].name, "Ana");
	assert_int_equal(s->dims[0].scores[3], 3);
}

/* What a query bound to one id counts in the file, read as another program
 * would once the store is closed. */
static int64_t counted_once_closed(struct support_stored *fx, const char *sql, int64_t id)
{
	store_close(fx->st);
	fx->st = NULL;
	return support_file_int(fx->scratch.db, sql, id);
}

static int64_t item_id(const struct session *s, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_PARTICIPANTS: return s->participants[i].id;
	case LIST_VALUES: return s->values[i].id;
	case LIST_GOALS: return s->goals[i].id;
	case LIST_METRICS: return s->metrics[i].id;
	case LIST_STEPS: return s->steps[i].id;
	case LIST_PARKING: return s->parking[i].id;
	case LIST_COUNT: break;
	}
	return 0;
}

static void store_delete_item__removes_the_row_from_every_list(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	/* Bo (who rated policies 5), the first goal (metric 0 and step 0 are
	 * tied to it), and the last of each other list. */
	int64_t bo = s->participants[3].id, dim = s->dims[1].id;
	static const size_t which[LIST_COUNT] = {
		[LIST_PARTICIPANTS] = 3, [LIST_VALUES] = 1, [LIST_GOALS] = 0,
		[LIST_METRICS] = 2, [LIST_STEPS] = 4, [LIST_PARKING] = 1,
	};
	for (int list = 0; list < LIST_COUNT; list++) {
		enum session_list l = (enum session_list)list;
		int64_t id = item_id(s, l, which[l]);
		support_expect_ok(session_remove(s, l, which[l], &err), &err);
		support_expect_ok(store_delete_item(fx->st, s, l, id, &err), &err);
	}
	assert_int_equal(s->metrics[0].goal_id, 0);
	assert_int_equal(s->steps[0].goal_id, 0);
	/* A ballot keeps its column for a deleted step, with no step in it. */
	for (size_t b = 0; b < s->nballots; b++)
		s->ballots[b].candidates[4] = 0;
	support_reopen_stored(fx);
	assert_int_equal(counted_once_closed(fx, "SELECT count(*) FROM ratings"
					     " WHERE participant_id = ?1", bo), 0);
	assert_int_equal(counted_once_closed(fx, "SELECT count(*) FROM ratings"
					     " WHERE dimension_id = ?1", dim), 0);
}

/* Participant p's rating of dimension dim, given and saved. */
static void rate_and_save(struct support_stored *fx, size_t dim, size_t p, int score)
{
	struct error err = {0};
	support_expect_ok(session_rate(fx->s, dim, p, score, &err), &err);
	support_expect_ok(store_save_rating(fx->st, fx->s, dim, p, &err), &err);
}

/* The room's score of dimension dim, given and saved. */
static void score_and_save(struct support_stored *fx, size_t dim, int score)
{
	struct error err = {0};
	support_expect_ok(session_set_group_score(fx->s, dim, score, &err), &err);
	support_expect_ok(store_save_group_score(fx->st, fx->s, dim, &err), &err);
}

static void store_save_rating__saves_a_score_and_clears_it_again(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	rate_and_save(fx, 1, 1, 2);
	rate_and_save(fx, 0, 0, 5);
	support_reopen_stored(fx);
	rate_and_save(fx, 1, 1, RATING_NONE);
	rate_and_save(fx, 0, 2, RATING_NONE);
	support_reopen_stored(fx);
	assert_int_equal(s->dims[0].scores[0], 5);
	assert_int_equal(s->dims[1].scores[1], RATING_NONE);
	assert_int_equal(counted_once_closed(fx, "SELECT count(*) FROM ratings"
					     " WHERE dimension_id = ?1", s->dims[0].id), 2);
}

static void store_save_group_score__sets_and_clears_the_rooms_score(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	score_and_save(fx, 0, 4);
	score_and_save(fx, 2, RATING_NONE);
	support_reopen_stored(fx);
	assert_int_equal(s->dims[0].group_score, 4);
	assert_int_equal(s->dims[2].group_score, RATING_NONE);
}

static void store_save_notes__writes_added_edited_and_removed_notes_of_both_kinds(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_add_note(s, 2, NOTE_STRENGTH, "search works — mostly", &err), &err);
	support_expect_ok(session_add_note(s, 2, NOTE_GAP, "nobody owns the wiki", &err), &err);
	support_expect_ok(store_save_notes(fx->st, s, 2, &err), &err);
	assert_true(s->dims[2].notes[0].id > 0 && s->dims[2].notes[1].id > 0);
	support_expect_ok(session_edit_note(s, 0, 1, "answers get lost in chat and mail", &err), &err);
	support_expect_ok(session_remove_note(s, 0, 0, &err), &err);
	support_expect_ok(store_save_notes(fx->st, s, 0, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->dims[0].nnotes, 1);
	assert_int_equal(s->dims[0].notes[0].kind, NOTE_GAP);
	support_expect_ok(session_remove_note(s, 1, 0, &err), &err);
	support_expect_ok(store_save_notes(fx->st, s, 1, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->dims[1].nnotes, 0);
}

static void store_save_measurements__adds_only_the_new_ones_oldest_first(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_add_measurement(s, 0, 62.5, date_from_civil(2026, 5, 1), &err), &err);
	support_expect_ok(session_add_measurement(s, 0, 41, date_from_civil(2026, 1, 20), &err), &err);
	support_expect_ok(session_add_measurement(s, 1, 3, date_from_civil(2026, 5, 1), &err), &err);
	support_expect_ok(store_save_measurements(fx->st, s, 0, &err), &err);
	support_expect_ok(store_save_measurements(fx->st, s, 1, &err), &err);
	support_expect_ok(store_save_measurements(fx->st, s, 0, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->metrics[0].nmeasurements, 4);
	assert_true(s->metrics[0].measurements[0].value == 41);
	assert_true(metric_current(&s->metrics[0]) == 62.5);
	assert_int_equal(counted_once_closed(fx, "SELECT count(*) FROM measurements"
					     " WHERE metric_id = ?1", s->metrics[0].id), 4);
}

static void store_save_ballot__stores_a_new_ballot_each_vote_and_the_reveal(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_SECRET, HORIZON_MEDIUM,
					      &err), &err);
	size_t b = s->nballots - 1;
	support_expect_ok(ballot_set_score_range(&s->ballots[b], 1, 10, &err), &err);
	support_expect_ok(store_save_ballot(fx->st, s, b, &err), &err);
	assert_true(s->ballots[b].id > 0);
	support_reopen_stored(fx);
	support_expect_ok(ballot_cast_scores(&s->ballots[b], s->participants[3].id, (const int[]){9, 2},
					     (const int[]){3, 8}, &err), &err);
	support_expect_ok(store_save_ballot(fx->st, s, b, &err), &err);
	support_expect_ok(ballot_cast_scores(&s->ballots[b], s->participants[0].id, (const int[]){7, 0},
					     (const int[]){5, 0}, &err), &err);
	support_expect_ok(store_save_ballot(fx->st, s, b, &err), &err);
	support_reopen_stored(fx);
	support_expect_ok(session_reveal_ballot(s, b, &err), &err);
	support_expect_ok(store_save_ballot(fx->st, s, b, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->ballots[b].status, BALLOT_REVEALED);
	assert_int_equal(s->ballots[b].score_count[0], 2);
	assert_int_equal(s->steps[1].points, 40);
	assert_int_equal(s->steps[1].rank, 1);

	/* A tally typed from the paper wall. */
	support_expect_ok(session_open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY, -1, &err), &err);
	b = s->nballots - 1;
	support_expect_ok(ballot_set_tally_voters(&s->ballots[b], 6, &err), &err);
	support_expect_ok(ballot_set_tally(&s->ballots[b], 2, 5, &err), &err);
	support_expect_ok(store_save_ballot(fx->st, s, b, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->ballots[b].tally_voters, 6);
}

static off_t size_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

#define SAYS_NOT_ALONE "another program or window has this database open; close it to cast " \
	"an anonymous vote"

/* The vote of participant p, cast through the store; on a refusal the
 * session is read back, as the workshop does. */
static enum err_code cast_through(struct support_stored *fx, size_t b, size_t p,
				  const int *dots, struct error *err)
{
	support_cast_dots(fx->s, b, fx->s->participants[p].id, dots);
	enum err_code code = store_cast_ballot(fx->st, fx->s, b, err);
	if (code) {
		int64_t id = fx->s->id;
		session_free(fx->s);
		fx->s = support_load(fx->st, id);
	}
	return code;
}

/* A new anonymous dots ballot, stored, with participant 1's vote cast;
 * returns its index. */
static size_t anonymous_ballot_with_a_vote(struct support_stored *fx)
{
	struct error err = {0};
	support_expect_ok(session_open_ballot(fx->s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err),
			  &err);
	size_t b = fx->s->nballots - 1;
	assert_true(fx->s->ballots[b].anonymous);
	support_expect_ok(store_save_ballot(fx->st, fx->s, b, &err), &err);
	support_expect_ok(cast_through(fx, b, 1, (const int[]){0, 0, 1, 1, 1}, &err), &err);
	return b;
}

static void store_cast_ballot__leaves_no_earlier_totals_in_the_write_ahead_log(void **state)
{
	struct support_stored *fx = *state;
	char wal[SUPPORT_PATH_SIZE + 8];
	snprintf(wal, sizeof wal, "%s-wal", fx->scratch.db);
	struct error err = {0};
	size_t b = anonymous_ballot_with_a_vote(fx);
	assert_int_equal(size_of(wal), 0);
	support_expect_ok(cast_through(fx, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), &err);
	assert_int_equal(size_of(wal), 0);
	support_reopen_stored(fx);
}

/* A program that holds a read transaction keeps the totals as they were
 * when it began; a vote cast then would leave two states of the totals on
 * disk, and their difference is the vote. The vote is refused in one line,
 * nothing is written, and it goes through once the program has gone. */
static void store_cast_ballot__refuses_an_anonymous_vote_while_another_program_reads(
	void **state)
{
	struct support_stored *fx = *state;
	const char *db = fx->scratch.db;
	char wal[SUPPORT_PATH_SIZE + 8];
	snprintf(wal, sizeof wal, "%s-wal", db);
	struct error err = {0};
	size_t b = anonymous_ballot_with_a_vote(fx);

	sqlite3 *reader = support_raw_open(db);
	support_raw_exec(reader, "BEGIN");
	assert_int_equal(support_raw_int(reader, "SELECT count(*) FROM ballot_candidates"
					 " WHERE ballot_id = ?1", fx->s->ballots[b].id),
			 (int64_t)fx->s->ballots[b].ncandidates);
	struct bytes db_before = support_read_bytes(db), wal_before = support_read_bytes(wal);
	assert_int_equal(cast_through(fx, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), ERR_BUSY);
	assert_non_null(strstr(err.msg, SAYS_NOT_ALONE));
	assert_null(strchr(err.msg, '\n'));
	support_assert_bytes_unchanged(db, &db_before);
	support_assert_bytes_unchanged(wal, &wal_before);
	assert_int_equal(fx->s->ballots[b].nvoters, 1);
	assert_int_equal(fx->s->ballots[b].points[0], 0);
	/* Done reading, but still open: it could begin again at any moment. */
	support_raw_exec(reader, "COMMIT");
	assert_int_equal(cast_through(fx, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), ERR_BUSY);
	support_assert_bytes_unchanged(wal, &wal_before);
	sqlite3_close(reader);

	support_expect_ok(cast_through(fx, b, 2, (const int[]){3, 0, 0, 0, 0}, &err), &err);
	assert_int_equal(size_of(wal), 0);
	/* The file is shared again: another program reads and writes it. */
	reader = support_raw_open(db);
	assert_int_equal(support_raw_int(reader, "SELECT points FROM ballot_candidates"
					 " WHERE ballot_id = ?1 AND position = 0",
					 fx->s->ballots[b].id), 3);
	support_raw_exec(reader, "UPDATE sessions SET title = title");
	sqlite3_close(reader);
	support_reopen_stored(fx);
	free(db_before.data);
	free(wal_before.data);
}

static void store_save_session_fields__keeps_setup_fields_stage_status_and_timers(
	void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	support_expect_ok(session_set_field(s, "title", "Q1: how Sales learns — revisited", &err), &err);
	support_expect_ok(session_set_field(s, "organization", "Acme GmbH", &err), &err);
	support_expect_ok(session_set_field(s, "unit", "", &err), &err);
	support_expect_ok(session_set_field(s, "facilitator", "Zoë", &err), &err);
	support_expect_ok(session_set_field(s, "level", "organization", &err), &err);
	support_expect_ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	s->timers[STAGE_REVIEW].box_seconds = 900;
	s->timers[STAGE_REVIEW].left_seconds = 845;
	s->timers[STAGE_REVIEW].running_since = 1790001234;
	s->timers[STAGE_STEPS].running_since = 0;
	support_expect_ok(store_save_session_fields(fx->st, s, &err), &err);
	support_reopen_stored(fx);
	assert_null(s->unit);
	support_expect_ok(session_close(s, 1790005000, &err), &err);
	support_expect_ok(store_save_session_fields(fx->st, s, &err), &err);
	support_reopen_stored(fx);
	support_expect_ok(session_reopen(s, &err), &err);
	support_expect_ok(session_set_field(s, "facilitator", NULL, &err), &err);
	support_expect_ok(store_save_session_fields(fx->st, s, &err), &err);
	support_reopen_stored(fx);
	assert_int_equal(s->status, SESSION_OPEN);
	assert_int_equal(s->closed_at, 0);
}

/* ---- 3. one transaction per change ---- */

/* Another connection can write at once: nothing is left open. */
static void assert_no_transaction_left(sqlite3 *raw)
{
	sqlite3_busy_timeout(raw, 0);
	support_raw_exec(raw, "BEGIN IMMEDIATE");
	support_raw_exec(raw, "ROLLBACK");
	sqlite3_busy_timeout(raw, 5000);
}

/* Another connection sees the change at once (the query bound to id
 * answers want) and can write: nothing is left open. */
static void assert_seen_at_once(sqlite3 *raw, const char *sql, int64_t id, int64_t want)
{
	assert_int_equal(support_raw_int(raw, sql, id), want);
	assert_no_transaction_left(raw);
}

static void store_save_item__is_committed_and_seen_by_another_connection_when_it_returns(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_store(fx->db);
	struct session *s = support_store_session(st, support_full_session());
	struct error err = {0};
	sqlite3 *raw = support_raw_open(fx->db);
	assert_seen_at_once(raw, "SELECT count(*) FROM sessions WHERE id = ?1", s->id, 1);

	support_expect_ok(session_add_value(s, "learn in the open", &err), &err);
	support_expect_ok(store_save_item(st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	assert_seen_at_once(raw, "SELECT count(*) FROM team_values WHERE id = ?1"
			    " AND text = 'learn in the open'", s->values[s->nvalues - 1].id, 1);

	support_expect_ok(session_rate(s, 2, 1, 5, &err), &err);
	support_expect_ok(store_save_rating(st, s, 2, 1, &err), &err);
	assert_seen_at_once(raw, "SELECT score FROM ratings WHERE participant_id = ?1"
			    " AND dimension_id = (SELECT max(id) FROM dimensions)",
			    s->participants[1].id, 5);

	support_expect_ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	support_expect_ok(store_save_session_fields(st, s, &err), &err);
	assert_seen_at_once(raw, "SELECT count(*) FROM sessions WHERE id = ?1"
			    " AND stage = 'review'", s->id, 1);

	support_expect_ok(store_delete_item(st, s, LIST_PARKING, s->parking[0].id, &err), &err);
	assert_seen_at_once(raw, "SELECT count(*) FROM parking_lot WHERE session_id = ?1",
			    s->id, 1);
	sqlite3_close(raw);
	store_close(st);
	session_free(s);
}

/* A file edited by hand can hold text with NUL bytes inside; read as C
 * strings, "Ana\0B" and "Ana\0C" would both be "Ana" and a check-in would
 * fail on the names' uniqueness. */
static void store_load_session__keeps_names_that_differ_after_a_nul_byte_apart(void **state)
{
	struct support_stored *fx = *state;
	int64_t id = fx->s->id;
	sqlite3 *raw = support_raw_open(fx->scratch.db);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE participants SET name = ?1 || position"
					    " WHERE session_id = ?2", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, "Ana\0B", 5, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);

	struct session *s = support_load(fx->st, id);
	assert_true(s->nparticipants >= 2);
	assert_string_equal(s->participants[0].name, "Ana\\x00B0");
	assert_string_equal(s->participants[1].name, "Ana\\x00B1");
	session_free(s);
	int64_t next = 0;
	struct error err = {0};
	support_expect_ok(store_check_in(fx->st, id, 1800000000, &next, &err), &err);
	s = support_load(fx->st, next);
	assert_string_equal(s->participants[1].name, "Ana\\x00B1");
	session_free(s);
}

static void store_save_item__refuses_an_item_that_is_not_there(void **state)
{
	struct support_stored *fx = *state;
	struct session *s = fx->s;
	struct error err = {0};
	assert_int_equal(store_save_item(fx->st, s, LIST_VALUES, s->nvalues, &err), ERR_SOFTWARE);
	assert_int_equal(store_save_rating(fx->st, s, 0, s->nparticipants, &err), ERR_SOFTWARE);
	assert_int_equal(store_save_ballot(fx->st, s, s->nballots, &err), ERR_SOFTWARE);
	/* Nothing was left half done: the next change goes through. */
	support_expect_ok(session_add_value(s, "one more", &err), &err);
	support_expect_ok(store_save_item(fx->st, s, LIST_VALUES, s->nvalues - 1, &err), &err);
	support_reopen_stored(fx);
}

/* ---- 4. a series read back ---- */

static void store_load_ancestors__stops_at_a_parent_loop_and_names_it(void **state)
{
	struct support_stored *fx = *state;
	int64_t id = fx->s->id, next = 0;
	struct error err = {0};
	support_expect_ok(store_check_in(fx->st, id, 1800000000, &next, &err), &err);
	sqlite3 *raw = support_raw_open(fx->scratch.db);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE sessions SET parent_id = ?1 WHERE id = ?2",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, next);
	sqlite3_bind_int64(q, 2, id);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	const int64_t froms[] = {id, next};
	for (size_t i = 0; i < NELEMS(froms); i++) {
		struct session **list = NULL;
		size_t n = 99;
		bool reached = true;
		error_clear(&err);
		alarm(10);
		assert_int_equal(store_load_ancestors(fx->st, froms[i], 0, &list, &n, &reached,
						      &err), ERR_DATA);
		alarm(0);
		assert_null(list);
		assert_int_equal(n, 0);
		assert_non_null(strstr(err.msg, "loops"));
		assert_null(strchr(err.msg, '\n'));
	}
}

/* ---- 5. numbers from the file are held to the model's bounds ---- */

static const struct {
	const char *sql;        /* changes at least one row of the session */
	const char *names;      /* what the refusal must name */
} out_of_bounds[] = {
	{"UPDATE dimensions SET scale_min = -2000000000, scale_max = 2000000000", "dimensions"},
	{"UPDATE dimensions SET scale_max = 2147483647", "scale_max"},
	{"UPDATE dimensions SET scale_min = 4, scale_max = 2", "scale_min"},
	{"UPDATE dimensions SET group_score = 9", "group_score"},
	{"UPDATE ratings SET score = 2147483647", "ratings"},
	{"UPDATE ratings SET score = 0", "rating"},
	{"INSERT OR REPLACE INTO timers SELECT id, 'steps', 2147483647, -2147483648, 2147483647"
	 " FROM sessions", "timers"},
	{"INSERT OR REPLACE INTO timers SELECT id, 'review', 60, 60, -1 FROM sessions",
	 "running_since"},
	{"UPDATE ballot_candidates SET impact_sum = 9223372036854775807", "impact_sum"},
	{"UPDATE ballot_candidates SET effort_sum = -9223372036854775807 - 1", "effort_sum"},
	{"UPDATE ballot_candidates SET points = 'many'", "not a whole number"},
	{"UPDATE ballots SET cap = budget + 1", "cap"},
	{"UPDATE ballots SET budget = 2147483647", "budget"},
	{"UPDATE ballots SET score_min = 5, score_max = 1", "score_min"},
	{"UPDATE ballots SET tally_voters = -1", "tally_voters"},
	{"UPDATE ballot_pairs SET count = 9223372036854775807", "ballot_pairs"},
	{"UPDATE steps SET points = 9223372036854775807", "points"},
	{"UPDATE steps SET rank = -3", "rank"},
	{"UPDATE sessions SET iteration = 4294967297", "iteration"},
	{"UPDATE sessions SET parent_id = id", "its own parent"},
	{"UPDATE metrics SET baseline = 1e999", "metrics"},
	{"UPDATE measurements SET value = -1e999", "measurements"},
};

static void store_load_session__refuses_a_number_outside_the_models_bounds_in_one_line(
	void **state)
{
	const struct support_fixture *fx = *state;
	struct session *s = support_make_database(fx->db);
	char copy[SUPPORT_PATH_SIZE];
	support_path_in(fx, "changed.db", copy);
	for (size_t i = 0; i < NELEMS(out_of_bounds); i++) {
		support_copy_file(fx->db, copy);
		sqlite3 *raw = support_raw_open(copy);
		sqlite3_exec(raw, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON",
			     NULL, NULL, NULL);
		support_raw_exec(raw, out_of_bounds[i].sql);
		if (sqlite3_changes(raw) == 0)
			print_error("%s: changed nothing\n", out_of_bounds[i].sql);
		assert_true(sqlite3_changes(raw) > 0);
		sqlite3_close(raw);
		struct store *st = support_open_store(copy);
		struct session *got = NULL;
		struct error err = {0};
		enum err_code code = store_load_session(st, s->id, &got, &err);
		if (code != ERR_DATA || !strstr(err.msg, out_of_bounds[i].names))
			print_error("%s: got %d: %s\n", out_of_bounds[i].sql, code, err.msg);
		assert_int_equal(code, ERR_DATA);
		assert_null(got);
		assert_non_null(strstr(err.msg, out_of_bounds[i].names));
		assert_non_null(strstr(err.msg, "changed outside improv"));
		assert_null(strchr(err.msg, '\n'));
		store_close(st);
		support_remove_tree(copy);
	}
	session_free(s);
}

#define TEST(name) \
	cmocka_unit_test_setup_teardown(name, support_make_fixture, support_remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(store_create_session__gives_every_row_a_fresh_id_and_loads_back_every_field),
		SUPPORT_STORED(store_create_session__ties_metrics_and_steps_to_the_new_goal_ids),
		SUPPORT_STORED(
			store_create_session__keeps_unset_numbers_and_dates_of_metrics_unset),
		SUPPORT_STORED(
			store_create_session__keeps_every_horizon_status_owner_and_score_of_steps),
		SUPPORT_STORED(
			store_create_session__points_ballots_at_the_new_step_and_participant_ids),
		TEST(store_create_session__leaves_the_ballots_in_memory_naming_the_new_ids),
		TEST(store_create_session__keeps_a_check_ins_lineage_and_last_times_means),
		TEST(store_list_sessions__groups_by_organization_and_unit_newest_first),
		TEST(store_load_session__reports_a_session_that_does_not_exist),
		SUPPORT_STORED(store_load_session__keeps_names_that_differ_after_a_nul_byte_apart),
		SUPPORT_STORED(
			store_save_item__inserts_into_every_list_and_keeps_it_after_a_reopen),
		SUPPORT_STORED(store_save_item__updates_every_list_and_keeps_it_after_a_reopen),
		SUPPORT_STORED(store_save_order__keeps_every_list_in_its_new_order),
		SUPPORT_STORED(store_delete_item__removes_the_row_from_every_list),
		SUPPORT_STORED(store_save_rating__saves_a_score_and_clears_it_again),
		SUPPORT_STORED(store_save_group_score__sets_and_clears_the_rooms_score),
		SUPPORT_STORED(
			store_save_notes__writes_added_edited_and_removed_notes_of_both_kinds),
		SUPPORT_STORED(store_save_measurements__adds_only_the_new_ones_oldest_first),
		SUPPORT_STORED(store_save_ballot__stores_a_new_ballot_each_vote_and_the_reveal),
		SUPPORT_STORED(store_cast_ballot__leaves_no_earlier_totals_in_the_write_ahead_log),
		SUPPORT_STORED(
			store_cast_ballot__refuses_an_anonymous_vote_while_another_program_reads),
		SUPPORT_STORED(
			store_save_session_fields__keeps_setup_fields_stage_status_and_timers),
		TEST(store_save_item__is_committed_and_seen_by_another_connection_when_it_returns),
		SUPPORT_STORED(store_save_item__refuses_an_item_that_is_not_there),
		SUPPORT_STORED(store_load_ancestors__stops_at_a_parent_loop_and_names_it),
		TEST(store_load_session__refuses_a_number_outside_the_models_bounds_in_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
