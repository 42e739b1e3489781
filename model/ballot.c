#include "model/ballot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/template.h"

#define UNRANKED SIZE_MAX

/* Quadrant names, in the manner of model/kinds.c. */
#define QUADRANT_NAME(e, name, label) [e] = name,
#define QUADRANT_LABEL(e, name, label) [e] = label,

static const char *const quadrant_names[] = { QUADRANT_LIST(QUADRANT_NAME) };
static const char *const quadrant_labels[] = { QUADRANT_LIST(QUADRANT_LABEL) };

const char *quadrant_name(enum quadrant value)
{
	return (unsigned)value < QUADRANT_COUNT ? quadrant_names[value] : "";
}

const char *quadrant_label(enum quadrant value)
{
	return (unsigned)value < QUADRANT_COUNT ? quadrant_labels[value] : "";
}

bool quadrant_parse(const char *name, enum quadrant *out)
{
	for (unsigned i = 0; name != NULL && i < QUADRANT_COUNT; i++) {
		if (strcmp(name, quadrant_names[i]) == 0) {
			*out = (enum quadrant)i;
			return true;
		}
	}
	return false;
}

static const char *const tie_rules[BALLOT_METHOD_COUNT] = {
	[BALLOT_DOTS] = "tie kept: equal points; listed in the order they were added",
	[BALLOT_APPROVAL] = "tie kept: equal approvals; listed in the order they were added",
	[BALLOT_RANKED] = "tie kept: equal Borda points; listed in the order they were added",
	[BALLOT_SCORING] =
		"tie kept: equal priority and equal mean impact; listed in the order they were added",
};

/* Setting up */

int ballot_default_budget(size_t ncandidates)
{
	size_t third = ncandidates / 3 + (ncandidates % 3 != 0);
	if (third < BALLOT_BUDGET_MIN)
		return BALLOT_BUDGET_MIN;
	if (third > BALLOT_BUDGET_MAX)
		return BALLOT_BUDGET_MAX;
	return (int)third;
}

void ballot_init(struct ballot *b, enum ballot_method method, enum ballot_entry entry,
		 const int64_t *candidates, size_t ncandidates)
{
	size_t n = ncandidates;
	memset(b, 0, sizeof *b);
	b->method = method;
	b->entry = entry;
	b->status = BALLOT_OPEN;
	b->anonymous = true;
	b->budget = ballot_default_budget(n);
	b->cap = b->budget < BALLOT_DEFAULT_CAP ? b->budget : BALLOT_DEFAULT_CAP;
	b->score_min = BALLOT_DEFAULT_SCORE_MIN;
	b->score_max = BALLOT_DEFAULT_SCORE_MAX;
	b->ncandidates = n;
	b->candidates = xcalloc(n, sizeof *b->candidates);
	if (n > 0)
		memcpy(b->candidates, candidates, n * sizeof *b->candidates);
	b->points = xcalloc(n, sizeof *b->points);
	b->pairwise = xcalloc(n, n * sizeof *b->pairwise);
	b->impact_sum = xcalloc(n, sizeof *b->impact_sum);
	b->effort_sum = xcalloc(n, sizeof *b->effort_sum);
	b->score_count = xcalloc(n, sizeof *b->score_count);
	b->wall = xcalloc(n, sizeof *b->wall);
}

void ballot_free(struct ballot *b)
{
	free(b->candidates);
	free(b->points);
	free(b->pairwise);
	free(b->impact_sum);
	free(b->effort_sum);
	free(b->score_count);
	free(b->wall);
	free(b->voters);
	free(b->choices);
	memset(b, 0, sizeof *b);
}

static void remember_choice(struct ballot *b, int64_t voter, size_t candidate, long points,
			    int impact, int effort)
{
	if (b->anonymous)
		return;
	grow(&b->choices, &b->choices_cap, b->nchoices + 1, sizeof *b->choices);
	b->choices[b->nchoices++] = (struct ballot_choice){voter, candidate, points, impact,
							   effort};
}

enum err_code ballot_restore_choice(struct ballot *b, const struct ballot_choice *c,
				    struct error *err)
{
	if (b->anonymous)
		return error_set(err, ERR_DATA, "an anonymous ballot keeps no one's choices");
	if (c->candidate >= b->ncandidates)
		return error_set(err, ERR_DATA, "no step %zu on this ballot", c->candidate + 1);
	remember_choice(b, c->voter, c->candidate, c->points, c->impact, c->effort);
	return ERR_OK;
}

static bool has_votes(const struct ballot *b)
{
	if (b->nvoters > 0)
		return true;
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (b->points[i] != 0 || b->score_count[i] != 0 || b->wall[i] != 0)
			return true;
	}
	return false;
}

static enum err_code check_settable(const struct ballot *b, struct error *err)
{
	if (b->status != BALLOT_OPEN)
		return error_set(err, ERR_DATA, "the ballot is closed: its settings are fixed");
	if (has_votes(b))
		return error_set(err, ERR_DATA, "voting has started: the settings are fixed");
	return ERR_OK;
}

enum err_code ballot_set_limits(struct ballot *b, int budget, int cap, struct error *err)
{
	enum err_code rc = check_settable(b, err);
	if (rc != ERR_OK)
		return rc;
	if (budget < 1 || budget > BALLOT_BUDGET_LIMIT)
		return error_set(err, ERR_DATA, "the budget must be 1 to %d dots",
				 BALLOT_BUDGET_LIMIT);
	if (cap < 1 || cap > budget)
		return error_set(err, ERR_DATA, "the cap must be 1 to %d dots (the budget)",
				 budget);
	b->budget = budget;
	b->cap = cap;
	return ERR_OK;
}

enum err_code ballot_set_score_range(struct ballot *b, int score_min, int score_max,
				     struct error *err)
{
	enum err_code rc = check_settable(b, err);
	if (rc != ERR_OK)
		return rc;
	if (score_min < SCALE_MIN_LOWEST || score_max > SCALE_MAX_HIGHEST
	    || score_min >= score_max)
		return error_set(err, ERR_DATA, "scores must run upwards within %d to %d",
				 SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST);
	b->score_min = score_min;
	b->score_max = score_max;
	return ERR_OK;
}

bool ballot_entry_fits(enum ballot_method method, enum ballot_entry entry)
{
	return entry != BALLOT_ENTRY_TALLY || method == BALLOT_DOTS
		|| method == BALLOT_APPROVAL;
}

ptrdiff_t ballot_candidate_index(const struct ballot *b, int64_t step_id)
{
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (b->candidates[i] == step_id)
			return (ptrdiff_t)i;
	}
	return -1;
}

/* Voters */

/* Where participant is, or would go, in the sorted voters. */
static size_t voter_slot(const struct ballot *b, int64_t participant)
{
	size_t lo = 0, hi = b->nvoters;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->voters[mid] < participant)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ballot_has_voted(const struct ballot *b, int64_t participant)
{
	size_t at = voter_slot(b, participant);
	return at < b->nvoters && b->voters[at] == participant;
}

static void add_voter(struct ballot *b, int64_t participant)
{
	size_t at = voter_slot(b, participant);
	grow(&b->voters, &b->voters_cap, b->nvoters + 1, sizeof *b->voters);
	memmove(b->voters + at + 1, b->voters + at, (b->nvoters - at) * sizeof *b->voters);
	b->voters[at] = participant;
	b->nvoters++;
}

static enum err_code check_new_voter(const struct ballot *b, int64_t participant,
				     struct error *err)
{
	if (participant <= 0)
		return error_set(err, ERR_DATA, "a vote needs a participant");
	if (ballot_has_voted(b, participant))
		return error_set(err, ERR_DATA, "this participant has already voted");
	return ERR_OK;
}

enum err_code ballot_restore_voter(struct ballot *b, int64_t participant, struct error *err)
{
	enum err_code rc = check_new_voter(b, participant, err);
	if (rc == ERR_OK)
		add_voter(b, participant);
	return rc;
}

long ballot_voter_count(const struct ballot *b)
{
	return b->entry == BALLOT_ENTRY_TALLY ? b->tally_voters
					      : (long)b->nvoters + b->tally_voters;
}

/* Secret ballots */

static enum err_code check_can_cast(const struct ballot *b, enum ballot_method method,
				    int64_t voter, struct error *err)
{
	if (b->method != method)
		return error_set(err, ERR_DATA, "this is a %s ballot, not %s",
				 ballot_method_label(b->method), ballot_method_label(method));
	if (b->entry != BALLOT_ENTRY_SECRET)
		return error_set(err, ERR_DATA, "this ballot is counted from the wall: type the tally");
	if (b->status != BALLOT_OPEN)
		return error_set(err, ERR_DATA, "the ballot is closed: no more votes");
	return check_new_voter(b, voter, err);
}

static enum err_code check_dots(const struct ballot *b, const int *dots, struct error *err)
{
	long total = 0;
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (dots[i] < 0)
			return error_set(err, ERR_DATA, "dots cannot be negative");
		if (dots[i] > b->cap)
			return error_set(err, ERR_DATA, "at most %d dots on one step", b->cap);
		total += dots[i];
	}
	if (total > b->budget)
		return error_set(err, ERR_DATA, "%ld dots is more than the %d each voter has",
				 total, b->budget);
	return ERR_OK;
}

enum err_code ballot_cast_dots(struct ballot *b, int64_t voter, const int *dots,
			       struct error *err)
{
	enum err_code rc = check_can_cast(b, BALLOT_DOTS, voter, err);
	if (rc == ERR_OK)
		rc = check_dots(b, dots, err);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < b->ncandidates; i++) {
		b->points[i] += dots[i];
		if (dots[i] > 0)
			remember_choice(b, voter, i, dots[i], 0, 0);
	}
	add_voter(b, voter);
	return ERR_OK;
}

enum err_code ballot_cast_approval(struct ballot *b, int64_t voter, const bool *approve,
				   struct error *err)
{
	enum err_code rc = check_can_cast(b, BALLOT_APPROVAL, voter, err);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < b->ncandidates; i++) {
		b->points[i] += approve[i] ? 1 : 0;
		if (approve[i])
			remember_choice(b, voter, i, 1, 0, 0);
	}
	add_voter(b, voter);
	return ERR_OK;
}

static enum err_code check_ranking(const struct ballot *b, const size_t *order,
				   size_t norder, struct error *err)
{
	if (norder > b->ncandidates)
		return error_set(err, ERR_DATA, "more places than steps on the ballot");
	if (order == NULL && norder > 0)
		return error_set(err, ERR_DATA, "the ranking is missing");
	bool *seen = xcalloc(b->ncandidates, sizeof *seen);
	enum err_code rc = ERR_OK;
	for (size_t p = 0; p < norder && rc == ERR_OK; p++) {
		if (order[p] >= b->ncandidates)
			rc = error_set(err, ERR_DATA, "no step %zu on this ballot", order[p] + 1);
		else if (seen[order[p]])
			rc = error_set(err, ERR_DATA, "a step is ranked twice");
		else
			seen[order[p]] = true;
	}
	free(seen);
	return rc;
}

/* i is preferred to j when it is ranked and j is ranked lower or not at
 * all; UNRANKED is larger than any place. */
static void add_pairwise(struct ballot *b, const size_t *place)
{
	size_t n = b->ncandidates;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			if (place[i] != UNRANKED && place[i] < place[j])
				b->pairwise[i * n + j]++;
		}
	}
}

static void add_ranking(struct ballot *b, const size_t *order, size_t norder)
{
	size_t n = b->ncandidates;
	size_t *place = xmalloc(n * sizeof *place);
	for (size_t i = 0; i < n; i++)
		place[i] = UNRANKED;
	for (size_t p = 0; p < norder; p++) {
		place[order[p]] = p;
		b->points[order[p]] += (long)(n - 1 - p);
	}
	add_pairwise(b, place);
	free(place);
}

enum err_code ballot_cast_ranked(struct ballot *b, int64_t voter, const size_t *order,
				 size_t norder, struct error *err)
{
	enum err_code rc = check_can_cast(b, BALLOT_RANKED, voter, err);
	if (rc == ERR_OK)
		rc = check_ranking(b, order, norder, err);
	if (rc != ERR_OK)
		return rc;
	add_ranking(b, order, norder);
	for (size_t p = 0; p < norder; p++)
		remember_choice(b, voter, order[p], (long)(b->ncandidates - 1 - p), 0, 0);
	add_voter(b, voter);
	return ERR_OK;
}

static bool is_no_score(const struct ballot *b, int score)
{
	return score == 0 && (b->score_min > 0 || b->score_max < 0);
}

static bool in_score_range(const struct ballot *b, int score)
{
	return score >= b->score_min && score <= b->score_max;
}

static enum err_code check_scores(const struct ballot *b, const int *impact,
				  const int *effort, struct error *err)
{
	for (size_t i = 0; i < b->ncandidates; i++) {
		bool none_i = is_no_score(b, impact[i]);
		bool none_e = is_no_score(b, effort[i]);
		if (none_i != none_e)
			return error_set(err, ERR_DATA, "score both impact and effort, or neither");
		if (!none_i && (!in_score_range(b, impact[i]) || !in_score_range(b, effort[i])))
			return error_set(err, ERR_DATA, "scores go from %d to %d",
					 b->score_min, b->score_max);
	}
	return ERR_OK;
}

enum err_code ballot_cast_scores(struct ballot *b, int64_t voter, const int *impact,
				 const int *effort, struct error *err)
{
	enum err_code rc = check_can_cast(b, BALLOT_SCORING, voter, err);
	if (rc == ERR_OK)
		rc = check_scores(b, impact, effort, err);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (is_no_score(b, impact[i]))
			continue;
		b->impact_sum[i] += impact[i];
		b->effort_sum[i] += effort[i];
		b->score_count[i]++;
		remember_choice(b, voter, i, 0, impact[i], effort[i]);
	}
	add_voter(b, voter);
	return ERR_OK;
}

/* Tally entry */

static enum err_code check_can_tally(const struct ballot *b, struct error *err)
{
	if (!ballot_entry_fits(b->method, BALLOT_ENTRY_TALLY))
		return error_set(err, ERR_DATA, "a %s ballot cannot be counted from the wall",
				 ballot_method_label(b->method));
	if (b->status != BALLOT_OPEN)
		return error_set(err, ERR_DATA, "the ballot is closed: the tally is fixed");
	return ERR_OK;
}

/* Where a typed count goes: the totals of a tally, the paper wall's share
 * of a secret ballot. */
static long *typed(const struct ballot *b, size_t candidate)
{
	return b->entry == BALLOT_ENTRY_TALLY ? &b->points[candidate] : &b->wall[candidate];
}

/* The most one candidate can hold with this many voters. */
static long tally_limit(const struct ballot *b, long voters)
{
	if (voters == 0)
		return TALLY_POINTS_LIMIT;
	return b->method == BALLOT_DOTS ? voters * b->cap : voters;
}

static enum err_code explain_limit(const struct ballot *b, long voters, struct error *err)
{
	if (b->method == BALLOT_DOTS)
		return error_set(err, ERR_DATA,
				 "%ld voters with at most %d dots each on one step give it at most %ld",
				 voters, b->cap, tally_limit(b, voters));
	return error_set(err, ERR_DATA, "%ld voters give one step at most %ld approvals",
			 voters, voters);
}

enum err_code ballot_set_tally(struct ballot *b, size_t candidate, long points,
			       struct error *err)
{
	enum err_code rc = check_can_tally(b, err);
	if (rc != ERR_OK)
		return rc;
	if (candidate >= b->ncandidates)
		return error_set(err, ERR_DATA, "no step %zu on this ballot", candidate + 1);
	if (points < 0 || points > TALLY_POINTS_LIMIT)
		return error_set(err, ERR_DATA, "a count must be 0 to %ld", TALLY_POINTS_LIMIT);
	if (points > tally_limit(b, b->tally_voters))
		return explain_limit(b, b->tally_voters, err);
	*typed(b, candidate) = points;
	return ERR_OK;
}

enum err_code ballot_set_tally_voters(struct ballot *b, long voters, struct error *err)
{
	enum err_code rc = check_can_tally(b, err);
	if (rc != ERR_OK)
		return rc;
	if (voters < 0 || voters > TALLY_VOTERS_LIMIT)
		return error_set(err, ERR_DATA, "the number of voters must be 0 to %ld",
				 TALLY_VOTERS_LIMIT);
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (*typed(b, i) > tally_limit(b, voters))
			return explain_limit(b, voters, err);
	}
	b->tally_voters = voters;
	return ERR_OK;
}

long ballot_expected_dots(const struct ballot *b)
{
	return b->method == BALLOT_DOTS ? ballot_voter_count(b) * b->budget : 0;
}

long ballot_total_points(const struct ballot *b)
{
	long total = 0;
	for (size_t i = 0; i < b->ncandidates; i++)
		total += b->points[i] + b->wall[i];
	return total;
}

/* Status */

enum err_code ballot_close(struct ballot *b, struct error *err)
{
	if (b->status != BALLOT_OPEN)
		return error_set(err, ERR_DATA, "the ballot is already %s",
				 ballot_status_name(b->status));
	b->status = BALLOT_CLOSED;
	return ERR_OK;
}

enum err_code ballot_reveal(struct ballot *b, struct error *err)
{
	if (b->status == BALLOT_REVEALED)
		return error_set(err, ERR_DATA, "the ballot is already revealed");
	b->status = BALLOT_REVEALED;
	return ERR_OK;
}

/* Results */

enum quadrant ballot_quadrant(double impact, double effort, int score_min, int score_max)
{
	if (isnan(impact) || isnan(effort))
		return QUADRANT_NONE;
	double mid = (score_min + score_max) / 2.0;
	bool high_impact = impact >= mid;
	bool high_effort = effort >= mid;
	if (high_impact)
		return high_effort ? QUADRANT_MAJOR_PROJECT : QUADRANT_QUICK_WIN;
	return high_effort ? QUADRANT_THANKLESS : QUADRANT_FILL_IN;
}

/* A row with what it is sorted by. Unscored candidates of a scoring
 * ballot have scored false; every other candidate has it true. */
struct standing {
	struct ballot_row row;
	bool scored;
	long impact_sum, count;
};

/* 10 * (impact_sum - effort_sum) / count, rounded half away from zero,
 * in integers so that equal means give equal points. */
static long priority_points(long impact_sum, long effort_sum, long count)
{
	if (count == 0)
		return 0;
	long num = 10 * (impact_sum - effort_sum);
	if (num >= 0)
		return (2 * num + count) / (2 * count);
	return -((-2 * num + count) / (2 * count));
}

static double mean_or_nan(long sum, long count)
{
	return count ? (double)sum / (double)count : NAN;
}

static struct standing standing_of(const struct ballot *b, size_t i)
{
	struct standing s = {0};
	s.row.candidate = i;
	s.row.step_id = b->candidates[i];
	s.row.points = b->points[i] + b->wall[i];
	s.row.impact = s.row.effort = NAN;
	s.row.quadrant = QUADRANT_NONE;
	s.scored = true;
	if (b->method != BALLOT_SCORING)
		return s;
	s.count = b->score_count[i];
	s.scored = s.count > 0;
	s.impact_sum = b->impact_sum[i];
	s.row.points = priority_points(b->impact_sum[i], b->effort_sum[i], s.count);
	s.row.impact = mean_or_nan(b->impact_sum[i], s.count);
	s.row.effort = mean_or_nan(b->effort_sum[i], s.count);
	s.row.quadrant = ballot_quadrant(s.row.impact, s.row.effort, b->score_min, b->score_max);
	return s;
}

/* Negative when a ranks before b, 0 when they are tied. Mean impacts are
 * compared by cross-multiplying the sums; without scores both products
 * are 0. */
static int compare_standing(const struct standing *a, const struct standing *b)
{
	if (a->scored != b->scored)
		return a->scored ? -1 : 1;
	if (a->row.points != b->row.points)
		return a->row.points > b->row.points ? -1 : 1;
	long left = a->impact_sum * b->count;
	long right = b->impact_sum * a->count;
	if (left != right)
		return left > right ? -1 : 1;
	return 0;
}

static int compare_for_sort(const void *pa, const void *pb)
{
	const struct standing *a = pa, *b = pb;
	int c = compare_standing(a, b);
	if (c != 0)
		return c;
	return a->row.candidate < b->row.candidate ? -1 : a->row.candidate > b->row.candidate;
}

static bool assign_ranks(struct standing *s, size_t n)
{
	bool ties = false;
	for (size_t k = 0; k < n; k++) {
		if (k > 0 && compare_standing(&s[k - 1], &s[k]) == 0) {
			s[k].row.rank = s[k - 1].row.rank;
			s[k].row.tied = s[k - 1].row.tied = true;
			ties = true;
		} else {
			s[k].row.rank = (int)k + 1;
		}
	}
	return ties;
}

static bool beats_every_other(const struct ballot *b, size_t i)
{
	size_t n = b->ncandidates;
	for (size_t j = 0; j < n; j++) {
		if (j != i && b->pairwise[i * n + j] <= b->pairwise[j * n + i])
			return false;
	}
	return true;
}

static ptrdiff_t condorcet_winner(const struct ballot *b)
{
	if (b->nvoters == 0)
		return -1;
	for (size_t i = 0; i < b->ncandidates; i++) {
		if (beats_every_other(b, i))
			return (ptrdiff_t)i;
	}
	return -1;
}

static struct ballot_row *ranked_rows(const struct ballot *b, bool *has_ties)
{
	size_t n = b->ncandidates;
	struct standing *s = xcalloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++)
		s[i] = standing_of(b, i);
	if (n > 1)
		qsort(s, n, sizeof *s, compare_for_sort);
	*has_ties = assign_ranks(s, n);
	struct ballot_row *rows = xcalloc(n, sizeof *rows);
	for (size_t k = 0; k < n; k++)
		rows[k] = s[k].row;
	free(s);
	return rows;
}

enum err_code ballot_tally(const struct ballot *b, struct ballot_results *out,
			   struct error *err)
{
	if (b->entry == BALLOT_ENTRY_SECRET && b->status != BALLOT_REVEALED)
		return error_set(err, ERR_DATA, "the votes stay hidden until the ballot is revealed");
	if ((unsigned)b->method >= BALLOT_METHOD_COUNT)
		return error_set(err, ERR_DATA, "unknown voting method");
	memset(out, 0, sizeof *out);
	out->rows = ranked_rows(b, &out->has_ties);
	out->nrows = b->ncandidates;
	out->tie_rule = tie_rules[b->method];
	out->has_condorcet = b->method == BALLOT_RANKED;
	out->condorcet = out->has_condorcet ? condorcet_winner(b) : -1;
	return ERR_OK;
}

void ballot_results_free(struct ballot_results *r)
{
	free(r->rows);
	memset(r, 0, sizeof *r);
}
