/*
 * cmd_journey.c — the journey's batch commands: `kundval assign` runs
 * non-choice (C-4) for a date; `kundval income import` reads the
 * employers' monthly returns (P-8).
 */
#include "cli/cli.h"
#include "app/files.h"
#include "app/journey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_assigned(const json_t *out)
{
	const json_t *a;
	size_t i;

	json_array_foreach(json_object_get(out, "assigned"), i, a)
		printf("%s -> provider %lld from %s: %s\n",
		       json_string_value(json_object_get(a, "ref")),
		       (long long)json_integer_value(json_object_get(a, "provider_id")),
		       json_string_value(json_object_get(a, "starts_on")),
		       json_string_value(json_object_get(a, "reason")));
	json_array_foreach(json_object_get(out, "skipped"), i, a)
		printf("%s not assigned: %s\n",
		       json_string_value(json_object_get(a, "ref")),
		       json_string_value(json_object_get(a, "reason")));
	printf("kundval: %zu assigned, %zu left waiting on %s\n",
	       json_array_size(json_object_get(out, "assigned")),
	       json_array_size(json_object_get(out, "skipped")),
	       json_string_value(json_object_get(out, "date")));
}

int cmd_assign(int argc, char **argv, struct cli_common *common)
{
	json_t *in = json_object(), *out = NULL;
	bool as_json = false;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
			json_object_set_new(in, "date", json_string(argv[++i]));
		} else if (strcmp(argv[i], "--json") == 0) {
			as_json = true;
		} else {
			fprintf(stderr, "kundval: assign: unknown argument %s\n"
				"usage: kundval assign [--date YYYY-MM-DD] [--json]\n",
				argv[i]);
			json_decref(in);
			return 2;
		}
	}
	rc = cli_run(common, app_nonchoice_run, true, in, &out);
	json_decref(in);
	if (rc == 0 && as_json) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else if (rc == 0) {
		print_assigned(out);
	}
	json_decref(out);
	return rc;
}

int cmd_income_import(int argc, char **argv, struct cli_common *common)
{
	return cli_import_csv(argc, argv, common,
			      "usage: kundval income import FILE.csv\n",
			      app_income_import);
}
