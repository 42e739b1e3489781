/* Stage 4, prioritized steps: candidate steps with a horizon, a status,
 * an owner, a goal, impact and effort, and the points and rank a ballot
 * gave them; v opens a ballot, r reveals it, R shows the roadmap. */
#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"
#include "model/session_items.h"
#include "tui/item_form.h"
#include "tui/list.h"
#include "tui/stages.h"

/* The columns right of the step's text, in display columns. Each keeps
 * its last column blank, so a long status ("Carried on") or owner never
 * runs into the next one. */
enum { COL_HORIZON, COL_STATUS, COL_OWNER, COL_SCORES, COL_POINTS, STEP_NCOLUMNS };
static const struct step_column {
	const char *title;
	int width;
	bool right;             /* numbers end at the column's right */
} step_columns[STEP_NCOLUMNS] = {
	{"horizon", 8, false}, {"status", 11, false}, {"owner", 11, false},
	{"I/E", 4, true}, {"points", 7, true},
};
#define STEP_COLUMNS 41     /* the widths above, added up */

/* The step form's choices: the horizons, the statuses, then the goals. */
enum { STEP_LABELS = HORIZON_COUNT + STEP_STATUS_COUNT };

struct steps {
	size_t sel;
	ptrdiff_t points_from;  /* the ballot the points column shows, or -1 */
};

static struct steps *steps_of(const struct app *app)
{
	return ui_state(app, SCREEN_STEPS);
}

/* One cell of the columns from x: the text fitted to the column less its
 * gap, on the left or ending at the gap. */
static void step_cell(struct app *app, int y, int x, int col, const char *text, enum role role)
{
	const struct step_column *c = &step_columns[col];
	int room = c->width - 1;
	int w = (int)utf8_width(text);
	int at = c->right && w < room ? room - w : 0;
	ui_text(app, y, x + at, room - at, text, role, false);
}

static void step_cells(struct app *app, int y, const char *const cells[STEP_NCOLUMNS],
		       enum role role)
{
	int x = app->cols - 2 - STEP_COLUMNS;
	for (int col = 0; col < STEP_NCOLUMNS; col++) {
		step_cell(app, y, x, col, cells[col], role);
		x += step_columns[col].width;
	}
}

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
	int text_w = app->cols - 8 - STEP_COLUMNS, goal_w = item_list_goal_width(text_w);
	ui_textf(app, y, 2, 4, role, "%3s", rank);
	ui_text(app, y, 6, text_w - goal_w - 1, st->text, role, false);
	if (goal_w)
		ui_text(app, y, 6 + text_w - goal_w, goal_w - 1,
			item_list_goal_text(app->ws->s, st->goal_id), role, false);
	const char *const cells[STEP_NCOLUMNS] = {
		horizon_label(st->horizon), step_status_label(st->status),
		st->owner ? st->owner : "", scores, points,
	};
	step_cells(app, y, cells, role);
}

struct item_list steps_item_list(size_t *sel)
{
	return (struct item_list){LIST_STEPS, sel,
				  "No steps yet: what could we do, soon and later? (a adds one)",
				  step_row};
}

/* Over the points column: which ballot it shows, and where the others
 * are, as far as the width allows. */
static void points_label(struct app *app, int y, int x, int width, ptrdiff_t ballot)
{
	char label[64];
	int n = snprintf(label, sizeof label, "b: every ballot   points: ballot %td ->",
			 ballot + 1);
	int short_n = n - (int)strlen("b: every ballot   ");
	if (n > 0 && n >= width - 6)
		n = short_n;
	if (n > 0 && n < width - 6)
		ui_text(app, y, x + width - 1 - n, n, label + (int)strlen(label) - n, ROLE_MUTED,
			false);
}

static void draw(struct app *app, int top, int height)
{
	int text_w = app->cols - 8 - STEP_COLUMNS, goal_w = item_list_goal_width(text_w);
	ui_text(app, top, 2, 4, "  #", ROLE_MUTED, false);
	ui_text(app, top, 6, text_w - goal_w, "Step", ROLE_MUTED, false);
	if (goal_w)
		ui_text(app, top, 6 + text_w - goal_w, goal_w, "goal", ROLE_MUTED, false);
	const char *titles[STEP_NCOLUMNS];
	for (int col = 0; col < STEP_NCOLUMNS; col++)
		titles[col] = step_columns[col].title;
	step_cells(app, top, titles, ROLE_MUTED);
	ptrdiff_t shown = steps_of(app)->points_from;
	/* Which ballot the points column shows. */
	if (shown >= 0)
		points_label(app, top, 6, text_w, shown);
	const struct session *s = app->ws->s;
	struct item_list v = steps_item_list(&steps_of(app)->sel);
	if (goal_w || s->nsteps == 0) {
		item_list_draw(app, &v, top + 1, height - 1);
		return;
	}
	item_list_draw(app, &v, top + 1, height - 3);
	item_list_goal_line(app, top + height - 1, s->steps[steps_of(app)->sel].goal_id);
}

static bool step_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err = {0};
	struct step st = {.points = POINTS_NONE};
	if (!form->add)
		st = app->ws->s->steps[form->index];
	st.text = (char *)ui_form_value(app, 0);
	st.horizon = (enum horizon)ui_form_choice_of(app, 1);
	st.status = (enum step_status)ui_form_choice_of(app, 2);
	st.owner = (char *)ui_form_value(app, 3);
	st.goal_id = form->ids[STEP_LABELS + ui_form_choice_of(app, 4)];
	if (!item_form_score(ui_form_value(app, 5), &st.impact, "impact", &err) ||
	    !item_form_score(ui_form_value(app, 6), &st.effort, "effort", &err)) {
		ui_error(app, &err);
		return false;
	}
	enum err_code code = form->add ? ws_add_step(app->ws, &st, &err)
				       : ws_edit_step(app->ws, form->index, &st, &err);
	if (ui_refused(app, code, &err))
		return false;
	if (form->add)
		item_list_select_last(app, LIST_STEPS, &steps_of(app)->sel);
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
	size_t i = steps_of(app)->sel;
	const struct step *st = add ? NULL : &s->steps[i];
	char impact[4] = "", effort[4] = "";
	if (st && st->impact)
		snprintf(impact, sizeof impact, "%d", st->impact);
	if (st && st->effort)
		snprintf(effort, sizeof effort, "%d", st->effort);
	struct item_form *form = item_form_new(add, i);
	label_choices(form);
	size_t goal = item_form_goals(form, s, st ? st->goal_id : 0) - STEP_LABELS;
	item_form_people(form, s);
	ui_form_open(app, add ? "New step" : "Edit step", step_done, form, item_form_free);
	ui_form_text(app, "Step", st ? st->text : "", TEXT_MAX_ITEM);
	ui_form_choice(app, "Horizon", form->text, HORIZON_COUNT, st ? st->horizon : 0);
	ui_form_choice(app, "Status", form->text + HORIZON_COUNT, STEP_STATUS_COUNT,
		       st ? st->status : 0);
	ui_form_text(app, "Owner", st && st->owner ? st->owner : "", TEXT_MAX_NAME);
	ui_form_suggest(app, (const char *const *)form->suggest, form->nsuggest);
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
	return !ui_refused(app, ws_edit_step(app->ws, form->index, &st, &err), &err);
}

static void open_owner_form(struct app *app)
{
	size_t i = steps_of(app)->sel;
	const struct step *st = &app->ws->s->steps[i];
	struct item_form *form = item_form_new(false, i);
	item_form_people(form, app->ws->s);
	ui_form_open(app, "Who owns this step?", owner_done, form, item_form_free);
	ui_form_text(app, "Owner", st->owner ? st->owner : "", TEXT_MAX_NAME);
	ui_form_suggest(app, (const char *const *)form->suggest, form->nsuggest);
}

unsigned steps_cycle(struct app *app, size_t step, bool horizon)
{
	struct error err;
	struct step st = app->ws->s->steps[step];
	if (horizon)
		st.horizon = (st.horizon + 1) % HORIZON_COUNT;
	else
		st.status = (st.status + 1) % STEP_STATUS_COUNT;
	if (ws_edit_step(app->ws, step, &st, &err))
		ui_error(app, &err);
	return UI_REDRAW;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct steps *st = steps_of(app);
	struct item_list v = steps_item_list(&st->sel);
	size_t n = app->ws->s->nsteps;
	switch (action) {
	case ACT_BALLOT:
		vote_ballot_key(app);
		return UI_REDRAW;
	case ACT_REVEAL:
		vote_reveal_key(app);
		return UI_REDRAW;
	case ACT_ROADMAP:
		ui_show(app, SCREEN_ROADMAP);
		return UI_REDRAW;
	case ACT_BALLOTS:
		vote_show_ballots(app);
		return UI_REDRAW;
	case ACT_ADD:
		open_step_form(app, true);
		return UI_REDRAW;
	case ACT_EDIT:
		if (n == 0)
			return UI_IGNORED;
		open_step_form(app, false);
		return UI_REDRAW;
	case ACT_HORIZON:
	case ACT_STATUS:
		return n ? steps_cycle(app, st->sel, action == ACT_HORIZON) : UI_IGNORED;
	case ACT_OWNER:
		if (n == 0)
			return UI_IGNORED;
		open_owner_form(app);
		return UI_REDRAW;
	default:
		return item_list_act(app, &v, action);
	}
}

static void update(struct app *app)
{
	list_clamp(&steps_of(app)->sel, app->ws->s->nsteps);
	steps_of(app)->points_from = session_points_ballot(app->ws->s);
}

static const struct hint hints[] = {
	HINT(ACT_ADD, "add"), HINT(ACT_EDIT, "edit"), HINT(ACT_HORIZON, "horizon"),
	HINT(ACT_STATUS, "status"), HINT(ACT_BALLOT, "vote"), HINT(ACT_REVEAL, "reveal"),
	STAGE_HINTS_TAIL,
};

const struct screen_ops steps_screen = {
	.name = "steps",
	.contexts = CTX_STAGE | CTX_LIST | CTX_STEPS,
	.state_size = sizeof(struct steps),
	.in_session = true,
	.update = update,
	.draw = draw,
	.act = act,
	.hints = hints,
};
