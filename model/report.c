/* What a report says of one workshop, and the sentences it opens with. */
#include <limits.h>
#include <stdlib.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/report.h"

#define SUMMARY_STEPS 3     /* the top steps named in the summary */
#define SUMMARY_MOVES 2     /* the biggest moves named */
#define SUMMARY_SPLITS 3    /* the disagreements named before "and N more" */

/* ---- the dimensions, weakest first ---- */

/* By the exact mean (the sums cross-multiplied, no rounding), the unrated
 * last, then in the template's order. */
static int weakest_first(const void *a, const void *b)
{
	const struct report_dim *x = a, *y = b;
	if ((x->now.count == 0) != (y->now.count == 0))
		return x->now.count == 0 ? 1 : -1;
	if (x->now.count && y->now.count) {
		long lx = x->now.sum * (long)y->now.count, ly = y->now.sum * (long)x->now.count;
		if (lx != ly)
			return lx < ly ? -1 : 1;
	}
	return x->dim < y->dim ? -1 : x->dim > y->dim;
}

static void last_time(const struct session *parent, const char *key, struct rating_stats *out)
{
	ptrdiff_t j = parent ? session_find_dimension(parent, key) : -1;
	if (j >= 0)
		session_dimension_stats(parent, (size_t)j, out);
	else
		stats_compute(NULL, 0, out);
}

static void build_dims(struct report *r)
{
	const struct session *s = r->session;
	r->dims = xcalloc(s->ndims + 1, sizeof *r->dims);
	r->ndims = s->ndims;
	for (size_t i = 0; i < s->ndims; i++) {
		struct report_dim *d = &r->dims[i];
		d->dim = i;
		session_dimension_stats(s, i, &d->now);
		last_time(r->parent, s->dims[i].key, &d->last);
		d->has_change = d->now.count && d->last.count;
		d->change = d->has_change ? stats_mean_tenths(&d->now) - stats_mean_tenths(&d->last)
					  : 0;
		d->split = stats_split(&d->now, s->dims[i].scale_min, s->dims[i].scale_max);
		r->nrated += d->now.count > 0;
		r->nsplit += d->split;
	}
	qsort(r->dims, r->ndims, sizeof *r->dims, weakest_first);
}

/* ---- the steps, by rank ---- */

static bool before_in_rank(const struct session *s, size_t a, size_t b)
{
	int ra = s->steps[a].rank > 0 ? s->steps[a].rank : INT_MAX;
	int rb = s->steps[b].rank > 0 ? s->steps[b].rank : INT_MAX;
	return ra != rb ? ra < rb : a < b;
}

/* Insertion sort: a workshop has tens of steps, and qsort has no context. */
static void build_steps(struct report *r)
{
	const struct session *s = r->session;
	r->steps = xcalloc(s->nsteps + 1, sizeof *r->steps);
	r->nsteps = s->nsteps;
	for (size_t i = 0; i < s->nsteps; i++) {
		size_t j = i;
		while (j > 0 && before_in_rank(s, i, r->steps[j - 1])) {
			r->steps[j] = r->steps[j - 1];
			j--;
		}
		r->steps[j] = i;
	}
}

void report_build(struct report *r, const struct session *s, const struct session *parent,
		  const struct comparison *comparison, long today)
{
	*r = (struct report){.session = s, .parent = parent, .comparison = comparison,
			     .today = today};
	build_dims(r);
	build_steps(r);
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	for (size_t i = 0; i < s->nmetrics; i++)
		r->metric_status[metric_status_on(&s->metrics[i], start, today)]++;
}

void report_free(struct report *r)
{
	free(r->dims);
	free(r->steps);
	*r = (struct report){0};
}

/* ---- the summary ---- */

static const char *dim_name(const struct report *r, const struct report_dim *d)
{
	return r->session->dims[d->dim].name;
}

static void named_mean(const struct report *r, const struct report_dim *d, report_text_fn text,
		       struct sbuf *out)
{
	char mean[16] = "";
	stats_mean_text(&d->now, mean, sizeof mean);
	text(out, dim_name(r, d));
	sbuf_addf(out, " (%s)", mean);
}

/* ", " between items and " and " before the last. */
static void list_join(struct sbuf *out, size_t k, size_t n)
{
	if (k > 0)
		sbuf_adds(out, k + 1 == n ? " and " : ", ");
}

static void who_rated(const struct report *r, struct sbuf *out)
{
	const struct session *s = r->session;
	if (r->nrated == 0) {
		sbuf_adds(out, "Nobody has rated the current state yet.");
		return;
	}
	sbuf_addf(out, "%zu %s rated %zu of %zu dimensions", s->nparticipants,
		  s->nparticipants == 1 ? "person" : "people", r->nrated, r->ndims);
	if (s->ndims > 0)
		sbuf_addf(out, " on a %d-%d scale", s->dims[0].scale_min, s->dims[0].scale_max);
	sbuf_adds(out, ".");
}

static void strongest_weakest(const struct report *r, report_text_fn text, struct sbuf *out)
{
	if (r->nrated == 0)
		return;
	sbuf_adds(out, " ");
	if (r->nrated == 1) {
		sbuf_adds(out, "The only one rated: ");
		named_mean(r, &r->dims[0], text, out);
		sbuf_adds(out, ".");
		return;
	}
	sbuf_adds(out, "Strongest: ");
	named_mean(r, &r->dims[r->nrated - 1], text, out);
	sbuf_adds(out, "; weakest: ");
	named_mean(r, &r->dims[0], text, out);
	sbuf_adds(out, ".");
}

static void disagreements(const struct report *r, report_text_fn text, struct sbuf *out)
{
	if (r->nsplit == 0)
		return;
	size_t named = r->nsplit > SUMMARY_SPLITS ? SUMMARY_SPLITS : r->nsplit;
	size_t listed = r->nsplit > SUMMARY_SPLITS ? named + 1 : named;
	sbuf_adds(out, " The room stood in two camps on ");
	for (size_t i = 0, k = 0; i < r->ndims && k < named; i++) {
		if (!r->dims[i].split)
			continue;
		list_join(out, k, listed);
		text(out, dim_name(r, &r->dims[i]));
		k++;
	}
	if (r->nsplit > named)
		sbuf_addf(out, " and %zu more", r->nsplit - named);
	sbuf_adds(out, ".");
}

/* The SUMMARY_MOVES largest changes shown, largest first (a tie goes to
 * the weaker dimension); returns how many were found. */
static size_t biggest_moves(const struct report *r, const struct report_dim **moves)
{
	size_t n = 0;
	while (n < SUMMARY_MOVES) {
		const struct report_dim *best = NULL;
		for (size_t i = 0; i < r->ndims; i++) {
			const struct report_dim *d = &r->dims[i];
			bool taken = false;
			for (size_t k = 0; k < n; k++)
				taken |= moves[k] == d;
			if (d->has_change && d->change != 0 && !taken &&
			    (best == NULL || labs(d->change) > labs(best->change)))
				best = d;
		}
		if (best == NULL)
			break;
		moves[n++] = best;
	}
	return n;
}

static void since_last_time(const struct report *r, report_text_fn text, struct sbuf *out)
{
	if (r->parent == NULL || r->nrated == 0)
		return;
	const struct report_dim *moves[SUMMARY_MOVES];
	size_t n = biggest_moves(r, moves);
	if (n == 0) {
		sbuf_adds(out, " Since last time, no dimension's mean has moved.");
		return;
	}
	sbuf_adds(out, n == 1 ? " Since last time, the one move: " : " Since last time, the biggest moves: ");
	for (size_t k = 0; k < n; k++) {
		char change[16];
		stats_tenths_text(moves[k]->change, true, change, sizeof change);
		list_join(out, k, n);
		text(out, dim_name(r, moves[k]));
		sbuf_addf(out, " %s", change);
	}
	sbuf_adds(out, ".");
}

static void metrics(const struct report *r, struct sbuf *out)
{
	size_t n = r->session->nmetrics;
	if (n == 0)
		return;
	const size_t *st = r->metric_status;
	sbuf_addf(out, " %zu of %zu %s on track or met", st[METRIC_ON_TRACK] + st[METRIC_MET], n,
		  n == 1 ? "metric is" : "metrics are");
	if (st[METRIC_AT_RISK])
		sbuf_addf(out, "; %zu at risk", st[METRIC_AT_RISK]);
	if (st[METRIC_OFF_TRACK])
		sbuf_addf(out, "; %zu off track", st[METRIC_OFF_TRACK]);
	if (st[METRIC_NO_DATA])
		sbuf_addf(out, "; %zu without data", st[METRIC_NO_DATA]);
	sbuf_adds(out, ".");
}

static void top_steps(const struct report *r, report_text_fn text, struct sbuf *out)
{
	const struct session *s = r->session;
	const struct step *top[SUMMARY_STEPS];
	size_t n = 0;
	for (size_t k = 0; k < r->nsteps && n < SUMMARY_STEPS; k++) {
		const struct step *st = &s->steps[r->steps[k]];
		if (st->rank > 0 && st->status != STEP_DROPPED)
			top[n++] = st;
	}
	if (n == 0) {
		if (s->nsteps == 0)
			sbuf_adds(out, " No steps are planned yet.");
		else
			sbuf_addf(out, " %zu %s planned; no ballot has ranked them yet.", s->nsteps,
				  s->nsteps == 1 ? "step is" : "steps are");
		return;
	}
	sbuf_adds(out, n == 1 ? " The top step: " : " The top steps: ");
	for (size_t k = 0; k < n; k++) {
		list_join(out, k, n);
		text(out, top[k]->text);
		sbuf_adds(out, " (");
		if (top[k]->owner)
			text(out, top[k]->owner);
		else
			sbuf_adds(out, "no owner yet");
		sbuf_adds(out, ")");
	}
	sbuf_adds(out, ".");
}

static void last_steps(const struct report *r, struct sbuf *out)
{
	if (r->comparison == NULL)
		return;
	const size_t *f = r->comparison->step_fates;
	size_t before = f[FATE_DONE] + f[FATE_DROPPED] + f[FATE_CARRIED] + f[FATE_GONE];
	if (before == 0)
		return;
	sbuf_addf(out, " Of last time's %zu %s, %zu %s done, %zu dropped and %zu still to do",
		  before, before == 1 ? "step" : "steps", f[FATE_DONE],
		  f[FATE_DONE] == 1 ? "is" : "are", f[FATE_DROPPED], f[FATE_CARRIED]);
	if (f[FATE_GONE])
		sbuf_addf(out, "; %zu not carried over", f[FATE_GONE]);
	sbuf_adds(out, ".");
}

void report_summary(const struct report *r, report_text_fn text, struct sbuf *out)
{
	who_rated(r, out);
	strongest_weakest(r, text, out);
	disagreements(r, text, out);
	since_last_time(r, text, out);
	metrics(r, out);
	top_steps(r, text, out);
	last_steps(r, out);
}

void report_distribution(const struct rating_stats *st, int scale_min, int scale_max,
			 struct sbuf *out)
{
	bool any = false;
	for (int v = scale_min; v <= scale_max; v++) {
		size_t n = stats_count_of(st, v);
		if (n)
			sbuf_addf(out, "%s%d ×%zu", any ? ", " : "", v, n);
		any |= n > 0;
	}
	if (!any)
		sbuf_adds(out, "–");
}

void report_turnout(const struct session *s, const struct ballot *b, struct sbuf *out)
{
	long voted = ballot_voter_count(b);
	if (b->entry == BALLOT_ENTRY_TALLY) {
		sbuf_addf(out, "%ld voted", voted);
		return;
	}
	long expected = (long)session_expected_voters(s, b);
	if (expected > 0 && voted >= expected)
		sbuf_addf(out, "all %ld voted", voted);
	else if (b->status == BALLOT_OPEN)
		sbuf_addf(out, "%ld of %ld voted so far", voted, expected);
	else
		sbuf_addf(out, "closed with %ld of %ld voted", voted, expected);
}
