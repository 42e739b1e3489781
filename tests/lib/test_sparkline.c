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

/* A metric going down from a baseline of 45 to its target of 15: 45, 40
 * and 30 fall row by row, and the target is the bottom line. */
static void sparkline_chart__draws_each_value_on_its_row_and_the_target_as_a_line(void **state)
{
	(void)state;
	const double v[] = {45, 40, 30};
	struct sbuf rows[7] = {SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT, SBUF_INIT,
			       SBUF_INIT, SBUF_INIT};
	assert_int_equal(sparkline_chart(rows, 7, v, 3, 15, 2), 6);
	assert_string_equal(sbuf_str(&rows[0]), "●    ");
	assert_string_equal(sbuf_str(&rows[1]), "  ●  ");
	assert_string_equal(sbuf_str(&rows[2]), "     ");
	assert_string_equal(sbuf_str(&rows[3]), "    ●");
	assert_string_equal(sbuf_str(&rows[6]), "┄┄┄┄┄");
	for (size_t r = 0; r < 7; r++)
		sbuf_free(&rows[r]);
}

static void sparkline_chart__leaves_a_missing_value_out_and_draws_no_line_without_a_target(
	void **state)
{
	(void)state;
	const double v[] = {1, NAN, 3};
	struct sbuf rows[2] = {SBUF_INIT, SBUF_INIT};
	assert_int_equal(sparkline_chart(rows, 2, v, 3, NAN, 1), -1);
	assert_string_equal(sbuf_str(&rows[0]), "  ●");
	assert_string_equal(sbuf_str(&rows[1]), "●  ");
	sbuf_free(&rows[0]);
	sbuf_free(&rows[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sparkline__draws_the_low_end_low_and_the_high_end_full),
		cmocka_unit_test(sparkline__leaves_a_gap_for_a_missing_value),
		cmocka_unit_test(sparkline__clamps_values_outside_the_range),
		cmocka_unit_test(sparkline__uses_the_values_own_range_when_none_is_given),
		cmocka_unit_test(sparkline__draws_equal_values_in_the_middle),
		cmocka_unit_test(sparkline_chart__draws_each_value_on_its_row_and_the_target_as_a_line),
		cmocka_unit_test(
			sparkline_chart__leaves_a_missing_value_out_and_draws_no_line_without_a_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
