#include "tui/note_forms.h"

#include "lib/sbuf.h"
#include "tui/item_form.h"

enum { FIELD_WHICH, FIELD_KIND, FIELD_NOTE };

static const char *const kinds[] = {"strength", "gap"};

/* The notes of a dimension as a choice shows them: "+ text", "- text". */
static struct item_form *note_choices(const struct dimension *d, size_t dim)
{
	struct item_form *form = item_form_new(false, dim);
	for (size_t i = 0; i < d->nnotes; i++) {
		struct sbuf line = SBUF_INIT;
		sbuf_addf(&line, "%s %s", d->notes[i].kind == NOTE_STRENGTH ? "+" : "-",
			  d->notes[i].text);
		item_form_choice(form, sbuf_str(&line), 0, NULL);
		sbuf_free(&line);
	}
	return form;
}

static enum note_kind kind_chosen(const struct app *app)
{
	return ui_form_choice_of(app, FIELD_KIND) == 0 ? NOTE_STRENGTH : NOTE_GAP;
}

/* Choosing another note brings its kind and text into the form. */
static void which_changed(struct app *app, void *ctx, size_t field)
{
	const struct item_form *form = ctx;
	const struct dimension *d = &app->ws->s->dims[form->index];
	size_t i = ui_form_choice_of(app, FIELD_WHICH);
	if (field != FIELD_WHICH || i >= d->nnotes)
		return;
	ui_form_set_choice(app, FIELD_KIND, d->notes[i].kind == NOTE_STRENGTH ? 0 : 1);
	ui_form_set_text(app, FIELD_NOTE, d->notes[i].text);
}

static bool edit_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	if (ui_refused(app, ws_edit_note(app->ws, form->index, ui_form_choice_of(app, FIELD_WHICH),
					 kind_chosen(app), ui_form_value(app, FIELD_NOTE), &err),
		       &err))
		return false;
	ui_message(app, ROLE_GOOD, "%s", "note changed (u undoes it)");
	return true;
}

unsigned note_forms_edit(struct app *app, size_t dim)
{
	const struct dimension *d = &app->ws->s->dims[dim];
	if (d->nnotes == 0)
		return UI_IGNORED;
	struct item_form *form = note_choices(d, dim);
	size_t last = d->nnotes - 1;
	ui_form_open(app, "Edit a note", edit_done, form, item_form_free);
	ui_form_on_change(app, which_changed);
	ui_form_choice(app, "Which note", form->text, form->nchoices, last);
	ui_form_choice(app, "Kind", kinds, 2, d->notes[last].kind == NOTE_STRENGTH ? 0 : 1);
	ui_form_text(app, "Note", d->notes[last].text, TEXT_MAX_NOTE);
	ui_form_focus(app, FIELD_WHICH);
	ui_message(app, ROLE_MUTED, "%s", "Left/Right on \"Which note\" chooses the note to edit");
	return UI_REDRAW;
}

static bool delete_done(struct app *app, void *ctx)
{
	const struct item_form *form = ctx;
	struct error err;
	if (ui_refused(app, ws_remove_note(app->ws, form->index,
					   ui_form_choice_of(app, FIELD_WHICH), &err), &err))
		return false;
	ui_message(app, ROLE_GOOD, "%s", "note deleted (u brings it back)");
	return true;
}

unsigned note_forms_delete(struct app *app, size_t dim)
{
	const struct dimension *d = &app->ws->s->dims[dim];
	if (d->nnotes == 0)
		return UI_IGNORED;
	struct item_form *form = note_choices(d, dim);
	ui_form_open(app, "Delete a note: Left/Right chooses, Enter deletes", delete_done, form,
		     item_form_free);
	ui_form_choice(app, "Which note", form->text, form->nchoices, d->nnotes - 1);
	return UI_REDRAW;
}
