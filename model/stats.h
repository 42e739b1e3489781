/* stats: what the room sees of one dimension's ratings: how many, the
 * mean, the spread and a small distribution. */
#ifndef IMPROV_MODEL_STATS_H
#define IMPROV_MODEL_STATS_H

#include <stddef.h>

#include "model/template.h"

#define STATS_NSCORES (SCALE_MAX_HIGHEST - SCALE_MIN_LOWEST + 1)

struct rating_stats {
	size_t count;         /* scores used */
	double mean;          /* NAN when count is 0 */
	double stddev;        /* population standard deviation; NAN when count is 0 */
	int min, max;         /* 0 when count is 0 */
	size_t distribution[STATS_NSCORES];   /* [s - SCALE_MIN_LOWEST]: how many gave s */
};

/* Fills *out from n scores. Scores outside SCALE_MIN_LOWEST..SCALE_MAX_HIGHEST
 * are not ratings and are left out of everything (count included); scores
 * may be NULL when n is 0. */
void stats_compute(const int *scores, size_t n, struct rating_stats *out)
	__attribute__((nonnull(3)));

/* max - min: 0 when everyone agrees, and when there are no scores. */
int stats_spread(const struct rating_stats *s) __attribute__((nonnull));

/* How many gave `score`; 0 for a score outside the lowest..highest scale. */
size_t stats_count_of(const struct rating_stats *s, int score) __attribute__((nonnull));

#endif
