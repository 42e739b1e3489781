#include "model/progress.h"

#include <math.h>
#include <stdbool.h>

#define ROUNDING_MARGIN 1e-9

double progress_fraction(double baseline, double target, double current)
{
	if (isnan(baseline) || isnan(target) || isnan(current) || baseline == target)
		return NAN;
	return (current - baseline) / (target - baseline);
}

double progress_time_share(long start_day, long target_day, long today)
{
	if (start_day == PROGRESS_NO_DATE || target_day == PROGRESS_NO_DATE
	    || today == PROGRESS_NO_DATE || target_day <= start_day)
		return NAN;
	if (today <= start_day)
		return 0.0;
	if (today >= target_day)
		return 1.0;
	return (double)(today - start_day) / (double)(target_day - start_day);
}

/* a is at least as good as b for a metric running in direction dir. */
static bool at_or_better(enum direction dir, double a, double b)
{
	return dir == DIRECTION_DOWN ? a <= b : a >= b;
}

static bool worse(enum direction dir, double a, double b)
{
	return !at_or_better(dir, a, b);
}

static enum metric_status against_threshold(double progress, double expected)
{
	if (progress + ROUNDING_MARGIN >= expected - PROGRESS_ON_TRACK_SLACK)
		return METRIC_ON_TRACK;
	if (progress + ROUNDING_MARGIN >= expected - PROGRESS_AT_RISK_SLACK)
		return METRIC_AT_RISK;
	return METRIC_OFF_TRACK;
}

static bool date_passed(long target_day, long today)
{
	return target_day != PROGRESS_NO_DATE && today != PROGRESS_NO_DATE
		&& today > target_day;
}

/* Called once current lies from the baseline (included) towards a target
 * strictly better than the baseline, so progress is in 0..1. */
static enum metric_status on_the_way(double progress, long start_day, long target_day,
				     long today)
{
	if (date_passed(target_day, today))
		return progress + ROUNDING_MARGIN >= 1.0 - PROGRESS_AT_RISK_SLACK
			? METRIC_AT_RISK : METRIC_OFF_TRACK;
	double expected = progress_time_share(start_day, target_day, today);
	if (!isnan(expected))
		return against_threshold(progress, expected);
	return progress > 0 ? METRIC_ON_TRACK : METRIC_AT_RISK;
}

enum metric_status progress_status(enum direction dir, double baseline, double target,
				   double current, long start_day, long target_day,
				   long today)
{
	if (isnan(current) || isnan(target))
		return METRIC_NO_DATA;
	if (at_or_better(dir, current, target))
		return METRIC_MET;
	if (isnan(baseline))
		return METRIC_NO_DATA;
	if (worse(dir, current, baseline))
		return METRIC_OFF_TRACK;
	return on_the_way(progress_fraction(baseline, target, current), start_day,
			  target_day, today);
}
