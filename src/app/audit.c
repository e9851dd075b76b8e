/*
 * audit.c — appending to and verifying the hash-chained audit log.
 */
#include "app/audit.h"
#include "app/app.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The genesis link: the hash the first record chains to. */
static const char audit_genesis[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(crypto_generichash_state *st, const char *s)
{
	uint64_t len = strlen(s);
	unsigned char lenbuf[8];

	/* Length-prefix each field so no two records serialise alike. */
	for (int i = 0; i < 8; i++)
		lenbuf[i] = (unsigned char)(len >> (8 * i));
	crypto_generichash_update(st, lenbuf, sizeof(lenbuf));
	crypto_generichash_update(st, (const unsigned char *)s, len);
}

static void hash_int(crypto_generichash_state *st, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	hash_field(st, buf);
}

void audit_hash(const struct audit_record *r, const char *prev_hash,
		char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	hash_field(&st, prev_hash);
	hash_int(&st, r->id);
	hash_int(&st, r->at);
	hash_int(&st, r->actor_id);
	hash_field(&st, r->role);
	hash_field(&st, r->action);
	hash_field(&st, r->entity);
	hash_int(&st, r->entity_id);
	hash_field(&st, r->detail);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof(h));
}

static int read_head(struct db *db, int64_t *last_id, char prev[AUDIT_HASH_HEX],
		     struct kverr *e)
{
	struct db_stmt *st;
	enum db_step_result r;

	*last_id = 0;
	snprintf(prev, AUDIT_HASH_HEX, "%s", audit_genesis);
	if (db_prepare(db, "SELECT last_id, last_hash FROM audit_head", &st, e))
		return -1;
	r = db_step(st, e);
	if (r == DB_ROW) {
		*last_id = db_column_int(st, 0);
		snprintf(prev, AUDIT_HASH_HEX, "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	return r == DB_ERROR ? -1 : 0;
}

int audit_append(struct db *db, struct audit_record *r, struct kverr *e)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	int64_t last_id;

	if (read_head(db, &last_id, prev, e))
		return -1;
	r->id = last_id + 1;
	audit_hash(r, prev, hash);
	if (db_run(db, "INSERT INTO audit_log(id, at, actor_id, role, action,"
		   " entity, entity_id, detail, prev_hash, hash)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "iiisssisss", e,
		   r->id, r->at, r->actor_id, r->role, r->action, r->entity,
		   r->entity_id, r->detail, prev, hash))
		return -1;
	/* Upsert portable to PostgreSQL. */
	return db_run(db, "INSERT INTO audit_head(one, last_id, last_hash)"
		      " VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET"
		      " last_id = excluded.last_id, last_hash = excluded.last_hash",
		      "is", e, r->id, hash);
}

static int bad(struct kverr *e, int64_t id, const char *what)
{
	return kverr_set(e, KVERR_INVALID, "audit_broken", "audit_log",
			 "Audit record %lld: %s.", (long long)id, what);
}

static int check_row(struct db_stmt *st, int64_t expect_id, char prev[AUDIT_HASH_HEX],
		     struct kverr *e)
{
	struct audit_record r = {
		.id = db_column_int(st, 0), .at = db_column_int(st, 1),
		.actor_id = db_column_int(st, 2), .role = db_column_text(st, 3),
		.action = db_column_text(st, 4), .entity = db_column_text(st, 5),
		.entity_id = db_column_int(st, 6), .detail = db_column_text(st, 7),
	};
	char hash[AUDIT_HASH_HEX];

	if (r.id != expect_id)
		return bad(e, expect_id, "missing (the record was deleted)");
	if (strcmp(db_column_text(st, 8), prev) != 0)
		return bad(e, r.id, "does not link to the record before it");
	audit_hash(&r, prev, hash);
	if (strcmp(hash, db_column_text(st, 9)) != 0)
		return bad(e, r.id, "its content was changed after it was written");
	memcpy(prev, hash, AUDIT_HASH_HEX);
	return 0;
}

int audit_verify(struct db *db, int64_t *count, struct kverr *e)
{
	char prev[AUDIT_HASH_HEX], head_hash[AUDIT_HASH_HEX];
	int64_t n = 0, head_id;
	struct db_stmt *st;
	enum db_step_result r;
	int rc = 0;

	if (read_head(db, &head_id, head_hash, e))
		return -1;
	snprintf(prev, sizeof(prev), "%s", audit_genesis);
	if (db_prepare(db, "SELECT id, at, coalesce(actor_id, 0), role, action,"
		       " entity, entity_id, detail, prev_hash, hash"
		       " FROM audit_log ORDER BY id", &st, e))
		return -1;
	while (rc == 0 && (r = db_step(st, e)) == DB_ROW)
		rc = check_row(st, ++n, prev, e);
	db_finalize(st);
	if (rc)
		return -1;
	if (r == DB_ERROR)
		return -1;
	if (n != head_id || strcmp(prev, n ? head_hash : prev) != 0)
		return bad(e, head_id, "the newest records are missing");
	*count = n;
	return 0;
}

int app_audit(struct app_ctx *cx, const char *action, const char *entity,
	      int64_t entity_id, json_t *detail, struct kverr *e)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS)
			    : strdup("{}");
	struct audit_record r = {
		.at = cx->now, .actor_id = cx->actor->user_id,
		.role = role_name(cx->actor->role), .action = action,
		.entity = entity, .entity_id = entity_id, .detail = text,
	};
	int rc;

	if (!text)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL, "Out of memory.");
	rc = audit_append(cx->db, &r, e);
	free(text);
	return rc;
}
