/*
 * profile.c — statistical profiling into tracks: the
 * features of a jobseeker, the strict reading of a model file, the
 * calibrated chance of a job, the track it falls in and the explanation.
 * See profile.h.
 *
 * The features are one fixed table.  A model file must list exactly these
 * names in exactly this order, so a model trained on another feature set
 * is refused instead of being silently misread.  The three protected
 * features (gender, birth region) come last and are read only by a model
 * trained with them: a model with "with_protected": false cannot see them.
 *
 * Error messages start with the field path ("weights[3]: …"); a caller
 * that knows the file name puts it in front.
 */
#include "core/profile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

#define MODEL_KIND "kundval-profile-model"

/* No training produces a log-odds coefficient anywhere near this; the
 * bound keeps every score finite (no inf − inf, no 0 × inf). */
#define COEF_MAX 1e6

enum {
	F_AGE_25_34, F_AGE_35_44, F_AGE_45_54, F_AGE_55_64,
	F_EDU_UPPER, F_EDU_POST,
	F_DISABILITY, F_UI_MEMBER,
	F_PREVIOUS_1, F_PREVIOUS_2,
	F_FIELD_1, F_FIELD_9 = F_FIELD_1 + 8,
	F_LOCAL_PP,
	F_DURATION_6, F_DURATION_12, F_DURATION_24,
	F_MAN, F_EUROPE, F_OUTSIDE_EUROPE,
	F_ALL
};

/* Every feature: its stable name and, for the explanation, the factor as
 * the subject of "… raises/lowers the chance." (local unemployment is
 * written with its level, see factor_text). */
static const struct feature {
	const char *name;
	const char *subject;
} features[] = {
	{ "age_band=25-34", "Being aged 25-34" },
	{ "age_band=35-44", "Being aged 35-44" },
	{ "age_band=45-54", "Being aged 45-54" },
	{ "age_band=55-64", "Being aged 55-64" },
	{ "education=upper_secondary", "Upper-secondary education" },
	{ "education=post_secondary", "Post-secondary education" },
	{ "disability", "A disability that reduces work capacity" },
	{ "ui_member", "Membership of an unemployment insurance fund" },
	{ "previous=1", "Having been registered once before in the last"
			" five years" },
	{ "previous=2+", "Having been registered two or more times in the"
			 " last five years" },
	/* SSYK 2012 major groups 1 … 9; group 0 (armed forces) is the
	 * reference. */
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
	{ "local_unemployment_pp", "Local unemployment" },
	{ "duration=6-12", "Being unemployed 6 to 11 months" },
	{ "duration=12-24", "Being unemployed 12 to 23 months" },
	{ "duration=24+", "Being unemployed 24 months or more" },
	{ "gender=man", "Being a man" },
	{ "region=europe", "Being born in Europe outside Sweden" },
	{ "region=outside_europe", "Being born outside Europe" },
};

_Static_assert(sizeof(features) / sizeof(features[0]) == F_ALL,
	       "one table entry per feature");
_Static_assert(F_ALL <= PROFILE_MAX_FEATURES, "room for every feature");

static int feature_count(bool with_protected)
{
	return with_protected ? F_ALL : F_MAN;
}

/* The feature's position in the full table, or -1. */
static int feature_find(const char *name)
{
	for (int i = 0; i < F_ALL; i++)
		if (strcmp(features[i].name, name) == 0)
			return i;
	return -1;
}

int profile_feature_names(bool with_protected,
			  char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN])
{
	int n = feature_count(with_protected);

	for (int i = 0; i < n; i++)
		snprintf(names[i], PROFILE_NAME_LEN, "%s", features[i].name);
	return n;
}

/* Duration bands: under 6 months is the reference (A-1's track 1). */
static int duration_feature(int months)
{
	if (months >= 24)
		return F_DURATION_24;
	if (months >= 12)
		return F_DURATION_12;
	if (months >= 6)
		return F_DURATION_6;
	return -1;
}

/*
 * One-hot coding: a category's code selects its feature; the first level,
 * and a code outside the category's range, selects none (it scores as the
 * reference).  previous counts 2 and above as "2+".
 */
int profile_features(const struct profile_person *p, bool with_protected,
		     double values[PROFILE_MAX_FEATURES])
{
	int dur = duration_feature(p->months);

	memset(values, 0, PROFILE_MAX_FEATURES * sizeof(values[0]));
	if (p->age_band >= 1 && p->age_band <= 4)
		values[F_AGE_25_34 + p->age_band - 1] = 1;
	if (p->education >= 1 && p->education <= 2)
		values[F_EDU_UPPER + p->education - 1] = 1;
	values[F_DISABILITY] = p->disability ? 1 : 0;
	values[F_UI_MEMBER] = p->ui_member ? 1 : 0;
	if (p->previous == 1)
		values[F_PREVIOUS_1] = 1;
	else if (p->previous >= 2)
		values[F_PREVIOUS_2] = 1;
	if (p->field >= 1 && p->field <= 9)
		values[F_FIELD_1 + p->field - 1] = 1;
	values[F_LOCAL_PP] = p->local_bp / 100.0;
	if (dur >= 0)
		values[dur] = 1;
	if (!with_protected)
		return feature_count(false);
	if (p->gender == 1)
		values[F_MAN] = 1;
	if (p->region == 1 || p->region == 2)
		values[F_EUROPE + p->region - 1] = 1;
	return feature_count(true);
}

/* ---- Reading the model file ---- */

struct reader {
	struct kverr *e;
	char path[64];
};

static int bad(struct reader *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Refuse at r->path; the message is "PATH: what is wrong". */
static int bad(struct reader *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	if (!r->e)
		return -1;
	if (r->path[0])
		kverr_set(r->e, KVERR_INVALID, code, r->path, "%s: ", r->path);
	else
		kverr_set(r->e, KVERR_INVALID, code, r->path, "%s", "");
	used = strlen(r->e->message);
	va_start(ap, fmt);
	vsnprintf(r->e->message + used, sizeof(r->e->message) - used, fmt, ap);
	va_end(ap);
	return -1;
}

static void at(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void at(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->path, sizeof(r->path), fmt, ap);
	va_end(ap);
}

/* o must be an object holding no key outside keys (NULL-terminated). */
static int only_keys(struct reader *r, const json_t *o, const char *base,
		     const char *const keys[])
{
	const char *key;
	json_t *v;

	at(r, "%s", base);
	if (!json_is_object(o))
		return bad(r, "not_object", "must be an object.");
	json_object_foreach((json_t *)o, key, v) {
		int i;

		for (i = 0; keys[i] && strcmp(keys[i], key) != 0; i++)
			;
		if (!keys[i]) {
			at(r, "%s%s%.40s", base, base[0] ? "." : "", key);
			return bad(r, "unknown_key", "this key is not part of a"
				   " profile model.");
		}
	}
	return 0;
}

/* The value of a required key; r->path names it either way. */
static int need(struct reader *r, const json_t *o, const char *base,
		const char *key, const json_t **out)
{
	at(r, "%s%s%s", base, base[0] ? "." : "", key);
	*out = json_object_get(o, key);
	if (!*out)
		return bad(r, "missing_key", "this key is required.");
	return 0;
}

/* A finite number with |x| <= max, read at r->path. */
static int number(struct reader *r, const json_t *v, double max, double *out)
{
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return bad(r, "not_number", "must be a finite number.");
	*out = json_number_value(v);
	if (fabs(*out) > max)
		return bad(r, "out_of_range", "%g is beyond ±%g.", *out, max);
	return 0;
}

static int read_kind(struct reader *r, const json_t *root)
{
	const json_t *v;

	if (need(r, root, "", "kind", &v))
		return -1;
	if (!json_is_string(v) || strcmp(json_string_value(v), MODEL_KIND) != 0)
		return bad(r, "wrong_kind", "must be \"%s\".", MODEL_KIND);
	return 0;
}

static int read_version(struct reader *r, const json_t *root,
			struct profile_model *m)
{
	const json_t *v;
	const char *s;
	size_t len;

	if (need(r, root, "", "version", &v))
		return -1;
	if (!json_is_string(v))
		return bad(r, "not_string", "must be a string.");
	s = json_string_value(v);
	len = strlen(s);
	if (len == 0)
		return bad(r, "empty", "must not be empty.");
	if (len >= sizeof(m->version))
		return bad(r, "too_long", "at most %zu characters.",
			   sizeof(m->version) - 1);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return bad(r, "bad_character", "must not hold control"
				   " characters.");
	memcpy(m->version, s, len + 1);
	return 0;
}

static int read_horizon(struct reader *r, const json_t *root,
			int want_horizon, struct profile_model *m)
{
	const json_t *v;
	json_int_t h;

	if (need(r, root, "", "horizon_months", &v))
		return -1;
	if (!json_is_integer(v))
		return bad(r, "not_integer", "must be a whole number of months.");
	h = json_integer_value(v);
	if (h != want_horizon)
		return bad(r, "wrong_horizon", "the model predicts a job within"
			   " %lld months; a model for %d months is needed.",
			   (long long)h, want_horizon);
	m->horizon_months = want_horizon;
	return 0;
}

static int read_protected(struct reader *r, const json_t *root,
			  struct profile_model *m)
{
	const json_t *v;

	if (need(r, root, "", "with_protected", &v))
		return -1;
	if (!json_is_boolean(v))
		return bad(r, "not_boolean", "must be true or false.");
	m->with_protected = json_is_true(v);
	return 0;
}

static int read_trained_on(struct reader *r, const json_t *root)
{
	const json_t *v;
	date_t d;

	if (need(r, root, "", "trained_on", &v))
		return -1;
	if (!json_is_string(v) || date_parse(json_string_value(v), &d))
		return bad(r, "bad_date", "must be a date (YYYY-MM-DD).");
	return 0;
}

static bool is_sha256(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

/* "data": the digest and size of the training data (A-2: traceable). */
static int read_data(struct reader *r, const json_t *root)
{
	static const char *const keys[] = { "sha256", "rows", NULL };
	const json_t *data, *v;

	if (need(r, root, "", "data", &data) ||
	    only_keys(r, data, "data", keys))
		return -1;
	if (need(r, data, "data", "sha256", &v))
		return -1;
	if (!json_is_string(v) || !is_sha256(json_string_value(v)))
		return bad(r, "bad_sha256", "must be a SHA-256 digest: 64"
			   " lowercase hexadecimal digits.");
	if (need(r, data, "data", "rows", &v))
		return -1;
	if (!json_is_integer(v))
		return bad(r, "not_integer", "must be a whole number of rows.");
	if (json_integer_value(v) <= 0)
		return bad(r, "out_of_range", "a model needs at least one row"
			   " of training data.");
	return 0;
}

static int read_regularisation(struct reader *r, const json_t *root)
{
	const json_t *v;

	if (need(r, root, "", "regularisation_c", &v))
		return -1;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return bad(r, "not_number", "must be a finite number.");
	if (json_number_value(v) <= 0)
		return bad(r, "out_of_range", "must be above 0.");
	return 0;
}

/* A feature name the model may not list where it does. */
static int unknown_feature(struct reader *r, const char *name,
			   bool with_protected)
{
	int i = feature_find(name);

	if (i >= feature_count(false) && !with_protected)
		return bad(r, "unknown_feature", "\"%s\" is a protected"
			   " attribute; a model with \"with_protected\": false"
			   " must not read it.", name);
	if (i >= 0)
		return bad(r, "unknown_feature", "\"%s\" is listed again or"
			   " after the last feature.", name);
	return bad(r, "unknown_feature", "\"%.40s\" is not a feature kundval"
		   " knows.", name);
}

/*
 * "features": exactly profile_feature_names(with_protected), in order.
 * The first difference is named: a name kundval does not expect there is
 * unknown; a known name in the wrong place means the expected one is
 * missing there.
 */
static int read_features(struct reader *r, const json_t *root,
			 struct profile_model *m)
{
	const json_t *arr;
	size_t got;
	int n = feature_count(m->with_protected);

	if (need(r, root, "", "features", &arr))
		return -1;
	if (!json_is_array(arr))
		return bad(r, "not_array", "must be an array of feature names.");
	got = json_array_size(arr);
	for (size_t i = 0; i < got; i++) {
		at(r, "features[%zu]", i);
		if (!json_is_string(json_array_get(arr, i)))
			return bad(r, "not_string", "a feature name must be a"
				   " string.");
	}
	for (int i = 0; i < n; i++) {
		const char *name;
		int k;

		at(r, "features[%d]", i);
		if ((size_t)i >= got)
			return bad(r, "missing_feature", "\"%s\" is missing: the"
				   " model lists %zu features, %d are needed.",
				   features[i].name, got, n);
		name = json_string_value(json_array_get(arr, (size_t)i));
		if (strcmp(name, features[i].name) == 0)
			continue;
		k = feature_find(name);
		if (k < 0 || k >= n)
			return unknown_feature(r, name, m->with_protected);
		return bad(r, "missing_feature", "\"%s\" is needed here, not"
			   " \"%s\" (the features must be listed in the fixed"
			   " order).", features[i].name, name);
	}
	if (got > (size_t)n) {
		at(r, "features[%d]", n);
		return unknown_feature(r, json_string_value(json_array_get(arr,
						(size_t)n)), m->with_protected);
	}
	m->n = profile_feature_names(m->with_protected, m->names);
	return 0;
}

static int read_weights(struct reader *r, const json_t *root,
			struct profile_model *m)
{
	const json_t *arr;

	if (need(r, root, "", "weights", &arr))
		return -1;
	if (!json_is_array(arr))
		return bad(r, "not_array", "must be an array of numbers.");
	if (json_array_size(arr) != (size_t)m->n)
		return bad(r, "wrong_length", "%zu weights for %d features; one"
			   " weight per feature is needed.",
			   json_array_size(arr), m->n);
	for (int i = 0; i < m->n; i++) {
		at(r, "weights[%d]", i);
		if (number(r, json_array_get(arr, (size_t)i), COEF_MAX,
			   &m->weight[i]))
			return -1;
	}
	return 0;
}

static int read_intercept(struct reader *r, const json_t *root,
			  struct profile_model *m)
{
	const json_t *v;

	if (need(r, root, "", "intercept", &v) ||
	    number(r, v, COEF_MAX, &m->intercept))
		return -1;
	return 0;
}

/* Isotonic points: 2 … PROFILE_MAX_ISO, scores strictly ascending,
 * chances non-decreasing within [0, 1]. */
static int read_isotonic(struct reader *r, const json_t *cal,
			 struct profile_model *m)
{
	const json_t *z, *p;

	if (need(r, cal, "calibration", "z", &z) || !json_is_array(z))
		return r->e && r->e->cls ? -1 : bad(r, "not_array", "must be an"
						    " array of scores.");
	if (need(r, cal, "calibration", "p", &p) || !json_is_array(p))
		return r->e && r->e->cls ? -1 : bad(r, "not_array", "must be an"
						    " array of chances.");
	m->n_iso = (int)json_array_size(z);
	if (m->n_iso < 2 || m->n_iso > PROFILE_MAX_ISO ||
	    json_array_size(p) != (size_t)m->n_iso)
		return bad(r, "wrong_length", "z and p need the same number of"
			   " points, 2 to %d.", PROFILE_MAX_ISO);
	for (int i = 0; i < m->n_iso; i++) {
		at(r, "calibration.z[%d]", i);
		if (number(r, json_array_get(z, (size_t)i), COEF_MAX, &m->iso_z[i]))
			return -1;
		if (i && m->iso_z[i] <= m->iso_z[i - 1])
			return bad(r, "not_ascending", "the scores must rise.");
		at(r, "calibration.p[%d]", i);
		if (number(r, json_array_get(p, (size_t)i), 1, &m->iso_p[i]))
			return -1;
		if (m->iso_p[i] < 0 || (i && m->iso_p[i] < m->iso_p[i - 1]))
			return bad(r, "not_ascending", "the chances must lie in"
				   " [0, 1] and never fall.");
	}
	m->isotonic = true;
	return 0;
}

/* Platt scaling (a must be above 0: a higher score then always means a
 * higher chance, which is what the explanation says), or isotonic
 * regression, which also mends a model's S-shaped miscalibration. */
static int read_calibration(struct reader *r, const json_t *root,
			    struct profile_model *m)
{
	static const char *const platt[] = { "method", "a", "b", NULL };
	static const char *const iso[] = { "method", "z", "p", NULL };
	const json_t *cal, *v;
	const char *method;

	if (need(r, root, "", "calibration", &cal))
		return -1;
	if (!json_is_object(cal))
		return only_keys(r, cal, "calibration", platt);
	if (need(r, cal, "calibration", "method", &v))
		return -1;
	method = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(method, "platt") && strcmp(method, "isotonic"))
		return bad(r, "bad_method", "must be \"platt\" or \"isotonic\".");
	if (only_keys(r, cal, "calibration", strcmp(method, "platt") ? iso : platt))
		return -1;
	if (strcmp(method, "platt"))
		return read_isotonic(r, cal, m);
	if (need(r, cal, "calibration", "a", &v) ||
	    number(r, v, COEF_MAX, &m->platt_a))
		return -1;
	if (m->platt_a <= 0)
		return bad(r, "out_of_range", "must be above 0 (a higher score"
			   " must mean a higher chance).");
	if (need(r, cal, "calibration", "b", &v) ||
	    number(r, v, COEF_MAX, &m->platt_b))
		return -1;
	return 0;
}

/* three cut-offs between four tracks, strictly descending in (0, 1). */
static int read_thresholds(struct reader *r, const json_t *root,
			   struct profile_model *m)
{
	const json_t *arr;

	if (need(r, root, "", "thresholds", &arr))
		return -1;
	if (!json_is_array(arr))
		return bad(r, "not_array", "must be an array of three chances.");
	if (json_array_size(arr) != 3)
		return bad(r, "wrong_length", "%zu thresholds; three are needed"
			   " between the four tracks.", json_array_size(arr));
	for (int i = 0; i < 3; i++) {
		double t;

		at(r, "thresholds[%d]", i);
		if (number(r, json_array_get(arr, (size_t)i), COEF_MAX, &t))
			return -1;
		if (t <= 0 || t >= 1)
			return bad(r, "out_of_range", "a threshold is a chance"
				   " strictly between 0 and 1.");
		if (i > 0 && t >= m->thresholds[i - 1])
			return bad(r, "not_descending", "each threshold must be"
				   " below the one before it (%g is not below"
				   " %g).", t, m->thresholds[i - 1]);
		m->thresholds[i] = t;
	}
	return 0;
}

/* "validation" is the trainer's report: optional, any object. */
static int read_validation(struct reader *r, const json_t *root)
{
	const json_t *v = json_object_get(root, "validation");

	at(r, "validation");
	if (v && !json_is_object(v))
		return bad(r, "not_object", "must be an object.");
	return 0;
}

int profile_model_parse(const json_t *root, int want_horizon,
			struct profile_model *m, struct kverr *e)
{
	static const char *const keys[] = {
		"kind", "version", "horizon_months", "with_protected",
		"trained_on", "data", "regularisation_c", "features",
		"weights", "intercept", "calibration", "thresholds",
		"validation", "interventions", NULL };
	/* "interventions" is read by core/targeting.c. */
	struct reader r = { .e = e, .path = "" };

	memset(m, 0, sizeof(*m));
	if (!json_is_object(root))
		return bad(&r, "not_object", "a profile model must be one JSON"
			   " object.");
	/* A misspelt key is named before the key it was meant to be is
	 * missed; with_protected comes before the features it decides. */
	if (only_keys(&r, root, "", keys) || read_kind(&r, root) ||
	    read_version(&r, root, m) ||
	    read_horizon(&r, root, want_horizon, m) ||
	    read_protected(&r, root, m) || read_trained_on(&r, root) ||
	    read_data(&r, root) || read_regularisation(&r, root) ||
	    read_features(&r, root, m) || read_weights(&r, root, m) ||
	    read_intercept(&r, root, m) || read_calibration(&r, root, m) ||
	    read_thresholds(&r, root, m) || read_validation(&r, root))
		return -1;
	return 0;
}

/* ---- Scoring ---- */

/* The features the model reads: its own count, never more than exist. */
static int model_features(const struct profile_model *m,
			  const struct profile_person *p,
			  double values[PROFILE_MAX_FEATURES])
{
	int n = profile_features(p, m->with_protected, values);

	if (m->n >= 0 && m->n < n)
		n = m->n;
	return n;
}

/* 1 / (1 + e^-t), without overflowing exp for large |t|. */
static double logistic(double t)
{
	double u;

	if (t >= 0)
		return 1.0 / (1.0 + exp(-t));
	u = exp(t);
	return u / (1.0 + u);
}

/* The isotonic curve at z: linear between its points, flat outside.  The
 * search picks lo and hi with a conditional move rather than a branch the
 * processor would guess wrong half the time. */
static double isotonic(const struct profile_model *m, double z)
{
	int lo = 0, hi = m->n_iso - 1;

	if (z <= m->iso_z[0])
		return m->iso_p[0];
	if (z >= m->iso_z[hi])
		return m->iso_p[hi];
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		bool right = m->iso_z[mid] <= z;

		lo = right ? mid : lo;
		hi = right ? hi : mid;
	}
	return m->iso_p[lo] + (m->iso_p[hi] - m->iso_p[lo]) *
	       (z - m->iso_z[lo]) / (m->iso_z[hi] - m->iso_z[lo]);
}

/* z + the weight of feature f (value 1), if the model reads f. */
static double one(const struct profile_model *m, int n, double z, int f)
{
	return f < n ? z + m->weight[f] : z;
}

/*
 * The dot product of the weights with profile_features(), without
 * building the feature vector: only the features that are set are added,
 * in table order.  It is the same sum to the bit: a one-hot value is 1,
 * so weight × 1 is the weight, and the features left out would each add
 * weight × 0, which changes no sum.  (bench/score.c checks a digest of
 * every chance; this made scoring several times faster, bench/README.md.)
 */
static double linear_score(const struct profile_model *m,
			   const struct profile_person *p)
{
	int n = feature_count(m->with_protected), dur = duration_feature(p->months);
	double z = m->intercept;

	if (m->n >= 0 && m->n < n)
		n = m->n;
	if (p->age_band >= 1 && p->age_band <= 4)
		z = one(m, n, z, F_AGE_25_34 + p->age_band - 1);
	if (p->education >= 1 && p->education <= 2)
		z = one(m, n, z, F_EDU_UPPER + p->education - 1);
	if (p->disability)
		z = one(m, n, z, F_DISABILITY);
	if (p->ui_member)
		z = one(m, n, z, F_UI_MEMBER);
	if (p->previous == 1)
		z = one(m, n, z, F_PREVIOUS_1);
	else if (p->previous >= 2)
		z = one(m, n, z, F_PREVIOUS_2);
	if (p->field >= 1 && p->field <= 9)
		z = one(m, n, z, F_FIELD_1 + p->field - 1);
	if (F_LOCAL_PP < n)
		z += m->weight[F_LOCAL_PP] * (p->local_bp / 100.0);
	if (dur >= 0)
		z = one(m, n, z, dur);
	if (p->gender == 1)
		z = one(m, n, z, F_MAN);
	if (p->region == 1 || p->region == 2)
		z = one(m, n, z, F_EUROPE + p->region - 1);
	return z;
}

double profile_score(const struct profile_model *m,
		     const struct profile_person *p)
{
	double z = linear_score(m, p);

	return m->isotonic ? isotonic(m, z) : logistic(m->platt_a * z + m->platt_b);
}

int profile_track(const struct profile_model *m, double chance)
{
	/* track 1 is the best chance, as it is the shortest
	 * unemployment; a NaN chance falls through to track 4. */
	for (int t = 0; t < 3; t++)
		if (chance >= m->thresholds[t])
			return t + 1;
	return 4;
}

/* ---- Explanation ---- */

/* A percentage from basis points, exactly: 725 → "7.25", 950 → "9.5",
 * 800 → "8". */
static void percent_text(int32_t bp, char *buf, size_t size)
{
	long long a = bp < 0 ? -(long long)bp : bp;
	long long whole = a / 100, frac = a % 100;
	const char *sign = bp < 0 ? "-" : "";

	if (frac == 0)
		snprintf(buf, size, "%s%lld", sign, whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%lld.%lld", sign, whole, frac / 10);
	else
		snprintf(buf, size, "%s%lld.%02lld", sign, whole, frac);
}

static void factor_text(int f, const struct profile_person *p, double c,
			char *buf, size_t size)
{
	const char *verb = c > 0 ? "raises" : "lowers";
	char pct[24];

	if (f == F_LOCAL_PP) {
		percent_text(p->local_bp, pct, sizeof(pct));
		snprintf(buf, size, "Local unemployment of %s %% %s the chance.",
			 pct, verb);
	} else {
		snprintf(buf, size, "%s %s the chance.", features[f].subject,
			 verb);
	}
}

struct contribution {
	int f;
	double c;
};

/* Insert into list (n so far, room for max) keeping it ordered by
 * `before`; equal contributions keep feature order. */
static int keep_top(struct contribution *list, int n, int max,
		    struct contribution x, bool up)
{
	int i = n < max ? n : max - 1;

	if (max <= 0)
		return 0;
	if (n >= max && !(up ? x.c > list[i].c : x.c < list[i].c))
		return n;
	while (i > 0 && (up ? x.c > list[i - 1].c : x.c < list[i - 1].c)) {
		list[i] = list[i - 1];
		i--;
	}
	list[i] = x;
	return n < max ? n + 1 : n;
}

static void fill(struct profile_factor *out, const struct contribution *list,
		 int n, const struct profile_person *p)
{
	for (int i = 0; i < n; i++) {
		snprintf(out[i].name, sizeof(out[i].name), "%s",
			 features[list[i].f].name);
		out[i].contribution = list[i].c;
		factor_text(list[i].f, p, list[i].c, out[i].text,
			    sizeof(out[i].text));
	}
}

/*
 * each feature the person has (non-zero value) contributes
 * weight × value to the log-odds; the reference levels contribute nothing
 * and are not listed.  Returns the number of factors written, up + down.
 */
int profile_explain(const struct profile_model *m,
		    const struct profile_person *p, int max,
		    struct profile_factor *up, int *n_up,
		    struct profile_factor *down, int *n_down)
{
	double values[PROFILE_MAX_FEATURES];
	struct contribution ups[PROFILE_MAX_FEATURES], downs[PROFILE_MAX_FEATURES];
	int n = model_features(m, p, values), nu = 0, nd = 0;

	if (max > PROFILE_MAX_FEATURES)
		max = PROFILE_MAX_FEATURES;
	for (int i = 0; i < n; i++) {
		struct contribution x = { i, m->weight[i] * values[i] };

		if (x.c > 0)
			nu = keep_top(ups, nu, max, x, true);
		else if (x.c < 0)
			nd = keep_top(downs, nd, max, x, false);
	}
	fill(up, ups, nu, p);
	fill(down, downs, nd, p);
	*n_up = nu;
	*n_down = nd;
	return nu + nd;
}
