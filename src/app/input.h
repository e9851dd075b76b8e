/*
 * input.h — strict reading of a use case's JSON input.
 *
 * Every field is checked for presence, type and bound before a use case
 * writes anything, and every failure names the field.  Structural problems
 * (not an object, unknown field, wrong type, missing field) are 400s;
 * well-typed values that are not acceptable (a date that does not exist,
 * a number out of range, text too long) are 422s.
 */
#ifndef INPUT_H
#define INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"

/* obj must be an object whose keys are all in the NULL-terminated list. */
int in_object(const json_t *obj, const char *const keys[], struct kverr *e);

/* A string of at most max bytes; when required it must be present and not
 * blank (only spaces, tabs, newlines).  Absent (or null) and !required
 * gives *out = NULL.  Control characters other than newline and tab are
 * refused.  The value is not trimmed. */
int in_string(const json_t *obj, const char *key, bool required, size_t max,
	      const char **out, struct kverr *e);

int in_int(const json_t *obj, const char *key, bool required, int64_t min,
	   int64_t max, int64_t *out, struct kverr *e);

/* Absent and !required leaves *out unchanged (the caller's default). */
int in_bool(const json_t *obj, const char *key, bool required, bool *out,
	    struct kverr *e);

/* "YYYY-MM-DD"; absent and !required leaves *out unchanged. */
int in_date(const json_t *obj, const char *key, bool required, date_t *out,
	    struct kverr *e);

/* One of the NULL-terminated choices; *out gets its index. */
int in_enum(const json_t *obj, const char *key, bool required,
	    const char *const choices[], int *out, struct kverr *e);

/* An array of at most max items (at least 1 when required); *out is
 * borrowed, NULL when absent. */
int in_array(const json_t *obj, const char *key, bool required, size_t max,
	     json_t **out, struct kverr *e);

/* Validate and copy a string field into a fixed buffer. */
int in_copy(const json_t *obj, const char *key, bool required, char *buf,
	    size_t bufsize, struct kverr *e);

#endif
