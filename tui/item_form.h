/* item_form: what a form about one item carries while it is open: a new
 * item or which one, and the choices it offers. The choices are copies:
 * the session may be read back from the database while the form is open
 * (after a refused save), and the form must not point into it. The form's
 * dialog owns an item_form and frees it (item_form_free) on closing. */
#ifndef IMPROV_TUI_ITEM_FORM_H
#define IMPROV_TUI_ITEM_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "model/session.h"
#include "model/template.h"

struct item_form {
	bool add;                       /* a new item, else the item at index */
	size_t index;
	enum session_list list;         /* for a delete: which list */
	const char **text;              /* the choices as the form shows them */
	int64_t *ids;                   /* a goal's id, or 0 */
	char **keys;                    /* a dimension's key, or NULL */
	size_t nchoices, cap;
	/* What a text field offers to pick (copies), and for a metric the
	 * template it came from, whose metrics[suggest_at[i]] it is. */
	char **suggest;
	size_t *suggest_at;
	size_t nsuggest;
	struct template tpl;
};

struct item_form *item_form_new(bool add, size_t index);
void item_form_free(void *form);
/* Offers one more choice; text and key are copied. */
void item_form_choice(struct item_form *f, const char *text, int64_t id, const char *key);
/* Every goal of s to tie an item to, "(none)" first; returns the place of
 * the goal with id current (0 for none). */
size_t item_form_goals(struct item_form *f, const struct session *s, int64_t current);
/* Every dimension of s a goal can be about, "(none)" first; returns the
 * place of the one with key current (NULL for none). */
size_t item_form_dimensions(struct item_form *f, const struct session *s, const char *current);

/* The template's suggested values, goals or metrics (list) that no item
 * of s has yet (letters of any case); none when the session's template
 * cannot be read. Returns how many. */
size_t item_form_suggest(struct item_form *f, const struct session *s, enum session_list list);
/* The participants of s, to name one (an owner). */
size_t item_form_people(struct item_form *f, const struct session *s);
/* The suggested metric that suggestion i of the form is. */
const struct suggested_metric *item_form_metric(const struct item_form *f, size_t i);

/* The fields of a form as text and back. A number: "3.5" -> 3.5, "" ->
 * NAN; a date: "2027-06-30", "" -> NO_DATE; a score: 1-5, "" ->
 * SCORE_NONE. Anything else is refused with what was wanted, naming the
 * field (what). */
bool item_form_number(const char *text, double *out, const char *what, struct error *err);
bool item_form_day(const char *text, long *out, const char *what, struct error *err);
bool item_form_score(const char *text, int *out, const char *what, struct error *err);
/* The shortest text that reads back as exactly v ("" for NAN), so that
 * saving a form unchanged changes nothing. */
void item_form_format_number(double v, char *out, size_t size);
/* out holds DATE_ISO_SIZE bytes; "" for NO_DATE. */
void item_form_format_day(long day, char *out);

#endif
