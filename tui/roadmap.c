/* The roadmap: the steps still to do under Now, Next and Later, by the
 * rank a ballot gave them, then in the order they were added; those done
 * and dropped on a line of their own below. */
#include <stdlib.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "tui/bigtext.h"
#include "tui/present.h"
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

/* How a column's steps are drawn: the lines a step's text may take, a
 * line under it with its points and owner, a blank line after it. */
struct entry_look {
	int max_lines;
	bool detail;
	int gap;
	enum role role;
};

/* "#1 · 12 pts · Ana", then " · goal: Faster answers" when all of it
 * fits in width; "" for a step nobody ranked or owns. */
static void step_detail(const struct session *s, const struct step *st, int width,
			struct sbuf *out)
{
	if (st->rank)
		sbuf_addf(out, "#%d", st->rank);
	if (st->points != POINTS_NONE)
		sbuf_addf(out, "%s%ld %s", out->len ? " · " : "", st->points,
			  st->points == 1 || st->points == -1 ? "pt" : "pts");
	if (st->owner)
		sbuf_addf(out, "%s%s", out->len ? " · " : "", st->owner);
	ptrdiff_t g = st->goal_id ? session_find_goal(s, st->goal_id) : -1;
	if (g < 0)
		return;
	struct sbuf goal = SBUF_INIT;
	sbuf_addf(&goal, "%s%sgoal: %s", sbuf_str(out), out->len ? " · " : "", s->goals[g].text);
	if ((int)utf8_width(sbuf_str(&goal)) <= width) {
		sbuf_free(out);
		*out = goal;
	} else {
		sbuf_free(&goal);
	}
}

static bool has_detail(const struct step *st)
{
	return st->rank || st->points != POINTS_NONE || st->owner || st->goal_id;
}

static int entry_rows(const struct step *st, int w, const struct entry_look *look)
{
	int need = ui_wrap_lines(w, st->text);
	int lines = need < look->max_lines ? need : look->max_lines;
	return (lines ? lines : 1) + (look->detail && has_detail(st)) + look->gap;
}

static int column_rows(const struct app *app, const struct roadmap *r, int h, int w,
		       const struct entry_look *look)
{
	int rows = 0;
	for (size_t k = 0; k < r->n[h]; k++)
		rows += entry_rows(&app->ws->s->steps[r->steps[h][k]], w, look);
	return rows;
}

/* The first look, of those given, in which every column fits in rows. */
static const struct entry_look *choose_look(const struct app *app, const struct roadmap *r,
					    int w, int rows, const struct entry_look *looks,
					    size_t n)
{
	for (size_t k = 0; k + 1 < n; k++) {
		bool fits = true;
		for (int h = 0; h < HORIZON_COUNT; h++)
			fits &= column_rows(app, r, h, w, &looks[k]) <= rows;
		if (fits)
			return &looks[k];
	}
	return &looks[n - 1];
}

static void draw_column(struct app *app, const struct roadmap *r, int h, int x, int w,
			int y, int end, const struct entry_look *look)
{
	const struct session *s = app->ws->s;
	for (size_t k = 0; k < r->n[h] && y < end; k++) {
		const struct step *st = &s->steps[r->steps[h][k]];
		int room = end - y - (look->detail && has_detail(st));
		int lines = room < look->max_lines ? room : look->max_lines;
		y += ui_wrap(app, y, x, w, lines > 0 ? lines : 1, st->text, look->role);
		if (look->detail && has_detail(st) && y < end) {
			struct sbuf detail = SBUF_INIT;
			step_detail(s, st, w, &detail);
			ui_text(app, y++, x, w, sbuf_str(&detail), ROLE_MUTED, false);
			sbuf_free(&detail);
		}
		y += look->gap;
	}
	if (r->n[h] == 0)
		ui_text(app, y, x, w, "-", ROLE_MUTED, false);
}

static const char *const columns[HORIZON_COUNT] = {"Now", "Next", "Later"};

/* Steps wrap onto a second and third line and show their points and
 * owner while every column fits; then they give up lines, the detail
 * last. */
static const struct entry_look looks[] = {
	{3, true, 0, ROLE_TEXT}, {2, true, 0, ROLE_TEXT}, {1, true, 0, ROLE_TEXT},
	{1, false, 0, ROLE_TEXT},
};

void roadmap_draw(struct app *app, const struct roadmap *r, int y, int rows)
{
	int w = (app->cols - 4) / HORIZON_COUNT;
	/* The done and dropped a blank row under the longest column. */
	int body = rows - 1;
	if (r->closed && rows > 3)
		body -= 2;
	const struct entry_look *look = choose_look(app, r, w - 2, body, looks,
						    sizeof looks / sizeof looks[0]);
	int longest = 1;
	for (int h = 0; h < HORIZON_COUNT; h++) {
		int x = 2 + h * w, used = column_rows(app, r, h, w - 2, look);
		longest = used > longest ? used : longest;
		ui_text(app, y, x, w - 2, columns[h], ROLE_TITLE, false);
		draw_column(app, r, h, x, w - 2, y + 1, y + 1 + body, look);
	}
	if (r->closed && rows > 3)
		ui_text(app, y + 2 + (longest < body ? longest : body), 2, app->cols - 4, r->closed,
			ROLE_MUTED, false);
}

/* In presentation mode the headings are in block letters, each step's
 * text whole with a blank line after it, as long as the columns fit. */
static const struct entry_look present_looks[] = {
	{8, true, 1, ROLE_TITLE}, {2, true, 1, ROLE_TITLE}, {1, true, 1, ROLE_TITLE},
	{1, true, 0, ROLE_TITLE}, {1, false, 0, ROLE_TITLE},
};

void roadmap_present(struct app *app, const struct roadmap *r, int y, int rows)
{
	int w = (app->cols - 4) / HORIZON_COUNT;
	int body = rows - BIGTEXT_ROWS - 1;
	const struct entry_look *look = choose_look(app, r, w - 2, body, present_looks,
						    sizeof present_looks / sizeof present_looks[0]);
	for (int h = 0; h < HORIZON_COUNT; h++) {
		int x = 2 + h * w;
		if (bigtext_fits(columns[h], (size_t)(w - 2)))
			present_big(app, y, x, w - 2, columns[h], ROLE_ACCENT);
		else
			ui_text(app, y + BIGTEXT_ROWS / 2, x, w - 2, columns[h], ROLE_ACCENT, false);
		draw_column(app, r, h, x, w - 2, y + BIGTEXT_ROWS + 1, y + rows, look);
	}
}
