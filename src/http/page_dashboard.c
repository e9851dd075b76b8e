/*
 * page_dashboard.c — the authority's dashboards (issue 8 §3): participants
 * by track and by provider month by month, payments per month split into
 * base, result and supplements, the result share of each month (P-2),
 * and results by track and group (U-1).  Each chart (svg.c) has its
 * numbers in a table beside it, and says in words what it shows.
 *
 * The figures come from app_dashboard_participants and
 * app_dashboard_payments (app/dashboard.c) and app_followup_report
 * (app/followup.c); the months, the programme and the cohort are chosen
 * with a GET form, so a view can be linked to and works without script.
 */
#include "http/page_figures.h"
#include "app/dashboard.h"
#include "app/market.h"
#include "app/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DASH "/authority/dashboards"
#define DEFAULT_MONTHS 12
#define TOP_PROVIDERS 5

struct view {
	char from[MONTH_STRLEN], to[MONTH_STRLEN];
	int64_t programme_id;
	int n;                                     /* months */
	char labels[SVG_MAX_POINTS][MONTH_STRLEN]; /* the axis: "2026-11" */
	const char *lp[SVG_MAX_POINTS];
};

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int64_t count_at(const json_t *row, int i)
{
	return json_integer_value(json_array_get(json_object_get(row, "counts"),
						 (size_t)i));
}

static void section_open(struct page *pg, const char *id, const char *key,
			 const char *lead_key)
{
	strbuf_addf(&pg->out, "<section aria-labelledby=\"%s-h\" class=\"dash\">"
		    "<h2 id=\"%s-h\">", id, id);
	pg_text(pg, key);
	html_raw(&pg->out, "</h2>");
	if (lead_key)
		pg_elem(pg, "p", lead_key);
}

/* ------------------------------------------------------- the choices */

/* The query, or the last twelve months of every programme. */
static void read_view(struct page *pg, struct view *v)
{
	const char *from = pg_query(pg, "from"), *to = pg_query(pg, "to");
	const char *prog = pg_query(pg, "programme");
	month_t now = date_month(app_civil_date(app_now(pg->app))), m;
	char *end;

	memset(v, 0, sizeof(*v));
	month_format(now, v->to);
	month_format(now - (DEFAULT_MONTHS - 1), v->from);
	if (to && *to) {
		snprintf(v->to, sizeof(v->to), "%s", to);
		if (strlen(to) >= MONTH_STRLEN || month_parse(to, &m))
			form_error_add(&pg->errors, "to", "dash.err.bad_month");
	}
	if (from && *from) {
		snprintf(v->from, sizeof(v->from), "%s", from);
		if (strlen(from) >= MONTH_STRLEN || month_parse(from, &m))
			form_error_add(&pg->errors, "from", "dash.err.bad_month");
	}
	if (prog && *prog) {
		v->programme_id = strtoll(prog, &end, 10);
		if (*end || v->programme_id < 1) {
			v->programme_id = 0;
			form_error_add(&pg->errors, "programme",
				       "dash.err.bad_programme");
		}
	}
}

/* The use case's refusal next to the field it names. */
static void refused(struct page *pg, const struct kverr *e)
{
	char key[64];

	snprintf(key, sizeof(key), "dash.err.%s", e->code);
	if (!i18n_has(pg->i18n, "sv", key))
		snprintf(key, sizeof(key), "dash.err.generic");
	form_error_add(&pg->errors, strcmp(e->field, "to") == 0 ? "to" :
		       strcmp(e->field, "programme_id") == 0 ? "programme" :
		       "from", key);
}

static void choose_form(struct page *pg, const struct view *v,
			const json_t *programmes)
{
	const char *from = pg_query(pg, "from"), *to = pg_query(pg, "to");
	struct pg_option opts[17];
	char ids[16][24], sel[24];
	const json_t *p;
	size_t i;
	int n = 0;

	opts[n++] = (struct pg_option){ "", pg_t(pg, "dash.all_programmes") };
	json_array_foreach(programmes, i, p) {
		if (n >= 17)
			break;
		snprintf(ids[n - 1], sizeof(ids[0]), "%lld", (long long)num(p, "id"));
		opts[n] = (struct pg_option){ ids[n - 1], str(p, "name") };
		n++;
	}
	snprintf(sel, sizeof(sel), "%lld", (long long)v->programme_id);
	pg_form_open(pg, "get", DASH, "dash-form");
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, "dash.choose_legend");
	html_raw(&pg->out, "</legend><div class=\"row\">");
	pg_input(pg, &(struct pg_input){ .name = "from", .label_key = "dash.from",
		 .hint_key = "dash.month_hint",
		 /* what was typed, in full, when it is refused */
		 .value = from && *from ? from : v->from,
		 .inputmode = "numeric", .maxlength = 7, .autocomplete = "off" });
	pg_input(pg, &(struct pg_input){ .name = "to", .label_key = "dash.to",
		 .hint_key = "dash.month_hint", .value = to && *to ? to : v->to,
		 .inputmode = "numeric", .maxlength = 7, .autocomplete = "off" });
	html_raw(&pg->out, "</div>");
	pg_select(pg, "programme", "dash.programme", opts, n,
		  v->programme_id ? sel : "", true);
	html_raw(&pg->out, "</fieldset>");
	pg_button(pg, "dash.show", NULL);
	pg_form_close(pg);
}

static json_t *span_in(const struct view *v)
{
	json_t *in = json_pack("{s:s, s:s}", "from", v->from, "to", v->to);

	if (v->programme_id)
		json_object_set_new(in, "programme_id",
				    json_integer(v->programme_id));
	return in;
}

/* The months of the answer as the charts' axis labels. */
static void axis_months(struct view *v, const json_t *months)
{
	const json_t *m;
	size_t i;

	v->n = 0;
	json_array_foreach(months, i, m) {
		if (v->n >= SVG_MAX_POINTS)
			break;
		snprintf(v->labels[v->n], MONTH_STRLEN, "%s", str(m, "period"));
		v->lp[v->n] = v->labels[v->n];
		v->n++;
	}
}

/* ---------------------------------------------------- participants */

/* A text with "{n}" filled in, unescaped: for the chart and the legend,
 * which escape what they are given. */
static void fill_n(const char *tmpl, const char *n, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = tmpl; *p; p++) {
		if (!strncmp(p, "{n}", 3)) {
			strbuf_adds(&sb, n);
			p += 2;
		} else {
			strbuf_add(&sb, p, 1);
		}
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

static void track_label(const struct page *pg, int64_t t, char *buf,
			size_t size)
{
	char n[24];

	snprintf(n, sizeof(n), "%lld", (long long)t);
	fill_n(pg_t(pg, "dash.track_n"), n, buf, size);
}

/* A table of months down and series across, with the total. */
static void months_table(struct page *pg, const char *id, const char *caption,
			 const json_t *months, const struct svg_series *s,
			 int ns, bool total)
{
	const json_t *m;
	size_t i;

	pf_table_open(pg, id, caption);
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "dash.month", false);
	for (int k = 0; k < ns; k++) {
		html_raw(&pg->out, "<th scope=\"col\" class=\"num\">");
		html_text(&pg->out, s[k].label);
		html_raw(&pg->out, "</th>");
	}
	if (total)
		pf_th(pg, "dash.total", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(months, i, m) {
		if (i >= SVG_MAX_POINTS)
			break;
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		pf_month(pg, str(m, "period"));
		html_raw(&pg->out, "</th>");
		for (int k = 0; k < ns; k++) {
			html_raw(&pg->out, "<td class=\"num\">");
			pf_count(pg, s[k].v[i]);
			html_raw(&pg->out, "</td>");
		}
		if (total) {
			html_raw(&pg->out, "<td class=\"num\">");
			pf_count(pg, num(m, "total"));
			html_raw(&pg->out, "</td>");
		}
		html_raw(&pg->out, "</tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
}

static void by_track(struct page *pg, struct view *v, const json_t *pa)
{
	const json_t *tracks = json_object_get(pa, "by_track"), *t;
	int64_t vals[SVG_MAX_SERIES][SVG_MAX_POINTS] = { { 0 } };
	char names[SVG_MAX_SERIES][64];
	struct svg_series s[SVG_MAX_SERIES];
	size_t i;
	int ns = 0;

	json_array_foreach(tracks, i, t) {
		if (ns >= SVG_MAX_SERIES)
			break;
		track_label(pg, num(t, "track"), names[ns], sizeof(names[ns]));
		for (int k = 0; k < v->n; k++)
			vals[ns][k] = count_at(t, k);
		s[ns] = (struct svg_series){ names[ns], vals[ns] };
		ns++;
	}
	section_open(pg, "tracks", "dash.tracks_heading", "dash.tracks_lead");
	pf_figure_open(pg, &(struct svg_chart){ .id = "c-tracks",
		.title = pg_t(pg, "dash.tracks_heading"),
		.desc = pg_t(pg, "dash.tracks_desc"), .kind = SVG_LINES,
		.format = SVG_COUNT, .n = v->n, .labels = v->lp, .n_series = ns,
		.series = s });
	months_table(pg, "t-tracks", pg_t(pg, "dash.tracks_caption"),
		     json_object_get(pa, "months"), s, ns, true);
	pf_figure_close(pg);
	html_raw(&pg->out, "</section>");
}

/* The providers by their participants in the last month, most first. */
static int by_last(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	size_t n = json_array_size(json_object_get(x, "counts"));
	int64_t cx = count_at(x, (int)n - 1), cy = count_at(y, (int)n - 1);

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(str(x, "name"), str(y, "name"));
}

/* Every provider, month by month, in a table; the largest few drawn. */
static void providers_table(struct page *pg, const struct view *v,
			    const json_t **rows, size_t nrows)
{
	pf_table_open(pg, "t-providers", pg_t(pg, "dash.providers_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "dash.provider", false);
	for (int k = 0; k < v->n; k++) {
		html_raw(&pg->out, "<th scope=\"col\" class=\"num\">");
		pf_month(pg, v->labels[k]);
		html_raw(&pg->out, "</th>");
	}
	html_raw(&pg->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < nrows; i++) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, str(rows[i], "name"));
		html_raw(&pg->out, "</th>");
		for (int k = 0; k < v->n; k++) {
			html_raw(&pg->out, "<td class=\"num\">");
			pf_count(pg, count_at(rows[i], k));
			html_raw(&pg->out, "</td>");
		}
		html_raw(&pg->out, "</tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
}

static void by_provider(struct page *pg, struct view *v, const json_t *pa)
{
	const json_t *list = json_object_get(pa, "by_provider");
	size_t n = json_array_size(list);
	const json_t **rows = calloc(n ? n : 1, sizeof(*rows));
	int64_t vals[SVG_MAX_SERIES][SVG_MAX_POINTS] = { { 0 } };
	struct svg_series s[SVG_MAX_SERIES];
	char others[120], count[16];
	int ns = 0;

	if (!rows)
		return;
	for (size_t i = 0; i < n; i++)
		rows[i] = json_array_get(list, i);
	if (v->n > 0)
		qsort(rows, n, sizeof(*rows), by_last);
	for (size_t i = 0; i < n; i++) {
		int slot = i < TOP_PROVIDERS ? (int)i : TOP_PROVIDERS;

		for (int k = 0; k < v->n; k++)
			vals[slot][k] += count_at(rows[i], k);
		if (i < TOP_PROVIDERS)
			s[ns++] = (struct svg_series){ str(rows[i], "name"), vals[slot] };
	}
	if (n > TOP_PROVIDERS) {
		snprintf(count, sizeof(count), "%zu", n - TOP_PROVIDERS);
		fill_n(pg_t(pg, "dash.other_providers"), count, others,
		       sizeof(others));
		s[ns++] = (struct svg_series){ others, vals[TOP_PROVIDERS] };
	}
	section_open(pg, "providers", "dash.providers_heading",
		     "dash.providers_lead");
	pf_figure_open(pg, &(struct svg_chart){ .id = "c-providers",
		.title = pg_t(pg, "dash.providers_heading"),
		.desc = pg_t(pg, "dash.providers_desc"), .kind = SVG_LINES,
		.format = SVG_COUNT, .n = v->n, .labels = v->lp, .n_series = ns,
		.series = s });
	providers_table(pg, v, rows, n);
	pf_figure_close(pg);
	html_raw(&pg->out, "</section>");
	free(rows);
}

/* -------------------------------------------------------- payments */

/* Base, result, supplements (P-9's supplement and P-11's bonus) and the
 * rest (P-12's fund, P-13's courses). */
static const char *const pay_keys[4] = {
	"dash.pay.base", "dash.pay.result", "dash.pay.supplements", "dash.pay.other"
};

static void money_row(struct page *pg, const json_t *m, const int64_t *v, int nv)
{
	html_raw(&pg->out, "<tr><th scope=\"row\">");
	pf_month(pg, str(m, "period"));
	html_raw(&pg->out, "</th>");
	for (int k = 0; k < nv; k++) {
		html_raw(&pg->out, "<td class=\"num\">");
		pf_money(pg, v[k]);
		html_raw(&pg->out, "</td>");
	}
}

static void payments(struct page *pg, struct view *v, const json_t *pay)
{
	const json_t *months = json_object_get(pay, "months"), *m;
	int64_t vals[4][SVG_MAX_POINTS] = { { 0 } };
	struct svg_series s[4];
	struct view pv = *v;
	size_t i;

	/* Only months with a run: the axis is the runs'. */
	axis_months(&pv, months);
	json_array_foreach(months, i, m) {
		if (i >= SVG_MAX_POINTS)
			break;
		vals[0][i] = num(m, "base");
		vals[1][i] = num(m, "result");
		vals[2][i] = num(m, "supplement") + num(m, "bonus");
		vals[3][i] = num(m, "fund") + num(m, "course");
	}
	for (int k = 0; k < 4; k++)
		s[k] = (struct svg_series){ pg_t(pg, pay_keys[k]), vals[k] };
	section_open(pg, "payments", "dash.payments_heading", "dash.payments_lead");
	pf_figure_open(pg, &(struct svg_chart){ .id = "c-payments",
		.title = pg_t(pg, "dash.payments_heading"),
		.desc = pg_t(pg, "dash.payments_desc"), .kind = SVG_STACKED,
		.format = SVG_KR, .n = pv.n, .labels = pv.lp, .n_series = 4,
		.series = s });
	pf_table_open(pg, "t-payments", pg_t(pg, "dash.payments_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "dash.month", false);
	for (int k = 0; k < 4; k++)
		pf_th(pg, pay_keys[k], true);
	pf_th(pg, "dash.total", true);
	pf_th(pg, "dash.run_status", false);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(months, i, m) {
		int64_t row[5];

		if (i >= SVG_MAX_POINTS)
			break;
		for (int k = 0; k < 4; k++)
			row[k] = vals[k][i];
		row[4] = num(m, "total");
		money_row(pg, m, row, 5);
		html_raw(&pg->out, "<td>");
		pg_text(pg, strcmp(str(m, "status"), "approved") == 0 ?
			"dash.run_approved" : "dash.run_draft");
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
	pf_figure_close(pg);
	if (json_array_size(months) == 0)
		pg_elem(pg, "p", "dash.no_runs");
	html_raw(&pg->out, "</section>");
}

/* P-2: the result share of each month's run. */
static void result_share(struct page *pg, struct view *v, const json_t *pay)
{
	const json_t *months = json_object_get(pay, "months"), *m;
	int64_t share[SVG_MAX_POINTS] = { 0 };
	struct svg_series s;
	struct view pv = *v;
	size_t i;

	axis_months(&pv, months);
	json_array_foreach(months, i, m)
		if (i < SVG_MAX_POINTS)
			share[i] = num(m, "result_share_permille");
	s = (struct svg_series){ pg_t(pg, "dash.share"), share };
	section_open(pg, "share", "dash.share_heading", "dash.share_lead");
	pf_figure_open(pg, &(struct svg_chart){ .id = "c-share",
		.title = pg_t(pg, "dash.share_heading"),
		.desc = pg_t(pg, "dash.share_desc"), .kind = SVG_LINES,
		.format = SVG_PERMILLE, .n = pv.n, .labels = pv.lp, .n_series = 1,
		.series = &s });
	pf_table_open(pg, "t-share", pg_t(pg, "dash.share_caption"));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "dash.month", false);
	pf_th(pg, "dash.result_part", true);
	pf_th(pg, "dash.total", true);
	pf_th(pg, "dash.share", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	json_array_foreach(months, i, m) {
		int64_t row[2] = { num(m, "result") + num(m, "supplement") +
				   num(m, "bonus"), num(m, "total") };

		if (i >= SVG_MAX_POINTS)
			break;
		money_row(pg, m, row, 2);
		html_raw(&pg->out, "<td class=\"num\">");
		pf_permille(pg, json_object_get(m, "result_share_permille"));
		html_raw(&pg->out, "</td></tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
	pf_figure_close(pg);
	html_raw(&pg->out, "</section>");
}

/* --------------------------------------------------------- results */

/* A group's value in words: "Spår 2", "Kvinnor", "Född utanför Europa",
 * "25–34 år". */
static void group_label(const struct page *pg, const char *group,
			const char *value, char *buf, size_t size)
{
	char key[80];

	if (strcmp(group, "track") == 0) {
		track_label(pg, strtoll(value, NULL, 10), buf, size);
		return;
	}
	snprintf(key, sizeof(key), "dash.%s.%s", group, value);
	if (i18n_has(pg->i18n, "sv", key))
		snprintf(buf, size, "%s", pg_t(pg, key));
	else if (strcmp(group, "age_band") == 0)
		snprintf(buf, size, "%s %s", value, pg_t(pg, "dash.years"));
	else
		snprintf(buf, size, "%s", value);
}

static void percent_cell(struct page *pg, const json_t *v)
{
	html_raw(&pg->out, "<td class=\"num\">");
	if (json_is_integer(v)) {
		html_raw(&pg->out, "<span dir=\"ltr\" class=\"amount\">");
		html_textf(&pg->out, "%lld %%", (long long)json_integer_value(v));
		html_raw(&pg->out, "</span>");
	} else {
		html_raw(&pg->out, "–");
	}
	html_raw(&pg->out, "</td>");
}

/* Groups in an order a reader expects: tracks and age bands by value,
 * the others as the registration lists them. */
static const char *const group_order[] = {
	"woman", "man", "other", "sweden", "europe", "outside_europe", NULL
};

static int group_rank(const char *v)
{
	for (int i = 0; group_order[i]; i++)
		if (strcmp(group_order[i], v) == 0)
			return i;
	return -1;
}

static bool before(const json_t *x, const json_t *y, const char *group)
{
	const char *a = str(x, group), *b = str(y, group);
	int rx = group_rank(a), ry = group_rank(b);

	if (rx != ry)
		return rx < ry;
	if (strcmp(group, "track") == 0)
		return strtoll(a, NULL, 10) < strtoll(b, NULL, 10);
	return strcmp(a, b) < 0;
}

/* A few rows: insertion sort (qsort has no argument for the group). */
static void sort_rows(const json_t **rows, int n, const char *group)
{
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && before(rows[k], rows[k - 1], group); k--) {
			const json_t *t = rows[k];

			rows[k] = rows[k - 1];
			rows[k - 1] = t;
		}
}

static void results_group(struct page *pg, const json_t *section,
			  const char *group, const char *list_name)
{
	const json_t *list = json_object_get(section, list_name), *r;
	const json_t *sorted[SVG_MAX_POINTS];
	char labels[SVG_MAX_POINTS][64], id[40], hkey[48], dkey[48];
	const char *lp[SVG_MAX_POINTS];
	int64_t pct[SVG_MAX_POINTS] = { 0 };
	struct svg_series s;
	int n = 0;
	size_t i;

	json_array_foreach(list, i, r)
		if (n < SVG_MAX_POINTS)
			sorted[n++] = r;
	sort_rows(sorted, n, group);
	for (int k = 0; k < n; k++) {
		r = sorted[k];
		group_label(pg, group, str(r, group), labels[k], sizeof(labels[k]));
		lp[k] = labels[k];
		pct[k] = num(r, "result_percent");
	}
	s = (struct svg_series){ pg_t(pg, "dash.result_percent"), pct };
	snprintf(hkey, sizeof(hkey), "dash.results_by.%s", group);
	snprintf(dkey, sizeof(dkey), "dash.results_desc.%s", group);
	snprintf(id, sizeof(id), "c-res-%s", group);
	for (char *p = id; *p; p++)
		*p = *p == '_' ? '-' : *p;
	html_raw(&pg->out, "<h3>");
	pg_text(pg, hkey);
	html_raw(&pg->out, "</h3>");
	pf_figure_open(pg, &(struct svg_chart){ .id = id, .title = pg_t(pg, hkey),
		.desc = pg_t(pg, dkey), .kind = SVG_HBARS, .format = SVG_PERCENT,
		.n = n, .labels = lp, .n_series = 1, .series = &s });
	id[0] = 't';
	pf_table_open(pg, id, pg_t(pg, hkey));
	html_raw(&pg->out, "<thead><tr>");
	pf_th(pg, "dash.group", false);
	pf_th(pg, "dash.participants", true);
	pf_th(pg, "dash.results", true);
	pf_th(pg, "dash.result_percent", true);
	pf_th(pg, "dash.short_term", true);
	pf_th(pg, "dash.long_term", true);
	html_raw(&pg->out, "</tr></thead><tbody>");
	for (int k = 0; k < n; k++) {
		r = sorted[k];
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, labels[k]);
		html_raw(&pg->out, "</th><td class=\"num\">");
		pf_count(pg, num(r, "participants"));
		html_raw(&pg->out, "</td><td class=\"num\">");
		pf_count(pg, num(r, "results"));
		html_raw(&pg->out, "</td>");
		percent_cell(pg, json_object_get(r, "result_percent"));
		percent_cell(pg, json_object_get(json_object_get(r, "short_term"),
						 "percent"));
		percent_cell(pg, json_object_get(json_object_get(r, "long_term"),
						 "percent"));
		html_raw(&pg->out, "</tr>");
	}
	html_raw(&pg->out, "</tbody>");
	pf_table_close(pg);
	pf_figure_close(pg);
}

static void results(struct page *pg, const json_t *fu)
{
	const json_t *all = json_object_get(json_object_get(fu, "sections"), "all");
	char from[80], to[80];

	section_open(pg, "results", "dash.results_heading", NULL);
	pg_date_into(pg, str(fu, "from"), from, sizeof(from));
	pg_date_into(pg, str(fu, "to"), to, sizeof(to));
	html_raw(&pg->out, "<p>");
	pg_textf(pg, "dash.results_lead", "from", from, "to", to, NULL);
	html_raw(&pg->out, "</p>");
	results_group(pg, all, "track", "by_track");
	results_group(pg, all, "gender", "by_gender");
	results_group(pg, all, "birth_region", "by_birth_region");
	results_group(pg, all, "age_band", "by_age_band");
	html_raw(&pg->out, "</section>");
}

/* The follow-up's cohort: the participations that started in the
 * months shown (to today in the current month). */
static json_t *cohort_in(const struct page *pg, const struct view *v)
{
	month_t f, t;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	date_t today = app_civil_date(app_now(pg->app)), last;
	json_t *in;

	if (month_parse(v->from, &f) || month_parse(v->to, &t))
		return NULL;
	last = month_last_day(t);
	date_format(month_first_day(f), a);
	date_format(last < today ? last : today, b);
	in = json_pack("{s:s, s:s}", "from", a, "to", b);
	if (v->programme_id)
		json_object_set_new(in, "programme_id",
				    json_integer(v->programme_id));
	return in;
}

/* ------------------------------------------------------------ page */

static int dashboard_page(struct page *pg)
{
	struct view v;
	struct kverr e = { 0 };
	json_t *progs = NULL, *pa = NULL, *pay = NULL, *fu = NULL;

	pg->nav = "dashboards";
	pg_title(pg, "dash.title", NULL);
	read_view(pg, &v);
	if (pg_app(pg, app_programmes_list, false, json_object(), &progs, &e))
		return pg_fail(pg, &e);
	if (pg->errors.n == 0 &&
	    (pg_app(pg, app_dashboard_participants, false, span_in(&v), &pa, &e) ||
	     pg_app(pg, app_dashboard_payments, false, span_in(&v), &pay, &e) ||
	     pg_app(pg, app_followup_report, false, cohort_in(pg, &v), &fu, &e))) {
		if (e.cls != KVERR_INVALID) {
			json_decref(progs);
			json_decref(pa);
			json_decref(pay);
			return pg_fail(pg, &e);
		}
		refused(pg, &e);
	}
	if (pg->errors.n)
		pg->status = 422;
	pg_error_summary(pg);
	pg_elem(pg, "p", "dash.lead");
	choose_form(pg, &v, progs);
	if (pg->errors.n == 0) {
		axis_months(&v, json_object_get(pa, "months"));
		html_raw(&pg->out, "<nav class=\"toc\" aria-labelledby=\"toc-h\">"
			 "<h2 id=\"toc-h\">");
		pg_text(pg, "dash.toc");
		html_raw(&pg->out, "</h2><ul><li><a href=\"#tracks-h\">");
		pg_text(pg, "dash.tracks_heading");
		html_raw(&pg->out, "</a></li><li><a href=\"#providers-h\">");
		pg_text(pg, "dash.providers_heading");
		html_raw(&pg->out, "</a></li><li><a href=\"#payments-h\">");
		pg_text(pg, "dash.payments_heading");
		html_raw(&pg->out, "</a></li><li><a href=\"#share-h\">");
		pg_text(pg, "dash.share_heading");
		html_raw(&pg->out, "</a></li><li><a href=\"#results-h\">");
		pg_text(pg, "dash.results_heading");
		html_raw(&pg->out, "</a></li></ul></nav>");
		by_track(pg, &v, pa);
		by_provider(pg, &v, pa);
		payments(pg, &v, pay);
		result_share(pg, &v, pay);
		results(pg, fu);
	}
	json_decref(progs);
	json_decref(pa);
	json_decref(pay);
	json_decref(fu);
	return 0;
}

const struct web_page page_dashboard_pages[] = {
	{ "GET", DASH, ROLE_AUTHORITY, dashboard_page },
	{ NULL, NULL, 0, NULL }
};
