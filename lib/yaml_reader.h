/* yaml_reader: reads a YAML (or JSON) document into a small tree, within
 * limits on file size, nesting depth, scalar length and node count. Aliases
 * and anchors are refused, so no document can expand beyond what it spells
 * out. Errors read "name:line:col: what". The one module that includes
 * libyaml; nothing about workshops lives here. */
#ifndef IMPROV_LIB_YAML_READER_H
#define IMPROV_LIB_YAML_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

enum ynode_kind { YNODE_SCALAR, YNODE_SEQUENCE, YNODE_MAPPING };

struct ynode;

struct ypair {
	struct ynode *key;    /* always a scalar */
	struct ynode *value;
};

struct ynode {
	enum ynode_kind kind;
	int line, col;        /* where the node starts, both counted from 1 */
	/* YNODE_SCALAR: NUL-terminated text (len excludes the NUL; the text may
	 * hold NUL bytes from escapes, len tells); quoted is true when it was
	 * written in quotes or as a block, so "3" and "null" stay strings. */
	char *text;
	size_t len;
	bool quoted;
	/* YNODE_SEQUENCE: items */
	struct ynode **items;
	size_t nitems;
	/* YNODE_MAPPING: pairs in file order; duplicate keys are an error */
	struct ypair *pairs;
	size_t npairs;
};

struct yaml_limits {
	size_t max_bytes;     /* whole input */
	size_t max_depth;     /* nesting of sequences and mappings */
	size_t max_scalar;    /* bytes in one scalar */
	size_t max_nodes;     /* scalars, sequences and mappings together */
};

/* 4 MiB, depth 32, 64 KiB scalars, 200,000 nodes. */
extern const struct yaml_limits yaml_default_limits;

/* Reads one document. `name` is used in messages (usually the path).
 * On success *out is the root, which the caller frees with ynode_free.
 * An empty document gives an empty mapping. Returns ERR_OK, ERR_NOINPUT
 * (file missing), ERR_IO, or ERR_DATA with "name:line:col: what"
 * (ERR_SOFTWARE only if libyaml runs out of memory). limits may be NULL for
 * yaml_default_limits.
 * Input must be UTF-8 (a UTF-8 byte order mark is skipped); UTF-16 is
 * refused, with or without a byte order mark. Tags (!foo, !!str) are
 * refused, not ignored, so a tag can never silently change what a scalar
 * means. A scalar is measured once libyaml has read all of it, so its
 * memory is bounded by max_bytes rather than max_scalar. */
enum err_code yaml_read_file(const char *path, const struct yaml_limits *limits,
			     struct ynode **out, struct error *err);
enum err_code yaml_read_buffer(const char *name, const char *buf, size_t len,
			       const struct yaml_limits *limits,
			       struct ynode **out, struct error *err);

void ynode_free(struct ynode *node);

/* Longest text ynode_echo writes, not counting the NUL. */
#define YNODE_ECHO_MAX 40

/* A scalar's text made safe to put in a message: each character that
 * lib/sanitize.h would escape (controls, bidi controls, bytes that are not
 * UTF-8) becomes '?', and text longer than YNODE_ECHO_MAX
 * bytes is cut at a character boundary and ends in "...". Writes "" for
 * anything but a scalar. Returns out. */
char *ynode_echo(const struct ynode *node, char out[YNODE_ECHO_MAX + 1]);

/* The value under `key` in a mapping, or NULL (also when node is not a
 * mapping). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* A scalar is "null" when plain and spelled ~, null, Null, NULL or empty.
 * False for NULL and for sequences and mappings. */
bool ynode_is_null(const struct ynode *node);

#endif
