/*
 * qualify.c — provider qualification rules Q-1 … Q-6 (seed 003 §3.1,
 * §3.2.2, §3.2.8).  See qualify.h.  No I/O: the officer's findings come in
 * as structs, the verdicts go out as structs.
 */
#include "core/qualify.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const struct effective_key param_keys[] = {
	{ "decision_deadline_days",
	  offsetof(struct qualify_params, decision_deadline_days), 1, 365 },
	{ "reapply_bar_months",
	  offsetof(struct qualify_params, reapply_bar_months), 0, 120 },
	{ "min_reference_assignments",
	  offsetof(struct qualify_params, min_reference_assignments), 0, LIMIT_REFERENCES },
	{ "min_reference_participants",
	  offsetof(struct qualify_params, min_reference_participants), 0, 100000 },
};

int qualify_params_parse(const json_t *root, const char *file,
			 struct qualify_params *out, struct kverr *e)
{
	memset(out, 0, sizeof(*out));
	return effective_file_parse(root, file, param_keys,
				    sizeof(param_keys) / sizeof(param_keys[0]),
				    out, e);
}

/* A parameter whose first date is after `on` falls back to its first value:
 * a decision is never left without a rule. */
static int64_t param_on(const struct effective *p, date_t on)
{
	return effective_or_first(p, on);
}

date_t qualify_deadline(const struct qualify_params *p, date_t complete_on)
{
	/* decided within N days of a complete application. */
	return date_add_days(complete_on,
			     (int32_t)param_on(&p->decision_deadline_days,
					       complete_on));
}

int qualify_days_left(const struct qualify_params *p, date_t complete_on,
		      date_t today)
{
	return (int)(qualify_deadline(p, complete_on) - today);
}

static void verdict(struct qualify_verdict *v, bool passed, const char *why)
{
	v->passed = passed;
	snprintf(v->reason, sizeof(v->reason), "%s", why);
}

int qualify_conduct(const struct qualify_conduct *c, struct qualify_verdict *v,
		    struct kverr *e)
{
	bool hit = c->hit_criminal_record || c->hit_enforcement ||
		   c->hit_tax || c->hit_companies;

	if (!hit) {
		verdict(v, true, "No register showed anything.");
		return 0;
	}
	/* a hit does not exclude by itself, but it needs the officer's
	 * overall assessment (how long ago, what kind, behaviour since). */
	if (!c->assessment[0])
		return kverr_set(e, KVERR_INVALID, "assessment_required",
				 "assessment",
				 "A register showed something: write the overall"
				 " assessment (how long ago, what kind, behaviour since).");
	if (c->acceptable)
		verdict(v, true, "A register showed something; the overall"
			" assessment found it acceptable.");
	else
		verdict(v, false, "A register showed something; the overall"
			" assessment found it not acceptable.");
	return 0;
}

void qualify_finances(const struct qualify_finances *f,
		      struct qualify_verdict *v)
{
	/* Q-3, in the order the seed lists the requirements. */
	if (!f->credit_rating_sufficient)
		verdict(v, false, "The credit rating is not sufficient.");
	else if (!f->carries_minimum_scenario)
		verdict(v, false, "The company cannot carry premises and staff"
			" costs in the minimum scenario.");
	else if (f->new_company && !(f->financing_plan && f->business_plan))
		verdict(v, false, "A new company must submit both a financing"
			" plan and a business plan.");
	else if (!f->liability_insurance)
		verdict(v, false, "Liability insurance for the whole contract"
			" is missing.");
	else
		verdict(v, true, f->relies_on_other_company
			? "Finances are sufficient, relying on another"
			  " company's capacity."
			: "Finances are sufficient.");
}

void qualify_references(const struct qualify_params *p, date_t on,
			const struct qualify_references *r,
			struct qualify_verdict *v)
{
	int64_t need = param_on(&p->min_reference_assignments, on);
	int64_t size = param_on(&p->min_reference_participants, on);
	int64_t enough = 0;
	char why[sizeof(v->reason)];

	for (int i = 0; i < r->n; i++)
		if (r->participants[i] >= size)
			enough++;
	/* N reference assignments of at least M participants each,
	 * or demonstrated competence; and knowledge of the regulations. */
	if (!r->knows_regulations) {
		verdict(v, false, "Knowledge of the regulations is not shown.");
	} else if (enough >= need) {
		snprintf(why, sizeof(why), "%lld reference assignments with at"
			 " least %lld participants each (%lld needed).",
			 (long long)enough, (long long)size, (long long)need);
		verdict(v, true, why);
	} else if (r->competence_demonstrated) {
		verdict(v, true, "Competence is demonstrated instead of"
			" reference assignments.");
	} else {
		snprintf(why, sizeof(why), "Only %lld reference assignments with"
			 " at least %lld participants; %lld are needed, or"
			 " demonstrated competence.", (long long)enough,
			 (long long)size, (long long)need);
		verdict(v, false, why);
	}
}

static bool quality_system_complete(const struct qualify_quality *q)
{
	return q->describes_organisation && q->describes_deviation_handling &&
	       q->describes_quality_development &&
	       q->process_organisation_competence && q->process_delivery &&
	       q->process_deviations && q->process_follow_up &&
	       q->process_development && q->has_responsible_person;
}

void qualify_quality(const struct qualify_quality *q, date_t on,
		     struct qualify_verdict *v)
{
	/* a valid certificate (ISO 9001, or an industry authorisation
	 * renewed yearly), or a management system described to the STOM
	 * level with a named responsible person. */
	if (q->certificate != CERT_NONE && q->certificate_valid_until >= on) {
		verdict(v, true, q->certificate == CERT_ISO9001
			? "Valid ISO 9001 certificate."
			: "Valid industry authorisation.");
	} else if (quality_system_complete(q)) {
		verdict(v, true, "The quality management system is described"
			" to the required level.");
	} else if (q->certificate != CERT_NONE) {
		verdict(v, false, "The certificate has expired and the quality"
			" management system is not fully described.");
	} else {
		verdict(v, false, "The quality management system lacks required"
			" parts (organisation, deviations, development, the five"
			" processes, a responsible person).");
	}
}

int qualify_admissible(const struct qualify_summary *s, struct kverr *e)
{
	static const char *names[] = { "finances", "references", "quality" };
	const int state[] = { s->finances, s->references, s->quality };

	if (s->conduct_checks == 0)
		return kverr_set(e, KVERR_INVALID, "check_missing", "checks.conduct",
				 "No conduct check (Q-2) is recorded for the"
				 " company's owners, board and management.");
	if (s->conduct_failed > 0)
		return kverr_set(e, KVERR_INVALID, "check_failed", "checks.conduct",
				 "A conduct check (Q-2) was not passed.");
	if (s->subcontractors_passed < s->subcontractors)
		return kverr_set(e, KVERR_INVALID, "check_missing",
				 "checks.subcontractors",
				 "%d of %d subcontractors lack a passed conduct"
				 " check (Q-2 applies to them too).",
				 s->subcontractors - s->subcontractors_passed,
				 s->subcontractors);
	for (int i = 0; i < 3; i++) {
		char field[40];

		snprintf(field, sizeof(field), "checks.%s", names[i]);
		if (state[i] < 0)
			return kverr_set(e, KVERR_INVALID, "check_missing", field,
					 "No %s check is recorded.", names[i]);
		if (state[i] == 0)
			return kverr_set(e, KVERR_INVALID, "check_failed", field,
					 "The %s check was not passed.", names[i]);
	}
	return 0;
}

int qualify_reapply_allowed(const struct qualify_params *p,
			    date_t terminated_on, date_t today,
			    const char *field, struct kverr *e)
{
	/* a terminated provider may apply again after the bar. */
	int64_t months = param_on(&p->reapply_bar_months, terminated_on);
	date_t allowed = date_add_months(terminated_on, (int32_t)months);
	char when[DATE_STRLEN];

	if (today >= allowed)
		return 0;
	date_format(allowed, when);
	return kverr_set(e, KVERR_INVALID, "reapply_barred", field,
			 "The agreement in this delivery area was terminated;"
			 " a new application can be made from %s.", when);
}
