#include "model/session_items.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/shapes.h"

const void *session_item(const struct session *s, enum session_list list, size_t i)
{
	const struct shape *sh = shape_of(list);
	if (sh == NULL || i >= shape_len(sh, s))
		return NULL;
	return shape_item(sh, s, i);
}

int64_t session_item_id(const struct session *s, enum session_list list, size_t i)
{
	const void *item = session_item(s, list, i);
	return item ? *shape_id(shape_of(list), item) : 0;
}

int64_t session_item_origin(const struct session *s, enum session_list list, size_t i)
{
	const void *item = session_item(s, list, i);
	return item ? shape_origin(shape_of(list), item) : 0;
}

void session_item_forget_id(struct session *s, enum session_list list, size_t i)
{
	const void *item = session_item(s, list, i);
	if (item)
		*shape_id(shape_of(list), item) = 0;
}

/* compare and the trend look up every item of one session in another:
 * the shape is read once, not once an item. */
ptrdiff_t session_find_item(const struct session *s, enum session_list list, int64_t id)
{
	const struct shape *sh = shape_of(list);
	if (sh == NULL || id == 0)
		return -1;
	size_t n = shape_len(sh, s);
	const char *item = shape_items(sh, s);
	for (size_t i = 0; i < n; i++, item += sh->size)
		if (*shape_id(sh, item) == id)
			return (ptrdiff_t)i;
	return -1;
}

void *session_item_clone(enum session_list list, const void *item)
{
	const struct shape *sh = shape_of(list);
	void *copy = xmalloc(sh->size);
	memcpy(copy, item, sh->size);
	shape_clone_fields(sh, copy);
	return copy;
}

void session_item_free(enum session_list list, void *item)
{
	if (item == NULL)
		return;
	shape_free_item(shape_of(list), item);
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
	const struct shape *sh = shape_of(list);
	size_t n = shape_len(sh, s);
	if (i > n)
		i = n;
	shape_append(sh, s);
	char *base = shape_items(sh, s);
	memmove(base + (i + 1) * sh->size, base + i * sh->size, (n - i) * sh->size);
	memcpy(base + i * sh->size, item, sh->size);
	free(item);
	if (list == LIST_PARTICIPANTS)
		insert_scores(s, i, scores);
}

void session_replace_item(struct session *s, enum session_list list, size_t i, void *item)
{
	const struct shape *sh = shape_of(list);
	if (i >= shape_len(sh, s)) {
		session_item_free(list, item);
		return;
	}
	void *slot = shape_item(sh, s, i);
	shape_free_item(sh, slot);
	memcpy(slot, item, sh->size);
	free(item);
}
