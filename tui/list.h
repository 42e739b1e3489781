/* list: a list on screen: moving its selection, the rows in view, and the
 * lists of items the stages of a session show (values, goals, metrics,
 * steps): drawn the same way, moved and deleted the same way. */
#ifndef IMPROV_TUI_LIST_H
#define IMPROV_TUI_LIST_H

#include "lib/sbuf.h"
#include "tui/ui.h"

/* The selection moved by an action; UI_REDRAW when it moved, else
 * UI_IGNORED (at an end, an empty list, not a move). */
unsigned list_move(size_t *sel, size_t n, enum action action, int page);
/* The first row to show so that sel is visible in height rows. */
size_t list_top(size_t sel, size_t n, int height);
/* Keeps sel on a row of a list of n (0 when it is empty). */
void list_clamp(size_t *sel, size_t n);

struct item_list {
	enum session_list list;
	size_t *sel;
	const char *empty;              /* what to say when there is nothing */
	void (*row)(struct app *app, int y, size_t i, enum role role);
};

void item_list_draw(struct app *app, const struct item_list *v, int top, int height);
/* Delete (asks), move the item up or down, move the selection. */
unsigned item_list_act(struct app *app, const struct item_list *v, enum action action);
/* Item i of the list as a dialog names it: its text or name fitted to
 * cols columns (cut with "…"), as typed (drawing sanitizes it). */
void item_list_name(const struct session *s, enum session_list list, size_t i, size_t cols,
		    struct sbuf *out);
/* "Delete the step "Wiki"?", for item i of the list. */
void item_list_delete_question(const struct session *s, enum session_list list, size_t i,
			       char *out, size_t size);
/* Where a step or a metric is linked to its goal: a column of this many
 * columns when the list is wide enough for one (0: it is not), otherwise a
 * line under the list about the selected item. */
int item_list_goal_width(int text_width);
/* The text of the goal with id goal_id, or "" when there is none. */
const char *item_list_goal_text(const struct session *s, int64_t goal_id);
/* The line under the list: "Serves the goal: ..." or that it serves none. */
void item_list_goal_line(struct app *app, int y, int64_t goal_id);
/* After a form added an item: the selection follows it to the end. */
void item_list_select_last(struct app *app, enum session_list list, size_t *sel);

#endif
