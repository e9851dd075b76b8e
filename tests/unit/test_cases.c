/*
 * test_cases.c — the scenario runner: every JSON file in tests/cases is a case
 * with its rulebook, the month to compute through and the lines expected
 * ("expect"), computed by hand in its "comment".  The runner checks that
 * the engine's lines to post (engine_settle after engine_compute) are
 * exactly the expected ones: same keys, components, due months, amounts.
 *
 * Run from the repository root (scripts/run-tests.sh does).
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "app/files.h"
#include "app/rulebooks.h"
#include "core/case.h"

#define CASES_DIR "tests/cases"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The expected line matching l, or NULL. */
static json_t *find_expected(json_t *expect, const struct engine_line *l)
{
	size_t i;
	json_t *x;
	char due[MONTH_STRLEN];

	month_format(l->due, due);
	json_array_foreach(expect, i, x) {
		const char *key = json_string_value(json_object_get(x, "key"));
		const char *comp = json_string_value(json_object_get(x, "component"));
		const char *xdue = json_string_value(json_object_get(x, "due"));

		if (key && comp && xdue && strcmp(key, l->key) == 0 &&
		    strcmp(comp, engine_component_names[l->component]) == 0 &&
		    strcmp(xdue, due) == 0)
			return x;
	}
	return NULL;
}

/* 0 when the computed lines equal the expected ones; prints differences. */
static int compare(const char *name, json_t *expect,
		   const struct engine_result *got)
{
	int bad = 0;
	char due[MONTH_STRLEN];

	if (!json_is_array(expect)) {
		printf("%s: no \"expect\" list\n", name);
		return 1;
	}
	for (int i = 0; i < got->n; i++) {
		const struct engine_line *l = &got->lines[i];
		json_t *x = find_expected(expect, l);

		month_format(l->due, due);
		if (!x) {
			printf("%s: unexpected line %s %s %s %lld\n", name, due,
			       engine_component_names[l->component], l->key,
			       (long long)l->amount);
			bad++;
		} else if (json_integer_value(json_object_get(x, "amount_ore")) !=
			   l->amount) {
			printf("%s: %s %s: got %lld öre, expected %lld\n", name, due,
			       l->key, (long long)l->amount, (long long)json_integer_value(
				       json_object_get(x, "amount_ore")));
			bad++;
		}
	}
	if ((int)json_array_size(expect) != got->n) {
		printf("%s: %d lines computed, %zu expected\n", name, got->n,
		       json_array_size(expect));
		bad++;
	}
	return bad;
}

static int run_case(const char *name)
{
	char path[512], *text;
	size_t len;
	struct kverr e = { 0 };
	struct rulebook rb;
	struct engine_case *c = calloc(1, sizeof(*c));
	struct engine_result *owed = calloc(1, sizeof(*owed));
	struct engine_result *post = calloc(1, sizeof(*post));
	json_t *root = NULL;
	month_t through;
	int bad = 1;

	snprintf(path, sizeof(path), "%s/%s", CASES_DIR, name);
	text = files_read(path, 4 * 1024 * 1024, &len, &e);
	if (text)
		root = json_loadb(text, len, 0, NULL);
	if (!c || !owed || !post || !root ||
	    month_parse(json_string_value(json_object_get(root, "through")) ?
			json_string_value(json_object_get(root, "through")) : "",
			&through) ||
	    rulebooks_load("rules", json_string_value(json_object_get(root,
			   "rulebook")) ? json_string_value(json_object_get(root,
			   "rulebook")) : "", &rb, &e) ||
	    case_parse(text, len, path, c, &e) ||
	    engine_compute(&rb, c, through, owed, &e) ||
	    engine_settle(owed, c, through, post, &e))
		printf("%s: %s\n", name, e.message[0] ? e.message :
		       "unreadable, or no \"through\" month");
	else
		bad = compare(name, json_object_get(root, "expect"), post);
	json_decref(root);
	free(text);
	free(c);
	free(owed);
	free(post);
	return bad;
}

static void test_every_case(void **state)
{
	DIR *dir = opendir(CASES_DIR);
	struct dirent *d;
	char *names[1024];
	int n = 0, failed = 0;

	(void)state;
	assert_non_null(dir);
	while ((d = readdir(dir)) && n < 1024) {
		size_t len = strlen(d->d_name);

		if (len > 5 && strcmp(d->d_name + len - 5, ".json") == 0)
			names[n++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	for (int i = 0; i < n; i++) {
		failed += run_case(names[i]) ? 1 : 0;
		free(names[i]);
	}
	printf("cases: %d run, %d failed\n", n, failed);
	assert_true(n > 0);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
