/*
 * targeting.c — A-5: recommended interventions by band of job chance (see
 * targeting.h).
 */
#include "core/targeting.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The kinds of intervention seed 003 §4.1 and §3.2 speak of. */
const char *const targeting_types[] = {
	"job_search_support",   /* matching and applications */
	"work_experience",      /* praktik */
	"education",            /* vocational training, komvux */
	"language_training",    /* sfi and work-related Swedish */
	"wage_subsidy",         /* a subsidised job */
	"rehabilitation",       /* health and work-ability */
	NULL
};

static int bad(struct kverr *e, const char *code, const char *path,
	       const char *msg)
{
	return kverr_set(e, KVERR_INVALID, code, path, "%s: %s", path, msg);
}

static int known_type(const char *s)
{
	for (int i = 0; targeting_types[i]; i++)
		if (strcmp(targeting_types[i], s) == 0)
			return 1;
	return 0;
}

/* A chance in [0, 1] as parts per million. */
static int read_chance(const json_t *o, const char *key, const char *base,
		       int32_t *out, struct kverr *e)
{
	char path[64];
	const json_t *v = json_object_get(o, key);
	double x;

	snprintf(path, sizeof(path), "%s.%s", base, key);
	if (!v)
		return bad(e, "missing_key", path, "this key is required.");
	if (!json_is_number(v))
		return bad(e, "not_number", path, "must be a chance from 0 to 1.");
	x = json_number_value(v);
	if (!(x >= 0 && x <= 1))
		return bad(e, "out_of_range", path, "must be a chance from 0 to 1.");
	*out = (int32_t)lround(x * 1e6);
	return 0;
}

static int read_types(const json_t *o, const char *base,
		      struct targeting_band *b, struct kverr *e)
{
	char path[64];
	const json_t *arr = json_object_get(o, "types");
	size_t i;
	json_t *v;

	snprintf(path, sizeof(path), "%s.types", base);
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > TARGETING_MAX_TYPES)
		return bad(e, "bad_types", path, "must be a list of 1 to 6"
			   " intervention types.");
	json_array_foreach(arr, i, v) {
		snprintf(path, sizeof(path), "%s.types[%zu]", base, i);
		if (!json_is_string(v) || !known_type(json_string_value(v)))
			return bad(e, "unknown_type", path, "is not an"
				   " intervention type kundval knows"
				   " (job_search_support, work_experience,"
				   " education, language_training,"
				   " wage_subsidy, rehabilitation).");
		snprintf(b->types[i], TARGETING_TYPE_LEN, "%s",
			 json_string_value(v));
	}
	b->n = (int)json_array_size(arr);
	return 0;
}

static int read_band(const json_t *o, size_t i, struct targeting_band *b,
		     struct kverr *e)
{
	char base[32];
	const char *key;
	json_t *v;

	snprintf(base, sizeof(base), "interventions[%zu]", i);
	if (!json_is_object(o))
		return bad(e, "not_object", base, "must be an object with from,"
			   " to and types.");
	json_object_foreach((json_t *)o, key, v) {
		char path[80];

		if (strcmp(key, "from") && strcmp(key, "to") &&
		    strcmp(key, "types")) {
			snprintf(path, sizeof(path), "%s.%.40s", base, key);
			return bad(e, "unknown_key", path, "this key is not part"
				   " of an intervention band.");
		}
	}
	if (read_chance(o, "from", base, &b->from_ppm, e) ||
	    read_chance(o, "to", base, &b->to_ppm, e))
		return -1;
	if (b->to_ppm <= b->from_ppm)
		return bad(e, "empty_band", base, "\"to\" must be above \"from\".");
	return read_types(o, base, b, e);
}

int targeting_parse(const json_t *model, struct targeting *t, struct kverr *e)
{
	const json_t *arr = json_object_get(model, "interventions");
	size_t i;
	json_t *o;

	memset(t, 0, sizeof(*t));
	if (!arr)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > TARGETING_MAX_BANDS)
		return bad(e, "not_array", "interventions", "must be a list of at"
			   " most 8 bands.");
	json_array_foreach(arr, i, o) {
		if (read_band(o, i, &t->band[i], e))
			return -1;
		/* Bands must not overlap, or a chance would get two advices. */
		for (size_t k = 0; k < i; k++)
			if (t->band[i].from_ppm < t->band[k].to_ppm &&
			    t->band[k].from_ppm < t->band[i].to_ppm) {
				char path[32];

				snprintf(path, sizeof(path), "interventions[%zu]", i);
				return bad(e, "overlap", path, "overlaps an earlier"
					   " band.");
			}
		t->n = (int)i + 1;
	}
	return 0;
}

const struct targeting_band *targeting_for(const struct targeting *t,
					   int32_t chance_ppm)
{
	for (int i = 0; i < t->n; i++) {
		const struct targeting_band *b = &t->band[i];

		if (chance_ppm >= b->from_ppm &&
		    (chance_ppm < b->to_ppm ||
		     (b->to_ppm == 1000000 && chance_ppm == 1000000)))
			return b;
	}
	return NULL;
}
