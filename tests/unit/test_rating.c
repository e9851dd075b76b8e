/*
 * test_rating.c — unit tests for src/core/rating.c, the provider rating
 * (R-1, R-3; issue 7's "Done when"):
 *
 *   - risk adjustment: a provider with only track-4 participants and one
 *     with only track-1 participants, with the same ratio, get the same
 *     stars, though their raw result rates are far apart;
 *   - minimum volumes: 17 participants or 11 months of operation are
 *     "not yet rated" with the reason; 18 and 12 are rated;
 *   - the confidence interval against a binomial case worked by hand;
 *   - cut points: stars by nearest-rank percentiles, ties, few units;
 *   - the shipped parameters, and refusals of inconsistent ones;
 *   - what counts as a result (the rulebook's outcome definitions, P-6,
 *     P-7), model-score cells, the publication schedule and the
 *     termination test.
 *
 * Every expected figure is worked out by hand in the comment beside it.
 */
#include "testutil.h"

#include <math.h>

#include "app/rulebooks.h"
#include "app/files.h"
#include "core/nonchoice.h"
#include "core/rating.h"

#define RULES_DIR "rules"
#define MAX_PEOPLE 600

/* Rules as shipped, on a date after their effective date. */
static struct rating_rules shipped(void)
{
	struct rating_params p;
	struct rating_rules r;
	struct kverr e = { 0 };
	json_t *root = files_load_json(RULES_DIR "/rating.json", &e);

	if (!root || rating_params_parse(root, "rating.json", &p, &e))
		fail_msg("rules/rating.json: %s", e.message);
	json_decref(root);
	rating_rules_at(&p, D("2026-11-01"), &r);
	return r;
}

/* A table of people built group by group: n people of a track (score -1)
 * in unit u, `results` of whom had a full result. */
struct table {
	struct rating_person p[MAX_PEOPLE];
	size_t n;
};

static void add(struct table *t, int unit, int track, int n, int results)
{
	for (int i = 0; i < n; i++) {
		assert_true(t->n < MAX_PEOPLE);
		t->p[t->n++] = (struct rating_person){ .unit = unit, .track = track,
			.score_ppm = -1, .result_pct = i < results ? 100 : 0 };
	}
}

static void compute(const struct rating_rules *r, const struct table *t,
		    struct rating_unit *u, size_t n_units,
		    struct rating_market *m)
{
	struct kverr e = { 0 };

	for (size_t k = 0; k < n_units; k++)
		if (!u[k].months_operating)
			u[k].months_operating = 24;
	if (rating_compute(r, t->p, t->n, u, n_units, m, &e))
		fail_msg("rating_compute: %s", e.message);
}

/* ------------------------------------------------------------------ */
/* Parameters                                                         */

static void test_shipped_parameters(void **state)
{
	struct rating_rules r = shipped();
	date_t from, last;

	(void)state;
	/* Issue 7: 22 to 11 months, 18 participants, 12 months, 90 %,
	 * every 2 months, 1 star and 0.2 in 2 rounds. */
	assert_int_equal(r.window_from_months, 22);
	assert_int_equal(r.window_to_months, 11);
	assert_int_equal(r.min_participants, 18);
	assert_int_equal(r.min_months, 12);
	assert_int_equal(r.confidence_percent, 90);
	assert_int_equal(r.cut_percentile[0], 20);
	assert_int_equal(r.cut_percentile[1], 50);
	assert_int_equal(r.cut_percentile[2], 80);
	assert_int_equal(r.publish_every_months, 2);
	assert_int_equal(r.terminate_max_stars, 1);
	assert_int_equal(r.terminate_ratio_below_ppm, 200000);
	assert_int_equal(r.terminate_rounds, 2);
	/* measured on 2026-11-01, started from 2025-01-01 (22 months
	 * before) up to 2025-12-01 (11 months before), not included. */
	rating_window(&r, D("2026-11-01"), &from, &last);
	assert_int_equal(from, D("2025-01-01"));
	assert_int_equal(last, D("2025-11-30"));
}

static void expect_refused(const char *text, const char *code,
			   const char *field)
{
	struct rating_params p;
	struct kverr e = { 0 };
	json_t *root = testutil_load_json(text);

	assert_int_equal(rating_params_parse(root, "r.json", &p, &e), -1);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, code);
	assert_string_equal(e.field, field);
	assert_non_null(strstr(e.message, "r.json"));
	json_decref(root);
}

/* The shipped file with one parameter's dated values replaced. */
static char *with(const char *key, const char *value)
{
	static char buf[4096];
	struct kverr e = { 0 };
	char *text = files_read(RULES_DIR "/rating.json", 65536, NULL, &e);
	char *at, *end, pattern[64];

	if (!text)
		fail_msg("%s", e.message);
	snprintf(pattern, sizeof(pattern), "\"%s\": ", key);
	at = strstr(text, pattern);
	assert_non_null(at);
	at += strlen(pattern);
	end = strchr(at, '}') + 1;
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - text), text, value, end);
	free(text);
	return buf;
}

static void test_inconsistent_parameters_refused(void **state)
{
	(void)state;
	/* The window would end 22 months before, when it begins. */
	expect_refused(with("window_to_months", "{ \"2019-08-21\": 22 }"),
		       "bad_window", "parameters.window_to_months");
	/* Only from 2027: the check runs on every date a value changes. */
	expect_refused(with("window_to_months", "{ \"2019-08-21\": 11,"
			    " \"2027-01-01\": 30 }"),
		       "bad_window", "parameters.window_to_months");
	/* Cut points 20, 50, 50 do not rise. */
	expect_refused(with("stars4_percentile", "{ \"2019-08-21\": 50 }"),
		       "bad_cut_points", "parameters.stars3_percentile");
	/* Out of range, and unknown, as every rules file. */
	expect_refused(with("confidence_percent", "{ \"2019-08-21\": 100 }"),
		       "out_of_range", "parameters.confidence_percent");
	expect_refused("{\"id\": \"rating\", \"parameters\": {\"stars\": {}}}",
		       "unknown_key", "parameters.stars");
}

/* ------------------------------------------------------------------ */
/* What counts as a result (R-1, P-6, P-7)                            */

static void test_outcome_definitions_of_the_rulebook(void **state)
{
	struct rulebook *rb = calloc(1, sizeof(*rb));
	struct kverr e = { 0 };
	date_t d = D("2025-03-01");

	(void)state;
	assert_non_null(rb);
	/* lov-almega: employment full; labour-market training reduced at
	 * 50 % (P-7); leaving social assistance does not count. */
	assert_int_equal(rulebooks_load(RULES_DIR, "lov-almega", rb, &e), 0);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_EMPLOYMENT, d), 100);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_LABOUR_MARKET_TRAINING, d), 50);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_LEFT_SOCIAL_ASSISTANCE, d), 0);
	/* stom: training is no result at all. */
	assert_int_equal(rulebooks_load(RULES_DIR, "stom", rb, &e), 0);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_STUDIES, d), 100);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_LABOUR_MARKET_TRAINING, d), 0);
	/* Nacka's job voucher has no result payment: its bonus defines the
	 * result, and leaving social assistance counts there. */
	assert_int_equal(rulebooks_load(RULES_DIR, "nacka-jobbpeng", rb, &e), 0);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_LEFT_SOCIAL_ASSISTANCE, d), 100);
	/* BAUB pays a course by its cohort: nothing to rate. */
	assert_int_equal(rulebooks_load(RULES_DIR, "baub", rb, &e), 0);
	assert_int_equal(rating_outcome_percent(rb, RB_OUT_EMPLOYMENT, d), -1);
	free(rb);
}

static void test_result_within_the_months_after_start(void **state)
{
	struct rating_rules r = shipped();
	date_t start = D("2025-01-15"), on = D("2026-11-01");

	(void)state;
	/* 11 months from 2025-01-15 is 2025-12-15: the day before counts,
	 * that day does not; nor an outcome before the start. */
	assert_true(rating_outcome_counts(&r, start, D("2025-01-15"), on));
	assert_true(rating_outcome_counts(&r, start, D("2025-12-14"), on));
	assert_false(rating_outcome_counts(&r, start, D("2025-12-15"), on));
	assert_false(rating_outcome_counts(&r, start, D("2025-01-14"), on));
	/* Nothing after the measurement date, even within the months. */
	assert_false(rating_outcome_counts(&r, D("2026-10-01"), D("2026-11-02"),
					   D("2026-11-01")));
}

/* ------------------------------------------------------------------ */
/* The confidence interval against a hand-computed binomial case      */

static void test_probit(void **state)
{
	(void)state;
	/* Tables of the normal distribution: 1.644854, 1.959964, 2.575829. */
	assert_true(fabs(rating_probit(0.95) - 1.6448536269514715) < 1e-12);
	assert_true(fabs(rating_probit(0.975) - 1.9599639845400536) < 1e-12);
	assert_true(fabs(rating_probit(0.995) - 2.5758293035489004) < 1e-12);
	assert_true(fabs(rating_probit(0.01) + 2.3263478740408408) < 1e-12);
	assert_true(rating_probit(0.5) == 0.0);
}

/*
 * 5 results of 20, 90 %: Wilson's score interval.
 *   z = 1.644854, z² = 2.705543, p = 0.25
 *   centre = (p + z²/2n) / (1 + z²/n) = (0.25 + 0.067639) / 1.135277 = 0.279789
 *   half   = z √(p(1−p)/n + z²/4n²) / (1 + z²/n)
 *          = 1.644854 × √(0.009375 + 0.001691) / 1.135277 = 0.152411
 *   interval 0.127378 … 0.432200.
 */
static void test_wilson_hand_computed(void **state)
{
	int64_t lo, hi;

	(void)state;
	rating_wilson(500, 20, 90, &lo, &hi);
	assert_true(llabs(lo - 127378) <= 1);
	assert_true(llabs(hi - 432200) <= 2);
	/* No result at all: from 0; all of them: up to 1. */
	rating_wilson(0, 20, 90, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_true(hi > 100000 && hi < 130000);   /* z²/(n+z²) = 0.119 */
	rating_wilson(2000, 20, 90, &lo, &hi);
	assert_int_equal(hi, RATING_PPM);
}

/*
 * The same case as a rating: a provider's 20 participants in track 2 with
 * 5 results, where the market's rate in track 2 is 20 of 100 = 0.2, so 4
 * were expected: ratio 5 / 4 = 1.25, and the interval is the rate's
 * divided by 0.2: 0.127378 / 0.2 = 0.636886 … 0.432200 / 0.2 = 2.161001.
 */
static void test_ratio_interval_hand_computed(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[1] = { { .provider_id = 1, .area_id = 1 } };
	struct rating_market m;

	(void)state;
	t.n = 0;
	add(&t, 0, 2, 20, 5);
	add(&t, -1, 2, 80, 15);   /* the rest of the market */
	compute(&r, &t, u, 1, &m);
	assert_int_equal(m.participants, 100);
	assert_int_equal(m.n_cells, 1);
	assert_int_equal(m.cells[0].index, 2);
	assert_int_equal(u[0].reason, RATING_RATED);
	assert_int_equal(u[0].observed_pct, 500);
	assert_int_equal(u[0].expected_ppm, 4000000);
	assert_int_equal(u[0].ratio_ppm, 1250000);
	assert_true(llabs(u[0].low_ppm - 636886) <= 5);
	assert_true(llabs(u[0].high_ppm - 2161001) <= 10);
	assert_string_equal(rating_significance(&u[0]), "as_expected");
}

/* ------------------------------------------------------------------ */
/* Risk adjustment                                                    */

/*
 * The market: track 1 has 100 participants with 40 results (rate 0.4),
 * track 4 has 120 with 12 (rate 0.1).
 *   A: 20 in track 1, 10 results: expected 20 × 0.4 = 8,  ratio 1.25
 *   B: 40 in track 4,  5 results: expected 40 × 0.1 = 4,  ratio 1.25
 *   C: 20 in track 1,  4 results: expected 8,             ratio 0.50
 *   D: 40 in track 4,  2 results: expected 4,             ratio 0.50
 *   E: 20 + 20, 8 + 2 results:    expected 8 + 2 = 10,   ratio 1.00
 *   the rest (no longer admitted): 40 in track 1 with 18, 20 in track 4
 *   with 3, so that track 1 holds 40/100 and track 4 12/120.
 * Sorted ratios 0.5 0.5 1.0 1.25 1.25; cut points at ranks ceil(0.2×5)=1,
 * ceil(0.5×5)=3, ceil(0.8×5)=4: 0.5, 1.0, 1.25.  C, D: 1 star; E: 2;
 * A and B: 3 — the same, though A's raw rate is 50 % and B's 12.5 %.
 */
static void test_risk_adjustment_track4_equals_track1(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[5] = { { .provider_id = 1 }, { .provider_id = 2 },
		{ .provider_id = 3 }, { .provider_id = 4 }, { .provider_id = 5 } };
	struct rating_market m;

	(void)state;
	t.n = 0;
	add(&t, 0, 1, 20, 10);
	add(&t, 1, 4, 40, 5);
	add(&t, 2, 1, 20, 4);
	add(&t, 3, 4, 40, 2);
	add(&t, 4, 1, 20, 8);
	add(&t, 4, 4, 20, 2);
	add(&t, -1, 1, 40, 18);
	add(&t, -1, 4, 20, 3);
	compute(&r, &t, u, 5, &m);
	assert_int_equal(m.rated, 5);
	assert_int_equal(u[0].expected_ppm, 8000000);
	assert_int_equal(u[1].expected_ppm, 4000000);
	assert_int_equal(u[4].expected_ppm, 10000000);
	/* Raw rates far apart: 10/20 against 5/40. */
	assert_true(u[0].observed_pct * u[1].participants !=
		    u[1].observed_pct * u[0].participants);
	assert_int_equal(u[0].ratio_ppm, 1250000);
	assert_int_equal(u[1].ratio_ppm, 1250000);
	assert_int_equal(u[0].stars, u[1].stars);
	assert_int_equal(u[0].stars, 3);
	assert_int_equal(u[2].stars, 1);
	assert_int_equal(u[3].stars, 1);
	assert_int_equal(u[4].stars, 2);
	assert_int_equal(m.cut_ppm[0], 500000);
	assert_int_equal(m.cut_ppm[1], 1000000);
	assert_int_equal(m.cut_ppm[2], 1250000);
}

/* Participants with a model score fall in score bands, not tracks:
 * 10 % bands, a score of 1.0 in the last band (9). */
static void test_model_score_cells(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[1] = { { .provider_id = 1 } };
	struct rating_market m;

	(void)state;
	t.n = 0;
	/* Band 3 (0.30 … 0.39): 20 people, 6 results → 0.3; the unit's 10
	 * of them (tracks 1 and 4 alike) have 5 → expected 3, ratio 1.667. */
	for (int i = 0; i < 20; i++)
		t.p[t.n++] = (struct rating_person){ .unit = i < 10 ? 0 : -1,
			.track = i % 2 ? 4 : 1, .score_ppm = 300000 + i * 4000,
			.result_pct = (i < 5 || i == 10) ? 100 : 0 };
	t.p[t.n++] = (struct rating_person){ .unit = -1, .track = 2,
		.score_ppm = RATING_PPM, .result_pct = 100 };
	add(&t, -1, 1, 10, 1);
	compute(&r, &t, u, 1, &m);
	assert_int_equal(m.n_cells, 3);
	assert_int_equal(m.cells[0].kind, 't');     /* track 1: 10 people */
	assert_int_equal(m.cells[1].kind, 's');
	assert_int_equal(m.cells[1].index, 3);
	assert_int_equal(m.cells[1].participants, 20);
	assert_int_equal(m.cells[1].results_pct, 600);
	assert_int_equal(m.cells[2].index, 9);
	assert_int_equal(u[0].participants, 10);   /* under 18: */
	assert_int_equal(u[0].reason, RATING_FEW_PARTICIPANTS);
	assert_int_equal(u[0].expected_ppm, 3000000);
	assert_int_equal(u[0].observed_pct, 500);
}

/* ------------------------------------------------------------------ */
/* Minimum volumes                                                    */

/*
 * One track, rate 5 / 10 = 0.5 everywhere: four units with 17, 18, 18 and
 * 18 participants, the last two admitted 11 and 12 months.  Only 18 with
 * 12 months (or more) are rated; the others say why, and they do not
 * count in the cut points.
 */
static void test_minimum_volumes(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[4] = {
		{ .provider_id = 1, .months_operating = 30 },
		{ .provider_id = 2, .months_operating = 30 },
		{ .provider_id = 3, .months_operating = 11 },
		{ .provider_id = 4, .months_operating = 12 } };
	struct rating_market m;

	(void)state;
	t.n = 0;
	add(&t, 0, 1, 17, 0);      /* would be the lowest ratio: not rated */
	add(&t, 1, 1, 18, 9);
	add(&t, 2, 1, 18, 18);     /* would be the highest: not rated */
	add(&t, 3, 1, 18, 9);
	add(&t, -1, 1, 71, 0);
	/* Rate: 36 results of 142 → 0.253521; the same for everyone. */
	compute(&r, &t, u, 4, &m);
	assert_int_equal(u[0].reason, RATING_FEW_PARTICIPANTS);
	assert_string_equal(rating_reason_codes[u[0].reason],
			    "too_few_participants");
	assert_int_equal(u[0].stars, 0);
	assert_int_equal(u[1].reason, RATING_RATED);
	assert_int_equal(u[2].reason, RATING_SHORT_OPERATION);
	assert_string_equal(rating_reason_codes[u[2].reason],
			    "too_short_operation");
	assert_int_equal(u[3].reason, RATING_RATED);
	assert_null(rating_significance(&u[0]));
	/* Two rated units with the same ratio: every cut point is theirs,
	 * and both get 1 star (no ratio is above its own). */
	assert_int_equal(m.rated, 2);
	assert_int_equal(u[1].ratio_ppm, u[3].ratio_ppm);
	assert_int_equal(m.cut_ppm[0], u[1].ratio_ppm);
	assert_int_equal(m.cut_ppm[2], u[1].ratio_ppm);
	assert_int_equal(u[1].stars, 1);
	assert_int_equal(u[3].stars, 1);
}

/* A unit whose participants are all in a cell where nobody in the market
 * reached a result has nothing to be compared with. */
static void test_no_expected(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[1] = { { .provider_id = 1 } };
	struct rating_market m;

	(void)state;
	t.n = 0;
	add(&t, 0, 3, 20, 0);
	add(&t, -1, 3, 20, 0);
	compute(&r, &t, u, 1, &m);
	assert_int_equal(u[0].reason, RATING_NO_EXPECTED);
	assert_int_equal(m.rated, 0);
	assert_int_equal(m.cut_ppm[0], 0);
}

/* ------------------------------------------------------------------ */
/* Cut points                                                         */

/*
 * Ten units of 20 in one track with 1, 2, … 10 results: 55 of 200, rate
 * 0.275, each expected 5.5, ratios k / 5.5.  Nearest rank: the cut points
 * are the 2nd (ceil 0.2×10), 5th and 8th smallest: 2/5.5 = 0.363636,
 * 5/5.5 = 0.909091, 8/5.5 = 1.454545.  Stars 1 1 2 2 2 3 3 3 4 4.
 */
static void test_cut_points(void **state)
{
	static const int want[10] = { 1, 1, 2, 2, 2, 3, 3, 3, 4, 4 };
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[10];
	struct rating_market m;

	(void)state;
	memset(u, 0, sizeof(u));
	t.n = 0;
	/* Listed from the best down, so a rank by position would fail. */
	for (int k = 9; k >= 0; k--) {
		u[k].provider_id = k + 1;
		add(&t, k, 2, 20, k + 1);
	}
	compute(&r, &t, u, 10, &m);
	assert_int_equal(m.rated, 10);
	assert_int_equal(m.cut_ppm[0], 363636);
	assert_int_equal(m.cut_ppm[1], 909091);
	assert_int_equal(m.cut_ppm[2], 1454545);
	for (int k = 0; k < 10; k++) {
		assert_int_equal(u[k].expected_ppm, 5500000);
		assert_int_equal(u[k].stars, want[k]);
	}
	/* The best: 10 of 20 against 5.5; Wilson's interval of the rate
	 * 0.327 … 0.673, / 0.275 = 1.191 … 2.446: above 1.  The worst: 1 of
	 * 20, 0.011 … 0.196, / 0.275 = 0.041 … 0.713: below 1. */
	assert_string_equal(rating_significance(&u[9]), "above");
	assert_string_equal(rating_significance(&u[0]), "below");
}

/* Shifting the cut points moves the stars: with 10, 20, 30 the 2nd of
 * ten units is above the first cut (the 1st smallest) and the 4th above
 * all three (1st, 2nd, 3rd). */
static void test_cut_points_are_parameters(void **state)
{
	static struct table t;
	struct rating_rules r = shipped();
	struct rating_unit u[10];
	struct rating_market m;

	(void)state;
	r.cut_percentile[0] = 10;
	r.cut_percentile[1] = 20;
	r.cut_percentile[2] = 30;
	memset(u, 0, sizeof(u));
	t.n = 0;
	for (int k = 0; k < 10; k++)
		add(&t, k, 1, 20, k + 1);
	compute(&r, &t, u, 10, &m);
	assert_int_equal(u[0].stars, 1);
	assert_int_equal(u[1].stars, 2);
	assert_int_equal(u[2].stars, 3);
	assert_int_equal(u[3].stars, 4);
	assert_int_equal(u[9].stars, 4);
}

static void test_bad_person_refused(void **state)
{
	struct rating_rules r = shipped();
	struct rating_person p[2] = {
		{ .unit = 0, .track = 1, .score_ppm = -1, .result_pct = 100 },
		{ .unit = 0, .track = 9, .score_ppm = -1, .result_pct = 0 } };
	struct rating_unit u[1] = { { .provider_id = 1 } };
	struct rating_market m;
	struct kverr e = { 0 };

	(void)state;
	assert_int_equal(rating_compute(&r, p, 2, u, 1, &m, &e), -1);
	assert_string_equal(e.code, "bad_person");
	assert_string_equal(e.field, "people[1]");
	p[1].track = 1;
	p[1].unit = 1;    /* no such unit */
	assert_int_equal(rating_compute(&r, p, 2, u, 1, &m, &e), -1);
}

/* ------------------------------------------------------------------ */
/* Publication and the termination test                         */

static void test_publication_schedule(void **state)
{
	struct rating_rules r = shipped();

	(void)state;
	/* Every 2 calendar months: after January, March on. */
	assert_true(rating_publish_due(&r, 0, D("2026-01-15")));
	assert_false(rating_publish_due(&r, D("2026-01-15"), D("2026-02-28")));
	assert_true(rating_publish_due(&r, D("2026-01-15"), D("2026-03-01")));
	assert_true(rating_publish_due(&r, D("2026-01-31"), D("2026-03-02")));
	assert_int_equal(rating_next_publication(&r, D("2026-01-15")),
			 D("2026-03-01"));
	assert_int_equal(rating_next_publication(&r, D("2026-12-03")),
			 D("2027-02-01"));
}

static void test_termination_candidates(void **state)
{
	struct rating_rules r = shipped();
	struct rating_mark low = { true, true, 1, 150000 };
	struct rating_mark k[2] = { low, low };

	(void)state;
	/* 1 star and 0.15 in both of the last two rounds. */
	assert_true(rating_termination_candidate(&r, k, 2));
	/* One round is not two in a row. */
	assert_false(rating_termination_candidate(&r, k, 1));
	/* 0.2 is not below 0.2. */
	k[1].ratio_ppm = 200000;
	assert_false(rating_termination_candidate(&r, k, 2));
	k[1].ratio_ppm = 199999;
	assert_true(rating_termination_candidate(&r, k, 2));
	/* Two stars in the round before: not the lowest. */
	k[1].stars = 2;
	assert_false(rating_termination_candidate(&r, k, 2));
	/* Not rated, or not in the round at all. */
	k[1] = low;
	k[1].rated = false;
	assert_false(rating_termination_candidate(&r, k, 2));
	k[1] = low;
	k[1].present = false;
	assert_false(rating_termination_candidate(&r, k, 2));
}

/* C-4: non-choice ranks by the stars of the latest published round and
 * says which round: ids 7 (3 stars, load 1) and 4 (3 stars, load 5) tie
 * on stars above 9 (2 stars, idle); both fit no need → the lower load, 7. */
static void test_nonchoice_names_the_round(void **state)
{
	struct nonchoice_candidate c[3] = {
		{ .provider_id = 9, .rated = true, .score = 2, .round_id = 12 },
		{ .provider_id = 4, .rated = true, .score = 3, .round_id = 12,
		  .load = 5 },
		{ .provider_id = 7, .rated = true, .score = 3, .round_id = 12,
		  .load = 1 } };
	struct nonchoice_need need = { false, false };
	char why[NONCHOICE_WHY_LEN];
	struct kverr e = { 0 };
	int at = -1;

	(void)state;
	assert_int_equal(nonchoice_pick(NONCHOICE_BEST_RATED, c, 3, &need, 0,
					&at, why, &e), 0);
	assert_int_equal(c[at].provider_id, 7);
	assert_non_null(strstr(why, "3 stars in rating round 12"));
	assert_non_null(strstr(why, "2 provider(s) equal"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_parameters),
		cmocka_unit_test(test_inconsistent_parameters_refused),
		cmocka_unit_test(test_outcome_definitions_of_the_rulebook),
		cmocka_unit_test(test_result_within_the_months_after_start),
		cmocka_unit_test(test_probit),
		cmocka_unit_test(test_wilson_hand_computed),
		cmocka_unit_test(test_ratio_interval_hand_computed),
		cmocka_unit_test(test_risk_adjustment_track4_equals_track1),
		cmocka_unit_test(test_model_score_cells),
		cmocka_unit_test(test_minimum_volumes),
		cmocka_unit_test(test_no_expected),
		cmocka_unit_test(test_cut_points),
		cmocka_unit_test(test_cut_points_are_parameters),
		cmocka_unit_test(test_bad_person_refused),
		cmocka_unit_test(test_publication_schedule),
		cmocka_unit_test(test_termination_candidates),
		cmocka_unit_test(test_nonchoice_names_the_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
