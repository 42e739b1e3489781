/* edit: the session's own fields and its people changed from the command
 * line, all in one transaction, through the editing service. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/mem.h"
#include "sessions/workshop.h"

struct edit_args {
	struct session_edit e;
	struct session_rename *renames;
	const char **adds, **removes;
	size_t renames_cap, adds_cap, removes_cap;
	bool changes;
	const char *id;
};

static void add_name(const char ***names, size_t *n, size_t *cap, const char *name)
{
	grow(names, cap, *n + 1, sizeof **names);
	(*names)[(*n)++] = name;
}

static int add_rename(struct edit_args *a, char *arg)
{
	char *eq = strchr(arg, '=');
	if (eq == NULL)
		return cli_usage("edit: --rename-participant takes OLD=NEW");
	*eq = '\0';
	grow(&a->renames, &a->renames_cap, a->e.nrenames + 1, sizeof *a->renames);
	a->renames[a->e.nrenames++] = (struct session_rename){arg, eq + 1};
	return 0;
}

static int edit_option(struct edit_args *a, int c, char *arg, const char *as_typed)
{
	a->changes = true;
	switch (c) {
	case 't': a->e.title = arg; return 0;
	case 'o': a->e.organization = arg; return 0;
	case 'u': a->e.unit = arg; return 0;
	case 'l': a->e.level = arg; return 0;
	case 'f': a->e.facilitator = arg; return 0;
	case 'a': add_name(&a->adds, &a->e.nadds, &a->adds_cap, arg); return 0;
	case 'r': return add_rename(a, arg);
	case 'x': add_name(&a->removes, &a->e.nremoves, &a->removes_cap, arg); return 0;
	case 'd': a->e.drop_ratings = true; return 0;
	default: return cli_unknown_option("edit", as_typed);
	}
}

static int parse_edit(int argc, char **argv, struct edit_args *a)
{
	static const struct option options[] = {
		{"title", required_argument, NULL, 't'},
		{"org", required_argument, NULL, 'o'},
		{"unit", required_argument, NULL, 'u'},
		{"level", required_argument, NULL, 'l'},
		{"facilitator", required_argument, NULL, 'f'},
		{"add-participant", required_argument, NULL, 'a'},
		{"rename-participant", required_argument, NULL, 'r'},
		{"remove-participant", required_argument, NULL, 'x'},
		{"drop-ratings", no_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	int c, code = 0;
	opterr = 0;
	while (code == 0 && (c = getopt_long(argc, argv, "", options, NULL)) != -1)
		code = edit_option(a, c, optarg, argv[optind - 1]);
	if (code)
		return code;
	if (optind != argc - 1)
		return cli_usage("edit: give one session id, and what to change");
	a->id = argv[optind];
	if (!a->changes || (a->e.drop_ratings && a->e.nremoves == 0))
		return cli_usage(a->changes ? "edit: --drop-ratings goes with --remove-participant"
				 : "edit: nothing to change; see improv --help");
	a->e.renames = a->renames;
	a->e.adds = a->adds;
	a->e.removes = a->removes;
	return 0;
}

/* One line that says nothing was changed. */
static int edit_fail(const struct error *err)
{
	struct error said;
	error_set(&said, err->code, "%s; nothing was changed", err->msg);
	return cli_fail(&said);
}

static enum err_code edit_session(struct cli *cli, int64_t id, const struct session_edit *e,
				  struct error *err)
{
	struct workshop *ws = NULL;
	enum err_code code = cli_open_store(cli, CLI_CHANGES, err);
	if (code == ERR_OK)
		code = workshop_open(cli->store, id, &ws, err);
	if (code == ERR_OK && ws->read_only && !ws->lease_pending)
		code = error_set(err, ERR_BUSY, "it is open in a window (%s); change it there "
				 "or close it first", ws->holder[0] ? ws->holder : "another window");
	if (code == ERR_OK)
		code = ws_edit_session(ws, e, err);
	workshop_close(ws);
	return code;
}

int cmd_edit(struct cli *cli, int argc, char **argv)
{
	struct edit_args a = {0};
	struct error err = {0};
	int64_t id = 0;
	int code = parse_edit(argc, argv, &a);
	if (code == 0 && cli_parse_id(a.id, &id, &err))
		code = cli_fail(&err);
	if (code == 0 && edit_session(cli, id, &a.e, &err))
		code = edit_fail(&err);
	free(a.renames);
	free(a.adds);
	free(a.removes);
	return code;
}
