/*
 * page_jobseeker.c — the signed-in jobseeker's pages (issue 8 §1): my
 * track and why, my provider, choosing or changing provider with the
 * notice shown as dates (C-1, C-2, D-7), and what happens if I do not
 * choose (C-4).  The personnummer shows here only, masked YYYYMMDD-****,
 * as the use case gives it.
 *
 * Every fact comes from the use cases the JSON API serves:
 * app_jobseeker_get, app_assessments_list, app_choices_list,
 * app_choice_make, app_programme_get — as the signed-in jobseeker, who
 * may see and choose for themselves only.
 */
#include "http/page.h"
#include "app/journey.h"
#include "app/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *jobseeker_arg(const struct page *pg)
{
	return json_pack("{s:I}", "jobseeker_id", (json_int_t)pg->actor.jobseeker_id);
}

/* An account that is not linked to a jobseeker has nothing to show. */
static int no_record(struct page *pg)
{
	return pg_error_page(pg, 404, "me.no_record_title", "me.no_record");
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void today_str(const struct page *pg, char buf[DATE_STRLEN])
{
	date_format(app_civil_date(app_now(pg->app)), buf);
}

/* ----------------------------------------------------------- my page */

static void details(struct page *pg, const json_t *js)
{
	html_raw(&pg->out, "<section aria-labelledby=\"me-h\"><h2 id=\"me-h\">");
	pg_text(pg, "me.details");
	html_raw(&pg->out, "</h2><dl class=\"facts\"><dt>");
	pg_text(pg, "me.name");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, str(js, "given_name"));
	html_raw(&pg->out, " ");
	html_text(&pg->out, str(js, "family_name"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "me.personnummer");
	/* Masked by the use case: the birth date only. */
	/* Digits and a dash read left to right in Arabic and Persian too. */
	html_raw(&pg->out, "</dt><dd class=\"pnr\"><span dir=\"ltr\">");
	html_text(&pg->out, str(js, "personnummer_masked"));
	html_raw(&pg->out, "</span></dd><dt>");
	pg_text(pg, "me.municipality");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, str(js, "municipality_name"));
	html_raw(&pg->out, "</dd></dl></section>");
}

/* the track, and why, in plain words. */
static void track_why(struct page *pg, const json_t *a)
{
	const char *method = str(a, "method");
	const json_t *inputs = json_object_get(a, "inputs");
	char months[16];

	if (strcmp(method, "duration") == 0) {
		char since[80];

		pg_date_into(pg, str(inputs, "unemployed_since"), since, sizeof(since));
		snprintf(months, sizeof(months), "%lld", (long long)json_integer_value(
				 json_object_get(inputs, "months_unemployed")));
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "track.why_duration", "since", since, "months", months,
			 NULL);
		html_raw(&pg->out, "</p>");
	} else if (strcmp(method, "override") == 0) {
		html_raw(&pg->out, "<p>");
		pg_text(pg, "track.why_officer");
		html_raw(&pg->out, "</p><blockquote>");
		html_text(&pg->out, str(a, "reason"));
		html_raw(&pg->out, "</blockquote>");
	} else {
		pg_elem(pg, "p", "track.why_model");
	}
}

static void track(struct page *pg, const json_t *js, const json_t *assessments)
{
	json_t *last = json_array_get(assessments, json_array_size(assessments) - 1);
	json_int_t t = json_integer_value(json_object_get(js, "track"));
	char key[24], n[8];

	html_raw(&pg->out, "<section aria-labelledby=\"track-h\"><h2 id=\"track-h\">");
	pg_text(pg, "me.track_heading");
	html_raw(&pg->out, "</h2>");
	if (strcmp(str(js, "exemption"), "none") != 0) {
		pg_elem(pg, "p", "track.exempt");
	} else if (t < 1 || t > 4 || !last) {
		pg_elem(pg, "p", "track.none");
	} else {
		snprintf(n, sizeof(n), "%d", (int)t);
		snprintf(key, sizeof(key), "track.%d", (int)t);
		html_raw(&pg->out, "<p class=\"big\">");
		pg_textf(pg, "track.yours", "n", n, NULL);
		html_raw(&pg->out, "</p><p>");
		pg_text(pg, key);
		html_raw(&pg->out, "</p>");
		track_why(pg, last);
	}
	html_raw(&pg->out, "</section>");
}

/* The participation running today and one chosen to follow it. */
static void current_and_next(const json_t *js, const char *today,
			     const json_t **now, const json_t **next)
{
	json_t *p;
	size_t i;

	*now = *next = NULL;
	json_array_foreach(json_object_get(js, "participations"), i, p) {
		if (strcmp(str(p, "end_reason"), "cancelled") == 0 ||
		    strcmp(str(p, "ends_on"), today) < 0)
			continue;
		if (strcmp(str(p, "starts_on"), today) <= 0)
			*now = p;
		else if (!*next)
			*next = p;
	}
}

static void provider_section(struct page *pg, const json_t *js)
{
	const json_t *now, *next;
	char today[DATE_STRLEN];

	today_str(pg, today);
	current_and_next(js, today, &now, &next);
	html_raw(&pg->out, "<section aria-labelledby=\"prov-h\"><h2 id=\"prov-h\">");
	pg_text(pg, "me.provider_heading");
	html_raw(&pg->out, "</h2>");
	if (now) {
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "me.provider_now", "provider", str(now, "provider_name"),
			 NULL);
		html_raw(&pg->out, " ");
		pg_text(pg, "me.since");
		html_raw(&pg->out, " ");
		pg_date(pg, str(now, "starts_on"));
		html_raw(&pg->out, ".</p>");
		if (strcmp(str(now, "end_reason"), "notice") == 0) {
			html_raw(&pg->out, "<p>");
			pg_text(pg, "me.notice_given");
			html_raw(&pg->out, " ");
			pg_date(pg, str(now, "ends_on"));
			html_raw(&pg->out, ".</p>");
		}
		if (strcmp(str(now, "how"), "nonchoice") == 0)
			pg_elem(pg, "p", "me.assigned");
	} else if (!next) {
		pg_elem(pg, "p", "me.no_provider");
	}
	if (next) {
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "me.provider_next", "provider",
			 str(next, "provider_name"), NULL);
		html_raw(&pg->out, " ");
		pg_date(pg, str(next, "starts_on"));
		html_raw(&pg->out, ".</p>");
	}
	html_raw(&pg->out, "</section>");
}

/* C-4: the deadline and what the programme does when it passes. */
static void if_no_choice(struct page *pg, const char *due, int64_t programme)
{
	struct kverr e = { 0 };
	json_t *prog;
	char key[40];

	if (!due || !*due)
		return;
	html_raw(&pg->out, "<div class=\"notice\"><p><strong>");
	pg_text(pg, "choice.due");
	html_raw(&pg->out, " ");
	pg_date(pg, due);
	html_raw(&pg->out, ".</strong></p>");
	if (pg_app(pg, app_programme_get, false,
		   json_pack("{s:I}", "programme_id", (json_int_t)programme),
		   &prog, &e) == 0) {
		snprintf(key, sizeof(key), "choice.if_not.%s",
			 str(prog, "nonchoice_rule"));
		html_raw(&pg->out, "<p>");
		pg_text(pg, i18n_has(pg->i18n, "sv", key) ? key : "choice.if_not.best_rated");
		html_raw(&pg->out, "</p>");
		json_decref(prog);
	}
	html_raw(&pg->out, "</div>");
}

static int me_page(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *js, *as;
	const char *done = pg_query(pg, "done");

	pg->nav = "me";
	if (!pg->actor.jobseeker_id)
		return no_record(pg);
	if (pg_app(pg, app_jobseeker_get, false, jobseeker_arg(pg), &js, &e))
		return pg_fail(pg, &e);
	if (pg_app(pg, app_assessments_list, false, jobseeker_arg(pg), &as, &e)) {
		json_decref(js);
		return pg_fail(pg, &e);
	}
	pg_title(pg, "me.title", "name", str(js, "given_name"), NULL);
	if (done && strcmp(done, "choice") == 0) {
		html_raw(&pg->out, "<div class=\"notice success\" role=\"status\"><p>");
		pg_text(pg, "choice.saved");
		html_raw(&pg->out, "</p></div>");
	}
	if_no_choice(pg, str(js, "choice_due"),
		     json_integer_value(json_object_get(js, "programme_id")));
	provider_section(pg, js);
	if (strcmp(str(js, "exemption"), "none") == 0 &&
	    json_is_integer(json_object_get(js, "track"))) {
		html_raw(&pg->out, "<p><a class=\"button\" href=\"/me/choose\">");
		pg_text(pg, "me.choose_link");
		html_raw(&pg->out, "</a></p>");
	}
	track(pg, js, as);
	details(pg, js);
	json_decref(as);
	json_decref(js);
	return 0;
}

/* ------------------------------------------------------------ choose */

/* The choice as the use case offers it; NULL with the page rendered as
 * an explanation when there is nothing to choose (exempt, no track). */
static json_t *choices(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *out;

	if (!pg->actor.jobseeker_id) {
		no_record(pg);
		return NULL;
	}
	if (pg_app(pg, app_choices_list, false, jobseeker_arg(pg), &out, &e)) {
		pg_fail(pg, &e);
		return NULL;
	}
	return out;
}

static const json_t *offered(const json_t *ch, int64_t id, bool *current)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(ch, "providers"), i, p) {
		if (json_integer_value(json_object_get(p, "id")) != id)
			continue;
		*current = json_is_true(json_object_get(p, "current"));
		return p;
	}
	return NULL;
}

static const char *current_name(const json_t *ch)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(ch, "providers"), i, p)
		if (json_is_true(json_object_get(p, "current")))
			return str(p, "name");
	return NULL;
}

/* C-2: what a choice today means, in dates. */
static void dates(struct page *pg, const json_t *ch)
{
	char start[80], last[80], days[16];
	const char *cur = current_name(ch);

	pg_date_into(pg, str(ch, "earliest_start"), start, sizeof(start));
	html_raw(&pg->out, "<div class=\"notice dates\"><p>");
	if (json_is_integer(json_object_get(ch, "notice_days")) && cur) {
		pg_date_into(pg, str(ch, "notice_last_day"), last, sizeof(last));
		snprintf(days, sizeof(days), "%lld", (long long)json_integer_value(
				 json_object_get(ch, "notice_days")));
		pg_textf(pg, "choice.change_dates", "current", cur, "days", days,
			 "last", last, "start", start, NULL);
	} else {
		pg_textf(pg, "choice.start_dates", "start", start, NULL);
	}
	html_raw(&pg->out, "</p></div>");
}

/* A short description of an option, tied to its radio button. */
static void option_facts(struct page *pg, const json_t *p, const char *id)
{
	json_t *v;
	size_t i;
	bool any_accessible = false;

	html_raw(&pg->out, "<div class=\"choice-desc\"");
	html_attr(&pg->out, "id", id);
	html_raw(&pg->out, ">");
	pg_stars(pg, p);
	html_raw(&pg->out, "<p>");
	pg_text(pg, "provider.services");
	html_raw(&pg->out, ": ");
	json_array_foreach(json_object_get(p, "services"), i, v) {
		html_raw(&pg->out, i ? ", " : "");
		html_text(&pg->out, json_string_value(v));
	}
	html_raw(&pg->out, "</p><p>");
	pg_text(pg, "provider.languages");
	html_raw(&pg->out, ": ");
	json_array_foreach(json_object_get(p, "languages"), i, v) {
		html_raw(&pg->out, i ? ", " : "");
		html_text(&pg->out, pg_lang_name(pg, json_string_value(v)));
	}
	html_raw(&pg->out, "</p><p>");
	json_array_foreach(json_object_get(p, "locations"), i, v)
		any_accessible |= json_is_true(json_object_get(v, "accessible"));
	pg_text(pg, json_is_true(json_object_get(p, "digital_delivery")) ?
		"provider.digital_yes" : "provider.digital_no");
	html_raw(&pg->out, " ");
	pg_text(pg, any_accessible ? "choice.accessible_some" :
		"choice.accessible_none");
	html_raw(&pg->out, "</p></div>");
}

static void option(struct page *pg, const json_t *p, bool first, bool checked)
{
	long long id = (long long)json_integer_value(json_object_get(p, "id"));
	char rid[40], did[40];

	/* The first radio carries the field's id, so the error summary's
	 * link lands on the group. */
	if (first)
		snprintf(rid, sizeof(rid), "f-provider");
	else
		snprintf(rid, sizeof(rid), "f-provider-%lld", id);
	snprintf(did, sizeof(did), "p%lld-desc", id);
	html_raw(&pg->out, "<li class=\"choice\"><input type=\"radio\" name=\"provider\"");
	html_attr(&pg->out, "id", rid);
	html_attr_int(&pg->out, "value", id);
	html_attr(&pg->out, "aria-describedby", did);
	html_flag(&pg->out, "checked", checked);
	html_raw(&pg->out, "><label");
	html_attr(&pg->out, "for", rid);
	html_raw(&pg->out, ">");
	html_text(&pg->out, str(p, "name"));
	html_raw(&pg->out, "</label>");
	option_facts(pg, p, did);
	html_raw(&pg->out, "</li>");
}

static void choose_form(struct page *pg, const json_t *ch, const char *selected)
{
	json_t *p;
	size_t i;
	bool first = true;
	char idbuf[24];

	pg_form_open(pg, "post", "/me/choose", "choose-form");
	html_raw(&pg->out, "<fieldset");
	if (form_error_for(&pg->errors, "provider"))
		html_raw(&pg->out, " aria-describedby=\"f-provider-error\"");
	html_raw(&pg->out, "><legend>");
	pg_text(pg, "choice.legend");
	html_raw(&pg->out, "</legend>");
	pg_field_error(pg, "provider");
	html_raw(&pg->out, "<ul class=\"choices\">");
	json_array_foreach(json_object_get(ch, "providers"), i, p) {
		if (json_is_true(json_object_get(p, "current")))
			continue;   /* the one they have is not a choice */
		snprintf(idbuf, sizeof(idbuf), "%lld",
			 (long long)json_integer_value(json_object_get(p, "id")));
		option(pg, p, first, selected && strcmp(selected, idbuf) == 0);
		first = false;
	}
	html_raw(&pg->out, "</ul></fieldset>");
	if (first)
		pg_elem(pg, "p", "choice.nothing_else");
	else
		pg_button(pg, "choice.continue", NULL);
	pg_form_close(pg);
}

static int render_choose(struct page *pg, json_t *ch, const char *selected)
{
	const char *cur = current_name(ch);

	pg->nav = "choose";
	pg_title(pg, cur ? "choice.change_title" : "choice.title", NULL);
	pg_error_summary(pg);
	if (cur) {
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "me.provider_now", "provider", cur, NULL);
		html_raw(&pg->out, "</p>");
	}
	pg_elem(pg, "p", "choice.lead");
	dates(pg, ch);
	choose_form(pg, ch, selected);
	return 0;
}

static int choose_page(struct page *pg)
{
	json_t *ch = choices(pg);
	int rc;

	if (!ch)
		return 0;
	rc = render_choose(pg, ch, pg_query(pg, "provider"));
	json_decref(ch);
	return rc;
}

/* The chosen option after a POST, or 0 with the field error set. */
static int64_t picked(struct page *pg, const json_t *ch, const json_t **p)
{
	const char *v = form_get(&pg->form, "provider");
	char *end;
	long long id = v ? strtoll(v, &end, 10) : 0;
	bool current = false;

	*p = v && *v && !*end && id > 0 ? offered(ch, id, &current) : NULL;
	if (!*p || current) {
		form_error_add(&pg->errors, "provider", "error.choose_one");
		*p = NULL;
		return 0;
	}
	return id;
}

/* Step two: the choice and its dates, to confirm. */
static int choose_post(struct page *pg)
{
	json_t *ch = choices(pg);
	const json_t *p;
	int64_t id;
	char idbuf[24];

	if (!ch)
		return 0;
	id = picked(pg, ch, &p);
	if (!id) {
		pg->status = 422;
		render_choose(pg, ch, NULL);
		json_decref(ch);
		return 0;
	}
	pg->nav = "choose";
	pg_title(pg, "choice.confirm_title", NULL);
	html_raw(&pg->out, "<p class=\"big\">");
	pg_textf(pg, "choice.confirm_lead", "provider", str(p, "name"), NULL);
	html_raw(&pg->out, "</p>");
	dates(pg, ch);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	pg_form_open(pg, "post", "/me/choose/confirm", "actions");
	pg_hidden(pg, "provider", idbuf);
	pg_button(pg, "choice.confirm", NULL);
	html_raw(&pg->out, " <a class=\"button secondary\" href=\"/me/choose?provider=");
	html_int(&pg->out, id);
	html_raw(&pg->out, "\">");
	pg_text(pg, "choice.back");
	html_raw(&pg->out, "</a>");
	pg_form_close(pg);
	json_decref(ch);
	return 0;
}

/* C-1, D-7: the choice is made; the provider cannot refuse it. */
static int choose_confirm(struct page *pg)
{
	json_t *ch = choices(pg), *out;
	const json_t *p;
	struct kverr e = { 0 };
	int64_t id;

	if (!ch)
		return 0;
	id = picked(pg, ch, &p);
	if (id && pg_app(pg, app_choice_make, true,
			 json_pack("{s:I, s:I}", "jobseeker_id",
				   (json_int_t)pg->actor.jobseeker_id,
				   "provider_id", (json_int_t)id), &out, &e) == 0) {
		json_decref(out);
		json_decref(ch);
		pg_redirect(pg, "/me?done=choice");
		return 0;
	}
	if (id)
		form_error_from(&pg->errors, &e, "provider");
	pg->status = id ? kverr_http_status(e.cls) : 422;
	render_choose(pg, ch, NULL);
	json_decref(ch);
	return 0;
}

/* ------------------------------------------------------------- table */

const struct web_page page_jobseeker_pages[] = {
	{ "GET", "/me", ROLE_JOBSEEKER, me_page },
	{ "GET", "/me/choose", ROLE_JOBSEEKER, choose_page },
	{ "POST", "/me/choose", ROLE_JOBSEEKER, choose_post },
	{ "POST", "/me/choose/confirm", ROLE_JOBSEEKER, choose_confirm },
	{ NULL, NULL, 0, NULL }
};
