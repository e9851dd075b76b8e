/*
 * cmd_model_fit.c — the weights of the profiling model, fitted
 * with liblinear's L2-regularised logistic regression (trust-region
 * Newton, no randomness) for `kundval model train`; see model_fit.h.
 *
 * C is chosen from a fixed grid by five-fold cross-validation on the
 * training part, then the whole training part is fitted with it.  This is
 * where training spends its time, so it is arranged for speed: the rows
 * are built once and laid out in the order liblinear reads them, each fold
 * walks the grid with warm starts, the folds run on several threads, and
 * the final fit starts from the folds' mean weights.  A warm start moves
 * where the solver stops only within its tolerance (the held-out AUC and
 * calibration did not change).  bench/profiling.sh measures it against
 * scikit-learn (bench/README.md).
 */
#include "cli/model_fit.h"

#include <linear.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int model_row_fold(int64_t id)
{
	return id % 10 == 0 ? -1 : (int)((id / 10) % MODEL_FOLDS);
}

/*
 * The training part's features, built once as liblinear rows (the bias
 * as the last feature); a fit's problem is a list of pointers into them.
 *
 * The rows are stored in the order liblinear reads them.  It visits a
 * problem's rows grouped by label, the first row's label first, so they
 * are laid out jobs first, then the others, each group by fold and then
 * by id, and every problem lists them in that order: a fit reads memory
 * from start to end, skipping at most one block per label (the held-out
 * fold).  In file order its reads jumped about and waited on memory (perf:
 * 44 % of the time in Hv on the first load of a row); with this order and
 * the warm starts below, training takes a third of the CPU time it did
 * (bench/README.md).
 */
struct rows {
	struct feature_node *nodes, **x;
	double *y;                  /* +1 a job within the horizon, -1 none */
	int *fold;
	size_t n;
	int nf;
};

static void free_rows(struct rows *r)
{
	free(r->nodes);
	free(r->x);
	free(r->y);
	free(r->fold);
}

static int row_group(const struct model_sample *s)
{
	return (s->y ? 0 : MODEL_FOLDS) + model_row_fold(s->id);
}

/* The training part's rows, in the order above (a counting sort). */
static int make_rows(const struct model_sample *s, size_t n, bool prot,
		     struct rows *r)
{
	char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN];
	size_t at[2 * MODEL_FOLDS + 1] = { 0 }, *order;
	struct feature_node *node;

	r->nf = profile_feature_names(prot, names);
	for (size_t i = 0; i < n; i++)
		if (model_row_fold(s[i].id) >= 0)
			at[row_group(&s[i]) + 1]++;
	for (int g = 0; g < 2 * MODEL_FOLDS; g++)
		at[g + 1] += at[g];
	r->n = at[2 * MODEL_FOLDS];
	order = malloc(r->n * sizeof(*order));
	r->nodes = malloc(r->n * (size_t)(r->nf + 2) * sizeof(*r->nodes));
	r->x = malloc(r->n * sizeof(*r->x));
	r->y = malloc(r->n * sizeof(*r->y));
	r->fold = malloc(r->n * sizeof(*r->fold));
	if (!order || !r->nodes || !r->x || !r->y || !r->fold) {
		free(order);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (model_row_fold(s[i].id) >= 0)
			order[at[row_group(&s[i])]++] = i;
	node = r->nodes;
	for (size_t k = 0; k < r->n; k++) {
		const struct model_sample *sk = &s[order[k]];
		double v[PROFILE_MAX_FEATURES];

		profile_features(&sk->p, prot, v);
		r->x[k] = node;
		r->y[k] = sk->y ? 1 : -1;
		r->fold[k] = model_row_fold(sk->id);
		for (int j = 0; j < r->nf; j++)
			if (v[j] != 0)
				*node++ = (struct feature_node){ j + 1, v[j] };
		*node++ = (struct feature_node){ r->nf + 1, 1.0 };
		*node++ = (struct feature_node){ -1, 0 };
	}
	free(order);
	return 0;
}

/* The rows outside fold `fold` (all of them for -1) as a liblinear
 * problem; p->x and p->y are the caller's to free. */
static int make_problem(const struct rows *r, int fold, struct problem *p)
{
	size_t n = 0;

	*p = (struct problem){ .n = r->nf + 1, .bias = 1 };
	p->x = malloc(r->n * sizeof(*p->x));
	p->y = malloc(r->n * sizeof(*p->y));
	if (!p->x || !p->y)
		return -1;
	for (size_t k = 0; k < r->n; k++)
		if (r->fold[k] != fold) {
			p->x[n] = r->x[k];
			p->y[n++] = r->y[k];
		}
	p->l = (int)n;
	return n ? 0 : -1;
}

static void quiet(const char *s)
{
	(void)s;
}

/*
 * Fit with regularisation c; w gets the weights for "a job" (+1),
 * whatever order liblinear keeps the labels in: w[0 … nf-1] the
 * features, w[nf] the intercept.  init, when given, is a nearby solution
 * in the same form to start from (a warm start; liblinear still measures
 * its stopping rule against the gradient at zero).
 */
static int fit(const struct problem *p, double c, const double *init, double *w)
{
	struct parameter param = { .solver_type = L2R_LR, .eps = 0.001, .C = c };
	double start[PROFILE_MAX_FEATURES + 1];
	/* liblinear's first label is the first row's; its weights are for
	 * that label. */
	double sign = p->y[0] > 0 ? 1.0 : -1.0;
	struct model *m;

	if (init) {
		for (int j = 0; j < p->n; j++)
			start[j] = sign * init[j];
		param.init_sol = start;
	}
	m = train(p, &param);
	if (!m)
		return -1;
	sign = m->label[0] == 1 ? 1.0 : -1.0;
	for (int j = 0; j < p->n; j++)
		w[j] = sign * m->w[j];
	free_and_destroy_model(&m);
	return 0;
}

/* ------------------------------------------------- choosing C, fitting */

static const double c_grid[] = { 0.01, 0.1, 1.0, 10.0 };
#define MODEL_GRID (sizeof(c_grid) / sizeof(c_grid[0]))

/* The mean log-loss of weights w on the rows of fold `fold`. */
static double log_loss(const struct rows *r, int fold, const double *w)
{
	double sum = 0;
	size_t n = 0;

	for (size_t k = 0; k < r->n; k++) {
		double z = 0, m;

		if (r->fold[k] != fold)
			continue;
		for (const struct feature_node *x = r->x[k]; x->index != -1; x++)
			z += w[x->index - 1] * x->value;
		/* log(1 + exp(-z)) for a job, log(1 + exp(z)) otherwise. */
		m = r->y[k] > 0 ? -z : z;
		sum += m > 0 ? m + log1p(exp(-m)) : log1p(exp(m));
		n++;
	}
	return n ? sum / (double)n : 0;
}

/*
 * One fold of the cross-validation: a fit for every C of the grid on the
 * other folds, and its log-loss on this one.  The grid is walked down
 * from the largest C, each fit warm-started from the one before: on this
 * much data the weights hardly change between neighbouring C, so most of
 * the later fits take one Newton step or none.  (Walking up instead took
 * a quarter more conjugate-gradient steps.)  Only fits on the same rows
 * seed each other: a start from weights that saw the held-out fold would
 * leak it into the comparison.
 */
struct fold {
	const struct rows *r;
	int fold, rc;
	double w[MODEL_GRID][PROFILE_MAX_FEATURES + 1];
	double loss[MODEL_GRID];
};

static void run_fold(struct fold *f)
{
	struct problem p;

	f->rc = -1;
	if (make_problem(f->r, f->fold, &p) == 0) {
		for (size_t k = MODEL_GRID; k-- > 0;) {
			if (fit(&p, c_grid[k], k + 1 < MODEL_GRID ? f->w[k + 1] :
				NULL, f->w[k]))
				break;
			f->loss[k] = log_loss(f->r, f->fold, f->w[k]);
			if (k == 0)
				f->rc = 0;
		}
	}
	free(p.x);
	free(p.y);
}

/*
 * The folds are independent, so they run on up to `threads` threads,
 * each taking the next fold not yet taken.  A fold's result depends only
 * on its rows, never on the thread that ran it or when, and the results
 * are combined in fold order: any number of threads gives the same file.
 */
struct cv {
	struct fold fold[MODEL_FOLDS];
	pthread_mutex_t lock;
	int next;
};

static void *cv_worker(void *arg)
{
	struct cv *cv = arg;

	for (;;) {
		int k;

		pthread_mutex_lock(&cv->lock);
		k = cv->next++;
		pthread_mutex_unlock(&cv->lock);
		if (k >= MODEL_FOLDS)
			return NULL;
		run_fold(&cv->fold[k]);
	}
}

static void run_folds(struct cv *cv, const struct rows *r, int threads)
{
	pthread_t tid[MODEL_FOLDS];
	int started = 0;

	pthread_mutex_init(&cv->lock, NULL);
	for (int k = 0; k < MODEL_FOLDS; k++)
		cv->fold[k] = (struct fold){ .r = r, .fold = k };
	/* If a thread cannot be started, the ones that were do the rest. */
	while (started < threads - 1 && started < MODEL_FOLDS - 1 &&
	       pthread_create(&tid[started], NULL, cv_worker, cv) == 0)
		started++;
	cv_worker(cv);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&cv->lock);
}

/* The C with the lowest mean held-out log-loss over the folds; init gets
 * the folds' mean weights for it, a start for the final fit. */
static int choose_c(const struct rows *r, int threads, double *best,
		    double *best_loss, double *init)
{
	struct cv *cv = calloc(1, sizeof(*cv));
	size_t kbest = 0;
	int rc = 0;

	if (!cv)
		return -1;
	run_folds(cv, r, threads);
	for (int k = 0; k < MODEL_FOLDS; k++)
		rc |= cv->fold[k].rc;
	*best_loss = INFINITY;
	for (size_t k = 0; rc == 0 && k < MODEL_GRID; k++) {
		double loss = 0;

		for (int fold = 0; fold < MODEL_FOLDS; fold++)
			loss += cv->fold[fold].loss[k] / MODEL_FOLDS;
		fprintf(stderr, "model: C = %g: held-out log-loss %.6f\n", c_grid[k],
			loss);
		if (loss < *best_loss - 1e-12) {
			*best_loss = loss;
			*best = c_grid[k];
			kbest = k;
		}
	}
	for (int j = 0; rc == 0 && j <= r->nf; j++) {
		init[j] = 0;
		for (int fold = 0; fold < MODEL_FOLDS; fold++)
			init[j] += cv->fold[fold].w[kbest][j] / MODEL_FOLDS;
	}
	free(cv);
	return rc;
}

double model_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int model_fit(const struct model_sample *s, size_t n, bool with_protected,
	      int threads, struct model_weights *out)
{
	struct rows r = { 0 };
	struct problem p = { 0 };
	double init[PROFILE_MAX_FEATURES + 1], t0 = model_clock(), t1;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	set_print_string_function(quiet);
	if (make_rows(s, n, with_protected, &r) ||
	    choose_c(&r, threads, &out->c, &out->loss, init))
		goto done;
	t1 = model_clock();
	out->n_train = r.n;
	out->nf = r.nf;
	if (make_problem(&r, -1, &p) || fit(&p, out->c, init, out->w))
		goto done;
	out->secs[0] = t1 - t0;
	out->secs[1] = model_clock() - t1;
	rc = 0;
done:
	free(p.x);
	free(p.y);
	free_rows(&r);
	return rc;
}
