/*
 * page_authority.c — the authority's pages (issue 8 §3): the table of
 * every page the case officer works in, the overview that leads to them,
 * and the helpers the page_authority_*.c files share (page_authority.h).
 *
 * Like every page, these call the use cases the JSON API serves, as the
 * signed-in person; a use case's refusal is shown next to the field it
 * names, in the reader's language.  Payment runs and the dashboards are
 * page_payments*.c.
 */
#include "http/page_authority.h"
#include "app/applications.h"
#include "app/journey.h"
#include "app/market.h"
#include "app/providers.h"
#include "app/quality.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUTH ROLE_AUTHORITY
#define OFFICER ROLE_CASE_OFFICER

/* ------------------------------------------------------------- reading */

const char *au_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

int64_t au_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

bool au_officer(const struct page *pg)
{
	return pg->actor.role == ROLE_CASE_OFFICER;
}

void au_enum(struct page *pg, const char *prefix, const char *value)
{
	char key[96];

	snprintf(key, sizeof(key), "%s.%s", prefix, value ? value : "");
	if (value && i18n_has(pg->i18n, "sv", key))
		pg_text(pg, key);
	else
		html_text(&pg->out, value);
}

void au_date(struct page *pg, const char *ymd)
{
	if (ymd && *ymd)
		pg_date(pg, ymd);
	else
		html_raw(&pg->out, "–");
}

void au_money(struct page *pg, int64_t ore)
{
	char digits[32], out[48];
	uint64_t kr = (uint64_t)(ore < 0 ? -ore : ore) / 100;
	int o = (int)((ore < 0 ? -ore : ore) % 100);
	size_t n, k = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%llu", (unsigned long long)kr);
	if (ore < 0)
		out[k++] = '-';
	/* Thousands apart by a no-break space, as Swedish writes them. */
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0) {
			memcpy(out + k, "\xc2\xa0", 2);
			k += 2;
		}
		out[k++] = digits[i];
	}
	out[k] = '\0';
	if (o)
		snprintf(out + k, sizeof(out) - k, ",%02d", o);
	html_text(&pg->out, out);
	html_raw(&pg->out, "\xc2\xa0kr");
}

void au_percent(struct page *pg, int64_t ppm)
{
	html_raw(&pg->out, "<span dir=\"ltr\">");
	html_int(&pg->out, (ppm + 5000) / 10000);
	html_raw(&pg->out, "\xc2\xa0%</span>");
}

void au_system_text(struct page *pg, const char *text)
{
	html_raw(&pg->out, "<span lang=\"en\" dir=\"ltr\">");
	html_text(&pg->out, text);
	html_raw(&pg->out, "</span>");
}

json_t *au_provider_names(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *list, *p, *names = json_object();
	size_t i;
	char id[24];

	if (pg_app(pg, app_providers_list, false, json_object(), &list, &e))
		return names;
	json_array_foreach(list, i, p) {
		snprintf(id, sizeof(id), "%lld", (long long)au_int(p, "id"));
		json_object_set(names, id, json_object_get(p, "name"));
	}
	json_decref(list);
	return names;
}

const char *au_provider_name(const json_t *names, int64_t id)
{
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	return au_str(names, key);
}

json_t *au_area_names(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *progs, *p, *prog, *a, *names = json_object();
	size_t i, k;
	char id[24];

	if (pg_app(pg, app_programmes_list, false, json_object(), &progs, &e))
		return names;
	json_array_foreach(progs, i, p) {
		if (pg_app(pg, app_programme_get, false, json_pack("{s:I}",
			   "programme_id", (json_int_t)au_int(p, "id")), &prog, &e))
			continue;
		json_array_foreach(json_object_get(prog, "areas"), k, a) {
			snprintf(id, sizeof(id), "%lld", (long long)au_int(a, "id"));
			json_object_set(names, id, json_object_get(a, "name"));
		}
		json_decref(prog);
	}
	json_decref(progs);
	return names;
}

void au_decimal(struct page *pg, int64_t ppm)
{
	int64_t h = (ppm < 0 ? -ppm + 5000 : ppm + 5000) / 10000;

	html_raw(&pg->out, "<span dir=\"ltr\">");
	strbuf_addf(&pg->out, "%s%lld", ppm < 0 ? "-" : "", (long long)(h / 100));
	html_text(&pg->out, pg_t(pg, "authority.decimal_sign"));
	strbuf_addf(&pg->out, "%02lld</span>", (long long)(h % 100));
}

/* ------------------------------------------------------------- answers */

void au_done(struct page *pg)
{
	const char *done = pg_query(pg, "done");
	char key[64];

	if (!done || strlen(done) > 32 || strspn(done, "abcdefghijklmnopqrstuvwxyz_")
	    != strlen(done))
		return;
	snprintf(key, sizeof(key), "authority.done.%s", done);
	if (!i18n_has(pg->i18n, "sv", key))
		return;
	html_raw(&pg->out, "<div class=\"notice success\" role=\"status\"><p>");
	pg_text(pg, key);
	html_raw(&pg->out, "</p></div>");
}

void au_redirect_done(struct page *pg, const char *path, const char *what)
{
	char to[PAGE_PATH_MAX];

	snprintf(to, sizeof(to), "%s?done=%s", path, what);
	pg_redirect(pg, to);
}

void au_decided(struct page *pg, const json_t *row, const char *who,
		const char *delegation, const char *on)
{
	char when[80];

	pg_date_into(pg, au_str(row, on), when, sizeof(when));
	html_raw(&pg->out, "<span class=\"decided\">");
	pg_textf(pg, "authority.decided_by", "who", au_str(row, who),
		 "delegation", au_str(row, delegation), "date", when, NULL);
	html_raw(&pg->out, "</span>");
}

void au_link(struct page *pg, const char *href, const char *key)
{
	html_raw(&pg->out, "<a");
	html_attr(&pg->out, "href", href);
	html_raw(&pg->out, ">");
	pg_text(pg, key);
	html_raw(&pg->out, "</a>");
}

void au_link_id(struct page *pg, const char *prefix, int64_t id,
		const char *suffix, const char *text)
{
	char href[PAGE_PATH_MAX];

	snprintf(href, sizeof(href), "%s%lld%s", prefix, (long long)id,
		 suffix ? suffix : "");
	html_raw(&pg->out, "<a");
	html_attr(&pg->out, "href", href);
	html_raw(&pg->out, ">");
	html_text(&pg->out, text);
	html_raw(&pg->out, "</a>");
}

/* --------------------------------------------------------------- tables */

void au_table_open(struct page *pg, const char *id, const char *caption_key)
{
	/* The region takes focus so that a keyboard can scroll it. */
	strbuf_addf(&pg->out, "<div class=\"table-wrap\" role=\"region\""
		    " tabindex=\"0\" aria-labelledby=\"%s-cap\"><table"
		    " class=\"data\" id=\"%s\"><caption id=\"%s-cap\">", id, id, id);
	pg_text(pg, caption_key);
	html_raw(&pg->out, "</caption>");
}

void au_table_head(struct page *pg, ...)
{
	va_list ap;
	const char *key;

	html_raw(&pg->out, "<thead><tr>");
	va_start(ap, pg);
	while ((key = va_arg(ap, const char *)) != NULL) {
		html_raw(&pg->out, "<th scope=\"col\">");
		pg_text(pg, key);
		html_raw(&pg->out, "</th>");
	}
	va_end(ap);
	html_raw(&pg->out, "</tr></thead><tbody>");
}

void au_table_close(struct page *pg)
{
	html_raw(&pg->out, "</tbody></table></div>");
}

void au_empty(struct page *pg, const char *key)
{
	html_raw(&pg->out, "<p class=\"empty\">");
	pg_text(pg, key);
	html_raw(&pg->out, "</p>");
}

/* ---------------------------------------------------------------- forms */

void au_input(struct page *pg, const char *name, const char *label_key,
	      const char *hint_key, const char *type, int maxlength)
{
	struct pg_input in = { .name = name, .label_key = label_key,
			       .hint_key = hint_key, .type = type,
			       .value = form_get(&pg->form, name),
			       .maxlength = maxlength };

	pg_input(pg, &in);
}

void au_textarea(struct page *pg, const char *name, const char *label_key,
		 const char *hint_key)
{
	pg_textarea(pg, name, label_key, hint_key, form_get(&pg->form, name),
		    FORM_MAX_VALUE);
}

void au_delegation(struct page *pg)
{
	au_input(pg, "delegation", "authority.field.delegation",
		 "authority.hint.delegation", NULL, 200);
}

void au_select(struct page *pg, const char *name, const char *label_key,
	       const struct pg_option *opts, int n, const char *dflt)
{
	const char *v = form_get(&pg->form, name);

	pg_select(pg, name, label_key, opts, n, v ? v : dflt, false);
}

void au_checkbox(struct page *pg, const char *name, const char *label_key)
{
	pg_checkbox(pg, name, label_key, form_get(&pg->form, name) != NULL);
}

int au_require(struct page *pg, ...)
{
	va_list ap;
	const char *name;
	char buf[8];
	int n = 0;

	va_start(ap, pg);
	while ((name = va_arg(ap, const char *)) != NULL) {
		if (!form_trimmed(&pg->form, name, buf, sizeof(buf)) &&
		    !form_error_for(&pg->errors, name)) {
			form_error_add(&pg->errors, name, "authority.err.required");
			n++;
		}
	}
	va_end(ap);
	return n;
}

void au_put_str(struct page *pg, json_t *in, const char *name,
		const char *api_key)
{
	char buf[FORM_MAX_VALUE + 1];
	const char *v = form_trimmed(&pg->form, name, buf, sizeof(buf));

	if (v)
		json_object_set_new(in, api_key, json_string(v));
}

void au_put_int(struct page *pg, json_t *in, const char *name,
		const char *api_key, int64_t min, int64_t max)
{
	char buf[32], *end;
	const char *v = form_trimmed(&pg->form, name, buf, sizeof(buf));
	long long n;

	if (!v)
		return;
	n = strtoll(v, &end, 10);
	if (*end || n < min || n > max) {
		form_error_add(&pg->errors, name, "authority.err.number");
		return;
	}
	json_object_set_new(in, api_key, json_integer(n));
}

void au_put_bool(struct page *pg, json_t *in, const char *name,
		 const char *api_key)
{
	json_object_set_new(in, api_key, json_boolean(form_get(&pg->form, name)));
}

void au_put_kronor(struct page *pg, json_t *in, const char *name,
		   const char *api_key)
{
	static const char digits[] = "0123456789";
	char buf[40], clean[40], *dec;
	const char *v = form_trimmed(&pg->form, name, buf, sizeof(buf));
	size_t k = 0;
	int64_t ore;

	if (!v)
		return;
	/* "5000", "5 000", "5000,50" or "5000.5": spaces between thousands
	 * and up to two decimals. */
	for (const char *p = v; *p; p++)
		if (*p != ' ')
			clean[k++] = *p == '.' ? ',' : *p;
	clean[k] = '\0';
	dec = strchr(clean, ',');
	if (dec)
		*dec++ = '\0';
	if (!clean[0] || strlen(clean) > 12 || strspn(clean, digits) != strlen(clean) ||
	    (dec && (!dec[0] || strlen(dec) > 2 || strspn(dec, digits) != strlen(dec)))) {
		form_error_add(&pg->errors, name, "authority.err.amount");
		return;
	}
	ore = strtoll(clean, NULL, 10) * 100;
	if (dec)
		ore += strtoll(dec, NULL, 10) * (dec[1] ? 1 : 10);
	json_object_set_new(in, api_key, json_integer(ore));
}

void au_refusal(struct page *pg, const struct kverr *e, const char *fallback,
		const char *const *fields)
{
	const char *field = fallback;
	char key[96];

	for (int i = 0; fields && fields[i]; i++)
		if (strcmp(fields[i], e->field) == 0)
			field = fields[i];
	snprintf(key, sizeof(key), "authority.err.%s%s",
		 strcmp(e->field, "personnummer") == 0 ? "pnr." : "", e->code);
	if (!i18n_has(pg->i18n, "sv", key))
		snprintf(key, sizeof(key), "%s", e->cls == KVERR_NOT_FOUND ?
			 "authority.err.not_found" : e->cls == KVERR_FORBIDDEN ?
			 "authority.err.forbidden" : "authority.err.generic");
	form_error_add(&pg->errors, field, key);
}

/* ------------------------------------------------------------ overview */

/* The number of rows a list use case gives (an array, or the array
 * under `member`); -1 when it refuses. */
static int count_of(struct page *pg, app_usecase_fn fn, json_t *in,
		    const char *member)
{
	struct kverr e = { 0 };
	json_t *out, *list;
	int n;

	if (pg_app(pg, fn, false, in, &out, &e))
		return -1;
	list = member ? json_object_get(out, member) : out;
	n = (int)json_array_size(list);
	json_decref(out);
	return n;
}

static void home_item(struct page *pg, const char *href, const char *key,
		      const char *count_key, int n)
{
	char num[16];

	html_raw(&pg->out, "<li><a");
	html_attr(&pg->out, "href", href);
	html_raw(&pg->out, ">");
	pg_text(pg, key);
	html_raw(&pg->out, "</a>");
	if (count_key && n >= 0) {
		snprintf(num, sizeof(num), "%d", n);
		html_raw(&pg->out, " <span class=\"count\">");
		pg_textf(pg, count_key, "n", num, NULL);
		html_raw(&pg->out, "</span>");
	}
	html_raw(&pg->out, "</li>");
}

int au_home(struct page *pg)
{
	pg->nav = "authority";
	pg_title(pg, "authority.home.title", NULL);
	pg_elem(pg, "p", "authority.home.lead");
	html_raw(&pg->out, "<section aria-labelledby=\"work-h\"><h2 id=\"work-h\">");
	pg_text(pg, "authority.home.work");
	html_raw(&pg->out, "</h2><ul class=\"worklist\">");
	home_item(pg, "/authority/applications", "authority.queue.title",
		  "authority.home.waiting", count_of(pg, app_applications_list,
						       json_object(), "applications"));
	home_item(pg, "/authority/reassessments", "authority.requests.title",
		  "authority.home.pending", count_of(pg,
		  app_reassessment_requests_list, json_pack("{s:s}", "status",
		  "pending"), NULL));
	home_item(pg, "/authority/deviations", "authority.deviations.title",
		  "authority.home.open", count_of(pg, app_deviations_list,
		  json_pack("{s:s}", "status", "open"), NULL));
	home_item(pg, "/authority/reviews", "authority.reviews.title",
		  "authority.home.planned", count_of(pg, app_reviews_list,
		  json_pack("{s:s}", "status", "planned"), NULL));
	html_raw(&pg->out, "</ul></section><section aria-labelledby=\"more-h\">"
		 "<h2 id=\"more-h\">");
	pg_text(pg, "authority.home.more");
	html_raw(&pg->out, "</h2><ul class=\"worklist\">");
	home_item(pg, "/authority/jobseekers", "authority.jobseekers.title", NULL, 0);
	if (au_officer(pg))
		home_item(pg, "/authority/jobseekers/new",
			  "authority.register.title", NULL, 0);
	home_item(pg, "/authority/providers", "authority.providers.title", NULL, 0);
	home_item(pg, "/authority/ratings", "authority.ratings.title", NULL, 0);
	home_item(pg, "/authority/ratings/candidates",
		  "authority.candidates.title", NULL, 0);
	html_raw(&pg->out, "</ul></section>");
	return 0;
}

/* ---------------------------------------------------------------- table */

const struct web_page page_authority_pages[] = {
	{ "GET", "/authority", AUTH, au_home },
	/* Applications, checks and decisions (Q-1 … Q-7) */
	{ "GET", "/authority/applications", AUTH, au_queue },
	{ "GET", "/authority/applications/{application_id}", AUTH, au_application },
	{ "GET", "/authority/applications/{application_id}/checks/new", OFFICER,
	  au_check_form },
	{ "POST", "/authority/applications/{application_id}/checks", OFFICER,
	  au_check_post },
	{ "POST", "/authority/applications/{application_id}/decisions", OFFICER,
	  au_decision_post },
	{ "POST", "/authority/applications/{application_id}/incomplete", OFFICER,
	  au_incomplete_post },
	/* Jobseekers and assessments (A-1 … A-5) */
	{ "GET", "/authority/jobseekers", AUTH, au_jobseekers },
	{ "POST", "/authority/jobseekers/lookup", AUTH, au_lookup_post },
	{ "GET", "/authority/jobseekers/new", OFFICER, au_register_form },
	{ "POST", "/authority/jobseekers", OFFICER, au_register_post },
	{ "GET", "/authority/jobseekers/{jobseeker_id}", AUTH, au_jobseeker },
	{ "POST", "/authority/jobseekers/{jobseeker_id}/assessments", OFFICER,
	  au_assess_post },
	{ "POST", "/authority/jobseekers/{jobseeker_id}/exemption", OFFICER,
	  au_exemption_post },
	/* Reassessment requests and deviation reports (D-6) */
	{ "GET", "/authority/reassessments", AUTH, au_requests },
	{ "GET", "/authority/reassessments/{request_id}", AUTH, au_request },
	{ "POST", "/authority/reassessments/{request_id}", OFFICER, au_request_post },
	{ "GET", "/authority/deviations", AUTH, au_deviations },
	{ "GET", "/authority/deviations/{deviation_id}", AUTH, au_deviation },
	{ "POST", "/authority/deviations/{deviation_id}", OFFICER,
	  au_deviation_post },
	/* Rating rounds and the termination test */
	{ "GET", "/authority/ratings", AUTH, au_ratings },
	{ "POST", "/authority/ratings", AUTH, au_rating_compute },
	{ "GET", "/authority/ratings/candidates", AUTH, au_candidates },
	{ "GET", "/authority/ratings/{round_id}", AUTH, au_rating },
	{ "POST", "/authority/ratings/{round_id}/publication", AUTH,
	  au_rating_publish },
	/* Providers: warnings, order stops, penalties, terminations (D-10,
	 * F-6, Q-6, Q-7) */
	{ "GET", "/authority/providers", AUTH, au_providers },
	{ "GET", "/authority/providers/{provider_id}", AUTH, au_provider },
	{ "GET", "/authority/providers/{provider_id}/decisions/new", OFFICER,
	  au_sanction_form },
	{ "POST", "/authority/providers/{provider_id}/warnings", OFFICER,
	  au_warning_post },
	{ "POST", "/authority/providers/{provider_id}/order-stops", OFFICER,
	  au_order_stop_post },
	{ "POST", "/authority/providers/{provider_id}/penalties", OFFICER,
	  au_penalty_post },
	{ "POST", "/authority/providers/{provider_id}/terminations", OFFICER,
	  au_termination_post },
	{ "GET", "/authority/providers/{provider_id}/warnings/{warning_id}", AUTH,
	  au_warning },
	{ "POST", "/authority/providers/{provider_id}/warnings/{warning_id}",
	  OFFICER, au_warning_post_follow_up },
	{ "GET", "/authority/providers/{provider_id}/order-stops/{order_stop_id}",
	  AUTH, au_order_stop },
	{ "POST", "/authority/providers/{provider_id}/order-stops/{order_stop_id}",
	  OFFICER, au_order_stop_lift_post },
	/* Quality reviews (D-9) */
	{ "GET", "/authority/reviews", AUTH, au_reviews },
	{ "GET", "/authority/reviews/new", OFFICER, au_review_form },
	{ "POST", "/authority/reviews", OFFICER, au_review_post },
	{ "GET", "/authority/reviews/{review_id}", AUTH, au_review },
	{ "POST", "/authority/reviews/{review_id}/findings", OFFICER,
	  au_finding_post },
	{ "POST", "/authority/reviews/{review_id}/completion", OFFICER,
	  au_review_hold_post },
	{ NULL, NULL, 0, NULL }
};
