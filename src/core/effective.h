/*
 * effective.h — effective-dated parameters (P-14).
 *
 * A parameter is a list of values, each with the date it takes effect:
 * {"2019-08-21": 30, "2023-01-01": 21}.  The value in force on the date of
 * the fact being decided or paid applies.  Parsing is strict: dates must be
 * real, strictly ascending (no overlap), values whole numbers in a range.
 */
#ifndef EFFECTIVE_H
#define EFFECTIVE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"

#define EFFECTIVE_MAX 32

struct effective {
	int n;
	date_t from[EFFECTIVE_MAX];
	int64_t value[EFFECTIVE_MAX];
};

/* P-14: the value in force on d (the latest entry with from <= d).
 * -1 when d is before the first entry. */
int effective_at(const struct effective *p, date_t d, int64_t *out);

/* Parse {"YYYY-MM-DD": int, …} with each value in [min, max].  path names the
 * key for errors ("parameters.decision_deadline_days"). */
int effective_parse(const json_t *obj, const char *path, int64_t min,
		    int64_t max, struct effective *out, struct kverr *e);

/* The value in force on d, or the first value when d is before every
 * entry: a decision is never left without a rule.  0 when p is empty. */
int64_t effective_or_first(const struct effective *p, date_t d);

/*
 * A rules file of named effective-dated parameters (rules/qualification.json,
 * rules/journey.json): {"id", "follows", "assumptions", "parameters": {…}}.
 * keys[] says where each parameter goes in the caller's struct (an offset to
 * a struct effective) and its range; unknown and missing keys are errors
 * naming the file and the key.
 */
struct effective_key {
	const char *key;
	size_t offset;
	int64_t min, max;
};

int effective_file_parse(const json_t *root, const char *file,
			 const struct effective_key *keys, size_t n, void *out,
			 struct kverr *e);

#endif
