#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/sparkline.h"

static void check(const double *values, size_t n, double lo, double hi, const char *want)
{
	struct sbuf out = SBUF_INIT;
	sparkline(&out, values, n, lo, hi);
	assert_string_equal(sbuf_str(&out), want);
	sbuf_free(&out);
}

static void sparkline__draws_the_low_end_low_and_the_high_end_full(void **state)
{
	(void)state;
	const double v[] = {1, 3, 5};
	check(v, 3, 1, 5, "▁▅█");
}

static void sparkline__leaves_a_gap_for_a_missing_value(void **state)
{
	(void)state;
	const double v[] = {2, NAN, 4};
	check(v, 3, 1, 5, "▃ ▆");
}

static void sparkline__clamps_values_outside_the_range(void **state)
{
	(void)state;
	const double v[] = {-10, 100};
	check(v, 2, 0, 10, "▁█");
}

static void sparkline__uses_the_values_own_range_when_none_is_given(void **state)
{
	(void)state;
	const double v[] = {40, 55, 70};
	check(v, 3, 0, 0, "▁▅█");
}

static void sparkline__draws_equal_values_in_the_middle(void **state)
{
	(void)state;
	const double v[] = {3, 3};
	check(v, 2, 0, 0, "▅▅");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sparkline__draws_the_low_end_low_and_the_high_end_full),
		cmocka_unit_test(sparkline__leaves_a_gap_for_a_missing_value),
		cmocka_unit_test(sparkline__clamps_values_outside_the_range),
		cmocka_unit_test(sparkline__uses_the_values_own_range_when_none_is_given),
		cmocka_unit_test(sparkline__draws_equal_values_in_the_middle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
