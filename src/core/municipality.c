/*
 * municipality.c — parsing the SCB municipality list shipped in
 * data/municipalities.csv.
 */
#include "core/municipality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool municipality_code_ok(const char *code)
{
	if (strlen(code) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

/* Copy the next comma-separated field into buf (at most size - 1 bytes;
 * a longer field is marked by *too_long).  Returns a pointer past the comma,
 * or NULL at the end of the line. */
static const char *next_field(const char *p, char *buf, size_t size,
			      bool *too_long)
{
	size_t n = 0;

	*too_long = false;
	while (*p && *p != ',' && *p != '\r' && *p != '\n') {
		if (n + 1 < size)
			buf[n++] = *p;
		else
			*too_long = true;
		p++;
	}
	buf[n] = '\0';
	return *p == ',' ? p + 1 : NULL;
}

/* Digits only, 1 to 15 of them, so the value and value * 100 fit. */
static int parse_whole(const char *s, int64_t *out)
{
	size_t len = strlen(s);
	int64_t v = 0;

	if (len == 0 || len > 15)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "357.74" → 35774; at most two decimals, digits only. */
static int parse_centi(const char *s, int64_t *out)
{
	char whole[32], frac[3] = "00";
	const char *dot = strchr(s, '.');
	int64_t w, f;

	if (!dot) {
		snprintf(whole, sizeof(whole), "%s", s);
	} else {
		size_t fl = strlen(dot + 1);

		if (fl == 0 || fl > 2 || (size_t)(dot - s) >= sizeof(whole))
			return -1;
		snprintf(whole, sizeof(whole), "%.*s", (int)(dot - s), s);
		memcpy(frac, dot + 1, fl);
	}
	if (parse_whole(whole, &w) || parse_whole(frac, &f))
		return -1;
	*out = w * 100 + f;
	return 0;
}

static int bad_column(struct kverr *e, const char *field, const char *what)
{
	return kverr_set(e, KVERR_INVALID, "bad_number", field, "%s", what);
}

int municipality_parse_csv(const char *line, struct municipality *out,
			   struct kverr *e)
{
	char code[8], pop[32], land[32];
	const char *p = line;
	bool long_code, long_name = false, long_county = false, long_pop, long_land;

	memset(out, 0, sizeof(*out));
	p = next_field(p, code, sizeof(code), &long_code);
	if (long_code || !municipality_code_ok(code))
		return kverr_set(e, KVERR_INVALID, "bad_code", "code",
				 "The municipality code must be four digits.");
	memcpy(out->code, code, sizeof(out->code));
	/* A NULL p means the line ended before the column being read. */
	if (p)
		p = next_field(p, out->name, sizeof(out->name), &long_name);
	if (!out->name[0] || long_name)
		return kverr_set(e, KVERR_INVALID, "missing", "name",
				 "The name is missing or longer than %zu bytes.",
				 sizeof(out->name) - 1);
	if (p)
		p = next_field(p, out->county, sizeof(out->county), &long_county);
	if (!out->county[0] || long_county)
		return kverr_set(e, KVERR_INVALID, "missing", "county",
				 "The county is missing or longer than %zu bytes.",
				 sizeof(out->county) - 1);
	if (!p)
		return bad_column(e, "population", "The population is missing.");
	p = next_field(p, pop, sizeof(pop), &long_pop);
	if (long_pop || parse_whole(pop, &out->population))
		return bad_column(e, "population",
				  "The population must be a whole number.");
	/* The land area is the last column: anything after it is an error
	 * (a decimal comma would otherwise split it silently). */
	if (!p || next_field(p, land, sizeof(land), &long_land) || long_land ||
	    parse_centi(land, &out->land_km2_centi) || out->land_km2_centi <= 0)
		return bad_column(e, "land_km2", "The land area must be a positive"
				  " number with a decimal point and at most two"
				  " decimals, and the last column.");
	return 0;
}

bool municipality_sparse(const struct municipality *m, int64_t national_pop,
			 int64_t national_land_centi)
{
	/* Products stay far below 2^63: 10^8 people × 4.5 × 10^7 km² × 100. */
	return 2 * m->population * national_land_centi <
	       national_pop * m->land_km2_centi;
}
