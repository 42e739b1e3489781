/* Writing sessions: each public function here is one transaction. */
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/shapes.h"
#include "sessions/store_internal.h"

/* ---- the lists: their statements, bound from their shapes ---- */

/* A score of "not given" is NULL. */
static void bind_score(sqlite3_stmt *q, int i, int score)
{
	if (score > 0)
		sqlite3_bind_int(q, i, score);
	else
		sqlite3_bind_null(q, i);
}

/* POINTS_NONE is "no ballot revealed yet"; any other number is kept,
 * negative ones too: a scoring ballot's priority is below zero when the
 * effort outweighs the impact. */
static void bind_points(sqlite3_stmt *q, int i, long points)
{
	if (points == POINTS_NONE)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_int64(q, i, points);
}

static void bind_field(sqlite3_stmt *q, int at, const struct shape_field *f, const void *item)
{
	switch (f->type) {
	case SHAPE_ID:
	case SHAPE_ORIGIN:
	case SHAPE_LINK:
		bind_id(q, at, shape_int64(f, item));
		break;
	case SHAPE_TEXT:
	case SHAPE_OPTIONAL:
		bind_text(q, at, shape_text(f, item));
		break;
	case SHAPE_OPTIONAL_BLANK:
		bind_text_or_empty(q, at, shape_text(f, item));
		break;
	case SHAPE_KIND:
		bind_text(q, at, shape_kind_name(f, item));
		break;
	case SHAPE_REAL:
		bind_real(q, at, shape_real(f, item));
		break;
	case SHAPE_DATE:
		bind_date(q, at, shape_long(f, item));
		break;
	case SHAPE_SCORE:
		bind_score(q, at, shape_int(f, item));
		break;
	case SHAPE_POINTS:
		bind_points(q, at, shape_long(f, item));
		break;
	case SHAPE_LIST:
		break;
	}
}

/* The item's fields after its id are the statement's ?first, ?first + 1,
 * ... in order; the lists it holds have tables of their own, and the row
 * it was copied from is written once, when it is inserted. */
static void bind_item(sqlite3_stmt *q, int first, const struct shape *sh, const void *item,
		      bool insert)
{
	int at = first;
	for (size_t k = 1; k < sh->nfields; k++) {
		const struct shape_field *f = &sh->fields[k];
		if (f->type == SHAPE_LIST || (f->type == SHAPE_ORIGIN && !insert))
			continue;
		bind_field(q, at++, f, item);
	}
}

struct list_stmts {
	enum stmt insert, update, order, delete;
};

static const struct list_stmts list_stmts[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = {S_INSERT_PARTICIPANT, S_UPDATE_PARTICIPANT, S_ORDER_PARTICIPANT,
			       S_DELETE_PARTICIPANT},
	[LIST_VALUES] = {S_INSERT_VALUE, S_UPDATE_VALUE, S_ORDER_VALUE, S_DELETE_VALUE},
	[LIST_GOALS] = {S_INSERT_GOAL, S_UPDATE_GOAL, S_ORDER_GOAL, S_DELETE_GOAL},
	[LIST_METRICS] = {S_INSERT_METRIC, S_UPDATE_METRIC, S_ORDER_METRIC, S_DELETE_METRIC},
	[LIST_STEPS] = {S_INSERT_STEP, S_UPDATE_STEP, S_ORDER_STEP, S_DELETE_STEP},
	[LIST_PARKING] = {S_INSERT_PARKED, S_UPDATE_PARKED, S_ORDER_PARKED, S_DELETE_PARKED},
};

static int64_t *item_id(const struct session *s, enum session_list list, size_t i)
{
	const struct shape *sh = shape_of(list);
	return shape_id(sh, shape_item(sh, s, i));
}

/* Inserts or updates item i, inside a transaction the caller holds. */
/* A step owned by a participant follows their name when it changes: its
 * owner is the name as the row holds it, changed in the same transaction. */
static enum err_code follow_owner(struct store *st, const struct participant *p,
				  struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_FOLLOW_OWNER, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, p->id);
	bind_text(q, 2, p->name);
	return store_exec(st, q, "renaming the steps' owner", err);
}

static enum err_code write_item(struct store *st, struct session *s, enum session_list list,
				size_t i, struct error *err)
{
	const struct list_stmts *t = &list_stmts[list];
	int64_t *id = item_id(s, list, i);
	sqlite3_stmt *q = store_stmt(st, *id ? t->update : t->insert, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, *id ? *id : s->id);
	bind_item(q, 2, shape_of(list), shape_item(shape_of(list), s, i), *id == 0);
	enum err_code code = store_exec(st, q, "saving", err);
	if (code == ERR_OK && *id == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return code;
}

static enum err_code write_rating(struct store *st, const struct session *s, size_t dim,
				  size_t p, struct error *err)
{
	int score = s->dims[dim].scores[p];
	sqlite3_stmt *q = store_stmt(st, score == RATING_NONE ? S_DELETE_RATING : S_SAVE_RATING,
				     err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, s->dims[dim].id);
	sqlite3_bind_int64(q, 2, s->participants[p].id);
	if (score != RATING_NONE)
		sqlite3_bind_int(q, 3, score);
	return store_exec(st, q, "saving a rating", err);
}

static enum err_code write_notes(struct store *st, struct session *s, size_t dim,
				 struct error *err)
{
	struct dimension *d = &s->dims[dim];
	sqlite3_stmt *q = store_stmt(st, S_DELETE_NOTES, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, d->id);
	enum err_code code = store_exec(st, q, "saving notes", err);
	for (size_t i = 0; code == ERR_OK && i < d->nnotes; i++) {
		if ((q = store_stmt(st, S_INSERT_NOTE, err)) == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, d->id);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		bind_item(q, 3, &shape_notes, &d->notes[i], true);
		code = store_exec(st, q, "saving a note", err);
		if (code == ERR_OK)
			d->notes[i].id = sqlite3_last_insert_rowid(st->db);
	}
	return code;
}

static enum err_code write_measurements(struct store *st, struct session *s, size_t metric,
					struct error *err)
{
	struct metric *m = &s->metrics[metric];
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < m->nmeasurements; i++) {
		struct measurement *x = &m->measurements[i];
		if (x->id)
			continue;
		sqlite3_stmt *q = store_stmt(st, S_INSERT_MEASUREMENT, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, m->id);
		bind_item(q, 2, &shape_measurements, x, true);
		code = store_exec(st, q, "saving a measurement", err);
		if (code == ERR_OK)
			x->id = sqlite3_last_insert_rowid(st->db);
	}
	return code;
}

static enum err_code write_timers(struct store *st, const struct session *s, struct error *err)
{
	enum err_code code = ERR_OK;
	for (int i = 0; code == ERR_OK && i < STAGE_COUNT; i++) {
		sqlite3_stmt *q = store_stmt(st, S_SAVE_TIMER, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, s->id);
		bind_text(q, 2, stage_name((enum stage)i));
		sqlite3_bind_int(q, 3, s->timers[i].box_seconds);
		sqlite3_bind_int(q, 4, s->timers[i].left_seconds);
		sqlite3_bind_int64(q, 5, (sqlite3_int64)s->timers[i].running_since);
		code = store_exec(st, q, "saving the timer", err);
	}
	return code;
}

static enum err_code write_session_fields(struct store *st, const struct session *s,
					  struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_UPDATE_SESSION, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, s->id);
	bind_text(q, 2, s->title);
	bind_text_or_empty(q, 3, s->organization);
	bind_text_or_empty(q, 4, s->unit);
	bind_text(q, 5, level_name(s->level));
	bind_text_or_empty(q, 6, s->facilitator);
	bind_text(q, 7, stage_name(s->stage));
	bind_text(q, 8, session_status_name(s->status));
	bind_time(q, 9, s->closed_at);
	bind_text(q, 10, ratings_name(s->ratings));
	enum err_code code = store_exec(st, q, "saving the session", err);
	return code ? code : write_timers(st, s, err);
}

/* ---- ballots ---- */

static enum err_code write_ballot_row(struct store *st, struct session *s, struct ballot *b,
				      struct error *err)
{
	bool insert = b->id == 0;
	sqlite3_stmt *q = store_stmt(st, insert ? S_INSERT_BALLOT : S_UPDATE_BALLOT, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	int at = 2;
	sqlite3_bind_int64(q, 1, insert ? s->id : b->id);
	if (insert) {
		bind_text(q, at++, ballot_method_name(b->method));
		bind_text(q, at++, ballot_entry_name(b->entry));
	}
	bind_text(q, at++, ballot_status_name(b->status));
	sqlite3_bind_int(q, at++, b->anonymous);
	sqlite3_bind_int(q, at++, b->budget);
	sqlite3_bind_int(q, at++, b->cap);
	sqlite3_bind_int(q, at++, b->score_min);
	sqlite3_bind_int(q, at++, b->score_max);
	sqlite3_bind_int64(q, at, b->tally_voters);
	enum err_code code = store_exec(st, q, "saving the ballot", err);
	if (code == ERR_OK && insert)
		b->id = sqlite3_last_insert_rowid(st->db);
	return code;
}

/* The aggregates are written afresh each time, in key order, after the
 * old rows are cleared (and zeroed on disk: secure_delete). Where a row
 * then lies in its page follows from the totals alone, never from the
 * order in which the votes came or from the totals in between. */
static enum err_code clear_aggregates(struct store *st, const struct ballot *b,
				      struct error *err)
{
	static const enum stmt clears[] = {S_CLEAR_CANDIDATES, S_CLEAR_PAIRS, S_CLEAR_VOTERS};
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < sizeof clears / sizeof clears[0]; i++) {
		sqlite3_stmt *q = store_stmt(st, clears[i], err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, b->id);
		code = store_exec(st, q, "saving the ballot", err);
	}
	return code;
}

/* A candidate whose step has been deleted keeps its totals and loses its
 * step, as the foreign key does when the step's row goes. */
static enum err_code write_candidates(struct store *st, const struct session *s,
				      const struct ballot *b, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < b->ncandidates; i++) {
		sqlite3_stmt *q = store_stmt(st, S_SAVE_CANDIDATE, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, b->id);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		bind_id(q, 3, session_find_step(s, b->candidates[i]) >= 0 ? b->candidates[i] : 0);
		sqlite3_bind_int64(q, 4, b->points[i]);
		sqlite3_bind_int64(q, 5, b->impact_sum[i]);
		sqlite3_bind_int64(q, 6, b->effort_sum[i]);
		sqlite3_bind_int64(q, 7, b->score_count[i]);
		sqlite3_bind_int64(q, 8, b->wall[i]);
		code = store_exec(st, q, "saving the ballot", err);
	}
	return code;
}

static enum err_code write_pairs(struct store *st, const struct ballot *b, struct error *err)
{
	size_t n = b->ncandidates;
	enum err_code code = ERR_OK;
	for (size_t w = 0; b->pairwise && code == ERR_OK && w < n; w++) {
		for (size_t l = 0; code == ERR_OK && l < n; l++) {
			if (w == l || b->pairwise[w * n + l] == 0)
				continue;
			sqlite3_stmt *q = store_stmt(st, S_SAVE_PAIR, err);
			if (q == NULL)
				return ERR_SOFTWARE;
			sqlite3_bind_int64(q, 1, b->id);
			sqlite3_bind_int64(q, 2, (sqlite3_int64)w);
			sqlite3_bind_int64(q, 3, (sqlite3_int64)l);
			sqlite3_bind_int64(q, 4, b->pairwise[w * n + l]);
			code = store_exec(st, q, "saving the ballot", err);
		}
	}
	return code;
}

/* Named ballots only; an anonymous ballot has no choices to write. */
static enum err_code write_choices(struct store *st, const struct ballot *b, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < b->nchoices; i++) {
		const struct ballot_choice *c = &b->choices[i];
		sqlite3_stmt *q = store_stmt(st, S_SAVE_CHOICE, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, b->id);
		sqlite3_bind_int64(q, 2, c->voter);
		sqlite3_bind_int64(q, 3, (sqlite3_int64)c->candidate);
		sqlite3_bind_int64(q, 4, c->points);
		sqlite3_bind_int(q, 5, c->impact);
		sqlite3_bind_int(q, 6, c->effort);
		code = store_exec(st, q, "saving the ballot", err);
	}
	return code;
}

static enum err_code write_voters(struct store *st, const struct ballot *b, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < b->nvoters; i++) {
		sqlite3_stmt *q = store_stmt(st, S_SAVE_VOTER, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, b->id);
		sqlite3_bind_int64(q, 2, b->voters[i]);
		code = store_exec(st, q, "saving the ballot", err);
	}
	return code;
}

static enum err_code write_step_results(struct store *st, const struct session *s,
					struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t i = 0; code == ERR_OK && i < s->nsteps; i++) {
		const struct step *x = &s->steps[i];
		sqlite3_stmt *q = store_stmt(st, S_SAVE_STEP_RESULT, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, x->id);
		bind_points(q, 2, x->points);
		bind_score(q, 3, x->rank);
		code = store_exec(st, q, "saving the results", err);
	}
	return code;
}

/* A ballot's own rows: itself, its candidates, pairs, voters, choices. */
static enum err_code write_ballot_rows(struct store *st, struct session *s, size_t i,
				       struct error *err)
{
	struct ballot *b = &s->ballots[i];
	enum err_code code = write_ballot_row(st, s, b, err);
	if (code == ERR_OK)
		code = clear_aggregates(st, b, err);
	if (code == ERR_OK)
		code = write_candidates(st, s, b, err);
	if (code == ERR_OK)
		code = write_pairs(st, b, err);
	if (code == ERR_OK)
		code = write_voters(st, b, err);
	if (code == ERR_OK)
		code = write_choices(st, b, err);
	return code;
}

/* A ballot and, once it is revealed, the steps' points and ranks. */
static enum err_code write_ballot(struct store *st, struct session *s, size_t i,
				  struct error *err)
{
	enum err_code code = write_ballot_rows(st, s, i, err);
	if (code == ERR_OK && s->ballots[i].status == BALLOT_REVEALED)
		code = write_step_results(st, s, err);
	return code;
}

/* ---- a whole new session ---- */

static char *joined_labels(const struct session *s)
{
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < s->nscale_labels; i++) {
		if (i)
			sbuf_addc(&sb, '\n');
		sbuf_adds(&sb, s->scale_labels[i]);
	}
	return sbuf_take(&sb);
}

static enum err_code insert_series(struct store *st, struct session *s, struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_INSERT_SERIES, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	bind_text_or_empty(q, 1, s->organization);
	bind_text_or_empty(q, 2, s->unit);
	bind_time(q, 3, s->created_at);
	enum err_code code = store_exec(st, q, "starting a series", err);
	if (code == ERR_OK)
		s->series_id = sqlite3_last_insert_rowid(st->db);
	return code;
}

static enum err_code insert_session_row(struct store *st, struct session *s, struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_INSERT_SESSION, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	char *labels = joined_labels(s);
	sqlite3_bind_int64(q, 1, s->series_id);
	bind_id(q, 2, s->parent_id);
	sqlite3_bind_int(q, 3, s->iteration);
	bind_text(q, 4, s->title);
	bind_text_or_empty(q, 5, s->organization);
	bind_text_or_empty(q, 6, s->unit);
	bind_text(q, 7, level_name(s->level));
	bind_text(q, 8, s->template_key);
	bind_text_or_empty(q, 9, s->facilitator);
	bind_text(q, 10, stage_name(s->stage));
	bind_text(q, 11, session_status_name(s->status));
	bind_text(q, 12, labels);
	bind_time(q, 13, s->created_at);
	bind_time(q, 14, s->closed_at);
	bind_text(q, 15, ratings_name(s->ratings));
	enum err_code code = store_exec(st, q, "creating the session", err);
	free(labels);
	if (code == ERR_OK)
		s->id = sqlite3_last_insert_rowid(st->db);
	return code;
}

static enum err_code insert_dimension(struct store *st, struct session *s, size_t i,
				      struct error *err)
{
	struct dimension *d = &s->dims[i];
	sqlite3_stmt *q = store_stmt(st, S_INSERT_DIMENSION, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, s->id);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
	bind_text(q, 3, d->key);
	bind_text(q, 4, d->name);
	bind_text_or_empty(q, 5, d->question);
	bind_text_or_empty(q, 6, d->low);
	bind_text_or_empty(q, 7, d->high);
	sqlite3_bind_int(q, 8, d->scale_min);
	sqlite3_bind_int(q, 9, d->scale_max);
	if (d->group_score != RATING_NONE)
		sqlite3_bind_int(q, 10, d->group_score);
	enum err_code code = store_exec(st, q, "creating the session", err);
	if (code == ERR_OK)
		d->id = sqlite3_last_insert_rowid(st->db);
	return code;
}

/* Goals get new ids when inserted; metrics and steps tied to a goal follow. */
static void retie_goal(struct session *s, int64_t old_id, int64_t new_id)
{
	for (size_t i = 0; old_id && i < s->nmetrics; i++)
		if (s->metrics[i].goal_id == old_id)
			s->metrics[i].goal_id = -new_id;
	for (size_t i = 0; old_id && i < s->nsteps; i++)
		if (s->steps[i].goal_id == old_id)
			s->steps[i].goal_id = -new_id;
}

/* Ballots name their candidates by step id; they follow the steps too. */
static void retie_step(struct session *s, int64_t old_id, int64_t new_id)
{
	for (size_t b = 0; old_id && b < s->nballots; b++)
		for (size_t c = 0; c < s->ballots[b].ncandidates; c++)
			if (s->ballots[b].candidates[c] == old_id)
				s->ballots[b].candidates[c] = -new_id;
}

/* Ballots name their voters by participant id; they follow the
 * participants too. */
static void retie_participant(struct session *s, int64_t old_id, int64_t new_id)
{
	for (size_t b = 0; old_id && b < s->nballots; b++) {
		struct ballot *x = &s->ballots[b];
		for (size_t v = 0; v < x->nvoters; v++)
			if (x->voters[v] == old_id)
				x->voters[v] = -new_id;
		for (size_t k = 0; k < x->nchoices; k++)
			if (x->choices[k].voter == old_id)
				x->choices[k].voter = -new_id;
	}
}

static void settle_step_ties(struct session *s)
{
	for (size_t b = 0; b < s->nballots; b++)
		for (size_t c = 0; c < s->ballots[b].ncandidates; c++)
			if (s->ballots[b].candidates[c] < 0)
				s->ballots[b].candidates[c] = -s->ballots[b].candidates[c];
}

static void settle_goal_ties(struct session *s)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].goal_id < 0)
			s->metrics[i].goal_id = -s->metrics[i].goal_id;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].goal_id < 0)
			s->steps[i].goal_id = -s->steps[i].goal_id;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The new ids need not keep the old ones' order: the voters are sorted
 * again, as a ballot keeps them. */
static void settle_participant_ties(struct session *s)
{
	for (size_t b = 0; b < s->nballots; b++) {
		struct ballot *x = &s->ballots[b];
		for (size_t v = 0; v < x->nvoters; v++)
			if (x->voters[v] < 0)
				x->voters[v] = -x->voters[v];
		if (x->nvoters > 1)
			qsort(x->voters, x->nvoters, sizeof *x->voters, compare_ids);
		for (size_t k = 0; k < x->nchoices; k++)
			if (x->choices[k].voter < 0)
				x->choices[k].voter = -x->choices[k].voter;
	}
}

/* What follows a list's rows when they get new ids. */
struct relink {
	void (*retie)(struct session *s, int64_t old_id, int64_t new_id);
	void (*settle)(struct session *s);
};

static const struct relink relinks[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = {retie_participant, settle_participant_ties},
	[LIST_GOALS] = {retie_goal, settle_goal_ties},
	[LIST_STEPS] = {retie_step, settle_step_ties},
};

/* Ids the session carried (from an import or a copy) are only labels:
 * every row gets a fresh one. A list goes before the rows that name its
 * items (goals before metrics and steps, steps and participants before
 * ballots), so links can follow them. */
static enum err_code insert_lists(struct store *st, struct session *s, struct error *err)
{
	static const enum session_list order[] = {LIST_PARTICIPANTS, LIST_VALUES, LIST_GOALS,
						  LIST_METRICS, LIST_STEPS, LIST_PARKING};
	enum err_code code = ERR_OK;
	for (size_t k = 0; code == ERR_OK && k < sizeof order / sizeof order[0]; k++) {
		enum session_list list = order[k];
		const struct relink *r = &relinks[list];
		size_t n = session_list_len(s, list);
		for (size_t i = 0; code == ERR_OK && i < n; i++) {
			int64_t *id = item_id(s, list, i);
			int64_t old = *id;
			*id = 0;
			code = write_item(st, s, list, i, err);
			if (code == ERR_OK && r->retie)
				r->retie(s, old, *id);
		}
		if (r->settle)
			r->settle(s);
	}
	return code;
}

static enum err_code insert_dimensions(struct store *st, struct session *s, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t d = 0; code == ERR_OK && d < s->ndims; d++) {
		code = insert_dimension(st, s, d, err);
		for (size_t p = 0; code == ERR_OK && p < s->nparticipants; p++)
			if (s->dims[d].scores[p] != RATING_NONE)
				code = write_rating(st, s, d, p, err);
		if (code == ERR_OK)
			code = write_notes(st, s, d, err);
	}
	return code;
}

static enum err_code insert_rest(struct store *st, struct session *s, struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t m = 0; code == ERR_OK && m < s->nmetrics; m++) {
		for (size_t k = 0; k < s->metrics[m].nmeasurements; k++)
			s->metrics[m].measurements[k].id = 0;
		code = write_measurements(st, s, m, err);
	}
	/* The steps' points and ranks once, however many ballots are revealed. */
	bool revealed = false;
	for (size_t b = 0; code == ERR_OK && b < s->nballots; b++) {
		s->ballots[b].id = 0;
		code = write_ballot_rows(st, s, b, err);
		revealed |= s->ballots[b].status == BALLOT_REVEALED;
	}
	if (code == ERR_OK && revealed)
		code = write_step_results(st, s, err);
	return code ? code : write_timers(st, s, err);
}

enum err_code store_insert_session(struct store *st, struct session *s, struct error *err)
{
	if (s->created_at == 0)
		s->created_at = clock_now();
	enum err_code code = s->series_id ? ERR_OK : insert_series(st, s, err);
	if (code == ERR_OK)
		code = insert_session_row(st, s, err);
	if (code == ERR_OK)
		code = insert_lists(st, s, err);
	if (code == ERR_OK)
		code = insert_dimensions(st, s, err);
	if (code == ERR_OK)
		code = insert_rest(st, s, err);
	return code;
}

enum err_code store_create_session(struct store *st, struct session *s, struct error *err)
{
	if (store_begin(st, err))
		return err ? err->code : ERR_IO;
	enum err_code code = store_finish(st, store_insert_session(st, s, err), err);
	if (code)
		s->id = 0;
	return code;
}

/* ---- one change, one transaction ---- */

enum err_code store_save_session_fields(struct store *st, const struct session *s,
					struct error *err)
{
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	return store_finish(st, write_session_fields(st, s, err), err);
}

enum err_code store_save_item(struct store *st, struct session *s, enum session_list list,
			      size_t i, struct error *err)
{
	if ((unsigned)list >= LIST_COUNT || i >= session_list_len(s, list))
		return error_set(err, ERR_SOFTWARE, "saving: there is no such item");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	int64_t *id = item_id(s, list, i);
	bool inserting = *id == 0;
	enum err_code code = ERR_OK;
	if (list == LIST_PARTICIPANTS && !inserting)
		code = follow_owner(st, &s->participants[i], err);
	if (code == ERR_OK)
		code = write_item(st, s, list, i, err);
	/* A new participant needs nothing else; their cells start unrated. */
	code = store_finish(st, code, err);
	if (code && inserting)
		*id = 0;
	return code;
}

enum err_code store_save_order(struct store *st, const struct session *s,
			       enum session_list list, struct error *err)
{
	if ((unsigned)list >= LIST_COUNT)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such list");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	enum err_code code = ERR_OK;
	size_t n = session_list_len(s, list);
	for (size_t i = 0; code == ERR_OK && i < n; i++) {
		sqlite3_stmt *q = store_stmt(st, list_stmts[list].order, err);
		if (q == NULL) {
			code = ERR_SOFTWARE;
			break;
		}
		sqlite3_bind_int64(q, 1, *item_id(s, list, i));
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		code = store_exec(st, q, "saving the order", err);
	}
	return store_finish(st, code, err);
}

enum err_code store_delete_item(struct store *st, const struct session *s,
				enum session_list list, int64_t id, struct error *err)
{
	if ((unsigned)list >= LIST_COUNT)
		return error_set(err, ERR_SOFTWARE, "deleting: there is no such list");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	sqlite3_stmt *q = store_stmt(st, list_stmts[list].delete, err);
	enum err_code code = ERR_SOFTWARE;
	if (q) {
		sqlite3_bind_int64(q, 1, id);
		code = store_exec(st, q, "deleting", err);
	}
	return store_finish(st, code, err);
}

enum err_code store_save_rating(struct store *st, const struct session *s, size_t dim,
				size_t participant, struct error *err)
{
	if (dim >= s->ndims || participant >= s->nparticipants)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such rating cell");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	return store_finish(st, write_rating(st, s, dim, participant, err), err);
}

enum err_code store_save_group_score(struct store *st, const struct session *s, size_t dim,
				     struct error *err)
{
	if (dim >= s->ndims)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such dimension");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	sqlite3_stmt *q = store_stmt(st, S_SAVE_GROUP_SCORE, err);
	enum err_code code = ERR_SOFTWARE;
	if (q) {
		sqlite3_bind_int64(q, 1, s->dims[dim].id);
		if (s->dims[dim].group_score != RATING_NONE)
			sqlite3_bind_int(q, 2, s->dims[dim].group_score);
		code = store_exec(st, q, "saving the group score", err);
	}
	return store_finish(st, code, err);
}

enum err_code store_save_notes(struct store *st, struct session *s, size_t dim,
			       struct error *err)
{
	if (dim >= s->ndims)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such dimension");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	return store_finish(st, write_notes(st, s, dim, err), err);
}

enum err_code store_save_measurements(struct store *st, struct session *s, size_t metric,
				      struct error *err)
{
	if (metric >= s->nmetrics)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such metric");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	return store_finish(st, write_measurements(st, s, metric, err), err);
}

enum err_code store_save_ballot(struct store *st, struct session *s, size_t i,
				struct error *err)
{
	if (i >= s->nballots)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such ballot");
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	enum err_code code = store_finish(st, write_ballot(st, s, i, err), err);
	/* Opening, closing, revealing or a count from the paper wall adds no
	 * one's points: the log is emptied where it can be, so that the next
	 * vote starts from a file that holds one state of the totals, and a
	 * program reading now keeps nothing a vote could be told from. */
	if (code == ERR_OK && s->ballots[i].anonymous)
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return code;
}

enum err_code store_cast_ballot(struct store *st, struct session *s, size_t i,
				struct error *err)
{
	if (i >= s->nballots)
		return error_set(err, ERR_SOFTWARE, "saving: there is no such ballot");
	st->cast_unsure = false;
	if (!s->ballots[i].anonymous)
		return store_save_ballot(st, s, i, err);
	if (store_begin_alone(st, s->id, err))
		return err ? err->code : ERR_BUSY;
	return store_finish_alone(st, write_ballot(st, s, i, err), err);
}

static enum err_code delete_people(struct store *st, const int64_t *removed, size_t n,
				   struct error *err)
{
	enum err_code code = ERR_OK;
	for (size_t k = 0; code == ERR_OK && k < n; k++) {
		sqlite3_stmt *q = store_stmt(st, S_DELETE_PARTICIPANT, err);
		if (q == NULL)
			return ERR_SOFTWARE;
		sqlite3_bind_int64(q, 1, removed[k]);
		code = store_exec(st, q, "removing a participant", err);
	}
	return code;
}

/* Names are unique: one passed on (Bo to Boris, Ana to Bo) is free only
 * once every row has let its own go. */
static enum err_code unname_people(struct store *st, const struct session *s, struct error *err)
{
	sqlite3_stmt *q = store_stmt(st, S_UNNAME_PARTICIPANTS, err);
	if (q == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(q, 1, s->id);
	return store_exec(st, q, "renaming the participants", err);
}

enum err_code store_save_people(struct store *st, struct session *s, const int64_t *removed,
				size_t nremoved, struct error *err)
{
	if (store_begin_session(st, s->id, err))
		return err ? err->code : ERR_IO;
	enum err_code code = write_session_fields(st, s, err);
	if (code == ERR_OK)
		code = delete_people(st, removed, nremoved, err);
	if (code == ERR_OK)
		code = unname_people(st, s, err);
	for (size_t i = 0; code == ERR_OK && i < s->nparticipants; i++)
		code = write_item(st, s, LIST_PARTICIPANTS, i, err);
	/* Several renames at once may pass a name on: the owners are written
	 * as the session holds them, not followed one rename at a time. */
	for (size_t i = 0; code == ERR_OK && i < s->nsteps; i++)
		code = write_item(st, s, LIST_STEPS, i, err);
	return store_finish(st, code, err);
}

bool store_cast_unsure(const struct store *st)
{
	return st->cast_unsure;
}
