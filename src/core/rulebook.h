/*
 * rulebook.h — one programme's payment model as effective-dated data.
 *
 * A rulebook says how much a provider earns for a participant: base
 * payment while responsible (P-3, P-4), result payment for an outcome paid
 * in installments (P-5 … P-8), supplements (P-9 … P-11), the education
 * fund (P-12) and the bonuses of the municipal models (P-13).  Every number
 * is a parameter whose value can change on a date (P-14); the engine
 * (engine.h) looks up the value in force on the date of the fact it pays.
 * The format is documented in docs/rulebooks.md.  Parsing is strict and
 * every error names the file, the key path and the problem.
 */
#ifndef RULEBOOK_H
#define RULEBOOK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"

#define RULEBOOK_MAX_TRACKS 6
#define RULEBOOK_MAX_DATES  32

/* An effective-dated parameter: a scalar (width 1) or one value per track
 * (width = tracks), each list of values taking effect on its date. */
struct rb_param {
	bool present;
	int width;
	int n;
	date_t from[RULEBOOK_MAX_DATES];
	int64_t v[RULEBOOK_MAX_DATES][RULEBOOK_MAX_TRACKS];
};

enum rb_base_basis {
	RB_BASE_NONE = 0,
	RB_BASE_WEEKDAY,   /* per weekday Monday–Friday of responsibility (P-3) */
	RB_BASE_MONTH      /* per month, pro rata by calendar days (P-13 municipal) */
};

/* How an outcome type counts for the result payment (P-6, P-7). */
enum rb_weight {
	RB_WEIGHT_NONE = 0,
	RB_WEIGHT_FULL,
	RB_WEIGHT_REDUCED
};

enum rb_outcome {
	RB_OUT_EMPLOYMENT = 0,
	RB_OUT_OWN_BUSINESS,
	RB_OUT_STUDIES,
	RB_OUT_SUBSIDISED_EMPLOYMENT,
	RB_OUT_LABOUR_MARKET_TRAINING,
	RB_OUT_ESF_PROJECT,
	RB_OUT_LEFT_SOCIAL_ASSISTANCE,
	RB_OUT_COUNT
};

extern const char *const rb_outcome_names[RB_OUT_COUNT + 1];

/* When a P-13 bonus is earned. */
enum rb_bonus_when {
	RB_BONUS_NONE = 0,
	RB_BONUS_SELF_SUPPORTING_MONTHS,  /* after N self-supporting months (Nacka) */
	RB_BONUS_MONTHS_AFTER_END,        /* in work or studies N months after leaving (Sundbyberg) */
	RB_BONUS_JOB_AFTER_PASS           /* a job begun within N months of a passed course (Växjö) */
};

struct rulebook {
	char id[48];
	char name[200];
	int tracks;                        /* 1 … RULEBOOK_MAX_TRACKS */

	/* base */
	enum rb_base_basis base_basis;
	struct rb_param base_ore;          /* per track: öre per weekday or month */
	struct rb_param base_arrears_months;
	struct rb_param base_min_days;     /* paid once the service has run this long */
	struct rb_param max_weeks;         /* D-8: responsibility ends after this */

	/* result */
	bool has_result;
	struct rb_param result_ore;        /* per track */
	enum rb_weight weight[RB_OUT_COUNT];
	struct rb_param reduced_percent;   /* P-7 */
	struct rb_param first_after_months;  /* P-8: 3 */
	struct rb_param first_parts;         /* P-8: 3 (twelfths) */
	struct rb_param then_parts;          /* P-8: 1 */
	struct rb_param then_every_months;   /* P-8: 1; Stockholm's split: more */
	struct rb_param parts;               /* P-8: 12 */
	struct rb_param resume_gap_months;   /* a break this long continues the count */
	struct rb_param result_arrears_months;

	/* supplements (each optional) */
	struct rb_param sparse_percent;      /* P-9 */
	struct rb_param cycle_normal_bp;     /* P-10: unemployment in basis points */
	struct rb_param cycle_slope_bp;      /* factor change in bp per percentage point */
	struct rb_param cycle_floor_bp;
	struct rb_param cycle_ceiling_bp;
	struct rb_param shortage_percent;    /* P-11 */
	struct rb_param shortage_above_tenths; /* index above this (×10) */

	/* bonus of the municipal models (P-13) */
	enum rb_bonus_when bonus_when;
	enum rb_weight bonus_weight[RB_OUT_COUNT];
	struct rb_param bonus_ore;           /* per track */
	struct rb_param bonus_months;
	struct rb_param bonus_arrears_months;

	/* adult education paid per credit (P-13, Växjö) */
	bool has_course;
	struct rb_param course_ore_per_point;  /* per track: the course payment per point */
	struct rb_param course_during_percent; /* paid per completed point; the rest at a pass */
	struct rb_param course_arrears_months;

	/* a tendered course's job-rate adjustment (P-13, BAUB) */
	bool has_cohort;
	struct rb_param cohort_target_bp;        /* 7000: a 70 % job rate */
	struct rb_param cohort_bonus_per_point;  /* % of base per point above */
	struct rb_param cohort_deduction_per_point; /* % of base per point below */
	struct rb_param cohort_max_percent;      /* either way at most */
	struct rb_param cohort_after_months;     /* measured this long after the end */

	/* education fund (P-12) */
	struct rb_param fund_ore_per_year;   /* per track */
	struct rb_param fund_within_months;
};

/* Parse a rulebook from its JSON text; file names it in errors. */
int rulebook_parse(const char *text, size_t len, const char *file,
		   struct rulebook *out, struct kverr *e);

/* The value in force on d (P-14); for per-track parameters, track 1…n.
 * A parameter that is absent, or d before its first date, gives 0 and -1. */
int rb_value(const struct rb_param *p, date_t d, int track, int64_t *out);

/* Same, but 0 when absent: for optional parameters whose absence means
 * "nothing" (a supplement of 0 %). */
int64_t rb_value_or_zero(const struct rb_param *p, date_t d, int track);

#endif
