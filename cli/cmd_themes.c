/* themes: the colour themes installed. */
#include <stdio.h>

#include "cli/cli.h"
#include "themes/theme_load.h"

static enum err_code describe_theme(const char *key, FILE *out, struct error *err)
{
	struct theme theme;
	if (theme_find(key, &theme, err))
		return err->code;
	cli_print_text(out, theme.name, 0);
	if (theme.monochrome)
		fputs(" (no colours)", out);
	return ERR_OK;
}

static const struct cli_listing themes_listing = {
	"themes", theme_list, theme_list_free, describe_theme,
};

int cmd_themes(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argv;
	return cli_print_listing(&themes_listing, argc);
}
