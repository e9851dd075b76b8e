/*
 * qualify.h — the rules for admitting a provider (Q-1 … Q-6, seed 003 §3.1).
 *
 * Pure functions over plain structs: the case officer records what the
 * registers, the credit report, the references and the quality documents
 * showed; these functions say whether each requirement is met and why, and
 * whether an application may be admitted.  The parameters come from
 * rules/qualification.json, effective-dated (P-14).
 */
#ifndef QUALIFY_H
#define QUALIFY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/effective.h"
#include "core/kverr.h"
#include "core/limits.h"

struct qualify_params {
	struct effective decision_deadline_days;     /* Q-1, default 30 */
	struct effective reapply_bar_months;         /* Q-6, default 12 */
	struct effective min_reference_assignments;  /* Q-4, default 2 */
	struct effective min_reference_participants; /* Q-4, default 30 */
};

/* Parse the "parameters" of rules/qualification.json; file names the file
 * in errors.  Unknown or missing keys are errors. */
int qualify_params_parse(const json_t *root, const char *file,
			 struct qualify_params *out, struct kverr *e);

/* The verdict on one requirement: met or not, and why in plain words. */
struct qualify_verdict {
	bool passed;
	char reason[240];
};

/* days left until the decision deadline (negative when overdue).
 * The deadline runs from the day the application was complete. */
int qualify_days_left(const struct qualify_params *p, date_t complete_on,
		      date_t today);
date_t qualify_deadline(const struct qualify_params *p, date_t complete_on);

/* conduct of one person or one subcontractor. */
struct qualify_conduct {
	bool hit_criminal_record;  /* belastningsregistret */
	bool hit_enforcement;      /* Kronofogden */
	bool hit_tax;              /* Skatteverket */
	bool hit_companies;        /* Bolagsverket */
	bool acceptable;           /* the officer's overall assessment */
	char assessment[LIMIT_TEXT + 1];
};
int qualify_conduct(const struct qualify_conduct *c, struct qualify_verdict *v,
		    struct kverr *e);

/* finances. */
struct qualify_finances {
	bool credit_rating_sufficient;
	bool carries_minimum_scenario;
	bool liability_insurance;
	bool new_company;
	bool financing_plan;
	bool business_plan;
	bool relies_on_other_company;   /* may rely on another's capacity */
};
void qualify_finances(const struct qualify_finances *f,
		      struct qualify_verdict *v);

/* experience. */
struct qualify_references {
	int n;
	int participants[LIMIT_REFERENCES];
	bool competence_demonstrated;
	bool knows_regulations;
};
void qualify_references(const struct qualify_params *p, date_t on,
			const struct qualify_references *r,
			struct qualify_verdict *v);

/* quality management system or certificate. */
enum qualify_certificate {
	CERT_NONE = 0,
	CERT_ISO9001,
	CERT_INDUSTRY_AUTHORISATION
};
struct qualify_quality {
	enum qualify_certificate certificate;
	date_t certificate_valid_until;
	bool describes_organisation;
	bool describes_deviation_handling;
	bool describes_quality_development;
	bool process_organisation_competence;
	bool process_delivery;
	bool process_deviations;
	bool process_follow_up;
	bool process_development;
	bool has_responsible_person;
};
void qualify_quality(const struct qualify_quality *q, date_t on,
		     struct qualify_verdict *v);

/* The latest verdicts recorded on an application, for the admit decision. */
struct qualify_summary {
	int conduct_checks;        /* conduct checks on the company's people */
	int conduct_failed;
	int subcontractors;        /* subcontractors the provider lists */
	int subcontractors_passed; /* … with a passed conduct check */
	int finances;              /* -1 not recorded, 0 failed, 1 passed */
	int references;
	int quality;
};

/* May the application be admitted?  Fails naming the missing or failed
 * check in e->field ("checks.finances") with KVERR_INVALID. */
int qualify_admissible(const struct qualify_summary *s, struct kverr *e);

/* may a provider terminated on `terminated_on` apply again on `today`?
 * Fails with the first allowed date in the message. */
int qualify_reapply_allowed(const struct qualify_params *p,
			    date_t terminated_on, date_t today,
			    const char *field, struct kverr *e);

#endif
