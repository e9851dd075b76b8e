/*
 * bench/engine_sql.c — the baseline: the same computation as set-based SQL
 * over SQLite, on the same generated facts as bench/engine.
 *
 * The facts are loaded into SQLite (not timed) with the indexes the query
 * needs and ANALYZE; then ONE statement, INSERT INTO line WITH … SELECT,
 * computes every base line (participant-month) and every result,
 * sparse-supplement and shortage-bonus installment, and is timed.  See
 * bench/README.md for why the baseline is fair.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/rulebook.h"
#include "gen.h"

#define FAR_FUTURE 99999999   /* "open" as a day number, never in arithmetic */

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "engine-sql: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "engine-sql: %s\n  in: %.200s\n", err, sql);
		exit(1);
	}
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql);
	return st;
}

static void step_reset(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(st);
}

static const char *const evidence_names[] = { "pending", "approved", "rejected" };
static const char *const weight_names[] = { "none", "full", "reduced" };

static const char schema[] =
	"CREATE TABLE participant(pid INTEGER PRIMARY KEY, start INT NOT NULL,"
	"  start_month INT NOT NULL, end_day INT, switched INT NOT NULL,"
	"  through INT NOT NULL);"
	/* Periods with their last day, so an overlap is two comparisons. */
	"CREATE TABLE track(pid INT, from_day INT, to_day INT, track INT,"
	"  PRIMARY KEY(pid, from_day)) WITHOUT ROWID;"
	"CREATE TABLE residence(pid INT, from_day INT, to_day INT, muni TEXT,"
	"  PRIMARY KEY(pid, from_day)) WITHOUT ROWID;"
	"CREATE TABLE outcome(pid INT, seq INT, oid TEXT, type TEXT, start INT,"
	"  start_month INT, occupation TEXT, evidence TEXT,"
	"  PRIMARY KEY(pid, seq)) WITHOUT ROWID;"
	"CREATE TABLE ss_month(pid INT, seq INT, month INT,"
	"  PRIMARY KEY(pid, seq, month)) WITHOUT ROWID;"
	"CREATE TABLE unemployment(month INTEGER PRIMARY KEY, bp INT NOT NULL);"
	"CREATE TABLE shortage(occupation TEXT, half_year INT, tenths INT,"
	"  PRIMARY KEY(occupation, half_year)) WITHOUT ROWID;"
	"CREATE TABLE sparse(muni TEXT PRIMARY KEY) WITHOUT ROWID;"
	/* The calendar of months (not of days): first and last day. */
	"CREATE TABLE month(m INTEGER PRIMARY KEY, first_day INT, last_day INT);"
	/* The rulebook: rates effective-dated by track, the rest scalar. */
	"CREATE TABLE base_rate(track INT, from_day INT, to_day INT, ore INT,"
	"  PRIMARY KEY(track, from_day)) WITHOUT ROWID;"
	"CREATE TABLE result_rate(track INT, from_day INT, to_day INT, ore INT,"
	"  PRIMARY KEY(track, from_day)) WITHOUT ROWID;"
	"CREATE TABLE outcome_weight(type TEXT PRIMARY KEY, weight TEXT)"
	"  WITHOUT ROWID;"
	"CREATE TABLE rb(max_weeks INT, base_arrears INT, reduced_percent INT,"
	"  first_after INT, first_parts INT, then_parts INT, then_every INT,"
	"  parts INT, resume_gap INT, result_arrears INT, sparse_pct INT,"
	"  shortage_pct INT, shortage_above INT, cycle_normal INT,"
	"  cycle_slope INT, cycle_floor INT, cycle_ceiling INT);"
	/* The output: one row per payment line. */
	"CREATE TABLE line(pid INT, period INT, due INT, component INT,"
	"  amount INT);";

/* Indexes beyond the primary keys, created after loading. */
static const char indexes[] =
	"CREATE INDEX outcome_approved ON outcome(pid, start, seq)"
	"  WHERE evidence = 'approved';"
	"CREATE INDEX ss_month_by_month ON ss_month(pid, month, seq);"
	"CREATE INDEX month_by_last_day ON month(last_day, first_day, m);";

/*
 * The computation, one statement.  Day numbers are days since 1970-01-01
 * (a Thursday), months year * 12 + month - 1, as in the engine.
 * Weekdays Monday–Friday in [a, b] = W(b + 1) - W(a) with
 * W(x) = 5 * ((x + 3) / 7) + min((x + 3) % 7, 5): integer arithmetic,
 * no calendar of days.  Money rounds half away from zero; every amount
 * here is positive, so round(x / d) = (x + d / 2) / d.
 */
static const char compute_sql[] =
	"INSERT INTO line(pid, period, due, component, amount)\n"
	"WITH p AS (\n"
	"  SELECT pid, start, start_month, through, rb.base_arrears AS arrears,\n"
	"         min(coalesce(end_day, 99999999),\n"
	"             start + rb.max_weeks * 7 - 1) AS last_day\n"
	"  FROM participant, rb),\n"
	/* Segments: each track period and rate period overlapping each
	 * month of responsibility whose line is due by `through`.  `split`
	 * marks a segment that is not the whole month of responsibility
	 * (a track or rate changes in the month): only those months need
	 * adding up, the others are one segment each. */
	"seg AS (\n"
	"  SELECT p.pid, mo.m, mo.m + p.arrears AS due, r.ore,\n"
	"    max(mo.first_day, p.start, t.from_day, r.from_day) AS a,\n"
	"    min(mo.last_day, p.last_day, t.to_day, r.to_day) AS b,\n"
	"    (t.from_day > mo.first_day AND t.from_day > p.start)\n"
	"    OR (r.from_day > mo.first_day AND r.from_day > p.start)\n"
	"    OR (t.to_day < mo.last_day AND t.to_day < p.last_day)\n"
	"    OR (r.to_day < mo.last_day AND r.to_day < p.last_day) AS split\n"
	"  FROM p JOIN track t ON t.pid = p.pid AND t.from_day <= p.last_day\n"
	"  JOIN base_rate r ON r.track = t.track\n"
	"   AND r.from_day <= t.to_day AND r.to_day >= t.from_day\n"
	/* The months the segment touches, by the index on last_day. */
	"  JOIN month mo ON mo.last_day\n"
	"      BETWEEN max(t.from_day, r.from_day, p.start)\n"
	"      AND min(p.last_day, t.to_day, r.to_day) + 30\n"
	"   AND mo.first_day <= min(p.last_day, t.to_day, r.to_day)\n"
	"   AND mo.m <= p.through - p.arrears),\n"
	/* The governing outcome: approved, counting, earliest start. */
	"gov AS MATERIALIZED (\n"
	"  SELECT pid, start, start_month, occupation, weight FROM (\n"
	"    SELECT o.pid, o.start, o.start_month, o.occupation, w.weight,\n"
	"           row_number() OVER (PARTITION BY o.pid ORDER BY o.start, o.seq) AS rn\n"
	"    FROM outcome o JOIN outcome_weight w ON w.type = o.type\n"
	"    WHERE o.evidence = 'approved' AND w.weight <> 'none')\n"
	"  WHERE rn = 1),\n"
	/* Its amounts, fixed on its start: track, reduction, business
	 * cycle (P-10), sparse residence (P-9), shortage index (P-11). */
	"amt0 AS (\n"
	"  SELECT g.pid, g.start_month, p.through,\n"
	"    CASE g.weight WHEN 'reduced'\n"
	"      THEN (rr.ore * rb.reduced_percent + 50) / 100 ELSE rr.ore END AS base,\n"
	"    min(max(10000 + rb.cycle_slope * (u.bp - rb.cycle_normal) / 100,\n"
	"            rb.cycle_floor), rb.cycle_ceiling) AS factor,\n"
	"    s.muni IS NOT NULL AS is_sparse,\n"
	"    coalesce(sh.tenths, -1) > rb.shortage_above AS is_shortage\n"
	"  FROM gov g JOIN participant p ON p.pid = g.pid\n"
	"  JOIN track t ON t.pid = g.pid AND t.from_day <= g.start AND t.to_day >= g.start\n"
	"  JOIN result_rate rr ON rr.track = t.track\n"
	"   AND rr.from_day <= g.start AND rr.to_day >= g.start\n"
	"  JOIN unemployment u ON u.month = g.start_month\n"
	"  JOIN rb\n"
	"  LEFT JOIN residence re ON re.pid = g.pid\n"
	"   AND re.from_day <= g.start AND re.to_day >= g.start\n"
	"  LEFT JOIN sparse s ON s.muni = re.muni\n"
	"  LEFT JOIN shortage sh ON sh.occupation = g.occupation\n"
	"   AND sh.half_year = g.start_month / 6),\n"
	"amt AS MATERIALIZED (\n"
	"  SELECT pid, start_month, through, res,\n"
	"    CASE WHEN is_sparse THEN (res * rb.sparse_pct + 50) / 100 ELSE 0 END AS sup,\n"
	"    CASE WHEN is_shortage THEN (res * rb.shortage_pct + 50) / 100 ELSE 0 END AS bon\n"
	"  FROM (SELECT *, (base * factor + 5000) / 10000 AS res FROM amt0), rb),\n"
	/* Self-supporting months of every approved, counting outcome from
	 * the governing outcome's start month on, once each; the amounts
	 * ride along (they depend on the participant only). */
	"qm AS (\n"
	"  SELECT DISTINCT s.pid, s.month, a.through, a.res, a.sup, a.bon\n"
	"  FROM amt a JOIN ss_month s ON s.pid = a.pid AND s.month >= a.start_month\n"
	"  JOIN outcome o ON o.pid = s.pid AND o.seq = s.seq\n"
	"  JOIN outcome_weight w ON w.type = o.type\n"
	"  WHERE o.evidence = 'approved' AND w.weight <> 'none'),\n"
	/* Count them; a break longer than resume_gap stops the count. */
	"run AS (\n"
	"  SELECT *, row_number() OVER win AS cnt,\n"
	"         month - lag(month) OVER win - 1 > (SELECT resume_gap FROM rb) AS big\n"
	"  FROM qm WINDOW win AS (PARTITION BY pid ORDER BY month)),\n"
	"kept AS (\n"
	"  SELECT *, sum(big) OVER (PARTITION BY pid ORDER BY month\n"
	"                           ROWS UNBOUNDED PRECEDING) AS breaks\n"
	"  FROM run),\n"
	/* P-8: parts paid in total after cnt months (3/12, then 1/12) and
	 * after cnt - 1: the kept months are counts 1, 2, … without holes,
	 * so the previous row's parts are those of cnt - 1. */
	"inst AS (\n"
	"  SELECT kept.*,\n"
	"    CASE WHEN cnt < rb.first_after THEN 0\n"
	"      ELSE min(rb.parts, rb.first_parts\n"
	"        + (cnt - rb.first_after) / rb.then_every * rb.then_parts) END AS cum,\n"
	"    CASE WHEN cnt - 1 < rb.first_after OR cnt = 1 THEN 0\n"
	"      ELSE min(rb.parts, rb.first_parts\n"
	"        + (cnt - 1 - rb.first_after) / rb.then_every * rb.then_parts) END AS prev\n"
	"  FROM kept, rb WHERE coalesce(breaks, 0) = 0),\n"
	"comp(c) AS (VALUES (1), (2), (3))\n"
	/* Base: per participant-month, rate × weekdays of each segment.
	 * Nothing owed is no line (a month without a weekday). */
	"SELECT * FROM (\n"
	"  SELECT pid, m, due, 0,\n"
	"    ore * (5 * ((b + 4) / 7) + min((b + 4) % 7, 5)\n"
	"           - 5 * ((a + 3) / 7) - min((a + 3) % 7, 5)) AS amount\n"
	"  FROM seg WHERE NOT split)\n"
	"WHERE amount <> 0\n"
	"UNION ALL\n"
	"SELECT pid, m, due, 0, sum(ore * (5 * ((b + 4) / 7) + min((b + 4) % 7, 5)\n"
	"                               - 5 * ((a + 3) / 7) - min((a + 3) % 7, 5)))\n"
	"FROM seg WHERE split GROUP BY pid, m\n"
	"HAVING sum(ore * (5 * ((b + 4) / 7) + min((b + 4) % 7, 5)\n"
	"                - 5 * ((a + 3) / 7) - min((a + 3) % 7, 5))) <> 0\n"
	"UNION ALL\n"
	/* Installments with cumulative rounding, for result, sparse
	 * supplement and shortage bonus. */
	"SELECT * FROM (\n"
	"  SELECT pid, month, due, c,\n"
	"    (total * cum + parts / 2) / parts - (total * prev + parts / 2) / parts\n"
	"      AS amount\n"
	"  FROM (\n"
	"    SELECT i.pid, i.month, i.month + rb.result_arrears AS due, comp.c,\n"
	"      i.cum, i.prev, rb.parts,\n"
	"      CASE comp.c WHEN 1 THEN i.res WHEN 2 THEN i.sup ELSE i.bon END AS total\n"
	"    FROM inst i JOIN rb JOIN comp\n"
	"    WHERE i.cum > i.prev AND i.month + rb.result_arrears <= i.through)\n"
	"  WHERE total <> 0)\n"
	"WHERE amount <> 0";

static void load_rulebook(const struct rulebook *rb)
{
	sqlite3_stmt *st;
	const struct rb_param *rates[2] = { &rb->base_ore, &rb->result_ore };
	const char *rate_sql[2] = {
		"INSERT INTO base_rate VALUES (?, ?, ?, ?)",
		"INSERT INTO result_rate VALUES (?, ?, ?, ?)"
	};
	const struct rb_param *scalars[] = {
		&rb->max_weeks, &rb->base_arrears_months, &rb->reduced_percent,
		&rb->first_after_months, &rb->first_parts, &rb->then_parts,
		&rb->then_every_months, &rb->parts, &rb->resume_gap_months,
		&rb->result_arrears_months, &rb->sparse_percent,
		&rb->shortage_percent, &rb->shortage_above_tenths,
		&rb->cycle_normal_bp, &rb->cycle_slope_bp, &rb->cycle_floor_bp,
		&rb->cycle_ceiling_bp,
	};
	int n_scalars = (int)(sizeof(scalars) / sizeof(scalars[0]));

	/* What this baseline expresses of a rulebook: lov-almega's shape. */
	if (rb->base_basis != RB_BASE_WEEKDAY || rb->base_min_days.present ||
	    !rb->max_weeks.present || rb->has_course || rb->has_cohort ||
	    !rb->has_result || rb->bonus_when != RB_BONUS_NONE) {
		fprintf(stderr, "engine-sql: the SQL baseline is written for a"
			" weekday base with a result and no P-13 bonus"
			" (lov-almega)\n");
		exit(2);
	}
	for (int k = 0; k < 2; k++) {
		st = prep(rate_sql[k]);
		for (int i = 0; i < rates[k]->n; i++)
			for (int t = 1; t <= rb->tracks; t++) {
				sqlite3_bind_int(st, 1, t);
				sqlite3_bind_int(st, 2, rates[k]->from[i]);
				sqlite3_bind_int(st, 3, i + 1 < rates[k]->n
						 ? rates[k]->from[i + 1] - 1 : FAR_FUTURE);
				sqlite3_bind_int64(st, 4, rates[k]->v[i][t - 1]);
				step_reset(st);
			}
		sqlite3_finalize(st);
	}
	st = prep("INSERT INTO outcome_weight VALUES (?, ?)");
	for (int i = 0; i < RB_OUT_COUNT; i++) {
		sqlite3_bind_text(st, 1, rb_outcome_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, weight_names[rb->weight[i]], -1, SQLITE_STATIC);
		step_reset(st);
	}
	sqlite3_finalize(st);
	/* The scalar parameters hold one value from one date in lov-almega;
	 * the row holds that value (then_every absent means 1). */
	st = prep("INSERT INTO rb VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		  " ?, ?, ?, ?)");
	for (int i = 0; i < n_scalars; i++) {
		int64_t v = scalars[i]->present ? scalars[i]->v[0][0] : 0;

		if (scalars[i]->present && scalars[i]->n != 1) {
			fprintf(stderr, "engine-sql: a scalar parameter changes"
				" value: not expressed in this baseline\n");
			exit(2);
		}
		if (scalars[i] == &rb->then_every_months && v < 1)
			v = 1;
		sqlite3_bind_int64(st, i + 1, v);
	}
	step_reset(st);
	sqlite3_finalize(st);
}

static void load_facts(const struct gen_data *g)
{
	const struct gen_world *w = &g->w;
	sqlite3_stmt *st;
	sqlite3_stmt *part = prep("INSERT INTO participant VALUES (?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *trk = prep("INSERT INTO track VALUES (?, ?, ?, ?)");
	sqlite3_stmt *res = prep("INSERT INTO residence VALUES (?, ?, ?, ?)");
	sqlite3_stmt *out = prep("INSERT INTO outcome VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ssm = prep("INSERT INTO ss_month VALUES (?, ?, ?)");

	st = prep("INSERT INTO month VALUES (?, ?, ?)");
	for (month_t m = w->unemp_first - 24; m < w->unemp_first + 12 * 12; m++) {
		sqlite3_bind_int(st, 1, m);
		sqlite3_bind_int(st, 2, month_first_day(m));
		sqlite3_bind_int(st, 3, month_last_day(m));
		step_reset(st);
	}
	sqlite3_finalize(st);
	st = prep("INSERT INTO unemployment VALUES (?, ?)");
	for (int i = 0; i < w->n_unemp; i++) {
		sqlite3_bind_int(st, 1, w->unemp_first + i);
		sqlite3_bind_int(st, 2, w->unemp_bp[i]);
		step_reset(st);
	}
	sqlite3_finalize(st);
	st = prep("INSERT INTO shortage VALUES (?, ?, ?)");
	for (int i = 0; i < w->n_shortage; i++) {
		sqlite3_bind_text(st, 1, w->occ[w->shortage[i].occ], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, w->shortage[i].half_year);
		sqlite3_bind_int(st, 3, w->shortage[i].tenths);
		step_reset(st);
	}
	sqlite3_finalize(st);
	st = prep("INSERT INTO sparse VALUES (?)");
	for (int i = 0; i < w->n_muni; i++)
		if (w->sparse[i]) {
			sqlite3_bind_text(st, 1, w->muni[i], -1, SQLITE_STATIC);
			step_reset(st);
		}
	sqlite3_finalize(st);

	for (int i = 0; i < g->n; i++) {
		const struct gen_participant *p = &g->p[i];

		sqlite3_bind_int(part, 1, i);
		sqlite3_bind_int(part, 2, p->start);
		sqlite3_bind_int(part, 3, date_month(p->start));
		if (p->end)
			sqlite3_bind_int(part, 4, p->end);
		else
			sqlite3_bind_null(part, 4);
		sqlite3_bind_int(part, 5, p->switched);
		sqlite3_bind_int(part, 6, p->through);
		step_reset(part);
		for (int k = 0; k < p->n_tracks; k++) {
			sqlite3_bind_int(trk, 1, i);
			sqlite3_bind_int(trk, 2, p->track_from[k]);
			sqlite3_bind_int(trk, 3, k + 1 < p->n_tracks
					 ? p->track_from[k + 1] - 1 : FAR_FUTURE);
			sqlite3_bind_int(trk, 4, p->track[k]);
			step_reset(trk);
		}
		for (int k = 0; k < p->n_res; k++) {
			sqlite3_bind_int(res, 1, i);
			sqlite3_bind_int(res, 2, p->res_from[k]);
			sqlite3_bind_int(res, 3, k + 1 < p->n_res
					 ? p->res_from[k + 1] - 1 : FAR_FUTURE);
			sqlite3_bind_text(res, 4, w->muni[p->res_muni[k]], -1, SQLITE_STATIC);
			step_reset(res);
		}
		for (int k = 0; k < p->n_out; k++) {
			const struct gen_outcome *o = &g->out[p->first_outcome + k];
			char oid[3] = { 'O', (char)('1' + k), '\0' };

			sqlite3_bind_int(out, 1, i);
			sqlite3_bind_int(out, 2, k);
			sqlite3_bind_text(out, 3, oid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(out, 4, rb_outcome_names[o->type], -1, SQLITE_STATIC);
			sqlite3_bind_int(out, 5, o->start);
			sqlite3_bind_int(out, 6, date_month(o->start));
			if (o->occupation >= 0)
				sqlite3_bind_text(out, 7, w->occ[o->occupation], -1,
						  SQLITE_STATIC);
			else
				sqlite3_bind_null(out, 7);
			sqlite3_bind_text(out, 8, evidence_names[o->evidence], -1,
					  SQLITE_STATIC);
			step_reset(out);
			for (int j = 0; j < o->n_months; j++) {
				sqlite3_bind_int(ssm, 1, i);
				sqlite3_bind_int(ssm, 2, k);
				sqlite3_bind_int(ssm, 3, g->months[o->first_month + j]);
				step_reset(ssm);
			}
		}
	}
	sqlite3_finalize(part);
	sqlite3_finalize(trk);
	sqlite3_finalize(res);
	sqlite3_finalize(out);
	sqlite3_finalize(ssm);
}

static int64_t one_int(const char *sql)
{
	sqlite3_stmt *st = prep(sql);
	int64_t v = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int main(int argc, char **argv)
{
	struct gen_args a;
	struct gen_data g;
	static struct rulebook rb;
	const char *file = getenv("BENCH_SQL_FILE");   /* a file db in WAL mode */
	int64_t sum[GEN_N_COMP] = { 0 }, lines[GEN_N_COMP] = { 0 };
	sqlite3_stmt *st;
	double t0, secs, pm;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (gen_args(argc, argv, &a) || gen_rulebook(a.rules, &rb))
		return 2;
	t0 = gen_now();
	if (gen_make(a.seed, a.n, a.muni_csv, &g))
		return 2;
	printf("generated %d participants with seed %llu in %.2f s (not timed)\n",
	       g.n, (unsigned long long)a.seed, gen_now() - t0);

	if (file)
		remove(file);
	/* One connection, one thread: no mutexes (SQLITE_OPEN_NOMUTEX). */
	if (sqlite3_open_v2(file ? file : ":memory:", &db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die("open");
	/* In memory: no I/O at all, as the engine has none.  With
	 * BENCH_SQL_FILE, a file in WAL mode as a server would run it. */
	if (file)
		exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     " PRAGMA mmap_size=4294967296;");
	else
		exec("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
	exec("PRAGMA cache_size=-4000000; PRAGMA temp_store=MEMORY;");
	if (getenv("BENCH_SQL_THREADS")) {
		/* Helper threads for SQLite's sorter (the engine uses one). */
		char q[64];

		snprintf(q, sizeof(q), "PRAGMA threads=%d",
			 atoi(getenv("BENCH_SQL_THREADS")));
		exec(q);
	}
	printf("sqlite %s, %s database, threads %lld\n", sqlite3_libversion(),
	       file ? "WAL file" : "in-memory", (long long)one_int("PRAGMA threads"));

	t0 = gen_now();
	exec(schema);
	exec("BEGIN");
	load_rulebook(&rb);
	load_facts(&g);
	exec(indexes);
	exec("COMMIT");
	exec("ANALYZE");
	printf("loaded %lld participants, %lld track periods, %lld outcomes,"
	       " %lld self-supporting months in %.2f s (not timed)\n",
	       (long long)one_int("SELECT count(*) FROM participant"),
	       (long long)one_int("SELECT count(*) FROM track"),
	       (long long)one_int("SELECT count(*) FROM outcome"),
	       (long long)one_int("SELECT count(*) FROM ss_month"), gen_now() - t0);

	if (getenv("BENCH_SQL_PLAN")) {
		char *q = malloc(sizeof(compute_sql) + 32);

		snprintf(q, sizeof(compute_sql) + 32, "EXPLAIN QUERY PLAN %s", compute_sql);
		st = prep(q);
		while (sqlite3_step(st) == SQLITE_ROW)
			printf("plan: %d %d %s\n", sqlite3_column_int(st, 0),
			       sqlite3_column_int(st, 1),
			       (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		free(q);
	}

	/* The timed part: the one statement, in its own transaction. */
	st = prep(compute_sql);
	t0 = gen_now();
	exec("BEGIN");
	if (sqlite3_step(st) != SQLITE_DONE)
		die("compute");
	exec("COMMIT");
	secs = gen_now() - t0;
	sqlite3_finalize(st);

	st = prep("SELECT component, sum(amount), count(*) FROM line GROUP BY 1");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = sqlite3_column_int(st, 0);

		if (k >= 0 && k < GEN_N_COMP) {
			sum[k] = sqlite3_column_int64(st, 1);
			lines[k] = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	pm = (double)g.n * GEN_MONTHS;
	printf("participants: %d\nparticipant-months: %.0f\n", g.n, pm);
	printf("seconds: %.3f\n", secs);
	gen_print_totals(sum, lines);
	printf("sql: %.2f M participant-months/s\n", pm / secs / 1e6);

	if (a.dump) {
		FILE *f = fopen(a.dump, "w");

		if (!f) {
			perror(a.dump);
			return 2;
		}
		st = prep("SELECT pid, component, sum(amount), count(*) FROM line"
			  " GROUP BY 1, 2 ORDER BY 1, 2");
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(f, "%d %d %lld %lld\n", sqlite3_column_int(st, 0),
				sqlite3_column_int(st, 1),
				(long long)sqlite3_column_int64(st, 2),
				(long long)sqlite3_column_int64(st, 3));
		sqlite3_finalize(st);
		fclose(f);
	}
	sqlite3_close(db);
	gen_free(&g);
	return 0;
}
