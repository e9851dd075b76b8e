/*
 * history.c — seeded labour-market histories (see history.h).
 *
 * A person is drawn by pop_person_draw, given a local unemployment rate,
 * and followed month by month: in month k after entry (k = 1 … horizon)
 * they have been unemployed months_unemployed + k − 1 whole months, and
 * leave for work when a draw below one million falls under
 * pop_job_chance_ppm.  Whether the job lasts is drawn from the table
 * below.  The order of the draws is part of the format: changing it
 * changes every file a seed gives.
 *
 * The one floating-point step is inside pop_job_chance_ppm, which rounds
 * 1e6 / (1 + exp(−logit / 100)) for an integer logit.  For every logit in
 * ±3000 that value lies at least 6·10⁻⁵ ppm from a rounding boundary,
 * some 10⁵ ulps, so C libraries whose exp differs in the last bits still
 * give the same ppm, and the same rows.
 */
#include "sim/history.h"

#include <stdio.h>
#include <string.h>

const char history_csv_header[] =
	"id,age_band,gender,birth_region,education,disability,ui_member,"
	"previous_registrations,field,local_unemployment_bp,months_unemployed,"
	"job_month,job_lasted\n";

/*
 * POPULATION.md: "for those who find work, whether the job lasts (ends
 * within 12 months for about 30 %)".  The chance (per mille) that the job
 * ends within 12 months is job_end_base plus the terms below: temporary
 * jobs are more common for the young, for those with short education and
 * for those who have been registered before.  job_end_base is set so that
 * about 30 % of those who find work within 24 months lose the job again
 * (test_history.c checks it).
 */
static const int job_end_base = 300;
static const int job_end_age[POP_AGE_BANDS] = { 80, 20, -20, -30, -10 };
static const int job_end_education[POP_EDUCATIONS] = { 60, 0, -60 };
static const int job_end_previous[3] = { -50, 30, 100 };

/* splitmix64's finaliser: spreads a seed and an id over all 64 bits. */
static uint64_t mix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void history_rng_for(uint64_t seed, int64_t id, struct sim_rng *r)
{
	sim_rng_seed(r, mix64(seed ^ mix64((uint64_t)id)));
}

/*
 * POPULATION.md: a municipality's share of the unemployed is ∝ its
 * population times a local rate drawn between 3 % and 12 %.  So the rate
 * around a random unemployed person has a density ∝ the rate itself: a
 * uniform draw, kept with chance rate / 12 % (else drawn again).
 */
static int32_t draw_local_bp(struct sim_rng *r)
{
	const int span = HISTORY_LOCAL_MAX_BP - HISTORY_LOCAL_MIN_BP + 1;

	for (;;) {
		int bp = HISTORY_LOCAL_MIN_BP + sim_rng_below(r, span);

		if (sim_rng_below(r, HISTORY_LOCAL_MAX_BP) < bp)
			return bp;
	}
}

/* The month (1 … horizon) the person finds work, or 0. */
static int follow(struct sim_rng *r, const struct pop_person *p,
		  int32_t local_bp, int horizon)
{
	for (int k = 1; k <= horizon; k++) {
		int32_t ppm = pop_job_chance_ppm(p, p->months_unemployed + k - 1,
						 local_bp);

		if (sim_rng_below(r, 1000000) < ppm)
			return k;
	}
	return 0;
}

static int job_end_permille(const struct pop_person *p)
{
	int pm = job_end_base + job_end_age[p->age_band] +
		 job_end_education[p->education] + job_end_previous[p->previous];

	return pm < 50 ? 50 : pm > 950 ? 950 : pm;
}

void history_person_months(struct sim_rng *r, date_t entry, int serial,
			   int horizon, struct history_row *out)
{
	memset(out, 0, sizeof(*out));
	pop_person_draw(r, entry, serial, &out->p);
	out->local_bp = draw_local_bp(r);
	out->horizon = horizon;
	out->job_month = follow(r, &out->p, out->local_bp, horizon);
	if (out->job_month)
		out->job_lasted = !sim_rng_chance(r, job_end_permille(&out->p));
}

void history_person(struct sim_rng *r, date_t entry, int serial,
		    struct history_row *out)
{
	history_person_months(r, entry, serial, HISTORY_MONTHS_DEFAULT, out);
}

int history_csv_line(int64_t id, const struct history_row *row, char *buf,
		     size_t size)
{
	const struct pop_person *p = &row->p;
	int n = snprintf(buf, size, "%lld,%s,%s,%s,%s,%d,%d,%d,%d,%ld,%d,%d,%d\n",
			 (long long)id, pop_age_band_names[p->age_band],
			 pop_gender_names[p->gender], pop_region_names[p->region],
			 pop_education_names[p->education], p->disability ? 1 : 0,
			 p->ui_member ? 1 : 0, p->previous, p->field,
			 (long)row->local_bp, p->months_unemployed, row->job_month,
			 row->job_lasted ? 1 : 0);

	return n < 0 || (size_t)n >= size ? -1 : n;
}

void history_stats_add(struct history_stats *st, const struct history_row *row)
{
	bool by6 = row->job_month >= 1 && row->job_month <= 6;
	bool by12 = row->job_month >= 1 && row->job_month <= 12;
	bool fresh = row->p.months_unemployed < 1;

	st->people++;
	st->found += row->job_month != 0;
	st->ended += row->job_month != 0 && !row->job_lasted;
	st->within6 += by6;
	st->within12 += by12;
	st->fresh += fresh;
	st->fresh6 += fresh && by6;
	st->fresh12 += fresh && by12;
}

int history_write_csv(FILE *f, const struct history_opts *o,
		      struct history_stats *st, history_progress_fn progress,
		      void *arg)
{
	char line[HISTORY_LINE_MAX];

	if (fputs(history_csv_header, f) == EOF)
		return -1;
	for (int64_t id = 1; id <= o->people; id++) {
		struct sim_rng r;
		struct history_row row;
		int n;

		history_rng_for(o->seed, id, &r);
		history_person_months(&r, o->entry, 1 + (int)((id - 1) % 999),
				      o->months, &row);
		history_stats_add(st, &row);
		n = history_csv_line(id, &row, line, sizeof(line));
		if (n < 0 || fwrite(line, 1, (size_t)n, f) != (size_t)n)
			return -1;
		if (progress && (id % 4096 == 0 || id == o->people))
			progress(arg, id, o->people);
	}
	return 0;
}
