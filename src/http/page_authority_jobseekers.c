/*
 * page_authority_jobseekers.c — the case officer's jobseekers (issue 8
 * §3): finding a person by personnummer (sent in a form body, never in a
 * URL), registering one with what the profiling reads, and their
 * assessment with the model's explanation — the estimated
 * chance, the track, the factors that raise and lower it, the
 * interventions the model recommends — or why the duration rule was used;
 * a new assessment, an override with its reason, an exemption
 * (A-4).
 *
 * The number shows masked (YYYYMMDD-****) as the use case gives it; the
 * factor and intervention names are translated here, their weights and
 * the track are the model's (core/profile.c, core/targeting.c).
 */
#include "http/page_authority.h"
#include "app/journey.h"
#include "app/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *js_arg(const struct page *pg)
{
	return json_pack("{s:I}", "jobseeker_id",
			 (json_int_t)pg_param_int(pg, "jobseeker_id"));
}

static void js_path(const struct page *pg, char *buf, size_t size)
{
	snprintf(buf, size, "/authority/jobseekers/%lld",
		 (long long)pg_param_int(pg, "jobseeker_id"));
}

/* ------------------------------------------------------------ choices */

static int by_name(const void *a, const void *b)
{
	return strcmp(au_str(*(json_t *const *)a, "name"),
		      au_str(*(json_t *const *)b, "name"));
}

/* The municipalities by name; `blank_key` adds a first option "". */
static void municipality_select(struct page *pg, const char *label_key,
				const char *blank_key, const char *selected)
{
	struct kverr e = { 0 };
	struct pg_option *opts;
	json_t *list, **rows;
	size_t n, k = 0;

	if (pg_app(pg, app_municipalities_list, false, json_object(), &list, &e))
		return;
	n = json_array_size(list);
	rows = calloc(n + 1, sizeof(*rows));
	opts = calloc(n + 1, sizeof(*opts));
	if (rows && opts) {
		for (size_t i = 0; i < n; i++)
			rows[i] = json_array_get(list, i);
		qsort(rows, n, sizeof(*rows), by_name);
		if (blank_key) {
			opts[k].value = "";
			opts[k++].label = pg_t(pg, blank_key);
		}
		for (size_t i = 0; i < n; i++, k++) {
			opts[k].value = au_str(rows[i], "code");
			opts[k].label = au_str(rows[i], "name");
		}
		pg_select(pg, "municipality", label_key, opts, (int)k, selected, true);
	}
	free(rows);
	free(opts);
	json_decref(list);
}

static void programme_select(struct page *pg)
{
	struct kverr e = { 0 };
	struct pg_option opts[16];
	char ids[16][24];
	json_t *list, *p;
	size_t i;
	int n = 0;

	if (pg_app(pg, app_programmes_list, false, json_object(), &list, &e))
		return;
	json_array_foreach(list, i, p) {
		if (n == 16)
			break;
		snprintf(ids[n], sizeof(ids[0]), "%lld", (long long)au_int(p, "id"));
		opts[n].value = ids[n];
		opts[n++].label = au_str(p, "name");
	}
	pg_select(pg, "programme_id", "authority.field.programme", opts, n,
		  form_get(&pg->form, "programme_id"), true);
	json_decref(list);
}

/* ------------------------------------------------------------ the list */

static void lookup_form(struct page *pg)
{
	struct pg_input in = { .name = "personnummer",
			       .label_key = "authority.field.personnummer",
			       .hint_key = "authority.hint.personnummer",
			       .value = form_get(&pg->form, "personnummer"),
			       .autocomplete = "off", .maxlength = 20 };

	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"find-h\">"
		 "<h2 id=\"find-h\">");
	pg_text(pg, "authority.lookup.title");
	html_raw(&pg->out, "</h2>");
	/* POST: the number goes in the body, never in a URL (DESIGN.md). */
	pg_form_open(pg, "post", "/authority/jobseekers/lookup", "stack");
	pg_input(pg, &in);
	pg_button(pg, "authority.lookup.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void list_filter(struct page *pg, const char *muni, bool awaiting)
{
	pg_form_open(pg, "get", "/authority/jobseekers", "stack");
	municipality_select(pg, "authority.field.municipality",
			    "authority.jobseekers.any_municipality", muni);
	pg_checkbox(pg, "awaiting", "authority.jobseekers.awaiting", awaiting);
	pg_button(pg, "authority.queue.filter", "secondary");
	pg_form_close(pg);
}

static void list_row(struct page *pg, const json_t *j)
{
	char name[200];

	snprintf(name, sizeof(name), "%s %s", au_str(j, "given_name"),
		 au_str(j, "family_name"));
	html_raw(&pg->out, "<tr><th scope=\"row\">");
	au_link_id(pg, "/authority/jobseekers/", au_int(j, "id"), NULL,
		   au_str(j, "ref"));
	html_raw(&pg->out, "</th><td>");
	html_text(&pg->out, name);
	html_raw(&pg->out, "</td><td>");
	html_text(&pg->out, au_str(j, "municipality_name"));
	html_raw(&pg->out, "</td><td>");
	if (json_is_integer(json_object_get(j, "track")))
		html_int(&pg->out, au_int(j, "track"));
	else
		html_raw(&pg->out, "–");
	html_raw(&pg->out, "</td><td>");
	au_date(pg, au_str(j, "choice_due"));
	html_raw(&pg->out, "</td><td>");
	au_enum(pg, "authority.js_status", au_str(j, "status"));
	html_raw(&pg->out, "</td></tr>");
}

static int render_list(struct page *pg)
{
	const char *muni = pg_query(pg, "municipality");
	bool awaiting = pg_query(pg, "awaiting") != NULL;
	struct kverr e = { 0 };
	json_t *in = json_object(), *list, *j;
	size_t i;

	/* Without a municipality, those waiting for a choice (C-4). */
	if (!muni || strlen(muni) != 4 || strspn(muni, "0123456789") != 4)
		muni = NULL, awaiting = true;
	if (muni)
		json_object_set_new(in, "municipality", json_string(muni));
	json_object_set_new(in, "awaiting_choice", json_boolean(awaiting));
	pg->nav = "authority-jobseekers";
	pg_title(pg, "authority.jobseekers.title", NULL);
	pg_error_summary(pg);
	if (au_officer(pg)) {
		html_raw(&pg->out, "<p><a class=\"button\" href=\"/authority/jobseekers/new\">");
		pg_text(pg, "authority.register.title");
		html_raw(&pg->out, "</a></p>");
	}
	lookup_form(pg);
	html_raw(&pg->out, "<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">");
	pg_text(pg, "authority.jobseekers.list");
	html_raw(&pg->out, "</h2>");
	list_filter(pg, muni, awaiting);
	if (pg_app(pg, app_jobseekers_list, false, in, &list, &e))
		return pg_fail(pg, &e);
	if (json_array_size(list) == 0) {
		au_empty(pg, "authority.jobseekers.empty");
	} else {
		au_table_open(pg, "jobseekers", "authority.jobseekers.caption");
		au_table_head(pg, "authority.col.ref", "authority.col.name",
			      "authority.field.municipality", "authority.col.track",
			      "authority.col.choice_due", "authority.col.status", NULL);
		json_array_foreach(list, i, j)
			list_row(pg, j);
		au_table_close(pg);
	}
	html_raw(&pg->out, "</section>");
	json_decref(list);
	return 0;
}

int au_jobseekers(struct page *pg)
{
	return render_list(pg);
}

int au_lookup_post(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *in = json_object(), *out;
	char to[80];

	au_require(pg, "personnummer", NULL);
	au_put_str(pg, in, "personnummer", "personnummer");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_jobseeker_lookup, false, in, &out, &e) == 0) {
		snprintf(to, sizeof(to), "/authority/jobseekers/%lld",
			 (long long)au_int(out, "id"));
		json_decref(out);
		pg_redirect(pg, to);
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "personnummer", NULL);
	else
		json_decref(in);
	pg->status = 422;
	return render_list(pg);
}

/* -------------------------------------------------------- registration */

static const struct pg_option age_bands[] = {
	{ "16-24", "authority.age.16_24" }, { "25-34", "authority.age.25_34" },
	{ "35-44", "authority.age.35_44" }, { "45-54", "authority.age.45_54" },
	{ "55-64", "authority.age.55_64" },
};
static const struct pg_option genders[] = {
	{ "woman", "authority.gender.woman" }, { "man", "authority.gender.man" },
	{ "other", "authority.gender.other" },
};
static const struct pg_option regions[] = {
	{ "sweden", "authority.region.sweden" },
	{ "europe", "authority.region.europe" },
	{ "outside_europe", "authority.region.outside_europe" },
};
static const struct pg_option educations[] = {
	{ "below_upper_secondary", "authority.education.below_upper_secondary" },
	{ "upper_secondary", "authority.education.upper_secondary" },
	{ "post_secondary", "authority.education.post_secondary" },
};
static const struct pg_option exemptions[] = {
	{ "none", "authority.exemption.none" },
	{ "self_reliant", "authority.exemption.self_reliant" },
	{ "job_security_council", "authority.exemption.job_security_council" },
};
static const struct pg_option langs[] = {
	{ "sv", "langname.sv" }, { "en", "langname.en" }, { "ar", "langname.ar" },
	{ "so", "langname.so" }, { "ti", "langname.ti" }, { "fa", "langname.fa" },
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void person_fields(struct page *pg)
{
	struct pg_input pnr = { .name = "personnummer",
				.label_key = "authority.field.personnummer",
				.hint_key = "authority.hint.personnummer",
				.value = form_get(&pg->form, "personnummer"),
				.autocomplete = "off", .maxlength = 20 };

	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, "authority.register.person");
	html_raw(&pg->out, "</legend>");
	programme_select(pg);
	pg_input(pg, &pnr);
	au_input(pg, "given_name", "authority.field.given_name", NULL, NULL, 200);
	au_input(pg, "family_name", "authority.field.family_name", NULL, NULL, 200);
	municipality_select(pg, "authority.field.municipality", NULL,
			    form_get(&pg->form, "municipality"));
	au_input(pg, "unemployed_since", "authority.field.unemployed_since",
		 "authority.hint.date", "date", 10);
	au_input(pg, "registered_on", "authority.field.registered_on",
		 "authority.hint.today", "date", 10);
	html_raw(&pg->out, "</fieldset>");
}

/* What the profiling reads: POPULATION.md's attributes. */
static void profile_fields(struct page *pg)
{
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, "authority.register.profile");
	html_raw(&pg->out, "</legend>");
	pg_elem(pg, "p", "authority.register.profile_hint");
	au_select(pg, "age_band", "authority.field.age_band", age_bands,
		  N(age_bands), NULL);
	au_select(pg, "gender", "authority.field.gender", genders, N(genders), NULL);
	au_select(pg, "birth_region", "authority.field.birth_region", regions,
		  N(regions), NULL);
	au_select(pg, "education", "authority.field.education", educations,
		  N(educations), NULL);
	au_input(pg, "occupation", "authority.field.occupation",
		 "authority.hint.occupation", NULL, 4);
	au_input(pg, "previous_registrations", "authority.field.previous",
		 "authority.hint.previous", NULL, 3);
	au_checkbox(pg, "disability", "authority.field.disability");
	au_checkbox(pg, "ui_member", "authority.field.ui_member");
	html_raw(&pg->out, "</fieldset>");
}

static void contact_fields(struct page *pg)
{
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, "authority.register.contact");
	html_raw(&pg->out, "</legend>");
	au_select(pg, "lang", "authority.field.lang", langs, N(langs), "sv");
	au_input(pg, "language_needs", "authority.field.language_needs",
		 "authority.hint.language_needs", NULL, 3);
	au_input(pg, "email", "authority.field.email", NULL, "email", 200);
	au_input(pg, "phone", "authority.field.phone", NULL, "tel", 40);
	au_checkbox(pg, "wants_digital", "authority.field.wants_digital");
	au_checkbox(pg, "needs_accessible", "authority.field.needs_accessible");
	html_raw(&pg->out, "</fieldset><fieldset><legend>");
	pg_text(pg, "authority.register.exemption");
	html_raw(&pg->out, "</legend>");
	au_select(pg, "exemption", "authority.field.exemption", exemptions,
		  N(exemptions), "none");
	au_textarea(pg, "exemption_reason", "authority.field.exemption_reason",
		    "authority.hint.exemption_reason");
	html_raw(&pg->out, "</fieldset>");
}

static int render_register(struct page *pg)
{
	pg->nav = "authority-jobseekers";
	pg_title(pg, "authority.register.title", NULL);
	pg_error_summary(pg);
	pg_elem(pg, "p", "authority.register.lead");
	pg_form_open(pg, "post", "/authority/jobseekers", "stack");
	person_fields(pg);
	profile_fields(pg);
	contact_fields(pg);
	pg_button(pg, "authority.register.button", NULL);
	pg_form_close(pg);
	return 0;
}

int au_register_form(struct page *pg)
{
	return render_register(pg);
}

static json_t *registration(struct page *pg)
{
	json_t *in = json_object();

	au_require(pg, "programme_id", "personnummer", "given_name", "family_name",
		   "municipality", "unemployed_since", "age_band", "gender",
		   "birth_region", "education", "occupation",
		   "previous_registrations", NULL);
	au_put_int(pg, in, "programme_id", "programme_id", 1, INT64_MAX);
	au_put_str(pg, in, "personnummer", "personnummer");
	au_put_str(pg, in, "given_name", "given_name");
	au_put_str(pg, in, "family_name", "family_name");
	au_put_str(pg, in, "municipality", "municipality");
	au_put_str(pg, in, "unemployed_since", "unemployed_since");
	au_put_str(pg, in, "registered_on", "registered_on");
	au_put_str(pg, in, "age_band", "age_band");
	au_put_str(pg, in, "gender", "gender");
	au_put_str(pg, in, "birth_region", "birth_region");
	au_put_str(pg, in, "education", "education");
	au_put_str(pg, in, "occupation", "occupation");
	au_put_int(pg, in, "previous_registrations", "previous_registrations",
		   0, 100);
	au_put_bool(pg, in, "disability", "disability");
	au_put_bool(pg, in, "ui_member", "ui_member");
	au_put_bool(pg, in, "wants_digital", "wants_digital");
	au_put_bool(pg, in, "needs_accessible", "needs_accessible");
	au_put_str(pg, in, "lang", "lang");
	au_put_str(pg, in, "language_needs", "language_needs");
	au_put_str(pg, in, "email", "email");
	au_put_str(pg, in, "phone", "phone");
	au_put_str(pg, in, "exemption", "exemption");
	au_put_str(pg, in, "exemption_reason", "exemption_reason");
	return in;
}

int au_register_post(struct page *pg)
{
	static const char *const fields[] = { "programme_id", "personnummer",
		"given_name", "family_name", "municipality", "unemployed_since",
		"registered_on", "age_band", "gender", "birth_region",
		"education", "occupation", "previous_registrations", "lang",
		"language_needs", "email", "phone", "exemption",
		"exemption_reason", NULL };
	struct kverr e = { 0 };
	json_t *in = registration(pg), *out;
	char to[80];

	if (pg->errors.n == 0 &&
	    pg_app(pg, app_jobseeker_register, true, in, &out, &e) == 0) {
		snprintf(to, sizeof(to), "/authority/jobseekers/%lld",
			 (long long)au_int(out, "id"));
		json_decref(out);
		au_redirect_done(pg, to, "registered");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "personnummer", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_register(pg);
}

/* ------------------------------------------------ the model's explanation */

/* "age_band=25-34" → "authority.factor.age_band_25_34"; "previous=2+" →
 * "authority.factor.previous_2plus". */
static void factor_key(const char *name, char *key, size_t size)
{
	size_t k = (size_t)snprintf(key, size, "authority.factor.");

	for (const char *p = name; *p && k + 5 < size; p++) {
		if (*p == '+') {
			memcpy(key + k, "plus", 4);
			k += 4;
		} else {
			key[k++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ?
				   *p : '_';
		}
	}
	key[k] = '\0';
}

static void factor_list(struct page *pg, const json_t *factors,
			const char *heading_key, const json_t *inputs)
{
	json_t *f;
	size_t i;
	char key[96], rate[24];

	if (json_array_size(factors) == 0)
		return;
	html_raw(&pg->out, "<h3>");
	pg_text(pg, heading_key);
	html_raw(&pg->out, "</h3><ul>");
	json_array_foreach(factors, i, f) {
		html_raw(&pg->out, "<li>");
		factor_key(au_str(f, "name"), key, sizeof(key));
		if (strcmp(au_str(f, "name"), "local_unemployment_pp") == 0) {
			int64_t bp = au_int(inputs, "local_unemployment_bp");

			snprintf(rate, sizeof(rate), "%lld,%02lld", (long long)(bp / 100),
				 (long long)(bp % 100));
			pg_textf(pg, key, "rate", rate, NULL);
		} else if (i18n_has(pg->i18n, "sv", key)) {
			pg_text(pg, key);
		} else {
			au_system_text(pg, au_str(f, "text"));
		}
		html_raw(&pg->out, "</li>");
	}
	html_raw(&pg->out, "</ul>");
}

static void model_explanation(struct page *pg, const json_t *a)
{
	const json_t *factors = json_object_get(a, "factors");
	const json_t *inputs = json_object_get(a, "inputs");
	json_t *v;
	size_t i;

	html_raw(&pg->out, "<p class=\"big\">");
	pg_text(pg, "authority.assess.chance");
	html_raw(&pg->out, " ");
	au_percent(pg, au_int(a, "score_ppm"));
	html_raw(&pg->out, "</p><p>");
	pg_textf(pg, "authority.assess.by_model", "version",
		 au_str(a, "model_version"), NULL);
	html_raw(&pg->out, "</p><div class=\"columns\"><div>");
	factor_list(pg, json_object_get(factors, "up"), "authority.assess.up",
		    inputs);
	html_raw(&pg->out, "</div><div>");
	factor_list(pg, json_object_get(factors, "down"), "authority.assess.down",
		    inputs);
	html_raw(&pg->out, "</div></div>");
	if (json_array_size(json_object_get(a, "interventions"))) {
		html_raw(&pg->out, "<h3>");
		pg_text(pg, "authority.assess.interventions");
		html_raw(&pg->out, "</h3><ul>");
		json_array_foreach(json_object_get(a, "interventions"), i, v) {
			html_raw(&pg->out, "<li>");
			au_enum(pg, "authority.intervention", json_string_value(v));
			html_raw(&pg->out, "</li>");
		}
		html_raw(&pg->out, "</ul>");
	}
}

static void duration_explanation(struct page *pg, const json_t *a)
{
	const json_t *inputs = json_object_get(a, "inputs");
	const char *why = au_str(inputs, "model_not_used");
	char since[80], months[16];

	pg_date_into(pg, au_str(inputs, "unemployed_since"), since, sizeof(since));
	snprintf(months, sizeof(months), "%lld",
		 (long long)au_int(inputs, "months_unemployed"));
	html_raw(&pg->out, "<p>");
	pg_textf(pg, "authority.assess.by_duration", "since", since, "months",
		 months, NULL);
	html_raw(&pg->out, "</p>");
	if (*why) {
		html_raw(&pg->out, "<div class=\"notice\"><p>");
		pg_text(pg, "authority.assess.model_not_used");
		html_raw(&pg->out, " ");
		au_system_text(pg, why);
		html_raw(&pg->out, "</p></div>");
	}
}

/* the latest assessment, explained. */
static void explanation(struct page *pg, const json_t *a)
{
	const char *method = au_str(a, "method");
	char n[16], who[80], when[80];

	if (strcmp(method, "exempt") == 0) {
		pg_elem(pg, "p", "authority.assess.exempt");
	} else {
		snprintf(n, sizeof(n), "%lld", (long long)au_int(a, "track"));
		html_raw(&pg->out, "<p class=\"big track\">");
		pg_textf(pg, "authority.assess.track", "n", n, NULL);
		html_raw(&pg->out, "</p>");
	}
	if (strcmp(method, "override") == 0) {
		snprintf(n, sizeof(n), "%lld", (long long)au_int(a, "suggested_track"));
		html_raw(&pg->out, "<p>");
		pg_textf(pg, "authority.assess.overridden", "n", n, NULL);
		html_raw(&pg->out, "</p><blockquote>");
		html_text(&pg->out, au_str(a, "reason"));
		html_raw(&pg->out, "</blockquote>");
	}
	if (json_is_integer(json_object_get(a, "score_ppm")))
		model_explanation(pg, a);
	else if (strcmp(method, "exempt"))
		duration_explanation(pg, a);
	snprintf(who, sizeof(who), "%s", *au_str(a, "assessed_by") ?
		 au_str(a, "assessed_by") : pg_t(pg, "authority.assess.system"));
	pg_date_into(pg, au_str(a, "assessed_on"), when, sizeof(when));
	html_raw(&pg->out, "<p class=\"decided\">");
	pg_textf(pg, "authority.assess.by", "who", who, "date", when, NULL);
	html_raw(&pg->out, "</p>");
}

static void history(struct page *pg, const json_t *as)
{
	json_t *a;
	size_t i;

	au_table_open(pg, "assessments", "authority.assess.history");
	au_table_head(pg, "authority.col.date", "authority.col.method",
		      "authority.col.track", "authority.col.suggested",
		      "authority.col.by", "authority.col.reason", NULL);
	json_array_foreach(as, i, a) {
		html_raw(&pg->out, "<tr><td>");
		au_date(pg, au_str(a, "assessed_on"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.method", au_str(a, "method"));
		html_raw(&pg->out, "</td><td>");
		if (json_is_integer(json_object_get(a, "track")))
			html_int(&pg->out, au_int(a, "track"));
		else
			html_raw(&pg->out, "–");
		html_raw(&pg->out, "</td><td>");
		if (json_is_integer(json_object_get(a, "suggested_track")))
			html_int(&pg->out, au_int(a, "suggested_track"));
		else
			html_raw(&pg->out, "–");
		html_raw(&pg->out, "</td><td>");
		html_text(&pg->out, *au_str(a, "assessed_by") ?
			  au_str(a, "assessed_by") : "–");
		html_raw(&pg->out, "</td><td>");
		/* The system's own reasons ("A-1: track 3 by model …") are in
		 * English; an officer's are in their words. */
		if (strncmp(au_str(a, "reason"), "A-1: ", 5) == 0)
			au_system_text(pg, au_str(a, "reason"));
		else
			html_text(&pg->out, au_str(a, "reason"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

/* ---------------------------------------------------------- a jobseeker */

static void person_facts(struct page *pg, const json_t *js)
{
	html_raw(&pg->out, "<dl class=\"facts\"><dt>");
	pg_text(pg, "authority.col.ref");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(js, "ref"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.field.personnummer");
	/* Masked by the use case; digits read left to right in RTL too. */
	html_raw(&pg->out, "</dt><dd class=\"pnr\"><span dir=\"ltr\">");
	html_text(&pg->out, au_str(js, "personnummer_masked"));
	html_raw(&pg->out, "</span></dd><dt>");
	pg_text(pg, "authority.field.municipality");
	html_raw(&pg->out, "</dt><dd>");
	html_text(&pg->out, au_str(js, "municipality_name"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.field.unemployed_since");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(js, "unemployed_since"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.field.registered_on");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(js, "registered_on"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.status");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.js_status", au_str(js, "status"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.col.choice_due");
	html_raw(&pg->out, "</dt><dd>");
	au_date(pg, au_str(js, "choice_due"));
	html_raw(&pg->out, "</dd><dt>");
	pg_text(pg, "authority.field.exemption");
	html_raw(&pg->out, "</dt><dd>");
	au_enum(pg, "authority.exemption", au_str(js, "exemption"));
	html_raw(&pg->out, "</dd></dl>");
}

static void participations(struct page *pg, const json_t *js)
{
	const json_t *parts = json_object_get(js, "participations");
	json_t *p;
	size_t i;

	if (json_array_size(parts) == 0) {
		au_empty(pg, "authority.participation.none");
		return;
	}
	au_table_open(pg, "participations", "authority.participation.caption");
	au_table_head(pg, "authority.col.provider", "authority.col.how",
		      "authority.col.track", "authority.col.starts",
		      "authority.col.ends", "authority.col.end_reason", NULL);
	json_array_foreach(parts, i, p) {
		html_raw(&pg->out, "<tr><th scope=\"row\">");
		au_link_id(pg, "/authority/providers/", au_int(p, "provider_id"),
			   NULL, au_str(p, "provider_name"));
		html_raw(&pg->out, "</th><td>");
		au_enum(pg, "authority.how", au_str(p, "how"));
		html_raw(&pg->out, "</td><td>");
		html_int(&pg->out, au_int(p, "track"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(p, "starts_on"));
		html_raw(&pg->out, "</td><td>");
		au_date(pg, au_str(p, "ends_on"));
		html_raw(&pg->out, "</td><td>");
		au_enum(pg, "authority.end_reason", au_str(p, "end_reason"));
		html_raw(&pg->out, "</td></tr>");
	}
	au_table_close(pg);
}

static void assess_form(struct page *pg)
{
	static const struct pg_option tracks[] = {
		{ "", "authority.assess.track_auto" },
		{ "1", "authority.assess.track_1" }, { "2", "authority.assess.track_2" },
		{ "3", "authority.assess.track_3" }, { "4", "authority.assess.track_4" },
	};
	char base[80], action[120];

	js_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/assessments", base);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"assess-h\">"
		 "<h2 id=\"assess-h\">");
	pg_text(pg, "authority.assess.new");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.assess.new_lead");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "track", "authority.assess.track_field", tracks, N(tracks), "");
	au_textarea(pg, "reason", "authority.field.reason",
		    "authority.hint.override_reason");
	au_input(pg, "assessed_on", "authority.field.assessed_on",
		 "authority.hint.today", "date", 10);
	pg_button(pg, "authority.assess.button", NULL);
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static void exemption_form(struct page *pg)
{
	char base[80], action[120];

	js_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/exemption", base);
	html_raw(&pg->out, "<section class=\"panel\" aria-labelledby=\"exempt-h\">"
		 "<h2 id=\"exempt-h\">");
	pg_text(pg, "authority.exempt.title");
	html_raw(&pg->out, "</h2>");
	pg_elem(pg, "p", "authority.exempt.lead");
	pg_form_open(pg, "post", action, "stack");
	au_select(pg, "exemption", "authority.field.exemption", exemptions,
		  N(exemptions), NULL);
	au_textarea(pg, "exemption_reason", "authority.field.exemption_reason", NULL);
	pg_button(pg, "authority.exempt.button", "secondary");
	pg_form_close(pg);
	html_raw(&pg->out, "</section>");
}

static int render_jobseeker(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *js, *as;
	char name[200];

	if (pg_app(pg, app_jobseeker_get, false, js_arg(pg), &js, &e))
		return pg_fail(pg, &e);
	if (pg_app(pg, app_assessments_list, false, js_arg(pg), &as, &e)) {
		json_decref(js);
		return pg_fail(pg, &e);
	}
	snprintf(name, sizeof(name), "%s %s", au_str(js, "given_name"),
		 au_str(js, "family_name"));
	pg->nav = "authority-jobseekers";
	pg_title(pg, "authority.jobseeker.title", "name", name, "ref",
		 au_str(js, "ref"), NULL);
	au_done(pg);
	pg_error_summary(pg);
	person_facts(pg, js);
	html_raw(&pg->out, "<section aria-labelledby=\"now-h\"><h2 id=\"now-h\">");
	pg_text(pg, "authority.assess.title");
	html_raw(&pg->out, "</h2>");
	if (json_array_size(as))
		explanation(pg, json_array_get(as, json_array_size(as) - 1));
	else
		pg_elem(pg, "p", "authority.assess.none");
	html_raw(&pg->out, "</section>");
	if (au_officer(pg) && strcmp(au_str(js, "status"), "active") == 0) {
		if (strcmp(au_str(js, "exemption"), "none") == 0)
			assess_form(pg);
		exemption_form(pg);
	}
	html_raw(&pg->out, "<section aria-labelledby=\"hist-h\"><h2 id=\"hist-h\">");
	pg_text(pg, "authority.assess.history");
	html_raw(&pg->out, "</h2>");
	history(pg, as);
	html_raw(&pg->out, "</section><section aria-labelledby=\"part-h\">"
		 "<h2 id=\"part-h\">");
	pg_text(pg, "authority.participation.title");
	html_raw(&pg->out, "</h2>");
	participations(pg, js);
	html_raw(&pg->out, "</section>");
	json_decref(as);
	json_decref(js);
	return 0;
}

int au_jobseeker(struct page *pg)
{
	return render_jobseeker(pg);
}

int au_assess_post(struct page *pg)
{
	static const char *const fields[] = { "track", "reason", "assessed_on",
					      NULL };
	struct kverr e = { 0 };
	json_t *in = js_arg(pg), *out;
	char base[80], buf[8];

	/* an officer's own track needs a reason. */
	if (form_trimmed(&pg->form, "track", buf, sizeof(buf)))
		au_require(pg, "reason", NULL);
	au_put_int(pg, in, "track", "track", 1, 4);
	au_put_str(pg, in, "reason", "reason");
	au_put_str(pg, in, "assessed_on", "assessed_on");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_assessment_make, true, in, &out, &e) == 0) {
		json_decref(out);
		js_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "assessed");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, "track", fields);
	else
		json_decref(in);
	pg->status = 422;
	return render_jobseeker(pg);
}

int au_exemption_post(struct page *pg)
{
	struct kverr e = { 0 };
	json_t *in = js_arg(pg), *out;
	char base[80];

	au_require(pg, "exemption", "exemption_reason", NULL);
	au_put_str(pg, in, "exemption", "exemption");
	au_put_str(pg, in, "exemption_reason", "reason");
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_jobseeker_exemption, true, in, &out, &e) == 0) {
		json_decref(out);
		js_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "exemption");
		return 0;
	}
	if (pg->errors.n == 0)
		au_refusal(pg, &e, strcmp(e.field, "reason") ? "exemption" :
			   "exemption_reason", NULL);
	else
		json_decref(in);
	pg->status = 422;
	return render_jobseeker(pg);
}
