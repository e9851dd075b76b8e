/*
 * audit.h — the append-only, hash-chained audit log.
 *
 * Every state change appends a record: who, in which role, did what to
 * which entity, when, with a detail object.  Each record's hash is
 * BLAKE2b-256 over its fields and the previous record's hash, and
 * audit_head holds the newest id and hash, so editing, deleting or
 * re-ordering any row — the last one included — breaks verification.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stdint.h>

#include "core/kverr.h"
#include "store/db.h"

#define AUDIT_HASH_HEX 65

struct audit_record {
	int64_t id;
	int64_t at;
	int64_t actor_id;   /* 0 = the system */
	const char *role;
	const char *action;
	const char *entity;
	int64_t entity_id;
	const char *detail; /* canonical JSON text */
};

/* Hash a record chained to prev_hash (hex) into out (hex). */
void audit_hash(const struct audit_record *r, const char *prev_hash,
		char out[AUDIT_HASH_HEX]);

/* Append inside the caller's transaction; fills r->id. */
int audit_append(struct db *db, struct audit_record *r, struct kverr *e);

/* Walk the whole chain.  Returns 0 when intact with *count records; -1 with
 * e naming the first bad record otherwise. */
int audit_verify(struct db *db, int64_t *count, struct kverr *e);

#endif
