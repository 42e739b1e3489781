/* note_forms: the forms that change a dimension's evidence notes after
 * they were written: any note edited (its kind and text), any note
 * deleted, each chosen from the dimension's notes. Both are undone with
 * u like every change. */
#ifndef IMPROV_TUI_NOTE_FORMS_H
#define IMPROV_TUI_NOTE_FORMS_H

#include <stddef.h>

#include "tui/ui.h"

/* The newest note is chosen first; UI_IGNORED when dim has no notes. */
unsigned note_forms_edit(struct app *app, size_t dim);
unsigned note_forms_delete(struct app *app, size_t dim);

#endif
