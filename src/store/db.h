/*
 * db.h — the one interface between kundval and a SQL database.
 *
 * Everything above store/ sees only these calls; the backend behind them is
 * a table of function pointers (struct db_backend) so that a PostgreSQL
 * backend can sit beside the SQLite one, as git's ref backends do.  SQL
 * passed here is portable: '?' placeholders (a backend rewrites them if it
 * must), RETURNING for new ids, no backend-only functions.
 *
 * A struct db is one connection and is used by one thread at a time; see
 * store.h for the pool that hands connections to request threads.
 */
#ifndef DB_H
#define DB_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/kverr.h"

struct db;
struct db_stmt;

enum db_step_result { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };
enum db_type { DB_NULL, DB_INTEGER, DB_TEXT };

struct db_backend {
	const char *name;
	int (*open)(const char *target, struct db **out, struct kverr *e);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct kverr *e);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out,
		       struct kverr *e);
	void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	void (*bind_text)(struct db_stmt *st, int idx, const char *v);
	void (*bind_null)(struct db_stmt *st, int idx);
	enum db_step_result (*step)(struct db_stmt *st, struct kverr *e);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	enum db_type (*column_type)(struct db_stmt *st, int col);
	bool (*column_is_null)(struct db_stmt *st, int col);
	int64_t (*column_int)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	int (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int64_t (*changes)(struct db *db);
	int (*bulk)(struct db *db, bool on, struct kverr *e);
	int64_t (*last_id)(struct db *db);
};

extern const struct db_backend db_sqlite_backend;

/* Open with a backend ("sqlite" is the only one so far). */
int db_open(const char *target, struct db **out, struct kverr *e);
void db_close(struct db *db);

int db_exec(struct db *db, const char *sql, struct kverr *e);
int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct kverr *e);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v);  /* NULL binds NULL */
void db_bind_null(struct db_stmt *st, int idx);
enum db_step_result db_step(struct db_stmt *st, struct kverr *e);
bool db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);  /* "" for NULL */
int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
enum db_type db_column_type(struct db_stmt *st, int col);
int db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);
int64_t db_changes(struct db *db);
/* The id of the row the last INSERT on this connection added. */
int64_t db_last_id(struct db *db);

/* A bulk job (the payment run) starts (on) or ends on this connection: the
 * backend may give it more memory for the pages it reads and writes. */
int db_bulk(struct db *db, bool on, struct kverr *e);

/* Transactions: begin takes the write lock at once, so two writers never
 * deadlock half-way through a use case. */
int db_begin(struct db *db, struct kverr *e);
int db_commit(struct db *db, struct kverr *e);
void db_rollback(struct db *db);

/* Run one statement that returns a single integer (a count, a new id).
 * Bind arguments are given as "i" (int64_t) and "s" (const char *) letters in
 * types, e.g. db_query_int(db, "SELECT count(*) FROM t WHERE a=? AND b=?",
 * "is", &out, e, 3, "x").  Returns 0 with *out, 1 when no row, -1 on error. */
int db_query_int(struct db *db, const char *sql, const char *types,
		 int64_t *out, struct kverr *e, ...);

/* Run a query and return its rows as a JSON array of objects keyed by
 * column name (integers as integers, NULL as null, the rest as strings);
 * NULL on error.  A column aliased "bool_x" becomes a boolean named "x". */
json_t *db_query_json(struct db *db, const char *sql, const char *types,
		      struct kverr *e, ...);

/* The first row of such a query as an object; NULL with KVERR_NOT_FOUND
 * (code "not_found", field `what`) when there is none. */
json_t *db_query_one(struct db *db, const char *what, const char *sql,
		     const char *types, struct kverr *e, ...);

/* Execute a statement with bound arguments (same convention), no rows. */
int db_run(struct db *db, const char *sql, const char *types,
	   struct kverr *e, ...);

#endif
