/*
 * journey_rating.c — the rating's part of the journey simulation (see
 * journey.h): when the options ask for it, the authority measures a
 * rating round at the start of the month and publishes it,
 * through the same use cases as `kundval rating compute` and `publish`,
 * so that non-choice (C-4) assigns by it from then on.
 */
#include "sim/journey.h"
#include "app/rating.h"

int sim_journey_rate(struct app *app, const struct actor *officer, date_t on,
		     int *published, struct kverr *e)
{
	char d[DATE_STRLEN];
	json_t *in, *out = NULL;
	int rc;

	/* Noon on the simulated day, as the journey's other use cases. */
	app->fixed_now = (int64_t)on * 86400 + 12 * 3600;
	date_format(on, d);
	in = json_pack("{s:s}", "date", d);
	rc = app_run(app, officer, true, app_rating_compute, in, &out, e);
	json_decref(in);
	if (rc)
		return -1;
	in = json_pack("{s:O}", "round_id", json_object_get(out, "id"));
	json_decref(out);
	out = NULL;
	rc = app_run(app, officer, true, app_rating_publish, in, &out, e);
	json_decref(in);
	json_decref(out);
	if (rc == 0)
		(*published)++;
	else if (e->cls == KVERR_CONFLICT)
		kverr_clear(e);    /* not due yet by the schedule */
	else
		return -1;
	return 0;
}
