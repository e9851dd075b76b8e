/*
 * effective.c — looking up and parsing effective-dated parameters (P-14).
 */
#include "core/effective.h"

int effective_at(const struct effective *p, date_t d, int64_t *out)
{
	int found = -1;

	/* P-14: the version in force on the date of the fact applies. */
	for (int i = 0; i < p->n; i++) {
		if (p->from[i] <= d)
			found = i;
	}
	if (found < 0)
		return -1;
	*out = p->value[found];
	return 0;
}

static int parse_entry(const char *key, const json_t *val, const char *path,
		       int64_t min, int64_t max, struct effective *out,
		       struct kverr *e)
{
	date_t d;
	int64_t v;

	if (date_parse(key, &d))
		return kverr_set(e, KVERR_INVALID, "bad_date", path,
				 "\"%s\" is not a date (YYYY-MM-DD).", key);
	if (out->n > 0 && d <= out->from[out->n - 1])
		return kverr_set(e, KVERR_INVALID, "unordered_dates", path,
				 "Dates must be in ascending order without"
				 " repeats; \"%s\" comes after a later or equal date.",
				 key);
	if (!json_is_integer(val))
		return kverr_set(e, KVERR_INVALID, "not_integer", path,
				 "The value from %s must be a whole number.", key);
	v = json_integer_value(val);
	if (v < min || v > max)
		return kverr_set(e, KVERR_INVALID, "out_of_range", path,
				 "The value from %s is %lld; it must be %lld to %lld.",
				 key, (long long)v, (long long)min, (long long)max);
	out->from[out->n] = d;
	out->value[out->n] = v;
	out->n++;
	return 0;
}

int effective_parse(const json_t *obj, const char *path, int64_t min,
		    int64_t max, struct effective *out, struct kverr *e)
{
	const char *key;
	json_t *val;

	out->n = 0;
	if (!json_is_object(obj))
		return kverr_set(e, KVERR_INVALID, "not_object", path,
				 "Expected an object of {\"YYYY-MM-DD\": value}.");
	if (json_object_size(obj) == 0)
		return kverr_set(e, KVERR_INVALID, "empty", path,
				 "At least one dated value is needed.");
	if (json_object_size(obj) > EFFECTIVE_MAX)
		return kverr_set(e, KVERR_INVALID, "too_many", path,
				 "At most %d dated values.", EFFECTIVE_MAX);
	/* jansson keeps insertion order, so the file's order is checked. */
	json_object_foreach((json_t *)obj, key, val) {
		if (parse_entry(key, val, path, min, max, out, e))
			return -1;
	}
	return 0;
}
