/*
 * cmd_generate.c — `kundval generate`: write a seeded history of synthetic
 * jobseekers (src/sim/history.c) as CSV, the data `kundval model train`
 * learns from.  A long run shows a progress bar with the rate and the
 * time left when stderr is a terminal; the closing line gives the share
 * of the fresh inflow in work within 6 and 12 months of entry.
 */
#include "cli/cli.h"
#include "sim/history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GENERATE_PEOPLE_MAX 100000000  /* some 8 GB of CSV */

/* Everyone enters on the same day; only the birth dates, which are not
 * written, depend on it. */
#define GENERATE_ENTRY_Y 2024

static const char usage_generate[] =
	"usage: kundval generate --seed S --people N [--months M] --out FILE\n";

struct generate_args {
	uint64_t seed;
	int64_t people;
	int months;
	const char *out;
	bool has_seed;
};

/* A whole decimal number in 0 … max, nothing else. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int bad_value(const char *opt, const char *v)
{
	fprintf(stderr, "kundval: generate: bad value for %s: %s\n%s", opt, v,
		usage_generate);
	return -1;
}

static bool is_option(const char *s)
{
	return !strcmp(s, "--seed") || !strcmp(s, "--people") ||
	       !strcmp(s, "--months") || !strcmp(s, "--out");
}

static int parse_args(int argc, char **argv, struct generate_args *a)
{
	memset(a, 0, sizeof(*a));
	a->months = HISTORY_MONTHS_DEFAULT;
	/* Every option takes a value: the arguments go in pairs. */
	for (int i = 0; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;

		if (v && !strcmp(argv[i], "--seed")) {
			if (parse_u64(v, UINT64_MAX, &a->seed))
				return bad_value(argv[i], v);
			a->has_seed = true;
		} else if (v && !strcmp(argv[i], "--people")) {
			if (parse_u64(v, GENERATE_PEOPLE_MAX, &n) || n == 0)
				return bad_value(argv[i], v);
			a->people = (int64_t)n;
		} else if (v && !strcmp(argv[i], "--months")) {
			if (parse_u64(v, HISTORY_MONTHS_MAX, &n) || n == 0)
				return bad_value(argv[i], v);
			a->months = (int)n;
		} else if (v && !strcmp(argv[i], "--out")) {
			a->out = v;
		} else {
			fprintf(stderr, "kundval: generate: %s %s\n%s", argv[i],
				is_option(argv[i]) ? "needs a value" :
				"is not an option", usage_generate);
			return -1;
		}
	}
	if (!a->has_seed || !a->people || !a->out || !*a->out) {
		fputs(usage_generate, stderr);
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------------- summary */

/* n of d as "12.3 %" (rounded to a tenth, integers only). */
static void share_text(int64_t n, int64_t d, char *buf, size_t size)
{
	int64_t pm = d ? (n * 1000 + d / 2) / d : 0;

	if (!d)
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%lld.%lld %%", (long long)(pm / 10),
			 (long long)(pm % 10));
}

static void print_summary(FILE *f, const struct generate_args *a,
			  const struct history_stats *st, double seconds)
{
	bool fresh = st->fresh > 0;
	int64_t base = fresh ? st->fresh : st->people;
	char s6[16], s12[16], ended[16];

	share_text(fresh ? st->fresh6 : st->within6, base, s6, sizeof(s6));
	share_text(fresh ? st->fresh12 : st->within12, base, s12, sizeof(s12));
	if (a->months < 6)
		snprintf(s6, sizeof(s6), "n/a");
	if (a->months < 12)
		snprintf(s12, sizeof(s12), "n/a");
	share_text(st->ended, st->found, ended, sizeof(ended));
	fprintf(f, "kundval: %lld people followed %d months in %.1f s\n",
		(long long)st->people, a->months, seconds);
	fprintf(f, "kundval: %s (%lld people): in work within 6 months %s,"
		" within 12 months %s\n", fresh ? "fresh inflow, 0 months"
		" unemployed at entry" : "everyone (no fresh inflow drawn)",
		(long long)base, s6, s12);
	fprintf(f, "kundval: of the %lld who found work, %s lost the job within"
		" 12 months\n", (long long)st->found, ended);
}

/* ------------------------------------------------------------- command */

/* Write the file; 0, or 1 with the reason printed (a partial regular
 * file is removed). */
static int write_history(const struct generate_args *a,
			 struct history_stats *st, struct cli_progress *pr)
{
	bool to_stdout = !strcmp(a->out, "-");
	struct history_opts o = { a->seed, a->people, a->months, 0 };
	FILE *f = to_stdout ? stdout : fopen(a->out, "wb");
	struct stat sb;
	bool regular;
	int rc, err;

	if (!f) {
		fprintf(stderr, "kundval: cannot create %s: %s\n", a->out,
			strerror(errno));
		return 1;
	}
	/* Only a regular file is removed after a failed write, never a
	 * device such as /dev/full. */
	regular = !to_stdout && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
	date_from_ymd(GENERATE_ENTRY_Y, 1, 1, &o.entry);
	rc = history_write_csv(f, &o, st, cli_progress_show, pr);
	err = rc ? errno : 0;
	if (to_stdout ? fflush(f) || ferror(f) : fclose(f) != 0) {
		err = rc ? err : errno;
		rc = -1;
	}
	if (pr->tty)
		fputc('\n', stderr);
	if (rc == 0)
		return 0;
	fprintf(stderr, "kundval: cannot write %s: %s\n", to_stdout ?
		"standard output" : a->out, err ? strerror(err) : "write error");
	if (regular)
		remove(a->out);
	return 1;
}

int cmd_generate(int argc, char **argv, struct cli_common *common)
{
	struct generate_args a;
	struct history_stats st = { 0 };
	struct cli_progress pr = { .tty = false };
	int rc;

	(void)common;
	if (parse_args(argc, argv, &a))
		return 2;
	/* No bar when the CSV itself is going to the same terminal. */
	pr.tty = isatty(STDERR_FILENO) &&
		 !(!strcmp(a.out, "-") && isatty(STDOUT_FILENO));
	cli_progress_start(&pr, "generate");
	rc = write_history(&a, &st, &pr);
	if (rc == 0)
		print_summary(strcmp(a.out, "-") ? stdout : stderr, &a, &st,
			      cli_progress_seconds(&pr));
	return rc;
}
