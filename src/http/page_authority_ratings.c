/*
 * page_authority_ratings.c — the rating rounds (issue 8 §3, R-1, R-3):
 * computing a round on a measurement date, seeing every provider in every
 * delivery area with its result against what was expected for
 * participants like its own and the interval around it, publishing a
 * round on the schedule, and the termination test's candidates — a list
 * for the case officer, who decides any termination with its delegation
 * on the provider's page.
 *
 * The method and the schedule are the use cases' (core/rating.c): a round
 * published too early is refused and the refusal shown.
 */
#include "http/page_authority.h"
#include "app/rating.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- rounds */

static void compute_form(struct page *pg)
{
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"compute-h\">"
		 "<h2 id=\"compute-h\">");
	pg_text(pg, "authority.ratings.compute");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.ratings.compute_lead");
	pg_form_open(pg, "post", "/authority/ratings", "stack");
	au_input(pg, "date", "authority.ratings.measured_on",
		 "authority.hint.today", "date", 10);
	pg_button(pg, "authority.ratings.compute_button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void round_row(struct page *pg, const json_t *r)
{
	char label[80];

	pg_date_into(pg, au_str(r, "measured_on"), label, sizeof(label));
	html_raw(&pg->out, "<tr><th scope=\"row\">");
	au_link_id(pg, "/authority/ratings/", au_int(r, "id"), NULL, label);
	html_raw(&pg->out, "</th><td>");
	au_date(pg, au_str(r, "window_from"));
	html_raw(&pg->out, " – ");
	au_date(pg, au_str(r, "window_to"));
	html_raw(&pg->out, "</td><td>");
	html_int(&pg->out, au_int(r, "rated"));
	html_raw(&pg->out, "</td><td>");
	html_int(&pg->out, au_int(r, "not_rated"));
	html_raw(&pg->out, "</td><td>");
	au_enum(pg, "authority.round_status", au_str(r, "status"));
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(r, "published_on"));
	html_raw(&pg->out, "</td></tr>");
}

static int render_ratings(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *list, *r;
	size_t i;

	pg->nav = "authority";
	pg_title(pg, "authority.ratings.title", NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "authority.ratings.lead");
	html_raw(&pg->out, "<p>");
	au_link(pg, "/authority/ratings/candidates", "authority.candidates.title");
	html_raw(&pg->out, "</p>");
	compute_form(pg);
	if (pg_app(pg, app_ratings_list, false, json_object(), &list, &e))
		return pg_fail(pg, &e);
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.ratings.empty");
	} else {
		au_table_open(pg, "rounds", "authority.ratings.caption");
		au_table_head(pg, "authority.ratings.measured_on",
			      "authority.ratings.window", "authority.ratings.rated",
			      "authority.ratings.not_rated", "authority.col.status",
			      "authority.ratings.published_on", NULL);
		json_array_foreach(list, i, r)
			round_row(pg, r);
		au_table_close(pg);
	}
	json_decref(list);
	return 0;
}

int au_ratings(struct page *pg)
{
	return render_ratings(pg);
}

int au_rating_compute(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *in = json_object(), *out;
	char to[80];

	au_put_str(pg, in, "date", "date");
	if (pg_app(pg, app_rating_compute, true, in, &out, &e) == 0) {
		snprintf(to, sizeof(to), "/authority/ratings/%lld",
			 (long long)au_int(out, "id"));
		json_decref(out);
		au_redirect_done(pg, to, "computed");
		return 0;
	}
	au_refusal(pg, &e, "date", NULL);
	pg->status = 422;
	return render_ratings(pg);
}

/* -------------------------------------------------------------- a round */

static void programme_table(struct page *pg, const json_t *round)
{
	json_t *p;
	size_t i;

	au_table_open(pg, "programmes", "authority.rating.programmes");
	au_table_head(pg, "authority.col.programme", "authority.rating.participants",
		      "authority.rating.results", "authority.ratings.rated", NULL);
	json_array_foreach(json_object_get(round, "programmes"), i, p) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		html_text(&pg->out, au_str(p, "name"));
		html_raw(&pg->out, "</th><td>");
		html_int(&pg->out, au_int(p, "participants"));
		html_raw(&pg->out, "</td><td>");
		/* results_pct: results × 100 (a result may be shared). */
		au_decimal(pg, au_int(p, "results_pct") * 10000);
		html_raw(&pg->out, "</td><td>");
		html_int(&pg->out, au_int(p, "rated"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void stars_cell(struct page *pg, const json_t *r)
{
	char n[8];

	if (!json_is_true(json_object_get(r, "rated"))) {
		html_raw(&pg->out, "<span class=\"not-rated\">");
		au_enum(pg, "authority.rating_reason", au_str(r, "reason"));
		html_raw(&pg->out, "</span>");
		return;
	}
	snprintf(n, sizeof(n), "%lld", (long long)au_int(r, "stars"));
	pg_textf(pg, "authority.rating.stars", "n", n, NULL);
	html_raw(&pg->out, "<br>");
	au_enum(pg, "authority.significance", au_str(r, "significance"));
}

static void row_of(struct page *pg, const json_t *r)
{
	bool rated = json_is_true(json_object_get(r, "rated"));

	html_raw(&pg->out, "<tr><th scope=\"row\">");
	au_link_id(pg, "/authority/providers/", au_int(r, "provider_id"), NULL,
		   au_str(r, "provider"));
	html_raw(&pg->out, "</th><td>");
	html_text(&pg->out, au_str(r, "area"));
	html_raw(&pg->out, "</td><td>");
	html_int(&pg->out, au_int(r, "participants"));
	html_raw(&pg->out, "</td><td>");
	au_decimal(pg, au_int(r, "observed_ppm"));
	html_raw(&pg->out, " / ");
	au_decimal(pg, au_int(r, "expected_ppm"));
	html_raw(&pg->out, "</td><td>");
	if (rated) {
		au_decimal(pg, au_int(r, "ratio_ppm"));
		html_raw(&pg->out, " (");
		au_decimal(pg, au_int(r, "ci_low_ppm"));
		html_raw(&pg->out, " – ");
		au_decimal(pg, au_int(r, "ci_high_ppm"));
		html_raw(&pg->out, ")");
	} else {
		html_raw(&pg->out, "–");
	}
	html_raw(&pg->out, "</td><td>");
	stars_cell(pg, r);
	html_raw(&pg->out, "</td></tr>");
}

static void publish_form(struct page *pg, int64_t id)
{
	char action[80];

	snprintf(action, sizeof(action), "/authority/ratings/%lld/publication",
		 (long long)id);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"pub-h\">"
		 "<h2 id=\"pub-h\">");
	pg_text(pg, "authority.rating.publish");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.rating.publish_lead");
	pg_field_error(pg, "publish");
	pg_form_open(pg, "post", action, NULL);
	/* The error summary links here. */
	html_raw(&pg->out, "<button type=\"submit\" id=\"f-publish\">");
	pg_text(pg, "authority.rating.publish_button");
	html_raw(&pg->out, "</button>");
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_round(struct page *pg)
{
	int64_t id = pg_param_int(pg, "round_id");
	struct kverr e = { 0 };
	json_t *round, *r;
	char when[80];
	size_t i;

	if (pg_app(pg, app_rating_get, false, json_pack("{s:I}", "round_id",
		   (json_int_t)id), &round, &e))
		return pg_fail(pg, &e);
	pg_date_into(pg, au_str(round, "measured_on"), when, sizeof(when));
	pg->nav = "authority";
	pg_title(pg, "authority.rating.title", "date", when, NULL);
	au_done(pg);
	pg_error_summary(pg);
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.ratings.window");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(round, "window_from"));
	html_raw(&pg->out, " – ");
	au_date(pg, au_str(round, "window_to"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.status");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.round_status", au_str(round, "status"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.rating.computed_by");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(round, "computed_by"));
	html_raw(&pg->out, "</dd>");
	if (json_is_string(json_object_get(round, "published_on"))) {
		html_raw(&pg->out, "<dt>");
		pg_text(pg, "authority.ratings.published_on");
		html_raw(&pg->out, "</dt><dd>");
		au_date(pg, au_str(round, "published_on"));
		html_raw(&pg->out, " (");
		html_text(&pg->out, au_str(round, "published_by"));
		html_raw(&pg->out, ")</dd>");
	}
	html_raw(&pg->out, "</dl>");
	if (strcmp(au_str(round, "status"), "computed") == 0)
		publish_form(pg, id);
	pg_elem(pg, "p", "authority.rating.how");
	programme_table(pg, round);
	au_table_open(pg, "rows", "authority.rating.rows");
	au_table_head(pg, "authority.col.provider", "authority.col.area",
		      "authority.rating.participants", "authority.rating.observed",
		      "authority.rating.ratio", "authority.rating.stars_col", NULL);
	json_array_foreach(json_object_get(round, "rows"), i, r)
		row_of(pg, r);
	au_table_close(pg);
	json_decref(round);
	return 0;
}

int au_rating(struct page *pg)
{
	return render_round(pg);
}

int au_rating_publish(struct page *pg)
{
	int64_t id = pg_param_int(pg, "round_id");
	struct kverr e = { 0 };
	json_t *out;
	char to[80];

	if (pg_app(pg, app_rating_publish, true, json_pack("{s:I}", "round_id",
		   (json_int_t)id), &out, &e) == 0) {
		json_decref(out);
		snprintf(to, sizeof(to), "/authority/ratings/%lld", (long long)id);
		au_redirect_done(pg, to, "published");
		return 0;
	}
	au_refusal(pg, &e, "publish", NULL);
	pg->status = 422;
	return render_round(pg);
}

/* ------------------------------------------------- the termination test */

int au_candidates(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *out, *c, *m;
	size_t i, k;

	pg->nav = "authority";
	pg_title(pg, "authority.candidates.title", NULL);
	pg_elem(pg, "p", "authority.candidates.lead");
	if (pg_app(pg, app_rating_candidates, false, json_object(), &out, &e))
		return pg_fail(pg, &e);
	if (json_array_size(json_object_get(out, "candidates")) == 0) {
		au_empty(pg, json_array_size(json_object_get(out, "rounds")) ?
			 "authority.candidates.empty" :
			 "authority.candidates.no_rounds");
		json_decref(out);
		return 0;
	}
	au_table_open(pg, "candidates", "authority.candidates.caption");
	au_table_head(pg, "authority.col.provider", "authority.col.area",
		      "authority.candidates.marks", NULL);
	json_array_foreach(json_object_get(out, "candidates"), i, c) {
		char href[120];

		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/providers/", au_int(c, "provider_id"),
			   NULL, au_str(c, "provider"));
		html_raw(&pg->out, "</th><td>");
		html_text(&pg->out, au_str(c, "area"));
		html_raw(&pg->out, "</td><td><ul class=\"plain\">");
		json_array_foreach(json_object_get(c, "rounds"), k, m) {
			char n[8];

			snprintf(n, sizeof(n), "%lld", (long long)au_int(m, "stars"));
			html_raw(&pg->out, "<li>");
			au_date(pg, au_str(m, "measured_on"));
			html_raw(&pg->out, ": ");
			pg_textf(pg, "authority.rating.stars", "n", n, NULL);
			html_raw(&pg->out, ", ");
			au_decimal(pg, au_int(m, "ratio_ppm"));
			html_raw(&pg->out, "</li>");
		}
		html_raw(&pg->out, "</ul>");
		if (au_officer(pg)) {
			snprintf(href, sizeof(href), "/authority/providers/%lld/decisions/"
				 "new?kind=termination&area=%lld",
				 (long long)au_int(c, "provider_id"),
				 (long long)au_int(c, "area_id"));
			au_link(pg, href, "authority.candidates.terminate");
		}
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
	json_decref(out);
	return 0;
}
