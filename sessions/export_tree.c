/* The one walk of a session's tree: the JSON and YAML exports (and any
 * other tree format) write what this walk emits, so they cannot drift
 * apart. */
#include <math.h>
#include <stdio.h>

#include "lib/date.h"
#include "lib/emit.h"
#include "model/session_items.h"
#include "model/shapes.h"
#include "sessions/export.h"

const char *export_mean_from(const struct session *s, size_t dim)
{
	const struct dimension *d = &s->dims[dim];
	if (d->group_score != RATING_NONE)
		return "group_score";
	for (size_t p = 0; p < s->nparticipants; p++)
		if (d->scores[p] != RATING_NONE)
			return "ratings";
	return NULL;
}

static void key_string(const struct emitter *e, const char *key, const char *value)
{
	emit_key_string(e, key, value);
}

static void key_int(const struct emitter *e, const char *key, long long value)
{
	emit_key_int(e, key, value);
}

static void key_id(const struct emitter *e, const char *key, int64_t id)
{
	emit_key_id(e, key, id);
}

static void key_number(const struct emitter *e, const char *key, double value)
{
	emit_key_number(e, key, value);
}

/* The mean and the change as the screen and the report show them, beside
 * the exact numbers, which stay data. */
static void key_shown(const struct emitter *e, const struct rating_stats *st, double previous)
{
	char mean[16], change[16];
	bool rated = stats_mean_text(st, mean, sizeof mean);
	key_string(e, "mean_shown", rated ? mean : NULL);
	bool both = rated && !isnan(previous);
	if (both)
		stats_tenths_text(stats_change_tenths(st, previous), true, change, sizeof change);
	key_string(e, "change_shown", both ? change : NULL);
}

static void key_time(const struct emitter *e, const char *key, time_t t)
{
	char iso[CLOCK_ISO_SIZE];
	emit_key(e, key);
	if (t == 0) {
		emit_null(e);
		return;
	}
	clock_format_iso(t, iso);
	emit_string(e, iso);
}

static void key_date(const struct emitter *e, const char *key, long day)
{
	char iso[DATE_ISO_SIZE];
	emit_key(e, key);
	if (day == NO_DATE) {
		emit_null(e);
		return;
	}
	date_format(day, iso);
	emit_string(e, iso);
}

/* A score of "not given" is null, not 0. */
static void key_score(const struct emitter *e, const char *key, int score, int none)
{
	emit_key(e, key);
	if (score == none)
		emit_null(e);
	else
		emit_int(e, score);
}

static void write_session(const struct emitter *e, const struct session *s)
{
	emit_key(e, "session");
	emit_object(e);
	key_id(e, "id", s->id);
	key_string(e, "title", s->title);
	key_string(e, "organization", s->organization);
	key_string(e, "unit", s->unit);
	key_string(e, "level", level_name(s->level));
	key_string(e, "template", s->template_key);
	key_string(e, "facilitator", s->facilitator);
	key_id(e, "series_id", s->series_id);
	key_id(e, "parent_id", s->parent_id);
	key_int(e, "iteration", s->iteration);
	key_string(e, "stage", stage_name(s->stage));
	key_string(e, "status", session_status_name(s->status));
	key_string(e, "ratings", ratings_name(s->ratings));
	key_time(e, "created_at", s->created_at);
	key_time(e, "closed_at", s->closed_at);
	emit_key(e, "scale_labels");
	emit_array(e);
	for (size_t i = 0; i < s->nscale_labels; i++)
		emit_string(e, s->scale_labels[i]);
	emit_end(e);
	emit_key(e, "timeboxes");
	emit_object(e);
	for (int st = STAGE_CURRENT_STATE; st < STAGE_COUNT; st++)
		key_int(e, stage_name((enum stage)st), s->timers[st].box_seconds / 60);
	emit_end(e);
	emit_end(e);
}


static void write_points(const struct emitter *e, const char *key, long points)
{
	emit_key(e, key);
	if (points == POINTS_NONE)
		emit_null(e);
	else
		emit_int(e, points);
}

/* What an export adds to an item's own fields, written before the lists
 * the item holds: a metric's progress. */
struct derived {
	void (*write)(const struct emitter *e, const void *item, const void *ctx);
	const void *ctx;
};

static void write_fields(const struct emitter *e, const struct shape *sh, const void *item,
			 size_t first, const struct derived *extra);

/* A list an item holds is written without its rows' ids: nothing in an
 * export refers to them. */
static void write_held(const struct emitter *e, const char *key, const struct shape *list,
		       const void *holder)
{
	emit_key(e, key);
	emit_array(e);
	for (size_t i = 0; i < shape_len(list, holder); i++)
		write_fields(e, list, shape_item(list, holder, i), 1, NULL);
	emit_end(e);
}

static void write_field(const struct emitter *e, const struct shape_field *f, const void *item)
{
	switch (f->type) {
	case SHAPE_ID:
	case SHAPE_ORIGIN:
	case SHAPE_LINK:
		key_id(e, f->name, shape_int64(f, item));
		break;
	case SHAPE_TEXT:
	case SHAPE_OPTIONAL:
	case SHAPE_OPTIONAL_BLANK:
		key_string(e, f->name, shape_text(f, item));
		break;
	case SHAPE_KIND:
		key_string(e, f->name, shape_kind_name(f, item));
		break;
	case SHAPE_REAL:
		key_number(e, f->name, shape_real(f, item));
		break;
	case SHAPE_DATE:
		key_date(e, f->name, shape_long(f, item));
		break;
	case SHAPE_SCORE:
		key_score(e, f->name, shape_int(f, item), 0);
		break;
	case SHAPE_POINTS:
		write_points(e, f->name, shape_long(f, item));
		break;
	case SHAPE_LIST:
		write_held(e, f->name, f->list, item);
		break;
	}
}

/* One object: the item's fields from `first` on, in the order of its
 * shape, with what `extra` derives just before the lists it holds. */
static void write_fields(const struct emitter *e, const struct shape *sh, const void *item,
			 size_t first, const struct derived *extra)
{
	emit_object(e);
	for (size_t k = first; k < sh->nfields; k++) {
		const struct shape_field *f = &sh->fields[k];
		if (extra && f->type == SHAPE_LIST) {
			extra->write(e, item, extra->ctx);
			extra = NULL;
		}
		write_field(e, f, item);
	}
	emit_end(e);
}

static void write_list(const struct emitter *e, const struct session *s, enum session_list list,
		       const struct derived *extra)
{
	const struct shape *sh = shape_of(list);
	emit_key(e, sh->name);
	emit_array(e);
	for (size_t i = 0; i < shape_len(sh, s); i++)
		write_fields(e, sh, shape_item(sh, s, i), 0, extra);
	emit_end(e);
}

static void write_ratings(const struct emitter *e, const struct session *s,
			  const struct dimension *d)
{
	emit_key(e, "ratings");
	emit_array(e);
	for (size_t p = 0; p < s->nparticipants; p++) {
		if (d->scores[p] == RATING_NONE)
			continue;
		emit_object(e);
		key_string(e, "participant", s->participants[p].name);
		key_int(e, "score", d->scores[p]);
		emit_end(e);
	}
	emit_end(e);
}

static void write_distribution(const struct emitter *e, const struct dimension *d,
			       const struct rating_stats *st)
{
	emit_key(e, "distribution");
	emit_object(e);
	for (int v = d->scale_min; v <= d->scale_max; v++) {
		char key[8];
		snprintf(key, sizeof key, "%d", v);
		key_int(e, key, (long long)stats_count_of(st, v));
	}
	emit_end(e);
}

static void write_dimension(const struct emitter *e, const struct session *s, size_t i)
{
	const struct dimension *d = &s->dims[i];
	struct rating_stats st;
	session_dimension_stats(s, i, &st);
	emit_object(e);
	key_string(e, "key", d->key);
	key_string(e, "name", d->name);
	key_string(e, "question", d->question);
	key_string(e, "low", d->low);
	key_string(e, "high", d->high);
	emit_key(e, "scale");
	emit_object(e);
	key_int(e, "min", d->scale_min);
	key_int(e, "max", d->scale_max);
	emit_end(e);
	write_ratings(e, s, d);
	key_score(e, "group_score", d->group_score, RATING_NONE);
	key_number(e, "mean", st.mean);
	key_string(e, "mean_from", export_mean_from(s, i));
	key_number(e, "stddev", st.stddev);
	emit_key(e, "spread");
	if (st.count == 0) {
		emit_null(e);
	} else {
		emit_object(e);
		key_int(e, "min", st.min);
		key_int(e, "max", st.max);
		emit_end(e);
	}
	write_distribution(e, d, &st);
	key_number(e, "previous_mean", d->previous_mean);
	key_number(e, "change", st.count && !isnan(d->previous_mean)
					 ? st.mean - d->previous_mean : NAN);
	key_shown(e, &st, d->previous_mean);
	write_held(e, "notes", &shape_notes, d);
	emit_end(e);
}

static void write_dimensions(const struct emitter *e, const struct session *s)
{
	emit_key(e, "dimensions");
	emit_array(e);
	for (size_t i = 0; i < s->ndims; i++)
		write_dimension(e, s, i);
	emit_end(e);
}


struct metric_days {
	long start, today;
};

static void write_progress(const struct emitter *e, const void *item, const void *ctx)
{
	const struct metric *m = item;
	const struct metric_days *days = ctx;
	key_number(e, "current", metric_current(m));
	key_number(e, "progress", metric_progress(m));
	key_string(e, "status", metric_status_name(metric_status_on(m, days->start, days->today)));
}

static void write_metrics(const struct emitter *e, const struct session *s, long today)
{
	struct metric_days days = {
		s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE, today,
	};
	write_list(e, s, LIST_METRICS, &(struct derived){write_progress, &days});
}

static void write_results(const struct emitter *e, const struct ballot *b)
{
	struct ballot_results r;
	emit_key(e, "results");
	emit_array(e);
	if (b->status == BALLOT_REVEALED && ballot_tally(b, &r, NULL) == ERR_OK) {
		for (size_t i = 0; i < r.nrows; i++) {
			emit_object(e);
			key_id(e, "step_id", r.rows[i].step_id);
			key_int(e, "points", r.rows[i].points);
			key_int(e, "rank", r.rows[i].rank);
			emit_key_bool(e, "tied", r.rows[i].tied);
			if (b->method == BALLOT_SCORING) {
				key_number(e, "impact", r.rows[i].impact);
				key_number(e, "effort", r.rows[i].effort);
				key_string(e, "quadrant", quadrant_name(r.rows[i].quadrant));
			}
			emit_end(e);
		}
		emit_end(e);
		key_string(e, "tie_rule", r.has_ties ? r.tie_rule : NULL);
		if (r.has_condorcet) {
			emit_key_id(e, "condorcet_step_id", r.condorcet >= 0 ? b->candidates[r.condorcet] : 0);
		}
		ballot_results_free(&r);
		return;
	}
	emit_end(e);
}

/* Nothing about an unrevealed ballot's results leaves the program: only
 * its settings and how many have voted. */
/* Who has voted (never what they chose, unless the ballot is named), in
 * the order of the participants, which says nothing of the order of voting. */
static void write_voted(const struct emitter *e, const struct session *s, const struct ballot *b)
{
	emit_key(e, "voted");
	emit_array(e);
	for (size_t p = 0; p < s->nparticipants; p++)
		if (ballot_has_voted(b, s->participants[p].id))
			emit_string(e, s->participants[p].name);
	emit_end(e);
}

/* A named ballot, once revealed: who gave what. */
static void write_votes(const struct emitter *e, const struct session *s, const struct ballot *b)
{
	if (b->anonymous || b->status != BALLOT_REVEALED)
		return;
	emit_key(e, "votes");
	emit_array(e);
	for (size_t k = 0; k < b->nchoices; k++) {
		const struct ballot_choice *c = &b->choices[k];
		ptrdiff_t p = session_find_item(s, LIST_PARTICIPANTS, c->voter);
		emit_object(e);
		key_string(e, "participant", p >= 0 ? s->participants[p].name : NULL);
		key_id(e, "step_id", c->candidate < b->ncandidates ? b->candidates[c->candidate] : 0);
		key_int(e, "points", c->points);
		if (b->method == BALLOT_SCORING) {
			key_int(e, "impact", c->impact);
			key_int(e, "effort", c->effort);
		}
		emit_end(e);
	}
	emit_end(e);
}

static void write_ballot(const struct emitter *e, const struct session *s, const struct ballot *b)
{
	emit_object(e);
	key_id(e, "id", b->id);
	key_string(e, "method", ballot_method_name(b->method));
	key_string(e, "entry", ballot_entry_name(b->entry));
	emit_key_bool(e, "anonymous", b->anonymous);
	key_int(e, "budget", b->budget);
	key_int(e, "cap", b->cap);
	key_int(e, "voters", ballot_voter_count(b));
	if (b->entry == BALLOT_ENTRY_SECRET && b->tally_voters > 0)
		key_int(e, "wall_voters", b->tally_voters);
	key_string(e, "status", ballot_status_name(b->status));
	emit_key(e, "candidates");
	emit_array(e);
	for (size_t i = 0; i < b->ncandidates; i++)
		emit_id(e, b->candidates[i]);
	emit_end(e);
	write_voted(e, s, b);
	write_results(e, b);
	write_votes(e, s, b);
	emit_end(e);
}

static void write_ballots(const struct emitter *e, const struct session *s)
{
	emit_key(e, "ballots");
	emit_array(e);
	for (size_t i = 0; i < s->nballots; i++)
		write_ballot(e, s, &s->ballots[i]);
	emit_end(e);
}


void export_tree(const struct export_context *ctx, const struct emitter *e)
{
	const struct session *s = ctx->session;
	emit_object(e);
	key_string(e, "format", EXPORT_FORMAT);
	key_int(e, "format_version", EXPORT_FORMAT_VERSION);
	write_session(e, s);
	write_list(e, s, LIST_PARTICIPANTS, NULL);
	write_dimensions(e, s);
	write_list(e, s, LIST_VALUES, NULL);
	write_list(e, s, LIST_GOALS, NULL);
	write_metrics(e, s, ctx->today);
	write_list(e, s, LIST_STEPS, NULL);
	write_ballots(e, s);
	write_list(e, s, LIST_PARKING, NULL);
	emit_end(e);
}

static void key_count(const struct emitter *e, const char *key, size_t n)
{
	key_int(e, key, (long long)n);
}

static void write_dimension_summary(const struct emitter *e, const struct session *s, size_t i)
{
	struct rating_stats st;
	session_dimension_stats(s, i, &st);
	emit_object(e);
	key_string(e, "key", s->dims[i].key);
	key_string(e, "name", s->dims[i].name);
	key_number(e, "mean", st.mean);
	key_string(e, "mean_from", export_mean_from(s, i));
	key_int(e, "rated", (long long)st.count);
	key_number(e, "previous_mean", s->dims[i].previous_mean);
	key_shown(e, &st, s->dims[i].previous_mean);
	emit_end(e);
}

void export_summary_tree(const struct session *s, const struct emitter *e)
{
	emit_object(e);
	key_string(e, "format", "improv.summary");
	key_int(e, "format_version", EXPORT_FORMAT_VERSION);
	write_session(e, s);
	emit_key(e, "counts");
	emit_object(e);
	key_count(e, "participants", s->nparticipants);
	key_count(e, "dimensions", s->ndims);
	key_count(e, "values", s->nvalues);
	key_count(e, "goals", s->ngoals);
	key_count(e, "metrics", s->nmetrics);
	key_count(e, "steps", s->nsteps);
	key_count(e, "ballots", s->nballots);
	key_count(e, "parking_lot", s->nparking);
	emit_end(e);
	emit_key(e, "dimensions");
	emit_array(e);
	for (size_t i = 0; i < s->ndims; i++)
		write_dimension_summary(e, s, i);
	emit_end(e);
	emit_end(e);
}
