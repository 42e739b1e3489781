/* A check-in's first stage, "Last time": what became of the steps, goals
 * and metrics carried from the session before: a status for each step and
 * goal, a new measurement for each metric. (The model keeps it as the
 * setup stage: a check-in needs no setup of its own.) */
#include <stdio.h>

#include "model/session_items.h"
#include "tui/stages.h"

enum { LAST_STEPS, LAST_GOALS, LAST_METRICS, LAST_PANES };

static const char *const titles[LAST_PANES] = {
	"Steps from last time: done, doing, dropped, or carried on? (s)",
	"Goals from last time: keep, revise, achieved or retired? (s)",
	"Metrics: a new measurement for each (m)",
};

struct last_time {
	int pane;
	size_t sel[LAST_PANES];
};

static struct last_time *last_of(const struct app *app)
{
	return ui_state(app, SCREEN_LAST_TIME);
}

static struct item_list pane_list(struct last_time *l, int pane)
{
	switch (pane) {
	case LAST_STEPS: return steps_item_list(&l->sel[pane]);
	case LAST_GOALS: return goals_item_list(&l->sel[pane]);
	default: return metrics_item_list(&l->sel[pane]);
	}
}

static void last_time_draw(struct app *app, int top, int height)
{
	struct last_time *l = last_of(app);
	int pane_h = height / LAST_PANES;
	for (int p = 0; p < LAST_PANES; p++) {
		int y = top + p * pane_h;
		struct item_list v = pane_list(l, p);
		ui_pane_title(app, y, 2, titles[p], l->pane == p);
		item_list_draw(app, &v, y + 1, pane_h - 2);
	}
}

static unsigned last_time_act(struct app *app, enum action action, int digit)
{
	(void)digit;
	const struct session *s = app->ws->s;
	struct last_time *l = last_of(app);
	struct item_list v = pane_list(l, l->pane);
	size_t n = session_list_len(s, v.list);
	switch (action) {
	case ACT_NEXT_PANE:
		l->pane = (l->pane + 1) % LAST_PANES;
		return UI_REDRAW;
	case ACT_STATUS:
		if (n == 0 || l->pane == LAST_METRICS)
			return UI_IGNORED;
		return l->pane == LAST_STEPS ? steps_cycle(app, l->sel[LAST_STEPS], false)
					     : goals_next_status(app, l->sel[LAST_GOALS]);
	case ACT_MEASURE:
		if (n == 0 || l->pane != LAST_METRICS)
			return UI_IGNORED;
		metrics_open_measure_form(app, l->sel[LAST_METRICS]);
		return UI_REDRAW;
	default:
		return list_move(v.sel, n, action, 5);
	}
}

static void last_time_enter(struct app *app)
{
	last_of(app)->pane = 0;
}

static void last_time_update(struct app *app)
{
	struct last_time *l = last_of(app);
	for (int p = 0; p < LAST_PANES; p++) {
		struct item_list v = pane_list(l, p);
		list_clamp(v.sel, session_list_len(app->ws->s, v.list));
	}
}

static const struct hint hints[] = {
	HINT(ACT_NEXT_PANE, "list"), HINT(ACT_STATUS, "status"), HINT(ACT_MEASURE, "measure"),
	STAGE_HINTS_TAIL,
};

const struct screen_ops last_time_screen = {
	.name = "last time",
	.contexts = CTX_STAGE | CTX_LAST,
	.state_size = sizeof(struct last_time),
	.in_session = true,
	.enter = last_time_enter,
	.update = last_time_update,
	.draw = last_time_draw,
	.act = last_time_act,
	.hints = hints,
};
