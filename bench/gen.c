/*
 * gen.c — deterministic generated facts for the engine benchmark (gen.h).
 */
#include "gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/engine.h"
#include "core/rulebook.h"

static uint64_t rng_state;

/* xorshift64 (Marsaglia 2003). */
static uint64_t rnd64(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* Uniform in [0, n). The modulo bias is irrelevant here. */
static int rnd(int n)
{
	return (int)(rnd64() % (uint64_t)n);
}

static date_t ymd(int y, int m, int d)
{
	date_t out = 0;

	date_from_ymd(y, m, d, &out);
	return out;
}

static int read_municipalities(const char *path, struct gen_world *w)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	w->n_muni = 0;
	while (fgets(line, sizeof(line), f) && w->n_muni < GEN_MAX_MUNI) {
		if (line[0] < '0' || line[0] > '9' || line[4] != ',')
			continue;   /* the header */
		memcpy(w->muni[w->n_muni], line, 4);
		w->muni[w->n_muni][4] = '\0';
		w->n_muni++;
	}
	fclose(f);
	if (w->n_muni < 10) {
		fprintf(stderr, "gen: %s: too few municipalities\n", path);
		return -1;
	}
	return 0;
}

static void make_world(struct gen_world *w)
{
	/* SSYK 2012 four-digit codes, enough distinct ones. */
	static const char *const occ[GEN_N_OCC] = {
		"2111", "2133", "2211", "2221", "2222", "2235", "2311", "2320",
		"2330", "2341", "2342", "2512", "2513", "2514", "3111", "3113",
		"3151", "3212", "3311", "3512", "4111", "4112", "4222", "4411",
		"5111", "5120", "5131", "5221", "5223", "5321", "5322", "5330",
		"7112", "7121", "7131", "7231", "8111", "8332", "9111", "9412",
	};
	int32_t bp = 760;

	/* About one municipality in ten is sparse. */
	w->n_sparse = 0;
	for (int i = 0; i < w->n_muni; i++) {
		w->sparse[i] = rnd(10) == 0;
		w->n_sparse += w->sparse[i];
	}
	for (int i = 0; i < GEN_N_OCC; i++)
		snprintf(w->occ[i], sizeof(w->occ[i]), "%s", occ[i]);
	/* The first GEN_N_OCC_INDEX occupations have an index for every
	 * half-year 2021 H1 … 2026 H2; the others none. */
	w->n_shortage = 0;
	for (int i = 0; i < GEN_N_OCC_INDEX; i++)
		for (int h = 2021 * 2; h <= 2026 * 2 + 1; h++) {
			struct gen_shortage *s = &w->shortage[w->n_shortage++];

			s->occ = i;
			s->half_year = h;
			s->tenths = 25 + rnd(31);   /* 2.5 … 5.5 */
		}
	/* National unemployment, a random walk 6.0 % … 9.5 %, 2021 … 2027. */
	month_from_ym(2021, 1, &w->unemp_first);
	w->n_unemp = 84;
	for (int i = 0; i < w->n_unemp; i++) {
		bp += rnd(41) - 20;
		if (bp < 600)
			bp = 600;
		if (bp > 950)
			bp = 950;
		w->unemp_bp[i] = bp;
	}
}

struct builder {
	struct gen_data *g;
	int cap_out, cap_months;
};

static struct gen_outcome *new_outcome(struct builder *b)
{
	struct gen_data *g = b->g;

	if (g->n_out == b->cap_out) {
		b->cap_out = b->cap_out ? b->cap_out * 2 : 1024;
		g->out = realloc(g->out, (size_t)b->cap_out * sizeof(*g->out));
		if (!g->out) {
			perror("gen");
			exit(1);
		}
	}
	memset(&g->out[g->n_out], 0, sizeof(g->out[0]));
	g->out[g->n_out].first_month = g->n_months;
	return &g->out[g->n_out++];
}

static void add_month(struct builder *b, struct gen_outcome *o, month_t m)
{
	struct gen_data *g = b->g;

	if (g->n_months == b->cap_months) {
		b->cap_months = b->cap_months ? b->cap_months * 2 : 4096;
		g->months = realloc(g->months, (size_t)b->cap_months * sizeof(*g->months));
		if (!g->months) {
			perror("gen");
			exit(1);
		}
	}
	g->months[g->n_months++] = m;
	o->n_months++;
}

/* Self-supporting months from m: `len` months, perhaps with a break of one
 * month (the count continues) or of two or three (it stops for good). */
static month_t add_run(struct builder *b, struct gen_outcome *o, month_t m, int len)
{
	int brk_at = -1, brk_len = 0, r = rnd(100);

	if (len > 2 && r < 20) {
		brk_at = 1 + rnd(len - 1);
		brk_len = 1;
	} else if (len > 2 && r < 27) {
		brk_at = 1 + rnd(len - 1);
		brk_len = 2 + rnd(2);
	}
	for (int k = 0; k < len; k++) {
		if (k == brk_at)
			m += brk_len;
		add_month(b, o, m++);
	}
	return m - 1;
}

static void make_participant(struct builder *b, struct gen_participant *p,
			     date_t first_start)
{
	int r;

	memset(p, 0, sizeof(*p));
	p->start = first_start + rnd(730);           /* 2022-01-01 … 2023-12-31 */
	p->through = date_month(p->start) + GEN_MONTHS;

	/* Track 1–4, then 0–2 changes to another track. */
	p->n_tracks = 1;
	p->track_from[0] = p->start;
	p->track[0] = 1 + rnd(4);
	r = rnd(100);
	if (r >= 50) {
		int n = r < 85 ? 1 : 2;
		date_t d[2] = { p->start + 30 + rnd(670), p->start + 30 + rnd(670) };

		if (n == 2 && d[1] < d[0]) {
			date_t t = d[0];

			d[0] = d[1];
			d[1] = t;
		}
		if (n == 2 && d[1] == d[0])
			d[1]++;
		for (int i = 0; i < n; i++) {
			p->track_from[p->n_tracks] = d[i];
			p->track[p->n_tracks] = (p->track[p->n_tracks - 1] + rnd(3)) % 4 + 1;
			p->n_tracks++;
		}
	}

	/* Residence; one in twenty moves once. */
	p->n_res = 1;
	p->res_from[0] = p->start;
	p->res_muni[0] = rnd(b->g->w.n_muni);
	if (rnd(20) == 0) {
		p->res_from[1] = p->start + 30 + rnd(600);
		p->res_muni[1] = rnd(b->g->w.n_muni);
		p->n_res = 2;
	}

	p->first_outcome = b->g->n_out;
	if (rnd(100) < 35) {
		/* An approved outcome 2–14 months in. */
		struct gen_outcome *o = new_outcome(b);
		month_t m, last;
		int len;

		o->start = date_add_months(p->start, 2 + rnd(13)) + rnd(28);
		r = rnd(100);
		o->type = r < 90 ? RB_OUT_EMPLOYMENT : r < 95 ? RB_OUT_OWN_BUSINESS
			: RB_OUT_LABOUR_MARKET_TRAINING;
		o->evidence = EVIDENCE_APPROVED;
		o->occupation = rnd(100) < 80 ? rnd(GEN_N_OCC) : -1;
		m = date_month(o->start) + (rnd(10) == 0);
		/* Two in three stay long enough for the whole result; the
		 * rest stop early. */
		len = rnd(100) < 67 ? 12 + rnd(6) : 1 + rnd(8);
		last = add_run(b, o, m, len);
		p->n_out = 1;
		if (rnd(100) < 8) {
			/* A new job after 0–1 months: the count continues. */
			struct gen_outcome *o2 = new_outcome(b);
			int gap = rnd(2);

			o2->start = month_first_day(last + 1 + gap) + rnd(20);
			o2->type = RB_OUT_EMPLOYMENT;
			o2->evidence = EVIDENCE_APPROVED;
			o2->occupation = rnd(GEN_N_OCC);
			add_run(b, o2, last + 1 + gap, 3 + rnd(8));
			p->n_out = 2;
		}
		/* A third deregister with the job: base ends with it. */
		if (rnd(100) < 35)
			p->end = o->start + rnd(45);
	} else if (rnd(100) < 10) {
		/* A change of provider. */
		p->end = p->start + 60 + rnd(600);
		p->switched = true;
	}
	if (rnd(100) < 4) {
		/* An outcome that does not pay: pending, rejected, or one
		 * that does not count (P-6). */
		struct gen_outcome *o = new_outcome(b);

		o->start = date_add_months(p->start, 1 + rnd(12)) + rnd(28);
		r = rnd(3);
		o->type = r == 2 ? RB_OUT_LEFT_SOCIAL_ASSISTANCE : RB_OUT_EMPLOYMENT;
		o->evidence = r == 0 ? EVIDENCE_PENDING : r == 1 ? EVIDENCE_REJECTED
			: EVIDENCE_APPROVED;
		o->occupation = rnd(GEN_N_OCC);
		add_run(b, o, date_month(o->start), 2 + rnd(10));
		p->n_out++;
	}
}

int gen_make(uint64_t seed, int n, const char *muni_csv, struct gen_data *g)
{
	struct builder b = { g, 0, 0 };
	date_t first_start = ymd(2022, 1, 1);

	memset(g, 0, sizeof(*g));
	rng_state = seed ? seed : 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 8; i++)
		rnd64();
	if (read_municipalities(muni_csv, &g->w))
		return -1;
	make_world(&g->w);
	g->p = calloc((size_t)n, sizeof(*g->p));
	if (!g->p) {
		perror("gen");
		return -1;
	}
	g->n = n;
	for (int i = 0; i < n; i++)
		make_participant(&b, &g->p[i], first_start);
	return 0;
}

void gen_free(struct gen_data *g)
{
	free(g->p);
	free(g->out);
	free(g->months);
	memset(g, 0, sizeof(*g));
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--seed N] [--n PARTICIPANTS] [--repeat N]"
		" [--dump FILE] [--rules rules/lov-almega.json]"
		" [--municipalities data/municipalities.csv]\n", prog);
	return -1;
}

int gen_args(int argc, char **argv, struct gen_args *a)
{
	a->seed = 20240501;
	a->n = 500000;
	a->repeat = 3;
	a->dump = NULL;
	a->rules = "rules/lov-almega.json";
	a->muni_csv = "data/municipalities.csv";
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (!v)
			return usage(argv[0]);
		if (strcmp(argv[i], "--seed") == 0) {
			a->seed = strtoull(v, &end, 10);
		} else if (strcmp(argv[i], "--n") == 0) {
			a->n = (int)strtol(v, &end, 10);
			if (a->n < 1 || a->n > 50000000)
				return usage(argv[0]);
		} else if (strcmp(argv[i], "--repeat") == 0) {
			a->repeat = (int)strtol(v, &end, 10);
			if (a->repeat < 1 || a->repeat > 100)
				return usage(argv[0]);
		} else if (strcmp(argv[i], "--dump") == 0) {
			a->dump = v;
			end = (char *)"";
		} else if (strcmp(argv[i], "--rules") == 0) {
			a->rules = v;
			end = (char *)"";
		} else if (strcmp(argv[i], "--municipalities") == 0) {
			a->muni_csv = v;
			end = (char *)"";
		} else {
			return usage(argv[0]);
		}
		if (*end)
			return usage(argv[0]);
		i++;
	}
	return 0;
}

double gen_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int gen_rulebook(const char *path, struct rulebook *rb)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long len;
	struct kverr e;
	int rc;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "gen: %s: cannot read\n", path);
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	memset(&e, 0, sizeof(e));
	rc = rulebook_parse(text, (size_t)len, path, rb, &e);
	free(text);
	if (rc)
		fprintf(stderr, "gen: %s\n", e.message);
	return rc;
}

const char *const gen_comp_names[GEN_N_COMP] = {
	"base", "result", "supplement", "bonus"
};

void gen_print_totals(const int64_t sum[GEN_N_COMP], const int64_t lines[GEN_N_COMP])
{
	int64_t all = 0, n = 0;

	for (int k = 0; k < GEN_N_COMP; k++) {
		printf("total %-10s %16lld ore in %9lld lines\n", gen_comp_names[k],
		       (long long)sum[k], (long long)lines[k]);
		all += sum[k];
		n += lines[k];
	}
	printf("total %-10s %16lld ore in %9lld lines\n", "all", (long long)all,
	       (long long)n);
}
