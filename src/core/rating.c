/*
 * rating.c — the provider rating (see rating.h): parameters, what counts
 * as a result, risk-adjusted ratios with Wilson intervals, stars by
 * percentile, the publication schedule and the termination test.
 *
 * Everything a round stores is an integer (results × 100, expected
 * results and ratios × 1,000,000), so that the same facts give the same
 * round, byte for byte, and two units with the same ratio always get the
 * same stars.  Floating point is used only inside the interval.
 */
#include "core/rating.h"

#include <math.h>
#include <string.h>

const char *const rating_reason_codes[RATING_REASON_COUNT] = {
	"rated", "too_few_participants", "too_short_operation", "no_expected"
};

/* --------------------------------------------------------- parameters */

static const struct effective_key param_keys[] = {
	{ "window_from_months", offsetof(struct rating_params, window_from_months), 2, 120 },
	{ "window_to_months", offsetof(struct rating_params, window_to_months), 0, 119 },
	{ "result_within_months", offsetof(struct rating_params, result_within_months), 1, 120 },
	{ "min_participants", offsetof(struct rating_params, min_participants), 1, 100000 },
	{ "min_months", offsetof(struct rating_params, min_months), 0, 120 },
	{ "confidence_percent", offsetof(struct rating_params, confidence_percent), 50, 99 },
	{ "stars2_percentile", offsetof(struct rating_params, stars2_percentile), 1, 99 },
	{ "stars3_percentile", offsetof(struct rating_params, stars3_percentile), 1, 99 },
	{ "stars4_percentile", offsetof(struct rating_params, stars4_percentile), 1, 99 },
	{ "score_band_ppm", offsetof(struct rating_params, score_band_ppm),
	  RATING_PPM / RATING_MAX_BANDS, RATING_PPM },
	{ "publish_every_months", offsetof(struct rating_params, publish_every_months), 1, 24 },
	{ "terminate_max_stars", offsetof(struct rating_params, terminate_max_stars), 1, RATING_STARS },
	{ "terminate_ratio_below_ppm", offsetof(struct rating_params, terminate_ratio_below_ppm),
	  0, 100 * (int64_t)RATING_PPM },
	{ "terminate_rounds", offsetof(struct rating_params, terminate_rounds), 1, 12 },
};

#define N_KEYS (sizeof(param_keys) / sizeof(param_keys[0]))

void rating_rules_at(const struct rating_params *p, date_t on,
		     struct rating_rules *out)
{
	out->window_from_months = (int)effective_or_first(&p->window_from_months, on);
	out->window_to_months = (int)effective_or_first(&p->window_to_months, on);
	out->result_within_months = (int)effective_or_first(&p->result_within_months, on);
	out->min_participants = (int)effective_or_first(&p->min_participants, on);
	out->min_months = (int)effective_or_first(&p->min_months, on);
	out->confidence_percent = (int)effective_or_first(&p->confidence_percent, on);
	out->cut_percentile[0] = (int)effective_or_first(&p->stars2_percentile, on);
	out->cut_percentile[1] = (int)effective_or_first(&p->stars3_percentile, on);
	out->cut_percentile[2] = (int)effective_or_first(&p->stars4_percentile, on);
	out->score_band_ppm = (int32_t)effective_or_first(&p->score_band_ppm, on);
	out->publish_every_months = (int)effective_or_first(&p->publish_every_months, on);
	out->terminate_max_stars = (int)effective_or_first(&p->terminate_max_stars, on);
	out->terminate_ratio_below_ppm =
		effective_or_first(&p->terminate_ratio_below_ppm, on);
	out->terminate_rounds = (int)effective_or_first(&p->terminate_rounds, on);
}

/* The parameters that must agree with each other, on one date. */
static int check_rules(const struct rating_rules *r, const char *file,
		       date_t on, struct kverr *e)
{
	char d[DATE_STRLEN];

	date_format(on, d);
	if (r->window_to_months >= r->window_from_months)
		return kverr_set(e, KVERR_INVALID, "bad_window",
				 "parameters.window_to_months", "%s: from %s the"
				 " window would end (%d months before) before it"
				 " begins (%d months before).", file, d,
				 r->window_to_months, r->window_from_months);
	if (r->cut_percentile[0] >= r->cut_percentile[1] ||
	    r->cut_percentile[1] >= r->cut_percentile[2])
		return kverr_set(e, KVERR_INVALID, "bad_cut_points",
				 "parameters.stars3_percentile", "%s: from %s the"
				 " star cut points (%d, %d, %d) must rise.", file, d,
				 r->cut_percentile[0], r->cut_percentile[1],
				 r->cut_percentile[2]);
	return 0;
}

int rating_params_parse(const json_t *root, const char *file,
			struct rating_params *out, struct kverr *e)
{
	memset(out, 0, sizeof(*out));
	if (effective_file_parse(root, file, param_keys, N_KEYS, out, e))
		return -1;
	/* Every date any parameter changes on starts a combination. */
	for (size_t k = 0; k < N_KEYS; k++) {
		const struct effective *eff = (const struct effective *)
			((const char *)out + param_keys[k].offset);

		for (int i = 0; i < eff->n; i++) {
			struct rating_rules r;

			rating_rules_at(out, eff->from[i], &r);
			if (check_rules(&r, file, eff->from[i], e))
				return -1;
		}
	}
	return 0;
}

void rating_window(const struct rating_rules *r, date_t on, date_t *from,
		   date_t *last)
{
	/* started 22 to 11 months before the measurement date, so that
	 * everyone measured has had the same time to reach a result. */
	*from = date_add_months(on, -r->window_from_months);
	*last = date_add_days(date_add_months(on, -r->window_to_months), -1);
}

/* ------------------------------------------------------------ results */

int rating_outcome_percent(const struct rulebook *rb, enum rb_outcome type,
			   date_t start)
{
	const enum rb_weight *w;

	/* the outcome definitions of the compensation model. */
	if (rb->has_result)
		w = rb->weight;
	else if (rb->bonus_when != RB_BONUS_NONE)
		w = rb->bonus_weight;
	else
		return -1;
	if ((int)type < 0 || type >= RB_OUT_COUNT)
		return 0;
	switch (w[type]) {
	case RB_WEIGHT_FULL:
		return 100;
	case RB_WEIGHT_REDUCED:
		/* P-7: a reduced outcome counts its share. */
		return (int)rb_value_or_zero(&rb->reduced_percent, start, 0);
	default:
		return 0;
	}
}

bool rating_outcome_counts(const struct rating_rules *r, date_t part_start,
			   date_t outcome_start, date_t on)
{
	return outcome_start <= on && outcome_start >= part_start &&
	       outcome_start < date_add_months(part_start, r->result_within_months);
}

/* --------------------------------------------------------- statistics */

double rating_probit(double p)
{
	/* Acklam's rational approximation, then one Halley step on erfc,
	 * which brings it to the precision of double. */
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
		-3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
		-1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
		4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r, x, u;

	if (p <= 0.0 || p >= 1.0)
		return p <= 0.0 ? -HUGE_VAL : HUGE_VAL;
	if (p < 0.02425 || p > 1 - 0.02425) {
		q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		if (p > 0.5)
			x = -x;
	} else {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	u = (0.5 * erfc(-x / sqrt(2.0)) - p) * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* Wilson's interval as doubles (rates 0 … 1). */
static void wilson(double x, int n, int confidence, double *lo, double *hi)
{
	double z = rating_probit(1 - (1 - confidence / 100.0) / 2);
	double p = x / n, z2n = z * z / n;
	double centre = (p + z2n / 2) / (1 + z2n);
	double half = z * sqrt(p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);

	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

void rating_wilson(int64_t x_pct, int n, int confidence_percent,
		   int64_t *low_ppm, int64_t *high_ppm)
{
	double lo, hi;

	if (n <= 0) {
		*low_ppm = *high_ppm = 0;
		return;
	}
	wilson((double)x_pct / 100, n, confidence_percent, &lo, &hi);
	*low_ppm = llround(lo * RATING_PPM);
	*high_ppm = llround(hi * RATING_PPM);
}

const char *rating_significance(const struct rating_unit *u)
{
	if (u->reason != RATING_RATED)
		return NULL;
	if (u->low_ppm > RATING_PPM)
		return "above";
	if (u->high_ppm < RATING_PPM)
		return "below";
	return "as_expected";
}

/* ------------------------------------------------------------- a round */

/* The cell's slot in the fixed table: tracks first, then score bands. */
static int cell_slot(const struct rating_rules *r, const struct rating_person *p)
{
	int band;

	if (p->score_ppm < 0)
		return p->track - 1;
	band = p->score_ppm / r->score_band_ppm;
	if (band >= RATING_PPM / r->score_band_ppm)
		band = RATING_PPM / r->score_band_ppm - 1;  /* a score of 1.0 */
	return RATING_MAX_TRACKS + band;
}

static int check_person(const struct rating_person *p, size_t i,
			size_t n_units, struct kverr *e)
{
	if (p->unit < -1 || p->unit >= (int64_t)n_units ||
	    p->track < 1 || p->track > RATING_MAX_TRACKS ||
	    p->score_ppm < -1 || p->score_ppm > RATING_PPM ||
	    p->result_pct < 0 || p->result_pct > 100) {
		kverr_set(e, KVERR_INVALID, "bad_person", NULL, "Measured"
			  " participation %zu is out of range (unit %d, track %d,"
			  " score %d, result %d %%).", i, p->unit, p->track,
			  (int)p->score_ppm, p->result_pct);
		return kverr_at(e, "people", (int)i);
	}
	return 0;
}

/* The market's rate per cell (× 1,000,000), from everyone measured. */
static int market_cells(const struct rating_rules *r,
			const struct rating_person *people, size_t n,
			size_t n_units, struct rating_market *m,
			int64_t rate[RATING_MAX_CELLS], struct kverr *e)
{
	struct rating_cell all[RATING_MAX_CELLS] = { { 0 } };

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		int s;

		if (check_person(&people[i], i, n_units, e))
			return -1;
		s = cell_slot(r, &people[i]);
		all[s].participants++;
		all[s].results_pct += people[i].result_pct;
		m->participants++;
		m->results_pct += people[i].result_pct;
	}
	for (int s = 0; s < RATING_MAX_CELLS; s++) {
		rate[s] = 0;
		if (!all[s].participants)
			continue;
		/* results_pct / 100 / participants, × 1,000,000, rounded */
		rate[s] = (all[s].results_pct * 10000 + all[s].participants / 2) /
			  all[s].participants;
		all[s].kind = s < RATING_MAX_TRACKS ? 't' : 's';
		all[s].index = s < RATING_MAX_TRACKS ? s + 1 : s - RATING_MAX_TRACKS;
		m->cells[m->n_cells++] = all[s];
	}
	return 0;
}

/* the minimums, then the ratio and its interval. */
static void rate_unit(const struct rating_rules *r, struct rating_unit *u)
{
	double lo, hi, scale;

	u->reason = RATING_RATED;
	if (u->participants < r->min_participants)
		u->reason = RATING_FEW_PARTICIPANTS;
	else if (u->months_operating < r->min_months)
		u->reason = RATING_SHORT_OPERATION;
	else if (u->expected_ppm <= 0)
		u->reason = RATING_NO_EXPECTED;
	if (u->reason != RATING_RATED)
		return;
	/* observed / expected = (pct / 100) / (ppm / 1e6); × 1e6, rounded */
	u->ratio_ppm = (u->observed_pct * 10000000000LL + u->expected_ppm / 2) /
		       u->expected_ppm;
	/* The interval of the rate, divided by the expected rate
	 * (expected_ppm / 1e6 / n), as a ratio × 1e6. */
	wilson((double)u->observed_pct / 100, u->participants,
	       r->confidence_percent, &lo, &hi);
	scale = (double)u->participants * 1e12 / (double)u->expected_ppm;
	u->low_ppm = llround(lo * scale);
	u->high_ppm = llround(hi * scale);
}

/* The k-th smallest (1-based) ratio of the rated units: the nearest-rank
 * percentile.  Quadratic, but allocation-free, and units are few. */
static int64_t kth_ratio(const struct rating_unit *u, size_t n, int k)
{
	for (size_t i = 0; i < n; i++) {
		int below = 0, same = 0;

		if (u[i].reason != RATING_RATED)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (u[j].reason != RATING_RATED)
				continue;
			below += u[j].ratio_ppm < u[i].ratio_ppm;
			same += u[j].ratio_ppm == u[i].ratio_ppm;
		}
		if (below < k && k <= below + same)
			return u[i].ratio_ppm;
	}
	return 0;
}

/* stars by the ratio's position among the rated units. */
static void give_stars(const struct rating_rules *r, struct rating_unit *u,
		       size_t n, struct rating_market *m)
{
	for (size_t i = 0; i < n; i++)
		m->rated += u[i].reason == RATING_RATED;
	if (!m->rated)
		return;
	for (int c = 0; c < RATING_STARS - 1; c++) {
		/* Nearest rank: the ceil(q × n / 100)-th smallest. */
		int k = (r->cut_percentile[c] * m->rated + 99) / 100;

		m->cut_ppm[c] = kth_ratio(u, n, k < 1 ? 1 : k);
	}
	for (size_t i = 0; i < n; i++) {
		if (u[i].reason != RATING_RATED)
			continue;
		u[i].stars = 1;
		for (int c = 0; c < RATING_STARS - 1; c++)
			u[i].stars += u[i].ratio_ppm > m->cut_ppm[c];
	}
}

int rating_compute(const struct rating_rules *r,
		   const struct rating_person *people, size_t n_people,
		   struct rating_unit *units, size_t n_units,
		   struct rating_market *m, struct kverr *e)
{
	int64_t rate[RATING_MAX_CELLS];

	if (market_cells(r, people, n_people, n_units, m, rate, e))
		return -1;
	for (size_t k = 0; k < n_units; k++) {
		struct rating_unit *u = &units[k];

		u->participants = 0;
		u->observed_pct = u->expected_ppm = 0;
		u->ratio_ppm = u->low_ppm = u->high_ppm = 0;
		u->stars = 0;
	}
	/* Risk adjustment: each participant expects their cell's rate. */
	for (size_t i = 0; i < n_people; i++) {
		struct rating_unit *u;

		if (people[i].unit < 0)
			continue;
		u = &units[people[i].unit];
		u->participants++;
		u->observed_pct += people[i].result_pct;
		u->expected_ppm += rate[cell_slot(r, &people[i])];
	}
	for (size_t k = 0; k < n_units; k++)
		rate_unit(r, &units[k]);
	give_stars(r, units, n_units, m);
	return 0;
}

/* ------------------------------------------- publication, termination */

bool rating_publish_due(const struct rating_rules *r, date_t last, date_t on)
{
	/* every second month, counted in calendar months so that the
	 * day of the month a round is measured on does not matter. */
	return last == 0 ||
	       date_month(on) >= date_month(last) + r->publish_every_months;
}

date_t rating_next_publication(const struct rating_rules *r, date_t last)
{
	return month_first_day(date_month(last) + r->publish_every_months);
}

bool rating_termination_candidate(const struct rating_rules *r,
				  const struct rating_mark *marks, int n)
{
	if (n < r->terminate_rounds)
		return false;
	for (int i = 0; i < r->terminate_rounds; i++) {
		const struct rating_mark *k = &marks[i];

		if (!k->present || !k->rated || k->stars > r->terminate_max_stars ||
		    k->ratio_ppm >= r->terminate_ratio_below_ppm)
			return false;
	}
	return true;
}
