/* progress: how far a metric has come from its baseline towards its target,
 * and whether that is on track for the target date.
 *
 * Days are day numbers (days since 1970-01-01, see lib/date.h); pass
 * PROGRESS_NO_DATE for a date that is not known. */
#ifndef IMPROV_MODEL_PROGRESS_H
#define IMPROV_MODEL_PROGRESS_H

#include <limits.h>

#include "model/kinds.h"

#define PROGRESS_NO_DATE LONG_MIN

/* With dates, a metric is on track while its progress is at least the share
 * of time elapsed minus PROGRESS_ON_TRACK_SLACK, at risk while at least that
 * share minus PROGRESS_AT_RISK_SLACK, and off track below. */
#define PROGRESS_ON_TRACK_SLACK 0.10
#define PROGRESS_AT_RISK_SLACK 0.25

/* (current - baseline) / (target - baseline): 0 at the baseline, 1 at the
 * target, whichever way the metric runs (the signs follow). Not clamped:
 * below 0 when the metric moved away from the target, above 1 when it went
 * past it. NAN when baseline == target or any value is NAN. */
double progress_fraction(double baseline, double target, double current);

/* The share of the time from start_day to target_day that has passed by
 * today, clamped to 0..1. NAN when a date is unknown or target_day is not
 * after start_day. */
double progress_time_share(long start_day, long target_day, long today);

/* The status of a metric, checked in this order:
 * - METRIC_NO_DATA when current or target is NAN;
 * - METRIC_MET when current is at or beyond the target in the metric's
 *   direction (up: current >= target; down: current <= target);
 * - METRIC_NO_DATA when the baseline is NAN (nothing to measure from);
 * - METRIC_OFF_TRACK when current is worse than the baseline in the
 *   metric's direction (it moved the wrong way);
 * - with today after a known target_day (the date passed, target not met):
 *   METRIC_AT_RISK when progress >= 1 - PROGRESS_AT_RISK_SLACK, else
 *   METRIC_OFF_TRACK: it cannot be on track for a date that has gone;
 * - with all three dates known (target_day after start_day): progress
 *   compared with the time share as described at PROGRESS_*_SLACK;
 * - without them: METRIC_ON_TRACK when it moved towards the target at all,
 *   METRIC_AT_RISK when it has not moved from the baseline.
 * Direction decides "met" and "wrong way", although the fraction itself
 * follows the signs. A target on the wrong side of the baseline for the
 * direction (up, but target below baseline) never divides by zero or gives
 * NAN: the metric is met while current is at or beyond the target in the
 * direction, and off track once it falls behind it (then it is also behind
 * the baseline). baseline == target behaves the same way. Comparisons with
 * the thresholds allow a rounding margin of 1e-9. */
enum metric_status progress_status(enum direction dir, double baseline, double target,
				   double current, long start_day, long target_day,
				   long today);

#endif
