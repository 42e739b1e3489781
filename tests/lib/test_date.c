#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"

static long parsed(const char *iso)
{
	long days = -999999;
	assert_true(date_parse(iso, &days));
	return days;
}

static void refused(const char *iso)
{
	long days = 12345;
	assert_false(date_parse(iso, &days));
	assert_int_equal(days, 12345);
}

static void date__parse__counts_1970_01_01_as_day_zero(void **state)
{
	(void)state;
	assert_int_equal(parsed("1970-01-01"), 0);
	assert_int_equal(parsed("1970-01-02"), 1);
	assert_int_equal(parsed("1969-12-31"), -1);
}

static void date__parse__agrees_with_known_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(parsed("2000-01-01"), 10957);
	assert_int_equal(parsed("2000-03-01"), 11017);
	assert_int_equal(parsed("2026-11-28"), 20785);
	assert_int_equal(parsed("1900-03-01"), -25508);
	assert_int_equal(parsed("0000-01-01"), -719528);
	assert_int_equal(parsed("9999-12-31"), 2932896);
}

static void date__parse__accepts_the_leap_day_only_in_leap_years(void **state)
{
	(void)state;
	assert_int_equal(parsed("2024-02-29") + 1, parsed("2024-03-01"));
	assert_int_equal(parsed("2000-02-29") + 1, parsed("2000-03-01"));
	refused("2023-02-29");
	refused("1900-02-29");
	refused("2100-02-29");
	refused("2024-02-30");
}

static void date__parse__checks_every_month_length(void **state)
{
	(void)state;
	static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++) {
		char last[32], beyond[32];
		snprintf(last, sizeof last, "2025-%02d-%02d", m, lengths[m - 1]);
		snprintf(beyond, sizeof beyond, "2025-%02d-%02d", m, lengths[m - 1] + 1);
		(void)parsed(last);
		refused(beyond);
	}
}

static void date__parse__refuses_malformed_text_and_trailing_junk(void **state)
{
	(void)state;
	refused("");
	refused("2026-11-28 ");
	refused("2026-11-28T00:00:00Z");
	refused(" 2026-11-28");
	refused("2026-1-28");
	refused("2026/11/28");
	refused("2026-13-01");
	refused("2026-00-10");
	refused("2026-11-00");
	refused("2026-11-2x");
	refused("+026-11-28");
	refused("26-11-28");
}

static void date__format__writes_iso_dates_and_round_trips(void **state)
{
	(void)state;
	char out[DATE_ISO_SIZE];
	date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
	date_format(20785, out);
	assert_string_equal(out, "2026-11-28");
	static const char *const dates[] = {"2024-02-29", "1600-02-29", "0000-01-01",
		"9999-12-31", "1999-12-31", "2000-03-01"};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		date_format(parsed(dates[i]), out);
		assert_string_equal(out, dates[i]);
	}
}

static void date__format__round_trips_every_day_of_four_centuries(void **state)
{
	(void)state;
	char out[DATE_ISO_SIZE];
	long first = parsed("1800-01-01");
	long last = parsed("2200-12-31");
	for (long d = first; d <= last; d++) {
		date_format(d, out);
		assert_int_equal(parsed(out), d);
	}
}

static void date__format__marks_days_outside_four_digit_years(void **state)
{
	(void)state;
	char out[DATE_ISO_SIZE];
	date_format(parsed("0000-01-01") - 1, out);
	assert_string_equal(out, "0000-00-00");
	date_format(parsed("9999-12-31") + 1, out);
	assert_string_equal(out, "0000-00-00");
	date_format(-2147483647L, out);
	assert_string_equal(out, "0000-00-00");
	refused(out);
}

static void clock__format_iso__writes_utc_timestamps(void **state)
{
	(void)state;
	char out[CLOCK_ISO_SIZE];
	clock_format_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	clock_format_iso((time_t)20785 * 86400 + 16 * 3600, out);
	assert_string_equal(out, "2026-11-28T16:00:00Z");
	clock_format_iso(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	clock_format_iso(951782400 + 86399, out);
	assert_string_equal(out, "2000-02-29T23:59:59Z");
	clock_format_iso((time_t)2932897 * 86400, out);
	assert_string_equal(out, "0000-00-00T00:00:00Z");
}

static void clock__parse_iso__reads_what_format_writes(void **state)
{
	(void)state;
	time_t t = 0;
	assert_true(clock_parse_iso("2026-11-28T16:00:00Z", &t));
	assert_int_equal((long long)t, 20785LL * 86400 + 16 * 3600);
	assert_true(clock_parse_iso("1969-12-31T23:59:59Z", &t));
	assert_int_equal((long long)t, -1);
	char out[CLOCK_ISO_SIZE];
	clock_format_iso(t, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
}

static void clock__parse_iso__refuses_bad_timestamps(void **state)
{
	(void)state;
	static const char *const bad[] = {"2026-11-28", "2026-11-28T16:00:00",
		"2026-11-28T16:00:00Z ", "2026-11-28 16:00:00Z", "2026-11-28T24:00:00Z",
		"2026-11-28T23:60:00Z", "2026-11-28T23:59:60Z", "2026-02-29T00:00:00Z",
		"2026-11-28T1:00:00Z", "2026-11-28t16:00:00z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		time_t t = 42;
		assert_false(clock_parse_iso(bad[i], &t));
		assert_int_equal((long long)t, 42);
	}
}

static void clock__now__follows_improv_now_given_as_a_timestamp(void **state)
{
	(void)state;
	assert_int_equal(setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1), 0);
	assert_int_equal((long long)clock_now(), 20785LL * 86400 + 16 * 3600);
	assert_int_equal(date_today(), 20785);
	assert_int_equal(unsetenv("IMPROV_NOW"), 0);
}

static void clock__now__follows_improv_now_given_as_a_date(void **state)
{
	(void)state;
	assert_int_equal(setenv("IMPROV_NOW", "2024-02-29", 1), 0);
	assert_int_equal((long long)clock_now(), 19782LL * 86400);
	assert_int_equal(date_today(), parsed("2024-02-29"));
	assert_int_equal(unsetenv("IMPROV_NOW"), 0);
}

static void clock__now__uses_the_real_time_when_improv_now_is_unset_or_bad(void **state)
{
	(void)state;
	assert_int_equal(unsetenv("IMPROV_NOW"), 0);
	time_t before = time(NULL);
	time_t now = clock_now();
	assert_true(now >= before && now <= time(NULL));
	assert_int_equal(date_today(), (long)(time(NULL) / 86400));
	assert_int_equal(setenv("IMPROV_NOW", "next tuesday", 1), 0);
	before = time(NULL);
	now = clock_now();
	assert_true(now >= before && now <= time(NULL));
	assert_int_equal(unsetenv("IMPROV_NOW"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date__parse__counts_1970_01_01_as_day_zero),
		cmocka_unit_test(date__parse__agrees_with_known_day_numbers),
		cmocka_unit_test(date__parse__accepts_the_leap_day_only_in_leap_years),
		cmocka_unit_test(date__parse__checks_every_month_length),
		cmocka_unit_test(date__parse__refuses_malformed_text_and_trailing_junk),
		cmocka_unit_test(date__format__writes_iso_dates_and_round_trips),
		cmocka_unit_test(date__format__round_trips_every_day_of_four_centuries),
		cmocka_unit_test(date__format__marks_days_outside_four_digit_years),
		cmocka_unit_test(clock__format_iso__writes_utc_timestamps),
		cmocka_unit_test(clock__parse_iso__reads_what_format_writes),
		cmocka_unit_test(clock__parse_iso__refuses_bad_timestamps),
		cmocka_unit_test(clock__now__follows_improv_now_given_as_a_timestamp),
		cmocka_unit_test(clock__now__follows_improv_now_given_as_a_date),
		cmocka_unit_test(clock__now__uses_the_real_time_when_improv_now_is_unset_or_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
