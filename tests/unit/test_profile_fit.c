/*
 * test_profile_fit.c — unit tests for src/core/profile_fit.c: the AUC and
 * Brier score of the validation report, the track cut points that keep
 * the duration rule's shares, and Platt calibration.  Expected
 * values are worked out by hand in the comments.
 */
#include "testutil.h"

#include <math.h>

#include "core/profile_fit.h"

/* Scores 0.1, 0.4, 0.35, 0.8 with labels 0, 0, 1, 1: of the 2 × 2
 * positive–negative pairs, the positive scores higher in 3 (0.35 > 0.1,
 * 0.8 > 0.1, 0.8 > 0.4) and lower in 1 (0.35 < 0.4): AUC = 3/4. */
static void test_auc_by_hand(void **state)
{
	const double s[] = { 0.1, 0.4, 0.35, 0.8 };
	const unsigned char y[] = { 0, 0, 1, 1 };
	/* A tie between a positive and a negative counts a half:
	 * pairs (0.5 vs 0.5) ½, (0.9 vs 0.5) 1 → (½ + 1) / 2 = 0.75. */
	const double t[] = { 0.5, 0.5, 0.9 };
	const unsigned char ty[] = { 0, 1, 1 };
	const unsigned char one[] = { 1, 1 };

	(void)state;
	assert_true(fabs(profile_auc(s, y, 4) - 0.75) < 1e-12);
	assert_true(fabs(profile_auc(t, ty, 3) - 0.75) < 1e-12);
	assert_true(profile_auc(s, one, 2) < 0);   /* one class: undefined */
}

/* (0.2−0)² + (0.7−1)² + (0.5−1)² = 0.04 + 0.09 + 0.25 = 0.38; / 3. */
static void test_brier_by_hand(void **state)
{
	const double c[] = { 0.2, 0.7, 0.5 };
	const unsigned char y[] = { 0, 1, 1 };

	(void)state;
	assert_true(fabs(profile_brier(c, y, 3) - 0.38 / 3) < 1e-12);
}

/* Ten chances 0.95, 0.85 … 0.05 and shares 20 %, 30 %, 10 %: track 1 the
 * top 2 (cut at the 2nd, 0.85), track 2 the next 3 (cut at the 5th,
 * 0.55), track 3 the next 1 (cut at the 6th, 0.45), track 4 the rest. */
static void test_cut_points_keep_the_shares(void **state)
{
	double c[] = { 0.05, 0.95, 0.45, 0.15, 0.85, 0.25, 0.75, 0.35, 0.65, 0.55 };
	const double shares[3] = { 0.2, 0.3, 0.1 };
	double t[3];

	(void)state;
	profile_cut_points(c, 10, shares, t);
	assert_true(fabs(t[0] - 0.85) < 1e-12);
	assert_true(fabs(t[1] - 0.55) < 1e-12);
	assert_true(fabs(t[2] - 0.45) < 1e-12);
}

/* Equal chances still give strictly descending cut points. */
static void test_cut_points_strictly_descending(void **state)
{
	double c[] = { 0.5, 0.5, 0.5, 0.5 };
	const double shares[3] = { 0.25, 0.25, 0.25 };
	double t[3];

	(void)state;
	profile_cut_points(c, 4, shares, t);
	assert_true(t[0] > t[1] && t[1] > t[2]);
}

/* Labels drawn so that P(y = 1 | z) = σ(2z − 1): Platt recovers a ≈ 2,
 * b ≈ −1.  z runs over a grid; at each z a share of round(σ·100) of 100
 * copies is positive, so the data are calibrated by construction. */
static void test_platt_recovers_a_known_curve(void **state)
{
	enum { GRID = 41, COPIES = 100 };
	static double z[GRID * COPIES];
	static unsigned char y[GRID * COPIES];
	size_t n = 0;
	double a, b;

	(void)state;
	for (int g = 0; g < GRID; g++) {
		double zz = -2.0 + 0.1 * g;
		int pos = (int)lround(100.0 / (1.0 + exp(-(2 * zz - 1))));

		for (int k = 0; k < COPIES; k++) {
			z[n] = zz;
			y[n++] = k < pos;
		}
	}
	assert_int_equal(profile_platt_fit(z, y, n, &a, &b), 0);
	assert_true(fabs(a - 2.0) < 0.05);
	assert_true(fabs(b + 1.0) < 0.05);
	/* One class only: no curve to fit. */
	memset(y, 0, sizeof(y));
	assert_int_equal(profile_platt_fit(z, y, n, &a, &b), -1);
}

/* Scores 1, 2, 3, 4 with labels 0, 1, 0, 1, one per bin: the rates
 * 0, 1, 0, 1 violate the order at 1 > 0, so the middle two pool to a rate
 * of ½ at score 2.5: points (1, 0), (2.5, ½), (4, 1). */
static void test_isotonic_pools_violators(void **state)
{
	const double z[] = { 3, 1, 4, 2 };
	const unsigned char y[] = { 0, 0, 1, 1 };
	double pz[4], pp[4];
	int n = 0;

	(void)state;
	assert_int_equal(profile_isotonic_fit(z, y, 4, 4, pz, pp, &n), 0);
	assert_int_equal(n, 3);
	assert_true(pz[0] == 1 && pp[0] == 0);
	assert_true(pz[1] == 2.5 && pp[1] == 0.5);
	assert_true(pz[2] == 4 && pp[2] == 1);
	/* All one rate: one block, no curve. */
	assert_int_equal(profile_isotonic_fit(z, (const unsigned char[]){ 1, 1, 1, 1 },
					      4, 4, pz, pp, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_by_hand),
		cmocka_unit_test(test_brier_by_hand),
		cmocka_unit_test(test_cut_points_keep_the_shares),
		cmocka_unit_test(test_cut_points_strictly_descending),
		cmocka_unit_test(test_platt_recovers_a_known_curve),
		cmocka_unit_test(test_isotonic_pools_violators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
