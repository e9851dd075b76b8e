/*
 * test_page_authority.c — the authority's pages' texts (issue 8 §3):
 * every key src/http/page_authority*.c names is in Swedish (and, through
 * test_web.c's check, in every language); the keys the pages build at run
 * time — each profiling factor and intervention core/ knows, each check,
 * decision and status — exist; and every verdict core/qualify.c records
 * is one the application page translates (else it shows in English).
 */
#include "testutil.h"

#include <dirent.h>
#include <jansson.h>

#include "app/files.h"
#include "core/profile.h"
#include "core/qualify.h"
#include "core/targeting.h"
#include "http/i18n.h"

static struct i18n *load(void)
{
	struct i18n *t;
	struct kverr e = { 0 };

	if (i18n_load("data/i18n", &t, &e))
		fail_msg("data/i18n: %s (run from the repository root)", e.message);
	return t;
}

static bool is_prefix_of_a_key(const char *lit)
{
	static json_t *sv;
	const char *key;
	json_t *v;
	size_t n = strlen(lit);

	if (!sv && !(sv = json_load_file("data/i18n/sv.authority.json", 0, NULL)))
		fail_msg("cannot read data/i18n/sv.authority.json");
	json_object_foreach(sv, key, v)
		if (strncmp(key, lit, n) == 0 && key[n] == '.')
			return true;
	return false;
}

/* Each string literal "authority.…" of one file: a key in Swedish, or
 * the prefix of keys built from it ("authority.status" + "." + value). */
static int check_file(const struct i18n *t, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int checked = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		for (char *q = strstr(line, "\"authority."); q;
		     q = strstr(q + 1, "\"authority.")) {
			char *end = strchr(q + 1, '"');
			char key[120];
			size_t n = end ? (size_t)(end - q - 1) : 0;

			if (!end || n >= sizeof(key))
				continue;
			memcpy(key, q + 1, n);
			key[n] = '\0';
			/* "authority.done.%s" and "authority.factor." are built on. */
			if (strchr(key, '%') || key[n - 1] == '.')
				continue;
			if (!i18n_has(t, "sv", key) && !is_prefix_of_a_key(key))
				fail_msg("%s uses \"%s\", which is not in sv.authority.json",
					 path, key);
			checked++;
		}
	}
	fclose(f);
	return checked;
}

static void test_keys_used_by_the_pages_exist(void **state)
{
	struct i18n *t = load();
	DIR *d = opendir("src/http");
	struct dirent *de;
	int files = 0, checked = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[300];

		if (strncmp(de->d_name, "page_authority", 14) ||
		    !strstr(de->d_name, ".c"))
			continue;
		snprintf(path, sizeof(path), "src/http/%s", de->d_name);
		checked += check_file(t, path);
		files++;
	}
	closedir(d);
	assert_true(files >= 7);
	assert_true(checked > 300);
	i18n_free(t);
}

static void must_have(const struct i18n *t, const char *prefix, const char *arg)
{
	char key[160];

	snprintf(key, sizeof(key), "%s%s", prefix, arg);
	if (!i18n_has(t, "sv", key))
		fail_msg("\"%s\" is built by a page but not in sv.authority.json", key);
}

/* The keys page_authority_*.c builds from data: one per value. */
static void test_built_keys_exist(void **state)
{
	static const char *const done[] = { "check", "decision", "incomplete",
		"registered", "assessed", "exemption", "request", "deviation",
		"computed", "published", "warning", "order_stop", "penalty",
		"termination", "follow_up", "lifted", "planned", "finding", "held",
		NULL };
	static const char *const kinds[] = { "conduct", "finances", "references",
					     "quality", NULL };
	static const char *const sanctions[] = { "warning", "order_stop",
						 "penalty", "termination", NULL };
	static const char *const reqs[] = { "D-1", "D-2", "D-3", "D-4", "D-5",
		"D-6", "D-7", "D-8", "D-9", "D-10", "D-11", "Q-2", "Q-3", "Q-5",
		"other", NULL };
	/* Every value a use case may give for an enum the pages translate. */
	static const char *const enums[] = {
		"status.open", "status.incomplete", "status.decided",
		"status.waiting", "decision.admit", "decision.refuse",
		"decision.waiting", "method.model", "method.duration",
		"method.override", "method.exempt", "how.choice", "how.nonchoice",
		"end_reason.max_duration", "end_reason.notice",
		"end_reason.ordered_change", "end_reason.job", "end_reason.moved",
		"end_reason.deregistered", "end_reason.other", "end_reason.cancelled",
		"js_status.active", "js_status.deregistered", "exemption.none",
		"exemption.self_reliant", "exemption.job_security_council",
		"req_status.pending", "req_status.granted", "req_status.denied",
		"dev_status.open", "dev_status.decided", "dev_kind.missed_meeting",
		"dev_kind.insufficient_job_search", "dev_kind.other",
		"dev_decision.no_action", "dev_decision.talk_to_jobseeker",
		"dev_decision.notify_benefit_fund", "round_status.computed",
		"round_status.published", "rating_reason.too_few_participants",
		"rating_reason.too_short_operation", "rating_reason.no_expected",
		"significance.above", "significance.below",
		"significance.as_expected", "provider_kind.company",
		"provider_kind.association", "provider_kind.own_operation",
		"warning_status.open", "warning_status.remedied",
		"warning_status.not_remedied", "review_kind.scheduled",
		"review_kind.extra", "review_status.planned", "review_status.held",
		"review_due.due", "review_due.planned", "review_due.not_due",
		"severity.observation", "severity.shortcoming", NULL };
	char names[PROFILE_MAX_FEATURES][PROFILE_NAME_LEN];
	struct i18n *t = load();
	int n;

	(void)state;
	for (int i = 0; done[i]; i++)
		must_have(t, "authority.done.", done[i]);
	for (int i = 0; kinds[i]; i++) {
		must_have(t, "authority.kind.", kinds[i]);
		must_have(t, "authority.check.title_", kinds[i]);
		must_have(t, "authority.check.lead_", kinds[i]);
	}
	for (int i = 0; sanctions[i]; i++) {
		must_have(t, "authority.sanction.new_", sanctions[i]);
		must_have(t, "authority.sanction.title_", sanctions[i]);
		must_have(t, "authority.sanction.lead_", sanctions[i]);
	}
	for (int i = 0; reqs[i]; i++)
		must_have(t, "authority.requirement.", reqs[i]);
	for (int i = 0; enums[i]; i++)
		must_have(t, "authority.", enums[i]);
	/* every factor a model can name, as factor_key spells it. */
	n = profile_feature_names(true, names);
	assert_true(n > 20);
	for (int i = 0; i < n; i++) {
		char key[PROFILE_NAME_LEN + 8];
		size_t k = 0;

		for (const char *p = names[i]; *p && k + 5 < sizeof(key); p++) {
			if (*p == '+') {
				memcpy(key + k, "plus", 4);
				k += 4;
			} else {
				key[k++] = (*p >= 'a' && *p <= 'z') ||
					   (*p >= '0' && *p <= '9') ? *p : '_';
			}
		}
		key[k] = '\0';
		must_have(t, "authority.factor.", key);
	}
	/* every intervention type. */
	for (int i = 0; targeting_types[i]; i++)
		must_have(t, "authority.intervention.", targeting_types[i]);
	i18n_free(t);
}

/* ---------------------------------------------- core/qualify.c's words */

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* The page lists the sentence as C string pieces split at line ends;
 * join the file's pieces before looking. */
static char *joined_literals(const char *src)
{
	char *out = calloc(1, strlen(src) + 1);
	size_t k = 0;
	bool in = false;

	assert_non_null(out);
	for (const char *p = src; *p; p++) {
		if (*p == '"' && (p == src || p[-1] != '\\')) {
			in = !in;
			continue;
		}
		if (in)
			out[k++] = *p;
	}
	return out;
}

static void translated(const char *lits, const char *reason)
{
	long long a, b, c;
	int end = -1;

	if (strstr(lits, reason))
		return;
	/* Q-4's two sentences with numbers are read with sscanf. */
	if (sscanf(reason, "%lld reference assignments with at least %lld"
		   " participants each (%lld needed).%n", &a, &b, &c, &end) == 3 &&
	    end == (int)strlen(reason))
		return;
	if (sscanf(reason, "Only %lld reference assignments with at least %lld"
		   " participants; %lld are needed, or demonstrated"
		   " competence.%n", &a, &b, &c, &end) == 3 &&
	    end == (int)strlen(reason))
		return;
	fail_msg("core/qualify.c says \"%s\", which page_authority_applications.c"
		 " does not translate", reason);
}

static void test_every_verdict_is_translated(void **state)
{
	char *src = read_all("src/http/page_authority_applications.c");
	char *lits = joined_literals(src);
	struct qualify_params p;
	struct qualify_verdict v;
	struct kverr e = { 0 };
	json_t *root = files_load_json("rules/qualification.json", &e);
	struct qualify_conduct c = { .hit_tax = true };
	struct qualify_finances f = { 0 };
	struct qualify_references r = { .n = 1, .participants = { 5 } };
	struct qualify_quality q = { 0 };
	date_t on = D("2026-06-01");

	(void)state;
	assert_non_null(root);
	assert_int_equal(qualify_params_parse(root, "qualification.json", &p, &e), 0);
	json_decref(root);
	/* */
	qualify_conduct(&(struct qualify_conduct){ 0 }, &v, &e);
	translated(lits, v.reason);
	snprintf(c.assessment, sizeof(c.assessment), "Long ago.");
	c.acceptable = true;
	qualify_conduct(&c, &v, &e);
	translated(lits, v.reason);
	c.acceptable = false;
	qualify_conduct(&c, &v, &e);
	translated(lits, v.reason);
	/* Q-3, each branch in turn */
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	f.credit_rating_sufficient = true;
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	f.carries_minimum_scenario = true;
	f.new_company = true;
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	f.new_company = false;
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	f.liability_insurance = true;
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	f.relies_on_other_company = true;
	qualify_finances(&f, &v);
	translated(lits, v.reason);
	/* */
	qualify_references(&p, on, &r, &v);
	translated(lits, v.reason);
	r.knows_regulations = true;
	qualify_references(&p, on, &r, &v);
	translated(lits, v.reason);
	r.competence_demonstrated = true;
	qualify_references(&p, on, &r, &v);
	translated(lits, v.reason);
	r = (struct qualify_references){ .n = 2, .participants = { 60, 40 },
					 .knows_regulations = true };
	qualify_references(&p, on, &r, &v);
	translated(lits, v.reason);
	/* */
	qualify_quality(&q, on, &v);
	translated(lits, v.reason);
	q.certificate = CERT_ISO9001;
	q.certificate_valid_until = D("2026-12-31");
	qualify_quality(&q, on, &v);
	translated(lits, v.reason);
	q.certificate = CERT_INDUSTRY_AUTHORISATION;
	qualify_quality(&q, on, &v);
	translated(lits, v.reason);
	q.certificate_valid_until = D("2026-01-01");
	qualify_quality(&q, on, &v);
	translated(lits, v.reason);
	q = (struct qualify_quality){ .describes_organisation = true,
		.describes_deviation_handling = true,
		.describes_quality_development = true,
		.process_organisation_competence = true, .process_delivery = true,
		.process_deviations = true, .process_follow_up = true,
		.process_development = true, .has_responsible_person = true };
	qualify_quality(&q, on, &v);
	translated(lits, v.reason);
	free(lits);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_used_by_the_pages_exist),
		cmocka_unit_test(test_built_keys_exist),
		cmocka_unit_test(test_every_verdict_is_translated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
