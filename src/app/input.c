/*
 * input.c — strict JSON input checks (see input.h).
 */
#include "app/input.h"

#include <stdio.h>
#include <string.h>

static int missing(const char *key, struct kverr *e)
{
	return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", key,
			 "The field \"%s\" is required.", key);
}

static int wrong_type(const char *key, const char *want, struct kverr *e)
{
	return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", key,
			 "The field \"%s\" must be %s.", key, want);
}

int in_object(const json_t *obj, const char *const keys[], struct kverr *e)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", "",
				 "The request must be a JSON object.");
	json_object_foreach((json_t *)obj, key, val) {
		int known = 0;

		for (int i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known)
			return kverr_set(e, KVERR_BAD_REQUEST, "unknown_field",
					 key, "The field \"%s\" is not known here.",
					 key);
	}
	return 0;
}

static bool has_control_chars(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

static bool is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

int in_string(const json_t *obj, const char *key, bool required, size_t max,
	      const char **out, struct kverr *e)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	size_t len;

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? missing(key, e) : 0;
	if (!json_is_string(v))
		return wrong_type(key, "text", e);
	s = json_string_value(v);
	len = json_string_length(v);
	if (len != strlen(s) || has_control_chars(s))
		return kverr_set(e, KVERR_INVALID, "bad_characters", key,
				 "The field \"%s\" contains control characters.",
				 key);
	if (required && is_blank(s))
		return kverr_set(e, KVERR_INVALID, "empty", key,
				 "The field \"%s\" must not be empty.", key);
	if (len > max)
		return kverr_set(e, KVERR_INVALID, "too_long", key,
				 "The field \"%s\" may be at most %zu bytes.",
				 key, max);
	*out = s;
	return 0;
}

int in_copy(const json_t *obj, const char *key, bool required, char *buf,
	    size_t bufsize, struct kverr *e)
{
	const char *s;

	if (in_string(obj, key, required, bufsize - 1, &s, e))
		return -1;
	snprintf(buf, bufsize, "%s", s ? s : "");
	return 0;
}

int in_int(const json_t *obj, const char *key, bool required, int64_t min,
	   int64_t max, int64_t *out, struct kverr *e)
{
	const json_t *v = json_object_get(obj, key);
	int64_t n;

	if (!v || json_is_null(v))
		return required ? missing(key, e) : 0;
	if (!json_is_integer(v))
		return wrong_type(key, "a whole number", e);
	n = json_integer_value(v);
	if (n < min || n > max)
		return kverr_set(e, KVERR_INVALID, "out_of_range", key,
				 "The field \"%s\" must be from %lld to %lld.",
				 key, (long long)min, (long long)max);
	*out = n;
	return 0;
}

int in_bool(const json_t *obj, const char *key, bool required, bool *out,
	    struct kverr *e)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return required ? missing(key, e) : 0;
	if (!json_is_boolean(v))
		return wrong_type(key, "true or false", e);
	*out = json_is_true(v);
	return 0;
}

int in_date(const json_t *obj, const char *key, bool required, date_t *out,
	    struct kverr *e)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return required ? missing(key, e) : 0;
	if (!json_is_string(v))
		return wrong_type(key, "a date (YYYY-MM-DD)", e);
	if (date_parse(json_string_value(v), out))
		return kverr_set(e, KVERR_INVALID, "bad_date", key,
				 "The field \"%s\" is not a real date in the"
				 " form YYYY-MM-DD.", key);
	return 0;
}

int in_enum(const json_t *obj, const char *key, bool required,
	    const char *const choices[], int *out, struct kverr *e)
{
	const char *s;
	char list[200] = "";
	size_t used = 0;

	if (in_string(obj, key, required, 64, &s, e))
		return -1;
	if (!s)
		return 0;
	for (int i = 0; choices[i]; i++) {
		if (strcmp(choices[i], s) == 0) {
			*out = i;
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", choices[i]);
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	return kverr_set(e, KVERR_INVALID, "not_allowed", key,
			 "The field \"%s\" must be one of: %s.", key, list);
}

int in_array(const json_t *obj, const char *key, bool required, size_t max,
	     json_t **out, struct kverr *e)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? missing(key, e) : 0;
	if (!json_is_array(v))
		return wrong_type(key, "a list", e);
	if (required && json_array_size(v) == 0)
		return kverr_set(e, KVERR_INVALID, "empty", key,
				 "The list \"%s\" must not be empty.", key);
	if (json_array_size(v) > max)
		return kverr_set(e, KVERR_INVALID, "too_many", key,
				 "The list \"%s\" may have at most %zu items.",
				 key, max);
	*out = v;
	return 0;
}
