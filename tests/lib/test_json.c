/* Tests of the JSON writer's numbers: written without printf where they
 * can be, they must read exactly as "%.15g" (with ".0" after a whole
 * number) would write them, for every value. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json.h"

/* What the exports have always written: "%.15g", then ".0" when that is
 * all digits. */
static void reference(double v, char out[JSON_NUMBER_SIZE])
{
	snprintf(out, JSON_NUMBER_SIZE, "%.15g", v);
	size_t len = strlen(out);
	if (strspn(out, "-0123456789") == len && len + 2 < JSON_NUMBER_SIZE)
		memcpy(out + len, ".0", 3);
}

static void expect_as_printf(double v)
{
	char got[JSON_NUMBER_SIZE], want[JSON_NUMBER_SIZE];
	json_number_text(v, got);
	reference(v, want);
	if (strcmp(got, want) != 0)
		fail_msg("%.17g: wrote \"%s\", \"%%.15g\" writes \"%s\"", v, got, want);
}

/* A small generator of its own, so that every run checks the same values. */
static uint64_t next(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 11;
}

static void json__number__writes_hundredths_as_printf_does(void **state)
{
	(void)state;
	static const double known[] = {3.85, -3.85, 0.05, 0.1, -0.01, 4.2, 12.5, 99.99,
				       1234567.85, -999999999999.99, 0.3, 1e-2};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		expect_as_printf(known[i]);
	uint64_t seed = 42;
	for (int i = 0; i < 200000; i++) {
		/* k / 100 for k of every size up to 14 digits. */
		long long k = (long long)(next(&seed) % 100000000000000ULL) >> (next(&seed) % 46);
		double v = (double)(next(&seed) & 1 ? -k : k) / 100;
		expect_as_printf(v);
	}
}

static void json__number__writes_any_other_value_as_printf_does(void **state)
{
	(void)state;
	static const double known[] = {0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e-7, 123456.789, 1e15,
				       1e16, -1e300, 5e-324, 0.005, 0.015, 1e12 + 0.5, 3.0, -0.0,
				       0.0, 1e14, 999999999999.995};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		expect_as_printf(known[i]);
	uint64_t seed = 7;
	for (int i = 0; i < 200000; i++) {
		uint64_t bits = next(&seed) << 11 | next(&seed) >> 42;
		double v;
		memcpy(&v, &bits, sizeof v);
		if (isfinite(v))
			expect_as_printf(v);
		/* Means and ratios: a few digits, then noise. */
		expect_as_printf((double)(long long)(next(&seed) % 1000000) / 7.0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json__number__writes_hundredths_as_printf_does),
		cmocka_unit_test(json__number__writes_any_other_value_as_printf_does),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
