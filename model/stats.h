/* stats: what the room sees of one dimension's ratings: how many, the
 * mean, the spread and a small distribution. */
#ifndef IMPROV_MODEL_STATS_H
#define IMPROV_MODEL_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/template.h"

#define STATS_NSCORES (SCALE_MAX_HIGHEST - SCALE_MIN_LOWEST + 1)

struct rating_stats {
	size_t count;         /* scores used */
	long sum;             /* of the scores used: the mean exact, for rounding */
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

/* Adds the ratings of `add` to `into`, as if both had been rated in one
 * room: counts, sum, mean, spread and standard deviation are those of the
 * pooled ratings. */
void stats_pool(struct rating_stats *into, const struct rating_stats *add)
	__attribute__((nonnull));

/* max - min: 0 when everyone agrees, and when there are no scores. */
int stats_spread(const struct rating_stats *s) __attribute__((nonnull));

/* How many gave `score`; 0 for a score outside the lowest..highest scale. */
size_t stats_count_of(const struct rating_stats *s, int score) __attribute__((nonnull));

/* The ends of a scale, where a split room's camps stand: the lowest and
 * the highest two fifths of its values, rounded down (on 1-5, 1-2 and
 * 4-5; on 0-10, 0-3 and 7-10). How many values each end holds. */
int stats_end_size(int scale_min, int scale_max);

/* The room is split into two camps: at least a third of the ratings at
 * each end of the scale. Never for fewer than two ratings. */
bool stats_split(const struct rating_stats *s, int scale_min, int scale_max)
	__attribute__((nonnull));

/* One rule for every number shown (screen, exports, compare): half away
 * from zero. v * per_unit rounded to a whole number: per_unit 10 gives
 * tenths of a mean or a change, 100 a percentage. Absorbs the binary
 * error of a stored double (3.35 stored as 3.34999...) so a value that is
 * a half in decimal rounds up in size. 0 for NAN. */
long stats_round(double v, int per_unit);

/* The mean in tenths, rounded exactly from the integer sum; 0 when count is 0. */
long stats_mean_tenths(const struct rating_stats *s) __attribute__((nonnull));

/* The change shown on a row: the mean shown now minus the last mean shown,
 * in tenths, so last, now and change always agree. */
long stats_change_tenths(const struct rating_stats *now, double last) __attribute__((nonnull));

/* Tenths as text: "3.3", "-0.3"; with `sign`, "+0.1" and "+0.0". */
void stats_tenths_text(long tenths, bool sign, char *out, size_t size)
	__attribute__((nonnull(3)));

/* The mean shown, "3.3"; false (out untouched) when nobody rated. */
bool stats_mean_text(const struct rating_stats *s, char *out, size_t size)
	__attribute__((nonnull));

/* A stored mean shown by the same rule; false (out untouched) for NAN. */
bool stats_value_text(double v, char *out, size_t size) __attribute__((nonnull));

/* The arrow beside a change shown: up, down or steady, from its tenths. */
const char *stats_change_arrow(long tenths, const char *up, const char *down,
			       const char *steady);

#endif
