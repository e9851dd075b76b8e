/*
 * onetime.c — one-time sign-in codes for jobseekers (see onetime.h).
 *
 * Why not the personnummer alone: it is not a secret.  Why a short code
 * and not a password: many jobseekers sign in a few times a year, and the
 * authority already reaches them (text message, its own e-service).  A
 * six-digit code with five tries has a 1 in 200,000 chance of being
 * guessed; a new code is refused after LIMIT_ONETIME_PER_HOUR an hour.
 */
#include "app/onetime.h"
#include "app/auth.h"
#include "app/input.h"
#include "core/idnum.h"
#include "core/limits.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SALT_BYTES 16
#define CODE_DIGITS 6
#define TICKET_HEX 65

/* Keyed BLAKE2b of the code, so a copy of the table gives no codes
 * without trying each salt's million. */
static void code_hash(const char *code, const char *salt_hex, char out[65])
{
	unsigned char salt[SALT_BYTES], h[32];

	sodium_hex2bin(salt, sizeof(salt), salt_hex, strlen(salt_hex), NULL,
		       NULL, NULL);
	crypto_generichash(h, sizeof(h), (const unsigned char *)code,
			   strlen(code), salt, sizeof(salt));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void ticket_new(char ticket[TICKET_HEX], char hash[TICKET_HEX])
{
	unsigned char raw[32], h[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(ticket, TICKET_HEX, raw, sizeof(raw));
	crypto_generichash(h, sizeof(h), (const unsigned char *)ticket,
			   TICKET_HEX - 1, NULL, 0);
	sodium_bin2hex(hash, TICKET_HEX, h, sizeof(h));
}

static void ticket_hash(const char *ticket, char hash[TICKET_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)ticket,
			   strlen(ticket), NULL, 0);
	sodium_bin2hex(hash, TICKET_HEX, h, sizeof(h));
}

static int read_person(struct app_ctx *cx, const json_t *in, struct idnum *p,
		       struct kverr *e)
{
	const char *s;
	enum idnum_reason why;

	if (in_string(in, "personnummer", true, 20, &s, e))
		return -1;
	why = idnum_parse_person(s, cx->today, p);
	if (why != IDNUM_OK)
		return kverr_set(e, KVERR_INVALID, idnum_reason_code(why),
				 "personnummer", "The personnummer or"
				 " samordningsnummer is not valid: %s",
				 idnum_reason_text(why));
	return 0;
}

/* The registered jobseeker with this number: 0 when none. */
static int64_t jobseeker_by_pnr(struct app_ctx *cx, const struct idnum *p,
				struct kverr *e)
{
	int64_t id = 0;
	int rc = db_query_int(cx->db, "SELECT id FROM jobseekers WHERE pnr = ?"
			      " AND status = 'active'", "s", &id, e, p->canonical);

	return rc < 0 ? -1 : rc == 1 ? 0 : id;
}

/* A demo database (kundval demo) says so in meta. */
static int is_demo(struct app_ctx *cx, bool *demo, struct kverr *e)
{
	int64_t n = 0;

	if (db_query_int(cx->db, "SELECT count(*) FROM meta WHERE key ="
			 " 'demo_password'", "", &n, e) < 0)
		return -1;
	*demo = n > 0;
	return 0;
}

static int audit_step(struct app_ctx *cx, const char *action, int64_t js,
		      const char *what, struct kverr *e)
{
	json_t *detail = json_pack("{s:s}", "step", what);
	int rc = app_audit(cx, action, "jobseeker", js, detail, e);

	json_decref(detail);
	return rc;
}

static int insert_code(struct app_ctx *cx, int64_t js, char code[CODE_DIGITS + 1],
		       const char *ticket_h, struct kverr *e)
{
	unsigned char salt[SALT_BYTES];
	char salt_hex[SALT_BYTES * 2 + 1], hash[65];

	snprintf(code, CODE_DIGITS + 1, "%06u",
		 (unsigned)randombytes_uniform(1000000));
	randombytes_buf(salt, sizeof(salt));
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	code_hash(code, salt_hex, hash);
	/* Only the newest code works. */
	return db_run(cx->db, "UPDATE onetime_codes SET ended = 'superseded',"
		      " ended_at = ? WHERE jobseeker_id = ? AND ended IS NULL",
		      "ii", e, cx->now, js) ||
	       db_run(cx->db, "INSERT INTO onetime_codes(jobseeker_id, ticket_hash,"
		      " code_hash, salt, created_at, expires_at) VALUES (?, ?, ?,"
		      " ?, ?, ?)", "isssii", e, js, ticket_h, hash, salt_hex,
		      cx->now, cx->now + LIMIT_ONETIME_SECONDS);
}

int app_onetime_request(struct app_ctx *cx, json_t *in, json_t **out,
			struct kverr *e)
{
	static const char *const keys[] = { "personnummer", NULL };
	char code[CODE_DIGITS + 1], ticket[TICKET_HEX], th[TICKET_HEX];
	struct idnum p;
	int64_t js, recent = 0;
	bool demo;

	if (in_object(in, keys, e) || read_person(cx, in, &p, e) ||
	    is_demo(cx, &demo, e) || (js = jobseeker_by_pnr(cx, &p, e)) < 0)
		return -1;
	if (js == 0 && demo)
		return kverr_set(e, KVERR_NOT_FOUND, "not_registered",
				 "personnummer", "No jobseeker is registered with"
				 " that number.");
	ticket_new(ticket, th);
	*out = json_pack("{s:s, s:I, s:s}", "channel", demo ? "demo" : "authority",
			 "expires_at", (json_int_t)(cx->now + LIMIT_ONETIME_SECONDS),
			 "ticket", ticket);
	if (js == 0)
		return 0;   /* the same answer: a number's registration is private */
	if (db_query_int(cx->db, "SELECT count(*) FROM onetime_codes WHERE"
			 " jobseeker_id = ? AND created_at > ?", "ii", &recent, e,
			 js, cx->now - 3600) < 0)
		goto fail;
	if (recent >= LIMIT_ONETIME_PER_HOUR) {
		kverr_set(e, KVERR_CONFLICT, "too_many_codes", "personnummer",
			  "Too many codes were asked for in the last hour; try"
			  " again later.");
		goto fail;
	}
	if (insert_code(cx, js, code, th, e) ||
	    audit_step(cx, "onetime.request", js, demo ? "demo" : "authority", e))
		goto fail;
	/* Outside the demo the code goes by the authority's channel (a
	 * text message or its e-service), never in this answer. */
	if (demo)
		json_object_set_new(*out, "code", json_string(code));
	return 0;
fail:
	json_decref(*out);
	*out = NULL;
	return -1;
}

/* The jobseeker's account: the one linked to them, else a new one that
 * has no password and signs in by code only. */
static int account_for(struct app_ctx *cx, int64_t js, int64_t *user,
		       struct kverr *e)
{
	char username[32];
	int rc = db_query_int(cx->db, "SELECT min(id) FROM users WHERE"
			      " jobseeker_id = ? AND role = 'jobseeker'"
			      " HAVING count(*) > 0", "i", user, e, js);

	if (rc <= 0)
		return rc;
	snprintf(username, sizeof(username), "js-%lld", (long long)js);
	/* "!" is no argon2id string: no password ever matches it. */
	return db_query_int(cx->db, "INSERT INTO users(username, display_name,"
			    " password_hash, role, lang, created_at, jobseeker_id)"
			    " SELECT ?, given_name || ' ' || family_name, '!',"
			    " 'jobseeker', lang, ?, id FROM jobseekers WHERE id = ?"
			    " RETURNING id", "sii", user, e, username, cx->now, js)
		== 0 ? 0 : -1;
}

static json_t *outcome(const char *reason)
{
	return json_pack("{s:b, s:s}", "signed_in", 0, "reason", reason);
}

/* A wrong code counts a try; the last allowed try ends the code. */
static int wrong_try(struct app_ctx *cx, int64_t js, const json_t *row,
		     json_t **out, struct kverr *e)
{
	int64_t tries = json_integer_value(json_object_get(row, "attempts")) + 1;
	bool last = tries >= LIMIT_ONETIME_ATTEMPTS;

	if (db_run(cx->db, "UPDATE onetime_codes SET attempts = ?, ended ="
		   " CASE WHEN ? THEN 'too_many_attempts' END, ended_at ="
		   " CASE WHEN ? THEN ? END WHERE id = ?", "iiiii", e, tries,
		   (int64_t)last, (int64_t)last, cx->now,
		   (int64_t)json_integer_value(json_object_get(row, "id"))) ||
	    audit_step(cx, "onetime.fail", js, last ? "too_many_attempts" :
		       "wrong_code", e))
		return -1;
	*out = outcome(last ? "too_many_attempts" : "wrong_code");
	return 0;
}

static int sign_in(struct app_ctx *cx, int64_t js, const json_t *row,
		   json_t **out, struct kverr *e)
{
	char token[AUTH_TOKEN_HEX];
	int64_t user = 0;
	json_t *u;

	if (db_run(cx->db, "UPDATE onetime_codes SET ended = 'used', ended_at = ?"
		   " WHERE id = ?", "ii", e, cx->now,
		   (int64_t)json_integer_value(json_object_get(row, "id"))) ||
	    account_for(cx, js, &user, e) ||
	    auth_session_insert(cx, user, token, e) ||
	    audit_step(cx, "onetime.use", js, "signed_in", e))
		return -1;
	u = db_query_one(cx->db, "user", "SELECT id, username, display_name,"
			 " role, jobseeker_id, lang FROM users WHERE id = ?", "i",
			 e, user);
	if (!u)
		return -1;
	*out = json_pack("{s:b, s:s, s:o}", "signed_in", 1, "token", token,
			 "user", u);
	return 0;
}

int app_onetime_verify(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "ticket", "code", NULL };
	const char *code, *ticket;
	char hash[65], th[TICKET_HEX];
	int64_t js;
	json_t *row;
	int rc;

	if (in_object(in, keys, e) ||
	    in_string(in, "ticket", true, TICKET_HEX - 1, &ticket, e) ||
	    in_string(in, "code", true, 16, &code, e))
		return -1;
	if (strlen(code) != CODE_DIGITS || strspn(code, "0123456789") != CODE_DIGITS)
		return kverr_set(e, KVERR_INVALID, "bad_code", "code",
				 "The code is six digits.");
	ticket_hash(ticket, th);
	row = db_query_one(cx->db, "code", "SELECT id, jobseeker_id, code_hash,"
			   " salt, expires_at, attempts FROM onetime_codes WHERE"
			   " ticket_hash = ? AND ended IS NULL", "s", e, th);
	if (!row && e->cls != KVERR_NOT_FOUND)
		return -1;
	if (!row || json_integer_value(json_object_get(row, "expires_at")) <= cx->now) {
		/* No live code for this ticket (or it never had one): the
		 * same answer. */
		json_decref(row);
		kverr_clear(e);
		*out = outcome("expired");
		return 0;
	}
	js = json_integer_value(json_object_get(row, "jobseeker_id"));
	code_hash(code, json_string_value(json_object_get(row, "salt")), hash);
	rc = sodium_memcmp(hash, json_string_value(json_object_get(row,
				"code_hash")), 64) == 0 ?
	     sign_in(cx, js, row, out, e) : wrong_try(cx, js, row, out, e);
	json_decref(row);
	return rc;
}
