/*
 * page_authority_cases.c — what providers send the case officer about
 * a participant (issue 8 §3): requests for a reassessment when something
 * unknown before matters, granted with a new assessment — by the
 * model or the duration rule, or a track the officer sets — or denied,
 * with the reason; and deviation reports (D-6), handled with a decision
 * and its reason.
 *
 * Read with app_reassessment_requests_list / app_reassessment_request_get
 * and app_deviations_list / app_deviation_get; decided with
 * app_reassessment_decide and app_deviation_decide.
 */
#include "http/page_authority.h"
#include "app/journey.h"

#include <stdio.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One row by its id through a get use case; NULL with the page written
 * as its refusal (not found …) when there is none. */
static json_t *get_row(struct page *pg, app_usecase_fn fn, const char *key,
		       int64_t id)
{
	struct kverr e = { 0 };
	json_t *row;

	if (pg_app(pg, fn, false, json_pack("{s:I}", key, (json_int_t)id), &row,
		   &e)) {
		pg_fail(pg, &e);
		return NULL;
	}
	return row;
}

static void status_filter(struct page *pg, const char *action,
			  const struct pg_option *opts, int n, const char *status)
{
	pg_form_open(pg, "get", action, "filter-row");
	pg_select(pg, "status", "authority.queue.show", opts, n, status, false);
	pg_button(pg, "authority.queue.filter", "secondary");
	pg_form_close(pg);
}

/* The status asked for, if it is one of opts; else the first. */
static const char *status_of(const struct page *pg, const struct pg_option *opts,
			     int n)
{
	const char *s = pg_query(pg, "status");

	for (int i = 0; s && i < n; i++)
		if (strcmp(opts[i].value, s) == 0)
			return opts[i].value;
	return opts[0].value;
}

static void fact(struct page *pg, const char *key)
{
	html_raw(&pg->out, "<dt>");
	pg_text(pg, key);
	html_raw(&pg->out, "</dt><dd>");
}

/* ------------------------------------------------ reassessment requests */

static const struct pg_option request_statuses[] = {
	{ "pending", "authority.req_status.pending" },
	{ "granted", "authority.req_status.granted" },
	{ "denied", "authority.req_status.denied" },
};

int au_requests(struct page *pg)
{
	const char *status = status_of(pg, request_statuses, N(request_statuses));
	struct kverr e = { 0 };
	json_t *list, *r, *names;
	size_t i;

	pg->nav = "authority";
	pg_title(pg, "authority.requests.title", NULL);
	pg_elem(pg, "p", "authority.requests.lead");
	status_filter(pg, "/authority/reassessments", request_statuses,
		      N(request_statuses), status);
	if (pg_app(pg, app_reassessment_requests_list, false,
		   json_pack("{s:s}", "status", status), &list, &e))
		return pg_fail(pg, &e);
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.requests.empty");
		json_decref(list);
		return 0;
	}
	names = au_provider_names(pg);
	au_table_open(pg, "requests", "authority.requests.caption");
	au_table_head(pg, "authority.col.request", "authority.col.ref",
		      "authority.col.provider", "authority.col.requested_on",
		      "authority.col.status", NULL);
	json_array_foreach(list, i, r) {
		char label[48];

		snprintf(label, sizeof(label), "%s %lld", pg_t(pg,
			 "authority.col.request"), (long long)au_int(r, "id"));
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/reassessments/", au_int(r, "id"), NULL,
			   label);
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_str(r, "ref"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_provider_name(names, au_int(r, "provider_id")));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(r, "requested_on"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.req_status", au_str(r, "status"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
	json_decref(names);
	json_decref(list);
	return 0;
}

static void request_facts(struct page *pg, const json_t *r)
{
	json_t *names = au_provider_names(pg);

	html_raw(&pg->out, "<dl class=\"facts\">");
	fact(pg, "authority.col.ref");
	au_link_id(pg, "/authority/jobseekers/", au_int(r, "jobseeker_id"), NULL,
		   au_str(r, "ref"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.provider");
	html_text(&pg->out, au_provider_name(names, au_int(r, "provider_id")));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.requested_on");
	au_date(pg, au_str(r, "requested_on"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.requests.why");
	html_text(&pg->out, au_str(r, "reason"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.status");
	au_enum(pg, "authority.req_status", au_str(r, "status"));
	html_raw(&pg->out, "</dd>");
	if (strcmp(au_str(r, "status"), "pending")) {
		fact(pg, "authority.col.decided_on");
		au_date(pg, au_str(r, "decided_on"));
		html_raw(&pg->out, "</dd>");
		fact(pg, "authority.col.reason");
		html_text(&pg->out, au_str(r, "decision_reason"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
	json_decref(names);
}

static void request_form(struct page *pg, int64_t id)
{
	static const struct pg_option decisions[] = {
		{ "grant", "authority.requests.grant" },
		{ "deny", "authority.requests.deny" },
	};
	static const struct pg_option tracks[] = {
		{ "", "authority.assess.track_auto" },
		{ "1", "authority.assess.track_1" }, { "2", "authority.assess.track_2" },
		{ "3", "authority.assess.track_3" }, { "4", "authority.assess.track_4" },
	};
	char action[80];

	snprintf(action, sizeof(action), "/authority/reassessments/%lld",
		 (long long)id);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"decide-h\">"
		 "<h2 id=\"decide-h\">");
	pg_text(pg, "authority.requests.decide");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "decision", "authority.col.decision", decisions,
		  N(decisions), NULL);
	au_select(pg, "track", "authority.requests.track", tracks, N(tracks), "");
	au_textarea(pg, "reason", "authority.field.reason", NULL);
	pg_button(pg, "authority.requests.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_request(struct page *pg)
{
	int64_t id = pg_param_int(pg, "request_id");
	json_t *r = get_row(pg, app_reassessment_request_get, "request_id", id);
	char num[24];

	if (!r)
		return 0;
	snprintf(num, sizeof(num), "%lld", (long long)id);
	pg->nav = "authority";
	pg_title(pg, "authority.request.title", "n", num, NULL);
	au_done(pg);
	pg_error_summary(pg);
	request_facts(pg, r);
	if (au_officer(pg) && strcmp(au_str(r, "status"), "pending") == 0)
		request_form(pg, id);
	html_raw(&pg->out, "<p>");
	au_link(pg, "/authority/reassessments", "authority.requests.back");
	html_raw(&pg->out, "</p>");
	json_decref(r);
	return 0;
}

int au_request(struct page *pg)
{
	return render_request(pg);
}

int au_request_post(struct page *pg)
{
	static const char *const fields[] = { "decision", "track", "reason", NULL };
	int64_t id = pg_param_int(pg, "request_id");
	struct kverr e = { 0 };
	json_t *in = json_pack("{s:I}", "request_id", (json_int_t)id), *out;
	char to[80];

	au_require(pg, "decision", "reason", NULL);
	au_put_str(pg, in, "decision", "decision");
	au_put_int(pg, in, "track", "track", 1, 4);
	au_put_str(pg, in, "reason", "reason");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_reassessment_decide, true, in, &out, &e) == 0) {
		json_decref(out);
		snprintf(to, sizeof(to), "/authority/reassessments/%lld", (long long)id);
		au_redirect_done(pg, to, "request");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "decision", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_request(pg);
}

/* ------------------------------------------------------------ deviations */

static const struct pg_option deviation_statuses[] = {
	{ "open", "authority.dev_status.open" },
	{ "decided", "authority.dev_status.decided" },
};

int au_deviations(struct page *pg)
{
	const char *status = status_of(pg, deviation_statuses,
				       N(deviation_statuses));
	struct kverr e = { 0 };
	json_t *list, *d, *names;
	size_t i;

	pg->nav = "authority";
	pg_title(pg, "authority.deviations.title", NULL);
	pg_elem(pg, "p", "authority.deviations.lead");
	status_filter(pg, "/authority/deviations", deviation_statuses,
		      N(deviation_statuses), status);
	if (pg_app(pg, app_deviations_list, false,
		   json_pack("{s:s}", "status", status), &list, &e))
		return pg_fail(pg, &e);
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.deviations.empty");
		json_decref(list);
		return 0;
	}
	names = au_provider_names(pg);
	au_table_open(pg, "deviations", "authority.deviations.caption");
	au_table_head(pg, "authority.col.report", "authority.col.ref",
		      "authority.col.provider", "authority.col.kind",
		      "authority.col.occurred_on", "authority.col.status", NULL);
	json_array_foreach(list, i, d) {
		char label[48];

		snprintf(label, sizeof(label), "%s %lld", pg_t(pg,
			 "authority.col.report"), (long long)au_int(d, "id"));
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/deviations/", au_int(d, "id"), NULL, label);
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_str(d, "ref"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_provider_name(names, au_int(d, "provider_id")));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.dev_kind", au_str(d, "kind"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(d, "occurred_on"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.dev_status", au_str(d, "status"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
	json_decref(names);
	json_decref(list);
	return 0;
}

static void deviation_facts(struct page *pg, const json_t *d)
{
	json_t *names = au_provider_names(pg);

	html_raw(&pg->out, "<dl class=\"facts\">");
	fact(pg, "authority.col.ref");
	html_text(&pg->out, au_str(d, "ref"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.provider");
	html_text(&pg->out, au_provider_name(names, au_int(d, "provider_id")));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.kind");
	au_enum(pg, "authority.dev_kind", au_str(d, "kind"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.occurred_on");
	au_date(pg, au_str(d, "occurred_on"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.col.reported_on");
	au_date(pg, au_str(d, "reported_on"));
	html_raw(&pg->out, "</dd>");
	fact(pg, "authority.deviations.text");
	html_text(&pg->out, au_str(d, "text"));
	html_raw(&pg->out, "</dd>");
	if (strcmp(au_str(d, "status"), "open")) {
		fact(pg, "authority.col.decision");
		au_enum(pg, "authority.dev_decision", au_str(d, "decision"));
		html_raw(&pg->out, "</dd>");
		fact(pg, "authority.col.decided_on");
		au_date(pg, au_str(d, "decided_on"));
		html_raw(&pg->out, "</dd>");
		fact(pg, "authority.col.reason");
		html_text(&pg->out, au_str(d, "decision_reason"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
	json_decref(names);
}

static void deviation_form(struct page *pg, int64_t id)
{
	static const struct pg_option decisions[] = {
		{ "no_action", "authority.dev_decision.no_action" },
		{ "talk_to_jobseeker", "authority.dev_decision.talk_to_jobseeker" },
		{ "notify_benefit_fund", "authority.dev_decision.notify_benefit_fund" },
	};
	char action[80];

	snprintf(action, sizeof(action), "/authority/deviations/%lld", (long long)id);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"decide-h\">"
		 "<h2 id=\"decide-h\">");
	pg_text(pg, "authority.deviations.decide");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "decision", "authority.col.decision", decisions,
		  N(decisions), NULL);
	au_textarea(pg, "reason", "authority.field.reason", NULL);
	pg_button(pg, "authority.deviations.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_deviation(struct page *pg)
{
	int64_t id = pg_param_int(pg, "deviation_id");
	json_t *d = get_row(pg, app_deviation_get, "deviation_id", id);
	char num[24];

	if (!d)
		return 0;
	snprintf(num, sizeof(num), "%lld", (long long)id);
	pg->nav = "authority";
	pg_title(pg, "authority.deviation.title", "n", num, NULL);
	au_done(pg);
	pg_error_summary(pg);
	deviation_facts(pg, d);
	if (au_officer(pg) && strcmp(au_str(d, "status"), "open") == 0)
		deviation_form(pg, id);
	html_raw(&pg->out, "<p>");
	au_link(pg, "/authority/deviations", "authority.deviations.back");
	html_raw(&pg->out, "</p>");
	json_decref(d);
	return 0;
}

int au_deviation(struct page *pg)
{
	return render_deviation(pg);
}

int au_deviation_post(struct page *pg)
{
	static const char *const fields[] = { "decision", "reason", NULL };
	int64_t id = pg_param_int(pg, "deviation_id");
	struct kverr e = { 0 };
	json_t *in = json_pack("{s:I}", "deviation_id", (json_int_t)id), *out;
	char to[80];

	au_require(pg, "decision", "reason", NULL);
	au_put_str(pg, in, "decision", "decision");
	au_put_str(pg, in, "reason", "reason");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_deviation_decide, true, in, &out, &e) == 0) {
		json_decref(out);
		snprintf(to, sizeof(to), "/authority/deviations/%lld", (long long)id);
		au_redirect_done(pg, to, "deviation");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "decision", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_deviation(pg);
}
