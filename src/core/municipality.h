/*
 * municipality.h — Swedish municipalities (kommuner) as SCB publishes them:
 * four-digit code, name, county, population, land area.
 */
#ifndef MUNICIPALITY_H
#define MUNICIPALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kverr.h"

struct municipality {
	char code[5];          /* "0114": the leading zero is part of the code */
	char name[80];
	char county[80];
	int64_t population;
	int64_t land_km2_centi; /* km² × 100, so no floating point is stored */
};

/* Parse one data line "code,name,county,population,land_km2" (land with a
 * '.' and up to two decimals).  e->field names the column. */
int municipality_parse_csv(const char *line, struct municipality *out,
			   struct kverr *e);

/* P-9: sparse when the population density is below half the national
 * density (population / land), compared in integers:
 * 2 × pop × national_land < national_pop × land. */
bool municipality_sparse(const struct municipality *m, int64_t national_pop,
			 int64_t national_land_centi);

/* A code is four digits, 0114 … 2584. */
bool municipality_code_ok(const char *code);

#endif
