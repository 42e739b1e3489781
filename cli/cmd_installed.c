/* templates and themes: what is installed, each with its key. */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "templates/template_load.h"
#include "themes/contrast.h"
#include "themes/theme_load.h"

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

/* The weakest role's contrast, so that a theme that will not read on a
 * projector shows it in the listing. */
static void print_lowest_contrast(const struct theme *theme, FILE *out)
{
	struct contrast_low low;
	if (!contrast_lowest(theme, &low))
		fputs(" (no colours)", out);
	else if (!low.known)
		fprintf(out, " (%s on the terminal's colours: contrast unknown)", role_name(low.role));
	else
		fprintf(out, " (lowest contrast %.1f:1, %s%s)", floor(low.ratio * 10) / 10,
			role_name(low.role), low.ratio < CONTRAST_MIN ? ": below 4.5:1" : "");
}

static enum err_code describe_theme(const char *key, FILE *out, struct error *err)
{
	struct theme theme;
	if (theme_find(key, &theme, err))
		return err->code;
	cli_print_text(out, theme.name, 0);
	print_lowest_contrast(&theme, out);
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
