/*
 * bench/score.c — how fast profile_score (src/core/profile.c) scores
 * people: the calibrated chance of a job that an assessment records.
 *
 *   build/bench/score --model M.json [--seed 3] [--n 2000000] [--repeat 5]
 *
 * Draws N people with the history generator (src/sim/history.c, the same
 * draws `kundval generate` makes, not timed) as struct profile_person,
 * reads the model file with profile_model_parse (not timed), then times
 * the loop that calls profile_score for every person and adds the chances
 * up.  Prints the median rate of REPEAT runs in people per second, and a
 * digest of every chance's bits and the track counts, so a faster
 * profile_score can be checked to give exactly the same results.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/files.h"
#include "core/profile.h"
#include "sim/history.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int usage(void)
{
	fprintf(stderr, "usage: score --model M.json [--seed S] [--n N]"
		" [--repeat R]\n");
	return 2;
}

/* The people of `kundval generate --seed seed` (entry 2024-01-01). */
static struct profile_person *draw(uint64_t seed, long n)
{
	struct profile_person *p = malloc((size_t)n * sizeof(*p));
	date_t entry;

	if (!p || date_from_ymd(2024, 1, 1, &entry)) {
		free(p);
		return NULL;
	}
	for (long i = 0; i < n; i++) {
		struct sim_rng r;
		struct history_row row;
		int64_t id = i + 1;

		history_rng_for(seed, id, &r);
		history_person_months(&r, entry, 1 + (int)((id - 1) % 999),
				      HISTORY_MONTHS_DEFAULT, &row);
		p[i] = (struct profile_person){
			.age_band = row.p.age_band, .gender = row.p.gender,
			.region = row.p.region, .education = row.p.education,
			.disability = row.p.disability, .ui_member = row.p.ui_member,
			.previous = row.p.previous, .field = row.p.field,
			.local_bp = row.local_bp, .months = row.p.months_unemployed,
		};
	}
	return p;
}

/* FNV-1a over the chances' bits and the tracks: equal digests, equal
 * results. */
static uint64_t digest(const struct profile_model *m,
		       const struct profile_person *p, long n, long tracks[4])
{
	uint64_t h = 14695981039346656037ULL;

	memset(tracks, 0, 4 * sizeof(tracks[0]));
	for (long i = 0; i < n; i++) {
		double c = profile_score(m, &p[i]);
		unsigned char b[sizeof(c)];

		memcpy(b, &c, sizeof(c));
		for (size_t k = 0; k < sizeof(b); k++)
			h = (h ^ b[k]) * 1099511628211ULL;
		tracks[profile_track(m, c) - 1]++;
	}
	return h;
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	uint64_t seed = 3;
	long n = 2000000, tracks[4];
	int repeat = 5;
	static struct profile_model m;
	struct profile_person *p;
	struct kverr e = { 0 };
	json_t *root;
	double secs[100], sum = 0, t0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--model"))
			file = argv[i + 1];
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--n"))
			n = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--repeat"))
			repeat = (int)strtol(argv[i + 1], NULL, 10);
		else
			return usage();
	}
	if (!file || argc % 2 == 0 || n < 1 || n > 100000000 || repeat < 1 ||
	    repeat > 100)
		return usage();
	root = files_load_json(file, &e);
	if (!root || profile_model_parse(root, 12, &m, &e)) {
		fprintf(stderr, "score: %s: %s\n", file, e.message);
		return 2;
	}
	json_decref(root);
	t0 = now();
	p = draw(seed, n);
	if (!p)
		return 2;
	printf("drew %ld people (seed %llu) in %.2f s (not timed); model %s, %s"
	       " calibration\n", n, (unsigned long long)seed, now() - t0,
	       m.version, m.isotonic ? "isotonic" : "Platt");
	for (int r = 0; r < repeat; r++) {
		double s = 0;

		t0 = now();
		for (long i = 0; i < n; i++)
			s += profile_score(&m, &p[i]);
		secs[r] = now() - t0;
		sum = s;
		printf("run %d: %.3f s, %.2f M people/s\n", r + 1, secs[r],
		       (double)n / secs[r] / 1e6);
	}
	qsort(secs, (size_t)repeat, sizeof(secs[0]), cmp_double);
	printf("mean chance: %.6f\n", sum / (double)n);
	printf("digest: %016llx\n", (unsigned long long)digest(&m, p, n, tracks));
	printf("tracks: %ld %ld %ld %ld\n", tracks[0], tracks[1], tracks[2],
	       tracks[3]);
	printf("score: %.2f M people/s (median of %d runs)\n",
	       (double)n / secs[repeat / 2] / 1e6, repeat);
	free(p);
	return 0;
}
