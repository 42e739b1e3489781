/* export: one session as a document, to standard output or a file. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/date.h"
#include "sessions/export.h"

struct export_args {
	const struct export_format *format;
	const char *output;     /* NULL or "-": standard output */
	bool force;             /* -o may replace a file that is there */
	bool names;             /* the reports show each person's scores */
	const char *id;
};

static int parse_export(int argc, char **argv, struct export_args *a)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'F'},
		{"names", no_argument, NULL, 'N'},
		{NULL, 0, NULL, 0},
	};
	a->format = export_format_at(0);
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		if (c == 'o') {
			a->output = optarg;
		} else if (c == 'F') {
			a->force = true;
		} else if (c == 'N') {
			a->names = true;
		} else if (c == 'f' && (a->format = export_format_find(optarg)) != NULL) {
			continue;
		} else if (c == 'f') {
			char names[64];
			export_format_names(names, sizeof names);
			return cli_usage("export: no format called \"%.20s\" (formats: %s)", optarg,
					 names);
		} else {
			return cli_unknown_option("export", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage("export: give one session id");
	a->id = argv[optind];
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct export_args a = {0};
	int code = parse_export(argc, argv, &a);
	if (code == 0)
		code = cli_check_output(cli, "export", a.output, a.force);
	if (code)
		return code;
	struct error err = {0};
	int64_t id;
	struct sbuf out = SBUF_INIT;
	if (cli_parse_id(a.id, &id, &err) || cli_open_store(cli, CLI_READS, &err) ||
	    export_render_names(cli->store, id, a.format, date_today(), a.names, &out, &err))
		code = cli_fail(&err);
	else
		code = cli_write_output(cli, a.output, a.force, &out);
	sbuf_free(&out);
	return code;
}
