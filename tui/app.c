/* The main loop: start the terminal, read keys, let the screen answer,
 * draw, and put the terminal back on every way out. */
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sanitize.h"
#include "tui/frame.h"
#include "tui/room_view.h"
#include "tui/ui.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* ---- the terminal ---- */

/* Checks the terminal before curses takes it, so that a missing or unusable
 * terminal type is one clear line, not a crash or a garbled screen. */
static enum err_code check_terminal(struct error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return error_set(err, ERR_USAGE, "the workshop screen needs a terminal; without "
				 "one use new, list, show, export or templates");
	const char *term = getenv("TERM");
	if (term == NULL || *term == '\0')
		return error_set(err, ERR_USAGE, "TERM is not set, so the screen cannot be drawn; "
				 "try TERM=xterm-256color");
	int status = 0;
	if (setupterm(NULL, STDOUT_FILENO, &status) != OK)
		return error_set(err, ERR_USAGE, "the terminal type \"%.40s\" is unknown here; "
				 "try TERM=xterm-256color", term);
	bool usable = tigetstr("cup") != NULL && tigetstr("cup") != (char *)-1 &&
		      tigetflag("hc") <= 0;
	del_curterm(cur_term);
	if (!usable)
		return error_set(err, ERR_USAGE, "the terminal type \"%.40s\" cannot move the "
				 "cursor, so the screen cannot be drawn; try TERM=xterm-256color",
				 term);
	return ERR_OK;
}

static short pair_color(enum theme_color c)
{
	return (short)c;
}

static attr_t attrs_of(unsigned bits)
{
	attr_t a = A_NORMAL;
	if (bits & THEME_BOLD)
		a |= A_BOLD;
	if (bits & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & THEME_REVERSE)
		a |= A_REVERSE;
	if (bits & THEME_DIM)
		a |= A_DIM;
	if (bits & THEME_STANDOUT)
		a |= A_STANDOUT;
	return a;
}

/* Each role becomes a colour pair and attributes; without colours, the
 * monochrome theme's attributes. */
static void apply_theme(struct app *app)
{
	if (!app->colors || app->theme.monochrome)
		theme_monochrome(&app->theme);
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *st = &app->theme.roles[r];
		attr_t a = attrs_of(st->attrs);
		if (app->colors && !app->theme.monochrome) {
			init_pair((short)(r + 1), pair_color(st->fg), pair_color(st->bg));
			a |= COLOR_PAIR(r + 1);
		}
		app->role_attr[r] = a;
	}
}

static void choose_theme(struct app *app)
{
	struct error err;
	theme_default(&app->theme);
	const char *key = app->opts.theme ? app->opts.theme : "projector-light";
	if (theme_find(key, &app->theme, &err)) {
		theme_default(&app->theme);
		if (app->opts.theme)
			ui_error(app, &err);
	}
}

static bool colours_wanted(const struct app *app)
{
	const char *no_color = getenv("NO_COLOR");
	return !app->opts.no_color && !(no_color && *no_color) && has_colors();
}

static enum err_code start_terminal(struct app *app, const char *term, FILE *out, FILE *in,
				    struct error *err)
{
	app->term = newterm(term, out, in);
	app->in_fd = fileno(in);
	if (app->term == NULL)
		return error_set(err, ERR_USAGE, "the terminal could not be started");
	set_term(app->term);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(200);
	app->ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	app->colors = colours_wanted(app);
	if (app->colors) {
		start_color();
		use_default_colors();
	}
	choose_theme(app);
	apply_theme(app);
	return ERR_OK;
}

static void stop_terminal(struct app *app)
{
	if (app->term == NULL)
		return;
	endwin();
	delscreen(app->term);
	app->term = NULL;
}

/* ---- the loop ---- */

static bool too_small(const struct app *app)
{
	return app->cols < UI_MIN_COLS || app->rows < UI_MIN_LINES;
}

static void draw_too_small(struct app *app)
{
	erase();
	const char *said[] = {"Please make the window larger:", "improv needs 80 x 24.", ""};
	char now[48];
	snprintf(now, sizeof now, "This one is %d x %d.", app->cols, app->rows);
	said[2] = now;
	for (int i = 0; i < 3 && i < app->rows; i++)
		ui_text(app, app->rows / 2 - 1 + i, 0, app->cols, said[i], ROLE_TEXT, false);
}

void ui_draw(struct app *app)
{
	app->frames++;
	getmaxyx(stdscr, app->rows, app->cols);
	if (too_small(app)) {
		draw_too_small(app);
	} else {
		bkgdset(' ' | app->role_attr[ROLE_TEXT]);
		erase();
		if (screens[app->screen]->in_session)
			frame_draw(app);
		else
			screens[app->screen]->draw(app, 0, app->rows);
		if (app->dialog.kind != DIALOG_NONE)
			ui_dialog_draw(app);
	}
	refresh();
}

/* What changed since the last frame, drawn over it; false when only a
 * whole frame will do: a screen that cannot, a dialog or the QR code over
 * it, presentation mode, a terminal too small. */
static bool draw_changed(struct app *app)
{
	const struct screen_ops *ops = screens[app->screen];
	if (!ops->in_session || ops->draw_changed == NULL || too_small(app) ||
	    app->presentation || app->room_qr || app->dialog.kind != DIALOG_NONE)
		return false;
	return frame_draw_changed(app);
}

void ui_redraw(struct app *app, unsigned flags)
{
	if (!(flags & UI_DRAWS))
		return;
	if (!(flags & UI_REDRAW) && draw_changed(app))
		refresh();
	else
		ui_draw(app);
}

/* The screen's action, then the keys every stage shares. */
static unsigned act(struct app *app, enum action a, int digit)
{
	const struct screen_ops *ops = screens[app->screen];
	unsigned flags = ops->act(app, a, digit);
	if (flags == UI_IGNORED && (ops->contexts & CTX_STAGE))
		flags = frame_act(app, a);
	else if (flags == UI_IGNORED && (ops->contexts & CTX_ROOM))
		flags = room_view_act(app, a);
	return flags;
}

static unsigned answer_key(struct app *app, wint_t key, bool is_code)
{
	if (room_view_key(app))
		return UI_REDRAW;
	if (app->dialog.kind != DIALOG_NONE)
		return ui_dialog_key(app, key, is_code);
	const struct screen_ops *ops = screens[app->screen];
	if (ops->raw_key) {
		unsigned flags = ops->raw_key(app, key, is_code);
		if (flags != UI_IGNORED)
			return flags;
	}
	int digit;
	enum action a = actions_for_key((int)key, is_code, ops->contexts, &digit);
	if (a == ACT_NONE)
		return UI_IGNORED;
	if (a == ACT_HELP) {
		ui_help_open(app);
		return UI_REDRAW;
	}
	if (a == ACT_REFRESH) {
		clearok(curscr, TRUE);
		return UI_REDRAW;
	}
	/* A message stays until the next action; taking it away is a change. */
	bool had_message = app->message[0] != '\0';
	app->message[0] = '\0';
	if (frame_refuse(app, a))
		return UI_REDRAW;
	return act(app, a, digit) | (had_message ? UI_REDRAW_PART : UI_IGNORED);
}

/* Keys that only show something (the help, a redraw, the QR code taken
 * away) go on while the phones' votes are being written; any other waits
 * for the write first, as it may change the session. */
static bool only_shows(const struct app *app, wint_t key, bool is_code)
{
	if (app->room_qr || app->dialog.kind == DIALOG_HELP)
		return true;
	if (app->dialog.kind != DIALOG_NONE || screens[app->screen]->raw_key)
		return false;
	int digit;
	enum action a = actions_for_key((int)key, is_code, screens[app->screen]->contexts, &digit);
	return a == ACT_HELP || a == ACT_REFRESH;
}

unsigned ui_key(struct app *app, wint_t key, bool is_code)
{
	if (app->room && !only_shows(app, key, is_code))
		room_finish_write(app->room);
	if (too_small(app))
		return key == 'q' && !is_code && app->screen == SCREEN_HOME ? UI_QUIT : UI_IGNORED;
	/* The key was typed at a screen that may be out of date: a window that
	 * has just lost the session says so and reads it back instead. */
	if (app->ws && workshop_wake(app->ws)) {
		ui_message(app, ROLE_WARN, "%s", ws_read_only_reason(app->ws, (char[600]){0}, 600));
		ui_update(app);
		return UI_REDRAW;
	}
	unsigned flags = answer_key(app, key, is_code);
	if (flags & UI_REDRAW)
		ui_update(app);
	return flags;
}

/* The lease is renewed and the bell rings once when a stage's time is up. */
static unsigned tick_session(struct app *app)
{
	const struct session *before = app->ws->s;
	bool was_read_only = app->ws->read_only;
	workshop_tick(app->ws, app->now);
	unsigned flags = UI_IGNORED;
	/* A window that lost its lease read the session back, read-only. */
	if (app->ws->s != before || app->ws->read_only != was_read_only) {
		ui_update(app);
		flags = UI_REDRAW;
	}
	enum stage st = app->ws->s->stage;
	if (ws_timer_running(app->ws, st) && ws_timer_left(app->ws, st, app->now) <= 0 &&
	    !app->signalled[st]) {
		app->signalled[st] = true;
		beep();
	}
	return flags | frame_tick(app);
}

unsigned ui_tick(struct app *app)
{
	time_t now = clock_now();
	unsigned flags = UI_IGNORED;
	if (now != app->now) {
		app->now = now;
		if (app->ws)
			flags |= tick_session(app);
	}
	const struct screen_ops *ops = screens[app->screen];
	if (ops->tick)
		flags |= ops->tick(app);
	return flags;
}

/* Waits for a key, at most the tick's 200 ms; while the room is open,
 * for its sockets too, whose requests are answered here, in this thread.
 * Curses may hold keys it has read already: they are taken first, and a
 * key that comes with phones' requests is answered (and drawn) before
 * them, so that the facilitator never waits behind a room voting. */
static int next_key(struct app *app, wint_t *key, unsigned *flags)
{
	if (app->room == NULL) {
		timeout(200);
		return get_wch(key);
	}
	timeout(0);
	int rc = get_wch(key);
	if (rc != ERR)
		return rc;
	struct pollfd fds[ROOM_POLLFDS_MAX + 1] = {{.fd = app->in_fd, .events = POLLIN}};
	int ms = 200;
	size_t n = 1 + room_view_pollfds(app, fds + 1, ROOM_POLLFDS_MAX, &ms);
	if (poll(fds, (nfds_t)n, ms) > 0 && (fds[0].revents & POLLIN))
		return get_wch(key);
	*flags |= room_view_run(app);
	return get_wch(key);
}

/* Draws only when something shown changed: a key that did something, a
 * resize, the clock on screen, a screen that moves on by itself, a phone. */
static enum err_code loop(struct app *app)
{
	ui_draw(app);
	while (!stop_signal) {
		wint_t key;
		unsigned flags = UI_IGNORED;
		int rc = next_key(app, &key, &flags);
		if (rc == KEY_CODE_YES && key == KEY_RESIZE) {
			/* What a screen shows may depend on its size. */
			getmaxyx(stdscr, app->rows, app->cols);
			ui_update(app);
			flags = UI_REDRAW;
		}
		else if (rc == KEY_CODE_YES || rc == OK)
			flags |= ui_key(app, key, rc == KEY_CODE_YES);
		if (flags & UI_QUIT)
			break;
		flags |= ui_tick(app);
		ui_redraw(app, flags);
	}
	return ERR_OK;
}

/* Opens the database and reads the home screen's first screen before the
 * screen starts: a file whose sessions cannot be listed (damaged where
 * SQLite reads) is reported in one line, as one the store refuses at once
 * is. A session opened at once is read instead, and home when it is left. */
static enum err_code open_store(struct app *app, struct error *err)
{
	struct store_options opts = {.vfs = app->opts.vfs};
	if (store_open(app->opts.db_path, &opts, &app->store, err))
		return err->code;
	return ui_home_start(app, app->opts.open_id == 0, err);
}

enum err_code ui_start(struct app *app, const struct tui_options *opts, const char *term,
		       FILE *out, FILE *in, struct error *err)
{
	memset(app, 0, sizeof *app);
	app->opts = *opts;
	app->now = clock_now();
	ui_screens_start(app);
	if (open_store(app, err) || start_terminal(app, term, out, in, err))
		return err->code;
	getmaxyx(stdscr, app->rows, app->cols);
	if (opts->open_id)
		return ui_open_session(app, opts->open_id, err);
	ui_update(app);         /* a taller terminal than the first read */
	return ERR_OK;
}

void ui_stop(struct app *app)
{
	stop_terminal(app);
	room_view_close(app);
	ui_close_session(app);
	ui_dialog_close(app);
	ui_screens_stop(app);
	store_close(app->store);
	app->store = NULL;
}

int tui_run(const struct tui_options *opts)
{
	struct app app;
	struct error err = {0};
	enum err_code code = check_terminal(&err);
	if (code == ERR_OK) {
		catch_stop_signals();
		code = ui_start(&app, opts, NULL, stdout, stdin, &err);
		if (code == ERR_OK)
			code = loop(&app);
		ui_stop(&app);
	}
	if (code) {
		char *line = sanitize(err.msg, strlen(err.msg), SANITIZE_LINE);
		fprintf(stderr, "improv: %s\n", line);
		free(line);
		return (int)code;
	}
	return stop_signal ? 128 + stop_signal : 0;
}
