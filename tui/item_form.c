#include "tui/item_form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "templates/template_load.h"

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
	for (size_t i = 0; i < f->nsuggest; i++)
		free(f->suggest[i]);
	free(f->suggest);
	free(f->suggest_at);
	template_free(&f->tpl);
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

static void add_suggestion(struct item_form *f, const char *text, size_t at)
{
	f->suggest = xrealloc(f->suggest, (f->nsuggest + 1) * sizeof *f->suggest);
	f->suggest_at = xrealloc(f->suggest_at, (f->nsuggest + 1) * sizeof *f->suggest_at);
	f->suggest[f->nsuggest] = xstrdup(text);
	f->suggest_at[f->nsuggest++] = at;
}

/* The text of item i of a list that suggestions are offered for. */
static const char *item_text(const struct session *s, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_VALUES: return s->values[i].text;
	case LIST_GOALS: return s->goals[i].text;
	case LIST_METRICS: return s->metrics[i].name;
	default: return "";
	}
}

static bool already_there(const struct session *s, enum session_list list, const char *text)
{
	size_t n = session_list_len(s, list);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(item_text(s, list, i), text) == 0)
			return true;
	return false;
}

static size_t suggestion_count(const struct template *tpl, enum session_list list)
{
	switch (list) {
	case LIST_VALUES: return tpl->nvalues;
	case LIST_GOALS: return tpl->ngoals;
	case LIST_METRICS: return tpl->nmetrics;
	default: return 0;
	}
}

static const char *suggestion_text(const struct template *tpl, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_VALUES: return tpl->values[i];
	case LIST_GOALS: return tpl->goals[i];
	default: return tpl->metrics[i].name;
	}
}

size_t item_form_suggest(struct item_form *f, const struct session *s, enum session_list list)
{
	struct error ignored;
	if (s->template_key == NULL || !template_key_valid(s->template_key) ||
	    template_find(s->template_key, &f->tpl, &ignored) != ERR_OK)
		return 0;
	for (size_t i = 0; i < suggestion_count(&f->tpl, list); i++) {
		const char *text = suggestion_text(&f->tpl, list, i);
		if (!already_there(s, list, text))
			add_suggestion(f, text, i);
	}
	return f->nsuggest;
}

size_t item_form_people(struct item_form *f, const struct session *s)
{
	for (size_t p = 0; p < s->nparticipants; p++)
		add_suggestion(f, s->participants[p].name, p);
	return f->nsuggest;
}

const struct suggested_metric *item_form_metric(const struct item_form *f, size_t i)
{
	if (i >= f->nsuggest || f->suggest_at[i] >= f->tpl.nmetrics)
		return NULL;
	return &f->tpl.metrics[f->suggest_at[i]];
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
		error_set(err, ERR_DATA, "%s: a date like 2027-06-30 (year-month-day), not \"%.60s\"",
			  what, text);
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
