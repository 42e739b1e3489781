#include "model/checkin.h"

#include <math.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "model/session_items.h"
#include "model/shapes.h"

static void copy_header(struct session *c, const struct session *p, time_t now)
{
	c->series_id = p->series_id;
	c->parent_id = p->id;
	c->iteration = p->iteration + 1;
	c->title = xstrdup(p->title);
	c->organization = xstrdup(p->organization);
	c->unit = xstrdup(p->unit);
	c->facilitator = xstrdup(p->facilitator);
	c->template_key = xstrdup(p->template_key);
	c->level = p->level;
	c->stage = STAGE_SETUP;
	c->status = SESSION_OPEN;
	/* A room that rated in private last time does so again. */
	c->ratings = p->ratings == RATINGS_SHOWN ? RATINGS_SHOWN : RATINGS_PRIVATE;
	c->created_at = now;
	c->scale_labels = xcalloc(p->nscale_labels + 1, sizeof *c->scale_labels);
	c->nscale_labels = p->nscale_labels;
	for (size_t i = 0; i < p->nscale_labels; i++)
		c->scale_labels[i] = xstrdup(p->scale_labels[i]);
	for (int st = 0; st < STAGE_COUNT; st++) {
		c->timers[st].box_seconds = p->timers[st].box_seconds;
		c->timers[st].left_seconds = p->timers[st].box_seconds;
	}
}

/* The same dimensions, unrated, with last time's mean beside them. */
static void copy_dimensions(struct session *c, const struct session *p)
{
	c->dims = xcalloc(p->ndims + 1, sizeof *c->dims);
	c->ndims = c->dims_cap = p->ndims;
	for (size_t i = 0; i < p->ndims; i++) {
		const struct dimension *from = &p->dims[i];
		struct dimension *d = &c->dims[i];
		struct rating_stats st;
		session_dimension_stats(p, i, &st);
		*d = (struct dimension){
			.key = xstrdup(from->key), .name = xstrdup(from->name),
			.question = xstrdup(from->question), .low = xstrdup(from->low),
			.high = xstrdup(from->high), .scale_min = from->scale_min,
			.scale_max = from->scale_max, .group_score = RATING_NONE,
			.previous_mean = st.count ? st.mean : NAN,
		};
		/* The participants' (empty) cells come with them, below. */
		d->scores = xcalloc(1, sizeof *d->scores);
	}
}

/* A step carries on while it is still to do; one done or dropped last time
 * has had its review. */
static bool carried(enum session_list list, const void *item)
{
	if (list != LIST_STEPS)
		return true;
	return step_is_open(item);
}

/* A copy of item i that remembers where it came from and is new itself. */
static void *forward(const struct session *p, enum session_list list, size_t i, time_t since)
{
	const struct shape *sh = shape_of(list);
	const void *item = session_item(p, list, i);
	void *copy = session_item_clone(list, item);
	*shape_origin_slot(sh, copy) = *shape_id(sh, item);
	if (list == LIST_METRICS) {
		struct metric *m = copy;
		/* Progress is judged from when the baseline was first taken, not
		 * from each check-in: a metric without that date keeps the day
		 * the first workshop began. */
		if (m->baseline_date == NO_DATE && since != 0)
			m->baseline_date = (long)(since / 86400);
		for (size_t k = 0; k < m->nmeasurements; k++)
			m->measurements[k].id = 0;
	} else if (list == LIST_PARTICIPANTS) {
		/* Someone who left early is on the team still: next time they
		 * are in the room like anyone. */
		((struct participant *)copy)->left_on = NO_DATE;
	} else if (list == LIST_STEPS) {
		struct step *st = copy;
		st->points = POINTS_NONE;
		st->rank = 0;
	}
	return copy;
}

static void copy_list(struct session *c, const struct session *p, enum session_list list)
{
	size_t n = session_list_len(p, list);
	for (size_t i = 0; i < n; i++) {
		if (!carried(list, session_item(p, list, i)))
			continue;
		/* The copy keeps its parent's id for now: the store gives every row
		 * a fresh id and re-ties goals through these, then forgets them. */
		session_insert_item(c, list, session_list_len(c, list),
				    forward(p, list, i, p->created_at), NULL);
	}
}

struct session *checkin_create(const struct session *parent, time_t now)
{
	struct session *c = session_alloc();
	copy_header(c, parent, now);
	copy_dimensions(c, parent);
	static const enum session_list lists[] = {LIST_PARTICIPANTS, LIST_VALUES, LIST_GOALS,
						  LIST_METRICS, LIST_STEPS, LIST_PARKING};
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		copy_list(c, parent, lists[k]);
	return c;
}

void checkin_preview(const struct session *parent, struct checkin_preview *out)
{
	struct session *next = checkin_create(parent, parent->created_at);
	*out = (struct checkin_preview){
		.goals = next->ngoals, .metrics = next->nmetrics, .steps = next->nsteps,
		.still_open = !session_is_closed(parent),
	};
	session_free(next);
	for (size_t i = 0; i < parent->nballots; i++)
		out->unrevealed_ballots += parent->ballots[i].status != BALLOT_REVEALED;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void checkin_question(const struct session *parent, struct sbuf *out)
{
	struct checkin_preview p;
	checkin_preview(parent, &p);
	struct sbuf title = SBUF_INIT;
	utf8_fit(&title, parent->title ? parent->title : "", 36, UTF8_FIT_CUT | UTF8_FIT_ELLIPSIS);
	sbuf_addf(out, "Check in from \"%s\" (iteration %d)?\n", sbuf_str(&title),
		  parent->iteration);
	sbuf_free(&title);
	sbuf_addf(out, "Iteration %d carries %zu %s, %zu %s and %zu %s still to do.",
		  parent->iteration + 1, p.goals, plural(p.goals, "goal", "goals"), p.metrics,
		  plural(p.metrics, "metric", "metrics"), p.steps, plural(p.steps, "step", "steps"));
	if (p.still_open)
		sbuf_adds(out, "\nThis session is still open: check-ins start from a closed one.");
	if (p.unrevealed_ballots)
		sbuf_addf(out, "\n%zu %s not revealed yet: %s votes stay behind.",
			  p.unrevealed_ballots, plural(p.unrevealed_ballots, "ballot is",
						       "ballots are"),
			  plural(p.unrevealed_ballots, "its", "their"));
}
