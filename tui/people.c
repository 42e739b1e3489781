/* people: who is in the room and what the session is called, changed in
 * the middle of a workshop: a newcomer added from any stage, someone who
 * left kept counted or taken out, the session's own fields. Every change
 * is one of the editing service's, so u takes it back. */
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "tui/item_form.h"
#include "tui/stages.h"

/* ---- a newcomer ---- */

static bool newcomer_done(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	if (ws_add_participant(app->ws, ui_form_value(app, 0), &err)) {
		ui_error(app, &err);
		return false;
	}
	const struct session *s = app->ws->s;
	ui_message(app, ROLE_GOOD, "%s joins: they rate and vote from now on",
		   s->participants[s->nparticipants - 1].name);
	ui_update(app);
	return true;
}

void people_open_newcomer(struct app *app)
{
	ui_form_open(app, "Someone joins", newcomer_done, NULL, NULL);
	ui_form_text(app, "Name", "", TEXT_MAX_NAME);
}

/* ---- someone leaves ---- */

enum { KEEP_COUNTED, TAKE_OUT };

static void say_left(struct app *app, const char *name, bool counted)
{
	ui_message(app, ROLE_GOOD, counted ? "%s left; their ratings still count (u undoes)"
		   : "%s removed with their ratings (u undoes)", name);
}

static bool leave(struct app *app, size_t p, bool counted)
{
	struct error err;
	char *name = xstrdup(app->ws->s->participants[p].name);
	enum err_code code = counted ? ws_participant_leaves(app->ws, p, &err)
				     : ws_remove(app->ws, LIST_PARTICIPANTS, p, &err);
	if (code)
		ui_error(app, &err);
	else
		say_left(app, name, counted);
	free(name);
	ui_update(app);
	return code == ERR_OK;
}

static bool leave_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	return leave(app, form->index, ui_form_choice_of(app, 0) == KEEP_COUNTED);
}

static void take_out(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	leave(app, form->index, false);
}

static size_t ratings_of(const struct session *s, size_t p)
{
	size_t n = 0;
	for (size_t d = 0; d < s->ndims; d++)
		n += s->dims[d].scores[p] != RATING_NONE;
	return n;
}

void people_open_leave(struct app *app, size_t p)
{
	static const char *const choices[] = {"stay counted", "are taken out"};
	const struct session *s = app->ws->s;
	char title[TEXT_MAX_NAME + 96];
	size_t n = ratings_of(s, p);
	if (!session_participant_here(s, p)) {
		snprintf(title, sizeof title, "%s has left. Take out their %zu rating%s too?",
			 s->participants[p].name, n, n == 1 ? "" : "s");
		ui_confirm(app, title, take_out, item_form_new(false, p), item_form_free);
		return;
	}
	snprintf(title, sizeof title, "%s leaves (%zu rating%s given)", s->participants[p].name,
		 n, n == 1 ? "" : "s");
	ui_form_open(app, title, leave_done, item_form_new(false, p), item_form_free);
	ui_form_choice(app, "Their ratings", choices, 2, KEEP_COUNTED);
	ui_message(app, ROLE_MUTED, "%s", "votes already cast stay in the ballots either way: "
		   "a secret ballot cannot tell whose they were");
}

/* ---- the session's own fields ---- */

enum { F_TITLE, F_ORG, F_UNIT, F_LEVEL, F_FACILITATOR, F_COUNT };

static const char *const field_names[F_COUNT] = {
	[F_TITLE] = "title", [F_ORG] = "organization", [F_UNIT] = "unit",
	[F_LEVEL] = "level", [F_FACILITATOR] = "facilitator",
};

static const char *field_now(const struct session *s, size_t f)
{
	const char *now[F_COUNT] = {s->title, s->organization, s->unit, level_name(s->level),
				    s->facilitator};
	return now[f] ? now[f] : "";
}

/* Each field that changed is saved, and undone, on its own. */
static bool session_done(struct app *app, void *ctx)
{
	(void)ctx;
	struct error err;
	size_t changed = 0;
	for (size_t f = 0; f < F_COUNT; f++) {
		const char *typed = f == F_LEVEL ? level_kind.names[ui_form_choice_of(app, f)]
						 : ui_form_value(app, f);
		if (strcmp(typed, field_now(app->ws->s, f)) == 0)
			continue;
		if (ws_set_field(app->ws, field_names[f], typed, &err)) {
			ui_error(app, &err);
			return false;
		}
		changed++;
	}
	if (changed)
		ui_message(app, ROLE_GOOD, "the session's details saved (u undoes one at a time)");
	return true;
}

void people_open_session_form(struct app *app)
{
	const struct session *s = app->ws->s;
	ui_form_open(app, "The session", session_done, NULL, NULL);
	ui_form_text(app, "Title", field_now(s, F_TITLE), TEXT_MAX_NAME);
	ui_form_text(app, "Organization", field_now(s, F_ORG), TEXT_MAX_NAME);
	ui_form_text(app, "Unit", field_now(s, F_UNIT), TEXT_MAX_NAME);
	ui_form_choice(app, "Level", level_kind.names, LEVEL_COUNT, s->level);
	ui_form_text(app, "Facilitator", field_now(s, F_FACILITATOR), TEXT_MAX_NAME);
}
