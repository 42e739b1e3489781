/* The frame around every screen of an open session, and the keys every
 * stage shares. */
#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"
#include "tui/bigtext.h"
#include "tui/frame.h"
#include "tui/present.h"
#include "tui/room_view.h"
#include "tui/stages.h"

/* The screen's first row, under the header and the stage tabs. */
#define FRAME_TOP 3

/* A check-in starts with last time's review, shown as stage 0. */
static int first_stage(const struct session *s)
{
	return s->parent_id ? STAGE_SETUP : STAGE_CURRENT_STATE;
}

static void format_timer(int left, char *out, size_t size)
{
	int a = left < 0 ? -left : left;
	snprintf(out, size, "%s%02d:%02d", left < 0 ? "-" : "", a / 60, a % 60);
}

static enum role timer_role(const struct app *app, int left)
{
	if (left <= 0 && ws_timer_running(app->ws, app->ws->s->stage))
		return ROLE_TIMER_DONE;
	return ROLE_TIMER;
}

/* The right end of the header: whether the session is read-only here,
 * and the timer with whether it runs. */
static void clock_line(const struct app *app, char *line, size_t size)
{
	const struct session *s = app->ws->s;
	int left = ws_timer_left(app->ws, s->stage, app->now);
	char clock[48];
	format_timer(left, clock, sizeof clock);
	bool running = ws_timer_running(app->ws, s->stage);
	/* A stage without a timebox shows no clock until one is given (+). */
	if (!running && left == 0 && s->timers[s->stage].box_seconds == 0)
		snprintf(line, size, "%s", app->ws->read_only ? "read-only" : "");
	else
		snprintf(line, size, "%s %s%s", app->ws->read_only ? "read-only " : "", clock,
			 running ? " left" : " paused");
}

static void draw_header(struct app *app)
{
	const struct session *s = app->ws->s;
	char where[300];
	snprintf(where, sizeof where, "%s%s%s", s->organization ? s->organization : "",
		 s->organization && s->unit ? " / " : "", s->unit ? s->unit : "");
	ui_fill(app, 0, 0, app->cols, ROLE_HEADER);
	int x = 1 + ui_text(app, 0, 1, 8, "improv", ROLE_HEADER, false) + 2;
	if (*where)
		x += ui_text(app, 0, x, app->cols / 3, where, ROLE_HEADER, false) + 2;
	char title[300];
	snprintf(title, sizeof title, "%s (iteration %d)", s->title, s->iteration);
	ui_text(app, 0, x, app->cols - x - 24, title, ROLE_HEADER, false);
	int left = ws_timer_left(app->ws, s->stage, app->now);
	char line[96];
	clock_line(app, line, sizeof line);
	int w = (int)utf8_width(line);
	ui_text(app, 0, app->cols - w - 1, w, line, left <= 0 && ws_timer_running(app->ws, s->stage)
		? ROLE_TIMER_DONE : ROLE_HEADER, false);
}

static void draw_tabs(struct app *app, int y)
{
	int x = 1;
	for (int st = first_stage(app->ws->s); st < STAGE_COUNT; st++) {
		char tab[48];
		snprintf(tab, sizeof tab, "%d %s", st,
			 stage_title((enum stage)st, app->ws->s->parent_id != 0));
		enum role role = st == (int)app->ws->s->stage ? ROLE_SELECTION : ROLE_MUTED;
		x += ui_text(app, y, x, app->cols - x, tab, role, false);
		if (st + 1 < STAGE_COUNT)
			x += ui_text(app, y, x, app->cols - x, "  >  ", ROLE_MUTED, false);
	}
}

/* Presentation mode: the stage (or the screen) and the timer in block
 * letters. */
static int draw_presentation_header(struct app *app)
{
	const struct session *s = app->ws->s;
	int left = ws_timer_left(app->ws, s->stage, app->now);
	char clock[32];
	format_timer(left, clock, sizeof clock);
	int clock_w = (int)bigtext_width(clock);
	present_big(app, 1, app->cols - clock_w - 2, clock_w, clock, timer_role(app, left));
	/* A ballot's results and the roadmap say what they are, not the stage. */
	const struct screen_ops *ops = screens[app->screen];
	const char *title = ops->present && !(ops->contexts & CTX_STAGE)
				    ? ops->name : stage_title(s->stage, s->parent_id != 0);
	int room = app->cols - clock_w - 6;
	if (bigtext_fits(title, (size_t)room))
		present_big(app, 1, 2, room, title, ROLE_TITLE);
	else
		ui_text(app, 3, 2, room, title, ROLE_TITLE, false);
	return 1 + BIGTEXT_ROWS + 1;
}

/* A screen without hints of its own (a ballot: its hints are in it). */
static const struct hint help_hint[] = {HINT(ACT_HELP, "help"), HINTS_END};

/* The message line: under the screen, above the room's corner and the
 * hints (the room's corner stays in presentation mode: the room needs it). */
static int message_row(const struct app *app)
{
	return (app->presentation ? app->rows - 1 : app->rows - 2) - room_view_rows(app);
}

static void draw_message(struct app *app, int y)
{
	if (app->message[0])
		ui_text(app, y, 1, app->cols - 2, app->message, app->message_role, false);
}

void frame_draw(struct app *app)
{
	if (room_view_draw_qr(app))
		return;
	const struct screen_ops *ops = screens[app->screen];
	int top;
	if (app->presentation) {
		top = draw_presentation_header(app);
	} else {
		draw_header(app);
		draw_tabs(app, 1);
		top = FRAME_TOP;
	}
	int bottom = message_row(app);
	void (*body)(struct app *, int, int) =
		app->presentation && ops->present ? ops->present : ops->draw;
	body(app, top, bottom - top);
	room_view_draw(app, bottom + 1);
	draw_message(app, bottom);
	if (!app->presentation)
		ui_hints(app, app->rows - 1, 1, app->cols - 2, ops->hints ? ops->hints : help_hint,
			 "  ");
}

bool frame_draw_changed(struct app *app)
{
	int bottom = message_row(app);
	if (!screens[app->screen]->draw_changed(app, FRAME_TOP, bottom - FRAME_TOP))
		return false;
	draw_header(app);
	ui_clear_rows(app, bottom, 1);
	draw_message(app, bottom);
	return true;
}

unsigned frame_tick(struct app *app)
{
	char line[96];
	clock_line(app, line, sizeof line);
	/* Past zero the header turns to the colour of a timer that is done. */
	bool done = ws_timer_running(app->ws, app->ws->s->stage) &&
		    ws_timer_left(app->ws, app->ws->s->stage, app->now) <= 0;
	char shown[sizeof app->clock];
	snprintf(shown, sizeof shown, "%c%s", done ? '!' : ' ', line);
	if (strcmp(shown, app->clock) == 0)
		return UI_IGNORED;
	snprintf(app->clock, sizeof app->clock, "%s", shown);
	return UI_REDRAW_PART;
}

/* ---- what a read-only window refuses ---- */

bool frame_refuses(const struct app *app, enum action action)
{
	if (app->ws == NULL || !action_edits(action))
		return false;
	if (app->ws->read_only)
		return true;
	return session_is_closed(app->ws->s) && action != ACT_CLOSE && action != ACT_UNDO;
}

bool frame_refuse(struct app *app, enum action action)
{
	if (!frame_refuses(app, action))
		return false;
	if (app->ws->read_only)
		ui_message(app, ROLE_WARN, "%s", ws_read_only_reason(app->ws, (char[600]){0}, 600));
	else
		ui_message(app, ROLE_WARN, "%s", "read-only: this session is closed; C on the "
			   "Review reopens it");
	return true;
}

/* ---- keys every stage shares ---- */

static unsigned go_to_stage(struct app *app, int delta)
{
	struct error err;
	int st = (int)app->ws->s->stage + delta;
	if (st < first_stage(app->ws->s) || st >= STAGE_COUNT)
		return UI_IGNORED;
	if (ws_set_stage(app->ws, (enum stage)st, &err))
		ui_error(app, &err);
	ui_show_stage(app);
	return UI_REDRAW;
}

static unsigned timer_action(struct app *app, enum action action)
{
	struct error err = {0};
	enum stage st = app->ws->s->stage;
	enum err_code code;
	if (action == ACT_TIMER)
		code = ws_timer_toggle(app->ws, st, app->now, &err);
	else
		code = ws_timer_add(app->ws, st, action == ACT_TIMER_PLUS ? 60 : -60, app->now,
				    &err);
	if (ws_timer_left(app->ws, st, app->now) > 0)
		app->signalled[st] = false;
	if (code)
		ui_error(app, &err);
	return UI_REDRAW;
}

static unsigned undo(struct app *app)
{
	struct error err;
	const char *what;
	if (ws_undo(app->ws, &what, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "undone: %s", what);
	return UI_REDRAW;
}

unsigned frame_act(struct app *app, enum action action)
{
	switch (action) {
	case ACT_BACK:
		ui_close_session(app);
		ui_home_reload(app);
		return UI_REDRAW;
	case ACT_NEXT_STAGE: return go_to_stage(app, 1);
	case ACT_PREV_STAGE: return go_to_stage(app, -1);
	case ACT_TIMER:
	case ACT_TIMER_PLUS:
	case ACT_TIMER_MINUS:
		return timer_action(app, action);
	case ACT_UNDO: return undo(app);
	case ACT_NEWCOMER:
		people_open_newcomer(app);
		return UI_REDRAW;
	case ACT_SESSION_FIELDS:
		people_open_session_form(app);
		return UI_REDRAW;
	case ACT_PARK:
		parking_open_form(app, false, 0);
		return UI_REDRAW;
	case ACT_PARKING:
		ui_show(app, SCREEN_PARKING);
		return UI_REDRAW;
	case ACT_PRESENT:
		app->presentation = !app->presentation;
		return UI_REDRAW;
	case ACT_PRESENT_END:
		if (!app->presentation)
			return UI_IGNORED;
		app->presentation = false;
		return UI_REDRAW;
	case ACT_ROOM:
	case ACT_ROOM_ACCEPT:
	case ACT_ROOM_REFUSE:
	case ACT_ROOM_QR:
		return room_view_act(app, action);
	default:
		return UI_IGNORED;
	}
}
