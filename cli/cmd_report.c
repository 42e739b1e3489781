/* report: the picture over more than one session, a series or an
 * organization, to standard output or a file. */
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/date.h"
#include "lib/mem.h"
#include "sessions/report_multi.h"

#define MAX_UNITS 64

struct report_args {
	struct report_request q;
	const char *units[MAX_UNITS];
	const char *series, *output;
	bool force;
};

static int parse_option(int c, struct report_args *a)
{
	if (c == 's')
		a->series = optarg;
	else if (c == 'g')
		a->q.organization = optarg;
	else if (c == 'u' && a->q.nunits < MAX_UNITS)
		a->units[a->q.nunits++] = optarg;
	else if (c == 'u')
		return cli_usage("report: at most %d --unit", MAX_UNITS);
	else if (c == 'f' && report_format_known(optarg))
		a->q.format = optarg;
	else if (c == 'f')
		return cli_usage("report: no format called \"%.20s\" (formats: md, json, html)",
				 optarg);
	else if (c == 'o')
		a->output = optarg;
	else
		a->force = true;
	return 0;
}

static int parse_report(int argc, char **argv, struct report_args *a)
{
	static const struct option options[] = {
		{"series", required_argument, NULL, 's'},
		{"org", required_argument, NULL, 'g'},
		{"unit", required_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	a->q.format = "md";
	int c, code;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		if (c == '?')
			return cli_unknown_option("report", argv[optind - 1]);
		if ((code = parse_option(c, a)) != 0)
			return code;
	}
	if (optind != argc)
		return cli_usage("report: unexpected \"%.40s\"", argv[optind]);
	if ((a->series != NULL) == (a->q.organization != NULL))
		return cli_usage("report: give --series ID or --org ORGANIZATION");
	if (a->series && a->q.nunits)
		return cli_usage("report: --unit goes with --org");
	a->q.kind = a->series ? REPORT_SERIES : REPORT_ORG;
	a->q.units = a->units;
	return 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_args a = {0};
	int code = parse_report(argc, argv, &a);
	if (code == 0)
		code = cli_check_output(cli, "report", a.output, a.force);
	if (code)
		return code;
	struct error err = {0};
	struct sbuf out = SBUF_INIT;
	a.q.today = date_today();
	if ((a.series && cli_parse_id(a.series, &a.q.id, &err)) ||
	    cli_open_store(cli, CLI_READS, &err) || report_render(cli->store, &a.q, &out, &err))
		code = cli_fail(&err);
	else
		code = cli_write_output(cli, a.output, a.force, &out);
	sbuf_free(&out);
	return code;
}
