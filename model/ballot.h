/* ballot: a vote over candidate steps and its tally, for dots, approval,
 * ranked (Borda, with the Condorcet winner) and impact/effort scoring.
 *
 * A ballot keeps only totals and the sorted list of who has voted, never
 * what one voter chose nor the order in which people voted: that is what
 * the store saves, so an anonymous ballot stays anonymous in the database.
 *
 * Rules chosen here:
 * - Default budget: a third of the candidates, rounded up, kept within
 *   3..10 dots (ballot_default_budget). Default cap: 3 dots on one step, or
 *   the budget when that is smaller.
 * - Dots: each voter spends at most the budget (fewer is allowed), at most
 *   the cap on one candidate, none negative.
 * - Ranked: a voter ranks some or all candidates, best first. Of n
 *   candidates, the one at position p (0 = best) gets n - 1 - p Borda
 *   points and an unranked one gets 0. Pairwise, a ranked candidate beats
 *   every unranked one and unranked candidates are not compared with each
 *   other (neither is preferred). Ranking n - 1 candidates is therefore the
 *   same vote as ranking all n.
 * - Scoring: each voter gives each candidate an impact and an effort score
 *   within score_min..score_max, or 0 for both meaning "no score", which is
 *   only possible when 0 is outside that range. One of the two alone is
 *   refused.
 * - Tally entry: the facilitator types the count per candidate from a paper
 *   wall (dots or approval ballots only). With tally_voters known, one
 *   candidate can hold at most tally_voters * cap dots (dots) or
 *   tally_voters approvals (approval). The total is not limited: compare
 *   ballot_total_points with ballot_expected_dots to spot a miscount.
 * - A secret dots or approval ballot may have a paper wall on top: the
 *   counts typed go to wall (within the same limits, tally_voters being
 *   the people at the wall), and every total (the tally, the voter count,
 *   ballot_total_points) adds them to what was cast.
 * - Every refusal returns ERR_DATA with one line for the user and leaves the
 *   ballot exactly as it was.
 */
#ifndef IMPROV_MODEL_BALLOT_H
#define IMPROV_MODEL_BALLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "model/kinds.h"

#define BALLOT_BUDGET_MIN 3         /* bounds of the default budget */
#define BALLOT_BUDGET_MAX 10
#define BALLOT_BUDGET_LIMIT 99      /* the most a facilitator may set */
#define BALLOT_DEFAULT_CAP 3
#define BALLOT_DEFAULT_SCORE_MIN 1
#define BALLOT_DEFAULT_SCORE_MAX 5
/* The most a tally may hold, so that sums and products stay far from
 * overflow; a secret ballot never has more voters either. */
#define TALLY_VOTERS_LIMIT 100000L
#define TALLY_POINTS_LIMIT (TALLY_VOTERS_LIMIT * BALLOT_BUDGET_LIMIT)
/* A step's points, from any method, either sign. */
#define BALLOT_POINTS_LIMIT 1000000000L

/* Where a scored candidate falls on the impact/effort matrix.
 * X(enumerator, "name in files", "label on screen") */
#define QUADRANT_LIST(X) \
	X(QUADRANT_NONE, "none", "Not scored") \
	X(QUADRANT_QUICK_WIN, "quick_win", "Quick win") \
	X(QUADRANT_MAJOR_PROJECT, "major_project", "Major project") \
	X(QUADRANT_FILL_IN, "fill_in", "Fill-in") \
	X(QUADRANT_THANKLESS, "thankless", "Thankless task")

/* enum quadrant, QUADRANT_COUNT, quadrant_name(), quadrant_label(),
 * quadrant_parse(), as for the lists in model/kinds.h. */
KIND_DECLARE(quadrant, quadrant, QUADRANT_LIST, QUADRANT_COUNT)

/* One voter's choice on one candidate, kept for named ballots only. */
struct ballot_choice {
	int64_t voter;                /* participant id */
	size_t candidate;
	long points;                  /* dots, 1 for an approval, Borda points */
	int impact, effort;           /* scoring */
};

struct ballot {
	int64_t id;                   /* database id, 0 until stored */
	enum ballot_method method;
	enum ballot_entry entry;
	enum ballot_status status;
	bool anonymous;
	int budget;                   /* dots per voter */
	int cap;                      /* most dots on one candidate */
	int score_min, score_max;     /* scoring: the range of impact and effort */
	size_t ncandidates;
	int64_t *candidates;          /* step ids in the order added: the tie-break order */
	long *points;                 /* dots, approvals or Borda points per candidate */
	long *pairwise;               /* n * n; [i * n + j]: voters preferring i to j */
	long *impact_sum;             /* scoring: sums over the voters who scored */
	long *effort_sum;
	long *score_count;            /* scoring: how many scored each candidate */
	int64_t *voters;              /* participant ids who voted, sorted ascending */
	size_t nvoters, voters_cap;
	long tally_voters;            /* people at the paper wall, 0 = not counted */
	long *wall;                   /* a secret ballot's paper wall: its count per candidate */
	/* Named ballots only: who chose what. An anonymous ballot never has
	 * any, so nothing of one person's choices exists to be stored. */
	struct ballot_choice *choices;
	size_t nchoices, choices_cap;
};

/* Dots per person for n candidates: ceil(n / 3) within 3..10. */
int ballot_default_budget(size_t ncandidates);

/* An open, anonymous ballot over n candidates (step ids, copied; they should
 * be distinct), with the default budget, cap and score range 1..5. Every
 * array is allocated (and zero) whatever the method; ballot_free frees
 * them. */
void ballot_init(struct ballot *b, enum ballot_method method, enum ballot_entry entry,
		 const int64_t *candidates, size_t ncandidates) __attribute__((nonnull(1)));
void ballot_free(struct ballot *b) __attribute__((nonnull));

/* Budget and cap (1 <= cap <= budget <= BALLOT_BUDGET_LIMIT), and the score
 * range (SCALE_MIN_LOWEST <= min < max <= SCALE_MAX_HIGHEST): set while the
 * ballot is open and before any vote or count is recorded. */
enum err_code ballot_set_limits(struct ballot *b, int budget, int cap, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
enum err_code ballot_set_score_range(struct ballot *b, int score_min, int score_max,
				     struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* Whether this method can be entered this way: tally entry is for dots and
 * approval ballots only. */
bool ballot_entry_fits(enum ballot_method method, enum ballot_entry entry);

/* The index of the candidate with this step id, or -1. */
ptrdiff_t ballot_candidate_index(const struct ballot *b, int64_t step_id)
	__attribute__((nonnull));

bool ballot_has_voted(const struct ballot *b, int64_t participant) __attribute__((nonnull));

/* How many voted: tally_voters for tally entry; for secret ballots,
 * nvoters and the people at the paper wall. */
long ballot_voter_count(const struct ballot *b) __attribute__((nonnull));

/* Secret ballots. Each refuses a participant id <= 0, a second vote by the
 * same participant, a ballot that is not open, and a ballot of another
 * method or entry; the arrays have one element per candidate. */
enum err_code ballot_cast_dots(struct ballot *b, int64_t voter, const int *dots,
			       struct error *err)
	__attribute__((nonnull(1, 3), warn_unused_result));
enum err_code ballot_cast_approval(struct ballot *b, int64_t voter, const bool *approve,
				   struct error *err)
	__attribute__((nonnull(1, 3), warn_unused_result));
/* order: candidate indices, best first; norder may be 0 (order then may be
 * NULL) up to ncandidates. Duplicates and indices out of range are refused. */
enum err_code ballot_cast_ranked(struct ballot *b, int64_t voter, const size_t *order,
				 size_t norder, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
enum err_code ballot_cast_scores(struct ballot *b, int64_t voter, const int *impact,
				 const int *effort, struct error *err)
	__attribute__((nonnull(1, 3, 4), warn_unused_result));

/* For the store reading a ballot back: adds a participant to the voters
 * (their choices are already in the totals, which the store fills in
 * directly). Refuses ids <= 0 and duplicates; any status. */
enum err_code ballot_restore_voter(struct ballot *b, int64_t participant, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* Tally entry, and the paper wall of a secret dots or approval ballot,
 * while the ballot is open: the count on one candidate (>= 0, within the
 * limits above), and how many people voted at the wall (>= 0; refused
 * when a count already typed would exceed the new limit). */
enum err_code ballot_set_tally(struct ballot *b, size_t candidate, long points,
			       struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
enum err_code ballot_set_tally_voters(struct ballot *b, long voters, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* Dots ballots: voters * budget, the dots there would be if everyone spent
 * them all. 0 for the other methods. */
/* Puts back a named ballot's choice read from storage. */
enum err_code ballot_restore_choice(struct ballot *b, const struct ballot_choice *c,
				    struct error *err) __attribute__((nonnull(1, 2)));

long ballot_expected_dots(const struct ballot *b) __attribute__((nonnull));
/* The sum of points over the candidates. */
long ballot_total_points(const struct ballot *b) __attribute__((nonnull));

/* open -> closed -> revealed; revealing an open ballot closes it too.
 * Closing a ballot that is not open, or revealing a revealed one, is
 * refused. */
enum err_code ballot_close(struct ballot *b, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
enum err_code ballot_reveal(struct ballot *b, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* The matrix cell of mean scores on score_min..score_max. The midpoint is
 * (score_min + score_max) / 2 (3 on 1..5, 5.5 on 1..10); a mean at or above
 * it is high, so the midpoint itself belongs to the upper half on both
 * axes. QUADRANT_NONE when either mean is NAN. */
enum quadrant ballot_quadrant(double impact, double effort, int score_min, int score_max);

struct ballot_row {
	size_t candidate;             /* index into the ballot's candidates */
	int64_t step_id;
	long points;
	double impact, effort;        /* scoring: the means; NAN when nobody scored */
	int rank;                     /* 1, 2, 2, 4: ties share a rank */
	bool tied;                    /* shares its rank with another row */
	enum quadrant quadrant;       /* scoring only; QUADRANT_NONE otherwise */
};

struct ballot_results {
	struct ballot_row *rows;      /* one per candidate, in rank order */
	size_t nrows;
	bool has_ties;
	const char *tie_rule;         /* one sentence naming the rule; static */
	bool has_condorcet;           /* ranked: pairwise counts exist, condorcet is meaningful */
	ptrdiff_t condorcet;          /* the Condorcet winner's index, or -1: none */
};

/* Ranks the candidates. Tied rows share a rank (standard competition
 * ranking), have tied set, and are listed in the order the candidates were
 * added; nothing else breaks a tie.
 * - dots, approval, tally entry: by points;
 * - ranked: by Borda points. The Condorcet winner is the candidate whom,
 *   against every other one, strictly more voters prefer than not; there
 *   is none when nobody voted, on a cycle or when ties prevent it;
 * - scoring: candidates somebody scored first, then the unscored (tied,
 *   0 points, QUADRANT_NONE). points is the priority: 10 * (mean impact -
 *   mean effort), rounded half away from zero (4.5 and 2.0 give 25); it
 *   may be negative. By points, then by mean impact (exactly, from the
 *   sums).
 * A secret ballot has results only once revealed (tally entry is counted
 * in the open: any time). Fills *out, which the caller releases with
 * ballot_results_free. */
enum err_code ballot_tally(const struct ballot *b, struct ballot_results *out,
			   struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));
void ballot_results_free(struct ballot_results *r) __attribute__((nonnull));

#endif
