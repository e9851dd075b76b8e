/*
 * auth.h — accounts, sign-in sessions and API tokens.
 *
 * Passwords are argon2id hashes (libsodium's crypto_pwhash_str at the
 * interactive limits it recommends).  A session cookie and an API token are
 * 32 random bytes shown once; only their BLAKE2b hash is stored, so a copy
 * of the database signs nobody in.
 */
#ifndef AUTH_H
#define AUTH_H

#include "app/app.h"

#define AUTH_TOKEN_HEX 65

int auth_init(void);   /* sodium_init; 0 or -1 */

/* Who holds this session cookie / bearer token right now?  Fills actor;
 * ROLE_NONE (the public) when the token is unknown or expired. */
int auth_resolve_session(struct app *app, const char *token,
			 struct actor *actor, struct kverr *e);
int auth_resolve_bearer(struct app *app, const char *token,
			struct actor *actor, struct kverr *e);

/* The account with this user name, for commands an operator runs on the
 * server in a named user's role (kundval payrun --as).  An unknown name
 * leaves actor->role ROLE_NONE. */
int auth_resolve_username(struct app *app, const char *username,
			  struct actor *actor, struct kverr *e);

/* Use cases (see app.h for the shape). */
int app_user_add(struct app_ctx *cx, json_t *in, json_t **out, struct kverr *e);
int app_session_create(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_session_delete(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e);
int app_token_create(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_tokens_list(struct app_ctx *cx, json_t *in, json_t **out,
		    struct kverr *e);
int app_token_revoke(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e);
int app_me(struct app_ctx *cx, json_t *in, json_t **out, struct kverr *e);
/* The signed-in user's language (users.lang): {lang}. */
int app_user_lang_set(struct app_ctx *cx, json_t *in, json_t **out,
		      struct kverr *e);

/* Open a session for user_id inside the caller's transaction; token gets
 * the cookie value (only its hash is stored).  Shared by the password
 * sign-in and the one-time code (onetime.c). */
int auth_session_insert(struct app_ctx *cx, int64_t user_id,
			char token[AUTH_TOKEN_HEX], struct kverr *e);

/* Insert a user inside the caller's transaction, validating everything;
 * shared by app_user_add and provider registration. */
int auth_insert_user(struct app_ctx *cx, const json_t *user, const char *role,
		     int64_t provider_id, int64_t *id, struct kverr *e);

#endif
