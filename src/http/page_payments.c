/*
 * page_payments.c — the controllers' payment-run pages (issue 8 §3; P-1,
 * P-2, P-8, P-14, Q-7): the runs, preparing a month, a run's totals by
 * component and track with its result share, its corrections and
 * clawbacks, what each provider earned and is paid; approval by another
 * controller under a delegation (four eyes: the use case refuses the one
 * who prepared, and the page says so plainly), and the SIE and pain.001
 * files of an approved run as downloads.
 *
 * Every fact and every refusal comes from the use cases the JSON API
 * serves (app_payruns_list, app_payrun_prepare, app_payrun_get,
 * app_payrun_figures, app_payrun_adjustments, app_payrun_approve,
 * app_payrun_export_sie, app_payrun_export_pain).  Preparing runs every
 * batch inside the request's one transaction, as POST /api/v1/payruns
 * does (app_payrun_prepare; the CLI's payrun_prepare commits batch by
 * batch instead).
 */
#include "http/page_figures.h"
#include "app/payrun.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS "/authority/payruns"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static bool is_controller(const struct page *pg)
{
	return (pg->actor.role & ROLE_CONTROLLER) != 0;
}

static bool may_export(const struct page *pg)
{
	return (pg->actor.role & (ROLE_CONTROLLER | ROLE_ADMIN)) != 0;
}

/* A text key built from a code the use case gave, when the pages have
 * it; else the general one. */
static const char *key_of(const struct page *pg, const char *prefix,
			  const char *code, const char *fallback, char *buf,
			  size_t size)
{
	snprintf(buf, size, "%s%s", prefix, code ? code : "");
	return i18n_has(pg->i18n, "sv", buf) ? buf : fallback;
}

/*
 * A refusal of a use case: next to its field when the form has that
 * field, else as the page's alert (*alert).  Q-7's four_eyes names no
 * form field, so it is the alert: "you prepared this run".
 */
static void refused(struct page *pg, const struct kverr *e,
		    const char *const fields[], const char **alert,
		    char *buf, size_t size)
{
	const char *key = key_of(pg, "payruns.err.", e->code,
				 "payruns.err.generic", buf, size);

	for (int i = 0; fields[i]; i++) {
		if (strcmp(e->field, fields[i]) == 0) {
			form_error_add(&pg->errors, fields[i], key);
			return;
		}
	}
	*alert = key;
}

static void alert_box(struct page *pg, const char *key)
{
	if (!key)
		return;
	html_raw(&pg->out, "<div class=\"error-summary\" role=\"alert\""
		 " aria-labelledby=\"alert-title\" tabindex=\"-1\">"
		 "<h2 id=\"alert-title\">");
	pg_text(pg, "payruns.refused_title");
	html_raw(&pg->out, "</h2><p>");
	pg_text(pg, key);
	html_raw(&pg->out, "</p></div>");
}

static void done_notice(struct page *pg)
{
	const char *done = pg_query(pg, "done");
	char buf[64];

	if (!done)
		return;
	snprintf(buf, sizeof(buf), "payruns.done.%s", done);
	if (!i18n_has(pg->i18n, "sv", buf))
		return;
	html_raw(&pg->out, "<div class=\"notice success\" role=\"status\"><p>");
	pg_text(pg, buf);
	html_raw(&pg->out, "</p></div>");
}

/* The run's state in words, with a mark that is not colour alone. */
static void status_badge(struct page *pg, const char *status)
{
	bool approved = strcmp(status, "approved") == 0;

	html_raw(&pg->out, approved ? "<span class=\"status ok\">" :
		 "<span class=\"status waiting\">");
	pg_text(pg, approved ? "payruns.status.approved" : "payruns.status.draft");
	html_raw(&pg->out, "</span>");
}

/* ------------------------------------------------------------ the list */

static void prepare_form(struct page *pg, const char *period)
{
	char month[MONTH_STRLEN];

	if (!period) {
		month_format(date_month(app_civil_date(app_now(pg->app))), month);
		period = month;
	}
	html_raw(&pg->out, "<section aria-labelledby=\"prep-h\" class=\"panel\">"
		 "<h2 id=\"prep-h\">");
	pg_text(pg, "payruns.prepare_heading");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "payruns.prepare_lead");
	pg_form_open(pg, "post", RUNS, "prepare-form");
	pg_input(pg, &(struct pg_input){ .name = "period",
		 .label_key = "payruns.period", .hint_key = "payruns.period_hint",
		 .value = period, .inputmode = "numeric", .maxlength = 7,
		 .autocomplete = "off", .required = true });
	pg_button(pg, "payruns.prepare", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void runs_table(struct page *pg, const json_t *runs)
{
	const json_t *r;
	size_t i;

	if (json_array_size(runs) == 0) {
		pg_elem(pg, "p", "payruns.none");
		return;
	}
	pf_table_open(pg, "runs", pg_t(pg, "payruns.list_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "payruns.month", false);
	pf_th(pg, "payruns.status", false);
	pf_th(pg, "payruns.prepared_by", false);
	pf_th(pg, "payruns.approved_by", false);
	pf_th(pg, "payruns.execution_date", false);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(runs, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\"><a");
		strbuf_addf(&pg->out, " href=\"" RUNS "/%lld\">",
			    (long long)num(r, "id"));
		pf_month(pg, str(r, "period"));
		html_raw(&pg->out, "</a></th><td>");
		status_badge(pg, str(r, "status"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, str(r, "created_by"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, str(r, "approved_by"));
		html_raw(&pg->out, "</td><td>");
		if (*str(r, "execution_date"))
			pg_date(pg, str(r, "execution_date"));
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
}

static int render_list(struct page *pg, const char *period, const char *alert)
{
	struct kverr e = { 0 };
	json_t *runs;

	if (pg_app(pg, app_payruns_list, false, json_object(), &runs, &e))
		return pg_fail(pg, &e);
	pg->nav = "payruns";
	pg_title(pg, "payruns.title", NULL);
	pg_error_summary(pg);
	alert_box(pg, alert);
	done_notice(pg);
	pg_elem(pg, "p", "payruns.lead");
	if (is_controller(pg))
		prepare_form(pg, period);
	html_raw(&pg->out, "<section aria-labelledby=\"runs-h\"><h2 id=\"runs-h\">");
	pg_text(pg, "payruns.list_heading");
	html_raw(&pg->out, "</h2>");
	runs_table(pg, runs);
	html_raw(&pg->out, "</section>");
	json_decref(runs);
	return 0;
}

static int list_page(struct page *pg)
{
	return render_list(pg, NULL, NULL);
}

/* Preparing a month: every batch in this request's transaction, as the
 * API does; then to the run. */
static int prepare_post(struct page *pg)
{
	static const char *const fields[] = { "period", NULL };
	char period[16], where[64], buf[64];
	const char *alert = NULL;
	struct kverr e = { 0 };
	month_t m;
	json_t *out;

	if (!form_trimmed(&pg->form, "period", period, sizeof(period)))
		form_error_add(&pg->errors, "period", "payruns.err.period_missing");
	else if (month_parse(period, &m))
		form_error_add(&pg->errors, "period", "payruns.err.bad_month");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_payrun_prepare, true, json_pack("{s:s}", "period",
							   period), &out, &e) == 0) {
		snprintf(where, sizeof(where), RUNS "/%lld?done=prepared",
			 (long long)num(out, "id"));
		json_decref(out);
		pg_redirect(pg, where);
		return 0;
	}
	if (pg->errors.n == 0)
		refused(pg, &e, fields, &alert, buf, sizeof(buf));
	pg->status = e.cls ? kverr_http_status(e.cls) : 422;
	return render_list(pg, form_get(&pg->form, "period"), alert);
}

/* ------------------------------------------------------------- a run */

static void facts(struct page *pg, const json_t *run)
{
	const json_t *preps = json_object_get(run, "preparations");
	const json_t *last = json_array_get(preps, json_array_size(preps) - 1);

	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "payruns.status");
	html_raw(&pg->out, "</dt><dd>");
	status_badge(pg, str(run, "status"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "payruns.earned");
	html_raw(&pg->out, "</dt><dd>");
	pf_money(pg, num(run, "earned"));
	html_raw(&pg->out, "</dd>");
	if (last) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "payruns.last_prepared");
		html_raw(&pg->out, "</dt><dd>");
		html_text(&pg->out, str(last, "prepared_by"));
		html_raw(&pg->out, ", ");
		pf_day(pg, num(last, "started_at"));
		html_raw(&pg->out, "</dd>");
	}
	if (strcmp(str(run, "status"), "approved") == 0) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "payruns.approved_by");
		html_raw(&pg->out, "</dt><dd>");
		html_text(&pg->out, str(run, "approved_by"));
		html_raw(&pg->out, ", ");
		pf_day(pg, num(run, "approved_at"));
		html_raw(&pg->out, "</dd><dt>");
		pg_text(pg, "payruns.delegation");
		html_raw(&pg->out, "</dt><dd>");
		html_text(&pg->out, str(run, "delegation"));
		html_raw(&pg->out, "</dd><dt>");
		pg_text(pg, "payruns.execution_date");
		html_raw(&pg->out, "</dt><dd>");
		pg_date(pg, str(run, "execution_date"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
}

/* The tracks present in a programme's rows, ascending (0: no track). */
static int tracks_of(const json_t *rows, int64_t tracks[8])
{
	const json_t *r;
	size_t i;
	int n = 0;

	json_array_foreach(rows, i, r) {
		int64_t t = num(r, "track"), k;

		for (k = 0; k < n && tracks[k] != t; k++)
			;
		if (k == n && n < 8)
			tracks[n++] = t;
	}
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && tracks[b - 1] > tracks[b]; b--) {
			int64_t x = tracks[b];

			tracks[b] = tracks[b - 1];
			tracks[b - 1] = x;
		}
	return n;
}

static const char *const components[] = {
	"base", "result", "supplement", "bonus", "fund", "course", NULL
};

static void component_name(struct page *pg, const char *c)
{
	char key[48];

	pg_text(pg, key_of(pg, "payruns.comp.", c, "payruns.comp.other", key,
			   sizeof(key)));
}

static void track_heading(struct page *pg, int64_t t)
{
	char n[8];

	html_raw(&pg->out, "<th scope=\"col\" class=\"num\">");
	if (t > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)t);
		pg_textf(pg, "payruns.track_n", "n", n, NULL);
	} else {
		pg_text(pg, "payruns.track_none");
	}
	html_raw(&pg->out, "</th>");
}

/* P-2: a programme's totals by component (rows) and track (columns). */
static void programme_table(struct page *pg, const json_t *prog, int index)
{
	const json_t *rows = json_object_get(prog, "by_component_and_track"), *r;
	int64_t tracks[8], col[8] = { 0 }, all = 0;
	int nt = tracks_of(rows, tracks);
	char id[24], caption[300];
	size_t i;

	html_raw(&pg->out, "<h3>");
	html_text(&pg->out, str(prog, "name"));
	html_raw(&pg->out, "</h3><p>");
	pg_text(pg, "payruns.result_share");
	html_raw(&pg->out, ": <strong>");
	pf_permille(pg, json_object_get(prog, "result_share_permille"));
	html_raw(&pg->out, "</strong></p>");
	snprintf(id, sizeof(id), "prog-%d", index);
	snprintf(caption, sizeof(caption), "%s: %s", pg_t(pg, "payruns.by_component"),
		 str(prog, "name"));
	pf_table_open(pg, id, caption);
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "payruns.component", false);
	for (int k = 0; k < nt; k++)
		track_heading(pg, tracks[k]);
	pf_th(pg, "payruns.total", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	for (int c = 0; components[c]; c++) {
		int64_t row = 0;
		bool any = false;

		json_array_foreach(rows, i, r)
			any |= strcmp(str(r, "component"), components[c]) == 0;
		if (!any)
			continue;
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		component_name(pg, components[c]);
		html_raw(&pg->out, "</th>");
		for (int k = 0; k < nt; k++) {
			int64_t a = 0;

			json_array_foreach(rows, i, r)
				if (!strcmp(str(r, "component"), components[c]) &&
				    num(r, "track") == tracks[k])
					a += num(r, "amount");
			col[k] += a;
			row += a;
			html_raw(&pg->out, "<td class=\"num\">");
			pf_money(pg, a);
			html_raw(&pg->out, "</td>");
		}
		all += row;
		html_raw(&pg->out, "<td class=\"num\">");
		pf_money(pg, row);
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody><tfoot><tr><th scope=\"row\">");
	pg_text(pg, "payruns.total");
	html_raw(&pg->out, "</th>");
	for (int k = 0; k < nt; k++) {
		html_raw(&pg->out, "<td class=\"num\">");
		pf_money(pg, col[k]);
		html_raw(&pg->out, "</td>");
	}
	html_raw(&pg->out, "<td class=\"num\">");
	pf_money(pg, all);
	html_raw(&pg->out, "</td></tr></tfoot>");
	pf_table_close(pg);
}

static void figures_section(struct page *pg, const json_t *fig)
{
	const json_t *progs = json_object_get(fig, "programmes"), *p;
	size_t i;

	html_raw(&pg->out, "<section aria-labelledby=\"fig-h\"><h2 id=\"fig-h\">");
	pg_text(pg, "payruns.figures_heading");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "payruns.figures_lead");
	if (json_array_size(progs) == 0)
		pg_elem(pg, "p", "payruns.nothing_earned");
	json_array_foreach(progs, i, p)
		programme_table(pg, p, (int)i);
	html_raw(&pg->out, "</section>");
}

/* P-8, P-14: what this run corrected or clawed back of earlier runs. */
static void adjustments_section(struct page *pg, const json_t *adj)
{
	const json_t *rows = json_object_get(adj, "rows"), *r;
	int64_t sum[2] = { 0 }, lines[2] = { 0 };
	char key[48];
	size_t i;

	html_raw(&pg->out, "<section aria-labelledby=\"adj-h\"><h2 id=\"adj-h\">");
	pg_text(pg, "payruns.adjust_heading");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "payruns.adjust_lead");
	json_array_foreach(rows, i, r) {
		int k = strcmp(str(r, "kind"), "clawback") == 0;

		sum[k] += num(r, "amount");
		lines[k] += num(r, "lines");
	}
	html_raw(&pg->out, "<ul class=\"plain totals\"><li>");
	pg_text(pg, "payruns.kind.correction");
	html_raw(&pg->out, ": ");
	pf_money(pg, sum[0]);
	html_raw(&pg->out, " (");
	pf_count(pg, lines[0]);
	html_raw(&pg->out, " ");
	pg_text(pg, "payruns.lines");
	html_raw(&pg->out, ")</li><li>");
	pg_text(pg, "payruns.kind.clawback");
	html_raw(&pg->out, ": ");
	pf_money(pg, sum[1]);
	html_raw(&pg->out, " (");
	pf_count(pg, lines[1]);
	html_raw(&pg->out, " ");
	pg_text(pg, "payruns.lines");
	html_raw(&pg->out, ")</li></ul>");
	if (json_array_size(rows) == 0) {
		html_raw(&pg->out, "</section>");
		return;
	}
	pf_table_open(pg, "adj", pg_t(pg, "payruns.adjust_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "payruns.provider", false);
	pf_th(pg, "payruns.kind", false);
	pf_th(pg, "payruns.component", false);
	pf_th(pg, "payruns.lines_heading", true);
	pf_th(pg, "payruns.amount", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(rows, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, str(r, "name"));
		html_raw(&pg->out, "</th><td>");
		pg_text(pg, key_of(pg, "payruns.kind.", str(r, "kind"),
				   "payruns.kind.correction", key, sizeof(key)));
		html_raw(&pg->out, "</td><td>");
		component_name(pg, str(r, "component"));
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_count(pg, num(r, "lines"));
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_money(pg, num(r, "amount"));
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
	html_raw(&pg->out, "</section>");
}

/* Per provider: earned in the run; once approved, set off against
 * earlier clawbacks (P-8), paid, and carried to the next run. */
static void providers_section(struct page *pg, const json_t *run)
{
	const json_t *rows = json_object_get(run, "providers"), *r;
	static const char *const cols[] = { "earned", "set_off", "paid",
					    "carried", NULL };
	int64_t sum[4] = { 0 };
	char key[48];
	size_t i;

	html_raw(&pg->out, "<section aria-labelledby=\"prov-h\"><h2 id=\"prov-h\">");
	pg_text(pg, "payruns.providers_heading");
	html_raw(&pg->out, "</h2>");
	if (json_array_size(rows) == 0) {
		pg_elem(pg, "p", "payruns.nothing_earned");
		html_raw(&pg->out, "</section>");
		return;
	}
	pf_table_open(pg, "prov", pg_t(pg, "payruns.providers_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "payruns.provider", false);
	for (int c = 0; cols[c]; c++) {
		snprintf(key, sizeof(key), "payruns.col.%s", cols[c]);
		pf_th(pg, key, true);
	}
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(rows, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, str(r, "name"));
		html_raw(&pg->out, "</th>");
		for (int c = 0; cols[c]; c++) {
			sum[c] += num(r, cols[c]);
			html_raw(&pg->out, "<td class=\"num\">");
			pf_money(pg, num(r, cols[c]));
			html_raw(&pg->out, "</td>");
		}
		html_raw(&pg->out, "</tr>");
	}
	html_raw(&pg->out, "</tbody><tfoot><tr><th scope=\"row\">");
	pg_text(pg, "payruns.total");
	html_raw(&pg->out, "</th>");
	for (int c = 0; cols[c]; c++) {
		html_raw(&pg->out, "<td class=\"num\">");
		pf_money(pg, sum[c]);
		html_raw(&pg->out, "</td>");
	}
	html_raw(&pg->out, "</tr></tfoot>");
	pf_table_close(pg);
	html_raw(&pg->out, "</section>");
}

static void preparations_section(struct page *pg, const json_t *run)
{
	const json_t *preps = json_object_get(run, "preparations"), *p, *q;
	size_t i, k;

	html_raw(&pg->out, "<section aria-labelledby=\"preps-h\"><h2 id=\"preps-h\">");
	pg_text(pg, "payruns.preps_heading");
	html_raw(&pg->out, "</h2>");
	pf_table_open(pg, "preps", pg_t(pg, "payruns.preps_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "payruns.prep_started", false);
	pf_th(pg, "payruns.prepared_by", false);
	pf_th(pg, "payruns.prep_state", false);
	pf_th(pg, "payruns.lines_heading", true);
	pf_th(pg, "payruns.amount", true);
	pf_th(pg, "payruns.problems", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(preps, i, p) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		pf_day(pg, num(p, "started_at"));
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, str(p, "prepared_by"));
		html_raw(&pg->out, "</td><td>");
		pg_text(pg, json_is_integer(json_object_get(p, "finished_at")) ?
			"payruns.prep_finished" : "payruns.prep_unfinished");
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_count(pg, num(p, "lines"));
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_money(pg, num(p, "amount"));
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_count(pg, (int64_t)json_array_size(json_object_get(p, "problems")));
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
	/* The participations the engine could not compute, and why. */
	json_array_foreach(preps, i, p) {
		json_array_foreach(json_object_get(p, "problems"), k, q) {
			if (k == 0) {
				html_raw(&pg->out, "<h3>");
				pg_text(pg, "payruns.problems_heading");
				html_raw(&pg->out, "</h3><ul>");
			}
			html_raw(&pg->out, "<li>");
			pg_text(pg, "payruns.participation");
			strbuf_addf(&pg->out, " %lld: ",
				    (long long)num(q, "participation_id"));
			html_text(&pg->out, str(q, "message"));
			html_raw(&pg->out, "</li>");
		}
		if (json_array_size(json_object_get(p, "problems")))
			html_raw(&pg->out, "</ul>");
	}
	html_raw(&pg->out, "</section>");
}

/* approval by another controller, under a delegation. */
static void approve_form(struct page *pg, const json_t *run)
{
	char action[64];

	snprintf(action, sizeof(action), RUNS "/%lld/approval",
		 (long long)num(run, "id"));
	html_raw(&pg->out, "<section aria-labelledby=\"appr-h\" class=\"panel\">"
		 "<h2 id=\"appr-h\">");
	pg_text(pg, "payruns.approve_heading");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "payruns.approve_lead");
	pg_form_open(pg, "post", action, "approve-form");
	pg_input(pg, &(struct pg_input){ .name = "delegation",
		 .label_key = "payruns.delegation",
		 .hint_key = "payruns.delegation_hint",
		 .value = form_get(&pg->form, "delegation"),
		 .maxlength = LIMIT_TEXT, .required = true });
	pg_input(pg, &(struct pg_input){ .name = "execution_date",
		 .label_key = "payruns.execution_date",
		 .hint_key = "payruns.execution_date_hint",
		 .value = form_get(&pg->form, "execution_date"),
		 .inputmode = "numeric", .maxlength = 10, .autocomplete = "off" });
	pg_button(pg, "payruns.approve", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

/* A draft can be prepared again: later facts give corrections (P-14). */
static void again_form(struct page *pg, const json_t *run)
{
	pg_form_open(pg, "post", RUNS, "again-form");
	pg_hidden(pg, "period", str(run, "period"));
	html_raw(&pg->out, "<p>");
	pg_text(pg, "payruns.again_lead");
	html_raw(&pg->out, "</p>");
	pg_button(pg, "payruns.again", "secondary");
	pg_form_close(pg);
}

static void downloads(struct page *pg, const json_t *run)
{
	long long id = (long long)num(run, "id");

	html_raw(&pg->out, "<section aria-labelledby=\"files-h\"><h2 id=\"files-h\">");
	pg_text(pg, "payruns.files_heading");
	html_raw(&pg->out, "</h2><ul class=\"files\"><li><a");
	strbuf_addf(&pg->out, " href=\"" RUNS "/%lld/sie\" download>", id);
	pg_text(pg, "payruns.download_sie");
	html_raw(&pg->out, "</a> ");
	pg_text(pg, "payruns.sie_what");
	html_raw(&pg->out, "</li><li><a");
	strbuf_addf(&pg->out, " href=\"" RUNS "/%lld/pain001\" download>", id);
	pg_text(pg, "payruns.download_pain");
	html_raw(&pg->out, "</a> ");
	pg_text(pg, "payruns.pain_what");
	html_raw(&pg->out, "</li></ul></section>");
}

static int render_run(struct page *pg, int64_t id, const char *alert)
{
	struct kverr e = { 0 };
	json_t *run, *fig = NULL, *adj = NULL;
	char month[80];
	bool draft;

	if (pg_app(pg, app_payrun_get, false, json_pack("{s:I}", "payrun_id",
		   (json_int_t)id), &run, &e) ||
	    pg_app(pg, app_payrun_figures, false, json_pack("{s:I}", "payrun_id",
		   (json_int_t)id), &fig, &e) ||
	    pg_app(pg, app_payrun_adjustments, false, json_pack("{s:I}",
		   "payrun_id", (json_int_t)id), &adj, &e)) {
		json_decref(run);
		json_decref(fig);
		return pg_fail(pg, &e);
	}
	draft = strcmp(str(run, "status"), "approved") != 0;
	pg->nav = "payruns";
	pf_month_into(pg, str(run, "period"), month, sizeof(month));
	pg_title(pg, "payruns.run_title", "month", month, NULL);
	pg_error_summary(pg);
	alert_box(pg, alert);
	done_notice(pg);
	html_raw(&pg->out, "<p><a href=\"" RUNS "\">");
	pg_text(pg, "payruns.back");
	html_raw(&pg->out, "</a></p>");
	facts(pg, run);
	if (draft)
		pg_elem(pg, "p", "payruns.draft_lead");
	if (draft && is_controller(pg)) {
		approve_form(pg, run);
		again_form(pg, run);
	}
	if (!draft && may_export(pg))
		downloads(pg, run);
	figures_section(pg, fig);
	adjustments_section(pg, adj);
	providers_section(pg, run);
	preparations_section(pg, run);
	json_decref(adj);
	json_decref(fig);
	json_decref(run);
	return 0;
}

static int run_page(struct page *pg)
{
	return render_run(pg, pg_param_int(pg, "payrun_id"), NULL);
}

static int approve_post(struct page *pg)
{
	static const char *const fields[] = { "delegation", "execution_date", NULL };
	int64_t id = pg_param_int(pg, "payrun_id");
	char delegation[LIMIT_TEXT + 1], day[16], where[64], buf[64];
	const char *alert = NULL;
	struct kverr e = { 0 };
	date_t d;
	json_t *in, *out;

	if (!form_trimmed(&pg->form, "delegation", delegation, sizeof(delegation)))
		form_error_add(&pg->errors, "delegation",
			       "payruns.err.delegation_missing");
	in = json_pack("{s:I, s:s}", "payrun_id", (json_int_t)id, "delegation",
		       pg->errors.n ? "" : delegation);
	if (form_trimmed(&pg->form, "execution_date", day, sizeof(day))) {
		if (date_parse(day, &d))
			form_error_add(&pg->errors, "execution_date",
				       "payruns.err.bad_date");
		else
			json_object_set_new(in, "execution_date", json_string(day));
	}
	if (pg->errors.n) {
		json_decref(in);
		pg->status = 422;
		return render_run(pg, id, NULL);
	}
	if (pg_app(pg, app_payrun_approve, true, in, &out, &e) == 0) {
		json_decref(out);
		snprintf(where, sizeof(where), RUNS "/%lld?done=approved",
			 (long long)id);
		pg_redirect(pg, where);
		return 0;
	}
	if (e.cls == KVERR_NOT_FOUND)
		return pg_fail(pg, &e);
	refused(pg, &e, fields, &alert, buf, sizeof(buf));
	pg->status = kverr_http_status(e.cls);
	return render_run(pg, id, alert);
}

/* ---------------------------------------------------------- the files */

static int download(struct page *pg, app_usecase_fn fn)
{
	struct kverr e = { 0 };
	json_t *file;
	int rc;

	if (pg_app(pg, fn, false, json_pack("{s:I}", "payrun_id",
		   (json_int_t)pg_param_int(pg, "payrun_id")), &file, &e))
		return pg_fail(pg, &e);
	rc = pg_download(pg, file);
	json_decref(file);
	if (rc)
		return pg_error_page(pg, 500, "error.title", "error.internal");
	return 0;
}

static int sie_file(struct page *pg)
{
	return download(pg, app_payrun_export_sie);
}

static int pain_file(struct page *pg)
{
	return download(pg, app_payrun_export_pain);
}

/* ------------------------------------------------------------- table */

const struct web_page page_payments_pages[] = {
	{ "GET", RUNS, ROLE_AUTHORITY, list_page },
	{ "POST", RUNS, ROLE_CONTROLLER, prepare_post },
	{ "GET", RUNS "/{payrun_id}", ROLE_AUTHORITY, run_page },
	{ "POST", RUNS "/{payrun_id}/approval", ROLE_CONTROLLER, approve_post },
	{ "GET", RUNS "/{payrun_id}/sie", ROLE_ADMIN | ROLE_CONTROLLER, sie_file },
	{ "GET", RUNS "/{payrun_id}/pain001", ROLE_ADMIN | ROLE_CONTROLLER,
	  pain_file },
	{ NULL, NULL, 0, NULL }
};
