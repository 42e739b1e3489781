#include <math.h>
#include <stdio.h>

#include "lib/date.h"
#include "lib/json.h"
#include "sessions/export.h"

static void key_string(struct json *j, const char *key, const char *value)
{
	json_key(j, key);
	json_string(j, value);
}

static void key_int(struct json *j, const char *key, long long value)
{
	json_key(j, key);
	json_int(j, value);
}

static void key_id(struct json *j, const char *key, int64_t id)
{
	json_key(j, key);
	json_id(j, id);
}

static void key_number(struct json *j, const char *key, double value)
{
	json_key(j, key);
	json_number(j, value);
}

static void key_time(struct json *j, const char *key, time_t t)
{
	char iso[CLOCK_ISO_SIZE];
	json_key(j, key);
	if (t == 0) {
		json_null(j);
		return;
	}
	clock_format_iso(t, iso);
	json_string(j, iso);
}

static void key_date(struct json *j, const char *key, long day)
{
	char iso[DATE_ISO_SIZE];
	json_key(j, key);
	if (day == NO_DATE) {
		json_null(j);
		return;
	}
	date_format(day, iso);
	json_string(j, iso);
}

/* A score of "not given" is null, not 0. */
static void key_score(struct json *j, const char *key, int score, int none)
{
	json_key(j, key);
	if (score == none)
		json_null(j);
	else
		json_int(j, score);
}

static void write_session(struct json *j, const struct session *s)
{
	json_key(j, "session");
	json_object(j);
	key_id(j, "id", s->id);
	key_string(j, "title", s->title);
	key_string(j, "organization", s->organization);
	key_string(j, "unit", s->unit);
	key_string(j, "level", level_name(s->level));
	key_string(j, "template", s->template_key);
	key_string(j, "facilitator", s->facilitator);
	key_id(j, "series_id", s->series_id);
	key_id(j, "parent_id", s->parent_id);
	key_int(j, "iteration", s->iteration);
	key_string(j, "stage", stage_name(s->stage));
	key_string(j, "status", session_status_name(s->status));
	key_time(j, "created_at", s->created_at);
	key_time(j, "closed_at", s->closed_at);
	json_key(j, "scale_labels");
	json_array(j);
	for (size_t i = 0; i < s->nscale_labels; i++)
		json_string(j, s->scale_labels[i]);
	json_end(j);
	json_key(j, "timeboxes");
	json_object(j);
	for (int st = STAGE_CURRENT_STATE; st < STAGE_COUNT; st++)
		key_int(j, stage_name((enum stage)st), s->timers[st].box_seconds / 60);
	json_end(j);
	json_end(j);
}

static void write_participants(struct json *j, const struct session *s)
{
	json_key(j, "participants");
	json_array(j);
	for (size_t i = 0; i < s->nparticipants; i++) {
		json_object(j);
		key_id(j, "id", s->participants[i].id);
		key_string(j, "name", s->participants[i].name);
		key_id(j, "origin_id", s->participants[i].origin_id);
		json_end(j);
	}
	json_end(j);
}

static void write_ratings(struct json *j, const struct session *s, const struct dimension *d)
{
	json_key(j, "ratings");
	json_array(j);
	for (size_t p = 0; p < s->nparticipants; p++) {
		if (d->scores[p] == RATING_NONE)
			continue;
		json_object(j);
		key_string(j, "participant", s->participants[p].name);
		key_int(j, "score", d->scores[p]);
		json_end(j);
	}
	json_end(j);
}

static void write_distribution(struct json *j, const struct dimension *d,
			       const struct rating_stats *st)
{
	json_key(j, "distribution");
	json_object(j);
	for (int v = d->scale_min; v <= d->scale_max; v++) {
		char key[8];
		snprintf(key, sizeof key, "%d", v);
		key_int(j, key, (long long)stats_count_of(st, v));
	}
	json_end(j);
}

static void write_notes(struct json *j, const struct dimension *d)
{
	json_key(j, "notes");
	json_array(j);
	for (size_t n = 0; n < d->nnotes; n++) {
		json_object(j);
		key_string(j, "kind", note_kind_name(d->notes[n].kind));
		key_string(j, "text", d->notes[n].text);
		json_end(j);
	}
	json_end(j);
}

static void write_dimension(struct json *j, const struct session *s, size_t i)
{
	const struct dimension *d = &s->dims[i];
	struct rating_stats st;
	session_dimension_stats(s, i, &st);
	json_object(j);
	key_string(j, "key", d->key);
	key_string(j, "name", d->name);
	key_string(j, "question", d->question);
	key_string(j, "low", d->low);
	key_string(j, "high", d->high);
	json_key(j, "scale");
	json_object(j);
	key_int(j, "min", d->scale_min);
	key_int(j, "max", d->scale_max);
	json_end(j);
	write_ratings(j, s, d);
	key_score(j, "group_score", d->group_score, RATING_NONE);
	key_number(j, "mean", st.mean);
	key_number(j, "stddev", st.stddev);
	json_key(j, "spread");
	if (st.count == 0) {
		json_null(j);
	} else {
		json_object(j);
		key_int(j, "min", st.min);
		key_int(j, "max", st.max);
		json_end(j);
	}
	write_distribution(j, d, &st);
	key_number(j, "previous_mean", d->previous_mean);
	key_number(j, "change", st.count && !isnan(d->previous_mean)
					 ? st.mean - d->previous_mean : NAN);
	write_notes(j, d);
	json_end(j);
}

static void write_dimensions(struct json *j, const struct session *s)
{
	json_key(j, "dimensions");
	json_array(j);
	for (size_t i = 0; i < s->ndims; i++)
		write_dimension(j, s, i);
	json_end(j);
}

static void write_values(struct json *j, const struct session *s)
{
	json_key(j, "values");
	json_array(j);
	for (size_t i = 0; i < s->nvalues; i++) {
		json_object(j);
		key_id(j, "id", s->values[i].id);
		key_string(j, "text", s->values[i].text);
		key_id(j, "origin_id", s->values[i].origin_id);
		json_end(j);
	}
	json_end(j);
}

static void write_goals(struct json *j, const struct session *s)
{
	json_key(j, "goals");
	json_array(j);
	for (size_t i = 0; i < s->ngoals; i++) {
		const struct goal *g = &s->goals[i];
		json_object(j);
		key_id(j, "id", g->id);
		key_string(j, "text", g->text);
		key_string(j, "dimension", g->dimension);
		key_string(j, "status", goal_status_name(g->status));
		key_id(j, "origin_id", g->origin_id);
		json_end(j);
	}
	json_end(j);
}

static void write_measurements(struct json *j, const struct metric *m)
{
	json_key(j, "measurements");
	json_array(j);
	for (size_t k = 0; k < m->nmeasurements; k++) {
		json_object(j);
		key_number(j, "value", m->measurements[k].value);
		key_date(j, "taken_on", m->measurements[k].taken_on);
		json_end(j);
	}
	json_end(j);
}

static void write_metric(struct json *j, const struct session *s, const struct metric *m,
			 long today)
{
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	json_object(j);
	key_id(j, "id", m->id);
	key_id(j, "goal_id", m->goal_id);
	key_string(j, "name", m->name);
	key_string(j, "unit", m->unit);
	key_string(j, "direction", direction_name(m->direction));
	key_number(j, "baseline", m->baseline);
	key_date(j, "baseline_date", m->baseline_date);
	key_number(j, "target", m->target);
	key_date(j, "target_date", m->target_date);
	key_number(j, "current", metric_current(m));
	key_number(j, "progress", metric_progress(m));
	key_string(j, "status", metric_status_name(metric_status_on(m, start, today)));
	write_measurements(j, m);
	key_id(j, "origin_id", m->origin_id);
	json_end(j);
}

static void write_metrics(struct json *j, const struct session *s, long today)
{
	json_key(j, "metrics");
	json_array(j);
	for (size_t i = 0; i < s->nmetrics; i++)
		write_metric(j, s, &s->metrics[i], today);
	json_end(j);
}

static void write_step(struct json *j, const struct step *st)
{
	json_object(j);
	key_id(j, "id", st->id);
	key_string(j, "text", st->text);
	key_string(j, "horizon", horizon_name(st->horizon));
	key_string(j, "status", step_status_name(st->status));
	key_string(j, "owner", st->owner);
	key_id(j, "goal_id", st->goal_id);
	key_score(j, "impact", st->impact, SCORE_NONE);
	key_score(j, "effort", st->effort, SCORE_NONE);
	json_key(j, "points");
	if (st->points == POINTS_NONE)
		json_null(j);
	else
		json_int(j, st->points);
	key_score(j, "rank", st->rank, 0);
	key_id(j, "origin_id", st->origin_id);
	json_end(j);
}

static void write_steps(struct json *j, const struct session *s)
{
	json_key(j, "steps");
	json_array(j);
	for (size_t i = 0; i < s->nsteps; i++)
		write_step(j, &s->steps[i]);
	json_end(j);
}

static void write_results(struct json *j, const struct ballot *b)
{
	struct ballot_results r;
	json_key(j, "results");
	json_array(j);
	if (b->status == BALLOT_REVEALED && ballot_tally(b, &r, NULL) == ERR_OK) {
		for (size_t i = 0; i < r.nrows; i++) {
			json_object(j);
			key_id(j, "step_id", r.rows[i].step_id);
			key_int(j, "points", r.rows[i].points);
			key_int(j, "rank", r.rows[i].rank);
			json_key(j, "tied");
			json_bool(j, r.rows[i].tied);
			if (b->method == BALLOT_SCORING) {
				key_number(j, "impact", r.rows[i].impact);
				key_number(j, "effort", r.rows[i].effort);
				key_string(j, "quadrant", quadrant_name(r.rows[i].quadrant));
			}
			json_end(j);
		}
		json_end(j);
		key_string(j, "tie_rule", r.has_ties ? r.tie_rule : NULL);
		if (r.has_condorcet) {
			json_key(j, "condorcet_step_id");
			json_id(j, r.condorcet >= 0 ? b->candidates[r.condorcet] : 0);
		}
		ballot_results_free(&r);
		return;
	}
	json_end(j);
}

/* Nothing about an unrevealed ballot's results leaves the program: only
 * its settings and how many have voted. */
static void write_ballot(struct json *j, const struct ballot *b)
{
	json_object(j);
	key_id(j, "id", b->id);
	key_string(j, "method", ballot_method_name(b->method));
	key_string(j, "entry", ballot_entry_name(b->entry));
	json_key(j, "anonymous");
	json_bool(j, b->anonymous);
	key_int(j, "budget", b->budget);
	key_int(j, "cap", b->cap);
	key_int(j, "voters", ballot_voter_count(b));
	key_string(j, "status", ballot_status_name(b->status));
	json_key(j, "candidates");
	json_array(j);
	for (size_t i = 0; i < b->ncandidates; i++)
		json_id(j, b->candidates[i]);
	json_end(j);
	write_results(j, b);
	json_end(j);
}

static void write_ballots(struct json *j, const struct session *s)
{
	json_key(j, "ballots");
	json_array(j);
	for (size_t i = 0; i < s->nballots; i++)
		write_ballot(j, &s->ballots[i]);
	json_end(j);
}

static void write_parking(struct json *j, const struct session *s)
{
	json_key(j, "parking_lot");
	json_array(j);
	for (size_t i = 0; i < s->nparking; i++) {
		json_object(j);
		key_id(j, "id", s->parking[i].id);
		key_string(j, "text", s->parking[i].text);
		json_end(j);
	}
	json_end(j);
}

void export_json(const struct export_context *ctx, struct sbuf *out)
{
	const struct session *s = ctx->session;
	long today = ctx->today;
	struct json j;
	json_start(&j, out);
	json_object(&j);
	key_string(&j, "format", EXPORT_FORMAT);
	key_int(&j, "format_version", EXPORT_FORMAT_VERSION);
	write_session(&j, s);
	write_participants(&j, s);
	write_dimensions(&j, s);
	write_values(&j, s);
	write_goals(&j, s);
	write_metrics(&j, s, today);
	write_steps(&j, s);
	write_ballots(&j, s);
	write_parking(&j, s);
	json_end(&j);
}

static void key_count(struct json *j, const char *key, size_t n)
{
	key_int(j, key, (long long)n);
}

static void write_dimension_summary(struct json *j, const struct session *s, size_t i)
{
	struct rating_stats st;
	session_dimension_stats(s, i, &st);
	json_object(j);
	key_string(j, "key", s->dims[i].key);
	key_string(j, "name", s->dims[i].name);
	key_number(j, "mean", st.mean);
	key_int(j, "rated", (long long)st.count);
	key_number(j, "previous_mean", s->dims[i].previous_mean);
	json_end(j);
}

void export_summary_json(const struct session *s, struct sbuf *out)
{
	struct json j;
	json_start(&j, out);
	json_object(&j);
	key_string(&j, "format", "improv.summary");
	key_int(&j, "format_version", EXPORT_FORMAT_VERSION);
	write_session(&j, s);
	json_key(&j, "counts");
	json_object(&j);
	key_count(&j, "participants", s->nparticipants);
	key_count(&j, "dimensions", s->ndims);
	key_count(&j, "values", s->nvalues);
	key_count(&j, "goals", s->ngoals);
	key_count(&j, "metrics", s->nmetrics);
	key_count(&j, "steps", s->nsteps);
	key_count(&j, "ballots", s->nballots);
	key_count(&j, "parking_lot", s->nparking);
	json_end(&j);
	json_key(&j, "dimensions");
	json_array(&j);
	for (size_t i = 0; i < s->ndims; i++)
		write_dimension_summary(&j, s, i);
	json_end(&j);
	json_end(&j);
}
