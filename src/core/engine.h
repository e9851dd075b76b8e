/*
 * engine.h — the compensation engine: what the authority owes a provider
 * for one participation, month by month, with the reason for every öre.
 *
 * Pure: the facts come in as a struct engine_case (parsed from JSON by
 * case.c or assembled from the store by the payment run), the rulebook as
 * a struct rulebook; lines come out.  No I/O, no clock, no allocation.
 * Which date governs each component, and why, is in docs/rulebooks.md.
 */
#ifndef ENGINE_H
#define ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/kverr.h"
#include "core/money.h"
#include "core/rulebook.h"

#define ENGINE_MAX_TRACKS     32   /* track changes in one participation */
#define ENGINE_MAX_RESIDENCES 32
#define ENGINE_MAX_OUTCOMES   16
#define ENGINE_MAX_MONTHS     120  /* self-supporting months of one outcome */
#define ENGINE_MAX_FUND       64
#define ENGINE_MAX_COURSES    16
#define ENGINE_MAX_CREDITS    64   /* credit reports of one course */
#define ENGINE_MAX_SERIES     600  /* months of unemployment figures */
#define ENGINE_MAX_SHORTAGE   400
#define ENGINE_MAX_SPARSE     300
#define ENGINE_MAX_PAID       2048
#define ENGINE_MAX_LINES      2048
#define ENGINE_ID_LEN         40
#define ENGINE_KEY_LEN        64
#define ENGINE_EXPLAIN_LEN    320

enum engine_evidence { EVIDENCE_PENDING = 0, EVIDENCE_APPROVED, EVIDENCE_REJECTED };

struct engine_track { date_t from; int track; };
struct engine_residence { date_t from; char municipality[5]; };

struct engine_outcome {
	char id[ENGINE_ID_LEN];
	enum rb_outcome type;
	date_t start;
	date_t end;                  /* 0 = still going */
	char occupation[8];          /* SSYK code, for the shortage index (P-11) */
	enum engine_evidence evidence;
	int n_months;
	month_t months[ENGINE_MAX_MONTHS];  /* self-supporting, ascending */
};

struct engine_fund_item {
	char id[ENGINE_ID_LEN];
	date_t date;                 /* reported */
	ore_t cost;
	bool approved;
};

/* Points completed on a day of a course (verksamhetspoäng, Växjö). */
struct engine_credit {
	date_t date;
	int32_t points;
};

struct engine_course {
	char id[ENGINE_ID_LEN];
	date_t start;
	int32_t points;              /* the course's points in all */
	date_t passed_on;            /* 0 = not (yet) passed */
	int n_credits;
	struct engine_credit credits[ENGINE_MAX_CREDITS];   /* ascending */
};

struct engine_shortage {
	char occupation[8];
	int half_year;               /* year * 2 + (0 for Jan–Jun, 1 for Jul–Dec) */
	int tenths;                  /* index × 10 (33 = balance) */
};

/* The world around the participant: national series the rulebook needs. */
struct engine_context {
	int n_unemployment;
	month_t unemployment_month[ENGINE_MAX_SERIES];
	int32_t unemployment_bp[ENGINE_MAX_SERIES];     /* 7.25 % = 725 */
	int n_shortage;
	struct engine_shortage shortage[ENGINE_MAX_SHORTAGE];
	int n_sparse;
	char sparse[ENGINE_MAX_SPARSE][5];   /* sparse municipalities (P-9) */
	bool cohort_measured;                /* the cohort's job rate is known */
	int32_t cohort_job_rate_bp;          /* the provider's job rate for the
						participant's cohort (BAUB, P-13) */
};

/* What has already been paid for a key (for corrections). */
struct engine_paid {
	char key[ENGINE_KEY_LEN];
	ore_t amount;
};

struct engine_case {
	char participation_id[ENGINE_ID_LEN];
	date_t start;
	date_t end;                  /* last day of responsibility; 0 = open */
	bool switched;               /* ended by a change of provider (C-2) */
	int n_tracks;
	struct engine_track tracks[ENGINE_MAX_TRACKS];        /* ascending */
	int n_residences;
	struct engine_residence residences[ENGINE_MAX_RESIDENCES];
	int n_outcomes;
	struct engine_outcome outcomes[ENGINE_MAX_OUTCOMES];
	int n_fund;
	struct engine_fund_item fund[ENGINE_MAX_FUND];
	int n_courses;
	struct engine_course courses[ENGINE_MAX_COURSES];
	int n_paid;
	struct engine_paid paid[ENGINE_MAX_PAID];
	struct engine_context context;
};

enum engine_component {
	COMP_BASE = 0,
	COMP_RESULT,       /* a result installment */
	COMP_SUPPLEMENT,   /* sparse-area supplement (P-9) */
	COMP_BONUS,        /* matching bonus (P-11) */
	COMP_FUND,         /* education fund reimbursement (P-12) */
	COMP_COURSE,       /* adult education per point and at a pass (P-13) */
	COMP_CORRECTION,   /* more is owed than was paid for a key */
	COMP_CLAWBACK      /* less is owed than was paid: negative */
};

extern const char *const engine_component_names[];

struct engine_line {
	month_t period;              /* the month the line is for */
	month_t due;                 /* the month it falls due for payment */
	enum engine_component component;
	ore_t amount;
	char rule[8];                /* "P-3" */
	char key[ENGINE_KEY_LEN];    /* what it pays: "base:2024-03", "result:O1:1" */
	char explain[ENGINE_EXPLAIN_LEN];
};

struct engine_result {
	bool terse;                  /* set by the caller: skip explanations (bulk runs) */
	month_t explain_from;        /* set by the caller: lines due before this
					month get no explanation either (a run
					that will post only later ones); 0 = all */
	int n;
	struct engine_line lines[ENGINE_MAX_LINES];
};

/*
 * Everything owed for the case by the run of month `through` (lines due in
 * or before it), ignoring what was paid.  Lines are ordered by due month,
 * then component, then key.
 */
int engine_compute(const struct rulebook *rb, const struct engine_case *c,
		   month_t through, struct engine_result *out, struct kverr *e);

/*
 * What to post now: for every key, owed minus already paid (c->paid).
 * Unchanged facts give no lines; a positive difference is a correction, a
 * negative one a clawback (P-8, P-14).  Never rewrites what was paid.
 */
int engine_settle(const struct engine_result *owed, const struct engine_case *c,
		  month_t through, struct engine_result *out, struct kverr *e);

#endif
