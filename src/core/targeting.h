/*
 * targeting.h — A-5: the interventions a model recommends for a band of
 * job chances.  A model file may carry
 *
 *     "interventions": [
 *       { "from": 0.00, "to": 0.25, "types": ["education", "work_experience"] },
 *       { "from": 0.25, "to": 0.45, "types": ["work_experience"] } ]
 *
 * A band covers chances from `from` (included) to `to` (excluded; a band
 * ending at 1 includes 1).  Bands must not overlap; a chance outside every
 * band gets no recommendation.  Recommendations are advice: A-5 makes an
 * intervention mandatory only after a renewed assessment, which is the case
 * officer's decision, not the model's.
 *
 * Pure: parsing is strict (unknown type, overlapping or empty band, more
 * than TARGETING_MAX_BANDS) and errors name the key.
 */
#ifndef TARGETING_H
#define TARGETING_H

#include <jansson.h>
#include <stdint.h>

#include "core/kverr.h"

#define TARGETING_MAX_BANDS 8
#define TARGETING_MAX_TYPES 6
#define TARGETING_TYPE_LEN 32

struct targeting_band {
	int32_t from_ppm, to_ppm;      /* chance × 1,000,000 */
	int n;
	char types[TARGETING_MAX_TYPES][TARGETING_TYPE_LEN];
};

struct targeting {
	int n;
	struct targeting_band band[TARGETING_MAX_BANDS];
};

/* The intervention types kundval knows, NULL-terminated. */
extern const char *const targeting_types[];

/* Read model["interventions"]; absent means no recommendations (n = 0). */
int targeting_parse(const json_t *model, struct targeting *t, struct kverr *e);

/* The band a chance falls in, or NULL. */
const struct targeting_band *targeting_for(const struct targeting *t,
					   int32_t chance_ppm);

#endif
