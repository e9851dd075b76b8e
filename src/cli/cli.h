/*
 * cli.h — what the subcommands of the `kundval` executable share: the
 * command table entry, common options (--db, --rules, --data) and opening
 * the application.
 */
#ifndef CLI_H
#define CLI_H

#include "app/app.h"

#include <time.h>

struct cli_common {
	const char *db;
	const char *rules;
	const char *data;
};

struct cli_command {
	const char *name;       /* "user add" */
	const char *summary;
	const char *usage;      /* the full --help text */
	int (*run)(int argc, char **argv, struct cli_common *common);
};

extern const struct cli_command cli_commands[];

/* Open the app on common->db; applies KUNDVAL_TODAY when set. Prints the
 * error and returns -1 on failure. */
int cli_open(struct app *app, const struct cli_common *common, int connections);

/* Open the app, run one use case as the system actor, print its error if
 * it fails, close.  0 with *out set, 1 when the use case failed, 2 when
 * the app could not be opened. */
int cli_run(const struct cli_common *common, app_usecase_fn fn, bool writes,
	    json_t *in, json_t **out);

/* Print an error for the user (stderr), with the field when there is one. */
void cli_print_error(const struct kverr *e);

/* `kundval X import FILE.csv`: read FILE (at most 1 MiB of UTF-8) into
 * {"csv": …}, run fn as the system actor and print its answer; usage is
 * printed when argc is not 1.  The use case names the line of a fault. */
int cli_import_csv(int argc, char **argv, struct cli_common *common,
		   const char *usage, app_usecase_fn fn);

/* True when argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

/*
 * A progress bar with the rate and the time left, on stderr when it is a
 * terminal (tty set by the caller), redrawn at most ten times a second.
 * cli_progress_show has the shape of the progress callbacks it is given
 * to (payrun_progress_fn, history's).
 */
struct cli_progress {
	struct timespec start;
	double drawn;            /* seconds from start to the last redraw */
	bool tty;
	const char *what;        /* "payrun" */
};

void cli_progress_start(struct cli_progress *p, const char *what);
void cli_progress_show(void *arg, int64_t done, int64_t total);
double cli_progress_seconds(const struct cli_progress *p);

/* Commands */
int cmd_init(int argc, char **argv, struct cli_common *common);
int cmd_serve(int argc, char **argv, struct cli_common *common);
int cmd_user_add(int argc, char **argv, struct cli_common *common);
int cmd_demo(int argc, char **argv, struct cli_common *common);
int cmd_audit_verify(int argc, char **argv, struct cli_common *common);
int cmd_compute(int argc, char **argv, struct cli_common *common);
int cmd_assign(int argc, char **argv, struct cli_common *common);
int cmd_income_import(int argc, char **argv, struct cli_common *common);
int cmd_payrun_prepare(int argc, char **argv, struct cli_common *common);
int cmd_payrun_approve(int argc, char **argv, struct cli_common *common);
int cmd_payrun_export(int argc, char **argv, struct cli_common *common);
int cmd_payrun_statement(int argc, char **argv, struct cli_common *common);
int cmd_payrun_report(int argc, char **argv, struct cli_common *common);
int cmd_ledger_verify(int argc, char **argv, struct cli_common *common);
int cmd_model_train(int argc, char **argv, struct cli_common *common);
int cmd_model_report(int argc, char **argv, struct cli_common *common);
int cmd_model_activate(int argc, char **argv, struct cli_common *common);
int cmd_model_deactivate(int argc, char **argv, struct cli_common *common);
int cmd_model_list(int argc, char **argv, struct cli_common *common);
int cmd_model_overrides(int argc, char **argv, struct cli_common *common);
int cmd_unemployment_import(int argc, char **argv, struct cli_common *common);
int cmd_generate(int argc, char **argv, struct cli_common *common);
int cmd_rating_compute(int argc, char **argv, struct cli_common *common);
int cmd_rating_publish(int argc, char **argv, struct cli_common *common);
int cmd_rating_show(int argc, char **argv, struct cli_common *common);
int cmd_rating_candidates(int argc, char **argv, struct cli_common *common);
int cmd_survey_import(int argc, char **argv, struct cli_common *common);
int cmd_staff_import(int argc, char **argv, struct cli_common *common);
int cmd_report_followup(int argc, char **argv, struct cli_common *common);

/* The engine's lines as a JSON array (cmd_compute.c). */
struct engine_result;
json_t *compute_lines_json(const struct engine_result *r);

#endif
