/*
 * rating.h — the provider rating as pure functions: who is
 * measured, what counts as a result, the risk-adjusted ratio with its
 * confidence interval, stars by position in the national distribution,
 * the publication schedule and the termination test.
 *
 * The method, in short (docs/rating.md says it for providers):
 *
 *   - A round measured on date D looks at the participations that started
 *     in the window [D − 22 months, D − 11 months) and counts a result
 *     when an approved outcome began within 11 months of the start (and
 *     by D).  What counts, and how much, is the programme's rulebook:
 *     a full outcome counts 1, a reduced one its reduced share (P-6, P-7).
 *   - Risk adjustment: each participant falls in a risk cell, the track
 *     of the assessment at the choice, or the band of the model's score
 *     when that assessment has one.  A cell's expected rate is the whole
 *     market's result rate in that cell over the same window (indirect
 *     standardisation).  A unit's expected results are the sum over its
 *     participants of their cells' rates; ratio = observed / expected.
 *   - The confidence interval is Wilson's score interval for the observed
 *     rate, divided by the expected rate.
 *   - Stars 1–4: cut points are percentiles of the ratios of the rated
 *     units of the programme (nearest rank); a unit gets one star plus
 *     one for each cut point its ratio is above.
 *   - No rating below the minimum number of participants or months of
 *     operation: "not yet rated" with the reason.
 *
 * Parameters: rules/rating.json, effective-dated (P-14); a round reads
 * those in force on its measurement date.  No I/O, no clock, no globals.
 * Ratios, rates and bounds are fixed point, × 1,000,000 ("ppm"), so
 * stored and compared values are exact integers.
 */
#ifndef RATING_H
#define RATING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/effective.h"
#include "core/kverr.h"
#include "core/rulebook.h"

#define RATING_MAX_TRACKS 8
#define RATING_MAX_BANDS  20         /* score_band_ppm is at least 50,000 */
#define RATING_MAX_CELLS  (RATING_MAX_TRACKS + RATING_MAX_BANDS)
#define RATING_STARS      4
#define RATING_PPM        1000000

struct rating_params {
	struct effective window_from_months;    /* 22 */
	struct effective window_to_months;      /* 11 */
	struct effective result_within_months;  /* 11 */
	struct effective min_participants;      /* 18 */
	struct effective min_months;            /* 12 months of operation */
	struct effective confidence_percent;    /* 90 */
	struct effective stars2_percentile;     /* cut points: 20, 50, 80 */
	struct effective stars3_percentile;
	struct effective stars4_percentile;
	struct effective score_band_ppm;        /* risk cells of model scores */
	struct effective publish_every_months;  /* 2 */
	struct effective terminate_max_stars;   /* 1, the lowest */
	struct effective terminate_ratio_below_ppm; /* 0.2 */
	struct effective terminate_rounds;      /* 2 in a row */
};

/* Parse rules/rating.json; file names it in errors.  Besides each
 * parameter's range, checks on every effective date that the window ends
 * after it begins and the cut points rise. */
int rating_params_parse(const json_t *root, const char *file,
			struct rating_params *out, struct kverr *e);

/* The parameters in force on one measurement date. */
struct rating_rules {
	int window_from_months, window_to_months, result_within_months;
	int min_participants, min_months, confidence_percent;
	int cut_percentile[RATING_STARS - 1];
	int32_t score_band_ppm;
	int publish_every_months;
	int terminate_max_stars;
	int64_t terminate_ratio_below_ppm;
	int terminate_rounds;
};

void rating_rules_at(const struct rating_params *p, date_t on,
		     struct rating_rules *out);

/* participations that started from *from through *last (inclusive)
 * are measured in a round on `on`. */
void rating_window(const struct rating_rules *r, date_t on, date_t *from,
		   date_t *last);

/*
 * R-1, P-6, P-7: how much an approved outcome of this type, begun on
 * `start`, counts as a result, in percent: 100 for a full outcome, the
 * rulebook's reduced share for a reduced one, 0 for none.  The result
 * payment's definitions when the rulebook has one, else the bonus's (the
 * municipal models).  -1 when the rulebook defines no result at all.
 */
int rating_outcome_percent(const struct rulebook *rb, enum rb_outcome type,
			   date_t start);

/* whether an outcome begun on `outcome_start` counts for a
 * participation that started on `part_start`, in a round on `on`. */
bool rating_outcome_counts(const struct rating_rules *r, date_t part_start,
			   date_t outcome_start, date_t on);

/* One measured participation. */
struct rating_person {
	int unit;          /* index in the units array; -1: market only */
	int track;         /* 1 … RATING_MAX_TRACKS, at the choice */
	int32_t score_ppm; /* the model's score at the choice; -1 for none */
	int result_pct;    /* 0 … 100: its result (rating_outcome_percent) */
};

enum rating_reason {
	RATING_RATED = 0,
	RATING_FEW_PARTICIPANTS,
	RATING_SHORT_OPERATION,
	RATING_NO_EXPECTED,
	RATING_REASON_COUNT
};

/* "rated", "too_few_participants", "too_short_operation", "no_expected" */
extern const char *const rating_reason_codes[RATING_REASON_COUNT];

/* One provider in one delivery area. */
struct rating_unit {
	int64_t provider_id, area_id;     /* the caller's, carried through */
	int months_operating;             /* in: whole months admitted */
	/* out */
	int participants;
	int64_t observed_pct;             /* results × 100 */
	int64_t expected_ppm;             /* expected results × 1,000,000 */
	enum rating_reason reason;
	int64_t ratio_ppm, low_ppm, high_ppm;   /* rated only */
	int stars;                        /* 1 … 4; 0 when not rated */
};

/* A risk cell: a track (kind 't') or a band of model scores (kind 's'). */
struct rating_cell {
	char kind;
	int index;                        /* track 1…; band 0… */
	int participants;
	int64_t results_pct;
};

/* What the round learnt about the whole market of one programme. */
struct rating_market {
	int participants;
	int64_t results_pct;
	int n_cells;
	struct rating_cell cells[RATING_MAX_CELLS];
	int rated;
	int64_t cut_ppm[RATING_STARS - 1];   /* 0 when nothing is rated */
};

/*
 * rate every unit from the measured people of one programme.  A
 * person's unit is an index in units[] or -1 (a provider no longer
 * admitted: it still counts in the market's expected rates).  Fills the
 * out fields of every unit and *m.  -1 with e for a person out of range.
 */
int rating_compute(const struct rating_rules *r,
		   const struct rating_person *people, size_t n_people,
		   struct rating_unit *units, size_t n_units,
		   struct rating_market *m, struct kverr *e);

/*
 * Wilson's score interval for x results out of n at the confidence in
 * percent, as rates × 1,000,000.  x may be fractional (a reduced result
 * counts its share): x_pct is x × 100.
 */
void rating_wilson(int64_t x_pct, int n, int confidence_percent,
		   int64_t *low_ppm, int64_t *high_ppm);

/* The standard normal quantile (probit) for p in (0, 1). */
double rating_probit(double p);

/* "above", "below" or "as_expected": whether the interval lies wholly
 * above or below a ratio of 1 (what a rated unit's uncertainty says). */
const char *rating_significance(const struct rating_unit *u);

/* a round measured on `on` may be published when no round is
 * published yet (last = 0) or its month is publish_every_months or more
 * after the month of the last published round's measurement. */
bool rating_publish_due(const struct rating_rules *r, date_t last, date_t on);

/* The first month (as its first day) a round may be measured and
 * published after a round measured on `last`. */
date_t rating_next_publication(const struct rating_rules *r, date_t last);

/* One unit's mark in one published round, newest first in the caller's
 * array. */
struct rating_mark {
	bool present;      /* the unit was in the round */
	bool rated;
	int stars;
	int64_t ratio_ppm;
};

/* a termination candidate has, in each of the last terminate_rounds
 * published rounds, the lowest stars (<= terminate_max_stars) and a ratio
 * below terminate_ratio_below_ppm.  A list for the case officer only:
 * nothing terminates by itself. */
bool rating_termination_candidate(const struct rating_rules *r,
				  const struct rating_mark *marks, int n);

#endif
