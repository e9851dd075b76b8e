/*
 * page_account.c — signing in and out, and the language (issue 8 §1, §4):
 * a jobseeker signs in with their personnummer and a one-time code
 * (app/onetime.c; the code is on screen in a demo database only), staff
 * with user name and password (the same use case as POST
 * /api/v1/session).  The language switch every page carries posts here;
 * the choice is kept in a cookie and, when signed in, with the account.
 */
#include "http/page.h"
#include "app/auth.h"
#include "app/onetime.h"
#include "core/lang.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

#define SESSION_COOKIE_SET "kv_session=%s; Path=/; HttpOnly; SameSite=Strict;" \
	" Max-Age=%d"
#define LANG_COOKIE_SET "kv_lang=%s; Path=/; SameSite=Strict; Max-Age=31536000"

/* ----------------------------------------------------------- sign-in */

static void personnummer_form(struct page *pg, const char *back)
{
	struct pg_input pnr = { .name = "personnummer",
				.label_key = "signin.personnummer",
				.hint_key = "signin.personnummer_hint",
				.value = form_get(&pg->form, "personnummer"),
				.autocomplete = "off", .inputmode = "numeric",
				.maxlength = 13, .required = true };

	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"js-h\">"
		 "<h2 id=\"js-h\">");
	pg_text(pg, "signin.jobseeker_heading");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", "/sign-in/code-request", "stack");
	pg_hidden(pg, "back", back);
	pg_input(pg, &pnr);
	pg_button(pg, "signin.get_code", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void password_form(struct page *pg, const char *back)
{
	struct pg_input user = { .name = "username", .label_key = "signin.username",
				 .value = form_get(&pg->form, "username"),
				 .autocomplete = "username",
				 .maxlength = LIMIT_USERNAME, .required = true };
	struct pg_input pass = { .name = "password", .label_key = "signin.password",
				 .type = "password",
				 .autocomplete = "current-password",
				 .maxlength = LIMIT_PASSWORD_MAX, .required = true };

	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"staff-h\">"
		 "<h2 id=\"staff-h\">");
	pg_text(pg, "signin.staff_heading");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", "/sign-in/password", "stack");
	pg_hidden(pg, "back", back);
	pg_input(pg, &user);
	pg_input(pg, &pass);
	pg_button(pg, "signin.sign_in", "secondary");
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static const char *back_of(const struct page *pg)
{
	const char *b = strcmp(pg->method, "POST") == 0 ?
			form_get(&pg->form, "back") : pg_query(pg, "back");

	return pg_safe_back(b, "");
}

static int signin_page(struct page *pg)
{
	const char *back = back_of(pg);

	pg->nav = "sign-in";
	pg_title(pg, "signin.title", NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "signin.lead");
	html_raw(&pg->out, "<div class=\"columns\">");
	personnummer_form(pg, back);
	password_form(pg, back);
	html_raw(&pg->out, "</div>");
	return 0;
}

/* The second step: the code, entered against the ticket. */
static void code_form(struct page *pg, const char *ticket, const char *code,
		      const char *channel)
{
	struct pg_input in = { .name = "code", .label_key = "signin.code",
			       .hint_key = "signin.code_hint",
			       .autocomplete = "one-time-code",
			       .inputmode = "numeric", .maxlength = 6,
			       .required = true };

	pg->nav = "sign-in";
	pg_title(pg, "signin.code_title", NULL);
	pg_error_summary(pg);
	if (code) {
		/* The demo only: the authority's channel is this screen. */
		html_raw(&pg->out, "<div class=\"notice demo\" role=\"status\"><p>");
		pg_textf(pg, "signin.demo_code", "code", code, NULL);
		html_raw(&pg->out, "</p></div>");
	} else if (channel) {
		pg_elem(pg, "p", "signin.code_sent");
	}
	pg_form_open(pg, "post", "/sign-in/code", "stack");
	pg_hidden(pg, "ticket", ticket);
	pg_hidden(pg, "back", back_of(pg));
	pg_input(pg, &in);
	pg_button(pg, "signin.sign_in", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "<p><a href=\"/sign-in\">");
	pg_text(pg, "signin.new_code");
	html_raw(&pg->out, "</a></p>");
}

static int code_request(struct page *pg)
{
	char pnr[24];
	struct kverr e = { 0 };
	json_t *out;
	int rc;

	if (!form_trimmed(&pg->form, "personnummer", pnr, sizeof(pnr)))
		form_error_add(&pg->errors, "personnummer", "error.pnr_missing");
	else if (pg_app(pg, app_onetime_request, true,
			json_pack("{s:s}", "personnummer", pnr), &out, &e))
		form_error_from(&pg->errors, &e, "personnummer");
	if (pg->errors.n) {
		pg->status = 422;
		return signin_page(pg);
	}
	code_form(pg, json_string_value(json_object_get(out, "ticket")),
		  json_string_value(json_object_get(out, "code")),
		  json_string_value(json_object_get(out, "channel")));
	rc = 0;
	json_decref(out);
	return rc;
}

/* After signing in: the session cookie, and the language — the one
 * chosen in this browser is kept with the account; without one, the
 * account's language becomes this browser's. */
static void signed_in(struct page *pg, const char *token, const json_t *user)
{
	const char *chosen = MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
							 "kv_lang");
	const char *theirs = json_string_value(json_object_get(user, "lang"));
	const char *role = json_string_value(json_object_get(user, "role"));
	char cookie[300];
	struct kverr e = { 0 };
	json_t *out;

	snprintf(cookie, sizeof(cookie), SESSION_COOKIE_SET, token,
		 LIMIT_SESSION_SECONDS);
	pg_cookie(pg, cookie);
	if (chosen && lang_supported(chosen)) {
		if (!theirs || strcmp(chosen, theirs) != 0) {
			auth_resolve_session(pg->app, token, &pg->actor, &e);
			if (pg_app(pg, app_user_lang_set, true,
				   json_pack("{s:s}", "lang", chosen), &out, &e) == 0)
				json_decref(out);
		}
	} else if (theirs && lang_supported(theirs)) {
		snprintf(cookie, sizeof(cookie), LANG_COOKIE_SET, theirs);
		pg_cookie(pg, cookie);
	}
	if (*back_of(pg))
		pg_redirect(pg, back_of(pg));
	else
		pg_redirect(pg, role && strcmp(role, "jobseeker") == 0 ? "/me" : "/");
}

static int code_verify(struct page *pg)
{
	const char *ticket = form_get(&pg->form, "ticket");
	char code[16];
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (!form_trimmed(&pg->form, "code", code, sizeof(code)))
		form_error_add(&pg->errors, "code", "error.code_missing");
	else if (pg_app(pg, app_onetime_verify, true,
			json_pack("{s:s, s:s}", "ticket", ticket ? ticket : "",
				  "code", code), &out, &e))
		form_error_from(&pg->errors, &e, "code");
	else if (!json_is_true(json_object_get(out, "signed_in"))) {
		char key[64];

		snprintf(key, sizeof(key), "error.%s",
			 json_string_value(json_object_get(out, "reason")));
		form_error_add(&pg->errors, "code", key);
	}
	if (pg->errors.n) {
		json_decref(out);
		pg->status = 422;
		code_form(pg, ticket ? ticket : "", NULL, NULL);
		return 0;
	}
	signed_in(pg, json_string_value(json_object_get(out, "token")),
		  json_object_get(out, "user"));
	json_decref(out);
	return 0;
}

static int password_signin(struct page *pg)
{
	char user[LIMIT_USERNAME + 1];
	const char *pass = form_get(&pg->form, "password");
	struct kverr e = { 0 };
	json_t *out = NULL;

	if (!form_trimmed(&pg->form, "username", user, sizeof(user)))
		form_error_add(&pg->errors, "username", "error.username_missing");
	if (!pass || !*pass)
		form_error_add(&pg->errors, "password", "error.password_missing");
	if (!pg->errors.n && pg_app(pg, app_session_create, true,
				    json_pack("{s:s, s:s}", "username", user,
					      "password", pass), &out, &e))
		form_error_from(&pg->errors, &e, "password");
	if (pg->errors.n) {
		pg->status = 422;
		return signin_page(pg);
	}
	signed_in(pg, json_string_value(json_object_get(out, "token")),
		  json_object_get(out, "user"));
	json_decref(out);
	return 0;
}

static int sign_out(struct page *pg)
{
	const char *s = MHD_lookup_connection_value(pg->conn, MHD_COOKIE_KIND,
						    "kv_session");
	struct kverr e = { 0 };
	json_t *out;

	if (s && pg_app(pg, app_session_delete, true,
			json_pack("{s:s}", "token", s), &out, &e) == 0)
		json_decref(out);
	pg_cookie(pg, "kv_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	pg_redirect(pg, "/");
	return 0;
}

/* ---------------------------------------------------------- language */

/* C-1, C-5: the language is remembered in a cookie and, for a signed-in
 * user, with the account. */
static int lang_set(struct page *pg)
{
	const char *lang = form_get(&pg->form, "lang");
	char cookie[120];
	struct kverr e = { 0 };
	json_t *out;

	if (!lang || !lang_supported(lang))
		return pg_error_page(pg, 422, "error.title", "error.not_allowed");
	snprintf(cookie, sizeof(cookie), LANG_COOKIE_SET, lang);
	pg_cookie(pg, cookie);
	if (pg->actor.role != ROLE_NONE &&
	    pg_app(pg, app_user_lang_set, true, json_pack("{s:s}", "lang", lang),
		   &out, &e) == 0)
		json_decref(out);
	pg_redirect(pg, pg_safe_back(form_get(&pg->form, "back"), "/"));
	return 0;
}

/* ------------------------------------------------------------- table */

const struct web_page page_account_pages[] = {
	{ "GET", "/sign-in", 0, signin_page },
	{ "POST", "/sign-in/code-request", 0, code_request },
	{ "POST", "/sign-in/code", 0, code_verify },
	{ "POST", "/sign-in/password", 0, password_signin },
	{ "POST", "/sign-out", ROLE_ANY_USER, sign_out },
	{ "POST", "/lang", 0, lang_set },
	{ NULL, NULL, 0, NULL }
};
