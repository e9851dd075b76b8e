/*
 * page_provider.c — the provider staff's pages (issue 8 §2): my
 * participants, each participant's page with the action plan, monthly
 * reports and meeting compliance (D-3, D-5), deviation reports (D-6),
 * outcome claims (P-6 … P-8) and reassessment requests; the
 * shared helpers of page_provider_*.c; and the page table.
 *
 * Staff see their own provider's participants only: the use cases
 * (participation_load, app_participations_list) hide every other
 * provider's, so a page never filters by provider itself.  Names and
 * the jobseeker's reference (JS-000123) show, never a personnummer.
 */
#include "page_provider.h"
#include "app/journey.h"
#include "core/date.h"
#include "core/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

const char *pv_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

int64_t pv_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

void pv_today(const struct page *pg, char buf[DATE_STRLEN])
{
	date_format(app_civil_date(app_now(pg->app)), buf);
}

void pv_month_into(const struct page *pg, const char *ym, char *buf,
		   size_t size)
{
	month_t m;
	int y, mo, d;
	char key[16], year[8];
	const char *args[5];
	struct strbuf sb = STRBUF_INIT;

	if (!ym || month_parse(ym, &m)) {
		snprintf(buf, size, "%s", ym ? ym : "");
		return;
	}
	date_to_ymd(month_first_day(m), &y, &mo, &d);
	snprintf(key, sizeof(key), "month.%d", mo);
	snprintf(year, sizeof(year), "%d", y);
	args[0] = "month"; args[1] = pg_t(pg, key);
	args[2] = "year"; args[3] = year;
	args[4] = NULL;
	/* The caller escapes; the month names are plain text. */
	for (const char *p = pg_t(pg, "prov.month_format"); *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const char *v = NULL;

		for (int i = 0; close && args[i]; i += 2)
			if (strlen(args[i]) == (size_t)(close - p - 1) &&
			    !memcmp(args[i], p + 1, (size_t)(close - p - 1)))
				v = args[i + 1];
		if (v) {
			strbuf_adds(&sb, v);
			p = close;
		} else {
			strbuf_add(&sb, p, 1);
		}
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

void pv_month(struct page *pg, const char *ym)
{
	char buf[80];

	pv_month_into(pg, ym, buf, sizeof(buf));
	html_raw(&pg->out, "<time");
	html_attr(&pg->out, "datetime", ym);
	html_raw(&pg->out, ">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</time>");
}

void pv_money(struct page *pg, int64_t ore)
{
	char buf[MONEY_STRLEN];

	money_format(ore, buf);
	html_raw(&pg->out, "<span class=\"num\" dir=\"ltr\">");
	html_text(&pg->out, buf);
	html_raw(&pg->out, "</span>");
}

void pv_date_or_dash(struct page *pg, const char *ymd)
{
	if (ymd && *ymd)
		pg_date(pg, ymd);
	else
		html_raw(&pg->out, "–");
}

void pv_code(struct page *pg, const char *prefix, const char *value)
{
	char key[96];

	snprintf(key, sizeof(key), "%s.%s", prefix, value ? value : "");
	if (value && *value && i18n_has(pg->i18n, "sv", key))
		pg_text(pg, key);
	else
		html_text(&pg->out, value ? value : "");
}

void pv_table_open(struct page *pg, const char *caption_key,
		   const char *const *cols)
{
	/* A labelled region that can take focus: a keyboard user can
	 * scroll a wide table (WCAG 2.1.1); the page does not move. */
	html_raw(&pg->out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"");
	html_attr(&pg->out, "aria-label", pg_t(pg, caption_key));
	html_raw(&pg->out, "><table class=\"data\"><caption>");
	pg_text(pg, caption_key);
	html_raw(&pg->out, "</caption><thead><tr>");
	for (int i = 0; cols[i]; i++) {
		html_raw(&pg->out, "<th scope=\"col\">");
		pg_text(pg, cols[i]);
		html_raw(&pg->out, "</th>");
	}
	html_raw(&pg->out, "</tr></thead><tbody>");
}

void pv_table_close(struct page *pg)
{
	html_raw(&pg->out, "</tbody></table></div>");
}

void pv_done_notice(struct page *pg)
{
	const char *done = pg_query(pg, "done");
	char key[64];

	if (!done || strlen(done) > 30 ||
	    strspn(done, "abcdefghijklmnopqrstuvwxyz_") != strlen(done))
		return;
	snprintf(key, sizeof(key), "prov.done.%s", done);
	if (!i18n_has(pg->i18n, "sv", key))
		return;
	html_raw(&pg->out, "<div class=\"notice success\" role=\"status\"><p>");
	pg_text(pg, key);
	html_raw(&pg->out, "</p></div>");
}

void pv_radios(struct page *pg, const char *name, const char *legend_key,
	       const struct pg_option *opts, int n, const char *checked)
{
	bool err = form_error_for(&pg->errors, name) != NULL;

	html_raw(&pg->out, "<fieldset class=\"field\"");
	if (err)
		strbuf_addf(&pg->out, " aria-describedby=\"f-%s-error\"", name);
	html_raw(&pg->out, "><legend>");
	pg_text(pg, legend_key);
	html_raw(&pg->out, "</legend>");
	pg_field_error(pg, name);
	for (int i = 0; i < n; i++) {
		/* The first carries the field's id: the error summary's link
		 * lands on the group. */
		html_raw(&pg->out, "<div class=\"check\"><input type=\"radio\"");
		if (i == 0)
			strbuf_addf(&pg->out, " id=\"f-%s\"", name);
		else
			strbuf_addf(&pg->out, " id=\"f-%s-%d\"", name, i);
		html_attr(&pg->out, "name", name);
		html_attr(&pg->out, "value", opts[i].value);
		html_flag(&pg->out, "checked", checked &&
			  strcmp(checked, opts[i].value) == 0);
		if (i == 0)
			strbuf_addf(&pg->out, "><label for=\"f-%s\">", name);
		else
			strbuf_addf(&pg->out, "><label for=\"f-%s-%d\">", name, i);
		pg_text(pg, opts[i].label);
		html_raw(&pg->out, "</label></div>");
	}
	html_raw(&pg->out, "</fieldset>");
}

void pv_form_error(struct page *pg, const struct kverr *e,
		   const char *const *fields, const char *fallback)
{
	const char *field = fallback;
	char key[64];

	for (int i = 0; fields && fields[i]; i++)
		if (strcmp(fields[i], e->field) == 0)
			field = fields[i];
	snprintf(key, sizeof(key), "prov.error.%s", e->code);
	form_error_add(&pg->errors, field,
		       i18n_has(pg->i18n, "sv", key) ? key : "prov.error.generic");
}

json_t *pv_participation(struct page *pg, int64_t id)
{
	struct kverr e = { 0 };
	json_t *p;

	if (pg_app(pg, app_participation_get, false,
		   json_pack("{s:I}", "participation_id", (json_int_t)id), &p, &e)) {
		pg_fail(pg, &e);
		return NULL;
	}
	return p;
}

void pv_back_to_participant(struct page *pg, int64_t id)
{
	html_raw(&pg->out, "<p><a href=\"/provider/participants/");
	html_int(&pg->out, id);
	html_raw(&pg->out, "\">");
	pg_text(pg, "prov.back_to_participant");
	html_raw(&pg->out, "</a></p>");
}

void pv_ref(struct page *pg, const char *ref)
{
	html_raw(&pg->out, "<span class=\"num\" dir=\"ltr\">");
	html_text(&pg->out, ref);
	html_raw(&pg->out, "</span>");
}

void pv_name(struct page *pg, const json_t *p)
{
	html_text(&pg->out, pv_str(p, "given_name"));
	html_raw(&pg->out, " ");
	html_text(&pg->out, pv_str(p, "family_name"));
}

int64_t pv_whole(const char *s, int64_t max)
{
	char *end;
	long long v;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9' || strlen(s) > 12)
		return -1;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	return *end || v > max ? -1 : (int64_t)v;
}

json_t *pv_list_of(struct page *pg, app_usecase_fn fn, int64_t id)
{
	struct kverr e = { 0 };
	json_t *rows;

	if (pg_app(pg, fn, false, json_pack("{s:I}", "participation_id",
					    (json_int_t)id), &rows, &e))
		return NULL;
	return rows;
}

void pv_section_open(struct page *pg, const char *id, const char *key)
{
	html_raw(&pg->out, "<section");
	html_attr(&pg->out, "aria-labelledby", id);
	html_raw(&pg->out, "><h2");
	html_attr(&pg->out, "id", id);
	html_raw(&pg->out, ">");
	pg_text(pg, key);
	html_raw(&pg->out, "</h2>");
}

const char *pv_required(struct page *pg, const char *name, char *buf,
			size_t size)
{
	const char *v = form_get(&pg->form, name);

	if (!form_trimmed(&pg->form, name, buf, size)) {
		form_error_add(&pg->errors, name, "prov.error.required");
		return NULL;
	}
	if (strlen(v) >= size) {
		form_error_add(&pg->errors, name, "prov.error.too_long");
		return NULL;
	}
	return buf;
}

const char *pv_date_field(struct page *pg, const char *name, bool needed,
			  char *buf, size_t size)
{
	date_t d;

	if (!form_trimmed(&pg->form, name, buf, size)) {
		if (needed)
			form_error_add(&pg->errors, name, "prov.error.required");
		return NULL;
	}
	if (strlen(buf) != DATE_STRLEN - 1 || date_parse(buf, &d)) {
		form_error_add(&pg->errors, name, "prov.error.not_a_date");
		return NULL;
	}
	return buf;
}

int pv_again(struct page *pg, pv_form_fn form, int64_t id)
{
	json_t *p = pv_participation(pg, id);

	if (!p)
		return 0;
	pg->status = 422;
	form(pg, id, p);
	json_decref(p);
	return 0;
}

void pv_to_participant(struct page *pg, int64_t id, const char *done)
{
	char path[96];

	snprintf(path, sizeof(path), "/provider/participants/%lld?done=%s",
		 (long long)id, done);
	pg_redirect(pg, path);
}

/* ----------------------------------------------------- my participants */

/* Where the participation stands today. */
static const char *state_of(const json_t *p, const char *today)
{
	if (strcmp(pv_str(p, "end_reason"), "cancelled") == 0)
		return "cancelled";
	if (strcmp(pv_str(p, "starts_on"), today) > 0)
		return "coming";
	if (strcmp(pv_str(p, "ends_on"), today) < 0)
		return "ended";
	return "running";
}

static void participant_row(struct page *pg, const json_t *p, const char *today)
{
	html_raw(&pg->out, "<tr><th scope=\"row\"><a href=\"/provider/participants/");
	html_int(&pg->out, pv_int(p, "id"));
	html_raw(&pg->out, "\">");
	pv_name(pg, p);
	html_raw(&pg->out, "</a></th><td>");
	pv_ref(pg, pv_str(p, "ref"));
	html_raw(&pg->out, "</td><td>");
	html_int(&pg->out, pv_int(p, "track"));
	html_raw(&pg->out, "</td><td>");
	pg_date(pg, pv_str(p, "starts_on"));
	html_raw(&pg->out, "</td><td>");
	pg_date(pg, pv_str(p, "ends_on"));
	html_raw(&pg->out, "</td><td>");
	if (*pv_str(p, "supervisor"))
		html_text(&pg->out, pv_str(p, "supervisor"));
	else
		pg_text(pg, "prov.no_supervisor");
	html_raw(&pg->out, "</td><td>");
	pv_code(pg, "prov.state", state_of(p, today));
	html_raw(&pg->out, "</td></tr>");
}

/* U-4: the planning meetings that are late, as something to do. */
static void overdue(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *rows, *r;
	size_t i;

	if (pg_app(pg, app_planning_overdue, false, json_object(), &rows, &e) ||
	    json_array_size(rows) == 0) {
		json_decref(rows);
		return;
	}
	html_raw(&pg->out, "<div class=\"notice\"><h2>");
	pg_text(pg, "prov.overdue_heading");
	html_raw(&pg->out, "</h2><p>");
	pg_text(pg, "prov.overdue_lead");
	html_raw(&pg->out, "</p><ul>");
	json_array_foreach(rows, i, r) {
		char days[16];

		if (i >= 20)
			break;
		snprintf(days, sizeof(days), "%lld", (long long)pv_int(r, "days_overdue"));
		html_raw(&pg->out, "<li><a href=\"/provider/participants/");
		html_int(&pg->out, pv_int(r, "participation_id"));
		html_raw(&pg->out, "\">");
		pv_ref(pg, pv_str(r, "ref"));
		html_raw(&pg->out, "</a>: ");
		pg_textf(pg, "prov.overdue_days", "days", days, NULL);
		html_raw(&pg->out, "</li>");
	}
	html_raw(&pg->out, "</ul></div>");
	json_decref(rows);
}

static int participants_page(struct page *pg)
{
	static const char *const cols[] = { "prov.col.name", "prov.col.ref",
					    "prov.col.track", "prov.col.starts",
					    "prov.col.ends", "prov.col.supervisor",
					    "prov.col.state", NULL };
	static const struct pg_option shows[] = {
		{ "current", "prov.show_current" }, { "all", "prov.show_all" } };
	const char *show = pg_query(pg, "show");
	bool all = show && strcmp(show, "all") == 0;
	char today[DATE_STRLEN];
	struct kverr e = { 0 };
	json_t *rows, *p, *in = json_object();
	size_t i, n = 0;

	pg->nav = "prov-participants";
	pv_today(pg, today);
	if (!all)
		json_object_set_new(in, "active_on", json_string(today));
	if (pg_app(pg, app_participations_list, false, in, &rows, &e))
		return pg_fail(pg, &e);
	pg_title(pg, "prov.participants_title", NULL);
	pg_elem(pg, "p", "prov.participants_lead");
	overdue(pg);
	pg_form_open(pg, "get", "/provider/participants", "filter-row");
	pg_select(pg, "show", "prov.show_label", shows, 2, all ? "all" : "current",
		  false);
	pg_button(pg, "prov.show_button", "secondary");
	pg_form_close(pg);
	json_array_foreach(rows, i, p)
		n += strcmp(pv_str(p, "end_reason"), "cancelled") != 0 || all;
	if (n == 0) {
		pg_elem(pg, "p", "prov.no_participants");
		json_decref(rows);
		return 0;
	}
	pv_table_open(pg, all ? "prov.participants_all" : "prov.participants_current",
		      cols);
	json_array_foreach(rows, i, p)
		if (all || strcmp(pv_str(p, "end_reason"), "cancelled") != 0)
			participant_row(pg, p, today);
	pv_table_close(pg);
	json_decref(rows);
	return 0;
}

/* ------------------------------------------------------ one participant */

static void fact(struct page *pg, const char *key)
{
	html_raw(&pg->out, "<dt>");
	pg_text(pg, key);
	html_raw(&pg->out, "</dt><dd>");
}

static void facts(struct page *pg, const json_t *p, const char *today)
{
	const json_t *notice = json_object_get(p, "notice");
	char n[8];

	html_raw(&pg->out, "<section aria-labelledby=\"facts-h\"><h2 id=\"facts-h\">");
	pg_text(pg, "prov.facts_heading");
	html_raw(&pg->out, "</h2><dl class=\"facts\">");
	fact(pg, "prov.col.ref");
	pv_ref(pg, pv_str(p, "ref"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "prov.col.track");
	snprintf(n, sizeof(n), "%lld", (long long)pv_int(p, "track"));
	pg_textf(pg, "prov.track_n", "n", n, NULL);
	html_raw(&pg->out, "</dd>");
	fact(pg, "prov.how");
	pv_code(pg, "prov.how", pv_str(p, "how"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "prov.col.starts");
	pg_date(pg, pv_str(p, "starts_on"));
	html_raw(&pg->out, "</dd>");
	fact(pg, strcmp(pv_str(p, "ends_on"), today) < 0 ? "prov.ended_on" :
	     "prov.ends_on");
	pg_date(pg, pv_str(p, "ends_on"));
	html_raw(&pg->out, " (");
	pv_code(pg, "prov.end_reason", pv_str(p, "end_reason"));
	html_raw(&pg->out, ")</dd>");
	if (json_is_object(notice)) {
		fact(pg, "prov.notice");
		pg_date(pg, pv_str(notice, "given_on"));
		html_raw(&pg->out, "</dd>");
	}
	fact(pg, "prov.col.supervisor");
	if (*pv_str(p, "supervisor"))
		html_text(&pg->out, pv_str(p, "supervisor"));
	else
		pg_text(pg, "prov.no_supervisor");
	html_raw(&pg->out, "</dd>");
	/* U-4: held, or the day it is due. */
	fact(pg, "prov.planning");
	if (*pv_str(p, "planning_meeting_on")) {
		pg_text(pg, "prov.planning_held");
		html_raw(&pg->out, " ");
		pg_date(pg, pv_str(p, "planning_meeting_on"));
	} else {
		pg_text(pg, "prov.planning_due");
		html_raw(&pg->out, " ");
		pg_date(pg, pv_str(p, "planning_meeting_due"));
	}
	html_raw(&pg->out, "</dd></dl></section>");
}

/* What the staff member can do for this participant. */
static void actions(struct page *pg, int64_t id, bool running)
{
	static const struct { const char *path, *key; bool while_running; } a[] = {
		{ "report", "prov.action.report", false },
		{ "plan", "prov.action.plan", true },
		{ "deviation", "prov.action.deviation", false },
		{ "outcome", "prov.action.outcome", false },
		{ "reassessment", "prov.action.reassessment", true },
	};

	html_raw(&pg->out, "<nav class=\"actions-nav\"");
	html_attr(&pg->out, "aria-label", pg_t(pg, "prov.actions_label"));
	html_raw(&pg->out, "><ul class=\"action-list\">");
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		if (a[i].while_running && !running)
			continue;
		html_raw(&pg->out, "<li><a class=\"button secondary\" href=\"/provider/participants/");
		html_int(&pg->out, id);
		html_raw(&pg->out, "/");
		html_raw(&pg->out, a[i].path);
		html_raw(&pg->out, "\">");
		pg_text(pg, a[i].key);
		html_raw(&pg->out, "</a></li>");
	}
	html_raw(&pg->out, "</ul></nav>");
}

static int participant_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);
	char today[DATE_STRLEN];
	bool running;

	if (!p)
		return 0;
	pg->nav = "prov-participants";
	pv_today(pg, today);
	running = strcmp(pv_str(p, "ends_on"), today) >= 0 &&
		  strcmp(pv_str(p, "end_reason"), "cancelled") != 0;
	pg_title(pg, "prov.participant_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pv_done_notice(pg);
	actions(pg, id, running);
	facts(pg, p, today);
	json_decref(p);
	pv_plan_section(pg, id);
	pv_reports_section(pg, id);
	pv_deviations_section(pg, id);
	pv_outcomes_section(pg, id);
	pv_requests_section(pg, id);
	html_raw(&pg->out, "<p><a href=\"/provider/participants\">");
	pg_text(pg, "prov.back_to_list");
	html_raw(&pg->out, "</a></p>");
	return 0;
}

static int provider_home(struct page *pg)
{
	pg_redirect(pg, "/provider/participants");
	return 0;
}

/* ------------------------------------------------------------- table */

#define STAFF ROLE_PROVIDER_STAFF
#define PART "/provider/participants/{participation_id}"

const struct web_page page_provider_pages[] = {
	{ "GET", "/provider", STAFF, provider_home },
	{ "GET", "/provider/participants", STAFF, participants_page },
	{ "GET", PART, STAFF, participant_page },
	{ "GET", PART "/plan", STAFF, pv_plan_page },
	{ "POST", PART "/plan", STAFF, pv_plan_post },
	{ "GET", PART "/report", STAFF, pv_report_page },
	{ "POST", PART "/report", STAFF, pv_report_post },
	{ "GET", PART "/deviation", STAFF, pv_deviation_page },
	{ "POST", PART "/deviation", STAFF, pv_deviation_post },
	{ "GET", PART "/outcome", STAFF, pv_claim_page },
	{ "POST", PART "/outcome", STAFF, pv_claim_post },
	{ "GET", PART "/reassessment", STAFF, pv_reassess_page },
	{ "POST", PART "/reassessment", STAFF, pv_reassess_post },
	{ "GET", "/provider/outcomes", STAFF, pv_outcomes_page },
	{ "GET", "/provider/outcomes/{outcome_id}", STAFF, pv_outcome_page },
	{ "POST", "/provider/outcomes/{outcome_id}/evidence", STAFF,
	  pv_evidence_post },
	{ "POST", "/provider/outcomes/{outcome_id}/months", STAFF, pv_month_post },
	{ "GET", "/provider/evidence/{evidence_id}", STAFF, pv_evidence_get },
	{ "GET", "/provider/deviations", STAFF, pv_deviations_page },
	{ "GET", "/provider/quality", STAFF, pv_quality_page },
	{ "GET", "/provider/payments", STAFF, pv_payments_page },
	{ "GET", "/provider/payments/{payrun_id}", STAFF, pv_statement_page },
	{ "GET", "/provider/payments/{payrun_id}/statement.csv", STAFF,
	  pv_statement_csv },
	{ NULL, NULL, 0, NULL }
};
