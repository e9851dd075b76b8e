/*
 * payrun_sql.c — the baseline of the payment-run benchmark: the month's
 * payments computed by set-based SQL over the same SQLite database, as a
 * competent engineer would write them without the engine: a calendar
 * table with a running count of weekdays (two index lookups give the
 * weekdays of any range), the track and the rate joined in, the STOM
 * result found with a window over the counted months, and an anti-join
 * against the ledger so nothing already posted is posted again.  The
 * lines go into a table of their own (sql_lines) in one transaction.
 *
 *   payrun-sql --db FILE --period YYYY-MM
 *
 * It knows what the generated market holds (bench/gen_store.c): the STOM
 * rulebook (rules/stom.json, one rate date), one track per participation,
 * consecutive confirmed months.  It prints the time of the SQL and a
 * total per component for the script to compare with the engine's run.
 */
#include "core/date.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "payrun-sql: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The calendar: every day of the period's range with the number of
 * weekdays (Monday–Friday) up to and including it (P-3 counts weekdays,
 * public holidays included). */
static int calendar(sqlite3 *db, date_t from, date_t to)
{
	sqlite3_stmt *st;
	int64_t n = 0;
	char d[DATE_STRLEN];

	if (exec(db, "CREATE TEMP TABLE cal(d TEXT PRIMARY KEY, wd INTEGER,"
		 " n INTEGER) WITHOUT ROWID") ||
	    sqlite3_prepare_v2(db, "INSERT INTO cal VALUES (?, ?, ?)", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	for (date_t x = from; x <= to; x++) {
		int wd = date_weekday(x) <= 5;

		n += wd;
		date_format(x, d);
		sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, wd);
		sqlite3_bind_int64(st, 3, n);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Base for the month before the period (P-3, P-4: one month in arrears),
 * and the STOM result after three self-supporting months (P-5, P-8),
 * both one month in arrears, not yet in the ledger. */
static const char lines_sql[] =
	"INSERT INTO sql_lines(participation_id, engine_key, component, amount)"
	" SELECT p.id, 'base:' || :m, 'base',"
	"  (ce.n - cs.n + cs.wd) * CASE p.track WHEN 1 THEN 10000 WHEN 2 THEN 16000"
	"   WHEN 3 THEN 22000 ELSE 28000 END"
	" FROM participations p"
	" JOIN cal cs ON cs.d = max(p.starts_on, :first)"
	" JOIN cal ce ON ce.d = min(p.ends_on, :last)"
	" WHERE p.starts_on <= :last AND p.ends_on >= :first AND p.end_reason"
	"  <> 'cancelled' AND ce.n - cs.n + cs.wd > 0"
	"  AND NOT EXISTS (SELECT 1 FROM postings x WHERE x.participation_id = p.id"
	"   AND x.engine_key = 'base:' || :m)"
	" UNION ALL"
	" SELECT o.participation_id, 'result:O' || o.id || ':1', 'result',"
	"  CASE p.track WHEN 1 THEN 1200000 WHEN 2 THEN 1400000 WHEN 3 THEN"
	"   1600000 ELSE 1800000 END"
	" FROM (SELECT om.outcome_id, om.month, row_number() OVER (PARTITION BY"
	"   om.outcome_id ORDER BY om.month) AS k FROM outcome_months om WHERE"
	"   (om.confirmed_by IS NOT NULL AND om.continues = 1 AND"
	"   om.self_supporting = 1) OR om.income_verified = 1) c"
	" JOIN outcomes o ON o.id = c.outcome_id AND o.status = 'approved'"
	"  AND o.type IN ('employment','own_business','studies',"
	"   'subsidised_employment')"
	" JOIN participations p ON p.id = o.participation_id"
	" WHERE c.k = 3 AND c.month = :m"
	"  AND NOT EXISTS (SELECT 1 FROM postings x WHERE x.participation_id ="
	"   o.participation_id AND x.engine_key = 'result:O' || o.id || ':1')";

static int run(sqlite3 *db, month_t period, double *seconds)
{
	char m[MONTH_STRLEN], first[DATE_STRLEN], last[DATE_STRLEN];
	sqlite3_stmt *st;
	double t0 = now_s();
	int rc;

	month_format(period - 1, m);
	date_format(month_first_day(period - 1), first);
	date_format(month_last_day(period - 1), last);
	if (exec(db, "BEGIN IMMEDIATE") ||
	    calendar(db, month_first_day(period - 30), month_last_day(period)) ||
	    exec(db, "CREATE TABLE sql_lines(participation_id INTEGER, engine_key"
		 " TEXT, component TEXT, amount INTEGER)") ||
	    sqlite3_prepare_v2(db, lines_sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "payrun-sql: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":m"), m, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":first"), first,
			  -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":last"), last, -1,
			  SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	if (rc || exec(db, "COMMIT")) {
		fprintf(stderr, "payrun-sql: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	*seconds = now_s() - t0;
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *p = NULL;
	month_t period;
	sqlite3 *db;
	sqlite3_stmt *st;
	double s = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--period"))
			p = argv[i + 1];
	}
	if (!path || !p || month_parse(p, &period)) {
		fprintf(stderr, "usage: payrun-sql --db FILE --period YYYY-MM\n");
		return 2;
	}
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 2;
	/* The settings kundval itself runs a payment run with
	 * (src/store/db_sqlite.c: WAL, NORMAL sync, and for a bulk job a
	 * 64 MiB cache and a checkpoint every 16384 WAL pages). */
	if (exec(db, "PRAGMA journal_mode = WAL") ||
	    exec(db, "PRAGMA synchronous = NORMAL") ||
	    exec(db, "PRAGMA cache_size = -65536") ||
	    exec(db, "PRAGMA wal_autocheckpoint = 16384") || run(db, period, &s))
		return 2;
	printf("sql: %.3f s\n", s);
	if (sqlite3_prepare_v2(db, "SELECT component, count(*), sum(amount) FROM"
			       " sql_lines GROUP BY component ORDER BY component",
			       -1, &st, NULL) != SQLITE_OK)
		return 2;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("total %s %lld in %lld lines\n", sqlite3_column_text(st, 0),
		       (long long)sqlite3_column_int64(st, 2),
		       (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
