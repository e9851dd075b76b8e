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

/* Copy the next comma-separated field into buf; returns a pointer past it. */
static const char *next_field(const char *p, char *buf, size_t size)
{
	size_t n = 0;

	while (*p && *p != ',' && *p != '\r' && *p != '\n') {
		if (n + 1 < size)
			buf[n++] = *p;
		p++;
	}
	buf[n] = '\0';
	return *p == ',' ? p + 1 : p;
}

static int parse_whole(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* "357.74" → 35774; at most two decimals. */
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

int municipality_parse_csv(const char *line, struct municipality *out,
			   struct kverr *e)
{
	char pop[32], land[32];
	const char *p = line;

	memset(out, 0, sizeof(*out));
	p = next_field(p, out->code, sizeof(out->code) + 1);
	if (!municipality_code_ok(out->code))
		return kverr_set(e, KVERR_INVALID, "bad_code", "code",
				 "The municipality code must be four digits.");
	p = next_field(p, out->name, sizeof(out->name));
	p = next_field(p, out->county, sizeof(out->county));
	if (!out->name[0] || !out->county[0])
		return kverr_set(e, KVERR_INVALID, "missing", "name",
				 "Name and county are required.");
	p = next_field(p, pop, sizeof(pop));
	if (parse_whole(pop, &out->population))
		return kverr_set(e, KVERR_INVALID, "bad_number", "population",
				 "The population must be a whole number.");
	next_field(p, land, sizeof(land));
	if (parse_centi(land, &out->land_km2_centi) || out->land_km2_centi <= 0)
		return kverr_set(e, KVERR_INVALID, "bad_number", "land_km2",
				 "The land area must be a positive number with at"
				 " most two decimals.");
	return 0;
}
