/*
 * test_audit.c — unit tests for src/app/audit.c: the append-only,
 * hash-chained audit log (Q-7: every decision records who, when and why;
 * the record must not change afterwards).
 *
 * Each test gets a new database file in a temporary directory, opened
 * with store_open (which applies the migrations), appends records with
 * audit_append, tampers with the rows through db_run as an attacker with
 * file access would, and checks that audit_verify names the first broken
 * record.
 */
#include "testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/audit.h"
#include "store/store.h"

#define N_RECORDS 6

struct fixture {
	char dir[256];
	char path[300];
	struct store *store;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct kverr e = { 0 };

	if (!fx)
		return -1;
	testutil_tmp_template(fx->dir, sizeof(fx->dir), "test-audit");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/audit.db", fx->dir);
	if (store_open(fx->path, 1, &fx->store, &e)) {
		fprintf(stderr, "store_open: %s\n", e.message);
		rmdir(fx->dir);
		free(fx);
		return -1;
	}
	fx->db = store_acquire(fx->store);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[128];

	store_release(fx->store, fx->db);
	store_close(fx->store);
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", fx->path, suffix[i]);
		unlink(name);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Append records 1 … n (ids continue from what is there) in one
 * transaction; record k has detail {"k":k}. */
static void append_n(struct db *db, int n)
{
	static const char *const roles[] = { "admin", "case_officer",
					     "controller" };
	struct kverr e = { 0 };
	char detail[64];

	assert_int_equal(db_begin(db, &e), 0);
	for (int k = 1; k <= n; k++) {
		struct audit_record r = {
			.at = 1767225600 + k * 60, .actor_id = k % 3,
			.role = roles[k % 3], .action = "application.decide",
			.entity = "application", .entity_id = 100 + k,
			.detail = detail,
		};

		snprintf(detail, sizeof(detail), "{\"k\":%d}", k);
		if (audit_append(db, &r, &e))
			fail_msg("append %d: %s", k, e.message);
		assert_true(r.id > 0);
	}
	assert_int_equal(db_commit(db, &e), 0);
}

static void sql(struct db *db, const char *stmt)
{
	struct kverr e = { 0 };

	if (db_run(db, stmt, "", &e))
		fail_msg("%s: %s", stmt, e.message);
}

/* audit_verify must fail, naming record `id` in its message. */
static void expect_broken_at(struct db *db, int64_t id)
{
	struct kverr e;
	int64_t count = -1;
	char want[48];

	kverr_clear(&e);
	if (audit_verify(db, &count, &e) == 0)
		fail_msg("verify passed with %lld records; record %lld was"
			 " tampered with", (long long)count, (long long)id);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, "audit_broken");
	snprintf(want, sizeof(want), "Audit record %lld:", (long long)id);
	if (!strstr(e.message, want))
		fail_msg("want '%s' in: %s", want, e.message);
}

static void expect_intact(struct db *db, int64_t n)
{
	struct kverr e;
	int64_t count = -1;

	kverr_clear(&e);
	if (audit_verify(db, &count, &e))
		fail_msg("verify failed: %s", e.message);
	assert_int_equal(count, n);
}

static void test_q7_audit_empty_log_verifies(void **state)
{
	struct fixture *fx = *state;

	expect_intact(fx->db, 0);
}

static void test_q7_audit_append_and_verify(void **state)
{
	struct fixture *fx = *state;
	struct kverr e = { 0 };
	int64_t v = 0;

	append_n(fx->db, N_RECORDS);
	expect_intact(fx->db, N_RECORDS);
	/* ids are 1 … N and the head points at the last */
	assert_int_equal(db_query_int(fx->db, "SELECT max(id) FROM audit_log",
				      "", &v, &e), 0);
	assert_int_equal(v, N_RECORDS);
	assert_int_equal(db_query_int(fx->db, "SELECT last_id FROM audit_head",
				      "", &v, &e), 0);
	assert_int_equal(v, N_RECORDS);
	/* each row links to the previous row's hash */
	assert_int_equal(db_query_int(fx->db, "SELECT count(*) FROM audit_log a"
				      " JOIN audit_log b ON b.id = a.id + 1"
				      " WHERE b.prev_hash = a.hash", "", &v, &e),
			 0);
	assert_int_equal(v, N_RECORDS - 1);
	/* a second batch continues the chain */
	append_n(fx->db, 3);
	expect_intact(fx->db, N_RECORDS + 3);
}

/* Appends rolled back with their transaction leave no trace and no gap. */
static void test_q7_audit_rollback_leaves_chain_intact(void **state)
{
	struct fixture *fx = *state;
	struct kverr e = { 0 };
	struct audit_record r = {
		.at = 1767225600, .actor_id = 1, .role = "admin",
		.action = "x", .entity = "y", .entity_id = 1, .detail = "{}",
	};

	append_n(fx->db, 2);
	assert_int_equal(db_begin(fx->db, &e), 0);
	assert_int_equal(audit_append(fx->db, &r, &e), 0);
	assert_int_equal(r.id, 3);
	db_rollback(fx->db);
	expect_intact(fx->db, 2);
	append_n(fx->db, 1);     /* gets id 3 again */
	expect_intact(fx->db, 3);
}

static void test_q7_audit_changed_detail_names_record(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "UPDATE audit_log SET detail = '{}' WHERE id = 3");
	expect_broken_at(fx->db, 3);
}

/* Every column that is hashed is protected. */
static void test_q7_audit_each_column_protected(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_log SET at = at + 1 WHERE id = 4",
		"UPDATE audit_log SET actor_id = 99 WHERE id = 4",
		"UPDATE audit_log SET role = 'admin' || role WHERE id = 4",
		"UPDATE audit_log SET action = 'application.refuse' WHERE id = 4",
		"UPDATE audit_log SET entity = 'provider' WHERE id = 4",
		"UPDATE audit_log SET entity_id = 1 WHERE id = 4",
		"UPDATE audit_log SET detail = '{\"k\": 4}' WHERE id = 4",
		"UPDATE audit_log SET hash = prev_hash WHERE id = 4",
	};
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		struct kverr e = { 0 };

		assert_int_equal(db_exec(fx->db, "SAVEPOINT t", &e), 0);
		sql(fx->db, edits[i]);
		expect_broken_at(fx->db, 4);
		assert_int_equal(db_exec(fx->db, "ROLLBACK TO t", &e), 0);
		assert_int_equal(db_exec(fx->db, "RELEASE t", &e), 0);
		expect_intact(fx->db, N_RECORDS);
	}
}

/* Rewriting a row and its own hash is caught at the next row, whose
 * prev_hash no longer matches. */
static void test_q7_audit_rehashed_row_caught_by_next(void **state)
{
	struct fixture *fx = *state;
	struct kverr e = { 0 };
	struct db_stmt *st;
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	struct audit_record r;

	append_n(fx->db, N_RECORDS);
	assert_int_equal(db_prepare(fx->db, "SELECT at, actor_id, role, action,"
				    " entity, entity_id, prev_hash FROM audit_log"
				    " WHERE id = 3", &st, &e), 0);
	assert_int_equal(db_step(st, &e), DB_ROW);
	r = (struct audit_record){
		.id = 3, .at = db_column_int(st, 0),
		.actor_id = db_column_int(st, 1), .role = db_column_text(st, 2),
		.action = db_column_text(st, 3), .entity = db_column_text(st, 4),
		.entity_id = db_column_int(st, 5), .detail = "{\"k\":0}",
	};
	snprintf(prev, sizeof(prev), "%s", db_column_text(st, 6));
	audit_hash(&r, prev, hash);
	db_finalize(st);
	assert_int_equal(db_run(fx->db, "UPDATE audit_log SET detail = ?,"
				" hash = ? WHERE id = 3", "ss", &e, "{\"k\":0}",
				hash), 0);
	expect_broken_at(fx->db, 4);
}

static void test_q7_audit_deleted_middle_row(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "DELETE FROM audit_log WHERE id = 3");
	expect_broken_at(fx->db, 3);
}

static void test_q7_audit_deleted_first_row(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "DELETE FROM audit_log WHERE id = 1");
	expect_broken_at(fx->db, 1);
}

/* The tail: audit_head still says N, so a missing last row shows. */
static void test_q7_audit_deleted_last_row(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "DELETE FROM audit_log WHERE id = 6");
	expect_broken_at(fx->db, N_RECORDS);
	/* … and the last two */
	sql(fx->db, "DELETE FROM audit_log WHERE id = 5");
	expect_broken_at(fx->db, N_RECORDS);
}

static void test_q7_audit_deleted_all_rows(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "DELETE FROM audit_log");
	expect_broken_at(fx->db, N_RECORDS);
}

static void test_q7_audit_deleted_head(void **state)
{
	struct fixture *fx = *state;
	struct kverr e = { 0 };
	int64_t count;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "DELETE FROM audit_head");
	kverr_clear(&e);
	assert_int_equal(audit_verify(fx->db, &count, &e), -1);
	assert_string_equal(e.code, "audit_broken");
}

static void test_q7_audit_changed_prev_hash(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "UPDATE audit_log SET prev_hash = '"
	    "0000000000000000000000000000000000000000000000000000000000000000'"
	    " WHERE id = 5");
	expect_broken_at(fx->db, 5);
}

/* Two rows swapped in place (their ids exchanged) break the chain. */
static void test_q7_audit_reordered_rows(void **state)
{
	struct fixture *fx = *state;

	append_n(fx->db, N_RECORDS);
	sql(fx->db, "UPDATE audit_log SET id = -2 WHERE id = 2");
	sql(fx->db, "UPDATE audit_log SET id = 2 WHERE id = 3");
	sql(fx->db, "UPDATE audit_log SET id = 3 WHERE id = -2");
	expect_broken_at(fx->db, 2);
}

/*
 * The hash is BLAKE2b-256 over the length-prefixed fields (8-byte
 * little-endian length, then the bytes; integers in decimal): prev_hash,
 * id, at, actor_id, role, action, entity, entity_id, detail.  The known
 * answers were computed with Python's hashlib.blake2b(digest_size=32), so
 * a change of the serialisation — which would make every existing log
 * fail to verify — is caught.
 */
static void test_q7_audit_hash_deterministic(void **state)
{
	static const char genesis[] =
		"0000000000000000000000000000000000000000000000000000000000000000";
	struct audit_record r = {
		.id = 1, .at = 1767225600, .actor_id = 7, .role = "case_officer",
		.action = "application.admit", .entity = "application",
		.entity_id = 42, .detail = "{\"area\":\"AB\"}",
	};
	struct audit_record r2 = {
		.id = 2, .at = -5, .actor_id = 0, .role = "admin",
		.action = "user.create", .entity = "user", .entity_id = 3,
		.detail = "{}",
	};
	struct audit_record c;
	char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX], h3[AUDIT_HASH_HEX];

	(void)state;
	audit_hash(&r, genesis, h1);
	assert_string_equal(h1, "68d26aa4c6f8d5e5d0a631e2c3bebedf"
			    "879f952a2be5cd2a404f55542db34271");
	audit_hash(&r, genesis, h2);
	assert_string_equal(h1, h2);
	audit_hash(&r2, h1, h3);
	assert_string_equal(h3, "dce1874a38022550ab9653570f628f11"
			    "a515f6f7ad8deea304e1526a18aea7f2");
	/* another prev gives another hash */
	audit_hash(&r, h3, h2);
	assert_string_not_equal(h1, h2);
	/* moving a character across a field boundary changes the hash */
	c = r;
	c.role = "case_officerapplication";
	c.action = ".admit";
	audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
	/* each field matters */
	c = r; c.id = 2; audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
	c = r; c.at++; audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
	c = r; c.actor_id = 0; audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
	c = r; c.entity_id = 43; audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
	c = r; c.detail = "{\"area\":\"AC\"}"; audit_hash(&c, genesis, h2);
	assert_string_not_equal(h1, h2);
}

/* What audit_append stores is what audit_hash computes. */
static void test_q7_audit_stored_hash_matches(void **state)
{
	struct fixture *fx = *state;
	struct kverr e = { 0 };
	struct db_stmt *st;
	struct audit_record r = {
		.at = 1767225600, .actor_id = 7, .role = "case_officer",
		.action = "application.admit", .entity = "application",
		.entity_id = 42, .detail = "{\"area\":\"AB\"}",
	};

	assert_int_equal(db_begin(fx->db, &e), 0);
	assert_int_equal(audit_append(fx->db, &r, &e), 0);
	assert_int_equal(db_commit(fx->db, &e), 0);
	assert_int_equal(r.id, 1);
	assert_int_equal(db_prepare(fx->db, "SELECT hash, prev_hash FROM"
				    " audit_log WHERE id = 1", &st, &e), 0);
	assert_int_equal(db_step(st, &e), DB_ROW);
	/* the same record as in test_q7_audit_hash_deterministic */
	assert_string_equal(db_column_text(st, 0),
			    "68d26aa4c6f8d5e5d0a631e2c3bebedf"
			    "879f952a2be5cd2a404f55542db34271");
	assert_string_equal(db_column_text(st, 1),
			    "0000000000000000000000000000000000000000000000000000000000000000");
	db_finalize(st);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_q7_audit_empty_log_verifies),
		T(test_q7_audit_append_and_verify),
		T(test_q7_audit_rollback_leaves_chain_intact),
		T(test_q7_audit_changed_detail_names_record),
		T(test_q7_audit_each_column_protected),
		T(test_q7_audit_rehashed_row_caught_by_next),
		T(test_q7_audit_deleted_middle_row),
		T(test_q7_audit_deleted_first_row),
		T(test_q7_audit_deleted_last_row),
		T(test_q7_audit_deleted_all_rows),
		T(test_q7_audit_deleted_head),
		T(test_q7_audit_changed_prev_hash),
		T(test_q7_audit_reordered_rows),
		cmocka_unit_test(test_q7_audit_hash_deterministic),
		T(test_q7_audit_stored_hash_matches),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
