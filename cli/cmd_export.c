/* export and templates. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/atomic_file.h"
#include "lib/date.h"
#include "sessions/export.h"
#include "templates/template_load.h"

struct export_args {
	const struct export_format *format;
	const char *output;
	const char *id;
};

static int parse_export(int argc, char **argv, struct export_args *a)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	a->format = export_format_at(0);
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		if (c == 'o') {
			a->output = optarg;
		} else if (c == 'f' && (a->format = export_format_find(optarg)) != NULL) {
			continue;
		} else if (c == 'f') {
			char names[64];
			export_format_names(names, sizeof names);
			return cli_usage("export: no format called \"%.20s\" (formats: %s)", optarg,
					 names);
		} else {
			return cli_usage("export: unknown or incomplete option %s", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage("export: give one session id");
	a->id = argv[optind];
	return 0;
}

static int write_export(const struct export_args *a, const struct sbuf *out)
{
	struct error err = {0};
	if (a->output && strcmp(a->output, "-") != 0) {
		if (atomic_write(a->output, out->data ? out->data : "", out->len, 0600, &err))
			return cli_fail(&err);
	} else {
		fwrite(sbuf_str(out), 1, out->len, stdout);
	}
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct export_args a = {0};
	int code = parse_export(argc, argv, &a);
	if (code)
		return code;
	struct error err = {0};
	int64_t id;
	struct sbuf out = SBUF_INIT;
	if (cli_parse_id(a.id, &id, &err) || cli_open_store(cli, true, &err) ||
	    export_render(cli->store, id, a.format, date_today(), &out, &err))
		code = cli_fail(&err);
	else
		code = write_export(&a, &out);
	sbuf_free(&out);
	return code;
}

static enum err_code describe_template(const char *key, FILE *out, struct error *err)
{
	struct template tpl = {0};
	if (template_find(key, &tpl, err))
		return err->code;
	cli_print_text(out, tpl.name, 44);
	fprintf(out, " %2zu dimensions, scale %d-%d", tpl.ndims, tpl.scale.min, tpl.scale.max);
	template_free(&tpl);
	return ERR_OK;
}

static const struct cli_listing templates_listing = {
	"templates", template_list, template_list_free, describe_template,
};

int cmd_templates(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argv;
	return cli_print_listing(&templates_listing, argc);
}
