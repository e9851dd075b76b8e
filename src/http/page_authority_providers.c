/*
 * page_authority_providers.c — a provider as the authority follows it
 * (issue 8 §3): its admissions, quality reviews, and the decisions taken
 * when it falls short — warnings with a deadline (D-10), temporary order
 * stops (F-6), penalties set off against the next payment (F-6), and
 * terminations per delivery area with the one-year bar — each with
 * who decided under which delegation, when and why.
 *
 * The decisions are the use cases' (sanctions.c, decisions.c); a form
 * here gathers what the officer decides and shows a refusal next to the
 * field it concerns.
 */
#include "http/page_authority.h"
#include "app/applications.h"
#include "app/providers.h"
#include "app/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sanction_kinds[] = { "warning", "order_stop",
					      "penalty", "termination", NULL };

static void provider_path(const struct page *pg, char *buf, size_t size)
{
	snprintf(buf, size, "/authority/providers/%lld",
		 (long long)pg_param_int(pg, "provider_id"));
}

static json_t *provider_arg(const struct page *pg)
{
	return json_pack("{s:I}", "provider_id",
			 (json_int_t)pg_param_int(pg, "provider_id"));
}

/* The area's name among the provider's admissions (any programme). */
static const char *area_of(const json_t *areas, int64_t id)
{
	return au_provider_name(areas, id);
}

/* ------------------------------------------------------------- the list */

int au_providers(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *list, *p;
	size_t i;

	pg->nav = "authority-providers";
	pg_title(pg, "authority.providers.title", NULL);
	pg_elem(pg, "p", "authority.providers.lead");
	if (pg_app(pg, app_providers_list, false, json_object(), &list, &e))
		return pg_fail(pg, &e);
	au_table_open(pg, "providers", "authority.providers.caption");
	au_table_head(pg, "authority.col.provider", "authority.col.orgnr",
		      "authority.col.kind", "authority.providers.admissions", NULL);
	json_array_foreach(list, i, p) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/providers/", au_int(p, "id"), NULL,
			   au_str(p, "name"));
		html_raw(&pg->out, "</th><td><span dir=\"ltr\">");
		html_text(&pg->out, au_str(p, "orgnr"));
		html_raw(&pg->out, "</span></td><td>");
		au_enum(pg, "authority.provider_kind", au_str(p, "kind"));
		html_raw(&pg->out, "</td><td>");
		html_int(&pg->out, au_int(p, "active_admissions"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
	json_decref(list);
	return 0;
}

/* ------------------------------------------------------------ a provider */

static void admissions(struct page *pg, const json_t *p)
{
	json_t *a;
	size_t i;

	au_table_open(pg, "admissions", "authority.provider.admissions");
	au_table_head(pg, "authority.col.area", "authority.provider.admitted_on",
		      "authority.provider.ended_on", NULL);
	json_array_foreach(json_object_get(p, "admissions"), i, a) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, au_str(a, "area_name"));
		html_raw(&pg->out, "</th><td>");
		au_date(pg, au_str(a, "admitted_on"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(a, "ended_on"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void warnings(struct page *pg, const json_t *list, const json_t *areas)
{
	json_t *w;
	size_t i;
	char prefix[80];

	if (json_array_size(list) == 0)
		return;
	snprintf(prefix, sizeof(prefix), "/authority/providers/%lld/warnings/",
		 (long long)pg_param_int(pg, "provider_id"));
	au_table_open(pg, "warnings", "authority.warnings.caption");
	au_table_head(pg, "authority.col.area", "authority.warnings.problems",
		      "authority.warnings.deadline", "authority.col.decided",
		      "authority.col.status", NULL);
	json_array_foreach(list, i, w) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, prefix, au_int(w, "id"), NULL,
			   area_of(areas, au_int(w, "area_id")));
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_str(w, "problems"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(w, "deadline"));
		html_raw(&pg->out, "</td><td>");
		au_decided(pg, w, "decided_by", "delegation", "decided_on");
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.warning_status", au_str(w, "status"));
		if (json_is_string(json_object_get(w, "followed_up_by"))) {
			html_raw(&pg->out, "<br>");
			au_decided(pg, w, "followed_up_by", "follow_up_delegation",
				   "followed_up_on");
		}
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void order_stops(struct page *pg, const json_t *list, const json_t *areas)
{
	json_t *s;
	size_t i;
	char prefix[80];

	if (json_array_size(list) == 0)
		return;
	snprintf(prefix, sizeof(prefix), "/authority/providers/%lld/order-stops/",
		 (long long)pg_param_int(pg, "provider_id"));
	au_table_open(pg, "stops", "authority.stops.caption");
	au_table_head(pg, "authority.col.area", "authority.stops.period",
		      "authority.col.reason", "authority.col.decided",
		      "authority.stops.lifted", NULL);
	json_array_foreach(list, i, s) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, prefix, au_int(s, "id"), NULL,
			   area_of(areas, au_int(s, "area_id")));
		html_raw(&pg->out, "</th><td>");
		au_date(pg, au_str(s, "from_on"));
		html_raw(&pg->out, " – ");
		au_date(pg, au_str(s, "until_on"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_str(s, "reason"));
		html_raw(&pg->out, "</td><td>");
		au_decided(pg, s, "decided_by", "delegation", "decided_on");
		html_raw(&pg->out, "</td><td>");
		if (json_is_string(json_object_get(s, "lifted_on")))
			au_decided(pg, s, "lifted_by", "lift_delegation", "lifted_on");
		else
			html_raw(&pg->out, "–");
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void penalties(struct page *pg, const json_t *list, const json_t *areas)
{
	json_t *p;
	size_t i;

	if (json_array_size(list) == 0)
		return;
	au_table_open(pg, "penalties", "authority.penalties.caption");
	au_table_head(pg, "authority.col.area", "authority.penalties.amount",
		      "authority.col.reason", "authority.col.decided",
		      "authority.penalties.set_off", NULL);
	json_array_foreach(list, i, p) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, area_of(areas, au_int(p, "area_id")));
		html_raw(&pg->out, "</th><td>");
		au_money(pg, au_int(p, "amount_ore"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_str(p, "reason"));
		html_raw(&pg->out, "</td><td>");
		au_decided(pg, p, "decided_by", "delegation", "decided_on");
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, *au_str(p, "set_off_in") ? au_str(p, "set_off_in") :
			  pg_t(pg, "authority.penalties.not_yet"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void terminations(struct page *pg, const json_t *list,
			 const json_t *areas)
{
	json_t *t;
	size_t i;

	if (json_array_size(list) == 0)
		return;
	au_table_open(pg, "terminations", "authority.terminations.caption");
	au_table_head(pg, "authority.col.area", "authority.col.reason",
		      "authority.col.decided", NULL);
	json_array_foreach(list, i, t) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, area_of(areas, au_int(t, "area_id")));
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_str(t, "reason"));
		html_raw(&pg->out, "</td><td>");
		au_decided(pg, t, "decided_by", "delegation", "decided_on");
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void reviews(struct page *pg, const json_t *areas)
{
	struct kverr e = { 0 };
	json_t *list, *r;
	size_t i;

	if (pg_app(pg, app_reviews_list, false, provider_arg(pg), &list, &e))
		return;
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.reviews.none");
		json_decref(list);
		return;
	}
	au_table_open(pg, "provider-reviews", "authority.reviews.caption");
	au_table_head(pg, "authority.col.area", "authority.col.kind",
		      "authority.reviews.planned_on", "authority.col.status", NULL);
	json_array_foreach(list, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/reviews/", au_int(r, "id"), NULL,
			   area_of(areas, au_int(r, "area_id")));
		html_raw(&pg->out, "</th><td>");
		au_enum(pg, "authority.review_kind", au_str(r, "kind"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(r, "planned_on"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.review_status", au_str(r, "status"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
	json_decref(list);
}

static void action_links(struct page *pg)
{
	char base[80], href[160];

	provider_path(pg, base, sizeof(base));
	html_raw(&pg->out, "<h2>");
	pg_text(pg, "authority.provider.decide");
	html_raw(&pg->out, "</h2><ul class=\"links\">");
	for (int k = 0; sanction_kinds[k]; k++) {
		char key[64];

		snprintf(href, sizeof(href), "%s/decisions/new?kind=%s", base,
			 sanction_kinds[k]);
		snprintf(key, sizeof(key), "authority.sanction.new_%s",
			 sanction_kinds[k]);
		html_raw(&pg->out, "<li>");
		au_link(pg, href, key);
		html_raw(&pg->out, "</li>");
	}
	snprintf(href, sizeof(href), "/authority/reviews/new?provider=%lld",
		 (long long)pg_param_int(pg, "provider_id"));
	html_raw(&pg->out, "<li>");
	au_link(pg, href, "authority.reviews.plan");
	html_raw(&pg->out, "</li></ul>");
}

int au_provider(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *p, *s, *areas;

	if (pg_app(pg, app_provider_get, false, provider_arg(pg), &p, &e))
		return pg_fail(pg, &e);
	if (pg_app(pg, app_sanctions_list, false, provider_arg(pg), &s, &e)) {
		json_decref(p);
		return pg_fail(pg, &e);
	}
	areas = au_area_names(pg);
	pg->nav = "authority-providers";
	pg_title_text(pg, au_str(p, "name"));
	au_done(pg);
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.col.orgnr");
	html_raw(&pg->out, "</dt><dd><span dir=\"ltr\">");
	html_text(&pg->out, au_str(p, "orgnr"));
	html_raw(&pg->out, "</span></dd><dt>");
	pg_text(pg, "authority.col.kind");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.provider_kind", au_str(p, "kind"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.field.email");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(p, "email"));
	html_raw(&pg->out, "</dd></dl>");
	admissions(pg, p);
	if (au_officer(pg))
		action_links(pg);
	html_raw(&pg->out, "<section aria-labelledby=\"sanctions-h\"><h2"
		 " id=\"sanctions-h\">");
	pg_text(pg, "authority.provider.sanctions");
	html_raw(&pg->out, "</h2>");
	if (!json_array_size(json_object_get(s, "warnings")) &&
	    !json_array_size(json_object_get(s, "order_stops")) &&
	    !json_array_size(json_object_get(s, "penalties")) &&
	    !json_array_size(json_object_get(s, "terminations")))
		au_empty(pg, "authority.provider.no_sanctions");
	warnings(pg, json_object_get(s, "warnings"), areas);
	order_stops(pg, json_object_get(s, "order_stops"), areas);
	penalties(pg, json_object_get(s, "penalties"), areas);
	terminations(pg, json_object_get(s, "terminations"), areas);
	html_raw(&pg->out, "</section><section aria-labelledby=\"reviews-h\"><h2"
		 " id=\"reviews-h\">");
	pg_text(pg, "authority.reviews.title");
	html_raw(&pg->out, "</h2>");
	reviews(pg, areas);
	html_raw(&pg->out, "</section>");
	json_decref(areas);
	json_decref(s);
	json_decref(p);
	return 0;
}

/* ------------------------------------------------------- the decisions */

static int kind_of(const char *s)
{
	for (int k = 0; s && sanction_kinds[k]; k++)
		if (strcmp(sanction_kinds[k], s) == 0)
			return k;
	return -1;
}

/* The provider's admissions as choices: area ids (active only, or all
 * for a penalty), or admission ids for a termination. */
static void area_select(struct page *pg, const json_t *p, int kind)
{
	struct pg_option opts[32];
	char ids[32][24];
	const char *want = pg_query(pg, "area"), *sel;
	json_t *a;
	size_t i;
	int n = 0;

	sel = form_get(&pg->form, kind == 3 ? "admission_id" : "area_id");
	json_array_foreach(json_object_get(p, "admissions"), i, a) {
		if (n == 32 || (kind != 2 && json_is_string(json_object_get(a,
							     "ended_on"))))
			continue;
		snprintf(ids[n], sizeof(ids[0]), "%lld", (long long)au_int(a,
			 kind == 3 ? "id" : "area_id"));
		/* From the termination test: that area chosen already. */
		if (!sel && want && au_int(a, "area_id") == strtoll(want, NULL, 10))
			sel = ids[n];
		opts[n].value = ids[n];
		opts[n++].label = au_str(a, "area_name");
	}
	pg_select(pg, kind == 3 ? "admission_id" : "area_id", "authority.col.area",
		  opts, n, sel, true);
}

static void warning_fields(struct page *pg)
{
	au_textarea(pg, "problems", "authority.warnings.problems",
		    "authority.hint.problems");
	au_input(pg, "deadline", "authority.warnings.deadline",
		 "authority.hint.deadline", "date", 10);
}

static void stop_fields(struct page *pg)
{
	au_input(pg, "from_on", "authority.stops.from", "authority.hint.today",
		 "date", 10);
	au_input(pg, "until_on", "authority.stops.until", "authority.hint.until",
		 "date", 10);
	au_textarea(pg, "reason", "authority.field.reason", NULL);
}

static void penalty_fields(struct page *pg)
{
	au_input(pg, "amount", "authority.penalties.amount",
		 "authority.hint.amount", NULL, 20);
	au_textarea(pg, "reason", "authority.field.reason", NULL);
}

static int render_sanction_form(struct page *pg, int kind)
{
	static const char *const actions[] = { "warnings", "order-stops",
					       "penalties", "terminations" };
	struct kverr e = { 0 };
	json_t *p;
	char base[80], action[120], key[64];

	if (pg_app(pg, app_provider_get, false, provider_arg(pg), &p, &e))
		return pg_fail(pg, &e);
	pg->nav = "authority-providers";
	snprintf(key, sizeof(key), "authority.sanction.title_%s", sanction_kinds[kind]);
	pg_title(pg, key, "provider", au_str(p, "name"), NULL);
	pg_error_summary(pg);
	snprintf(key, sizeof(key), "authority.sanction.lead_%s", sanction_kinds[kind]);
	pg_elem(pg, "p", key);
	provider_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/%s", base, actions[kind]);
	pg_form_open(pg, "post", action, "stack");
	area_select(pg, p, kind);
	switch (kind) {
	case 0:  warning_fields(pg); break;
	case 1:  stop_fields(pg); break;
	case 2:  penalty_fields(pg); break;
	default: au_textarea(pg, "reason", "authority.field.reason", NULL); break;
	}
	au_delegation(pg);
	au_input(pg, "decided_on", "authority.field.decided_on",
		 "authority.hint.today", "date", 10);
	pg_button(pg, "authority.sanction.button", NULL);
	html_raw(&pg->out, " <a class=\"button secondary\"");
	html_attr(&pg->out, "href", base);
	html_raw(&pg->out, ">");
	pg_text(pg, "authority.cancel");
	html_raw(&pg->out, "</a>");
	pg_form_close(pg);
	json_decref(p);
	return 0;
}

int au_sanction_form(struct page *pg)
{
	int kind = kind_of(pg_query(pg, "kind"));

	if (kind < 0)
		return pg_error_page(pg, 404, "error.not_found_title",
				     "error.not_found");
	return render_sanction_form(pg, kind);
}

/* Gather a decision's common fields, run it, answer. */
static int decide(struct page *pg, int kind, app_usecase_fn fn, json_t *in,
		  const char *const *fields, const char *fallback)
{
	static const char *const done[] = { "warning", "order_stop", "penalty",
					    "termination" };
	struct kverr e = { 0 };
	json_t *out;
	char base[80];

	au_require(pg, "delegation", NULL);
	au_put_str(pg, in, "delegation", "delegation");
	au_put_str(pg, in, "decided_on", "decided_on");
	if (pg->errors.n == 0 && pg_app(pg, fn, true, in, &out, &e) == 0) {
		json_decref(out);
		provider_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, done[kind]);
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, fallback, fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_sanction_form(pg, kind);
}

int au_warning_post(struct page *pg)
{
	static const char *const fields[] = { "area_id", "problems", "deadline",
					      "delegation", "decided_on", NULL };
	json_t *in = provider_arg(pg);

	au_require(pg, "area_id", "problems", NULL);
	au_put_int(pg, in, "area_id", "area_id", 1, INT64_MAX);
	au_put_str(pg, in, "problems", "problems");
	au_put_str(pg, in, "deadline", "deadline");
	return decide(pg, 0, app_warning_issue, in, fields, "area_id");
}

int au_order_stop_post(struct page *pg)
{
	static const char *const fields[] = { "area_id", "from_on", "until_on",
		"reason", "delegation", "decided_on", NULL };
	json_t *in = provider_arg(pg);

	au_require(pg, "area_id", "until_on", "reason", NULL);
	au_put_int(pg, in, "area_id", "area_id", 1, INT64_MAX);
	au_put_str(pg, in, "from_on", "from_on");
	au_put_str(pg, in, "until_on", "until_on");
	au_put_str(pg, in, "reason", "reason");
	return decide(pg, 1, app_order_stop_issue, in, fields, "area_id");
}

int au_penalty_post(struct page *pg)
{
	static const char *const fields[] = { "area_id", "reason", "delegation",
					      "decided_on", NULL };
	json_t *in = provider_arg(pg);

	au_require(pg, "area_id", "reason", NULL);
	au_put_int(pg, in, "area_id", "area_id", 1, INT64_MAX);
	au_put_kronor(pg, in, "amount", "amount_ore");
	au_put_str(pg, in, "reason", "reason");
	/* The amount's own errors (bad_amount …) land on the field. */
	return decide(pg, 2, app_penalty_impose, in, fields, "amount");
}

/* the admission in one area ends; the one-year bar starts. */
int au_termination_post(struct page *pg)
{
	static const char *const fields[] = { "admission_id", "reason",
					      "delegation", "decided_on", NULL };
	json_t *in = json_object();

	au_require(pg, "admission_id", "reason", NULL);
	au_put_int(pg, in, "admission_id", "admission_id", 1, INT64_MAX);
	au_put_str(pg, in, "reason", "reason");
	return decide(pg, 3, app_admission_terminate, in, fields, "admission_id");
}

/* ----------------------------------------- follow-up and lifting a stop */

/* The sanction `id` in `member` of the provider's list; NULL with the
 * page written when there is none. */
static json_t *find_sanction(struct page *pg, const char *member, int64_t id,
			     json_t **all)
{
	struct kverr e = { 0 };
	json_t *row;
	size_t i;

	if (pg_app(pg, app_sanctions_list, false, provider_arg(pg), all, &e)) {
		pg_fail(pg, &e);
		return NULL;
	}
	json_array_foreach(json_object_get(*all, member), i, row)
		if (au_int(row, "id") == id)
			return row;
	json_decref(*all);
	pg_error_page(pg, 404, "error.not_found_title", "error.not_found");
	return NULL;
}

static void follow_up_form(struct page *pg, const char *action)
{
	static const struct pg_option remedied[] = {
		{ "yes", "authority.warnings.remedied_yes" },
		{ "no", "authority.warnings.remedied_no" },
	};

	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"fu-h\">"
		 "<h2 id=\"fu-h\">");
	pg_text(pg, "authority.warnings.follow_up");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "remedied", "authority.warnings.remedied", remedied, 2, NULL);
	au_textarea(pg, "reason", "authority.field.reason", NULL);
	au_delegation(pg);
	au_input(pg, "decided_on", "authority.field.decided_on",
		 "authority.hint.today", "date", 10);
	pg_button(pg, "authority.warnings.follow_up_button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_warning(struct page *pg)
{
	json_t *all, *w = find_sanction(pg, "warnings",
					pg_param_int(pg, "warning_id"), &all);
	char base[80];

	if (!w)
		return 0;
	pg->nav = "authority-providers";
	pg_title(pg, "authority.warnings.title", NULL);
	pg_error_summary(pg);
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.warnings.problems");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(w, "problems"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.warnings.deadline");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(w, "deadline"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.decided");
	html_raw(&pg->out, "</dt><dd>");
	au_decided(pg, w, "decided_by", "delegation", "decided_on");
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.status");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.warning_status", au_str(w, "status"));
	html_raw(&pg->out, "</dd>");
	if (json_is_string(json_object_get(w, "followed_up_by"))) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "authority.warnings.follow_up");
		html_raw(&pg->out, "</dt><dd>");
		au_decided(pg, w, "followed_up_by", "follow_up_delegation",
			   "followed_up_on");
		html_raw(&pg->out, "<br>");
		html_text(&pg->out, au_str(w, "follow_up_reason"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
	provider_path(pg, base, sizeof(base));
	if (au_officer(pg) && strcmp(au_str(w, "status"), "open") == 0) {
		char action[120];

		snprintf(action, sizeof(action), "%s/warnings/%lld", base,
			 (long long)au_int(w, "id"));
		follow_up_form(pg, action);
	}
	html_raw(&pg->out, "<p>");
	au_link(pg, base, "authority.provider.back");
	html_raw(&pg->out, "</p>");
	json_decref(all);
	return 0;
}

int au_warning(struct page *pg)
{
	return render_warning(pg);
}

int au_warning_post_follow_up(struct page *pg)
{
	static const char *const fields[] = { "remedied", "reason", "delegation",
					      "decided_on", NULL };
	struct kverr e = { 0 };
	const char *rem = form_get(&pg->form, "remedied");
	json_t *in = json_pack("{s:I}", "warning_id",
			       (json_int_t)pg_param_int(pg, "warning_id")), *out;
	char base[80];

	au_require(pg, "remedied", "reason", "delegation", NULL);
	json_object_set_new(in, "remedied", json_boolean(rem && !strcmp(rem, "yes")));
	au_put_str(pg, in, "reason", "reason");
	au_put_str(pg, in, "delegation", "delegation");
	au_put_str(pg, in, "decided_on", "decided_on");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_warning_follow_up, true, in, &out, &e) == 0) {
		json_decref(out);
		provider_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "follow_up");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "remedied", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_warning(pg);
}

static int render_stop(struct page *pg)
{
	json_t *all, *s = find_sanction(pg, "order_stops",
					pg_param_int(pg, "order_stop_id"), &all);
	char base[80], action[120];

	if (!s)
		return 0;
	pg->nav = "authority-providers";
	pg_title(pg, "authority.stops.title", NULL);
	pg_error_summary(pg);
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.stops.period");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(s, "from_on"));
	html_raw(&pg->out, " – ");
	au_date(pg, au_str(s, "until_on"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.reason");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(s, "reason"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.decided");
	html_raw(&pg->out, "</dt><dd>");
	au_decided(pg, s, "decided_by", "delegation", "decided_on");
	html_raw(&pg->out, "</dd>");
	if (json_is_string(json_object_get(s, "lifted_on"))) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "authority.stops.lifted");
		html_raw(&pg->out, "</dt><dd>");
		au_decided(pg, s, "lifted_by", "lift_delegation", "lifted_on");
		html_raw(&pg->out, "<br>");
		html_text(&pg->out, au_str(s, "lift_reason"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
	provider_path(pg, base, sizeof(base));
	if (au_officer(pg) && !json_is_string(json_object_get(s, "lifted_on"))) {
		snprintf(action, sizeof(action), "%s/order-stops/%lld", base,
			 (long long)au_int(s, "id"));
		html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"lift-h\">"
			 "<h2 id=\"lift-h\">");
		pg_text(pg, "authority.stops.lift");
		html_raw(&pg->out, "</h2>");
		pg_form_open(pg, "post", action, "stack");
		au_textarea(pg, "reason", "authority.field.reason", NULL);
		au_delegation(pg);
		au_input(pg, "lifted_on", "authority.stops.lifted_on",
			 "authority.hint.today", "date", 10);
		pg_button(pg, "authority.stops.lift_button", NULL);
		pg_form_close(pg);
		html_raw(&pg->out, "</section>");
	}
	html_raw(&pg->out, "<p>");
	au_link(pg, base, "authority.provider.back");
	html_raw(&pg->out, "</p>");
	json_decref(all);
	return 0;
}

int au_order_stop(struct page *pg)
{
	return render_stop(pg);
}

int au_order_stop_lift_post(struct page *pg)
{
	static const char *const fields[] = { "reason", "delegation", "lifted_on",
					      NULL };
	struct kverr e = { 0 };
	json_t *in = json_pack("{s:I}", "order_stop_id",
			       (json_int_t)pg_param_int(pg, "order_stop_id")), *out;
	char base[80];

	au_require(pg, "reason", "delegation", NULL);
	au_put_str(pg, in, "reason", "reason");
	au_put_str(pg, in, "delegation", "delegation");
	au_put_str(pg, in, "lifted_on", "lifted_on");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_order_stop_lift, true, in, &out, &e) == 0) {
		json_decref(out);
		provider_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "lifted");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "lifted_on", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_stop(pg);
}
