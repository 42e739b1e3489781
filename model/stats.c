#include "model/stats.h"

#include <math.h>
#include <stdbool.h>
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

int stats_spread(const struct rating_stats *s)
{
	return s->count ? s->max - s->min : 0;
}

size_t stats_count_of(const struct rating_stats *s, int score)
{
	return is_rating(score) ? s->distribution[score - SCALE_MIN_LOWEST] : 0;
}
