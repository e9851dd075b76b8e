/*
 * effective.c — looking up and parsing effective-dated parameters (P-14).
 */
#include "core/effective.h"

#include <stdio.h>
#include <string.h>

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

int64_t effective_or_first(const struct effective *p, date_t d)
{
	int64_t v;

	if (effective_at(p, d, &v) == 0)
		return v;
	return p->n > 0 ? p->value[0] : 0;
}

static const struct effective_key *find_key(const struct effective_key *keys,
					    size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

/* The header keys a rules file may carry besides its parameters, and no
 * parameter the program does not know. */
static int check_top_keys(const json_t *root, const char *file,
			  struct kverr *e)
{
	static const char *const top[] = { "id", "follows", "assumptions",
					   "parameters", NULL };
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)root, key, val) {
		int i = 0;

		while (top[i] && strcmp(top[i], key) != 0)
			i++;
		if (!top[i]) {
			kverr_set(e, KVERR_INVALID, "unknown_key", NULL,
				  "%s: unknown key \"%s\".", file, key);
			snprintf(e->field, sizeof(e->field), "%s", key);
			return -1;
		}
	}
	return 0;
}

static int check_param_keys(const json_t *params, const char *file,
			    const struct effective_key *keys, size_t n,
			    struct kverr *e)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)params, key, val) {
		if (!find_key(keys, n, key)) {
			kverr_set(e, KVERR_INVALID, "unknown_key", NULL,
				  "%s: unknown parameter \"%s\".", file, key);
			snprintf(e->field, sizeof(e->field), "parameters.%s", key);
			return -1;
		}
	}
	return 0;
}

int effective_file_parse(const json_t *root, const char *file,
			 const struct effective_key *keys, size_t n, void *out,
			 struct kverr *e)
{
	const json_t *params = json_object_get(root, "parameters");
	char path[96];

	if (!json_is_object(root))
		return kverr_set(e, KVERR_INVALID, "not_object", "",
				 "%s: the file must hold one JSON object.", file);
	/* A misspelt top-level key is named before "parameters" is missed. */
	if (check_top_keys(root, file, e))
		return -1;
	if (!json_is_object(params))
		return kverr_set(e, KVERR_INVALID, "missing_key", "parameters",
				 "%s: \"parameters\" must be an object.", file);
	if (check_param_keys(params, file, keys, n, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct effective *eff =
			(struct effective *)((char *)out + keys[i].offset);
		const json_t *v = json_object_get(params, keys[i].key);

		snprintf(path, sizeof(path), "parameters.%s", keys[i].key);
		if (!v)
			return kverr_set(e, KVERR_INVALID, "missing_key", path,
					 "%s: parameter \"%s\" is missing.", file,
					 keys[i].key);
		if (effective_parse(v, path, keys[i].min, keys[i].max, eff, e)) {
			char msg[sizeof(e->message)];

			snprintf(msg, sizeof(msg), "%s: %s: %s", file, path,
				 e->message);
			memcpy(e->message, msg, sizeof(msg));
			return -1;
		}
	}
	return 0;
}
