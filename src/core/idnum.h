/*
 * idnum.h — Swedish identity numbers: personnummer (personal identity
 * number), samordningsnummer (co-ordination number) and
 * organisationsnummer (organisation number).
 *
 * Validation says *why* a number is invalid, so an entry point can tell
 * the user precisely what to fix without echoing the number.  Canonical
 * forms: persons as 12 digits YYYYMMDDNNNC (no separator), organisations
 * as 10 digits NNNNNNNNNC.  Never log or put these in URLs or error
 * messages; store them and show them masked.
 */
#ifndef IDNUM_H
#define IDNUM_H

#include "core/date.h"

enum idnum_kind {
	IDNUM_PERSONNUMMER,
	IDNUM_SAMORDNINGSNUMMER,
	IDNUM_ORGANISATIONSNUMMER
};

enum idnum_reason {
	IDNUM_OK = 0,
	IDNUM_EMPTY,            /* nothing given */
	IDNUM_BAD_CHARACTER,    /* something other than digits and one separator */
	IDNUM_BAD_LENGTH,       /* not 10 or 12 digits */
	IDNUM_BAD_SEPARATOR,    /* separator in the wrong place, or '+' where it cannot be */
	IDNUM_BAD_DATE,         /* the date part is not a real calendar date */
	IDNUM_FUTURE_DATE,      /* born after the reference date */
	IDNUM_BAD_CHECKSUM,     /* Luhn check digit does not match */
	IDNUM_BAD_ORG_GROUP,    /* organisation number: third digit below 2 */
	IDNUM_BAD_ORG_PREFIX    /* 12-digit organisation number not starting with 16 */
};

struct idnum {
	enum idnum_kind kind;
	char canonical[13];  /* NUL-terminated digits */
	date_t birth_date;   /* persons only (the real date, day - 60 for samordningsnummer) */
};

/*
 * Personnummer or samordningsnummer (day + 60), 10 or 12 digits, with an
 * optional '-' or '+' before the last four digits.  For 10 digits the
 * century is the latest that puts the birth date on or before `today`;
 * '+' (only with 10 digits) adds 100 years of age.  12 digits carry their
 * own century and take '-' or nothing.
 */
enum idnum_reason idnum_parse_person(const char *s, date_t today,
				     struct idnum *out);

/* Organisationsnummer: 10 digits, optional '-' after six, or 12 digits
 * starting with "16"; third digit >= 2; Luhn over the last 10. */
enum idnum_reason idnum_parse_org(const char *s, struct idnum *out);

/* Luhn check over n ASCII digits: true when the last digit checks the rest. */
int idnum_luhn_ok(const char *digits, int n);

/* Short English text for a reason, and a stable code ("bad_checksum"). */
const char *idnum_reason_text(enum idnum_reason r);
const char *idnum_reason_code(enum idnum_reason r);

/* "YYYYMMDD-****" for a person; "NNNNNN-NNNN" for an organisation. */
void idnum_display(const struct idnum *id, char buf[16]);

#endif
