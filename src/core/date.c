/*
 * date.c — civil dates as day numbers, months, Swedish public holidays
 * and weekday counts (see date.h).
 *
 * Everything is integer arithmetic on days since 1970-01-01 in the
 * proleptic Gregorian calendar.  Conversions between day numbers and
 * year-month-day follow Howard Hinnant's days_from_civil and
 * civil_from_days: shift the year to start on 1 March so that the leap
 * day is the last day of the shifted year, then count 400-year eras of
 * 146097 days.  Intermediate values are int64_t so that no input can
 * overflow; results that do not fit date_t saturate at its limits.
 */
#include "core/date.h"

#include <stddef.h>

/* 1970-01-01 counted from 0000-03-01, the start of the shifted era. */
#define EPOCH_SHIFT     719468
#define DAYS_PER_ERA    146097

/* Holidays are only defined here; outside, date_holiday_name says NULL. */
#define HOLIDAY_YEAR_MIN 1900
#define HOLIDAY_YEAR_MAX 2200

/* The rules never name more than 13 days in one year. */
#define MAX_YEAR_HOLIDAYS 16

struct holiday {
	date_t day;
	const char *name;
};

/* Floor division for a positive divisor; C division truncates. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static date_t clamp_date(int64_t d)
{
	if (d > INT32_MAX)
		return INT32_MAX;
	if (d < INT32_MIN)
		return INT32_MIN;
	return (date_t)d;
}

/* Day number of y-m-d; m and d must already be valid for the year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	/* January and February belong to the previous shifted year. */
	if (m <= 2)
		y--;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	/* Day of the shifted year: March is month 0, February month 11. */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += EPOCH_SHIFT;
	era = floor_div(z, DAYS_PER_ERA);
	doe = z - era * DAYS_PER_ERA;
	/* Undo the leap days: one per 4 years, none per 100, one per 400. */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

bool date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap_year(y))
		return 29;
	return days[m - 1];
}

int date_from_ymd(int y, int m, int d, date_t *out)
{
	int64_t z;

	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return -1;
	z = days_from_civil(y, m, d);
	if (z < INT32_MIN || z > INT32_MAX)
		return -1;
	*out = (date_t)z;
	return 0;
}

void date_to_ymd(date_t d, int *y, int *m, int *day)
{
	int64_t yy;

	/* |year| stays below 6 million for any date_t, so it fits an int. */
	civil_from_days(d, &yy, m, day);
	*y = (int)yy;
}

/* Value of n decimal digits at s, or -1 if any is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * The shared "YYYY-MM" prefix of both string forms.  Each character is
 * checked before the next is read, so a short string stops at its NUL.
 */
static int parse_year_month(const char *s, int *y, int *m)
{
	*y = parse_digits(s, 4);
	if (*y < 1000 || s[4] != '-')
		return -1;
	*m = parse_digits(s + 5, 2);
	if (*m < 1 || *m > 12)
		return -1;
	return 0;
}

int date_parse(const char *s, date_t *out)
{
	int y, m, d;

	if (!s || parse_year_month(s, &y, &m) < 0 || s[7] != '-')
		return -1;
	d = parse_digits(s + 8, 2);
	if (d < 0 || s[10] != '\0')
		return -1;
	return date_from_ymd(y, m, d, out);
}

/* Write v as exactly n decimal digits, most significant first. */
static void put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * Years outside 0000–9999 do not fit the form; they print as the
 * impossible date 0000-00-00 rather than as a truncated, wrong one.
 */
void date_format(date_t d, char buf[DATE_STRLEN])
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	if (y < 0 || y > 9999)
		y = m = day = 0;
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, day, 2);
	buf[10] = '\0';
}

int date_weekday(date_t d)
{
	/* Day 0, 1970-01-01, was a Thursday (ISO 4). */
	return (int)floor_mod((int64_t)d + 3, 7) + 1;
}

date_t date_add_days(date_t d, int32_t n)
{
	return clamp_date((int64_t)d + n);
}

/* Month index year * 12 + (month - 1) to year and month, any sign. */
static void split_month(int64_t mi, int64_t *y, int *m)
{
	*y = floor_div(mi, 12);
	*m = (int)(mi - *y * 12) + 1;
}

date_t date_add_months(date_t d, int32_t n)
{
	int64_t y, ty;
	int m, day, tm, dim;

	civil_from_days(d, &y, &m, &day);
	split_month(y * 12 + (m - 1) + n, &ty, &tm);
	/* Keep the day of month when the target has it, else its last day. */
	dim = date_days_in_month((int)floor_mod(ty, 400), tm);
	if (day > dim)
		day = dim;
	return clamp_date(days_from_civil(ty, tm, day));
}

/*
 * For b >= a this is the largest n with date_add_months(a, n) <= b.
 * For b < a we define it as -date_months_between(b, a): whole months
 * counted from the earlier date, so swapping the arguments only flips the
 * sign (2024-03-15 to 2024-02-20 is 0 months, not -1).  The literal
 * "largest n" rule would round towards minus infinity instead.
 */
int32_t date_months_between(date_t a, date_t b)
{
	int64_t ya, yb;
	int ma, mb, da, db;
	int32_t n;

	if (b < a)
		return -date_months_between(b, a);
	civil_from_days(a, &ya, &ma, &da);
	civil_from_days(b, &yb, &mb, &db);
	n = (int32_t)((yb * 12 + mb) - (ya * 12 + ma));
	/* add_months grows with n, and a + (n - 1) months is in an earlier
	 * month than b, so at most one step back is needed. */
	if (date_add_months(a, n) > b)
		n--;
	return n;
}

int month_from_ym(int y, int m, month_t *out)
{
	date_t first;
	int64_t mi;

	/* Only months whose days are all representable are accepted. */
	if (date_from_ymd(y, m, 1, &first) < 0 ||
	    date_from_ymd(y, m, date_days_in_month(y, m), &first) < 0)
		return -1;
	mi = (int64_t)y * 12 + (m - 1);
	*out = (month_t)mi;
	return 0;
}

int month_parse(const char *s, month_t *out)
{
	int y, m;

	if (!s || parse_year_month(s, &y, &m) < 0 || s[7] != '\0')
		return -1;
	return month_from_ym(y, m, out);
}

/* Years outside 0000–9999 print as 0000-00, as in date_format. */
void month_format(month_t mo, char buf[MONTH_STRLEN])
{
	int64_t y;
	int m;

	split_month(mo, &y, &m);
	if (y < 0 || y > 9999)
		y = m = 0;
	put_digits(buf, (int)y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '\0';
}

month_t date_month(date_t d)
{
	int64_t y;
	int m, day;

	civil_from_days(d, &y, &m, &day);
	return (month_t)(y * 12 + (m - 1));
}

date_t month_first_day(month_t mo)
{
	int64_t y;
	int m;

	split_month(mo, &y, &m);
	return clamp_date(days_from_civil(y, m, 1));
}

date_t month_last_day(month_t mo)
{
	int64_t y;
	int m;

	split_month(mo, &y, &m);
	/* Leap years repeat every 400 years, so the year mod 400 decides. */
	return clamp_date(days_from_civil(y, m,
			  date_days_in_month((int)floor_mod(y, 400), m)));
}

/*
 * The anonymous Gregorian computus (Meeus/Jones/Butcher): a is the
 * year's place in the 19-year lunar cycle; the paschal full moon falls
 * about h days after 21 March, h carrying the solar correction b - d
 * (century years without a leap day) and the lunar correction g; l
 * counts on from the full moon to the Sunday after it, and m pulls back
 * the two cases where the tables would put Easter too late.
 */
int date_easter(int y, date_t *out)
{
	int a, b, c, d, e, f, g, h, i, k, l, m, n;

	if (y < 1583 || y > 9999)
		return -1;
	a = y % 19;
	b = y / 100;
	c = y % 100;
	d = b / 4;
	e = b % 4;
	f = (b + 8) / 25;
	g = (b - f + 1) / 3;
	h = (19 * a + b - d - g + 15) % 30;
	i = c / 4;
	k = c % 4;
	l = (32 + 2 * e + 2 * i - h - k) % 7;
	m = (a + 11 * h + 22 * l) / 451;
	n = h + l - 7 * m + 114;
	return date_from_ymd(y, n / 31, n % 31 + 1, out);
}

/* The Saturday in [first, first + 6]. */
static date_t saturday_from(date_t first)
{
	return first + (6 - date_weekday(first) + 7) % 7;
}

static void add_holiday(struct holiday *h, int *n, date_t day,
			const char *name)
{
	h[*n].day = day;
	h[*n].name = name;
	(*n)++;
}

static void add_fixed(struct holiday *h, int *n, int y, int m, int d,
		      const char *name)
{
	date_t day;

	if (date_from_ymd(y, m, d, &day) == 0)
		add_holiday(h, n, day, name);
}

/*
 * Every named holiday of year y (HOLIDAY_YEAR_MIN … MAX) into h, and
 * their number.  Two holidays can share a day — Ascension falls on 1 May
 * when Easter is 23 March (2008), Whit Sunday on 6 June when Easter is
 * 18 April — so the fixed-date holidays come first and their name wins.
 */
static int year_holidays(int y, struct holiday *h)
{
	date_t easter, first;
	int n = 0;

	add_fixed(h, &n, y, 1, 1, "New Year's Day");
	add_fixed(h, &n, y, 1, 6, "Epiphany");
	if (y >= 1939)
		add_fixed(h, &n, y, 5, 1, "May Day");
	if (y >= 2005)
		add_fixed(h, &n, y, 6, 6, "National Day");
	if (y >= 1953) {
		/* Since 1953 Midsummer and All Saints are Saturdays. */
		first = (date_t)days_from_civil(y, 6, 20);
		add_holiday(h, &n, saturday_from(first), "Midsummer Day");
		first = (date_t)days_from_civil(y, 10, 31);
		add_holiday(h, &n, saturday_from(first), "All Saints' Day");
	} else {
		add_fixed(h, &n, y, 6, 24, "Midsummer Day");
		add_fixed(h, &n, y, 11, 1, "All Saints' Day");
	}
	add_fixed(h, &n, y, 12, 25, "Christmas Day");
	add_fixed(h, &n, y, 12, 26, "Boxing Day");

	date_easter(y, &easter);
	add_holiday(h, &n, easter - 2, "Good Friday");
	add_holiday(h, &n, easter, "Easter Sunday");
	add_holiday(h, &n, easter + 1, "Easter Monday");
	add_holiday(h, &n, easter + 39, "Ascension Day");
	add_holiday(h, &n, easter + 49, "Whit Sunday");
	/* Whit Monday gave way to the National Day in 2005. */
	if (y <= 2004)
		add_holiday(h, &n, easter + 50, "Whit Monday");
	return n;
}

const char *date_holiday_name(date_t d)
{
	struct holiday h[MAX_YEAR_HOLIDAYS];
	int y, m, day, n, i;

	date_to_ymd(d, &y, &m, &day);
	if (y < HOLIDAY_YEAR_MIN || y > HOLIDAY_YEAR_MAX)
		return NULL;
	n = year_holidays(y, h);
	for (i = 0; i < n; i++) {
		if (h[i].day == d)
			return h[i].name;
	}
	return NULL;
}

bool date_is_holiday(date_t d)
{
	return date_holiday_name(d) != NULL;
}

bool date_is_workday(date_t d)
{
	return date_weekday(d) <= 5 && !date_is_holiday(d);
}

/*
 * Weekdays in [monday0, d) where monday0 = 1970-01-05, a Monday; negative
 * for d before it.  Each whole week holds five, and the partial week's
 * first min(r, 5) days are Monday–Friday.
 */
static int64_t weekdays_before(int64_t d)
{
	int64_t k = d - 4;
	int64_t r = floor_mod(k, 7);

	return floor_div(k, 7) * 5 + (r < 5 ? r : 5);
}

/* Over all of date_t there are more weekdays than int32_t holds. */
static int32_t clamp_count(int64_t n)
{
	return n > INT32_MAX ? INT32_MAX : (int32_t)n;
}

int32_t date_count_weekdays(date_t from, date_t to)
{
	if (to < from)
		return 0;
	return clamp_count(weekdays_before((int64_t)to + 1) -
			   weekdays_before(from));
}

/* Is h[i] the first entry for its day?  Shared days count once. */
static bool first_on_day(const struct holiday *h, int i)
{
	int j;

	for (j = 0; j < i; j++) {
		if (h[j].day == h[i].day)
			return false;
	}
	return true;
}

/*
 * Weekdays minus the holidays that fall on a weekday in range: the loop
 * runs over the years covered, never over every day.
 */
int32_t date_count_workdays(date_t from, date_t to)
{
	struct holiday h[MAX_YEAR_HOLIDAYS];
	int64_t count;
	int y, y_end, m, d, n, i;

	if (to < from)
		return 0;
	count = weekdays_before((int64_t)to + 1) - weekdays_before(from);
	date_to_ymd(from, &y, &m, &d);
	date_to_ymd(to, &y_end, &m, &d);
	if (y < HOLIDAY_YEAR_MIN)
		y = HOLIDAY_YEAR_MIN;
	if (y_end > HOLIDAY_YEAR_MAX)
		y_end = HOLIDAY_YEAR_MAX;
	for (; y <= y_end; y++) {
		n = year_holidays(y, h);
		for (i = 0; i < n; i++) {
			if (h[i].day >= from && h[i].day <= to &&
			    date_weekday(h[i].day) <= 5 && first_on_day(h, i))
				count--;
		}
	}
	return clamp_count(count);
}
