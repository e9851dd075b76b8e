/*
 * cmd_rating.c — `kundval rating compute|publish|show|candidates`: the
 * provider rating from the command line, as the system actor.
 * Thin over app/rating.c; text for people, --json for programs.
 */
#include "cli/cli.h"
#include "app/rating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t get_int(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *get_str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* 1,234,567 ppm as "1.23". */
static void dec(char *buf, size_t len, int64_t ppm)
{
	int64_t h = (ppm + 5000) / 10000;

	snprintf(buf, len, "%lld.%02lld", (long long)(h / 100),
		 (long long)(h % 100));
}

static void print_programme(const json_t *p)
{
	const json_t *c, *cuts = json_object_get(p, "star_cuts_ppm");
	char a[16], b[16], d[16], res[16];
	size_t i;

	dec(res, sizeof(res), get_int(p, "results_pct") * 10000);
	printf("\nProgramme %s (rulebook %s): %lld participants, %s results,"
	       " %lld rated", get_str(p, "code"), get_str(p, "rulebook"),
	       (long long)get_int(p, "participants"), res,
	       (long long)get_int(p, "rated"));
	if (json_is_integer(json_array_get(cuts, 0))) {
		dec(a, sizeof(a), json_integer_value(json_array_get(cuts, 0)));
		dec(b, sizeof(b), json_integer_value(json_array_get(cuts, 1)));
		dec(d, sizeof(d), json_integer_value(json_array_get(cuts, 2)));
		printf("; star cut points at ratio %s, %s, %s", a, b, d);
	}
	printf("\n  expected rates:");
	json_array_foreach(json_object_get(p, "cells"), i, c) {
		dec(a, sizeof(a), get_int(c, "rate_ppm") * 100);
		printf(" %s %lld: %s %% (%lld);", strcmp(get_str(c, "kind"),
		       "track") ? "score band" : "track",
		       (long long)get_int(c, "index"), a,
		       (long long)get_int(c, "participants"));
	}
	putchar('\n');
}

static void print_round(const json_t *r)
{
	const json_t *p, *row;
	size_t i;

	printf("Rating round %lld measured on %s (%s%s%s): participations"
	       " started %s to %s\n", (long long)get_int(r, "id"),
	       get_str(r, "measured_on"), get_str(r, "status"),
	       json_is_string(json_object_get(r, "published_on")) ? " on " : "",
	       get_str(r, "published_on"), get_str(r, "window_from"),
	       get_str(r, "window_to"));
	json_array_foreach(json_object_get(r, "programmes"), i, p)
		print_programme(p);
	printf("\n%-10s %-8s %-32s %5s  %s\n", "programme", "area", "provider",
	       "n", "rating");
	json_array_foreach(json_object_get(r, "rows"), i, row)
		printf("%-10lld %-8s %-32.32s %5lld  %s\n",
		       (long long)get_int(row, "programme_id"),
		       get_str(row, "area_code"), get_str(row, "provider"),
		       (long long)get_int(row, "participants"),
		       get_str(row, "text"));
}

static void print_json(const json_t *out)
{
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

/* Parse "--name VALUE" options into in under keys[k] (as positive
 * integers when ints) and --json; 2 on anything else. */
static int options(int argc, char **argv, const char *const *names,
		   const char *const *keys, bool ints, json_t *in,
		   bool *as_json, const char *usage)
{
	for (int i = 0; i < argc; i++) {
		int k = 0;

		if (strcmp(argv[i], "--json") == 0) {
			*as_json = true;
			continue;
		}
		while (names[k] && strcmp(names[k], argv[i]))
			k++;
		if (!names[k] || i + 1 >= argc) {
			fprintf(stderr, "kundval: unknown argument %s\n%s", argv[i],
				usage);
			return 2;
		}
		if (ints) {
			char *end;
			long long v = strtoll(argv[++i], &end, 10);

			if (*end || v <= 0) {
				fprintf(stderr, "kundval: %s needs a positive"
					" number\n%s", names[k], usage);
				return 2;
			}
			json_object_set_new(in, keys[k], json_integer(v));
		} else {
			json_object_set_new(in, keys[k], json_string(argv[++i]));
		}
	}
	return 0;
}

static int run_and_print(struct cli_common *common, app_usecase_fn fn,
			 bool writes, json_t *in, bool as_json)
{
	json_t *out = NULL;
	int rc = cli_run(common, fn, writes, in, &out);

	json_decref(in);
	if (rc == 0 && as_json)
		print_json(out);
	else if (rc == 0)
		print_round(out);
	json_decref(out);
	return rc;
}

int cmd_rating_compute(int argc, char **argv, struct cli_common *common)
{
	static const char *const names[] = { "--date", NULL };
	static const char *const keys[] = { "date", NULL };
	json_t *in = json_object();
	bool as_json = false;

	if (options(argc, argv, names, keys, false, in, &as_json,
		    "usage: kundval rating compute [--date YYYY-MM-DD] [--json]\n")) {
		json_decref(in);
		return 2;
	}
	return run_and_print(common, app_rating_compute, true, in, as_json);
}

int cmd_rating_publish(int argc, char **argv, struct cli_common *common)
{
	static const char *const names[] = { "--round", NULL };
	static const char *const keys[] = { "round_id", NULL };
	json_t *in = json_object();
	bool as_json = false;

	if (options(argc, argv, names, keys, true, in, &as_json,
		    "usage: kundval rating publish [--round N] [--json]\n")) {
		json_decref(in);
		return 2;
	}
	return run_and_print(common, app_rating_publish, true, in, as_json);
}

/* The latest published round, for `show` without --round. */
static int latest_published(struct cli_common *common, json_t *in)
{
	json_t *list = NULL, *none = json_object();
	const json_t *r;
	size_t i;
	int rc = cli_run(common, app_ratings_list, false, none, &list);

	json_decref(none);
	if (rc)
		return rc;
	json_array_foreach(list, i, r)
		if (!strcmp(get_str(r, "status"), "published")) {
			json_object_set_new(in, "round_id", json_integer(get_int(r, "id")));
			break;
		}
	json_decref(list);
	if (json_object_get(in, "round_id"))
		return 0;
	fprintf(stderr, "kundval: no rating round is published yet; name one"
		" with --round N (kundval rating compute makes one)\n");
	return 1;
}

int cmd_rating_show(int argc, char **argv, struct cli_common *common)
{
	static const char *const names[] = { "--round", "--programme", "--area",
					     "--provider", NULL };
	static const char *const keys[] = { "round_id", "programme_id",
					    "area_id", "provider_id", NULL };
	json_t *in = json_object();
	bool as_json = false;
	int rc;

	if (options(argc, argv, names, keys, true, in, &as_json,
		    "usage: kundval rating show [--round N] [--programme ID]"
		    " [--area ID] [--provider ID] [--json]\n")) {
		json_decref(in);
		return 2;
	}
	if (!json_object_get(in, "round_id") &&
	    (rc = latest_published(common, in))) {
		json_decref(in);
		return rc;
	}
	return run_and_print(common, app_rating_get, false, in, as_json);
}

int cmd_rating_candidates(int argc, char **argv, struct cli_common *common)
{
	static const char *const names[] = { NULL };
	json_t *in = json_object(), *out = NULL;
	const json_t *c, *r;
	bool as_json = false;
	size_t i, k;
	int rc;

	if (options(argc, argv, names, names, false, in, &as_json,
		    "usage: kundval rating candidates [--json]\n")) {
		json_decref(in);
		return 2;
	}
	rc = cli_run(common, app_rating_candidates, false, in, &out);
	json_decref(in);
	if (rc == 0 && as_json)
		print_json(out);
	else if (rc == 0) {
		printf("%s\n", get_str(out, "rule"));
		json_array_foreach(json_object_get(out, "candidates"), i, c) {
			printf("provider %lld %s in area %lld %s:",
			       (long long)get_int(c, "provider_id"),
			       get_str(c, "provider"), (long long)get_int(c, "area_id"),
			       get_str(c, "area"));
			json_array_foreach(json_object_get(c, "rounds"), k, r) {
				char ratio[16];

				dec(ratio, sizeof(ratio), get_int(r, "ratio_ppm"));
				printf(" round %lld (%s) %lld star(s), ratio %s;",
				       (long long)get_int(r, "round_id"),
				       get_str(r, "measured_on"),
				       (long long)get_int(r, "stars"), ratio);
			}
			putchar('\n');
		}
		printf("kundval: %zu candidate(s)\n",
		       json_array_size(json_object_get(out, "candidates")));
	}
	json_decref(out);
	return rc;
}
