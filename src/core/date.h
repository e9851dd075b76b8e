/*
 * date.h — civil dates and months, Swedish public holidays, weekday counts.
 *
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before 1970); a month is year * 12 + (month - 1).
 * Strings exist only at the edges: YYYY-MM-DD and YYYY-MM, strictly.
 * Nothing here reads the clock: "today" is always an argument.
 * Valid years for parsing are 1000–9999; holidays are defined for 1900–2200.
 */
#ifndef DATE_H
#define DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t;   /* days since 1970-01-01 */
typedef int32_t month_t;  /* year * 12 + (month - 1) */

#define DATE_STRLEN  11   /* "YYYY-MM-DD" + NUL */
#define MONTH_STRLEN 8    /* "YYYY-MM" + NUL */

/* 0 and *out set when y-m-d is a real calendar date, -1 otherwise. */
int date_from_ymd(int y, int m, int d, date_t *out);
void date_to_ymd(date_t d, int *y, int *m, int *day);

/* Strict "YYYY-MM-DD": exactly 10 characters, real date. 0 or -1. */
int date_parse(const char *s, date_t *out);
void date_format(date_t d, char buf[DATE_STRLEN]);

bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);

/* ISO weekday: 1 = Monday … 7 = Sunday. */
int date_weekday(date_t d);

date_t date_add_days(date_t d, int32_t n);

/*
 * Add n calendar months (n may be negative).  End-of-month rule: the day of
 * month is kept when the target month has it, otherwise it is clamped to the
 * target month's last day (2024-01-31 + 1 month = 2024-02-29;
 * 2023-01-31 + 1 month = 2023-02-28; 2024-02-29 + 12 months = 2025-02-28).
 */
date_t date_add_months(date_t d, int32_t n);

/* Whole months from a to b: the largest n with date_add_months(a, n) <= b
 * (negative when b < a, symmetric). */
int32_t date_months_between(date_t a, date_t b);

/* Months */
int month_from_ym(int y, int m, month_t *out);
int month_parse(const char *s, month_t *out);   /* strict "YYYY-MM" */
void month_format(month_t m, char buf[MONTH_STRLEN]);
month_t date_month(date_t d);
date_t month_first_day(month_t m);
date_t month_last_day(month_t m);

/*
 * Swedish public holidays (allmänna helgdagar, lag 1989:253 and earlier
 * law) for 1900–2200, computed not listed: New Year, Epiphany, Good Friday,
 * Easter Sunday and Monday, 1 May (from 1939), Ascension, Whit Sunday,
 * Whit Monday (until 2004), National Day 6 June (from 2005), Midsummer Day
 * (Saturday 20–26 June from 1953, 24 June before), All Saints' Day
 * (Saturday 31 Oct – 6 Nov from 1953, 1 Nov before), Christmas Day,
 * Boxing Day.  Sundays are also holidays by law but are not named here.
 * Returns the holiday's English name or NULL.
 */
const char *date_holiday_name(date_t d);
bool date_is_holiday(date_t d);

/* Easter Sunday of year y (Gregorian computus); -1 outside 1583–9999. */
int date_easter(int y, date_t *out);

/* Monday–Friday and not a public holiday. */
bool date_is_workday(date_t d);

/* Days Monday–Friday in [from, to], inclusive; 0 when to < from. O(1). */
int32_t date_count_weekdays(date_t from, date_t to);

/* Workdays (weekdays that are not public holidays) in [from, to]. */
int32_t date_count_workdays(date_t from, date_t to);

#endif
