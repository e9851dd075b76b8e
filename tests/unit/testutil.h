/*
 * testutil.h — what every cmocka unit test includes.
 *
 * cmocka needs these system headers before its own, in this order.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/date.h"
#include "core/effective.h"
#include "core/kverr.h"

/* A date or month the test knows to be valid: tests are tables of them,
 * so the names are short on purpose. */
static inline date_t D(const char *s)
{
	date_t d = 0;

	if (date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

static inline month_t M(const char *s)
{
	month_t m = 0;

	if (month_parse(s, &m))
		fail_msg("bad month in test: %s", s);
	return m;
}

/* xorshift64 with the caller's state: fixed seeds, so a failure repeats. */
static inline uint64_t testutil_rnd(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Uniform in lo … hi inclusive (the tiny modulo bias does not matter). */
static inline int testutil_rnd_in(uint64_t *state, int lo, int hi)
{
	return lo + (int)(testutil_rnd(state) % (uint64_t)(hi - lo + 1));
}

static inline bool testutil_chance(uint64_t *state, int percent)
{
	return (int)(testutil_rnd(state) % 100) < percent;
}

/*
 * A parser must have refused `text` (rc -1) as KVERR_INVALID with this code
 * and field, and its message must start "FILE: FIELD: " (or "FILE: " when
 * the field is empty) — the promise of the rulebook and case parsers.
 */
/* Parse JSON test text the way files_load_json does (duplicates refused),
 * but also accept a non-object top level so a parser's own check is hit;
 * a text that does not parse fails the test. */
static inline json_t *testutil_load_json(const char *text)
{
	json_error_t je;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
				  &je);

	if (!root)
		fail_msg("test JSON does not parse: %s (%s)", je.text, text);
	return root;
}

/* Two effective-dated parameters hold the same dates and values (P-14). */
static inline void testutil_assert_effective_equal(const struct effective *a,
						   const struct effective *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		assert_int_equal(a->from[i], b->from[i]);
		assert_int_equal(a->value[i], b->value[i]);
	}
}

static inline void testutil_expect_refused(const char *name, const char *text,
					   int rc, const struct kverr *e,
					   const char *file, const char *code,
					   const char *field)
{
	char prefix[300];

	if (rc != -1)
		fail_msg("%s: should be refused\n%s", name, text);
	if (e->cls != KVERR_INVALID || strcmp(e->code, code) != 0 ||
	    strcmp(e->field, field) != 0)
		fail_msg("%s: got %s at \"%s\" (class %d), want %s at \"%s\": %s",
			 name, e->code, e->field, (int)e->cls, code, field,
			 e->message);
	if (field[0])
		snprintf(prefix, sizeof(prefix), "%s: %s: ", file, field);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", file);
	if (strncmp(e->message, prefix, strlen(prefix)) != 0)
		fail_msg("%s: message \"%s\" does not start \"%s\"", name,
			 e->message, prefix);
}

/* A mkstemp/mkdtemp template in the temporary directory ($TMPDIR, or the
 * system's): "<tmp>/kundval-<name>-XXXXXX". */
static inline void testutil_tmp_template(char *buf, size_t size,
					 const char *name)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, size, "%s/kundval-%s-XXXXXX",
		 dir && *dir ? dir : P_tmpdir, name);
}

#endif
