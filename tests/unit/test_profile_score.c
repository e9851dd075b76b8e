/*
 * test_profile_score.c — profile_score (src/core/profile.c) adds only the
 * features a person has, without building the feature vector, and finds
 * the isotonic segment without branching.  These tests hold it to the
 * plain definition, to the bit: the calibrated chance of
 * intercept + Σ weight × value over profile_features(), in feature order,
 * with the isotonic curve found by the textbook binary search.
 *
 * Every combination of the categorical attributes is scored (with codes
 * outside their range too, which select no feature), under models with
 * and without the protected attributes and with both calibrations.
 */
#include "testutil.h"

#include <math.h>

#include "core/profile.h"

/* Distinct weights that are not round numbers, so that a feature added
 * twice, left out or added in another order changes the bits. */
static void fill_model(struct profile_model *m, bool prot, bool iso)
{
	memset(m, 0, sizeof(*m));
	m->with_protected = prot;
	m->n = profile_feature_names(prot, m->names);
	for (int i = 0; i < m->n; i++)
		m->weight[i] = (i % 2 ? -1 : 1) * (0.1 + 0.0371 * i) / 3.0;
	m->intercept = 0.3141592653589793;
	m->platt_a = 1.0718281828;
	m->platt_b = -0.1234567;
	m->isotonic = iso;
	m->n_iso = 40;
	for (int i = 0; i < m->n_iso; i++) {
		m->iso_z[i] = -3.0 + 0.15 * i + 0.001 * (i % 3);
		m->iso_p[i] = 0.02 + 0.024 * i;
	}
	m->thresholds[0] = 0.6;
	m->thresholds[1] = 0.4;
	m->thresholds[2] = 0.2;
}

static double ref_logistic(double t)
{
	double u;

	if (t >= 0)
		return 1.0 / (1.0 + exp(-t));
	u = exp(t);
	return u / (1.0 + u);
}

static double ref_isotonic(const struct profile_model *m, double z)
{
	int lo = 0, hi = m->n_iso - 1;

	if (z <= m->iso_z[0])
		return m->iso_p[0];
	if (z >= m->iso_z[hi])
		return m->iso_p[hi];
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;

		if (m->iso_z[mid] <= z)
			lo = mid;
		else
			hi = mid;
	}
	return m->iso_p[lo] + (m->iso_p[hi] - m->iso_p[lo]) *
	       (z - m->iso_z[lo]) / (m->iso_z[hi] - m->iso_z[lo]);
}

/* The definition: the dot product over the feature vector. */
static double ref_score(const struct profile_model *m,
			const struct profile_person *p)
{
	double v[PROFILE_MAX_FEATURES], z = m->intercept;
	int n = profile_features(p, m->with_protected, v);

	if (m->n < n)
		n = m->n;
	for (int i = 0; i < n; i++)
		z += m->weight[i] * v[i];
	return m->isotonic ? ref_isotonic(m, z) :
	       ref_logistic(m->platt_a * z + m->platt_b);
}

/* Scores every combination; returns how many were compared. */
static long compare_all(const struct profile_model *m)
{
	static const int32_t local[] = { 0, 300, 725, 1200 };
	static const int months[] = { 0, 5, 6, 11, 12, 23, 24, 60 };
	long count = 0;

	for (int age = -1; age <= 5; age++)
	for (int gender = 0; gender <= 2; gender++)
	for (int region = 0; region <= 3; region++)
	for (int edu = -1; edu <= 3; edu++)
	for (int flags = 0; flags < 4; flags++)
	for (int prev = 0; prev <= 3; prev++)
	for (int field = -1; field <= 10; field++)
	for (size_t l = 0; l < sizeof(local) / sizeof(local[0]); l++)
	for (size_t k = 0; k < sizeof(months) / sizeof(months[0]); k++) {
		struct profile_person p = {
			.age_band = age, .gender = gender, .region = region,
			.education = edu, .disability = flags & 1,
			.ui_member = (flags & 2) != 0, .previous = prev,
			.field = field, .local_bp = local[l], .months = months[k],
		};
		double got = profile_score(m, &p), want = ref_score(m, &p);

		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("age %d gender %d region %d education %d flags %d"
				 " previous %d field %d local %d months %d: %.17g,"
				 " not %.17g", age, gender, region, edu, flags, prev,
				 field, (int)local[l], months[k], got, want);
		count++;
	}
	return count;
}

static void test_ps_same_bits_platt(void **state)
{
	struct profile_model m;

	(void)state;
	fill_model(&m, true, false);
	assert_true(compare_all(&m) > 100000);
	fill_model(&m, false, false);
	compare_all(&m);
}

static void test_ps_same_bits_isotonic(void **state)
{
	struct profile_model m;

	(void)state;
	fill_model(&m, true, true);
	compare_all(&m);
	fill_model(&m, false, true);
	compare_all(&m);
}

/* A model that reads fewer features than its kind has (n below the
 * count) is scored on those only, as profile_features' caller did. */
static void test_ps_fewer_features(void **state)
{
	struct profile_model m;

	(void)state;
	fill_model(&m, true, false);
	m.n = 12;
	compare_all(&m);
	m.n = 0;
	compare_all(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ps_same_bits_platt),
		cmocka_unit_test(test_ps_same_bits_isotonic),
		cmocka_unit_test(test_ps_fewer_features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
