/* Where a command's document goes: standard output, or a file through a
 * temporary file and a rename, never over the database. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/atomic_file.h"

static bool to_file(const char *output)
{
	return output && strcmp(output, "-") != 0;
}

/* What -o names, before anything is read: never the database or another
 * SQLite file, and a file or a link that is there only with --force. */
int cli_check_output(struct cli *cli, const char *command, const char *output, bool force)
{
	struct error err = {0};
	enum atomic_target what;
	if (!to_file(output))
		return 0;
	if (*output == '\0')
		return cli_usage("%s: -o needs a file name, or - for standard output", command);
	if (atomic_target_check(output, cli_db_path(cli), &what, &err))
		return cli_fail(&err);
	if (what == ATOMIC_TARGET_FILE && !force)
		return cli_usage("%s: %s already exists; --force replaces it", command, output);
	if (what == ATOMIC_TARGET_LINK && !force)
		return cli_usage("%s: %s is a symbolic link; --force replaces the file it "
				 "names", command, output);
	return 0;
}

int cli_write_output(struct cli *cli, const char *output, bool force, const struct sbuf *out)
{
	struct error err = {0};
	if (!to_file(output))
		fwrite(sbuf_str(out), 1, out->len, stdout);     /* checked as the command ends */
	else if (atomic_write_document(output, sbuf_str(out), out->len, 0600, cli_db_path(cli),
				       force, &err))
		return cli_fail(&err);
	return 0;
}

