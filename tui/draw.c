/* Drawing text: every string from the database, a template or a theme goes
 * through the sanitizer, and is cut and padded by display columns. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/utf8.h"
#include "tui/ui.h"

int ui_text(struct app *app, int y, int x, int width, const char *text, enum role role,
	    bool pad)
{
	if (width <= 0 || y < 0 || y >= app->rows || x >= app->cols)
		return 0;
	if (x + width > app->cols)
		width = app->cols - x;
	struct sbuf clean = SBUF_INIT, fitted = SBUF_INIT;
	sanitize_append(&clean, text ? text : "", text ? strlen(text) : 0, SANITIZE_LINE);
	utf8_fit(&fitted, sbuf_str(&clean), (size_t)width,
		 (pad ? UTF8_FIT_PAD : UTF8_FIT_CUT) | UTF8_FIT_ELLIPSIS);
	attrset(app->role_attr[role]);
	mvaddstr(y, x, sbuf_str(&fitted));
	int used = (int)utf8_width(sbuf_str(&fitted));
	sbuf_free(&clean);
	sbuf_free(&fitted);
	return used;
}

int ui_textf(struct app *app, int y, int x, int width, enum role role, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	return ui_text(app, y, x, width, text, role, false);
}

void ui_fill(struct app *app, int y, int x, int width, enum role role)
{
	ui_text(app, y, x, width, "", role, true);
}

/* The byte length of the longest run of whole words of s that fits in
 * width columns (at least one character, so long words are cut). */
static size_t wrap_point(const char *s, int width)
{
	size_t fit = utf8_prefix_for_width(s, (size_t)width);
	if (s[fit] == '\0')
		return fit;
	size_t space = fit;
	while (space > 0 && s[space] != ' ')
		space--;
	if (space > 0)
		return space;
	return fit > 0 ? fit : utf8_next(s, strlen(s), 0);
}

int ui_wrap(struct app *app, int y, int x, int width, int max_lines, const char *text,
	    enum role role)
{
	if (width <= 0 || max_lines <= 0)
		return 0;
	char *clean = sanitize(text ? text : "", text ? strlen(text) : 0, SANITIZE_LINE);
	const char *p = clean;
	int line = 0;
	while (*p && line < max_lines) {
		size_t n = wrap_point(p, width);
		char save = p[n];
		bool last = line == max_lines - 1 && p[n] != '\0';
		((char *)p)[n] = '\0';
		ui_text(app, y + line, x, width, p, role, false);
		if (last)
			ui_text(app, y + line, x + width - 1, 1, "…", role, false);
		((char *)p)[n] = save;
		p += n;
		while (*p == ' ')
			p++;
		line++;
	}
	free(clean);
	return line;
}

void ui_message(struct app *app, enum role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->message, sizeof app->message, fmt, ap);
	va_end(ap);
	app->message_role = role;
}

void ui_error(struct app *app, const struct error *err)
{
	ui_message(app, ROLE_BAD, "%s", err->msg);
}
