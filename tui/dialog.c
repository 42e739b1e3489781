/* Dialogs over the screen: a form of fields, a yes/no question and the
 * help screen. While one is open it takes every key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/utf8.h"
#include "model/session_items.h"
#include "tui/ui.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)
#define PICK_MAX 200                /* suggestions a field may list */
#define COUNTER_W 11                /* "1000/1000" and a space either side */

static void clear_fields(struct dialog *d)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].kind != FIELD_CHOICE)
			line_edit_free(&d->fields[i].edit);
	d->nfields = 0;
}

void *ui_dialog_release(struct app *app)
{
	void *ctx = app->dialog.ctx;
	app->dialog.ctx = NULL;
	app->dialog.free_ctx = NULL;
	return ctx;
}

void ui_dialog_close(struct app *app)
{
	clear_fields(&app->dialog);
	if (app->dialog.free_ctx)
		app->dialog.free_ctx(app->dialog.ctx);
	memset(&app->dialog, 0, sizeof app->dialog);
	curs_set(0);
}

/* ---- building forms ---- */

/* Closes the dialog open before and opens one of this kind; free_ctx, when
 * given, frees ctx as the dialog closes. */
static void dialog_open(struct app *app, enum dialog_kind kind, const char *title, void *ctx,
			ctx_free_fn free_ctx)
{
	ui_dialog_close(app);
	app->dialog.kind = kind;
	app->dialog.ctx = ctx;
	app->dialog.free_ctx = free_ctx;
	snprintf(app->dialog.title, sizeof app->dialog.title, "%s", title);
}

void ui_form_open(struct app *app, const char *title, form_done_fn done, void *ctx,
		  ctx_free_fn free_ctx)
{
	dialog_open(app, DIALOG_FORM, title, ctx, free_ctx);
	app->dialog.done = done;
}

static struct form_field *add_field(struct app *app, const char *label, enum field_kind kind)
{
	struct dialog *d = &app->dialog;
	if (d->nfields == FORM_MAX_FIELDS)
		return NULL;
	struct form_field *f = &d->fields[d->nfields++];
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = kind;
	return f;
}

static void add_edit_field(struct app *app, const char *label, enum field_kind kind,
			   const char *value, size_t max)
{
	struct form_field *f = add_field(app, label, kind);
	if (f)
		line_edit_init(&f->edit, value ? value : "", max);
}

void ui_form_text(struct app *app, const char *label, const char *value, size_t max)
{
	add_edit_field(app, label, FIELD_TEXT, value, max);
}

void ui_form_number(struct app *app, const char *label, const char *value)
{
	add_edit_field(app, label, FIELD_NUMBER, value, 24);
}

/* A date is checked when the form is saved, so what is typed goes in
 * whole ("end of June") and the refusal can name it. */
void ui_form_date(struct app *app, const char *label, const char *value)
{
	add_edit_field(app, label, FIELD_DATE, value, 40);
	ui_form_placeholder(app, "YYYY-MM-DD, like 2027-06-30");
}

void ui_form_choice(struct app *app, const char *label, const char *const *choices, size_t n,
		    size_t chosen)
{
	struct form_field *f = add_field(app, label, FIELD_CHOICE);
	if (f == NULL)
		return;
	f->choices = choices;
	f->nchoices = n;
	f->choice = chosen < n ? chosen : 0;
}

const char *ui_form_value(const struct app *app, size_t field)
{
	const struct form_field *f = &app->dialog.fields[field];
	if (f->kind == FIELD_CHOICE)
		return f->nchoices ? f->choices[f->choice] : "";
	return line_edit_text(&f->edit);
}

size_t ui_form_choice_of(const struct app *app, size_t field)
{
	return app->dialog.fields[field].choice;
}

static struct form_field *last_field(struct app *app)
{
	struct dialog *d = &app->dialog;
	return d->nfields ? &d->fields[d->nfields - 1] : NULL;
}

void ui_form_placeholder(struct app *app, const char *placeholder)
{
	struct form_field *f = last_field(app);
	if (f && f->kind != FIELD_CHOICE)
		f->placeholder = placeholder;
}

void ui_form_suggest(struct app *app, const char *const *suggestions, size_t n)
{
	struct form_field *f = last_field(app);
	if (f == NULL || f->kind == FIELD_CHOICE)
		return;
	f->choices = suggestions;
	f->nchoices = n < PICK_MAX ? n : PICK_MAX;
}

void ui_form_on_pick(struct app *app, form_pick_fn picked)
{
	app->dialog.picked = picked;
}

void ui_form_on_change(struct app *app, form_change_fn changed)
{
	app->dialog.changed = changed;
}

void ui_form_focus(struct app *app, size_t field)
{
	if (field < app->dialog.nfields)
		app->dialog.focus = field;
}

void ui_form_set_text(struct app *app, size_t field, const char *text)
{
	if (field >= app->dialog.nfields || app->dialog.fields[field].kind == FIELD_CHOICE)
		return;
	struct form_field *f = &app->dialog.fields[field];
	size_t max = f->edit.max_bytes;
	line_edit_free(&f->edit);
	line_edit_init(&f->edit, text, max);
}

void ui_form_set_choice(struct app *app, size_t field, size_t choice)
{
	if (field >= app->dialog.nfields)
		return;
	struct form_field *f = &app->dialog.fields[field];
	if (f->kind == FIELD_CHOICE && choice < f->nchoices)
		f->choice = choice;
}

/* ---- suggestions ---- */

/* Whether a suggestion holds what is typed, in letters of any case. */
static bool holds_typed(const char *suggestion, const char *typed)
{
	size_t n = strlen(typed);
	for (const char *p = suggestion; n && *p; p++)
		if (strncasecmp(p, typed, n) == 0)
			return true;
	return n == 0;
}

/* The suggestions of a text field that hold what is typed: their places
 * in its list, at most PICK_MAX of them; how many. */
static size_t shown_suggestions(const struct form_field *f, size_t out[PICK_MAX])
{
	if (f->kind == FIELD_CHOICE)
		return 0;
	const char *typed = line_edit_text(&f->edit);
	size_t n = 0;
	for (size_t i = 0; i < f->nchoices && n < PICK_MAX; i++)
		if (holds_typed(f->choices[i], typed))
			out[n++] = i;
	return n;
}

static bool has_suggestions(const struct form_field *f)
{
	return f->kind != FIELD_CHOICE && f->nchoices > 0;
}

void ui_confirm(struct app *app, const char *question, confirm_fn yes, void *ctx,
		ctx_free_fn free_ctx)
{
	dialog_open(app, DIALOG_CONFIRM, question, ctx, free_ctx);
	app->dialog.yes = yes;
}

void ui_help_open(struct app *app)
{
	ui_dialog_close(app);
	app->dialog.kind = DIALOG_HELP;
	snprintf(app->dialog.title, sizeof app->dialog.title, "%s", "Keys that work here");
}

/* ---- keys ---- */

static enum line_edit_key edit_key(wint_t key, bool code, bool *known)
{
	*known = true;
	if (code) {
		switch (key) {
		case KEY_LEFT: return LINE_EDIT_LEFT;
		case KEY_RIGHT: return LINE_EDIT_RIGHT;
		case KEY_HOME: return LINE_EDIT_HOME;
		case KEY_END: return LINE_EDIT_END;
		case KEY_BACKSPACE: return LINE_EDIT_BACKSPACE;
		case KEY_DC: return LINE_EDIT_DELETE;
		default: break;
		}
	} else {
		switch (key) {
		case CTRL('a'): return LINE_EDIT_HOME;
		case CTRL('e'): return LINE_EDIT_END;
		case CTRL('b'): return LINE_EDIT_LEFT;
		case CTRL('f'): return LINE_EDIT_RIGHT;
		case CTRL('h'): case 127: return LINE_EDIT_BACKSPACE;
		case CTRL('d'): return LINE_EDIT_DELETE;
		case CTRL('u'): return LINE_EDIT_KILL_TO_START;
		case CTRL('k'): return LINE_EDIT_KILL_TO_END;
		case CTRL('w'): return LINE_EDIT_KILL_WORD;
		default: break;
		}
	}
	*known = false;
	return LINE_EDIT_LEFT;
}

static unsigned choice_key(struct form_field *f, wint_t key, bool code)
{
	if (f->nchoices == 0)
		return UI_IGNORED;
	if ((code && key == KEY_RIGHT) || (!code && key == ' '))
		f->choice = (f->choice + 1) % f->nchoices;
	else if (code && key == KEY_LEFT)
		f->choice = (f->choice + f->nchoices - 1) % f->nchoices;
	else
		return UI_IGNORED;
	return UI_REDRAW;
}

/* A character that does not fit is refused out loud: the field says how
 * much it holds, and nothing typed before is cut. */
static unsigned typed_key(struct app *app, struct form_field *f, uint32_t cp)
{
	if (line_edit_insert(&f->edit, cp) != LINE_EDIT_REFUSED)
		return UI_REDRAW;
	if (!line_edit_fits(&f->edit, cp)) {
		ui_message(app, ROLE_WARN, "%s holds at most %zu bytes; that one was not taken",
			   f->label, f->edit.max_bytes);
		return UI_REDRAW;
	}
	beep();
	return UI_IGNORED;
}

static unsigned field_key(struct app *app, struct form_field *f, wint_t key, bool code)
{
	if (f->kind == FIELD_CHOICE) {
		unsigned r = choice_key(f, key, code);
		if (r == UI_REDRAW && app->dialog.changed)
			app->dialog.changed(app, app->dialog.ctx, (size_t)(f - app->dialog.fields));
		return r;
	}
	bool known;
	enum line_edit_key k = edit_key(key, code, &known);
	if (known) {
		line_edit_key(&f->edit, k);
		return UI_REDRAW;
	}
	if (!code && key >= 0x20)
		return typed_key(app, f, (uint32_t)key);
	return UI_IGNORED;
}

static bool is_enter(wint_t key, bool code)
{
	return (!code && (key == '\r' || key == '\n')) || (code && key == KEY_ENTER);
}

static void take_suggestion(struct app *app, struct form_field *f, size_t suggestion)
{
	size_t field = (size_t)(f - app->dialog.fields);
	f->picking = false;
	ui_form_set_text(app, field, f->choices[suggestion]);
	if (app->dialog.picked)
		app->dialog.picked(app, app->dialog.ctx, field, suggestion);
}

/* Down goes into the suggestions under a field, Up and Down move in them,
 * Enter takes one into the field and Esc goes back to typing; true when
 * the key was one of those. Any other key (and Down past the last) leaves
 * the list and does what it does in the form. */
static bool pick_key(struct app *app, struct form_field *f, wint_t key, bool code)
{
	size_t shown[PICK_MAX];
	size_t n = shown_suggestions(f, shown);
	bool down = code && key == KEY_DOWN, up = code && key == KEY_UP;
	if (!f->picking) {
		if (!down || n == 0)
			return false;
		f->picking = true;
		f->choice = 0;
		return true;
	}
	if (f->choice >= n)
		f->choice = n ? n - 1 : 0;
	if (down && f->choice + 1 < n) {
		f->choice++;
	} else if (up) {
		if (f->choice == 0)
			f->picking = false;
		else
			f->choice--;
	} else if (is_enter(key, code) && n) {
		take_suggestion(app, f, shown[f->choice]);
	} else if (!code && key == KEY_ESC) {
		f->picking = false;
	} else {
		f->picking = false;
		return false;
	}
	return true;
}

static unsigned form_key(struct app *app, wint_t key, bool code)
{
	struct dialog *d = &app->dialog;
	if (d->nfields && pick_key(app, &d->fields[d->focus], key, code))
		return UI_REDRAW;
	if (!code && key == KEY_ESC) {
		ui_dialog_close(app);
		ui_message(app, ROLE_MUTED, "%s", "cancelled; nothing changed");
		return UI_REDRAW;
	}
	if (is_enter(key, code)) {
		if (d->done == NULL || d->done(app, d->ctx))
			ui_dialog_close(app);
		return UI_REDRAW;
	}
	if ((code && key == KEY_DOWN) || (!code && key == '\t')) {
		d->focus = (d->focus + 1) % d->nfields;
		return UI_REDRAW;
	}
	if ((code && (key == KEY_UP || key == KEY_BTAB))) {
		d->focus = (d->focus + d->nfields - 1) % d->nfields;
		return UI_REDRAW;
	}
	return d->nfields ? field_key(app, &d->fields[d->focus], key, code) : UI_IGNORED;
}

static unsigned confirm_key(struct app *app, wint_t key, bool code)
{
	if (code)
		return UI_IGNORED;
	confirm_fn yes = app->dialog.yes;
	if (key == 'y' || key == 'Y') {
		/* The answer runs with the context, which is freed after it. */
		ctx_free_fn free_ctx = app->dialog.free_ctx;
		void *ctx = ui_dialog_release(app);
		ui_dialog_close(app);
		if (yes)
			yes(app, ctx);
		if (free_ctx)
			free_ctx(ctx);
		return UI_REDRAW;
	}
	if (key == 'n' || key == 'N' || key == KEY_ESC || key == 'q') {
		ui_dialog_close(app);
		ui_message(app, ROLE_MUTED, "%s", "kept; nothing changed");
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static unsigned help_key(struct app *app, wint_t key, bool code)
{
	if (code && key == KEY_DOWN)
		app->dialog.list_top++;
	else if (code && key == KEY_UP && app->dialog.list_top > 0)
		app->dialog.list_top--;
	else if (!code && (key == 'j' || key == 'k'))
		return help_key(app, key == 'j' ? KEY_DOWN : KEY_UP, true);
	else
		ui_dialog_close(app);
	return UI_REDRAW;
}

unsigned ui_dialog_key(struct app *app, wint_t key, bool is_key_code)
{
	switch (app->dialog.kind) {
	case DIALOG_FORM: return form_key(app, key, is_key_code);
	case DIALOG_CONFIRM: return confirm_key(app, key, is_key_code);
	case DIALOG_HELP: return help_key(app, key, is_key_code);
	case DIALOG_NONE: break;
	}
	return UI_IGNORED;
}

/* ---- drawing ---- */

struct box {
	int y, x, h, w;
};

static struct box centred_box(const struct app *app, int h, int w)
{
	if (w > app->cols - 4)
		w = app->cols - 4;
	if (h > app->rows - 2)
		h = app->rows - 2;
	return (struct box){(app->rows - h) / 2, (app->cols - w) / 2, h, w};
}

static void draw_box(struct app *app, const struct box *b, const char *title)
{
	for (int r = 0; r < b->h; r++)
		ui_fill(app, b->y + r, b->x, b->w, ROLE_TEXT);
	attrset(app->role_attr[ROLE_BORDER]);
	mvhline(b->y, b->x, ACS_HLINE, b->w);
	mvhline(b->y + b->h - 1, b->x, ACS_HLINE, b->w);
	mvvline(b->y, b->x, ACS_VLINE, b->h);
	mvvline(b->y, b->x + b->w - 1, ACS_VLINE, b->h);
	mvaddch(b->y, b->x, ACS_ULCORNER);
	mvaddch(b->y, b->x + b->w - 1, ACS_URCORNER);
	mvaddch(b->y + b->h - 1, b->x, ACS_LLCORNER);
	mvaddch(b->y + b->h - 1, b->x + b->w - 1, ACS_LRCORNER);
	ui_text(app, b->y, b->x + 2, b->w - 4, title, ROLE_TITLE, false);
}

/* A text field's length against what it holds, right of its text. */
static void draw_counter(struct app *app, const struct form_field *f, int y, int x)
{
	if (f->kind != FIELD_TEXT || f->edit.max_bytes == SIZE_MAX)
		return;
	char count[32];
	snprintf(count, sizeof count, "%zu/%zu", f->edit.text.len, f->edit.max_bytes);
	bool full = f->edit.text.len >= f->edit.max_bytes;
	int w = (int)strlen(count);
	ui_text(app, y, x + COUNTER_W - 1 - w, w, count, full ? ROLE_WARN : ROLE_MUTED, false);
}

static void draw_field(struct app *app, struct form_field *f, int y, int x, int w, bool focus,
		       int *cursor_y, int *cursor_x)
{
	const int label_w = 20;
	ui_text(app, y, x, label_w, f->label, focus ? ROLE_ACCENT : ROLE_MUTED, false);
	int vx = x + label_w + 1, vw = w - label_w - 1;
	enum role role = focus ? ROLE_SELECTION : ROLE_TEXT;
	if (f->kind == FIELD_CHOICE) {
		char shown[160];
		snprintf(shown, sizeof shown, "< %s >", f->nchoices ? f->choices[f->choice] : "");
		ui_text(app, y, vx, vw, shown, role, true);
		return;
	}
	if (f->kind == FIELD_TEXT) {
		vw -= COUNTER_W;
		if (focus)
			draw_counter(app, f, y, vx + vw);
	}
	size_t cursor_col;
	size_t n = line_edit_window(&f->edit, (size_t)vw, &cursor_col);
	if (f->edit.text.len == 0 && f->placeholder) {
		ui_fill(app, y, vx, vw, role);
		ui_text(app, y, vx, vw, f->placeholder, ROLE_MUTED, false);
	} else if (!focus) {
		/* A field left shows its beginning, whatever was in view while
		 * typing at its end. */
		ui_text(app, y, vx, vw, line_edit_text(&f->edit), role, true);
	} else {
		char *shown = strndup(line_edit_text(&f->edit) + f->edit.scroll, n);
		ui_text(app, y, vx, vw, shown ? shown : "", role, true);
		free(shown);
	}
	if (focus && !f->picking) {
		*cursor_y = y;
		*cursor_x = vx + (int)cursor_col;
	}
}

static bool form_suggests(const struct dialog *d)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (has_suggestions(&d->fields[i]))
			return true;
	return false;
}

/* Under the fields: the focused field's suggestions that hold what is
 * typed, the highlighted one in the selection's colours. */
static void draw_suggestions(struct app *app, const struct form_field *f, int y, int x, int w,
			     size_t rows)
{
	if (!has_suggestions(f) || rows == 0)
		return;
	size_t shown[PICK_MAX];
	size_t n = shown_suggestions(f, shown);
	ui_text(app, y, x, w, n ? "Suggestions (Down picks one, Enter takes it, or type your own)"
			       : "No suggestion holds what is typed: it is saved as typed",
		ROLE_MUTED, false);
	size_t top = f->picking && f->choice >= rows ? f->choice + 1 - rows : 0;
	for (size_t r = 0; r < rows && top + r < n; r++) {
		bool picked = f->picking && top + r == f->choice;
		int row = y + 1 + (int)r;
		if (picked)
			ui_text(app, row, x, 2, ">", ROLE_ACCENT, false);
		ui_text(app, row, x + 2, w - 2, f->choices[shown[top + r]],
			picked ? ROLE_SELECTION : ROLE_TEXT, picked);
	}
}

static const char *form_hint(const struct dialog *d)
{
	const struct form_field *f = d->nfields ? &d->fields[d->focus] : NULL;
	if (f && f->picking)
		return " Enter takes it   Up/Down: suggestion   Esc: back to typing ";
	if (f && has_suggestions(f))
		return " Enter saves   Esc cancels   Down: suggestions   Tab: field ";
	return " Enter saves   Esc cancels   Up/Down/Tab: field   Left/Right: choose ";
}

static void draw_form(struct app *app)
{
	struct dialog *d = &app->dialog;
	int list_h = form_suggests(d) ? FORM_PICK_ROWS + 1 : 0;
	int h = (int)d->nfields * 2 + 4 + list_h;
	/* The message row stays in sight: it says why the form was refused. */
	if (list_h && h > app->rows - 3)
		h = app->rows - 3;
	struct box b = centred_box(app, h, 78);
	draw_box(app, &b, d->title);
	int cy = -1, cx = -1;
	for (size_t i = 0; i < d->nfields; i++) {
		int y = b.y + 2 + (int)i * 2;
		if (y >= b.y + b.h - 1)
			break;
		draw_field(app, &d->fields[i], y, b.x + 2, b.w - 4, i == d->focus, &cy, &cx);
	}
	/* In a short window the list shows what fits under the fields. */
	int list_y = b.y + 2 + (int)d->nfields * 2, list_rows = b.y + b.h - 2 - list_y;
	if (d->nfields && list_rows >= 2)
		draw_suggestions(app, &d->fields[d->focus], list_y, b.x + 2, b.w - 4,
				 (size_t)list_rows - 1);
	ui_text(app, b.y + b.h - 1, b.x + 2, b.w - 4, form_hint(d), ROLE_HINT, false);
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
}

/* The question's lines, one row each: how many, and the widest. */
static int question_lines(const char *q, char lines[][sizeof ((struct dialog *)0)->title],
			  int max, int *widest)
{
	int n = 0;
	*widest = 0;
	while (n < max) {
		const char *nl = strchr(q, '\n');
		size_t len = nl ? (size_t)(nl - q) : strlen(q);
		snprintf(lines[n], sizeof lines[n], "%.*s", (int)len, q);
		int w = (int)utf8_width(lines[n++]);
		*widest = w > *widest ? w : *widest;
		if (nl == NULL)
			break;
		q = nl + 1;
	}
	return n;
}

static void draw_confirm(struct app *app)
{
	char lines[6][sizeof app->dialog.title];
	int widest;
	int n = question_lines(app->dialog.title, lines, 6, &widest);
	struct box b = centred_box(app, 4 + n, widest + 8 < 40 ? 40 : widest + 8);
	draw_box(app, &b, "Please confirm");
	for (int i = 0; i < n; i++)
		ui_text(app, b.y + 2 + i, b.x + 3, b.w - 6, lines[i], ROLE_TEXT, false);
	ui_text(app, b.y + b.h - 1, b.x + 3, b.w - 6, "y yes   n no", ROLE_HINT, false);
}

static unsigned current_contexts(const struct app *app)
{
	return screens[app->screen]->contexts | CTX_GLOBAL;
}

static void draw_help(struct app *app)
{
	struct box b = centred_box(app, app->rows - 2, 90);
	draw_box(app, &b, app->dialog.title);
	unsigned ctx = current_contexts(app);
	int rows = b.h - 4, row = 0;
	size_t skip = app->dialog.list_top;
	for (int a = 0; a < ACT_COUNT && row < rows; a++) {
		char keys[64];
		action_keys((enum action)a, ctx, keys, sizeof keys);
		if (!(action_context((enum action)a) & ctx) || !*keys)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		ui_text(app, b.y + 2 + row, b.x + 3, 18, keys, ROLE_ACCENT, false);
		ui_text(app, b.y + 2 + row, b.x + 22, b.w - 25, action_help((enum action)a),
			ROLE_TEXT, false);
		row++;
	}
	ui_text(app, b.y + b.h - 1, b.x + 2, b.w - 4, " Up/Down scroll   any other key closes ",
		ROLE_HINT, false);
}

void ui_dialog_draw(struct app *app)
{
	switch (app->dialog.kind) {
	case DIALOG_FORM: draw_form(app); break;
	case DIALOG_CONFIRM: draw_confirm(app); break;
	case DIALOG_HELP: draw_help(app); break;
	case DIALOG_NONE: break;
	}
}
