/*
 * cmd_demo.c — `kundval demo`: build the demo market into a new database.
 */
#include "cli/cli.h"
#include "sim/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_demo(int argc, char **argv, struct cli_common *common)
{
	uint64_t seed = 20261123;
	struct app app;
	struct kverr e = { 0 };
	struct db *db;
	int64_t n = 0;
	int rc;

	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
	if (cli_open(&app, common, 1))
		return 1;
	db = store_acquire(app.store);
	rc = db_query_int(db, "SELECT count(*) FROM providers", "", &n, &e);
	store_release(app.store, db);
	if (rc == 0 && n > 0) {
		fprintf(stderr, "kundval: %s already holds providers; the demo"
			" needs a new database\n", common->db);
		app_close(&app);
		return 1;
	}
	rc = rc ? -1 : demo_build(&app, seed, stdout, &e);
	if (rc)
		cli_print_error(&e);
	else
		printf("kundval: demo market ready in %s (password for every demo"
		       " account: %s)\n", common->db, DEMO_PASSWORD);
	app_close(&app);
	return rc ? 1 : 0;
}
