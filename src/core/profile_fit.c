/*
 * profile_fit.c — Platt calibration, track cut points and the validation
 * measures of the profiling model (see profile_fit.h).
 */
#include "core/profile_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double sigmoid(double x)
{
	return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

int profile_platt_fit(const double *z, const unsigned char *y, size_t n,
		      double *a, double *b)
{
	size_t pos = 0;
	double hi, lo;

	for (size_t i = 0; i < n; i++)
		pos += y[i] != 0;
	if (pos == 0 || pos == n)
		return -1;
	/* Platt (1999): targets pulled off 0 and 1 against over-fitting. */
	hi = ((double)pos + 1.0) / ((double)pos + 2.0);
	lo = 1.0 / ((double)(n - pos) + 2.0);
	*a = 1.0;
	*b = 0.0;
	for (int it = 0; it < 100; it++) {
		double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12, det, da, db;

		for (size_t i = 0; i < n; i++) {
			double p = sigmoid(*a * z[i] + *b), t = y[i] ? hi : lo;
			double w = p * (1 - p), d = p - t;

			ga += d * z[i];
			gb += d;
			haa += w * z[i] * z[i];
			hab += w * z[i];
			hbb += w;
		}
		det = haa * hbb - hab * hab;
		if (det <= 0)
			break;
		da = (hbb * ga - hab * gb) / det;
		db = (haa * gb - hab * ga) / det;
		*a -= da;
		*b -= db;
		if (fabs(da) < 1e-10 && fabs(db) < 1e-10)
			break;
	}
	return 0;
}

struct block {
	double w, wy, wz;      /* weight, weighted label sum, weighted score sum */
};

static int by_z(const void *x, const void *y)
{
	double a = ((const double *)x)[0], b = ((const double *)y)[0];

	return a < b ? -1 : a > b;
}

/* Equal-count bins of the sorted (score, label) pairs. */
static int bins_of(const double *z, const unsigned char *y, size_t n, int k,
		   struct block *b)
{
	double *pair = malloc(n * 2 * sizeof(double));

	if (!pair)
		return -1;
	for (size_t i = 0; i < n; i++) {
		pair[2 * i] = z[i];
		pair[2 * i + 1] = y[i] ? 1.0 : 0.0;
	}
	qsort(pair, n, 2 * sizeof(double), by_z);
	for (int j = 0; j < k; j++) {
		size_t lo = n * (size_t)j / (size_t)k, hi = n * (size_t)(j + 1) / (size_t)k;

		b[j] = (struct block){ 0, 0, 0 };
		for (size_t i = lo; i < hi; i++) {
			b[j].w += 1;
			b[j].wy += pair[2 * i + 1];
			b[j].wz += pair[2 * i];
		}
	}
	free(pair);
	return 0;
}

int profile_isotonic_fit(const double *z, const unsigned char *y, size_t n,
			 int max_points, double *pz, double *pp, int *np)
{
	int k = n < (size_t)max_points ? (int)n : max_points, top = 0;
	struct block *b = malloc((size_t)(k > 0 ? k : 1) * sizeof(*b));

	*np = 0;
	if (!b || k < 2 || bins_of(z, y, n, k, b)) {
		free(b);
		return -1;
	}
	/* Pool adjacent violators: merge while a block's rate is above the
	 * next one's. */
	for (int j = 0; j < k; j++) {
		if (b[j].w == 0)
			continue;
		b[top++] = b[j];
		while (top > 1 && b[top - 2].wy / b[top - 2].w >=
				  b[top - 1].wy / b[top - 1].w) {
			b[top - 2].w += b[top - 1].w;
			b[top - 2].wy += b[top - 1].wy;
			b[top - 2].wz += b[top - 1].wz;
			top--;
		}
	}
	/* Blocks of tied scores become one point: the scores must rise. */
	for (int j = 0; j < top; j++) {
		double zz = b[j].wz / b[j].w;

		if (*np && zz <= pz[*np - 1]) {
			b[j - 1].w += b[j].w;
			b[j - 1].wy += b[j].wy;
			b[j].w = b[j - 1].w;
			b[j].wy = b[j - 1].wy;
			pp[*np - 1] = b[j].wy / b[j].w;
			continue;
		}
		pz[*np] = zz;
		pp[(*np)++] = b[j].wy / b[j].w;
	}
	top = *np;
	free(b);
	return top >= 2 ? 0 : -1;
}

static int by_chance_desc(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? 1 : a > b ? -1 : 0;
}

void profile_cut_points(double *chances, size_t n, const double shares[3],
			double t[3])
{
	double cum = 0;

	qsort(chances, n, sizeof(*chances), by_chance_desc);
	for (int k = 0; k < 3; k++) {
		size_t i;

		cum += shares[k];
		i = (size_t)(cum * (double)n);
		if (i == 0)
			i = 1;
		if (i > n)
			i = n;
		t[k] = chances[i - 1];
		/* Keep the cut points strictly descending. */
		if (k > 0 && t[k] >= t[k - 1])
			t[k] = nextafter(t[k - 1], 0.0);
	}
}

struct scored {
	double s;
	unsigned char y;
};

static int by_score(const void *x, const void *y)
{
	double a = ((const struct scored *)x)->s, b = ((const struct scored *)y)->s;

	return a < b ? -1 : a > b;
}

double profile_auc(const double *score, const unsigned char *y, size_t n)
{
	struct scored *v = malloc(n * sizeof(*v));
	double pos = 0, neg = 0, rank_sum = 0;
	size_t i = 0;

	if (!v)
		return -1;
	for (size_t k = 0; k < n; k++) {
		v[k] = (struct scored){ score[k], y[k] != 0 };
		pos += v[k].y;
	}
	neg = (double)n - pos;
	qsort(v, n, sizeof(*v), by_score);
	/* Mann–Whitney: the positives' mean rank, ties sharing their ranks. */
	while (i < n) {
		size_t j = i;
		double p = 0;

		while (j < n && v[j].s == v[i].s)
			p += v[j++].y;
		rank_sum += p * ((double)(i + 1) + (double)j) / 2.0;
		i = j;
	}
	free(v);
	if (pos == 0 || neg == 0)
		return -1;
	return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg);
}

double profile_brier(const double *chance, const unsigned char *y, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		double d = chance[i] - (y[i] ? 1.0 : 0.0);

		sum += d * d;
	}
	return n ? sum / (double)n : 0;
}
