/* The room as the projector shows it: J opens it for the open session and
 * closes it again; while it is open a corner above the hints gives the
 * address, the join code and who is waiting to be let in, and the first
 * J shows the address as a QR code large enough to scan from the back. */
#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "lib/sbuf.h"
#include "room/qr.h"
#include "tui/room_view.h"
#include "tui/ui.h"

/* A colour pair of its own: a phone's camera wants dark modules on light. */
#define QR_PAIR (ROLE_COUNT + 1)

/* The room lets a key go first: one pressed while phones' requests are
 * being answered is drawn before the rest of them. */
static bool key_waiting(void *ctx)
{
	const struct app *app = ctx;
	struct pollfd p = {.fd = app->in_fd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

static enum err_code open_room(struct app *app, struct error *err)
{
	if (app->ws->read_only || session_is_closed(app->ws->s))
		return error_set(err, ERR_BUSY, "the room opens only where the session can change: "
				 "this window is read-only");
	app->room_ws = (struct room_workshop){.ws = app->ws};
	struct room_ops ops;
	room_workshop_ops(&app->room_ws, &ops);
	enum err_code code = room_open(&ops, app->opts.listen, &app->room, err);
	if (code)
		return code;
	room_set_yield(app->room, key_waiting, app);
	/* With the room open, ratings are private until revealed. */
	if (app->ws->s->ratings == RATINGS_SHOWN)
		code = ws_set_ratings(app->ws, RATINGS_PRIVATE, err);
	if (code) {
		room_view_close(app);
		return code;
	}
	app->room_qr = true;
	app->room_seen = 0;
	return ERR_OK;
}

void room_view_close(struct app *app)
{
	if (app->room == NULL)
		return;
	room_close(app->room);
	app->room = NULL;
	app->room_qr = false;
}

static void close_confirmed(struct app *app, void *ctx)
{
	(void)ctx;
	room_view_close(app);
	ui_message(app, ROLE_GOOD, "%s", "the room is closed: nothing listens any more");
}

/* A room with phones in it is closed only when the facilitator says so:
 * opened again, it has a new address and every phone must join anew. */
static unsigned toggle(struct app *app)
{
	if (app->room && room_joined_count(app->room) == 0) {
		close_confirmed(app, NULL);
		return UI_REDRAW;
	}
	if (app->room) {
		char question[160];
		snprintf(question, sizeof question, "Close the room? %zu phone%s joined; opened "
			 "again, it has a new address.", room_joined_count(app->room),
			 room_joined_count(app->room) == 1 ? " has" : "s have");
		ui_confirm(app, question, close_confirmed, NULL, NULL);
		return UI_REDRAW;
	}
	struct error err = {0};
	if (open_room(app, &err))
		ui_error(app, &err);
	ui_update(app);
	return UI_REDRAW;
}

static unsigned let_in(struct app *app, bool accept)
{
	if (app->room == NULL || room_pending_count(app->room) == 0)
		return UI_IGNORED;
	struct room_pending p = room_pending_at(app->room, 0);
	char name[200];
	snprintf(name, sizeof name, "%s", p.name);
	if (!accept) {
		room_refuse(app->room, 0);
		ui_message(app, ROLE_GOOD, "turned away: %s", name);
		return UI_REDRAW;
	}
	struct error err = {0};
	if (room_accept(app->room, 0, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "let in: %s", name);
	ui_update(app);
	return UI_REDRAW;
}

unsigned room_view_act(struct app *app, enum action action)
{
	switch (action) {
	case ACT_ROOM: return toggle(app);
	case ACT_ROOM_ACCEPT: return let_in(app, true);
	case ACT_ROOM_REFUSE: return let_in(app, false);
	case ACT_ROOM_QR:
		if (app->room == NULL)
			return UI_IGNORED;
		app->room_qr = true;
		return UI_REDRAW;
	default: return UI_IGNORED;
	}
}

bool room_view_key(struct app *app)
{
	if (!app->room_qr)
		return false;
	app->room_qr = false;
	return true;
}

/* ---- the loop ---- */

size_t room_view_pollfds(struct app *app, struct pollfd *fds, size_t max, int *timeout_ms)
{
	if (app->room == NULL)
		return 0;
	int ms = room_timeout_ms(app->room);
	if (ms >= 0 && (*timeout_ms < 0 || ms < *timeout_ms))
		*timeout_ms = ms;
	return room_pollfds(app->room, fds, max);
}

/* What the corner and the stage show of the room, in one number. */
static unsigned room_state(const struct app *app)
{
	return app->room_ws.changes * 65536u + (unsigned)room_joined_count(app->room) * 256u +
	       (unsigned)room_pending_count(app->room);
}

unsigned room_view_run(struct app *app)
{
	if (app->room == NULL)
		return UI_IGNORED;
	room_run(app->room, app->now);
	unsigned state = room_state(app);
	if (state == app->room_seen)
		return UI_IGNORED;
	app->room_seen = state;
	ui_update(app);
	return UI_REDRAW;
}

/* ---- drawing ---- */

int room_view_rows(const struct app *app)
{
	return app->room ? 2 : 0;
}

void room_view_draw(struct app *app, int y)
{
	if (app->room == NULL)
		return;
	const char *url = room_url(app->room);
	const char *path = strstr(url, "/r/");
	int base = path ? (int)(path - url) + 1 : (int)strlen(url);
	ui_textf(app, y, 1, app->cols - 2, ROLE_TITLE, "Join: %s   code %s", url,
		 room_code(app->room));
	size_t waiting = room_pending_count(app->room);
	size_t joined = room_joined_count(app->room);
	if (waiting == 0) {
		ui_textf(app, y + 1, 1, app->cols - 2, ROLE_MUTED, "Room: %zu joined   Q QR code   "
			 "J closes   the code goes in at %.*s", joined, base, url);
		return;
	}
	struct room_pending p = room_pending_at(app->room, 0);
	ui_textf(app, y + 1, 1, app->cols - 2, ROLE_WARN, "Room: %zu joined   waiting: %s%s%s   "
		 "A let in   X turn away", joined, p.name, p.is_new ? " (new)" : " (already joined "
		 "on another phone)", waiting > 1 ? "   and more" : "");
}

static void qr_colours(const struct app *app)
{
	if (app->colors)
		init_pair(QR_PAIR, COLOR_BLACK, COLOR_WHITE);
}

static attr_t qr_attr(const struct app *app)
{
	/* Without colours, reverse video turns a light-on-dark terminal's
	 * ink dark on a light ground. */
	return app->colors ? COLOR_PAIR(QR_PAIR) : A_REVERSE;
}

static void draw_code(struct app *app, const struct qr *q, int y, int x)
{
	attr_t a = qr_attr(app);
	struct sbuf row = SBUF_INIT;
	for (int r = 0; r < qr_rows(q); r++) {
		sbuf_reset(&row);
		qr_render_row(q, r, &row);
		attron(a);
		mvaddstr(y + r, x, sbuf_str(&row));
		attroff(a);
	}
	sbuf_free(&row);
}

bool room_view_draw_qr(struct app *app)
{
	if (app->room == NULL || !app->room_qr)
		return false;
	struct qr q;
	struct error err = {0};
	if (qr_encode(room_url(app->room), &q, &err))
		return false;
	int w = qr_columns(&q), h = qr_rows(&q);
	if (h + 3 > app->rows || w > app->cols) {
		qr_free(&q);
		return false;
	}
	erase();
	qr_colours(app);
	int top = (app->rows - h - 3) / 2 > 0 ? (app->rows - h - 3) / 2 : 0;
	draw_code(app, &q, top, (app->cols - w) / 2);
	qr_free(&q);
	char line[ROOM_URL_SIZE + 64];
	snprintf(line, sizeof line, "%s   code %s", room_url(app->room), room_code(app->room));
	int lw = (int)strlen(line) < app->cols - 2 ? (int)strlen(line) : app->cols - 2;
	ui_text(app, top + h + 1, (app->cols - lw) / 2, lw, line, ROLE_TITLE, false);
	const char *back = "any key: back to the stage (the address stays in the corner)";
	int bw = (int)strlen(back) < app->cols - 2 ? (int)strlen(back) : app->cols - 2;
	ui_text(app, top + h + 2, (app->cols - bw) / 2, bw, back, ROLE_MUTED, false);
	return true;
}
