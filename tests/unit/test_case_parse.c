/*
 * test_case_parse.c — unit tests for src/core/case.c, the strict reader of
 * an engine case (the facts of one participation): a complete case parses
 * into the expected fields, and a table of malformed cases is refused with
 * the exact error code and the path of the offending value, in a message
 * that starts "FILE: PATH: ".
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/case.h"

#define CASE_FILE "case.json"

/* One engine_case for all tests: it is large, and static storage is not
 * leaked when an assertion leaves a test early. */
static struct engine_case the_case;

/* ---------------------------------------------------------------- */
/* A complete, valid case in pieces                                  */

#define PART_BODY "\"id\":\"P1\",\"start\":\"2024-01-15\",\"end\":\"2024-12-31\"," \
	"\"ended_by\":\"switch\""
#define PART "\"participation\":{" PART_BODY "}"
#define TRACKS "\"tracks\":[{\"from\":\"2024-01-15\",\"track\":2}," \
	"{\"from\":\"2024-06-01\",\"track\":3}]"
#define RESID "\"residence\":[{\"from\":\"2023-05-01\",\"municipality\":\"0180\"}," \
	"{\"from\":\"2024-03-01\",\"municipality\":\"2506\"}]"
#define OUT0_BODY "\"id\":\"O1\",\"type\":\"employment\",\"start\":\"2024-04-10\"," \
	"\"occupation\":\"5321\",\"evidence\":\"approved\"," \
	"\"self_supporting\":[\"2024-04\",\"2024-05\",\"2024-07\"]"
#define OUT1_BODY "\"id\":\"O2\",\"type\":\"labour_market_training\"," \
	"\"start\":\"2024-02-01\",\"end\":\"2024-03-31\",\"evidence\":\"pending\""
#define OUTS "\"outcomes\":[{" OUT0_BODY "},{" OUT1_BODY "}]"
#define FUND_BODY "\"id\":\"F1\",\"date\":\"2024-02-20\",\"cost_ore\":450000," \
	"\"approved\":true"
#define FUNDS "\"fund\":[{" FUND_BODY "},{\"id\":\"F2\",\"date\":\"2024-03-01\"," \
	"\"cost_ore\":0,\"approved\":false}]"
#define UNEMP "\"unemployment_bp\":{\"2024-04\":812,\"2024-02\":799}"
#define SHORT "\"shortage_tenths\":{\"5321\":{\"2024-H1\":43,\"2023-H2\":41}}"
#define SPARSE "\"sparse_municipalities\":[\"2506\",\"2584\"]"
#define CTX "\"context\":{" UNEMP "," SHORT "," SPARSE "}"
#define PAID "\"paid\":[{\"key\":\"base:2024-01\",\"amount_ore\":132000}," \
	"{\"key\":\"result:O1:1\",\"amount_ore\":-5}]"
#define EXTRA "\"comment\":\"hand computed\",\"rulebook\":\"lov-almega\"," \
	"\"through\":\"2024-12\",\"expect\":[]"
#define FULL "{" EXTRA "," PART "," TRACKS "," RESID "," OUTS "," FUNDS "," \
	CTX "," PAID "}"
/* A minimal valid case plus the given members. */
#define MIN_PART "\"participation\":{\"id\":\"P1\",\"start\":\"2024-01-15\"}"
#define MIN_TRACKS "\"tracks\":[{\"from\":\"2024-01-15\",\"track\":1}]"
#define MINIMAL "{" MIN_PART "," MIN_TRACKS "}"
#define CASE(...) "{" MIN_PART "," MIN_TRACKS "," __VA_ARGS__ "}"
/* A case with one outcome whose members are given. */
#define OUTCOME(...) CASE("\"outcomes\":[{" __VA_ARGS__ "}]")
#define O_HEAD "\"id\":\"O1\",\"type\":\"employment\",\"start\":\"2024-04-10\"," \
	"\"evidence\":\"approved\""
#define WITH_MONTHS(...) OUTCOME(O_HEAD ",\"self_supporting\":[" __VA_ARGS__ "]")

static void parse_ok(const char *text)
{
	struct kverr e;

	kverr_clear(&e);
	if (case_parse(text, strlen(text), CASE_FILE, &the_case, &e))
		fail_msg("case should parse: %s (%s at %s)\n%s", e.message, e.code,
			 e.field, text);
}

static void test_full_case(void **state)
{
	const struct engine_case *c = &the_case;

	(void)state;
	parse_ok(FULL);
	assert_string_equal(c->participation_id, "P1");
	assert_int_equal(c->start, D("2024-01-15"));
	assert_int_equal(c->end, D("2024-12-31"));
	assert_true(c->switched);

	assert_int_equal(c->n_tracks, 2);
	assert_int_equal(c->tracks[0].from, D("2024-01-15"));
	assert_int_equal(c->tracks[0].track, 2);
	assert_int_equal(c->tracks[1].from, D("2024-06-01"));
	assert_int_equal(c->tracks[1].track, 3);

	assert_int_equal(c->n_residences, 2);
	assert_int_equal(c->residences[0].from, D("2023-05-01"));
	assert_string_equal(c->residences[0].municipality, "0180");
	assert_string_equal(c->residences[1].municipality, "2506");

	assert_int_equal(c->n_outcomes, 2);
	assert_string_equal(c->outcomes[0].id, "O1");
	assert_int_equal(c->outcomes[0].type, RB_OUT_EMPLOYMENT);
	assert_int_equal(c->outcomes[0].start, D("2024-04-10"));
	assert_int_equal(c->outcomes[0].end, 0);
	assert_string_equal(c->outcomes[0].occupation, "5321");
	assert_int_equal(c->outcomes[0].evidence, EVIDENCE_APPROVED);
	assert_int_equal(c->outcomes[0].n_months, 3);
	assert_int_equal(c->outcomes[0].months[0], M("2024-04"));
	assert_int_equal(c->outcomes[0].months[1], M("2024-05"));
	assert_int_equal(c->outcomes[0].months[2], M("2024-07"));
	assert_string_equal(c->outcomes[1].id, "O2");
	assert_int_equal(c->outcomes[1].type, RB_OUT_LABOUR_MARKET_TRAINING);
	assert_int_equal(c->outcomes[1].end, D("2024-03-31"));
	assert_string_equal(c->outcomes[1].occupation, "");
	assert_int_equal(c->outcomes[1].evidence, EVIDENCE_PENDING);
	assert_int_equal(c->outcomes[1].n_months, 0);

	assert_int_equal(c->n_fund, 2);
	assert_string_equal(c->fund[0].id, "F1");
	assert_int_equal(c->fund[0].date, D("2024-02-20"));
	assert_int_equal(c->fund[0].cost, 450000);
	assert_true(c->fund[0].approved);
	assert_false(c->fund[1].approved);

	assert_int_equal(c->context.n_unemployment, 2);
	for (int i = 0; i < 2; i++) {
		if (c->context.unemployment_month[i] == M("2024-04"))
			assert_int_equal(c->context.unemployment_bp[i], 812);
		else if (c->context.unemployment_month[i] == M("2024-02"))
			assert_int_equal(c->context.unemployment_bp[i], 799);
		else
			fail_msg("unexpected unemployment month");
	}
	assert_int_equal(c->context.n_shortage, 2);
	for (int i = 0; i < 2; i++) {
		const struct engine_shortage *s = &c->context.shortage[i];

		assert_string_equal(s->occupation, "5321");
		if (s->half_year == 2024 * 2)
			assert_int_equal(s->tenths, 43);
		else if (s->half_year == 2023 * 2 + 1)
			assert_int_equal(s->tenths, 41);
		else
			fail_msg("unexpected half-year %d", s->half_year);
	}
	assert_int_equal(c->context.n_sparse, 2);
	assert_string_equal(c->context.sparse[0], "2506");
	assert_string_equal(c->context.sparse[1], "2584");

	assert_int_equal(c->n_paid, 2);
	assert_string_equal(c->paid[0].key, "base:2024-01");
	assert_int_equal(c->paid[0].amount, 132000);
	assert_int_equal(c->paid[1].amount, -5);
}

static void test_minimal_case(void **state)
{
	const struct engine_case *c = &the_case;

	(void)state;
	parse_ok(MINIMAL);
	assert_int_equal(c->end, 0);
	assert_false(c->switched);
	assert_int_equal(c->n_tracks, 1);
	assert_int_equal(c->n_residences, 0);
	assert_int_equal(c->n_outcomes, 0);
	assert_int_equal(c->n_fund, 0);
	assert_int_equal(c->n_paid, 0);
	assert_int_equal(c->context.n_unemployment, 0);
	/* A track in force before the start is fine; an end on the start day
	 * is one day of responsibility; null means "not given". */
	parse_ok("{\"participation\":{\"id\":\"P\",\"start\":\"2024-01-15\","
		 "\"end\":\"2024-01-15\",\"ended_by\":\"job\"},\"tracks\":"
		 "[{\"from\":\"2023-01-01\",\"track\":6}]}");
	assert_int_equal(c->end, D("2024-01-15"));
	assert_false(c->switched);
	parse_ok("{\"participation\":{\"id\":\"P\",\"start\":\"2024-01-15\","
		 "\"end\":null}," MIN_TRACKS "}");
	assert_int_equal(c->end, 0);
	/* Self-supporting months may start in the outcome's start month. */
	parse_ok(WITH_MONTHS("\"2024-04\",\"2025-01\""));
	assert_int_equal(c->outcomes[0].n_months, 2);
}

/* ---------------------------------------------------------------- */
/* Malformed cases                                                   */

struct bad_case {
	const char *name;
	const char *json;
	const char *code;
	const char *field;
};

static const struct bad_case bad_cases[] = {
	{ "not JSON", "{\"participation\":", "bad_json", "" },
	{ "duplicate key", "{" MIN_PART "," MIN_TRACKS "," MIN_TRACKS "}",
	  "bad_json", "" },
	{ "top level is a list", "[]", "not_object", "" },

	/* unknown keys at each level */
	{ "unknown top-level key", CASE("\"extra\":1"), "unknown_key", "extra" },
	{ "unknown key in participation", "{\"participation\":{" PART_BODY
	  ",\"provider\":\"X\"}," MIN_TRACKS "}", "unknown_key",
	  "participation.provider" },
	{ "unknown key in a track", "{" MIN_PART ",\"tracks\":[{\"from\":"
	  "\"2024-01-15\",\"track\":1,\"why\":\"A-1\"}]}", "unknown_key",
	  "tracks[0].why" },
	{ "unknown key in a residence", CASE("\"residence\":[{\"from\":"
	  "\"2024-01-01\",\"municipality\":\"0180\",\"county\":\"01\"}]"),
	  "unknown_key", "residence[0].county" },
	{ "unknown key in an outcome", OUTCOME(O_HEAD ",\"employer\":\"X\""),
	  "unknown_key", "outcomes[0].employer" },
	{ "unknown key in the second outcome", CASE("\"outcomes\":[{" O_HEAD
	  "},{\"id\":\"O2\",\"type\":\"studies\",\"start\":\"2024-05-01\","
	  "\"evidence\":\"pending\",\"months\":[]}]"), "unknown_key",
	  "outcomes[1].months" },
	{ "unknown key in a fund item", CASE("\"fund\":[{" FUND_BODY
	  ",\"vendor\":\"X\"}]"), "unknown_key", "fund[0].vendor" },
	{ "unknown key in context", CASE("\"context\":{\"cpi\":{}}"),
	  "unknown_key", "context.cpi" },
	{ "unknown key in paid", CASE("\"paid\":[{\"key\":\"base:2024-01\","
	  "\"amount_ore\":1,\"when\":\"2024-02\"}]"), "unknown_key", "paid[0].when" },
	{ "outcome is not an object", CASE("\"outcomes\":[\"O1\"]"), "not_object",
	  "outcomes[0]" },

	/* participation */
	{ "participation missing", "{" MIN_TRACKS "}", "missing_key",
	  "participation" },
	{ "participation id missing", "{\"participation\":{\"start\":"
	  "\"2024-01-15\"}," MIN_TRACKS "}", "missing_key", "participation.id" },
	{ "participation id empty", "{\"participation\":{\"id\":\"\",\"start\":"
	  "\"2024-01-15\"}," MIN_TRACKS "}", "bad_text", "participation.id" },
	{ "participation start missing", "{\"participation\":{\"id\":\"P\"},"
	  MIN_TRACKS "}", "missing_key", "participation.start" },
	{ "participation start not a date", "{\"participation\":{\"id\":\"P\","
	  "\"start\":\"2024-02-30\"}," MIN_TRACKS "}", "bad_date",
	  "participation.start" },
	{ "participation start a number", "{\"participation\":{\"id\":\"P\","
	  "\"start\":20240115}," MIN_TRACKS "}", "bad_date", "participation.start" },
	{ "end before start", "{\"participation\":{\"id\":\"P\",\"start\":"
	  "\"2024-01-15\",\"end\":\"2024-01-14\"}," MIN_TRACKS "}",
	  "end_before_start", "participation.end" },
	{ "unknown ended_by", "{\"participation\":{\"id\":\"P\",\"start\":"
	  "\"2024-01-15\",\"end\":\"2024-03-01\",\"ended_by\":\"fired\"},"
	  MIN_TRACKS "}", "not_allowed", "participation.ended_by" },

	/* tracks */
	{ "no tracks", "{" MIN_PART "}", "missing_key", "tracks" },
	{ "empty tracks", "{" MIN_PART ",\"tracks\":[]}", "missing_key", "tracks" },
	{ "tracks not a list", "{" MIN_PART ",\"tracks\":{\"2024-01-15\":1}}",
	  "not_list", "tracks" },
	{ "unordered tracks", "{" MIN_PART ",\"tracks\":[{\"from\":\"2024-01-15\","
	  "\"track\":1},{\"from\":\"2024-06-01\",\"track\":2},{\"from\":"
	  "\"2024-05-01\",\"track\":3}]}", "unordered_dates", "tracks[2].from" },
	{ "two tracks on one date", "{" MIN_PART ",\"tracks\":[{\"from\":"
	  "\"2024-01-15\",\"track\":1},{\"from\":\"2024-01-15\",\"track\":2}]}",
	  "unordered_dates", "tracks[1].from" },
	{ "track 0", "{" MIN_PART ",\"tracks\":[{\"from\":\"2024-01-15\","
	  "\"track\":0}]}", "out_of_range", "tracks[0].track" },
	{ "track 7", "{" MIN_PART ",\"tracks\":[{\"from\":\"2024-01-15\","
	  "\"track\":1},{\"from\":\"2024-02-15\",\"track\":7}]}", "out_of_range",
	  "tracks[1].track" },
	{ "track as text", "{" MIN_PART ",\"tracks\":[{\"from\":\"2024-01-15\","
	  "\"track\":\"1\"}]}", "not_integer", "tracks[0].track" },
	{ "track from missing", "{" MIN_PART ",\"tracks\":[{\"track\":1}]}",
	  "missing_key", "tracks[0].from" },
	{ "first track after the start", "{" MIN_PART ",\"tracks\":[{\"from\":"
	  "\"2024-01-16\",\"track\":1}]}", "no_track_at_start", "tracks[0].from" },

	/* residence */
	{ "residence unordered", CASE("\"residence\":[{\"from\":\"2024-02-01\","
	  "\"municipality\":\"0180\"},{\"from\":\"2024-01-01\",\"municipality\":"
	  "\"2506\"}]"), "unordered_dates", "residence[1].from" },
	{ "residence municipality missing", CASE("\"residence\":[{\"from\":"
	  "\"2024-02-01\"}]"), "missing_key", "residence[0].municipality" },

	/* outcomes */
	{ "outcome type unknown", OUTCOME("\"id\":\"O1\",\"type\":\"job\","
	  "\"start\":\"2024-04-10\",\"evidence\":\"approved\""), "not_allowed",
	  "outcomes[0].type" },
	{ "outcome type missing", OUTCOME("\"id\":\"O1\",\"start\":\"2024-04-10\","
	  "\"evidence\":\"approved\""), "missing_key", "outcomes[0].type" },
	{ "outcome evidence unknown", OUTCOME("\"id\":\"O1\",\"type\":"
	  "\"studies\",\"start\":\"2024-04-10\",\"evidence\":\"maybe\""),
	  "not_allowed", "outcomes[0].evidence" },
	{ "outcome evidence missing", OUTCOME("\"id\":\"O1\",\"type\":"
	  "\"studies\",\"start\":\"2024-04-10\""), "missing_key",
	  "outcomes[0].evidence" },
	{ "outcome start missing", OUTCOME("\"id\":\"O1\",\"type\":\"studies\","
	  "\"evidence\":\"approved\""), "missing_key", "outcomes[0].start" },
	{ "outcome end before start", OUTCOME(O_HEAD ",\"end\":\"2024-04-09\""),
	  "end_before_start", "outcomes[0].end" },
	{ "duplicate outcome id", CASE("\"outcomes\":[{" O_HEAD "},{" O_HEAD "}]"),
	  "duplicate", "outcomes[1].id" },
	{ "occupation too long", OUTCOME(O_HEAD ",\"occupation\":\"12345678\""),
	  "bad_text", "outcomes[0].occupation" },
	{ "months not a list", OUTCOME(O_HEAD ",\"self_supporting\":\"2024-04\""),
	  "not_list", "outcomes[0].self_supporting" },
	{ "months unordered", WITH_MONTHS("\"2024-04\",\"2024-06\",\"2024-05\""),
	  "unordered_months", "outcomes[0].self_supporting[2]" },
	{ "month twice", WITH_MONTHS("\"2024-04\",\"2024-04\""),
	  "unordered_months", "outcomes[0].self_supporting[1]" },
	{ "month before the outcome start", WITH_MONTHS("\"2024-03\""),
	  "before_outcome", "outcomes[0].self_supporting[0]" },
	{ "month 13", WITH_MONTHS("\"2024-04\",\"2024-13\""), "bad_month",
	  "outcomes[0].self_supporting[1]" },
	{ "month without leading zero", WITH_MONTHS("\"2024-4\""), "bad_month",
	  "outcomes[0].self_supporting[0]" },
	{ "month given as a date", WITH_MONTHS("\"2024-04\",\"2024-05\","
	  "\"2024-06-01\""), "bad_month", "outcomes[0].self_supporting[2]" },
	{ "month as a number", WITH_MONTHS("202404"), "bad_month",
	  "outcomes[0].self_supporting[0]" },
	{ "month 00", WITH_MONTHS("\"2024-00\""), "bad_month",
	  "outcomes[0].self_supporting[0]" },

	/* fund */
	{ "fund cost decimal", CASE("\"fund\":[{\"id\":\"F1\",\"date\":"
	  "\"2024-02-20\",\"cost_ore\":4500.5,\"approved\":true}]"), "wrong_unit",
	  "fund[0].cost_ore" },
	{ "fund cost negative", CASE("\"fund\":[{\"id\":\"F1\",\"date\":"
	  "\"2024-02-20\",\"cost_ore\":-1,\"approved\":true}]"), "out_of_range",
	  "fund[0].cost_ore" },
	{ "fund approved missing", CASE("\"fund\":[{\"id\":\"F1\",\"date\":"
	  "\"2024-02-20\",\"cost_ore\":1}]"), "not_boolean", "fund[0].approved" },

	/* context */
	{ "unemployment bp above 10000", CASE("\"context\":{\"unemployment_bp\":"
	  "{\"2024-01\":700,\"2024-02\":10001}}"), "out_of_range",
	  "context.unemployment_bp.2024-02" },
	{ "unemployment bp negative", CASE("\"context\":{\"unemployment_bp\":"
	  "{\"2024-01\":-1}}"), "out_of_range", "context.unemployment_bp.2024-01" },
	{ "unemployment in percent", CASE("\"context\":{\"unemployment_bp\":"
	  "{\"2024-01\":7.25}}"), "out_of_range", "context.unemployment_bp.2024-01" },
	{ "unemployment key not a month", CASE("\"context\":{\"unemployment_bp\":"
	  "{\"2024-01-01\":700}}"), "bad_month",
	  "context.unemployment_bp.2024-01-01" },
	{ "shortage half-year H3", CASE("\"context\":{\"shortage_tenths\":"
	  "{\"5321\":{\"2024-H3\":43}}}"), "bad_half_year",
	  "context.shortage_tenths.5321.2024-H3" },
	{ "shortage half-year as a month", CASE("\"context\":{\"shortage_tenths\":"
	  "{\"5321\":{\"2024-01\":43}}}"), "bad_half_year",
	  "context.shortage_tenths.5321.2024-01" },
	{ "shortage index above 5.0", CASE("\"context\":{\"shortage_tenths\":"
	  "{\"5321\":{\"2024-H1\":51}}}"), "out_of_range",
	  "context.shortage_tenths.5321.2024-H1" },
	{ "sparse code of 3 digits", CASE("\"context\":{\"sparse_municipalities\":"
	  "[\"2506\",\"180\"]}"), "bad_code", "context.sparse_municipalities[1]" },
	{ "sparse code a number", CASE("\"context\":{\"sparse_municipalities\":"
	  "[2506]}"), "bad_code", "context.sparse_municipalities[0]" },

	/* paid */
	{ "paid amount not integer", CASE("\"paid\":[{\"key\":\"base:2024-01\","
	  "\"amount_ore\":\"100\"}]"), "not_integer", "paid[0].amount_ore" },
	{ "paid amount decimal", CASE("\"paid\":[{\"key\":\"base:2024-01\","
	  "\"amount_ore\":1.5}]"), "wrong_unit", "paid[0].amount_ore" },
	{ "paid amount missing", CASE("\"paid\":[{\"key\":\"base:2024-01\"}]"),
	  "missing_key", "paid[0].amount_ore" },
	{ "paid key missing", CASE("\"paid\":[{\"amount_ore\":1}]"),
	  "missing_key", "paid[0].key" },
};

static void check_bad(const char *name, const char *text, const char *code,
		      const char *field)
{
	struct kverr e;
	int rc;

	kverr_clear(&e);
	rc = case_parse(text, strlen(text), CASE_FILE, &the_case, &e);
	testutil_expect_refused(name, text, rc, &e, CASE_FILE, code, field);
}

static void test_malformed_cases(void **state)
{
	size_t n = sizeof(bad_cases) / sizeof(bad_cases[0]);

	(void)state;
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++)
		check_bad(bad_cases[i].name, bad_cases[i].json, bad_cases[i].code,
			  bad_cases[i].field);
}

/* Limits: 32 tracks parse, 33 do not. */
static void test_track_limit(void **state)
{
	char buf[4096];
	size_t used;

	(void)state;
	for (int n = ENGINE_MAX_TRACKS; n <= ENGINE_MAX_TRACKS + 1; n++) {
		used = (size_t)snprintf(buf, sizeof(buf), "{" MIN_PART ",\"tracks\":[");
		for (int i = 0; i < n; i++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used,
						 "%s{\"from\":\"%04d-01-15\",\"track\":%d}",
						 i ? "," : "", 2024 + i, 1 + i % 6);
		snprintf(buf + used, sizeof(buf) - used, "]}");
		if (n == ENGINE_MAX_TRACKS) {
			parse_ok(buf);
			assert_int_equal(the_case.n_tracks, n);
		} else {
			check_bad("33 tracks", buf, "too_many", "tracks");
		}
	}
}

/* The values below are well-formed JSON of the right type, but not what
 * the format says; each should be refused like its neighbours above. */

/* A municipality code is four digits (P-9), not any four characters. */
static void test_sparse_code_must_be_digits(void **state)
{
	(void)state;
	check_bad("sparse code with letters", CASE("\"context\":{"
		  "\"sparse_municipalities\":[\"25a6\"]}"), "bad_code",
		  "context.sparse_municipalities[0]");
}

/* A half-year is exactly YYYY-H1 or YYYY-H2: four digits, no sign. */
static void test_half_year_must_have_four_digits(void **state)
{
	(void)state;
	check_bad("signed half-year", CASE("\"context\":{\"shortage_tenths\":"
		  "{\"5321\":{\"+024-H1\":43}}}"), "bad_half_year",
		  "context.shortage_tenths.5321.+024-H1");
	check_bad("blank-padded half-year", CASE("\"context\":{\"shortage_tenths\":"
		  "{\"5321\":{\"  24-H1\":43}}}"), "bad_half_year",
		  "context.shortage_tenths.5321.  24-H1");
}

/* Fund items are paid under the key "fund:<id>": two items with one id
 * would be one key, so ids must differ, as outcome ids must. */
static void test_duplicate_fund_id(void **state)
{
	(void)state;
	check_bad("duplicate fund id", CASE("\"fund\":[{" FUND_BODY "},{"
		  FUND_BODY "}]"), "duplicate", "fund[1].id");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_case),
		cmocka_unit_test(test_minimal_case),
		cmocka_unit_test(test_malformed_cases),
		cmocka_unit_test(test_track_limit),
		cmocka_unit_test(test_sparse_code_must_be_digits),
		cmocka_unit_test(test_half_year_must_have_four_digits),
		cmocka_unit_test(test_duplicate_fund_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
