/* The screens, one ops table each, and moving between them: the screen
 * shown, the stage's screen following the session, opening a session and
 * closing it. */
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "tui/frame.h"
#include "tui/room_view.h"
#include "tui/ui.h"

extern const struct screen_ops home_screen, last_time_screen, current_screen, goals_screen,
	metrics_screen, steps_screen, review_screen, parking_screen, lobby_screen,
	casting_screen, pass_screen, tally_screen, results_screen, roadmap_screen,
	ballots_screen;

const struct screen_ops *const screens[SCREEN_COUNT] = {
	[SCREEN_HOME] = &home_screen,
	[SCREEN_LAST_TIME] = &last_time_screen,
	[SCREEN_CURRENT] = &current_screen,
	[SCREEN_GOALS] = &goals_screen,
	[SCREEN_METRICS] = &metrics_screen,
	[SCREEN_STEPS] = &steps_screen,
	[SCREEN_REVIEW] = &review_screen,
	[SCREEN_PARKING] = &parking_screen,
	[SCREEN_LOBBY] = &lobby_screen,
	[SCREEN_CASTING] = &casting_screen,
	[SCREEN_PASS] = &pass_screen,
	[SCREEN_TALLY] = &tally_screen,
	[SCREEN_RESULTS] = &results_screen,
	[SCREEN_ROADMAP] = &roadmap_screen,
	[SCREEN_BALLOTS] = &ballots_screen,
};

/* The screen of each stage; STAGE_SETUP is shown only in a check-in, as
 * "Last time". */
static const enum screen_id stage_screens[STAGE_COUNT] = {
	[STAGE_SETUP] = SCREEN_LAST_TIME,
	[STAGE_CURRENT_STATE] = SCREEN_CURRENT,
	[STAGE_GOALS_VALUES] = SCREEN_GOALS,
	[STAGE_METRICS] = SCREEN_METRICS,
	[STAGE_STEPS] = SCREEN_STEPS,
	[STAGE_REVIEW] = SCREEN_REVIEW,
};

static bool is_stage_screen(enum screen_id id)
{
	for (int st = 0; st < STAGE_COUNT; st++)
		if (stage_screens[st] == id)
			return true;
	return false;
}

void *ui_state(const struct app *app, enum screen_id id)
{
	return app->state[id];
}

void ui_show(struct app *app, enum screen_id id)
{
	if (id != app->screen) {
		if (screens[app->screen]->leave)
			screens[app->screen]->leave(app);
		app->screen = id;
		if (screens[id]->enter)
			screens[id]->enter(app);
	}
	if (screens[id]->update)
		screens[id]->update(app);
	if (app->ws)
		frame_tick(app);
}

void ui_show_stage(struct app *app)
{
	ui_show(app, stage_screens[app->ws->s->stage]);
}

void ui_update(struct app *app)
{
	/* The session may have been read back, or its stage undone. */
	if (app->ws && is_stage_screen(app->screen) &&
	    stage_screens[app->ws->s->stage] != app->screen)
		ui_show_stage(app);
	else if (screens[app->screen]->update)
		screens[app->screen]->update(app);
	if (app->ws)
		frame_tick(app);
}

static void reset_screen(struct app *app, enum screen_id id)
{
	if (screens[id]->reset)
		screens[id]->reset(app);
	else
		memset(app->state[id], 0, screens[id]->state_size);
}

/* A session was opened or closed: the screens of a session start afresh. */
static void reset_session_screens(struct app *app)
{
	for (int id = 0; id < SCREEN_COUNT; id++)
		if (screens[id]->in_session)
			reset_screen(app, (enum screen_id)id);
}

void ui_screens_start(struct app *app)
{
	for (int id = 0; id < SCREEN_COUNT; id++)
		app->state[id] = xcalloc(1, screens[id]->state_size ? screens[id]->state_size : 1);
	app->screen = SCREEN_HOME;
}

void ui_screens_stop(struct app *app)
{
	for (int id = 0; id < SCREEN_COUNT; id++) {
		if (app->state[id] == NULL)
			continue;
		reset_screen(app, (enum screen_id)id);
		free(app->state[id]);
		app->state[id] = NULL;
	}
}

enum err_code ui_open_session(struct app *app, int64_t id, struct error *err)
{
	struct workshop *ws;
	if (workshop_open(app->store, id, &ws, err))
		return err->code;
	app->message[0] = '\0';
	ui_close_session(app);
	app->ws = ws;
	memset(app->signalled, 0, sizeof app->signalled);
	if (ws->s->stage == STAGE_SETUP && ws->s->parent_id == 0)
		ws->s->stage = STAGE_CURRENT_STATE;
	ui_show_stage(app);
	if (ws->read_only)
		ui_message(app, ROLE_WARN, "%s", ws_read_only_reason(ws, (char[600]){0}, 600));
	else if (session_is_closed(ws->s))
		ui_message(app, ROLE_WARN, "%s", "this session is closed: read-only until "
			   "reopened (Review, C)");
	return ERR_OK;
}

void ui_close_session(struct app *app)
{
	if (app->ws == NULL)
		return;
	room_view_close(app);
	if (screens[app->screen]->leave)
		screens[app->screen]->leave(app);
	app->screen = SCREEN_HOME;
	reset_session_screens(app);
	workshop_close(app->ws);
	app->ws = NULL;
	app->presentation = false;
	app->clock[0] = '\0';
}
