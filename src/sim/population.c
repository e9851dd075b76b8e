/*
 * population.c — drawing synthetic jobseekers (see population.h).  The
 * shares and the hazard's coefficients are the tables below, each with the
 * line of POPULATION.md it follows.
 */
#include "sim/population.h"
#include "core/idnum.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const pop_age_band_names[POP_AGE_BANDS] = {
	"16-24", "25-34", "35-44", "45-54", "55-64" };
const char *const pop_gender_names[2] = { "woman", "man" };
const char *const pop_region_names[POP_REGIONS] = {
	"sweden", "europe", "outside_europe" };
const char *const pop_education_names[POP_EDUCATIONS] = {
	"below_upper_secondary", "upper_secondary", "post_secondary" };

/* Shares in per mille, as POPULATION.md gives them. */
static const int age_share[POP_AGE_BANDS] = { 120, 280, 220, 180, 200 };
static const int age_low[POP_AGE_BANDS] = { 16, 25, 35, 45, 55 };
static const int region_share[POP_REGIONS] = { 450, 100, 450 };
static const int previous_share[3] = { 500, 250, 250 };
/* Time unemployed at the snapshot: < 6, 6–12, 12–24, > 24 months. */
static const int duration_share[4] = { 450, 150, 150, 250 };
static const int duration_low[4] = { 0, 6, 12, 24 };
static const int duration_span[4] = { 6, 6, 12, 24 };
/* One SSYK unit group per major group (field), as a believable example. */
static const char *const field_occupation[POP_FIELDS] = {
	"0310", "1211", "2512", "3313", "4112", "5321", "6111", "7111",
	"8332", "9111" };
/* Fields with a shortage index above 4 (shortage raises the chance). */
static const bool field_shortage[POP_FIELDS] = {
	false, false, true, false, false, true, false, true, false, false };

/* The ground-truth hazard: logit p = b0 + the terms below (× 1/100). */
static const int b0 = -185;
static const int b_age[POP_AGE_BANDS] = { 20, 20, 0, -20, -70 };
static const int b_education[POP_EDUCATIONS] = { -50, 0, 30 };
static const int b_region[POP_REGIONS] = { 0, -20, -50 };
static const int b_previous[3] = { 0, -20, -40 };
static const int b_disability = -70;
static const int b_shortage = 30;
static const int b_local_per_pct = -8;     /* per percentage point above 6 % */

static const char *const given_women[] = { "Amina", "Sara", "Maria", "Fatima",
	"Elin", "Hodan", "Zahra", "Anna", "Leila", "Emma", "Selam", "Noor" };
static const char *const given_men[] = { "Ahmed", "Erik", "Johan", "Mohamed",
	"Ali", "Lars", "Daniel", "Yonas", "Omid", "Karl", "Abdi", "Mikael" };
static const char *const families[] = { "Andersson", "Johansson", "Hassan",
	"Karlsson", "Yusuf", "Nilsson", "Tesfaye", "Ahmadi", "Larsson",
	"Olsson", "Warsame", "Persson", "Haile", "Rezaei", "Svensson" };
static const char *const langs_by_region[POP_REGIONS][3] = {
	{ "sv", "sv", "en" }, { "sv", "en", "en" }, { "ar", "so", "fa" } };

static int draw_share(struct sim_rng *r, const int *share, int n)
{
	int x = sim_rng_below(r, 1000), acc = 0;

	for (int i = 0; i < n; i++) {
		acc += share[i];
		if (x < acc)
			return i;
	}
	return n - 1;
}

/* A valid personnummer born in `year` with the given serial. */
static void draw_pnr(struct sim_rng *r, int year, int serial, char out[13])
{
	int month = 1 + sim_rng_below(r, 12);
	int day = 1 + sim_rng_below(r, date_days_in_month(year, month));
	char digits[11];
	int sum = 0;

	snprintf(digits, sizeof(digits), "%02d%02d%02d%03d", year % 100, month,
		 day, serial % 1000);
	/* Luhn over the nine digits gives the tenth. */
	for (int i = 0; i < 9; i++) {
		int v = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	snprintf(out, 13, "%04d%02d%02d%03d%d", year, month, day, serial % 1000,
		 (10 - sum % 10) % 10);
}

void pop_person_draw(struct sim_rng *r, date_t today, int serial,
		     struct pop_person *p)
{
	int y, m, d, d_band;

	memset(p, 0, sizeof(*p));
	date_to_ymd(today, &y, &m, &d);
	p->age_band = draw_share(r, age_share, POP_AGE_BANDS);
	p->gender = sim_rng_chance(r, 470) ? 0 : 1;
	p->region = draw_share(r, region_share, POP_REGIONS);
	/* Below upper secondary is twice as common among those born outside
	 * Europe: 30 % overall. */
	p->education = sim_rng_chance(r, p->region == 2 ? 450 : 180) ? 0 :
		       sim_rng_chance(r, 570) ? 1 : 2;
	p->disability = sim_rng_chance(r, 200);
	p->ui_member = sim_rng_chance(r, p->region == 2 ? 450 : 720);
	p->previous = draw_share(r, previous_share, 3);
	p->field = sim_rng_below(r, POP_FIELDS);
	snprintf(p->occupation, sizeof(p->occupation), "%s",
		 field_occupation[p->field]);
	d_band = draw_share(r, duration_share, 4);
	p->months_unemployed = duration_low[d_band] +
			       sim_rng_below(r, duration_span[d_band]);
	p->wants_digital = sim_rng_chance(r, 150);
	p->needs_accessible = p->disability && sim_rng_chance(r, 400);
	snprintf(p->lang, sizeof(p->lang), "%s",
		 langs_by_region[p->region][sim_rng_below(r, 3)]);
	snprintf(p->given, sizeof(p->given), "%s", p->gender == 0 ?
		 given_women[sim_rng_below(r, 12)] : given_men[sim_rng_below(r, 12)]);
	snprintf(p->family, sizeof(p->family), "%s", families[sim_rng_below(r, 15)]);
	draw_pnr(r, y - age_low[p->age_band] - 1 - sim_rng_below(r, 9) / 2,
		 serial, p->pnr);
}

/*
 * b_duration: nearly flat in the first year and falling after it.  The
 * differences between people already make the observed rate fall; a
 * steeper first year cannot give both POPULATION.md targets (35 % of a
 * fresh inflow in work within 6 months, 55 % within 12: those still there
 * after 6 months must leave at about the rate of the first 6).
 */
static int b_duration(int months)
{
	return months < 3 ? 0 : months < 6 ? -5 : months < 12 ? -15 :
	       months < 24 ? -80 : -110;
}

int32_t pop_job_chance_ppm(const struct pop_person *p, int months,
			   int32_t local_bp)
{
	int logit = b0 + b_duration(months) + b_age[p->age_band] +
		    b_education[p->education] + b_region[p->region] +
		    b_previous[p->previous] + (p->disability ? b_disability : 0) +
		    (field_shortage[p->field] ? b_shortage : 0) +
		    b_local_per_pct * (local_bp - 600) / 100;

	return (int32_t)lround(1e6 / (1.0 + exp(-logit / 100.0)));
}

int32_t pop_apply_odds(int32_t chance_ppm, int32_t odds_milli)
{
	/* p' = p k / (1 - p + p k): the odds p / (1 - p) times k. */
	int64_t pk = (int64_t)chance_ppm * odds_milli;
	int64_t den = (int64_t)(1000000 - chance_ppm) * 1000 + pk;

	return den > 0 ? (int32_t)((pk * 1000000 + den / 2) / den) : chance_ppm;
}
