/* Stage 5, review: one screen that sums up the workshop: where the team
 * stands, what it values and aims for, how it will measure, and the Now /
 * Next / Later roadmap; closing the session. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "tui/ui.h"

/* ---- where we stand: the lowest and the highest means ---- */

struct ranked_dim {
	size_t dim;
	double mean;
};

static int by_mean(const void *a, const void *b)
{
	const struct ranked_dim *x = a, *y = b;
	if (x->mean != y->mean)
		return x->mean < y->mean ? -1 : 1;
	return x->dim < y->dim ? -1 : x->dim > y->dim;
}

static void draw_standing(struct app *app, int y, int x, int w, int rows)
{
	const struct session *s = app->ws->s;
	struct ranked_dim *r = xcalloc(s->ndims + 1, sizeof *r);
	size_t n = 0;
	for (size_t d = 0; d < s->ndims; d++) {
		struct rating_stats st;
		session_dimension_stats(s, d, &st);
		if (st.count)
			r[n++] = (struct ranked_dim){d, st.mean};
	}
	qsort(r, n, sizeof *r, by_mean);
	ui_text(app, y, x, w, "Where we stand", ROLE_TITLE, false);
	if (n == 0)
		ui_text(app, y + 1, x + 2, w - 2, "not rated yet", ROLE_MUTED, false);
	for (size_t k = 0; k < n && (int)k < rows - 1; k++) {
		/* Weakest first: that is where the steps should help. */
		ui_textf(app, y + 1 + (int)k, x + 2, 6, k < 3 ? ROLE_WARN : ROLE_TEXT, "%.1f",
			 r[k].mean);
		ui_text(app, y + 1 + (int)k, x + 8, w - 8, s->dims[r[k].dim].name, ROLE_TEXT, false);
	}
	free(r);
}

static int draw_texts(struct app *app, int y, int x, int w, int rows, const char *title,
		      const char *const *texts, size_t n)
{
	ui_text(app, y, x, w, title, ROLE_TITLE, false);
	if (n == 0)
		ui_text(app, y + 1, x + 2, w - 2, "none", ROLE_MUTED, false);
	int used = 1;
	for (size_t i = 0; i < n && used < rows; i++, used++)
		ui_text(app, y + used, x + 2, w - 2, texts[i], ROLE_TEXT, false);
	return used + (n == 0);
}

static void draw_values_goals(struct app *app, int y, int x, int w, int rows)
{
	const struct session *s = app->ws->s;
	const char **texts = xcalloc(s->nvalues + s->ngoals + 1, sizeof *texts);
	for (size_t i = 0; i < s->nvalues; i++)
		texts[i] = s->values[i].text;
	int used = draw_texts(app, y, x, w, rows / 2, "Values", texts, s->nvalues);
	size_t n = 0;
	for (size_t i = 0; i < s->ngoals; i++)
		if (s->goals[i].status == GOAL_ACTIVE || s->goals[i].status == GOAL_REVISED)
			texts[n++] = s->goals[i].text;
	draw_texts(app, y + used + 1, x, w, rows - used - 1, "Goals", texts, n);
	free(texts);
}

/* ---- the roadmap ---- */

static int by_rank_then_place(const void *a, const void *b, const struct session *s)
{
	const struct step *x = &s->steps[*(const size_t *)a], *y = &s->steps[*(const size_t *)b];
	int rx = x->rank ? x->rank : 1 << 20, ry = y->rank ? y->rank : 1 << 20;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Insertion sort: the lists are short and qsort has no context argument. */
static void sort_steps(size_t *idx, size_t n, const struct session *s)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = idx[i], j = i;
		while (j > 0 && by_rank_then_place(&idx[j - 1], &v, s) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
}

void stage_draw_roadmap(struct app *app, int y, int rows)
{
	static const char *const columns[HORIZON_COUNT] = {"Now", "Next", "Later"};
	const struct session *s = app->ws->s;
	int w = (app->cols - 4) / HORIZON_COUNT;
	size_t *idx = xcalloc(s->nsteps + 1, sizeof *idx);
	for (int h = 0; h < HORIZON_COUNT; h++) {
		int x = 2 + h * w;
		ui_text(app, y, x, w - 2, columns[h], ROLE_TITLE, false);
		size_t n = 0;
		for (size_t i = 0; i < s->nsteps; i++)
			if (s->steps[i].horizon == (enum horizon)h &&
			    s->steps[i].status != STEP_DROPPED)
				idx[n++] = i;
		sort_steps(idx, n, s);
		for (size_t k = 0; k < n && (int)k < rows - 1; k++) {
			const struct step *st = &s->steps[idx[k]];
			ui_text(app, y + 1 + (int)k, x, w - 2, st->text,
				st->status == STEP_DONE ? ROLE_GOOD : ROLE_TEXT, false);
		}
		if (n == 0)
			ui_text(app, y + 1, x, w - 2, "-", ROLE_MUTED, false);
	}
	free(idx);
}

static void draw_metrics_summary(struct app *app, int y, int x, int w, int rows)
{
	const struct session *s = app->ws->s;
	ui_text(app, y, x, w, "Metrics", ROLE_TITLE, false);
	if (s->nmetrics == 0)
		ui_text(app, y + 1, x + 2, w - 2, "none", ROLE_MUTED, false);
	for (size_t i = 0; i < s->nmetrics && (int)i < rows - 1; i++)
		ui_text(app, y + 1 + (int)i, x + 2, w - 2, s->metrics[i].name, ROLE_TEXT, false);
}

void stage_draw_review(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	int half = height / 2;
	int w = (app->cols - 4) / 3;
	draw_standing(app, top, 2, w - 2, half);
	draw_values_goals(app, top, 2 + w, w - 2, half);
	draw_metrics_summary(app, top, 2 + 2 * w, w - 2, half);
	stage_draw_roadmap(app, top + half, height - half - 1);
	char status[160];
	snprintf(status, sizeof status, "%s.  %zu on the parking lot (L).  %s",
		 session_is_closed(s) ? "This session is closed" : "This session is open",
		 s->nparking, session_is_closed(s) ? "C reopens it." : "C closes it.");
	ui_text(app, top + height - 1, 2, app->cols - 4, status, ROLE_MUTED, false);
}

static void close_confirmed(struct app *app)
{
	struct error err;
	if (ws_close_session(app->ws, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "closed: kept as it is; C reopens it");
}

static void reopen_confirmed(struct app *app)
{
	struct error err;
	if (ws_reopen_session(app->ws, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "reopened");
}

unsigned stage_act_review(struct app *app, enum action action, int digit)
{
	(void)digit;
	if (action != ACT_CLOSE)
		return UI_IGNORED;
	if (session_is_closed(app->ws->s))
		ui_confirm(app, "Reopen this session for changes?", reopen_confirmed);
	else
		ui_confirm(app, "Close this session? It stays read-only until reopened.",
			   close_confirmed);
	return UI_HANDLED;
}
