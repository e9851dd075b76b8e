/*
 * idnum.c — checking Swedish identity numbers (see idnum.h).
 *
 * Pure code: no clock, no I/O, no allocation.  "Today" is an argument so
 * that century resolution and the future-date check give the same answer
 * in every test.  The checks run in a fixed order (characters, length,
 * separator, date, future, checksum) so that each bad input gets the most
 * specific reason: a number with a letter in it is reported for the
 * letter, not for a check digit that happens not to match.
 */
#include "core/idnum.h"

#include <stddef.h>
#include <string.h>

/* Longest accepted form: YYYYMMDDNNNC and 16NNNNNNNNNC. */
#define MAX_DIGITS 12

/* A number split into its digits and its separator, if it has one. */
struct scanned {
	char digits[MAX_DIGITS];
	int ndigits;	/* stops at MAX_DIGITS + 1: "too long" is enough */
	char sep;	/* '-', '+' or 0 */
	int sep_at;	/* how many digits come before the separator */
};

/* Not isdigit(): that depends on the locale and on the sign of char. */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/*
 * Split s into digits and at most one separator.  Anything else is a bad
 * character: whitespace too, because trimming is the caller's job, and a
 * second separator, because no form has two.  The whole string is read
 * before any other check, so a letter anywhere wins over a wrong length.
 */
static enum idnum_reason scan(const char *s, struct scanned *sc)
{
	const char *p;

	memset(sc, 0, sizeof(*sc));
	if (!s || !*s)
		return IDNUM_EMPTY;
	for (p = s; *p; p++) {
		if (is_digit(*p)) {
			if (sc->ndigits < MAX_DIGITS)
				sc->digits[sc->ndigits] = *p;
			if (sc->ndigits <= MAX_DIGITS)
				sc->ndigits++;
		} else if ((*p == '-' || *p == '+') && !sc->sep) {
			sc->sep = *p;
			sc->sep_at = sc->ndigits;
		} else {
			return IDNUM_BAD_CHARACTER;
		}
	}
	return IDNUM_OK;
}

/* Every form puts its separator just before the last four digits. */
static int separator_misplaced(const struct scanned *sc)
{
	return sc->sep && sc->ndigits - sc->sep_at != 4;
}

/*
 * The year for a ten-digit number: the latest year ending in yy that puts
 * month-day on or before today, then a hundred years earlier for '+'.
 * Month and day are compared as numbers, not as a date, because the date
 * may not exist in the candidate year (29 February): the calendar check
 * that follows must see the century the number means, not one that
 * happens to have a 29 February.
 */
static int resolve_year(int yy, int month, int day, date_t today, int plus)
{
	int ty, tm, td, year;

	date_to_ymd(today, &ty, &tm, &td);
	year = ty - ty % 100 + yy;
	if (year > ty || (year == ty && (month > tm ||
					 (month == tm && day > td))))
		year -= 100;
	if (plus)
		year -= 100;
	return year;
}

/* Write y as four digits; the caller has checked 0 <= y <= 9999. */
static void put_year(char *p, int y)
{
	p[0] = (char)('0' + y / 1000);
	p[1] = (char)('0' + y / 100 % 10);
	p[2] = (char)('0' + y / 10 % 10);
	p[3] = (char)('0' + y % 10);
}

enum idnum_reason idnum_parse_person(const char *s, date_t today,
				     struct idnum *out)
{
	struct scanned sc;
	enum idnum_reason r;
	const char *ten;	/* YYMMDDNNNC: what the check digit covers */
	int year, month, day, real_day;
	date_t birth;

	r = scan(s, &sc);
	if (r != IDNUM_OK)
		return r;
	if (sc.ndigits != 10 && sc.ndigits != 12)
		return IDNUM_BAD_LENGTH;
	if (separator_misplaced(&sc))
		return IDNUM_BAD_SEPARATOR;
	/* '+' stands for the missing century; twelve digits already have it. */
	if (sc.sep == '+' && sc.ndigits == 12)
		return IDNUM_BAD_SEPARATOR;

	ten = sc.digits + (sc.ndigits - 10);
	month = two_digits(ten + 2);
	day = two_digits(ten + 4);
	/*
	 * A samordningsnummer writes the day + 60.  Whatever is left outside
	 * 1–31 fails the calendar check below, including day 00: some real
	 * numbers given to immigrants whose day of birth was unknown use it,
	 * but such a number has no birth date, and struct idnum promises one.
	 */
	real_day = day > 60 ? day - 60 : day;
	if (sc.ndigits == 12)
		year = two_digits(sc.digits) * 100 + two_digits(sc.digits + 2);
	else
		year = resolve_year(two_digits(ten), month, real_day, today,
				    sc.sep == '+');
	/* Only a "today" in the first two centuries could push year below 0. */
	if (year < 0 || date_from_ymd(year, month, real_day, &birth) != 0)
		return IDNUM_BAD_DATE;
	if (birth > today)
		return IDNUM_FUTURE_DATE;
	if (!idnum_luhn_ok(ten, 10))
		return IDNUM_BAD_CHECKSUM;

	if (out) {
		memset(out, 0, sizeof(*out));
		out->kind = day > 60 ? IDNUM_SAMORDNINGSNUMMER
				     : IDNUM_PERSONNUMMER;
		put_year(out->canonical, year);
		memcpy(out->canonical + 4, ten + 2, 8);
		out->canonical[12] = '\0';
		out->birth_date = birth;
	}
	return IDNUM_OK;
}

enum idnum_reason idnum_parse_org(const char *s, struct idnum *out)
{
	struct scanned sc;
	enum idnum_reason r;
	const char *ten;

	r = scan(s, &sc);
	if (r != IDNUM_OK)
		return r;
	if (sc.ndigits != 10 && sc.ndigits != 12)
		return IDNUM_BAD_LENGTH;
	/* Organisations have no age, so '+' never belongs in their numbers. */
	if (separator_misplaced(&sc) || sc.sep == '+')
		return IDNUM_BAD_SEPARATOR;
	/* "16" is the century-like prefix some registers put in front. */
	if (sc.ndigits == 12 && (sc.digits[0] != '1' || sc.digits[1] != '6'))
		return IDNUM_BAD_ORG_PREFIX;

	ten = sc.digits + (sc.ndigits - 10);
	/*
	 * A "month" of 20 or more is what keeps organisation numbers apart
	 * from personnummer.  A sole trader's business uses the owner's
	 * personnummer, which lands here: it is a person, not an
	 * organisation, and is refused as such.
	 */
	if (ten[2] < '2')
		return IDNUM_BAD_ORG_GROUP;
	if (!idnum_luhn_ok(ten, 10))
		return IDNUM_BAD_CHECKSUM;

	if (out) {
		memset(out, 0, sizeof(*out));
		out->kind = IDNUM_ORGANISATIONSNUMMER;
		memcpy(out->canonical, ten, 10);
		out->canonical[10] = '\0';
	}
	return IDNUM_OK;
}

int idnum_luhn_ok(const char *digits, int n)
{
	int i, v, sum = 0;

	if (!digits || n < 2)
		return 0;
	/*
	 * Counting from the right, so the check digit has weight 1 and its
	 * neighbour weight 2 whatever n is.  For ten digits that is the
	 * 2,1,2,1,... from the left that Skatteverket describes.
	 */
	for (i = 0; i < n; i++) {
		char c = digits[n - 1 - i];

		if (!is_digit(c))
			return 0;
		v = c - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;	/* the sum of its two digits */
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/*
 * These reach end users, many of whom read Swedish or English as a second
 * language: short sentences, common words, and never the number itself.
 */
const char *idnum_reason_text(enum idnum_reason r)
{
	switch (r) {
	case IDNUM_OK:
		return "The number is valid.";
	case IDNUM_EMPTY:
		return "No number was given.";
	case IDNUM_BAD_CHARACTER:
		return "The number contains a character that is not allowed. "
		       "Use only digits and one hyphen.";
	case IDNUM_BAD_LENGTH:
		return "The number has the wrong number of digits. "
		       "Write ten or twelve digits.";
	case IDNUM_BAD_SEPARATOR:
		return "The hyphen or plus sign is in the wrong place. "
		       "Put a hyphen before the last four digits.";
	case IDNUM_BAD_DATE:
		return "The date of birth in the number is not a real date.";
	case IDNUM_FUTURE_DATE:
		return "The date of birth in the number is in the future.";
	case IDNUM_BAD_CHECKSUM:
		return "The check digit does not match the other digits. "
		       "Check for a typing error.";
	case IDNUM_BAD_ORG_GROUP:
		return "This is not an organisation number. "
		       "The third digit must be two or higher.";
	case IDNUM_BAD_ORG_PREFIX:
		return "A twelve-digit organisation number must start with "
		       "one and six. You can also write only the last ten "
		       "digits.";
	}
	return "The number is not valid.";
}

/* Stable: API clients and translations key on these, so never rename. */
const char *idnum_reason_code(enum idnum_reason r)
{
	switch (r) {
	case IDNUM_OK:             return "ok";
	case IDNUM_EMPTY:          return "empty";
	case IDNUM_BAD_CHARACTER:  return "bad_character";
	case IDNUM_BAD_LENGTH:     return "bad_length";
	case IDNUM_BAD_SEPARATOR:  return "bad_separator";
	case IDNUM_BAD_DATE:       return "bad_date";
	case IDNUM_FUTURE_DATE:    return "future_date";
	case IDNUM_BAD_CHECKSUM:   return "bad_checksum";
	case IDNUM_BAD_ORG_GROUP:  return "bad_org_group";
	case IDNUM_BAD_ORG_PREFIX: return "bad_org_prefix";
	}
	return "invalid";
}

/*
 * A person's last four digits identify them on their own, so they are
 * never shown; the date part (as written, day + 60 for a
 * samordningsnummer) is enough to tell two people apart on screen.
 * Organisation numbers are public and are shown whole.
 */
void idnum_display(const struct idnum *id, char buf[16])
{
	if (!id) {
		buf[0] = '\0';
		return;
	}
	if (id->kind == IDNUM_ORGANISATIONSNUMMER) {
		memcpy(buf, id->canonical, 6);
		buf[6] = '-';
		memcpy(buf + 7, id->canonical + 6, 4);
		buf[11] = '\0';
	} else {
		memcpy(buf, id->canonical, 8);
		memcpy(buf + 8, "-****", 6);
	}
}
