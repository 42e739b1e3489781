#include "model/session_items.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"

/* Where each list lives in the session, and how big its items are. */
struct list_place {
	size_t items, len, cap, size, id;
	size_t origin;          /* 0: the items have no origin */
};

#define PLACE(field, n, cap, type, origin) \
	{offsetof(struct session, field), offsetof(struct session, n), \
	 offsetof(struct session, cap), sizeof(type), offsetof(type, id), origin}

static const struct list_place places[LIST_COUNT] = {
	[LIST_PARTICIPANTS] = PLACE(participants, nparticipants, participants_cap,
				    struct participant, offsetof(struct participant, origin_id)),
	[LIST_VALUES] = PLACE(values, nvalues, values_cap, struct value,
			      offsetof(struct value, origin_id)),
	[LIST_GOALS] = PLACE(goals, ngoals, goals_cap, struct goal,
			     offsetof(struct goal, origin_id)),
	[LIST_METRICS] = PLACE(metrics, nmetrics, metrics_cap, struct metric,
			       offsetof(struct metric, origin_id)),
	[LIST_STEPS] = PLACE(steps, nsteps, steps_cap, struct step,
			     offsetof(struct step, origin_id)),
	[LIST_PARKING] = PLACE(parking, nparking, parking_cap, struct parked,
			       offsetof(struct parked, origin_id)),
};

static char **items_of(const struct session *s, enum session_list list)
{
	return (char **)((char *)s + places[list].items);
}

static size_t *len_of(const struct session *s, enum session_list list)
{
	return (size_t *)((char *)s + places[list].len);
}

const void *session_item(const struct session *s, enum session_list list, size_t i)
{
	if ((unsigned)list >= LIST_COUNT || i >= *len_of(s, list))
		return NULL;
	return *items_of(s, list) + i * places[list].size;
}

int64_t session_item_id(const struct session *s, enum session_list list, size_t i)
{
	const char *item = session_item(s, list, i);
	return item ? *(const int64_t *)(item + places[list].id) : 0;
}

int64_t session_item_origin(const struct session *s, enum session_list list, size_t i)
{
	const char *item = session_item(s, list, i);
	if (item == NULL || places[list].origin == 0)
		return 0;
	return *(const int64_t *)(item + places[list].origin);
}

void session_item_forget_id(struct session *s, enum session_list list, size_t i)
{
	if ((unsigned)list >= LIST_COUNT || i >= *len_of(s, list))
		return;
	char *item = *items_of(s, list) + i * places[list].size;
	memset(item + places[list].id, 0, sizeof(int64_t));
}

ptrdiff_t session_find_item(const struct session *s, enum session_list list, int64_t id)
{
	size_t n = session_list_len(s, list);
	for (size_t i = 0; id != 0 && i < n; i++)
		if (session_item_id(s, list, i) == id)
			return (ptrdiff_t)i;
	return -1;
}

static void clone_strings(enum session_list list, void *copy)
{
	switch (list) {
	case LIST_PARTICIPANTS: {
		struct participant *p = copy;
		p->name = xstrdup(p->name);
		break;
	}
	case LIST_VALUES: {
		struct value *v = copy;
		v->text = xstrdup(v->text);
		break;
	}
	case LIST_GOALS: {
		struct goal *g = copy;
		g->text = xstrdup(g->text);
		g->dimension = xstrdup(g->dimension);
		break;
	}
	case LIST_METRICS: {
		struct metric *m = copy;
		m->name = xstrdup(m->name);
		m->unit = xstrdup(m->unit);
		struct measurement *old = m->measurements;
		m->measurements = xcalloc(m->nmeasurements, sizeof *old);
		if (m->nmeasurements)
			memcpy(m->measurements, old, m->nmeasurements * sizeof *old);
		m->measurements_cap = m->nmeasurements;
		break;
	}
	case LIST_STEPS: {
		struct step *st = copy;
		st->text = xstrdup(st->text);
		st->owner = xstrdup(st->owner);
		break;
	}
	case LIST_PARKING: {
		struct parked *p = copy;
		p->text = xstrdup(p->text);
		break;
	}
	case LIST_COUNT:
		break;
	}
}

void *session_item_clone(enum session_list list, const void *item)
{
	void *copy = xmalloc(places[list].size);
	memcpy(copy, item, places[list].size);
	clone_strings(list, copy);
	return copy;
}

static void free_strings(enum session_list list, void *item)
{
	switch (list) {
	case LIST_PARTICIPANTS:
		free(((struct participant *)item)->name);
		break;
	case LIST_VALUES:
		free(((struct value *)item)->text);
		break;
	case LIST_GOALS:
		free(((struct goal *)item)->text);
		free(((struct goal *)item)->dimension);
		break;
	case LIST_METRICS:
		free(((struct metric *)item)->name);
		free(((struct metric *)item)->unit);
		free(((struct metric *)item)->measurements);
		break;
	case LIST_STEPS:
		free(((struct step *)item)->text);
		free(((struct step *)item)->owner);
		break;
	case LIST_PARKING:
		free(((struct parked *)item)->text);
		break;
	case LIST_COUNT:
		break;
	}
}

void session_item_free(enum session_list list, void *item)
{
	if (item == NULL)
		return;
	free_strings(list, item);
	free(item);
}

static void insert_scores(struct session *s, size_t at, const int *scores)
{
	size_t n = s->nparticipants;     /* already counts the new participant */
	for (size_t d = 0; d < s->ndims; d++) {
		struct dimension *dim = &s->dims[d];
		dim->scores = xrealloc(dim->scores, n * sizeof *dim->scores);
		memmove(&dim->scores[at + 1], &dim->scores[at], (n - 1 - at) * sizeof(int));
		dim->scores[at] = scores ? scores[d] : RATING_NONE;
	}
}

void session_insert_item(struct session *s, enum session_list list, size_t i, void *item,
			 const int *scores)
{
	const struct list_place *p = &places[list];
	size_t *len = len_of(s, list);
	size_t *cap = (size_t *)((char *)s + p->cap);
	if (i > *len)
		i = *len;
	grow(items_of(s, list), cap, *len + 1, p->size);
	char *base = *items_of(s, list);
	memmove(base + (i + 1) * p->size, base + i * p->size, (*len - i) * p->size);
	memcpy(base + i * p->size, item, p->size);
	free(item);
	(*len)++;
	if (list == LIST_PARTICIPANTS)
		insert_scores(s, i, scores);
}

void session_replace_item(struct session *s, enum session_list list, size_t i, void *item)
{
	const struct list_place *p = &places[list];
	if (i >= *len_of(s, list)) {
		session_item_free(list, item);
		return;
	}
	char *slot = *items_of(s, list) + i * p->size;
	free_strings(list, slot);
	memcpy(slot, item, p->size);
	free(item);
}
