#include "model/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/progress.h"
#include "model/session_items.h"

static const char *const step_fate_names[STEP_FATE_COUNT] = {
	[FATE_NEW] = "new", [FATE_DONE] = "done", [FATE_DROPPED] = "dropped",
	[FATE_CARRIED] = "carried", [FATE_GONE] = "not carried",
};

static const char *const goal_fate_names[GOAL_FATE_COUNT] = {
	[GOAL_FATE_ADDED] = "added", [GOAL_FATE_KEPT] = "kept",
	[GOAL_FATE_ACHIEVED] = "achieved", [GOAL_FATE_RETIRED] = "retired",
	[GOAL_FATE_GONE] = "not carried",
};

const char *step_fate_name(enum step_fate f)
{
	return (unsigned)f < STEP_FATE_COUNT ? step_fate_names[f] : "";
}

const char *goal_fate_name(enum goal_fate f)
{
	return (unsigned)f < GOAL_FATE_COUNT ? goal_fate_names[f] : "";
}

/* ---- lineage: which row of `before` a row of `after` descends from ---- */

/* The origin of the row with this id in one of the sessions between, or 0. */
static int64_t origin_between(const struct lineage *lin, enum session_list list, int64_t id)
{
	for (size_t k = 0; lin && k < lin->nbetween; k++) {
		ptrdiff_t i = session_find_item(lin->between[k], list, id);
		if (i >= 0)
			return session_item_origin(lin->between[k], list, (size_t)i);
	}
	return 0;
}

static ptrdiff_t ancestor_in(const struct session *before, const struct lineage *lin,
			     enum session_list list, int64_t origin)
{
	for (size_t hops = 0; origin != 0 && hops <= (lin ? lin->nbetween : 0); hops++) {
		ptrdiff_t i = session_find_item(before, list, origin);
		if (i >= 0)
			return i;
		origin = origin_between(lin, list, origin);
	}
	return -1;
}

/* The row of `list` in s copied from the row with this id, or -1. */
static ptrdiff_t copy_of(const struct session *s, enum session_list list, int64_t id)
{
	size_t n = session_list_len(s, list);
	for (size_t i = 0; id != 0 && i < n; i++)
		if (session_item_origin(s, list, i) == id)
			return (ptrdiff_t)i;
	return -1;
}

/* The last copy, among the sessions between, of the row with this id of
 * `before`, or NULL when it was not carried at all: what a row that did
 * not reach `after` had become when it was last seen. */
static const void *last_copy(const struct lineage *lin, enum session_list list, int64_t id)
{
	const void *last = NULL;
	for (size_t k = 0; lin && k < lin->nbetween; k++) {
		ptrdiff_t i = copy_of(lin->between[k], list, id);
		if (i < 0)
			break;
		last = session_item(lin->between[k], list, (size_t)i);
		id = session_item_id(lin->between[k], list, (size_t)i);
	}
	return last;
}

/* ---- dimensions ---- */

static void compare_dimensions(const struct session *a, const struct session *b,
			       struct comparison *c)
{
	c->dims = xcalloc(b->ndims + a->ndims + 1, sizeof *c->dims);
	for (size_t i = 0; i < b->ndims; i++) {
		struct dimension_change *d = &c->dims[c->ndims++];
		d->key = b->dims[i].key;
		d->name = b->dims[i].name;
		session_dimension_stats(b, i, &d->after);
		ptrdiff_t j = session_find_dimension(a, d->key);
		if (j >= 0)
			session_dimension_stats(a, (size_t)j, &d->before);
		else
			stats_compute(NULL, 0, &d->before);
		d->delta = d->before.count && d->after.count ? d->after.mean - d->before.mean : NAN;
		d->delta_tenths = isnan(d->delta) ? 0 : stats_mean_tenths(&d->after) -
							 stats_mean_tenths(&d->before);
	}
	/* A dimension only the earlier session had still shows its last mean. */
	for (size_t j = 0; j < a->ndims; j++) {
		if (session_find_dimension(b, a->dims[j].key) >= 0)
			continue;
		struct dimension_change *d = &c->dims[c->ndims++];
		d->key = a->dims[j].key;
		d->name = a->dims[j].name;
		session_dimension_stats(a, j, &d->before);
		stats_compute(NULL, 0, &d->after);
		d->delta = NAN;
		d->delta_tenths = 0;
	}
}

/* ---- metrics ---- */

static void compare_metrics(const struct session *a, const struct session *b,
			    const struct lineage *lin, long today, struct comparison *c)
{
	bool *matched = xcalloc(a->nmetrics + 1, sizeof *matched);
	long start = b->created_at ? (long)(b->created_at / 86400) : NO_DATE;
	c->metrics = xcalloc(a->nmetrics + b->nmetrics + 1, sizeof *c->metrics);
	for (size_t i = 0; i < b->nmetrics; i++) {
		struct metric_change *m = &c->metrics[c->nmetrics++];
		m->after = &b->metrics[i];
		ptrdiff_t j = ancestor_in(a, lin, LIST_METRICS, m->after->origin_id);
		if (j >= 0) {
			m->before = &a->metrics[j];
			matched[j] = true;
		}
		m->progress_before = m->before ? metric_progress(m->before) : NAN;
		m->progress_after = metric_progress(m->after);
		m->status_after = metric_status_on(m->after, start, today);
	}
	for (size_t j = 0; j < a->nmetrics; j++) {
		if (matched[j])
			continue;
		struct metric_change *m = &c->metrics[c->nmetrics++];
		m->before = &a->metrics[j];
		m->progress_before = metric_progress(m->before);
		m->progress_after = NAN;
		m->status_after = METRIC_NO_DATA;
	}
	free(matched);
}

/* ---- steps and goals ---- */

static enum step_fate fate_of(const struct step *after)
{
	switch (after->status) {
	case STEP_DONE: return FATE_DONE;
	case STEP_DROPPED: return FATE_DROPPED;
	default: return FATE_CARRIED;
	}
}

static void compare_steps(const struct session *a, const struct session *b,
			  const struct lineage *lin, struct comparison *c)
{
	bool *matched = xcalloc(a->nsteps + 1, sizeof *matched);
	c->steps = xcalloc(a->nsteps + b->nsteps + 1, sizeof *c->steps);
	for (size_t i = 0; i < b->nsteps; i++) {
		struct step_change *s = &c->steps[c->nsteps++];
		s->after = &b->steps[i];
		ptrdiff_t j = ancestor_in(a, lin, LIST_STEPS, s->after->origin_id);
		if (j >= 0) {
			s->before = &a->steps[j];
			matched[j] = true;
		}
		s->fate = s->before ? fate_of(s->after) : FATE_NEW;
		s->rank_before = s->before ? s->before->rank : 0;
		s->rank_after = s->after->rank;
		c->step_fates[s->fate]++;
	}
	/* Steps of the earlier session that did not come along: what they had
	 * become when last seen, there or in a session between, is their fate
	 * (done or dropped), else not carried. */
	for (size_t j = 0; j < a->nsteps; j++) {
		if (matched[j])
			continue;
		struct step_change *s = &c->steps[c->nsteps++];
		s->before = &a->steps[j];
		const struct step *seen = last_copy(lin, LIST_STEPS, s->before->id);
		enum step_status st = (seen ? seen : s->before)->status;
		s->fate = st == STEP_DONE ? FATE_DONE : st == STEP_DROPPED ? FATE_DROPPED : FATE_GONE;
		s->rank_before = s->before->rank;
		c->step_fates[s->fate]++;
	}
	free(matched);
}

static enum goal_fate goal_fate_of(const struct goal *after)
{
	switch (after->status) {
	case GOAL_ACHIEVED: return GOAL_FATE_ACHIEVED;
	case GOAL_RETIRED: return GOAL_FATE_RETIRED;
	default: return GOAL_FATE_KEPT;
	}
}

static void compare_goals(const struct session *a, const struct session *b,
			  const struct lineage *lin, struct comparison *c)
{
	bool *matched = xcalloc(a->ngoals + 1, sizeof *matched);
	c->goals = xcalloc(a->ngoals + b->ngoals + 1, sizeof *c->goals);
	for (size_t i = 0; i < b->ngoals; i++) {
		struct goal_change *g = &c->goals[c->ngoals++];
		g->after = &b->goals[i];
		ptrdiff_t j = ancestor_in(a, lin, LIST_GOALS, g->after->origin_id);
		if (j >= 0) {
			g->before = &a->goals[j];
			matched[j] = true;
		}
		g->fate = g->before ? goal_fate_of(g->after) : GOAL_FATE_ADDED;
		c->goal_fates[g->fate]++;
	}
	for (size_t j = 0; j < a->ngoals; j++) {
		if (matched[j])
			continue;
		struct goal_change *g = &c->goals[c->ngoals++];
		g->before = &a->goals[j];
		const struct goal *seen = last_copy(lin, LIST_GOALS, g->before->id);
		enum goal_status st = (seen ? seen : g->before)->status;
		g->fate = st == GOAL_ACHIEVED ? GOAL_FATE_ACHIEVED
			  : st == GOAL_RETIRED ? GOAL_FATE_RETIRED : GOAL_FATE_GONE;
		c->goal_fates[g->fate]++;
	}
	free(matched);
}

enum err_code compare_sessions(const struct session *before, const struct session *after,
			       const struct lineage *lineage, long today, struct comparison *out,
			       struct error *err)
{
	memset(out, 0, sizeof *out);
	/* Two loads of one stored session are the same session too. */
	if (before == after || (before->id != 0 && before->id == after->id))
		return error_set(err, ERR_USAGE, "a session compared with itself shows no change");
	out->before = before;
	out->after = after;
	compare_dimensions(before, after, out);
	compare_metrics(before, after, lineage, today, out);
	compare_steps(before, after, lineage, out);
	compare_goals(before, after, lineage, out);
	return ERR_OK;
}

void comparison_free(struct comparison *c)
{
	if (c == NULL)
		return;
	free(c->dims);
	free(c->metrics);
	free(c->steps);
	free(c->goals);
	memset(c, 0, sizeof *c);
}
