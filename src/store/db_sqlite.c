/*
 * db_sqlite.c — the SQLite backend of db.h, the embedded default.
 *
 * The only file that includes sqlite3.h.  Every connection runs in WAL mode
 * (readers never block the writer), with foreign keys enforced and a busy
 * timeout so concurrent request threads wait for the write lock instead of
 * failing.  Constraint violations become KVERR_CONFLICT so a duplicate
 * organisation number reads as "already exists", not as a crash.
 */
#include "store/db_impl.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#define SQLITE_BUSY_TIMEOUT_MS 10000

struct db {
	struct db_handle h;
	sqlite3 *conn;
};

struct db_stmt {
	struct db_stmt_handle h;
	sqlite3_stmt *st;
	struct db *db;
};

static int fail(struct db *db, struct kverr *e, const char *what)
{
	int code = db ? sqlite3_extended_errcode(db->conn) : SQLITE_ERROR;
	const char *msg = db ? sqlite3_errmsg(db->conn) : "out of memory";

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return kverr_set(e, KVERR_CONFLICT, "constraint", NULL,
				 "That conflicts with data already stored.");
	if ((code & 0xff) == SQLITE_BUSY)
		return kverr_set(e, KVERR_INTERNAL, "busy", NULL,
				 "The database is busy; try again.");
	return kverr_set(e, KVERR_INTERNAL, "database", NULL,
			 "Database error in %s: %s", what, msg);
}

static int sq_exec(struct db *db, const char *sql, struct kverr *e)
{
	if (sqlite3_exec(db->conn, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, e, "exec");
	return 0;
}

static int sq_open(const char *path, struct db **out, struct kverr *e)
{
	struct db *db = calloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;

	if (!db)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	db->h.be = &db_sqlite_backend;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		kverr_set(e, KVERR_INTERNAL, "database", NULL,
			  "Cannot open the database: %s",
			  db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		sqlite3_close(db->conn);
		free(db);
		return -1;
	}
	sqlite3_busy_timeout(db->conn, SQLITE_BUSY_TIMEOUT_MS);
	/* WAL for concurrent readers; NORMAL sync is durable in WAL mode
	 * except for the last transactions on power loss, SQLite's own
	 * recommendation for WAL. */
	if (sq_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		    " PRAGMA foreign_keys=ON;", e)) {
		sqlite3_close(db->conn);
		free(db);
		return -1;
	}
	*out = db;
	return 0;
}

static void sq_close(struct db *db)
{
	sqlite3_close(db->conn);
	free(db);
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out,
		      struct kverr *e)
{
	struct db_stmt *st = calloc(1, sizeof(*st));

	if (!st)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	st->h.be = &db_sqlite_backend;
	st->db = db;
	if (sqlite3_prepare_v2(db->conn, sql, -1, &st->st, NULL) != SQLITE_OK) {
		free(st);
		return fail(db, e, "prepare");
	}
	*out = st;
	return 0;
}

static void sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->st, idx, v);
}

static void sq_bind_text(struct db_stmt *st, int idx, const char *v)
{
	sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(st->st, idx);
}

static enum db_step_result sq_step(struct db_stmt *st, struct kverr *e)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	fail(st->db, e, "step");
	return DB_ERROR;
}

static int sq_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->st);
}

static const char *sq_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(st->st, col);
}

static enum db_type sq_column_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(st->st, col)) {
	case SQLITE_NULL:
		return DB_NULL;
	case SQLITE_INTEGER:
		return DB_INTEGER;
	default:
		return DB_TEXT;
	}
}

static bool sq_column_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_column_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static const char *sq_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

static int sq_reset(struct db_stmt *st)
{
	sqlite3_clear_bindings(st->st);
	return sqlite3_reset(st->st) == SQLITE_OK ? 0 : -1;
}

static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(st->st);
	free(st);
}

static int64_t sq_changes(struct db *db)
{
	return sqlite3_changes(db->conn);
}

static int64_t sq_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

/*
 * A bulk job reads and writes far more pages than a request.  With the
 * default page cache (2 MiB) SQLite spills dirty pages to the WAL in the
 * middle of a transaction and writes them again, and reads the same
 * pages again and again; with the default checkpoint every 1000 WAL
 * pages it copies pages into the database (and syncs) that the next
 * transaction dirties once more.  So the job gets a 64 MiB cache and a
 * checkpoint every 64 MiB of WAL (the payment-run benchmark's SQL
 * baseline is offered the same), and the defaults come back when it
 * ends, so the pool's connections stay small.
 */
#define BULK_CACHE_KIB 65536
#define BULK_CHECKPOINT_PAGES 16384
#define DEFAULT_CACHE_KIB 2000
#define DEFAULT_CHECKPOINT_PAGES 1000

static int sq_bulk(struct db *db, bool on, struct kverr *e)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d;"
		 " PRAGMA wal_autocheckpoint = %d;",
		 on ? BULK_CACHE_KIB : DEFAULT_CACHE_KIB,
		 on ? BULK_CHECKPOINT_PAGES : DEFAULT_CHECKPOINT_PAGES);
	return sq_exec(db, sql, e);
}

const struct db_backend db_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_type = sq_column_type,
	.column_is_null = sq_column_is_null,
	.column_int = sq_column_int,
	.column_text = sq_column_text,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.bulk = sq_bulk,
	.last_id = sq_last_id,
};
