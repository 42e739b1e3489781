/* Moving and removing, the same for every list: each walks the list's
 * shape. */
#include "model/session.h"

#include <stdlib.h>
#include <string.h>

#include "model/shapes.h"

size_t session_list_len(const struct session *s, enum session_list list)
{
	const struct shape *sh = shape_of(list);
	return sh ? shape_len(sh, s) : 0;
}

/* Moves element `from` of an array of `size`-byte elements to `to`, shifting
 * those between by one. */
static void rotate(char *base, size_t size, size_t from, size_t to)
{
	char tmp[sizeof(struct metric) > sizeof(struct step) ? sizeof(struct metric)
							      : sizeof(struct step)];
	_Static_assert(sizeof(struct goal) <= sizeof tmp && sizeof(struct value) <= sizeof tmp &&
		       sizeof(struct participant) <= sizeof tmp &&
		       sizeof(struct parked) <= sizeof tmp, "rotate's buffer fits every list");
	memcpy(tmp, base + from * size, size);
	if (from < to)
		memmove(base + from * size, base + (from + 1) * size, (to - from) * size);
	else
		memmove(base + (to + 1) * size, base + to * size, (from - to) * size);
	memcpy(base + to * size, tmp, size);
}

static void rotate_scores(struct session *s, size_t from, size_t to)
{
	for (size_t d = 0; d < s->ndims; d++)
		rotate((char *)s->dims[d].scores, sizeof(int), from, to);
}

enum err_code session_move(struct session *s, enum session_list list, size_t from, size_t to,
			   struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	size_t n = session_list_len(s, list);
	if (from >= n || to >= n)
		return error_set(err, ERR_DATA, "there is no item there to move");
	if (from == to)
		return ERR_OK;
	const struct shape *sh = shape_of(list);
	rotate(shape_items(sh, s), sh->size, from, to);
	if (list == LIST_PARTICIPANTS)
		rotate_scores(s, from, to);
	return ERR_OK;
}

static void untie_goal(struct session *s, int64_t goal_id)
{
	if (goal_id == 0)
		return;
	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].goal_id == goal_id)
			s->metrics[i].goal_id = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].goal_id == goal_id)
			s->steps[i].goal_id = 0;
}

/* What goes with item i besides itself: a participant's ratings, the ties
 * of metrics and steps to a goal. */
static void remove_ties(struct session *s, enum session_list list, size_t i)
{
	if (list == LIST_PARTICIPANTS) {
		for (size_t d = 0; d < s->ndims; d++) {
			int *scores = s->dims[d].scores;
			memmove(&scores[i], &scores[i + 1],
				(s->nparticipants - i - 1) * sizeof *scores);
		}
	} else if (list == LIST_GOALS) {
		untie_goal(s, s->goals[i].id);
	}
}

enum err_code session_remove(struct session *s, enum session_list list, size_t i,
			     struct error *err)
{
	if (session_refuse_closed(s, err))
		return ERR_DATA;
	size_t n = session_list_len(s, list);
	if (i >= n)
		return error_set(err, ERR_DATA, "there is no item there to remove");
	remove_ties(s, list, i);
	const struct shape *sh = shape_of(list);
	shape_free_item(sh, shape_item(sh, s, i));
	char *base = shape_items(sh, s);
	memmove(base + i * sh->size, base + (i + 1) * sh->size, (n - i - 1) * sh->size);
	(*shape_len_slot(sh, s))--;
	return ERR_OK;
}
