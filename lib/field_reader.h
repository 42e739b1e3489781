/* field_reader: reads a tree of lib/ynode.h against tables of fields, so
 * that the import, the templates and the themes check their files one way
 * and report every mistake in one form:
 *
 *   file:line:col: where: what
 *
 * where is the path of keys from the top of the document, list items
 * counted from 1 as a person counts them ("steps[2].owner"; "document" for
 * the top itself), and line:col is the node the mistake is about. Text
 * from the file appears only through ynode_echo, and the whole message is
 * made one safe line (lib/sanitize.h), whatever a key or a model's reason
 * holds. The first mistake is the one kept: a field_fail after another
 * changes nothing.
 *
 * A table names the keys of a mapping. Each field has a kind (text, whole
 * number, number, true or false, one of a set of names, a list or a
 * mapping), bounds, whether it is required, and where its value goes: a
 * member of the caller's struct, or a callback. The pairs are read in file
 * order, so the first mistake in the file is the one reported; then the
 * required keys that are missing. A null value of an optional key leaves
 * its member as it was. Nothing about workshops lives here. */
#ifndef IMPROV_LIB_FIELD_READER_H
#define IMPROV_LIB_FIELD_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/ynode.h"

struct field_reader {
	const char *name;             /* the file, in messages */
	struct error *err;            /* may not be NULL */
	void *ctx;                    /* the caller's own, for its callbacks */
	bool failed;                  /* err holds the first mistake */
};

/* Where a node is: a chain from the node up to the top (NULL). */
struct field_at {
	const struct field_at *up;
	const char *key;              /* a key, or NULL for a list item */
	size_t item;                  /* list items: the index, from 0 */
};

/* The place under key, or the item'th of a list, below up (for one call). */
#define FIELD_KEY(up_, key_) (&(const struct field_at){(up_), (key_), 0})
#define FIELD_ITEM(up_, i_) (&(const struct field_at){(up_), NULL, (i_)})

enum field_kind {
	FIELD_TEXT,                   /* any scalar but null; bounds in bytes */
	FIELD_INTEGER,                /* an unquoted whole number; bounds are values */
	FIELD_NUMBER,                 /* an unquoted finite number; bounds are values */
	FIELD_BOOLEAN,                /* unquoted true or false */
	FIELD_ENUM,                   /* one of names; stored as an int */
	FIELD_LIST,                   /* bounds in items */
	FIELD_MAP,                    /* a mapping read through table */
	FIELD_CUSTOM,                 /* read is given the node */
};

/* How a text is kept. */
enum field_keep {
	FIELD_BORROW,                 /* a char * into the tree, which outlives it */
	FIELD_COPY,                   /* a char * the caller frees */
	FIELD_INTO,                   /* copied into a char array of size bytes */
};

/* A closed set of names: name(i) for i from 0 below count; value first + i
 * is stored. what names one of them in messages: "a colour". */
struct field_names {
	const char *what;
	int count;
	const char *(*name)(int i);
	int first;
};

struct field;

/* Reads or checks node for the field f; base is the struct f's offset is
 * into. */
typedef enum err_code (*field_fn)(struct field_reader *rd, const struct ynode *node,
				  const struct field_at *at, const struct field *f, void *base);

/* Called for the i'th item of a list; target is the list field's member. */
typedef enum err_code (*field_item_fn)(struct field_reader *rd, const struct ynode *item,
				       const struct field_at *at, size_t i, void *target);

struct field_table {
	const struct field *fields;
	size_t count;
	bool open;                    /* keys it does not name are ignored, not refused */
};

#define FIELD_TABLE(fields_) { (fields_), sizeof (fields_) / sizeof (fields_)[0], false }
#define FIELD_OPEN_TABLE(fields_) { (fields_), sizeof (fields_) / sizeof (fields_)[0], true }

struct field {
	const char *name;             /* the key; unused for a list's item */
	enum field_kind kind;
	size_t offset;                /* of the member in base */
	size_t size;                  /* of the member: integers, enums, FIELD_INTO text */
	bool required;
	long long min, max;           /* text: bytes; integers, numbers: values; lists: items */
	enum field_keep keep;         /* text */
	const char *what;             /* what is expected, when not the kind's own words */
	const struct field_names *names;   /* FIELD_ENUM */
	const struct field_table *table;   /* FIELD_MAP */
	/* FIELD_LIST: either each item is passed to each, or an array of
	 * nitems elements of item->size bytes is allocated (stored at offset,
	 * its count, a size_t, at count_offset) and each read through item. */
	field_item_fn each;
	const struct field *item;
	size_t count_offset;
	field_fn read;                /* FIELD_CUSTOM */
	field_fn check;               /* runs after the value is read */
};

/* offset and size of a member, for a table. */
#define FIELD_MEMBER(type, m) .offset = offsetof(type, m), .size = sizeof(((type *)0)->m)

/* Reads the mapping node through table into base. */
enum err_code field_read_map(struct field_reader *rd, const struct ynode *node,
			     const struct field_at *at, const struct field_table *table, void *base)
	__attribute__((nonnull(1, 2, 4), warn_unused_result));

/* Reads the value under f->name of the mapping map as the table would:
 * missing or null is refused when f is required and otherwise leaves the
 * member as it was. at is the mapping's place. */
enum err_code field_read_key(struct field_reader *rd, const struct ynode *map,
			     const struct field_at *at, const struct field *f, void *base)
	__attribute__((nonnull(1, 2, 4), warn_unused_result));

/* Reads node into base as f says; at is node's own place. A null node is
 * the wrong kind for every kind but FIELD_CUSTOM, whose read judges it
 * (as a list's each judges its items). */
enum err_code field_read_value(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
	__attribute__((nonnull(1, 2, 4), warn_unused_result));

/* Puts "name:line:col: where: what" in rd->err, unless a mistake is there
 * already, and returns ERR_DATA. A NULL node stands for the start of the
 * file. */
enum err_code field_fail(struct field_reader *rd, const struct ynode *node,
			 const struct field_at *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), nonnull(1, 4)));

/* A model function refused with its reason in rd->err: the same reason,
 * placed at node. */
enum err_code field_refused(struct field_reader *rd, const struct ynode *node,
			    const struct field_at *at) __attribute__((nonnull(1)));

/* "<expected>, not <what node is>", such as "a list, not a mapping". */
enum err_code field_wrong_kind(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const char *expected)
	__attribute__((nonnull(1, 2, 4)));

/* What a node is, in a message: "a list", "a mapping", "null", "true or
 * false", "a number" or "a string". */
const char *field_kind_of(const struct ynode *node) __attribute__((nonnull, returns_nonnull));

/* A scalar without a NUL byte in it, so its text is all of it. */
bool field_plain_text(const struct ynode *node) __attribute__((nonnull));

/* True when text is only blanks (spaces, tabs, line breaks), or empty. */
bool field_blank(const char *text) __attribute__((nonnull));

/* A check for a text field: a key of lib/paths.h (1 to PATHS_KEY_MAX of
 * a-z, 0-9, _ and -), or blank when the field is optional. */
enum err_code field_check_key(struct field_reader *rd, const struct ynode *node,
			      const struct field_at *at, const struct field *f, void *base);

/* The member f names in base (NULL when base is). */
void *field_member(void *base, const struct field *f) __attribute__((nonnull(2)));

#endif
