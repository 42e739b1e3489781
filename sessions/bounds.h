/* bounds: the range of every whole number the store keeps, each written
 * once. The schema's CHECKs are made from this list, and every row read
 * back is held to it, so that a file changed outside improv can hold no
 * number that a tally, an export or a timer cannot count with. A file
 * keeps the CHECKs it was made with: a bound changed here later takes a
 * schema step of its own, which makes the tables again. */
#ifndef IMPROV_SESSIONS_BOUNDS_H
#define IMPROV_SESSIONS_BOUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/session.h"
#include "sessions/import.h"

#define BOUND_NO_LIMIT INT64_MAX
#define BOUND_CANDIDATES_MAX IMPORT_MAX_CANDIDATES
#define BOUND_STEP_SCORE_MIN 1  /* a step's own impact and effort */
#define BOUND_STEP_SCORE_MAX 5

/* X(id, table, column, min, max, null_ok). A NULL table: a number the
 * loader counts, held by no column of its own. */
#define STORE_BOUNDS(X) \
	X(ITERATION, "sessions", "iteration", 1, SESSION_MAX_ITERATION, false) \
	X(BOX_SECONDS, "timers", "box_seconds", 0, TIMER_SECONDS_LIMIT, false) \
	X(LEFT_SECONDS, "timers", "left_seconds", -TIMER_SECONDS_LIMIT, TIMER_SECONDS_LIMIT, \
	  false) \
	X(RUNNING_SINCE, "timers", "running_since", 0, TIMER_SINCE_LIMIT, false) \
	X(SCALE_MIN, "dimensions", "scale_min", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, false) \
	X(SCALE_MAX, "dimensions", "scale_max", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, false) \
	X(GROUP_SCORE, "dimensions", "group_score", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, true) \
	X(SCORE, "ratings", "score", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, false) \
	X(STEP_IMPACT, "steps", "impact", BOUND_STEP_SCORE_MIN, BOUND_STEP_SCORE_MAX, true) \
	X(STEP_EFFORT, "steps", "effort", BOUND_STEP_SCORE_MIN, BOUND_STEP_SCORE_MAX, true) \
	X(STEP_POINTS, "steps", "points", -BALLOT_POINTS_LIMIT, BALLOT_POINTS_LIMIT, true) \
	X(STEP_RANK, "steps", "rank", 0, BOUND_CANDIDATES_MAX, true) \
	X(ANONYMOUS, "ballots", "anonymous", 0, 1, false) \
	X(BUDGET, "ballots", "budget", 1, BALLOT_BUDGET_LIMIT, false) \
	X(CAP, "ballots", "cap", 1, BALLOT_BUDGET_LIMIT, false) \
	X(SCORE_MIN, "ballots", "score_min", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, false) \
	X(SCORE_MAX, "ballots", "score_max", SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST, false) \
	X(TALLY_VOTERS, "ballots", "tally_voters", 0, TALLY_VOTERS_LIMIT, false) \
	X(CANDIDATE_COUNT, NULL, "number of candidates", 0, BOUND_CANDIDATES_MAX, false) \
	X(CANDIDATE_POSITION, "ballot_candidates", "position", 0, BOUND_CANDIDATES_MAX - 1, false) \
	X(CANDIDATE_POINTS, "ballot_candidates", "points", 0, BALLOT_POINTS_LIMIT, false) \
	X(IMPACT_SUM, "ballot_candidates", "impact_sum", 0, \
	  SCALE_MAX_HIGHEST * TALLY_VOTERS_LIMIT, false) \
	X(EFFORT_SUM, "ballot_candidates", "effort_sum", 0, \
	  SCALE_MAX_HIGHEST * TALLY_VOTERS_LIMIT, false) \
	X(SCORE_COUNT, "ballot_candidates", "score_count", 0, TALLY_VOTERS_LIMIT, false) \
	/* Since schema 6, which has its own CHECK (sessions/schema.c). */ \
	X(WALL_POINTS, NULL, "wall_points", 0, TALLY_POINTS_LIMIT, false) \
	X(WINNER, "ballot_pairs", "winner", 0, BOUND_CANDIDATES_MAX - 1, false) \
	X(LOSER, "ballot_pairs", "loser", 0, BOUND_CANDIDATES_MAX - 1, false) \
	X(PAIR_COUNT, "ballot_pairs", "count", 0, TALLY_VOTERS_LIMIT, false) \
	X(VOTER, "ballot_voters", "participant_id", 1, BOUND_NO_LIMIT, false) \
	X(CHOOSER, "ballot_choices", "participant_id", 1, BOUND_NO_LIMIT, false) \
	X(CHOICE_POSITION, "ballot_choices", "position", 0, BOUND_CANDIDATES_MAX - 1, false) \
	X(CHOICE_POINTS, "ballot_choices", "points", 0, BALLOT_POINTS_LIMIT, false) \
	X(CHOICE_IMPACT, "ballot_choices", "impact", 0, SCALE_MAX_HIGHEST, false) \
	X(CHOICE_EFFORT, "ballot_choices", "effort", 0, SCALE_MAX_HIGHEST, false)

#define BOUND_AS_ID(id, table, column, min, max, null_ok) BOUND_##id,
enum bound_id { STORE_BOUNDS(BOUND_AS_ID) BOUND_COUNT };
#undef BOUND_AS_ID

struct store_bound {
	const char *table;      /* NULL: no column of its own */
	const char *column;
	int64_t min, max;
	bool null_ok;
};

extern const struct store_bound store_bounds[BOUND_COUNT];

#endif
