/*
 * cmd_basic.c — the set-up and operations commands: init, serve, user add,
 * audit verify.
 */
#include "cli/cli.h"
#include "app/auth.h"
#include "app/market.h"
#include "app/verify.h"
#include "http/server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t serve_stop;

static void on_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

/* Value of --name in argv, or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static int has_flag(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

static int parse_port(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 0 || v > 65535)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_init(int argc, char **argv, struct cli_common *common)
{
	json_t *out;
	int rc;

	(void)argc; (void)argv;
	rc = cli_run(common, app_municipalities_load, true, NULL, &out);
	if (rc == 0)
		printf("kundval: %s ready (%lld municipalities)\n", common->db,
		       (long long)json_integer_value(json_object_get(out, "total")));
	json_decref(out);
	return rc ? 1 : 0;
}

static int list_accounts(struct app *app)
{
	struct db *db = store_acquire(app->store);
	struct kverr e = { 0 };
	json_t *rows = db_query_json(db, "SELECT u.username, u.role, p.name AS"
				     " provider FROM users u LEFT JOIN providers p"
				     " ON p.id = u.provider_id ORDER BY u.role,"
				     " u.id LIMIT 12", "", &e);
	json_t *demo = db_query_json(db, "SELECT value FROM meta WHERE key ="
				     " 'demo_password'", "", &e);
	const char *pw = json_string_value(json_object_get(json_array_get(demo, 0),
							   "value"));
	size_t i;
	json_t *r;

	store_release(app->store, db);
	if (rows && pw) {
		printf("Demo accounts (password for all: %s):\n", pw);
		json_array_foreach(rows, i, r)
			printf("  %-16s %-15s %s\n",
			       json_string_value(json_object_get(r, "username")),
			       json_string_value(json_object_get(r, "role")),
			       json_is_string(json_object_get(r, "provider"))
			       ? json_string_value(json_object_get(r, "provider")) : "");
		printf("  (and one provider_staff account per provider: staff01 …)\n");
	}
	json_decref(rows);
	json_decref(demo);
	return 0;
}

int cmd_serve(int argc, char **argv, struct cli_common *common)
{
	const char *bind = opt(argc, argv, "--bind");
	const char *ps = opt(argc, argv, "--port"), *ts = opt(argc, argv, "--threads");
	int port = 8080, threads = 4, rc;
	struct app app;
	struct kverr e = { 0 };

	if ((ps && parse_port(ps, &port)) || (ts && (parse_port(ts, &threads) ||
						     threads < 1 || threads > 64))) {
		fprintf(stderr, "kundval: --port must be 0-65535, --threads 1-64\n");
		return 2;
	}
	if (cli_open(&app, common, threads + 1))
		return 1;
	if (has_flag(argc, argv, "--accounts"))
		list_accounts(&app);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	rc = http_serve(&app, bind ? bind : "127.0.0.1", port, threads,
			&serve_stop, &e);
	if (rc)
		cli_print_error(&e);
	app_close(&app);
	return rc ? 1 : 0;
}

static int read_password(char *buf, size_t size)
{
	const char *env = getenv("KUNDVAL_PASSWORD");
	size_t n;

	if (env) {
		snprintf(buf, size, "%s", env);
		return 0;
	}
	if (!fgets(buf, (int)size, stdin))
		return -1;
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int cmd_user_add(int argc, char **argv, struct cli_common *common)
{
	const char *pid = opt(argc, argv, "--provider-id");
	char password[300];
	json_t *in, *out;
	int rc;

	if (read_password(password, sizeof(password))) {
		fprintf(stderr, "kundval: no password on standard input\n");
		return 2;
	}
	in = json_pack("{s:s?, s:s?, s:s?, s:s}", "username",
		       opt(argc, argv, "--username"), "role",
		       opt(argc, argv, "--role"), "display_name",
		       opt(argc, argv, "--display-name"), "password", password);
	if (pid)
		json_object_set_new(in, "provider_id", json_integer(strtoll(pid, NULL, 10)));
	memset(password, 0, sizeof(password));
	rc = cli_run(common, app_user_add, true, in, &out);
	if (rc == 0)
		printf("kundval: user %s (%s) created\n",
		       json_string_value(json_object_get(out, "username")),
		       json_string_value(json_object_get(out, "role")));
	json_decref(in);
	json_decref(out);
	return rc ? 1 : 0;
}

int cmd_audit_verify(int argc, char **argv, struct cli_common *common)
{
	json_t *out;
	int rc;

	(void)argc; (void)argv;
	rc = cli_run(common, app_audit_check, false, NULL, &out);
	if (rc == 0)
		printf("kundval: audit log intact (%lld records)\n",
		       (long long)json_integer_value(json_object_get(out, "records")));
	json_decref(out);
	return rc;
}
