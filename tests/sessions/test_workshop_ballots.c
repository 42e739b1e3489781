/* Tests for the editing service's ballots: they are tallied as they would
 * be by hand, and an anonymous ballot leaves nothing in the file that ties
 * a person to their choices or to the moment they voted. Each test works
 * in its own temporary folder with its own database. */

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

/* ---- ballots ---- */

/* The points and rank the steps table holds for step i; POINTS_NONE and 0
 * stand for NULL. */
static void assert_step_result(const struct fixture *fx, size_t i, long points, int rank)
{
	sqlite3 *raw = support_raw_open(fx->db);
	sqlite3_stmt *q = support_raw_prepare(raw, "SELECT points, rank FROM steps WHERE id = ?1");
	sqlite3_bind_int64(q, 1, S(fx)->steps[i].id);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	if (points == POINTS_NONE)
		assert_int_equal(sqlite3_column_type(q, 0), SQLITE_NULL);
	else
		assert_int_equal(sqlite3_column_int64(q, 0), points);
	if (rank == 0)
		assert_int_equal(sqlite3_column_type(q, 1), SQLITE_NULL);
	else
		assert_int_equal(sqlite3_column_int(q, 1), rank);
	sqlite3_finalize(q);
	sqlite3_close(raw);
	assert_int_equal(S(fx)->steps[i].points, points);
	assert_int_equal(S(fx)->steps[i].rank, rank);
}

/* Step i's points and rank once a ballot is revealed. */
struct step_result {
	size_t step;
	long points;
	int rank;
};

/* Reveals ballot b; the file holds the session, and each of the n steps
 * has its points and rank. */
static void assert_revealed(const struct fixture *fx, size_t b, size_t n,
			    const struct step_result *want)
{
	struct error err = {0};
	support_expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_saved(fx);
	for (size_t i = 0; i < n; i++)
		assert_step_result(fx, want[i].step, want[i].points, want[i].rank);
}

/* The ballot's rows of ballot_candidates, by position, are exactly nrows,
 * and row r holds want[r * ncols + k] in the k-th of the columns. */
static void assert_candidate_rows(const struct fixture *fx, size_t b, const char *columns,
				  size_t nrows, size_t ncols, const int64_t *want)
{
	sqlite3 *raw = support_raw_open(fx->db);
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "SELECT %s FROM ballot_candidates WHERE ballot_id = ?1 ORDER BY position",
		  columns);
	sqlite3_stmt *q = support_raw_prepare(raw, sbuf_str(&sql));
	sqlite3_bind_int64(q, 1, S(fx)->ballots[b].id);
	for (size_t r = 0; r < nrows; r++) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		for (size_t k = 0; k < ncols; k++) {
			if (sqlite3_column_int64(q, (int)k) != want[r * ncols + k])
				print_error("row %zu, %s\n", r, sqlite3_column_name(q, (int)k));
			assert_int_equal(sqlite3_column_int64(q, (int)k), want[r * ncols + k]);
		}
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sbuf_free(&sql);
	sqlite3_close(raw);
}

static void assert_no_step_scored(const struct fixture *fx)
{
	assert_int_equal(support_file_int(fx->db, "SELECT count(*) FROM steps"
					  " WHERE points IS NOT NULL OR rank IS NOT NULL", 0), 0);
}

/* The file holds exactly the rows of the dump before, which is freed. */
static void assert_file_still_holds(const struct fixture *fx, char *before)
{
	char *after = support_dump_database(fx->db);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

/* The six steps of add_six_steps and a ballot on them; returns the ballot. */
static size_t ballot_on_six_steps(const struct fixture *fx, const struct ballot_settings *set)
{
	add_six_steps(fx);
	return open_ballot(fx, set);
}

/* An anonymous dots ballot on six steps, in which participant p voted
 * and was then removed; p's id in *voter when not NULL. */
static size_t ballot_whose_voter_left(const struct fixture *fx, size_t p, int64_t *voter)
{
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b = ballot_on_six_steps(fx, &set);
	cast_dots(fx, b, p, (const int[]){1, 0, 0, 0});
	if (voter)
		*voter = participant_id(fx, p);
	struct error err = {0};
	support_expect_ok(ws_remove(fx->ws, LIST_PARTICIPANTS, p, &err), &err);
	return b;
}

static void ws_open_ballot__puts_only_the_steps_still_to_do_on_the_ballot(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	const struct ballot_settings all = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = open_ballot(fx, &all);
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->ncandidates, 4);
	for (size_t c = 0; c < 4; c++)
		assert_int_equal(x->candidates[c], S(fx)->steps[c].id);

	const struct ballot_settings short_term = {.method = BALLOT_DOTS, .horizon = HORIZON_SHORT};
	b = open_ballot(fx, &short_term);
	x = &S(fx)->ballots[b];
	assert_int_equal(x->ncandidates, 2);
	assert_int_equal(x->candidates[0], S(fx)->steps[0].id);
	assert_int_equal(x->candidates[1], S(fx)->steps[3].id);
	assert_saved(fx);

	sqlite3 *raw = support_raw_open(fx->db);
	for (size_t i = 4; i < 6; i++)
		assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ballot_candidates"
					 " WHERE step_id = ?1", S(fx)->steps[i].id), 0);
	sqlite3_close(raw);

	const struct ballot_settings long_term = {.method = BALLOT_DOTS, .horizon = HORIZON_LONG};
	size_t none = 7;
	support_expect_refused(ws_open_ballot(fx->ws, &long_term, &none, &err), &err, ERR_DATA,
		       "at least two steps");
	assert_int_equal(none, 7);
	assert_int_equal(S(fx)->nballots, 2);
	assert_saved(fx);
}

/* Ids are never reused, so a newcomer is never mistaken for someone who
 * left after voting. */
static void ws_cast__lets_a_newcomer_vote_after_someone_who_voted_left(void **state)
{
	const struct fixture *fx = *state;
	int64_t cy;
	size_t b = ballot_whose_voter_left(fx, CY, &cy);
	add_dee(fx);
	size_t dee = S(fx)->nparticipants - 1;
	assert_true(participant_id(fx, dee) != cy);
	cast_dots(fx, b, dee, (const int[]){0, 1, 0, 0});
	assert_int_equal(S(fx)->ballots[b].nvoters, 2);
	assert_saved(fx);
}

/* Undoing a removal brings the same person and the same step back to the
 * ballot: still counted as having voted, still a candidate. */
static void workshop__undo__keeps_a_restored_voter_and_step_on_their_ballot(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	size_t b = ballot_whose_voter_left(fx, ANA, NULL);
	undo(fx, "the removed participant");
	const struct ballot *x = &S(fx)->ballots[b];
	assert_true(ballot_has_voted(x, participant_id(fx, ANA)));
	const struct ballot_vote again = {.dots = (const int[]){1, 0, 0, 0}};
	support_expect_refused(ws_cast(fx->ws, b, ANA, &again, &err), &err, ERR_DATA, "already");
	support_expect_ok(ws_remove(fx->ws, LIST_STEPS, 0, &err), &err);
	undo(fx, "the deleted step");
	x = &S(fx)->ballots[b];
	assert_true(ballot_candidate_index(x, S(fx)->steps[0].id) >= 0);
	assert_saved(fx);
}

static void ws_reveal_ballot__dots_writes_the_points_and_shared_ranks_onto_the_steps(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .budget = 4,
					    .cap = 2, .anonymous = true};
	size_t b = ballot_on_six_steps(fx, &set);
	assert_int_equal(S(fx)->ballots[b].budget, 4);
	assert_int_equal(S(fx)->ballots[b].cap, 2);
	cast_dots(fx, b, ANA, (const int[]){2, 1, 0, 1});
	cast_dots(fx, b, BO, (const int[]){2, 0, 2, 0});
	const struct ballot_vote over_cap = {.dots = (const int[]){0, 3, 0, 0}};
	support_expect_refused(ws_cast(fx->ws, b, CY, &over_cap, &err), &err, ERR_DATA, "at most 2");
	cast_dots(fx, b, CY, (const int[]){0, 1, 1, 2});
	assert_saved(fx);
	assert_no_step_scored(fx);

	support_expect_ok(ws_close_ballot(fx->ws, b, &err), &err);
	assert_int_equal(S(fx)->ballots[b].status, BALLOT_CLOSED);
	assert_saved(fx);
	assert_no_step_scored(fx);

	/* By hand: 2+2+0, 1+0+1, 0+2+1, 1+0+2 = 4, 2, 3, 3. */
	assert_revealed(fx, b, 6, (const struct step_result[]){
		{0, 4, 1}, {1, 2, 4}, {2, 3, 2}, {3, 3, 2},
		{4, POINTS_NONE, 0}, {5, POINTS_NONE, 0},
	});
}

static void ws_cast__refuses_a_second_vote_by_the_same_participant_and_keeps_the_totals(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .anonymous = true};
	size_t b = ballot_on_six_steps(fx, &set);
	cast_dots(fx, b, BO, (const int[]){1, 1, 1, 0});
	char *before = support_dump_database(fx->db);
	const struct ballot_vote again = {.dots = (const int[]){0, 0, 0, 3}};
	support_expect_refused(ws_cast(fx->ws, b, BO, &again, &err), &err, ERR_DATA, "already voted");
	assert_file_still_holds(fx, before);
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->nvoters, 1);
	assert_int_equal(x->points[3], 0);
	support_expect_refused(ws_cast(fx->ws, b, NPEOPLE, &again, &err), &err, ERR_DATA,
		       "no such participant");
	assert_saved(fx);
}

static void ws_cast__refuses_a_vote_once_the_ballot_is_closed(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = ballot_on_six_steps(fx, &set);
	const struct ballot_vote v = {.approve = (const bool[]){true, false, true, false}};
	cast(fx, b, ANA, &v);
	support_expect_ok(ws_close_ballot(fx->ws, b, &err), &err);
	support_expect_refused(ws_cast(fx->ws, b, BO, &v, &err), &err, ERR_DATA, "closed");
	support_expect_refused(ws_close_ballot(fx->ws, b, &err), &err, ERR_DATA, "already closed");
	support_expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	support_expect_refused(ws_cast(fx->ws, b, BO, &v, &err), &err, ERR_DATA, "closed");
	assert_int_equal(S(fx)->ballots[b].nvoters, 1);
	assert_saved(fx);
	assert_step_result(fx, 0, 1, 1);
	assert_step_result(fx, 2, 1, 1);
	assert_step_result(fx, 1, 0, 3);
}

static void ws_reveal_ballot__approval_counts_approvals_and_keeps_ties(void **state)
{
	const struct fixture *fx = *state;
	add_six_steps(fx);
	add_dee(fx);
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	static const bool votes[4][4] = {
		{true, true, false, false},
		{true, false, true, false},
		{false, true, true, true},
		{true, true, false, false},
	};
	for (size_t p = 0; p < 4; p++) {
		const struct ballot_vote v = {.approve = votes[p]};
		cast(fx, b, p, &v);
	}
	/* By hand: 3, 3, 2, 1. */
	assert_revealed(fx, b, 4, (const struct step_result[]){
		{0, 3, 1}, {1, 3, 1}, {2, 2, 3}, {3, 1, 4},
	});
}

static void ws_reveal_ballot__ranked_gives_borda_points_and_no_condorcet_winner_on_a_cycle(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	add_six_steps(fx);
	add_dee(fx);
	const struct ballot_settings set = {.method = BALLOT_RANKED, .horizon = -1,
					    .anonymous = true};
	size_t b = open_ballot(fx, &set);
	/* A beats B, B beats C, C beats A, two to one each; Dee ranks only D. */
	static const size_t ana[] = {0, 1, 2, 3}, bo[] = {1, 2, 0, 3}, cy[] = {2, 0, 1, 3},
			    dee[] = {3};
	const struct ballot_vote votes[] = {
		{.order = ana, .norder = 4}, {.order = bo, .norder = 4},
		{.order = cy, .norder = 4}, {.order = dee, .norder = 1},
	};
	for (size_t p = 0; p < NELEMS(votes); p++)
		cast(fx, b, p, &votes[p]);
	/* Borda on four: 3, 2, 1, 0. A: 3+1+2, B: 2+3+1, C: 1+2+3, D: 0+0+0+3. */
	assert_revealed(fx, b, 4, (const struct step_result[]){
		{0, 6, 1}, {1, 6, 1}, {2, 6, 1}, {3, 3, 4},
	});

	static const long pairs[4][4] = {
		{0, 2, 1, 3},
		{1, 0, 2, 3},
		{2, 1, 0, 3},
		{1, 1, 1, 0},
	};
	sqlite3 *raw = support_raw_open(fx->db);
	sqlite3_stmt *q = support_raw_prepare(raw, "SELECT coalesce((SELECT count FROM ballot_pairs"
				      " WHERE ballot_id = ?1 AND winner = ?2 AND loser = ?3), 0)");
	for (int w = 0; w < 4; w++) {
		for (int l = 0; l < 4; l++) {
			sqlite3_bind_int64(q, 1, S(fx)->ballots[b].id);
			sqlite3_bind_int(q, 2, w);
			sqlite3_bind_int(q, 3, l);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int64(q, 0), pairs[w][l]);
			sqlite3_reset(q);
		}
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);

	struct session *disk = on_disk(fx);
	struct ballot_results r;
	support_expect_ok(ballot_tally(&disk->ballots[b], &r, &err), &err);
	assert_true(r.has_condorcet);
	assert_int_equal(r.condorcet, -1);
	assert_true(r.has_ties);
	ballot_results_free(&r);
	session_free(disk);
}

static void ws_reveal_ballot__scoring_ranks_by_priority_and_keeps_negative_points(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_SCORING, .horizon = -1,
					    .anonymous = true};
	size_t b = ballot_on_six_steps(fx, &set);
	static const int impact[3][4] = {{5, 2, 4, 0}, {4, 3, 2, 0}, {3, 0, 3, 0}};
	static const int effort[3][4] = {{1, 4, 4, 0}, {2, 2, 5, 0}, {2, 0, 1, 0}};
	for (size_t p = 0; p < 3; p++) {
		const struct ballot_vote v = {.impact = impact[p], .effort = effort[p]};
		cast(fx, b, p, &v);
	}
	const struct ballot_vote half = {.impact = (const int[]){3, 0, 0, 0},
					 .effort = (const int[]){0, 0, 0, 0}};
	add_dee(fx);
	support_expect_refused(ws_cast(fx->ws, b, 3, &half, &err), &err, ERR_DATA, "or neither");
	/* By hand, 10 * (mean impact - mean effort), half away from zero:
	 * A 10 * (12 - 5) / 3 = 23.3 -> 23; B 10 * (5 - 6) / 2 = -5;
	 * C 10 * (9 - 10) / 3 = -3.3 -> -3; D nobody scored it: last, 0. */
	assert_revealed(fx, b, 4, (const struct step_result[]){
		{0, 23, 1}, {1, -5, 3}, {2, -3, 2}, {3, 0, 4},
	});

	static const int64_t sums[4 * 3] = {12, 5, 3, 5, 6, 2, 9, 10, 3, 0, 0, 0};
	assert_candidate_rows(fx, b, "impact_sum, effort_sum, score_count", 4, 3, sums);
}

static void ws_set_tally__dots_from_the_wall_are_kept_within_the_limit_and_revealed(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .entry = BALLOT_ENTRY_TALLY,
					    .horizon = HORIZON_SHORT, .budget = 3, .cap = 3,
					    .anonymous = true, .wall_voters = 6};
	size_t b = ballot_on_six_steps(fx, &set);
	assert_int_equal(S(fx)->ballots[b].ncandidates, 2);
	assert_int_equal(S(fx)->ballots[b].tally_voters, 6);
	support_expect_ok(ws_set_tally(fx->ws, b, 0, 7, &err), &err);
	support_expect_ok(ws_set_tally(fx->ws, b, 1, 9, &err), &err);
	support_expect_refused(ws_set_tally(fx->ws, b, 1, 19, &err), &err, ERR_DATA, "at most 18");
	support_expect_ok(ws_set_tally(fx->ws, b, 1, 11, &err), &err);
	const struct ballot_vote paper = {.dots = (const int[]){1, 2}};
	support_expect_refused(ws_cast(fx->ws, b, ANA, &paper, &err), &err, ERR_DATA, "from the wall");
	assert_int_equal(S(fx)->ballots[b].nvoters, 0);
	assert_saved(fx);
	assert_no_step_scored(fx);

	support_expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	support_expect_refused(ws_set_tally(fx->ws, b, 0, 8, &err), &err, ERR_DATA, "closed");
	assert_saved(fx);
	assert_step_result(fx, 0, 7, 2);
	assert_step_result(fx, 3, 11, 1);
	for (size_t i = 1; i < 6; i++)
		if (i != 3)
			assert_step_result(fx, i, POINTS_NONE, 0);
	assert_int_equal(support_file_int(fx->db, "SELECT tally_voters FROM ballots"
					  " WHERE entry = 'tally' AND method = 'dots'"
					  " AND status = 'revealed'", 0), 6);
}

static void ws_open_ballot__and_every_vote_are_refused_in_a_closed_session(void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1};
	size_t b = ballot_on_six_steps(fx, &set);
	const struct ballot_settings tally = {.method = BALLOT_APPROVAL,
					      .entry = BALLOT_ENTRY_TALLY, .horizon = -1};
	size_t t = open_ballot(fx, &tally);
	support_expect_ok(ws_close_session(fx->ws, &err), &err);
	char *before = support_dump_database(fx->db);

	size_t none = 7;
	support_expect_refused(ws_open_ballot(fx->ws, &set, &none, &err), &err, ERR_DATA, "closed");
	assert_int_equal(none, 7);
	const struct ballot_vote v = {.dots = (const int[]){1, 0, 0, 0}};
	support_expect_refused(ws_cast(fx->ws, b, ANA, &v, &err), &err, ERR_DATA, "closed");
	support_expect_refused(ws_set_tally(fx->ws, t, 0, 2, &err), &err, ERR_DATA, "closed");
	support_expect_refused(ws_close_ballot(fx->ws, b, &err), &err, ERR_DATA, "closed");
	support_expect_refused(ws_reveal_ballot(fx->ws, b, &err), &err, ERR_DATA, "closed");
	assert_file_still_holds(fx, before);
	assert_int_equal(S(fx)->nballots, 2);
	assert_int_equal(S(fx)->ballots[b].status, BALLOT_OPEN);
	assert_saved(fx);
}

/* ---- an anonymous ballot, as the file keeps it ---- */

/* Three steps and an anonymous dots ballot on them, with room for 99 dots
 * on one step. Everyone chooses differently, and the totals between the
 * first vote and the last are held by no later state: Cy's whole ballot is
 * 99 on the third step, which grows to 148 and 158 and so outgrows the
 * byte it was first stored in. The votes come in the order Cy, Ana, Bo. */
#define ANON_STEPS 3
static const int anon_dots[NPEOPLE][ANON_STEPS] = {
	[ANA] = {40, 10, 49},
	[BO] = {5, 60, 10},
	[CY] = {0, 0, 99},
};
static const size_t anon_order[NPEOPLE] = {CY, ANA, BO};

static void assert_voters_sorted(const struct ballot *b)
{
	for (size_t v = 1; v < b->nvoters; v++)
		assert_true(b->voters[v - 1] < b->voters[v]);
}

/* Runs the ballot in the workshop, the votes coming in this order. */
static size_t run_anonymous_ballot(const char *db, struct workshop *ws, const size_t *order)
{
	static const char *const texts[ANON_STEPS] = {
		"Pilot show-and-tell", "Answers wiki", "Recognition for sharing"};
	struct error err = {0};
	for (size_t i = 0; i < ANON_STEPS; i++) {
		const struct step fields = {.text = (char *)texts[i], .points = POINTS_NONE};
		support_expect_ok(ws_add_step(ws, &fields, &err), &err);
	}
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1, .budget = 99,
					    .cap = 99, .anonymous = true};
	size_t b = SIZE_MAX;
	support_expect_ok(ws_open_ballot(ws, &set, &b, &err), &err);
	assert_wal_empty(db);
	for (size_t k = 0; k < NPEOPLE; k++) {
		const struct ballot_vote v = {.dots = anon_dots[order[k]]};
		support_expect_ok(ws_cast(ws, b, order[k], &v, &err), &err);
		assert_wal_empty(db);
		assert_voters_sorted(&ws->s->ballots[b]);
	}
	return b;
}

/* Whether a foreign key of the column points at a table whose name is
 * LIKE the pattern. */
static bool refers_to(sqlite3 *db, const char *table, const char *column, const char *pattern)
{
	sqlite3_stmt *q = support_raw_prepare(db, "SELECT count(*) FROM pragma_foreign_key_list(?1)"
				      " WHERE \"table\" LIKE ?3 AND \"from\" = ?2");
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, column, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, pattern, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	bool refers = sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	return refers;
}

static bool names_a_participant(sqlite3 *db, const char *table, const char *column)
{
	static const char *const names[] = {"participant", "participant_id", "voter", "voter_id",
					    "person", "person_id"};
	for (size_t i = 0; i < NELEMS(names); i++)
		if (strcmp(column, names[i]) == 0)
			return true;
	return refers_to(db, table, column, "participants");
}

static bool holds_ballot_data(sqlite3 *db, const char *table, const char *column)
{
	if (strncmp(table, "ballot", 6) == 0 || strcmp(column, "ballot_id") == 0)
		return true;
	return refers_to(db, table, column, "ballot%");
}

/* How many rows of this table belong to the ballot. */
static int64_t rows_of_ballot(sqlite3 *db, const char *table, int64_t ballot)
{
	struct sbuf sql = SBUF_INIT;
	sbuf_addf(&sql, "SELECT count(*) FROM \"%s\" WHERE ballot_id = ?1", table);
	int64_t n = support_raw_int(db, sbuf_str(&sql), ballot);
	sbuf_free(&sql);
	return n;
}

/* A named ballot beside the anonymous one, the same people voting. */
static size_t run_named_ballot(const struct fixture *fx)
{
	const struct ballot_settings set = {.method = BALLOT_APPROVAL, .horizon = -1};
	size_t b = open_ballot(fx, &set);
	assert_false(S(fx)->ballots[b].anonymous);
	for (size_t p = 0; p < NPEOPLE; p++) {
		const struct ballot_vote v = {.approve = (const bool[]){p != 0, p != 1, true}};
		cast(fx, b, p, &v);
	}
	return b;
}

static void anonymous_ballot__no_table_but_ballot_voters_puts_a_person_beside_its_data(
	void **state)
{
	const struct fixture *fx = *state;
	size_t anon = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	size_t named = run_named_ballot(fx);
	int64_t anon_id = S(fx)->ballots[anon].id, named_id = S(fx)->ballots[named].id;
	sqlite3 *raw = support_raw_open(fx->db);
	sqlite3_stmt *tables = support_raw_prepare(raw, "SELECT name FROM sqlite_master"
					   " WHERE type = 'table' ORDER BY name");
	size_t ntables = 0, nballot_tables = 0;
	int64_t named_rows = 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		sqlite3_stmt *cols = support_raw_prepare(raw, "SELECT name FROM pragma_table_info(?1)");
		sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
		bool person = false, ballot = false, by_ballot = false;
		struct sbuf names = SBUF_INIT;
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(cols, 0);
			person |= names_a_participant(raw, table, col);
			ballot |= holds_ballot_data(raw, table, col);
			by_ballot |= strcmp(col, "ballot_id") == 0;
			sbuf_addf(&names, "%s%s", names.len ? "," : "", col);
			/* Nothing in a ballot's rows may say when a vote came. */
			if (strncmp(table, "ballot", 6) == 0)
				assert_null(strstr(col, "_at"));
		}
		sqlite3_finalize(cols);
		ntables++;
		nballot_tables += ballot;
		if (person && ballot && strcmp(table, "ballot_voters") == 0) {
			/* Who has voted, and nothing else. */
			assert_string_equal(sbuf_str(&names), "ballot_id,participant_id");
		} else if (person && ballot) {
			/* Who chose what, for named ballots: not one row of the
			 * anonymous ballot. */
			if (!by_ballot || rows_of_ballot(raw, table, anon_id) != 0)
				print_error("%s(%s) ties a person to the anonymous ballot\n", table,
					    sbuf_str(&names));
			assert_true(by_ballot);
			assert_int_equal(rows_of_ballot(raw, table, anon_id), 0);
			named_rows += rows_of_ballot(raw, table, named_id);
		}
		sbuf_free(&names);
	}
	sqlite3_finalize(tables);
	sqlite3_close(raw);
	assert_true(ntables > 10);
	assert_true(nballot_tables >= 4);
	/* The test can tell: the named ballot's choices are there. */
	assert_int_equal(named_rows, 2 + 2 + 3);
	assert_saved(fx);
}

static void anonymous_ballot__ballot_voters_reads_in_participant_order_without_a_rowid(
	void **state)
{
	const struct fixture *fx = *state;
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	sqlite3 *raw = support_raw_open(fx->db);
	sqlite3_stmt *q = support_raw_prepare(raw, "SELECT * FROM ballot_voters");
	for (size_t p = 0; p < NPEOPLE; p++) {
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_count(q), 2);
		assert_int_equal(sqlite3_column_int64(q, 0), S(fx)->ballots[b].id);
		assert_int_equal(sqlite3_column_int64(q, 1), participant_id(fx, p));
	}
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);

	q = support_raw_prepare(raw, "SELECT upper(sql) FROM sqlite_master WHERE name = 'ballot_voters'");
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(q, 0), "WITHOUT ROWID"));
	sqlite3_finalize(q);
	sqlite3_stmt *rowid = NULL;
	assert_int_not_equal(sqlite3_prepare_v2(raw, "SELECT rowid FROM ballot_voters", -1,
						&rowid, NULL), SQLITE_OK);
	sqlite3_finalize(rowid);
	sqlite3_close(raw);

	/* The ids rise in the order the people were added: Ana, Bo, Cy. */
	assert_true(participant_id(fx, ANA) < participant_id(fx, BO));
	assert_true(participant_id(fx, BO) < participant_id(fx, CY));
	const struct ballot *x = &S(fx)->ballots[b];
	assert_int_equal(x->nvoters, NPEOPLE);
	for (size_t p = 0; p < NPEOPLE; p++)
		assert_int_equal(x->voters[p], participant_id(fx, p));
	assert_saved(fx);
}

static void anonymous_ballot__ballot_candidates_holds_only_the_sums_of_the_ballots(
	void **state)
{
	const struct fixture *fx = *state;
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	sqlite3 *raw = support_raw_open(fx->db);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ballot_candidates", 0), ANON_STEPS);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ballot_pairs", 0), 0);
	/* Each step's total of dots and nothing else: no scores. */
	int64_t want[ANON_STEPS * 6] = {0};
	for (size_t c = 0; c < ANON_STEPS; c++) {
		int64_t *row = &want[c * 6];
		row[0] = (int64_t)c;
		row[1] = S(fx)->steps[c].id;
		for (size_t p = 0; p < NPEOPLE; p++)
			row[2] += anon_dots[p][c];
	}
	assert_candidate_rows(fx, b, "position, step_id, points, impact_sum, effort_sum, score_count",
			      ANON_STEPS, 6, want);
	assert_int_equal(support_raw_int(raw, "SELECT count(*) FROM ballots WHERE anonymous = 1", 0), 1);
	sqlite3_close(raw);
	assert_saved(fx);
}

static void anonymous_ballot__the_write_ahead_log_is_empty_after_every_vote_and_the_reveal(
	void **state)
{
	const struct fixture *fx = *state;
	struct error err = {0};
	size_t b = run_anonymous_ballot(fx->db, fx->ws, anon_order);
	support_expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	assert_wal_empty(fx->db);
	assert_saved(fx);
}

/* ---- the bytes of the file ---- */

/* A new database in the test's folder where the anonymous ballot is run,
 * the votes coming in this order; closed, so that everything is in the
 * database file itself. */
static void vote_in_new_file(const struct fixture *fx, const char *name, const size_t *order,
			     char path[PATH_SIZE])
{
	struct store *st;
	struct workshop *ws;
	int64_t id;
	char wal[PATH_SIZE + 8];
	snprintf(path, PATH_SIZE, "%s/%s", fx->dir, name);
	start_workshop(path, NULL, &st, &ws, &id);
	run_anonymous_ballot(path, ws, order);
	workshop_close(ws);
	store_close(st);
	wal_path(path, wal);
	assert_false(file_exists(wal));
}

/* Names the tables whose pages differ between two files. */
static void report_differing_pages(const char *path, const struct bytes *a, const struct bytes *b)
{
	sqlite3 *raw = support_raw_open(path);
	size_t size = (size_t)support_raw_int(raw, "PRAGMA page_size", 0);
	sqlite3_stmt *q = support_raw_prepare(raw, "SELECT coalesce((SELECT name FROM sqlite_master"
				      " WHERE rootpage = ?1), '(a page not a root)')");
	for (size_t at = 0; at + size <= a->len && at + size <= b->len; at += size) {
		if (memcmp(a->data + at, b->data + at, size) == 0)
			continue;
		sqlite3_bind_int64(q, 1, (sqlite3_int64)(at / size + 1));
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		print_error("page %zu (%s) differs\n", at / size + 1,
			    (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

/* The same votes in another order must leave the same file, byte for
 * byte: then nothing in it tells who voted when, and no total between the
 * first vote and the last survives (those differ with the order). The
 * dots are large enough that some totals outgrow the bytes they had,
 * which moves their rows within the page. */
static void anonymous_ballot__leaves_a_byte_identical_file_whatever_the_order_of_voting(
	void **state)
{
	const struct fixture *fx = *state;
	static const size_t by_name[NPEOPLE] = {ANA, BO, CY};
	char first[PATH_SIZE], second[PATH_SIZE];
	setenv("IMPROV_NOW", CLOCK_START, 1);
	vote_in_new_file(fx, "cy-ana-bo.db", anon_order, first);
	vote_in_new_file(fx, "ana-bo-cy.db", by_name, second);
	struct bytes a = support_read_bytes(first), b = support_read_bytes(second);
	assert_int_equal(a.len, b.len);
	if (memcmp(a.data, b.data, a.len) != 0)
		report_differing_pages(first, &a, &b);
	assert_memory_equal(a.data, b.data, a.len);
	free(a.data);
	free(b.data);
}

/* ---- measurements and timers ---- */

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(ws_cast__lets_a_newcomer_vote_after_someone_who_voted_left),
		TEST(workshop__undo__keeps_a_restored_voter_and_step_on_their_ballot),
		TEST(ws_open_ballot__puts_only_the_steps_still_to_do_on_the_ballot),
		TEST(ws_reveal_ballot__dots_writes_the_points_and_shared_ranks_onto_the_steps),
		TEST(ws_cast__refuses_a_second_vote_by_the_same_participant_and_keeps_the_totals),
		TEST(ws_cast__refuses_a_vote_once_the_ballot_is_closed),
		TEST(ws_reveal_ballot__approval_counts_approvals_and_keeps_ties),
		TEST(ws_reveal_ballot__ranked_gives_borda_points_and_no_condorcet_winner_on_a_cycle),
		TEST(ws_reveal_ballot__scoring_ranks_by_priority_and_keeps_negative_points),
		TEST(ws_set_tally__dots_from_the_wall_are_kept_within_the_limit_and_revealed),
		TEST(ws_open_ballot__and_every_vote_are_refused_in_a_closed_session),
		TEST(anonymous_ballot__no_table_but_ballot_voters_puts_a_person_beside_its_data),
		TEST(anonymous_ballot__ballot_voters_reads_in_participant_order_without_a_rowid),
		TEST(anonymous_ballot__ballot_candidates_holds_only_the_sums_of_the_ballots),
		TEST(anonymous_ballot__the_write_ahead_log_is_empty_after_every_vote_and_the_reveal),
		TEST(anonymous_ballot__leaves_a_byte_identical_file_whatever_the_order_of_voting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
