/*
 * cmd_quality.c — the quality follow-up from the command line:
 * `kundval survey import FILE` (D-4, R-2), `kundval staff import FILE`
 * (D-1), and `kundval report followup --from D --to D` (U-1, U-2) as
 * text or JSON.  Thin over app/surveys.c, app/staff.c, app/followup.c.
 */
#include "cli/cli.h"
#include "app/files.h"
#include "app/quality.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_survey_import(int argc, char **argv, struct cli_common *common)
{
	return cli_import_csv(argc, argv, common,
			   "usage: kundval survey import FILE.csv\n",
			   app_survey_import);
}

int cmd_staff_import(int argc, char **argv, struct cli_common *common)
{
	return cli_import_csv(argc, argv, common,
			   "usage: kundval staff import FILE.csv\n",
			   app_staff_import);
}

/* ------------------------------------------------------ report followup */

static void print_value(const json_t *v, int width)
{
	if (json_is_integer(v))
		printf(" %*lld", width, (long long)json_integer_value(v));
	else
		printf(" %*s", width, "-");
}

static void print_row(const char *label, const json_t *s)
{
	const json_t *st = json_object_get(s, "short_term");
	const json_t *lt = json_object_get(s, "long_term");
	const json_t *fl = json_object_get(s, "flow_time");

	printf("  %-24.24s", label);
	print_value(json_object_get(s, "participants"), 8);
	print_value(json_object_get(s, "results"), 8);
	print_value(json_object_get(s, "result_percent"), 5);
	print_value(json_object_get(st, "percent"), 7);
	print_value(json_object_get(lt, "percent"), 7);
	print_value(json_object_get(fl, "mean_days"), 6);
	print_value(json_object_get(fl, "median_days"), 7);
	putchar('\n');
}

static void print_header(void)
{
	printf("  %-24s %8s %8s %5s %7s %7s %6s %7s\n", "", "started", "results",
	       "%", "short%", "long%", "flow", "median");
}

static void print_groups(const json_t *section)
{
	static const char *const groups[][2] = {
		{ "by_track", "track" }, { "by_gender", "gender" },
		{ "by_birth_region", "birth_region" }, { "by_age_band", "age_band" }
	};
	char label[64];
	const json_t *r;
	size_t i;

	if (json_is_object(json_object_get(section, "total")))
		print_row("total", json_object_get(section, "total"));
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		json_array_foreach(json_object_get(section, groups[g][0]), i, r) {
			snprintf(label, sizeof(label), "%s %s", groups[g][1],
				 json_string_value(json_object_get(r, groups[g][1])));
			print_row(label, r);
		}
}

static void print_followup(const json_t *out)
{
	static const char *const sections[] = { "all", "own_operation",
						"external" };
	const json_t *p, *u;
	size_t i;

	printf("Follow-up of participations started %s … %s, as of %s\n"
	       "(short%%/long%%: results within the short/long term among those"
	       " followed that long; flow: mean days to result or end)\n",
	       json_string_value(json_object_get(out, "from")),
	       json_string_value(json_object_get(out, "to")),
	       json_string_value(json_object_get(out, "as_of")));
	for (size_t s = 0; s < 3; s++) {
		printf("\n%s\n", sections[s]);
		print_header();
		print_groups(json_object_get(json_object_get(out, "sections"),
					     sections[s]));
	}
	printf("\nproviders (utilisation = participant-days / place-days)\n");
	print_header();
	json_array_foreach(json_object_get(out, "providers"), i, p) {
		u = json_object_get(p, "utilisation");
		print_row(json_string_value(json_object_get(p, "name")), p);
		printf("  %-24s utilisation", "");
		print_value(json_object_get(u, "percent"), 4);
		printf(" %%\n");
	}
}

int cmd_report_followup(int argc, char **argv, struct cli_common *common)
{
	json_t *in = json_object(), *out = NULL;
	bool as_json = false;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc) {
			json_object_set_new(in, "from", json_string(argv[++i]));
		} else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
			json_object_set_new(in, "to", json_string(argv[++i]));
		} else if (!strcmp(argv[i], "--programme") && i + 1 < argc) {
			char *end;
			long long id = strtoll(argv[++i], &end, 10);

			json_object_set_new(in, "programme_id", json_integer(
				*end || id < 1 ? 0 : id));
		} else if (!strcmp(argv[i], "--json")) {
			as_json = true;
		} else {
			fprintf(stderr, "kundval: report followup: unknown argument"
				" %s\nusage: kundval report followup --from D --to D"
				" [--programme ID] [--json]\n", argv[i]);
			json_decref(in);
			return 2;
		}
	}
	rc = cli_run(common, app_followup_report, false, in, &out);
	json_decref(in);
	if (rc == 0 && as_json) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else if (rc == 0) {
		print_followup(out);
	}
	json_decref(out);
	return rc;
}
