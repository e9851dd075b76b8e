/*
 * page_authority_applications.c — the case officer's applications (issue 8
 * §3): the queue with the days left to decide, an application with
 * its checklist — conduct of the company's people and of each
 * subcontractor, finances, experience, quality management
 * — the forms that record each check, and the decision per delivery
 * area with who decided under which delegation.
 *
 * The verdict of a check and whether an application may be admitted are
 * the use cases' (core/qualify.c); these pages only gather the facts the
 * officer records and show what was decided.
 */
#include "http/page_authority.h"
#include "app/applications.h"
#include "app/providers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_kinds[] = { "conduct", "finances", "references",
					   "quality", NULL };

static json_t *app_arg(const struct page *pg)
{
	return json_pack("{s:I}", "application_id",
			 (json_int_t)pg_param_int(pg, "application_id"));
}

static void base_path(const struct page *pg, char *buf, size_t size)
{
	snprintf(buf, size, "/authority/applications/%lld",
		 (long long)pg_param_int(pg, "application_id"));
}

/* "10 days left", "today", "5 days late". */
static void days_left(struct page *pg, const json_t *a)
{
	json_t *d = json_object_get(a, "days_left");
	long long n = (long long)json_integer_value(d);
	char num[24];

	if (!json_is_integer(d)) {
		html_raw(&pg->out, "–");
		return;
	}
	snprintf(num, sizeof(num), "%lld", n < 0 ? -n : n);
	html_raw(&pg->out, n < 0 ? "<strong class=\"late\">" :
		 n <= 7 ? "<strong>" : "<span>");
	pg_textf(pg, n < 0 ? "authority.queue.late" : n == 0 ?
		 "authority.queue.today" : n == 1 ? "authority.queue.one_left" :
		 "authority.queue.left", "n", num, NULL);
	html_raw(&pg->out, n < 0 || n <= 7 ? "</strong>" : "</span>");
}

/* ------------------------------------------------------ the checklist */

/* The latest check of a kind (and, for conduct, of a subject or of a
 * subcontractor); later checks supersede earlier ones. */
static const json_t *latest(const json_t *checks, const char *kind,
			    const char *subject, int64_t sub_id)
{
	const json_t *found = NULL;
	json_t *c;
	size_t i;

	json_array_foreach(checks, i, c) {
		if (strcmp(au_str(c, "kind"), kind))
			continue;
		if (sub_id && au_int(c, "subcontractor_id") != sub_id)
			continue;
		if (!sub_id && strcmp(kind, "conduct") == 0 &&
		    (au_int(c, "subcontractor_id") ||
		     strcmp(au_str(c, "subject"), subject)))
			continue;
		found = c;
	}
	return found;
}

/* Kinds with a passed latest check: what the queue shows. */
static int kinds_passed(const json_t *checks)
{
	int n = 0;

	for (int k = 0; check_kinds[k]; k++) {
		json_t *c;
		size_t i;
		bool ok = false;

		/* Conduct: every subject's latest check passed. */
		json_array_foreach(checks, i, c) {
			if (strcmp(au_str(c, "kind"), check_kinds[k]))
				continue;
			ok = json_is_true(json_object_get(latest(checks,
				check_kinds[k], au_str(c, "subject"),
				au_int(c, "subcontractor_id")), "passed"));
			if (!ok)
				break;
		}
		n += ok;
	}
	return n;
}

static void verdict(struct page *pg, const json_t *c)
{
	if (!c) {
		html_raw(&pg->out, "<td><span class=\"tag missing\">");
		pg_text(pg, "authority.check.missing");
		html_raw(&pg->out, "</span></td><td>–</td><td>–</td>");
		return;
	}
	html_raw(&pg->out, json_is_true(json_object_get(c, "passed")) ?
		 "<td><span class=\"tag ok\">" : "<td><span class=\"tag bad\">");
	pg_text(pg, json_is_true(json_object_get(c, "passed")) ?
		"authority.check.passed" : "authority.check.failed");
	html_raw(&pg->out, "</span></td><td>");
	au_date(pg, au_str(c, "recorded_on"));
	html_raw(&pg->out, "</td><td>");
	au_system_text(pg, au_str(c, "reason"));
	html_raw(&pg->out, "</td>");
}

static void check_row(struct page *pg, const char *label_key,
		      const char *subject, const json_t *c)
{
	html_raw(&pg->out, "<tr><th scope=\"row\">");
	pg_text(pg, label_key);
	if (subject && *subject) {
		html_raw(&pg->out, ": ");
		html_text(&pg->out, subject);
	}
	html_raw(&pg->out, "</th>");
	verdict(pg, c);
	html_raw(&pg->out, "</tr>");
}

/* Q-2 … Q-5: one row per requirement, with its latest verdict. */
static void checklist(struct page *pg, const json_t *a, const json_t *subs)
{
	const json_t *checks = json_object_get(a, "checks");
	bool any_people = false;
	json_t *c, *s;
	size_t i;

	au_table_open(pg, "checklist", "authority.check.caption");
	au_table_head(pg, "authority.check.requirement", "authority.check.result",
		      "authority.check.recorded_on", "authority.check.reason", NULL);
	json_array_foreach(checks, i, c) {
		if (strcmp(au_str(c, "kind"), "conduct") ||
		    au_int(c, "subcontractor_id") ||
		    latest(checks, "conduct", au_str(c, "subject"), 0) != c)
			continue;
		any_people = true;
		check_row(pg, "authority.check.conduct", au_str(c, "subject"), c);
	}
	if (!any_people)
		check_row(pg, "authority.check.conduct",
			  pg_t(pg, "authority.check.people"), NULL);
	json_array_foreach(subs, i, s)
		check_row(pg, "authority.check.conduct_sub", au_str(s, "name"),
			  latest(checks, "conduct", NULL, au_int(s, "id")));
	check_row(pg, "authority.check.finances", NULL,
		  latest(checks, "finances", NULL, 0));
	check_row(pg, "authority.check.references", NULL,
		  latest(checks, "references", NULL, 0));
	check_row(pg, "authority.check.quality", NULL,
		  latest(checks, "quality", NULL, 0));
	au_table_close(pg);
}

/* Every check in the order recorded: nothing is overwritten. */
static void check_history(struct page *pg, const json_t *checks)
{
	json_t *c;
	size_t i;

	if (json_array_size(checks) == 0)
		return;
	au_table_open(pg, "check-history", "authority.check.history");
	au_table_head(pg, "authority.check.kind", "authority.check.subject",
		      "authority.check.result", "authority.check.recorded_on",
		      "authority.check.reason", NULL);
	json_array_foreach(checks, i, c) {
		html_raw(&pg->out, "<tr><td>");
		au_enum(pg, "authority.kind", au_str(c, "kind"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_str(c, "subject"));
		html_raw(&pg->out, "</td>");
		verdict(pg, c);
		html_raw(&pg->out, "</tr>");
	}
	au_table_close(pg);
}

/* -------------------------------------------------------------- queue */

static void queue_filter(struct page *pg, const char *status)
{
	static const struct pg_option opts[] = {
		{ "waiting", "authority.status.waiting" },
		{ "open", "authority.status.open" },
		{ "incomplete", "authority.status.incomplete" },
		{ "decided", "authority.status.decided" },
	};

	pg_form_open(pg, "get", "/authority/applications", "filter-row");
	pg_select(pg, "status", "authority.queue.show", opts, 4, status, false);
	pg_button(pg, "authority.queue.filter", "secondary");
	pg_form_close(pg);
}

static void queue_row(struct page *pg, const json_t *row)
{
	struct kverr e = { 0 };
	json_t *full = NULL;
	char num[16];

	html_raw(&pg->out, "<tr><th scope=\"row\">");
	au_link_id(pg, "/authority/applications/", au_int(row, "id"), NULL,
		   au_str(row, "provider_name"));
	html_raw(&pg->out, "</th><td>");
	html_text(&pg->out, au_str(row, "programme_name"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(row, "submitted_on"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(row, "deadline"));
	html_raw(&pg->out, "</td><td>");
	days_left(pg, row);
	html_raw(&pg->out, "</td><td>");
	au_enum(pg, "authority.status", au_str(row, "status"));
	html_raw(&pg->out, "</td><td>");
	if (pg_app(pg, app_application_get, false, json_pack("{s:I}",
		   "application_id", (json_int_t)au_int(row, "id")), &full, &e) == 0) {
		snprintf(num, sizeof(num), "%d",
			 kinds_passed(json_object_get(full, "checks")));
		pg_textf(pg, "authority.queue.checks_n", "n", num, NULL);
		json_decref(full);
	}
	html_raw(&pg->out, "</td></tr>");
}

int au_queue(struct page *pg)
{
	static const char *const statuses[] = { "waiting", "open", "incomplete",
						"decided", NULL };
	const char *status = pg_query(pg, "status");
	struct kverr e = { 0 };
	json_t *out, *row, *list;
	size_t i;
	int k;

	for (k = 0; statuses[k] && (!status || strcmp(statuses[k], status)); k++)
		;
	status = statuses[k] ? statuses[k] : "waiting";
	pg->nav = "authority-applications";
	pg_title(pg, "authority.queue.title", NULL);
	pg_elem(pg, "p", "authority.queue.lead");
	queue_filter(pg, status);
	if (pg_app(pg, app_applications_list, false,
		   json_pack("{s:s}", "status", status), &out, &e))
		return pg_fail(pg, &e);
	list = json_object_get(out, "applications");
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.queue.empty");
		json_decref(out);
		return 0;
	}
	au_table_open(pg, "queue", "authority.queue.caption");
	au_table_head(pg, "authority.col.provider", "authority.col.programme",
		      "authority.col.submitted", "authority.col.deadline",
		      "authority.col.days_left", "authority.col.status",
		      "authority.col.checks", NULL);
	json_array_foreach(list, i, row)
		queue_row(pg, row);
	au_table_close(pg);
	json_decref(out);
	return 0;
}

/* -------------------------------------------------------- application */

static void facts(struct page *pg, const json_t *a)
{
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.col.provider");
	html_raw(&pg->out, "</dt><dd>");
	au_link_id(pg, "/authority/providers/", au_int(a, "provider_id"), NULL,
		   au_str(a, "provider_name"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.programme");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(a, "programme_name"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.status");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.status", au_str(a, "status"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.submitted");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(a, "submitted_on"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.deadline");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(a, "deadline"));
	html_raw(&pg->out, " ");
	days_left(pg, a);
	html_raw(&pg->out, "</dd>");
	if (*au_str(a, "motivation")) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "authority.application.motivation");
		html_raw(&pg->out, "</dt><dd class=\"description\">");
		html_text(&pg->out, au_str(a, "motivation"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
	if (strcmp(au_str(a, "status"), "incomplete") == 0) {
		/* the deadline stands still until it is complete. */
		html_raw(&pg->out, "<div class=\"notice\"><p>");
		pg_text(pg, "authority.application.incomplete");
		html_raw(&pg->out, "</p><blockquote>");
		html_text(&pg->out, au_str(a, "incomplete_reason"));
		html_raw(&pg->out, "</blockquote></div>");
	}
}

/* each area, decided or waiting. */
static void areas(struct page *pg, const json_t *a)
{
	json_t *ar;
	size_t i;

	au_table_open(pg, "areas", "authority.application.areas");
	au_table_head(pg, "authority.col.area", "authority.col.decision",
		      "authority.col.decided", "authority.col.reason", NULL);
	json_array_foreach(json_object_get(a, "areas"), i, ar) {
		bool decided = json_is_string(json_object_get(ar, "decision"));

		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, au_str(ar, "area_name"));
		html_raw(&pg->out, "</th><td>");
		au_enum(pg, "authority.decision", decided ? au_str(ar, "decision") :
			"waiting");
		html_raw(&pg->out, "</td><td>");
		if (decided)
			au_decided(pg, ar, "decided_by", "delegation", "decided_on");
		else
			html_raw(&pg->out, "–");
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, decided ? au_str(ar, "reason") : "–");
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void check_links(struct page *pg)
{
	char base[80], href[120];

	base_path(pg, base, sizeof(base));
	html_raw(&pg->out, "<h3>");
	pg_text(pg, "authority.check.record");
	html_raw(&pg->out, "</h3><ul class=\"links\">");
	for (int k = 0; check_kinds[k]; k++) {
		char key[48];

		snprintf(href, sizeof(href), "%s/checks/new?kind=%s", base,
			 check_kinds[k]);
		snprintf(key, sizeof(key), "authority.kind.%s", check_kinds[k]);
		html_raw(&pg->out, "<li>");
		au_link(pg, href, key);
		html_raw(&pg->out, "</li>");
	}
	html_raw(&pg->out, "</ul>");
}

static void decision_form(struct page *pg, const json_t *a)
{
	static const struct pg_option kinds[] = {
		{ "admit", "authority.decision.admit" },
		{ "refuse", "authority.decision.refuse" },
	};
	struct pg_option opts[16];
	char base[80], action[120];
	json_t *ar;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(a, "areas"), i, ar) {
		if (json_is_string(json_object_get(ar, "decision")) || n == 16)
			continue;
		opts[n].value = json_string_value(json_object_get(ar, "area_id_text"));
		opts[n++].label = au_str(ar, "area_name");
	}
	if (n == 0)
		return;
	base_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/decisions", base);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"decide-h\">"
		 "<h2 id=\"decide-h\">");
	pg_text(pg, "authority.decide.title");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.decide.lead");
	pg_form_open(pg, "post", action, "stack");
	pg_select(pg, "area_id", "authority.col.area", opts, n,
		  form_get(&pg->form, "area_id"), true);
	au_select(pg, "decision", "authority.col.decision", kinds, 2, NULL);
	au_textarea(pg, "reason", "authority.field.reason",
		    "authority.hint.decision_reason");
	au_delegation(pg);
	au_input(pg, "decided_on", "authority.field.decided_on",
		 "authority.hint.today", "date", 10);
	pg_button(pg, "authority.decide.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void incomplete_form(struct page *pg)
{
	char base[80], action[120];

	base_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/incomplete", base);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"inc-h\">"
		 "<h2 id=\"inc-h\">");
	pg_text(pg, "authority.incomplete.title");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.incomplete.lead");
	pg_form_open(pg, "post", action, "stack");
	au_textarea(pg, "incomplete_reason", "authority.incomplete.reason", NULL);
	pg_button(pg, "authority.incomplete.button", "secondary");
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

/* The area ids as text, for the <select> of the decision form. */
static void area_ids_as_text(json_t *a)
{
	json_t *ar;
	size_t i;
	char buf[24];

	json_array_foreach(json_object_get(a, "areas"), i, ar) {
		snprintf(buf, sizeof(buf), "%lld", (long long)au_int(ar, "area_id"));
		json_object_set_new(ar, "area_id_text", json_string(buf));
	}
}

static json_t *subcontractors(struct page *pg, const json_t *a)
{
	struct kverr e = { 0 };
	json_t *p, *subs;

	if (pg_app(pg, app_provider_get, false, json_pack("{s:I}", "provider_id",
		   (json_int_t)au_int(a, "provider_id")), &p, &e))
		return json_array();
	subs = json_incref(json_object_get(p, "subcontractors"));
	json_decref(p);
	return subs ? subs : json_array();
}

/* The page, after a GET or a refused POST (pg->errors set). */
static int render_application(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *a, *subs;
	const char *status;

	if (pg_app(pg, app_application_get, false, app_arg(pg), &a, &e))
		return pg_fail(pg, &e);
	status = au_str(a, "status");
	pg->nav = "authority-applications";
	pg_title(pg, "authority.application.title", "provider",
		 au_str(a, "provider_name"), NULL);
	au_done(pg);
	pg_error_summary(pg);
	facts(pg, a);
	subs = subcontractors(pg, a);
	html_raw(&pg->out, "<section aria-labelledby=\"checks-h\"><h2 id=\"checks-h\">");
	pg_text(pg, "authority.check.title");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.check.lead");
	checklist(pg, a, subs);
	if (au_officer(pg) && strcmp(status, "decided"))
		check_links(pg);
	check_history(pg, json_object_get(a, "checks"));
	html_raw(&pg->out, "</section><section aria-labelledby=\"areas-h\">"
		 "<h2 id=\"areas-h\">");
	pg_text(pg, "authority.application.decisions");
	html_raw(&pg->out, "</h2>");
	areas(pg, a);
	html_raw(&pg->out, "</section>");
	if (au_officer(pg) && strcmp(status, "decided")) {
		area_ids_as_text(a);
		decision_form(pg, a);
		if (strcmp(status, "open") == 0)
			incomplete_form(pg);
	}
	html_raw(&pg->out, "<p>");
	au_link(pg, "/authority/applications", "authority.queue.back");
	html_raw(&pg->out, "</p>");
	json_decref(subs);
	json_decref(a);
	return 0;
}

int au_application(struct page *pg)
{
	return render_application(pg);
}

int au_decision_post(struct page *pg)
{
	static const char *const fields[] = { "area_id", "decision", "reason",
					      "delegation", "decided_on", NULL };
	struct kverr e = { 0 };
	json_t *in = app_arg(pg), *out;
	char base[80];

	au_require(pg, "area_id", "decision", "reason", "delegation", NULL);
	au_put_int(pg, in, "area_id", "area_id", 1, INT64_MAX);
	au_put_str(pg, in, "decision", "decision");
	au_put_str(pg, in, "reason", "reason");
	au_put_str(pg, in, "delegation", "delegation");
	au_put_str(pg, in, "decided_on", "decided_on");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_decision_make, true, in, &out, &e) == 0) {
		json_decref(out);
		base_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "decision");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "decision", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_application(pg);
}

int au_incomplete_post(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *in = app_arg(pg), *out;
	char base[80];

	au_require(pg, "incomplete_reason", NULL);
	au_put_str(pg, in, "incomplete_reason", "reason");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_application_incomplete, true, in, &out, &e) == 0) {
		json_decref(out);
		base_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "incomplete");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "incomplete_reason", NULL);
	else
		json_decref(in);
	pg->status = 422;
	return render_application(pg);
}

/* ------------------------------------------------------- check forms */

static int kind_of(const char *s)
{
	for (int k = 0; s && check_kinds[k]; k++)
		if (strcmp(check_kinds[k], s) == 0)
			return k;
	return -1;
}

static void fieldset_open(struct page *pg, const char *legend_key)
{
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, legend_key);
	html_raw(&pg->out, "</legend>");
}

static void conduct_fields(struct page *pg, const json_t *subs)
{
	struct pg_option opts[17];
	char ids[16][24];
	json_t *s;
	size_t i;
	int n = 0;

	au_input(pg, "subject", "authority.check.subject",
		 "authority.hint.subject", NULL, 200);
	if (json_array_size(subs)) {
		opts[n].value = "";
		opts[n++].label = pg_t(pg, "authority.check.people");
		json_array_foreach(subs, i, s) {
			if (n == 17)
				break;
			snprintf(ids[n - 1], sizeof(ids[0]), "%lld",
				 (long long)au_int(s, "id"));
			opts[n].value = ids[n - 1];
			opts[n++].label = au_str(s, "name");
		}
		pg_select(pg, "subcontractor_id", "authority.check.whose", opts, n,
			  form_get(&pg->form, "subcontractor_id"), true);
	}
	fieldset_open(pg, "authority.check.registers");
	au_checkbox(pg, "reg_criminal_record", "authority.check.reg_criminal_record");
	au_checkbox(pg, "reg_enforcement", "authority.check.reg_enforcement");
	au_checkbox(pg, "reg_tax", "authority.check.reg_tax");
	au_checkbox(pg, "reg_companies", "authority.check.reg_companies");
	html_raw(&pg->out, "</fieldset>");
	au_textarea(pg, "assessment", "authority.check.assessment",
		    "authority.hint.assessment");
	au_checkbox(pg, "acceptable", "authority.check.acceptable");
}

static void finances_fields(struct page *pg)
{
	fieldset_open(pg, "authority.check.finances_legend");
	au_checkbox(pg, "credit_rating_sufficient", "authority.check.credit_rating");
	au_checkbox(pg, "carries_minimum_scenario", "authority.check.minimum_scenario");
	au_checkbox(pg, "liability_insurance", "authority.check.insurance");
	au_checkbox(pg, "new_company", "authority.check.new_company");
	au_checkbox(pg, "financing_plan", "authority.check.financing_plan");
	au_checkbox(pg, "business_plan", "authority.check.business_plan");
	au_checkbox(pg, "relies_on_other_company", "authority.check.relies");
	html_raw(&pg->out, "</fieldset>");
}

static void references_fields(struct page *pg)
{
	for (int r = 1; r <= 3; r++) {
		char client[16], count[24], legend[8];

		snprintf(client, sizeof(client), "ref%d_client", r);
		snprintf(count, sizeof(count), "ref%d_participants", r);
		snprintf(legend, sizeof(legend), "%d", r);
		html_raw(&pg->out, "<fieldset><legend>");
		pg_textf(pg, "authority.check.reference_n", "n", legend, NULL);
		html_raw(&pg->out, "</legend>");
		au_input(pg, client, "authority.check.client", NULL, NULL, 200);
		au_input(pg, count, "authority.check.participants", NULL, "text", 7);
		html_raw(&pg->out, "</fieldset>");
	}
	au_checkbox(pg, "competence_demonstrated", "authority.check.competence");
	au_checkbox(pg, "knows_regulations", "authority.check.regulations");
}

static void quality_fields(struct page *pg)
{
	static const struct pg_option certs[] = {
		{ "none", "authority.check.cert_none" },
		{ "iso9001", "authority.check.cert_iso9001" },
		{ "industry_authorisation", "authority.check.cert_industry" },
	};

	au_select(pg, "certificate", "authority.check.certificate", certs, 3, "none");
	au_input(pg, "certificate_valid_until", "authority.check.valid_until",
		 "authority.hint.valid_until", "date", 10);
	fieldset_open(pg, "authority.check.system");
	au_checkbox(pg, "sys_organisation", "authority.check.sys_organisation");
	au_checkbox(pg, "sys_deviation_handling", "authority.check.sys_deviations");
	au_checkbox(pg, "sys_quality_development", "authority.check.sys_development");
	au_checkbox(pg, "proc_organisation_competence", "authority.check.proc_competence");
	au_checkbox(pg, "proc_delivery", "authority.check.proc_delivery");
	au_checkbox(pg, "proc_deviations", "authority.check.proc_deviations");
	au_checkbox(pg, "proc_follow_up", "authority.check.proc_follow_up");
	au_checkbox(pg, "proc_development", "authority.check.proc_development");
	html_raw(&pg->out, "</fieldset>");
	au_input(pg, "responsible_person", "authority.check.responsible", NULL,
		 NULL, 200);
}

static int render_check_form(struct page *pg, int kind)
{
	struct kverr e = { 0 };
	json_t *a, *subs;
	char base[80], action[120], title[48];

	if (pg_app(pg, app_application_get, false, app_arg(pg), &a, &e))
		return pg_fail(pg, &e);
	pg->nav = "authority-applications";
	snprintf(title, sizeof(title), "authority.check.title_%s", check_kinds[kind]);
	pg_title(pg, title, "provider", au_str(a, "provider_name"), NULL);
	pg_error_summary(pg);
	snprintf(title, sizeof(title), "authority.check.lead_%s", check_kinds[kind]);
	pg_elem(pg, "p", title);
	base_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/checks", base);
	pg_form_open(pg, "post", action, "stack");
	pg_hidden(pg, "kind", check_kinds[kind]);
	subs = kind == 0 ? subcontractors(pg, a) : NULL;
	switch (kind) {
	case 0:  conduct_fields(pg, subs); break;
	case 1:  finances_fields(pg); break;
	case 2:  references_fields(pg); break;
	default: quality_fields(pg); break;
	}
	pg_button(pg, "authority.check.save", NULL);
	html_raw(&pg->out, " <a class=\"button secondary\"");
	html_attr(&pg->out, "href", base);
	html_raw(&pg->out, ">");
	pg_text(pg, "authority.cancel");
	html_raw(&pg->out, "</a>");
	pg_form_close(pg);
	json_decref(subs);
	json_decref(a);
	return 0;
}

int au_check_form(struct page *pg)
{
	int kind = kind_of(pg_query(pg, "kind"));

	if (kind < 0)
		return pg_error_page(pg, 404, "error.not_found_title",
				     "error.not_found");
	return render_check_form(pg, kind);
}

static void conduct_input(struct page *pg, json_t *in)
{
	au_require(pg, "subject", NULL);
	au_put_str(pg, in, "subject", "subject");
	au_put_int(pg, in, "subcontractor_id", "subcontractor_id", 1, INT64_MAX);
	json_object_set_new(in, "registers", json_pack("{s:b, s:b, s:b, s:b}",
		"criminal_record", form_get(&pg->form, "reg_criminal_record") != NULL,
		"enforcement", form_get(&pg->form, "reg_enforcement") != NULL,
		"tax", form_get(&pg->form, "reg_tax") != NULL,
		"companies", form_get(&pg->form, "reg_companies") != NULL));
	au_put_str(pg, in, "assessment", "assessment");
	au_put_bool(pg, in, "acceptable", "acceptable");
}

static void finances_input(struct page *pg, json_t *in)
{
	au_put_bool(pg, in, "credit_rating_sufficient", "credit_rating_sufficient");
	au_put_bool(pg, in, "carries_minimum_scenario", "carries_minimum_scenario");
	au_put_bool(pg, in, "liability_insurance", "liability_insurance");
	au_put_bool(pg, in, "new_company", "new_company");
	au_put_bool(pg, in, "financing_plan", "financing_plan");
	au_put_bool(pg, in, "business_plan", "business_plan");
	au_put_bool(pg, in, "relies_on_other_company", "relies_on_other_company");
}

/* Each reference given is a client and a number of participants. */
static void references_input(struct page *pg, json_t *in)
{
	json_t *refs = json_array();
	char buf[8];

	for (int r = 1; r <= 3; r++) {
		char client[16], count[24];
		json_t *one = json_object();

		snprintf(client, sizeof(client), "ref%d_client", r);
		snprintf(count, sizeof(count), "ref%d_participants", r);
		if (!form_trimmed(&pg->form, client, buf, sizeof(buf)) &&
		    !form_trimmed(&pg->form, count, buf, sizeof(buf))) {
			json_decref(one);
			continue;
		}
		au_require(pg, client, count, NULL);
		au_put_str(pg, one, client, "client");
		au_put_int(pg, one, count, "participants", 0, 1000000);
		json_array_append_new(refs, one);
	}
	json_object_set_new(in, "references", refs);
	au_put_bool(pg, in, "competence_demonstrated", "competence_demonstrated");
	au_put_bool(pg, in, "knows_regulations", "knows_regulations");
}

static void quality_input(struct page *pg, json_t *in)
{
	const char *cert = form_get(&pg->form, "certificate");
	char buf[8];
	bool system = !cert || strcmp(cert, "none") == 0 ||
		      form_trimmed(&pg->form, "responsible_person", buf, sizeof(buf));
	json_t *sys;

	au_require(pg, "certificate", NULL);
	au_put_str(pg, in, "certificate", "certificate");
	if (cert && strcmp(cert, "none"))
		au_require(pg, "certificate_valid_until", NULL);
	au_put_str(pg, in, "certificate_valid_until", "certificate_valid_until");
	for (int i = 0; i < pg->form.n && !system; i++)
		system = strncmp(pg->form.f[i].name, "sys_", 4) == 0 ||
			 strncmp(pg->form.f[i].name, "proc_", 5) == 0;
	if (!system)
		return;
	sys = json_pack("{s:b, s:b, s:b, s:{s:b, s:b, s:b, s:b, s:b}}",
		"organisation", form_get(&pg->form, "sys_organisation") != NULL,
		"deviation_handling", form_get(&pg->form, "sys_deviation_handling") != NULL,
		"quality_development", form_get(&pg->form, "sys_quality_development") != NULL,
		"processes",
		"organisation_competence", form_get(&pg->form, "proc_organisation_competence") != NULL,
		"delivery", form_get(&pg->form, "proc_delivery") != NULL,
		"deviations", form_get(&pg->form, "proc_deviations") != NULL,
		"follow_up", form_get(&pg->form, "proc_follow_up") != NULL,
		"development", form_get(&pg->form, "proc_development") != NULL);
	au_put_str(pg, sys, "responsible_person", "responsible_person");
	json_object_set_new(in, "system", sys);
}

int au_check_post(struct page *pg)
{
	static const char *const fields[] = { "subject", "subcontractor_id",
		"assessment", "acceptable", "certificate",
		"certificate_valid_until", NULL };
	static const char *const first[] = { "subject", "credit_rating_sufficient",
		"ref1_client", "certificate" };
	int kind = kind_of(form_get(&pg->form, "kind"));
	struct kverr e = { 0 };
	json_t *in, *out;
	char base[80];

	if (kind < 0)
		return pg_error_page(pg, 400, "error.title", "error.bad_form");
	in = app_arg(pg);
	json_object_set_new(in, "kind", json_string(check_kinds[kind]));
	switch (kind) {
	case 0:  conduct_input(pg, in); break;
	case 1:  finances_input(pg, in); break;
	case 2:  references_input(pg, in); break;
	default: quality_input(pg, in); break;
	}
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_check_record, true, in, &out, &e) == 0) {
		json_decref(out);
		base_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "check");
		return 0;
	}
	if (pg->errors.n == 0) {
		if (e.cls == KVERR_NOT_FOUND || e.cls == KVERR_CONFLICT)
			return pg_fail(pg, &e);
		au_refusal(pg, &e, first[kind], fields);
	} else {
		json_decref(in);
	}
	pg->status = 422;
	return render_check_form(pg, kind);
}
