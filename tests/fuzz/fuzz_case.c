/*
 * fuzz_case.c — libFuzzer target for the case parser and the engine: any
 * input is refused with an error or parsed; a parsed case is computed and
 * settled under lov-almega (built in below) without a crash, and the
 * settlement against exactly what was computed is empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rulebook_text[] =
	"{\"id\":\"f\",\"name\":\"f\",\"follows\":\"f\",\"illustrative\":\"f\","
	"\"tracks\":4,\"base\":{\"basis\":\"weekday\",\"ore\":{\"2019-08-21\":"
	"[10000,16000,22000,28000]},\"arrears_months\":{\"2019-08-21\":1},"
	"\"max_weeks\":{\"2019-08-21\":104}},\"result\":{\"ore\":{\"2019-08-21\":"
	"[1200000,1800000,2600000,3400000]},\"outcomes\":{\"employment\":\"full\","
	"\"labour_market_training\":\"reduced\"},\"reduced_percent\":"
	"{\"2019-08-21\":50},\"installments\":{\"first_after_months\":"
	"{\"2019-08-21\":3},\"first_parts\":{\"2019-08-21\":3},\"then_parts\":"
	"{\"2019-08-21\":1},\"parts\":{\"2019-08-21\":12}},\"resume_gap_months\":"
	"{\"2019-08-21\":1},\"arrears_months\":{\"2019-08-21\":1}},"
	"\"supplements\":{\"sparse_area_percent\":{\"2019-08-21\":20}},"
	"\"fund\":{\"ore_per_participant_year\":{\"2019-08-21\":[1,1,1,1]},"
	"\"reimburse_within_months\":{\"2019-08-21\":1}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rulebook rb;
	static int loaded;
	struct engine_case *c = calloc(1, sizeof(*c));
	struct engine_result *owed = calloc(1, sizeof(*owed));
	struct engine_result *post = calloc(1, sizeof(*post));
	struct kverr e;

	if (!loaded && rulebook_parse(rulebook_text, strlen(rulebook_text), "f",
				      &rb, &e) == 0)
		loaded = 1;
	if (loaded && c && owed && post &&
	    case_parse((const char *)data, size, "fuzz", c, &e) == 0 &&
	    engine_compute(&rb, c, date_month(c->start) + 30, owed, &e) == 0) {
		/* Paying exactly what is owed leaves nothing to settle. */
		c->n_paid = 0;
		for (int i = 0; i < owed->n && c->n_paid < ENGINE_MAX_PAID; i++) {
			memcpy(c->paid[c->n_paid].key, owed->lines[i].key,
			       sizeof(c->paid[0].key));
			c->paid[c->n_paid++].amount = owed->lines[i].amount;
		}
		if (engine_settle(owed, c, date_month(c->start) + 30, post, &e) == 0 &&
		    c->n_paid == owed->n && post->n != 0)
			abort();
	}
	free(c);
	free(owed);
	free(post);
	return 0;
}
