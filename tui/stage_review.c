/* Stage 5, review: one screen that sums up the workshop: where the team
 * stands, what it values and aims for, how it will measure, and the Now /
 * Next / Later roadmap; closing the session. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sparkline.h"
#include "model/compare.h"
#include "model/session_items.h"
#include "model/stats.h"
#include "tui/item_form.h"
#include "tui/stages.h"

enum { PAGE_SUMMARY, PAGE_CHANGE, PAGE_TREND, PAGES };

static const char *const page_titles[PAGES] = {"Summary", "Since last time", "Trend"};

struct ranked_dim {
	size_t dim;
	double mean;
};

/* The page shown, and what the pages show, prepared when the session
 * changes: the rated dimensions weakest first, the roadmap, the earlier
 * iterations (oldest first, read once per session) and the comparison
 * with the one before. */
struct review {
	int page;
	struct ranked_dim *ranked;
	size_t nranked;
	struct roadmap roadmap;
	struct session **history;
	size_t nhistory;
	int64_t history_of;
	struct comparison change;
	bool compared;
	/* The trend: per dimension, one value per iteration (nhistory + 1 of
	 * them, the last this session's). A metric's trend is its own
	 * measurements, which it carries from one iteration to the next. */
	double *trend;
	size_t ntrend;
};

static struct review *review_of(const struct app *app)
{
	return ui_state(app, SCREEN_REVIEW);
}

/* ---- where we stand: the lowest and the highest means ---- */

static int by_mean(const void *a, const void *b)
{
	const struct ranked_dim *x = a, *y = b;
	if (x->mean != y->mean)
		return x->mean < y->mean ? -1 : 1;
	return x->dim < y->dim ? -1 : x->dim > y->dim;
}

static void rank_dims(struct review *rv, const struct session *s)
{
	free(rv->ranked);
	rv->ranked = xcalloc(s->ndims + 1, sizeof *rv->ranked);
	rv->nranked = 0;
	for (size_t d = 0; d < s->ndims; d++) {
		struct rating_stats st;
		session_dimension_stats(s, d, &st);
		if (st.count)
			rv->ranked[rv->nranked++] = (struct ranked_dim){d, st.mean};
	}
	qsort(rv->ranked, rv->nranked, sizeof *rv->ranked, by_mean);
}

static void draw_standing(struct app *app, int y, int x, int w, int rows)
{
	const struct session *s = app->ws->s;
	const struct review *rv = review_of(app);
	const struct ranked_dim *r = rv->ranked;
	size_t n = rv->nranked;
	ui_text(app, y, x, w, "Where we stand", ROLE_TITLE, false);
	if (n == 0)
		ui_text(app, y + 1, x + 2, w - 2, "not rated yet", ROLE_MUTED, false);
	for (size_t k = 0; k < n && (int)k < rows - 1; k++) {
		/* Weakest first: that is where the steps should help; the
		 * weakest three are marked with a "!" as well as in colour. */
		char mean[16] = "-";
		stats_value_text(r[k].mean, mean, sizeof mean);
		ui_text(app, y + 1 + (int)k, x + 2, 6, mean, k < 3 ? ROLE_WARN : ROLE_TEXT, false);
		if (k < 3)
			ui_text(app, y + 1 + (int)k, x + 6, 1, "!", ROLE_WARN, false);
		ui_text(app, y + 1 + (int)k, x + 8, w - 8, s->dims[r[k].dim].name, ROLE_TEXT, false);
	}
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

static void draw_metrics_summary(struct app *app, int y, int x, int w, int rows)
{
	const struct session *s = app->ws->s;
	ui_text(app, y, x, w, "Metrics", ROLE_TITLE, false);
	if (s->nmetrics == 0)
		ui_text(app, y + 1, x + 2, w - 2, "none", ROLE_MUTED, false);
	for (size_t i = 0; i < s->nmetrics && (int)i < rows - 1; i++)
		ui_text(app, y + 1 + (int)i, x + 2, w - 2, s->metrics[i].name, ROLE_TEXT, false);
}

static void draw_summary(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	int half = height / 2;
	int w = (app->cols - 4) / 3;
	draw_standing(app, top, 2, w - 2, half);
	draw_values_goals(app, top, 2 + w, w - 2, half);
	draw_metrics_summary(app, top, 2 + 2 * w, w - 2, half);
	roadmap_draw(app, &review_of(app)->roadmap, top + half, height - half - 1);
	char status[160];
	snprintf(status, sizeof status, "%s.  %zu on the parking lot (L).  %s",
		 session_is_closed(s) ? "This session is closed" : "This session is open",
		 s->nparking, session_is_closed(s) ? "C reopens it." : "C closes it.");
	ui_text(app, top + height - 1, 2, app->cols - 4, status, ROLE_MUTED, false);
}

/* ---- the earlier iterations, read once per session ---- */

static void forget(struct review *rv)
{
	store_sessions_free(rv->history, rv->nhistory);
	rv->history = NULL;
	rv->nhistory = 0;
	rv->history_of = 0;
	if (rv->compared)
		comparison_free(&rv->change);
	rv->compared = false;
	roadmap_free(&rv->roadmap);
	free(rv->ranked);
	rv->ranked = NULL;
	rv->nranked = 0;
	free(rv->trend);
	rv->trend = NULL;
	rv->ntrend = 0;
}

static void load_history(struct app *app, struct review *rv)
{
	const struct session *s = app->ws->s;
	if (rv->history_of == s->id)
		return;
	store_sessions_free(rv->history, rv->nhistory);
	rv->history = NULL;
	rv->nhistory = 0;
	rv->history_of = s->id;
	struct error err;
	bool reached;
	if (s->parent_id && store_load_ancestors(app->store, s->parent_id, 0, &rv->history,
						 &rv->nhistory, &reached, &err))
		ui_error(app, &err);
}

static void compare_with_parent(struct app *app, struct review *rv)
{
	if (rv->compared)
		comparison_free(&rv->change);
	rv->compared = false;
	if (rv->nhistory == 0)
		return;
	struct error err;
	struct lineage none = {NULL, 0};
	if (compare_sessions(rv->history[rv->nhistory - 1], app->ws->s, &none, date_today(),
			     &rv->change, &err))
		ui_error(app, &err);
	else
		rv->compared = true;
}

/* ---- since last time ---- */

static void draw_dimension_changes(struct app *app, int y, int rows, const struct comparison *c)
{
	ui_textf(app, y, 2, app->cols - 4, ROLE_MUTED, "%-40s %6s %6s %8s", "Dimension", "then",
		 "now", "change");
	for (size_t i = 0; i < c->ndims && (int)i < rows - 1; i++) {
		const struct dimension_change *d = &c->dims[i];
		char then[16] = "-", now[16] = "-", change[24] = "";
		stats_mean_text(&d->before, then, sizeof then);
		stats_mean_text(&d->after, now, sizeof now);
		long t = d->delta_tenths;
		if (!isnan(d->delta)) {
			stats_tenths_text(t, true, change, sizeof change - 3);
			strcat(change, " ");
			strcat(change, stats_change_arrow(t, "^", "v", "="));
		}
		ui_text(app, y + 1 + (int)i, 2, 40, d->name, ROLE_TEXT, false);
		ui_textf(app, y + 1 + (int)i, 43, app->cols - 45, isnan(d->delta) ? ROLE_TEXT :
			 t > 0 ? ROLE_GOOD : t < 0 ? ROLE_BAD : ROLE_TEXT,
			 "%6s %6s %8s", then, now, change);
	}
}

static void draw_fates(struct app *app, int y, const struct comparison *c)
{
	ui_textf(app, y, 2, app->cols - 4, ROLE_ACCENT,
		 "Steps: %zu done, %zu dropped, %zu carried on, %zu new.   Goals: %zu added, "
		 "%zu achieved, %zu retired, %zu kept.", c->step_fates[FATE_DONE],
		 c->step_fates[FATE_DROPPED], c->step_fates[FATE_CARRIED], c->step_fates[FATE_NEW],
		 c->goal_fates[GOAL_FATE_ADDED], c->goal_fates[GOAL_FATE_ACHIEVED],
		 c->goal_fates[GOAL_FATE_RETIRED], c->goal_fates[GOAL_FATE_KEPT]);
}

static void draw_change(struct app *app, int top, int height)
{
	const struct review *rv = review_of(app);
	if (app->ws->s->parent_id == 0) {
		ui_text(app, top + 1, 4, app->cols - 8, "This is the first workshop of its series: "
			"a check-in (c on the home screen) will show what changed.", ROLE_MUTED,
			false);
		return;
	}
	if (!rv->compared)
		return;
	draw_fates(app, top, &rv->change);
	draw_dimension_changes(app, top + 2, height - 3, &rv->change);
}

/* ---- the trend over every iteration ---- */

static double mean_of(const struct session *s, const char *key)
{
	ptrdiff_t d = session_find_dimension(s, key);
	if (d < 0)
		return NAN;
	struct rating_stats st;
	session_dimension_stats(s, (size_t)d, &st);
	return st.count ? st.mean : NAN;
}

static void draw_trend_row(struct app *app, int y, const char *name, const double *values,
			   size_t n, double lo, double hi)
{
	struct sbuf line = SBUF_INIT;
	sparkline(&line, values, n, lo, hi);
	ui_text(app, y, 2, 40, name, ROLE_TEXT, false);
	ui_text(app, y, 44, (int)n + 1, sbuf_str(&line), ROLE_BAR, false);
	char last[16];
	if (stats_value_text(values[n - 1], last, sizeof last))
		ui_text(app, y, 46 + (int)n, 12, last, ROLE_TEXT, false);
	sbuf_free(&line);
}

static void follow_trend(struct review *rv, const struct session *s)
{
	size_t n = rv->nhistory + 1;
	free(rv->trend);
	rv->ntrend = s->ndims;
	rv->trend = xcalloc(rv->ntrend * n + 1, sizeof *rv->trend);
	for (size_t d = 0; d < s->ndims; d++) {
		double *values = &rv->trend[d * n];
		for (size_t k = 0; k < rv->nhistory; k++)
			values[k] = mean_of(rv->history[k], s->dims[d].key);
		values[n - 1] = mean_of(s, s->dims[d].key);
	}
}

/* A metric's way so far: its baseline, then every measurement. */
static size_t metric_values(const struct metric *m, double *values, size_t cap)
{
	size_t n = 0;
	if (!isnan(m->baseline))
		values[n++] = m->baseline;
	for (size_t k = 0; k < m->nmeasurements && n < cap; k++)
		values[n++] = m->measurements[k].value;
	return n;
}

static void describe_metric_trend(const struct metric *m, const double *values, size_t n,
				  struct sbuf *out)
{
	const char *unit = m->unit && *m->unit ? m->unit : "";
	char number[24];
	for (size_t k = 0; k < n; k++) {
		item_form_format_number(values[k], number, sizeof number);
		sbuf_addf(out, "%s%s", k == 0 ? (isnan(m->baseline) ? "" : "baseline ") : ", ",
			  number);
	}
	if (n == 0)
		sbuf_adds(out, "nothing measured yet");
	if (!isnan(m->target)) {
		item_form_format_number(m->target, number, sizeof number);
		sbuf_addf(out, "; target %s%s%s", number, *unit ? " " : "", unit);
	}
	sbuf_addf(out, " (%s is better)", m->direction == DIRECTION_UP ? "higher" : "lower");
}

/* The metric's name and its way in words on one line, then, given
 * chart_rows, the chart with the target line, its value beside it. */
static int draw_metric_trend(struct app *app, int y, const struct metric *m, int chart_rows)
{
	double values[64];
	size_t n = metric_values(m, values, sizeof values / sizeof values[0]);
	struct sbuf line = SBUF_INIT;
	describe_metric_trend(m, values, n, &line);
	ui_text(app, y, 2, 40, m->name, ROLE_TEXT, false);
	ui_text(app, y, 44, app->cols - 46, sbuf_str(&line), ROLE_TEXT, false);
	sbuf_free(&line);
	if (chart_rows < 2 || n == 0)
		return 1;
	struct sbuf rows[SPARKLINE_CHART_MAX_ROWS] = {0};
	int target = sparkline_chart(rows, (size_t)chart_rows, values, n, m->target, 4);
	int width = (int)(n - 1) * 4 + 1;
	for (int r = 0; r < chart_rows; r++) {
		ui_text(app, y + 1 + r, 44, width, sbuf_str(&rows[r]), ROLE_BAR, false);
		sbuf_free(&rows[r]);
	}
	if (target >= 0) {
		char number[24];
		item_form_format_number(m->target, number, sizeof number);
		ui_textf(app, y + 1 + target, 46 + width, 30, ROLE_GOOD, "target %s", number);
	}
	return 1 + chart_rows;
}

static void draw_trend(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	const struct review *rv = review_of(app);
	size_t n = rv->nhistory + 1;
	ui_textf(app, top, 2, app->cols - 4, ROLE_MUTED, "%zu iteration%s, oldest first", n,
		 n == 1 ? "" : "s");
	int y = top + 1, bottom = top + height - 1;
	for (size_t d = 0; d < s->ndims && y < bottom; d++, y++)
		draw_trend_row(app, y, s->dims[d].name, &rv->trend[d * n], n,
			       s->dims[d].scale_min, s->dims[d].scale_max);
	y++;
	if (s->nmetrics == 0)
		return;
	int each = (bottom - y) / (int)s->nmetrics - 1;
	int chart_rows = each > SPARKLINE_CHART_MAX_ROWS / 2 ? SPARKLINE_CHART_MAX_ROWS / 2 : each;
	for (size_t m = 0; m < s->nmetrics && y < bottom; m++)
		y += draw_metric_trend(app, y, &s->metrics[m], chart_rows);
}

static void draw(struct app *app, int top, int height)
{
	int page = review_of(app)->page;
	char tabs[128] = "";
	size_t used = 0;
	for (int p = 0; p < PAGES; p++)
		used += (size_t)snprintf(tabs + used, sizeof tabs - used, "%s%s%s%s", p ? "   " : "",
					 p == page ? "[" : "", page_titles[p], p == page ? "]" : "");
	ui_text(app, top, app->cols - 2 - (int)used, (int)used, tabs, ROLE_MUTED, false);
	switch (page) {
	case PAGE_CHANGE: draw_change(app, top + 1, height - 1); break;
	case PAGE_TREND: draw_trend(app, top + 1, height - 1); break;
	default: draw_summary(app, top + 1, height - 1); break;
	}
}

static void close_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_close_session(app->ws, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "closed: kept as it is; C reopens it");
}

static void reopen_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_reopen_session(app->ws, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "reopened");
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	if (action == ACT_NEXT_PANE) {
		struct review *rv = review_of(app);
		rv->page = (rv->page + 1) % PAGES;
		return UI_REDRAW;
	}
	if (action != ACT_CLOSE)
		return UI_IGNORED;
	if (session_is_closed(app->ws->s))
		ui_confirm(app, "Reopen this session for changes?", reopen_confirmed, NULL, NULL);
	else
		ui_confirm(app, "Close this session? It stays read-only until reopened.",
			   close_confirmed, NULL, NULL);
	return UI_REDRAW;
}

static void update(struct app *app)
{
	struct review *rv = review_of(app);
	const struct session *s = app->ws->s;
	rank_dims(rv, s);
	roadmap_free(&rv->roadmap);
	roadmap_build(&rv->roadmap, s);
	/* Last time and the trend read the earlier iterations: only once a
	 * page that shows them is open. */
	if (rv->page == PAGE_SUMMARY)
		return;
	load_history(app, rv);
	if (rv->page == PAGE_CHANGE)
		compare_with_parent(app, rv);
	else
		follow_trend(rv, s);
}

static void reset(struct app *app)
{
	struct review *rv = review_of(app);
	forget(rv);
	rv->page = PAGE_SUMMARY;
}

static const struct hint hints[] = {
	HINT(ACT_NEXT_PANE, "summary/change/trend"), HINT(ACT_CLOSE, "close or reopen"),
	STAGE_HINTS_TAIL,
};

const struct screen_ops review_screen = {
	.name = "review",
	.contexts = CTX_STAGE | CTX_REVIEW,
	.state_size = sizeof(struct review),
	.in_session = true,
	.update = update,
	.reset = reset,
	.draw = draw,
	.act = act,
	.hints = hints,
};
