#include "tui/list.h"

#include <stddef.h>
#include <stdio.h>

#include "lib/utf8.h"

#include "model/session_items.h"
#include "tui/item_form.h"

unsigned list_move(size_t *sel, size_t n, enum action action, int page)
{
	size_t old = *sel;
	size_t step = page > 1 ? (size_t)page : 1;
	if (n == 0)
		return UI_IGNORED;
	switch (action) {
	case ACT_UP: *sel = *sel > 0 ? *sel - 1 : 0; break;
	case ACT_DOWN: *sel = *sel + 1 < n ? *sel + 1 : n - 1; break;
	case ACT_TOP: *sel = 0; break;
	case ACT_BOTTOM: *sel = n - 1; break;
	case ACT_PAGE_UP: *sel = *sel > step ? *sel - step : 0; break;
	case ACT_PAGE_DOWN: *sel = *sel + step < n ? *sel + step : n - 1; break;
	default: return UI_IGNORED;
	}
	return *sel != old ? UI_REDRAW : UI_IGNORED;
}

size_t list_top(size_t sel, size_t n, int height)
{
	if (height <= 0 || n <= (size_t)height)
		return 0;
	size_t h = (size_t)height;
	size_t top = sel >= h / 2 ? sel - h / 2 : 0;
	return top + h > n ? n - h : top;
}

void list_clamp(size_t *sel, size_t n)
{
	if (*sel >= n)
		*sel = n ? n - 1 : 0;
}

void item_list_draw(struct app *app, const struct item_list *v, int top, int height)
{
	size_t n = session_list_len(app->ws->s, v->list);
	if (n == 0) {
		ui_text(app, top, 4, app->cols - 8, v->empty, ROLE_MUTED, false);
		return;
	}
	size_t first = list_top(*v->sel, n, height);
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

/* Where each list keeps the text that names an item. */
static const size_t name_offsets[LIST_COUNT] = {
	[LIST_VALUES] = offsetof(struct value, text), [LIST_GOALS] = offsetof(struct goal, text),
	[LIST_METRICS] = offsetof(struct metric, name), [LIST_STEPS] = offsetof(struct step, text),
	[LIST_PARKING] = offsetof(struct parked, text),
	[LIST_PARTICIPANTS] = offsetof(struct participant, name),
};

void item_list_name(const struct session *s, enum session_list list, size_t i, size_t cols,
		    struct sbuf *out)
{
	const char *item = session_item(s, list, i);
	const char *name = item ? *(char *const *)(item + name_offsets[list]) : NULL;
	utf8_fit(out, name ? name : "", cols, UTF8_FIT_CUT | UTF8_FIT_ELLIPSIS);
}

int item_list_goal_width(int text_width)
{
	if (text_width < 70)
		return 0;
	return text_width / 3 > 50 ? 50 : text_width / 3;
}

const char *item_list_goal_text(const struct session *s, int64_t goal_id)
{
	ptrdiff_t g = goal_id ? session_find_item(s, LIST_GOALS, goal_id) : -1;
	return g >= 0 ? s->goals[g].text : "";
}

void item_list_goal_line(struct app *app, int y, int64_t goal_id)
{
	const char *goal = item_list_goal_text(app->ws->s, goal_id);
	if (*goal)
		ui_textf(app, y, 4, app->cols - 8, ROLE_MUTED, "Serves the goal: %s", goal);
	else
		ui_text(app, y, 4, app->cols - 8, "Serves no goal yet (e links one)", ROLE_MUTED,
			false);
}

void item_list_delete_question(const struct session *s, enum session_list list, size_t i,
			       char *out, size_t size)
{
	struct sbuf name = SBUF_INIT;
	item_list_name(s, list, i, 60, &name);
	snprintf(out, size, "Delete the %s \"%s\"?", list_names[list], sbuf_str(&name));
	sbuf_free(&name);
}

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

static unsigned move_item(struct app *app, const struct item_list *v, bool down)
{
	struct error err;
	size_t n = session_list_len(app->ws->s, v->list), i = *v->sel;
	if (n < 2 || (down && i + 1 >= n) || (!down && i == 0))
		return UI_IGNORED;
	size_t to = down ? i + 1 : i - 1;
	if (ws_move(app->ws, v->list, i, to, &err))
		ui_error(app, &err);
	else
		*v->sel = to;
	return UI_REDRAW;
}

unsigned item_list_act(struct app *app, const struct item_list *v, enum action action)
{
	size_t n = session_list_len(app->ws->s, v->list);
	switch (action) {
	case ACT_DELETE: {
		if (n == 0)
			return UI_IGNORED;
		char question[400];
		item_list_delete_question(app->ws->s, v->list, *v->sel, question, sizeof question);
		struct item_form *what = item_form_new(false, *v->sel);
		what->list = v->list;
		ui_confirm(app, question, delete_confirmed, what, item_form_free);
		return UI_REDRAW;
	}
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
		return move_item(app, v, action == ACT_MOVE_DOWN);
	default:
		return list_move(v->sel, n, action, 10);
	}
}

void item_list_select_last(struct app *app, enum session_list list, size_t *sel)
{
	size_t n = session_list_len(app->ws->s, list);
	*sel = n ? n - 1 : 0;
	ui_message(app, ROLE_GOOD, "added the %s", list_names[list]);
}
