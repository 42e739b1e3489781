/* room_view: the room on the projector (J): opening and closing it, the
 * corner with its address and the names waiting, the large QR code, and
 * the loop's share of its sockets. */
#ifndef IMPROV_TUI_ROOM_VIEW_H
#define IMPROV_TUI_ROOM_VIEW_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "tui/actions.h"

struct app;

/* J, A, X and Q; UI_IGNORED for any other action. */
unsigned room_view_act(struct app *app, enum action action);
/* Stops listening; nothing when the room is closed. */
void room_view_close(struct app *app);
/* A key while the QR code fills the screen only takes it away: true. */
bool room_view_key(struct app *app);

/* What the loop must poll for the room (appended to fds, at most max;
 * *timeout_ms lowered to the room's own deadline), and the work to do
 * once poll returns: UI_REDRAW when a phone changed what is shown. */
size_t room_view_pollfds(struct app *app, struct pollfd *fds, size_t max, int *timeout_ms);
unsigned room_view_run(struct app *app);

/* The rows the corner takes above the hints (0 while closed), and the
 * corner drawn at row y. */
int room_view_rows(const struct app *app);
void room_view_draw(struct app *app, int y);
/* The QR code over the whole screen after the first J: false when it is
 * not to be shown, or does not fit (the corner still gives the address). */
bool room_view_draw_qr(struct app *app);

#endif
