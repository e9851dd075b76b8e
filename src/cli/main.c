/*
 * main.c — the `kundval` executable: finds the subcommand in the table
 * (git-style: `kundval user add …`), takes the common options, runs it.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "usage: kundval [--db FILE] [--rules DIR] [--data DIR]"
		" COMMAND [ARGS]\n\nCommands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fprintf(out, "\nRun 'kundval COMMAND --help' for a command's options.\n");
}

/* Take --db/--rules/--data wherever they stand, leaving the rest. */
static int take_common(int *argc, char **argv, struct cli_common *common)
{
	int out = 0;

	for (int i = 0; i < *argc; i++) {
		const char **slot = NULL;

		if (strcmp(argv[i], "--db") == 0)
			slot = &common->db;
		else if (strcmp(argv[i], "--rules") == 0)
			slot = &common->rules;
		else if (strcmp(argv[i], "--data") == 0)
			slot = &common->data;
		if (slot) {
			if (i + 1 >= *argc) {
				fprintf(stderr, "kundval: %s needs a value\n", argv[i]);
				return -1;
			}
			*slot = argv[++i];
			continue;
		}
		argv[out++] = argv[i];
	}
	*argc = out;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_common common = { "kundval.db", "rules", "data" };

	argc--;
	argv++;
	if (take_common(&argc, argv, &common))
		return 2;
	if (argc == 0 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0
	    || strcmp(argv[0], "help") == 0) {
		usage(argc == 0 ? stderr : stdout);
		return argc == 0 ? 2 : 0;
	}
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		size_t len = strlen(c->name);
		const char *space = strchr(c->name, ' ');
		int words = space ? 2 : 1;

		if (words == 1 && strcmp(argv[0], c->name) != 0)
			continue;
		if (words == 2 && (argc < 2 ||
				   strncmp(c->name, argv[0], (size_t)(space - c->name)) ||
				   strlen(argv[0]) != (size_t)(space - c->name) ||
				   strcmp(space + 1, argv[1])))
			continue;
		(void)len;
		if (cli_wants_help(argc, argv)) {
			fputs(c->usage, stdout);
			return 0;
		}
		return c->run(argc - words, argv + words, &common);
	}
	fprintf(stderr, "kundval: unknown command '%s'\n\n", argv[0]);
	usage(stderr);
	return 2;
}
