/* export and templates. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/atomic_file.h"
#include "lib/date.h"
#include "sessions/export.h"
#include "templates/template_load.h"

typedef void (*export_fn)(const struct export_context *ctx, struct sbuf *out);

struct export_format {
	const char *name;
	export_fn write;
};

static const struct export_format formats[] = {
	{"json", export_json},
};

static const struct export_format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(name, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}

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
	a->format = &formats[0];
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		if (c == 'o') {
			a->output = optarg;
		} else if (c == 'f' && (a->format = find_format(optarg)) != NULL) {
			continue;
		} else if (c == 'f') {
			return cli_usage("export: no format called \"%.20s\" (formats: json)", optarg);
		} else {
			return cli_usage("export: unknown or incomplete option %s", argv[optind - 1]);
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
	if (code)
		return code;
	struct error err = {0};
	struct session *s = NULL;
	if (cli_load_session(cli, a.id, &s, &err))
		return cli_fail(&err);
	struct sbuf out = SBUF_INIT;
	struct export_context ctx = {.session = s, .today = date_today()};
	a.format->write(&ctx, &out);
	session_free(s);
	if (a.output && strcmp(a.output, "-") != 0) {
		if (atomic_write(a.output, out.data ? out.data : "", out.len, 0600, &err))
			code = cli_fail(&err);
	} else {
		fwrite(sbuf_str(&out), 1, out.len, stdout);
	}
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
