#include "tui/item_form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"

struct item_form *item_form_new(bool add, size_t index)
{
	struct item_form *f = xcalloc(1, sizeof *f);
	f->add = add;
	f->index = index;
	return f;
}

void item_form_free(void *form)
{
	struct item_form *f = form;
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nchoices; i++) {
		free((char *)f->text[i]);
		free(f->keys[i]);
	}
	free(f->text);
	free(f->ids);
	free(f->keys);
	free(f);
}

void item_form_choice(struct item_form *f, const char *text, int64_t id, const char *key)
{
	if (f->nchoices == f->cap) {
		grow(&f->text, &f->cap, f->nchoices + 1, sizeof *f->text);
		f->ids = xrealloc(f->ids, f->cap * sizeof *f->ids);
		f->keys = xrealloc(f->keys, f->cap * sizeof *f->keys);
	}
	f->text[f->nchoices] = xstrdup(text);
	f->ids[f->nchoices] = id;
	f->keys[f->nchoices] = key ? xstrdup(key) : NULL;
	f->nchoices++;
}

size_t item_form_goals(struct item_form *f, const struct session *s, int64_t current)
{
	size_t chosen = 0;
	item_form_choice(f, "(none)", 0, NULL);
	for (size_t i = 0; i < s->ngoals; i++) {
		if (s->goals[i].id == current)
			chosen = f->nchoices;
		item_form_choice(f, s->goals[i].text, s->goals[i].id, NULL);
	}
	return chosen;
}

size_t item_form_dimensions(struct item_form *f, const struct session *s, const char *current)
{
	size_t chosen = 0;
	item_form_choice(f, "(none)", 0, NULL);
	for (size_t i = 0; i < s->ndims; i++) {
		if (current && strcmp(current, s->dims[i].key) == 0)
			chosen = f->nchoices;
		item_form_choice(f, s->dims[i].name, 0, s->dims[i].key);
	}
	return chosen;
}

bool item_form_number(const char *text, double *out, const char *what, struct error *err)
{
	char *end;
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		*out = NAN;
		return true;
	}
	*out = strtod(text, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || !isfinite(*out)) {
		error_set(err, ERR_DATA, "%s: a number, like 40 or 2.5", what);
		return false;
	}
	return true;
}

bool item_form_day(const char *text, long *out, const char *what, struct error *err)
{
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		*out = NO_DATE;
		return true;
	}
	if (!date_parse(text, out)) {
		error_set(err, ERR_DATA, "%s: a date like 2027-06-30", what);
		return false;
	}
	return true;
}

bool item_form_score(const char *text, int *out, const char *what, struct error *err)
{
	double v;
	if (!item_form_number(text, &v, what, err))
		return false;
	if (isnan(v)) {
		*out = SCORE_NONE;
		return true;
	}
	if (v < 1 || v > 5 || v != (int)v) {
		error_set(err, ERR_DATA, "%s: a whole number from 1 to 5, or empty", what);
		return false;
	}
	*out = (int)v;
	return true;
}

void item_form_format_number(double v, char *out, size_t size)
{
	if (isnan(v)) {
		out[0] = '\0';
		return;
	}
	for (int digits = 6; digits <= 17; digits++) {
		snprintf(out, size, "%.*g", digits, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

void item_form_format_day(long day, char *out)
{
	if (day == NO_DATE)
		out[0] = '\0';
	else
		date_format(day, out);
}
