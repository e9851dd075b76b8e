/*
 * fuzz_rulebook.c — libFuzzer target for the rulebook parser: any input
 * must be refused with an error or parsed, never crash, leak or read out
 * of bounds; a parsed rulebook must answer rb_value for every parameter.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/rulebook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rulebook rb;
	struct kverr e;
	int64_t v;

	if (rulebook_parse((const char *)data, size, "fuzz", &rb, &e) == 0) {
		for (int t = 1; t <= rb.tracks; t++) {
			rb_value(&rb.base_ore, 18000, t, &v);
			rb_value(&rb.result_ore, 18000, t, &v);
		}
	}
	return 0;
}
