/*
 * quality.c — what the quality use cases share: the CSV text of an
 * import, programme and area codes and organisation numbers to ids, and
 * whether a provider is under an order stop (F-6), which the choice and
 * non-choice ask before a provider gets a new participant.
 */
#include "app/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int quality_csv_text(const json_t *in, char **text, struct kverr *e)
{
	const json_t *v = json_object_get(in, "csv");

	/* Read by hand: CSV from Windows has \r, which in_string refuses. */
	if (!v)
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "csv",
				 "The field \"csv\" is required.");
	if (!json_is_string(v))
		return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", "csv",
				 "The field \"csv\" must be text.");
	if (json_string_length(v) != strlen(json_string_value(v)))
		return kverr_set(e, KVERR_INVALID, "bad_characters", "csv",
				 "The field \"csv\" contains a NUL character.");
	*text = strdup(json_string_value(v));
	if (!*text)
		return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
				 "Out of memory.");
	return 0;
}

int quality_find_area(struct app_ctx *cx, const char *programme,
		      const char *area, int64_t *id, struct kverr *e)
{
	return db_query_int(cx->db, "SELECT a.id FROM delivery_areas a JOIN"
			    " programmes p ON p.id = a.programme_id WHERE"
			    " p.code = ? AND a.code = ?", "ss", id, e, programme,
			    area);
}

int quality_find_provider(struct app_ctx *cx, const char *orgnr, int64_t *id,
			  struct kverr *e)
{
	return db_query_int(cx->db, "SELECT id FROM providers WHERE orgnr = ?",
			    "s", id, e, orgnr);
}

int quality_ever_admitted(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t on, struct kverr *e)
{
	char d[DATE_STRLEN];
	int64_t n = 0;

	if (on == QUALITY_ANY_DAY)
		snprintf(d, sizeof(d), "9999-12-31");
	else
		date_format(on, d);
	if (db_query_int(cx->db, "SELECT count(*) FROM admissions WHERE"
			 " provider_id = ? AND area_id = ? AND admitted_on <= ?",
			 "iis", &n, e, provider_id, area_id, d) < 0)
		return -1;
	return n > 0;
}

int quality_order_stopped(struct app_ctx *cx, int64_t provider_id,
			  int64_t area_id, date_t first, date_t last,
			  date_t *until, struct kverr *e)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	const char *s;
	json_t *rows;
	int rc;

	date_format(first, a);
	date_format(last, b);
	/* F-6: a stop runs from from_on to until_on, or to the day before
	 * it was lifted; one lifted before it began never ran. */
	rows = db_query_json(cx->db, "SELECT max(until_on) AS until_on FROM"
			     " order_stops WHERE provider_id = ? AND area_id = ?"
			     " AND from_on <= ? AND until_on >= ? AND (lifted_on"
			     " IS NULL OR (lifted_on > ? AND lifted_on > from_on))",
			     "iisss", e, provider_id, area_id, b, a, a);
	if (!rows)
		return -1;
	s = json_string_value(json_object_get(json_array_get(rows, 0),
					      "until_on"));
	rc = s && date_parse(s, until) == 0;
	json_decref(rows);
	return rc;
}
