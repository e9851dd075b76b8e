/*
 * test_targeting.c — A-5: recommended interventions by band of job chance
 * (src/core/targeting.c): which band a chance falls in at the edges, and
 * the strict reading of a model's "interventions" with the exact key path
 * of every fault.
 */
#include "testutil.h"
#include "core/targeting.h"

static json_t *J(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad JSON in test: %s (%s)", text, je.text);
	return v;
}

static void test_bands_and_edges(void **state)
{
	json_t *m = J("{\"interventions\": ["
		      "{\"from\": 0, \"to\": 0.25, \"types\": [\"education\", \"work_experience\"]},"
		      "{\"from\": 0.25, \"to\": 0.4, \"types\": [\"wage_subsidy\"]},"
		      "{\"from\": 0.7, \"to\": 1, \"types\": [\"job_search_support\"]}]}");
	struct targeting t;
	struct kverr e;
	const struct targeting_band *b;

	(void)state;
	kverr_clear(&e);
	assert_int_equal(targeting_parse(m, &t, &e), 0);
	assert_int_equal(t.n, 3);
	/* "from" is in the band, "to" is not: 0.25 belongs to the second. */
	b = targeting_for(&t, 0);
	assert_non_null(b);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->types[1], "work_experience");
	assert_string_equal(targeting_for(&t, 249999)->types[0], "education");
	assert_string_equal(targeting_for(&t, 250000)->types[0], "wage_subsidy");
	/* Between the bands: no advice. */
	assert_null(targeting_for(&t, 400000));
	assert_null(targeting_for(&t, 699999));
	/* A band ending at 1 includes 1. */
	assert_string_equal(targeting_for(&t, 1000000)->types[0], "job_search_support");
	json_decref(m);
}

static void test_absent_means_none(void **state)
{
	json_t *m = J("{\"version\": \"x\"}");
	struct targeting t;
	struct kverr e;

	(void)state;
	kverr_clear(&e);
	assert_int_equal(targeting_parse(m, &t, &e), 0);
	assert_int_equal(t.n, 0);
	assert_null(targeting_for(&t, 100000));
	json_decref(m);
}

static void test_faults_name_the_key(void **state)
{
	static const struct { const char *json, *code, *field; } cases[] = {
		{ "{\"interventions\": {}}", "not_array", "interventions" },
		{ "{\"interventions\": [1]}", "not_object", "interventions[0]" },
		{ "{\"interventions\": [{\"from\": 0, \"to\": 0.2, \"types\": [\"education\"], \"x\": 1}]}",
		  "unknown_key", "interventions[0].x" },
		{ "{\"interventions\": [{\"to\": 0.2, \"types\": [\"education\"]}]}",
		  "missing_key", "interventions[0].from" },
		{ "{\"interventions\": [{\"from\": 0, \"to\": 1.5, \"types\": [\"education\"]}]}",
		  "out_of_range", "interventions[0].to" },
		{ "{\"interventions\": [{\"from\": \"0\", \"to\": 0.5, \"types\": [\"education\"]}]}",
		  "not_number", "interventions[0].from" },
		{ "{\"interventions\": [{\"from\": 0.3, \"to\": 0.3, \"types\": [\"education\"]}]}",
		  "empty_band", "interventions[0]" },
		{ "{\"interventions\": [{\"from\": 0, \"to\": 0.3, \"types\": []}]}",
		  "bad_types", "interventions[0].types" },
		{ "{\"interventions\": [{\"from\": 0, \"to\": 0.3, \"types\": [\"education\", \"yoga\"]}]}",
		  "unknown_type", "interventions[0].types[1]" },
		{ "{\"interventions\": [{\"from\": 0, \"to\": 0.3, \"types\": [\"education\"]},"
		  " {\"from\": 0.2, \"to\": 0.5, \"types\": [\"education\"]}]}",
		  "overlap", "interventions[1]" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *m = J(cases[i].json);
		struct targeting t;
		struct kverr e;

		kverr_clear(&e);
		assert_int_equal(targeting_parse(m, &t, &e), -1);
		if (strcmp(e.code, cases[i].code) || strcmp(e.field, cases[i].field))
			fail_msg("case %zu: got %s at %s (%s)", i, e.code, e.field,
				 e.message);
		/* The message starts with the path, for a reader of the file. */
		assert_int_equal(strncmp(e.message, cases[i].field,
					 strlen(cases[i].field)), 0);
		json_decref(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bands_and_edges),
		cmocka_unit_test(test_absent_means_none),
		cmocka_unit_test(test_faults_name_the_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
