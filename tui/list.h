/* list: a list on screen: moving its selection, the rows in view, and the
 * lists of items the stages of a session show (values, goals, metrics,
 * steps): drawn the same way, moved and deleted the same way. */
#ifndef IMPROV_TUI_LIST_H
#define IMPROV_TUI_LIST_H

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
/* After a form added an item: the selection follows it to the end. */
void item_list_select_last(struct app *app, enum session_list list, size_t *sel);

#endif
