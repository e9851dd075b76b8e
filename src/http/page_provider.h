/*
 * page_provider.h — what the provider staff's page files share (issue 8
 * §2): page_provider.c (participants), page_provider_work.c (plans,
 * monthly reports), page_provider_cases.c (deviations, reassessment
 * requests), page_provider_outcome.c
 * (outcome claims, evidence, monthly confirmations) and
 * page_provider_money.c (admissions and sanctions, payment statements).
 *
 * Every text is a key "prov.*" in data/i18n/<lang>.provider.json.
 */
#ifndef PAGE_PROVIDER_H
#define PAGE_PROVIDER_H

#include "http/page.h"

/* A row's text ("" when absent or not text) and integer (0). */
const char *pv_str(const json_t *o, const char *key);
int64_t pv_int(const json_t *o, const char *key);

/* Today in Swedish civil time, "YYYY-MM-DD". */
void pv_today(const struct page *pg, char buf[DATE_STRLEN]);

/* "2026-11" as "november 2026" in the visitor's language. */
void pv_month(struct page *pg, const char *ym);
void pv_month_into(const struct page *pg, const char *ym, char *buf,
		   size_t size);

/* Öre as "1 234,50 kr", kept left to right in Arabic and Persian. */
void pv_money(struct page *pg, int64_t ore);

/* The date, or a dash for none. */
void pv_date_or_dash(struct page *pg, const char *ymd);

/* "<key-prefix>.<value>" translated when the key exists, else the value
 * as it is (codes from the use cases: statuses, kinds, components). */
void pv_code(struct page *pg, const char *prefix, const char *value);

/* A table with its caption (a key), inside a wrapper that scrolls on
 * its own on a narrow screen, so the page itself never scrolls sideways.
 * cols are header keys, NULL-terminated. */
void pv_table_open(struct page *pg, const char *caption_key,
		   const char *const *cols);
void pv_table_close(struct page *pg);

/* A "done" notice after a successful POST (?done=<what>), when the query
 * names one of ours. */
void pv_done_notice(struct page *pg);

/* A labelled <textarea> with the same hint, error and kept value as
 * pg_input. */

/* Radio buttons in a fieldset; labels are keys. */
void pv_radios(struct page *pg, const char *name, const char *legend_key,
	       const struct pg_option *opts, int n, const char *checked);

/* A use case's refusal as a field error: "prov.error.<code>" when we
 * have that text, else our general one.  The field is the use case's
 * own when it is one of fields (the form's names, NULL-terminated),
 * else fallback. */
void pv_form_error(struct page *pg, const struct kverr *e,
		   const char *const *fields, const char *fallback);

/* The participation as the use case shows it to this staff member, or
 * NULL with the error page rendered (404 for another provider's). */
json_t *pv_participation(struct page *pg, int64_t id);

/* A link back to the participant's page. */
void pv_back_to_participant(struct page *pg, int64_t id);

/* A jobseeker's reference (JS-000123), kept on one line and left to
 * right. */
void pv_ref(struct page *pg, const char *ref);

/* "Given Family" of a participation row. */
void pv_name(struct page *pg, const json_t *p);

/* A positive whole number in a field, or -1 (empty, or not a number). */
int64_t pv_whole(const char *s, int64_t max);

/* The rows a use case lists for one participation (participation_id),
 * or NULL (an empty section then). */
json_t *pv_list_of(struct page *pg, app_usecase_fn fn, int64_t id);

/* <section aria-labelledby=id><h2 id=id>key</h2> (closed by the caller). */
void pv_section_open(struct page *pg, const char *id, const char *key);

/* A filled text field, trimmed, into buf; else NULL and a field error. */
const char *pv_required(struct page *pg, const char *name, char *buf,
			size_t size);

/* A real date "YYYY-MM-DD" in the field (size: DATE_STRLEN + 1, so a
 * longer text is seen), else NULL; a field error when it is malformed, or
 * missing and needed. */
const char *pv_date_field(struct page *pg, const char *name, bool needed,
			  char *buf, size_t size);

/* After a refusal: the participant's form again with its errors (422). */
typedef int (*pv_form_fn)(struct page *pg, int64_t id, const json_t *p);
int pv_again(struct page *pg, pv_form_fn form, int64_t id);

/* 303 to the participant's page with ?done=<what> (pv_done_notice). */
void pv_to_participant(struct page *pg, int64_t id, const char *done);

/* Pages (page_provider_work.c). */
int pv_plan_page(struct page *pg);
int pv_plan_post(struct page *pg);
int pv_report_page(struct page *pg);
int pv_report_post(struct page *pg);

/* Pages (page_provider_cases.c). */
int pv_deviation_page(struct page *pg);
int pv_deviation_post(struct page *pg);
int pv_reassess_page(struct page *pg);
int pv_reassess_post(struct page *pg);
int pv_deviations_page(struct page *pg);

/* Pages (page_provider_outcome.c). */
int pv_outcomes_page(struct page *pg);
int pv_claim_page(struct page *pg);
int pv_claim_post(struct page *pg);
int pv_outcome_page(struct page *pg);
int pv_evidence_post(struct page *pg);
int pv_evidence_get(struct page *pg);
int pv_month_post(struct page *pg);

/* Pages (page_provider_money.c). */
int pv_quality_page(struct page *pg);
int pv_payments_page(struct page *pg);
int pv_statement_page(struct page *pg);
int pv_statement_csv(struct page *pg);

/* Sections of the participant's page from the other files. */
void pv_plan_section(struct page *pg, int64_t id);
void pv_reports_section(struct page *pg, int64_t id);
void pv_deviations_section(struct page *pg, int64_t id);
void pv_requests_section(struct page *pg, int64_t id);
void pv_outcomes_section(struct page *pg, int64_t id);

#endif
