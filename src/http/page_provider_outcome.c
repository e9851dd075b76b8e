/*
 * page_provider_outcome.c — the results a provider claims (issue 8 §2;
 * P-6 … P-8): the claim (type, first day, occupation, extent), the
 * evidence uploaded as a file (multipart/form-data, parsed by form.c
 * with the JSON API's limit on the file), the case officer's reviews,
 * and each month's confirmation that the work or studies go on and the
 * person supports themself.
 *
 * The use cases (app/outcomes.c, evidence.c) decide what counts; the
 * pages show their refusals next to the field.
 */
#include "page_provider.h"
#include "app/journey.h"
#include "core/limits.h"
#include "core/rulebook.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* P-6: the types that need an occupation code (as app/outcomes.c). */
static bool needs_occupation(const char *type)
{
	return type && (!strcmp(type, "employment") ||
			!strcmp(type, "own_business") ||
			!strcmp(type, "subsidised_employment"));
}

static void outcome_rows(struct page *pg, const json_t *rows, bool with_ref)
{
	json_t *o;
	size_t i;

	json_array_foreach(rows, i, o) {
		html_raw(&pg->out, "<tr><th scope=\"row\"><a href=\"/provider/outcomes/");
		html_int(&pg->out, pv_int(o, "id"));
		html_raw(&pg->out, "\">");
		pv_code(pg, "prov.outcome", pv_str(o, "type"));
		html_raw(&pg->out, "</a></th>");
		if (with_ref) {
			html_raw(&pg->out, "<td><a href=\"/provider/participants/");
			html_int(&pg->out, pv_int(o, "participation_id"));
			html_raw(&pg->out, "\">");
			pv_ref(pg, pv_str(o, "ref"));
			html_raw(&pg->out, "</a></td>");
		}
		html_raw(&pg->out, "<td>");
		pg_date(pg, pv_str(o, "starts_on"));
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.status", pv_str(o, "status"));
		html_raw(&pg->out, "</td><td>");
		html_int(&pg->out, pv_int(o, "evidence_count"));
		html_raw(&pg->out, "</td></tr>");
	}
}

void pv_outcomes_section(struct page *pg, int64_t id)
{
	static const char *const cols[] = { "prov.col.outcome", "prov.col.starts",
					    "prov.col.status", "prov.col.evidence",
					    NULL };
	struct kverr e = { 0 };
	json_t *rows = NULL;

	html_raw(&pg->out, "<section aria-labelledby=\"out-h\"><h2 id=\"out-h\">");
	pg_text(pg, "prov.outcomes_heading");
	html_raw(&pg->out, "</h2>");
	if (pg_app(pg, app_outcomes_list, false,
		   json_pack("{s:I}", "participation_id", (json_int_t)id), &rows,
		   &e) || json_array_size(rows) == 0) {
		pg_elem(pg, "p", "prov.outcomes_none");
	} else {
		pv_table_open(pg, "prov.outcomes_caption", cols);
		outcome_rows(pg, rows, false);
		pv_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	json_decref(rows);
}

int pv_outcomes_page(struct page *pg)
{
	static const char *const cols[] = { "prov.col.outcome", "prov.col.ref",
					    "prov.col.starts", "prov.col.status",
					    "prov.col.evidence", NULL };
	static const struct pg_option statuses[] = {
		{ "", "prov.status.any" }, { "claimed", "prov.status.claimed" },
		{ "approved", "prov.status.approved" },
		{ "rejected", "prov.status.rejected" } };
	const char *status = pg_query(pg, "status");
	struct kverr e = { 0 };
	json_t *in = json_object(), *rows;
	bool known = false;

	for (int i = 1; i < 4; i++)
		known |= status && strcmp(status, statuses[i].value) == 0;
	if (known)
		json_object_set_new(in, "status", json_string(status));
	pg->nav = "prov-outcomes";
	if (pg_app(pg, app_outcomes_list, false, in, &rows, &e))
		return pg_fail(pg, &e);
	pg_title(pg, "prov.outcomes_title", NULL);
	pg_elem(pg, "p", "prov.outcomes_lead");
	pg_form_open(pg, "get", "/provider/outcomes", "filter-row");
	pg_select(pg, "status", "prov.status_label", statuses, 4,
		  known ? status : "", false);
	pg_button(pg, "prov.show_button", "secondary");
	pg_form_close(pg);
	if (json_array_size(rows) == 0) {
		pg_elem(pg, "p", "prov.outcomes_none_all");
	} else {
		pv_table_open(pg, "prov.outcomes_caption_all", cols);
		outcome_rows(pg, rows, true);
		pv_table_close(pg);
	}
	json_decref(rows);
	return 0;
}

/* --------------------------------------------------------------- claim */

static int claim_form(struct page *pg, int64_t id, const json_t *p)
{
	struct pg_option types[RB_OUT_COUNT + 1];
	char keys[RB_OUT_COUNT][48], action[96];
	struct pg_input starts = { .name = "starts_on",
		.label_key = "prov.claim_starts", .hint_key = "prov.date_hint",
		.type = "date", .value = form_get(&pg->form, "starts_on"),
		.maxlength = 10, .required = true };
	struct pg_input ends = { .name = "ends_on",
		.label_key = "prov.claim_ends", .hint_key = "prov.claim_ends_hint",
		.type = "date", .value = form_get(&pg->form, "ends_on"),
		.maxlength = 10 };
	struct pg_input occupation = { .name = "occupation",
		.label_key = "prov.claim_occupation",
		.hint_key = "prov.claim_occupation_hint",
		.value = form_get(&pg->form, "occupation"), .inputmode = "numeric",
		.maxlength = 4 };
	struct pg_input extent = { .name = "extent_percent",
		.label_key = "prov.claim_extent", .hint_key = "prov.claim_extent_hint",
		.value = form_get(&pg->form, "extent_percent"),
		.inputmode = "numeric", .maxlength = 3, .required = true };

	types[0].value = "";
	types[0].label = "prov.choose_type";
	for (int i = 0; i < RB_OUT_COUNT; i++) {
		snprintf(keys[i], sizeof(keys[i]), "prov.outcome.%s",
			 rb_outcome_names[i]);
		types[i + 1].value = rb_outcome_names[i];
		types[i + 1].label = keys[i];
	}
	pg->nav = "prov-participants";
	pg_title(pg, "prov.claim_title", "name", pv_str(p, "given_name"),
		 "family", pv_str(p, "family_name"), NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "prov.claim_lead");
	snprintf(action, sizeof(action), "/provider/participants/%lld/outcome",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pg_select(pg, "type", "prov.claim_type", types, RB_OUT_COUNT + 1,
		  form_get(&pg->form, "type"), false);
	pg_input(pg, &starts);
	pg_input(pg, &ends);
	pg_input(pg, &occupation);
	pg_input(pg, &extent);
	pg_button(pg, "prov.claim_send", NULL);
	pg_form_close(pg);
	pv_back_to_participant(pg, id);
	return 0;
}

int pv_claim_page(struct page *pg)
{
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *p = pv_participation(pg, id);

	if (p)
		claim_form(pg, id, p);
	json_decref(p);
	return 0;
}

static json_t *claim_input(struct page *pg, int64_t id)
{
	const char *type = form_get(&pg->form, "type");
	char from[DATE_STRLEN + 1], to[DATE_STRLEN + 1], occ[LIMIT_CODE + 1];
	const char *ends, *occupation;
	int64_t extent;
	json_t *in;
	bool known = false;

	for (int i = 0; i < RB_OUT_COUNT; i++)
		known |= type && strcmp(type, rb_outcome_names[i]) == 0;
	if (!known)
		form_error_add(&pg->errors, "type", "prov.error.choose");
	pv_date_field(pg, "starts_on", true, from, sizeof(from));
	ends = pv_date_field(pg, "ends_on", false, to, sizeof(to));
	occupation = form_trimmed(&pg->form, "occupation", occ, sizeof(occ));
	if (!occupation && known && needs_occupation(type))
		form_error_add(&pg->errors, "occupation", "prov.error.required");
	extent = pv_whole(form_get(&pg->form, "extent_percent"), 100);
	if (extent < 1)
		form_error_add(&pg->errors, "extent_percent", "prov.error.extent");
	if (pg->errors.n)
		return NULL;
	in = json_pack("{s:I, s:s, s:s, s:I}", "participation_id", (json_int_t)id,
		       "type", type, "starts_on", from, "extent_percent",
		       (json_int_t)extent);
	if (ends)
		json_object_set_new(in, "ends_on", json_string(ends));
	if (occupation)
		json_object_set_new(in, "occupation", json_string(occupation));
	return in;
}

int pv_claim_post(struct page *pg)
{
	static const char *const fields[] = { "type", "starts_on", "ends_on",
					      "occupation", "extent_percent", NULL };
	int64_t id = pg_param_int(pg, "participation_id");
	json_t *in = claim_input(pg, id), *out, *p;
	struct kverr e = { 0 };
	char path[96];

	if (in && pg_app(pg, app_outcome_claim, true, in, &out, &e) == 0) {
		snprintf(path, sizeof(path), "/provider/outcomes/%lld?done=claimed",
			 (long long)pv_int(out, "id"));
		json_decref(out);
		pg_redirect(pg, path);
		return 0;
	}
	if (in)
		pv_form_error(pg, &e, fields, "type");
	if (!(p = pv_participation(pg, id)))
		return 0;
	pg->status = 422;
	claim_form(pg, id, p);
	json_decref(p);
	return 0;
}

/* ------------------------------------------------------------- outcome */

static void status_notice(struct page *pg, const json_t *o)
{
	const char *st = pv_str(o, "status");
	char key[48];

	snprintf(key, sizeof(key), "prov.status_explain.%s", st);
	html_raw(&pg->out, "<div class=\"notice\"><p><strong>");
	pv_code(pg, "prov.status", st);
	html_raw(&pg->out, ".</strong> ");
	if (i18n_has(pg->i18n, "sv", key))
		pg_text(pg, key);
	if (strcmp(st, "claimed") == 0 && pv_int(o, "evidence_count") == 0) {
		html_raw(&pg->out, " ");
		pg_text(pg, "prov.needs_evidence");
	}
	html_raw(&pg->out, "</p></div>");
}

static void outcome_facts(struct page *pg, const json_t *o)
{
	char pct[16];

	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "prov.col.ref");
	html_raw(&pg->out, "</dt><dd><a href=\"/provider/participants/");
	html_int(&pg->out, pv_int(o, "participation_id"));
	html_raw(&pg->out, "\">");
	pv_ref(pg, pv_str(o, "ref"));
	html_raw(&pg->out, "</a></dd><dt>");
	pg_text(pg, "prov.claim_starts");
	html_raw(&pg->out, "</dt><dd>");
	pg_date(pg, pv_str(o, "starts_on"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "prov.claim_ends");
	html_raw(&pg->out, "</dt><dd>");
	if (*pv_str(o, "ends_on"))
		pg_date(pg, pv_str(o, "ends_on"));
	else
		pg_text(pg, "prov.goes_on");
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "prov.claim_occupation");
	html_raw(&pg->out, "</dt><dd>");
	if (*pv_str(o, "occupation"))
		html_text(&pg->out, pv_str(o, "occupation"));
	else
		html_raw(&pg->out, "–");
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "prov.claim_extent");
	html_raw(&pg->out, "</dt><dd>");
	snprintf(pct, sizeof(pct), "%lld", (long long)pv_int(o, "extent_percent"));
	pg_textf(pg, "prov.percent", "n", pct, NULL);
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "prov.claimed_on");
	html_raw(&pg->out, "</dt><dd>");
	pg_date(pg, pv_str(o, "claimed_on"));
	html_raw(&pg->out, "</dd></dl>");
}

static void evidence_table(struct page *pg, const json_t *ev)
{
	static const char *const cols[] = { "prov.col.file", "prov.col.type",
					    "prov.col.size", "prov.col.uploaded",
					    NULL };
	json_t *v;
	size_t i;

	if (json_array_size(ev) == 0) {
		pg_elem(pg, "p", "prov.evidence_none");
		return;
	}
	pv_table_open(pg, "prov.evidence_caption", cols);
	json_array_foreach(ev, i, v) {
		char day[DATE_STRLEN], kib[24];

		date_format(app_civil_date(pv_int(v, "uploaded_at")), day);
		snprintf(kib, sizeof(kib), "%lld",
			 (long long)(pv_int(v, "size") + 1023) / 1024);
		html_raw(&pg->out, "<tr><th scope=\"row\"><a href=\"/provider/evidence/");
		html_int(&pg->out, pv_int(v, "id"));
		html_raw(&pg->out, "\" download>");
		html_text(&pg->out, pv_str(v, "filename"));
		html_raw(&pg->out, "</a></th><td>");
		html_text(&pg->out, pv_str(v, "media_type"));
		html_raw(&pg->out, "</td><td>");
		pg_textf(pg, "prov.kib", "n", kib, NULL);
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, day);
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

/* P-8: the certificate as a file; multipart/form-data with the token. */
static void upload_form(struct page *pg, int64_t id)
{
	bool err = form_error_for(&pg->errors, "file") != NULL;
	char kib[16];

	html_raw(&pg->out, "<form method=\"post\" enctype=\"multipart/form-data\""
		 " novalidate action=\"/provider/outcomes/");
	html_int(&pg->out, id);
	html_raw(&pg->out, "/evidence\" class=\"upload\">");
	pg_hidden(pg, FORM_CSRF_FIELD, pg->csrf);
	html_raw(&pg->out, err ? "<div class=\"field has-error\">" :
		 "<div class=\"field\">");
	html_raw(&pg->out, "<label for=\"f-file\">");
	pg_text(pg, "prov.evidence_file");
	html_raw(&pg->out, "</label><p class=\"hint\" id=\"f-file-hint\">");
	snprintf(kib, sizeof(kib), "%d", LIMIT_EVIDENCE_BYTES / 1024);
	pg_textf(pg, "prov.evidence_hint", "kib", kib, NULL);
	html_raw(&pg->out, "</p>");
	pg_field_error(pg, "file");
	html_raw(&pg->out, "<input type=\"file\" id=\"f-file\" name=\"file\""
		 " accept=\".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg\"");
	html_raw(&pg->out, err ? " aria-describedby=\"f-file-hint f-file-error\""
		 " aria-invalid=\"true\"" : " aria-describedby=\"f-file-hint\"");
	html_raw(&pg->out, "></div>");
	pg_button(pg, "prov.evidence_send", NULL);
	html_raw(&pg->out, "</form>");
}

static void reviews_table(struct page *pg, const json_t *rv)
{
	static const char *const cols[] = { "prov.col.reviewed", "prov.col.verdict",
					    "prov.col.reason", NULL };
	json_t *r;
	size_t i;

	if (json_array_size(rv) == 0) {
		pg_elem(pg, "p", "prov.reviews_none");
		return;
	}
	pv_table_open(pg, "prov.reviews_caption", cols);
	json_array_foreach(rv, i, r) {
		html_raw(&pg->out, "<tr><td>");
		pg_date(pg, pv_str(r, "reviewed_on"));
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.status", pv_str(r, "verdict"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "reason"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static void yes_no(struct page *pg, const json_t *o, const char *key)
{
	pg_text(pg, json_is_true(json_object_get(o, key)) ? "prov.yes" : "prov.no");
}

static void months_table(struct page *pg, const json_t *o)
{
	static const char *const cols[] = { "prov.col.month", "prov.col.continues",
					    "prov.col.self_supporting",
					    "prov.col.confirmed",
					    "prov.col.income_verified", NULL };
	const json_t *months = json_object_get(o, "months");
	char n[16];
	json_t *m;
	size_t i;

	snprintf(n, sizeof(n), "%lld", (long long)pv_int(o, "months_counted"));
	html_raw(&pg->out, "<p>");
	pg_textf(pg, "prov.months_counted", "n", n, NULL);
	html_raw(&pg->out, "</p>");
	if (json_array_size(months) == 0) {
		pg_elem(pg, "p", "prov.months_none");
		return;
	}
	pv_table_open(pg, "prov.months_caption", cols);
	json_array_foreach(months, i, m) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		pv_month(pg, pv_str(m, "month"));
		html_raw(&pg->out, "</th><td>");
		yes_no(pg, m, "continues");
		html_raw(&pg->out, "</td><td>");
		yes_no(pg, m, "self_supporting");
		html_raw(&pg->out, "</td><td>");
		if (json_is_true(json_object_get(m, "provider_confirmed")))
			pv_date_or_dash(pg, pv_str(m, "confirmed_on"));
		else
			pg_text(pg, "prov.no");
		html_raw(&pg->out, "</td><td>");
		yes_no(pg, m, "income_verified");
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

/* P-8: the months from the first to now (or the end) not yet confirmed
 * by the provider, newest first. */
static int open_months(struct page *pg, const json_t *o, char bufs[][MONTH_STRLEN],
		       int max)
{
	month_t first = date_month(row_date(o, "starts_on"));
	month_t last = date_month(app_civil_date(app_now(pg->app)));
	int n = 0;

	if (*pv_str(o, "ends_on") && date_month(row_date(o, "ends_on")) < last)
		last = date_month(row_date(o, "ends_on"));
	for (month_t m = last; m >= first && n < max; m--) {
		char ym[MONTH_STRLEN];
		bool done = false;
		json_t *r;
		size_t i;

		month_format(m, ym);
		json_array_foreach(json_object_get(o, "months"), i, r)
			done |= strcmp(pv_str(r, "month"), ym) == 0 &&
				json_is_true(json_object_get(r, "provider_confirmed"));
		if (!done)
			memcpy(bufs[n++], ym, MONTH_STRLEN);
	}
	return n;
}

static void confirm_form(struct page *pg, const json_t *o, int64_t id)
{
	static const struct pg_option yn[] = { { "yes", "prov.yes" },
					       { "no", "prov.no" } };
	char months[24][MONTH_STRLEN], labels[24][80], action[96];
	struct pg_option opts[24];
	int n = open_months(pg, o, months, 24);

	if (strcmp(pv_str(o, "status"), "rejected") == 0) {
		pg_elem(pg, "p", "prov.confirm_rejected");
		return;
	}
	if (n == 0) {
		pg_elem(pg, "p", "prov.confirm_all_done");
		return;
	}
	for (int i = 0; i < n; i++) {
		pv_month_into(pg, months[i], labels[i], sizeof(labels[i]));
		opts[i].value = months[i];
		opts[i].label = labels[i];
	}
	snprintf(action, sizeof(action), "/provider/outcomes/%lld/months",
		 (long long)id);
	pg_form_open(pg, "post", action, NULL);
	pg_select(pg, "month", "prov.confirm_month", opts, n,
		  form_get(&pg->form, "month"), true);
	pv_radios(pg, "continues", "prov.confirm_continues", yn, 2,
		  form_get(&pg->form, "continues"));
	pv_radios(pg, "self_supporting", "prov.confirm_self_supporting", yn, 2,
		  form_get(&pg->form, "self_supporting"));
	pg_button(pg, "prov.confirm_send", NULL);
	pg_form_close(pg);
}

static int render_outcome(struct page *pg, int64_t id)
{
	struct kverr e = { 0 };
	json_t *o;

	if (pg_app(pg, app_outcome_get, false,
		   json_pack("{s:I}", "outcome_id", (json_int_t)id), &o, &e))
		return pg_fail(pg, &e);
	pg->nav = "prov-outcomes";
	{
		char type[96];

		snprintf(type, sizeof(type), "prov.outcome.%s", pv_str(o, "type"));
		pg_title(pg, "prov.outcome_title", "type",
			 i18n_has(pg->i18n, "sv", type) ? pg_t(pg, type) :
			 pv_str(o, "type"), "ref", pv_str(o, "ref"), NULL);
	}
	pg_error_summary(pg);
	pv_done_notice(pg);
	status_notice(pg, o);
	outcome_facts(pg, o);
	html_raw(&pg->out, "<section aria-labelledby=\"ev-h\"><h2 id=\"ev-h\">");
	pg_text(pg, "prov.evidence_heading");
	html_raw(&pg->out, "</h2>");
	evidence_table(pg, json_object_get(o, "evidence"));
	upload_form(pg, id);
	html_raw(&pg->out, "</section><section aria-labelledby=\"rv-h\"><h2 id=\"rv-h\">");
	pg_text(pg, "prov.reviews_heading");
	html_raw(&pg->out, "</h2>");
	reviews_table(pg, json_object_get(o, "reviews"));
	html_raw(&pg->out, "</section><section aria-labelledby=\"mo-h\"><h2 id=\"mo-h\">");
	pg_text(pg, "prov.months_heading");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "prov.months_lead");
	months_table(pg, o);
	html_raw(&pg->out, "<h3>");
	pg_text(pg, "prov.confirm_heading");
	html_raw(&pg->out, "</h3>");
	confirm_form(pg, o, id);
	html_raw(&pg->out, "</section>");
	pv_back_to_participant(pg, pv_int(o, "participation_id"));
	json_decref(o);
	return 0;
}

int pv_outcome_page(struct page *pg)
{
	return render_outcome(pg, pg_param_int(pg, "outcome_id"));
}

static void to_outcome(struct page *pg, int64_t id, const char *done)
{
	char path[96];

	snprintf(path, sizeof(path), "/provider/outcomes/%lld?done=%s",
		 (long long)id, done);
	pg_redirect(pg, path);
}

/* P-8: the file as the JSON API takes it (base64), so the same use case
 * checks its size, type and name. */
int pv_evidence_post(struct page *pg)
{
	static const char *const fields[] = { "file", NULL };
	int64_t id = pg_param_int(pg, "outcome_id");
	const struct form_file *f = form_file(&pg->form, "file");
	struct kverr e = { 0 };
	json_t *out;
	size_t len;
	char *b64;

	if (!f) {
		form_error_add(&pg->errors, "file", "prov.error.file_missing");
	} else {
		len = sodium_base64_encoded_len(f->len, sodium_base64_VARIANT_ORIGINAL);
		if (!(b64 = malloc(len)))
			return -1;
		sodium_bin2base64(b64, len, f->data, f->len,
				  sodium_base64_VARIANT_ORIGINAL);
		if (pg_app(pg, app_evidence_upload, true,
			   json_pack("{s:I, s:s, s:s}", "outcome_id", (json_int_t)id,
				     "filename", f->filename, "content_base64", b64),
			   &out, &e) == 0) {
			free(b64);
			json_decref(out);
			to_outcome(pg, id, "evidence");
			return 0;
		}
		free(b64);
		if (e.cls == KVERR_NOT_FOUND)
			return pg_fail(pg, &e);
		pv_form_error(pg, &e, fields, "file");
	}
	pg->status = 422;
	return render_outcome(pg, id);
}

int pv_evidence_get(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *out;

	if (pg_app(pg, app_evidence_get, false,
		   json_pack("{s:I}", "evidence_id",
			     (json_int_t)pg_param_int(pg, "evidence_id")), &out, &e))
		return pg_fail(pg, &e);
	if (pg_attachment_json(pg, out)) {
		json_decref(out);
		return -1;
	}
	json_decref(out);
	return 0;
}

static int yes_no_field(struct page *pg, const char *name)
{
	const char *v = form_get(&pg->form, name);

	if (v && strcmp(v, "yes") == 0)
		return 1;
	if (v && strcmp(v, "no") == 0)
		return 0;
	form_error_add(&pg->errors, name, "prov.error.choose");
	return -1;
}

/* P-8: the month goes on, and the person supports themself, or not. */
int pv_month_post(struct page *pg)
{
	static const char *const fields[] = { "month", "continues",
					      "self_supporting", NULL };
	int64_t id = pg_param_int(pg, "outcome_id");
	const char *month = form_get(&pg->form, "month");
	int cont = yes_no_field(pg, "continues");
	int self = yes_no_field(pg, "self_supporting");
	struct kverr e = { 0 };
	month_t m;
	json_t *out;

	if (!month || month_parse(month, &m))
		form_error_add(&pg->errors, "month", "prov.error.choose");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_outcome_month_confirm, true,
		   json_pack("{s:I, s:s, s:b, s:b}", "outcome_id", (json_int_t)id,
			     "month", month, "continues", cont, "self_supporting",
			     self), &out, &e) == 0) {
		json_decref(out);
		to_outcome(pg, id, "month");
		return 0;
	}
	if (pg->errors.n == 0) {
		if (e.cls == KVERR_NOT_FOUND)
			return pg_fail(pg, &e);
		pv_form_error(pg, &e, fields, "month");
	}
	pg->status = 422;
	return render_outcome(pg, id);
}
