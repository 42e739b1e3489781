/* Stage 2, goals and values: the values the team holds and its long-term
 * goals, each perhaps about a dimension; Tab goes from one list to the
 * other. */
#include <stdio.h>
#include <string.h>

#include "model/session_items.h"
#include "tui/item_form.h"
#include "tui/list.h"
#include "tui/stages.h"

struct goals {
	int pane;                       /* 0 values, 1 goals */
	size_t value_sel, goal_sel;
};

static struct goals *goals_of(const struct app *app)
{
	return ui_state(app, SCREEN_GOALS);
}

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

static struct item_list values_list(struct goals *g)
{
	return (struct item_list){LIST_VALUES, &g->value_sel,
				  "No values yet: what does the team hold to? (a adds one)",
				  value_row};
}

struct item_list goals_item_list(size_t *sel)
{
	return (struct item_list){LIST_GOALS, sel,
				  "No goals yet: where should we be in a year or two? (a adds one)",
				  goal_row};
}

static void draw(struct app *app, int top, int height)
{
	struct goals *g = goals_of(app);
	int values_h = height / 3;
	struct item_list values = values_list(g), goals = goals_item_list(&g->goal_sel);
	ui_pane_title(app, top, 2, "Values we hold", g->pane == 0);
	item_list_draw(app, &values, top + 1, values_h - 1);
	int gy = top + values_h + 1;
	ui_pane_title(app, gy, 2, "Long-term goals", g->pane == 1);
	ui_text(app, gy, app->cols - 36, 34, "dimension               status", ROLE_MUTED, false);
	item_list_draw(app, &goals, gy + 1, top + height - gy - 1);
}

static bool value_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	const char *text = ui_form_value(app, 0);
	enum err_code code = form->add ? ws_add_value(app->ws, text, &err)
				       : ws_edit_value(app->ws, form->index, text, &err);
	if (ui_refused(app, code, &err))
		return false;
	if (form->add)
		item_list_select_last(app, LIST_VALUES, &goals_of(app)->value_sel);
	return true;
}

static bool goal_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	const char *text = ui_form_value(app, 0);
	const char *dim = form->keys[ui_form_choice_of(app, 1)];
	enum err_code code = form->add ? ws_add_goal(app->ws, text, dim, &err)
				       : ws_edit_goal(app->ws, form->index, text, dim, &err);
	if (ui_refused(app, code, &err))
		return false;
	if (form->add)
		item_list_select_last(app, LIST_GOALS, &goals_of(app)->goal_sel);
	return true;
}

static void open_form(struct app *app, bool add)
{
	const struct session *s = app->ws->s;
	struct goals *g = goals_of(app);
	if (g->pane == 0) {
		size_t i = g->value_sel;
		struct item_form *form = item_form_new(add, i);
		if (add)
			item_form_suggest(form, s, LIST_VALUES);
		ui_form_open(app, add ? "New value" : "Edit value", value_done, form,
			     item_form_free);
		ui_form_text(app, "Value", add ? "" : s->values[i].text, TEXT_MAX_ITEM);
		ui_form_suggest(app, (const char *const *)form->suggest, form->nsuggest);
		return;
	}
	size_t i = g->goal_sel;
	struct item_form *form = item_form_new(add, i);
	size_t chosen = item_form_dimensions(form, s, add ? NULL : s->goals[i].dimension);
	if (add)
		item_form_suggest(form, s, LIST_GOALS);
	ui_form_open(app, add ? "New goal" : "Edit goal", goal_done, form, item_form_free);
	ui_form_text(app, "Goal", add ? "" : s->goals[i].text, TEXT_MAX_ITEM);
	ui_form_suggest(app, (const char *const *)form->suggest, form->nsuggest);
	ui_form_choice(app, "Dimension", form->text, form->nchoices, chosen);
}

unsigned goals_next_status(struct app *app, size_t goal)
{
	struct error err;
	enum goal_status next = (app->ws->s->goals[goal].status + 1) % GOAL_STATUS_COUNT;
	if (ws_goal_status(app->ws, goal, next, &err))
		ui_error(app, &err);
	return UI_REDRAW;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct goals *g = goals_of(app);
	struct item_list v = g->pane == 0 ? values_list(g) : goals_item_list(&g->goal_sel);
	size_t n = session_list_len(app->ws->s, v.list);
	switch (action) {
	case ACT_NEXT_PANE:
		g->pane = !g->pane;
		return UI_REDRAW;
	case ACT_ADD:
		open_form(app, true);
		return UI_REDRAW;
	case ACT_EDIT:
		if (n == 0)
			return UI_IGNORED;
		open_form(app, false);
		return UI_REDRAW;
	case ACT_STATUS:
		return g->pane == 1 && n ? goals_next_status(app, g->goal_sel) : UI_IGNORED;
	default:
		return item_list_act(app, &v, action);
	}
}

static void enter(struct app *app)
{
	goals_of(app)->pane = 0;
}

static void update(struct app *app)
{
	struct goals *g = goals_of(app);
	list_clamp(&g->value_sel, app->ws->s->nvalues);
	list_clamp(&g->goal_sel, app->ws->s->ngoals);
}

static const struct hint hints[] = {
	HINT(ACT_NEXT_PANE, "values/goals"), HINT(ACT_ADD, "add"), HINT(ACT_EDIT, "edit"),
	HINT(ACT_STATUS, "status"), STAGE_HINTS_TAIL,
};

const struct screen_ops goals_screen = {
	.name = "goals",
	.contexts = CTX_STAGE | CTX_LIST | CTX_GOALS,
	.state_size = sizeof(struct goals),
	.in_session = true,
	.enter = enter,
	.update = update,
	.draw = draw,
	.act = act,
	.hints = hints,
};
