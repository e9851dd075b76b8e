/*
 * cmd_compute.c — `kundval compute`: run the compensation engine on one
 * case file and print the payment lines as JSON or as an explanation.
 */
#include "cli/cli.h"
#include "app/files.h"
#include "app/rulebooks.h"
#include "core/case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_FILE_MAX (4 * 1024 * 1024)

struct compute_args {
	const char *rulebook, *file, *through;
	bool explain;
};

static int parse_args(int argc, char **argv, struct compute_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--rulebook") == 0 && i + 1 < argc)
			a->rulebook = argv[++i];
		else if (strcmp(argv[i], "--through") == 0 && i + 1 < argc)
			a->through = argv[++i];
		else if (strcmp(argv[i], "--explain") == 0)
			a->explain = true;
		else if (argv[i][0] != '-' && !a->file)
			a->file = argv[i];
		else
			return -1;
	}
	return a->file ? 0 : -1;
}

json_t *compute_lines_json(const struct engine_result *r)
{
	json_t *lines = json_array();

	for (int i = 0; i < r->n; i++) {
		const struct engine_line *l = &r->lines[i];
		char period[MONTH_STRLEN], due[MONTH_STRLEN], money[MONEY_STRLEN];

		month_format(l->period, period);
		month_format(l->due, due);
		money_format(l->amount, money);
		json_array_append_new(lines, json_pack(
			"{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "period", period,
			"due", due, "component", engine_component_names[l->component],
			"amount_ore", (json_int_t)l->amount, "amount", money, "rule",
			l->rule, "key", l->key, "explain", l->explain));
	}
	return lines;
}

static void print_explained(const struct rulebook *rb,
			    const struct engine_case *c,
			    const struct engine_result *r)
{
	ore_t total = 0, result = 0;
	char money[MONEY_STRLEN], period[MONTH_STRLEN], due[MONTH_STRLEN];

	printf("Participation %s under %s (%s)\n\n", c->participation_id, rb->id,
	       rb->name);
	for (int i = 0; i < r->n; i++) {
		const struct engine_line *l = &r->lines[i];

		month_format(l->period, period);
		month_format(l->due, due);
		money_format(l->amount, money);
		printf("%s  for %s  %-10s %16s  %-5s %s\n    %s\n", due, period,
		       engine_component_names[l->component], money, l->rule, l->key,
		       l->explain);
		total += l->amount;
		if (l->component == COMP_RESULT || l->component == COMP_SUPPLEMENT ||
		    l->component == COMP_BONUS)
			result += l->amount;
	}
	money_format(total, money);
	printf("\nTotal to pay: %s\n", money);
	/* P-2: the result share of the total is a reported figure. */
	if (total > 0)
		printf("Result share (P-2): %lld.%lld %%\n",
		       (long long)(money_mul_ratio(result, 1000, total) / 10),
		       (long long)(money_mul_ratio(result, 1000, total) % 10));
}

/* The case file may name its rulebook and month; the options win. */
static int read_case(const struct compute_args *a, char **text, size_t *len,
		     char *rulebook, size_t rbsize, month_t *through,
		     struct kverr *e)
{
	json_t *root;
	const char *through_s = a->through;

	*text = files_read(a->file, CASE_FILE_MAX, len, e);
	if (!*text)
		return -1;
	const char *named;

	root = json_loadb(*text, *len, 0, NULL);
	named = json_string_value(json_object_get(root, "rulebook"));
	snprintf(rulebook, rbsize, "%s", a->rulebook ? a->rulebook :
		 named ? named : "");
	if (!through_s && root)
		through_s = json_string_value(json_object_get(root, "through"));
	if (!rulebook[0] || !through_s || month_parse(through_s, through)) {
		json_decref(root);
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_argument", "through",
				 "Give --rulebook ID and --through YYYY-MM (or"
				 " \"rulebook\" and \"through\" in the case file).");
	}
	json_decref(root);
	return 0;
}

int cmd_compute(int argc, char **argv, struct cli_common *common)
{
	struct compute_args a;
	struct kverr e = { 0 };
	struct rulebook rb;
	struct engine_case *c = calloc(1, sizeof(*c));
	struct engine_result *owed = calloc(1, sizeof(*owed));
	struct engine_result *post = calloc(1, sizeof(*post));
	char *text = NULL, rbid[64];
	size_t len = 0;
	month_t through = 0;
	int rc = 1;

	if (!c || !owed || !post || parse_args(argc, argv, &a)) {
		fprintf(stderr, "usage: kundval compute [--rulebook ID] CASE.json"
			" [--through YYYY-MM] [--explain]\n");
		rc = 2;
		goto out;
	}
	if (read_case(&a, &text, &len, rbid, sizeof(rbid), &through, &e) ||
	    rulebooks_load(common->rules, rbid, &rb, &e) ||
	    case_parse(text, len, a.file, c, &e) ||
	    engine_compute(&rb, c, through, owed, &e) ||
	    engine_settle(owed, c, through, post, &e)) {
		cli_print_error(&e);
		goto out;
	}
	if (a.explain) {
		print_explained(&rb, c, post);
	} else {
		json_t *lines = compute_lines_json(post);
		char *s = json_dumps(lines, JSON_INDENT(2));

		puts(s);
		free(s);
		json_decref(lines);
	}
	rc = 0;
out:
	free(text);
	free(c);
	free(owed);
	free(post);
	return rc;
}
