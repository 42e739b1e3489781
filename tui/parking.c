/* The parking lot: topics put aside for later, shown over any stage (L),
 * parked from any stage (P). */
#include "tui/item_form.h"
#include "tui/list.h"
#include "tui/stages.h"

struct parking {
	size_t sel;
};

static struct parking *parking_of(const struct app *app)
{
	return ui_state(app, SCREEN_PARKING);
}

static void draw(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	size_t sel = parking_of(app)->sel;
	ui_text(app, top, 2, app->cols - 4, "Parking lot: for later, not for now", ROLE_TITLE,
		false);
	if (s->nparking == 0) {
		ui_text(app, top + 2, 4, app->cols - 8, "Nothing parked. P parks a topic.",
			ROLE_MUTED, false);
		return;
	}
	size_t first = list_top(sel, s->nparking, height - 2);
	for (size_t i = first; i < s->nparking && (int)(i - first) < height - 2; i++) {
		int y = top + 2 + (int)(i - first);
		enum role role = i == sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 8, s->parking[i].text, role, false);
	}
}

static bool park_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err = {0};
	const char *text = ui_form_value(app, 0);
	enum err_code code = form->add ? ws_park(app->ws, text, &err)
				       : ws_edit_parked(app->ws, form->index, text, &err);
	if (code) {
		ui_error(app, &err);
		return false;
	}
	ui_message(app, ROLE_GOOD, "%s", "parked; L shows the parking lot");
	return true;
}

void parking_open_form(struct app *app, bool editing, size_t index)
{
	const struct session *s = app->ws->s;
	ui_form_open(app, editing ? "Edit the parked topic" : "Park a topic for later",
		     park_done, item_form_new(!editing, index), item_form_free);
	ui_form_text(app, "Topic", editing ? s->parking[index].text : "", TEXT_MAX_ITEM);
}

static void delete_parked(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_remove(app->ws, LIST_PARKING, parking_of(app)->sel, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "deleted; u brings it back");
}

static unsigned move_parked(struct app *app, bool down)
{
	struct error err;
	struct parking *p = parking_of(app);
	size_t i = p->sel, n = app->ws->s->nparking;
	if (n < 2 || (down && i + 1 >= n) || (!down && i == 0))
		return UI_IGNORED;
	size_t to = down ? i + 1 : i - 1;
	if (ws_move(app->ws, LIST_PARKING, i, to, &err))
		ui_error(app, &err);
	else
		p->sel = to;
	return UI_REDRAW;
}

static void ask_delete(struct app *app, size_t i)
{
	char question[400];
	item_list_delete_question(app->ws->s, LIST_PARKING, i, question, sizeof question);
	ui_confirm(app, question, delete_parked, NULL, NULL);
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct parking *p = parking_of(app);
	size_t n = app->ws->s->nparking;
	switch (action) {
	case ACT_ADD:
		parking_open_form(app, false, p->sel);
		return UI_REDRAW;
	case ACT_EDIT:
		if (n == 0)
			return UI_IGNORED;
		parking_open_form(app, true, p->sel);
		return UI_REDRAW;
	case ACT_DELETE:
		if (n == 0)
			return UI_IGNORED;
		ask_delete(app, p->sel);
		return UI_REDRAW;
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
		return move_parked(app, action == ACT_MOVE_DOWN);
	case ACT_BACK:
	case ACT_PARKING:
		ui_show_stage(app);
		return UI_REDRAW;
	default:
		return list_move(&p->sel, n, action, 10);
	}
}

static void update(struct app *app)
{
	list_clamp(&parking_of(app)->sel, app->ws->s->nparking);
}

static const struct hint hints[] = {
	HINT(ACT_ADD, "add"), HINT(ACT_EDIT, "edit"), HINT(ACT_DELETE, "delete"),
	HINT(ACT_PARKING, "stage"), STAGE_HINTS_TAIL,
};

const struct screen_ops parking_screen = {
	.name = "parking lot",
	.contexts = CTX_STAGE | CTX_LIST,
	.state_size = sizeof(struct parking),
	.in_session = true,
	.update = update,
	.draw = draw,
	.act = act,
	.hints = hints,
};
