/* import: a session from a file of the export's tree, stored as a new one. */
#include <stdio.h>

#include "cli/cli.h"
#include "sessions/import.h"

/* The whole file is read and checked before the database is opened, and
 * the session is stored in one transaction: a file that fails changes
 * nothing. */
int cmd_import(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage("import: give one file");
	struct error err = {0};
	struct session *s = NULL;
	int code = 0;
	if (import_session(argv[1], &s, &err) || cli_open_store(cli, CLI_CREATES, &err) ||
	    store_create_session(cli->store, s, &err))
		code = cli_fail(&err);
	else
		printf("%lld\n", (long long)s->id);
	session_free(s);
	return code;
}
