/*
 * page_authority_checks.c — the forms a case officer records an
 * application's checks with (issue 8 §3): conduct of the company's people
 * or of one subcontractor in four registers, with the overall assessment
 * when one shows something; finances; reference assignments
 * and knowledge of the regulations; a certificate or the quality
 * management system.  The officer records the facts; the verdict is
 * app_check_record's (core/qualify.c), shown on the application's page.
 */
#include "http/page_authority.h"
#include "app/applications.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_kinds[] = { "conduct", "finances", "references",
					   "quality", NULL };

static json_t *app_arg(const struct page *pg)
{
	return json_pack("{s:I}", "application_id",
			 (json_int_t)pg_param_int(pg, "application_id"));
}

static void base_path(const struct page *pg, char *buf, size_t size)
{
	snprintf(buf, size, "/authority/applications/%lld",
		 (long long)pg_param_int(pg, "application_id"));
}

static int kind_of(const char *s)
{
	for (int k = 0; s && check_kinds[k]; k++)
		if (strcmp(check_kinds[k], s) == 0)
			return k;
	return -1;
}

static void fieldset_open(struct page *pg, const char *legend_key)
{
	html_raw(&pg->out, "<fieldset><legend>");
	pg_text(pg, legend_key);
	html_raw(&pg->out, "</legend>");
}

static void conduct_fields(struct page *pg, const json_t *subs)
{
	struct pg_option opts[17];
	char ids[16][24];
	json_t *s;
	size_t i;
	int n = 0;

	au_input(pg, "subject", "authority.check.subject",
		 "authority.hint.subject", NULL, 200);
	if (json_array_size(subs)) {
		opts[n].value = "";
		opts[n++].label = pg_t(pg, "authority.check.people");
		json_array_foreach(subs, i, s) {
			if (n == 17)
				break;
			snprintf(ids[n - 1], sizeof(ids[0]), "%lld",
				 (long long)au_int(s, "id"));
			opts[n].value = ids[n - 1];
			opts[n++].label = au_str(s, "name");
		}
		pg_select(pg, "subcontractor_id", "authority.check.whose", opts, n,
			  form_get(&pg->form, "subcontractor_id"), true);
	}
	fieldset_open(pg, "authority.check.registers");
	au_checkbox(pg, "reg_criminal_record", "authority.check.reg_criminal_record");
	au_checkbox(pg, "reg_enforcement", "authority.check.reg_enforcement");
	au_checkbox(pg, "reg_tax", "authority.check.reg_tax");
	au_checkbox(pg, "reg_companies", "authority.check.reg_companies");
	html_raw(&pg->out, "</fieldset>");
	au_textarea(pg, "assessment", "authority.check.assessment",
		    "authority.hint.assessment");
	au_checkbox(pg, "acceptable", "authority.check.acceptable");
}

static void finances_fields(struct page *pg)
{
	fieldset_open(pg, "authority.check.finances_legend");
	au_checkbox(pg, "credit_rating_sufficient", "authority.check.credit_rating");
	au_checkbox(pg, "carries_minimum_scenario", "authority.check.minimum_scenario");
	au_checkbox(pg, "liability_insurance", "authority.check.insurance");
	au_checkbox(pg, "new_company", "authority.check.new_company");
	au_checkbox(pg, "financing_plan", "authority.check.financing_plan");
	au_checkbox(pg, "business_plan", "authority.check.business_plan");
	au_checkbox(pg, "relies_on_other_company", "authority.check.relies");
	html_raw(&pg->out, "</fieldset>");
}

static void references_fields(struct page *pg)
{
	for (int r = 1; r <= 3; r++) {
		char client[16], count[24], legend[8];

		snprintf(client, sizeof(client), "ref%d_client", r);
		snprintf(count, sizeof(count), "ref%d_participants", r);
		snprintf(legend, sizeof(legend), "%d", r);
		html_raw(&pg->out, "<fieldset><legend>");
		pg_textf(pg, "authority.check.reference_n", "n", legend, NULL);
		html_raw(&pg->out, "</legend>");
		au_input(pg, client, "authority.check.client", NULL, NULL, 200);
		au_input(pg, count, "authority.check.participants", NULL, "text", 7);
		html_raw(&pg->out, "</fieldset>");
	}
	au_checkbox(pg, "competence_demonstrated", "authority.check.competence");
	au_checkbox(pg, "knows_regulations", "authority.check.regulations");
}

static void quality_fields(struct page *pg)
{
	static const struct pg_option certs[] = {
		{ "none", "authority.check.cert_none" },
		{ "iso9001", "authority.check.cert_iso9001" },
		{ "industry_authorisation", "authority.check.cert_industry" },
	};

	au_select(pg, "certificate", "authority.check.certificate", certs, 3, "none");
	au_input(pg, "certificate_valid_until", "authority.check.valid_until",
		 "authority.hint.valid_until", "date", 10);
	fieldset_open(pg, "authority.check.system");
	au_checkbox(pg, "sys_organisation", "authority.check.sys_organisation");
	au_checkbox(pg, "sys_deviation_handling", "authority.check.sys_deviations");
	au_checkbox(pg, "sys_quality_development", "authority.check.sys_development");
	au_checkbox(pg, "proc_organisation_competence", "authority.check.proc_competence");
	au_checkbox(pg, "proc_delivery", "authority.check.proc_delivery");
	au_checkbox(pg, "proc_deviations", "authority.check.proc_deviations");
	au_checkbox(pg, "proc_follow_up", "authority.check.proc_follow_up");
	au_checkbox(pg, "proc_development", "authority.check.proc_development");
	html_raw(&pg->out, "</fieldset>");
	au_input(pg, "responsible_person", "authority.check.responsible", NULL,
		 NULL, 200);
}

static int render_check_form(struct page *pg, int kind)
{
	struct kverr e = { 0 };
	json_t *a, *subs;
	char base[80], action[120], title[48];

	if (pg_app(pg, app_application_get, false, app_arg(pg), &a, &e))
		return pg_fail(pg, &e);
	pg->nav = "authority-applications";
	snprintf(title, sizeof(title), "authority.check.title_%s", check_kinds[kind]);
	pg_title(pg, title, "provider", au_str(a, "provider_name"), NULL);
	pg_error_summary(pg);
	snprintf(title, sizeof(title), "authority.check.lead_%s", check_kinds[kind]);
	pg_elem(pg, "p", title);
	base_path(pg, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/checks", base);
	pg_form_open(pg, "post", action, "stack");
	pg_hidden(pg, "kind", check_kinds[kind]);
	subs = kind == 0 ? au_subcontractors(pg, a) : NULL;
	switch (kind) {
	case 0:  conduct_fields(pg, subs); break;
	case 1:  finances_fields(pg); break;
	case 2:  references_fields(pg); break;
	default: quality_fields(pg); break;
	}
	pg_button(pg, "authority.check.save", NULL);
	html_raw(&pg->out, " <a class=\"button secondary\"");
	html_attr(&pg->out, "href", base);
	html_raw(&pg->out, ">");
	pg_text(pg, "authority.cancel");
	html_raw(&pg->out, "</a>");
	pg_form_close(pg);
	json_decref(subs);
	json_decref(a);
	return 0;
}

int au_check_form(struct page *pg)
{
	int kind = kind_of(pg_query(pg, "kind"));

	if (kind < 0)
		return pg_error_page(pg, 404, "error.not_found_title",
				     "error.not_found");
	return render_check_form(pg, kind);
}

static void conduct_input(struct page *pg, json_t *in)
{
	au_require(pg, "subject", NULL);
	au_put_str(pg, in, "subject", "subject");
	au_put_int(pg, in, "subcontractor_id", "subcontractor_id", 1, INT64_MAX);
	json_object_set_new(in, "registers", json_pack("{s:b, s:b, s:b, s:b}",
		"criminal_record", form_get(&pg->form, "reg_criminal_record") != NULL,
		"enforcement", form_get(&pg->form, "reg_enforcement") != NULL,
		"tax", form_get(&pg->form, "reg_tax") != NULL,
		"companies", form_get(&pg->form, "reg_companies") != NULL));
	au_put_str(pg, in, "assessment", "assessment");
	au_put_bool(pg, in, "acceptable", "acceptable");
}

static void finances_input(struct page *pg, json_t *in)
{
	au_put_bool(pg, in, "credit_rating_sufficient", "credit_rating_sufficient");
	au_put_bool(pg, in, "carries_minimum_scenario", "carries_minimum_scenario");
	au_put_bool(pg, in, "liability_insurance", "liability_insurance");
	au_put_bool(pg, in, "new_company", "new_company");
	au_put_bool(pg, in, "financing_plan", "financing_plan");
	au_put_bool(pg, in, "business_plan", "business_plan");
	au_put_bool(pg, in, "relies_on_other_company", "relies_on_other_company");
}

/* Each reference given is a client and a number of participants. */
static void references_input(struct page *pg, json_t *in)
{
	json_t *refs = json_array();
	char buf[8];

	for (int r = 1; r <= 3; r++) {
		char client[16], count[24];
		json_t *one = json_object();

		snprintf(client, sizeof(client), "ref%d_client", r);
		snprintf(count, sizeof(count), "ref%d_participants", r);
		if (!form_trimmed(&pg->form, client, buf, sizeof(buf)) &&
		    !form_trimmed(&pg->form, count, buf, sizeof(buf))) {
			json_decref(one);
			continue;
		}
		au_require(pg, client, count, NULL);
		au_put_str(pg, one, client, "client");
		au_put_int(pg, one, count, "participants", 0, 1000000);
		json_array_append_new(refs, one);
	}
	json_object_set_new(in, "references", refs);
	au_put_bool(pg, in, "competence_demonstrated", "competence_demonstrated");
	au_put_bool(pg, in, "knows_regulations", "knows_regulations");
}

static void quality_input(struct page *pg, json_t *in)
{
	const char *cert = form_get(&pg->form, "certificate");
	char buf[8];
	bool system = !cert || strcmp(cert, "none") == 0 ||
		      form_trimmed(&pg->form, "responsible_person", buf, sizeof(buf));
	json_t *sys;

	au_require(pg, "certificate", NULL);
	au_put_str(pg, in, "certificate", "certificate");
	if (cert && strcmp(cert, "none"))
		au_require(pg, "certificate_valid_until", NULL);
	au_put_str(pg, in, "certificate_valid_until", "certificate_valid_until");
	for (int i = 0; i < pg->form.n && !system; i++)
		system = strncmp(pg->form.f[i].name, "sys_", 4) == 0 ||
			 strncmp(pg->form.f[i].name, "proc_", 5) == 0;
	if (!system)
		return;
	sys = json_pack("{s:b, s:b, s:b, s:{s:b, s:b, s:b, s:b, s:b}}",
		"organisation", form_get(&pg->form, "sys_organisation") != NULL,
		"deviation_handling", form_get(&pg->form, "sys_deviation_handling") != NULL,
		"quality_development", form_get(&pg->form, "sys_quality_development") != NULL,
		"processes",
		"organisation_competence", form_get(&pg->form, "proc_organisation_competence") != NULL,
		"delivery", form_get(&pg->form, "proc_delivery") != NULL,
		"deviations", form_get(&pg->form, "proc_deviations") != NULL,
		"follow_up", form_get(&pg->form, "proc_follow_up") != NULL,
		"development", form_get(&pg->form, "proc_development") != NULL);
	au_put_str(pg, sys, "responsible_person", "responsible_person");
	json_object_set_new(in, "system", sys);
}

int au_check_post(struct page *pg)
{
	static const char *const fields[] = { "subject", "subcontractor_id",
		"assessment", "acceptable", "certificate",
		"certificate_valid_until", NULL };
	static const char *const first[] = { "subject", "credit_rating_sufficient",
		"ref1_client", "certificate" };
	int kind = kind_of(form_get(&pg->form, "kind"));
	struct kverr e = { 0 };
	json_t *in, *out;
	char base[80];

	if (kind < 0)
		return pg_error_page(pg, 400, "error.title", "error.bad_form");
	in = app_arg(pg);
	json_object_set_new(in, "kind", json_string(check_kinds[kind]));
	switch (kind) {
	case 0:  conduct_input(pg, in); break;
	case 1:  finances_input(pg, in); break;
	case 2:  references_input(pg, in); break;
	default: quality_input(pg, in); break;
	}
	if (pg->errors.n == 0 &&
	    pg_app(pg, app_check_record, true, in, &out, &e) == 0) {
		json_decref(out);
		base_path(pg, base, sizeof(base));
		au_redirect_done(pg, base, "check");
		return 0;
	}
	if (pg->errors.n == 0) {
		if (e.cls == KVERR_NOT_FOUND || e.cls == KVERR_CONFLICT)
			return pg_fail(pg, &e);
		au_refusal(pg, &e, first[kind], fields);
	} else {
		json_decref(in);
	}
	pg->status = 422;
	return render_check_form(pg, kind);
}
