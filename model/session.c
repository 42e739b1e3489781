#include "model/session.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/utf8.h"
#include "model/progress.h"
#include "model/session_items.h"
#include "model/shapes.h"

/* ---- texts ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *session_text(const char *text, size_t max, const char *what, struct error *err)
{
	size_t len = strlen(text);
	if (!utf8_valid(text, len)) {
		error_set(err, ERR_DATA, "%s is not valid UTF-8", what);
		return NULL;
	}
	while (len > 0 && is_space(*text)) {
		text++;
		len--;
	}
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len == 0) {
		error_set(err, ERR_DATA, "%s is empty", what);
		return NULL;
	}
	if (len > max) {
		error_set(err, ERR_DATA, "%s is longer than %zu bytes", what, max);
		return NULL;
	}
	return xstrndup(text, len);
}

/* Like session_text, but an empty or NULL text means "not set". */
static enum err_code optional_text(const char *text, size_t max, const char *what, char **out,
				   struct error *err)
{
	*out = NULL;
	if (text == NULL)
		return ERR_OK;
	const char *p = text;
	while (is_space(*p))
		p++;
	if (*p == '\0')
		return ERR_OK;
	*out = session_text(text, max, what, err);
	return *out ? ERR_OK : ERR_DATA;
}

/* An item's text (NULL: empty) and its optional second text, checked; both
 * are the caller's on success, neither on failure. */
static enum err_code text_and_optional(const char *text, size_t max, const char *what,
				       const char *optional, size_t optional_max,
				       const char *optional_what, char **t, char **o,
				       struct error *err)
{
	*t = session_text(text ? text : "", max, what, err);
	if (*t == NULL)
		return ERR_DATA;
	if (optional_text(optional, optional_max, optional_what, o, err)) {
		free(*t);
		*t = NULL;
		return ERR_DATA;
	}
	return ERR_OK;
}

static void replace(char **slot, char *text)
{
	free(*slot);
	*slot = text;
}

/* ---- creating and freeing ---- */

struct session *session_alloc(void)
{
	struct session *s = xcalloc(1, sizeof *s);
	s->iteration = 1;
	s->level = LEVEL_TEAM;
	s->stage = STAGE_CURRENT_STATE;
	s->status = SESSION_OPEN;
	return s;
}

static void dimension_from_template(struct dimension *d, const struct template_dimension *td,
				    const struct scale *scale)
{
	memset(d, 0, sizeof *d);
	d->key = xstrdup(td->key);
	d->name = xstrdup(td->name);
	d->question = xstrdup(td->question);
	d->low = xstrdup(td->low);
	d->high = xstrdup(td->high);
	d->scale_min = scale->min;
	d->scale_max = scale->max;
	d->group_score = RATING_NONE;
	d->previous_mean = NAN;
}

static void copy_template(struct session *s, const struct template *tpl)
{
	s->template_key = xstrdup(tpl->key);
	s->dims = xcalloc(tpl->ndims, sizeof *s->dims);
	s->ndims = s->dims_cap = tpl->ndims;
	for (size_t i = 0; i < tpl->ndims; i++)
		dimension_from_template(&s->dims[i], &tpl->dims[i], &tpl->scale);
	s->scale_labels = xcalloc(tpl->scale.nlabels, sizeof *s->scale_labels);
	s->nscale_labels = tpl->scale.nlabels;
	for (size_t i = 0; i < tpl->scale.nlabels; i++)
		s->scale_labels[i] = xstrdup(tpl->scale.labels[i]);
	for (int st = 0; st < STAGE_COUNT; st++) {
		s->timers[st].box_seconds = tpl->timebox_minutes[st] * 60;
		s->timers[st].left_seconds = s->timers[st].box_seconds;
	}
}

static const char level_choices[] = "the level is one of individual, team, unit, organization";

struct session *session_create(const struct session_setup *setup, const struct template *tpl,
			       struct error *err)
{
	if ((unsigned)setup->level >= LEVEL_COUNT) {
		error_set(err, ERR_DATA, "%s", level_choices);
		return NULL;
	}
	struct session *s = session_alloc();
	copy_template(s, tpl);
	s->level = setup->level;
	s->title = session_text(setup->title ? setup->title : "", TEXT_MAX_NAME, "the title", err);
	if (s->title == NULL ||
	    optional_text(setup->organization, TEXT_MAX_NAME, "the organization",
			  &s->organization, err) ||
	    optional_text(setup->unit, TEXT_MAX_NAME, "the unit", &s->unit, err) ||
	    optional_text(setup->facilitator, TEXT_MAX_NAME, "the facilitator",
			  &s->facilitator, err))
		goto refused;
	for (size_t i = 0; i < setup->nparticipants; i++)
		if (session_add_participant(s, setup->participants[i], err))
			goto refused;
	return s;
refused:
	session_free(s);
	return NULL;
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	free(s->title);
	free(s->organization);
	free(s->unit);
	free(s->facilitator);
	free(s->template_key);
	for (size_t i = 0; i < s->nscale_labels; i++)
		free(s->scale_labels[i]);
	free(s->scale_labels);
	for (int list = 0; list < LIST_COUNT; list++)
		shape_free_list(shape_of((enum session_list)list), s);
	shape_free_list(&shape_dimensions, s);
	shape_free_list(&shape_ballots, s);
	free(s);
}

/* ---- setup fields ---- */

bool session_is_closed(const struct session *s)
{
	return s->status == SESSION_CLOSED;
}

enum err_code session_refuse_closed(const struct session *s, struct error *err)
{
	if (session_is_closed(s))
		return error_set(err, ERR_DATA,
				 "the session is closed; reopen it to change it");
	return ERR_OK;
}

struct text_field {
	const char *name;       /* as in the JSON export */
	const char *what;       /* in messages */
	size_t offset;
	bool required;
};

static const struct text_field text_fields[] = {
	{"title", "the title", offsetof(struct session, title), true},
	{"organization", "the organization", offsetof(struct session, organization), false},
	{"unit", "the unit", offsetof(struct session, unit), false},
	{"facilitator", "the facilitator", offsetof(struct session, facilitator), false},
};

enum err_code session_set_field(struct session *s, const char *field, const char *text,
				struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (strcmp(field, "level") == 0) {
		enum level level;
		if (text == NULL || !level_parse(text, &level))
			return error_set(err, ERR_DATA, "%s", level_choices);
		s->level = level;
		return ERR_OK;
	}
	for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
		const struct text_field *f = &text_fields[i];
		if (strcmp(field, f->name) != 0)
			continue;
		char *value = NULL;
		if (f->required)
			value = session_text(text ? text : "", TEXT_MAX_NAME, f->what, err);
		else if (optional_text(text, TEXT_MAX_NAME, f->what, &value, err))
			return ERR_DATA;
		if (f->required && value == NULL)
			return ERR_DATA;
		replace((char **)((char *)s + f->offset), value);
		return ERR_OK;
	}
	return error_set(err, ERR_SOFTWARE, "no session field is called %s", field);
}

const char *stage_title(enum stage stage, bool checkin)
{
	return stage == STAGE_SETUP && checkin ? "Last time" : stage_label(stage);
}

/* ERR_DATA, with the message, when the session is closed or item i of
 * a list of n is not there. */
static enum err_code refuse_change(const struct session *s, size_t i, size_t n,
				   const char *what, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (i >= n)
		return error_set(err, ERR_DATA, "there is no such %s", what);
	return ERR_OK;
}

enum err_code session_set_stage(struct session *s, enum stage stage, struct error *err)
{
	if ((unsigned)stage >= STAGE_COUNT)
		return error_set(err, ERR_DATA, "there is no such stage");
	s->stage = stage;
	return ERR_OK;
}

enum err_code session_set_ratings(struct session *s, enum ratings ratings, struct error *err)
{
	if ((unsigned)ratings >= RATINGS_COUNT)
		return error_set(err, ERR_DATA, "there is no such way to show ratings");
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	s->ratings = ratings;
	return ERR_OK;
}

bool session_scores_shown(const struct session *s)
{
	return s->ratings != RATINGS_PRIVATE;
}

enum err_code session_close(struct session *s, time_t now, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	s->status = SESSION_CLOSED;
	s->closed_at = now;
	return ERR_OK;
}

enum err_code session_reopen(struct session *s, struct error *err)
{
	if (!session_is_closed(s))
		return error_set(err, ERR_DATA, "the session is already open");
	s->status = SESSION_OPEN;
	s->closed_at = 0;
	return ERR_OK;
}

/* ---- participants and ratings ---- */

ptrdiff_t session_find_participant(const struct session *s, const char *name)
{
	for (size_t i = 0; i < s->nparticipants; i++)
		if (strcmp(s->participants[i].name, name) == 0)
			return (ptrdiff_t)i;
	return -1;
}

static enum err_code check_unique_name(const struct session *s, const char *name, size_t except,
				       struct error *err)
{
	ptrdiff_t found = session_find_participant(s, name);
	if (found >= 0 && (size_t)found != except)
		return error_set(err, ERR_DATA, "%s is already a participant", name);
	return ERR_OK;
}

enum err_code session_add_participant(struct session *s, const char *name, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (s->nparticipants >= SESSION_MAX_PARTICIPANTS)
		return error_set(err, ERR_DATA, "a session has at most %d participants",
				 SESSION_MAX_PARTICIPANTS);
	char *text = session_text(name, TEXT_MAX_NAME, "a participant's name", err);
	if (text == NULL)
		return ERR_DATA;
	if (check_unique_name(s, text, SIZE_MAX, err)) {
		free(text);
		return ERR_DATA;
	}
	grow(&s->participants, &s->participants_cap, s->nparticipants + 1,
	     sizeof *s->participants);
	s->participants[s->nparticipants] = (struct participant){.name = text, .left_on = NO_DATE};
	for (size_t d = 0; d < s->ndims; d++) {
		struct dimension *dim = &s->dims[d];
		dim->scores = xrealloc(dim->scores, (s->nparticipants + 1) * sizeof *dim->scores);
		dim->scores[s->nparticipants] = RATING_NONE;
	}
	s->nparticipants++;
	return ERR_OK;
}

enum err_code session_rename_participant(struct session *s, size_t i, const char *name,
					 struct error *err)
{
	if (refuse_change(s, i, s->nparticipants, "participant", err))
		return ERR_DATA;
	char *text = session_text(name, TEXT_MAX_NAME, "a participant's name", err);
	if (text == NULL)
		return ERR_DATA;
	if (check_unique_name(s, text, i, err)) {
		free(text);
		return ERR_DATA;
	}
	replace(&s->participants[i].name, text);
	return ERR_OK;
}

enum err_code session_remove_participant(struct session *s, size_t i, struct error *err)
{
	return session_remove(s, LIST_PARTICIPANTS, i, err);
}

ptrdiff_t session_find_dimension(const struct session *s, const char *key)
{
	for (size_t i = 0; i < s->ndims; i++)
		if (strcmp(s->dims[i].key, key) == 0)
			return (ptrdiff_t)i;
	return -1;
}

static enum err_code check_score(const struct dimension *d, int score, struct error *err)
{
	if (score == RATING_NONE || (score >= d->scale_min && score <= d->scale_max))
		return ERR_OK;
	return error_set(err, ERR_DATA, "%d is outside the scale %d-%d", score, d->scale_min,
			 d->scale_max);
}

enum err_code session_rate(struct session *s, size_t dim, size_t participant, int score,
			   struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (dim >= s->ndims || participant >= s->nparticipants)
		return error_set(err, ERR_DATA, "there is no such rating cell");
	if (!session_participant_here(s, participant))
		return error_set(err, ERR_DATA, "%s has left: their ratings stay as they were",
				 s->participants[participant].name);
	if (check_score(&s->dims[dim], score, err))
		return ERR_DATA;
	s->dims[dim].scores[participant] = score;
	return ERR_OK;
}

enum err_code session_set_group_score(struct session *s, size_t dim, int score,
				      struct error *err)
{
	if (refuse_change(s, dim, s->ndims, "dimension", err))
		return ERR_DATA;
	if (check_score(&s->dims[dim], score, err))
		return ERR_DATA;
	s->dims[dim].group_score = score;
	return ERR_OK;
}

size_t session_uncounted_scores(const struct session *s, size_t dim)
{
	const struct dimension *d = &s->dims[dim];
	size_t n = 0;
	if (d->group_score == RATING_NONE)
		return 0;
	for (size_t p = 0; p < s->nparticipants; p++)
		n += d->scores[p] != RATING_NONE;
	return n;
}

void session_dimension_stats(const struct session *s, size_t dim, struct rating_stats *out)
{
	const struct dimension *d = &s->dims[dim];
	if (d->group_score != RATING_NONE) {
		stats_compute(&d->group_score, 1, out);
		return;
	}
	int *rated = xcalloc(s->nparticipants, sizeof *rated);
	size_t n = 0;
	for (size_t p = 0; p < s->nparticipants; p++)
		if (d->scores[p] != RATING_NONE)
			rated[n++] = d->scores[p];
	stats_compute(rated, n, out);
	free(rated);
}

/* ---- notes ---- */

enum err_code session_add_note(struct session *s, size_t dim, enum note_kind kind,
			       const char *text, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if (dim >= s->ndims || (unsigned)kind >= NOTE_KIND_COUNT)
		return error_set(err, ERR_DATA, "there is no such dimension");
	char *t = session_text(text, TEXT_MAX_NOTE, "a note", err);
	if (t == NULL)
		return ERR_DATA;
	struct dimension *d = &s->dims[dim];
	grow(&d->notes, &d->notes_cap, d->nnotes + 1, sizeof *d->notes);
	d->notes[d->nnotes++] = (struct note){.kind = kind, .text = t};
	return ERR_OK;
}

static struct note *find_note(struct session *s, size_t dim, size_t i, struct error *err)
{
	if (dim >= s->ndims || i >= s->dims[dim].nnotes) {
		error_set(err, ERR_DATA, "there is no such note");
		return NULL;
	}
	return &s->dims[dim].notes[i];
}

enum err_code session_edit_note(struct session *s, size_t dim, size_t i, const char *text,
				struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	struct note *n = find_note(s, dim, i, err);
	if (n == NULL)
		return ERR_DATA;
	char *t = session_text(text, TEXT_MAX_NOTE, "a note", err);
	if (t == NULL)
		return ERR_DATA;
	replace(&n->text, t);
	return ERR_OK;
}

enum err_code session_remove_note(struct session *s, size_t dim, size_t i, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	struct note *n = find_note(s, dim, i, err);
	if (n == NULL)
		return ERR_DATA;
	struct dimension *d = &s->dims[dim];
	free(n->text);
	memmove(n, n + 1, (d->nnotes - i - 1) * sizeof *n);
	d->nnotes--;
	return ERR_OK;
}

/* ---- values, goals ---- */

/* Values and parked topics are one text each: checked the same way. */
static enum err_code new_text(const struct session *s, const char *text, const char *what,
			      char **out, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	*out = session_text(text, TEXT_MAX_ITEM, what, err);
	return *out ? ERR_OK : ERR_DATA;
}

/* Sets a status or a horizon, the kind field at offset of item i of a list,
 * to word v of a vocabulary of count words, when the session is open and
 * both exist ("there is no such goal or status" otherwise). Kinds are
 * stored as int (model/shapes.c). */
static enum err_code set_kind(struct session *s, enum session_list list, size_t i,
			      size_t offset, unsigned v, unsigned count, const char *what,
			      struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	const struct shape *sh = shape_of(list);
	if (i >= shape_len(sh, s) || v >= count)
		return error_set(err, ERR_DATA, "there is no such %s", what);
	*(int *)((char *)shape_item(sh, s, i) + offset) = (int)v;
	return ERR_OK;
}

static enum err_code replace_text(const struct session *s, char **slot, const char *text,
				  const char *what, struct error *err)
{
	char *t;
	if (slot == NULL)
		return error_set(err, ERR_DATA, "there is no such %s", what);
	if (new_text(s, text, what, &t, err))
		return ERR_DATA;
	replace(slot, t);
	return ERR_OK;
}

enum err_code session_add_value(struct session *s, const char *text, struct error *err)
{
	char *t;
	if (new_text(s, text, "a value", &t, err))
		return ERR_DATA;
	grow(&s->values, &s->values_cap, s->nvalues + 1, sizeof *s->values);
	s->values[s->nvalues++] = (struct value){.text = t};
	return ERR_OK;
}

enum err_code session_edit_value(struct session *s, size_t i, const char *text,
				 struct error *err)
{
	return replace_text(s, i < s->nvalues ? &s->values[i].text : NULL, text, "value", err);
}

static enum err_code goal_dimension(const struct session *s, const char *key, char **out,
				    struct error *err)
{
	*out = NULL;
	if (key == NULL || *key == '\0')
		return ERR_OK;
	if (session_find_dimension(s, key) < 0)
		return error_set(err, ERR_DATA, "this session has no dimension \"%s\"", key);
	*out = xstrdup(key);
	return ERR_OK;
}

/* A goal's text and dimension, checked; the caller owns both. */
static enum err_code goal_fields(const struct session *s, const char *text,
				 const char *dimension, char **t, char **dim, struct error *err)
{
	if (goal_dimension(s, dimension, dim, err))
		return ERR_DATA;
	*t = session_text(text, TEXT_MAX_ITEM, "a goal", err);
	if (*t == NULL) {
		free(*dim);
		return ERR_DATA;
	}
	return ERR_OK;
}

enum err_code session_add_goal(struct session *s, const char *text, const char *dimension,
			       struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	char *t, *dim;
	if (goal_fields(s, text, dimension, &t, &dim, err))
		return ERR_DATA;
	grow(&s->goals, &s->goals_cap, s->ngoals + 1, sizeof *s->goals);
	s->goals[s->ngoals++] = (struct goal){.text = t, .dimension = dim,
					      .status = GOAL_ACTIVE};
	return ERR_OK;
}

enum err_code session_edit_goal(struct session *s, size_t i, const char *text,
				const char *dimension, struct error *err)
{
	if (refuse_change(s, i, s->ngoals, "goal", err))
		return ERR_DATA;
	char *t, *dim;
	if (goal_fields(s, text, dimension, &t, &dim, err))
		return ERR_DATA;
	replace(&s->goals[i].text, t);
	replace(&s->goals[i].dimension, dim);
	return ERR_OK;
}

enum err_code session_set_goal_status(struct session *s, size_t i, enum goal_status st,
				      struct error *err)
{
	return set_kind(s, LIST_GOALS, i, offsetof(struct goal, status), (unsigned)st,
			GOAL_STATUS_COUNT, "goal or status", err);
}

/* Goals and steps by id: what metrics, steps and ballots name them by. */
ptrdiff_t session_find_goal(const struct session *s, int64_t id)
{
	return session_find_item(s, LIST_GOALS, id);
}

ptrdiff_t session_find_step(const struct session *s, int64_t id)
{
	return session_find_item(s, LIST_STEPS, id);
}

static enum err_code check_goal_link(const struct session *s, int64_t goal_id, struct error *err)
{
	if (goal_id == 0 || session_find_goal(s, goal_id) >= 0)
		return ERR_OK;
	return error_set(err, ERR_DATA, "this session has no goal %lld", (long long)goal_id);
}

/* ---- metrics ---- */

static enum err_code metric_fields(const struct session *s, const struct metric *in,
				   struct metric *out, struct error *err)
{
	if ((unsigned)in->direction >= DIRECTION_COUNT)
		return error_set(err, ERR_DATA, "a metric's direction is up or down");
	if (!isnan(in->baseline) && !isfinite(in->baseline))
		return error_set(err, ERR_DATA, "the baseline is not a number");
	if (!isnan(in->target) && !isfinite(in->target))
		return error_set(err, ERR_DATA, "the target is not a number");
	if (check_goal_link(s, in->goal_id, err))
		return ERR_DATA;
	char *name, *unit;
	if (text_and_optional(in->name, TEXT_MAX_ITEM, "a metric's name", in->unit, TEXT_MAX_NAME,
			      "a metric's unit", &name, &unit, err))
		return ERR_DATA;
	*out = *in;
	out->name = name;
	out->unit = unit;
	return ERR_OK;
}

enum err_code session_add_metric(struct session *s, const struct metric *fields,
				 struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	struct metric m;
	if (metric_fields(s, fields, &m, err))
		return ERR_DATA;
	m.id = 0;
	m.measurements = NULL;
	m.nmeasurements = m.measurements_cap = 0;
	grow(&s->metrics, &s->metrics_cap, s->nmetrics + 1, sizeof *s->metrics);
	s->metrics[s->nmetrics++] = m;
	return ERR_OK;
}

enum err_code session_edit_metric(struct session *s, size_t i, const struct metric *fields,
				  struct error *err)
{
	if (refuse_change(s, i, s->nmetrics, "metric", err))
		return ERR_DATA;
	struct metric m;
	if (metric_fields(s, fields, &m, err))
		return ERR_DATA;
	struct metric *old = &s->metrics[i];
	free(old->name);
	free(old->unit);
	m.id = old->id;
	m.origin_id = old->origin_id;
	m.measurements = old->measurements;
	m.nmeasurements = old->nmeasurements;
	m.measurements_cap = old->measurements_cap;
	*old = m;
	return ERR_OK;
}

enum err_code session_add_measurement(struct session *s, size_t metric, double value,
				      long taken_on, struct error *err)
{
	if (refuse_change(s, metric, s->nmetrics, "metric", err))
		return ERR_DATA;
	if (!isfinite(value))
		return error_set(err, ERR_DATA, "a measurement is a number");
	if (taken_on == NO_DATE)
		return error_set(err, ERR_DATA, "a measurement needs the date it was taken");
	struct metric *m = &s->metrics[metric];
	grow(&m->measurements, &m->measurements_cap, m->nmeasurements + 1,
	     sizeof *m->measurements);
	size_t at = m->nmeasurements;
	while (at > 0 && m->measurements[at - 1].taken_on > taken_on)
		at--;
	memmove(&m->measurements[at + 1], &m->measurements[at],
		(m->nmeasurements - at) * sizeof *m->measurements);
	m->measurements[at] = (struct measurement){.value = value, .taken_on = taken_on};
	m->nmeasurements++;
	return ERR_OK;
}

double metric_current(const struct metric *m)
{
	return m->nmeasurements ? m->measurements[m->nmeasurements - 1].value : NAN;
}

double metric_progress(const struct metric *m)
{
	double current = metric_current(m);
	if (isnan(current) || isnan(m->baseline) || isnan(m->target))
		return NAN;
	return progress_fraction(m->baseline, m->target, current);
}

/* progress_status decides what a missing value means: a target reached is
 * met even when nobody recorded a baseline. */
enum metric_status metric_status_on(const struct metric *m, long start_day, long today)
{
	long start = m->baseline_date != NO_DATE ? m->baseline_date : start_day;
	return progress_status(m->direction, m->baseline, m->target, metric_current(m), start,
			       m->target_date, today);
}

/* ---- steps ---- */

static enum err_code step_fields(const struct session *s, const struct step *in,
				 struct step *out, struct error *err)
{
	if ((unsigned)in->horizon >= HORIZON_COUNT || (unsigned)in->status >= STEP_STATUS_COUNT)
		return error_set(err, ERR_DATA, "there is no such horizon or status");
	if ((in->impact != SCORE_NONE && (in->impact < 1 || in->impact > 5)) ||
	    (in->effort != SCORE_NONE && (in->effort < 1 || in->effort > 5)))
		return error_set(err, ERR_DATA, "impact and effort are scored 1-5");
	if (check_goal_link(s, in->goal_id, err))
		return ERR_DATA;
	char *text, *owner;
	if (text_and_optional(in->text, TEXT_MAX_ITEM, "a step", in->owner, TEXT_MAX_NAME,
			      "the owner", &text, &owner, err))
		return ERR_DATA;
	*out = *in;
	out->text = text;
	out->owner = owner;
	return ERR_OK;
}

enum err_code session_add_step(struct session *s, const struct step *fields, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	struct step st;
	if (step_fields(s, fields, &st, err))
		return ERR_DATA;
	st.id = 0;
	st.points = POINTS_NONE;  /* points and rank come from revealed ballots only */
	st.rank = 0;
	grow(&s->steps, &s->steps_cap, s->nsteps + 1, sizeof *s->steps);
	s->steps[s->nsteps++] = st;
	return ERR_OK;
}

enum err_code session_edit_step(struct session *s, size_t i, const struct step *fields,
				struct error *err)
{
	if (refuse_change(s, i, s->nsteps, "step", err))
		return ERR_DATA;
	struct step st;
	if (step_fields(s, fields, &st, err))
		return ERR_DATA;
	struct step *old = &s->steps[i];
	st.id = old->id;
	st.origin_id = old->origin_id;
	st.points = old->points;
	st.rank = old->rank;
	shape_free_item(shape_of(LIST_STEPS), old);
	*old = st;
	return ERR_OK;
}

enum err_code session_set_step_status(struct session *s, size_t i, enum step_status st,
				      struct error *err)
{
	return set_kind(s, LIST_STEPS, i, offsetof(struct step, status), (unsigned)st,
			STEP_STATUS_COUNT, "step or status", err);
}

enum err_code session_set_step_horizon(struct session *s, size_t i, enum horizon h,
				       struct error *err)
{
	return set_kind(s, LIST_STEPS, i, offsetof(struct step, horizon), (unsigned)h,
			HORIZON_COUNT, "step or horizon", err);
}

/* ---- parking lot ---- */

enum err_code session_park(struct session *s, const char *text, struct error *err)
{
	char *t;
	if (new_text(s, text, "a parked topic", &t, err))
		return ERR_DATA;
	grow(&s->parking, &s->parking_cap, s->nparking + 1, sizeof *s->parking);
	s->parking[s->nparking++] = (struct parked){.text = t};
	return ERR_OK;
}

enum err_code session_edit_parked(struct session *s, size_t i, const char *text,
				  struct error *err)
{
	return replace_text(s, i < s->nparking ? &s->parking[i].text : NULL, text,
			    "parked topic", err);
}

/* ---- ballots ---- */

bool step_is_open(const struct step *st)
{
	return st->status != STEP_DONE && st->status != STEP_DROPPED;
}

/* A step is voted on when it is still to do and in the chosen horizon. */
static bool ballot_candidate(const struct step *st, int horizon)
{
	if (!step_is_open(st))
		return false;
	return horizon < 0 || st->horizon == (enum horizon)horizon;
}

static enum err_code refuse_ballot(const struct session *s, enum ballot_method method,
				   enum ballot_entry entry, struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	if ((unsigned)method >= BALLOT_METHOD_COUNT || (unsigned)entry >= BALLOT_ENTRY_COUNT)
		return error_set(err, ERR_DATA, "there is no such voting method or entry");
	if (!ballot_entry_fits(method, entry))
		return error_set(err, ERR_DATA,
				 "a tally from the wall is for dots and approval ballots only");
	return ERR_OK;
}

/* Adds a ballot over candidates (n of them), which it takes and frees. */
static enum err_code add_ballot(struct session *s, enum ballot_method method,
				enum ballot_entry entry, int64_t *candidates, size_t n,
				struct error *err)
{
	if (n < 2) {
		free(candidates);
		return error_set(err, ERR_DATA, "a ballot needs at least two steps to choose from");
	}
	grow(&s->ballots, &s->ballots_cap, s->nballots + 1, sizeof *s->ballots);
	ballot_init(&s->ballots[s->nballots++], method, entry, candidates, n);
	free(candidates);
	return ERR_OK;
}

enum err_code session_open_ballot(struct session *s, enum ballot_method method,
				  enum ballot_entry entry, int horizon, struct error *err)
{
	if (refuse_ballot(s, method, entry, err))
		return ERR_DATA;
	int64_t *candidates = xcalloc(s->nsteps + 1, sizeof *candidates);
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (ballot_candidate(&s->steps[i], horizon))
			candidates[n++] = s->steps[i].id;
	return add_ballot(s, method, entry, candidates, n, err);
}

static bool among_top(const struct ballot_results *r, int64_t step_id, int top)
{
	for (size_t k = 0; k < r->nrows; k++)
		if (r->rows[k].step_id == step_id)
			return r->rows[k].rank <= top;
	return false;
}

enum err_code session_open_runoff(struct session *s, enum ballot_method method, size_t from,
				  int top, size_t *taken, struct error *err)
{
	if (refuse_ballot(s, method, BALLOT_ENTRY_SECRET, err))
		return ERR_DATA;
	if (method != BALLOT_RANKED && method != BALLOT_APPROVAL)
		return error_set(err, ERR_DATA, "a run-off is a ranked or an approval ballot");
	if (from >= s->nballots || s->ballots[from].status != BALLOT_REVEALED)
		return error_set(err, ERR_DATA, "a run-off follows a ballot that has been revealed");
	if (top < 2)
		return error_set(err, ERR_DATA, "a run-off needs the top 2 or more");
	struct ballot_results r;
	if (ballot_tally(&s->ballots[from], &r, err))
		return ERR_DATA;
	/* In the order the steps were added, as every ballot's candidates. */
	int64_t *candidates = xcalloc(s->nsteps + 1, sizeof *candidates);
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (among_top(&r, s->steps[i].id, top))
			candidates[n++] = s->steps[i].id;
	ballot_results_free(&r);
	*taken = n;
	return add_ballot(s, method, BALLOT_ENTRY_SECRET, candidates, n, err);
}

/* Whether every step holds what ballot b gave it, and no other step
 * holds points. */
static bool steps_show(const struct session *s, const struct ballot *b)
{
	struct ballot_results r;
	if (b->status != BALLOT_REVEALED || ballot_tally(b, &r, NULL) != ERR_OK)
		return false;
	size_t scored = 0, given = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		scored += s->steps[i].points != POINTS_NONE;
	bool same = true;
	for (size_t k = 0; same && k < r.nrows; k++) {
		ptrdiff_t at = session_find_step(s, r.rows[k].step_id);
		if (at < 0)
			continue;
		given++;
		same = s->steps[at].points == r.rows[k].points &&
		       s->steps[at].rank == r.rows[k].rank;
	}
	ballot_results_free(&r);
	return same && given == scored;
}

ptrdiff_t session_points_ballot(const struct session *s)
{
	for (size_t i = s->nballots; i-- > 0;)
		if (steps_show(s, &s->ballots[i]))
			return (ptrdiff_t)i;
	return -1;
}

enum err_code session_reveal_ballot(struct session *s, size_t i, struct error *err)
{
	if (refuse_change(s, i, s->nballots, "ballot", err))
		return ERR_DATA;
	struct ballot *b = &s->ballots[i];
	if (b->status != BALLOT_REVEALED && ballot_reveal(b, err))
		return ERR_DATA;
	struct ballot_results r;
	if (ballot_tally(b, &r, err))
		return err ? err->code : ERR_DATA;
	/* The steps show this ballot's points, and only its. */
	for (size_t k = 0; k < s->nsteps; k++) {
		s->steps[k].points = POINTS_NONE;
		s->steps[k].rank = 0;
	}
	for (size_t k = 0; k < r.nrows; k++) {
		ptrdiff_t at = session_find_step(s, r.rows[k].step_id);
		if (at < 0)
			continue;
		s->steps[at].points = r.rows[k].points;
		s->steps[at].rank = r.rows[k].rank;
	}
	ballot_results_free(&r);
	return ERR_OK;
}
