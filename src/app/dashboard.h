/*
 * dashboard.h — the authority's figures over time (issue 8 §3, the
 * dashboards): participants by track and by provider month by month, and
 * what the payment runs paid month by month, split by component, with the
 * result share of each (P-2).  Results by track and group are the
 * follow-up's (app_followup_report, U-1).
 *
 * Both read use cases take {"from": "YYYY-MM", "to": "YYYY-MM",
 * "programme_id"?}: at most DASHBOARD_MONTHS months, none after the
 * current one.
 */
#ifndef APP_DASHBOARD_H
#define APP_DASHBOARD_H

#include "app/app.h"

#define DASHBOARD_MONTHS 36

/* Participations running on each month's last day (today for the current
 * month), by track and by provider. */
int app_dashboard_participants(struct app_ctx *cx, json_t *in, json_t **out,
			       struct kverr *e);

/* The cost postings of each month's payment run by component, their
 * total, and the result share of the total (P-2). */
int app_dashboard_payments(struct app_ctx *cx, json_t *in, json_t **out,
			   struct kverr *e);

#endif
