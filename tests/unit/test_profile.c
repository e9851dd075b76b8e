/*
 * test_profile.c — unit tests for src/core/profile.c: the features of a
 * jobseeker, the strict reading of a profile model file, the calibrated
 * chance of a job, the track it falls in, and the explanation of
 * the factors behind it.
 *
 * Expected chances are computed by hand in the comments beside them:
 * chance = 1 / (1 + e^-(a·z + b)), z = intercept + Σ weight × value.
 * ln 3 = 1.0986122886681098, so z = ln 3 gives 1 / (1 + 1/3) = 0.75 and
 * z = -ln 3 gives 1 / (1 + 3) = 0.25.
 */
#include "testutil.h"

#include <math.h>

#include "core/profile.h"

#define LN3 "1.0986122886681098"

/* The 23 features of a model without the protected attributes, in their
 * fixed order, and the three a model with them adds. */
#define FEATURES_PLAIN \
	"\"age_band=25-34\", \"age_band=35-44\", \"age_band=45-54\"," \
	" \"age_band=55-64\", \"education=upper_secondary\"," \
	" \"education=post_secondary\", \"disability\", \"ui_member\"," \
	" \"previous=1\", \"previous=2+\", \"field=1\", \"field=2\"," \
	" \"field=3\", \"field=4\", \"field=5\", \"field=6\", \"field=7\"," \
	" \"field=8\", \"field=9\", \"local_unemployment_pp\"," \
	" \"duration=6-12\", \"duration=12-24\", \"duration=24+\""
#define FEATURES_PROTECTED \
	FEATURES_PLAIN ", \"gender=man\", \"region=europe\"," \
	" \"region=outside_europe\""

/* The weights beside the features above. */
#define WEIGHTS_PLAIN \
	"0.2, 0, 0, -0.3,"          /* age 25-34, 35-44, 45-54, 55-64 */ \
	" 0, " LN3 ","              /* upper-secondary, post-secondary */ \
	" -0.7, 0.5,"               /* disability, ui_member */ \
	" 0, 0,"                    /* previous 1, 2+ */ \
	" 0, 0, 0, 0.15, 0, 0, 0, 0, 0," /* field 1 … 9: only 4 */ \
	" -0.1,"                    /* local unemployment, per pp */ \
	" 0, 0, -" LN3              /* duration 6-12, 12-24, 24+ */
#define WEIGHTS_PROTECTED \
	WEIGHTS_PLAIN ", -0.4, 0, -0.5" /* man, europe, outside Europe */

#define MODEL_HEAD(protected) \
	"{\n" \
	"  \"kind\": \"kundval-profile-model\",\n" \
	"  \"version\": \"2025-03-01.1\",\n" \
	"  \"horizon_months\": 12,\n" \
	"  \"with_protected\": " protected ",\n" \
	"  \"trained_on\": \"2025-03-01\",\n" \
	"  \"data\": {\"sha256\": \"9f86d081884c7d659a2feaa0c55ad015" \
	"a3bf4f1b2b0b822cd15d6c15b0f00a08\", \"rows\": 200000},\n" \
	"  \"regularisation_c\": 1.0,\n"
#define MODEL_TAIL \
	"  \"intercept\": -0.5,\n" \
	"  \"calibration\": {\"method\": \"platt\", \"a\": 1, \"b\": 0},\n" \
	"  \"thresholds\": [0.75, 0.5, 0.25],\n" \
	"  \"validation\": {\"auc\": 0.71, \"brier\": 0.2}\n" \
	"}\n"

static const char model_plain[] =
	MODEL_HEAD("false")
	"  \"features\": [" FEATURES_PLAIN "],\n"
	"  \"weights\": [" WEIGHTS_PLAIN "],\n"
	MODEL_TAIL;

static const char model_protected[] =
	MODEL_HEAD("true")
	"  \"features\": [" FEATURES_PROTECTED "],\n"
	"  \"weights\": [" WEIGHTS_PROTECTED "],\n"
	MODEL_TAIL;

static const char *const names_plain[] = {
	"age_band=25-34", "age_band=35-44", "age_band=45-54", "age_band=55-64",
	"education=upper_secondary", "education=post_secondary",
	"disability", "ui_member", "previous=1", "previous=2+",
	"field=1", "field=2", "field=3", "field=4", "field=5", "field=6",
	"field=7", "field=8", "field=9", "local_unemployment_pp",
	"duration=6-12", "duration=12-24", "duration=24+",
	"gender=man", "region=europe", "region=outside_europe",
};

#define EPS 1e-12


static void model_from(const json_t *root, struct profile_model *m)
{
	struct kverr e;

	kverr_clear(&e);
	if (profile_model_parse(root, 12, m, &e))
		fail_msg("model should parse: %s (%s at %s)", e.message, e.code,
			 e.field);
}

static void model_ok(const char *text, struct profile_model *m)
{
	json_t *root = testutil_load_json(text);

	model_from(root, m);
	json_decref(root);
}

/* A person at every reference level: 16-24, woman, born in Sweden, below
 * upper secondary, no disability, no insurance, never registered before,
 * field 0, no local unemployment, just registered. */
static struct profile_person reference_person(void)
{
	struct profile_person p;

	memset(&p, 0, sizeof(p));
	return p;
}

/* ---- Features ---- */

static void test_p_feature_names(void **state)
{
	char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN];
	int n;

	(void)state;
	memset(names, 0, sizeof(names));
	n = profile_feature_names(false, names);
	assert_int_equal(n, 23);
	for (int i = 0; i < n; i++)
		assert_string_equal(names[i], names_plain[i]);
	assert_string_equal(names[23], "");  /* nothing written beyond */

	n = profile_feature_names(true, names);
	assert_int_equal(n, 26);
	for (int i = 0; i < n; i++)
		assert_string_equal(names[i], names_plain[i]);
}

static void assert_vector(const double *got, const double *want, int n)
{
	for (int i = 0; i < PROFILE_MAX_FEATURES; i++) {
		double w = i < n ? want[i] : 0;

		if (fabs(got[i] - w) > EPS)
			fail_msg("feature %d (%s): got %g, want %g", i,
				 i < 26 ? names_plain[i] : "-", got[i], w);
	}
}

static void test_p_features_reference_person(void **state)
{
	struct profile_person p = reference_person();
	double v[PROFILE_MAX_FEATURES];
	const double want[26] = { 0 };

	(void)state;
	assert_int_equal(profile_features(&p, false, v), 23);
	assert_vector(v, want, 23);
	assert_int_equal(profile_features(&p, true, v), 26);
	assert_vector(v, want, 26);
}

static void test_p_features_hand_made_people(void **state)
{
	/* A 55-64-year-old man born outside Europe with post-secondary
	 * education, a disability, insurance, three earlier registrations
	 * (counted as 2+), seeking elementary work (field 9), where local
	 * unemployment is 7.25 %, unemployed 30 months. */
	struct profile_person a = {
		.age_band = 4, .gender = 1, .region = 2, .education = 2,
		.disability = true, .ui_member = true, .previous = 3,
		.field = 9, .local_bp = 725, .months = 30 };
	const double want_a[26] = {
		0, 0, 0, 1,          /* age 55-64 */
		0, 1,                /* post-secondary */
		1, 1,                /* disability, ui_member */
		0, 1,                /* previous 2+ */
		0, 0, 0, 0, 0, 0, 0, 0, 1, /* field 9 */
		7.25,                /* 725 bp = 7.25 percentage points */
		0, 0, 1,             /* 24+ months */
		1, 0, 1 };           /* man, born outside Europe */
	/* A 25-34-year-old woman born in Europe outside Sweden, upper
	 * secondary, one earlier registration, field 1, 3 % local
	 * unemployment, unemployed 6 months. */
	struct profile_person b = {
		.age_band = 1, .gender = 0, .region = 1, .education = 1,
		.previous = 1, .field = 1, .local_bp = 300, .months = 6 };
	const double want_b[26] = {
		1, 0, 0, 0, 1, 0, 0, 0, 1, 0,
		1, 0, 0, 0, 0, 0, 0, 0, 0,
		3.0, 1, 0, 0,
		0, 1, 0 };
	/* 35-44, field 5, 12 months: the middle levels. */
	struct profile_person c = {
		.age_band = 2, .previous = 2, .field = 5, .local_bp = 1210,
		.months = 12 };
	const double want_c[23] = {
		0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
		0, 0, 0, 0, 1, 0, 0, 0, 0,
		12.1, 0, 1, 0 };
	double v[PROFILE_MAX_FEATURES];

	(void)state;
	assert_int_equal(profile_features(&a, true, v), 26);
	assert_vector(v, want_a, 26);
	/* Without the protected attributes the last three are not written. */
	assert_int_equal(profile_features(&a, false, v), 23);
	assert_vector(v, want_a, 23);

	assert_int_equal(profile_features(&b, true, v), 26);
	assert_vector(v, want_b, 26);

	assert_int_equal(profile_features(&c, false, v), 23);
	assert_vector(v, want_c, 23);
}

static void test_p_features_duration_bands(void **state)
{
	/* Months → the feature set to 1 (-1: the reference, under 6). */
	static const struct { int months, feature; } cases[] = {
		{ 0, -1 }, { 5, -1 }, { 6, 20 }, { 11, 20 }, { 12, 21 },
		{ 23, 21 }, { 24, 22 }, { 240, 22 }, { -3, -1 },
	};
	double v[PROFILE_MAX_FEATURES];

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct profile_person p = reference_person();

		p.months = cases[k].months;
		profile_features(&p, false, v);
		for (int i = 20; i <= 22; i++)
			if (v[i] != (i == cases[k].feature ? 1 : 0))
				fail_msg("%d months: %s is %g", cases[k].months,
					 names_plain[i], v[i]);
	}
}

static void test_p_features_codes_out_of_range_are_reference(void **state)
{
	struct profile_person p = reference_person();
	double v[PROFILE_MAX_FEATURES];
	const double want[26] = { 0 };

	(void)state;
	p.age_band = 7;
	p.education = -1;
	p.field = 10;
	p.previous = -2;
	p.gender = 5;
	p.region = 3;
	profile_features(&p, true, v);
	assert_vector(v, want, 26);
}

/* ---- The model file ---- */

static void test_p_model_parses(void **state)
{
	struct profile_model m;

	(void)state;
	model_ok(model_plain, &m);
	assert_string_equal(m.version, "2025-03-01.1");
	assert_int_equal(m.horizon_months, 12);
	assert_false(m.with_protected);
	assert_int_equal(m.n, 23);
	for (int i = 0; i < m.n; i++)
		assert_string_equal(m.names[i], names_plain[i]);
	assert_float_equal(m.weight[0], 0.2, EPS);
	assert_float_equal(m.weight[5], log(3.0), EPS);
	assert_float_equal(m.weight[13], 0.15, EPS);
	assert_float_equal(m.weight[19], -0.1, EPS);
	assert_float_equal(m.weight[22], -log(3.0), EPS);
	assert_float_equal(m.intercept, -0.5, EPS);
	assert_float_equal(m.platt_a, 1, EPS);
	assert_float_equal(m.platt_b, 0, EPS);
	assert_float_equal(m.thresholds[0], 0.75, EPS);
	assert_float_equal(m.thresholds[1], 0.5, EPS);
	assert_float_equal(m.thresholds[2], 0.25, EPS);

	model_ok(model_protected, &m);
	assert_true(m.with_protected);
	assert_int_equal(m.n, 26);
	assert_string_equal(m.names[25], "region=outside_europe");
	assert_float_equal(m.weight[23], -0.4, EPS);
	assert_float_equal(m.weight[25], -0.5, EPS);
}

static void test_p_model_optional_validation_and_limits(void **state)
{
	struct profile_model m;
	json_t *root = testutil_load_json(model_plain);

	(void)state;
	/* validation may be left out, or be any object. */
	json_object_del(root, "validation");
	model_from(root, &m);
	json_object_set_new(root, "validation",
			    json_pack("{s:[i,s],s:{s:n}}", "folds", 5, "x",
				      "nested", "y"));
	model_from(root, &m);
	/* A version of 39 characters is the longest kept. */
	json_object_set_new(root, "version",
			    json_string("123456789012345678901234567890123456789"));
	model_from(root, &m);
	assert_int_equal(strlen(m.version), 39);
	/* Whole numbers are numbers, for weights and the calibration. */
	json_object_set_new(root, "intercept", json_integer(-1));
	model_from(root, &m);
	assert_float_equal(m.intercept, -1, EPS);
	json_decref(root);
}

/*
 * The parser must refuse `root` (which it takes over) with this code at
 * this field, and its message must start "FIELD: " and hold `mention`
 * when given.
 */
static void refused_h(const char *name, json_t *root, int horizon,
		      const char *code, const char *field, const char *mention)
{
	struct profile_model m;
	struct kverr e;
	int rc;

	kverr_clear(&e);
	rc = profile_model_parse(root, horizon, &m, &e);
	json_decref(root);
	if (rc != -1)
		fail_msg("%s: should be refused", name);
	if (e.cls != KVERR_INVALID || strcmp(e.code, code) != 0 ||
	    strcmp(e.field, field) != 0)
		fail_msg("%s: got %s at \"%s\" (class %d), want %s at \"%s\": %s",
			 name, e.code, e.field, (int)e.cls, code, field,
			 e.message);
	if (field[0]) {
		size_t len = strlen(field);

		if (strncmp(e.message, field, len) != 0 ||
		    strncmp(e.message + len, ": ", 2) != 0)
			fail_msg("%s: message \"%s\" does not start \"%s: \"",
				 name, e.message, field);
	}
	if (strlen(e.message) < strlen(field) + 10)
		fail_msg("%s: message \"%s\" says too little", name, e.message);
	if (mention && !strstr(e.message, mention))
		fail_msg("%s: message \"%s\" does not mention %s", name,
			 e.message, mention);
}

static void refused(const char *name, json_t *root, const char *code,
		    const char *field, const char *mention)
{
	refused_h(name, root, 12, code, field, mention);
}

/* The plain model with root[key] replaced (NULL: removed). */
static json_t *with(const char *key, json_t *value)
{
	json_t *root = testutil_load_json(model_plain);

	if (value)
		json_object_set_new(root, key, value);
	else
		json_object_del(root, key);
	return root;
}

/* The plain model with root[outer][key] replaced (NULL: removed). */
static json_t *with_in(const char *outer, const char *key, json_t *value)
{
	json_t *root = testutil_load_json(model_plain);
	json_t *o = json_object_get(root, outer);

	if (value)
		json_object_set_new(o, key, value);
	else
		json_object_del(o, key);
	return root;
}

/* The plain model with features[i] replaced by name (NULL: removed). */
static json_t *with_feature(size_t i, const char *name)
{
	json_t *root = testutil_load_json(model_plain);
	json_t *arr = json_object_get(root, "features");

	if (name)
		json_array_set_new(arr, i, json_string(name));
	else
		json_array_remove(arr, i);
	return root;
}

static void test_p_refuses_shape_and_keys(void **state)
{
	static const char *const required[] = {
		"kind", "version", "horizon_months", "with_protected",
		"trained_on", "data", "regularisation_c", "features",
		"weights", "intercept", "calibration", "thresholds" };
	json_t *root;

	(void)state;
	refused("array", testutil_load_json("[1, 2]"), "not_object", "", NULL);
	refused("string", testutil_load_json("\"model\""), "not_object", "", NULL);
	refused("unknown key", with("colour", json_string("blue")),
		"unknown_key", "colour", NULL);
	/* A misspelt key is named, not the key it should have been. */
	root = with("kind", NULL);
	json_object_set_new(root, "knd", json_string("kundval-profile-model"));
	refused("misspelt", root, "unknown_key", "knd", NULL);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		refused(required[i], with(required[i], NULL), "missing_key",
			required[i], NULL);
}

static void test_p_refuses_header_values(void **state)
{
	(void)state;
	refused("kind", with("kind", json_string("kundval-rulebook")),
		"wrong_kind", "kind", "kundval-profile-model");
	refused("kind number", with("kind", json_integer(1)), "wrong_kind",
		"kind", NULL);

	refused("version number", with("version", json_integer(3)),
		"not_string", "version", NULL);
	refused("version empty", with("version", json_string("")), "empty",
		"version", NULL);
	refused("version 40", with("version", json_string(
		"1234567890123456789012345678901234567890")), "too_long",
		"version", "39");
	refused("version newline", with("version", json_string("1\n2")),
		"bad_character", "version", NULL);

	/* A 6-month model where a 12-month one is wanted, and the reverse. */
	refused("horizon 6", with("horizon_months", json_integer(6)),
		"wrong_horizon", "horizon_months", "6");
	refused_h("want 6", testutil_load_json(model_plain), 6, "wrong_horizon",
		  "horizon_months", "12");
	refused("horizon text", with("horizon_months", json_string("12")),
		"not_integer", "horizon_months", NULL);
	refused("horizon real", with("horizon_months", json_real(12.0)),
		"not_integer", "horizon_months", NULL);

	refused("protected text", with("with_protected", json_string("no")),
		"not_boolean", "with_protected", NULL);
	refused("protected 0", with("with_protected", json_integer(0)),
		"not_boolean", "with_protected", NULL);

	refused("trained_on 30 Feb", with("trained_on",
		json_string("2025-02-30")), "bad_date", "trained_on", NULL);
	refused("trained_on number", with("trained_on",
		json_integer(20250301)), "bad_date", "trained_on", NULL);

	refused("C zero", with("regularisation_c", json_real(0)),
		"out_of_range", "regularisation_c", NULL);
	refused("C negative", with("regularisation_c", json_integer(-1)),
		"out_of_range", "regularisation_c", NULL);
	refused("C text", with("regularisation_c", json_string("1")),
		"not_number", "regularisation_c", NULL);

	refused("validation", with("validation", json_integer(5)),
		"not_object", "validation", NULL);
	refused("validation null", with("validation", json_null()),
		"not_object", "validation", NULL);
}

static void test_p_refuses_data(void **state)
{
	(void)state;
	refused("data array", with("data", json_array()), "not_object",
		"data", NULL);
	refused("data extra", with_in("data", "file", json_string("x.csv")),
		"unknown_key", "data.file", NULL);
	refused("sha missing", with_in("data", "sha256", NULL), "missing_key",
		"data.sha256", NULL);
	refused("rows missing", with_in("data", "rows", NULL), "missing_key",
		"data.rows", NULL);
	/* 63 digits, 65 digits, an upper-case digit, a non-hex letter. */
	refused("sha 63", with_in("data", "sha256", json_string(
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")),
		"bad_sha256", "data.sha256", NULL);
	refused("sha 65", with_in("data", "sha256", json_string(
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a088")),
		"bad_sha256", "data.sha256", NULL);
	refused("sha upper", with_in("data", "sha256", json_string(
		"9F86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
		"bad_sha256", "data.sha256", NULL);
	refused("sha g", with_in("data", "sha256", json_string(
		"9g86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
		"bad_sha256", "data.sha256", NULL);
	refused("sha number", with_in("data", "sha256", json_integer(1)),
		"bad_sha256", "data.sha256", NULL);
	refused("rows 0", with_in("data", "rows", json_integer(0)),
		"out_of_range", "data.rows", NULL);
	refused("rows negative", with_in("data", "rows", json_integer(-5)),
		"out_of_range", "data.rows", NULL);
	refused("rows real", with_in("data", "rows", json_real(1.5)),
		"not_integer", "data.rows", NULL);
	refused("rows text", with_in("data", "rows", json_string("10")),
		"not_integer", "data.rows", NULL);
}

static void test_p_refuses_features(void **state)
{
	json_t *root, *arr;

	(void)state;
	refused("features object", with("features", json_object()),
		"not_array", "features", NULL);
	refused("missing upper secondary", with_feature(4, NULL),
		"missing_feature", "features[4]",
		"\"education=upper_secondary\" is needed here");
	root = testutil_load_json(model_plain);
	json_array_set_new(json_object_get(root, "features"), 3,
			   json_integer(4));
	refused("feature not string", root, "not_string", "features[3]", NULL);

	/* "age_band=45-54" left out: the next name sits in its place. */
	refused("missing 45-54", with_feature(2, NULL), "missing_feature",
		"features[2]", "\"age_band=45-54\" is needed here");
	/* The last one left out: the list ends early. */
	refused("missing 24+", with_feature(22, NULL), "missing_feature",
		"features[22]", "\"duration=24+\" is missing");
	/* Two swapped: the first expected one is missing where it belongs. */
	root = testutil_load_json(model_plain);
	arr = json_object_get(root, "features");
	json_array_set_new(arr, 0, json_string("age_band=35-44"));
	json_array_set_new(arr, 1, json_string("age_band=25-34"));
	refused("swapped", root, "missing_feature", "features[0]",
		"\"age_band=25-34\" is needed here");
	/* A name kundval does not know. */
	refused("doctorate", with_feature(5, "education=doctorate"),
		"unknown_feature", "features[5]", "\"education=doctorate\"");
	/* One too many at the end, known or not. */
	root = testutil_load_json(model_plain);
	json_array_append_new(json_object_get(root, "features"),
			      json_string("shoe_size"));
	refused("extra", root, "unknown_feature", "features[23]",
		"\"shoe_size\"");
	root = testutil_load_json(model_plain);
	json_array_append_new(json_object_get(root, "features"),
			      json_string("disability"));
	refused("repeated", root, "unknown_feature", "features[23]",
		"\"disability\"");
	/* A plain model may not list a protected attribute, anywhere. */
	root = testutil_load_json(model_plain);
	json_array_append_new(json_object_get(root, "features"),
			      json_string("gender=man"));
	refused("gender appended", root, "unknown_feature", "features[23]",
		"protected");
	refused("region inside", with_feature(7, "region=outside_europe"),
		"unknown_feature", "features[7]", "protected");
	/* A model that says it read them must list them all. */
	refused("protected without them", with("with_protected", json_true()),
		"missing_feature", "features[23]", "\"gender=man\" is missing");
	root = testutil_load_json(model_protected);
	json_array_remove(json_object_get(root, "features"), 24);
	refused("protected without europe", root, "missing_feature",
		"features[24]", "\"region=europe\" is needed here");
}

static void test_p_refuses_numbers(void **state)
{
	json_t *root;

	(void)state;
	refused("weights object", with("weights", json_object()), "not_array",
		"weights", NULL);
	root = testutil_load_json(model_plain);
	json_array_remove(json_object_get(root, "weights"), 0);
	refused("22 weights", root, "wrong_length", "weights", "22");
	root = testutil_load_json(model_plain);
	json_array_append_new(json_object_get(root, "weights"), json_real(0));
	refused("24 weights", root, "wrong_length", "weights", "24");
	root = testutil_load_json(model_plain);
	json_array_set_new(json_object_get(root, "weights"), 4,
			   json_string("0.1"));
	refused("weight text", root, "not_number", "weights[4]", NULL);
	root = testutil_load_json(model_plain);
	json_array_set_new(json_object_get(root, "weights"), 9, json_null());
	refused("weight null", root, "not_number", "weights[9]", NULL);
	root = testutil_load_json(model_plain);
	json_array_set_new(json_object_get(root, "weights"), 11, json_true());
	refused("weight true", root, "not_number", "weights[11]", NULL);
	root = testutil_load_json(model_plain);
	json_array_set_new(json_object_get(root, "weights"), 12,
			   json_real(2e6));
	refused("weight huge", root, "out_of_range", "weights[12]", NULL);
	/* Not finite: JSON has no NaN or infinity, and jansson refuses a
	 * number too large for a double before the parser sees it. */
	assert_null(json_loads("[1e400]", 0, NULL));
	assert_null(json_real(NAN));

	refused("intercept text", with("intercept", json_string("0")),
		"not_number", "intercept", NULL);
	refused("intercept huge", with("intercept", json_real(-1e7)),
		"out_of_range", "intercept", NULL);
}

static void test_p_refuses_calibration(void **state)
{
	(void)state;
	refused("calibration array", with("calibration", json_array()),
		"not_object", "calibration", NULL);
	refused("calibration extra", with_in("calibration", "c",
		json_real(1)), "unknown_key", "calibration.c", NULL);
	refused("spline", with_in("calibration", "method",
		json_string("spline")), "bad_method", "calibration.method",
		"isotonic");
	refused("method missing", with_in("calibration", "method", NULL),
		"missing_key", "calibration.method", NULL);
	refused("a missing", with_in("calibration", "a", NULL),
		"missing_key", "calibration.a", NULL);
	refused("b missing", with_in("calibration", "b", NULL),
		"missing_key", "calibration.b", NULL);
	refused("a zero", with_in("calibration", "a", json_integer(0)),
		"out_of_range", "calibration.a", NULL);
	refused("a negative", with_in("calibration", "a", json_real(-0.5)),
		"out_of_range", "calibration.a", NULL);
	refused("a text", with_in("calibration", "a", json_string("1")),
		"not_number", "calibration.a", NULL);
	refused("b true", with_in("calibration", "b", json_true()),
		"not_number", "calibration.b", NULL);
}

static void test_p_refuses_thresholds(void **state)
{
	(void)state;
	refused("thresholds object", with("thresholds", json_object()),
		"not_array", "thresholds", NULL);
	refused("two", with("thresholds", json_pack("[f,f]", 0.6, 0.3)),
		"wrong_length", "thresholds", NULL);
	refused("four", with("thresholds",
		json_pack("[f,f,f,f]", 0.8, 0.6, 0.4, 0.2)),
		"wrong_length", "thresholds", NULL);
	refused("equal", with("thresholds",
		json_pack("[f,f,f]", 0.75, 0.75, 0.25)),
		"not_descending", "thresholds[1]", NULL);
	refused("ascending", with("thresholds",
		json_pack("[f,f,f]", 0.25, 0.5, 0.75)),
		"not_descending", "thresholds[1]", NULL);
	refused("last not below", with("thresholds",
		json_pack("[f,f,f]", 0.75, 0.5, 0.6)),
		"not_descending", "thresholds[2]", NULL);
	refused("one", with("thresholds", json_pack("[i,f,f]", 1, 0.5, 0.25)),
		"out_of_range", "thresholds[0]", NULL);
	refused("zero", with("thresholds", json_pack("[f,f,i]", 0.75, 0.5, 0)),
		"out_of_range", "thresholds[2]", NULL);
	refused("negative", with("thresholds",
		json_pack("[f,f,f]", 0.75, -0.5, -0.75)),
		"out_of_range", "thresholds[1]", NULL);
	refused("text", with("thresholds", json_pack("[f,s,f]", 0.75, "0.5",
		0.25)), "not_number", "thresholds[1]", NULL);
}

/* ---- Scoring and tracks ---- */

static void test_p_score_by_hand(void **state)
{
	struct profile_model m;
	struct profile_person p = reference_person();

	(void)state;
	model_ok(model_plain, &m);
	/* Insured, nothing else: z = -0.5 + 0.5 = 0 → 1 / (1 + 1) = 0.5. */
	p.ui_member = true;
	assert_float_equal(profile_score(&m, &p), 0.5, EPS);
	/* And post-secondary: z = ln 3 → 1 / (1 + 1/3) = 0.75. */
	p.education = 2;
	assert_float_equal(profile_score(&m, &p), 0.75, EPS);
	/* Insured, unemployed 24 months or more: z = -ln 3 → 0.25. */
	p.education = 0;
	p.months = 24;
	assert_float_equal(profile_score(&m, &p), 0.25, EPS);
	/* Both: the two cancel, z = 0 → 0.5. */
	p.education = 2;
	assert_float_equal(profile_score(&m, &p), 0.5, EPS);
	/* Insured, 10 % local unemployment: z = -0.5 + 0.5 - 0.1 × 10 = -1
	 * → 1 / (1 + e) = 0.2689414213699951. */
	p = reference_person();
	p.ui_member = true;
	p.local_bp = 1000;
	assert_float_equal(profile_score(&m, &p), 0.2689414213699951, EPS);
	/* The reference person: z = -0.5 → 1 / (1 + e^0.5)
	 * = 0.3775406687981454. */
	p = reference_person();
	assert_float_equal(profile_score(&m, &p), 0.3775406687981454, EPS);
}

static void test_p_score_calibrated(void **state)
{
	struct profile_model m;
	struct profile_person p = reference_person();
	json_t *root = testutil_load_json(model_plain);
	json_t *cal = json_object_get(root, "calibration");

	(void)state;
	/* a = 2, b = -ln 3. */
	json_object_set_new(cal, "a", json_integer(2));
	json_object_set_new(cal, "b", json_real(-log(3.0)));
	model_from(root, &m);
	json_decref(root);
	/* z = 0: a·z + b = -ln 3 → 0.25. */
	p.ui_member = true;
	assert_float_equal(profile_score(&m, &p), 0.25, EPS);
	/* z = ln 3: 2 ln 3 - ln 3 = ln 3 → 0.75. */
	p.education = 2;
	assert_float_equal(profile_score(&m, &p), 0.75, EPS);
}

static void test_p_score_extremes_stay_in_range(void **state)
{
	struct profile_model m;
	struct profile_person p = reference_person();
	double c;

	(void)state;
	model_ok(model_plain, &m);
	/* 100 % and more local unemployment: z ≈ -1000, far past exp's
	 * range either way; the chance is 0, not NaN. */
	p.local_bp = 1000000;
	c = profile_score(&m, &p);
	assert_true(c >= 0 && c < 1e-300);
	p.local_bp = -1000000;
	c = profile_score(&m, &p);
	assert_float_equal(c, 1.0, EPS);
	assert_int_equal(profile_track(&m, c), 1);
}

static void test_p_tracks_at_thresholds(void **state)
{
	struct profile_model m;

	(void)state;
	model_ok(model_plain, &m);   /* thresholds 0.75, 0.5, 0.25 */
	assert_int_equal(profile_track(&m, 1.0), 1);
	assert_int_equal(profile_track(&m, 0.75), 1);
	assert_int_equal(profile_track(&m, nextafter(0.75, 0)), 2);
	assert_int_equal(profile_track(&m, 0.5), 2);
	assert_int_equal(profile_track(&m, nextafter(0.5, 0)), 3);
	assert_int_equal(profile_track(&m, 0.25), 3);
	assert_int_equal(profile_track(&m, nextafter(0.25, 0)), 4);
	assert_int_equal(profile_track(&m, 0.0), 4);
	assert_int_equal(profile_track(&m, NAN), 4);
}

static void test_p_tracks_from_scores(void **state)
{
	struct profile_model m;
	struct profile_person p = reference_person();

	(void)state;
	model_ok(model_plain, &m);
	/* The reference person, 0.378: track 3.  Insured, 0.5: track 2. */
	assert_int_equal(profile_track(&m, profile_score(&m, &p)), 3);
	p.ui_member = true;
	assert_int_equal(profile_track(&m, profile_score(&m, &p)), 2);
	/* Insured, post-secondary, 25-34: z = ln 3 + 0.2 → 0.79: track 1. */
	p.education = 2;
	p.age_band = 1;
	assert_int_equal(profile_track(&m, profile_score(&m, &p)), 1);
	/* The reference person unemployed 24+ months: z = -0.5 - ln 3
	 * → 1 / (1 + 3 e^0.5) = 0.168: track 4. */
	p = reference_person();
	p.months = 30;
	assert_int_equal(profile_track(&m, profile_score(&m, &p)), 4);
}

static void test_p_plain_model_ignores_gender_and_region(void **state)
{
	struct profile_model plain, prot;
	struct profile_person woman = {
		.age_band = 3, .gender = 0, .region = 0, .education = 1,
		.ui_member = true, .previous = 1, .field = 4, .local_bp = 650,
		.months = 14 };
	struct profile_person man = woman;
	struct profile_factor up[48], down[48];
	int nu, nd;

	(void)state;
	man.gender = 1;
	man.region = 2;
	model_ok(model_plain, &plain);
	model_ok(model_protected, &prot);
	assert_true(profile_score(&plain, &woman) == profile_score(&plain, &man));
	profile_explain(&plain, &man, 48, up, &nu, down, &nd);
	for (int i = 0; i < nd; i++) {
		assert_null(strstr(down[i].name, "gender"));
		assert_null(strstr(down[i].name, "region"));
	}
	/* The test has power: a model trained with them does tell them apart
	 * (man -0.4, born outside Europe -0.5). */
	assert_float_equal(log(1 / profile_score(&prot, &woman) - 1) -
			   log(1 / profile_score(&prot, &man) - 1), -0.9, 1e-9);
}

/* ---- Explanation ---- */

static void assert_factor(const struct profile_factor *f, const char *name,
			  double contribution, const char *text)
{
	assert_string_equal(f->name, name);
	assert_float_equal(f->contribution, contribution, 1e-9);
	assert_string_equal(f->text, text);
}

static void test_p_explain_person(void **state)
{
	struct profile_model m;
	/* 55-64, post-secondary, a disability, insured, field 4, 9.5 % local
	 * unemployment, unemployed 30 months. */
	struct profile_person p = {
		.age_band = 4, .education = 2, .disability = true,
		.ui_member = true, .field = 4, .local_bp = 950, .months = 30 };
	struct profile_factor up[5], down[5];
	int nu = -1, nd = -1;

	(void)state;
	model_ok(model_plain, &m);
	/* z = -0.5 - 0.3 + ln 3 - 0.7 + 0.5 + 0.15 - 0.95 - ln 3 = -1.8
	 * → 1 / (1 + e^1.8) = 0.14185106490048777. */
	assert_float_equal(profile_score(&m, &p), 0.14185106490048777, EPS);

	assert_int_equal(profile_explain(&m, &p, 5, up, &nu, down, &nd), 7);
	assert_int_equal(nu, 3);
	assert_int_equal(nd, 4);
	assert_factor(&up[0], "education=post_secondary", log(3.0),
		      "Post-secondary education raises the chance.");
	assert_factor(&up[1], "ui_member", 0.5,
		      "Membership of an unemployment insurance fund raises"
		      " the chance.");
	assert_factor(&up[2], "field=4", 0.15,
		      "Seeking work in administration and customer service"
		      " (SSYK 4) raises the chance.");
	assert_factor(&down[0], "duration=24+", -log(3.0),
		      "Being unemployed 24 months or more lowers the chance.");
	assert_factor(&down[1], "local_unemployment_pp", -0.95,
		      "Local unemployment of 9.5 % lowers the chance.");
	assert_factor(&down[2], "disability", -0.7,
		      "A disability that reduces work capacity lowers the"
		      " chance.");
	assert_factor(&down[3], "age_band=55-64", -0.3,
		      "Being aged 55-64 lowers the chance.");

	/* At most two each: the largest. */
	assert_int_equal(profile_explain(&m, &p, 2, up, &nu, down, &nd), 4);
	assert_int_equal(nu, 2);
	assert_int_equal(nd, 2);
	assert_string_equal(up[0].name, "education=post_secondary");
	assert_string_equal(up[1].name, "ui_member");
	assert_string_equal(down[0].name, "duration=24+");
	assert_string_equal(down[1].name, "local_unemployment_pp");

	/* None asked for. */
	assert_int_equal(profile_explain(&m, &p, 0, up, &nu, down, &nd), 0);
	assert_int_equal(nu, 0);
	assert_int_equal(nd, 0);
}

static void test_p_explain_reference_levels_not_listed(void **state)
{
	struct profile_model m;
	struct profile_person p = reference_person();
	struct profile_factor up[48], down[48];
	int nu, nd;

	(void)state;
	model_ok(model_plain, &m);
	for (int i = 0; i < m.n; i++)
		m.weight[i] = 1;
	/* Every level is the reference and local unemployment is 0: no
	 * factor at all, though every weight is 1. */
	assert_int_equal(profile_explain(&m, &p, 48, up, &nu, down, &nd), 0);
	/* A zero weight moves nothing either. */
	model_ok(model_plain, &m);
	p.age_band = 2;           /* 35-44, weight 0 */
	p.ui_member = true;       /* 0.5 */
	assert_int_equal(profile_explain(&m, &p, 48, up, &nu, down, &nd), 1);
	assert_string_equal(up[0].name, "ui_member");
}

static void test_p_explain_ties_keep_feature_order(void **state)
{
	struct profile_model m;
	struct profile_person p = {
		.age_band = 1, .education = 1, .disability = true,
		.ui_member = true, .previous = 1, .field = 2, .local_bp = 150,
		.months = 7 };
	struct profile_factor up[4], down[4];
	int nu, nd;

	(void)state;
	model_ok(model_plain, &m);
	for (int i = 0; i < m.n; i++)
		m.weight[i] = -1;
	/* All -1, local unemployment -1.5: it comes first, then the equal
	 * ones in feature order, cut at four. */
	profile_explain(&m, &p, 4, up, &nu, down, &nd);
	assert_int_equal(nu, 0);
	assert_int_equal(nd, 4);
	assert_factor(&down[0], "local_unemployment_pp", -1.5,
		      "Local unemployment of 1.5 % lowers the chance.");
	assert_string_equal(down[1].name, "age_band=25-34");
	assert_string_equal(down[2].name, "education=upper_secondary");
	assert_string_equal(down[3].name, "disability");

	/* The same, rising. */
	for (int i = 0; i < m.n; i++)
		m.weight[i] = 1;
	profile_explain(&m, &p, 4, up, &nu, down, &nd);
	assert_int_equal(nu, 4);
	assert_int_equal(nd, 0);
	assert_factor(&up[0], "local_unemployment_pp", 1.5,
		      "Local unemployment of 1.5 % raises the chance.");
	assert_string_equal(up[1].name, "age_band=25-34");
	assert_string_equal(up[2].name, "education=upper_secondary");
	assert_string_equal(up[3].name, "disability");
}

/* Every feature's text, raising and lowering. */
static const struct {
	const char *name, *subject;
} subjects[] = {
	{ "age_band=25-34", "Being aged 25-34" },
	{ "age_band=35-44", "Being aged 35-44" },
	{ "age_band=45-54", "Being aged 45-54" },
	{ "age_band=55-64", "Being aged 55-64" },
	{ "education=upper_secondary", "Upper-secondary education" },
	{ "education=post_secondary", "Post-secondary education" },
	{ "disability", "A disability that reduces work capacity" },
	{ "ui_member", "Membership of an unemployment insurance fund" },
	{ "previous=1", "Having been registered once before in the last five"
			" years" },
	{ "previous=2+", "Having been registered two or more times in the"
			 " last five years" },
	{ "field=1", "Seeking work as a manager (SSYK 1)" },
	{ "field=2", "Seeking work that requires advanced university"
		     " education (SSYK 2)" },
	{ "field=3", "Seeking work that requires university education or"
		     " equivalent (SSYK 3)" },
	{ "field=4", "Seeking work in administration and customer service"
		     " (SSYK 4)" },
	{ "field=5", "Seeking work in service, care or shop sales (SSYK 5)" },
	{ "field=6", "Seeking work in farming, forestry or fishing (SSYK 6)" },
	{ "field=7", "Seeking work in building or manufacturing (SSYK 7)" },
	{ "field=8", "Seeking work as a machine operator or in transport"
		     " (SSYK 8)" },
	{ "field=9", "Seeking work that needs only a short introduction"
		     " (SSYK 9)" },
	{ "local_unemployment_pp", NULL },   /* with its level, see below */
	{ "duration=6-12", "Being unemployed 6 to 11 months" },
	{ "duration=12-24", "Being unemployed 12 to 23 months" },
	{ "duration=24+", "Being unemployed 24 months or more" },
	{ "gender=man", "Being a man" },
	{ "region=europe", "Being born in Europe outside Sweden" },
	{ "region=outside_europe", "Being born outside Europe" },
};

static void check_texts(const struct profile_model *m,
			const struct profile_person *p, double sign,
			bool seen[26])
{
	struct profile_factor up[48], down[48];
	const struct profile_factor *f;
	int nu, nd, n;
	char want[160];

	profile_explain(m, p, 48, up, &nu, down, &nd);
	assert_int_equal(sign > 0 ? nd : nu, 0);
	f = sign > 0 ? up : down;
	n = sign > 0 ? nu : nd;
	for (int i = 0; i < n; i++) {
		int k = 0;

		while (k < 26 && strcmp(subjects[k].name, f[i].name) != 0)
			k++;
		assert_true(k < 26);
		seen[k] = true;
		assert_float_equal(f[i].contribution,
				   sign * (k == 19 ? p->local_bp / 100.0 : 1),
				   1e-9);
		if (k == 19)
			continue;
		snprintf(want, sizeof(want), "%s %s the chance.",
			 subjects[k].subject, sign > 0 ? "raises" : "lowers");
		assert_string_equal(f[i].text, want);
		assert_true(strlen(want) < sizeof(f[i].text));
	}
}

static void test_p_explain_every_text(void **state)
{
	static const int band_months[4] = { 0, 6, 12, 24 };
	struct profile_model m;
	bool seen_up[26] = { false }, seen_down[26] = { false };

	(void)state;
	model_ok(model_protected, &m);
	/* Ten people who between them have every level of every category. */
	for (int k = 0; k < 10; k++) {
		struct profile_person p = {
			.age_band = k % 5, .gender = k % 2, .region = k % 3,
			.education = k % 3, .disability = k % 2,
			.ui_member = (k + 1) % 2, .previous = k % 3,
			.field = k, .local_bp = 300 + 50 * k,
			.months = band_months[k % 4] };

		for (int i = 0; i < m.n; i++)
			m.weight[i] = 1;
		check_texts(&m, &p, 1, seen_up);
		for (int i = 0; i < m.n; i++)
			m.weight[i] = -1;
		check_texts(&m, &p, -1, seen_down);
	}
	for (int k = 0; k < 26; k++)
		if (!seen_up[k] || !seen_down[k])
			fail_msg("%s was never explained", subjects[k].name);
}

static void test_p_explain_local_unemployment_text(void **state)
{
	/* The level exactly as a percentage, from basis points. */
	static const struct { int32_t bp; const char *text; } cases[] = {
		{ 725, "Local unemployment of 7.25 % raises the chance." },
		{ 950, "Local unemployment of 9.5 % raises the chance." },
		{ 800, "Local unemployment of 8 % raises the chance." },
		{ 5, "Local unemployment of 0.05 % raises the chance." },
		{ 1210, "Local unemployment of 12.1 % raises the chance." },
		{ -150, "Local unemployment of -1.5 % lowers the chance." },
	};
	struct profile_model m;
	struct profile_factor up[2], down[2];
	int nu, nd;

	(void)state;
	model_ok(model_plain, &m);
	memset(m.weight, 0, sizeof(m.weight));
	m.weight[19] = 0.1;   /* a rising weight, to see both verbs */
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct profile_person p = reference_person();

		p.local_bp = cases[k].bp;
		assert_int_equal(profile_explain(&m, &p, 2, up, &nu, down, &nd),
				 1);
		assert_string_equal(nu ? up[0].text : down[0].text,
				    cases[k].text);
	}
}

/* An isotonic calibration: points (−1, 0.2), (0, 0.5), (2, 0.9).  For the
 * plain model's reference person z = intercept; the chance is read off the
 * curve linearly between points and flat outside it. */
static json_t *isotonic_model(double intercept, const char *z, const char *p)
{
	json_t *root = testutil_load_json(model_plain);
	char text[200];

	snprintf(text, sizeof(text), "{\"method\": \"isotonic\", \"z\": %s,"
		 " \"p\": %s}", z, p);
	json_object_set_new(root, "calibration", json_loads(text, 0, NULL));
	json_object_set_new(root, "intercept", json_real(intercept));
	return root;
}

static void test_p_isotonic_calibration(void **state)
{
	static const struct { double z, chance; } cases[] = {
		{ -3.0, 0.2 },     /* before the first point: flat */
		{ -1.0, 0.2 },
		{ -0.5, 0.35 },    /* halfway from 0.2 to 0.5 */
		{ 0.0, 0.5 },
		{ 1.0, 0.7 },      /* halfway from 0.5 to 0.9 */
		{ 5.0, 0.9 },      /* after the last point: flat */
	};
	struct profile_person ref = { 0 };
	struct kverr e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *root = isotonic_model(cases[i].z, "[-1, 0, 2]", "[0.2, 0.5, 0.9]");
		struct profile_model m;

		assert_int_equal(profile_model_parse(root, 12, &m, &e), 0);
		assert_true(m.isotonic);
		assert_int_equal(m.n_iso, 3);
		assert_float_equal(profile_score(&m, &ref), cases[i].chance, 1e-12);
		json_decref(root);
	}
	refused("isotonic z falls", isotonic_model(0, "[0, -1]", "[0.2, 0.3]"),
		"not_ascending", "calibration.z[1]", NULL);
	refused("isotonic p falls", isotonic_model(0, "[0, 1]", "[0.3, 0.2]"),
		"not_ascending", "calibration.p[1]", NULL);
	refused("isotonic p over 1", isotonic_model(0, "[0, 1]", "[0.3, 1.2]"),
		"out_of_range", "calibration.p[1]", NULL);
	refused("isotonic lengths", isotonic_model(0, "[0, 1, 2]", "[0.3, 0.4]"),
		"wrong_length", "calibration.p", NULL);
	refused("isotonic one point", isotonic_model(0, "[0]", "[0.3]"),
		"wrong_length", "calibration.p", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p_feature_names),
		cmocka_unit_test(test_p_features_reference_person),
		cmocka_unit_test(test_p_features_hand_made_people),
		cmocka_unit_test(test_p_features_duration_bands),
		cmocka_unit_test(test_p_features_codes_out_of_range_are_reference),
		cmocka_unit_test(test_p_model_parses),
		cmocka_unit_test(test_p_model_optional_validation_and_limits),
		cmocka_unit_test(test_p_refuses_shape_and_keys),
		cmocka_unit_test(test_p_refuses_header_values),
		cmocka_unit_test(test_p_refuses_data),
		cmocka_unit_test(test_p_refuses_features),
		cmocka_unit_test(test_p_refuses_numbers),
		cmocka_unit_test(test_p_refuses_calibration),
		cmocka_unit_test(test_p_isotonic_calibration),
		cmocka_unit_test(test_p_refuses_thresholds),
		cmocka_unit_test(test_p_score_by_hand),
		cmocka_unit_test(test_p_score_calibrated),
		cmocka_unit_test(test_p_score_extremes_stay_in_range),
		cmocka_unit_test(test_p_tracks_at_thresholds),
		cmocka_unit_test(test_p_tracks_from_scores),
		cmocka_unit_test(test_p_plain_model_ignores_gender_and_region),
		cmocka_unit_test(test_p_explain_person),
		cmocka_unit_test(test_p_explain_reference_levels_not_listed),
		cmocka_unit_test(test_p_explain_ties_keep_feature_order),
		cmocka_unit_test(test_p_explain_every_text),
		cmocka_unit_test(test_p_explain_local_unemployment_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
