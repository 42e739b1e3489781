/* Stage 3, metrics: per goal, what is measured, from where to where by
 * when, the latest measurement, the progress and a status. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/date.h"
#include "lib/utf8.h"
#include "model/session_items.h"
#include "tui/item_form.h"
#include "tui/list.h"
#include "tui/stages.h"

#define METRIC_COLUMNS 51   /* direction, baseline, target, now, date, bar, status */

struct metrics {
	size_t sel;
};

static struct metrics *metrics_of(const struct app *app)
{
	return ui_state(app, SCREEN_METRICS);
}

static void progress_bar(char *out, size_t size, double progress, int width)
{
	int filled = isnan(progress) ? 0 : (int)(progress * width + 0.5);
	if (filled < 0)
		filled = 0;
	if (filled > width)
		filled = width;
	size_t n = 0;
	for (int k = 0; k < width && n + 4 < size; k++)
		n += (size_t)snprintf(out + n, size - n, "%s", k < filled ? "█" : "·");
}

static enum role status_role(enum metric_status st)
{
	switch (st) {
	case METRIC_ON_TRACK:
	case METRIC_MET: return ROLE_GOOD;
	case METRIC_AT_RISK: return ROLE_WARN;
	case METRIC_OFF_TRACK: return ROLE_BAD;
	default: return ROLE_MUTED;
	}
}

/* The name, cut if it must be, then the unit in ( ), never cut. */
static void draw_name(struct app *app, int y, int width, const struct metric *m, enum role role)
{
	char unit[80] = "";
	if (m->unit && *m->unit)
		snprintf(unit, sizeof unit, " (%s)", m->unit);
	int unit_w = (int)utf8_width(unit);
	if (unit_w * 2 > width)
		unit_w = 0;
	int used = ui_text(app, y, 4, width - unit_w, m->name, role, false);
	if (unit_w)
		ui_text(app, y, 4 + used, unit_w, unit, role, false);
}

static void metric_row(struct app *app, int y, size_t i, enum role role)
{
	const struct session *s = app->ws->s;
	const struct metric *m = &s->metrics[i];
	char base[24], target[24], current[24], day[DATE_ISO_SIZE], bar[64];
	item_form_format_number(m->baseline, base, sizeof base);
	item_form_format_number(m->target, target, sizeof target);
	item_form_format_number(metric_current(m), current, sizeof current);
	item_form_format_day(m->target_date, day);
	double progress = metric_progress(m);
	progress_bar(bar, sizeof bar, progress, 8);
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	enum metric_status st = metric_status_on(m, start, date_today());
	int name_w = app->cols - 8 - METRIC_COLUMNS, goal_w = item_list_goal_width(name_w);
	draw_name(app, y, name_w - goal_w - 1, m, role);
	if (goal_w)
		ui_text(app, y, 4 + name_w - goal_w, goal_w - 1, item_list_goal_text(s, m->goal_id),
			role, false);
	ui_textf(app, y, 4 + name_w, 45, role, "%s %5s %6s %5s %-10s %s",
		 m->direction == DIRECTION_UP ? "^" : "v", base, target, current, day, bar);
	ui_text(app, y, app->cols - 14, 12, metric_status_label(st), role == ROLE_SELECTION
		? role : status_role(st), false);
}

struct item_list metrics_item_list(size_t *sel)
{
	return (struct item_list){LIST_METRICS, sel,
				  "No metrics yet: how will we know we are improving? (a adds one)",
				  metric_row};
}

static void draw(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	int name_w = app->cols - 8 - METRIC_COLUMNS, goal_w = item_list_goal_width(name_w);
	ui_text(app, top, 4, name_w - goal_w, "Metric (unit)", ROLE_MUTED, false);
	if (goal_w)
		ui_text(app, top, 4 + name_w - goal_w, goal_w, "goal", ROLE_MUTED, false);
	ui_textf(app, top, 4 + name_w, METRIC_COLUMNS, ROLE_MUTED, "%s %5s %6s %5s %-10s %-8s %s",
		 " ", "base", "target", "now", "by", "progress", "status");
	struct item_list v = metrics_item_list(&metrics_of(app)->sel);
	if (goal_w || s->nmetrics == 0) {
		item_list_draw(app, &v, top + 1, height - 1);
		return;
	}
	item_list_draw(app, &v, top + 1, height - 3);
	item_list_goal_line(app, top + height - 1, s->metrics[metrics_of(app)->sel].goal_id);
}

static bool metric_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err = {0};
	struct metric m = {.direction = ui_form_choice_of(app, 2) == 0 ? DIRECTION_UP
									: DIRECTION_DOWN,
			   .baseline_date = NO_DATE};
	m.name = (char *)ui_form_value(app, 0);
	m.unit = (char *)ui_form_value(app, 1);
	m.goal_id = form->ids[ui_form_choice_of(app, 6)];
	if (!item_form_number(ui_form_value(app, 3), &m.baseline, "baseline", &err) ||
	    !item_form_number(ui_form_value(app, 4), &m.target, "target", &err) ||
	    !item_form_day(ui_form_value(app, 5), &m.target_date, "target date", &err)) {
		ui_error(app, &err);
		return false;
	}
	if (!form->add)
		m.baseline_date = app->ws->s->metrics[form->index].baseline_date;
	enum err_code code = form->add ? ws_add_metric(app->ws, &m, &err)
				       : ws_edit_metric(app->ws, form->index, &m, &err);
	if (ui_refused(app, code, &err))
		return false;
	if (form->add)
		item_list_select_last(app, LIST_METRICS, &metrics_of(app)->sel);
	return true;
}

/* A suggested metric brings its unit and direction with its name. */
static void metric_picked(struct app *app, void *ctx, size_t field, size_t suggestion)
{
	const struct suggested_metric *m = item_form_metric(ctx, suggestion);
	if (field != 0 || m == NULL)
		return;
	ui_form_set_text(app, 1, m->unit);
	ui_form_set_choice(app, 2, m->direction == DIRECTION_DOWN);
}

static void open_metric_form(struct app *app, bool add)
{
	static const char *const directions[] = {"higher is better", "lower is better"};
	const struct session *s = app->ws->s;
	size_t i = metrics_of(app)->sel;
	const struct metric *m = add ? NULL : &s->metrics[i];
	char base[24] = "", target[24] = "", day[DATE_ISO_SIZE] = "";
	if (m) {
		item_form_format_number(m->baseline, base, sizeof base);
		item_form_format_number(m->target, target, sizeof target);
		item_form_format_day(m->target_date, day);
	}
	struct item_form *form = item_form_new(add, i);
	size_t goal = item_form_goals(form, s, m ? m->goal_id : 0);
	if (add)
		item_form_suggest(form, s, LIST_METRICS);
	ui_form_open(app, add ? "New metric" : "Edit metric", metric_done, form, item_form_free);
	ui_form_on_pick(app, metric_picked);
	ui_form_text(app, "Name", m ? m->name : "", TEXT_MAX_ITEM);
	ui_form_suggest(app, (const char *const *)form->suggest, form->nsuggest);
	ui_form_text(app, "Unit", m && m->unit ? m->unit : "", TEXT_MAX_NAME);
	ui_form_choice(app, "Direction", directions, 2, m && m->direction == DIRECTION_DOWN);
	ui_form_number(app, "Baseline", base);
	ui_form_number(app, "Target", target);
	ui_form_date(app, "Target date", day);
	ui_form_choice(app, "Goal", form->text, form->nchoices, goal);
}

static bool measure_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err = {0};
	double value;
	long day;
	if (!item_form_number(ui_form_value(app, 0), &value, "value", &err) ||
	    !item_form_day(ui_form_value(app, 1), &day, "date", &err)) {
		ui_error(app, &err);
		return false;
	}
	if (isnan(value) || day == NO_DATE) {
		error_set(&err, ERR_DATA, "%s", "a measurement needs a value and a date");
		ui_error(app, &err);
		return false;
	}
	if (ui_refused(app, ws_measure(app->ws, form->index, value, day, &err), &err))
		return false;
	ui_message(app, ROLE_GOOD, "%s", "measurement recorded");
	return true;
}

void metrics_open_measure_form(struct app *app, size_t metric)
{
	char today[DATE_ISO_SIZE], title[400];
	date_format(date_today(), today);
	struct sbuf name = SBUF_INIT;
	item_list_name(app->ws->s, LIST_METRICS, metric, 60, &name);
	snprintf(title, sizeof title, "Record a measurement: %s", sbuf_str(&name));
	sbuf_free(&name);
	ui_form_open(app, title, measure_done, item_form_new(false, metric), item_form_free);
	ui_form_number(app, "Value", "");
	ui_form_date(app, "Taken on", today);
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct metrics *m = metrics_of(app);
	struct item_list v = metrics_item_list(&m->sel);
	size_t n = app->ws->s->nmetrics;
	switch (action) {
	case ACT_ADD:
		open_metric_form(app, true);
		return UI_REDRAW;
	case ACT_EDIT:
		if (n == 0)
			return UI_IGNORED;
		open_metric_form(app, false);
		return UI_REDRAW;
	case ACT_MEASURE:
		if (n == 0)
			return UI_IGNORED;
		metrics_open_measure_form(app, m->sel);
		return UI_REDRAW;
	default:
		return item_list_act(app, &v, action);
	}
}

static void update(struct app *app)
{
	list_clamp(&metrics_of(app)->sel, app->ws->s->nmetrics);
}

static const struct hint hints[] = {
	HINT(ACT_ADD, "add"), HINT(ACT_EDIT, "edit"), HINT(ACT_MEASURE, "measure"),
	HINT(ACT_DELETE, "delete"), STAGE_HINTS_TAIL,
};

const struct screen_ops metrics_screen = {
	.name = "metrics",
	.contexts = CTX_STAGE | CTX_LIST | CTX_METRICS,
	.state_size = sizeof(struct metrics),
	.in_session = true,
	.update = update,
	.draw = draw,
	.act = act,
	.hints = hints,
};
