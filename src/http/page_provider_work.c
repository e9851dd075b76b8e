/*
 * page_provider_work.c — the provider's work with one participant, as
 * forms (issue 8 §2): the action plan in kept versions (D-5), and the
 * monthly report with the minutes of each week's meeting (D-5, D-3) and
 * the meeting compliance it adds up to.  Deviation reports and
 * reassessment requests are in page_provider_cases.c.
 *
 * The use cases (app/work.c, compliance.c) check every rule; the pages
 * ask for what they need in plain words, check that a field is filled
 * and a number is a number, and show a refusal next to its field.
 */
#include "page_provider.h"
#include "app/journey.h"
#include "core/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MINUTES (7 * 24 * 60)   /* a week, as app/work.c allows */

/* Text a person wrote, with its line breaks kept. */
static void prose(struct page *pg, const char *s)
{
	html_raw(&pg->out, "<p class=\"prose\">");
	html_text(&pg->out, s);
	html_raw(&pg->out, "</p>");
}

/* --------------------------------------------------------- action plan */

void pv_plan_section(struct page *pg, int64_t id)
{
	json_t *plans = pv_list_of(pg, app_action_plans_list, id), *v;
	const json_t *now = json_array_get(plans, 0);
	char n[16];
	size_t i;

	pv_section_open(pg, "plan-h", "prov.plan_heading");
	if (!now) {
		pg_elem(pg, "p", "prov.plan_none");
	} else {
		snprintf(n, sizeof(n), "%lld", (long long)pv_int(now, "version"));
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "prov.plan_version", "n", n, NULL);
		html_raw(&pg->out, " ");
		pg_date(pg, pv_str(now, "written_on"));
		html_raw(&pg->out, ".</p><h3>");
		pg_text(pg, "prov.plan_goal");
		html_raw(&pg->out, "</h3>");
		prose(pg, pv_str(now, "long_term_goal"));
		html_raw(&pg->out, "<h3>");
		pg_text(pg, "prov.plan_next");
		html_raw(&pg->out, "</h3>");
		prose(pg, pv_str(now, "next_month_activities"));
	}
	if (json_array_size(plans) > 1) {
		html_raw(&pg->out, "<details><summary>");
		pg_text(pg, "prov.plan_earlier");
		html_raw(&pg->out, "</summary>");
		json_array_foreach(plans, i, v) {
			if (i == 0)
				continue;
			snprintf(n, sizeof(n), "%lld", (long long)pv_int(v, "version"));
			html_raw(&pg->out, "<h3>");
			pg_textf(pg, "prov.plan_version", "n", n, NULL);
			html_raw(&pg->out, " ");
			pg_date(pg, pv_str(v, "written_on"));
			html_raw(&pg->out, "</h3>");
			prose(pg, pv_str(v, "long_term_goal"));
			prose(pg, pv_str(v, "next_month_activities"));
		}
		html_raw(&pg->out, "</details>");
	}
	html_raw(&pg->out, "</section>");
	json_decref(plans);
}

static int plan_form(struct page *pg, int64_t id, const json_t *p)
{
	json_t *plans = NULL;
	const char *goal = form_get(&pg->form, "long_term_goal");
	const char *next = form_get(&pg->form, "next_month_activities");
	char action[96];

	/* A new version starts from the one in force. */
	if (!goal && (plans = pv_list_of(pg, app_action_plans_list, id)) &&
	    json_array_size(plans))
		goal = pv_str(json_array_get(plans, 0), "long_term_goal");
	pg->nav = "prov-participants";
	pg_title(pg, "prov.plan_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "prov.plan_lead");
	snprintf(action, sizeof(action), "/provider/participants/%lld/plan",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pg_textarea(pg, "long_term_goal", "prov.plan_goal", "prov.plan_goal_hint",
		    goal, LIMIT_TEXT);
	pg_textarea(pg, "next_month_activities", "prov.plan_next",
		    "prov.plan_next_hint", next, LIMIT_TEXT);
	pg_button(pg, "prov.plan_save", NULL);
	pg_form_close(pg);
	pv_back_to_participant(pg, id);
	json_decref(plans);
	return 0;
}

int pv_plan_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);

	if (p)
		plan_form(pg, id, p);
	json_decref(p);
	return 0;
}

int pv_plan_post(struct page *pg)
{
	static const char *const fields[] = { "long_term_goal",
					      "next_month_activities", NULL };
	int64_t id = pg_param_int(pg, "participation_id");
	char goal[LIMIT_TEXT + 1], next[LIMIT_TEXT + 1];
	struct kverr e = { 0 };
	json_t *out;
	bool ok = pv_required(pg, "long_term_goal", goal, sizeof(goal)) != NULL;

	ok = pv_required(pg, "next_month_activities", next, sizeof(next)) && ok;
	if (ok && pg_app(pg, app_action_plan_write, true,
			 json_pack("{s:I, s:s, s:s}", "participation_id",
				   (json_int_t)id, "long_term_goal", goal,
				   "next_month_activities", next), &out, &e) == 0) {
		json_decref(out);
		pv_to_participant(pg, id, "plan");
		return 0;
	}
	if (ok)
		pv_form_error(pg, &e, fields, "long_term_goal");
	return pv_again(pg, plan_form, id);
}

/* ----------------------------------------------------- monthly reports */

/* D-3: weeks with enough meeting time, of the weeks that count. */
static void compliance(struct page *pg, int64_t id)
{
	json_t *c = pv_list_of(pg, app_compliance_participation, id);
	char a[16], b[16], pct[16];

	if (!c)
		return;
	if (pv_int(c, "weeks_expected") == 0) {
		pg_elem(pg, "p", "prov.compliance_none");
	} else {
		snprintf(a, sizeof(a), "%lld", (long long)pv_int(c, "weeks_compliant"));
		snprintf(b, sizeof(b), "%lld", (long long)pv_int(c, "weeks_expected"));
		snprintf(pct, sizeof(pct), "%lld",
			 (long long)(pv_int(c, "compliance_permille") + 5) / 10);
		html_raw(&pg->out, "<p class=\"big\">");
		pg_textf(pg, "prov.compliance", "compliant", a, "expected", b,
			 "percent", pct, NULL);
		html_raw(&pg->out, "</p>");
	}
	pg_elem(pg, "p", "prov.compliance_explain");
	json_decref(c);
}

static void meetings_cell(struct page *pg, const json_t *weeks)
{
	json_t *w;
	size_t i;

	if (json_array_size(weeks) == 0) {
		html_raw(&pg->out, "–");
		return;
	}
	html_raw(&pg->out, "<ul class=\"plain\">");
	json_array_foreach(weeks, i, w) {
		char min[16];

		snprintf(min, sizeof(min), "%lld", (long long)pv_int(w, "minutes"));
		html_raw(&pg->out, "<li>");
		pg_date(pg, pv_str(w, "week"));
		html_raw(&pg->out, ": ");
		pg_textf(pg, "prov.minutes_n", "n", min, NULL);
		html_raw(&pg->out, "</li>");
	}
	html_raw(&pg->out, "</ul>");
}

#define REPORTS_SHOWN 3   /* the latest months; the rest behind "earlier" */

/* Reports [from, to) of rows, newest first. */
static void report_rows(struct page *pg, const json_t *rows, size_t from,
			size_t to)
{
	for (size_t i = to; i-- > from;) {
		const json_t *r = json_array_get(rows, i);

		html_raw(&pg->out, "<tr><th scope=\"row\">");
		pv_month(pg, pv_str(r, "month"));
		html_raw(&pg->out, "</th><td>");
		html_int(&pg->out, pv_int(r, "job_search_activities"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "activities_attended"));
		html_raw(&pg->out, "</td><td>");
		meetings_cell(pg, json_object_get(r, "meetings"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "filed_on"));
		html_raw(&pg->out, "</td></tr>");
	}
}

void pv_reports_section(struct page *pg, int64_t id)
{
	static const char *const cols[] = { "prov.col.month", "prov.col.searches",
					    "prov.col.attended", "prov.col.meetings",
					    "prov.col.filed", NULL };
	json_t *rows = pv_list_of(pg, app_reports_list, id);
	size_t n = json_array_size(rows);
	size_t older = n > REPORTS_SHOWN ? n - REPORTS_SHOWN : 0;

	pv_section_open(pg, "reports-h", "prov.reports_heading");
	compliance(pg, id);
	if (n == 0) {
		pg_elem(pg, "p", "prov.reports_none");
	} else {
		/* Newest first: the month being worked on is on top. */
		pv_table_open(pg, "prov.reports_caption", cols);
		report_rows(pg, rows, older, n);
		pv_table_close(pg);
	}
	if (older) {
		html_raw(&pg->out, "<details><summary>");
		pg_text(pg, "prov.reports_earlier");
		html_raw(&pg->out, "</summary>");
		pv_table_open(pg, "prov.reports_earlier_caption", cols);
		report_rows(pg, rows, 0, older);
		pv_table_close(pg);
		html_raw(&pg->out, "</details>");
	}
	html_raw(&pg->out, "</section>");
	json_decref(rows);
}

/* The months the participation covers up to this one that have no report
 * yet, newest first, into opts (values are "YYYY-MM" in bufs). */
static int open_months(struct page *pg, const json_t *p, const json_t *reports,
		       char bufs[][MONTH_STRLEN], int max)
{
	month_t first = date_month(row_date(p, "starts_on"));
	month_t last = date_month(row_date(p, "ends_on"));
	month_t now = date_month(app_civil_date(app_now(pg->app)));
	int n = 0;

	if (last > now)
		last = now;
	for (month_t m = last; m >= first && n < max; m--) {
		char ym[MONTH_STRLEN];
		bool done = false;
		json_t *r;
		size_t i;

		month_format(m, ym);
		json_array_foreach(reports, i, r)
			done |= strcmp(pv_str(r, "month"), ym) == 0;
		if (!done)
			memcpy(bufs[n++], ym, MONTH_STRLEN);
	}
	return n;
}

/* Step one: which month. */
static void month_step(struct page *pg, int64_t id, char months[][MONTH_STRLEN],
		       int n)
{
	struct pg_option opts[36];
	char labels[36][80], action[96];

	for (int i = 0; i < n && i < 36; i++) {
		pv_month_into(pg, months[i], labels[i], sizeof(labels[i]));
		opts[i].value = months[i];
		opts[i].label = labels[i];
	}
	snprintf(action, sizeof(action), "/provider/participants/%lld/report",
		 (long long)id);
	pg_form_open(pg, "get", action, "stack");
	pg_select(pg, "month", "prov.report_month", opts, n < 36 ? n : 36,
		  months[0], true);
	pg_button(pg, "prov.continue", NULL);
	pg_form_close(pg);
}

/* Step two: the report of the month, a minutes field per week (D-3). */
static void report_fields(struct page *pg, int64_t id, const json_t *p,
			  const char *ym)
{
	struct pg_input searches = { .name = "job_search_activities",
		.label_key = "prov.report_searches",
		.hint_key = "prov.report_searches_hint",
		.value = form_get(&pg->form, "job_search_activities"),
		.inputmode = "numeric", .maxlength = 4, .required = true };
	date_t mondays[5];
	month_t m;
	char action[96], title[80];
	int n;

	month_parse(ym, &m);
	n = journey_month_mondays(row_date(p, "starts_on"), row_date(p, "ends_on"),
				  m, mondays);
	pv_month_into(pg, ym, title, sizeof(title));
	html_raw(&pg->out, "<h2>");
	html_text(&pg->out, title);
	html_raw(&pg->out, "</h2>");
	snprintf(action, sizeof(action), "/provider/participants/%lld/report",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pg_hidden(pg, "month", ym);
	pg_input(pg, &searches);
	pg_textarea(pg, "activities_attended", "prov.report_attended",
		    "prov.report_attended_hint",
		    form_get(&pg->form, "activities_attended"), LIMIT_TEXT);
	html_raw(&pg->out, "<fieldset class=\"field weeks\"><legend>");
	pg_text(pg, "prov.report_meetings");
	html_raw(&pg->out, "</legend><p class=\"hint\">");
	pg_text(pg, n ? "prov.report_meetings_hint" : "prov.report_no_weeks");
	html_raw(&pg->out, "</p>");
	for (int i = 0; i < n; i++) {
		char name[32], day[DATE_STRLEN], date[80];
		const char *args[] = { "date", date, NULL };
		const char *value;
		struct strbuf sb = STRBUF_INIT;

		date_format(mondays[i], day);
		snprintf(name, sizeof(name), "minutes-%s", day);
		pg_date_into(pg, day, date, sizeof(date));
		/* "The week from Monday {date}", escaped as it is rendered. */
		i18n_render(&sb, pg_t(pg, "prov.report_week"), args);
		html_raw(&pg->out, "<div class=\"field\">");
		strbuf_addf(&pg->out, "<label for=\"f-%s\">", name);
		strbuf_add(&pg->out, sb.buf ? sb.buf : "", sb.len);
		strbuf_release(&sb);
		html_raw(&pg->out, "</label>");
		pg_field_error(pg, name);
		value = form_get(&pg->form, name);
		html_raw(&pg->out, "<input type=\"text\"");
		strbuf_addf(&pg->out, " id=\"f-%s\"", name);
		html_attr(&pg->out, "name", name);
		if (value)
			html_attr(&pg->out, "value", value);
		html_raw(&pg->out, " inputmode=\"numeric\" maxlength=\"5\" class=\"short\"");
		if (form_error_for(&pg->errors, name))
			strbuf_addf(&pg->out, " aria-describedby=\"f-%s-error\""
				    " aria-invalid=\"true\"", name);
		html_raw(&pg->out, "></div>");
	}
	html_raw(&pg->out, "</fieldset>");
	pg_button(pg, "prov.report_send", NULL);
	pg_form_close(pg);
}

static int report_form(struct page *pg, int64_t id, const json_t *p)
{
	const char *ym = pg->form.n ? form_get(&pg->form, "month") :
			 pg_query(pg, "month");
	json_t *reports = pv_list_of(pg, app_reports_list, id);
	char months[36][MONTH_STRLEN];
	month_t m;
	int n = open_months(pg, p, reports, months, 36);
	bool open = false;

	pg->nav = "prov-participants";
	pg_title(pg, "prov.report_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "prov.report_lead");
	/* A month from the query must be one still open; a POST keeps its
	 * own, so that a refusal shows next to the fields it concerns. */
	for (int i = 0; ym && !pg->form.n && i < n; i++)
		if (strcmp(months[i], ym) == 0)
			open = true;
	if (ym && (pg->form.n || open) && month_parse(ym, &m) == 0)
		report_fields(pg, id, p, ym);
	else if (n == 0)
		pg_elem(pg, "p", "prov.report_all_done");
	else
		month_step(pg, id, months, n);
	pv_back_to_participant(pg, id);
	json_decref(reports);
	return 0;
}

int pv_report_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);

	if (p)
		report_form(pg, id, p);
	json_decref(p);
	return 0;
}

/* The weeks' minutes of the POST, for the weeks the form showed. */
static json_t *read_weeks(struct page *pg, const json_t *p, const char *ym)
{
	json_t *weeks = json_array();
	date_t mondays[5];
	month_t m;
	int n;

	if (month_parse(ym, &m))
		return weeks;
	n = journey_month_mondays(row_date(p, "starts_on"), row_date(p, "ends_on"),
				  m, mondays);
	for (int i = 0; i < n; i++) {
		char name[32], day[DATE_STRLEN];
		const char *v;
		int64_t min;

		date_format(mondays[i], day);
		snprintf(name, sizeof(name), "minutes-%s", day);
		v = form_get(&pg->form, name);
		if (!v || !*v) {
			form_error_add(&pg->errors, name, "prov.error.minutes_missing");
			continue;
		}
		if ((min = pv_whole(v, MAX_MINUTES)) < 0) {
			form_error_add(&pg->errors, name, "prov.error.minutes");
			continue;
		}
		json_array_append_new(weeks, json_pack("{s:s, s:I}", "week", day,
						       "minutes", (json_int_t)min));
	}
	return weeks;
}

int pv_report_post(struct page *pg)
{
	static const char *const fields[] = { "job_search_activities",
					      "activities_attended", NULL };
	int64_t id = pg_param_int(pg, "participation_id"), searches;
	const char *ym = form_get(&pg->form, "month");
	char attended[LIMIT_TEXT + 1];
	struct kverr e = { 0 };
	json_t *p = pv_participation(pg, id), *weeks, *out;
	month_t m;

	if (!p)
		return 0;
	if (!ym || month_parse(ym, &m)) {
		/* Only a tampered form lacks the month: start again. */
		json_decref(p);
		pg_redirect(pg, pg->path);
		return 0;
	}
	searches = pv_whole(form_get(&pg->form, "job_search_activities"), 1000);
	if (searches < 0)
		form_error_add(&pg->errors, "job_search_activities",
			       "prov.error.searches");
	pv_required(pg, "activities_attended", attended, sizeof(attended));
	weeks = read_weeks(pg, p, ym);
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_report_file, true,
		   json_pack("{s:I, s:s, s:I, s:s, s:O}", "participation_id",
			     (json_int_t)id, "month", ym, "job_search_activities",
			     (json_int_t)searches, "activities_attended", attended,
			     "meetings", weeks), &out, &e) == 0) {
		json_decref(out);
		json_decref(weeks);
		json_decref(p);
		pv_to_participant(pg, id, "report");
		return 0;
	}
	if (pg->errors.n == 0)
		pv_form_error(pg, &e, fields, "job_search_activities");
	json_decref(weeks);
	pg->status = 422;
	report_form(pg, id, p);
	json_decref(p);
	return 0;
}
