/*
 * store.h — opening the database, applying migrations, and lending
 * connections to threads.
 *
 * A store is a fixed pool of connections to one database.  Each request or
 * command borrows one connection (store_acquire), uses it from one thread,
 * and gives it back (store_release).  The domain queries live in the other
 * store_*.h headers and take the borrowed struct db.
 */
#ifndef STORE_H
#define STORE_H

#include "store/db.h"

struct store;

/* Open `path` with `connections` pooled connections (1…64) and apply every
 * pending migration, each in its own transaction. */
int store_open(const char *path, int connections, struct store **out,
	       struct kverr *e);
void store_close(struct store *s);

/* Blocks until a connection is free. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);

/*
 * A count that moves whenever a transaction was committed to the database
 * since the last call, by any connection of this process or any other
 * process (SQLite's data_version, read by a connection of its own that
 * never writes).  It never goes back.  When it cannot be read it moves on
 * every call, so nothing that compares it is ever trusted.  Thread-safe.
 */
uint64_t store_data_version(struct store *s);

/* Apply pending migrations on one connection; *applied gets how many. */
int store_migrate(struct db *db, int *applied, struct kverr *e);

/* The newest schema version in the database (0 for an empty one). */
int store_schema_version(struct db *db, int64_t *version, struct kverr *e);

#endif
