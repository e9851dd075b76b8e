/*
 * db.c — dispatch from the db_* calls to the backend's function table, and
 * the small conveniences built only on those calls (db_query_int, db_run).
 */
#include "store/db_impl.h"

#include <stdarg.h>
#include <string.h>

#define BE(db)  (((struct db_handle *)(void *)(db))->be)
#define SBE(st) (((struct db_stmt_handle *)(void *)(st))->be)

int db_open(const char *target, struct db **out, struct kverr *e)
{
	return db_sqlite_backend.open(target, out, e);
}

void db_close(struct db *db)
{
	if (db)
		BE(db)->close(db);
}

int db_exec(struct db *db, const char *sql, struct kverr *e)
{
	return BE(db)->exec(db, sql, e);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct kverr *e)
{
	return BE(db)->prepare(db, sql, out, e);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	SBE(st)->bind_int(st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (v)
		SBE(st)->bind_text(st, idx, v);
	else
		SBE(st)->bind_null(st, idx);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	SBE(st)->bind_null(st, idx);
}

enum db_step_result db_step(struct db_stmt *st, struct kverr *e)
{
	return SBE(st)->step(st, e);
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	return SBE(st)->column_is_null(st, col);
}

int64_t db_column_int(struct db_stmt *st, int col)
{
	return SBE(st)->column_int(st, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
	const char *s = SBE(st)->column_text(st, col);

	return s ? s : "";
}

int64_t db_last_id(struct db *db)
{
	return BE(db)->last_id(db);
}

int db_bulk(struct db *db, bool on, struct kverr *e)
{
	return BE(db)->bulk(db, on, e);
}

int db_column_count(struct db_stmt *st)
{
	return SBE(st)->column_count(st);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	return SBE(st)->column_name(st, col);
}

enum db_type db_column_type(struct db_stmt *st, int col)
{
	return SBE(st)->column_type(st, col);
}

int db_reset(struct db_stmt *st)
{
	return SBE(st)->reset(st);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		SBE(st)->finalize(st);
}

int64_t db_changes(struct db *db)
{
	return BE(db)->changes(db);
}

int db_begin(struct db *db, struct kverr *e)
{
	return db_exec(db, "BEGIN IMMEDIATE", e);
}

int db_commit(struct db *db, struct kverr *e)
{
	return db_exec(db, "COMMIT", e);
}

void db_rollback(struct db *db)
{
	struct kverr ignored;

	db_exec(db, "ROLLBACK", &ignored);
}

/* Bind the variadic arguments described by types ("i" int64_t, "s" string,
 * "n" NULL with no argument consumed). */
static void bind_args(struct db_stmt *st, const char *types, va_list ap)
{
	int idx = 1;

	for (const char *t = types; t && *t; t++, idx++) {
		if (*t == 'i')
			db_bind_int(st, idx, va_arg(ap, int64_t));
		else if (*t == 's')
			db_bind_text(st, idx, va_arg(ap, const char *));
		else
			db_bind_null(st, idx);
	}
}

int db_query_int(struct db *db, const char *sql, const char *types,
		 int64_t *out, struct kverr *e, ...)
{
	struct db_stmt *st;
	enum db_step_result r;
	va_list ap;
	int rc;

	if (db_prepare(db, sql, &st, e))
		return -1;
	va_start(ap, e);
	bind_args(st, types, ap);
	va_end(ap);
	r = db_step(st, e);
	if (r == DB_ROW) {
		*out = db_column_int(st, 0);
		rc = 0;
	} else {
		rc = r == DB_DONE ? 1 : -1;
	}
	db_finalize(st);
	return rc;
}

int db_run(struct db *db, const char *sql, const char *types,
	   struct kverr *e, ...)
{
	struct db_stmt *st;
	enum db_step_result r;
	va_list ap;

	if (db_prepare(db, sql, &st, e))
		return -1;
	va_start(ap, e);
	bind_args(st, types, ap);
	va_end(ap);
	do {
		r = db_step(st, e);
	} while (r == DB_ROW);
	db_finalize(st);
	return r == DB_DONE ? 0 : -1;
}

static json_t *row_object(struct db_stmt *st)
{
	json_t *row = json_object();
	int n = db_column_count(st);

	for (int c = 0; c < n; c++) {
		const char *name = db_column_name(st, c);
		json_t *v;

		switch (db_column_type(st, c)) {
		case DB_NULL:
			v = json_null();
			break;
		case DB_INTEGER:
			/* "bool_x" columns become booleans named "x". */
			if (strncmp(name, "bool_", 5) == 0) {
				name += 5;
				v = json_boolean(db_column_int(st, c));
			} else {
				v = json_integer(db_column_int(st, c));
			}
			break;
		default:
			v = json_string(db_column_text(st, c));
			break;
		}
		json_object_set_new(row, name, v ? v : json_null());
	}
	return row;
}

static json_t *query_rows(struct db *db, const char *sql, const char *types,
			  int limit, struct kverr *e, va_list ap)
{
	struct db_stmt *st;
	enum db_step_result r;
	json_t *rows;

	if (db_prepare(db, sql, &st, e))
		return NULL;
	bind_args(st, types, ap);
	rows = json_array();
	while ((r = db_step(st, e)) == DB_ROW) {
		json_array_append_new(rows, row_object(st));
		if (limit > 0 && (int)json_array_size(rows) >= limit)
			break;
	}
	db_finalize(st);
	if (r == DB_ERROR) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

json_t *db_query_json(struct db *db, const char *sql, const char *types,
		      struct kverr *e, ...)
{
	va_list ap;
	json_t *rows;

	va_start(ap, e);
	rows = query_rows(db, sql, types, 0, e, ap);
	va_end(ap);
	return rows;
}

json_t *db_query_one(struct db *db, const char *what, const char *sql,
		     const char *types, struct kverr *e, ...)
{
	va_list ap;
	json_t *rows, *row;

	va_start(ap, e);
	rows = query_rows(db, sql, types, 1, e, ap);
	va_end(ap);
	if (!rows)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!row)
		kverr_set(e, KVERR_NOT_FOUND, "not_found", what,
			  "No such %s.", what);
	return row;
}
