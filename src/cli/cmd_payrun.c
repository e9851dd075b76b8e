/*
 * cmd_payrun.c — `kundval payrun prepare|approve|export|statement|report`
 * and `kundval ledger verify`: the monthly payment run from the server's
 * command line.  An operator acts as a named controller (--as), so the
 * four-eyes rule holds here as in the API.  A long preparation shows
 * a progress bar with the rate and the time left when stderr is a
 * terminal.
 */
#include "cli/cli.h"
#include "app/auth.h"
#include "app/payrun.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct payrun_args {
	const char *period, *as, *delegation, *execution_date, *format, *output;
	int64_t provider;
	bool json, csv;
};

static int parse_args(int argc, char **argv, struct payrun_args *a,
		      const char *usage)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--json"))
			a->json = true;
		else if (!strcmp(argv[i], "--csv"))
			a->csv = true;
		else if (v && !strcmp(argv[i], "--period"))
			a->period = argv[++i];
		else if (v && !strcmp(argv[i], "--as"))
			a->as = argv[++i];
		else if (v && !strcmp(argv[i], "--delegation"))
			a->delegation = argv[++i];
		else if (v && !strcmp(argv[i], "--execution-date"))
			a->execution_date = argv[++i];
		else if (v && !strcmp(argv[i], "--format"))
			a->format = argv[++i];
		else if (v && (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")))
			a->output = argv[++i];
		else if (v && !strcmp(argv[i], "--provider"))
			a->provider = strtoll(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "kundval: unknown argument %s\n%s", argv[i],
				usage);
			return -1;
		}
	}
	return 0;
}

/* The actor: the named user, or the system (an admin) for reading. */
static int resolve_actor(struct app *app, const char *as, struct actor *a)
{
	struct kverr e = { 0 };

	if (!as) {
		*a = app_system_actor;
		return 0;
	}
	if (auth_resolve_username(app, as, a, &e)) {
		cli_print_error(&e);
		return -1;
	}
	if (a->role == ROLE_NONE) {
		fprintf(stderr, "kundval: no user named %s\n", as);
		return -1;
	}
	return 0;
}

/* The run of a period, by id (0 with a message when there is none). */
static int64_t run_of(struct app *app, const char *period)
{
	struct kverr e = { 0 };
	json_t *in = json_object(), *out = NULL, *r;
	int64_t id = 0;
	size_t i;

	if (app_run(app, &app_system_actor, false, app_payruns_list, in, &out, &e))
		cli_print_error(&e);
	json_array_foreach(out, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "period")), period))
			id = json_integer_value(json_object_get(r, "id"));
	if (out && !id)
		fprintf(stderr, "kundval: there is no run of %s\n", period);
	json_decref(in);
	json_decref(out);
	return id;
}

static void print_json(const json_t *out)
{
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

/* ------------------------------------------------------------- commands */

static const char usage_prepare[] =
	"usage: kundval payrun prepare --period YYYY-MM --as CONTROLLER [--json]\n";

int cmd_payrun_prepare(int argc, char **argv, struct cli_common *common)
{
	struct payrun_args a;
	struct cli_progress pr = { .tty = isatty(STDERR_FILENO) };
	struct app app;
	struct actor actor;
	struct kverr e = { 0 };
	json_t *out = NULL;
	int rc;

	if (parse_args(argc, argv, &a, usage_prepare))
		return 2;
	if (!a.period || !a.as) {
		fputs(usage_prepare, stderr);
		return 2;
	}
	if (cli_open(&app, common, 1))
		return 2;
	cli_progress_start(&pr, "payrun");
	rc = resolve_actor(&app, a.as, &actor) ? 1 :
	     payrun_prepare(&app, &actor, a.period, cli_progress_show, &pr, &out, &e)
	     ? 1 : 0;
	if (pr.tty)
		fputc('\n', stderr);
	if (rc && e.cls != KVERR_OK)
		cli_print_error(&e);
	if (!rc && a.json)
		print_json(out);
	else if (!rc) {
		char money[MONEY_STRLEN];

		money_format(json_integer_value(json_object_get(out, "earned")),
			     money);
		printf("kundval: run %lld of %s prepared in %.1f s; earned in all"
		       " so far: %s\n", (long long)json_integer_value(
		       json_object_get(out, "id")), a.period,
		       cli_progress_seconds(&pr), money);
	}
	json_decref(out);
	app_close(&app);
	return rc;
}

/* Run one use case on the run of --period as --as (or the system). */
static int on_run(struct cli_common *common, const struct payrun_args *a,
		  app_usecase_fn fn, bool writes, json_t *extra, json_t **out)
{
	struct app app;
	struct actor actor;
	struct kverr e = { 0 };
	int64_t id;
	int rc = 1;

	*out = NULL;
	if (cli_open(&app, common, 1)) {
		json_decref(extra);
		return 2;
	}
	id = run_of(&app, a->period);
	if (id && resolve_actor(&app, a->as, &actor) == 0) {
		json_object_set_new(extra, "payrun_id", json_integer(id));
		rc = app_run(&app, &actor, writes, fn, extra, out, &e) ? 1 : 0;
		if (rc)
			cli_print_error(&e);
	}
	json_decref(extra);
	app_close(&app);
	return rc;
}

static const char usage_approve[] =
	"usage: kundval payrun approve --period YYYY-MM --as CONTROLLER\n"
	"                              --delegation TEXT [--execution-date D]\n";

int cmd_payrun_approve(int argc, char **argv, struct cli_common *common)
{
	struct payrun_args a;
	json_t *in, *out = NULL;
	int rc;

	if (parse_args(argc, argv, &a, usage_approve))
		return 2;
	if (!a.period || !a.as || !a.delegation) {
		fputs(usage_approve, stderr);
		return 2;
	}
	in = json_pack("{s:s}", "delegation", a.delegation);
	if (a.execution_date)
		json_object_set_new(in, "execution_date",
				    json_string(a.execution_date));
	rc = on_run(common, &a, app_payrun_approve, true, in, &out);
	if (rc == 0 && a.json)
		print_json(out);
	else if (rc == 0)
		printf("kundval: run of %s approved by %s\n", a.period, a.as);
	json_decref(out);
	return rc;
}

static int write_file(const char *path, const json_t *file)
{
	const char *b64 = json_string_value(json_object_get(file, "content_base64"));
	size_t cap = strlen(b64), len = 0;
	unsigned char *bin = malloc(cap + 1);
	FILE *f;
	int ok;

	if (!bin || sodium_base642bin(bin, cap, b64, cap, NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL)) {
		free(bin);
		return 1;
	}
	f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	ok = f && fwrite(bin, 1, len, f) == len;
	if (f && f != stdout)
		ok = fclose(f) == 0 && ok;
	free(bin);
	if (!ok)
		fprintf(stderr, "kundval: cannot write %s\n", path);
	return ok ? 0 : 1;
}

static const char usage_export[] =
	"usage: kundval payrun export --period YYYY-MM --format sie|pain001\n"
	"                             [-o FILE] [--as USER]\n";

int cmd_payrun_export(int argc, char **argv, struct cli_common *common)
{
	struct payrun_args a;
	json_t *out = NULL;
	bool sie;
	int rc;

	if (parse_args(argc, argv, &a, usage_export))
		return 2;
	if (!a.period || !a.format || (strcmp(a.format, "sie") &&
				       strcmp(a.format, "pain001"))) {
		fputs(usage_export, stderr);
		return 2;
	}
	sie = !strcmp(a.format, "sie");
	rc = on_run(common, &a, sie ? app_payrun_export_sie :
		    app_payrun_export_pain, false, json_object(), &out);
	if (rc == 0)
		rc = write_file(a.output ? a.output : json_string_value(
				json_object_get(out, "filename")), out);
	json_decref(out);
	return rc;
}

static const char usage_statement[] =
	"usage: kundval payrun statement --period YYYY-MM --provider ID [--csv]\n"
	"                                [--as USER]\n";

int cmd_payrun_statement(int argc, char **argv, struct cli_common *common)
{
	struct payrun_args a;
	json_t *out = NULL;
	int rc;

	if (parse_args(argc, argv, &a, usage_statement))
		return 2;
	if (!a.period || a.provider <= 0) {
		fputs(usage_statement, stderr);
		return 2;
	}
	rc = on_run(common, &a, app_payrun_statement, false,
		    json_pack("{s:I}", "provider_id", (json_int_t)a.provider), &out);
	if (rc == 0 && a.csv) {
		char *csv = payrun_statement_csv(out);

		rc = csv ? 0 : 1;
		if (csv)
			fputs(csv, stdout);
		free(csv);
	} else if (rc == 0) {
		print_json(out);
	}
	json_decref(out);
	return rc;
}

static void print_report(const json_t *r)
{
	const json_t *p, *row;
	size_t i, k;
	char money[MONEY_STRLEN];

	printf("Run %s (%s)\n", json_string_value(json_object_get(r, "period")),
	       json_string_value(json_object_get(r, "status")));
	json_array_foreach(json_object_get(r, "programmes"), i, p) {
		const json_t *share = json_object_get(p, "result_share_permille");

		money_format(json_integer_value(json_object_get(p, "total")), money);
		printf("\n%s — %s\n  total %s; result share (P-2) %s%.1f %%\n",
		       json_string_value(json_object_get(p, "code")),
		       json_string_value(json_object_get(p, "name")), money,
		       json_is_integer(share) ? "" : "n/a ",
		       json_is_integer(share) ? (double)json_integer_value(share) / 10 : 0.0);
		json_array_foreach(json_object_get(p, "by_component_and_track"), k, row) {
			money_format(json_integer_value(json_object_get(row, "amount")),
				     money);
			printf("  %-11s track %lld  %20s  (%lld lines)\n",
			       json_string_value(json_object_get(row, "component")),
			       (long long)json_integer_value(json_object_get(row, "track")),
			       money, (long long)json_integer_value(json_object_get(row,
								    "lines")));
		}
	}
	printf("\nPer provider (earned / paid):\n");
	json_array_foreach(json_object_get(r, "providers"), i, p) {
		char paid[MONEY_STRLEN];

		money_format(json_integer_value(json_object_get(p, "earned")), money);
		money_format(json_integer_value(json_object_get(p, "paid")), paid);
		printf("  %-40.40s %18s %18s\n",
		       json_string_value(json_object_get(p, "name")), money, paid);
	}
}

static const char usage_report[] =
	"usage: kundval payrun report --period YYYY-MM [--json] [--as USER]\n";

int cmd_payrun_report(int argc, char **argv, struct cli_common *common)
{
	struct payrun_args a;
	json_t *out = NULL;
	int rc;

	if (parse_args(argc, argv, &a, usage_report))
		return 2;
	if (!a.period) {
		fputs(usage_report, stderr);
		return 2;
	}
	rc = on_run(common, &a, app_payrun_figures, false, json_object(), &out);
	if (rc == 0 && a.json)
		print_json(out);
	else if (rc == 0)
		print_report(out);
	json_decref(out);
	return rc;
}

int cmd_ledger_verify(int argc, char **argv, struct cli_common *common)
{
	json_t *in = json_object(), *out = NULL;
	int rc;

	(void)argv;
	if (argc) {
		fputs("usage: kundval ledger verify [--db FILE]\n", stderr);
		json_decref(in);
		return 2;
	}
	rc = cli_run(common, app_ledger_verify, false, in, &out);
	json_decref(in);
	if (rc == 0) {
		print_json(out);
		rc = json_is_true(json_object_get(out, "ok")) ? 0 : 1;
	}
	json_decref(out);
	return rc;
}
