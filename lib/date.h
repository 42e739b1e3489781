/* date: calendar days and UTC timestamps in ISO 8601 form, and a clock
 * that tests can set.
 *
 * Days are counted from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar, negative before it. The clock honours the environment variable
 * IMPROV_NOW: set to "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ",
 * it replaces the real time; unset or not in one of those forms, the real
 * time is used. */
#ifndef IMPROV_LIB_DATE_H
#define IMPROV_LIB_DATE_H

#include <stdbool.h>
#include <time.h>

#define DATE_ISO_SIZE 11      /* "2026-11-28" and its NUL */
#define CLOCK_ISO_SIZE 21     /* "2026-11-28T16:00:00Z" and its NUL */
#define DATE_SECONDS_PER_DAY 86400L

/* Reads exactly "YYYY-MM-DD" (years 0000-9999; month lengths and leap
 * years checked; nothing may follow). false, leaving *days alone, when the
 * text is not such a date. */
bool date_parse(const char *iso, long *days) __attribute__((nonnull, warn_unused_result));

/* Writes "YYYY-MM-DD". Days outside years 0000-9999 give "0000-00-00",
 * which is not a date (date_parse refuses it). */
void date_format(long days, char out[DATE_ISO_SIZE]) __attribute__((nonnull));

/* The day number of a civil date; month 1-12, day 1-31 (not checked). */
long date_from_civil(int year, int month, int day);

/* Today's day number in UTC, from clock_now(). */
long date_today(void);

/* Now, from IMPROV_NOW when it holds a date or timestamp, else time(NULL). */
time_t clock_now(void);

/* Reads exactly "YYYY-MM-DDTHH:MM:SSZ" (UTC; hours 00-23, minutes and
 * seconds 00-59). false, leaving *t alone, otherwise. */
bool clock_parse_iso(const char *iso, time_t *t) __attribute__((nonnull, warn_unused_result));

/* Writes "YYYY-MM-DDTHH:MM:SSZ" in UTC, e.g. "2026-11-28T16:00:00Z".
 * Times outside years 0000-9999 give "0000-00-00T00:00:00Z", which
 * clock_parse_iso refuses. */
void clock_format_iso(time_t t, char out[CLOCK_ISO_SIZE]) __attribute__((nonnull));

#endif
