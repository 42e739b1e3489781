/* delete: a session, or its whole series, for good; asked on a terminal,
 * and only with --yes without one. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/sbuf.h"

struct delete_args {
	int64_t id;
	bool yes, series;
};

static int parse_delete(int argc, char **argv, struct delete_args *a)
{
	static const struct option options[] = {
		{"yes", no_argument, NULL, 'y'},
		{"series", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'y')
			a->yes = true;
		else if (c == 's')
			a->series = true;
		else
			return cli_unknown_option("delete", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage("delete: give the id of the session to delete");
	struct error err = {0};
	return cli_parse_id(argv[optind], &a->id, &err) ? cli_fail(&err) : 0;
}

/* How many sessions the series of session s holds. */
static size_t series_size(struct cli *cli, const struct session *s, struct error *err)
{
	struct session_summary *list;
	size_t n, count = 0;
	if (store_list_sessions(cli->store, &list, &n, err))
		return 0;
	for (size_t i = 0; i < n; i++)
		count += list[i].series_id == s->series_id;
	store_summaries_free(list, n);
	return count;
}

static enum err_code question(struct cli *cli, const struct delete_args *a, struct sbuf *q,
			      struct error *err)
{
	struct session *s;
	if (store_load_session(cli->store, a->id, &s, err))
		return err->code;
	size_t n = a->series ? series_size(cli, s, err) : 1;
	if (a->series)
		sbuf_addf(q, "Delete the whole series of session %lld \"%s\", %zu %s, and "
			  "everything in %s?", (long long)a->id, s->title, n,
			  n == 1 ? "session" : "sessions", n == 1 ? "it" : "them");
	else
		sbuf_addf(q, "Delete session %lld \"%s\" (iteration %d) and everything in it?",
			  (long long)a->id, s->title, s->iteration);
	sbuf_adds(q, "\nIt cannot be undone.");
	session_free(s);
	return err->code;
}

/* What would be refused at once (a check-in follows, no such session) is
 * refused before the question. */
static bool refused_anyway(struct cli *cli, const struct delete_args *a, struct error *err)
{
	int64_t later = 0;
	if (store_next_iteration(cli->store, a->id, &later, err))
		return true;
	size_t deleted;
	return later && !a->series &&
	       store_delete_session(cli->store, a->id, false, &deleted, err) != ERR_OK;
}

/* *go: the person answered yes. */
static int ask(struct cli *cli, const struct delete_args *a, bool *go)
{
	struct error err = {0};
	*go = false;
	if (!cli_on_terminal())
		return cli_usage("delete: nobody to ask here; add --yes to delete session %lld "
				 "for good", (long long)a->id);
	if (refused_anyway(cli, a, &err))
		return cli_fail(&err);
	struct sbuf q = SBUF_INIT;
	if (question(cli, a, &q, &err) == ERR_OK)
		*go = cli_ask(sbuf_str(&q));
	sbuf_free(&q);
	if (err.code)
		return cli_fail(&err);
	if (!*go)
		fprintf(stderr, "kept; nothing was deleted\n");
	return 0;
}

int cmd_delete(struct cli *cli, int argc, char **argv)
{
	struct delete_args a = {0};
	int code = parse_delete(argc, argv, &a);
	if (code)
		return code;
	struct error err = {0};
	if (cli_open_store(cli, CLI_CHANGES, &err))
		return cli_fail(&err);
	bool go = true;
	if (!a.yes && ((code = ask(cli, &a, &go)) != 0 || !go))
		return code;
	size_t deleted;
	if (store_delete_session(cli->store, a.id, a.series, &deleted, &err))
		return cli_fail(&err);
	printf("deleted %zu %s\n", deleted, deleted == 1 ? "session" : "sessions");
	return 0;
}
