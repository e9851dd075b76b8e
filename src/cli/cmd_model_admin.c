/*
 * cmd_model_admin.c — `kundval model activate|deactivate|list`,
 * `kundval model overrides` and `kundval unemployment import`: putting a
 * trained profiling model to work, the local unemployment rates it
 * reads, and the count of case officers' overrides.  Training and
 * validation are in cmd_model.c.
 */
#include "cli/cli.h"
#include "app/files.h"
#include "app/profiling.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_json(const json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

/* Run fn as the system actor and print its answer. */
static int run_print(struct cli_common *common, app_usecase_fn fn,
		     bool writes, json_t *in)
{
	json_t *out = NULL;
	int rc = cli_run(common, fn, writes, in, &out);

	json_decref(in);
	if (rc == 0)
		print_json(out);
	json_decref(out);
	return rc;
}

int cmd_model_activate(int argc, char **argv, struct cli_common *common)
{
	json_error_t je;
	json_t *model;

	if (argc != 1) {
		fputs("usage: kundval model activate MODEL.json\n", stderr);
		return 2;
	}
	model = json_load_file(argv[0], JSON_REJECT_DUPLICATES, &je);
	if (!model) {
		fprintf(stderr, "kundval: %s: line %d: %s\n", argv[0], je.line,
			je.text);
		return 1;
	}
	return run_print(common, app_model_activate, true,
			 json_pack("{s:o}", "model", model));
}

int cmd_model_deactivate(int argc, char **argv, struct cli_common *common)
{
	(void)argv;
	if (argc) {
		fputs("usage: kundval model deactivate\n", stderr);
		return 2;
	}
	return run_print(common, app_model_deactivate, true, json_object());
}

int cmd_model_list(int argc, char **argv, struct cli_common *common)
{
	(void)argv;
	if (argc) {
		fputs("usage: kundval model list\n", stderr);
		return 2;
	}
	return run_print(common, app_models_list, false, json_object());
}

int cmd_model_overrides(int argc, char **argv, struct cli_common *common)
{
	json_t *in = json_object();

	for (int i = 0; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--from") && strcmp(argv[i], "--to"))
			break;
		json_object_set_new(in, argv[i] + 2, json_string(argv[i + 1]));
	}
	if (argc % 2 || !json_object_get(in, "from") ||
	    (int)json_object_size(in) * 2 != argc) {
		fputs("usage: kundval model overrides --from YYYY-MM-DD"
		      " [--to YYYY-MM-DD]\n", stderr);
		json_decref(in);
		return 2;
	}
	return run_print(common, app_assessment_overrides, false, in);
}

/* One line "0180,2026-10,725" as a rate; NULL when it has not three
 * fields.  A rate that is not digits goes on as text, so the use case
 * names the field ("rates[4].rate_bp") as it does for every other fault. */
static json_t *csv_rate(char *line)
{
	char *f[3], *save = NULL;
	int n = 0;
	json_t *rate;

	for (char *t = strtok_r(line, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (n == 3)
			return NULL;
		f[n++] = t;
	}
	if (n != 3)
		return NULL;
	rate = f[2][0] && f[2][strspn(f[2], "0123456789")] == '\0' &&
	       strlen(f[2]) < 10 ? json_integer(strtoll(f[2], NULL, 10)) :
	       json_string(f[2]);
	return json_pack("{s:s, s:s, s:o}", "municipality", f[0], "month", f[1],
			 "rate_bp", rate);
}

static json_t *read_rates(const char *path, char *text)
{
	json_t *rates = json_array();
	char *save = NULL;
	int row = 0;

	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *r;

		line[strcspn(line, "\r")] = '\0';
		if (++row == 1) {
			if (strcmp(line, "municipality,month,rate_bp")) {
				fprintf(stderr, "kundval: %s: row 1 must be the"
					" header municipality,month,rate_bp\n",
					path);
				break;
			}
			continue;
		}
		r = csv_rate(line);
		if (!r) {
			fprintf(stderr, "kundval: %s: row %d: a row has three"
				" fields: municipality,month,rate_bp (a rate in"
				" basis points, 725 = 7.25 %%)\n", path, row);
			break;
		}
		json_array_append_new(rates, r);
	}
	if (row == 0 || (int)json_array_size(rates) != row - 1) {
		json_decref(rates);
		return NULL;
	}
	return rates;
}

int cmd_unemployment_import(int argc, char **argv, struct cli_common *common)
{
	struct kverr e = { 0 };
	json_t *rates;
	char *text;

	if (argc != 1) {
		fputs("usage: kundval unemployment import FILE.csv\n", stderr);
		return 2;
	}
	text = files_read(argv[0], 4 * 1024 * 1024, NULL, &e);
	if (!text) {
		cli_print_error(&e);
		return 1;
	}
	rates = read_rates(argv[0], text);
	free(text);
	if (!rates)
		return 1;
	return run_print(common, app_local_unemployment_set, true,
			 json_pack("{s:o}", "rates", rates));
}
