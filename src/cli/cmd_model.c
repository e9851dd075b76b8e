/*
 * cmd_model.c — `kundval model train`: fitting the profiling model (A-1,
 * A-2) to a generated history (`kundval generate`) with liblinear's
 * L2-regularised logistic regression; and `kundval model report`.
 *
 * Deterministic, so the same data and settings give the same model file:
 * rows are split by their id (every tenth for calibration, the rest in
 * five folds by id), the regularisation C is chosen by the folds' mean
 * log-loss over a fixed grid (cmd_model_fit.c: the same result on any
 * number of threads), the solver (trust-region Newton) has no randomness,
 * and numbers are written with 17 significant digits.  The raw score is
 * then calibrated on the held-out tenth (isotonic by default, or Platt),
 * and the track cut points are set so the tracks keep the duration rule's
 * shares on the training data.
 */
#include "cli/cli.h"
#include "app/files.h"
#include "core/profile.h"
#include "core/profile_fit.h"
#include "cli/model_fit.h"
#include "sim/population.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MODEL_HEADER "id,age_band,gender,birth_region,education,disability," \
	"ui_member,previous_registrations,field,local_unemployment_bp," \
	"months_unemployed,job_month,job_lasted"

struct data {
	struct model_sample *s;
	size_t n, cap;
	char sha_hex[65];
};

/* ---------------------------------------------------------- reading */

static int code_of(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int parse_row(char *line, int horizon, struct model_sample *out)
{
	char *f[13];
	int n = 0, job;

	for (char *p = strtok(line, ",\r\n"); p && n < 13; p = strtok(NULL, ",\r\n"))
		f[n++] = p;
	if (n != 13)
		return -1;
	out->id = strtoll(f[0], NULL, 10);
	out->p.age_band = code_of(pop_age_band_names, POP_AGE_BANDS, f[1]);
	out->p.gender = code_of(pop_gender_names, 2, f[2]);
	out->p.region = code_of(pop_region_names, POP_REGIONS, f[3]);
	out->p.education = code_of(pop_education_names, POP_EDUCATIONS, f[4]);
	out->p.disability = !strcmp(f[5], "1");
	out->p.ui_member = !strcmp(f[6], "1");
	out->p.previous = (int)strtol(f[7], NULL, 10);
	out->p.field = (int)strtol(f[8], NULL, 10);
	out->p.local_bp = (int32_t)strtol(f[9], NULL, 10);
	out->p.months = (int)strtol(f[10], NULL, 10);
	job = (int)strtol(f[11], NULL, 10);
	out->y = job >= 1 && job <= horizon;
	if (out->id < 1 || out->p.age_band < 0 || out->p.gender < 0 ||
	    out->p.region < 0 || out->p.education < 0 || out->p.previous < 0 ||
	    out->p.previous > 2 || out->p.field < 0 || out->p.field > 9)
		return -1;
	return 0;
}

static int read_data(const char *path, int horizon, struct data *d)
{
	FILE *f = fopen(path, "rb");
	char line[512];
	unsigned char sha[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	size_t no = 0;

	if (!f) {
		fprintf(stderr, "kundval: cannot open %s\n", path);
		return -1;
	}
	crypto_hash_sha256_init(&st);
	while (fgets(line, sizeof(line), f)) {
		crypto_hash_sha256_update(&st, (unsigned char *)line, strlen(line));
		if (no++ == 0) {
			if (strncmp(line, MODEL_HEADER, strlen(MODEL_HEADER))) {
				fprintf(stderr, "kundval: %s: line 1 is not the"
					" header of `kundval generate`\n", path);
				fclose(f);
				return -1;
			}
			continue;
		}
		if (d->n == d->cap) {
			size_t cap = d->cap ? d->cap * 2 : 1 << 16;
			void *p = realloc(d->s, cap * sizeof(*d->s));

			if (!p) {
				fclose(f);
				return -1;
			}
			d->s = p;
			d->cap = cap;
		}
		if (parse_row(line, horizon, &d->s[d->n])) {
			fprintf(stderr, "kundval: %s: line %zu is not a history row\n",
				path, no);
			fclose(f);
			return -1;
		}
		d->n++;
	}
	fclose(f);
	crypto_hash_sha256_final(&st, sha);
	sodium_bin2hex(d->sha_hex, sizeof(d->sha_hex), sha, sizeof(sha));
	return d->n ? 0 : -1;
}

/* ------------------------------------------- calibration, cut points */

/* The weights are fitted in cmd_model_fit.c; w[nf] is the intercept. */
static double raw_score(const double *w, int nf, const struct profile_person *p,
			bool with_protected)
{
	double v[PROFILE_MAX_FEATURES], z = w[nf];

	profile_features(p, with_protected, v);
	for (int j = 0; j < nf; j++)
		z += w[j] * v[j];
	return z;
}

/* The rows of the training part, in file order. */
static size_t training_rows(const struct data *d, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (model_row_fold(d->s[i].id) >= 0)
			idx[n++] = i;
	return n;
}

/* A-1's duration rule on whole months: its track shares (1 … 3). */
static void duration_shares(const struct data *d, const size_t *idx, size_t n,
			    double shares[3])
{
	size_t count[4] = { 0 };

	for (size_t i = 0; i < n; i++) {
		int m = d->s[idx[i]].p.months;

		count[m < 6 ? 0 : m <= 12 ? 1 : m <= 18 ? 2 : 3]++;
	}
	for (int k = 0; k < 3; k++)
		shares[k] = n ? (double)count[k] / (double)n : 0;
}

struct fitted {
	double w[PROFILE_MAX_FEATURES + 1];
	int nf;
	double c, loss, t[3];
	struct profile_model m;     /* the weights and calibration, to score */
	double auc, brier, auc_duration;
	size_t n_train, n_calib;
	double secs[3];             /* cross-validation, fit, calibration */
};

/* Fill f->m with the weights and fit its calibration to the raw scores
 * of the held-out tenth: isotonic (the default) or Platt. */
static int fit_calibration(const struct data *d, bool prot, bool isotonic,
			   struct fitted *f, double *z, unsigned char *y,
			   size_t *n)
{
	f->m.n = profile_feature_names(prot, f->m.names);
	f->m.with_protected = prot;
	memcpy(f->m.weight, f->w, sizeof(double) * (size_t)f->nf);
	f->m.intercept = f->w[f->nf];
	*n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->s[i].id % 10 == 0) {
			z[*n] = raw_score(f->w, f->nf, &d->s[i].p, prot);
			y[(*n)++] = d->s[i].y;
		}
	f->n_calib = *n;
	f->m.isotonic = isotonic;
	if (isotonic)
		return profile_isotonic_fit(z, y, *n, PROFILE_MAX_ISO, f->m.iso_z,
					    f->m.iso_p, &f->m.n_iso);
	return profile_platt_fit(z, y, *n, &f->m.platt_a, &f->m.platt_b);
}

static int calibrate(const struct data *d, bool prot, bool isotonic,
		     size_t *idx, struct fitted *f)
{
	size_t n = 0, k = 0;
	double *z = malloc(d->n * sizeof(double)), *ch = malloc(d->n * sizeof(double));
	double *dur = malloc(d->n * sizeof(double)), shares[3];
	unsigned char *y = malloc(d->n);
	int rc = -1;

	if (!z || !ch || !dur || !y ||
	    fit_calibration(d, prot, isotonic, f, z, y, &n))
		goto done;
	for (size_t i = 0; i < d->n; i++)
		if (d->s[i].id % 10 == 0) {
			ch[k] = profile_score(&f->m, &d->s[i].p);
			dur[k++] = -(double)d->s[i].p.months;
		}
	f->auc = profile_auc(ch, y, n);
	f->brier = profile_brier(ch, y, n);
	f->auc_duration = profile_auc(dur, y, n);
	/* The cut points on the training part's calibrated chances. */
	n = training_rows(d, idx);
	for (size_t i = 0; i < n; i++)
		ch[i] = profile_score(&f->m, &d->s[idx[i]].p);
	duration_shares(d, idx, n, shares);
	profile_cut_points(ch, n, shares, f->t);
	rc = 0;
done:
	free(z);
	free(ch);
	free(dur);
	free(y);
	return rc;
}

static int train_all(const struct data *d, bool prot, bool isotonic,
		     int threads, struct fitted *f)
{
	size_t *idx = malloc(d->n * sizeof(size_t));
	struct model_weights mw;
	double t;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (!idx || model_fit(d->s, d->n, prot, threads, &mw))
		goto done;
	memcpy(f->w, mw.w, sizeof(f->w));
	f->nf = mw.nf;
	f->c = mw.c;
	f->loss = mw.loss;
	f->n_train = mw.n_train;
	f->secs[0] = mw.secs[0];
	f->secs[1] = mw.secs[1];
	t = model_clock();
	rc = calibrate(d, prot, isotonic, idx, f);
	f->secs[2] = model_clock() - t;
done:
	free(idx);
	return rc;
}

/* ------------------------------------------------------------- writing */

static json_t *calibration_json(const struct profile_model *m)
{
	json_t *z, *p;

	if (!m->isotonic)
		return json_pack("{s:s, s:f, s:f}", "method", "platt", "a",
				 m->platt_a, "b", m->platt_b);
	z = json_array();
	p = json_array();
	for (int i = 0; i < m->n_iso; i++) {
		json_array_append_new(z, json_real(m->iso_z[i]));
		json_array_append_new(p, json_real(m->iso_p[i]));
	}
	return json_pack("{s:s, s:o, s:o}", "method", "isotonic", "z", z, "p", p);
}

static json_t *model_json(const struct data *d, bool prot, int horizon,
			  const struct fitted *f, const char *today)
{
	char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN], version[40];
	json_t *feat = json_array(), *w = json_array();
	int nf = profile_feature_names(prot, names);

	for (int j = 0; j < nf; j++) {
		json_array_append_new(feat, json_string(names[j]));
		json_array_append_new(w, json_real(f->w[j]));
	}
	snprintf(version, sizeof(version), "h%d-%.8s-%s", horizon, d->sha_hex,
		 prot ? "p" : "np");
	return json_pack("{s:s, s:s, s:i, s:b, s:s, s:{s:s, s:I}, s:f, s:o, s:o,"
		" s:f, s:o, s:[f, f, f], s:{s:f, s:f, s:f, s:I, s:I}}",
		"kind", "kundval-profile-model", "version", version,
		"horizon_months", horizon, "with_protected", prot,
		"trained_on", today, "data", "sha256", d->sha_hex, "rows",
		(json_int_t)d->n, "regularisation_c", f->c, "features", feat,
		"weights", w, "intercept", f->w[nf], "calibration",
		calibration_json(&f->m), "thresholds", f->t[0], f->t[1],
		f->t[2], "validation", "auc", f->auc, "brier", f->brier,
		"auc_duration_rule", f->auc_duration, "training_rows",
		(json_int_t)f->n_train, "calibration_rows", (json_int_t)f->n_calib);
}

static const char usage_train[] =
	"usage: kundval model train --history FILE --out MODEL.json [--horizon 12]\n"
	"                           [--without-protected] [--calibration isotonic|platt]\n"
	"                           [--threads N]\n";

int cmd_model_train(int argc, char **argv, struct cli_common *common)
{
	const char *data = NULL, *out = NULL;
	/* The cross-validation's folds run on every CPU by default. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int horizon = 12, threads = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
	bool prot = true, isotonic = true;
	struct data d = { 0 };
	struct fitted f;
	char today[DATE_STRLEN];
	date_t day;
	json_t *model;
	FILE *o;
	double t0, t1 = 0;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--without-protected"))
			prot = false;
		else if (i + 1 < argc && !strcmp(argv[i], "--calibration") &&
			 (!strcmp(argv[i + 1], "platt") ||
			  !strcmp(argv[i + 1], "isotonic")))
			isotonic = !strcmp(argv[++i], "isotonic");
		else if (i + 1 < argc && !strcmp(argv[i], "--history"))
			data = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--out"))
			out = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--horizon"))
			horizon = (int)strtol(argv[++i], NULL, 10);
		else if (i + 1 < argc && !strcmp(argv[i], "--threads"))
			threads = (int)strtol(argv[++i], NULL, 10);
		else
			return fputs(usage_train, stderr), 2;
	}
	if (!data || !out || horizon < 1 || horizon > 60 || threads < 1 ||
	    threads > 64)
		return fputs(usage_train, stderr), 2;
	/* The date of training; KUNDVAL_TODAY pins it, so the same data and
	 * settings give the same file. */
	(void)common;
	date_format(app_civil_date((int64_t)time(NULL)), today);
	if (getenv("KUNDVAL_TODAY") && date_parse(getenv("KUNDVAL_TODAY"), &day) == 0)
		date_format(day, today);
	t0 = model_clock();
	if (read_data(data, horizon, &d) ||
	    (t1 = model_clock(), train_all(&d, prot, isotonic, threads, &f))) {
		fprintf(stderr, "kundval: training failed\n");
		free(d.s);
		return 1;
	}
	model = model_json(&d, prot, horizon, &f, today);
	o = strcmp(out, "-") ? fopen(out, "w") : stdout;
	rc = o && model && json_dumpf(model, o, JSON_INDENT(2) |
				      JSON_REAL_PRECISION(17)) == 0 ? 0 : 1;
	if (o && o != stdout)
		rc |= fclose(o) != 0;
	fprintf(stderr, "model: %zu rows, C = %g, AUC %.4f (duration rule %.4f),"
		" Brier %.4f\n", d.n, f.c, f.auc, f.auc_duration, f.brier);
	/* How long each step took (bench/profiling.sh reads this line). */
	threads = threads < MODEL_FOLDS ? threads : MODEL_FOLDS;
	fprintf(stderr, "model: time: read %.3f s, cross-validation %.3f s"
		" (%d thread%s), fit %.3f s, calibration %.3f s\n", t1 - t0,
		f.secs[0], threads, threads == 1 ? "" : "s", f.secs[1], f.secs[2]);
	json_decref(model);
	free(d.s);
	return rc;
}

/* ------------------------------------------------------------- report */

/*
 * `kundval model report MODEL.json --history FILE`: how well the model
 * does on data it was not trained on, against the duration rule as
 * the seeds' baseline — the rule's chance being the observed job rate of
 * its track — and the fairness audit: per gender, birth region, age band
 * and disability, the mean chance, the observed rate, the calibration
 * error and the track shares.
 */
struct scored_row {
	double chance, rule;     /* the model's, the duration rule's */
	int track, rule_track;
	unsigned char y;
};

struct group_stat {
	size_t n, jobs, track[4];
	double chance, rule;
};

static int rule_track(int months)
{
	return months < 6 ? 1 : months <= 12 ? 2 : months <= 18 ? 3 : 4;
}

static int by_model_chance(const void *a, const void *b)
{
	double x = ((const struct scored_row *)a)->chance;
	double y = ((const struct scored_row *)b)->chance;

	return x < y ? -1 : x > y;
}

/* Calibration by decile of the model's chance: the worst gap between the
 * mean chance and the observed rate, in percentage points. */
static double decile_error(struct scored_row *r, size_t n, json_t *out)
{
	double worst = 0;

	qsort(r, n, sizeof(*r), by_model_chance);
	for (int d = 0; d < 10; d++) {
		size_t lo = n * (size_t)d / 10, hi = n * (size_t)(d + 1) / 10;
		double mean = 0, jobs = 0, gap;

		for (size_t i = lo; i < hi; i++) {
			mean += r[i].chance;
			jobs += r[i].y;
		}
		if (hi == lo)
			continue;
		mean /= (double)(hi - lo);
		jobs /= (double)(hi - lo);
		gap = 100.0 * fabs(mean - jobs);
		if (gap > worst)
			worst = gap;
		json_array_append_new(out, json_pack("{s:i, s:I, s:f, s:f, s:f}",
			"decile", d + 1, "n", (json_int_t)(hi - lo), "mean_chance",
			mean, "observed", jobs, "error_pp", gap));
	}
	return worst;
}

static json_t *group_json(const char *attr, const char *value,
			  const struct group_stat *g, double *worst)
{
	double obs = g->n ? (double)g->jobs / (double)g->n : 0;
	double mean = g->n ? g->chance / (double)g->n : 0;
	double rule = g->n ? g->rule / (double)g->n : 0;
	double err = 100.0 * fabs(mean - obs), rerr = 100.0 * fabs(rule - obs);
	json_t *shares = json_array();

	for (int t = 0; t < 4; t++)
		json_array_append_new(shares, json_real(g->n ? (double)g->track[t] /
							(double)g->n : 0));
	if (g->n && err > *worst)
		*worst = err;
	return json_pack("{s:s, s:s, s:I, s:f, s:f, s:f, s:f, s:o}", "attribute",
		attr, "value", value, "n", (json_int_t)g->n, "observed", obs,
		"mean_chance", mean, "error_pp", err, "duration_rule_error_pp",
		rerr, "track_shares", shares);
}

/* The fairness audit: each attribute's groups. */
static json_t *audit(const struct data *d, const struct scored_row *r,
		     double *worst)
{
	static const char *const attrs[] = { "gender", "birth_region",
					     "age_band", "disability" };
	json_t *out = json_array();

	for (int a = 0; a < 4; a++) {
		struct group_stat g[POP_AGE_BANDS] = { { 0 } };
		int levels = a == 0 ? 2 : a == 1 ? POP_REGIONS :
			     a == 2 ? POP_AGE_BANDS : 2;

		for (size_t i = 0; i < d->n; i++) {
			const struct profile_person *p = &d->s[i].p;
			int v = a == 0 ? p->gender : a == 1 ? p->region :
				a == 2 ? p->age_band : p->disability;
			struct group_stat *s = &g[v];

			s->n++;
			s->jobs += r[i].y;
			s->chance += r[i].chance;
			s->rule += r[i].rule;
			s->track[r[i].track - 1]++;
		}
		for (int v = 0; v < levels; v++) {
			const char *name = a == 0 ? pop_gender_names[v] :
					   a == 1 ? pop_region_names[v] :
					   a == 2 ? pop_age_band_names[v] :
					   v ? "yes" : "no";

			json_array_append_new(out, group_json(attrs[a], name, &g[v],
							      worst));
		}
	}
	return out;
}

/* The duration rule's chance: the observed job rate of its track. */
static void rule_chances(const struct data *d, struct scored_row *r)
{
	size_t n[4] = { 0 }, jobs[4] = { 0 };

	for (size_t i = 0; i < d->n; i++) {
		n[r[i].rule_track - 1]++;
		jobs[r[i].rule_track - 1] += r[i].y;
	}
	for (size_t i = 0; i < d->n; i++) {
		int t = r[i].rule_track - 1;

		r[i].rule = n[t] ? (double)jobs[t] / (double)n[t] : 0;
	}
}

static json_t *report(const struct profile_model *m, const struct data *d)
{
	struct scored_row *r = calloc(d->n, sizeof(*r));
	double *ch = malloc(d->n * sizeof(double)), *rule = malloc(d->n * sizeof(double));
	unsigned char *y = malloc(d->n);
	double worst_decile, worst_group = 0;
	json_t *deciles = json_array(), *groups, *out = NULL;

	if (!r || !ch || !rule || !y)
		goto done;
	for (size_t i = 0; i < d->n; i++) {
		r[i].chance = profile_score(m, &d->s[i].p);
		r[i].track = profile_track(m, r[i].chance);
		r[i].rule_track = rule_track(d->s[i].p.months);
		r[i].y = d->s[i].y;
	}
	rule_chances(d, r);
	for (size_t i = 0; i < d->n; i++) {
		ch[i] = r[i].chance;
		rule[i] = r[i].rule;
		y[i] = r[i].y;
	}
	groups = audit(d, r, &worst_group);
	out = json_pack("{s:s, s:b, s:I, s:{s:f, s:f}, s:{s:f, s:f}, s:o, s:f,"
		" s:o, s:f}", "model", m->version, "with_protected", m->with_protected,
		"rows", (json_int_t)d->n, "model_scores", "auc",
		profile_auc(ch, y, d->n), "brier", profile_brier(ch, y, d->n),
		"duration_rule", "auc", profile_auc(rule, y, d->n), "brier",
		profile_brier(rule, y, d->n), "groups", groups,
		"worst_group_error_pp", worst_group, "deciles", deciles,
		"worst_decile_error_pp", 0.0);
	/* Sorting for the deciles reorders r: after the groups. */
	worst_decile = decile_error(r, d->n, deciles);
	json_object_set_new(out, "worst_decile_error_pp", json_real(worst_decile));
done:
	free(r);
	free(ch);
	free(rule);
	free(y);
	return out;
}

static void print_report(const json_t *rep)
{
	const json_t *g;
	size_t i;

	printf("model %s (%s protected attributes), %lld rows\n",
	       json_string_value(json_object_get(rep, "model")),
	       json_is_true(json_object_get(rep, "with_protected")) ? "with" :
	       "without", (long long)json_integer_value(json_object_get(rep, "rows")));
	printf("  AUC %.4f, Brier %.4f; duration rule: AUC %.4f, Brier %.4f\n",
	       json_real_value(json_object_get(json_object_get(rep, "model_scores"), "auc")),
	       json_real_value(json_object_get(json_object_get(rep, "model_scores"), "brier")),
	       json_real_value(json_object_get(json_object_get(rep, "duration_rule"), "auc")),
	       json_real_value(json_object_get(json_object_get(rep, "duration_rule"), "brier")));
	printf("  calibration: worst decile %.2f pp, worst group %.2f pp\n",
	       json_real_value(json_object_get(rep, "worst_decile_error_pp")),
	       json_real_value(json_object_get(rep, "worst_group_error_pp")));
	printf("  %-14s %-22s %8s %9s %9s %8s %10s  tracks 1/2/3/4 %%\n", "attribute",
	       "group", "n", "observed", "chance", "error", "rule error");
	json_array_foreach(json_object_get(rep, "groups"), i, g) {
		const json_t *s = json_object_get(g, "track_shares");

		printf("  %-14s %-22s %8lld %8.1f%% %8.1f%% %6.2fpp %8.2fpp  %.0f/%.0f/%.0f/%.0f\n",
		       json_string_value(json_object_get(g, "attribute")),
		       json_string_value(json_object_get(g, "value")),
		       (long long)json_integer_value(json_object_get(g, "n")),
		       100 * json_real_value(json_object_get(g, "observed")),
		       100 * json_real_value(json_object_get(g, "mean_chance")),
		       json_real_value(json_object_get(g, "error_pp")),
		       json_real_value(json_object_get(g, "duration_rule_error_pp")),
		       100 * json_real_value(json_array_get(s, 0)),
		       100 * json_real_value(json_array_get(s, 1)),
		       100 * json_real_value(json_array_get(s, 2)),
		       100 * json_real_value(json_array_get(s, 3)));
	}
}

static const char usage_report[] =
	"usage: kundval model report MODEL.json --history FILE [--json]\n";

int cmd_model_report(int argc, char **argv, struct cli_common *common)
{
	const char *file = NULL, *history = NULL;
	bool as_json = false;
	struct profile_model m;
	struct data d = { 0 };
	struct kverr e = { 0 };
	json_t *root, *rep;

	(void)common;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = true;
		else if (i + 1 < argc && !strcmp(argv[i], "--history"))
			history = argv[++i];
		else if (!file && argv[i][0] != '-')
			file = argv[i];
		else
			return fputs(usage_report, stderr), 2;
	}
	if (!file || !history)
		return fputs(usage_report, stderr), 2;
	root = files_load_json(file, &e);
	if (!root || profile_model_parse(root, 12, &m, &e)) {
		fprintf(stderr, "kundval: %s: %s\n", file, e.message);
		json_decref(root);
		return 1;
	}
	json_decref(root);
	if (read_data(history, m.horizon_months, &d)) {
		free(d.s);
		return 1;
	}
	rep = report(&m, &d);
	if (rep && as_json) {
		json_dumpf(rep, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
		putchar('\n');
	} else if (rep) {
		print_report(rep);
	}
	json_decref(rep);
	free(d.s);
	return rep ? 0 : 1;
}
