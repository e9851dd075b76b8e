/*
 * page_provider_money.c — the provider's standing with the authority and
 * its money (issue 8 §2): admissions per delivery area, meeting
 * compliance over all participants (D-3), warnings, order stops,
 * penalties and terminations (D-10, F-6, Q-6, Q-7); and the payment
 * statements by month, each line with the rule and the engine's
 * explanation, the clawback balance carried (P-8), and the statement as
 * a CSV download.
 *
 * The data come from app_admissions_list, app_compliance_provider,
 * app_sanctions_list, app_payrun_statements_list, app_payrun_statement
 * and app_payrun_statement_csv, as the signed-in staff member: their own
 * provider only.
 */
#include "page_provider.h"
#include "app/applications.h"
#include "app/journey.h"
#include "app/payrun.h"
#include "app/quality.h"

#include <stdio.h>
#include <string.h>

static json_t *provider_arg(const struct page *pg)
{
	return json_pack("{s:I}", "provider_id", (json_int_t)pg->actor.provider_id);
}

static void heading(struct page *pg, const char *id, const char *key)
{
	html_raw(&pg->out, "<h2");
	html_attr(&pg->out, "id", id);
	html_raw(&pg->out, ">");
	pg_text(pg, key);
	html_raw(&pg->out, "</h2>");
}

/* ---------------------------------------------------- quality follow-up */

/* The area's name from the admissions, else its number. */
static void area(struct page *pg, const json_t *admissions, int64_t id)
{
	json_t *a;
	size_t i;

	json_array_foreach(admissions, i, a) {
		if (pv_int(a, "area_id") == id) {
			html_text(&pg->out, pv_str(a, "area_name"));
			return;
		}
	}
	html_int(&pg->out, id);
}

static void admissions_table(struct page *pg, const json_t *adm)
{
	static const char *const cols[] = { "prov.col.area", "prov.col.admitted",
					    "prov.col.admission_ends", NULL };
	json_t *a;
	size_t i;

	heading(pg, "adm-h", "prov.admissions_heading");
	if (json_array_size(adm) == 0) {
		pg_elem(pg, "p", "prov.admissions_none");
		return;
	}
	pv_table_open(pg, "prov.admissions_caption", cols);
	json_array_foreach(adm, i, a) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, pv_str(a, "area_name"));
		html_raw(&pg->out, "</th><td>");
		pg_date(pg, pv_str(a, "admitted_on"));
		html_raw(&pg->out, "</td><td>");
		if (*pv_str(a, "ended_on"))
			pg_date(pg, pv_str(a, "ended_on"));
		else
			pg_text(pg, "prov.in_force");
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

/* D-3 over every participant of the provider. */
static void provider_compliance(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *c;
	char a[16], b[16], pct[16];

	heading(pg, "comp-h", "prov.compliance_heading");
	if (pg_app(pg, app_compliance_provider, false, provider_arg(pg), &c, &e))
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

/* F-6: a stop in force today means no new participants in that area. */
static void stop_notice(struct page *pg, const json_t *stops, const json_t *adm)
{
	char today[DATE_STRLEN];
	json_t *s;
	size_t i;

	pv_today(pg, today);
	json_array_foreach(stops, i, s) {
		char until[80];

		if (strcmp(pv_str(s, "from_on"), today) > 0 ||
		    strcmp(pv_str(s, "until_on"), today) < 0 ||
		    (*pv_str(s, "lifted_on") && strcmp(pv_str(s, "lifted_on"), today) <= 0))
			continue;
		pg_date_into(pg, pv_str(s, "until_on"), until, sizeof(until));
		html_raw(&pg->out, "<div class=\"notice warn\"><p><strong>");
		pg_text(pg, "prov.stop_now");
		html_raw(&pg->out, "</strong> ");
		area(pg, adm, pv_int(s, "area_id"));
		html_raw(&pg->out, ": ");
		pg_textf(pg, "prov.stop_until", "date", until, NULL);
		html_raw(&pg->out, "</p></div>");
	}
}

static void warnings_table(struct page *pg, const json_t *w, const json_t *adm)
{
	static const char *const cols[] = { "prov.col.area", "prov.col.decided",
					    "prov.col.problems", "prov.col.deadline",
					    "prov.col.state", NULL };
	json_t *r;
	size_t i;

	heading(pg, "warn-h", "prov.warnings_heading");
	pg_elem(pg, "p", "prov.warnings_lead");
	if (json_array_size(w) == 0) {
		pg_elem(pg, "p", "prov.warnings_none");
		return;
	}
	pv_table_open(pg, "prov.warnings_caption", cols);
	json_array_foreach(w, i, r) {
		html_raw(&pg->out, "<tr><td>");
		area(pg, adm, pv_int(r, "area_id"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "decided_on"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "problems"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "deadline"));
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.warning", pv_str(r, "status"));
		if (*pv_str(r, "follow_up_reason")) {
			html_raw(&pg->out, ": ");
			html_text(&pg->out, pv_str(r, "follow_up_reason"));
		}
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static void stops_table(struct page *pg, const json_t *st, const json_t *adm)
{
	static const char *const cols[] = { "prov.col.area", "prov.col.from",
					    "prov.col.until", "prov.col.reason",
					    "prov.col.lifted", NULL };
	json_t *r;
	size_t i;

	heading(pg, "stop-h", "prov.stops_heading");
	pg_elem(pg, "p", "prov.stops_lead");
	if (json_array_size(st) == 0) {
		pg_elem(pg, "p", "prov.stops_none");
		return;
	}
	pv_table_open(pg, "prov.stops_caption", cols);
	json_array_foreach(st, i, r) {
		html_raw(&pg->out, "<tr><td>");
		area(pg, adm, pv_int(r, "area_id"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "from_on"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "until_on"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "reason"));
		html_raw(&pg->out, "</td><td>");
		pv_date_or_dash(pg, pv_str(r, "lifted_on"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static void penalties_table(struct page *pg, const json_t *pe, const json_t *adm)
{
	static const char *const cols[] = { "prov.col.area", "prov.col.decided",
					    "prov.col.amount", "prov.col.reason",
					    NULL };
	json_t *r;
	size_t i;

	heading(pg, "pen-h", "prov.penalties_heading");
	if (json_array_size(pe) == 0) {
		pg_elem(pg, "p", "prov.penalties_none");
		return;
	}
	pg_elem(pg, "p", "prov.penalties_lead");
	pv_table_open(pg, "prov.penalties_caption", cols);
	json_array_foreach(pe, i, r) {
		html_raw(&pg->out, "<tr><td>");
		area(pg, adm, pv_int(r, "area_id"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "decided_on"));
		html_raw(&pg->out, "</td><td>");
		pv_money(pg, pv_int(r, "amount_ore"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "reason"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static void terminations_table(struct page *pg, const json_t *t,
			       const json_t *adm)
{
	static const char *const cols[] = { "prov.col.area", "prov.col.decided",
					    "prov.col.reason", NULL };
	json_t *r;
	size_t i;

	if (json_array_size(t) == 0)
		return;
	heading(pg, "term-h", "prov.terminations_heading");
	pv_table_open(pg, "prov.terminations_caption", cols);
	json_array_foreach(t, i, r) {
		html_raw(&pg->out, "<tr><td>");
		area(pg, adm, pv_int(r, "area_id"));
		html_raw(&pg->out, "</td><td>");
		pg_date(pg, pv_str(r, "decided_on"));
		html_raw(&pg->out, "</td><td class=\"prose\">");
		html_text(&pg->out, pv_str(r, "reason"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

int pv_quality_page(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *adm, *s;

	pg->nav = "prov-quality";
	if (pg_app(pg, app_admissions_list, false, json_object(), &adm, &e))
		return pg_fail(pg, &e);
	if (pg_app(pg, app_sanctions_list, false, provider_arg(pg), &s, &e)) {
		json_decref(adm);
		return pg_fail(pg, &e);
	}
	pg_title(pg, "prov.quality_title", NULL);
	pg_elem(pg, "p", "prov.quality_lead");
	stop_notice(pg, json_object_get(s, "order_stops"), adm);
	admissions_table(pg, adm);
	provider_compliance(pg);
	warnings_table(pg, json_object_get(s, "warnings"), adm);
	stops_table(pg, json_object_get(s, "order_stops"), adm);
	penalties_table(pg, json_object_get(s, "penalties"), adm);
	terminations_table(pg, json_object_get(s, "terminations"), adm);
	json_decref(s);
	json_decref(adm);
	return 0;
}

/* ------------------------------------------------------------ payments */

int pv_payments_page(struct page *pg)
{
	static const char *const cols[] = { "prov.col.month", "prov.col.run_status",
					    "prov.col.earned", "prov.col.paid",
					    "prov.col.paid_on", NULL };
	struct kverr e = { 0 };
	json_t *rows, *r;
	size_t i;

	pg->nav = "prov-payments";
	if (pg_app(pg, app_payrun_statements_list, false, json_object(), &rows, &e))
		return pg_fail(pg, &e);
	pg_title(pg, "prov.payments_title", NULL);
	pg_elem(pg, "p", "prov.payments_lead");
	if (json_array_size(rows) == 0) {
		pg_elem(pg, "p", "prov.payments_none");
		json_decref(rows);
		return 0;
	}
	pv_table_open(pg, "prov.payments_caption", cols);
	json_array_foreach(rows, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\"><a href=\"/provider/payments/");
		html_int(&pg->out, pv_int(r, "payrun_id"));
		html_raw(&pg->out, "\">");
		pv_month(pg, pv_str(r, "period"));
		html_raw(&pg->out, "</a></th><td>");
		pv_code(pg, "prov.run", pv_str(r, "status"));
		html_raw(&pg->out, "</td><td>");
		pv_money(pg, pv_int(r, "earned"));
		html_raw(&pg->out, "</td><td>");
		pv_money(pg, pv_int(r, "paid"));
		html_raw(&pg->out, "</td><td>");
		pv_date_or_dash(pg, pv_str(r, "execution_date"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
	json_decref(rows);
	return 0;
}

static void sum_row(struct page *pg, const char *key, const char *explain,
		    int64_t ore)
{
	html_raw(&pg->out, "<tr><th scope=\"row\">");
	pg_text(pg, key);
	html_raw(&pg->out, "</th><td>");
	pv_money(pg, ore);
	html_raw(&pg->out, "</td><td>");
	pg_text(pg, explain);
	html_raw(&pg->out, "</td></tr>");
}

/* The statement's totals, each with what it means. */
static void summary(struct page *pg, const json_t *st)
{
	static const char *const cols[] = { "prov.col.what", "prov.col.amount",
					    "prov.col.meaning", NULL };

	pv_table_open(pg, "prov.summary_caption", cols);
	sum_row(pg, "prov.sum.carried_in", "prov.sum.carried_in_explain",
		pv_int(st, "carried_in"));
	sum_row(pg, "prov.sum.earned", "prov.sum.earned_explain",
		pv_int(st, "earned"));
	sum_row(pg, "prov.sum.set_off", "prov.sum.set_off_explain",
		pv_int(st, "set_off"));
	sum_row(pg, "prov.sum.paid", "prov.sum.paid_explain", pv_int(st, "paid"));
	sum_row(pg, "prov.sum.carried_out", "prov.sum.carried_out_explain",
		pv_int(st, "carried_out"));
	pv_table_close(pg);
}

/* Per component: the sum, the number of lines and what it pays for. */
static void by_component(struct page *pg, const json_t *lines)
{
	static const char *const cols[] = { "prov.col.component", "prov.col.lines",
					    "prov.col.amount", "prov.col.meaning",
					    NULL };
	static const char *const comps[] = { "base", "result", "supplement",
					     "bonus", "fund", "course",
					     "correction", "clawback", NULL };

	pv_table_open(pg, "prov.components_caption", cols);
	for (int c = 0; comps[c]; c++) {
		int64_t sum = 0, n = 0;
		char key[64];
		json_t *l;
		size_t i;

		json_array_foreach(lines, i, l) {
			if (strcmp(pv_str(l, "component"), comps[c]) == 0) {
				sum += pv_int(l, "amount");
				n++;
			}
		}
		if (n == 0)
			continue;
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		pv_code(pg, "prov.component", comps[c]);
		html_raw(&pg->out, "</th><td>");
		html_int(&pg->out, n);
		html_raw(&pg->out, "</td><td>");
		pv_money(pg, sum);
		html_raw(&pg->out, "</td><td>");
		snprintf(key, sizeof(key), "prov.component_explain.%s", comps[c]);
		pg_text(pg, key);
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static void lines_table(struct page *pg, const json_t *lines)
{
	static const char *const cols[] = { "prov.col.ref", "prov.col.component",
					    "prov.col.period", "prov.col.track",
					    "prov.col.amount", "prov.col.rule",
					    "prov.col.explanation", NULL };
	json_t *l;
	size_t i;

	if (json_array_size(lines) == 0) {
		pg_elem(pg, "p", "prov.lines_none");
		return;
	}
	pv_table_open(pg, "prov.lines_caption", cols);
	json_array_foreach(lines, i, l) {
		html_raw(&pg->out, "<tr><td>");
		if (pv_int(l, "participation_id")) {
			html_raw(&pg->out, "<a href=\"/provider/participants/");
			html_int(&pg->out, pv_int(l, "participation_id"));
			html_raw(&pg->out, "\">");
			pv_ref(pg, pv_str(l, "participant"));
			html_raw(&pg->out, "</a>");
		}
		html_raw(&pg->out, "</td><td>");
		pv_code(pg, "prov.component", pv_str(l, "component"));
		html_raw(&pg->out, "</td><td>");
		pv_month(pg, pv_str(l, "period"));
		html_raw(&pg->out, "</td><td>");
		html_int(&pg->out, pv_int(l, "track"));
		html_raw(&pg->out, "</td><td>");
		pv_money(pg, pv_int(l, "amount"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, pv_str(l, "rule"));
		/* The engine explains in English (docs/rulebooks.md): marked
		 * so that a screen reader reads it as English (WCAG 3.1.2). */
		html_raw(&pg->out, "</td><td lang=\"en\" dir=\"ltr\">");
		html_text(&pg->out, pv_str(l, "explain"));
		html_raw(&pg->out, "</td></tr>");
	}
	pv_table_close(pg);
}

static json_t *statement_arg(const struct page *pg)
{
	return json_pack("{s:I, s:I}", "payrun_id",
			 (json_int_t)pg_param_int(pg, "payrun_id"), "provider_id",
			 (json_int_t)pg->actor.provider_id);
}

int pv_statement_page(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *st;
	char month[80];

	pg->nav = "prov-payments";
	if (pg_app(pg, app_payrun_statement, false, statement_arg(pg), &st, &e))
		return pg_fail(pg, &e);
	pv_month_into(pg, pv_str(st, "period"), month, sizeof(month));
	pg_title(pg, "prov.statement_title", "month", month, NULL);
	html_raw(&pg->out, "<p>");
	pv_code(pg, "prov.run_explain", pv_str(st, "status"));
	if (*pv_str(st, "execution_date")) {
		html_raw(&pg->out, " ");
		pg_text(pg, "prov.paid_on");
		html_raw(&pg->out, " ");
		pg_date(pg, pv_str(st, "execution_date"));
		html_raw(&pg->out, ".");
	}
	html_raw(&pg->out, "</p><p><a class=\"button secondary\" href=\"/provider/payments/");
	html_int(&pg->out, pg_param_int(pg, "payrun_id"));
	html_raw(&pg->out, "/statement.csv\" download>");
	pg_text(pg, "prov.download_csv");
	html_raw(&pg->out, "</a></p>");
	heading(pg, "sum-h", "prov.summary_heading");
	summary(pg, st);
	heading(pg, "comp-h", "prov.components_heading");
	by_component(pg, json_object_get(st, "lines"));
	heading(pg, "lines-h", "prov.lines_heading");
	pg_elem(pg, "p", "prov.lines_lead");
	lines_table(pg, json_object_get(st, "lines"));
	html_raw(&pg->out, "<p><a href=\"/provider/payments\">");
	pg_text(pg, "prov.back_to_payments");
	html_raw(&pg->out, "</a></p>");
	json_decref(st);
	return 0;
}

int pv_statement_csv(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *out;

	if (pg_app(pg, app_payrun_statement_csv, false, statement_arg(pg), &out, &e))
		return pg_fail(pg, &e);
	if (pg_attachment_json(pg, out)) {
		json_decref(out);
		return -1;
	}
	json_decref(out);
	return 0;
}
