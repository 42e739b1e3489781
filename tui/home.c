/* Home: the sessions, grouped by organization and unit, newest first; the
 * setup form for a new one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/atomic_file.h"
#include "lib/mem.h"
#include "lib/utf8.h"
#include "model/checkin.h"
#include "sessions/export.h"
#include "templates/template_load.h"
#include "tui/list.h"
#include "tui/ui.h"

enum setup_field {
	SETUP_TITLE, SETUP_ORG, SETUP_UNIT, SETUP_LEVEL, SETUP_FACILITATOR,
	SETUP_PARTICIPANTS, SETUP_TEMPLATE, SETUP_TIMEBOXES
};

/* The rows on screen: a heading before each new group, then its
 * sessions; scrolling counts these rows, so the selection stays visible. */
struct home_row {
	size_t session;         /* index into the sessions read */
	bool heading;
};

/* The home list is read a part at a time: the sessions around the
 * selection, from position `from` among those the filter lets through
 * (when from > 0 the first one read is only there to tell whether the next
 * starts a group), and the rows they make on screen, kept up to date after
 * every change. The list is not counted (a count reads every session's
 * entry): a part that comes back short tells where it ends, and only a
 * jump to the end, a selection past it, or a filter that lets nothing
 * through (to tell whether the file has any session) counts. */
struct home {
	struct session_summary *read;
	size_t nread, from;
	size_t count;           /* let through by the filter, or at least so many */
	bool counted;           /* count is the list's end, not a bound */
	bool none_at_all;       /* an empty list: the file has no session */
	size_t sel;             /* among those let through */
	bool stale;             /* the sessions must be read again */
	struct home_row *rows;
	size_t nrows, selected_row;
	char filter[128];
	bool filtering;
	struct line_edit filter_edit;
};

static struct home *home_of(const struct app *app)
{
	return ui_state(app, SCREEN_HOME);
}

size_t ui_home_nread(const struct app *app)
{
	return home_of(app)->nread;
}

/* ---- the list ---- */

static bool same_group(const struct session_summary *a, const struct session_summary *b)
{
	return strcmp(a->organization, b->organization) == 0 && strcmp(a->unit, b->unit) == 0;
}

/* The first session read that is shown (the one before it only tells
 * where its group starts). */
static size_t first_shown(const struct home *h)
{
	return h->from > 0 && h->nread > 0 ? 1 : 0;
}

static const struct session_summary *selected(const struct home *h)
{
	size_t at = h->sel - h->from;
	return h->count && h->sel >= h->from && at < h->nread ? &h->read[at] : NULL;
}

static size_t layout_rows(const struct home *h, struct home_row *rows, size_t *selected_row)
{
	size_t r = 0;
	for (size_t k = first_shown(h); k < h->nread; k++) {
		if (k == 0 || !same_group(&h->read[k - 1], &h->read[k]))
			rows[r++] = (struct home_row){k, true};
		if (h->from + k == h->sel)
			*selected_row = r;
		rows[r++] = (struct home_row){k, false};
	}
	return r;
}

/* A page is the screen's height: the sessions read reach at least a page
 * past the selection on each side (or the list's end), so the rows in view
 * are the ones the whole list would show there. */
static size_t page_of(const struct app *app)
{
	return app->rows > UI_MIN_LINES ? (size_t)app->rows : UI_MIN_LINES;
}

static bool read_covers(const struct home *h, size_t page)
{
	size_t lo = h->sel > page ? h->sel - page : 0;
	size_t hi = h->sel + page;
	if (h->counted && hi > h->count)
		hi = h->count;
	size_t begin = h->from + first_shown(h);
	return !h->stale && lo >= begin && hi <= h->from + h->nread;
}

static void forget_sessions(struct home *h)
{
	store_summaries_free(h->read, h->nread);
	h->read = NULL;
	h->nread = 0;
	h->from = 0;
}

static void lay_out(struct home *h)
{
	free(h->rows);
	h->rows = xcalloc(2 * h->nread + 1, sizeof *h->rows);
	h->selected_row = 0;
	h->nrows = layout_rows(h, h->rows, &h->selected_row);
}

/* The sessions the filter lets through, counted: for a jump to the end,
 * and for a selection the list no longer reaches. */
static enum err_code count_all(struct app *app, struct error *err)
{
	struct home *h = home_of(app);
	size_t n;
	enum err_code code = store_count_sessions(app->store, h->filter, &n, err);
	if (code)
		return code;            /* what was known stays */
	h->count = n;
	h->counted = true;
	list_clamp(&h->sel, h->count);
	return ERR_OK;
}

/* Reads up to two pages either side of the selection (at the top of the
 * list, the screen and the page under it); a part that comes back short
 * ends the list there. */
static enum err_code read_part(struct app *app, struct error *err)
{
	struct home *h = home_of(app);
	size_t page = page_of(app);
	forget_sessions(h);
	size_t start = h->sel > 2 * page ? h->sel - 2 * page : 0;
	size_t from = start > 0 ? start - 1 : 0;
	h->from = from;
	struct session_query q = {.filter = h->filter, .offset = from,
				  .limit = h->sel + 2 * page + 2 - from};
	/* In the second half of a list counted, the part is found from its
	 * end: an offset steps through the index up to it. */
	if (h->counted && h->from > h->count / 2 && h->from < h->count) {
		size_t limit = q.limit < h->count - h->from ? q.limit : h->count - h->from;
		struct session_query back = {.filter = h->filter, .limit = limit,
					     .offset = h->count - h->from - limit, .from_end = true};
		enum err_code code = store_list_some(app->store, &back, &h->read, &h->nread, err);
		if (code || h->nread == limit)
			return code;
		/* The list changed under the count: read it from its start. */
		forget_sessions(h);
		h->from = from;
		h->counted = false;
	}
	enum err_code code = store_list_some(app->store, &q, &h->read, &h->nread, err);
	if (code) {
		h->count = 0;
		h->counted = true;
	} else if (h->nread < q.limit && (h->nread > 0 || h->from == 0)) {
		h->count = h->from + h->nread;
		h->counted = true;
	} else if (!h->counted && h->from + h->nread > h->count) {
		h->count = h->from + h->nread;
	}
	return code;
}

static enum err_code read_around(struct app *app, struct error *err)
{
	struct home *h = home_of(app);
	if (h->stale) {
		h->stale = false;
		h->counted = false;
		h->count = 0;
	}
	enum err_code code = read_part(app, err);
	/* The list ends before the selection (sessions deleted in another
	 * window, or a filter typed): the selection moves to the end, counted
	 * when the part read told nothing of where it is, and the part is
	 * read again around it. */
	bool nothing_there = h->nread == 0 && h->from > 0;
	if (code == ERR_OK && (nothing_there || (h->counted && h->sel >= h->count))) {
		if (nothing_there)
			code = count_all(app, err);
		list_clamp(&h->sel, h->count);
		if (code == ERR_OK)
			code = read_part(app, err);
	}
	list_clamp(&h->sel, h->count);
	/* An empty list says whether the file has any session at all. */
	size_t total = 0;
	h->none_at_all = code == ERR_OK && h->count == 0 &&
			 (!*h->filter || (store_count_sessions(app->store, NULL, &total, NULL) ==
					  ERR_OK && total == 0));
	return code;
}

/* The selection kept among the sessions the filter lets through, what is
 * read around it, and the rows they make. */
static void update(struct app *app)
{
	struct home *h = home_of(app);
	struct error err;
	list_clamp(&h->sel, h->count);
	if (!read_covers(h, page_of(app)) && read_around(app, &err))
		ui_error(app, &err);
	lay_out(h);
}

void ui_home_reload(struct app *app)
{
	home_of(app)->stale = true;
	update(app);
}

/* The first screen of the list, read before the screen starts: a file
 * whose sessions cannot be listed is reported as the store's refusal is.
 * With a session to open at once, nothing is read until home is shown. */
enum err_code ui_home_start(struct app *app, bool read, struct error *err)
{
	struct home *h = home_of(app);
	line_edit_init(&h->filter_edit, "", sizeof h->filter - 1);
	h->stale = true;
	enum err_code code = read ? read_around(app, err) : ERR_OK;
	lay_out(h);
	return code;
}

static void reset(struct app *app)
{
	struct home *h = home_of(app);
	forget_sessions(h);
	free(h->rows);
	line_edit_free(&h->filter_edit);
	memset(h, 0, sizeof *h);
}

static void draw_group(struct app *app, int y, const struct session_summary *s)
{
	char heading[256];
	snprintf(heading, sizeof heading, "%s%s%s",
		 *s->organization ? s->organization : "(no organization)",
		 *s->unit ? " / " : "", s->unit);
	ui_text(app, y, 2, app->cols - 4, heading, ROLE_ACCENT, false);
}

static void draw_row(struct app *app, int y, const struct session_summary *s, bool selected)
{
	enum role role = selected ? ROLE_SELECTION : ROLE_TEXT;
	char day[DATE_ISO_SIZE] = "-";
	if (s->created_at)
		date_format((long)(s->created_at / DATE_SECONDS_PER_DAY), day);
	int title_w = app->cols - 52;
	ui_fill(app, y, 2, app->cols - 4, role);
	ui_text(app, y, 4, title_w, s->title, role, false);
	ui_textf(app, y, 4 + title_w + 1, 46, role, "%4d  %-14s %-7s %s", s->iteration,
		 stage_title(s->stage, s->parent_id != 0), session_status_name(s->status), day);
}

static void draw_list(struct app *app, int top, int height)
{
	const struct home *h = home_of(app);
	if (h->count == 0) {
		ui_text(app, top + 1, 4, app->cols - 8,
			!h->none_at_all ? "No session matches the filter." :
			"No workshops yet. Press n to set up the first one.", ROLE_MUTED, false);
		return;
	}
	const struct home_row *rows = h->rows;
	size_t chosen = h->selected_row, nrows = h->nrows;
	size_t first = list_top(chosen, nrows, height);
	/* Keep the group's heading in view above its first session. */
	if (first > 0 && first == chosen && rows[first - 1].heading)
		first--;
	for (size_t r = first; r < nrows && (int)(r - first) < height; r++) {
		int y = top + (int)(r - first);
		const struct session_summary *s = &h->read[rows[r].session];
		if (rows[r].heading)
			draw_group(app, y, s);
		else
			draw_row(app, y, s, r == chosen);
	}
}

static const struct hint hints[] = {
	HINT(ACT_NEW, "new"), HINT(ACT_OPEN, "open"), HINT(ACT_CHECKIN, "check-in"),
	HINT(ACT_EXPORT, "export"), HINT(ACT_FILTER, "filter"), HINT(ACT_DELETE_SESSION, "delete"),
	HINT(ACT_HELP, "help"),
	HINT(ACT_BACK, "quit"), HINTS_END,
};

static void draw(struct app *app, int top, int height)
{
	(void)top;
	(void)height;
	const struct home *h = home_of(app);
	ui_fill(app, 0, 0, app->cols, ROLE_HEADER);
	ui_text(app, 0, 1, 20, "improv", ROLE_HEADER, false);
	ui_text(app, 0, 10, app->cols - 12, "workshops on learning infrastructure", ROLE_HEADER,
		false);
	int title_w = app->cols - 52;
	ui_text(app, 2, 4, title_w, "Session", ROLE_MUTED, false);
	ui_textf(app, 2, 4 + title_w + 1, 46, ROLE_MUTED, "%4s  %-14s %-7s %s", "It.", "Stage",
		 "Status", "Created");
	draw_list(app, 3, app->rows - 6);
	if (h->filtering || h->filter[0]) {
		char line[200];
		snprintf(line, sizeof line, "filter: %s%s", h->filter, h->filtering ? "_" : "");
		ui_text(app, app->rows - 3, 2, app->cols - 4, line, ROLE_ACCENT, false);
	}
	ui_text(app, app->rows - 2, 1, app->cols - 2, app->message, app->message_role, false);
	ui_hints(app, app->rows - 1, 1, app->cols - 2, hints, "  ");
}

/* ---- the setup form ---- */

/* The template keys the setup form offers, kept while it is open. */
struct setup_form {
	char **keys;
	size_t nkeys;
	char timeboxes[64];     /* the chosen template's, as the form filled them in */
};

static void setup_form_free(void *ctx)
{
	struct setup_form *f = ctx;
	template_list_free(f->keys, f->nkeys);
	free(f);
}

static char *trimmed(const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

/* "Ana, Bo, Zoë Ng" -> names; empty pieces are skipped. */
static size_t split_names(const char *text, char ***out)
{
	size_t n = 0, cap = 0;
	char **names = NULL;
	const char *p = text;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *piece = xstrndup(p, len);
		char *name = trimmed(piece);
		free(piece);
		if (*name) {
			grow(&names, &cap, n + 1, sizeof *names);
			names[n++] = name;
		} else {
			free(name);
		}
		p += len + (comma ? 1 : 0);
	}
	*out = names;
	return n;
}

static bool parse_timeboxes(const char *text, struct template *tpl, struct error *err)
{
	int minutes[5];
	int n = sscanf(text, "%d %d %d %d %d", &minutes[0], &minutes[1], &minutes[2], &minutes[3],
		       &minutes[4]);
	if (*text == '\0')
		return true;
	if (n != 5) {
		error_set(err, ERR_DATA, "timeboxes: five numbers of minutes, one per stage");
		return false;
	}
	for (int i = 0; i < 5; i++) {
		if (minutes[i] < 0 || minutes[i] > 240) {
			error_set(err, ERR_DATA, "timeboxes: 0 to 240 minutes each");
			return false;
		}
		tpl->timebox_minutes[STAGE_CURRENT_STATE + i] = minutes[i];
	}
	return true;
}

static enum err_code create_from_form(struct app *app, const struct setup_form *form,
				      int64_t *id, struct error *err)
{
	static const char *const level_names[] = {"individual", "team", "unit", "organization"};
	struct template tpl = {0};
	const char *key = form->nkeys ? form->keys[ui_form_choice_of(app, SETUP_TEMPLATE)]
				      : "learning-infrastructure";
	if (template_find(key, &tpl, err))
		return err->code;
	char **names;
	size_t nnames = split_names(ui_form_value(app, SETUP_PARTICIPANTS), &names);
	struct session_setup setup = {
		.title = ui_form_value(app, SETUP_TITLE),
		.organization = ui_form_value(app, SETUP_ORG),
		.unit = ui_form_value(app, SETUP_UNIT),
		.facilitator = ui_form_value(app, SETUP_FACILITATOR),
		.participants = (const char *const *)names,
		.nparticipants = nnames,
	};
	level_parse(level_names[ui_form_choice_of(app, SETUP_LEVEL)], &setup.level);
	enum err_code code = parse_timeboxes(ui_form_value(app, SETUP_TIMEBOXES), &tpl, err)
				     ? ERR_OK : ERR_DATA;
	struct session *s = code ? NULL : session_create(&setup, &tpl, err);
	if (code == ERR_OK && s == NULL)
		code = ERR_DATA;
	if (code == ERR_OK)
		code = store_create_session(app->store, s, err);
	if (code == ERR_OK)
		*id = s->id;
	session_free(s);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	template_free(&tpl);
	return code;
}

static bool setup_done(struct app *app, void *ctx)
{
	struct error err = {0};
	int64_t id = 0;
	if (create_from_form(app, ctx, &id, &err)) {
		ui_error(app, &err);
		return false;
	}
	ui_dialog_close(app);
	ui_home_reload(app);
	if (ui_open_session(app, id, &err))
		ui_error(app, &err);
	return true;
}

/* The template chosen gives the timeboxes field its minutes, unless
 * something else was typed there. */
static void fill_timeboxes(struct app *app, void *ctx, size_t field)
{
	struct setup_form *form = ctx;
	struct template tpl;
	struct error err;
	if (field != SETUP_TEMPLATE || form->nkeys == 0 ||
	    strcmp(ui_form_value(app, SETUP_TIMEBOXES), form->timeboxes) != 0 ||
	    template_find(form->keys[ui_form_choice_of(app, SETUP_TEMPLATE)], &tpl, &err))
		return;
	const int *m = tpl.timebox_minutes + STAGE_CURRENT_STATE;
	snprintf(form->timeboxes, sizeof form->timeboxes, "%d %d %d %d %d", m[0], m[1], m[2],
		 m[3], m[4]);
	template_free(&tpl);
	ui_form_set_text(app, SETUP_TIMEBOXES, form->timeboxes);
}

static void open_setup(struct app *app)
{
	static const char *const levels[] = {"individual", "team", "unit", "organization"};
	struct error err;
	struct setup_form *form = xcalloc(1, sizeof *form);
	if (template_list(&form->keys, &form->nkeys, &err))
		ui_error(app, &err);
	size_t chosen = 0;
	for (size_t i = 0; i < form->nkeys; i++)
		if (strcmp(form->keys[i], "learning-infrastructure") == 0)
			chosen = i;
	ui_form_open(app, "New workshop", setup_done, form, setup_form_free);
	ui_form_text(app, "Title", "", TEXT_MAX_NAME);
	ui_form_text(app, "Organization", "", TEXT_MAX_NAME);
	ui_form_text(app, "Unit", "", TEXT_MAX_NAME);
	ui_form_choice(app, "Level", levels, 4, LEVEL_TEAM);
	ui_form_text(app, "Facilitator", "", TEXT_MAX_NAME);
	ui_form_text(app, "Participants", "", 2000);
	ui_form_choice(app, "Template", (const char *const *)form->keys, form->nkeys, chosen);
	ui_form_text(app, "Timeboxes (min)", "", 40);
	ui_form_on_change(app, fill_timeboxes);
	fill_timeboxes(app, form, SETUP_TEMPLATE);
	ui_message(app, ROLE_MUTED, "%s", "participants: names separated by commas; timeboxes: "
		   "minutes per stage, current state to review");
}

/* ---- check-in and delete: each asks first ---- */

static void check_in_confirmed(struct app *app, void *ctx)
{
	const int64_t *id = ctx;
	struct error err = {0};
	int64_t next;
	enum err_code code = store_check_in(app->store, *id, clock_now(), &next, &err);
	if (code == ERR_OK) {
		ui_home_reload(app);
		code = ui_open_session(app, next, &err);
	}
	if (code)
		ui_error(app, &err);
	else
		ui_message(app, ROLE_GOOD, "%s", "check-in: first, what became of last time's "
			   "steps, goals and metrics");
}

static int64_t *id_copy(int64_t id)
{
	int64_t *copy = xmalloc(sizeof *copy);
	*copy = id;
	return copy;
}

/* The question says what will be carried and warns of a session still
 * open; one that has its check-in already is refused at once. */
static void ask_check_in(struct app *app, int64_t id)
{
	struct error err = {0};
	int64_t later = 0;
	struct session *s = NULL;
	enum err_code code = store_next_iteration(app->store, id, &later, &err);
	if (code == ERR_OK && later)
		code = error_set(&err, ERR_DATA, "this session has its check-in already, session "
				 "%lld; check in from that one", (long long)later);
	if (code == ERR_OK)
		code = store_load_session(app->store, id, &s, &err);
	if (code) {
		ui_error(app, &err);
		return;
	}
	struct sbuf q = SBUF_INIT;
	checkin_question(s, &q);
	ui_confirm(app, sbuf_str(&q), check_in_confirmed, id_copy(id), free);
	sbuf_free(&q);
	session_free(s);
}

/* What the question "delete?" is about, kept while it is open. */
struct doomed {
	int64_t id;
	int iteration;
	char title[256];       /* 36 columns of it at most */
};

static void delete_confirmed(struct app *app, void *ctx)
{
	const struct doomed *d = ctx;
	struct error err = {0};
	size_t deleted;
	if (store_delete_session(app->store, d->id, false, &deleted, &err)) {
		ui_error(app, &err);
		return;
	}
	ui_home_reload(app);
	ui_message(app, ROLE_GOOD, "deleted \"%s\" (iteration %d)", d->title, d->iteration);
}

/* A session a check-in follows is refused before the question, naming the
 * check-in (the command line can delete the whole series). */
static void ask_delete(struct app *app, const struct session_summary *s)
{
	struct error err = {0};
	int64_t later = 0;
	enum err_code code = store_next_iteration(app->store, s->id, &later, &err);
	if (code == ERR_OK && later)
		code = error_set(&err, ERR_DATA, "its check-in, session %lld (iteration %d), "
				 "follows it: delete that one first", (long long)later,
				 s->iteration + 1);
	if (code) {
		ui_error(app, &err);
		return;
	}
	struct doomed *d = xcalloc(1, sizeof *d);
	struct sbuf title = SBUF_INIT, q = SBUF_INIT;
	utf8_fit(&title, s->title ? s->title : "", 36, UTF8_FIT_CUT | UTF8_FIT_ELLIPSIS);
	*d = (struct doomed){.id = s->id, .iteration = s->iteration};
	snprintf(d->title, sizeof d->title, "%s", sbuf_str(&title));
	sbuf_addf(&q, "Delete \"%s\" (iteration %d)?\n"
		  "Everything in it goes with it, for good: it cannot be undone.", d->title,
		  s->iteration);
	ui_confirm(app, sbuf_str(&q), delete_confirmed, d, free);
	sbuf_free(&title);
	sbuf_free(&q);
}

/* ---- export: a file for the wiki or a spreadsheet ---- */

/* What the export form is about, kept while it and the question "replace
 * it?" are open. */
struct export_form {
	int64_t id;
	const char *formats[8];
	char file[1024];
	size_t format;
};

static void default_file(int64_t id, const char *ext, char *out, size_t size)
{
	snprintf(out, size, "improv-%lld.%s", (long long)id, ext);
}

/* The file name as typed, unless it is still the default: then it takes
 * the chosen format's extension. */
static void export_path(const struct app *app, int64_t id, const struct export_format *f,
			char *out, size_t size)
{
	const char *typed = ui_form_value(app, 1);
	for (size_t i = 0; i < export_format_count(); i++) {
		char dflt[64];
		default_file(id, export_format_at(i)->name, dflt, sizeof dflt);
		if (strcmp(typed, dflt) == 0) {
			default_file(id, f->name, out, size);
			return;
		}
	}
	snprintf(out, size, "%s", typed);
}

static bool export_write(struct app *app, const struct export_form *form, bool replace)
{
	struct error err = {0};
	const struct export_format *f = export_format_at(form->format);
	struct sbuf out = SBUF_INIT;
	enum err_code code = export_render(app->store, form->id, f, date_today(), &out, &err);
	if (code == ERR_OK)
		code = atomic_write_document(form->file, sbuf_str(&out), out.len, 0600,
					     app->opts.db_path, replace, &err);
	sbuf_free(&out);
	if (code) {
		ui_error(app, &err);
		return false;
	}
	ui_message(app, ROLE_GOOD, "exported to %s", form->file);
	return true;
}

static void export_replace_confirmed(struct app *app, void *ctx)
{
	export_write(app, ctx, true);
}

/* The database and SQLite files are refused at once, with the form kept
 * open; a file that is there, or a link's file, is replaced only once the
 * question is answered yes. */
static bool export_done(struct app *app, void *ctx)
{
	struct export_form *form = ctx;
	struct error err = {0};
	form->format = ui_form_choice_of(app, 0);
	export_path(app, form->id, export_format_at(form->format), form->file, sizeof form->file);
	enum atomic_target what = ATOMIC_TARGET_NONE;
	if (form->file[0] == '\0')
		error_set(&err, ERR_USAGE, "%s", "give a file name");
	else
		atomic_target_check(form->file, app->opts.db_path, &what, &err);
	if (err.code) {
		ui_error(app, &err);
		return false;
	}
	if (what == ATOMIC_TARGET_NONE)
		return export_write(app, form, false);
	/* The question replaces the form and takes over what it is about. */
	ui_confirm(app, what == ATOMIC_TARGET_LINK
		   ? "That file is a symbolic link: replace the file it names?"
		   : "That file exists: replace it?", export_replace_confirmed,
		   ui_dialog_release(app), free);
	return false;
}

static void open_export(struct app *app, int64_t id)
{
	size_t n = export_format_count();
	size_t md = 0;
	struct export_form *form = xcalloc(1, sizeof *form);
	for (size_t i = 0; i < n && i < 8; i++) {
		form->formats[i] = export_format_at(i)->name;
		if (strcmp(form->formats[i], "md") == 0)
			md = i;
	}
	char file[64];
	form->id = id;
	default_file(id, "md", file, sizeof file);
	ui_form_open(app, "Export the session", export_done, form, free);
	ui_form_choice(app, "Format", form->formats, n < 8 ? n : 8, md);
	ui_form_text(app, "File", file, 1000);
	ui_message(app, ROLE_MUTED, "%s", "md: a report for a wiki; json and yaml: for "
		   "improv import and scripts; csv: for spreadsheets");
}

/* ---- keys ---- */

static void clear_filter(struct home *h)
{
	h->filter[0] = '\0';
	h->stale = true;
	line_edit_free(&h->filter_edit);
	line_edit_init(&h->filter_edit, "", sizeof h->filter - 1);
}

/* While the filter is typed, keys edit it; Enter keeps it, Esc clears it. */
static unsigned filter_key(struct app *app, wint_t key, bool code)
{
	struct home *h = home_of(app);
	if (!h->filtering)
		return UI_IGNORED;
	if (!code && (key == '\r' || key == '\n')) {
		h->filtering = false;
	} else if (!code && key == 27) {
		h->filtering = false;
		clear_filter(h);
	} else if ((code && key == KEY_BACKSPACE) || (!code && (key == 127 || key == 8))) {
		line_edit_key(&h->filter_edit, LINE_EDIT_BACKSPACE);
	} else if (!code && key >= 0x20) {
		line_edit_insert(&h->filter_edit, (uint32_t)key);
	} else {
		return UI_IGNORED;
	}
	if (strcmp(h->filter, line_edit_text(&h->filter_edit)) != 0)
		h->stale = true;
	snprintf(h->filter, sizeof h->filter, "%s", line_edit_text(&h->filter_edit));
	h->sel = 0;
	return UI_REDRAW;
}

static unsigned act(struct app *app, enum action action, int digit)
{
	(void)digit;
	struct home *h = home_of(app);
	struct error err;
	const struct session_summary *chosen = selected(h);
	int64_t id = chosen ? chosen->id : 0;
	switch (action) {
	case ACT_BACK:
		if (h->filter[0] == '\0')
			return UI_QUIT;
		clear_filter(h);
		return UI_REDRAW;
	case ACT_NEW:
		open_setup(app);
		return UI_REDRAW;
	case ACT_OPEN:
		if (id == 0)
			return UI_IGNORED;
		if (ui_open_session(app, id, &err))
			ui_error(app, &err);
		return UI_REDRAW;
	case ACT_FILTER:
		h->filtering = true;
		return UI_REDRAW;
	case ACT_CHECKIN:
		if (id == 0)
			return UI_IGNORED;
		ask_check_in(app, id);
		return UI_REDRAW;
	case ACT_DELETE_SESSION:
		if (id == 0)
			return UI_IGNORED;
		ask_delete(app, chosen);
		return UI_REDRAW;
	case ACT_EXPORT:
		if (id == 0)
			return UI_IGNORED;
		open_export(app, id);
		return UI_REDRAW;
	case ACT_BOTTOM:
		if (!h->counted && count_all(app, &err)) {
			ui_error(app, &err);
			return UI_REDRAW;
		}
		/* the end is known now */
		/* fall through */
	default:
		return list_move(&h->sel, h->count, action, app->rows - 8);
	}
}

const struct screen_ops home_screen = {
	.name = "home",
	.contexts = CTX_HOME,
	.state_size = sizeof(struct home),
	.update = update,
	.reset = reset,
	.draw = draw,
	.act = act,
	.raw_key = filter_key,
	.hints = hints,
};
