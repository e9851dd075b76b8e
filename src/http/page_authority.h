/*
 * page_authority.h — what the authority's page files share (issue 8 §3):
 * the handlers each file defines for the table in page_authority.c, and
 * small helpers for the forms and tables those pages are made of.
 *
 * page_authority.c              the table, the overview, the helpers
 * page_authority_applications.c the queue, the checklist (Q-2 … Q-5),
 *                               decisions
 * page_authority_checks.c       the forms that record the checks
 * page_authority_jobseekers.c   registration, assessment and its explanation
 *                               (A-1 … A-5), exemption
 * page_authority_cases.c        reassessment requests, deviations (D-6)
 * page_authority_ratings.c      rating rounds and the termination test
 * page_authority_providers.c    warnings, order stops, penalties and
 *                               terminations (D-10, F-6, Q-6, Q-7)
 * page_authority_reviews.c      quality reviews and findings (D-9)
 *
 * Reading is for the authority (case officer, controller, admin); every
 * change is a case officer's, as the use cases require; forms are shown
 * to case officers only.  Every text key starts with "authority.".
 */
#ifndef PAGE_AUTHORITY_H
#define PAGE_AUTHORITY_H

#include "http/page.h"

/* ------------------------------------------------------------ handlers */

int au_home(struct page *pg);

int au_queue(struct page *pg);
int au_application(struct page *pg);
int au_check_form(struct page *pg);
int au_check_post(struct page *pg);
int au_decision_post(struct page *pg);
int au_incomplete_post(struct page *pg);

int au_jobseekers(struct page *pg);
int au_lookup_post(struct page *pg);
int au_register_form(struct page *pg);
int au_register_post(struct page *pg);
int au_jobseeker(struct page *pg);
int au_assess_post(struct page *pg);
int au_exemption_post(struct page *pg);

int au_requests(struct page *pg);
int au_request(struct page *pg);
int au_request_post(struct page *pg);
int au_deviations(struct page *pg);
int au_deviation(struct page *pg);
int au_deviation_post(struct page *pg);

int au_ratings(struct page *pg);
int au_rating_compute(struct page *pg);
int au_rating(struct page *pg);
int au_rating_publish(struct page *pg);
int au_candidates(struct page *pg);

int au_providers(struct page *pg);
int au_provider(struct page *pg);
int au_sanction_form(struct page *pg);
int au_warning_post(struct page *pg);
int au_order_stop_post(struct page *pg);
int au_penalty_post(struct page *pg);
int au_termination_post(struct page *pg);
int au_warning(struct page *pg);
int au_warning_post_follow_up(struct page *pg);
int au_order_stop(struct page *pg);
int au_order_stop_lift_post(struct page *pg);

int au_reviews(struct page *pg);
int au_review_form(struct page *pg);
int au_review_post(struct page *pg);
int au_review(struct page *pg);
int au_finding_post(struct page *pg);
int au_review_hold_post(struct page *pg);

/* The subcontractors of an application's provider (Q-2 applies to each);
 * an empty array when they cannot be read.  The caller frees it. */
json_t *au_subcontractors(struct page *pg, const json_t *application);

/* ------------------------------------------------------------- reading */

/* A string member, "" when absent or null. */
const char *au_str(const json_t *o, const char *key);
/* An integer member, 0 when absent or null. */
int64_t au_int(const json_t *o, const char *key);
/* The signed-in person may change things here (a case officer). */
bool au_officer(const struct page *pg);
/* The text of key "<prefix>.<value>" when Swedish has it, else value as
 * it is (data the use case gave). */
void au_enum(struct page *pg, const char *prefix, const char *value);
/* A date in words, or "–" when there is none. */
void au_date(struct page *pg, const char *ymd);
/* Money in öre as "1 234,50 kr" (whole kronor without the öre). */
void au_money(struct page *pg, int64_t ore);
/* A chance in millionths as a whole percent ("29 %"). */
void au_percent(struct page *pg, int64_t ppm);
/* Text recorded by the system itself, which is in English: marked so, so
 * that a screen reader reads it as English (WCAG 3.1.2). */
void au_system_text(struct page *pg, const char *text);

/* The providers' names by id (an object keyed by the id as text), for
 * lists that carry only the id; an empty object when they cannot be read.
 * The caller frees it. */
json_t *au_provider_names(struct page *pg);
const char *au_provider_name(const json_t *names, int64_t id);
/* The same for the delivery areas of every programme. */
json_t *au_area_names(struct page *pg);
/* A decimal number in millionths with two decimals, with the reader's
 * decimal sign ("1,23"). */
void au_decimal(struct page *pg, int64_t ppm);

/* ------------------------------------------------------------- answers */

/* The success notice after a POST's redirect: "?done=<what>" shows the
 * text "authority.done.<what>" when there is one. */
void au_done(struct page *pg);
/* Redirect to path with "?done=<what>" (what a constant). */
void au_redirect_done(struct page *pg, const char *path, const char *what);
/* "Decided by {who} under {delegation} on {date}"; a row with
 * decided_by, delegation and decided_on, or other names for them. */
void au_decided(struct page *pg, const json_t *row, const char *who,
		const char *delegation, const char *on);
/* A link: <a href>text</a>. */
void au_link(struct page *pg, const char *href, const char *key);
/* "<a href=prefix+id>text</a>" with the text as data. */
void au_link_id(struct page *pg, const char *prefix, int64_t id,
		const char *suffix, const char *text);

/* --------------------------------------------------------------- tables */

/* A table in a region that scrolls sideways on its own at phone width
 * (the page never does, WCAG 1.4.10), with a caption; id names it. */
void au_table_open(struct page *pg, const char *id, const char *caption_key);
/* The header row: keys of the column names, up to NULL. */
void au_table_head(struct page *pg, ...) __attribute__((sentinel));
void au_table_close(struct page *pg);
/* The message shown instead of an empty table. */
void au_empty(struct page *pg, const char *key);

/* ---------------------------------------------------------------- forms */

/* A labelled text input keeping what was typed (type NULL: text). */
void au_input(struct page *pg, const char *name, const char *label_key,
	      const char *hint_key, const char *type, int maxlength);
/* A labelled <textarea> keeping what was typed. */
void au_textarea(struct page *pg, const char *name, const char *label_key,
		 const char *hint_key);
/* The delegation field, with its hint. */
void au_delegation(struct page *pg);
/* A <select> of value/label-key pairs keeping the choice (or `dflt`). */
void au_select(struct page *pg, const char *name, const char *label_key,
	       const struct pg_option *opts, int n, const char *dflt);
/* A checkbox keeping its state after a refused POST. */
void au_checkbox(struct page *pg, const char *name, const char *label_key);

/* Add "authority.err.required" for each named field left blank; the
 * number of blanks. */
int au_require(struct page *pg, ...) __attribute__((sentinel));
/* Copy field name (trimmed) into in as api_key when not blank. */
void au_put_str(struct page *pg, json_t *in, const char *name,
		const char *api_key);
/* The same as an integer; a field error when it is not a whole number
 * in [min, max]. */
void au_put_int(struct page *pg, json_t *in, const char *name,
		const char *api_key, int64_t min, int64_t max);
/* A checkbox as true or false. */
void au_put_bool(struct page *pg, json_t *in, const char *name,
		 const char *api_key);
/* An amount in kronor ("5000", "5 000,50") as öre. */
void au_put_kronor(struct page *pg, json_t *in, const char *name,
		   const char *api_key);
/*
 * A use case's refusal as a field error: the message is
 * "authority.err.<code>" (for the personnummer "authority.err.pnr.<code>")
 * when Swedish has it, else the general one; the field is the use case's
 * when the form has it (fields, up to NULL), else `fallback`.
 */
void au_refusal(struct page *pg, const struct kverr *e, const char *fallback,
		const char *const *fields);

#endif
