/*
 * profile.h — statistical profiling into tracks: the
 * features of a jobseeker, the model file, scoring a person's chance of a
 * job within the horizon (a dot product and a calibration), the track the
 * chance falls in, and the explanation — the factors that push the chance
 * up and down, in plain words.
 *
 * Pure: no I/O, no clock.  The model is trained elsewhere (cli/, with
 * liblinear) and read from JSON here, strictly: a malformed model, one of
 * another horizon, or one missing a feature is refused with a precise
 * error.  Doubles are fine here: this is a probability, never money.
 */
#ifndef PROFILE_H
#define PROFILE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/kverr.h"

/* What the model may read about a person (POPULATION.md's attributes). */
struct profile_person {
	int age_band;          /* 0 "16-24" … 4 "55-64" */
	int gender;            /* 0 woman, 1 man */
	int region;            /* 0 sweden, 1 europe, 2 outside_europe */
	int education;         /* 0 below_upper_secondary, 1 upper_secondary, 2 post_secondary */
	bool disability, ui_member;
	int previous;          /* registrations in the last 5 years: 0, 1, 2 (2 or more) */
	int field;             /* occupation field 0 … 9 (SSYK major group) */
	int32_t local_bp;      /* local unemployment, basis points (725 = 7.25 %) */
	int months;            /* time unemployed at the assessment, whole months */
};

/*
 * The features, one-hot where categorical, duration as bands.  Names are
 * stable strings ("age_band=25-34", "duration=6-12", "disability",
 * "local_unemployment_pp"); the first level of each category is the
 * reference and has no feature.  with_protected adds gender and birth
 * region.  Returns the number written into names/values (at most
 * PROFILE_MAX_FEATURES).
 */
#define PROFILE_MAX_FEATURES 48
#define PROFILE_NAME_LEN 40
#define PROFILE_MAX_ISO 64

int profile_feature_names(bool with_protected,
			  char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN]);
int profile_features(const struct profile_person *p, bool with_protected,
		     double values[PROFILE_MAX_FEATURES]);

struct profile_model {
	char version[40];
	int horizon_months;            /* 12 */
	bool with_protected;           /* trained with gender and birth region */
	int n;                         /* features, in profile_feature_names order */
	char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN];
	double weight[PROFILE_MAX_FEATURES];
	double intercept;
	double platt_a, platt_b;       /* calibrated = 1 / (1 + exp(-(a·z + b))) */
	bool isotonic;                 /* or by isotonic regression: the chance
					  iso_p[i] at score iso_z[i], linear
					  between the points, flat outside */
	int n_iso;
	double iso_z[PROFILE_MAX_ISO], iso_p[PROFILE_MAX_ISO];
	double thresholds[3];          /* chance >= t[0] → track 1; >= t[1] → 2;
					  >= t[2] → 3; else 4 (t descending) */
};

/* Parse a model file; horizon must equal want_horizon.  Errors name the
 * key ("weights[3]", "features") and say what is wrong. */
int profile_model_parse(const json_t *root, int want_horizon,
			struct profile_model *m, struct kverr *e);

/* The calibrated chance of a job within the horizon, 0 … 1. */
double profile_score(const struct profile_model *m,
		     const struct profile_person *p);

/* the track the chance falls in (1 … 4). */
int profile_track(const struct profile_model *m, double chance);

/* the factors that move this person's chance most, by their
 * contribution weight × value: up to `max` pushing up and `max` pushing
 * down, largest first, each with a plain-language text. */
struct profile_factor {
	char name[PROFILE_NAME_LEN];
	double contribution;           /* on the log-odds scale */
	char text[120];                /* "Post-secondary education raises the chance." */
};

int profile_explain(const struct profile_model *m,
		    const struct profile_person *p, int max,
		    struct profile_factor *up, int *n_up,
		    struct profile_factor *down, int *n_down);

#endif
