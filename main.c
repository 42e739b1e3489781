/* improv: a workshop on an organization's learning infrastructure, on the
 * projector, kept in SQLite so next quarter can show what changed. */
#include <locale.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
