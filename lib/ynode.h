/* ynode: the small tree the YAML and JSON readers build, the limits both
 * read within, and the bounded read of a file into memory they share.
 * Nothing about workshops lives here. */
#ifndef IMPROV_LIB_YNODE_H
#define IMPROV_LIB_YNODE_H

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

struct ynode_limits {
	size_t max_bytes;     /* whole input */
	size_t max_depth;     /* nesting of sequences and mappings */
	size_t max_scalar;    /* bytes in one scalar */
	size_t max_nodes;     /* scalars, sequences and mappings together */
};

/* 4 MiB, depth 32, 64 KiB scalars, 200,000 nodes. */
extern const struct ynode_limits ynode_default_limits;

/* Reads the whole file at path into *out (NUL-terminated; the caller
 * frees it), refusing one larger than max bytes without reading all of it
 * (a pipe too). Returns ERR_OK, ERR_NOINPUT (file missing), ERR_IO, or
 * ERR_DATA "path:1:1: the file is larger than N bytes". */
enum err_code ynode_read_file(const char *path, size_t max, char **out, size_t *out_len,
			      struct error *err) __attribute__((nonnull(1, 3, 4), warn_unused_result));

/* A parser of a whole document held in memory: the YAML and the JSON reader. */
typedef enum err_code (*ynode_parse_fn)(const char *name, const char *buf, size_t len,
					const struct ynode_limits *limits, struct ynode **out,
					struct error *err);
/* Reads the file at path within limits (NULL: the defaults) and parses it
 * with parse; *out is the tree (the caller frees it) or NULL on failure. */
enum err_code ynode_parse_file(const char *path, const struct ynode_limits *limits,
			       ynode_parse_fn parse, struct ynode **out, struct error *err)
	__attribute__((nonnull(1, 3, 4), warn_unused_result));

/* A new node of kind at line:col, all else empty; the caller hangs it in a
 * tree or frees it with ynode_free. */
struct ynode *ynode_new(enum ynode_kind kind, int line, int col)
	__attribute__((malloc, returns_nonnull));

void ynode_free(struct ynode *node);

/* The first key of a mapping, in file order, that repeats an earlier one,
 * or NULL. Takes n log n time, not n squared. */
const struct ynode *ynode_first_duplicate(const struct ynode *map) __attribute__((nonnull));

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
