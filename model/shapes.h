/* shapes: the one description of a session's lists: where each list's
 * array and count live, how big an item is and what fields it has, in the
 * order of the store's columns and of the exports' keys. The session's own
 * code, the store and the exports walk these descriptions instead of
 * spelling out each list. */
#ifndef IMPROV_MODEL_SHAPES_H
#define IMPROV_MODEL_SHAPES_H

#include <stddef.h>
#include <stdint.h>

#include "model/kinds.h"
#include "model/session.h"

/* What an item owns comes last (SHAPE_OWNED on), so that freeing an item
 * tells its fields apart with one comparison. */
enum shape_type {
	SHAPE_ID,               /* int64_t: the item's row, 0 until stored */
	SHAPE_ORIGIN,           /* int64_t: the row it was copied from at a check-in, or 0 */
	SHAPE_LINK,             /* int64_t: a goal's id, 0 when not tied */
	SHAPE_KIND,             /* an enum of model/kinds.h, written by its name */
	SHAPE_REAL,             /* double, NAN when not set */
	SHAPE_DATE,             /* long, a day number; NO_DATE when not set */
	SHAPE_SCORE,            /* int, 0 when not given (impact, effort, a rank) */
	SHAPE_POINTS,           /* long, POINTS_NONE until a ballot is revealed */
	SHAPE_TEXT,             /* char *, never NULL */
	SHAPE_OPTIONAL,         /* char *, NULL when not set */
	SHAPE_OPTIONAL_BLANK,   /* char *, NULL when not set; an empty text in the file */
	SHAPE_LIST,             /* a list the item holds, described by .list */
};
#define SHAPE_OWNED SHAPE_TEXT

struct shape;

struct shape_field {
	const char *name;       /* the export's key and the table's column */
	enum shape_type type;
	size_t offset;          /* within the item */
	const struct kind_names *kind;  /* SHAPE_KIND */
	const struct shape *list;       /* SHAPE_LIST */
};

/* A list's first field is its SHAPE_ID; its SHAPE_ORIGIN, when it has one,
 * is its last. */
struct shape {
	const char *name;       /* the export's key for the list */
	size_t size;            /* of one item */
	size_t items, len, cap; /* offsets of the array, its count and capacity in the holder */
	const struct shape_field *fields;
	size_t nfields;
	/* What the fields do not say an item owns (a dimension's ratings, a
	 * ballot's arrays), freed with it; NULL when nothing. */
	void (*release)(void *item);
};

/* The lists of enum session_list, by that enum; shape_of() is the way in. */
extern const struct shape shape_lists[LIST_COUNT];
/* The lists that are not reorderable items: held by the session
 * (dimensions, ballots), by a dimension (notes) and by a metric
 * (measurements). */
extern const struct shape shape_dimensions, shape_ballots, shape_notes, shape_measurements;

/* The accessors below are inline: compare and the trend call them for
 * every pair of items of two sessions, the store and the exports for every
 * field. */

/* A list of enum session_list; NULL for any other value. */
static inline const struct shape *shape_of(enum session_list list)
{
	return (unsigned)list < LIST_COUNT ? &shape_lists[list] : NULL;
}

/* The array, its count, item i (not checked against the count). */
static inline void *shape_items(const struct shape *sh, const void *holder)
{
	return *(void *const *)((const char *)holder + sh->items);
}

static inline size_t shape_len(const struct shape *sh, const void *holder)
{
	return *(const size_t *)((const char *)holder + sh->len);
}

static inline size_t *shape_len_slot(const struct shape *sh, void *holder)
{
	return (size_t *)((char *)holder + sh->len);
}

static inline void *shape_item(const struct shape *sh, const void *holder, size_t i)
{
	return (char *)shape_items(sh, holder) + i * sh->size;
}

/* Where a field's value is in an item. */
static inline void *shape_field(const struct shape_field *f, const void *item)
{
	return (char *)item + f->offset;
}

static inline int64_t *shape_id(const struct shape *sh, const void *item)
{
	return (int64_t *)shape_field(&sh->fields[0], item);
}

/* The row the item was copied from: NULL, or 0, when it has none. */
static inline int64_t *shape_origin_slot(const struct shape *sh, void *item)
{
	const struct shape_field *last = &sh->fields[sh->nfields - 1];
	return last->type == SHAPE_ORIGIN ? (int64_t *)shape_field(last, item) : NULL;
}

static inline int64_t shape_origin(const struct shape *sh, const void *item)
{
	const int64_t *origin = shape_origin_slot(sh, (void *)item);
	return origin ? *origin : 0;
}

/* A new zeroed item at the end of the list, growing it. */
void *shape_append(const struct shape *sh, void *holder);

/* A field's value in an item. */
static inline const char *shape_text(const struct shape_field *f, const void *item)
{
	return *(char *const *)shape_field(f, item);
}

static inline int64_t shape_int64(const struct shape_field *f, const void *item)
{
	return *(const int64_t *)shape_field(f, item);
}

static inline int shape_int(const struct shape_field *f, const void *item)
{
	return *(const int *)shape_field(f, item);
}

static inline long shape_long(const struct shape_field *f, const void *item)
{
	return *(const long *)shape_field(f, item);
}

static inline double shape_real(const struct shape_field *f, const void *item)
{
	return *(const double *)shape_field(f, item);
}

/* A SHAPE_KIND field's name, as in files. */
static inline const char *shape_kind_name(const struct shape_field *f, const void *item)
{
	return kind_names_name(f->kind, shape_int(f, item));
}

/* Frees what an item owns, not the item itself. */
void shape_free_item(const struct shape *sh, void *item);
/* Turns a byte copy of an item into a deep one: its texts and lists are
 * copied anew. Not for lists with a release. */
void shape_clone_fields(const struct shape *sh, void *copy);
/* Frees every item of the list and its array. */
void shape_free_list(const struct shape *sh, void *holder);

#endif
