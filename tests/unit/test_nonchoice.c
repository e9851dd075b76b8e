/*
 * test_nonchoice.c — unit tests for src/core/nonchoice.c: assigning a
 * provider to a jobseeker who did not choose (C-4, ickeval, RULES.md) by
 * each of the three configured rules, with the tie-breaks nonchoice.h
 * documents:
 *
 *   best_rated  rated before unrated, then the higher score, then the fit
 *               to the accessibility need (digital when asked for, else
 *               accessible premises in the municipality when needed, else
 *               premises in the municipality), then the lower load, then
 *               the lower provider id;
 *   nearest     in the municipality, then in the county, then the lower
 *               load, then the lower id;
 *   rotation    the next provider id after the one assigned last (wrapping
 *               to the lowest; the lowest when none was assigned).
 *
 * The expected pick in each case is worked out by hand from those rules
 * in the comment beside it.  Candidates are deliberately listed out of id
 * order, so a pick by array position would fail.
 */
#include "testutil.h"

#include "core/nonchoice.h"

static const struct nonchoice_need no_need = { false, false };
static const struct nonchoice_need digital_need = { true, false };
static const struct nonchoice_need accessible_need = { false, true };

/* A candidate with the fields the rules read; the rest false/0. */
static struct nonchoice_candidate cand(int64_t id, bool rated, int64_t score,
				       int64_t load)
{
	struct nonchoice_candidate c;

	memset(&c, 0, sizeof(c));
	c.provider_id = id;
	c.rated = rated;
	c.score = score;
	c.load = load;
	return c;
}

/* Pick with rule; the returned index must be valid and why must start
 * "C-4 <rule>". */
static int pick(enum nonchoice_rule rule, const struct nonchoice_candidate *c,
		int n, const struct nonchoice_need *need, int64_t last,
		char why[NONCHOICE_WHY_LEN])
{
	struct kverr e;
	char prefix[40];
	int at = -1;

	kverr_clear(&e);
	memset(why, 0, NONCHOICE_WHY_LEN);
	if (nonchoice_pick(rule, c, n, need, last, &at, why, &e))
		fail_msg("rule %d refused %d candidates: %s", (int)rule, n,
			 e.message);
	if (at < 0 || at >= n)
		fail_msg("pick %d out of 0..%d", at, n - 1);
	snprintf(prefix, sizeof(prefix), "C-4 %s", nonchoice_rule_names[rule]);
	if (strncmp(why, prefix, strlen(prefix)) != 0)
		fail_msg("why \"%s\" does not start \"%s\"", why, prefix);
	return at;
}

/* The provider id picked (easier to read than an index). */
static int64_t picked_id(enum nonchoice_rule rule,
			 const struct nonchoice_candidate *c, int n,
			 const struct nonchoice_need *need, int64_t last)
{
	char why[NONCHOICE_WHY_LEN];

	return c[pick(rule, c, n, need, last, why)].provider_id;
}

static void test_c4_rule_names(void **state)
{
	(void)state;
	assert_string_equal(nonchoice_rule_names[NONCHOICE_BEST_RATED], "best_rated");
	assert_string_equal(nonchoice_rule_names[NONCHOICE_NEAREST], "nearest");
	assert_string_equal(nonchoice_rule_names[NONCHOICE_ROTATION], "rotation");
	assert_null(nonchoice_rule_names[NONCHOICE_RULE_COUNT]);
}

/* ---------------------------------------------------------------- */
/* best_rated                                                        */

static void test_c4_best_rated_rated_beats_unrated(void **state)
{
	struct nonchoice_candidate c[2];

	(void)state;
	/* 5: unrated (a large score field that must be ignored), fits, idle;
	 * 9: rated with the lowest possible score, no fit, busy → 9, since
	 * rated ranks before unrated. */
	c[0] = cand(5, false, 1000, 0);
	c[0].in_municipality = true;
	c[1] = cand(9, true, 0, 500);
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2, &no_need, 0), 9);
}

static void test_c4_best_rated_score(void **state)
{
	struct nonchoice_candidate c[3];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	/* Scores 80 (fits, load 0, id 1), 90 (no fit, load 40, id 3),
	 * 85 (fits, id 2) → 90 wins on score before fit and load. */
	c[0] = cand(1, true, 80, 0);
	c[0].in_municipality = true;
	c[1] = cand(3, true, 90, 40);
	c[2] = cand(2, true, 85, 0);
	c[2].in_municipality = true;
	assert_int_equal(pick(NONCHOICE_BEST_RATED, c, 3, &no_need, 0, why), 1);
	assert_non_null(strstr(why, "score 90"));
	/* Negative scores: −5 is better than −7. */
	c[0] = cand(1, true, -7, 0);
	c[1] = cand(3, true, -5, 9);
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2, &no_need, 0), 3);
}

static void test_c4_best_rated_fit_no_need(void **state)
{
	struct nonchoice_candidate c[3];

	(void)state;
	/* Equal score 70.  Without a need the fit is premises in the home
	 * municipality: id 8 (load 30, in municipality) beats id 2 (load 0,
	 * digital only) and id 4 (load 0, county only). */
	c[0] = cand(2, true, 70, 0);
	c[0].digital = true;
	c[1] = cand(8, true, 70, 30);
	c[1].in_municipality = true;
	c[2] = cand(4, true, 70, 0);
	c[2].in_county = true;
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 3, &no_need, 0), 8);
}

static void test_c4_best_rated_fit_digital(void **state)
{
	struct nonchoice_candidate c[2];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	/* Wants digital: id 6 (digital, load 50) beats id 1 (accessible
	 * premises in the municipality, load 0), equal score 70. */
	c[0] = cand(1, true, 70, 0);
	c[0].in_municipality = true;
	c[0].accessible_in_municipality = true;
	c[1] = cand(6, true, 70, 50);
	c[1].digital = true;
	assert_int_equal(pick(NONCHOICE_BEST_RATED, c, 2, &digital_need, 0, why),
			 1);
	assert_non_null(strstr(why, "digital"));
	/* Without the need, the municipality fit wins instead → id 1. */
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2, &no_need, 0), 1);
	/* Digital asked for, but needs accessible too: digital decides → 6. */
	{
		const struct nonchoice_need both = { true, true };

		assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2, &both, 0), 6);
	}
}

static void test_c4_best_rated_fit_accessible(void **state)
{
	struct nonchoice_candidate c[2];

	(void)state;
	/* Needs accessible premises: id 7 (accessible, load 20) beats id 3
	 * (in the municipality, not accessible, load 0), equal score 70. */
	c[0] = cand(3, true, 70, 0);
	c[0].in_municipality = true;
	c[1] = cand(7, true, 70, 20);
	c[1].in_municipality = true;
	c[1].accessible_in_municipality = true;
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2,
				   &accessible_need, 0), 7);
	/* Without the need both fit, so the lower load → id 3. */
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 2, &no_need, 0), 3);
}

static void test_c4_best_rated_load_then_id(void **state)
{
	struct nonchoice_candidate c[4];

	(void)state;
	/* All score 70, all in the municipality: loads 12, 10, 10, 11 at ids
	 * 4, 9, 6, 2 → load 10 ties ids 9 and 6 → id 6 (index 2). */
	c[0] = cand(4, true, 70, 12);
	c[1] = cand(9, true, 70, 10);
	c[2] = cand(6, true, 70, 10);
	c[3] = cand(2, true, 70, 11);
	for (int i = 0; i < 4; i++)
		c[i].in_municipality = true;
	{
		char why[NONCHOICE_WHY_LEN];

		assert_int_equal(pick(NONCHOICE_BEST_RATED, c, 4, &no_need, 0,
				      why), 2);
	}
	/* Everything equal: the lowest id, 2 (last in the array). */
	for (int i = 0; i < 4; i++)
		c[i].load = 5;
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 4, &no_need, 0), 2);
}

static void test_c4_best_rated_unrated_tie(void **state)
{
	struct nonchoice_candidate c[3];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	/* No one is rated: the score fields (99, 1, 50) are meaningless and
	 * must not decide.  All in the municipality; loads 3, 3, 4 at ids 7,
	 * 5, 1 → load 3 → ids 7 and 5 → id 5 (index 1). */
	c[0] = cand(7, false, 99, 3);
	c[1] = cand(5, false, 1, 3);
	c[2] = cand(1, false, 50, 4);
	for (int i = 0; i < 3; i++)
		c[i].in_municipality = true;
	assert_int_equal(pick(NONCHOICE_BEST_RATED, c, 3, &no_need, 0, why), 1);
	/* Among unrated ones the fit still counts: only id 1 fits → id 1. */
	c[0].in_municipality = false;
	c[1].in_municipality = false;
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 3, &no_need, 0), 1);
}

static void test_c4_best_rated_single(void **state)
{
	struct nonchoice_candidate c[1];

	(void)state;
	/* One candidate, unrated, no fit: still assigned. */
	c[0] = cand(42, false, 0, 100);
	assert_int_equal(picked_id(NONCHOICE_BEST_RATED, c, 1, &digital_need, 0),
			 42);
}

/* ---------------------------------------------------------------- */
/* nearest                                                           */

static void test_c4_nearest_order(void **state)
{
	struct nonchoice_candidate c[4];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	/* id 3: neither, load 0; id 8: county, load 1; id 9: municipality
	 * (and county), load 50, rated low; id 2: county, load 1, rated high.
	 * The municipality comes first → id 9 (rating does not count). */
	c[0] = cand(3, false, 0, 0);
	c[1] = cand(8, false, 0, 1);
	c[1].in_county = true;
	c[2] = cand(9, true, 1, 50);
	c[2].in_municipality = true;
	c[2].in_county = true;
	c[3] = cand(2, true, 100, 1);
	c[3].in_county = true;
	assert_int_equal(pick(NONCHOICE_NEAREST, c, 4, &no_need, 0, why), 2);
	assert_non_null(strstr(why, "municipality"));
	/* Without id 9: the county ones, ids 8 and 2 at load 1 → id 2. */
	c[2] = c[3];
	assert_int_equal(pick(NONCHOICE_NEAREST, c, 3, &no_need, 0, why), 2);
	assert_int_equal(c[2].provider_id, 2);
	/* Give id 8 the lower load (0 < 1) → id 8 (index 1). */
	c[1].load = 0;
	assert_int_equal(pick(NONCHOICE_NEAREST, c, 3, &no_need, 0, why), 1);
	/* Only id 3, in neither: still assigned, and why says so. */
	assert_int_equal(pick(NONCHOICE_NEAREST, c, 1, &no_need, 0, why), 0);
	assert_non_null(strstr(why, "county"));
}

static void test_c4_nearest_load_then_id(void **state)
{
	struct nonchoice_candidate c[3];

	(void)state;
	/* All in the municipality: loads 7, 6, 6 at ids 1, 12, 11 → id 11. */
	c[0] = cand(1, false, 0, 7);
	c[1] = cand(12, false, 0, 6);
	c[2] = cand(11, false, 0, 6);
	for (int i = 0; i < 3; i++) {
		c[i].in_municipality = true;
		c[i].in_county = true;
	}
	assert_int_equal(picked_id(NONCHOICE_NEAREST, c, 3, &no_need, 0), 11);
	/* The accessibility need plays no part in nearest: same answer. */
	assert_int_equal(picked_id(NONCHOICE_NEAREST, c, 3, &digital_need, 0), 11);
	/* All load 6: lowest id 1. */
	c[0].load = 6;
	assert_int_equal(picked_id(NONCHOICE_NEAREST, c, 3, &no_need, 0), 1);
}

/* ---------------------------------------------------------------- */
/* rotation                                                          */

static void test_c4_rotation(void **state)
{
	struct nonchoice_candidate c[3];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	/* ids 30, 10, 20 (out of order); loads and ratings do not count. */
	c[0] = cand(30, true, 100, 0);
	c[1] = cand(10, false, 0, 900);
	c[2] = cand(20, true, 1, 50);
	/* None assigned yet (0): the lowest id, 10. */
	assert_int_equal(pick(NONCHOICE_ROTATION, c, 3, &no_need, 0, why), 1);
	/* After 10 → 20; after 20 → 30. */
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 3, &no_need, 10), 20);
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 3, &no_need, 20), 30);
	/* After 30, the highest: wrap around to 10. */
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 3, &no_need, 30), 10);
	/* The last one has since left the area: the next id after it. */
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 3, &no_need, 15), 20);
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 3, &no_need, 99), 10);
	/* One provider: always it. */
	assert_int_equal(picked_id(NONCHOICE_ROTATION, c, 1, &no_need, 30), 30);
	/* A full round visits each once: 10 → 20 → 30 → 10. */
	{
		int64_t last = 0, seen[4];

		for (int i = 0; i < 4; i++)
			last = seen[i] = picked_id(NONCHOICE_ROTATION, c, 3,
						   &no_need, last);
		assert_int_equal(seen[0], 10);
		assert_int_equal(seen[1], 20);
		assert_int_equal(seen[2], 30);
		assert_int_equal(seen[3], 10);
	}
}

/* ---------------------------------------------------------------- */
/* No candidate                                                      */

static void test_c4_no_candidate_refused(void **state)
{
	struct nonchoice_candidate c[1];
	char why[NONCHOICE_WHY_LEN];

	(void)state;
	c[0] = cand(1, true, 1, 1);
	for (int r = 0; r < NONCHOICE_RULE_COUNT; r++) {
		struct kverr e;
		int at = -5;

		kverr_clear(&e);
		if (nonchoice_pick((enum nonchoice_rule)r, c, 0, &no_need, 0,
				   &at, why, &e) != -1)
			fail_msg("rule %s accepted no candidates",
				 nonchoice_rule_names[r]);
		assert_int_equal(e.cls, KVERR_CONFLICT);
		assert_string_equal(e.code, "no_provider");
		assert_true(e.message[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c4_rule_names),
		cmocka_unit_test(test_c4_best_rated_rated_beats_unrated),
		cmocka_unit_test(test_c4_best_rated_score),
		cmocka_unit_test(test_c4_best_rated_fit_no_need),
		cmocka_unit_test(test_c4_best_rated_fit_digital),
		cmocka_unit_test(test_c4_best_rated_fit_accessible),
		cmocka_unit_test(test_c4_best_rated_load_then_id),
		cmocka_unit_test(test_c4_best_rated_unrated_tie),
		cmocka_unit_test(test_c4_best_rated_single),
		cmocka_unit_test(test_c4_nearest_order),
		cmocka_unit_test(test_c4_nearest_load_then_id),
		cmocka_unit_test(test_c4_rotation),
		cmocka_unit_test(test_c4_no_candidate_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
