/*
 * db_impl.h — what a database backend shares with db.c: every backend's
 * connection and statement begin with these headers, so db.c can find the
 * backend's function table from any handle.  Only backends include this.
 */
#ifndef DB_IMPL_H
#define DB_IMPL_H

#include "store/db.h"

struct db_handle {
	const struct db_backend *be;
};

struct db_stmt_handle {
	const struct db_backend *be;
};

#endif
