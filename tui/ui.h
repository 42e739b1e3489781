/* ui: what the screens of the workshop share: the application state, the
 * screen table, the flags key handlers return, and drawing helpers that
 * sanitize and fit text by display columns. Only tui/ includes this. */
#ifndef IMPROV_TUI_UI_H
#define IMPROV_TUI_UI_H

#include <curses.h>
#include <stdio.h>
#include <stdbool.h>
#include <time.h>

#include "lib/error.h"
#include "lib/line_edit.h"
#include "sessions/store.h"
#include "themes/theme_load.h"
#include "tui/actions.h"
#include "tui/tui.h"
#include "tui/workshop.h"

/* What a key handler returns; only the main loop draws. */
enum {
	UI_IGNORED = 0,
	UI_HANDLED = 1 << 0,
	UI_REDRAW = 1 << 1,
	UI_QUIT = 1 << 2,
};

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

enum screen_id {
	SCREEN_HOME,
	SCREEN_STAGE,
	SCREEN_COUNT
};

struct app;

/* A screen draws itself from the state and answers actions. */
struct screen_ops {
	const char *name;
	unsigned (*contexts)(const struct app *app);  /* besides CTX_GLOBAL */
	void (*draw)(struct app *app);
	unsigned (*act)(struct app *app, enum action action, int digit);
	/* Sees every key first when not NULL (a filter being typed); returns
	 * UI_IGNORED to let the key go on to the actions. */
	unsigned (*raw_key)(struct app *app, wint_t key, bool is_code);
};

/* Modal dialogs sit above the screen and take the keys while open. */
enum dialog_kind { DIALOG_NONE, DIALOG_FORM, DIALOG_CONFIRM, DIALOG_HELP };

enum field_kind { FIELD_TEXT, FIELD_CHOICE, FIELD_NUMBER, FIELD_DATE };

#define FORM_MAX_FIELDS 12

struct form_field {
	const char *label;
	enum field_kind kind;
	struct line_edit edit;          /* text, number, date */
	const char *const *choices;     /* choice */
	size_t nchoices, choice;
};

/* Called when the form is confirmed, with the dialog's context; returns
 * false (with app->message set) to keep the form open with what was typed,
 * so nothing is lost. */
typedef bool (*form_done_fn)(struct app *app, void *ctx);
typedef void (*confirm_fn)(struct app *app, void *ctx);
typedef void (*ctx_free_fn)(void *ctx);

struct dialog {
	enum dialog_kind kind;
	char title[128];
	struct form_field fields[FORM_MAX_FIELDS];
	size_t nfields, focus;
	form_done_fn done;
	confirm_fn yes;
	/* What the dialog is about (an item, a choice list, a file name),
	 * handed to done or yes; freed with free_ctx when the dialog closes,
	 * unless free_ctx is NULL. */
	void *ctx;
	ctx_free_fn free_ctx;
	size_t list_top;                /* help: the first line shown */
};

/* The ballot on the steps stage: who votes, their own choices while they
 * vote (wiped once cast), the tally being typed, the reveal. */
enum vote_mode {
	VOTE_NONE,              /* the steps list */
	VOTE_LOBBY,             /* who has not voted yet */
	VOTE_CASTING,           /* one person's ballot, seen by them alone */
	VOTE_PASS,              /* a blank page: pass the keyboard on */
	VOTE_TALLY,             /* counts from the paper wall */
	VOTE_RESULTS,           /* the revealed ranking */
	VOTE_ROADMAP,           /* Now / Next / Later */
};

struct vote_view {
	enum vote_mode mode;
	size_t ballot;          /* index into the session's ballots */
	size_t voter;           /* participant index, while casting */
	size_t sel;             /* the selected row */
	int column;             /* scoring: 0 impact, 1 effort */
	int *dots, *impact, *effort;
	bool *approve;
	size_t *order, norder;
	char typed[12];         /* tally: the digits typed for the selected step */
	size_t shown;           /* results: rows shown so far, as the chart builds */
};

struct app {
	struct tui_options opts;
	SCREEN *term;
	struct store *store;
	struct theme theme;
	bool colors;
	bool ascii;                     /* the locale cannot show UTF-8 (LANG=C) */
	attr_t role_attr[ROLE_COUNT];

	enum screen_id screen;
	struct workshop *ws;            /* the open session, or NULL at home */
	struct dialog dialog;

	/* home */
	struct session_summary *sessions;
	size_t nsessions, home_sel, home_top;
	char filter[128];
	bool filtering;
	struct line_edit filter_edit;

	/* the stage screens */
	size_t sel[STAGE_COUNT];        /* the selected row per stage */
	size_t value_sel;               /* goals and values: the selected value */
	size_t col;                     /* current state: the selected column */
	int pane;                       /* goals and values: 0 values, 1 goals */
	bool presentation;
	bool show_parking;              /* the parking lot replaces the stage body */
	size_t parking_sel;
	bool signalled[STAGE_COUNT];    /* the timer's bell has rung */

	struct vote_view vote;

	/* review: which page, and the earlier iterations for the comparison
	 * and the trends (oldest first), read when first shown */
	int review_page;
	struct session **history;
	size_t nhistory;
	int64_t history_of;

	char message[256];
	enum role message_role;
	time_t now;
	int rows, cols;
};

extern const struct screen_ops *const screens[SCREEN_COUNT];

/* ---- the application: started by tui_run, or by a test on any terminal ---- */

/* Opens the database and starts curses on the terminal type term (NULL:
 * $TERM) writing to out and reading from in. */
enum err_code ui_start(struct app *app, const struct tui_options *opts, const char *term,
		       FILE *out, FILE *in, struct error *err);
void ui_stop(struct app *app);
void ui_draw(struct app *app);
unsigned ui_key(struct app *app, wint_t key, bool is_code);
void ui_tick(struct app *app);

/* ---- drawing ---- */

/* Draws text (sanitized, one line) at y, x fitted to width columns; pads
 * with spaces in the role's colours when pad is true. Returns columns used. */
int ui_text(struct app *app, int y, int x, int width, const char *text, enum role role,
	    bool pad);
/* Like ui_text with printf-style formatting; the arguments are sanitized
 * as a whole, so pass only trusted formats. */
int ui_textf(struct app *app, int y, int x, int width, enum role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Fills a row with the role's background. */
void ui_fill(struct app *app, int y, int x, int width, enum role role);
/* Text wrapped on word boundaries into at most max_lines lines; returns lines used. */
int ui_wrap(struct app *app, int y, int x, int width, int max_lines, const char *text,
	    enum role role);
void ui_message(struct app *app, enum role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct app *app, const struct error *err);

/* ---- dialogs ---- */

/* Opens a form; ctx goes to done, and the dialog owns it when free_ctx is
 * not NULL. */
void ui_form_open(struct app *app, const char *title, form_done_fn done, void *ctx,
		  ctx_free_fn free_ctx);
void ui_form_text(struct app *app, const char *label, const char *value, size_t max);
void ui_form_choice(struct app *app, const char *label, const char *const *choices, size_t n,
		    size_t chosen);
void ui_form_number(struct app *app, const char *label, const char *value);
void ui_form_date(struct app *app, const char *label, const char *value);
const char *ui_form_value(const struct app *app, size_t field);
size_t ui_form_choice_of(const struct app *app, size_t field);
void ui_confirm(struct app *app, const char *question, confirm_fn yes, void *ctx,
		ctx_free_fn free_ctx);
/* The open dialog gives up its context (to hand it to the next dialog). */
void *ui_dialog_release(struct app *app);
void ui_dialog_close(struct app *app);
unsigned ui_dialog_key(struct app *app, wint_t key, bool is_key_code);
void ui_dialog_draw(struct app *app);
void ui_help_open(struct app *app);

/* ---- moving between screens ---- */

void ui_home_reload(struct app *app);
enum err_code ui_open_session(struct app *app, int64_t id, struct error *err);
void ui_close_session(struct app *app);

/* ---- the stage screens' parts ---- */

void stage_draw_last_time(struct app *app, int top, int height);
unsigned stage_act_last_time(struct app *app, enum action action, int digit);
void stage_draw_current(struct app *app, int top, int height);
unsigned stage_act_current(struct app *app, enum action action, int digit);
void stage_draw_goals(struct app *app, int top, int height);
unsigned stage_act_goals(struct app *app, enum action action, int digit);
void stage_draw_metrics(struct app *app, int top, int height);
unsigned stage_act_metrics(struct app *app, enum action action, int digit);
void stage_draw_steps(struct app *app, int top, int height);
unsigned stage_act_steps(struct app *app, enum action action, int digit);
void stage_draw_vote(struct app *app, int top, int height);
unsigned stage_act_vote(struct app *app, enum action action, int digit);
unsigned stage_vote_contexts(const struct app *app);
void stage_vote_tick(struct app *app);
void stage_vote_reset(struct app *app);
void stage_draw_roadmap(struct app *app, int top, int height);
void stage_draw_review(struct app *app, int top, int height);
void stage_review_forget(struct app *app);
unsigned stage_act_review(struct app *app, enum action action, int digit);

/* A list's selection moved by an action; returns UI_REDRAW when it moved. */
unsigned ui_list_move(size_t *sel, size_t n, enum action action, int page);
/* The first row to show so that sel is visible in height rows. */
size_t ui_list_top(size_t sel, size_t n, int height);

#endif
