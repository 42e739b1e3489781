#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/ballot.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { A, B, C, D, E };

static const int64_t steps[] = {101, 102, 103, 104, 105};

static void open_ballot(struct ballot *b, enum ballot_method m, enum ballot_entry e,
			size_t n)
{
	ballot_init(b, m, e, steps, n);
}

static void reveal(struct ballot *b)
{
	struct error err;
	assert_int_equal(ballot_reveal(b, &err), ERR_OK);
}

static void tally(const struct ballot *b, struct ballot_results *r)
{
	struct error err;
	assert_int_equal(ballot_tally(b, r, &err), ERR_OK);
	assert_int_equal(r->nrows, b->ncandidates);
}

static void reveal_and_tally(struct ballot *b, struct ballot_results *r)
{
	reveal(b);
	tally(b, r);
}

static void dots(struct ballot *b, int64_t voter, int a, int bb, int c, int d)
{
	struct error err;
	const int given[] = {a, bb, c, d};
	assert_int_equal(ballot_cast_dots(b, voter, given, &err), ERR_OK);
}

static void rank3(struct ballot *b, int64_t voter, size_t first, size_t second, size_t third)
{
	struct error err;
	const size_t order[] = {first, second, third};
	assert_int_equal(ballot_cast_ranked(b, voter, order, 3, &err), ERR_OK);
}

/* One row of the results as a test expects it. */
struct want_row {
	size_t candidate;
	long points;
	int rank;
	bool tied;
};

/* The first rows of the results, in order, are the ones given. */
static void assert_rows(const struct ballot_results *r, const struct want_row *want, size_t n)
{
	assert_true(n <= r->nrows);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(r->rows[k].candidate, want[k].candidate);
		assert_int_equal(r->rows[k].step_id, steps[want[k].candidate]);
		assert_int_equal(r->rows[k].points, want[k].points);
		assert_int_equal(r->rows[k].rank, want[k].rank);
		assert_int_equal(r->rows[k].tied, want[k].tied);
	}
}

#define ASSERT_ROWS(r, ...) \
	assert_rows((r), (const struct want_row[]){__VA_ARGS__}, \
		    NELEMS(((const struct want_row[]){__VA_ARGS__})))

static void assert_quadrants(const struct ballot_results *r, const enum quadrant *want, size_t n)
{
	assert_true(n <= r->nrows);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(r->rows[k].quadrant, want[k]);
}

#define ASSERT_QUADRANTS(r, ...) \
	assert_quadrants((r), (const enum quadrant[]){__VA_ARGS__}, \
			 NELEMS(((const enum quadrant[]){__VA_ARGS__})))

/* Every candidate's points, in the order added. */
static void assert_points(const struct ballot *b, const long *want)
{
	for (size_t i = 0; i < b->ncandidates; i++)
		assert_int_equal(b->points[i], want[i]);
}

/* The whole n * n matrix of voters preferring i to j. */
static void assert_pairwise(const struct ballot *b, const long *want)
{
	size_t n = b->ncandidates;
	for (size_t i = 0; i < n * n; i++)
		assert_int_equal(b->pairwise[i], want[i]);
}

/* Voters 1, 2, ... each rank all three candidates. */
static void rank_each(struct ballot *b, const size_t (*orders)[3], size_t nvoters)
{
	for (size_t v = 0; v < nvoters; v++)
		rank3(b, (int64_t)v + 1, orders[v][0], orders[v][1], orders[v][2]);
}

/* A copy of everything a vote may change, to prove a refusal changed
 * nothing. */
struct snapshot {
	long data[5 * 25 + 4 * 5];
	int64_t voters[16];
	size_t nvoters;
	enum ballot_status status;
	long tally_voters;
	int budget, cap, score_min, score_max;
};

static void take_snapshot(const struct ballot *b, struct snapshot *s)
{
	size_t n = b->ncandidates;
	memset(s, 0, sizeof *s);
	assert_true(n <= 5 && b->nvoters <= NELEMS(s->voters));
	long *p = s->data;
	memcpy(p, b->points, n * sizeof *p);
	memcpy(p += n, b->impact_sum, n * sizeof *p);
	memcpy(p += n, b->effort_sum, n * sizeof *p);
	memcpy(p += n, b->score_count, n * sizeof *p);
	memcpy(p + n, b->pairwise, n * n * sizeof *p);
	if (b->nvoters > 0)
		memcpy(s->voters, b->voters, b->nvoters * sizeof *b->voters);
	s->nvoters = b->nvoters;
	s->status = b->status;
	s->tally_voters = b->tally_voters;
	s->budget = b->budget;
	s->cap = b->cap;
	s->score_min = b->score_min;
	s->score_max = b->score_max;
}

static void assert_unchanged(const struct ballot *b, const struct snapshot *before)
{
	struct snapshot now;
	take_snapshot(b, &now);
	assert_memory_equal(&now, before, sizeof now);
}

/* Casts dots that must be refused, with msg when one is given, and proves
 * the refusal changed nothing. */
static void refuse_dots(struct ballot *b, int64_t voter, const int *given, const char *msg)
{
	struct error err;
	struct snapshot before;
	take_snapshot(b, &before);
	assert_int_equal(ballot_cast_dots(b, voter, given, &err), ERR_DATA);
	if (msg)
		assert_string_equal(err.msg, msg);
	assert_unchanged(b, &before);
}

/* Setting up */

static void ballot__default_budget__is_a_third_of_the_steps_within_3_to_10(void **state)
{
	(void)state;
	assert_int_equal(ballot_default_budget(0), 3);
	assert_int_equal(ballot_default_budget(2), 3);
	assert_int_equal(ballot_default_budget(9), 3);
	assert_int_equal(ballot_default_budget(10), 4);
	assert_int_equal(ballot_default_budget(12), 4);
	assert_int_equal(ballot_default_budget(13), 5);
	assert_int_equal(ballot_default_budget(27), 9);
	assert_int_equal(ballot_default_budget(28), 10);
	assert_int_equal(ballot_default_budget(500), 10);
}

static void ballot__init__starts_open_and_anonymous_with_the_defaults(void **state)
{
	(void)state;
	struct ballot b;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	assert_int_equal(b.id, 0);
	assert_int_equal(b.status, BALLOT_OPEN);
	assert_true(b.anonymous);
	assert_int_equal(b.budget, 3);
	assert_int_equal(b.cap, 3);
	assert_int_equal(b.score_min, 1);
	assert_int_equal(b.score_max, 5);
	assert_int_equal(b.ncandidates, 4);
	assert_memory_equal(b.candidates, steps, 4 * sizeof *steps);
	assert_int_equal(ballot_total_points(&b), 0);
	assert_int_equal(b.nvoters, 0);
	assert_int_equal(b.tally_voters, 0);
	assert_int_equal(ballot_candidate_index(&b, 103), 2);
	assert_int_equal(ballot_candidate_index(&b, 999), -1);
	ballot_free(&b);
}

static void ballot__init__takes_a_ballot_with_no_steps(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	ballot_init(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, NULL, 0);
	struct error err;
	assert_int_equal(ballot_cast_ranked(&b, 1, NULL, 0, &err), ERR_OK);
	reveal_and_tally(&b, &r);
	assert_int_equal(r.nrows, 0);
	assert_false(r.has_ties);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__set_limits__takes_a_budget_and_cap_before_voting(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	assert_int_equal(ballot_set_limits(&b, 5, 2, &err), ERR_OK);
	assert_int_equal(b.budget, 5);
	assert_int_equal(b.cap, 2);
	struct snapshot before;
	take_snapshot(&b, &before);
	assert_int_equal(ballot_set_limits(&b, 3, 4, &err), ERR_DATA);
	assert_int_equal(ballot_set_limits(&b, 0, 0, &err), ERR_DATA);
	assert_int_equal(ballot_set_limits(&b, 4, 0, &err), ERR_DATA);
	assert_int_equal(ballot_set_limits(&b, BALLOT_BUDGET_LIMIT + 1, 1, &err), ERR_DATA);
	assert_int_equal(ballot_set_score_range(&b, 3, 3, &err), ERR_DATA);
	assert_int_equal(ballot_set_score_range(&b, -1, 5, &err), ERR_DATA);
	assert_int_equal(ballot_set_score_range(&b, 1, 11, &err), ERR_DATA);
	assert_unchanged(&b, &before);
	dots(&b, 1, 1, 0, 0, 0);
	assert_int_equal(ballot_set_limits(&b, 6, 3, &err), ERR_DATA);
	assert_string_equal(err.msg, "voting has started: the settings are fixed");
	assert_int_equal(ballot_set_score_range(&b, 0, 10, &err), ERR_DATA);
	assert_int_equal(b.budget, 5);
	ballot_free(&b);
}

/* Dots */

static void ballot__dots__adds_up_every_voters_dots(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	assert_int_equal(ballot_set_limits(&b, 5, 3, &err), ERR_OK);
	dots(&b, 7, 3, 2, 0, 0);
	dots(&b, 2, 0, 2, 2, 1);
	dots(&b, 5, 1, 0, 0, 0);  /* fewer than the budget is allowed */
	assert_points(&b, (const long[]){4, 4, 2, 1});
	assert_int_equal(ballot_total_points(&b), 11);
	assert_int_equal(ballot_voter_count(&b), 3);
	assert_int_equal(ballot_expected_dots(&b), 15);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {A, 4, 1, true}, {B, 4, 1, true}, {C, 2, 3, false}, {D, 1, 4, false});
	assert_true(r.has_ties);
	assert_string_equal(r.tie_rule, "tie kept: equal points; listed in the order they were added");
	assert_false(r.has_condorcet);
	assert_int_equal(r.condorcet, -1);
	assert_true(isnan(r.rows[0].impact));
	assert_int_equal(r.rows[0].quadrant, QUADRANT_NONE);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__dots__ranks_ties_1_2_2_4_in_the_order_added(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	assert_int_equal(ballot_set_limits(&b, 4, 3, &err), ERR_OK);
	/* D 5, C 3, B 3, A 1 */
	dots(&b, 1, 0, 1, 1, 2);
	dots(&b, 2, 1, 1, 0, 2);
	dots(&b, 3, 0, 1, 2, 1);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {D, 5, 1, false}, {B, 3, 2, true}, {C, 3, 2, true}, {A, 1, 4, false});
	assert_true(r.has_ties);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__dots__reports_no_ties_when_all_points_differ(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 3);
	dots(&b, 1, 0, 1, 2, 0);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {C, 2, 1, false}, {B, 1, 2, false}, {A, 0, 3, false});
	assert_false(r.has_ties);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__dots__refuses_more_than_the_cap_on_one_step(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	assert_int_equal(ballot_set_limits(&b, 6, 3, &err), ERR_OK);
	refuse_dots(&b, 1, (const int[]){4, 0, 0, 0}, "at most 3 dots on one step");
	assert_false(ballot_has_voted(&b, 1));
	dots(&b, 1, 3, 0, 0, 0);
	ballot_free(&b);
}

static void ballot__dots__refuses_more_than_the_budget_in_total(void **state)
{
	(void)state;
	struct ballot b;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	refuse_dots(&b, 1, (const int[]){2, 2, 0, 0}, "4 dots is more than the 3 each voter has");
	dots(&b, 1, 1, 1, 1, 0);
	ballot_free(&b);
}

static void ballot__dots__refuses_negative_dots(void **state)
{
	(void)state;
	struct ballot b;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	refuse_dots(&b, 1, (const int[]){3, -1, 1, 0}, NULL);
	ballot_free(&b);
}

static void ballot__cast__refuses_a_second_vote_by_the_same_voter(void **state)
{
	(void)state;
	struct ballot b;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	dots(&b, 4, 1, 1, 1, 0);
	refuse_dots(&b, 4, (const int[]){0, 0, 0, 3}, "this participant has already voted");
	assert_int_equal(b.nvoters, 1);
	ballot_free(&b);
}

static void ballot__cast__refuses_votes_once_closed_or_revealed(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	const int given[] = {1, 0, 0, 0};
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	dots(&b, 1, 0, 1, 0, 0);
	assert_int_equal(ballot_close(&b, &err), ERR_OK);
	refuse_dots(&b, 2, given, "the ballot is closed: no more votes");
	reveal(&b);
	refuse_dots(&b, 2, given, NULL);
	ballot_free(&b);
}

static void ballot__cast__refuses_another_method_entry_or_no_participant(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct snapshot before;
	const bool yes[] = {true, true, false, false};
	const int given[] = {1, 0, 0, 0};
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	take_snapshot(&b, &before);
	assert_int_equal(ballot_cast_approval(&b, 1, yes, &err), ERR_DATA);
	assert_string_equal(err.msg, "this is a Dots ballot, not Approval");
	assert_unchanged(&b, &before);
	refuse_dots(&b, 0, given, NULL);
	refuse_dots(&b, -3, given, NULL);
	ballot_free(&b);

	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_TALLY, 4);
	refuse_dots(&b, 1, given, NULL);
	ballot_free(&b);
}

static void ballot__cast__keeps_the_voters_sorted_whatever_the_order_of_voting(void **state)
{
	(void)state;
	struct ballot b;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 4);
	const int64_t order[] = {9, 3, 12, 7, 1, 5, 20, 2, 11, 4};
	for (size_t i = 0; i < NELEMS(order); i++)
		dots(&b, order[i], 1, 0, 0, 0);
	const int64_t sorted[] = {1, 2, 3, 4, 5, 7, 9, 11, 12, 20};
	assert_int_equal(b.nvoters, NELEMS(sorted));
	assert_memory_equal(b.voters, sorted, sizeof sorted);
	for (size_t i = 0; i < NELEMS(sorted); i++)
		assert_true(ballot_has_voted(&b, sorted[i]));
	assert_false(ballot_has_voted(&b, 6));
	assert_false(ballot_has_voted(&b, 0));
	assert_false(ballot_has_voted(&b, 21));
	ballot_free(&b);
}

static void ballot__restore_voter__keeps_the_list_sorted_and_refuses_duplicates(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_APPROVAL, BALLOT_ENTRY_SECRET, 2);
	b.status = BALLOT_REVEALED;
	assert_int_equal(ballot_restore_voter(&b, 8, &err), ERR_OK);
	assert_int_equal(ballot_restore_voter(&b, 3, &err), ERR_OK);
	assert_int_equal(ballot_restore_voter(&b, 3, &err), ERR_DATA);
	assert_int_equal(ballot_restore_voter(&b, 0, &err), ERR_DATA);
	const int64_t sorted[] = {3, 8};
	assert_int_equal(b.nvoters, 2);
	assert_memory_equal(b.voters, sorted, sizeof sorted);
	ballot_free(&b);
}

/* Approval */

static void ballot__approval__counts_one_point_per_approval(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_APPROVAL, BALLOT_ENTRY_SECRET, 4);
	const bool v1[] = {true, false, true, false};
	const bool v2[] = {true, true, true, false};
	const bool v3[] = {true, false, false, false};
	assert_int_equal(ballot_cast_approval(&b, 1, v1, &err), ERR_OK);
	assert_int_equal(ballot_cast_approval(&b, 2, v2, &err), ERR_OK);
	assert_int_equal(ballot_cast_approval(&b, 3, v3, &err), ERR_OK);
	assert_int_equal(ballot_expected_dots(&b), 0);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {A, 3, 1, false}, {C, 2, 2, false}, {B, 1, 3, false}, {D, 0, 4, false});
	assert_string_equal(r.tie_rule,
			    "tie kept: equal approvals; listed in the order they were added");
	ballot_results_free(&r);
	ballot_free(&b);
}

/* Ranked */

static void ballot__ranked__gives_borda_points_and_a_clear_condorcet_winner(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	const size_t orders[][3] = {{A, B, C}, {A, C, B}, {B, A, C}};
	rank_each(&b, orders, NELEMS(orders));
	/* Borda 2-1-0: A 2+2+1 = 5, B 1+0+2 = 3, C 0+1+0 = 1 */
	assert_points(&b, (const long[]){5, 3, 1});
	/* A over B 2:1, A over C 3:0, B over C 2:1 */
	assert_pairwise(&b, (const long[]){
		0, 2, 3,
		1, 0, 2,
		0, 1, 0,
	});
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {A, 5, 1, false}, {B, 3, 2, false}, {C, 1, 3, false});
	assert_true(r.has_condorcet);
	assert_int_equal(r.condorcet, A);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__ranked__finds_no_condorcet_winner_in_a_cycle(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	const size_t orders[][3] = {{A, B, C}, {B, C, A}, {C, A, B}};
	rank_each(&b, orders, NELEMS(orders));
	reveal_and_tally(&b, &r);
	/* each gets 2 + 1 + 0 = 3: a three-way tie, A over B over C over A */
	ASSERT_ROWS(&r, {A, 3, 1, true}, {B, 3, 1, true}, {C, 3, 1, true});
	assert_true(r.has_ties);
	assert_string_equal(r.tie_rule,
			    "tie kept: equal Borda points; listed in the order they were added");
	assert_true(r.has_condorcet);
	assert_int_equal(r.condorcet, -1);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__ranked__can_have_a_borda_winner_who_is_not_the_condorcet_winner(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	const size_t orders[][3] = {
		{A, B, C}, {A, B, C}, {A, B, C}, {B, C, A}, {B, C, A},
	};
	rank_each(&b, orders, NELEMS(orders));
	reveal_and_tally(&b, &r);
	/* Borda: A 3*2 = 6, B 3*1 + 2*2 = 7, C 2*1 = 2;
	 * but a majority, 3 of 5, puts A above B and above C */
	ASSERT_ROWS(&r, {B, 7, 1, false}, {A, 6, 2, false}, {C, 2, 3, false});
	assert_int_equal(r.condorcet, A);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__ranked__finds_no_condorcet_winner_when_a_pair_ties(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 2);
	const size_t ab[] = {A, B}, ba[] = {B, A};
	assert_int_equal(ballot_cast_ranked(&b, 1, ab, 2, &err), ERR_OK);
	assert_int_equal(ballot_cast_ranked(&b, 2, ba, 2, &err), ERR_OK);
	reveal_and_tally(&b, &r);
	assert_true(r.has_condorcet);
	assert_int_equal(r.condorcet, -1);
	ballot_results_free(&r);
	ballot_free(&b);

	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 2);
	reveal_and_tally(&b, &r);
	assert_int_equal(r.condorcet, -1);  /* nobody voted */
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__ranked__scores_a_partial_ranking_above_the_unranked(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 4);
	const size_t order[] = {C, A};
	assert_int_equal(ballot_cast_ranked(&b, 1, order, 2, &err), ERR_OK);
	/* of 4: first 3 points, second 2, unranked 0 */
	assert_points(&b, (const long[]){2, 0, 3, 0});
	/* ranked beat unranked; the two unranked are not compared */
	assert_pairwise(&b, (const long[]){
		0, 1, 0, 1,
		0, 0, 0, 0,
		1, 1, 0, 1,
		0, 0, 0, 0,
	});
	/* an empty ranking is a vote that prefers nothing */
	assert_int_equal(ballot_cast_ranked(&b, 2, NULL, 0, &err), ERR_OK);
	assert_true(ballot_has_voted(&b, 2));
	assert_int_equal(ballot_total_points(&b), 5);
	ballot_free(&b);
}

static void ballot__ranked__counts_n_minus_one_places_as_a_full_ranking(void **state)
{
	(void)state;
	struct ballot full, partial;
	struct error err;
	open_ballot(&full, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	open_ballot(&partial, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	const size_t all[] = {B, C, A}, two[] = {B, C};
	assert_int_equal(ballot_cast_ranked(&full, 1, all, 3, &err), ERR_OK);
	assert_int_equal(ballot_cast_ranked(&partial, 1, two, 2, &err), ERR_OK);
	assert_memory_equal(full.points, partial.points, 3 * sizeof *full.points);
	assert_memory_equal(full.pairwise, partial.pairwise, 9 * sizeof *full.pairwise);
	ballot_free(&full);
	ballot_free(&partial);
}

static void ballot__ranked__refuses_duplicates_and_unknown_steps(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct snapshot before;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 3);
	rank3(&b, 1, A, B, C);
	take_snapshot(&b, &before);
	const size_t twice[] = {A, B, A};
	const size_t unknown[] = {A, 3};
	const size_t too_many[] = {A, B, C, A};
	assert_int_equal(ballot_cast_ranked(&b, 2, twice, 3, &err), ERR_DATA);
	assert_string_equal(err.msg, "a step is ranked twice");
	assert_int_equal(ballot_cast_ranked(&b, 2, unknown, 2, &err), ERR_DATA);
	assert_string_equal(err.msg, "no step 4 on this ballot");
	assert_int_equal(ballot_cast_ranked(&b, 2, too_many, 4, &err), ERR_DATA);
	assert_int_equal(ballot_cast_ranked(&b, 2, NULL, 1, &err), ERR_DATA);
	assert_unchanged(&b, &before);
	assert_false(ballot_has_voted(&b, 2));
	ballot_free(&b);
}

/* Scoring */

static void score(struct ballot *b, int64_t voter, const int *impact, const int *effort)
{
	struct error err;
	assert_int_equal(ballot_cast_scores(b, voter, impact, effort, &err), ERR_OK);
}

static void ballot__scoring__ranks_by_impact_minus_effort_and_places_quadrants(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 5);
	/* E is left unscored by both (0 is "no score" on 1..5) */
	const int i1[] = {5, 4, 2, 1, 0}, e1[] = {1, 4, 2, 5, 0};
	const int i2[] = {4, 4, 1, 2, 0}, e2[] = {2, 5, 1, 4, 0};
	score(&b, 1, i1, e1);
	score(&b, 2, i2, e2);
	reveal_and_tally(&b, &r);
	/* A 4.5 - 1.5 = 3.0 -> 30; C 1.5 - 1.5 -> 0; B 4.0 - 4.5 -> -5;
	 * D 1.5 - 4.5 -> -30; E unscored, last */
	ASSERT_ROWS(&r, {A, 30, 1, false}, {C, 0, 2, false}, {B, -5, 3, false},
		    {D, -30, 4, false}, {E, 0, 5, false});
	assert_float_equal(r.rows[0].impact, 4.5, 1e-12);
	assert_float_equal(r.rows[0].effort, 1.5, 1e-12);
	assert_float_equal(r.rows[2].impact, 4.0, 1e-12);
	assert_float_equal(r.rows[2].effort, 4.5, 1e-12);
	ASSERT_QUADRANTS(&r, QUADRANT_QUICK_WIN, QUADRANT_FILL_IN, QUADRANT_MAJOR_PROJECT,
			 QUADRANT_THANKLESS, QUADRANT_NONE);
	assert_true(isnan(r.rows[4].impact));
	assert_true(isnan(r.rows[4].effort));
	assert_int_equal(b.score_count[A], 2);
	assert_int_equal(b.score_count[E], 0);
	assert_false(r.has_condorcet);
	assert_false(r.has_ties);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__scoring__puts_higher_impact_first_on_equal_priority(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 4);
	/* A 3 - 1, B 5 - 3, C 3 - 1, D 5 - 3: all priority 2 (20 points) */
	const int impact[] = {3, 5, 3, 5}, effort[] = {1, 3, 1, 3};
	score(&b, 1, impact, effort);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {B, 20, 1, true}, {D, 20, 1, true}, {A, 20, 3, true}, {C, 20, 3, true});
	assert_string_equal(r.tie_rule, "tie kept: equal priority and equal mean impact; "
			    "listed in the order they were added");
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__scoring__rounds_points_half_away_from_zero(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 3);
	/* 4 voters. A: impact 9/4, effort 8/4: +0.25, 2.5 points, shown 3.
	 * B: impact 8/4, effort 9/4: -0.25, shown -3. C: 7/4 - 7/4: 0. */
	const int i1[] = {3, 2, 2}, e1[] = {2, 2, 1};
	const int i2[] = {2, 2, 2}, e2[] = {2, 3, 2};
	const int i3[] = {2, 2, 2}, e3[] = {2, 2, 2};
	const int i4[] = {2, 2, 1}, e4[] = {2, 2, 2};
	score(&b, 1, i1, e1);
	score(&b, 2, i2, e2);
	score(&b, 3, i3, e3);
	score(&b, 4, i4, e4);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {A, 3, 1, false}, {C, 0, 2, false}, {B, -3, 3, false});
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__quadrant__puts_the_midpoint_in_the_upper_half(void **state)
{
	(void)state;
	assert_int_equal(ballot_quadrant(3.0, 3.0, 1, 5), QUADRANT_MAJOR_PROJECT);
	assert_int_equal(ballot_quadrant(3.0, 2.99, 1, 5), QUADRANT_QUICK_WIN);
	assert_int_equal(ballot_quadrant(2.99, 3.0, 1, 5), QUADRANT_THANKLESS);
	assert_int_equal(ballot_quadrant(2.99, 2.99, 1, 5), QUADRANT_FILL_IN);
	assert_int_equal(ballot_quadrant(3.01, 1.0, 1, 5), QUADRANT_QUICK_WIN);
	assert_int_equal(ballot_quadrant(5.5, 5.4, 1, 10), QUADRANT_QUICK_WIN);
	assert_int_equal(ballot_quadrant(5.4, 5.5, 1, 10), QUADRANT_THANKLESS);
	assert_int_equal(ballot_quadrant(5.0, 5.0, 0, 10), QUADRANT_MAJOR_PROJECT);
	assert_int_equal(ballot_quadrant(NAN, 1.0, 1, 5), QUADRANT_NONE);
	assert_int_equal(ballot_quadrant(1.0, NAN, 1, 5), QUADRANT_NONE);
}

static void ballot__scoring__places_means_at_and_around_the_midpoint(void **state)
{
	(void)state;
	struct ballot b;
	struct ballot_results r;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 3);
	/* A: impact 3, effort 3 (both at the midpoint 3).
	 * B: impact (3 + 2) / 2 = 2.5, effort 3.5. C: impact 3.5, effort 2.5 */
	const int i1[] = {3, 3, 4}, e1[] = {3, 4, 2};
	const int i2[] = {3, 2, 3}, e2[] = {3, 3, 3};
	score(&b, 1, i1, e1);
	score(&b, 2, i2, e2);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {C, 10, 1, false}, {A, 0, 2, false}, {B, -10, 3, false});
	ASSERT_QUADRANTS(&r, QUADRANT_QUICK_WIN, QUADRANT_MAJOR_PROJECT, QUADRANT_THANKLESS);
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__scoring__refuses_scores_outside_the_range_or_half_given(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct snapshot before;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 2);
	take_snapshot(&b, &before);
	const int ok[] = {3, 3}, high[] = {6, 3}, low[] = {-1, 3}, none[] = {0, 3};
	assert_int_equal(ballot_cast_scores(&b, 1, high, ok, &err), ERR_DATA);
	assert_string_equal(err.msg, "scores go from 1 to 5");
	assert_int_equal(ballot_cast_scores(&b, 1, ok, low, &err), ERR_DATA);
	assert_int_equal(ballot_cast_scores(&b, 1, none, ok, &err), ERR_DATA);
	assert_string_equal(err.msg, "score both impact and effort, or neither");
	assert_unchanged(&b, &before);
	assert_int_equal(ballot_cast_scores(&b, 1, none, none, &err), ERR_OK);
	assert_int_equal(b.score_count[A], 0);
	assert_int_equal(b.score_count[B], 1);
	ballot_free(&b);
}

static void ballot__scoring__takes_0_as_a_score_when_the_range_holds_it(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 2);
	assert_int_equal(ballot_set_score_range(&b, 0, 10, &err), ERR_OK);
	const int impact[] = {0, 10}, effort[] = {0, 4};
	score(&b, 1, impact, effort);
	assert_int_equal(b.score_count[A], 1);
	assert_int_equal(b.impact_sum[B], 10);
	assert_int_equal(b.effort_sum[B], 4);
	const int bad[] = {11, 0};
	assert_int_equal(ballot_cast_scores(&b, 2, bad, effort, &err), ERR_DATA);
	ballot_free(&b);
}

/* Tally entry */

static void set_tally(struct ballot *b, size_t candidate, long points)
{
	struct error err;
	assert_int_equal(ballot_set_tally(b, candidate, points, &err), ERR_OK);
}

static void ballot__tally__compares_the_typed_total_with_the_expected_dots(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_TALLY, 4);
	assert_int_equal(ballot_set_tally_voters(&b, 6, &err), ERR_OK);
	set_tally(&b, A, 7);
	set_tally(&b, B, 5);
	set_tally(&b, C, 5);
	set_tally(&b, D, 1);
	set_tally(&b, D, 0);  /* corrected */
	assert_int_equal(ballot_voter_count(&b), 6);
	assert_int_equal(ballot_expected_dots(&b), 18);
	assert_int_equal(ballot_total_points(&b), 17);
	assert_int_equal(b.nvoters, 0);
	tally(&b, &r);  /* counted in the open: no need to reveal */
	ASSERT_ROWS(&r, {A, 7, 1, false}, {B, 5, 2, true}, {C, 5, 2, true}, {D, 0, 4, false});
	assert_string_equal(r.tie_rule, "tie kept: equal points; listed in the order they were added");
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__tally__refuses_more_dots_than_voters_times_cap(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct snapshot before;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_TALLY, 4);
	assert_int_equal(ballot_set_tally_voters(&b, 6, &err), ERR_OK);
	set_tally(&b, A, 7);
	take_snapshot(&b, &before);
	assert_int_equal(ballot_set_tally(&b, B, 19, &err), ERR_DATA);
	assert_string_equal(err.msg, "6 voters with at most 3 dots each on one step give it at most 18");
	assert_int_equal(ballot_set_tally(&b, B, -1, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally(&b, 4, 1, &err), ERR_DATA);
	/* fewer voters than the counts already typed allow */
	assert_int_equal(ballot_set_tally_voters(&b, 2, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally_voters(&b, -1, &err), ERR_DATA);
	assert_unchanged(&b, &before);
	set_tally(&b, B, 18);
	ballot_free(&b);
}

static void ballot__tally__takes_any_count_before_the_voters_are_known(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_TALLY, 2);
	set_tally(&b, A, 40);
	assert_int_equal(ballot_expected_dots(&b), 0);
	assert_int_equal(ballot_set_tally_voters(&b, 13, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally_voters(&b, 14, &err), ERR_OK);
	assert_int_equal(ballot_expected_dots(&b), 42);
	ballot_free(&b);
}

static void ballot__tally__limits_approvals_to_one_per_voter(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY, 3);
	assert_int_equal(ballot_set_tally_voters(&b, 4, &err), ERR_OK);
	set_tally(&b, A, 4);
	assert_int_equal(ballot_set_tally(&b, B, 5, &err), ERR_DATA);
	assert_string_equal(err.msg, "4 voters give one step at most 4 approvals");
	assert_int_equal(b.points[B], 0);
	ballot_free(&b);
}

static void ballot__tally__is_refused_on_closed_ranked_and_scored_ballots(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 2);
	assert_int_equal(ballot_set_tally(&b, A, 1, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally_voters(&b, 1, &err), ERR_DATA);
	assert_int_equal(ballot_total_points(&b), 0);
	ballot_free(&b);
	open_ballot(&b, BALLOT_SCORING, BALLOT_ENTRY_SECRET, 2);
	assert_int_equal(ballot_set_tally(&b, A, 1, &err), ERR_DATA);
	ballot_free(&b);

	assert_false(ballot_entry_fits(BALLOT_RANKED, BALLOT_ENTRY_TALLY));
	assert_false(ballot_entry_fits(BALLOT_SCORING, BALLOT_ENTRY_TALLY));
	assert_true(ballot_entry_fits(BALLOT_SCORING, BALLOT_ENTRY_SECRET));
	assert_true(ballot_entry_fits(BALLOT_APPROVAL, BALLOT_ENTRY_TALLY));
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_TALLY, 2);
	assert_int_equal(ballot_set_tally(&b, A, 1, &err), ERR_DATA);
	assert_int_equal(ballot_total_points(&b), 0);
	ballot_free(&b);

	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_TALLY, 2);
	set_tally(&b, A, 2);
	assert_int_equal(ballot_close(&b, &err), ERR_OK);
	assert_int_equal(ballot_set_tally(&b, A, 3, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally_voters(&b, 1, &err), ERR_DATA);
	assert_int_equal(b.points[A], 2);
	ballot_free(&b);
}

/* Two voters cast, three more dot on a paper wall: the wall's counts
 * stay apart from the casts (typed again, they replace, not add), and
 * every total adds them. */
static void ballot__a_paper_wall_adds_to_a_secret_ballot_s_totals(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 2);
	const int ana[] = {2, 1}, bo[] = {0, 3};
	assert_int_equal(ballot_cast_dots(&b, 1, ana, &err), ERR_OK);
	assert_int_equal(ballot_cast_dots(&b, 2, bo, &err), ERR_OK);
	assert_int_equal(ballot_set_tally_voters(&b, 3, &err), ERR_OK);
	assert_int_equal(ballot_set_tally(&b, A, 4, &err), ERR_OK);
	assert_int_equal(ballot_set_tally(&b, B, 6, &err), ERR_OK);
	assert_int_equal(ballot_set_tally(&b, B, 5, &err), ERR_OK);       /* a recount */
	assert_int_equal(ballot_set_tally(&b, B, 10, &err), ERR_DATA);    /* 3 people, cap 3 */
	assert_int_equal(ballot_set_tally_voters(&b, 1, &err), ERR_DATA); /* 5 dots by one */
	assert_int_equal(b.points[A], 2);
	assert_int_equal(b.points[B], 4);
	assert_int_equal(b.wall[A], 4);
	assert_int_equal(b.wall[B], 5);
	assert_int_equal(ballot_voter_count(&b), 5);
	assert_int_equal(ballot_total_points(&b), 15);
	assert_int_equal(ballot_expected_dots(&b), 5 * b.budget);
	assert_int_equal(ballot_reveal(&b, &err), ERR_OK);
	struct ballot_results r;
	assert_int_equal(ballot_tally(&b, &r, &err), ERR_OK);
	assert_int_equal(r.rows[0].candidate, B);
	assert_int_equal(r.rows[0].points, 9);
	assert_int_equal(r.rows[1].points, 6);
	ballot_results_free(&r);
	ballot_free(&b);
}

/* Status */

static void ballot__status__goes_open_closed_revealed_and_never_back(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 2);
	assert_int_equal(ballot_close(&b, &err), ERR_OK);
	assert_int_equal(b.status, BALLOT_CLOSED);
	assert_int_equal(ballot_close(&b, &err), ERR_DATA);
	assert_string_equal(err.msg, "the ballot is already closed");
	assert_int_equal(ballot_reveal(&b, &err), ERR_OK);
	assert_int_equal(b.status, BALLOT_REVEALED);
	assert_int_equal(ballot_reveal(&b, &err), ERR_DATA);
	assert_int_equal(ballot_close(&b, &err), ERR_DATA);
	assert_int_equal(b.status, BALLOT_REVEALED);
	ballot_free(&b);

	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 2);
	assert_int_equal(ballot_reveal(&b, &err), ERR_OK);  /* closes it too */
	assert_int_equal(b.status, BALLOT_REVEALED);
	ballot_free(&b);
}

static void ballot__tally__keeps_secret_votes_hidden_until_revealed(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct ballot_results r;
	open_ballot(&b, BALLOT_DOTS, BALLOT_ENTRY_SECRET, 2);
	dots(&b, 1, 2, 1, 0, 0);
	assert_int_equal(ballot_tally(&b, &r, &err), ERR_DATA);
	assert_string_equal(err.msg, "the votes stay hidden until the ballot is revealed");
	assert_int_equal(ballot_close(&b, &err), ERR_OK);
	assert_int_equal(ballot_tally(&b, &r, &err), ERR_DATA);
	reveal_and_tally(&b, &r);
	ASSERT_ROWS(&r, {A, 2, 1, false});
	ballot_results_free(&r);
	ballot_free(&b);
}

static void ballot__nothing_changes_on_any_refused_vote(void **state)
{
	(void)state;
	struct ballot b;
	struct error err;
	struct snapshot before;
	open_ballot(&b, BALLOT_RANKED, BALLOT_ENTRY_SECRET, 4);
	const size_t good[] = {D, A};
	assert_int_equal(ballot_cast_ranked(&b, 5, good, 2, &err), ERR_OK);
	take_snapshot(&b, &before);
	const size_t dup[] = {B, C, B};
	const int dots_given[] = {1, 0, 0, 0};
	const bool approve[] = {true, false, false, false};
	const int impact[] = {1, 1, 1, 1};
	assert_int_equal(ballot_cast_ranked(&b, 5, good, 2, &err), ERR_DATA);
	assert_int_equal(ballot_cast_ranked(&b, 6, dup, 3, &err), ERR_DATA);
	assert_int_equal(ballot_cast_dots(&b, 6, dots_given, &err), ERR_DATA);
	assert_int_equal(ballot_cast_approval(&b, 6, approve, &err), ERR_DATA);
	assert_int_equal(ballot_cast_scores(&b, 6, impact, impact, &err), ERR_DATA);
	assert_int_equal(ballot_set_tally(&b, A, 1, &err), ERR_DATA);
	assert_int_equal(ballot_set_limits(&b, 5, 2, &err), ERR_DATA);
	assert_unchanged(&b, &before);
	ballot_free(&b);
}

static void ballot__quadrant__has_names_for_files_and_labels_for_the_screen(void **state)
{
	(void)state;
	enum quadrant q = QUADRANT_NONE;
	assert_string_equal(quadrant_name(QUADRANT_QUICK_WIN), "quick_win");
	assert_string_equal(quadrant_label(QUADRANT_THANKLESS), "Thankless task");
	assert_string_equal(quadrant_name(QUADRANT_COUNT), "");
	assert_true(quadrant_parse("major_project", &q));
	assert_int_equal(q, QUADRANT_MAJOR_PROJECT);
	assert_false(quadrant_parse("big", &q));
	assert_int_equal(q, QUADRANT_MAJOR_PROJECT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ballot__default_budget__is_a_third_of_the_steps_within_3_to_10),
		cmocka_unit_test(ballot__init__starts_open_and_anonymous_with_the_defaults),
		cmocka_unit_test(ballot__init__takes_a_ballot_with_no_steps),
		cmocka_unit_test(ballot__set_limits__takes_a_budget_and_cap_before_voting),
		cmocka_unit_test(ballot__dots__adds_up_every_voters_dots),
		cmocka_unit_test(ballot__dots__ranks_ties_1_2_2_4_in_the_order_added),
		cmocka_unit_test(ballot__dots__reports_no_ties_when_all_points_differ),
		cmocka_unit_test(ballot__dots__refuses_more_than_the_cap_on_one_step),
		cmocka_unit_test(ballot__dots__refuses_more_than_the_budget_in_total),
		cmocka_unit_test(ballot__dots__refuses_negative_dots),
		cmocka_unit_test(ballot__cast__refuses_a_second_vote_by_the_same_voter),
		cmocka_unit_test(ballot__cast__refuses_votes_once_closed_or_revealed),
		cmocka_unit_test(ballot__cast__refuses_another_method_entry_or_no_participant),
		cmocka_unit_test(ballot__cast__keeps_the_voters_sorted_whatever_the_order_of_voting),
		cmocka_unit_test(ballot__restore_voter__keeps_the_list_sorted_and_refuses_duplicates),
		cmocka_unit_test(ballot__approval__counts_one_point_per_approval),
		cmocka_unit_test(ballot__ranked__gives_borda_points_and_a_clear_condorcet_winner),
		cmocka_unit_test(ballot__ranked__finds_no_condorcet_winner_in_a_cycle),
		cmocka_unit_test(ballot__ranked__can_have_a_borda_winner_who_is_not_the_condorcet_winner),
		cmocka_unit_test(ballot__ranked__finds_no_condorcet_winner_when_a_pair_ties),
		cmocka_unit_test(ballot__ranked__scores_a_partial_ranking_above_the_unranked),
		cmocka_unit_test(ballot__ranked__counts_n_minus_one_places_as_a_full_ranking),
		cmocka_unit_test(ballot__ranked__refuses_duplicates_and_unknown_steps),
		cmocka_unit_test(ballot__scoring__ranks_by_impact_minus_effort_and_places_quadrants),
		cmocka_unit_test(ballot__scoring__puts_higher_impact_first_on_equal_priority),
		cmocka_unit_test(ballot__scoring__rounds_points_half_away_from_zero),
		cmocka_unit_test(ballot__quadrant__puts_the_midpoint_in_the_upper_half),
		cmocka_unit_test(ballot__scoring__places_means_at_and_around_the_midpoint),
		cmocka_unit_test(ballot__scoring__refuses_scores_outside_the_range_or_half_given),
		cmocka_unit_test(ballot__scoring__takes_0_as_a_score_when_the_range_holds_it),
		cmocka_unit_test(ballot__tally__compares_the_typed_total_with_the_expected_dots),
		cmocka_unit_test(ballot__tally__refuses_more_dots_than_voters_times_cap),
		cmocka_unit_test(ballot__tally__takes_any_count_before_the_voters_are_known),
		cmocka_unit_test(ballot__tally__limits_approvals_to_one_per_voter),
		cmocka_unit_test(ballot__tally__is_refused_on_closed_ranked_and_scored_ballots),
		cmocka_unit_test(ballot__a_paper_wall_adds_to_a_secret_ballot_s_totals),
		cmocka_unit_test(ballot__status__goes_open_closed_revealed_and_never_back),
		cmocka_unit_test(ballot__tally__keeps_secret_votes_hidden_until_revealed),
		cmocka_unit_test(ballot__nothing_changes_on_any_refused_vote),
		cmocka_unit_test(ballot__quadrant__has_names_for_files_and_labels_for_the_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
