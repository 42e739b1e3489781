/* The roadmap: the steps still to do under Now, Next and Later, by the
 * rank a ballot gave them, then in the order they were added; those done
 * and dropped on a line of their own below. */
#include <stdlib.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "tui/stages.h"

static int by_rank_then_place(size_t a, size_t b, const struct session *s)
{
	const struct step *x = &s->steps[a], *y = &s->steps[b];
	int rx = x->rank ? x->rank : 1 << 20, ry = y->rank ? y->rank : 1 << 20;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Insertion sort: the lists are short and qsort has no context argument. */
static void sort_steps(size_t *idx, size_t n, const struct session *s)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = idx[i], j = i;
		while (j > 0 && by_rank_then_place(idx[j - 1], v, s) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
}

/* "Done (2): A, B" for the steps of one status, after a gap when out
 * already holds something; nothing when there are none. */
static void name_closed(struct sbuf *out, const struct session *s, enum step_status status)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		n += s->steps[i].status == status;
	if (n == 0)
		return;
	sbuf_addf(out, "%s%s (%zu): ", out->len ? "   " : "", step_status_label(status), n);
	const char *sep = "";
	for (size_t i = 0; i < s->nsteps; i++) {
		if (s->steps[i].status != status)
			continue;
		sbuf_addf(out, "%s%s", sep, s->steps[i].text);
		sep = ", ";
	}
}

static char *closed_line(const struct session *s)
{
	struct sbuf line = SBUF_INIT;
	name_closed(&line, s, STEP_DONE);
	name_closed(&line, s, STEP_DROPPED);
	return line.data;
}

void roadmap_build(struct roadmap *r, const struct session *s)
{
	for (int h = 0; h < HORIZON_COUNT; h++) {
		r->steps[h] = xcalloc(s->nsteps + 1, sizeof *r->steps[h]);
		r->n[h] = 0;
		for (size_t i = 0; i < s->nsteps; i++)
			if (s->steps[i].horizon == (enum horizon)h && step_is_open(&s->steps[i]))
				r->steps[h][r->n[h]++] = i;
		sort_steps(r->steps[h], r->n[h], s);
	}
	r->closed = closed_line(s);
}

void roadmap_free(struct roadmap *r)
{
	for (int h = 0; h < HORIZON_COUNT; h++) {
		free(r->steps[h]);
		r->steps[h] = NULL;
		r->n[h] = 0;
	}
	free(r->closed);
	r->closed = NULL;
}

void roadmap_draw(struct app *app, const struct roadmap *r, int y, int rows)
{
	static const char *const columns[HORIZON_COUNT] = {"Now", "Next", "Later"};
	const struct session *s = app->ws->s;
	int w = (app->cols - 4) / HORIZON_COUNT;
	/* The done and dropped a blank row under the longest column. */
	if (r->closed && rows > 3) {
		rows -= 2;
		int longest = 1;
		for (int h = 0; h < HORIZON_COUNT; h++)
			longest = (int)r->n[h] > longest ? (int)r->n[h] : longest;
		int below = longest < rows - 1 ? longest : rows - 1;
		ui_text(app, y + 2 + below, 2, app->cols - 4, r->closed, ROLE_MUTED, false);
	}
	for (int h = 0; h < HORIZON_COUNT; h++) {
		int x = 2 + h * w;
		ui_text(app, y, x, w - 2, columns[h], ROLE_TITLE, false);
		for (size_t k = 0; k < r->n[h] && (int)k < rows - 1; k++) {
			const struct step *st = &s->steps[r->steps[h][k]];
			ui_text(app, y + 1 + (int)k, x, w - 2, st->text, ROLE_TEXT, false);
		}
		if (r->n[h] == 0)
			ui_text(app, y + 1, x, w - 2, "-", ROLE_MUTED, false);
	}
}
