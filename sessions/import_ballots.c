/* The import's ballots: their settings and candidates, who voted, and a
 * revealed ballot's totals, each refused when no ballot could hold it. */
#include "sessions/import_internal.h"

#include <math.h>
#include <stdlib.h>

#include "lib/mem.h"

IMPORT_NAMES(ballot_method, BALLOT_METHOD_COUNT, "a voting method")
IMPORT_NAMES(ballot_entry, BALLOT_ENTRY_COUNT, "a ballot entry")
IMPORT_NAMES(ballot_status, BALLOT_STATUS_COUNT, "a ballot status")

struct ballot_fields {
	enum ballot_method method;
	enum ballot_entry entry;
	enum ballot_status status;
	bool anonymous;
	int budget, cap;              /* 0: not given */
	long voters;
	long wall_voters;             /* a secret ballot's people at the paper wall */
};

static const struct field ballot_fields[] = {
	NAME("method", struct ballot_fields, method, true, ballot_method_words),
	NAME("entry", struct ballot_fields, entry, false, ballot_entry_words),
	NAME("status", struct ballot_fields, status, false, ballot_status_words),
	BOOL("anonymous", struct ballot_fields, anonymous),
	WHOLE("budget", struct ballot_fields, budget, false, 1, BALLOT_BUDGET_LIMIT),
	WHOLE("cap", struct ballot_fields, cap, false, 1, BALLOT_BUDGET_LIMIT),
	WHOLE("voters", struct ballot_fields, voters, false, 0, POINTS_MAX),
	WHOLE("wall_voters", struct ballot_fields, wall_voters, false, 0, TALLY_VOTERS_LIMIT),
};
static const struct field_table ballot_table = FIELD_OPEN_TABLE(ballot_fields);

struct result_fields {
	int64_t step_id;
	long points;
	double impact, effort;
};

static const struct field result_fields[] = {
	ID("step_id", struct result_fields, step_id),
	WHOLE("points", struct result_fields, points, false, -POINTS_MAX, POINTS_MAX),
	NUMBER("impact", struct result_fields, impact, false),
	NUMBER("effort", struct result_fields, effort, false),
};
static const struct field_table result_table = FIELD_OPEN_TABLE(result_fields);

/* An item of "candidates": a step's id. */
static const struct field candidate_field = {
	.kind = FIELD_INTEGER, .size = sizeof(int64_t), .min = 1, .max = ID_MAX,
};

/* ---- candidates ---- */

/* A step's id, or null for a step that was removed (0). */
static enum err_code read_candidate(struct field_reader *rd, const struct ynode *item,
				    const struct field_at *at, size_t i, void *target)
{
	(void)target;
	struct import *im = import_of(rd);
	int64_t id = 0;
	if (!ynode_is_null(item)) {
		enum err_code rc = field_read_value(rd, item, at, &candidate_field, &id);
		if (rc != ERR_OK)
			return rc;
		if (session_find_step(im->s, id) < 0)
			return field_fail(rd, item, at, "no step has id %lld", (long long)id);
		for (size_t j = 0; j < i; j++)
			if (im->ids[j] == id)
				return field_fail(rd, item, at, "step %lld is a candidate already",
						  (long long)id);
	}
	im->ids[i] = id;
	return ERR_OK;
}

/* Fills im->ids with the candidates (0 for a removed step) and *n with
 * how many there are. */
static enum err_code read_candidates(struct import *im, const struct ynode *item,
				     const struct field_at *at, size_t *n)
{
	const struct ynode *list = ynode_get(item, "candidates");
	*n = import_list_len(item, "candidates");
	free(im->ids);
	im->ids = xcalloc(*n + 1, sizeof *im->ids);
	enum err_code rc = import_each(im, item, at, "candidates", IMPORT_MAX_CANDIDATES,
				       read_candidate);
	if (rc == ERR_OK && list == NULL)
		return field_fail(&im->rd, item, FIELD_KEY(at, "candidates"), "missing");
	if (rc == ERR_OK && *n < 2)
		return field_fail(&im->rd, list, FIELD_KEY(at, "candidates"),
				  "a ballot needs at least two steps to choose from");
	return rc;
}

/* ---- what voters can have given ---- */

/* The most one voter can give one candidate of a secret ballot. */
static long most_per_voter(const struct ballot *b)
{
	return b->method == BALLOT_DOTS ? b->cap
	       : b->method == BALLOT_RANKED ? (long)b->ncandidates - 1 : 1;
}

/* The most one voter can give all the candidates together: the budget,
 * a full ranking's Borda points, or an approval of every step. */
static long most_in_all_per_voter(const struct ballot *b)
{
	long n = (long)b->ncandidates;
	return b->method == BALLOT_DOTS ? b->budget
	       : b->method == BALLOT_RANKED ? n * (n - 1) / 2 : n;
}

/* How many can have voted on a secret ballot: as many as the file says,
 * or when it does not say, every participant there may be. */
static long most_voters(const struct import *im)
{
	return im->voters >= 0 ? im->voters : SESSION_MAX_PARTICIPANTS;
}

static enum err_code too_many_points(struct import *im, const struct ynode *node,
				     const struct field_at *at, const struct ballot *b, long points)
{
	long most = most_voters(im) * most_per_voter(b);
	if (im->voters == 0)
		return field_fail(&im->rd, node, at, "no one voted (voters is 0), so no step has "
				  "points, not %ld", points);
	if (im->voters < 0)
		return field_fail(&im->rd, node, at, "a whole number from 0 to %ld (%d voters at "
				  "the most), not %ld", most, SESSION_MAX_PARTICIPANTS, points);
	return field_fail(&im->rd, node, at, "%ld voters give one step at most %ld, not %ld",
			  im->voters, most, points);
}

/* The fewest voters whose whole scores have exactly these means. A mean
 * written with 15 digits, times its true count, is within 1e-6 of a whole
 * number; for any smaller count it is at least 1/count away. */
static long voters_for_means(double impact, double effort, long most)
{
	for (long n = 1; n <= most; n++) {
		double i = impact * (double)n, e = effort * (double)n;
		if (fabs(i - round(i)) < 1e-6 && fabs(e - round(e)) < 1e-6)
			return n;
	}
	return 0;
}

/* ---- a revealed ballot's results ---- */

static enum err_code restore_scores(struct import *im, const struct ynode *item,
				    const struct field_at *at, struct ballot *b, size_t c,
				    const struct result_fields *in)
{
	struct field_reader *rd = &im->rd;
	if (isnan(in->impact) && isnan(in->effort))
		return ERR_OK;
	if (isnan(in->impact) || isnan(in->effort))
		return field_fail(rd, item, at, "give both impact and effort, or neither");
	const char *key = in->impact < b->score_min || in->impact > b->score_max ? "impact"
			: in->effort < b->score_min || in->effort > b->score_max ? "effort" : NULL;
	if (key != NULL)
		return field_fail(rd, ynode_get(item, key), FIELD_KEY(at, key),
				  "a mean score from %d to %d", b->score_min, b->score_max);
	long most = im->voters >= 0 && im->voters < SESSION_MAX_PARTICIPANTS
			    ? im->voters : SESSION_MAX_PARTICIPANTS;
	long n = voters_for_means(in->impact, in->effort, most);
	if (n == 0 && most == 0)
		return field_fail(rd, item, at,
				  "no one voted (voters is 0), so no step has scores");
	if (n == 0)
		return field_fail(rd, item, at, "impact and effort are not the mean scores of "
				  "%ld voters or fewer", most);
	b->impact_sum[c] = lround(in->impact * (double)n);
	b->effort_sum[c] = lround(in->effort * (double)n);
	b->score_count[c] = n;
	return ERR_OK;
}

/* A revealed ballot's total for candidate c, from its result row. */
static enum err_code restore_total(struct import *im, const struct ynode *item,
				   const struct field_at *at, struct ballot *b, size_t c,
				   const struct result_fields *in)
{
	if (b->method == BALLOT_SCORING)
		return restore_scores(im, item, at, b, c, in);
	if (b->entry == BALLOT_ENTRY_TALLY)
		return ballot_set_tally(b, c, in->points, im->rd.err)
			       ? import_refused_at(im, item, at, "points") : ERR_OK;
	if (in->points < 0 || in->points > most_voters(im) * most_per_voter(b)) {
		const struct ynode *node = ynode_get(item, "points");
		return too_many_points(im, node ? node : item, FIELD_KEY(at, "points"), b,
				       in->points);
	}
	b->points[c] = in->points;
	return ERR_OK;
}

/* The candidate a row is for: its step, or for a removed step (null) the
 * first removed one that has no row yet. */
static ptrdiff_t result_slot(const struct ballot *b, const bool *has_result, int64_t step_id)
{
	for (size_t c = 0; c < b->ncandidates; c++)
		if (b->candidates[c] == step_id && !has_result[c])
			return (ptrdiff_t)c;
	return -1;
}

static enum err_code read_result(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct ballot *b = &im->s->ballots[im->parent];
	struct result_fields in = {.impact = NAN, .effort = NAN};
	enum err_code rc = field_read_map(rd, item, at, &result_table, &in);
	if (rc != ERR_OK)
		return rc;
	ptrdiff_t c = result_slot(b, im->has_result, in.step_id);
	if (c < 0 && in.step_id == 0)
		return field_fail(rd, item, at, "no removed step of this ballot is left for this row");
	if (c < 0) {
		bool twice = ballot_candidate_index(b, in.step_id) >= 0;
		return field_fail(rd, ynode_get(item, "step_id"), FIELD_KEY(at, "step_id"),
				  twice ? "step %lld has a result already"
					: "step %lld is not a candidate of this ballot",
				  (long long)in.step_id);
	}
	im->has_result[c] = true;
	return restore_total(im, item, at, b, (size_t)c, &in);
}

/* A secret ballot's results as a whole: no more points than its voters
 * had to give. (A tally is what was counted on the wall, and is checked
 * step by step as it is typed.) */
static enum err_code check_results_total(struct import *im, const struct ynode *item,
					 const struct field_at *at, const struct ballot *b)
{
	if (b->entry != BALLOT_ENTRY_SECRET || b->method == BALLOT_SCORING)
		return ERR_OK;
	long total = ballot_total_points(b);
	long most = most_voters(im) * most_in_all_per_voter(b);
	if (total <= most)
		return ERR_OK;
	return field_fail(&im->rd, ynode_get(item, "results"), FIELD_KEY(at, "results"),
			  "%ld points in all; %ld voters give at most %ld each, %ld in all", total,
			  most_voters(im), most_in_all_per_voter(b), most);
}

/* ---- the ballot ---- */

static enum err_code set_limits(struct import *im, const struct ynode *item,
				const struct field_at *at, struct ballot *b,
				const struct ballot_fields *in)
{
	if (in->budget == 0 && in->cap == 0)
		return ERR_OK;
	int budget = in->budget ? in->budget : b->budget;
	int cap = in->cap ? in->cap : (b->cap < budget ? b->cap : budget);
	if (ballot_set_limits(b, budget, cap, im->rd.err))
		return import_refused_at(im, item, at, "cap");
	return ERR_OK;
}

/* Open, closed or revealed: the way a screen gets there. */
static enum err_code set_status(struct import *im, const struct ynode *item,
				const struct field_at *at, enum ballot_status status)
{
	struct ballot *b = &im->s->ballots[im->parent];
	enum err_code rc = ERR_OK;
	if (status == BALLOT_CLOSED)
		rc = ballot_close(b, im->rd.err);
	else if (status == BALLOT_REVEALED)
		rc = session_reveal_ballot(im->s, im->parent, im->rd.err);
	return rc ? import_refused_at(im, item, at, "status") : ERR_OK;
}

/* One name of the ballot's "voted": someone known to have voted. */
static enum err_code read_voter(struct field_reader *rd, const struct ynode *item,
				const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct session *s = im->s;
	char shown[YNODE_ECHO_MAX + 1];
	if (item->kind != YNODE_SCALAR)
		return field_wrong_kind(rd, item, at, "a participant's name");
	ptrdiff_t p = session_find_participant(s, item->text);
	if (p < 0)
		return field_fail(rd, item, at, "unknown participant \"%s\"", ynode_echo(item, shown));
	if (ballot_restore_voter(&s->ballots[im->parent], s->participants[p].id, rd->err))
		return field_fail(rd, item, at, "\"%s\" is named twice", ynode_echo(item, shown));
	return ERR_OK;
}

/* Those the file names under "voted" voted: there are no fewer voters. */
static enum err_code check_voters(struct import *im, const struct ynode *item,
				  const struct field_at *at, const struct ballot *b)
{
	if (im->voters < 0 || b->entry != BALLOT_ENTRY_SECRET || (long)b->nvoters <= im->voters)
		return ERR_OK;
	return field_fail(&im->rd, ynode_get(item, "voters"), FIELD_KEY(at, "voters"),
			  "%ld, but voted names %zu", im->voters, b->nvoters);
}

/* A secret ballot's paper wall: its people are among the voters; what
 * they gave is in the results. */
static enum err_code read_wall(struct import *im, const struct ynode *item,
			       const struct field_at *at, struct ballot *b,
			       const struct ballot_fields *in)
{
	if (in->entry != BALLOT_ENTRY_SECRET || in->wall_voters == 0)
		return ERR_OK;
	if (in->voters >= 0 && in->voters < (long)b->nvoters + in->wall_voters)
		return field_fail(&im->rd, ynode_get(item, "wall_voters"),
				  FIELD_KEY(at, "wall_voters"), "%ld at the wall and %zu names "
				  "under voted are more than the %ld voters", in->wall_voters,
				  b->nvoters, in->voters);
	if (ballot_set_tally_voters(b, in->wall_voters, im->rd.err))
		return import_refused_at(im, item, at, "wall_voters");
	return ERR_OK;
}

/* Who voted, a tally's count, and a revealed ballot's results. */
static enum err_code read_votes(struct import *im, const struct ynode *item,
				const struct field_at *at, struct ballot *b,
				const struct ballot_fields *in)
{
	enum err_code rc = ERR_OK;
	if (in->entry == BALLOT_ENTRY_SECRET)
		rc = import_each(im, item, at, "voted", SESSION_MAX_PARTICIPANTS, read_voter);
	if (rc == ERR_OK)
		rc = check_voters(im, item, at, b);
	if (rc == ERR_OK && in->entry == BALLOT_ENTRY_TALLY && in->voters > 0 &&
	    ballot_set_tally_voters(b, in->voters, im->rd.err))
		rc = import_refused_at(im, item, at, "voters");
	if (rc == ERR_OK)
		rc = read_wall(im, item, at, b, in);
	if (rc == ERR_OK && in->status == BALLOT_REVEALED) {
		free(im->has_result);
		im->has_result = xcalloc(b->ncandidates + 1, sizeof *im->has_result);
		rc = import_each(im, item, at, "results", b->ncandidates, read_result);
		if (rc == ERR_OK)
			rc = check_results_total(im, item, at, b);
	}
	return rc;
}

enum err_code import_read_ballot(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct ballot_fields in = {
		.entry = BALLOT_ENTRY_SECRET,
		.status = BALLOT_OPEN,
		.anonymous = true,
		.voters = -1,
	};
	size_t n = 0;
	enum err_code rc = field_read_map(rd, item, at, &ballot_table, &in);
	if (rc == ERR_OK && !ballot_entry_fits(in.method, in.entry))
		rc = field_fail(rd, ynode_get(item, "entry"), FIELD_KEY(at, "entry"),
				"a tally from the wall is for dots and approval ballots only");
	if (rc == ERR_OK)
		rc = read_candidates(im, item, at, &n);
	if (rc != ERR_OK)
		return rc;
	struct session *s = im->s;
	grow(&s->ballots, &s->ballots_cap, s->nballots + 1, sizeof *s->ballots);
	struct ballot *b = &s->ballots[s->nballots];
	ballot_init(b, in.method, in.entry, im->ids, n);
	im->parent = s->nballots++;
	im->voters = in.voters;
	b->anonymous = in.anonymous;
	rc = set_limits(im, item, at, b, &in);
	if (rc == ERR_OK)
		rc = read_votes(im, item, at, b, &in);
	return rc ? rc : set_status(im, item, at, in.status);
}

/* ---- what the steps keep ---- */

static bool ballot_gave(const struct ballot_results *r, int64_t step_id,
			const struct step_told *told)
{
	bool gave = false;
	for (size_t k = 0; k < r->nrows; k++)
		gave |= r->rows[k].step_id == step_id && r->rows[k].points == told->points &&
			r->rows[k].rank == told->rank;
	return gave;
}

/* Revealing the ballots again, in file order, left each step with the
 * last one's points and rank. Where the file shows what an earlier
 * revealed ballot gave a step (they were revealed in another order), that
 * ballot's are kept; anything else in the file is derived and ignored.
 * Each ballot is tallied once: tallying it again for every step made a
 * file of 10,000 steps and 50 ballots take 15 s rather than 1. */
void import_keep_told_results(struct import *im)
{
	struct session *s = im->s;
	struct ballot_results *results = xcalloc(s->nballots + 1, sizeof *results);
	for (size_t k = 0; k < s->nballots; k++) {
		if (s->ballots[k].status != BALLOT_REVEALED ||
		    ballot_tally(&s->ballots[k], &results[k], NULL) != ERR_OK)
			results[k] = (struct ballot_results){.nrows = 0};
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		struct step *st = &s->steps[i];
		const struct step_told *told = &im->told[i];
		if (told->points == POINTS_NONE ||
		    (st->points == told->points && st->rank == told->rank))
			continue;
		for (size_t k = 0; k < s->nballots; k++) {
			if (ballot_gave(&results[k], st->id, told)) {
				st->points = told->points;
				st->rank = told->rank;
				break;
			}
		}
	}
	for (size_t k = 0; k < s->nballots; k++)
		ballot_results_free(&results[k]);
	free(results);
}
