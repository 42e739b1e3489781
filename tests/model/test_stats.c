#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "model/stats.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The statistics of scores[0..n): how many ratings, their mean and
 * standard deviation, the lowest and the highest. */
static void assert_stats(const int *scores, size_t n, size_t count, double mean, double stddev,
			 int min, int max)
{
	struct rating_stats s;
	stats_compute(scores, n, &s);
	assert_int_equal(s.count, count);
	assert_float_equal(s.mean, mean, 1e-12);
	assert_float_equal(s.stddev, stddev, 1e-12);
	assert_int_equal(s.min, min);
	assert_int_equal(s.max, max);
}

static void stats__compute__gives_mean_and_population_stddev(void **state)
{
	(void)state;
	/* 2 3 2 1: sum 8, mean 2; squares 0 1 0 1 -> 2/4 = 0.5, sqrt 0.7071 */
	const int scores[] = {2, 3, 2, 1};
	struct rating_stats s;
	stats_compute(scores, NELEMS(scores), &s);
	assert_int_equal(s.count, 4);
	assert_float_equal(s.mean, 2.0, 1e-12);
	assert_float_equal(s.stddev, sqrt(0.5), 1e-12);
	assert_int_equal(s.min, 1);
	assert_int_equal(s.max, 3);
	assert_int_equal(stats_spread(&s), 2);
}

static void stats__compute__gives_a_mean_that_is_not_a_whole_number(void **state)
{
	(void)state;
	/* 3 3 4 3: mean 13/4 = 3.25; squares .0625*3 + .5625 = .75, /4 = .1875 */
	const int scores[] = {3, 3, 4, 3};
	struct rating_stats s;
	stats_compute(scores, NELEMS(scores), &s);
	assert_float_equal(s.mean, 3.25, 1e-12);
	assert_float_equal(s.stddev, sqrt(0.1875), 1e-12);
	assert_int_equal(stats_spread(&s), 1);
}

static void stats__compute__counts_each_score_in_the_distribution(void **state)
{
	(void)state;
	const int scores[] = {5, 1, 5, 0, 10, 5};
	struct rating_stats s;
	stats_compute(scores, NELEMS(scores), &s);
	assert_int_equal(s.distribution[5 - SCALE_MIN_LOWEST], 3);
	assert_int_equal(s.distribution[1 - SCALE_MIN_LOWEST], 1);
	assert_int_equal(s.distribution[0 - SCALE_MIN_LOWEST], 1);
	assert_int_equal(s.distribution[10 - SCALE_MIN_LOWEST], 1);
	assert_int_equal(stats_count_of(&s, 5), 3);
	assert_int_equal(stats_count_of(&s, 2), 0);
	assert_int_equal(stats_count_of(&s, 11), 0);
	assert_int_equal(stats_count_of(&s, -1), 0);
	size_t total = 0;
	for (size_t i = 0; i < STATS_NSCORES; i++)
		total += s.distribution[i];
	assert_int_equal(total, s.count);
	assert_int_equal(s.min, 0);
	assert_int_equal(s.max, 10);
	assert_int_equal(stats_spread(&s), 10);
}

static void stats__compute__shows_agreement_as_no_spread(void **state)
{
	(void)state;
	const int scores[] = {4, 4, 4};
	struct rating_stats s;
	stats_compute(scores, NELEMS(scores), &s);
	assert_float_equal(s.mean, 4.0, 1e-12);
	assert_float_equal(s.stddev, 0.0, 1e-12);
	assert_int_equal(stats_spread(&s), 0);
}

static void stats__compute__gives_no_mean_without_scores(void **state)
{
	(void)state;
	struct rating_stats s;
	stats_compute(NULL, 0, &s);
	assert_int_equal(s.count, 0);
	assert_true(isnan(s.mean));
	assert_true(isnan(s.stddev));
	assert_int_equal(s.min, 0);
	assert_int_equal(s.max, 0);
	assert_int_equal(stats_spread(&s), 0);
	for (size_t i = 0; i < STATS_NSCORES; i++)
		assert_int_equal(s.distribution[i], 0);
}

static void stats__compute__leaves_out_scores_beyond_any_scale(void **state)
{
	(void)state;
	/* only 2 and 4 are ratings: mean 3, stddev 1 */
	const int scores[] = {-1, 2, 11, 4};
	assert_stats(scores, NELEMS(scores), 2, 3.0, 1.0, 2, 4);
}

static void stats__compute__gives_one_score_as_its_own_mean(void **state)
{
	(void)state;
	const int scores[] = {7};
	assert_stats(scores, NELEMS(scores), 1, 7.0, 0.0, 7, 7);
}

static void stats__mean_text__rounds_three_three_three_four_up_to_three_point_three(void **state)
{
	(void)state;
	struct rating_stats st;
	char text[16];
	stats_compute((int[]){3, 3, 3, 4}, 4, &st);
	assert_true(stats_mean_text(&st, text, sizeof text));
	assert_string_equal(text, "3.3");
}

static void stats__round__takes_halves_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(stats_round(3.25, 10), 33);
	assert_int_equal(stats_round(-0.25, 10), -3);
	assert_int_equal(stats_round(3.35, 10), 34);     /* stored as 3.34999... */
	assert_int_equal(stats_round(2.675, 100), 268);  /* stored as 2.67499... */
	assert_int_equal(stats_round(0.005, 100), 1);
	assert_int_equal(stats_round(3.24, 10), 32);
	assert_int_equal(stats_round(-3.26, 10), -33);
}

static void stats__mean_tenths__rounds_the_exact_mean_of_the_scores(void **state)
{
	(void)state;
	struct rating_stats st;
	/* 67 / 20 = 3.35: a half in tenths that a double holds a little low */
	int scores[20];
	for (int i = 0; i < 20; i++)
		scores[i] = i < 7 ? 4 : 3;
	stats_compute(scores, 20, &st);
	assert_int_equal(stats_mean_tenths(&st), 34);
	stats_compute((int[]){1, 2}, 2, &st);
	assert_int_equal(stats_mean_tenths(&st), 15);
}

static void stats__change_tenths__is_the_mean_shown_minus_the_last_shown(void **state)
{
	(void)state;
	struct rating_stats now;
	char text[16];
	/* last 3.25 shows 3.3, now 3.35 shows 3.4: the change shows +0.1 */
	int scores[20];
	for (int i = 0; i < 20; i++)
		scores[i] = i < 7 ? 4 : 3;
	stats_compute(scores, 20, &now);
	long t = stats_change_tenths(&now, 3.25);
	stats_tenths_text(t, true, text, sizeof text);
	assert_string_equal(text, "+0.1");
	/* last 3.15 (3.2), now 3.25 (3.3): +0.1, where 3.25 - 3.15 printed could be +0.1 or +0.0 */
	stats_compute((int[]){3, 3, 3, 4}, 4, &now);
	assert_int_equal(stats_change_tenths(&now, 3.15), 1);
	/* last 3.24 (3.2), now 3.25 (3.3): the difference 0.01 shows as +0.1 */
	assert_int_equal(stats_change_tenths(&now, 3.24), 1);
}

static void stats__tenths_text__writes_the_sign_of_small_negatives(void **state)
{
	(void)state;
	char text[16];
	stats_tenths_text(-3, false, text, sizeof text);
	assert_string_equal(text, "-0.3");
	stats_tenths_text(0, true, text, sizeof text);
	assert_string_equal(text, "+0.0");
	stats_tenths_text(-12, true, text, sizeof text);
	assert_string_equal(text, "-1.2");
	stats_tenths_text(45, false, text, sizeof text);
	assert_string_equal(text, "4.5");
}

static void stats_split__marks_1_5_2_4_1_5_and_not_a_calm_room(void **state)
{
	(void)state;
	struct rating_stats st;
	stats_compute((int[]){1, 5, 2, 4, 1, 5}, 6, &st);
	assert_true(stats_split(&st, 1, 5));
	stats_compute((int[]){1, 3, 3, 3, 3, 5}, 6, &st);     /* the same range, calm */
	assert_false(stats_split(&st, 1, 5));
	stats_compute((int[]){1, 1, 3, 3, 4, 5}, 6, &st);     /* two of six at each end */
	assert_true(stats_split(&st, 1, 5));
	stats_compute((int[]){1, 3, 3, 4, 4, 5}, 6, &st);     /* one of six at the low end */
	assert_false(stats_split(&st, 1, 5));
	stats_compute((int[]){4}, 1, &st);
	assert_false(stats_split(&st, 1, 5));
}

static void stats_end_size__is_two_fifths_of_the_scale_rounded_down(void **state)
{
	(void)state;
	assert_int_equal(stats_end_size(1, 5), 2);
	assert_int_equal(stats_end_size(0, 10), 4);
	assert_int_equal(stats_end_size(1, 3), 1);
	struct rating_stats st;
	stats_compute((int[]){0, 3, 7, 10}, 4, &st);
	assert_true(stats_split(&st, 0, 10));
	stats_compute((int[]){0, 4, 6, 10}, 4, &st);     /* 4 and 6 are the middle */
	assert_false(stats_split(&st, 0, 10));
	stats_compute((int[]){4, 5, 6, 10}, 4, &st);
	assert_false(stats_split(&st, 0, 10));
}

static void stats_pool__gives_the_stats_of_both_rooms_rated_as_one(void **state)
{
	(void)state;
	struct rating_stats a, b, both;
	stats_compute((int[]){4, 4, 3}, 3, &a);
	stats_compute((int[]){2, 3, 3}, 3, &b);
	stats_compute((int[]){4, 4, 3, 2, 3, 3}, 6, &both);
	stats_pool(&a, &b);
	assert_int_equal(a.count, 6);
	assert_int_equal(a.sum, 19);
	assert_int_equal(a.min, 2);
	assert_int_equal(a.max, 4);
	assert_true(fabs(a.mean - both.mean) < 1e-12);
	assert_true(fabs(a.stddev - both.stddev) < 1e-12);
	struct rating_stats none;
	stats_compute(NULL, 0, &none);
	stats_pool(&none, &b);
	assert_int_equal(none.count, 3);
	assert_int_equal(stats_mean_tenths(&none), 27);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats__compute__gives_mean_and_population_stddev),
		cmocka_unit_test(stats__compute__gives_a_mean_that_is_not_a_whole_number),
		cmocka_unit_test(stats__compute__counts_each_score_in_the_distribution),
		cmocka_unit_test(stats__compute__shows_agreement_as_no_spread),
		cmocka_unit_test(stats__compute__gives_no_mean_without_scores),
		cmocka_unit_test(stats__compute__leaves_out_scores_beyond_any_scale),
		cmocka_unit_test(stats__compute__gives_one_score_as_its_own_mean),
		cmocka_unit_test(stats__mean_text__rounds_three_three_three_four_up_to_three_point_three),
		cmocka_unit_test(stats__round__takes_halves_away_from_zero),
		cmocka_unit_test(stats__mean_tenths__rounds_the_exact_mean_of_the_scores),
		cmocka_unit_test(stats__change_tenths__is_the_mean_shown_minus_the_last_shown),
		cmocka_unit_test(stats__tenths_text__writes_the_sign_of_small_negatives),
		cmocka_unit_test(stats_split__marks_1_5_2_4_1_5_and_not_a_calm_room),
		cmocka_unit_test(stats_end_size__is_two_fifths_of_the_scale_rounded_down),
		cmocka_unit_test(stats_pool__gives_the_stats_of_both_rooms_rated_as_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
