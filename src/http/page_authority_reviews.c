/*
 * page_authority_reviews.c — the authority's quality reviews (issue 8 §3,
 * D-9): which admitted providers are due for one (the first no earlier
 * than six months after admission and with enough participants, then
 * every second year — core/quality.c decides), planning a scheduled or an
 * extra review with its reason, recording the findings against the
 * requirements, and holding the review with a summary — each showing who
 * planned, recorded and held it.  A warning, order stop or penalty that
 * follows is decided on the provider's page.
 */
#include "http/page_authority.h"
#include "app/providers.h"
#include "app/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct pg_option review_kinds[] = {
	{ "scheduled", "authority.review_kind.scheduled" },
	{ "extra", "authority.review_kind.extra" },
};

/* ---------------------------------------------------------- the lists */

static void review_table(struct page *pg, const char *id, const char *caption,
			 const json_t *list, const json_t *areas)
{
	json_t *r;
	size_t i;

	au_table_open(pg, id, caption);
	au_table_head(pg, "authority.col.provider", "authority.col.area",
		      "authority.col.kind", "authority.reviews.planned_on",
		      "authority.reviews.held_on", "authority.col.by", NULL);
	json_array_foreach(list, i, r) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/reviews/", au_int(r, "id"), NULL,
			   au_str(r, "provider_name"));
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_provider_name(areas, au_int(r, "area_id")));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.review_kind", au_str(r, "kind"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(r, "planned_on"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(r, "held_on"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, *au_str(r, "held_by") ? au_str(r, "held_by") :
			  au_str(r, "planned_by"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void due_row(struct page *pg, const json_t *r)
{
	char href[120];

	html_raw(&pg->out, "<tr><th scope=\"row\">");
	au_link_id(pg, "/authority/providers/", au_int(r, "provider_id"), NULL,
		   au_str(r, "provider_name"));
	html_raw(&pg->out, "</th><td>");
	html_text(&pg->out, au_str(r, "area_name"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(r, "admitted_on"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(r, "due_on"));
	html_raw(&pg->out, "</td><td>");
	au_enum(pg, "authority.review_due", au_str(r, "status"));
	if (au_officer(pg) && strcmp(au_str(r, "status"), "planned")) {
		snprintf(href, sizeof(href), "/authority/reviews/new?provider=%lld"
			 "&area=%lld", (long long)au_int(r, "provider_id"),
			 (long long)au_int(r, "area_id"));
		html_raw(&pg->out, "<br>");
		au_link(pg, href, "authority.reviews.plan");
	}
	html_raw(&pg->out, "</td></tr>");
}

int au_reviews(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *planned = NULL, *held = NULL, *due = NULL, *areas, *r;
	size_t i;

	pg->nav = "authority";
	pg_title(pg, "authority.reviews.title", NULL);
	au_done(pg);
	pg_elem(pg, "p", "authority.reviews.lead");
	if (pg_app(pg, app_reviews_list, false, json_pack("{s:s}", "status",
		   "planned"), &planned, &e) ||
	    pg_app(pg, app_reviews_list, false, json_pack("{s:s}", "status",
		   "held"), &held, &e) ||
	    pg_app(pg, app_reviews_due, false, json_object(), &due, &e)) {
		json_decref(planned);
		json_decref(held);
		return pg_fail(pg, &e);
	}
	areas = au_area_names(pg);
	html_raw(&pg->out, "<section aria-labelledby=\"planned-h\"><h2 id=\"planned-h\">");
	pg_text(pg, "authority.reviews.planned");
	html_raw(&pg->out, "</h2>");
	if (json_array_size(planned))
		review_table(pg, "planned", "authority.reviews.planned", planned, areas);
	else
		au_empty(pg, "authority.reviews.none_planned");
	html_raw(&pg->out, "</section><section aria-labelledby=\"due-h\"><h2"
		 " id=\"due-h\">");
	pg_text(pg, "authority.reviews.schedule");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.reviews.schedule_lead");
	au_table_open(pg, "due", "authority.reviews.schedule");
	au_table_head(pg, "authority.col.provider", "authority.col.area",
		      "authority.provider.admitted_on", "authority.reviews.due_on",
		      "authority.col.status", NULL);
	json_array_foreach(json_object_get(due, "reviews"), i, r)
		due_row(pg, r);
	au_table_close(pg);
	html_raw(&pg->out, "</section><section aria-labelledby=\"held-h\"><h2"
		 " id=\"held-h\">");
	pg_text(pg, "authority.reviews.held");
	html_raw(&pg->out, "</h2>");
	if (json_array_size(held))
		review_table(pg, "held", "authority.reviews.held", held, areas);
	else
		au_empty(pg, "authority.reviews.none_held");
	html_raw(&pg->out, "</section>");
	json_decref(areas);
	json_decref(planned);
	json_decref(held);
	json_decref(due);
	return 0;
}

/* ----------------------------------------------------------- planning */

/* The provider the review is for: the query's (a GET) or the form's. */
static int64_t provider_of(const struct page *pg)
{
	const char *v = form_get(&pg->form, "provider_id");

	if (!v)
		v = pg_query(pg, "provider");
	return v ? strtoll(v, NULL, 10) : 0;
}

static void provider_picker(struct page *pg)
{
	struct kverr e = { 0 };
	struct pg_option *opts;
	json_t *list, *p;
	char (*ids)[24];
	size_t i, n;

	if (pg_app(pg, app_providers_list, false, json_object(), &list, &e))
		return;
	n = json_array_size(list);
	opts = calloc(n + 1, sizeof(*opts));
	ids = calloc(n + 1, sizeof(*ids));
	if (opts && ids) {
		json_array_foreach(list, i, p) {
			snprintf(ids[i], sizeof(ids[0]), "%lld", (long long)au_int(p, "id"));
			opts[i].value = ids[i];
			opts[i].label = au_str(p, "name");
		}
		pg_form_open(pg, "get", "/authority/reviews/new", "stack");
		pg_select(pg, "provider", "authority.col.provider", opts, (int)n,
			  NULL, true);
		pg_button(pg, "authority.reviews.next", NULL);
		pg_form_close(pg);
	}
	free(opts);
	free(ids);
	json_decref(list);
}

static int render_review_form(struct page *pg)
{
	struct kverr e = { 0 };
	int64_t pid = provider_of(pg);
	struct pg_option opts[32];
	char ids[32][24], pidtext[24];
	const char *area = form_get(&pg->form, "area_id");
	json_t *p, *a;
	size_t i;
	int n = 0;

	pg->nav = "authority";
	pg_title(pg, "authority.reviews.plan", NULL);
	pg_error_summary(pg);
	if (pid <= 0) {
		provider_picker(pg);
		return 0;
	}
	if (pg_app(pg, app_provider_get, false, json_pack("{s:I}", "provider_id",
		   (json_int_t)pid), &p, &e))
		return pg_fail(pg, &e);
	html_raw(&pg->out, "<p class=\"big\">");
	html_text(&pg->out, au_str(p, "name"));
	html_raw(&pg->out, "</p>");
	if (!area)
		area = pg_query(pg, "area");
	json_array_foreach(json_object_get(p, "admissions"), i, a) {
		if (n == 32 || json_is_string(json_object_get(a, "ended_on")))
			continue;
		snprintf(ids[n], sizeof(ids[0]), "%lld", (long long)au_int(a, "area_id"));
		opts[n].value = ids[n];
		opts[n++].label = au_str(a, "area_name");
	}
	snprintf(pidtext, sizeof(pidtext), "%lld", (long long)pid);
	pg_form_open(pg, "post", "/authority/reviews", "stack");
	pg_hidden(pg, "provider_id", pidtext);
	pg_select(pg, "area_id", "authority.col.area", opts, n, area, true);
	au_select(pg, "kind", "authority.col.kind", review_kinds, N(review_kinds),
		  NULL);
	au_input(pg, "planned_on", "authority.reviews.planned_on", NULL, "date", 10);
	au_textarea(pg, "reason", "authority.field.reason",
		    "authority.hint.review_reason");
	pg_button(pg, "authority.reviews.plan_button", NULL);
	pg_form_close(pg);
	json_decref(p);
	return 0;
}

int au_review_form(struct page *pg)
{
	return render_review_form(pg);
}

int au_review_post(struct page *pg)
{
	static const char *const fields[] = { "area_id", "kind", "planned_on",
					      "reason", NULL };
	struct kverr e = { 0 };
	json_t *in = json_object(), *out;
	char to[80];

	au_require(pg, "area_id", "kind", "planned_on", "reason", NULL);
	au_put_int(pg, in, "provider_id", "provider_id", 1, INT64_MAX);
	au_put_int(pg, in, "area_id", "area_id", 1, INT64_MAX);
	au_put_str(pg, in, "kind", "kind");
	au_put_str(pg, in, "planned_on", "planned_on");
	au_put_str(pg, in, "reason", "reason");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_review_plan, true, in, &out, &e) == 0) {
		snprintf(to, sizeof(to), "/authority/reviews/%lld",
			 (long long)au_int(out, "id"));
		json_decref(out);
		au_redirect_done(pg, to, "planned");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "planned_on", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_review_form(pg);
}

/* ----------------------------------------------------------- a review */

static void review_facts(struct page *pg, const json_t *r, const json_t *areas)
{
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.col.provider");
	html_raw(&pg->out, "</dt><dd>");
	au_link_id(pg, "/authority/providers/", au_int(r, "provider_id"), NULL,
		   au_str(r, "provider_name"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.area");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_provider_name(areas, au_int(r, "area_id")));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.kind");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.review_kind", au_str(r, "kind"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.reviews.planned_on");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(r, "planned_on"));
	html_raw(&pg->out, " (");
	html_text(&pg->out, au_str(r, "planned_by"));
	html_raw(&pg->out, ")</dd><dt>");
	pg_text(pg, "authority.col.reason");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(r, "reason"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.status");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.review_status", au_str(r, "status"));
	html_raw(&pg->out, "</dd>");
	if (strcmp(au_str(r, "status"), "held") == 0) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "authority.reviews.held_on");
		html_raw(&pg->out, "</dt><dd>");
		au_date(pg, au_str(r, "held_on"));
		html_raw(&pg->out, " (");
		html_text(&pg->out, au_str(r, "held_by"));
		html_raw(&pg->out, ")</dd><dt>");
		pg_text(pg, "authority.reviews.summary");
		html_raw(&pg->out, "</dt><dd class=\"description\">");
		html_text(&pg->out, au_str(r, "summary"));
		html_raw(&pg->out, "</dd>");
	}
	html_raw(&pg->out, "</dl>");
}

static void findings(struct page *pg, const json_t *list)
{
	json_t *f;
	size_t i;

	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.findings.none");
		return;
	}
	au_table_open(pg, "findings", "authority.findings.caption");
	au_table_head(pg, "authority.findings.requirement",
		      "authority.findings.severity", "authority.findings.text",
		      "authority.col.by", NULL);
	json_array_foreach(list, i, f) {
		html_raw(&pg->out, "<tr><td>");
		au_enum(pg, "authority.requirement", au_str(f, "requirement"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.severity", au_str(f, "severity"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_str(f, "text"));
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, au_str(f, "recorded_by"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void finding_form(struct page *pg, int64_t id)
{
	static const char *const reqs[] = { "D-1", "D-2", "D-3", "D-4", "D-5",
		"D-6", "D-7", "D-8", "D-9", "D-10", "D-11", "Q-2", "Q-3", "Q-5",
		"other" };
	static const struct pg_option severities[] = {
		{ "observation", "authority.severity.observation" },
		{ "shortcoming", "authority.severity.shortcoming" },
	};
	struct pg_option opts[N(reqs)];
	char action[80], keys[N(reqs)][48];

	for (int i = 0; i < N(reqs); i++) {
		snprintf(keys[i], sizeof(keys[0]), "authority.requirement.%s", reqs[i]);
		opts[i].value = reqs[i];
		opts[i].label = keys[i];
	}
	snprintf(action, sizeof(action), "/authority/reviews/%lld/findings",
		 (long long)id);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"find-h\">"
		 "<h2 id=\"find-h\">");
	pg_text(pg, "authority.findings.add");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "requirement", "authority.findings.requirement", opts,
		  N(reqs), NULL);
	au_select(pg, "severity", "authority.findings.severity", severities,
		  N(severities), NULL);
	au_textarea(pg, "text", "authority.findings.text", NULL);
	pg_button(pg, "authority.findings.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void hold_form(struct page *pg, int64_t id)
{
	char action[80];

	snprintf(action, sizeof(action), "/authority/reviews/%lld/completion",
		 (long long)id);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"hold-h\">"
		 "<h2 id=\"hold-h\">");
	pg_text(pg, "authority.reviews.hold");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "post", action, "stack");
	au_textarea(pg, "summary", "authority.reviews.summary", NULL);
	au_input(pg, "held_on", "authority.reviews.held_on", "authority.hint.today",
		 "date", 10);
	pg_button(pg, "authority.reviews.hold_button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_review(struct page *pg)
{
	int64_t id = pg_param_int(pg, "review_id");
	struct kverr e = { 0 };
	json_t *r, *areas;
	char num[24];

	if (pg_app(pg, app_review_get, false, json_pack("{s:I}", "review_id",
		   (json_int_t)id), &r, &e))
		return pg_fail(pg, &e);
	areas = au_area_names(pg);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	pg->nav = "authority";
	pg_title(pg, "authority.review.title", "n", num, NULL);
	au_done(pg);
	pg_error_summary(pg);
	review_facts(pg, r, areas);
	html_raw(&pg->out, "<section aria-labelledby=\"findings-h\"><h2"
		 " id=\"findings-h\">");
	pg_text(pg, "authority.findings.caption");
	html_raw(&pg->out, "</h2>");
	findings(pg, json_object_get(r, "findings"));
	html_raw(&pg->out, "</section>");
	if (au_officer(pg) && strcmp(au_str(r, "status"), "planned") == 0) {
		finding_form(pg, id);
		hold_form(pg, id);
	}
	html_raw(&pg->out, "<p>");
	au_link(pg, "/authority/reviews", "authority.reviews.back");
	html_raw(&pg->out, "</p>");
	json_decref(areas);
	json_decref(r);
	return 0;
}

int au_review(struct page *pg)
{
	return render_review(pg);
}

int au_finding_post(struct page *pg)
{
	static const char *const fields[] = { "requirement", "severity", "text",
					      NULL };
	int64_t id = pg_param_int(pg, "review_id");
	struct kverr e = { 0 };
	json_t *in = json_pack("{s:I}", "review_id", (json_int_t)id), *out;
	char to[80];

	au_require(pg, "requirement", "severity", "text", NULL);
	au_put_str(pg, in, "requirement", "requirement");
	au_put_str(pg, in, "severity", "severity");
	au_put_str(pg, in, "text", "text");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_finding_record, true, in, &out, &e) == 0) {
		json_decref(out);
		snprintf(to, sizeof(to), "/authority/reviews/%lld", (long long)id);
		au_redirect_done(pg, to, "finding");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "text", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_review(pg);
}

int au_review_hold_post(struct page *pg)
{
	static const char *const fields[] = { "summary", "held_on", NULL };
	int64_t id = pg_param_int(pg, "review_id");
	struct kverr e = { 0 };
	json_t *in = json_pack("{s:I}", "review_id", (json_int_t)id), *out;
	char to[80];

	au_require(pg, "summary", NULL);
	au_put_str(pg, in, "summary", "summary");
	au_put_str(pg, in, "held_on", "held_on");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_review_hold, true, in, &out, &e) == 0) {
		json_decref(out);
		snprintf(to, sizeof(to), "/authority/reviews/%lld", (long long)id);
		au_redirect_done(pg, to, "held");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "summary", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_review(pg);
}
