/*
 * auth.c — accounts, sessions and API tokens (see auth.h).
 */
#include "app/auth.h"
#include "app/input.h"
#include "core/lang.h"
#include "core/limits.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* A fixed argon2id hash to verify against when the user does not exist, so
 * that a wrong user name takes as long as a wrong password.  Made once in
 * auth_init, before any request thread starts. */
static char auth_dummy_hash[crypto_pwhash_STRBYTES];

int auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	return crypto_pwhash_str(auth_dummy_hash, "not a password", 14,
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static void token_hash(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof(h));
}

static void token_new(char out[AUTH_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, AUTH_TOKEN_HEX, raw, sizeof(raw));
}

static int resolve(struct app *app, const char *sql, const char *token,
		   struct actor *actor, struct kverr *e)
{
	char hash[AUTH_TOKEN_HEX];
	struct db *db;
	struct db_stmt *st;
	enum db_step_result r = DB_DONE;

	memset(actor, 0, sizeof(*actor));
	if (!token || strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	token_hash(token, hash);
	db = store_acquire(app->store);
	if (db_prepare(db, sql, &st, e) == 0) {
		db_bind_text(st, 1, hash);
		db_bind_int(st, 2, app_now(app));
		r = db_step(st, e);
		if (r == DB_ROW) {
			actor->user_id = db_column_int(st, 0);
			actor->role = role_parse(db_column_text(st, 1));
			actor->provider_id = db_column_int(st, 2);
			snprintf(actor->username, sizeof(actor->username), "%s",
				 db_column_text(st, 3));
			actor->jobseeker_id = db_column_int(st, 4);
		}
		db_finalize(st);
	} else {
		r = DB_ERROR;
	}
	store_release(app->store, db);
	return r == DB_ERROR ? -1 : 0;
}

int auth_resolve_session(struct app *app, const char *token,
			 struct actor *actor, struct kverr *e)
{
	return resolve(app, "SELECT u.id, u.role, coalesce(u.provider_id, 0),"
		       " u.username, coalesce(u.jobseeker_id, 0) FROM sessions s JOIN users u ON u.id = s.user_id"
		       " WHERE s.token_hash = ? AND s.expires_at > ?",
		       token, actor, e);
}

int auth_resolve_bearer(struct app *app, const char *token,
			struct actor *actor, struct kverr *e)
{
	return resolve(app, "SELECT u.id, u.role, coalesce(u.provider_id, 0),"
		       " u.username, coalesce(u.jobseeker_id, 0) FROM api_tokens t JOIN users u ON u.id = t.user_id"
		       " WHERE t.token_hash = ? AND (t.revoked_at IS NULL"
		       " OR t.revoked_at > ?)", token, actor, e);
}

int auth_resolve_username(struct app *app, const char *username,
			  struct actor *actor, struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	json_t *u = db_query_json(db, "SELECT id, role, coalesce(provider_id, 0)"
				  " AS provider_id, coalesce(jobseeker_id, 0) AS"
				  " jobseeker_id FROM users WHERE username = ?",
				  "s", e, username);
	json_t *row = json_array_get(u, 0);

	store_release(app->store, db);
	memset(actor, 0, sizeof(*actor));
	if (!u)
		return -1;
	if (row) {
		actor->user_id = json_integer_value(json_object_get(row, "id"));
		actor->role = role_parse(json_string_value(json_object_get(row,
								   "role")));
		actor->provider_id = json_integer_value(json_object_get(row,
							"provider_id"));
		actor->jobseeker_id = json_integer_value(json_object_get(row,
							 "jobseeker_id"));
		snprintf(actor->username, sizeof(actor->username), "%s", username);
	}
	json_decref(u);
	return 0;
}

static bool username_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_' || *s == '@'))
			return false;
	return true;
}

/* The account fields; the caller has already refused unknown keys. */
static int validate_user(const json_t *user, const char **username,
			 const char **display, const char **password,
			 const char **lang, struct kverr *e)
{
	if (!json_is_object(user))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", "",
				 "The account must be an object.");
	if (in_string(user, "username", true, LIMIT_USERNAME, username, e) ||
	    in_string(user, "display_name", true, LIMIT_NAME, display, e) ||
	    in_string(user, "password", true, LIMIT_PASSWORD_MAX, password, e) ||
	    in_string(user, "lang", false, 8, lang, e))
		return -1;
	if (!username_ok(*username))
		return kverr_set(e, KVERR_INVALID, "bad_username", "username",
				 "A user name may use only a–z, 0–9 and . - _ @.");
	if (strlen(*password) < LIMIT_PASSWORD_MIN)
		return kverr_set(e, KVERR_INVALID, "weak_password", "password",
				 "The password must be at least %d characters.",
				 LIMIT_PASSWORD_MIN);
	if (*lang && !lang_supported(*lang))
		return kverr_set(e, KVERR_INVALID, "not_allowed", "lang",
				 "The language must be one of sv, en, ar, so, ti, fa.");
	return 0;
}

int auth_insert_user(struct app_ctx *cx, const json_t *user, const char *role,
		     int64_t provider_id, int64_t *id, struct kverr *e)
{
	const char *username, *display, *password, *lang;
	char hash[crypto_pwhash_STRBYTES];
	int64_t exists = 0;

	if (validate_user(user, &username, &display, &password, &lang, e))
		return -1;
	if (db_query_int(cx->db, "SELECT count(*) FROM users WHERE username = ?",
			 "s", &exists, e, username) < 0)
		return -1;
	if (exists)
		return kverr_set(e, KVERR_CONFLICT, "exists", "username",
				 "That user name is taken.");
	if (crypto_pwhash_str(hash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return kverr_set(e, KVERR_INTERNAL, "oom", NULL,
				 "Out of memory while hashing the password.");
	/* provider_id is NULL for every role but provider_staff. */
	return db_query_int(cx->db, "INSERT INTO users(username, display_name,"
			    " password_hash, role, lang, created_at, provider_id)"
			    " VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0)) RETURNING id",
			    "sssssii", id, e, username, display, hash, role,
			    lang ? lang : LANG_DEFAULT, cx->now, provider_id) == 0
		? 0 : -1;
}

int app_user_add(struct app_ctx *cx, json_t *in, json_t **out, struct kverr *e)
{
	static const char *const roles[] = { "admin", "case_officer",
					     "controller", "provider_staff",
					     "jobseeker", NULL };
	int role = -1;
	int64_t provider_id = 0, jobseeker_id = 0, id, found;
	json_t *detail;

	static const char *const keys[] = { "username", "display_name",
					    "password", "role", "provider_id",
					    "jobseeker_id", "lang", NULL };

	if (app_require(cx, ROLE_ADMIN, e) || in_object(in, keys, e) ||
	    in_enum(in, "role", true, roles, &role, e) ||
	    in_int(in, "provider_id", false, 1, INT64_MAX, &provider_id, e) ||
	    in_int(in, "jobseeker_id", false, 1, INT64_MAX, &jobseeker_id, e))
		return -1;
	if (jobseeker_id && strcmp(roles[role], "jobseeker") != 0)
		return kverr_set(e, KVERR_INVALID, "jobseeker_mismatch",
				 "jobseeker_id", "jobseeker_id is allowed only"
				 " for the jobseeker role.");
	if (jobseeker_id &&
	    (db_query_int(cx->db, "SELECT id FROM jobseekers WHERE id = ?", "i",
			  &found, e, jobseeker_id) != 0))
		return kverr_set(e, KVERR_INVALID, "unknown_jobseeker",
				 "jobseeker_id", "No such jobseeker.");
	if ((strcmp(roles[role], "provider_staff") == 0) != (provider_id != 0))
		return kverr_set(e, KVERR_INVALID, "provider_mismatch",
				 "provider_id", "provider_id is required for"
				 " provider_staff and not allowed for other roles.");
	if (provider_id &&
	    (db_query_int(cx->db, "SELECT id FROM providers WHERE id = ?", "i",
			  &found, e, provider_id) != 0))
		return kverr_set(e, KVERR_INVALID, "unknown_provider",
				 "provider_id", "No such provider.");
	if (auth_insert_user(cx, in, roles[role], provider_id, &id, e) ||
	    (jobseeker_id && db_run(cx->db, "UPDATE users SET jobseeker_id = ?"
				    " WHERE id = ?", "ii", e, jobseeker_id, id)))
		return -1;
	detail = json_pack("{s:s, s:s}", "username",
			   json_string_value(json_object_get(in, "username")),
			   "role", roles[role]);
	if (app_audit(cx, "user.create", "user", id, detail, e)) {
		json_decref(detail);
		return -1;
	}
	json_decref(detail);
	*out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "username",
			 json_string_value(json_object_get(in, "username")),
			 "role", roles[role]);
	return 0;
}

int auth_session_insert(struct app_ctx *cx, int64_t user_id,
			char token[AUTH_TOKEN_HEX], struct kverr *e)
{
	char hash[AUTH_TOKEN_HEX];

	token_new(token);
	token_hash(token, hash);
	return db_run(cx->db, "INSERT INTO sessions(token_hash, user_id, created_at,"
		      " expires_at) VALUES (?, ?, ?, ?)", "siii", e, hash, user_id,
		      cx->now, cx->now + LIMIT_SESSION_SECONDS);
}

static const char *dummy_hash(void)
{
	return auth_dummy_hash;
}

int app_session_create(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "username", "password", NULL };
	const char *username, *password;
	char token[AUTH_TOKEN_HEX];
	json_t *user;

	if (in_object(in, keys, e) ||
	    in_string(in, "username", true, LIMIT_USERNAME, &username, e) ||
	    in_string(in, "password", true, LIMIT_PASSWORD_MAX, &password, e))
		return -1;
	user = db_query_one(cx->db, "user", "SELECT id, username, display_name,"
			    " role, provider_id, lang, password_hash FROM users"
			    " WHERE username = ?", "s", e, username);
	if (!user && e->cls != KVERR_NOT_FOUND)
		return -1;
	if (crypto_pwhash_str_verify(user ? json_string_value(json_object_get(
					    user, "password_hash")) : dummy_hash(),
				     password, strlen(password)) != 0 || !user) {
		json_decref(user);
		return kverr_set(e, KVERR_UNAUTHORISED, "bad_credentials",
				 "password", "Wrong user name or password.");
	}
	json_object_del(user, "password_hash");
	if (auth_session_insert(cx, json_integer_value(json_object_get(user, "id")),
				token, e)) {
		json_decref(user);
		return -1;
	}
	*out = json_pack("{s:s, s:o, s:I}", "token", token, "user", user,
			 "expires_at", (json_int_t)(cx->now + LIMIT_SESSION_SECONDS));
	return 0;
}

int app_session_delete(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	static const char *const keys[] = { "token", NULL };
	const char *token;
	char hash[AUTH_TOKEN_HEX];

	/* The server puts the cookie's token in; nothing else is accepted. */
	if (app_require(cx, ROLE_ANY_USER, e) || in_object(in, keys, e) ||
	    in_string(in, "token", false, AUTH_TOKEN_HEX, &token, e))
		return -1;
	if (token) {
		token_hash(token, hash);
		if (db_run(cx->db, "DELETE FROM sessions WHERE token_hash = ?",
			   "s", e, hash))
			return -1;
	}
	*out = json_pack("{s:b}", "signed_out", 1);
	return 0;
}

int app_token_create(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "label", NULL };
	const char *label;
	char token[AUTH_TOKEN_HEX], hash[AUTH_TOKEN_HEX];
	int64_t id;
	json_t *detail;
	int rc;

	if (app_require(cx, ROLE_ANY_USER, e) || in_object(in, keys, e) ||
	    in_string(in, "label", true, LIMIT_NAME, &label, e))
		return -1;
	token_new(token);
	token_hash(token, hash);
	if (db_query_int(cx->db, "INSERT INTO api_tokens(token_hash, user_id,"
			 " label, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			 "sisi", &id, e, hash, cx->actor->user_id, label,
			 cx->now) != 0)
		return -1;
	detail = json_pack("{s:s}", "label", label);
	rc = app_audit(cx, "token.create", "api_token", id, detail, e);
	json_decref(detail);
	if (rc)
		return -1;
	*out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "label", label,
			 "token", token);
	return 0;
}

int app_me(struct app_ctx *cx, json_t *in, json_t **out, struct kverr *e)
{
	(void)in;
	if (app_require(cx, ROLE_ANY_USER, e))
		return -1;
	*out = db_query_one(cx->db, "user", "SELECT id, username, display_name,"
			    " role, provider_id, jobseeker_id, lang FROM users WHERE id = ?",
			    "i", e, cx->actor->user_id);
	return *out ? 0 : -1;
}

int app_tokens_list(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e)
{
	(void)in;
	if (app_require(cx, ROLE_ANY_USER, e))
		return -1;
	/* One's own tokens only; the token itself is never shown again. */
	*out = db_query_json(cx->db, "SELECT id, label, created_at, revoked_at"
			     " FROM api_tokens WHERE user_id = ? ORDER BY id", "i",
			     e, cx->actor->user_id);
	return *out ? 0 : -1;
}

int app_token_revoke(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "token_id", NULL };
	int64_t id = 0, owner = 0, revoked = 0;
	json_t *row;

	if (app_require(cx, ROLE_ANY_USER, e) || in_object(in, keys, e) ||
	    in_int(in, "token_id", true, 1, INT64_MAX, &id, e))
		return -1;
	row = db_query_one(cx->db, "token", "SELECT user_id, coalesce(revoked_at, 0)"
			   " AS revoked FROM api_tokens WHERE id = ?", "i", e, id);
	if (row) {
		owner = json_integer_value(json_object_get(row, "user_id"));
		revoked = json_integer_value(json_object_get(row, "revoked"));
		json_decref(row);
	}
	/* Someone else's token does not exist for this actor; an admin may
	 * revoke any (a provider's system that leaked its token). */
	if (!owner || (owner != cx->actor->user_id && cx->actor->role != ROLE_ADMIN))
		return kverr_set(e, KVERR_NOT_FOUND, "not_found", "token_id",
				 "No such token.");
	if (revoked)
		return kverr_set(e, KVERR_CONFLICT, "already_revoked", "token_id",
				 "The token is already revoked.");
	if (db_run(cx->db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
		   "ii", e, cx->now, id) ||
	    app_audit(cx, "token.revoke", "api_token", id, NULL, e))
		return -1;
	*out = json_pack("{s:I, s:I}", "id", (json_int_t)id, "revoked_at",
			 (json_int_t)cx->now);
	return 0;
}

/* C-1, C-5: the language a signed-in user chose is kept with the account,
 * so the pages speak it on their next visit from any browser. */
int app_user_lang_set(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e)
{
	static const char *const keys[] = { "lang", NULL };
	const char *lang;
	json_t *detail;
	int rc;

	if (app_require(cx, ROLE_ANY_USER, e) || in_object(in, keys, e) ||
	    in_string(in, "lang", true, 8, &lang, e))
		return -1;
	if (!lang_supported(lang))
		return kverr_set(e, KVERR_INVALID, "not_allowed", "lang",
				 "The language must be one of sv, en, ar, so, ti, fa.");
	if (db_run(cx->db, "UPDATE users SET lang = ? WHERE id = ?", "si", e,
		   lang, cx->actor->user_id))
		return -1;
	detail = json_pack("{s:s}", "lang", lang);
	rc = app_audit(cx, "user.lang", "user", cx->actor->user_id, detail, e);
	json_decref(detail);
	if (rc)
		return -1;
	*out = json_pack("{s:s}", "lang", lang);
	return 0;
}
