/*
 * store.c — the connection pool and the migration runner (see store.h).
 *
 * Migrations are applied in version order, each inside one transaction
 * together with its row in schema_migrations, so a crash leaves the schema
 * at a whole version.
 *
 * The change watcher (store_data_version) is one more connection, opened
 * on first use, that never writes: SQLite's data_version, as it sees it,
 * moves with every commit of any other connection, in this process or in
 * another (a `kundval survey import` beside the server).
 */
#include "store/store.h"
#include "store/migrations.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define STORE_MAX_CONNECTIONS 64

struct store {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int n;
	struct db *conn[STORE_MAX_CONNECTIONS];
	int in_use[STORE_MAX_CONNECTIONS];
	/* The change watcher, under its own lock. */
	pthread_mutex_t watch_lock;
	char *path;
	struct db *watch;
	struct db_stmt *watch_st;
	int64_t watch_seen;     /* the data_version last read */
	uint64_t watch_count;   /* how often it was seen to move */
};

static int ensure_migration_table(struct db *db, struct kverr *e)
{
	return db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
		       " version INTEGER PRIMARY KEY, name TEXT NOT NULL)", e);
}

int store_schema_version(struct db *db, int64_t *version, struct kverr *e)
{
	if (ensure_migration_table(db, e))
		return -1;
	return db_query_int(db, "SELECT coalesce(max(version), 0)"
			    " FROM schema_migrations", "", version, e) < 0 ? -1 : 0;
}

static int apply_one(struct db *db, const struct store_migration *m,
		     struct kverr *e)
{
	if (db_begin(db, e))
		return -1;
	if (db_exec(db, m->sql, e) ||
	    db_run(db, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)",
		   "is", e, (int64_t)m->version, m->name)) {
		db_rollback(db);
		kverr_prefix_field(e, m->name);
		return -1;
	}
	return db_commit(db, e);
}

int store_migrate(struct db *db, int *applied, struct kverr *e)
{
	int64_t have;

	*applied = 0;
	if (store_schema_version(db, &have, e))
		return -1;
	for (int i = 0; i < store_migration_count; i++) {
		if (store_migrations[i].version <= have)
			continue;
		if (apply_one(db, &store_migrations[i], e))
			return -1;
		(*applied)++;
	}
	return 0;
}

int store_open(const char *path, int connections, struct store **out,
	       struct kverr *e)
{
	struct store *s;
	int applied;

	if (connections < 1 || connections > STORE_MAX_CONNECTIONS)
		return kverr_set(e, KVERR_BAD_REQUEST, "bad_pool", "connections",
				 "Connections must be 1 to %d.",
				 STORE_MAX_CONNECTIONS);
	s = calloc(1, sizeof(*s));
	if (!s)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	pthread_mutex_init(&s->watch_lock, NULL);
	s->path = strdup(path);
	if (!s->path) {
		kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
		goto fail;
	}
	for (s->n = 0; s->n < connections; s->n++) {
		if (db_open(path, &s->conn[s->n], e))
			goto fail;
	}
	if (store_migrate(s->conn[0], &applied, e))
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		db_close(s->conn[i]);
	db_finalize(s->watch_st);
	db_close(s->watch);
	free(s->path);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->watch_lock);
	free(s);
}

struct db *store_acquire(struct store *s)
{
	struct db *db = NULL;

	pthread_mutex_lock(&s->lock);
	while (!db) {
		for (int i = 0; i < s->n && !db; i++) {
			if (!s->in_use[i]) {
				s->in_use[i] = 1;
				db = s->conn[i];
			}
		}
		if (!db)
			pthread_cond_wait(&s->freed, &s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return db;
}

void store_release(struct store *s, struct db *db)
{
	pthread_mutex_lock(&s->lock);
	for (int i = 0; i < s->n; i++) {
		if (s->conn[i] == db)
			s->in_use[i] = 0;
	}
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

/* An in-memory database is private to its connection: a watcher would see
 * another, empty one.  Only this process can write it, and app_run counts
 * those writes itself. */
static bool watchable(const char *path)
{
	return path[0] && strcmp(path, ":memory:") != 0;
}

uint64_t store_data_version(struct store *s)
{
	struct kverr e = { 0 };
	uint64_t count;

	pthread_mutex_lock(&s->watch_lock);
	if (!watchable(s->path)) {
		count = s->watch_count;
		pthread_mutex_unlock(&s->watch_lock);
		return count;
	}
	if (!s->watch_st && (db_open(s->path, &s->watch, &e) ||
			     /* SQLite's own counter; a server backend would
			      * need its own way to learn of others' commits. */
			     db_prepare(s->watch, "PRAGMA data_version",
					&s->watch_st, &e))) {
		db_close(s->watch);
		s->watch = NULL;
	}
	if (s->watch_st && db_step(s->watch_st, &e) == DB_ROW) {
		int64_t v = db_column_int(s->watch_st, 0);

		if (v != s->watch_seen) {
			s->watch_seen = v;
			s->watch_count++;
		}
	} else {
		/* Cannot tell: say it moved, so that nothing is trusted. */
		s->watch_count++;
	}
	if (s->watch_st)
		db_reset(s->watch_st);
	count = s->watch_count;
	pthread_mutex_unlock(&s->watch_lock);
	return count;
}
