/* Frames written and drawn again (see cells.h). The file is text: a line
 * "pair N FG BG" for each colour pair used, then "run Y X ATTRS PAIR TEXT"
 * for each run of cells, TEXT being the rest of the line. */
#include "bench/cells.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tui/ui.h"

static void *grown(void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return items;
	*cap = need * 2;
	return xrealloc(items, *cap * size);
}

/* One cell: its characters as UTF-8, its look and its width. */
static int read_cell(int y, int x, struct sbuf *text, attr_t *attrs, int *pair)
{
	cchar_t cell;
	wchar_t wch[CCHARW_MAX + 1] = {0};
	short spair = 0;
	*attrs = 0;
	*pair = 0;
	if (mvin_wch(y, x, &cell) != OK || getcchar(&cell, wch, attrs, &spair, NULL) == ERR ||
	    wch[0] == L'\0')
		wch[0] = L' ';
	*pair = spair;
	*attrs &= ~(attr_t)A_COLOR;
	char bytes[MB_LEN_MAX * (CCHARW_MAX + 1) + 1];
	size_t n = wcstombs(bytes, wch, sizeof bytes - 1);
	sbuf_add(text, bytes, n == (size_t)-1 ? 0 : n);
	int w = wcwidth(wch[0]);
	return w < 1 ? 1 : w;
}

static void note_pair(int pair, int *used, size_t *nused)
{
	for (size_t i = 0; i < *nused; i++)
		if (used[i] == pair)
			return;
	used[(*nused)++] = pair;
}

enum err_code cells_capture(const char *path, struct error *err)
{
	FILE *out = fopen(path, "w");
	if (out == NULL)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	int *used = xcalloc((size_t)rows * (size_t)cols + 1, sizeof *used);
	size_t nused = 0;
	struct sbuf runs = SBUF_INIT;
	for (int y = 0; y < rows; y++) {
		struct sbuf text = SBUF_INIT;
		attr_t attrs = 0, a;
		int pair = 0, p, start = 0;
		for (int x = 0; x < cols;) {
			struct sbuf cell = SBUF_INIT;
			int w = read_cell(y, x, &cell, &a, &p);
			if (text.len && (a != attrs || p != pair)) {
				sbuf_addf(&runs, "run %d %d %lu %d %s\n", y, start,
					  (unsigned long)attrs, pair, sbuf_str(&text));
				text.len = 0;
			}
			if (text.len == 0) {
				start = x;
				attrs = a;
				pair = p;
				note_pair(p, used, &nused);
			}
			sbuf_add(&text, cell.data, cell.len);
			sbuf_free(&cell);
			x += w;
		}
		if (text.len)
			sbuf_addf(&runs, "run %d %d %lu %d %s\n", y, start, (unsigned long)attrs, pair,
				  sbuf_str(&text));
		sbuf_free(&text);
	}
	for (size_t i = 0; i < nused; i++) {
		int fg = -1, bg = -1;
		if (used[i] > 0)
			extended_pair_content(used[i], &fg, &bg);
		fprintf(out, "pair %d %d %d\n", used[i], fg, bg);
	}
	fputs(sbuf_str(&runs), out);
	sbuf_free(&runs);
	free(used);
	if (fclose(out) != 0)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	return ERR_OK;
}

enum err_code cells_open_and_home(struct app *app, int64_t id, const char *session_path,
				  const char *home_path, char **session_end, struct error *err)
{
	*session_end = NULL;
	ui_close_session(app);
	enum err_code code = ui_open_session(app, id, err);
	if (code)
		return code;
	ui_draw(app);
	if ((code = cells_capture(session_path, err)) != ERR_OK)
		return code;
	struct cells first;
	if (cells_load(session_path, &first))
		*session_end = cells_last_word(&first);
	cells_free(&first);
	ui_close_session(app);
	ui_home_reload(app);
	ui_draw(app);
	return cells_capture(home_path, err);
}

bool cells_load(const char *path, struct cells *f)
{
	memset(f, 0, sizeof *f);
	FILE *in = fopen(path, "r");
	if (in == NULL)
		return false;
	char *line = NULL;
	size_t size = 0, cap_runs = 0, cap_pairs = 0;
	ssize_t len;
	while ((len = getline(&line, &size, in)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		struct cells_pair p;
		struct cells_run r;
		unsigned long attrs;
		int at = 0;
		if (sscanf(line, "pair %d %d %d", &p.pair, &p.fg, &p.bg) == 3) {
			f->pairs = grown(f->pairs, &cap_pairs, f->npairs + 1, sizeof *f->pairs);
			f->pairs[f->npairs++] = p;
		} else if (sscanf(line, "run %d %d %lu %d%n", &r.y, &r.x, &attrs, &r.pair, &at) == 4 &&
			   line[at] == ' ') {
			/* The text is the rest after one blank, its own blanks kept. */
			r.attrs = (attr_t)attrs;
			r.text = xstrdup(line + at + 1);
			f->runs = grown(f->runs, &cap_runs, f->nruns + 1, sizeof *f->runs);
			f->runs[f->nruns++] = r;
		}
	}
	free(line);
	fclose(in);
	return f->nruns > 0;
}

void cells_colours(const struct cells *f)
{
	if (!has_colors())
		return;
	for (size_t i = 0; i < f->npairs; i++)
		if (f->pairs[i].pair > 0)
			init_extended_pair(f->pairs[i].pair, f->pairs[i].fg, f->pairs[i].bg);
}

void cells_draw(const struct cells *f)
{
	erase();
	for (size_t i = 0; i < f->nruns; i++) {
		const struct cells_run *r = &f->runs[i];
		attr_set(r->attrs, (short)r->pair, (void *)&r->pair);
		mvaddstr(r->y, r->x, r->text);
	}
}

char *cells_last_word(const struct cells *f)
{
	int last = -1;
	for (size_t i = 0; i < f->nruns; i++)
		if (f->runs[i].text[strspn(f->runs[i].text, " ")] != '\0' && f->runs[i].y > last)
			last = f->runs[i].y;
	struct sbuf line = SBUF_INIT;
	for (size_t i = 0; i < f->nruns; i++)
		if (f->runs[i].y == last)
			sbuf_adds(&line, f->runs[i].text);
	while (line.len && line.data[line.len - 1] == ' ')
		line.len--;
	if (line.data)
		line.data[line.len] = '\0';
	/* Curses may move the cursor over blanks: a word comes whole. */
	const char *word = strrchr(sbuf_str(&line), ' ');
	char *tail = xstrdup(word ? word + 1 : sbuf_str(&line));
	sbuf_free(&line);
	for (size_t i = 0; i < f->nruns; i++)
		if (f->runs[i].y != last && strstr(f->runs[i].text, tail)) {
			free(tail);
			return NULL;
		}
	return tail;
}

void cells_free(struct cells *f)
{
	for (size_t i = 0; i < f->nruns; i++)
		free(f->runs[i].text);
	free(f->runs);
	free(f->pairs);
	memset(f, 0, sizeof *f);
}
