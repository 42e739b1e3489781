/* compare: what changed from one workshop to a later one of the same
 * series: each dimension's mean then and now, each metric from baseline
 * through its measurements to target, what became of the steps and goals,
 * and how ranks moved. Rows are matched through their lineage (origin ids
 * across check-ins); dimensions by key. */
#ifndef IMPROV_MODEL_COMPARE_H
#define IMPROV_MODEL_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "model/session.h"

struct dimension_change {
	const char *key, *name;         /* borrowed from the later session (or the earlier) */
	struct rating_stats before, after;   /* count 0 when not rated then */
	double delta;                   /* after.mean - before.mean, or NAN */
	long delta_tenths;              /* now shown minus then shown; 0 with NAN delta */
};

struct metric_change {
	const struct metric *before, *after;   /* either may be NULL: added or dropped */
	double progress_before, progress_after;
	enum metric_status status_after;
};

enum step_fate {
	FATE_NEW,               /* only in the later session */
	FATE_DONE,              /* done by the later session */
	FATE_DROPPED,
	FATE_CARRIED,           /* still to do (planned, doing or carried on) */
	FATE_GONE,              /* in the earlier session, not carried into the later one */
};

#define STEP_FATE_COUNT 5

struct step_change {
	const struct step *before, *after;
	enum step_fate fate;
	int rank_before, rank_after;    /* 0 when unranked */
};

enum goal_fate {
	GOAL_FATE_ADDED,
	GOAL_FATE_KEPT,         /* active or revised */
	GOAL_FATE_ACHIEVED,
	GOAL_FATE_RETIRED,
	GOAL_FATE_GONE,
};

#define GOAL_FATE_COUNT 5

struct goal_change {
	const struct goal *before, *after;
	enum goal_fate fate;
};

struct comparison {
	const struct session *before, *after;
	struct dimension_change *dims;
	size_t ndims;
	struct metric_change *metrics;
	size_t nmetrics;
	struct step_change *steps;
	size_t nsteps;
	size_t step_fates[STEP_FATE_COUNT];
	struct goal_change *goals;
	size_t ngoals;
	size_t goal_fates[GOAL_FATE_COUNT];
};

/* How a row of a later session descends from a row of the earlier one.
 * Given the sessions in between (oldest first, not including the two), a
 * row's origin is followed back until it lands in `before`. */
struct lineage {
	const struct session *const *between;
	size_t nbetween;
};

/* Compares two sessions; the comparison borrows from both, so they must
 * outlive it. `today` judges metric statuses. */
enum err_code compare_sessions(const struct session *before, const struct session *after,
			       const struct lineage *lineage, long today, struct comparison *out,
			       struct error *err) __attribute__((nonnull(1, 2, 5)));
void comparison_free(struct comparison *c);

const char *step_fate_name(enum step_fate f);
const char *goal_fate_name(enum goal_fate f);

#endif
