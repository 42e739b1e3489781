#include "model/shapes.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"

/* Kinds are read and written as int. */
_Static_assert(sizeof(enum note_kind) == sizeof(int) && sizeof(enum goal_status) == sizeof(int) &&
	       sizeof(enum direction) == sizeof(int) && sizeof(enum horizon) == sizeof(int) &&
	       sizeof(enum step_status) == sizeof(int), "a kind is an int");

#define F(type, member, t) {#member, t, offsetof(type, member), NULL, NULL}
#define KIND(type, member, vocabulary) \
	{#member, SHAPE_KIND, offsetof(type, member), &vocabulary, NULL}
#define LIST(type, member, shape) {#member, SHAPE_LIST, offsetof(type, member), NULL, &shape}
#define FIELDS(a) a, sizeof a / sizeof a[0]
#define HELD(holder, array, n, cap) \
	sizeof(((holder *)0)->array[0]), offsetof(holder, array), offsetof(holder, n), \
	offsetof(holder, cap)

static const struct shape_field participant_fields[] = {
	F(struct participant, id, SHAPE_ID),
	F(struct participant, name, SHAPE_TEXT),
	F(struct participant, left_on, SHAPE_DATE),
	F(struct participant, origin_id, SHAPE_ORIGIN),
};

static const struct shape_field note_fields[] = {
	F(struct note, id, SHAPE_ID),
	KIND(struct note, kind, note_kind_kind),
	F(struct note, text, SHAPE_TEXT),
};

const struct shape shape_notes = {
	"notes", HELD(struct dimension, notes, nnotes, notes_cap), FIELDS(note_fields), NULL,
};

static const struct shape_field dimension_fields[] = {
	F(struct dimension, id, SHAPE_ID),
	F(struct dimension, key, SHAPE_TEXT),
	F(struct dimension, name, SHAPE_TEXT),
	F(struct dimension, question, SHAPE_OPTIONAL_BLANK),
	F(struct dimension, low, SHAPE_OPTIONAL_BLANK),
	F(struct dimension, high, SHAPE_OPTIONAL_BLANK),
	LIST(struct dimension, notes, shape_notes),
};

static void release_ratings(void *item)
{
	free(((struct dimension *)item)->scores);
}

const struct shape shape_dimensions = {
	"dimensions", HELD(struct session, dims, ndims, dims_cap), FIELDS(dimension_fields),
	release_ratings,
};

static const struct shape_field value_fields[] = {
	F(struct value, id, SHAPE_ID),
	F(struct value, text, SHAPE_TEXT),
	F(struct value, origin_id, SHAPE_ORIGIN),
};

static const struct shape_field goal_fields[] = {
	F(struct goal, id, SHAPE_ID),
	F(struct goal, text, SHAPE_TEXT),
	F(struct goal, dimension, SHAPE_OPTIONAL),
	KIND(struct goal, status, goal_status_kind),
	F(struct goal, origin_id, SHAPE_ORIGIN),
};

static const struct shape_field measurement_fields[] = {
	F(struct measurement, id, SHAPE_ID),
	F(struct measurement, value, SHAPE_REAL),
	F(struct measurement, taken_on, SHAPE_DATE),
};

const struct shape shape_measurements = {
	"measurements", HELD(struct metric, measurements, nmeasurements, measurements_cap),
	FIELDS(measurement_fields), NULL,
};

static const struct shape_field metric_fields[] = {
	F(struct metric, id, SHAPE_ID),
	F(struct metric, goal_id, SHAPE_LINK),
	F(struct metric, name, SHAPE_TEXT),
	F(struct metric, unit, SHAPE_OPTIONAL_BLANK),
	KIND(struct metric, direction, direction_kind),
	F(struct metric, baseline, SHAPE_REAL),
	F(struct metric, baseline_date, SHAPE_DATE),
	F(struct metric, target, SHAPE_REAL),
	F(struct metric, target_date, SHAPE_DATE),
	LIST(struct metric, measurements, shape_measurements),
	F(struct metric, origin_id, SHAPE_ORIGIN),
};

static const struct shape_field step_fields[] = {
	F(struct step, id, SHAPE_ID),
	F(struct step, text, SHAPE_TEXT),
	KIND(struct step, horizon, horizon_kind),
	KIND(struct step, status, step_status_kind),
	F(struct step, owner, SHAPE_OPTIONAL),
	F(struct step, goal_id, SHAPE_LINK),
	F(struct step, impact, SHAPE_SCORE),
	F(struct step, effort, SHAPE_SCORE),
	F(struct step, points, SHAPE_POINTS),
	F(struct step, rank, SHAPE_SCORE),
	F(struct step, origin_id, SHAPE_ORIGIN),
};

static const struct shape_field parked_fields[] = {
	F(struct parked, id, SHAPE_ID),
	F(struct parked, text, SHAPE_TEXT),
	F(struct parked, origin_id, SHAPE_ORIGIN),
};

/* A ballot's arrays are the ballot module's own. */
static const struct shape_field ballot_fields[] = {
	F(struct ballot, id, SHAPE_ID),
};

static void release_ballot(void *item)
{
	ballot_free(item);
}

const struct shape shape_ballots = {
	"ballots", HELD(struct session, ballots, nballots, ballots_cap), FIELDS(ballot_fields),
	release_ballot,
};

const struct shape shape_lists[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = {"participants",
			       HELD(struct session, participants, nparticipants, participants_cap),
			       FIELDS(participant_fields), NULL},
	[LIST_VALUES] = {"values", HELD(struct session, values, nvalues, values_cap),
			 FIELDS(value_fields), NULL},
	[LIST_GOALS] = {"goals", HELD(struct session, goals, ngoals, goals_cap),
			FIELDS(goal_fields), NULL},
	[LIST_METRICS] = {"metrics", HELD(struct session, metrics, nmetrics, metrics_cap),
			  FIELDS(metric_fields), NULL},
	[LIST_STEPS] = {"steps", HELD(struct session, steps, nsteps, steps_cap),
			FIELDS(step_fields), NULL},
	[LIST_PARKING] = {"parking_lot", HELD(struct session, parking, nparking, parking_cap),
			  FIELDS(parked_fields), NULL},
};

/* ---- where the items are ---- */

void *shape_append(const struct shape *sh, void *holder)
{
	size_t *len = shape_len_slot(sh, holder);
	grow((char *)holder + sh->items, (size_t *)((char *)holder + sh->cap), *len + 1, sh->size);
	void *item = shape_item(sh, holder, (*len)++);
	memset(item, 0, sh->size);
	return item;
}

/* ---- owning ---- */

static bool owns_text(enum shape_type t)
{
	return t >= SHAPE_OWNED && t != SHAPE_LIST;
}

void shape_free_item(const struct shape *sh, void *item)
{
	for (size_t k = 0; k < sh->nfields; k++) {
		const struct shape_field *f = &sh->fields[k];
		if (f->type < SHAPE_OWNED)
			continue;
		if (f->type == SHAPE_LIST)
			shape_free_list(f->list, item);
		else
			free(*(char **)shape_field(f, item));
	}
	if (sh->release)
		sh->release(item);
}

static void clone_list(const struct shape *sh, void *holder)
{
	size_t n = shape_len(sh, holder);
	void **items = (void **)((char *)holder + sh->items);
	void *copy = xcalloc(n, sh->size);
	if (n)
		memcpy(copy, *items, n * sh->size);
	*items = copy;
	*(size_t *)((char *)holder + sh->cap) = n;
	for (size_t i = 0; i < n; i++)
		shape_clone_fields(sh, shape_item(sh, holder, i));
}

void shape_clone_fields(const struct shape *sh, void *copy)
{
	for (size_t k = 0; k < sh->nfields; k++) {
		const struct shape_field *f = &sh->fields[k];
		char **text = shape_field(f, copy);
		if (owns_text(f->type))
			*text = xstrdup(*text);
		else if (f->type == SHAPE_LIST)
			clone_list(f->list, copy);
	}
}

/* Whether an item owns anything beyond itself: a list of plain numbers
 * (measurements) is freed as one array. */
static bool owns_anything(const struct shape *sh)
{
	for (size_t k = 0; k < sh->nfields; k++)
		if (sh->fields[k].type >= SHAPE_OWNED)
			return true;
	return sh->release != NULL;
}

void shape_free_list(const struct shape *sh, void *holder)
{
	size_t n = owns_anything(sh) ? shape_len(sh, holder) : 0;
	for (size_t i = 0; i < n; i++)
		shape_free_item(sh, shape_item(sh, holder, i));
	free(shape_items(sh, holder));
}
