#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "model/progress.h"

#define NO_DATE PROGRESS_NO_DATE

/* A metric from day 0 to day 100, so that the day is the percentage of
 * time elapsed. */
static enum metric_status up_on_day(double current, long today)
{
	return progress_status(DIRECTION_UP, 40, 70, current, 0, 100, today);
}

static enum metric_status up_undated(double current)
{
	return progress_status(DIRECTION_UP, 40, 70, current, NO_DATE, NO_DATE, NO_DATE);
}

static void progress__fraction__runs_from_baseline_to_target_when_higher_is_better(void **state)
{
	(void)state;
	assert_float_equal(progress_fraction(40, 70, 40), 0.0, 1e-12);
	assert_float_equal(progress_fraction(40, 70, 55), 0.5, 1e-12);
	assert_float_equal(progress_fraction(40, 70, 70), 1.0, 1e-12);
}

static void progress__fraction__runs_from_baseline_to_target_when_lower_is_better(void **state)
{
	(void)state;
	/* days to answer a question: from 20 down to 5; 12.5 is half way */
	assert_float_equal(progress_fraction(20, 5, 12.5), 0.5, 1e-12);
	assert_float_equal(progress_fraction(20, 5, 8), 0.8, 1e-12);
	assert_float_equal(progress_fraction(20, 5, 5), 1.0, 1e-12);
}

static void progress__fraction__is_not_clamped(void **state)
{
	(void)state;
	assert_float_equal(progress_fraction(40, 70, 80), 4.0 / 3.0, 1e-12);
	assert_float_equal(progress_fraction(40, 70, 30), -1.0 / 3.0, 1e-12);
	assert_float_equal(progress_fraction(20, 5, 25), -1.0 / 3.0, 1e-12);
	assert_float_equal(progress_fraction(20, 5, 2), 1.2, 1e-12);
}

static void progress__fraction__is_nan_without_a_distance_to_cover(void **state)
{
	(void)state;
	assert_true(isnan(progress_fraction(50, 50, 60)));
	assert_true(isnan(progress_fraction(NAN, 50, 60)));
	assert_true(isnan(progress_fraction(40, NAN, 60)));
	assert_true(isnan(progress_fraction(40, 70, NAN)));
}

static void progress__time_share__is_the_part_of_the_period_gone(void **state)
{
	(void)state;
	assert_float_equal(progress_time_share(0, 100, 25), 0.25, 1e-12);
	assert_float_equal(progress_time_share(20454, 20819, 20454 + 73), 0.2, 1e-12);
	assert_float_equal(progress_time_share(0, 100, -5), 0.0, 1e-12);
	assert_float_equal(progress_time_share(0, 100, 150), 1.0, 1e-12);
	assert_true(isnan(progress_time_share(NO_DATE, 100, 50)));
	assert_true(isnan(progress_time_share(0, NO_DATE, 50)));
	assert_true(isnan(progress_time_share(0, 100, NO_DATE)));
	assert_true(isnan(progress_time_share(100, 100, 100)));
	assert_true(isnan(progress_time_share(100, 50, 70)));
}

static void progress__status__is_on_track_when_progress_keeps_up_with_time(void **state)
{
	(void)state;
	/* 55 is half way from 40 to 70 */
	assert_int_equal(up_on_day(55, 50), METRIC_ON_TRACK);
	assert_int_equal(up_on_day(55, 30), METRIC_ON_TRACK);
	/* 60% of the time gone, 50% done: just within the 10-point slack */
	assert_int_equal(up_on_day(55, 60), METRIC_ON_TRACK);
}

static void progress__status__is_at_risk_when_progress_lags_a_little(void **state)
{
	(void)state;
	/* 61% of the time gone, 50% done */
	assert_int_equal(up_on_day(55, 61), METRIC_AT_RISK);
	assert_int_equal(up_on_day(55, 70), METRIC_AT_RISK);
	/* 75% gone, 50% done: just within the 25-point slack */
	assert_int_equal(up_on_day(55, 75), METRIC_AT_RISK);
}

static void progress__status__is_off_track_when_progress_lags_far(void **state)
{
	(void)state;
	assert_int_equal(up_on_day(55, 76), METRIC_OFF_TRACK);
	assert_int_equal(up_on_day(41, 50), METRIC_OFF_TRACK);
}

static void progress__status__is_met_at_or_past_the_target(void **state)
{
	(void)state;
	assert_int_equal(up_on_day(70, 10), METRIC_MET);
	assert_int_equal(up_on_day(80, 150), METRIC_MET);
	assert_int_equal(up_undated(70), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 5, 0, 100, 50), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 3, 0, 100, 50), METRIC_MET);
}

static void progress__status__is_off_track_when_moving_the_wrong_way(void **state)
{
	(void)state;
	assert_int_equal(up_on_day(39, 0), METRIC_OFF_TRACK);
	assert_int_equal(up_undated(30), METRIC_OFF_TRACK);
	/* lower is better: going up from 20 is the wrong way */
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 25, 0, 100, 10),
			 METRIC_OFF_TRACK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 25, NO_DATE, NO_DATE, NO_DATE),
			 METRIC_OFF_TRACK);
}

static void progress__status__follows_time_when_lower_is_better(void **state)
{
	(void)state;
	/* from 20 down to 5; 12.5 is half way, 8 is 80% */
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 12.5, 0, 100, 50),
			 METRIC_ON_TRACK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 12.5, 0, 100, 70),
			 METRIC_AT_RISK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 12.5, 0, 100, 80),
			 METRIC_OFF_TRACK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 8, 0, 100, 90),
			 METRIC_ON_TRACK);
}

static void progress__status__without_dates_asks_only_for_movement(void **state)
{
	(void)state;
	assert_int_equal(up_undated(41), METRIC_ON_TRACK);
	assert_int_equal(up_undated(40), METRIC_AT_RISK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 20, 5, 19, NO_DATE, NO_DATE, NO_DATE),
			 METRIC_ON_TRACK);
	/* no start date, or a target date before the start, count as no dates
	 * (90% of the time would have gone, 41 is only 1/30 of the way) */
	assert_int_equal(progress_status(DIRECTION_UP, 40, 70, 41, NO_DATE, 100, 90),
			 METRIC_ON_TRACK);
	assert_int_equal(progress_status(DIRECTION_UP, 40, 70, 41, 100, 50, 40),
			 METRIC_ON_TRACK);
	assert_int_equal(progress_status(DIRECTION_UP, 40, 70, 40, NO_DATE, 100, 90),
			 METRIC_AT_RISK);
}

static void progress__status__is_at_best_at_risk_once_the_date_has_passed(void **state)
{
	(void)state;
	/* 64 is 80% of the way, 62.5 is 75%, 60 is two thirds */
	assert_int_equal(up_on_day(64, 101), METRIC_AT_RISK);
	assert_int_equal(up_on_day(62.5, 101), METRIC_AT_RISK);
	assert_int_equal(up_on_day(60, 101), METRIC_OFF_TRACK);
	/* on the target day itself it still counts as on track */
	assert_int_equal(up_on_day(68, 100), METRIC_ON_TRACK);
	/* known target date and today are enough to tell the date has passed */
	assert_int_equal(progress_status(DIRECTION_UP, 40, 70, 64, NO_DATE, 100, 101),
			 METRIC_AT_RISK);
}

static void progress__status__before_the_start_is_on_track(void **state)
{
	(void)state;
	assert_int_equal(up_on_day(40, -10), METRIC_ON_TRACK);
}

static void progress__status__has_no_data_without_a_measurement(void **state)
{
	(void)state;
	assert_int_equal(up_on_day(NAN, 50), METRIC_NO_DATA);
	assert_int_equal(progress_status(DIRECTION_UP, 40, NAN, 50, 0, 100, 50), METRIC_NO_DATA);
	assert_int_equal(progress_status(DIRECTION_UP, NAN, 70, 50, 0, 100, 50), METRIC_NO_DATA);
	/* a target reached needs no baseline */
	assert_int_equal(progress_status(DIRECTION_UP, NAN, 70, 75, 0, 100, 50), METRIC_MET);
}

static void progress__status__survives_a_target_on_the_wrong_side(void **state)
{
	(void)state;
	/* higher is better, yet the target 30 is below the baseline 40 */
	assert_int_equal(progress_status(DIRECTION_UP, 40, 30, 40, 0, 100, 50), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_UP, 40, 30, 31, 0, 100, 50), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_UP, 40, 30, 29, 0, 100, 50),
			 METRIC_OFF_TRACK);
	assert_int_equal(progress_status(DIRECTION_UP, 40, 30, 29, NO_DATE, NO_DATE, NO_DATE),
			 METRIC_OFF_TRACK);
	/* lower is better, yet the target 10 is above the baseline 5 */
	assert_int_equal(progress_status(DIRECTION_DOWN, 5, 10, 7, 0, 100, 50), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_DOWN, 5, 10, 11, 0, 100, 50),
			 METRIC_OFF_TRACK);
}

static void progress__status__survives_a_target_equal_to_the_baseline(void **state)
{
	(void)state;
	assert_int_equal(progress_status(DIRECTION_UP, 50, 50, 50, 0, 100, 50), METRIC_MET);
	assert_int_equal(progress_status(DIRECTION_UP, 50, 50, 49, 0, 100, 50),
			 METRIC_OFF_TRACK);
	assert_int_equal(progress_status(DIRECTION_DOWN, 50, 50, 51, NO_DATE, NO_DATE, NO_DATE),
			 METRIC_OFF_TRACK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(progress__fraction__runs_from_baseline_to_target_when_higher_is_better),
		cmocka_unit_test(progress__fraction__runs_from_baseline_to_target_when_lower_is_better),
		cmocka_unit_test(progress__fraction__is_not_clamped),
		cmocka_unit_test(progress__fraction__is_nan_without_a_distance_to_cover),
		cmocka_unit_test(progress__time_share__is_the_part_of_the_period_gone),
		cmocka_unit_test(progress__status__is_on_track_when_progress_keeps_up_with_time),
		cmocka_unit_test(progress__status__is_at_risk_when_progress_lags_a_little),
		cmocka_unit_test(progress__status__is_off_track_when_progress_lags_far),
		cmocka_unit_test(progress__status__is_met_at_or_past_the_target),
		cmocka_unit_test(progress__status__is_off_track_when_moving_the_wrong_way),
		cmocka_unit_test(progress__status__follows_time_when_lower_is_better),
		cmocka_unit_test(progress__status__without_dates_asks_only_for_movement),
		cmocka_unit_test(progress__status__is_at_best_at_risk_once_the_date_has_passed),
		cmocka_unit_test(progress__status__before_the_start_is_on_track),
		cmocka_unit_test(progress__status__has_no_data_without_a_measurement),
		cmocka_unit_test(progress__status__survives_a_target_on_the_wrong_side),
		cmocka_unit_test(progress__status__survives_a_target_equal_to_the_baseline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
