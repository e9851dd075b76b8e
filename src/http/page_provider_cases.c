/*
 * page_provider_cases.c — what the provider tells the authority about a
 * participant, and the answers (issue 8 §2): deviation reports (D-6) and
 * requests for a new assessment, on the participant's page and all
 * together on /provider/deviations with the case officer's decisions.
 *
 * The use cases (app/deviations.c, reassess.c) check every rule.
 */
#include "page_provider.h"
#include "app/journey.h"
#include "core/limits.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------- deviations */

static const struct pg_option kinds[] = {
	{ "missed_meeting", "prov.kind.missed_meeting" },
	{ "insufficient_job_search", "prov.kind.insufficient_job_search" },
	{ "other", "prov.kind.other" },
};

static void deviation_rows(struct page *pg, const json_t *rows, int64_t only,
			   bool with_ref)
{
	json_t *d;
	size_t i;

	json_array_foreach(rows, i, d) {
		if (only && pv_int(d, "participation_id") != only)
			continue;
		html_raw(&pg->out, "<tr>");
		if (with_ref) {
			html_raw(&pg->out, "<td><a href=\"/provider/participants/");
			html_int(&pg->out, pv_int(d, "participation_id"));
			html_raw(&pg->out, "\">");
			pv_ref(pg, pv_str(d, "ref"));
			html_raw(&pg->out, "</a></td>");
		}
		html_raw(&pg->out, "<td>");
		pg_date(pg, pv_str(d, "occurred_on"));
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.kind", pv_str(d, "kind"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(d, "text"));
		html_raw(&pg->out, "</td><td>");
		if (strcmp(pv_str(d, "status"), "decided") == 0) {
			pv_code(pg, "prov.decision", pv_str(d, "decision"));
			html_raw(&pg->out, " (");
			pg_date(pg, pv_str(d, "decided_on"));
			html_raw(&pg->out, "): ");
			html_text(&pg->out, pv_str(d, "decision_reason"));
		} else {
			pg_text(pg, "prov.waiting");
		}
		html_raw(&pg->out, "</td></tr>");
	}
}

void pv_deviations_section(struct page *pg, int64_t id)
{
	static const char *const cols[] = { "prov.col.occurred", "prov.col.kind",
					    "prov.col.text", "prov.col.decision",
					    NULL };
	struct kverr e = { 0 };
	json_t *rows, *d;
	size_t i, n = 0;

	pv_section_open(pg, "dev-h", "prov.deviations_heading");
	if (pg_app(pg, app_deviations_list, false, json_object(), &rows, &e) == 0)
		json_array_foreach(rows, i, d)
			n += pv_int(d, "participation_id") == id;
	if (n == 0) {
		pg_elem(pg, "p", "prov.deviations_none");
	} else {
		pv_table_open(pg, "prov.deviations_caption", cols);
		deviation_rows(pg, rows, id, false);
		pv_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	json_decref(rows);
}

static int deviation_form(struct page *pg, int64_t id, const json_t *p)
{
	struct pg_input when = { .name = "occurred_on",
		.label_key = "prov.deviation_when", .hint_key = "prov.date_hint",
		.type = "date", .value = form_get(&pg->form, "occurred_on"),
		.maxlength = 10, .required = true };
	char action[96];

	pg->nav = "prov-participants";
	pg_title(pg, "prov.deviation_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "prov.deviation_lead");
	snprintf(action, sizeof(action), "/provider/participants/%lld/deviation",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pv_radios(pg, "kind", "prov.deviation_kind", kinds, 3,
		  form_get(&pg->form, "kind"));
	pg_input(pg, &when);
	pg_textarea(pg, "text", "prov.deviation_text", "prov.deviation_text_hint",
		    form_get(&pg->form, "text"), LIMIT_TEXT);
	pg_button(pg, "prov.deviation_send", NULL);
	pg_form_close(pg);
	pv_back_to_participant(pg, id);
	return 0;
}

int pv_deviation_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);

	if (p)
		deviation_form(pg, id, p);
	json_decref(p);
	return 0;
}

int pv_deviation_post(struct page *pg)
{
	static const char *const fields[] = { "kind", "occurred_on", "text", NULL };
	int64_t id = pg_param_int(pg, "participation_id");
	const char *kind = form_get(&pg->form, "kind");
	char on[DATE_STRLEN + 1], text[LIMIT_TEXT + 1];
	struct kverr e = { 0 };
	json_t *out;
	bool known = false;

	for (int i = 0; i < 3; i++)
		known |= kind && strcmp(kind, kinds[i].value) == 0;
	if (!known)
		form_error_add(&pg->errors, "kind", "prov.error.choose");
	pv_date_field(pg, "occurred_on", true, on, sizeof(on));
	pv_required(pg, "text", text, sizeof(text));
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_deviation_report, true,
		   json_pack("{s:I, s:s, s:s, s:s}", "participation_id",
			     (json_int_t)id, "kind", kind, "occurred_on", on,
			     "text", text), &out, &e) == 0) {
		json_decref(out);
		pv_to_participant(pg, id, "deviation");
		return 0;
	}
	if (pg->errors.n == 0)
		pv_form_error(pg, &e, fields, "occurred_on");
	return pv_again(pg, deviation_form, id);
}

/* ----------------------------------------------------- reassessment */

static void request_rows(struct page *pg, const json_t *rows, int64_t only,
			 bool with_ref)
{
	json_t *r;
	size_t i;

	json_array_foreach(rows, i, r) {
		if (only && pv_int(r, "participation_id") != only)
			continue;
		html_raw(&pg->out, "<tr>");
		if (with_ref) {
			html_raw(&pg->out, "<td><a href=\"/provider/participants/");
			html_int(&pg->out, pv_int(r, "participation_id"));
			html_raw(&pg->out, "\">");
			pv_ref(pg, pv_str(r, "ref"));
			html_raw(&pg->out, "</a></td>");
		}
		html_raw(&pg->out, "<td>");
		pg_date(pg, pv_str(r, "requested_on"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "reason"));
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.request", pv_str(r, "status"));
		if (*pv_str(r, "decided_on")) {
			html_raw(&pg->out, " (");
			pg_date(pg, pv_str(r, "decided_on"));
			html_raw(&pg->out, "): ");
			html_text(&pg->out, pv_str(r, "decision_reason"));
		}
		html_raw(&pg->out, "</td></tr>");
	}
}

void pv_requests_section(struct page *pg, int64_t id)
{
	static const char *const cols[] = { "prov.col.requested", "prov.col.reason",
					    "prov.col.decision", NULL };
	struct kverr e = { 0 };
	json_t *rows, *r;
	size_t i, n = 0;

	pv_section_open(pg, "req-h", "prov.requests_heading");
	if (pg_app(pg, app_reassessment_requests_list, false, json_object(), &rows,
		   &e) == 0)
		json_array_foreach(rows, i, r)
			n += pv_int(r, "participation_id") == id;
	if (n == 0) {
		pg_elem(pg, "p", "prov.requests_none");
	} else {
		pv_table_open(pg, "prov.requests_caption", cols);
		request_rows(pg, rows, id, false);
		pv_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	json_decref(rows);
}

static int reassess_form(struct page *pg, int64_t id, const json_t *p)
{
	char action[96];

	pg->nav = "prov-participants";
	pg_title(pg, "prov.reassess_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "prov.reassess_lead");
	snprintf(action, sizeof(action), "/provider/participants/%lld/reassessment",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pg_textarea(pg, "reason", "prov.reassess_reason", "prov.reassess_hint",
		    form_get(&pg->form, "reason"), LIMIT_TEXT);
	pg_button(pg, "prov.reassess_send", NULL);
	pg_form_close(pg);
	pv_back_to_participant(pg, id);
	return 0;
}

int pv_reassess_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);

	if (p)
		reassess_form(pg, id, p);
	json_decref(p);
	return 0;
}

int pv_reassess_post(struct page *pg)
{
	static const char *const fields[] = { "reason", NULL };
	int64_t id = pg_param_int(pg, "participation_id");
	char reason[LIMIT_TEXT + 1];
	struct kverr e = { 0 };
	json_t *out;

	if (pv_required(pg, "reason", reason, sizeof(reason)) &&
	    pg_app(pg, app_reassessment_request, true,
		   json_pack("{s:I, s:s}", "participation_id", (json_int_t)id,
			     "reason", reason), &out, &e) == 0) {
		json_decref(out);
		pv_to_participant(pg, id, "reassessment");
		return 0;
	}
	if (pg->errors.n == 0)
		pv_form_error(pg, &e, fields, "reason");
	return pv_again(pg, reassess_form, id);
}

/* ---------------------------------------- all deviations and requests */

int pv_deviations_page(struct page *pg)
{
	static const char *const dcols[] = { "prov.col.ref", "prov.col.occurred",
					     "prov.col.kind", "prov.col.text",
					     "prov.col.decision", NULL };
	static const char *const rcols[] = { "prov.col.ref", "prov.col.requested",
					     "prov.col.reason", "prov.col.decision",
					     NULL };
	struct kverr e = { 0 };
	json_t *devs, *reqs;

	pg->nav = "prov-deviations";
	if (pg_app(pg, app_deviations_list, false, json_object(), &devs, &e))
		return pg_fail(pg, &e);
	if (pg_app(pg, app_reassessment_requests_list, false, json_object(), &reqs,
		   &e)) {
		json_decref(devs);
		return pg_fail(pg, &e);
	}
	pg_title(pg, "prov.deviations_title", NULL);
	pg_elem(pg, "p", "prov.deviations_lead");
	pv_section_open(pg, "alldev-h", "prov.deviations_heading");
	if (json_array_size(devs) == 0) {
		pg_elem(pg, "p", "prov.deviations_none_all");
	} else {
		pv_table_open(pg, "prov.deviations_caption_all", dcols);
		deviation_rows(pg, devs, 0, true);
		pv_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	pv_section_open(pg, "allreq-h", "prov.requests_heading");
	if (json_array_size(reqs) == 0) {
		pg_elem(pg, "p", "prov.requests_none_all");
	} else {
		pv_table_open(pg, "prov.requests_caption_all", rcols);
		request_rows(pg, reqs, 0, true);
		pv_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	json_decref(devs);
	json_decref(reqs);
	return 0;
}
