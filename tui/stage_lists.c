/* Stages 2-4: goals and values, metrics, prioritized steps. Each is a list
 * of items with a form to add and edit them; moving and deleting work the
 * same way for all, so they are written once here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/session_items.h"
#include "tui/item_form.h"
#include "tui/ui.h"


/* ---- what every list shares ---- */

struct list_view {
	enum session_list list;
	size_t *sel;
	const char *empty;              /* what to say when there is nothing */
	void (*row)(struct app *app, int y, size_t i, enum role role);
};

static void draw_list(struct app *app, const struct list_view *v, int top, int height)
{
	size_t n = session_list_len(app->ws->s, v->list);
	if (n == 0) {
		ui_text(app, top, 4, app->cols - 8, v->empty, ROLE_MUTED, false);
		return;
	}
	if (*v->sel >= n)
		*v->sel = n - 1;
	size_t first = ui_list_top(*v->sel, n, height);
	for (size_t i = first; i < n && (int)(i - first) < height; i++) {
		int y = top + (int)(i - first);
		enum role role = i == *v->sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 1, app->cols - 2, role);
		v->row(app, y, i, role);
	}
}

static const char *const list_names[LIST_COUNT] = {
	[LIST_VALUES] = "value", [LIST_GOALS] = "goal", [LIST_METRICS] = "metric",
	[LIST_STEPS] = "step", [LIST_PARKING] = "parked topic",
	[LIST_PARTICIPANTS] = "participant",
};

static void delete_confirmed(struct app *app, void *ctx)
{
	const struct item_form *what = ctx;
	struct error err;
	if (ws_remove(app->ws, what->list, what->index, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "deleted the %s; u brings it back",
			   list_names[what->list]);
}

static unsigned list_act(struct app *app, const struct list_view *v, enum action action)
{
	struct error err;
	size_t n = session_list_len(app->ws->s, v->list);
	size_t i = *v->sel;
	switch (action) {
	case ACT_DELETE:
		if (n) {
			char question[80];
			snprintf(question, sizeof question, "Delete this %s?", list_names[v->list]);
			struct item_form *what = item_form_new(false, i);
			what->list = v->list;
			ui_confirm(app, question, delete_confirmed, what, item_form_free);
		}
		return UI_HANDLED;
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP: {
		bool down = action == ACT_MOVE_DOWN;
		if (n < 2 || (down && i + 1 >= n) || (!down && i == 0))
			return UI_HANDLED;
		size_t to = down ? i + 1 : i - 1;
		if (ws_move(app->ws, v->list, i, to, &err))
			ui_error(app, &err);
		else
			*v->sel = to;
		return UI_HANDLED;
	}
	default:
		return ui_list_move(v->sel, n, action, 10);
	}
}

/* After a form adds an item, the selection follows it to the end. */
static void select_last(struct app *app, enum session_list list, size_t *sel)
{
	size_t n = session_list_len(app->ws->s, list);
	*sel = n ? n - 1 : 0;
	ui_message(app, ROLE_GOOD, "added the %s", list_names[list]);
}

static bool failed(struct app *app, enum err_code code, const struct error *err)
{
	if (code)
		ui_error(app, err);
	return code != ERR_OK;
}

/* "3.5" -> 3.5; "" -> NAN; anything else is refused. */
static bool parse_number(const char *text, double *out, const char *what, struct error *err)
{
	char *end;
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		*out = NAN;
		return true;
	}
	*out = strtod(text, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || !isfinite(*out)) {
		error_set(err, ERR_DATA, "%s: a number, like 40 or 2.5", what);
		return false;
	}
	return true;
}

static bool parse_day(const char *text, long *out, const char *what, struct error *err)
{
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		*out = NO_DATE;
		return true;
	}
	if (!date_parse(text, out)) {
		error_set(err, ERR_DATA, "%s: a date like 2027-06-30", what);
		return false;
	}
	return true;
}

/* The shortest text that reads back as exactly v, so that saving a form
 * unchanged changes nothing. */
static void format_number(double v, char *out, size_t size)
{
	if (isnan(v)) {
		out[0] = '\0';
		return;
	}
	for (int digits = 6; digits <= 17; digits++) {
		snprintf(out, size, "%.*g", digits, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

static void format_day(long day, char *out)
{
	if (day == NO_DATE)
		out[0] = '\0';
	else
		date_format(day, out);
}

/* ---- stage 2: goals and values ---- */

static void value_row(struct app *app, int y, size_t i, enum role role)
{
	ui_text(app, y, 4, app->cols - 8, app->ws->s->values[i].text, role, false);
}

static void goal_row(struct app *app, int y, size_t i, enum role role)
{
	const struct session *s = app->ws->s;
	const struct goal *g = &s->goals[i];
	int status_w = 10, dim_w = 24;
	int text_w = app->cols - 8 - status_w - dim_w;
	ui_text(app, y, 4, text_w - 1, g->text, role, false);
	ptrdiff_t d = g->dimension ? session_find_dimension(s, g->dimension) : -1;
	ui_text(app, y, 4 + text_w, dim_w - 1, d >= 0 ? s->dims[d].name : "", role, false);
	ui_text(app, y, 4 + text_w + dim_w, status_w, goal_status_label(g->status),
		g->status == GOAL_ACHIEVED ? ROLE_GOOD : role, false);
}

static struct list_view values_view(struct app *app)
{
	return (struct list_view){LIST_VALUES, &app->value_sel,
				  "No values yet: what does the team hold to? (a adds one)",
				  value_row};
}

static struct list_view goals_view(struct app *app)
{
	return (struct list_view){LIST_GOALS, &app->sel[STAGE_GOALS_VALUES],
				  "No goals yet: where should we be in a year or two? (a adds one)",
				  goal_row};
}

void stage_draw_goals(struct app *app, int top, int height)
{
	int values_h = height / 3;
	struct list_view values = values_view(app), goals = goals_view(app);
	ui_text(app, top, 2, app->cols - 4, "Values we hold", app->pane == 0 ? ROLE_TITLE :
		ROLE_MUTED, false);
	draw_list(app, &values, top + 1, values_h - 1);
	int gy = top + values_h + 1;
	ui_text(app, gy, 2, app->cols - 4, "Long-term goals", app->pane == 1 ? ROLE_TITLE :
		ROLE_MUTED, false);
	ui_text(app, gy, app->cols - 36, 34, "dimension               status", ROLE_MUTED, false);
	draw_list(app, &goals, gy + 1, top + height - gy - 1);
}

static bool value_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	const char *text = ui_form_value(app, 0);
	bool add = form->add;
	enum err_code code = add ? ws_add_value(app->ws, text, &err)
				 : ws_edit_value(app->ws, form->index, text, &err);
	if (failed(app, code, &err))
		return false;
	if (add)
		select_last(app, LIST_VALUES, &app->value_sel);
	return true;
}

static bool goal_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	const char *text = ui_form_value(app, 0);
	const char *dim = form->keys[ui_form_choice_of(app, 1)];
	bool add = form->add;
	enum err_code code = add ? ws_add_goal(app->ws, text, dim, &err)
				 : ws_edit_goal(app->ws, form->index, text, dim, &err);
	if (failed(app, code, &err))
		return false;
	if (add)
		select_last(app, LIST_GOALS, &app->sel[STAGE_GOALS_VALUES]);
	return true;
}

static void open_goal_form(struct app *app, bool add)
{
	const struct session *s = app->ws->s;
	if (app->pane == 0) {
		size_t i = app->value_sel;
		ui_form_open(app, add ? "New value" : "Edit value", value_done,
			     item_form_new(add, i), item_form_free);
		ui_form_text(app, "Value", add ? "" : s->values[i].text, TEXT_MAX_ITEM);
		return;
	}
	size_t i = app->sel[STAGE_GOALS_VALUES];
	struct item_form *form = item_form_new(add, i);
	size_t chosen = item_form_dimensions(form, s, add ? NULL : s->goals[i].dimension);
	ui_form_open(app, add ? "New goal" : "Edit goal", goal_done, form, item_form_free);
	ui_form_text(app, "Goal", add ? "" : s->goals[i].text, TEXT_MAX_ITEM);
	ui_form_choice(app, "Dimension", form->text, form->nchoices, chosen);
}

unsigned stage_act_goals(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct error err;
	const struct session *s = app->ws->s;
	struct list_view v = app->pane == 0 ? values_view(app) : goals_view(app);
	size_t n = session_list_len(s, v.list);
	switch (action) {
	case ACT_NEXT_PANE:
		app->pane = !app->pane;
		return UI_HANDLED;
	case ACT_ADD:
		open_goal_form(app, true);
		return UI_HANDLED;
	case ACT_EDIT:
		if (n)
			open_goal_form(app, false);
		return UI_HANDLED;
	case ACT_STATUS:
		if (app->pane == 1 && n) {
			size_t i = *v.sel;
			enum goal_status next = (s->goals[i].status + 1) % GOAL_STATUS_COUNT;
			if (ws_goal_status(app->ws, i, next, &err))
				ui_error(app, &err);
		}
		return UI_HANDLED;
	default:
		return list_act(app, &v, action);
	}
}

/* ---- stage 3: metrics ---- */

#define METRIC_COLUMNS 50   /* direction, baseline, target, now, date, bar, status */

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

static void metric_row(struct app *app, int y, size_t i, enum role role)
{
	const struct session *s = app->ws->s;
	const struct metric *m = &s->metrics[i];
	char base[24], target[24], current[24], day[DATE_ISO_SIZE], bar[64];
	format_number(m->baseline, base, sizeof base);
	format_number(m->target, target, sizeof target);
	format_number(metric_current(m), current, sizeof current);
	format_day(m->target_date, day);
	double progress = metric_progress(m);
	progress_bar(bar, sizeof bar, progress, 8);
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	enum metric_status st = metric_status_on(m, start, date_today());
	int name_w = app->cols - 8 - METRIC_COLUMNS;
	ui_text(app, y, 4, name_w - 1, m->name, role, false);
	ui_textf(app, y, 4 + name_w, 44, role, "%s %5s %5s %5s %-10s %s",
		 m->direction == DIRECTION_UP ? "^" : "v", base, target, current, day, bar);
	ui_text(app, y, app->cols - 14, 12, metric_status_label(st), role == ROLE_SELECTION
		? role : status_role(st), false);
}

static struct list_view metrics_view(struct app *app)
{
	return (struct list_view){LIST_METRICS, &app->sel[STAGE_METRICS],
				  "No metrics yet: how will we know we are improving? (a adds one)",
				  metric_row};
}

void stage_draw_metrics(struct app *app, int top, int height)
{
	int name_w = app->cols - 8 - METRIC_COLUMNS;
	ui_text(app, top, 4, name_w, "Metric", ROLE_MUTED, false);
	ui_textf(app, top, 4 + name_w, METRIC_COLUMNS, ROLE_MUTED, "%s %5s %5s %5s %-10s %-8s %s",
		 " ", "base", "goal", "now", "by", "progress", "status");
	struct list_view v = metrics_view(app);
	draw_list(app, &v, top + 1, height - 1);
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
	if (!parse_number(ui_form_value(app, 3), &m.baseline, "baseline", &err) ||
	    !parse_number(ui_form_value(app, 4), &m.target, "target", &err) ||
	    !parse_day(ui_form_value(app, 5), &m.target_date, "target date", &err)) {
		ui_error(app, &err);
		return false;
	}
	bool add = form->add;
	if (!add)
		m.baseline_date = app->ws->s->metrics[form->index].baseline_date;
	enum err_code code = add ? ws_add_metric(app->ws, &m, &err)
				 : ws_edit_metric(app->ws, form->index, &m, &err);
	if (failed(app, code, &err))
		return false;
	if (add)
		select_last(app, LIST_METRICS, &app->sel[STAGE_METRICS]);
	return true;
}

static void open_metric_form(struct app *app, bool add)
{
	static const char *const directions[] = {"higher is better", "lower is better"};
	const struct session *s = app->ws->s;
	size_t i = app->sel[STAGE_METRICS];
	const struct metric *m = add ? NULL : &s->metrics[i];
	char base[24] = "", target[24] = "", day[DATE_ISO_SIZE] = "";
	if (m) {
		format_number(m->baseline, base, sizeof base);
		format_number(m->target, target, sizeof target);
		format_day(m->target_date, day);
	}
	struct item_form *form = item_form_new(add, i);
	size_t goal = item_form_goals(form, s, m ? m->goal_id : 0);
	ui_form_open(app, add ? "New metric" : "Edit metric", metric_done, form, item_form_free);
	ui_form_text(app, "Name", m ? m->name : "", TEXT_MAX_ITEM);
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
	if (!parse_number(ui_form_value(app, 0), &value, "value", &err) ||
	    !parse_day(ui_form_value(app, 1), &day, "date", &err)) {
		ui_error(app, &err);
		return false;
	}
	if (isnan(value) || day == NO_DATE) {
		error_set(&err, ERR_DATA, "%s", "a measurement needs a value and a date");
		ui_error(app, &err);
		return false;
	}
	if (failed(app, ws_measure(app->ws, form->index, value, day, &err), &err))
		return false;
	ui_message(app, ROLE_GOOD, "%s", "measurement recorded");
	return true;
}

static void open_measure_form(struct app *app)
{
	char today[DATE_ISO_SIZE];
	date_format(date_today(), today);
	ui_form_open(app, "Record a measurement", measure_done,
		     item_form_new(false, app->sel[STAGE_METRICS]), item_form_free);
	ui_form_number(app, "Value", "");
	ui_form_date(app, "Taken on", today);
}

unsigned stage_act_metrics(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct list_view v = metrics_view(app);
	size_t n = app->ws->s->nmetrics;
	switch (action) {
	case ACT_ADD:
		open_metric_form(app, true);
		return UI_HANDLED;
	case ACT_EDIT:
		if (n)
			open_metric_form(app, false);
		return UI_HANDLED;
	case ACT_MEASURE:
		if (n)
			open_measure_form(app);
		return UI_HANDLED;
	default:
		return list_act(app, &v, action);
	}
}

/* ---- stage 4: prioritized steps ---- */

#define STEP_COLUMNS 40     /* horizon, status, owner, impact/effort, points */

static void step_row(struct app *app, int y, size_t i, enum role role)
{
	const struct step *st = &app->ws->s->steps[i];
	char rank[16] = "", points[24] = "", scores[12] = "";
	if (st->rank > 0)
		snprintf(rank, sizeof rank, "%d", st->rank);
	if (st->points != POINTS_NONE)
		snprintf(points, sizeof points, "%ld", st->points);
	if (st->impact || st->effort)
		snprintf(scores, sizeof scores, "%c/%c", st->impact ? '0' + st->impact : '-',
			 st->effort ? '0' + st->effort : '-');
	int text_w = app->cols - 8 - STEP_COLUMNS;
	ui_textf(app, y, 2, 4, role, "%3s", rank);
	ui_text(app, y, 6, text_w - 1, st->text, role, false);
	int x = 6 + text_w;
	ui_textf(app, y, x, 18, role, "%-7s %-9s", horizon_label(st->horizon),
		 step_status_label(st->status));
	ui_text(app, y, x + 18, 10, st->owner ? st->owner : "", role, false);
	ui_textf(app, y, x + 28, 12, role, "%4s %6s", scores, points);
}

static struct list_view steps_view(struct app *app)
{
	return (struct list_view){LIST_STEPS, &app->sel[STAGE_STEPS],
				  "No steps yet: what could we do, soon and later? (a adds one)",
				  step_row};
}

void stage_draw_steps(struct app *app, int top, int height)
{
	if (app->vote.mode != VOTE_NONE) {
		stage_draw_vote(app, top, height);
		return;
	}
	int text_w = app->cols - 8 - STEP_COLUMNS;
	ui_text(app, top, 2, 4, "  #", ROLE_MUTED, false);
	ui_text(app, top, 6, text_w, "Step", ROLE_MUTED, false);
	ui_textf(app, top, 6 + text_w, STEP_COLUMNS, ROLE_MUTED, "%-7s %-9s %-9s %4s %6s",
		 "horizon", "status", "owner", "I/E", "points");
	struct list_view v = steps_view(app);
	draw_list(app, &v, top + 1, height - 1);
}

static bool parse_score(const char *text, int *out, const char *what, struct error *err)
{
	double v;
	if (!parse_number(text, &v, what, err))
		return false;
	if (isnan(v)) {
		*out = SCORE_NONE;
		return true;
	}
	if (v < 1 || v > 5 || v != (int)v) {
		error_set(err, ERR_DATA, "%s: a whole number from 1 to 5, or empty", what);
		return false;
	}
	*out = (int)v;
	return true;
}

/* The step form's choices: the horizons, the statuses, then the goals. */
enum { STEP_LABELS = HORIZON_COUNT + STEP_STATUS_COUNT };

static bool step_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err = {0};
	bool add = form->add;
	struct step st = {.points = POINTS_NONE};
	if (!add)
		st = app->ws->s->steps[form->index];
	st.text = (char *)ui_form_value(app, 0);
	st.horizon = (enum horizon)ui_form_choice_of(app, 1);
	st.status = (enum step_status)ui_form_choice_of(app, 2);
	st.owner = (char *)ui_form_value(app, 3);
	st.goal_id = form->ids[STEP_LABELS + ui_form_choice_of(app, 4)];
	if (!parse_score(ui_form_value(app, 5), &st.impact, "impact", &err) ||
	    !parse_score(ui_form_value(app, 6), &st.effort, "effort", &err)) {
		ui_error(app, &err);
		return false;
	}
	enum err_code code = add ? ws_add_step(app->ws, &st, &err)
				 : ws_edit_step(app->ws, form->index, &st, &err);
	if (failed(app, code, &err))
		return false;
	if (add)
		select_last(app, LIST_STEPS, &app->sel[STAGE_STEPS]);
	return true;
}


static void label_choices(struct item_form *labels)
{
	for (int h = 0; h < HORIZON_COUNT; h++)
		item_form_choice(labels, horizon_label((enum horizon)h), 0, NULL);
	for (int st = 0; st < STEP_STATUS_COUNT; st++)
		item_form_choice(labels, step_status_label((enum step_status)st), 0, NULL);
}

static void open_step_form(struct app *app, bool add)
{
	const struct session *s = app->ws->s;
	size_t i = app->sel[STAGE_STEPS];
	const struct step *st = add ? NULL : &s->steps[i];
	char impact[4] = "", effort[4] = "";
	if (st && st->impact)
		snprintf(impact, sizeof impact, "%d", st->impact);
	if (st && st->effort)
		snprintf(effort, sizeof effort, "%d", st->effort);
	struct item_form *form = item_form_new(add, i);
	label_choices(form);
	size_t goal = item_form_goals(form, s, st ? st->goal_id : 0) - STEP_LABELS;
	ui_form_open(app, add ? "New step" : "Edit step", step_done, form, item_form_free);
	ui_form_text(app, "Step", st ? st->text : "", TEXT_MAX_ITEM);
	ui_form_choice(app, "Horizon", form->text, HORIZON_COUNT, st ? st->horizon : 0);
	ui_form_choice(app, "Status", form->text + HORIZON_COUNT, STEP_STATUS_COUNT,
		       st ? st->status : 0);
	ui_form_text(app, "Owner", st && st->owner ? st->owner : "", TEXT_MAX_NAME);
	ui_form_choice(app, "Goal", form->text + STEP_LABELS, form->nchoices - STEP_LABELS, goal);
	ui_form_number(app, "Impact (1-5)", impact);
	ui_form_number(app, "Effort (1-5)", effort);
}

static bool owner_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	struct step st = app->ws->s->steps[form->index];
	st.owner = (char *)ui_form_value(app, 0);
	return !failed(app, ws_edit_step(app->ws, form->index, &st, &err), &err);
}

static void open_owner_form(struct app *app)
{
	const struct step *st = &app->ws->s->steps[app->sel[STAGE_STEPS]];
	ui_form_open(app, "Who owns this step?", owner_done,
		     item_form_new(false, app->sel[STAGE_STEPS]), item_form_free);
	ui_form_text(app, "Owner", st->owner ? st->owner : "", TEXT_MAX_NAME);
}

static void cycle_step(struct app *app, bool horizon)
{
	struct error err;
	size_t i = app->sel[STAGE_STEPS];
	struct step st = app->ws->s->steps[i];
	if (horizon)
		st.horizon = (st.horizon + 1) % HORIZON_COUNT;
	else
		st.status = (st.status + 1) % STEP_STATUS_COUNT;
	if (ws_edit_step(app->ws, i, &st, &err))
		ui_error(app, &err);
}

unsigned stage_act_steps(struct app *app, enum action action, int digit)
{
	unsigned voted = stage_act_vote(app, action, digit);
	if (voted != UI_IGNORED || app->vote.mode != VOTE_NONE)
		return voted;
	struct list_view v = steps_view(app);
	size_t n = app->ws->s->nsteps;
	switch (action) {
	case ACT_ADD:
		open_step_form(app, true);
		return UI_HANDLED;
	case ACT_EDIT:
		if (n)
			open_step_form(app, false);
		return UI_HANDLED;
	case ACT_HORIZON:
	case ACT_STATUS:
		if (n)
			cycle_step(app, action == ACT_HORIZON);
		return UI_HANDLED;
	case ACT_OWNER:
		if (n)
			open_owner_form(app);
		return UI_HANDLED;
	default:
		return list_act(app, &v, action);
	}
}

/* ---- a check-in opens on last time: the carried steps, goals, metrics ---- */

enum { LAST_STEPS, LAST_GOALS, LAST_METRICS, LAST_PANES };

static const char *const last_titles[LAST_PANES] = {
	"Steps from last time: done, doing, dropped, or carried on? (s)",
	"Goals from last time: keep, revise, achieved or retired? (s)",
	"Metrics: a new measurement for each (m)",
};

void stage_draw_last_time(struct app *app, int top, int height)
{
	struct list_view views[LAST_PANES] = {steps_view(app), goals_view(app),
					      metrics_view(app)};
	int pane_h = height / LAST_PANES;
	for (int p = 0; p < LAST_PANES; p++) {
		int y = top + p * pane_h;
		ui_text(app, y, 2, app->cols - 4, last_titles[p],
			app->pane == p ? ROLE_TITLE : ROLE_MUTED, false);
		draw_list(app, &views[p], y + 1, pane_h - 2);
	}
}

unsigned stage_act_last_time(struct app *app, enum action action, int digit)
{
	struct error err;
	const struct session *s = app->ws->s;
	if (app->pane >= LAST_PANES)
		app->pane = 0;
	switch (action) {
	case ACT_NEXT_PANE:
		app->pane = (app->pane + 1) % LAST_PANES;
		return UI_HANDLED;
	case ACT_STATUS:
		if (app->pane == LAST_STEPS && s->nsteps)
			cycle_step(app, false);
		if (app->pane == LAST_GOALS && s->ngoals) {
			size_t i = app->sel[STAGE_GOALS_VALUES];
			enum goal_status next = (s->goals[i].status + 1) % GOAL_STATUS_COUNT;
			if (ws_goal_status(app->ws, i, next, &err))
				ui_error(app, &err);
		}
		return UI_HANDLED;
	case ACT_MEASURE:
		if (app->pane == LAST_METRICS && s->nmetrics)
			open_measure_form(app);
		return UI_HANDLED;
	default:
		break;
	}
	struct list_view views[LAST_PANES] = {steps_view(app), goals_view(app),
					      metrics_view(app)};
	(void)digit;
	return ui_list_move(views[app->pane].sel, session_list_len(s, views[app->pane].list),
			    action, 5);
}
