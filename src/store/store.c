/*
 * store.c — the connection pool and the migration runner (see store.h).
 *
 * Migrations are applied in version order, each inside one transaction
 * together with its row in schema_migrations, so a crash leaves the schema
 * at a whole version.
 */
#include "store/store.h"
#include "store/migrations.h"

#include <pthread.h>
#include <stdlib.h>

#define STORE_MAX_CONNECTIONS 64

struct store {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int n;
	struct db *conn[STORE_MAX_CONNECTIONS];
	int in_use[STORE_MAX_CONNECTIONS];
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
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->freed);
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
