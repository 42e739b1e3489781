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
#include "room/room_workshop.h"
#include "sessions/workshop.h"

/* What a key handler returns; only the main loop draws, and only after
 * UI_REDRAW or UI_REDRAW_PART: a key that changed nothing on screen returns
 * UI_IGNORED. */
enum {
	UI_IGNORED = 0,
	UI_REDRAW = 1 << 0,             /* something shown changed: the whole frame */
	UI_QUIT = 1 << 1,
	/* Only what the screen marked changed, its layout as it was drawn: the
	 * screen's draw_changed draws that alone over the last frame, with the
	 * header and the message row, and curses compares only those lines. */
	UI_REDRAW_PART = 1 << 2,
};

/* Either kind of redraw. */
#define UI_DRAWS (UI_REDRAW | UI_REDRAW_PART)

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* Every screen: home, the stages of an open session, and what covers a
 * stage for a while (the parking lot, a ballot). */
enum screen_id {
	SCREEN_HOME,
	SCREEN_LAST_TIME,       /* a check-in's first stage: what became of last time */
	SCREEN_CURRENT,
	SCREEN_GOALS,
	SCREEN_METRICS,
	SCREEN_STEPS,
	SCREEN_REVIEW,
	SCREEN_PARKING,
	SCREEN_LOBBY,           /* a secret ballot: who has not voted yet */
	SCREEN_CASTING,         /* one person's ballot, seen by them alone */
	SCREEN_PASS,            /* a blank page: pass the keyboard on */
	SCREEN_TALLY,           /* counts from a paper wall */
	SCREEN_RESULTS,         /* a revealed ballot */
	SCREEN_ROADMAP,         /* Now / Next / Later */
	SCREEN_BALLOTS,         /* every ballot of the session */
	SCREEN_COUNT
};

struct app;

/* One key hint: the keys of action (and of also, joined by join) as the
 * action table names them, then the label. A list ends with label NULL. */
struct hint {
	enum action action, also;
	const char *join;
	const char *label;
};

#define HINT(action, label) {action, ACT_NONE, NULL, label}
#define HINT2(action, also, join, label) {action, also, join, label}
#define HINTS_END {ACT_NONE, ACT_NONE, NULL, NULL}
/* What every stage's hints end with. */
#define STAGE_HINTS_TAIL HINT(ACT_NEXT_STAGE, "next stage"), HINT(ACT_HELP, "help"), \
	HINT(ACT_BACK, "home"), HINTS_END

/* A screen owns its state (state_size bytes, zeroed, in app->state[id]),
 * draws itself from it and answers actions. Every hook but draw and act
 * may be NULL. */
struct screen_ops {
	const char *name;
	unsigned contexts;              /* where its actions apply, besides CTX_GLOBAL */
	size_t state_size;
	bool in_session;                /* drawn in the frame of an open session */
	/* Shown: what it shows is prepared from the session. */
	void (*enter)(struct app *app);
	/* Left for another screen: what enter prepared is let go. */
	void (*leave)(struct app *app);
	/* After any change (an action, a dialog, a session read back): the
	 * selection is kept in range and what is shown is computed again. */
	void (*update)(struct app *app);
	/* A session was opened or closed: the state starts afresh (NULL: it
	 * is zeroed). */
	void (*reset)(struct app *app);
	/* Draws rows top to top + height - 1 from the state alone. */
	void (*draw)(struct app *app, int top, int height);
	/* Draws again, over the last frame, only what the screen marked
	 * changed since that frame; false, having drawn nothing, when its
	 * layout is not the one drawn then (the whole frame is drawn instead).
	 * NULL: a change always draws the whole frame. */
	bool (*draw_changed)(struct app *app, int top, int height);
	/* Presentation mode: what the room reads, in large type, without the
	 * facilitator's details (NULL: draw, as it is). */
	void (*present)(struct app *app, int top, int height);
	/* Returns UI_REDRAW when the action changed something, else UI_IGNORED. */
	unsigned (*act)(struct app *app, enum action action, int digit);
	/* On every turn of the loop; UI_REDRAW when what it shows moved on. */
	unsigned (*tick)(struct app *app);
	/* Sees every key first (a filter being typed); returns UI_IGNORED to
	 * let the key go on to the actions. */
	unsigned (*raw_key)(struct app *app, wint_t key, bool is_code);
	const struct hint *hints;       /* the row at the bottom; NULL: "? help" */
};

/* Modal dialogs sit above the screen and take the keys while open. */
enum dialog_kind { DIALOG_NONE, DIALOG_FORM, DIALOG_CONFIRM, DIALOG_HELP };

enum field_kind { FIELD_TEXT, FIELD_CHOICE, FIELD_NUMBER, FIELD_DATE };

#define FORM_MAX_FIELDS 12

#define FORM_PICK_ROWS 6            /* suggestions shown under a form at once */

struct form_field {
	const char *label;
	enum field_kind kind;
	struct line_edit edit;          /* text, number, date */
	const char *placeholder;        /* shown, muted, while the text is empty */
	const char *const *choices;     /* choice; a text's suggestions */
	size_t nchoices, choice;
	bool picking;                   /* a suggestion is highlighted: choice */
};

/* Called when the form is confirmed, with the dialog's context; returns
 * false (with app->message set) to keep the form open with what was typed,
 * so nothing is lost. */
typedef bool (*form_done_fn)(struct app *app, void *ctx);
typedef void (*confirm_fn)(struct app *app, void *ctx);
typedef void (*ctx_free_fn)(void *ctx);
/* A suggestion (index into the field's list) was taken into field; the
 * form's own hook may fill other fields from it too. */
typedef void (*form_pick_fn)(struct app *app, void *ctx, size_t field, size_t suggestion);
/* A choice of the form changed. */
typedef void (*form_change_fn)(struct app *app, void *ctx, size_t field);

struct dialog {
	enum dialog_kind kind;
	char title[512];                /* a question may hold lines ('\n') */
	struct form_field fields[FORM_MAX_FIELDS];
	size_t nfields, focus;
	form_done_fn done;
	form_pick_fn picked;            /* NULL: nothing but the field changes */
	form_change_fn changed;         /* NULL: nothing else follows a choice */
	confirm_fn yes;
	/* What the dialog is about (an item, a choice list, a file name),
	 * handed to done or yes; freed with free_ctx when the dialog closes,
	 * unless free_ctx is NULL. */
	void *ctx;
	ctx_free_fn free_ctx;
	size_t list_top;                /* help: the first line shown */
};

/* What every screen shares; each screen's own state is in state[]. */
struct app {
	struct tui_options opts;
	SCREEN *term;
	int in_fd;                      /* the terminal's input, polled with the room */
	struct store *store;
	struct theme theme;
	bool colors;
	bool ascii;                     /* the locale cannot show UTF-8 (LANG=C) */
	attr_t role_attr[ROLE_COUNT];

	enum screen_id screen;
	void *state[SCREEN_COUNT];
	struct workshop *ws;            /* the open session, or NULL at home */
	struct dialog dialog;
	bool presentation;
	bool signalled[STAGE_COUNT];    /* the timer's bell has rung */
	char clock[128];                /* the timer as the header shows it */
	struct room *room;              /* the phones' page, while open (J) */
	struct room_workshop room_ws;
	bool room_qr;                   /* the QR code fills the screen */
	unsigned room_seen;             /* what the screen last showed of the room */

	char message[256];
	enum role message_role;
	time_t now;
	int rows, cols;
	unsigned long frames;           /* whole frames drawn: what a partial draw goes over */
};

extern const struct screen_ops *const screens[SCREEN_COUNT];

/* ---- the application: started by tui_run, or by a test on any terminal ---- */

/* Opens the database and starts curses on the terminal type term (NULL:
 * $TERM) writing to out and reading from in. */
enum err_code ui_start(struct app *app, const struct tui_options *opts, const char *term,
		       FILE *out, FILE *in, struct error *err);
void ui_stop(struct app *app);
/* The whole frame, drawn afresh. */
void ui_draw(struct app *app);
/* What flags ask for: the whole frame after UI_REDRAW; after
 * UI_REDRAW_PART alone, only what changed when the screen can draw that
 * over its last frame, else the whole frame; nothing after neither. */
void ui_redraw(struct app *app, unsigned flags);
/* Answers one key; returns UI_REDRAW or UI_REDRAW_PART when the screen
 * changed. */
unsigned ui_key(struct app *app, wint_t key, bool is_code);
/* One turn of the loop without a key: the clock, the lease, the bell, the
 * screen's own tick; UI_REDRAW or UI_REDRAW_PART when what is shown
 * changed. */
unsigned ui_tick(struct app *app);

/* ---- drawing ---- */

/* Draws text (sanitized, one line) at y, x fitted to width columns; pads
 * with spaces in the role's colours when pad is true. Returns columns used. */
int ui_text(struct app *app, int y, int x, int width, const char *text, enum role role,
	    bool pad);
/* Like ui_text with printf-style formatting; the arguments are sanitized
 * as a whole, so pass only trusted formats. */
int ui_textf(struct app *app, int y, int x, int width, enum role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* A pane's heading at y, x: the pane with the keys is in the title role
 * with a ">" two columns before it, so that which pane has them is told by
 * more than colour; the others muted. */
void ui_pane_title(struct app *app, int y, int x, const char *text, bool focused);
/* Fills a row with the role's background. */
void ui_fill(struct app *app, int y, int x, int width, enum role role);
/* Rows y to y + n - 1 blank, as a new frame starts them: for drawing part
 * of a screen again over the last frame. */
void ui_clear_rows(struct app *app, int y, int n);
/* Text wrapped on word boundaries into at most max_lines lines; returns lines used. */
int ui_wrap(struct app *app, int y, int x, int width, int max_lines, const char *text,
	    enum role role);
/* The lines ui_wrap would need for all of text at width. */
int ui_wrap_lines(int width, const char *text);
void ui_message(struct app *app, enum role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct app *app, const struct error *err);
/* Says why a change was refused (code is not ERR_OK); true when it was. */
bool ui_refused(struct app *app, enum err_code code, const struct error *err);

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
/* The field added last shows placeholder while it is empty (the format
 * wanted), or offers suggestions to pick with Down and Enter or to type
 * over: those that hold what is typed are listed under the form. The
 * strings must outlive the form (the form's context may own them). */
void ui_form_placeholder(struct app *app, const char *placeholder);
void ui_form_suggest(struct app *app, const char *const *suggestions, size_t n);
/* Hooks of the open form: after a suggestion is taken, after a choice moves. */
void ui_form_on_pick(struct app *app, form_pick_fn picked);
void ui_form_on_change(struct app *app, form_change_fn changed);
/* The field the keys go to first. */
void ui_form_focus(struct app *app, size_t field);
/* Sets a text field's text, or a choice field's choice. */
void ui_form_set_text(struct app *app, size_t field, const char *text);
void ui_form_set_choice(struct app *app, size_t field, size_t choice);
const char *ui_form_value(const struct app *app, size_t field);
size_t ui_form_choice_of(const struct app *app, size_t field);
/* A question of one line, or of a few separated by '\n'. */
void ui_confirm(struct app *app, const char *question, confirm_fn yes, void *ctx,
		ctx_free_fn free_ctx);
/* The open dialog gives up its context (to hand it to the next dialog). */
void *ui_dialog_release(struct app *app);
void ui_dialog_close(struct app *app);
unsigned ui_dialog_key(struct app *app, wint_t key, bool is_key_code);
void ui_dialog_draw(struct app *app);
void ui_help_open(struct app *app);

/* ---- screens and moving between them (screens.c) ---- */

/* The screen's own state. */
void *ui_state(const struct app *app, enum screen_id id);
/* Leaves the screen shown for id, and shows it. */
void ui_show(struct app *app, enum screen_id id);
/* Shows the screen of the session's stage. */
void ui_show_stage(struct app *app);
/* After a change: the screen of the stage follows the session, and the
 * screen computes what it shows again. */
void ui_update(struct app *app);
/* The screens' state, made at the start and freed at the end. */
void ui_screens_start(struct app *app);
void ui_screens_stop(struct app *app);

enum err_code ui_open_session(struct app *app, int64_t id, struct error *err);
void ui_close_session(struct app *app);

/* Home (home.c): its first screen of sessions is read at the start
 * (unless `read` is false: a session is opened at once), and again on
 * coming back; how many sessions it holds read (a part of the list around
 * the selection: a short list whole, a long one never). */
enum err_code ui_home_start(struct app *app, bool read, struct error *err);
void ui_home_reload(struct app *app);
size_t ui_home_nread(const struct app *app);

/* The hints on one row from x on, each "keys label", joined by sep. */
void ui_hints(struct app *app, int y, int x, int width, const struct hint *hints,
	      const char *sep);

#endif
