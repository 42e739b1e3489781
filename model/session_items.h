/* session_items: the items of a session's lists handled as values, for
 * undo: a deep copy of one item, putting a copy back at a position, and
 * replacing an item with an earlier copy of itself. */
#ifndef IMPROV_MODEL_SESSION_ITEMS_H
#define IMPROV_MODEL_SESSION_ITEMS_H

#include "model/session.h"

/* Item i of a list, or NULL. The pointer is valid until the list changes. */
const void *session_item(const struct session *s, enum session_list list, size_t i);
int64_t session_item_id(const struct session *s, enum session_list list, size_t i);
/* The row item i was copied from at a check-in, or 0. */
int64_t session_item_origin(const struct session *s, enum session_list list, size_t i);
/* Marks item i as never stored (id 0), so the store inserts it anew. */
void session_item_forget_id(struct session *s, enum session_list list, size_t i);
ptrdiff_t session_find_item(const struct session *s, enum session_list list, int64_t id);

/* A deep copy the caller owns and gives to session_insert_item or
 * session_replace_item, or frees with session_item_free. */
void *session_item_clone(enum session_list list, const void *item) __attribute__((nonnull));
void session_item_free(enum session_list list, void *item);

/* Puts item (taking it over) at position i, shifting the rest down. A
 * participant comes back with no ratings; scores, when not NULL, gives one
 * per dimension to restore. */
void session_insert_item(struct session *s, enum session_list list, size_t i, void *item,
			 const int *scores) __attribute__((nonnull(1, 4)));
/* Replaces item i with item (taking it over); the old one is freed. */
void session_replace_item(struct session *s, enum session_list list, size_t i, void *item)
	__attribute__((nonnull));

#endif
