/*
 * page_public.c — the pages anyone may see (issue 8 §1, C-1, C-5): the
 * start page, comparing the providers a municipality's jobseekers can
 * choose among (filter and sort on the server, from the query string), a
 * provider's page, and what the stars mean.  Signing in and the language
 * switch are in page_account.c.
 *
 * The data come from the public use cases the JSON API serves
 * (app_public_providers, app_municipalities_list).
 */
#include "http/page.h"
#include "app/market.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------ municipalities */

static int by_name(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "name")),
		      json_string_value(json_object_get(*(json_t *const *)b, "name")));
}

/* The municipalities as a <select>, by name. */
static int municipality_select(struct page *pg, const char *selected,
			       struct kverr *e)
{
	json_t *list, *row;
	struct pg_option *opts;
	json_t **rows;
	size_t i, n;

	if (pg_app(pg, app_municipalities_list, false, json_object(), &list, e))
		return -1;
	n = json_array_size(list);
	rows = calloc(n + 1, sizeof(*rows));
	opts = calloc(n + 1, sizeof(*opts));
	if (!rows || !opts) {
		free(rows);
		free(opts);
		json_decref(list);
		return kverr_set(e, KVERR_INTERNAL, "no_memory", NULL, "Out of memory.");
	}
	json_array_foreach(list, i, row)
		rows[i] = row;
	qsort(rows, n, sizeof(*rows), by_name);
	for (i = 0; i < n; i++) {
		opts[i].value = json_string_value(json_object_get(rows[i], "code"));
		opts[i].label = json_string_value(json_object_get(rows[i], "name"));
	}
	pg_select(pg, "municipality", "compare.municipality", opts, (int)n,
		  selected, true);
	free(rows);
	free(opts);
	json_decref(list);
	return 0;
}

/* A municipality's name by code ("" when unknown). */
static void municipality_name(struct page *pg, const char *code, char *buf,
			      size_t size)
{
	struct kverr e = { 0 };
	json_t *list, *row;
	size_t i;

	buf[0] = '\0';
	if (pg_app(pg, app_municipalities_list, false, json_object(), &list, &e))
		return;
	json_array_foreach(list, i, row)
		if (strcmp(json_string_value(json_object_get(row, "code")), code) == 0)
			snprintf(buf, size, "%s", json_string_value(
					 json_object_get(row, "name")));
	json_decref(list);
}

static bool valid_municipality(const char *m)
{
	return m && strlen(m) == 4 && strspn(m, "0123456789") == 4;
}

/* ------------------------------------------------------------- start */

static int start_page(struct page *pg)
{
	struct kverr e = { 0 };

	/* The same for every anonymous visitor: kept until a write (cache.c). */
	pg->cacheable = true;
	pg->nav = "start";
	pg_title(pg, "start.title", NULL);
	pg_elem(pg, "p", "start.lead");
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"find-h\">"
		 "<h2 id=\"find-h\">");
	pg_text(pg, "start.find_heading");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "get", "/compare", "stack");
	if (municipality_select(pg, pg_query(pg, "municipality"), &e))
		return pg_fail(pg, &e);
	pg_button(pg, "start.find_button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section><section aria-labelledby=\"how-h\"><h2 id=\"how-h\">");
	pg_text(pg, "start.how_heading");
	html_raw(&pg->out, "</h2><ol class=\"steps\"><li>");
	pg_text(pg, "start.how_1");
	html_raw(&pg->out, "</li><li>");
	pg_text(pg, "start.how_2");
	html_raw(&pg->out, "</li><li>");
	pg_text(pg, "start.how_3");
	html_raw(&pg->out, "</li></ol><p>");
	pg_text(pg, "start.no_choice");
	html_raw(&pg->out, "</p></section><p><a class=\"button secondary\" href=\"/sign-in\">");
	pg_text(pg, "start.sign_in");
	html_raw(&pg->out, "</a></p>");
	return 0;
}

/* ----------------------------------------------------------- compare */

struct filter {
	const char *municipality, *service, *spoken, *sort;
	int64_t programme;
	bool digital, accessible;
};

static void read_filter(struct page *pg, struct filter *f)
{
	const char *p = pg_query(pg, "programme");
	const char *s = pg_query(pg, "sort");

	memset(f, 0, sizeof(*f));
	f->municipality = pg_query(pg, "municipality");
	f->service = pg_query(pg, "service");
	if (f->service && (!*f->service || strlen(f->service) > LIMIT_NAME))
		f->service = NULL;
	f->spoken = pg_query(pg, "spoken");
	if (f->spoken && (!*f->spoken || strlen(f->spoken) > 8))
		f->spoken = NULL;
	f->programme = p ? strtoll(p, NULL, 10) : 0;
	f->digital = pg_query(pg, "digital") != NULL;
	f->accessible = pg_query(pg, "accessible") != NULL;
	f->sort = s && (strcmp(s, "stars") == 0 || strcmp(s, "local") == 0) ?
		  s : "name";
}

static bool has_string(const json_t *arr, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* Case-blind for ASCII; other letters must match as written. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static bool offers_service(const json_t *row, const char *needle)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(row, "services"), i, v)
		if (contains(json_string_value(v), needle))
			return true;
	return false;
}

/* An accessible location inside the municipality itself (D-4). */
static bool local_location(const json_t *row, const char *muni, bool accessible)
{
	json_t *l;
	size_t i;

	json_array_foreach(json_object_get(row, "locations"), i, l) {
		if (strcmp(json_string_value(json_object_get(l, "municipality")), muni))
			continue;
		if (!accessible || json_is_true(json_object_get(l, "accessible")))
			return true;
	}
	return false;
}

static bool keep(const json_t *row, const struct filter *f)
{
	if (f->programme && json_integer_value(json_object_get(row, "programme_id"))
	    != f->programme)
		return false;
	if (f->service && !offers_service(row, f->service))
		return false;
	if (f->spoken && !has_string(json_object_get(row, "languages"), f->spoken))
		return false;
	if (f->digital && !json_is_true(json_object_get(row, "digital_delivery")))
		return false;
	if (f->accessible && !local_location(row, f->municipality, true))
		return false;
	return true;
}

/* Sort keys worked out before sorting (qsort takes no context, and a
 * static one would race between the server's threads). */
struct sorted {
	json_t *row;
	int rank;              /* by the chosen order: lower first */
	const char *name;
};

static int stars_of(const json_t *row)
{
	json_t *s = json_object_get(row, "stars");

	return json_is_integer(s) ? (int)json_integer_value(s) : 0;
}

static int compare_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->name, y->name);
}

/* The providers kept by the filter, in the chosen order; *n of them. */
static struct sorted *filter_sort(json_t *rows, const struct filter *f,
				  size_t *n)
{
	struct sorted *out = calloc(json_array_size(rows) + 1, sizeof(*out));
	json_t *row;
	size_t i;

	*n = 0;
	if (!out)
		return NULL;
	json_array_foreach(rows, i, row) {
		if (!keep(row, f))
			continue;
		out[*n].row = row;
		out[*n].name = json_string_value(json_object_get(row, "name"));
		/* Unrated providers come after rated ones (C-4's order). */
		out[*n].rank = strcmp(f->sort, "stars") == 0 ? 5 - stars_of(row) :
			       strcmp(f->sort, "local") == 0 ?
			       !local_location(row, f->municipality, false) : 0;
		(*n)++;
	}
	qsort(out, *n, sizeof(*out), compare_sorted);
	return out;
}

/* A comma-separated list of the strings of arr, escaped. */
static void join(struct page *pg, const json_t *arr, bool lang_names)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		if (i)
			html_raw(&pg->out, ", ");
		html_text(&pg->out, lang_names ? pg_lang_name(pg, json_string_value(v)) :
			  json_string_value(v));
	}
	if (json_array_size(arr) == 0)
		pg_text(pg, "provider.none_given");
}

static void dt(struct page *pg, const char *key)
{
	html_raw(&pg->out, "<dt>");
	pg_text(pg, key);
	html_raw(&pg->out, "</dt><dd>");
}

static void locations(struct page *pg, const json_t *row)
{
	json_t *l;
	size_t i;

	if (json_array_size(json_object_get(row, "locations")) == 0) {
		pg_text(pg, "provider.no_locations");
		return;
	}
	html_raw(&pg->out, "<ul class=\"plain\">");
	json_array_foreach(json_object_get(row, "locations"), i, l) {
		html_raw(&pg->out, "<li>");
		html_text(&pg->out, json_string_value(json_object_get(l, "address")));
		html_raw(&pg->out, ", ");
		html_text(&pg->out, json_string_value(json_object_get(l,
							"municipality_name")));
		html_raw(&pg->out, " – ");
		/* D-4: premises accessible to people with disabilities. */
		pg_text(pg, json_is_true(json_object_get(l, "accessible")) ?
			"provider.accessible_yes" : "provider.accessible_no");
		html_raw(&pg->out, "</li>");
	}
	html_raw(&pg->out, "</ul>");
}

static int64_t row_n(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/*
 * R-2, D-4: what participants answered in the last twelve months — the
 * overall quality (mean of 1 … 5, one decimal) and the share who find the
 * accessibility good — or that there are no answers yet.
 */
static void satisfaction(struct page *pg, const json_t *row)
{
	const json_t *sv = json_object_get(row, "survey");
	int64_t n = row_n(sv, "quality_answers"), na = row_n(sv, "accessibility_answers");
	char mean[16], count[16], pct[16];

	if (n <= 0 && na <= 0) {
		pg_text(pg, "provider.no_results_yet");
		return;
	}
	if (n > 0) {
		/* Rounded to one decimal, half up, in whole numbers. */
		int64_t tenths = (row_n(sv, "quality_sum") * 10 + n / 2) / n;

		snprintf(mean, sizeof(mean), "%lld,%lld", (long long)(tenths / 10),
			 (long long)(tenths % 10));
		snprintf(count, sizeof(count), "%lld", (long long)n);
		html_raw(&pg->out, "<span class=\"result\">");
		pg_textf(pg, "provider.satisfaction_value", "mean", mean,
			 "answers", count, NULL);
		html_raw(&pg->out, "</span> ");
	}
	if (na > 0) {
		snprintf(pct, sizeof(pct), "%lld",
			 (long long)((row_n(sv, "accessibility_good") * 100 + na / 2) / na));
		snprintf(count, sizeof(count), "%lld", (long long)na);
		html_raw(&pg->out, "<span class=\"result\">");
		pg_textf(pg, "provider.accessibility_value", "percent", pct,
			 "answers", count, NULL);
		html_raw(&pg->out, "</span>");
	}
}

/*
 * D-9, D-10, F-6: the authority's checks in the last twelve months, in
 * plain words: an order stop in force (no new participants until a date),
 * open warnings, reviews held and their shortcomings.
 */
static void compliance(struct page *pg, const json_t *row)
{
	const json_t *c = json_object_get(row, "checks");
	const char *stop = json_string_value(json_object_get(c, "order_stop_until"));
	const char *last = json_string_value(json_object_get(c, "last_review_on"));
	char d[40], n[16];
	bool any = false;

	if (stop) {
		pg_date_into(pg, stop, d, sizeof(d));
		html_raw(&pg->out, "<strong>");
		pg_textf(pg, "provider.order_stop", "date", d, NULL);
		html_raw(&pg->out, "</strong> ");
		any = true;
	}
	if (row_n(c, "open_warnings") > 0) {
		pg_text(pg, "provider.warning_open");
		html_raw(&pg->out, " ");
		any = true;
	}
	if (last && row_n(c, "reviews_held") > 0) {
		pg_date_into(pg, last, d, sizeof(d));
		snprintf(n, sizeof(n), "%lld", (long long)row_n(c, "shortcomings"));
		pg_textf(pg, row_n(c, "shortcomings") ? "provider.reviewed_shortcomings"
			 : "provider.reviewed_ok", "date", d, "count", n, NULL);
		any = true;
	}
	if (!any)
		pg_text(pg, "provider.no_remarks");
}

/* What C-1 asks to show of a provider, as a description list. */
static void provider_facts(struct page *pg, const json_t *row)
{
	html_raw(&pg->out, "<dl class=\"facts\">");
	dt(pg, "provider.services");
	join(pg, json_object_get(row, "services"), false);
	html_raw(&pg->out, "</dd>");
	dt(pg, "provider.languages");
	join(pg, json_object_get(row, "languages"), true);
	html_raw(&pg->out, "</dd>");
	dt(pg, "provider.locations");
	locations(pg, row);
	html_raw(&pg->out, "</dd>");
	dt(pg, "provider.digital");
	pg_text(pg, json_is_true(json_object_get(row, "digital_delivery")) ?
		"provider.digital_yes" : "provider.digital_no");
	html_raw(&pg->out, "</dd>");
	dt(pg, "provider.satisfaction");
	satisfaction(pg, row);
	html_raw(&pg->out, "</dd>");
	dt(pg, "provider.compliance");
	compliance(pg, row);
	html_raw(&pg->out, "</dd></dl>");
}

static void provider_link(struct page *pg, const json_t *row, const char *muni)
{
	html_raw(&pg->out, "<a href=\"/providers/");
	html_int(&pg->out, json_integer_value(json_object_get(row, "id")));
	html_raw(&pg->out, "?municipality=");
	html_url_component(&pg->out, muni);
	html_raw(&pg->out, "\">");
	html_text(&pg->out, json_string_value(json_object_get(row, "name")));
	html_raw(&pg->out, "</a>");
}

static void provider_card(struct page *pg, const json_t *row, const char *muni,
			  bool show_programme)
{
	html_raw(&pg->out, "<li><article class=\"provider\"><h3>");
	provider_link(pg, row, muni);
	html_raw(&pg->out, "</h3>");
	if (show_programme) {
		html_raw(&pg->out, "<p class=\"programme\">");
		html_text(&pg->out, json_string_value(json_object_get(row,
							"programme_name")));
		html_raw(&pg->out, "</p>");
	}
	pg_stars(pg, row);
	provider_facts(pg, row);
	html_raw(&pg->out, "</article></li>");
}

/* The options of the filter that the list itself offers. */
static void programme_options(struct page *pg, json_t *rows, const struct filter *f)
{
	struct pg_option opts[16];
	char ids[16][24];
	json_t *row;
	size_t i;
	int n = 1;

	opts[0].value = "";
	opts[0].label = pg_t(pg, "compare.all_programmes");
	json_array_foreach(rows, i, row) {
		int64_t id = json_integer_value(json_object_get(row, "programme_id"));
		bool seen = false;

		snprintf(ids[n], sizeof(ids[n]), "%lld", (long long)id);
		for (int k = 1; k < n; k++)
			seen |= strcmp(opts[k].value, ids[n]) == 0;
		if (seen || n >= 16)
			continue;
		opts[n].value = ids[n];
		opts[n].label = json_string_value(json_object_get(row, "programme_name"));
		n++;
	}
	if (n > 2) {
		char sel[24];

		snprintf(sel, sizeof(sel), "%lld", (long long)f->programme);
		pg_select(pg, "programme", "compare.programme", opts, n, sel, true);
	}
}

static void spoken_options(struct page *pg, json_t *rows, const struct filter *f)
{
	struct pg_option opts[LIMIT_LANGUAGES + 1];
	json_t *row, *v;
	size_t i, j;
	int n = 1;

	opts[0].value = "";
	opts[0].label = pg_t(pg, "compare.any_language");
	json_array_foreach(rows, i, row) {
		json_array_foreach(json_object_get(row, "languages"), j, v) {
			bool seen = false;

			for (int k = 1; k < n; k++)
				seen |= strcmp(opts[k].value, json_string_value(v)) == 0;
			if (seen || n > LIMIT_LANGUAGES)
				continue;
			opts[n].value = json_string_value(v);
			opts[n].label = pg_lang_name(pg, json_string_value(v));
			n++;
		}
	}
	pg_select(pg, "spoken", "compare.spoken", opts, n, f->spoken, true);
}

static int filter_form(struct page *pg, json_t *rows, const struct filter *f,
		       struct kverr *e)
{
	static const struct pg_option sorts[] = {
		{ "name", "compare.sort_name" }, { "stars", "compare.sort_stars" },
		{ "local", "compare.sort_local" },
	};
	struct pg_input service = { .name = "service", .label_key = "compare.service",
				    .hint_key = "compare.service_hint",
				    .type = "search", .value = f->service,
				    .maxlength = LIMIT_NAME };

	html_raw(&pg->out, "<section class=\"panel filters\" aria-labelledby=\"filter-h\">"
		 "<h2 id=\"filter-h\">");
	pg_text(pg, "compare.filter_heading");
	html_raw(&pg->out, "</h2>");
	pg_form_open(pg, "get", "/compare", "filter-form");
	if (municipality_select(pg, f->municipality, e))
		return -1;
	programme_options(pg, rows, f);
	pg_input(pg, &service);
	spoken_options(pg, rows, f);
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, "compare.needs");
	html_raw(&pg->out, "</legend>");
	pg_checkbox(pg, "digital", "compare.digital", f->digital);
	pg_checkbox(pg, "accessible", "compare.accessible", f->accessible);
	html_raw(&pg->out, "</fieldset>");
	pg_select(pg, "sort", "compare.sort", sorts, 3, f->sort, false);
	pg_button(pg, "compare.show", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
	return 0;
}

static int compare_page(struct page *pg)
{
	struct filter f;
	struct kverr e = { 0 };
	char name[LIMIT_NAME + 1], count[16];
	json_t *out;
	struct sorted *list;
	size_t n;

	/* The same for every anonymous visitor: kept until a write (cache.c). */
	pg->cacheable = true;
	pg->nav = "compare";
	read_filter(pg, &f);
	if (!valid_municipality(f.municipality)) {
		/* No municipality yet: the start page's question. */
		pg_redirect(pg, "/");
		return 0;
	}
	if (pg_app(pg, app_public_providers, false,
		   json_pack("{s:s}", "municipality", f.municipality), &out, &e))
		return pg_fail(pg, &e);
	municipality_name(pg, f.municipality, name, sizeof(name));
	pg_title(pg, "compare.title", "municipality", name, NULL);
	pg_elem(pg, "p", "compare.lead");
	list = filter_sort(json_object_get(out, "providers"), &f, &n);
	if (!list || filter_form(pg, json_object_get(out, "providers"), &f, &e)) {
		free(list);
		json_decref(out);
		return list ? pg_fail(pg, &e) : -1;
	}
	snprintf(count, sizeof(count), "%zu", n);
	/* The count is a live region so a screen reader hears the result
	 * of a new filter. */
	html_raw(&pg->out, "<h2 id=\"result-h\" aria-live=\"polite\">");
	pg_textf(pg, n == 1 ? "compare.count_one" : "compare.count", "n", count, NULL);
	html_raw(&pg->out, "</h2>");
	if (n == 0)
		pg_elem(pg, "p", "compare.none");
	html_raw(&pg->out, "<ol class=\"providers\" aria-labelledby=\"result-h\">");
	for (size_t i = 0; i < n; i++)
		provider_card(pg, list[i].row, f.municipality, f.programme == 0);
	html_raw(&pg->out, "</ol>");
	free(list);
	json_decref(out);
	return 0;
}

/* ---------------------------------------------------------- provider */

static int provider_page(struct page *pg)
{
	const char *muni = pg_query(pg, "municipality");
	int64_t id = pg_param_int(pg, "provider_id");
	struct kverr e = { 0 };
	json_t *out, *row, *found = NULL;
	size_t i;

	/* The same for every anonymous visitor: kept until a write (cache.c). */
	pg->cacheable = true;
	pg->nav = "compare";
	if (!valid_municipality(muni))
		return pg_error_page(pg, 404, "error.not_found_title",
				     "provider.need_municipality");
	if (pg_app(pg, app_public_providers, false,
		   json_pack("{s:s}", "municipality", muni), &out, &e))
		return pg_fail(pg, &e);
	json_array_foreach(json_object_get(out, "providers"), i, row)
		if (!found && json_integer_value(json_object_get(row, "id")) == id)
			found = row;
	if (!found) {
		json_decref(out);
		return pg_error_page(pg, 404, "error.not_found_title",
				     "provider.not_here");
	}
	pg_title_text(pg, json_string_value(json_object_get(found, "name")));
	html_raw(&pg->out, "<p class=\"programme\">");
	html_text(&pg->out, json_string_value(json_object_get(found, "programme_name")));
	html_raw(&pg->out, " – ");
	html_text(&pg->out, json_string_value(json_object_get(found, "area_name")));
	html_raw(&pg->out, "</p>");
	pg_stars(pg, found);
	if (json_string_length(json_object_get(found, "description"))) {
		html_raw(&pg->out, "<h2>");
		pg_text(pg, "provider.about");
		html_raw(&pg->out, "</h2><p class=\"description\">");
		html_text(&pg->out, json_string_value(json_object_get(found,
							"description")));
		html_raw(&pg->out, "</p>");
	}
	html_raw(&pg->out, "<h2>");
	pg_text(pg, "provider.facts");
	html_raw(&pg->out, "</h2>");
	provider_facts(pg, found);
	if (pg->actor.role == ROLE_JOBSEEKER) {
		html_raw(&pg->out, "<p><a class=\"button\" href=\"/me/choose?provider=");
		html_int(&pg->out, id);
		html_raw(&pg->out, "\">");
		pg_text(pg, "provider.choose_this");
		html_raw(&pg->out, "</a></p>");
	}
	html_raw(&pg->out, "<p><a href=\"/compare?municipality=");
	html_url_component(&pg->out, muni);
	html_raw(&pg->out, "\">");
	pg_text(pg, "provider.back_to_list");
	html_raw(&pg->out, "</a></p>");
	json_decref(out);
	return 0;
}

/* ------------------------------------------------------------- stars */

static int stars_page(struct page *pg)
{
	static const char *const paras[] = { "stars.p1", "stars.p2", "stars.p3",
					     "stars.p4", NULL };

	/* The same for every anonymous visitor: kept until a write (cache.c). */
	pg->cacheable = true;
	pg->nav = "stars";
	pg_title(pg, "stars.title", NULL);
	for (int i = 0; paras[i]; i++)
		pg_elem(pg, "p", paras[i]);
	html_raw(&pg->out, "<h2>");
	pg_text(pg, "stars.other_heading");
	html_raw(&pg->out, "</h2><ul><li>");
	pg_text(pg, "stars.other_1");
	html_raw(&pg->out, "</li><li>");
	pg_text(pg, "stars.other_2");
	html_raw(&pg->out, "</li><li>");
	pg_text(pg, "stars.other_3");
	html_raw(&pg->out, "</li></ul>");
	return 0;
}

/* ------------------------------------------------------------- table */

const struct web_page page_public_pages[] = {
	{ "GET", "/", 0, start_page },
	{ "GET", "/compare", 0, compare_page },
	{ "GET", "/providers/{provider_id}", 0, provider_page },
	{ "GET", "/stars", 0, stars_page },
	{ NULL, NULL, 0, NULL }
};
