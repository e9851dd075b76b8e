/*
 * page_authority_applications.c — the case officer's applications (issue 8
 * §3): the queue with the days left to decide, an application with
 * its checklist — conduct of the company's people and of each
 * subcontractor, finances, experience, quality management
 * — and the decision per delivery area with who decided under which
 * delegation.  The forms that record the checks are in
 * page_authority_checks.c.
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

/*
 * The verdicts core/qualify.c records are English sentences (stored with
 * the check, so the record never changes); the pages read them in the
 * reader's language.  A sentence not listed shows as recorded, marked as
 * English.  tests/unit/test_page_authority.c checks this list against
 * what core/qualify.c says.
 */
static const struct {
	const char *en, *key;
} verdicts[] = {
	{ "No register showed anything.", "authority.verdict.no_hits" },
	{ "A register showed something; the overall assessment found it"
	  " acceptable.", "authority.verdict.hit_acceptable" },
	{ "A register showed something; the overall assessment found it not"
	  " acceptable.", "authority.verdict.hit_not_acceptable" },
	{ "The credit rating is not sufficient.", "authority.verdict.credit" },
	{ "The company cannot carry premises and staff costs in the minimum"
	  " scenario.", "authority.verdict.minimum" },
	{ "A new company must submit both a financing plan and a business"
	  " plan.", "authority.verdict.new_company" },
	{ "Liability insurance for the whole contract is missing.",
	  "authority.verdict.insurance" },
	{ "Finances are sufficient, relying on another company's capacity.",
	  "authority.verdict.finances_relying" },
	{ "Finances are sufficient.", "authority.verdict.finances_ok" },
	{ "Knowledge of the regulations is not shown.",
	  "authority.verdict.regulations" },
	{ "Competence is demonstrated instead of reference assignments.",
	  "authority.verdict.competence" },
	{ "Valid ISO 9001 certificate.", "authority.verdict.iso" },
	{ "Valid industry authorisation.", "authority.verdict.industry" },
	{ "The quality management system is described to the required level.",
	  "authority.verdict.system_ok" },
	{ "The certificate has expired and the quality management system is"
	  " not fully described.", "authority.verdict.expired" },
	{ "The quality management system lacks required parts (organisation,"
	  " deviations, development, the five processes, a responsible"
	  " person).", "authority.verdict.system_missing" },
};

/* The two with numbers: Q-4's reference assignments. */
static bool reference_verdict(struct page *pg, const char *s)
{
	long long n = 0, size = 0, need = 0;
	char a[24], b[24], c[24];
	int end = -1;

	if (sscanf(s, "%lld reference assignments with at least %lld"
		   " participants each (%lld needed).%n", &n, &size, &need,
		   &end) == 3 && end == (int)strlen(s)) {
		snprintf(a, sizeof(a), "%lld", n);
		snprintf(b, sizeof(b), "%lld", size);
		snprintf(c, sizeof(c), "%lld", need);
		pg_textf(pg, "authority.verdict.references_ok", "n", a, "size", b,
			 "need", c, NULL);
		return true;
	}
	end = -1;
	if (sscanf(s, "Only %lld reference assignments with at least %lld"
		   " participants; %lld are needed, or demonstrated"
		   " competence.%n", &n, &size, &need, &end) == 3 &&
	    end == (int)strlen(s)) {
		snprintf(a, sizeof(a), "%lld", n);
		snprintf(b, sizeof(b), "%lld", size);
		snprintf(c, sizeof(c), "%lld", need);
		pg_textf(pg, "authority.verdict.references_short", "n", a, "size",
			 b, "need", c, NULL);
		return true;
	}
	return false;
}

static void verdict_reason(struct page *pg, const char *s)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (strcmp(verdicts[i].en, s) == 0) {
			pg_text(pg, verdicts[i].key);
			return;
		}
	if (!reference_verdict(pg, s))
		au_system_text(pg, s);
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
	verdict_reason(pg, au_str(c, "reason"));
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
	/* What matters most first: on a phone the rest scrolls aside. */
	html_raw(&pg->out, "</th><td>");
	days_left(pg, row);
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(row, "deadline"));
	html_raw(&pg->out, "</td><td>");
	if (pg_app(pg, app_application_get, false, json_pack("{s:I}",
		   "application_id", (json_int_t)au_int(row, "id")), &full, &e) == 0) {
		snprintf(num, sizeof(num), "%d",
			 kinds_passed(json_object_get(full, "checks")));
		pg_textf(pg, "authority.queue.checks_n", "n", num, NULL);
		json_decref(full);
	}
	html_raw(&pg->out, "</td><td>");
	au_enum(pg, "authority.status", au_str(row, "status"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(row, "submitted_on"));
	html_raw(&pg->out, "</td><td>");
	html_text(&pg->out, au_str(row, "programme_name"));
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
	au_table_head(pg, "authority.col.provider", "authority.col.days_left",
		      "authority.col.deadline", "authority.col.checks",
		      "authority.col.status", "authority.col.submitted",
		      "authority.col.programme", NULL);
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
	if (json_is_integer(json_object_get(a, "days_left"))) {
		html_raw(&pg->out, " (");
		days_left(pg, a);
		html_raw(&pg->out, ")");
	}
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

json_t *au_subcontractors(struct page *pg, const json_t *a)
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
	subs = au_subcontractors(pg, a);
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
