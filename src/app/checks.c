/*
 * checks.c — recording the authority's checks on an application: conduct
 * (Q-2, for the company's people and each subcontractor), finances,
 * experience and quality management.  The officer records the
 * facts; core/qualify.c gives the verdict, so the rule lives in one place.
 */
#include "app/applications.h"
#include "app/input.h"
#include "core/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_conduct(struct app_ctx *cx, json_t *in, int64_t provider_id,
			struct qualify_verdict *v, char *subject, size_t size,
			int64_t *sub_id, struct kverr *e)
{
	static const char *const reg_keys[] = { "criminal_record", "enforcement",
						"tax", "companies", NULL };
	struct qualify_conduct c = { 0 };
	json_t *regs = json_object_get(in, "registers");
	int64_t n;

	if (in_copy(in, "subject", true, subject, size, e) ||
	    in_int(in, "subcontractor_id", false, 1, INT64_MAX, sub_id, e) ||
	    in_copy(in, "assessment", false, c.assessment, sizeof(c.assessment), e) ||
	    in_bool(in, "acceptable", false, &c.acceptable, e))
		return -1;
	if (!regs)
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "registers",
				 "The field \"registers\" is required.");
	if (in_object(regs, reg_keys, e) ||
	    in_bool(regs, "criminal_record", true, &c.hit_criminal_record, e) ||
	    in_bool(regs, "enforcement", true, &c.hit_enforcement, e) ||
	    in_bool(regs, "tax", true, &c.hit_tax, e) ||
	    in_bool(regs, "companies", true, &c.hit_companies, e)) {
		kverr_prefix_field(e, "registers");
		return -1;
	}
	if (*sub_id) {
		if (db_query_int(cx->db, "SELECT count(*) FROM subcontractors WHERE"
				 " id = ? AND provider_id = ?", "ii", &n, e,
				 *sub_id, provider_id) < 0)
			return -1;
		if (n == 0)
			return kverr_set(e, KVERR_INVALID, "unknown_subcontractor",
					 "subcontractor_id", "This provider lists"
					 " no such subcontractor.");
	}
	return qualify_conduct(&c, v, e);
}

static int read_finances(json_t *in, struct qualify_verdict *v, struct kverr *e)
{
	struct qualify_finances f = { 0 };

	if (in_bool(in, "credit_rating_sufficient", true, &f.credit_rating_sufficient, e) ||
	    in_bool(in, "carries_minimum_scenario", true, &f.carries_minimum_scenario, e) ||
	    in_bool(in, "liability_insurance", true, &f.liability_insurance, e) ||
	    in_bool(in, "new_company", true, &f.new_company, e) ||
	    in_bool(in, "financing_plan", false, &f.financing_plan, e) ||
	    in_bool(in, "business_plan", false, &f.business_plan, e) ||
	    in_bool(in, "relies_on_other_company", false, &f.relies_on_other_company, e))
		return -1;
	qualify_finances(&f, v);
	return 0;
}

static int read_references(struct app_ctx *cx, json_t *in,
			   struct qualify_verdict *v, struct kverr *e)
{
	static const char *const ref_keys[] = { "client", "participants",
						"description", "year", NULL };
	struct qualify_references r = { 0 };
	json_t *refs, *ref;
	size_t i;

	if (in_array(in, "references", false, LIMIT_REFERENCES, &refs, e) ||
	    in_bool(in, "competence_demonstrated", false, &r.competence_demonstrated, e) ||
	    in_bool(in, "knows_regulations", true, &r.knows_regulations, e))
		return -1;
	json_array_foreach(refs, i, ref) {
		const char *client, *desc;
		int64_t participants = 0, year = 0;
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "references[%zu]", i);
		if (in_object(ref, ref_keys, e) ||
		    in_string(ref, "client", true, LIMIT_NAME, &client, e) ||
		    in_int(ref, "participants", true, 0, 1000000, &participants, e) ||
		    in_string(ref, "description", false, LIMIT_TEXT, &desc, e) ||
		    in_int(ref, "year", false, 1950, 2200, &year, e)) {
			kverr_prefix_field(e, prefix);
			return -1;
		}
		r.participants[r.n++] = (int)participants;
	}
	qualify_references(&cx->app->qualify, cx->today, &r, v);
	return 0;
}

static int read_quality(struct app_ctx *cx, json_t *in,
			struct qualify_verdict *v, struct kverr *e)
{
	static const char *const certs[] = { "none", "iso9001",
					     "industry_authorisation", NULL };
	static const char *const sys_keys[] = { "organisation",
		"deviation_handling", "quality_development", "responsible_person",
		"processes", NULL };
	static const char *const proc_keys[] = { "organisation_competence",
		"delivery", "deviations", "follow_up", "development", NULL };
	struct qualify_quality q = { 0 };
	int cert = 0;
	const char *responsible = NULL;
	json_t *sys = json_object_get(in, "system"), *proc;

	if (in_enum(in, "certificate", true, certs, &cert, e) ||
	    in_date(in, "certificate_valid_until", cert != 0,
		    &q.certificate_valid_until, e))
		return -1;
	q.certificate = (enum qualify_certificate)cert;
	if (sys) {
		if (in_object(sys, sys_keys, e) ||
		    in_bool(sys, "organisation", true, &q.describes_organisation, e) ||
		    in_bool(sys, "deviation_handling", true, &q.describes_deviation_handling, e) ||
		    in_bool(sys, "quality_development", true, &q.describes_quality_development, e) ||
		    in_string(sys, "responsible_person", false, LIMIT_NAME, &responsible, e)) {
			kverr_prefix_field(e, "system");
			return -1;
		}
		proc = json_object_get(sys, "processes");
		if (proc && (in_object(proc, proc_keys, e) ||
		    in_bool(proc, "organisation_competence", true, &q.process_organisation_competence, e) ||
		    in_bool(proc, "delivery", true, &q.process_delivery, e) ||
		    in_bool(proc, "deviations", true, &q.process_deviations, e) ||
		    in_bool(proc, "follow_up", true, &q.process_follow_up, e) ||
		    in_bool(proc, "development", true, &q.process_development, e))) {
			kverr_prefix_field(e, "system.processes");
			return -1;
		}
		q.has_responsible_person = responsible && responsible[0];
	} else if (cert == 0) {
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "system",
				 "Without a certificate, describe the quality"
				 " management system in \"system\".");
	}
	qualify_quality(&q, cx->today, v);
	return 0;
}

/* The fields each kind of check takes; a field of another kind is refused
 * so that nothing recorded is silently ignored. */
static const char *const conduct_keys[] = { "application_id", "kind",
	"subject", "subcontractor_id", "registers", "assessment", "acceptable",
	NULL };
static const char *const finances_keys[] = { "application_id", "kind",
	"credit_rating_sufficient", "carries_minimum_scenario",
	"liability_insurance", "new_company", "financing_plan", "business_plan",
	"relies_on_other_company", NULL };
static const char *const references_keys[] = { "application_id", "kind",
	"references", "competence_demonstrated", "knows_regulations", NULL };
static const char *const quality_keys[] = { "application_id", "kind",
	"certificate", "certificate_valid_until", "system", NULL };
static const char *const *const check_keys[] = {
	conduct_keys, finances_keys, references_keys, quality_keys
};

int app_check_record(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const kinds[] = { "conduct", "finances", "references",
					     "quality", NULL };
	struct qualify_verdict v = { 0 };
	int64_t id = 0, sub_id = 0, check_id;
	int kind = 0, rc;
	char subject[LIMIT_NAME + 1] = "", today[DATE_STRLEN], *detail;
	json_t *a;

	if (app_require(cx, ROLE_CASE_OFFICER, e) ||
	    in_enum(in, "kind", true, kinds, &kind, e) ||
	    in_object(in, check_keys[kind], e) ||
	    in_int(in, "application_id", true, 1, INT64_MAX, &id, e))
		return -1;
	a = applications_load(cx, id, e);
	if (!a)
		return -1;
	if (strcmp(json_string_value(json_object_get(a, "status")), "decided") == 0) {
		json_decref(a);
		return kverr_set(e, KVERR_CONFLICT, "wrong_state", "application_id",
				 "The application is already decided.");
	}
	switch (kind) {
	case 0:
		rc = read_conduct(cx, in, json_integer_value(json_object_get(a,
				  "provider_id")), &v, subject, sizeof(subject),
				  &sub_id, e);
		break;
	case 1:  rc = read_finances(in, &v, e); break;
	case 2:  rc = read_references(cx, in, &v, e); break;
	default: rc = read_quality(cx, in, &v, e); break;
	}
	json_decref(a);
	if (rc)
		return -1;
	date_format(cx->today, today);
	detail = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
	rc = db_query_int(cx->db, "INSERT INTO application_checks(application_id,"
			  " kind, subject, subcontractor_id, passed, reason, detail,"
			  " recorded_by, recorded_on, created_at) VALUES (?, ?, ?,"
			  " nullif(?, 0), ?, ?, ?, ?, ?, ?) RETURNING id",
			  "issiissisi", &check_id, e, id, kinds[kind], subject,
			  sub_id, (int64_t)v.passed, v.reason, detail,
			  cx->actor->user_id, today, cx->now);
	free(detail);
	if (rc != 0 || app_audit(cx, "application.check", "application", id, in, e))
		return -1;
	*out = json_pack("{s:I, s:I, s:s, s:b, s:s}", "id", (json_int_t)check_id,
			 "application_id", (json_int_t)id, "kind", kinds[kind],
			 "passed", v.passed, "reason", v.reason);
	return 0;
}
