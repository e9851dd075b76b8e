/*
 * cmd_common.c — the command table and what the commands share.
 */
#include "cli/cli.h"
#include "app/auth.h"
#include "app/files.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{ "init", "create the database and load reference data",
	  "usage: kundval init [--db FILE]\n\n"
	  "Create the database (applying every migration) and load the 290\n"
	  "municipalities from data/municipalities.csv. Safe to run again.\n",
	  cmd_init },
	{ "serve", "serve the API and pages over HTTP",
	  "usage: kundval serve [--db FILE] [--port N] [--bind ADDR] [--threads N]\n"
	  "                     [--accounts]\n\n"
	  "Serve on http://ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free\n"
	  "one). --accounts prints the accounts first (demo databases only).\n"
	  "SIGINT or SIGTERM stops it cleanly. KUNDVAL_TODAY=YYYY-MM-DD pins the\n"
	  "clock (tests and demonstrations only).\n",
	  cmd_serve },
	{ "user add", "create an account",
	  "usage: kundval user add --username U --role ROLE --display-name NAME\n"
	  "                        [--provider-id N] [--db FILE]\n\n"
	  "Roles: admin, case_officer, controller, provider_staff (needs\n"
	  "--provider-id), jobseeker. The password is read from KUNDVAL_PASSWORD\n"
	  "or else from the first line of standard input; at least 10 characters.\n",
	  cmd_user_add },
	{ "demo", "create a database with a realistic demo market",
	  "usage: kundval demo [--db FILE] [--seed N]\n\n"
	  "Create FILE (it must not hold providers yet) with a national programme\n"
	  "delivered in one area per county, a municipal programme, 44 providers\n"
	  "with applications in every state, and an account for every role. All\n"
	  "demo accounts share the password printed at the end.\n",
	  cmd_demo },
	{ "audit verify", "check that the audit log is intact",
	  "usage: kundval audit verify [--db FILE]\n\n"
	  "Walk the hash chain of the audit log. Exit 0 when intact; exit 1 naming\n"
	  "the first record that was changed or deleted.\n",
	  cmd_audit_verify },
	{ "compute", "compute what is owed for one case",
	  "usage: kundval compute [--rulebook ID] CASE.json [--through YYYY-MM]\n"
	  "                       [--explain]\n\n"
	  "Run the compensation engine on the facts in CASE.json under the\n"
	  "rulebook rules/ID.json, through the payment run of month YYYY-MM.\n"
	  "Prints the lines to pay now (given what the case says was paid) as\n"
	  "JSON, or with --explain as text with the reason for every amount.\n"
	  "The case format is in docs/rulebooks.md.\n",
	  cmd_compute },
	{ "assign", "assign a provider to jobseekers who did not choose",
	  "usage: kundval assign [--date YYYY-MM-DD] [--json]\n\n"
	  "Run non-choice (C-4) for DATE (default today): every registered\n"
	  "jobseeker whose choice deadline has passed is assigned a provider by\n"
	  "the programme's rule (best_rated, nearest or rotation). Prints each\n"
	  "assignment with the reason that provider was chosen, and anyone who\n"
	  "could not be assigned.\n",
	  cmd_assign },
	{ "income import", "verify self-support from employers' monthly returns",
	  "usage: kundval income import FILE.csv\n\n"
	  "Read FILE.csv (personnummer,month,employer_orgnr,gross_ore, with that\n"
	  "header) and mark outcome months as verified self-supporting where the\n"
	  "month's gross pay reaches the threshold in rules/journey.json (P-8).\n"
	  "Every line is checked before anything is written.\n",
	  cmd_income_import },
	{ "survey import", "import survey answers (participants, employers, municipalities)",
	  "usage: kundval survey import FILE.csv\n\n"
	  "Read FILE.csv (header respondent,programme,area,provider_orgnr,\n"
	  "answered_on,quality,accessibility,responsiveness,scope,matching,\n"
	  "good_accessibility) for the published results beside the rating\n"
	  "(D-4, R-2). Every line is checked before anything is written; a bad\n"
	  "line is named with its number and column. The same file twice is\n"
	  "refused.\n",
	  cmd_survey_import },
	{ "staff import", "register providers' supervisors from a CSV file",
	  "usage: kundval staff import FILE.csv\n\n"
	  "Read FILE.csv (header provider_orgnr,programme,area,ref,name,credits,\n"
	  "upper_secondary,work_months,fte_percent,from_on,to_on) and register\n"
	  "or replace each supervisor's post; D-1 decides who is qualified.\n"
	  "Every line is checked before anything is written.\n",
	  cmd_staff_import },
	{ "report followup", "results, utilisation and flow time of a period",
	  "usage: kundval report followup --from YYYY-MM-DD --to YYYY-MM-DD\n"
	  "                               [--programme ID] [--json]\n\n"
	  "The participations that started from … to (U-1, U-2): results over\n"
	  "the short and long term (rules/quality.json) by track, gender, birth\n"
	  "region and age band, for everyone, own operation and the external\n"
	  "providers; per provider with its utilisation and flow time.\n",
	  cmd_report_followup },
	{ "payrun prepare", "prepare the payment run of a month",
	  "usage: kundval payrun prepare --period YYYY-MM --as CONTROLLER [--json]\n\n"
	  "Compute what every participation has earned by the end of the month\n"
	  "and post what the ledger does not hold yet: new lines, corrections\n"
	  "and clawbacks (P-8, P-14). Safe to run again: unchanged facts post\n"
	  "nothing, and a preparation that was interrupted is resumed. Runs are\n"
	  "prepared in month order; each must be approved before the next.\n",
	  cmd_payrun_prepare },
	{ "payrun approve", "approve a prepared run (another controller)",
	  "usage: kundval payrun approve --period YYYY-MM --as CONTROLLER\n"
	  "                              --delegation TEXT [--execution-date D]\n\n"
	  "Approve the run (Q-7: not by a controller who prepared it) and post\n"
	  "the payments: earlier clawbacks are set off, the rest is paid or\n"
	  "carried to the next run.\n",
	  cmd_payrun_approve },
	{ "payrun export", "write the SIE 4i or pain.001 file of an approved run",
	  "usage: kundval payrun export --period YYYY-MM --format sie|pain001\n"
	  "                             [-o FILE] [--as USER]\n\n"
	  "sie: the run's vouchers for the bookkeeping system (SIE 4i, CP437).\n"
	  "pain001: the credit transfers to the providers (ISO 20022\n"
	  "pain.001.001.03). Only approved runs export. -o - writes to stdout.\n",
	  cmd_payrun_export },
	{ "payrun statement", "a provider's statement of a run",
	  "usage: kundval payrun statement --period YYYY-MM --provider ID [--csv]\n"
	  "                                [--as USER]\n\n"
	  "Every line the provider earned in the run with the participant's\n"
	  "reference, component, period, amount, rule and explanation, and the\n"
	  "clawback balance carried. JSON, or CSV with --csv.\n",
	  cmd_payrun_statement },
	{ "payrun report", "the figures of a run",
	  "usage: kundval payrun report --period YYYY-MM [--json] [--as USER]\n\n"
	  "Per programme: totals by component and track and the result share of\n"
	  "the total (P-2); per provider: earned and paid.\n",
	  cmd_payrun_report },
	{ "ledger verify", "check that the ledger balances",
	  "usage: kundval ledger verify [--db FILE]\n\n"
	  "Check that every voucher balances, no idempotency key is used twice\n"
	  "and every account is in the chart; print the ledger's hash. Exit 1\n"
	  "when something is wrong.\n",
	  cmd_ledger_verify },
	{ "generate", "write a seeded history of synthetic jobseekers (CSV)",
	  "usage: kundval generate --seed S --people N [--months M] --out FILE\n\n"
	  "Draw N synthetic jobseekers by the shares of POPULATION.md and follow\n"
	  "each from entry for M months (default 24, at most 120) under the\n"
	  "ground-truth hazard: the month they found work, and whether the job\n"
	  "lasted 12 months. Writes CSV to FILE (- for standard output) with the\n"
	  "header id,age_band,gender,birth_region,education,disability,ui_member,\n"
	  "previous_registrations,field,local_unemployment_bp,months_unemployed,\n"
	  "job_month,job_lasted (job_month 0: no job within M months). No\n"
	  "personnummer or name is written. The same seed gives the same file on\n"
	  "every machine, and the first N people of a larger run are the same.\n"
	  "Ends with the share of the fresh inflow in work within 6 and 12 months.\n",
	  cmd_generate },
	{ "model train", "fit the profiling model to a generated history",
	  "usage: kundval model train --history FILE --out MODEL.json [--horizon 12]\n"
	  "                           [--without-protected] [--calibration isotonic|platt]\n"
	  "                           [--threads N]\n\n"
	  "Fit an L2-regularised logistic regression (liblinear) of a job within\n"
	  "HORIZON months on the history FILE (`kundval generate`): C chosen by\n"
	  "five folds' log-loss, calibration on a held-out tenth (isotonic by\n"
	  "default, or Platt), track cut\n"
	  "points that keep the duration rule's shares (A-1). The model reads\n"
	  "gender and birth region unless --without-protected (docs/profiling.md\n"
	  "says why). The same data and settings give\n"
	  "the same file (KUNDVAL_TODAY pins its date), on any number of\n"
	  "threads (--threads: the folds in parallel; default the CPUs online).\n",
	  cmd_model_train },
	{ "model report", "validate the profiling model and audit its fairness",
	  "usage: kundval model report MODEL.json --history FILE [--json]\n\n"
	  "Score the history FILE (data the model was not trained on) and report\n"
	  "AUC, Brier score and calibration by decile, and per gender, birth\n"
	  "region, age band and disability the observed job rate, the mean\n"
	  "chance, the calibration error and the track shares — with the same\n"
	  "figures for the duration rule, the baseline the seeds want beaten.\n",
	  cmd_model_report },
	{ "model activate", "make a trained model score every new assessment",
	  "usage: kundval model activate MODEL.json\n\n"
	  "Check MODEL.json (its horizon must be the one in rules/profiling.json,\n"
	  "every feature known, its interventions valid), store it whole and make\n"
	  "it the active model: registration and reassessment then place people in\n"
	  "tracks by its estimated job chance and record its version, the chance\n"
	  "and the factors behind it (A-1, A-2).  A person the model cannot score\n"
	  "is placed by the duration rule, with the reason recorded.\n",
	  cmd_model_activate },
	{ "model deactivate", "go back to the duration rule",
	  "usage: kundval model deactivate\n\n"
	  "Stop using the active model; new assessments use the duration rule.\n"
	  "The model stays stored, so past assessments can still be traced to it.\n",
	  cmd_model_deactivate },
	{ "model list", "list the stored models and which one is active",
	  "usage: kundval model list\n", cmd_model_list },
	{ "model overrides", "count case officers' overrides of the track",
	  "usage: kundval model overrides --from YYYY-MM-DD [--to YYYY-MM-DD]\n\n"
	  "How many assessments between the dates were overridden by a case\n"
	  "officer, to a weaker or a stronger track, overall and per officer\n"
	  "(A-3).\n",
	  cmd_model_overrides },
	{ "unemployment import", "load local unemployment rates for the model",
	  "usage: kundval unemployment import FILE.csv\n\n"
	  "Read FILE.csv (municipality,month,rate_bp with that header; 725 means\n"
	  "7.25 %) and store each municipality's registered unemployment rate for\n"
	  "the month; a month already stored is replaced.  The model reads the\n"
	  "latest month not after an assessment.  A file with any bad row stores\n"
	  "nothing.\n",
	  cmd_unemployment_import },
	{ "rating compute", "measure and store a provider rating round",
	  "usage: kundval rating compute [--date YYYY-MM-DD] [--json]\n\n"
	  "Rate every provider in every delivery area on DATE (default today;\n"
	  "R-1): participations that started 22 to 11 months before, results\n"
	  "as the programme's rulebook defines them, each participant's expected\n"
	  "result from the whole market's rate for their track (or model score),\n"
	  "the ratio observed / expected with a 90 % interval, and stars 1-4 by\n"
	  "the ratio's place among all rated providers; \"not yet rated\" with\n"
	  "the reason below 18 participants or 12 months of operation. The\n"
	  "parameters are in rules/rating.json. The round is kept, unpublished.\n"
	  "The method is in docs/rating.md.\n",
	  cmd_rating_compute },
	{ "rating publish", "publish a computed rating round",
	  "usage: kundval rating publish [--round N] [--json]\n\n"
	  "Publish round N (default the latest computed one) so that the public,\n"
	  "the choice list and non-choice (C-4) use it (R-3). Refused when it is\n"
	  "measured less than publish_every_months (2) calendar months after the\n"
	  "last published round, or before it.\n",
	  cmd_rating_publish },
	{ "rating show", "show a rating round",
	  "usage: kundval rating show [--round N] [--programme ID] [--area ID]\n"
	  "                           [--provider ID] [--json]\n\n"
	  "Show round N (default the latest published): the market's expected\n"
	  "rates, the star cut points and each provider's row in words.\n",
	  cmd_rating_show },
	{ "rating candidates", "list the rating's termination candidates",
	  "usage: kundval rating candidates [--json]\n\n"
	  "R-3: providers with the lowest stars and a ratio below the threshold\n"
	  "(rules/rating.json: 1 star, 0.2) in each of the last two published\n"
	  "rounds, per delivery area. A list for the case officer; nothing is\n"
	  "terminated by it.\n",
	  cmd_rating_candidates },
	{ NULL, NULL, NULL, NULL }
};

int cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

void cli_print_error(const struct kverr *e)
{
	if (e->field[0])
		fprintf(stderr, "kundval: %s (%s: %s)\n", e->message, e->code, e->field);
	else
		fprintf(stderr, "kundval: %s (%s)\n", e->message, e->code);
}

/* KUNDVAL_TODAY pins the clock to noon UTC of that date. */
static int pin_clock(struct app *app)
{
	const char *today = getenv("KUNDVAL_TODAY");
	date_t d;

	if (!today || !*today)
		return 0;
	if (date_parse(today, &d)) {
		fprintf(stderr, "kundval: KUNDVAL_TODAY must be YYYY-MM-DD\n");
		return -1;
	}
	app->fixed_now = (int64_t)d * 86400 + 12 * 3600;
	return 0;
}

int cli_open(struct app *app, const struct cli_common *common, int connections)
{
	struct kverr e = { 0 };

	if (auth_init()) {
		fprintf(stderr, "kundval: cannot initialise libsodium\n");
		return -1;
	}
	if (app_open(app, common->db, connections, common->rules, common->data, &e)) {
		cli_print_error(&e);
		return -1;
	}
	if (pin_clock(app)) {
		app_close(app);
		return -1;
	}
	return 0;
}

int cli_run(const struct cli_common *common, app_usecase_fn fn, bool writes,
	    json_t *in, json_t **out)
{
	struct app app;
	struct kverr e = { 0 };
	int rc;

	*out = NULL;
	if (cli_open(&app, common, 1))
		return 2;
	rc = app_run(&app, &app_system_actor, writes, fn, in, out, &e);
	if (rc)
		cli_print_error(&e);
	app_close(&app);
	return rc ? 1 : 0;
}

/* ------------------------------------------------------------- progress */

void cli_progress_start(struct cli_progress *p, const char *what)
{
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->drawn = 0;
	p->what = what;
}

double cli_progress_seconds(const struct cli_progress *p)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - p->start.tv_sec) +
	       (double)(t.tv_nsec - p->start.tv_nsec) / 1e9;
}

void cli_progress_show(void *arg, int64_t done, int64_t total)
{
	struct cli_progress *p = arg;
	double s = cli_progress_seconds(p), rate = s > 0 ? (double)done / s : 0;
	int width = 30, filled = total ? (int)(width * done / total) : width;
	long left = rate > 0 && total > done ? (long)((double)(total - done) / rate) : 0;
	char bar[64];

	/* Ten redraws a second are plenty; the last one always. */
	if (!p->tty || (done < total && s - p->drawn < 0.1))
		return;
	p->drawn = s;
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[width] = '\0';
	fprintf(stderr, "\r%s: [%s] %3d%% %lld/%lld  %.0f/s  %ld:%02ld left ",
		p->what, bar, total ? (int)(100 * done / total) : 100,
		(long long)done, (long long)total, rate, left / 60, left % 60);
	fflush(stderr);
}

/* Read FILE into {"csv": …} and run the import; prints what it did. */
int cli_import_csv(int argc, char **argv, struct cli_common *common,
		   const char *usage, app_usecase_fn fn)
{
	json_t *in, *out = NULL;
	struct kverr e = { 0 };
	char *text;
	int rc;

	if (argc != 1) {
		fprintf(stderr, "%s", usage);
		return 2;
	}
	text = files_read(argv[0], LIMIT_JSON_BODY, NULL, &e);
	if (!text) {
		cli_print_error(&e);
		return 1;
	}
	in = json_pack("{s:s}", "csv", text);
	free(text);
	if (!in) {
		fprintf(stderr, "kundval: %s is not UTF-8 text\n", argv[0]);
		return 1;
	}
	rc = cli_run(common, fn, true, in, &out);
	json_decref(in);
	if (rc == 0) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	}
	json_decref(out);
	return rc;
}
