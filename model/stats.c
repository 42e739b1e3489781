#include "model/stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_rating(int score)
{
	return score >= SCALE_MIN_LOWEST && score <= SCALE_MAX_HIGHEST;
}

static void count_scores(const int *scores, size_t n, struct rating_stats *out)
{
	long sum = 0;
	for (size_t i = 0; i < n; i++) {
		int s = scores[i];
		if (!is_rating(s))
			continue;
		if (out->count == 0 || s < out->min)
			out->min = s;
		if (out->count == 0 || s > out->max)
			out->max = s;
		out->distribution[s - SCALE_MIN_LOWEST]++;
		out->count++;
		sum += s;
	}
	out->sum = sum;
	out->mean = out->count ? (double)sum / (double)out->count : NAN;
}

/* A second pass over the scores, which keeps the variance exact for the
 * small integers a room gives. */
static double population_stddev(const int *scores, size_t n, double mean, size_t count)
{
	if (count == 0)
		return NAN;
	double squares = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_rating(scores[i]))
			continue;
		double d = scores[i] - mean;
		squares += d * d;
	}
	return sqrt(squares / (double)count);
}

void stats_compute(const int *scores, size_t n, struct rating_stats *out)
{
	memset(out, 0, sizeof *out);
	if (scores == NULL)
		n = 0;
	count_scores(scores, n, out);
	out->stddev = population_stddev(scores, n, out->mean, out->count);
}

void stats_pool(struct rating_stats *into, const struct rating_stats *add)
{
	into->count = 0;
	into->sum = 0;
	for (int k = 0; k < STATS_NSCORES; k++) {
		into->distribution[k] += add->distribution[k];
		size_t n = into->distribution[k];
		int v = k + SCALE_MIN_LOWEST;
		if (n && into->count == 0)
			into->min = v;
		if (n)
			into->max = v;
		into->count += n;
		into->sum += (long)n * v;
	}
	into->mean = into->count ? (double)into->sum / (double)into->count : NAN;
	double squares = 0;
	for (int k = 0; k < STATS_NSCORES; k++) {
		double d = k + SCALE_MIN_LOWEST - into->mean;
		squares += (double)into->distribution[k] * d * d;
	}
	into->stddev = into->count ? sqrt(squares / (double)into->count) : NAN;
}

int stats_spread(const struct rating_stats *s)
{
	return s->count ? s->max - s->min : 0;
}

size_t stats_count_of(const struct rating_stats *s, int score)
{
	return is_rating(score) ? s->distribution[score - SCALE_MIN_LOWEST] : 0;
}

int stats_end_size(int scale_min, int scale_max)
{
	int values = scale_max - scale_min + 1;
	return values > 0 ? values * 2 / 5 : 0;
}

static size_t count_between(const struct rating_stats *s, int lo, int hi)
{
	size_t n = 0;
	for (int v = lo; v <= hi; v++)
		n += stats_count_of(s, v);
	return n;
}

bool stats_split(const struct rating_stats *s, int scale_min, int scale_max)
{
	int end = stats_end_size(scale_min, scale_max);
	if (s->count < 2 || end == 0)
		return false;
	size_t low = count_between(s, scale_min, scale_min + end - 1);
	size_t high = count_between(s, scale_max - end + 1, scale_max);
	return low * 3 >= s->count && high * 3 >= s->count;
}

/* Far below any real difference between two means of small integers, far
 * above the error of a double near them. */
#define ROUND_SLACK 1e-9

long stats_round(double v, int per_unit)
{
	if (!isfinite(v))
		return 0;
	double size = floor(fabs(v) * per_unit + 0.5 + ROUND_SLACK);
	return v < 0 ? -(long)size : (long)size;
}

long stats_mean_tenths(const struct rating_stats *s)
{
	if (s->count == 0)
		return 0;
	long n = (long)s->count;
	return (20 * s->sum + n) / (2 * n);
}

long stats_change_tenths(const struct rating_stats *now, double last)
{
	return stats_mean_tenths(now) - stats_round(last, 10);
}

void stats_tenths_text(long tenths, bool sign, char *out, size_t size)
{
	const char *lead = tenths < 0 ? "-" : sign ? "+" : "";
	long size_of = tenths < 0 ? -tenths : tenths;
	snprintf(out, size, "%s%ld.%ld", lead, size_of / 10, size_of % 10);
}

bool stats_mean_text(const struct rating_stats *s, char *out, size_t size)
{
	if (s->count == 0)
		return false;
	stats_tenths_text(stats_mean_tenths(s), false, out, size);
	return true;
}

bool stats_value_text(double v, char *out, size_t size)
{
	if (isnan(v))
		return false;
	stats_tenths_text(stats_round(v, 10), false, out, size);
	return true;
}

const char *stats_change_arrow(long tenths, const char *up, const char *down,
			       const char *steady)
{
	return tenths > 0 ? up : tenths < 0 ? down : steady;
}
