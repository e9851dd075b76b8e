/*
 * model_fit.h — fitting the profiling model's weights with liblinear
 * (cmd_model_fit.c) for `kundval model train` (cmd_model.c): the
 * regularisation C chosen by cross-validation, then the fit on the whole
 * training part with it.
 */
#ifndef CLI_MODEL_FIT_H
#define CLI_MODEL_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/profile.h"

#define MODEL_FOLDS 5

/* One row of a generated history, as training reads it. */
struct model_sample {
	struct profile_person p;
	unsigned char y;        /* a job within the horizon */
	int64_t id;             /* >= 1 */
};

/* Every tenth row (id % 10 == 0) is held out for calibration: -1; the
 * rest is the training part, in MODEL_FOLDS folds by id / 10: 0 … 4. */
int model_row_fold(int64_t id);

struct model_weights {
	double w[PROFILE_MAX_FEATURES + 1];  /* the features', then the intercept */
	int nf;                              /* features */
	double c, loss;                      /* the C chosen, its held-out log-loss */
	size_t n_train;                      /* rows of the training part */
	double secs[2];                      /* cross-validation, final fit */
};

/*
 * Choose C from a fixed grid by the folds' mean held-out log-loss, then
 * fit the training part with it; the cross-validation runs on up to
 * `threads` threads, with the same result for any number.  Prints the
 * log-loss of every C on stderr.  -1 when liblinear fails or memory runs
 * out.
 */
/* Seconds on a monotonic clock, to time the steps of training. */
double model_clock(void);

int model_fit(const struct model_sample *s, size_t n, bool with_protected,
	      int threads, struct model_weights *out);

#endif
