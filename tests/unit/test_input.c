/*
 * test_input.c — unit tests for src/app/input.c: strict checks of a use
 * case's JSON input.  Structural problems (not an object, unknown field,
 * missing field, wrong type) are KVERR_BAD_REQUEST (400); well-typed but
 * unacceptable values (a date that does not exist, out of range, too long,
 * blank, control characters, not one of the choices) are KVERR_INVALID
 * (422).  Every failure names the field.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/input.h"

static json_t *J(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);

	if (!v)
		fail_msg("test JSON does not parse: %s (%s)", je.text, text);
	return v;
}

static void expect_err(const struct kverr *e, enum kverr_class cls,
		       const char *code, const char *field, const char *what)
{
	if (e->cls != cls || strcmp(e->code, code) || strcmp(e->field, field))
		fail_msg("%s: want %d %s '%s', got %d %s '%s' (%s)", what, cls,
			 code, field, e->cls, e->code, e->field, e->message);
}

static void test_in_object(void **state)
{
	static const char *const keys[] = { "name", "orgnr", "areas", NULL };
	static const char *const none[] = { NULL };
	static const struct {
		const char *json;
		enum kverr_class cls;
		const char *code, *field;
	} bad[] = {
		{ "{\"name\":\"A\",\"colour\":\"red\"}", KVERR_BAD_REQUEST,
		  "unknown_field", "colour" },
		{ "{\"Name\":\"A\"}", KVERR_BAD_REQUEST, "unknown_field",
		  "Name" },                       /* case matters */
		{ "{\"name \":\"A\"}", KVERR_BAD_REQUEST, "unknown_field",
		  "name " },
		{ "{\"\":1}", KVERR_BAD_REQUEST, "unknown_field", "" },
		{ "[]", KVERR_BAD_REQUEST, "wrong_type", "" },
		{ "\"name\"", KVERR_BAD_REQUEST, "wrong_type", "" },
		{ "null", KVERR_BAD_REQUEST, "wrong_type", "" },
		{ "42", KVERR_BAD_REQUEST, "wrong_type", "" },
	};
	struct kverr e;
	json_t *v;

	(void)state;
	v = J("{\"name\":\"A\",\"orgnr\":\"5560000000\",\"areas\":[]}");
	kverr_clear(&e);
	assert_int_equal(in_object(v, keys, &e), 0);
	json_decref(v);
	v = J("{}");
	assert_int_equal(in_object(v, keys, &e), 0);
	assert_int_equal(in_object(v, none, &e), 0);
	json_decref(v);
	v = J("{\"name\":\"A\"}");
	assert_int_equal(in_object(v, none, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "unknown_field", "name", "no keys");
	json_decref(v);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = J(bad[i].json);
		kverr_clear(&e);
		if (in_object(v, keys, &e) != -1)
			fail_msg("%s: accepted", bad[i].json);
		expect_err(&e, bad[i].cls, bad[i].code, bad[i].field,
			   bad[i].json);
		json_decref(v);
	}
	assert_int_equal(in_object(NULL, keys, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "", "NULL");
}

static void test_in_string_ok(void **state)
{
	struct kverr e;
	const char *s = "unset";
	json_t *v;

	(void)state;
	v = J("{\"name\":\"Jobbhuset AB\",\"note\":\"line 1\\nline 2\\tend\","
	      "\"empty\":\"\",\"none\":null,\"åäö\":\"Örebro\",\"ten\":"
	      "\"0123456789\"}");
	kverr_clear(&e);
	assert_int_equal(in_string(v, "name", true, 200, &s, &e), 0);
	assert_string_equal(s, "Jobbhuset AB");
	/* newline and tab are allowed */
	assert_int_equal(in_string(v, "note", true, 200, &s, &e), 0);
	assert_string_equal(s, "line 1\nline 2\tend");
	/* optional: absent and null give NULL, "" stays "" */
	assert_int_equal(in_string(v, "absent", false, 200, &s, &e), 0);
	assert_null(s);
	s = "unset";
	assert_int_equal(in_string(v, "none", false, 200, &s, &e), 0);
	assert_null(s);
	assert_int_equal(in_string(v, "empty", false, 200, &s, &e), 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	/* UTF-8 key and value */
	assert_int_equal(in_string(v, "åäö", true, 200, &s, &e), 0);
	assert_string_equal(s, "Örebro");
	/* exactly max bytes */
	assert_int_equal(in_string(v, "ten", true, 10, &s, &e), 0);
	/* "Örebro" is 7 bytes (Ö is two): max counts bytes */
	assert_int_equal(in_string(v, "åäö", true, 7, &s, &e), 0);
	assert_int_equal(in_string(v, "åäö", true, 6, &s, &e), -1);
	expect_err(&e, KVERR_INVALID, "too_long", "åäö", "bytes");
	json_decref(v);
}

static void test_in_string_errors(void **state)
{
	static const struct {
		const char *json;
		bool required;
		size_t max;
		enum kverr_class cls;
		const char *code;
	} t[] = {
		/* missing or null when required: 400 */
		{ "{}", true, 50, KVERR_BAD_REQUEST, "missing_field" },
		{ "{\"f\":null}", true, 50, KVERR_BAD_REQUEST, "missing_field" },
		/* wrong type: 400, required or not */
		{ "{\"f\":42}", true, 50, KVERR_BAD_REQUEST, "wrong_type" },
		{ "{\"f\":42}", false, 50, KVERR_BAD_REQUEST, "wrong_type" },
		{ "{\"f\":true}", true, 50, KVERR_BAD_REQUEST, "wrong_type" },
		{ "{\"f\":[\"a\"]}", true, 50, KVERR_BAD_REQUEST, "wrong_type" },
		{ "{\"f\":{\"a\":1}}", false, 50, KVERR_BAD_REQUEST,
		  "wrong_type" },
		{ "{\"f\":1.5}", true, 50, KVERR_BAD_REQUEST, "wrong_type" },
		/* blank when required: 422 */
		{ "{\"f\":\"\"}", true, 50, KVERR_INVALID, "empty" },
		{ "{\"f\":\"   \"}", true, 50, KVERR_INVALID, "empty" },
		{ "{\"f\":\" \\t\\n \"}", true, 50, KVERR_INVALID, "empty" },
		/* too long: 422 (11 bytes, max 10) */
		{ "{\"f\":\"0123456789X\"}", true, 10, KVERR_INVALID, "too_long" },
		{ "{\"f\":\"0123456789X\"}", false, 10, KVERR_INVALID,
		  "too_long" },
		/* control characters other than \n and \t: 422 */
		{ "{\"f\":\"a\\u0001b\"}", true, 50, KVERR_INVALID,
		  "bad_characters" },
		{ "{\"f\":\"a\\rb\"}", true, 50, KVERR_INVALID,
		  "bad_characters" },
		{ "{\"f\":\"\\u001b[31m\"}", false, 50, KVERR_INVALID,
		  "bad_characters" },
		{ "{\"f\":\"del\\u007f\"}", true, 50, KVERR_INVALID,
		  "bad_characters" },
		{ "{\"f\":\"\\b\"}", true, 50, KVERR_INVALID, "bad_characters" },
		/* an embedded NUL would cut the text short */
		{ "{\"f\":\"ab\\u0000cd\"}", true, 50, KVERR_INVALID,
		  "bad_characters" },
	};
	struct kverr e;
	const char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *v = J(t[i].json);
		char what[120];

		snprintf(what, sizeof(what), "%s (%s)", t[i].json,
			 t[i].required ? "required" : "optional");
		kverr_clear(&e);
		s = "unset";
		if (in_string(v, "f", t[i].required, t[i].max, &s, &e) != -1)
			fail_msg("%s: accepted", what);
		expect_err(&e, t[i].cls, t[i].code, "f", what);
		assert_null(s);
		assert_non_null(strstr(e.message, "\"f\""));
		json_decref(v);
	}
}

static void test_in_copy(void **state)
{
	char buf[6];
	struct kverr e;
	json_t *v = J("{\"a\":\"12345\",\"b\":\"123456\"}");

	(void)state;
	kverr_clear(&e);
	/* 5 bytes fit a 6-byte buffer */
	assert_int_equal(in_copy(v, "a", true, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "12345");
	/* 6 do not: refused, not truncated */
	memcpy(buf, "xxxxx", 6);
	assert_int_equal(in_copy(v, "b", true, buf, sizeof(buf), &e), -1);
	expect_err(&e, KVERR_INVALID, "too_long", "b", "in_copy");
	/* absent optional copies "" */
	assert_int_equal(in_copy(v, "c", false, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "");
	json_decref(v);
}

static void test_in_int(void **state)
{
	static const struct {
		const char *json;
		bool required;
		int64_t min, max;
		int rc;
		int64_t want;
		enum kverr_class cls;
		const char *code;
	} t[] = {
		{ "{\"n\":5}", true, 1, 10, 0, 5, KVERR_OK, "" },
		{ "{\"n\":1}", true, 1, 10, 0, 1, KVERR_OK, "" },   /* min */
		{ "{\"n\":10}", true, 1, 10, 0, 10, KVERR_OK, "" }, /* max */
		{ "{\"n\":-3}", true, -5, -1, 0, -3, KVERR_OK, "" },
		{ "{\"n\":9223372036854775807}", true, 0, INT64_MAX, 0,
		  INT64_MAX, KVERR_OK, "" },
		{ "{}", false, 1, 10, 0, 77, KVERR_OK, "" },   /* default kept */
		{ "{\"n\":null}", false, 1, 10, 0, 77, KVERR_OK, "" },
		{ "{\"n\":0}", true, 1, 10, -1, 77, KVERR_INVALID,
		  "out_of_range" },
		{ "{\"n\":11}", true, 1, 10, -1, 77, KVERR_INVALID,
		  "out_of_range" },
		{ "{\"n\":-1}", false, 0, 10, -1, 77, KVERR_INVALID,
		  "out_of_range" },
		{ "{}", true, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "missing_field" },
		{ "{\"n\":null}", true, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "missing_field" },
		{ "{\"n\":\"5\"}", true, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "wrong_type" },
		{ "{\"n\":5.0}", true, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "wrong_type" },
		{ "{\"n\":5.5}", false, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "wrong_type" },
		{ "{\"n\":true}", true, 0, 1, -1, 77, KVERR_BAD_REQUEST,
		  "wrong_type" },
		{ "{\"n\":[5]}", true, 1, 10, -1, 77, KVERR_BAD_REQUEST,
		  "wrong_type" },
	};
	struct kverr e;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *v = J(t[i].json);
		int64_t n = 77;

		kverr_clear(&e);
		if (in_int(v, "n", t[i].required, t[i].min, t[i].max, &n, &e) !=
		    t[i].rc)
			fail_msg("%s: want rc %d (%s)", t[i].json, t[i].rc,
				 e.message);
		assert_true(n == t[i].want);
		if (t[i].rc)
			expect_err(&e, t[i].cls, t[i].code, "n", t[i].json);
		json_decref(v);
	}
	/* the message gives the range */
	{
		json_t *v = J("{\"n\":11}");
		int64_t n;

		assert_int_equal(in_int(v, "n", true, 1, 10, &n, &e), -1);
		assert_non_null(strstr(e.message, "1 to 10"));
		json_decref(v);
	}
}

static void test_in_bool(void **state)
{
	struct kverr e;
	bool b;
	json_t *v = J("{\"t\":true,\"f\":false,\"s\":\"true\",\"n\":1,"
		      "\"z\":null}");

	(void)state;
	kverr_clear(&e);
	b = false;
	assert_int_equal(in_bool(v, "t", true, &b, &e), 0);
	assert_true(b);
	assert_int_equal(in_bool(v, "f", true, &b, &e), 0);
	assert_false(b);
	b = true;
	assert_int_equal(in_bool(v, "absent", false, &b, &e), 0);
	assert_true(b);                       /* default kept */
	assert_int_equal(in_bool(v, "z", false, &b, &e), 0);
	assert_true(b);
	assert_int_equal(in_bool(v, "absent", true, &b, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "missing_field", "absent", "bool");
	assert_int_equal(in_bool(v, "s", true, &b, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "s", "bool \"true\"");
	assert_int_equal(in_bool(v, "n", false, &b, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "n", "bool 1");
	json_decref(v);
}

static void test_in_date(void **state)
{
	static const char *const bad_dates[] = {
		"2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-1-5", "26-01-05",
		"2026-01-05T10:00", "2026/01/05", "", " 2026-01-05",
		"2026-01-05 ", "today",
	};
	struct kverr e;
	date_t d, want;
	json_t *v;

	(void)state;
	kverr_clear(&e);
	v = J("{\"from\":\"2024-02-29\"}");
	assert_int_equal(date_from_ymd(2024, 2, 29, &want), 0);
	assert_int_equal(in_date(v, "from", true, &d, &e), 0);
	assert_int_equal(d, want);
	d = 1234;
	assert_int_equal(in_date(v, "to", false, &d, &e), 0);
	assert_int_equal(d, 1234);            /* default kept */
	assert_int_equal(in_date(v, "to", true, &d, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "missing_field", "to", "date");
	json_decref(v);
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		char text[80];

		snprintf(text, sizeof(text), "{\"decided_on\":\"%s\"}",
			 bad_dates[i]);
		v = J(text);
		d = 1234;
		kverr_clear(&e);
		if (in_date(v, "decided_on", false, &d, &e) != -1)
			fail_msg("%s: accepted", bad_dates[i]);
		expect_err(&e, KVERR_INVALID, "bad_date", "decided_on",
			   bad_dates[i]);
		assert_int_equal(d, 1234);
		json_decref(v);
	}
	/* not a string: 400 */
	v = J("{\"d\":20260105,\"o\":{\"y\":2026}}");
	assert_int_equal(in_date(v, "d", true, &d, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "d", "number date");
	assert_int_equal(in_date(v, "o", false, &d, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "o", "object date");
	json_decref(v);
}

static void test_in_enum(void **state)
{
	static const char *const roles[] = { "admin", "case_officer",
					     "controller", NULL };
	struct kverr e;
	int idx;
	json_t *v = J("{\"a\":\"admin\",\"c\":\"controller\",\"x\":\"Admin\","
		      "\"y\":\"root\",\"z\":\"\",\"n\":1,\"s\":\" admin\"}");

	(void)state;
	kverr_clear(&e);
	idx = -1;
	assert_int_equal(in_enum(v, "a", true, roles, &idx, &e), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(in_enum(v, "c", true, roles, &idx, &e), 0);
	assert_int_equal(idx, 2);
	idx = 9;
	assert_int_equal(in_enum(v, "absent", false, roles, &idx, &e), 0);
	assert_int_equal(idx, 9);
	assert_int_equal(in_enum(v, "absent", true, roles, &idx, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "missing_field", "absent", "enum");
	/* not one of the choices: 422, the message lists them */
	assert_int_equal(in_enum(v, "y", true, roles, &idx, &e), -1);
	expect_err(&e, KVERR_INVALID, "not_allowed", "y", "root");
	assert_non_null(strstr(e.message, "admin, case_officer, controller"));
	assert_int_equal(in_enum(v, "x", true, roles, &idx, &e), -1);
	expect_err(&e, KVERR_INVALID, "not_allowed", "x", "Admin");
	assert_int_equal(in_enum(v, "s", true, roles, &idx, &e), -1);
	expect_err(&e, KVERR_INVALID, "not_allowed", "s", "' admin'");
	/* "" when optional is not a choice either */
	assert_int_equal(in_enum(v, "z", false, roles, &idx, &e), -1);
	expect_err(&e, KVERR_INVALID, "not_allowed", "z", "empty");
	assert_int_equal(in_enum(v, "n", true, roles, &idx, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "n", "number");
	assert_int_equal(idx, 9);
	json_decref(v);
}

/* Many long choices do not overflow the list in the message. */
static void test_in_enum_long_choice_list(void **state)
{
	static const char *const many[] = {
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa5",
		"last", NULL,
	};
	struct kverr e;
	int idx = -1;
	json_t *v = J("{\"k\":\"nope\",\"l\":\"last\"}");

	(void)state;
	kverr_clear(&e);
	assert_int_equal(in_enum(v, "k", true, many, &idx, &e), -1);
	expect_err(&e, KVERR_INVALID, "not_allowed", "k", "long list");
	assert_int_equal(in_enum(v, "l", true, many, &idx, &e), 0);
	assert_int_equal(idx, 5);
	json_decref(v);
}

static void test_in_array(void **state)
{
	struct kverr e;
	json_t *out;
	json_t *v = J("{\"three\":[1,2,3],\"empty\":[],\"obj\":{\"a\":1},"
		      "\"str\":\"1,2,3\",\"nul\":null}");

	(void)state;
	kverr_clear(&e);
	assert_int_equal(in_array(v, "three", true, 3, &out, &e), 0);
	assert_ptr_equal(out, json_object_get(v, "three"));
	/* too many: 4 allowed 3 → 422 */
	assert_int_equal(in_array(v, "three", true, 2, &out, &e), -1);
	expect_err(&e, KVERR_INVALID, "too_many", "three", "too many");
	assert_null(out);
	assert_non_null(strstr(e.message, "at most 2"));
	assert_int_equal(in_array(v, "three", false, 2, &out, &e), -1);
	expect_err(&e, KVERR_INVALID, "too_many", "three", "too many opt");
	/* empty: an error only when required */
	assert_int_equal(in_array(v, "empty", true, 3, &out, &e), -1);
	expect_err(&e, KVERR_INVALID, "empty", "empty", "empty");
	assert_int_equal(in_array(v, "empty", false, 3, &out, &e), 0);
	assert_non_null(out);
	assert_int_equal(json_array_size(out), 0);
	/* absent or null */
	assert_int_equal(in_array(v, "absent", false, 3, &out, &e), 0);
	assert_null(out);
	assert_int_equal(in_array(v, "nul", false, 3, &out, &e), 0);
	assert_null(out);
	assert_int_equal(in_array(v, "absent", true, 3, &out, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "missing_field", "absent", "absent");
	assert_int_equal(in_array(v, "nul", true, 3, &out, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "missing_field", "nul", "null");
	/* wrong type */
	assert_int_equal(in_array(v, "obj", true, 3, &out, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "obj", "object");
	assert_int_equal(in_array(v, "str", false, 3, &out, &e), -1);
	expect_err(&e, KVERR_BAD_REQUEST, "wrong_type", "str", "string");
	json_decref(v);
}

/* The classes map to the statuses the API promises. */
static void test_in_classes_map_to_http(void **state)
{
	(void)state;
	assert_int_equal(kverr_http_status(KVERR_BAD_REQUEST), 400);
	assert_int_equal(kverr_http_status(KVERR_INVALID), 422);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_object),
		cmocka_unit_test(test_in_string_ok),
		cmocka_unit_test(test_in_string_errors),
		cmocka_unit_test(test_in_copy),
		cmocka_unit_test(test_in_int),
		cmocka_unit_test(test_in_bool),
		cmocka_unit_test(test_in_date),
		cmocka_unit_test(test_in_enum),
		cmocka_unit_test(test_in_enum_long_choice_list),
		cmocka_unit_test(test_in_array),
		cmocka_unit_test(test_in_classes_map_to_http),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
