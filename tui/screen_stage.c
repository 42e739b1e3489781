/* The frame around every stage of an open session: the header with the
 * session and the timer, the stage tabs, the message line and the key
 * hints; presentation mode; the parking lot; and the keys every stage
 * shares. The stage bodies are in stage_*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/utf8.h"
#include "tui/bigtext.h"
#include "tui/item_form.h"
#include "tui/ui.h"

struct stage_body {
	void (*draw)(struct app *app, int top, int height);
	unsigned (*act)(struct app *app, enum action action, int digit);
	unsigned contexts;
	const char *hints;
};

static const struct stage_body bodies[STAGE_COUNT] = {
	[STAGE_SETUP] = {stage_draw_last_time, stage_act_last_time, CTX_LAST,
			 "Tab list  s status  m measure"},
	[STAGE_CURRENT_STATE] = {stage_draw_current, stage_act_current, CTX_RATING,
				 "1-9 rate  0 clear  Left/Right person  n note"},
	[STAGE_GOALS_VALUES] = {stage_draw_goals, stage_act_goals, CTX_LIST | CTX_GOALS,
				"Tab values/goals  a add  e edit  s status"},
	[STAGE_METRICS] = {stage_draw_metrics, stage_act_metrics, CTX_LIST | CTX_METRICS,
			   "a add  e edit  m measure  d delete"},
	[STAGE_STEPS] = {stage_draw_steps, stage_act_steps, CTX_LIST | CTX_STEPS,
			 "a add  e edit  h horizon  s status  v vote  r reveal"},
	[STAGE_REVIEW] = {stage_draw_review, stage_act_review, CTX_REVIEW,
			  "Tab summary/change/trend  C close or reopen"},
};

/* A check-in starts with last time's review, shown as stage 0. */
static int first_stage(const struct session *s)
{
	return s->parent_id ? STAGE_SETUP : STAGE_CURRENT_STATE;
}

/* ---- helpers the stages share ---- */

unsigned ui_list_move(size_t *sel, size_t n, enum action action, int page)
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
	return *sel != old ? UI_REDRAW : UI_HANDLED;
}

size_t ui_list_top(size_t sel, size_t n, int height)
{
	if (height <= 0 || n <= (size_t)height)
		return 0;
	size_t h = (size_t)height;
	size_t top = sel >= h / 2 ? sel - h / 2 : 0;
	return top + h > n ? n - h : top;
}

/* ---- opening and closing ---- */

enum err_code ui_open_session(struct app *app, int64_t id, struct error *err)
{
	struct workshop *ws;
	if (workshop_open(app->store, id, &ws, err))
		return err->code;
	app->message[0] = '\0';
	ui_close_session(app);
	app->ws = ws;
	app->screen = SCREEN_STAGE;
	memset(app->sel, 0, sizeof app->sel);
	memset(app->signalled, 0, sizeof app->signalled);
	app->col = 0;
	app->pane = 0;
	stage_vote_reset(app);
	app->show_parking = false;
	if (ws->s->stage == STAGE_SETUP && ws->s->parent_id == 0)
		ws->s->stage = STAGE_CURRENT_STATE;
	if (ws->read_only)
		ui_message(app, ROLE_WARN, "%s", ws_read_only_reason(ws, (char[600]){0}, 600));
	else if (session_is_closed(ws->s))
		ui_message(app, ROLE_WARN, "%s", "this session is closed: read-only until "
			   "reopened (Review, C)");
	return ERR_OK;
}

void ui_close_session(struct app *app)
{
	stage_vote_reset(app);
	stage_review_forget(app);
	workshop_close(app->ws);
	app->ws = NULL;
	app->screen = SCREEN_HOME;
	app->presentation = false;
}

/* ---- the frame ---- */

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
	char clock[48], line[96];
	format_timer(left, clock, sizeof clock);
	bool running = ws_timer_running(app->ws, s->stage);
	/* A stage without a timebox shows no clock until one is given (+). */
	if (!running && left == 0 && s->timers[s->stage].box_seconds == 0)
		snprintf(line, sizeof line, "%s", app->ws->read_only ? "read-only" : "");
	else
		snprintf(line, sizeof line, "%s %s%s", app->ws->read_only ? "read-only " : "",
			 clock, running ? " left" : " paused");
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

static void draw_big(struct app *app, int y, int x, int cols, const char *text, enum role role)
{
	struct sbuf rows[BIGTEXT_ROWS];
	for (int r = 0; r < BIGTEXT_ROWS; r++)
		rows[r] = (struct sbuf)SBUF_INIT;
	bigtext_render(text, (size_t)cols, rows);
	for (int r = 0; r < BIGTEXT_ROWS; r++) {
		ui_text(app, y + r, x, cols, sbuf_str(&rows[r]), role, false);
		sbuf_free(&rows[r]);
	}
}

/* Presentation mode: the stage and the timer in block letters. */
static int draw_presentation_header(struct app *app)
{
	const struct session *s = app->ws->s;
	int left = ws_timer_left(app->ws, s->stage, app->now);
	char clock[32];
	format_timer(left, clock, sizeof clock);
	int clock_w = (int)bigtext_width(clock);
	draw_big(app, 1, app->cols - clock_w - 2, clock_w, clock, timer_role(app, left));
	const char *title = stage_title(s->stage, s->parent_id != 0);
	int room = app->cols - clock_w - 6;
	if (bigtext_fits(title, (size_t)room))
		draw_big(app, 1, 2, room, title, ROLE_TITLE);
	else
		ui_text(app, 3, 2, room, title, ROLE_TITLE, false);
	return 1 + BIGTEXT_ROWS + 1;
}

static void draw_parking(struct app *app, int top, int height)
{
	const struct session *s = app->ws->s;
	ui_text(app, top, 2, app->cols - 4, "Parking lot: for later, not for now", ROLE_TITLE,
		false);
	if (s->nparking == 0) {
		ui_text(app, top + 2, 4, app->cols - 8, "Nothing parked. P parks a topic.",
			ROLE_MUTED, false);
		return;
	}
	if (app->parking_sel >= s->nparking)
		app->parking_sel = s->nparking - 1;
	size_t first = ui_list_top(app->parking_sel, s->nparking, height - 2);
	for (size_t i = first; i < s->nparking && (int)(i - first) < height - 2; i++) {
		int y = top + 2 + (int)(i - first);
		enum role role = i == app->parking_sel ? ROLE_SELECTION : ROLE_TEXT;
		ui_fill(app, y, 2, app->cols - 4, role);
		ui_text(app, y, 4, app->cols - 8, s->parking[i].text, role, false);
	}
}

static void draw_stage(struct app *app)
{
	const struct session *s = app->ws->s;
	int top;
	if (app->presentation) {
		top = draw_presentation_header(app);
	} else {
		draw_header(app);
		draw_tabs(app, 1);
		top = 3;
	}
	int bottom = app->presentation ? app->rows - 1 : app->rows - 2;
	int height = bottom - top;
	if (app->show_parking)
		draw_parking(app, top, height);
	else
		bodies[s->stage].draw(app, top, height);
	if (app->message[0])
		ui_text(app, bottom, 1, app->cols - 2, app->message, app->message_role, false);
	if (!app->presentation) {
		char hints[300];
		if (s->stage == STAGE_STEPS && app->vote.mode != VOTE_NONE)
			snprintf(hints, sizeof hints, "%s", "? help");
		else
			snprintf(hints, sizeof hints, "%s  ] next stage  ? help  q home",
				 app->show_parking ? "a add  e edit  d delete  L stage"
						   : bodies[s->stage].hints);
		ui_text(app, app->rows - 1, 1, app->cols - 2, hints, ROLE_HINT, false);
	}
}

/* ---- the parking lot ---- */

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

static void open_park_form(struct app *app, bool editing)
{
	const struct session *s = app->ws->s;
	ui_form_open(app, editing ? "Edit the parked topic" : "Park a topic for later",
		     park_done, item_form_new(!editing, app->parking_sel), item_form_free);
	ui_form_text(app, "Topic", editing ? s->parking[app->parking_sel].text : "",
		     TEXT_MAX_ITEM);
}

static void delete_parked(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_remove(app->ws, LIST_PARKING, app->parking_sel, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "deleted; u brings it back");
}

static void move_parked(struct app *app, bool down)
{
	struct error err;
	size_t i = app->parking_sel, n = app->ws->s->nparking;
	if (n < 2 || (down && i + 1 >= n) || (!down && i == 0))
		return;
	size_t to = down ? i + 1 : i - 1;
	if (ws_move(app->ws, LIST_PARKING, i, to, &err))
		ui_error(app, &err);
	else
		app->parking_sel = to;
}

static unsigned parking_act(struct app *app, enum action action)
{
	size_t n = app->ws->s->nparking;
	switch (action) {
	case ACT_ADD:
		open_park_form(app, false);
		return UI_HANDLED;
	case ACT_EDIT:
		if (n)
			open_park_form(app, true);
		return UI_HANDLED;
	case ACT_DELETE:
		if (n)
			ui_confirm(app, "Delete this parked topic?", delete_parked, NULL, NULL);
		return UI_HANDLED;
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
		move_parked(app, action == ACT_MOVE_DOWN);
		return UI_HANDLED;
	case ACT_BACK:
	case ACT_PARKING:
		app->show_parking = false;
		return UI_HANDLED;
	default:
		return ui_list_move(&app->parking_sel, n, action, 10);
	}
}

/* ---- keys every stage shares ---- */

static void go_to_stage(struct app *app, int delta)
{
	struct error err;
	int st = (int)app->ws->s->stage + delta;
	if (st < first_stage(app->ws->s) || st >= STAGE_COUNT)
		return;
	app->pane = 0;
	app->show_parking = false;
	if (ws_set_stage(app->ws, (enum stage)st, &err))
		ui_error(app, &err);
}

static void timer_action(struct app *app, enum action action)
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
}

static void undo(struct app *app)
{
	struct error err;
	const char *what;
	if (ws_undo(app->ws, &what, &err))
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "undone: %s", what);
}

static unsigned shared_act(struct app *app, enum action action)
{
	switch (action) {
	case ACT_BACK:
		ui_close_session(app);
		ui_home_reload(app);
		return UI_HANDLED;
	case ACT_NEXT_STAGE: go_to_stage(app, 1); return UI_HANDLED;
	case ACT_PREV_STAGE: go_to_stage(app, -1); return UI_HANDLED;
	case ACT_TIMER:
	case ACT_TIMER_PLUS:
	case ACT_TIMER_MINUS:
		timer_action(app, action);
		return UI_HANDLED;
	case ACT_UNDO: undo(app); return UI_HANDLED;
	case ACT_PARK: open_park_form(app, false); return UI_HANDLED;
	case ACT_PARKING:
		app->show_parking = true;
		return UI_HANDLED;
	case ACT_PRESENT:
		app->presentation = !app->presentation;
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static unsigned stage_act(struct app *app, enum action action, int digit)
{
	/* The parking lot covers the stage: nothing reaches the list below. */
	if (app->show_parking) {
		unsigned flags = parking_act(app, action);
		return flags != UI_IGNORED ? flags : shared_act(app, action);
	}
	unsigned flags = bodies[app->ws->s->stage].act(app, action, digit);
	return flags != UI_IGNORED ? flags : shared_act(app, action);
}

static unsigned stage_contexts(const struct app *app)
{
	/* While a ballot is on screen, only its keys work: no stage change, no
	 * timer keys that mean something else to a voter. */
	if (app->ws->s->stage == STAGE_STEPS && app->vote.mode != VOTE_NONE)
		return stage_vote_contexts(app);
	if (app->show_parking)
		return CTX_STAGE | CTX_LIST;
	return CTX_STAGE | bodies[app->ws->s->stage].contexts;
}

const struct screen_ops stage_screen = {"stage", stage_contexts, draw_stage, stage_act, NULL};
