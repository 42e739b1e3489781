#include "lib/date.h"

#include <stdlib.h>
#include <string.h>

#define YEAR_FIRST 0
#define YEAR_LAST 9999
#define DAYS_PER_ERA 146097L       /* 400 Gregorian years */
#define EPOCH_SHIFT 719468L        /* days from 0000-03-01 to 1970-01-01 */

struct civil {
	long year;
	int month, day;
};

static bool is_leap(long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(long year, int month)
{
	static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap(year))
		return 29;
	return lengths[month - 1];
}

/* Years counted from March, so that the leap day ends the year. */
long date_from_civil(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

static struct civil civil_from_days(long days)
{
	long z = days + EPOCH_SHIFT;
	long era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	long doe = z - era * DAYS_PER_ERA;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct civil c;
	c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.year = yoe + era * 400 + (c.month <= 2);
	return c;
}

static bool day_in_range(long days)
{
	return days >= date_from_civil(YEAR_FIRST, 1, 1)
		&& days <= date_from_civil(YEAR_LAST, 12, 31);
}

/* Reads exactly `width` digits; false when any is not a digit. */
static bool read_digits(const char *s, int width, int *value)
{
	int v = 0;
	for (int i = 0; i < width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

static void put_digits(char *p, long value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

/* Reads "YYYY-MM-DD" at the start of s, without looking past it. */
static bool read_date(const char *s, long *days)
{
	int year, month, day;
	if (!read_digits(s, 4, &year) || s[4] != '-' || !read_digits(s + 5, 2, &month)
	    || s[7] != '-' || !read_digits(s + 8, 2, &day))
		return false;
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return false;
	*days = date_from_civil(year, month, day);
	return true;
}

/* Reads "HH:MM:SS" at the start of s, as seconds into the day. */
static bool read_time_of_day(const char *s, long *seconds)
{
	int h, m, sec;
	if (!read_digits(s, 2, &h) || s[2] != ':' || !read_digits(s + 3, 2, &m)
	    || s[5] != ':' || !read_digits(s + 6, 2, &sec))
		return false;
	if (h > 23 || m > 59 || sec > 59)
		return false;
	*seconds = h * 3600L + m * 60L + sec;
	return true;
}

bool date_parse(const char *iso, long *days)
{
	long d;
	if (strlen(iso) != DATE_ISO_SIZE - 1 || !read_date(iso, &d))
		return false;
	*days = d;
	return true;
}

static void write_date(long days, char *out)
{
	struct civil c = civil_from_days(days);
	put_digits(out, c.year, 4);
	out[4] = '-';
	put_digits(out + 5, c.month, 2);
	out[7] = '-';
	put_digits(out + 8, c.day, 2);
}

void date_format(long days, char out[DATE_ISO_SIZE])
{
	if (!day_in_range(days)) {
		memcpy(out, "0000-00-00", DATE_ISO_SIZE);
		return;
	}
	write_date(days, out);
	out[DATE_ISO_SIZE - 1] = '\0';
}

bool clock_parse_iso(const char *iso, time_t *t)
{
	long days, seconds;
	if (strlen(iso) != CLOCK_ISO_SIZE - 1 || !read_date(iso, &days) || iso[10] != 'T'
	    || !read_time_of_day(iso + 11, &seconds) || iso[19] != 'Z')
		return false;
	*t = (time_t)days * DATE_SECONDS_PER_DAY + seconds;
	return true;
}

/* Rounds towards minus infinity, so that times before 1970 fall on the
 * right day. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

void clock_format_iso(time_t t, char out[CLOCK_ISO_SIZE])
{
	long long days = floor_div((long long)t, DATE_SECONDS_PER_DAY);
	if (days < -2147483647LL || days > 2147483647LL || !day_in_range((long)days)) {
		memcpy(out, "0000-00-00T00:00:00Z", CLOCK_ISO_SIZE);
		return;
	}
	long seconds = (long)((long long)t - days * DATE_SECONDS_PER_DAY);
	write_date((long)days, out);
	out[10] = 'T';
	put_digits(out + 11, seconds / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, seconds / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, seconds % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* IMPROV_NOW as a time, when it holds a date or a timestamp. */
static bool test_clock(time_t *t)
{
	const char *now = getenv("IMPROV_NOW");
	long days;
	if (now == NULL)
		return false;
	if (date_parse(now, &days)) {
		*t = (time_t)days * DATE_SECONDS_PER_DAY;
		return true;
	}
	return clock_parse_iso(now, t);
}

time_t clock_now(void)
{
	time_t t;
	if (test_clock(&t))
		return t;
	return time(NULL);
}

long date_today(void)
{
	return (long)floor_div((long long)clock_now(), DATE_SECONDS_PER_DAY);
}
