/* Drawing text: every string from the database, a template or a theme goes
 * through the sanitizer, and is cut and padded by display columns. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/utf8.h"
#include "tui/frame.h"
#include "tui/ui.h"

/* The program's own glyphs as ASCII. */
static const struct {
	uint32_t first, last;
	char ascii;
} ascii_glyphs[] = {
	{0x2026, 0x2026, '.'},          /* … */
	{0x00B7, 0x00B7, '.'},          /* · */
	{0x2500, 0x257F, '-'},          /* box drawing */
	{0x2580, 0x259F, '#'},          /* block elements: bars, sparklines, big text */
	{0x25CF, 0x25CF, '*'},          /* ● */
};

static char ascii_for(uint32_t cp)
{
	for (size_t i = 0; i < sizeof ascii_glyphs / sizeof ascii_glyphs[0]; i++)
		if (cp >= ascii_glyphs[i].first && cp <= ascii_glyphs[i].last)
			return ascii_glyphs[i].ascii;
	return '?';
}

/* Where the locale cannot show UTF-8 (LANG=C), curses would leave blank
 * cells for what it cannot encode, and a name would lose letters without a
 * trace. Each character outside ASCII is drawn instead as '?' (or the
 * program's glyphs as their ASCII look-alikes) in each of its columns, so
 * "Zoë" reads "Zo?" and the columns stay where they were. */
static void to_ascii(struct sbuf *out, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = cp < 0x80 ? 0 : utf8_cp_width(cp);
		if (cp < 0x80)
			sbuf_addc(out, s[i]);
		for (int k = 0; k < w; k++)
			sbuf_addc(out, ascii_for(cp));
		i += n;
	}
}

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
	int used = (int)utf8_width(sbuf_str(&fitted));
	if (app->ascii) {
		struct sbuf plain = SBUF_INIT;
		to_ascii(&plain, sbuf_str(&fitted));
		sbuf_free(&fitted);
		fitted = plain;
	}
	attrset(app->role_attr[role]);
	mvaddstr(y, x, sbuf_str(&fitted));
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

/* A row of blanks in the role's colours: one line of cells, no text to
 * sanitize or measure. */
void ui_fill(struct app *app, int y, int x, int width, enum role role)
{
	if (width <= 0 || y < 0 || y >= app->rows || x < 0 || x >= app->cols)
		return;
	if (x + width > app->cols)
		width = app->cols - x;
	attrset(app->role_attr[role]);
	mvhline(y, x, ' ', width);
}

void ui_clear_rows(struct app *app, int y, int n)
{
	for (int row = y < 0 ? 0 : y; row < y + n && row < app->rows; row++) {
		move(row, 0);
		clrtoeol();
	}
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
		/* The last line takes the rest, cut by columns with an ellipsis
		 * at the edge rather than at the word before it. */
		size_t n = line == max_lines - 1 ? strlen(p) : wrap_point(p, width);
		char save = p[n];
		((char *)p)[n] = '\0';
		ui_text(app, y + line, x, width, p, role, false);
		((char *)p)[n] = save;
		p += n;
		while (*p == ' ')
			p++;
		line++;
	}
	free(clean);
	return line;
}

int ui_wrap_lines(int width, const char *text)
{
	if (width <= 0)
		return 0;
	char *clean = sanitize(text ? text : "", text ? strlen(text) : 0, SANITIZE_LINE);
	int lines = 0;
	for (const char *p = clean; *p; lines++) {
		p += wrap_point(p, width);
		while (*p == ' ')
			p++;
	}
	free(clean);
	return lines;
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

bool ui_refused(struct app *app, enum err_code code, const struct error *err)
{
	if (code)
		ui_error(app, err);
	return code != ERR_OK;
}

static void add_hint_keys(struct sbuf *line, const struct hint *h)
{
	char keys[32];
	action_hint_keys(h->action, keys, sizeof keys);
	sbuf_adds(line, keys);
	if (h->also != ACT_NONE) {
		action_hint_keys(h->also, keys, sizeof keys);
		sbuf_addf(line, "%s%s", h->join, keys);
	}
}

void ui_hints(struct app *app, int y, int x, int width, const struct hint *hints,
	      const char *sep)
{
	struct sbuf line = SBUF_INIT;
	for (const struct hint *h = hints; h->label; h++) {
		if (frame_refuses(app, h->action))
			continue;
		if (line.len)
			sbuf_adds(&line, sep);
		add_hint_keys(&line, h);
		sbuf_addf(&line, " %s", h->label);
	}
	ui_text(app, y, x, width, sbuf_str(&line), ROLE_HINT, false);
	sbuf_free(&line);
}

void ui_pane_title(struct app *app, int y, int x, const char *text, bool focused)
{
	if (focused && x >= 2)
		ui_text(app, y, x - 2, 1, ">", ROLE_ACCENT, false);
	ui_text(app, y, x, app->cols - x - 2, text, focused ? ROLE_TITLE : ROLE_MUTED, false);
}
