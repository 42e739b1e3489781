/* improv: a workshop on an organization's learning infrastructure, on the
 * projector, kept in SQLite so next quarter can show what changed. */
#include <locale.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Numbers are read and written with a decimal point whatever the
	 * language: "2.5" in a form, 2.5 in JSON. */
	setlocale(LC_NUMERIC, "C");
	cli_guard_streams();
	return cli_close_output(cli_main(argc, argv));
}
