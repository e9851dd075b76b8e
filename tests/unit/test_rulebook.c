/*
 * test_rulebook.c — unit tests for src/core/rulebook.c (the strict rulebook
 * parser, P-1 … P-14) and src/app/rulebooks.c (loading rules/<id>.json).
 *
 * - every shipped rulebook in rules/ (except qualification.json,
 *   journey.json and ledger.json, files of another format) parses, through
 *   rulebook_parse and rulebooks_load;
 * - a file whose "id" is not its name is refused by rulebooks_load;
 * - a table of malformed rulebooks, each with the exact error code and key
 *   path, and a message that starts "FILE: PATH: ";
 * - rb_value: the value in force on a date, per track (P-14).
 *
 * Run from the repository root (scripts/run-tests.sh does).
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/files.h"
#include "app/rulebooks.h"
#include "core/rulebook.h"

#define RULES_DIR "rules"
#define BAD_FILE "bad.json"

/* A rulebook from JSON text that must parse. */
static void rb_ok(const char *text, struct rulebook *rb)
{
	struct kverr e;

	kverr_clear(&e);
	if (rulebook_parse(text, strlen(text), "ok.json", rb, &e))
		fail_msg("rulebook should parse: %s (%s at %s)\n%s", e.message,
			 e.code, e.field, text);
}

/* ---------------------------------------------------------------- */
/* A complete, valid rulebook in pieces, so that each malformed one  */
/* below differs from it in one place.                               */

#define D1 "\"2020-01-01\""
#define HEAD_NT "\"id\":\"t\",\"name\":\"Test\",\"follows\":\"F\"," \
	"\"illustrative\":\"I\""
#define HEAD HEAD_NT ",\"tracks\":2"
#define BASE_TAIL "\"arrears_months\":{" D1 ":1}"
#define BASE_BODY "\"basis\":\"weekday\",\"ore\":{" D1 ":[100,200]}," BASE_TAIL
#define BASE "\"base\":{" BASE_BODY "}"
/* base with the öre value X (the whole dated value). */
#define BASE_ORE(X) "\"base\":{\"basis\":\"weekday\",\"ore\":" X "," \
	BASE_TAIL "}"
#define INST_BODY "\"first_after_months\":{" D1 ":3},\"first_parts\":{" D1 \
	":3},\"then_parts\":{" D1 ":1},\"parts\":{" D1 ":12}"
#define INST "\"installments\":{" INST_BODY "}"
#define OUTC "\"outcomes\":{\"employment\":\"full\",\"esf_project\":\"none\"}"
#define RES_TAIL "\"resume_gap_months\":{" D1 ":1},\"arrears_months\":{" D1 ":1}"
#define RES_ORE "\"ore\":{" D1 ":[1000,2000]}"
#define RESULT_BODY RES_ORE "," OUTC "," INST "," RES_TAIL
#define RESULT "\"result\":{" RESULT_BODY "}"
#define CYCLE_BODY "\"normal_unemployment_bp\":{" D1 ":700}," \
	"\"slope_bp_per_point\":{" D1 ":300},\"floor_bp\":{" D1 ":8500}," \
	"\"ceiling_bp\":{" D1 ":13000}"
#define SHORTAGE "\"shortage_percent\":{" D1 ":25}," \
	"\"shortage_index_above_tenths\":{" D1 ":40}"
#define SUPP_BODY "\"sparse_area_percent\":{" D1 ":20}," SHORTAGE "," \
	"\"business_cycle\":{" CYCLE_BODY "}"
#define SUPP "\"supplements\":{" SUPP_BODY "}"
#define BONUS_REST "\"months\":{" D1 ":6},\"ore\":{" D1 ":[500,500]}," \
	"\"arrears_months\":{" D1 ":1}"
#define BONUS_BODY "\"when\":\"self_supporting_months\"," BONUS_REST "," \
	"\"outcomes\":{\"employment\":\"full\"}"
#define BONUS "\"bonus\":{" BONUS_BODY "}"
#define FUND_BODY "\"ore_per_participant_year\":{" D1 ":[100,100]}," \
	"\"reimburse_within_months\":{" D1 ":1}"
#define FUND "\"fund\":{" FUND_BODY "}"
#define FULL "{" HEAD "," BASE "," RESULT "," SUPP "," BONUS "," FUND "}"
/* A rulebook with the header and the given sections. */
#define RB(...) "{" HEAD "," __VA_ARGS__ "}"

static void test_full_template_parses(void **state)
{
	struct rulebook rb;

	(void)state;
	rb_ok(FULL, &rb);
	assert_string_equal(rb.id, "t");
	assert_string_equal(rb.name, "Test");
	assert_int_equal(rb.tracks, 2);
	assert_int_equal(rb.base_basis, RB_BASE_WEEKDAY);
	assert_true(rb.base_ore.present);
	assert_int_equal(rb.base_ore.width, 2);
	assert_int_equal(rb.base_ore.n, 1);
	assert_int_equal(rb.base_ore.v[0][1], 200);
	assert_int_equal(rb.base_arrears_months.width, 1);
	assert_false(rb.base_min_days.present);
	assert_false(rb.max_weeks.present);
	assert_true(rb.has_result);
	assert_int_equal(rb.weight[RB_OUT_EMPLOYMENT], RB_WEIGHT_FULL);
	assert_int_equal(rb.weight[RB_OUT_ESF_PROJECT], RB_WEIGHT_NONE);
	assert_int_equal(rb.weight[RB_OUT_STUDIES], RB_WEIGHT_NONE);
	assert_int_equal(rb.parts.v[0][0], 12);
	assert_false(rb.then_every_months.present);
	assert_int_equal(rb.cycle_ceiling_bp.v[0][0], 13000);
	assert_int_equal(rb.shortage_above_tenths.v[0][0], 40);
	assert_int_equal(rb.bonus_when, RB_BONUS_SELF_SUPPORTING_MONTHS);
	assert_int_equal(rb.bonus_weight[RB_OUT_EMPLOYMENT], RB_WEIGHT_FULL);
	assert_int_equal(rb.bonus_ore.v[0][0], 500);
	assert_int_equal(rb.fund_ore_per_year.v[0][1], 100);
	/* Every section is optional as long as one pays something. */
	rb_ok(RB(BASE), &rb);
	assert_false(rb.has_result);
	assert_int_equal(rb.bonus_when, RB_BONUS_NONE);
	rb_ok(RB(RESULT), &rb);
	assert_int_equal(rb.base_basis, RB_BASE_NONE);
	rb_ok(RB(BONUS), &rb);
	rb_ok(RB(FUND), &rb);
	/* Reduced outcomes with their percentage (P-7), month basis. */
	rb_ok(RB("\"base\":{\"basis\":\"month\",\"ore\":{" D1 ":[1,2]}," BASE_TAIL
		 "},\"result\":{" RES_ORE ",\"outcomes\":{\"esf_project\":"
		 "\"reduced\"},\"reduced_percent\":{" D1 ":50}," INST ","
		 RES_TAIL "}"), &rb);
	assert_int_equal(rb.base_basis, RB_BASE_MONTH);
	assert_int_equal(rb.weight[RB_OUT_ESF_PROJECT], RB_WEIGHT_REDUCED);
	assert_int_equal(rb.reduced_percent.v[0][0], 50);
	/* One track: per-track values are still lists. */
	rb_ok("{" HEAD_NT ",\"tracks\":1,\"base\":{\"basis\":\"month\",\"ore\":{"
	      D1 ":[7]}," BASE_TAIL "}}", &rb);
	assert_int_equal(rb.base_ore.width, 1);
	assert_int_equal(rb.base_ore.v[0][0], 7);
}

/* ---------------------------------------------------------------- */
/* Shipped rulebooks                                                 */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_every_shipped_rulebook_loads(void **state)
{
	DIR *dir = opendir(RULES_DIR);
	struct dirent *d;
	char *names[64];
	int n = 0;

	(void)state;
	if (!dir)
		fail_msg("cannot open %s (run from the repository root)", RULES_DIR);
	while ((d = readdir(dir)) && n < 64) {
		size_t len = strlen(d->d_name);

		if (len > 5 && strcmp(d->d_name + len - 5, ".json") == 0 &&
		    strcmp(d->d_name, "qualification.json") != 0 &&
		    strcmp(d->d_name, "journey.json") != 0 &&
		    strcmp(d->d_name, "ledger.json") != 0 &&
		    strcmp(d->d_name, "quality.json") != 0)
			names[n++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	assert_true(n >= 5);
	for (int i = 0; i < n; i++) {
		struct rulebook *a = calloc(1, sizeof(*a));
		struct rulebook *b = calloc(1, sizeof(*b));
		char path[300], id[64];
		size_t len;
		struct kverr e;
		char *text;

		assert_non_null(a);
		assert_non_null(b);
		kverr_clear(&e);
		snprintf(path, sizeof(path), "%s/%s", RULES_DIR, names[i]);
		snprintf(id, sizeof(id), "%.*s", (int)(strlen(names[i]) - 5),
			 names[i]);
		text = files_read(path, 1024 * 1024, &len, &e);
		if (!text)
			fail_msg("%s: %s", path, e.message);
		if (rulebook_parse(text, len, path, a, &e))
			fail_msg("%s does not parse: %s", path, e.message);
		free(text);
		assert_string_equal(a->id, id);
		assert_true(a->tracks >= 1 && a->tracks <= RULEBOOK_MAX_TRACKS);
		assert_true(a->base_basis != RB_BASE_NONE || a->has_result ||
			    a->bonus_when != RB_BONUS_NONE ||
			    a->fund_ore_per_year.present);
		if (rulebooks_load(RULES_DIR, id, b, &e))
			fail_msg("rulebooks_load(%s): %s", id, e.message);
		assert_memory_equal(a, b, sizeof(*a));
		free(a);
		free(b);
		free(names[i]);
	}
}

/* The illustrative defaults of RULES.md land where the engine reads them. */
static void test_shipped_values(void **state)
{
	struct rulebook *rb = calloc(1, sizeof(*rb));
	struct kverr e;
	int64_t v;
	static const int64_t base[] = { 10000, 16000, 22000, 28000 };
	static const int64_t result[] = { 1200000, 1800000, 2600000, 3400000 };

	(void)state;
	assert_non_null(rb);
	kverr_clear(&e);
	assert_int_equal(rulebooks_load(RULES_DIR, "lov-almega", rb, &e), 0);
	assert_int_equal(rb->tracks, 4);
	for (int t = 1; t <= 4; t++) {
		assert_int_equal(rb_value(&rb->base_ore, D("2024-05-02"), t, &v), 0);
		assert_int_equal(v, base[t - 1]);                           /* P-3 */
		assert_int_equal(rb_value(&rb->result_ore, D("2024-05-02"), t, &v), 0);
		assert_int_equal(v, result[t - 1]);                         /* P-5 */
	}
	assert_int_equal(rb->weight[RB_OUT_LABOUR_MARKET_TRAINING], RB_WEIGHT_REDUCED);
	assert_int_equal(rb->weight[RB_OUT_LEFT_SOCIAL_ASSISTANCE], RB_WEIGHT_NONE);
	assert_int_equal(rb_value_or_zero(&rb->reduced_percent, D("2024-05-02"), 0), 50);
	assert_int_equal(rb_value_or_zero(&rb->sparse_percent, D("2024-05-02"), 0), 20);
	assert_int_equal(rb_value_or_zero(&rb->shortage_percent, D("2024-05-02"), 0), 25);
	assert_int_equal(rb_value_or_zero(&rb->parts, D("2024-05-02"), 0), 12);
	assert_int_equal(rb_value_or_zero(&rb->max_weeks, D("2024-05-02"), 0), 104);
	/* Before the rulebook's first date nothing is in force (P-14). */
	assert_int_equal(rb_value(&rb->base_ore, D("2019-08-20"), 1, &v), -1);

	assert_int_equal(rulebooks_load(RULES_DIR, "nacka-jobbpeng", rb, &e), 0);
	assert_int_equal(rb->base_basis, RB_BASE_MONTH);
	assert_false(rb->has_result);
	assert_int_equal(rb->bonus_when, RB_BONUS_SELF_SUPPORTING_MONTHS);
	assert_int_equal(rb->bonus_weight[RB_OUT_LEFT_SOCIAL_ASSISTANCE], RB_WEIGHT_FULL);
	assert_int_equal(rb_value_or_zero(&rb->base_min_days, D("2024-05-02"), 0), 14);

	assert_int_equal(rulebooks_load(RULES_DIR, "sundbyberg", rb, &e), 0);
	assert_int_equal(rb->bonus_when, RB_BONUS_MONTHS_AFTER_END);
	assert_int_equal(rulebooks_load(RULES_DIR, "stockholm-split", rb, &e), 0);
	assert_int_equal(rb->tracks, 1);
	assert_int_equal(rb_value_or_zero(&rb->then_every_months, D("2024-05-02"), 0), 5);
	free(rb);
}

/* ---------------------------------------------------------------- */
/* rulebooks_load: the id inside must be the file's name             */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void test_rulebooks_load_checks_id(void **state)
{
	char dir[200], p1[300], p2[300];
	struct rulebook *rb = calloc(1, sizeof(*rb));
	struct kverr e;

	(void)state;
	assert_non_null(rb);
	testutil_tmp_template(dir, sizeof(dir), "rb");
	assert_non_null(mkdtemp(dir));
	snprintf(p1, sizeof(p1), "%s/other.json", dir);
	snprintf(p2, sizeof(p2), "%s/t.json", dir);
	write_file(p1, FULL);          /* says "id": "t" */
	write_file(p2, FULL);

	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "other", rb, &e), -1);
	assert_int_equal(e.cls, KVERR_INVALID);
	assert_string_equal(e.code, "id_mismatch");
	assert_string_equal(e.field, "id");
	assert_non_null(strstr(e.message, "other.json"));

	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "t", rb, &e), 0);
	assert_string_equal(rb->id, "t");

	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "missing", rb, &e), -1);
	assert_int_equal(e.cls, KVERR_NOT_FOUND);
	assert_string_equal(e.code, "unknown_rulebook");

	/* Ids are a-z, 0-9 and '-': no way out of the directory. */
	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "../t", rb, &e), -1);
	assert_string_equal(e.code, "bad_rulebook");
	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "", rb, &e), -1);
	assert_string_equal(e.code, "bad_rulebook");
	kverr_clear(&e);
	assert_int_equal(rulebooks_load(dir, "T", rb, &e), -1);
	assert_string_equal(e.code, "bad_rulebook");

	assert_int_equal(unlink(p1), 0);
	assert_int_equal(unlink(p2), 0);
	assert_int_equal(rmdir(dir), 0);
	free(rb);
}

/* ---------------------------------------------------------------- */
/* Malformed rulebooks                                               */

struct bad_rb {
	const char *name;
	const char *json;
	const char *code;
	const char *field;
};

#define F_BORE "base.ore.2020-01-01"

static const struct bad_rb bad_rbs[] = {
	/* JSON and the header */
	{ "not JSON", "{\"id\":", "bad_json", "" },
	{ "duplicate key (jansson refuses)", "{" HEAD "," BASE ",\"tracks\":2}",
	  "bad_json", "" },
	{ "top level is a list", "[1]", "not_object", "" },
	{ "unknown top-level key", RB("\"extra\":1," BASE), "unknown_key", "extra" },
	{ "misspelt section", RB("\"bases\":{}," BASE), "unknown_key", "bases" },
	{ "missing id", "{\"name\":\"N\",\"follows\":\"F\",\"illustrative\":\"I\","
	  "\"tracks\":2," BASE "}", "missing_key", "id" },
	{ "empty id", "{\"id\":\"\",\"name\":\"N\",\"follows\":\"F\","
	  "\"illustrative\":\"I\",\"tracks\":2," BASE "}", "missing_key", "id" },
	{ "missing name", "{\"id\":\"t\",\"follows\":\"F\",\"illustrative\":\"I\","
	  "\"tracks\":2," BASE "}", "missing_key", "name" },
	{ "missing follows", "{\"id\":\"t\",\"name\":\"N\",\"illustrative\":\"I\","
	  "\"tracks\":2," BASE "}", "missing_key", "follows" },
	{ "missing illustrative", "{\"id\":\"t\",\"name\":\"N\",\"follows\":\"F\","
	  "\"tracks\":2," BASE "}", "missing_key", "illustrative" },
	{ "name is a number", "{\"id\":\"t\",\"name\":3,\"follows\":\"F\","
	  "\"illustrative\":\"I\",\"tracks\":2," BASE "}", "missing_key", "name" },
	{ "tracks 0", "{" HEAD_NT ",\"tracks\":0," BASE "}", "out_of_range", "tracks" },
	{ "tracks 7", "{" HEAD_NT ",\"tracks\":7," BASE "}", "out_of_range", "tracks" },
	{ "tracks missing", "{" HEAD_NT "," BASE "}", "out_of_range", "tracks" },
	{ "tracks as text", "{" HEAD_NT ",\"tracks\":\"2\"," BASE "}",
	  "out_of_range", "tracks" },
	{ "no base, result, bonus or fund", RB(SUPP), "empty_model", "" },
	{ "header only", "{" HEAD "}", "empty_model", "" },

	/* sections and groups */
	{ "base is a list", RB("\"base\":[]"), "not_object", "base" },
	{ "unknown key in base", RB("\"base\":{" BASE_BODY ",\"rate\":1}"),
	  "unknown_key", "base.rate" },
	{ "unknown key in result", RB("\"result\":{" RESULT_BODY ",\"bogus\":1}"),
	  "unknown_key", "result.bogus" },
	{ "unknown key in installments", RB("\"result\":{" RES_ORE "," OUTC ","
	  "\"installments\":{" INST_BODY ",\"bogus\":1}," RES_TAIL "}"),
	  "unknown_key", "result.installments.bogus" },
	{ "installments is a number", RB("\"result\":{" RES_ORE "," OUTC ","
	  "\"installments\":3," RES_TAIL "}"), "not_object", "result.installments" },
	{ "unknown key in supplements", RB(BASE ",\"supplements\":{" SUPP_BODY
	  ",\"bogus\":1}"), "unknown_key", "supplements.bogus" },
	{ "unknown key in business_cycle", RB(BASE ",\"supplements\":{"
	  "\"business_cycle\":{" CYCLE_BODY ",\"bogus\":1}}"), "unknown_key",
	  "supplements.business_cycle.bogus" },
	{ "a business_cycle key one level up", RB(BASE ",\"supplements\":{"
	  "\"floor_bp\":{" D1 ":8500}}"), "unknown_key", "supplements.floor_bp" },
	{ "unknown key in bonus", RB("\"bonus\":{" BONUS_BODY ",\"bogus\":1}"),
	  "unknown_key", "bonus.bogus" },
	{ "unknown key in fund", RB("\"fund\":{" FUND_BODY ",\"bogus\":1}"),
	  "unknown_key", "fund.bogus" },

	/* base.basis */
	{ "basis missing", RB("\"base\":{\"ore\":{" D1 ":[1,2]}," BASE_TAIL "}"),
	  "missing_key", "base.basis" },
	{ "basis unknown", RB("\"base\":{\"basis\":\"day\",\"ore\":{" D1
	  ":[1,2]}," BASE_TAIL "}"), "not_allowed", "base.basis" },
	{ "basis a number", RB("\"base\":{\"basis\":1,\"ore\":{" D1
	  ":[1,2]}," BASE_TAIL "}"), "missing_key", "base.basis" },

	/* values */
	{ "per-track value not a list", RB(BASE_ORE("{" D1 ":100}")),
	  "wrong_width", F_BORE },
	{ "list shorter than tracks", RB(BASE_ORE("{" D1 ":[100]}")),
	  "wrong_width", F_BORE },
	{ "list longer than tracks", RB(BASE_ORE("{" D1 ":[1,2,3]}")),
	  "wrong_width", F_BORE },
	{ "scalar given as a list", RB("\"base\":{\"basis\":\"weekday\",\"ore\":{"
	  D1 ":[1,2]},\"arrears_months\":{" D1 ":[1]}}"), "not_integer",
	  "base.arrears_months.2020-01-01" },
	{ "decimal öre", RB(BASE_ORE("{" D1 ":[100.5,200]}")), "wrong_unit", F_BORE },
	{ "decimal kronor-looking öre", RB(BASE_ORE("{" D1 ":[100,2.0]}")),
	  "wrong_unit", F_BORE },
	{ "decimal months", RB("\"base\":{\"basis\":\"weekday\",\"ore\":{" D1
	  ":[1,2]},\"arrears_months\":{" D1 ":1.5}}"), "wrong_unit",
	  "base.arrears_months.2020-01-01" },
	{ "string value", RB(BASE_ORE("{" D1 ":[\"100\",200]}")), "not_integer",
	  F_BORE },
	{ "null value", RB(BASE_ORE("{" D1 ":[100,null]}")), "not_integer", F_BORE },
	{ "negative öre", RB(BASE_ORE("{" D1 ":[-1,200]}")), "out_of_range", F_BORE },
	{ "öre above a billion kronor", RB(BASE_ORE("{" D1 ":[100,100000000001]}")),
	  "out_of_range", F_BORE },
	{ "percentage above the range", RB("\"result\":{" RES_ORE ",\"outcomes\":"
	  "{\"esf_project\":\"reduced\"},\"reduced_percent\":{" D1 ":101}," INST ","
	  RES_TAIL "}"), "out_of_range", "result.reduced_percent.2020-01-01" },
	{ "sparse supplement above 500 %", RB(BASE ",\"supplements\":{"
	  "\"sparse_area_percent\":{" D1 ":501}}"), "out_of_range",
	  "supplements.sparse_area_percent.2020-01-01" },
	{ "parts 0", RB("\"result\":{" RES_ORE "," OUTC ",\"installments\":{"
	  "\"first_after_months\":{" D1 ":3},\"first_parts\":{" D1 ":0},"
	  "\"then_parts\":{" D1 ":1},\"parts\":{" D1 ":0}}," RES_TAIL "}"),
	  "out_of_range", "result.installments.parts.2020-01-01" },
	{ "shortage threshold below 1.0", RB(BASE ",\"supplements\":{"
	  "\"shortage_percent\":{" D1 ":25},\"shortage_index_above_tenths\":{"
	  D1 ":9}}"), "out_of_range",
	  "supplements.shortage_index_above_tenths.2020-01-01" },
	{ "ceiling below a factor of 1", RB(BASE ",\"supplements\":{"
	  "\"business_cycle\":{\"normal_unemployment_bp\":{" D1 ":700},"
	  "\"slope_bp_per_point\":{" D1 ":300},\"floor_bp\":{" D1 ":8500},"
	  "\"ceiling_bp\":{" D1 ":9999}}}"), "out_of_range",
	  "supplements.business_cycle.ceiling_bp.2020-01-01" },

	/* dates */
	{ "non-date key", RB(BASE_ORE("{\"2020-13-01\":[1,2]}")), "bad_date",
	  "base.ore.2020-13-01" },
	{ "word as date key", RB(BASE_ORE("{\"from\":[1,2]}")), "bad_date",
	  "base.ore.from" },
	{ "date key with time", RB(BASE_ORE("{\"2020-01-01T00:00\":[1,2]}")),
	  "bad_date", "base.ore.2020-01-01T00:00" },
	{ "unordered dates", RB(BASE_ORE("{\"2021-01-01\":[1,2],\"2020-01-01\":"
	  "[1,2]}")), "unordered_dates", F_BORE },
	{ "equal dates (duplicate key)", RB(BASE_ORE("{" D1 ":[1,2]," D1 ":[1,2]}")),
	  "bad_json", "" },
	{ "empty dated object", RB(BASE_ORE("{}")), "not_dated", "base.ore" },
	{ "undated value", RB(BASE_ORE("[1,2]")), "not_dated", "base.ore" },

	/* result */
	{ "outcomes missing", RB("\"result\":{" RES_ORE "," INST "," RES_TAIL "}"),
	  "missing_key", "result.outcomes" },
	{ "outcomes empty", RB("\"result\":{" RES_ORE ",\"outcomes\":{}," INST ","
	  RES_TAIL "}"), "missing_key", "result.outcomes" },
	{ "unknown outcome type", RB("\"result\":{" RES_ORE ",\"outcomes\":"
	  "{\"job\":\"full\"}," INST "," RES_TAIL "}"), "unknown_key",
	  "result.outcomes.job" },
	{ "unknown weight", RB("\"result\":{" RES_ORE ",\"outcomes\":"
	  "{\"employment\":\"half\"}," INST "," RES_TAIL "}"), "not_allowed",
	  "result.outcomes.employment" },
	{ "weight as a number", RB("\"result\":{" RES_ORE ",\"outcomes\":"
	  "{\"employment\":1}," INST "," RES_TAIL "}"), "not_allowed",
	  "result.outcomes.employment" },
	{ "reduced outcome without reduced_percent", RB("\"result\":{" RES_ORE
	  ",\"outcomes\":{\"esf_project\":\"reduced\"}," INST "," RES_TAIL "}"),
	  "missing_key", "result.reduced_percent" },
	{ "installments missing", RB("\"result\":{" RES_ORE "," OUTC "," RES_TAIL
	  "}"), "missing_key", "result.installments" },
	{ "result.ore missing", RB("\"result\":{" OUTC "," INST "," RES_TAIL "}"),
	  "missing_key", "result.ore" },
	{ "installments.parts missing", RB("\"result\":{" RES_ORE "," OUTC ","
	  "\"installments\":{\"first_after_months\":{" D1 ":3},\"first_parts\":{"
	  D1 ":3},\"then_parts\":{" D1 ":1}}," RES_TAIL "}"), "missing_key",
	  "result.installments.parts" },
	{ "resume_gap_months missing", RB("\"result\":{" RES_ORE "," OUTC "," INST
	  ",\"arrears_months\":{" D1 ":1}}"), "missing_key",
	  "result.resume_gap_months" },
	{ "first_parts > parts", RB("\"result\":{" RES_ORE "," OUTC ","
	  "\"installments\":{\"first_after_months\":{" D1 ":3},\"first_parts\":{"
	  D1 ":13},\"then_parts\":{" D1 ":1},\"parts\":{" D1 ":12}}," RES_TAIL "}"),
	  "inconsistent", "result.installments.first_parts" },
	{ "base.arrears_months missing", RB("\"base\":{\"basis\":\"weekday\","
	  "\"ore\":{" D1 ":[1,2]}}"), "missing_key", "base.arrears_months" },

	/* supplements */
	{ "shortage_percent without threshold", RB(BASE ",\"supplements\":{"
	  "\"shortage_percent\":{" D1 ":25}}"), "inconsistent",
	  "supplements.shortage_index_above_tenths" },
	{ "threshold without shortage_percent", RB(BASE ",\"supplements\":{"
	  "\"shortage_index_above_tenths\":{" D1 ":40}}"), "inconsistent",
	  "supplements.shortage_index_above_tenths" },
	/* The table's range (0 … 10000 bp) already refuses a floor above a
	 * factor of 1, at the value's own path. */
	{ "floor_bp above 10000", RB(BASE ",\"supplements\":{\"business_cycle\":{"
	  "\"normal_unemployment_bp\":{" D1 ":700},\"slope_bp_per_point\":{" D1
	  ":300},\"floor_bp\":{" D1 ":10001},\"ceiling_bp\":{" D1 ":13000}}}"),
	  "out_of_range", "supplements.business_cycle.floor_bp.2020-01-01" },
	{ "business_cycle without ceiling", RB(BASE ",\"supplements\":{"
	  "\"business_cycle\":{\"normal_unemployment_bp\":{" D1 ":700},"
	  "\"slope_bp_per_point\":{" D1 ":300},\"floor_bp\":{" D1 ":8500}}}"),
	  "missing_key", "supplements.business_cycle.ceiling_bp" },

	/* bonus */
	{ "bonus.when unknown", RB("\"bonus\":{\"when\":\"sometimes\"," BONUS_REST
	  ",\"outcomes\":{\"employment\":\"full\"}}"), "not_allowed", "bonus.when" },
	{ "bonus.when missing", RB("\"bonus\":{" BONUS_REST ",\"outcomes\":"
	  "{\"employment\":\"full\"}}"), "not_allowed", "bonus.when" },
	{ "reduced weight in bonus.outcomes", RB("\"bonus\":{\"when\":"
	  "\"months_after_end\"," BONUS_REST ",\"outcomes\":{\"employment\":"
	  "\"full\",\"esf_project\":\"reduced\"}}"), "not_allowed",
	  "bonus.outcomes" },
	{ "bonus.outcomes missing", RB("\"bonus\":{\"when\":\"months_after_end\","
	  BONUS_REST "}"), "missing_key", "bonus.outcomes" },
	{ "bonus.months 0", RB("\"bonus\":{\"when\":\"months_after_end\","
	  "\"months\":{" D1 ":0},\"ore\":{" D1 ":[5,5]},\"arrears_months\":{" D1
	  ":1},\"outcomes\":{\"employment\":\"full\"}}"), "out_of_range",
	  "bonus.months.2020-01-01" },

	/* fund */
	{ "fund rate not per track", RB("\"fund\":{\"ore_per_participant_year\":"
	  "{" D1 ":100},\"reimburse_within_months\":{" D1 ":1}}"), "wrong_width",
	  "fund.ore_per_participant_year.2020-01-01" },
	{ "fund without reimburse_within_months", RB("\"fund\":{"
	  "\"ore_per_participant_year\":{" D1 ":[1,1]}}"), "missing_key",
	  "fund.reimburse_within_months" },
};

static void check_bad(const char *name, const char *text, const char *code,
		      const char *field)
{
	struct rulebook *rb = calloc(1, sizeof(*rb));
	struct kverr e;
	int rc;

	assert_non_null(rb);
	kverr_clear(&e);
	rc = rulebook_parse(text, strlen(text), BAD_FILE, rb, &e);
	free(rb);
	/* The message names the file, then the key path, then the problem. */
	testutil_expect_refused(name, text, rc, &e, BAD_FILE, code, field);
	assert_true(strlen(e.message) > strlen(BAD_FILE) + strlen(field) + 4);
}

static void test_malformed_rulebooks(void **state)
{
	size_t n = sizeof(bad_rbs) / sizeof(bad_rbs[0]);

	(void)state;
	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++)
		check_bad(bad_rbs[i].name, bad_rbs[i].json, bad_rbs[i].code,
			  bad_rbs[i].field);
}

/* A rulebook whose base.ore has n dates (years 2001, 2002, …). */
static char *with_dates(int n)
{
	size_t size = 4096;
	char *buf = malloc(size);
	size_t used;

	assert_non_null(buf);
	used = (size_t)snprintf(buf, size, "{" HEAD ",\"base\":{\"basis\":"
				"\"weekday\"," BASE_TAIL ",\"ore\":{");
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, size - used,
					 "%s\"%04d-01-01\":[%d,%d]", i ? "," : "",
					 2001 + i, i, i + 1);
	snprintf(buf + used, size - used, "}}}");
	return buf;
}

static void test_date_count_limit(void **state)
{
	struct rulebook *rb = calloc(1, sizeof(*rb));
	char *text = with_dates(RULEBOOK_MAX_DATES);
	int64_t v;

	(void)state;
	assert_non_null(rb);
	rb_ok(text, rb);
	assert_int_equal(rb->base_ore.n, RULEBOOK_MAX_DATES);
	assert_int_equal(rb_value(&rb->base_ore, D("2032-12-31"), 2, &v), 0);
	assert_int_equal(v, RULEBOOK_MAX_DATES);
	free(text);
	text = with_dates(RULEBOOK_MAX_DATES + 1);
	check_bad("more than 32 dates", text, "too_many_dates", "base.ore");
	free(text);
	free(rb);
}

/* Cross-parameter checks compare values in force on the same date
 * (P-14): first_parts may not exceed parts at any time.  (Static: a
 * failing assertion leaves the function without freeing.) */
static struct rulebook dated_rb;

static void test_first_parts_above_parts_in_force_refused(void **state)
{
	(void)state;
	/* 2020: first 3 of 2 parts — wrong, although parts later grows. */
	check_bad("first_parts > parts in force at the time",
		  RB("\"result\":{" RES_ORE "," OUTC ",\"installments\":{"
		     "\"first_after_months\":{" D1 ":3},\"first_parts\":{" D1
		     ":3},\"then_parts\":{" D1 ":1},\"parts\":{" D1 ":2,"
		     "\"2021-01-01\":12}}," RES_TAIL "}"),
		  "inconsistent", "result.installments.first_parts");
}

static void test_first_parts_within_parts_on_each_date_accepted(void **state)
{
	(void)state;
	/* 2020: 3 of 12, 2021: 1 of 2 — right on every day. */
	rb_ok(RB("\"result\":{" RES_ORE "," OUTC ",\"installments\":{"
		 "\"first_after_months\":{" D1 ":3},\"first_parts\":{" D1 ":3,"
		 "\"2021-01-01\":1},\"then_parts\":{" D1 ":1},\"parts\":{" D1
		 ":12,\"2021-01-01\":2}}," RES_TAIL "}"), &dated_rb);
	assert_int_equal(dated_rb.first_parts.n, 2);
}

/* ---------------------------------------------------------------- */
/* rb_value (P-14)                                                   */

static void test_rb_value(void **state)
{
	struct rulebook *rb = calloc(1, sizeof(*rb));
	int64_t v = 99;

	(void)state;
	assert_non_null(rb);
	rb_ok(RB("\"base\":{\"basis\":\"weekday\",\"ore\":{" D1 ":[100,200],"
		 "\"2021-07-01\":[300,400]},\"arrears_months\":{" D1 ":1,"
		 "\"2022-01-01\":2}}"), rb);

	/* Before the first date: nothing in force. */
	assert_int_equal(rb_value(&rb->base_ore, D("2019-12-31"), 1, &v), -1);
	assert_int_equal(v, 0);
	assert_int_equal(rb_value_or_zero(&rb->base_ore, D("2019-12-31"), 2), 0);
	/* On the first date, per track. */
	assert_int_equal(rb_value(&rb->base_ore, D("2020-01-01"), 1, &v), 0);
	assert_int_equal(v, 100);
	assert_int_equal(rb_value(&rb->base_ore, D("2020-01-01"), 2, &v), 0);
	assert_int_equal(v, 200);
	/* Between the dates: the earlier value, up to the day before. */
	assert_int_equal(rb_value(&rb->base_ore, D("2020-08-15"), 2, &v), 0);
	assert_int_equal(v, 200);
	assert_int_equal(rb_value(&rb->base_ore, D("2021-06-30"), 1, &v), 0);
	assert_int_equal(v, 100);
	/* On the second date and after it. */
	assert_int_equal(rb_value(&rb->base_ore, D("2021-07-01"), 1, &v), 0);
	assert_int_equal(v, 300);
	assert_int_equal(rb_value(&rb->base_ore, D("2021-07-01"), 2, &v), 0);
	assert_int_equal(v, 400);
	assert_int_equal(rb_value(&rb->base_ore, D("2099-12-31"), 2, &v), 0);
	assert_int_equal(v, 400);
	assert_int_equal(rb_value_or_zero(&rb->base_ore, D("2099-12-31"), 1), 300);
	/* A track the rulebook does not have. */
	assert_int_equal(rb_value(&rb->base_ore, D("2021-07-01"), 0, &v), -1);
	assert_int_equal(v, 0);
	assert_int_equal(rb_value(&rb->base_ore, D("2021-07-01"), 3, &v), -1);
	/* Scalars: the track is irrelevant. */
	assert_int_equal(rb_value(&rb->base_arrears_months, D("2021-12-31"), 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(rb_value(&rb->base_arrears_months, D("2022-01-01"), 0, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(rb_value(&rb->base_arrears_months, D("2019-01-01"), 0, &v), -1);
	/* Absent parameters: -1, and 0 for the _or_zero form. */
	assert_int_equal(rb_value(&rb->max_weeks, D("2022-01-01"), 0, &v), -1);
	assert_int_equal(v, 0);
	assert_int_equal(rb_value_or_zero(&rb->sparse_percent, D("2022-01-01"), 0), 0);
	free(rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_template_parses),
		cmocka_unit_test(test_every_shipped_rulebook_loads),
		cmocka_unit_test(test_shipped_values),
		cmocka_unit_test(test_rulebooks_load_checks_id),
		cmocka_unit_test(test_malformed_rulebooks),
		cmocka_unit_test(test_date_count_limit),
		cmocka_unit_test(test_first_parts_above_parts_in_force_refused),
		cmocka_unit_test(test_first_parts_within_parts_on_each_date_accepted),
		cmocka_unit_test(test_rb_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
