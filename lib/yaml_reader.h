/* yaml_reader: reads a YAML document into the tree of lib/ynode.h, within
 * limits on file size, nesting depth, scalar length and node count. Aliases
 * and anchors are refused, so no document can expand beyond what it spells
 * out. Errors read "name:line:col: what". The one module that includes
 * libyaml; nothing about workshops lives here. */
#ifndef IMPROV_LIB_YAML_READER_H
#define IMPROV_LIB_YAML_READER_H

#include <stddef.h>

#include "lib/error.h"
#include "lib/ynode.h"

/* Reads one document. `name` is used in messages (usually the path).
 * On success *out is the root, which the caller frees with ynode_free.
 * An empty document gives an empty mapping. Returns ERR_OK, ERR_NOINPUT
 * (file missing), ERR_IO, or ERR_DATA with "name:line:col: what"
 * (ERR_SOFTWARE only if libyaml runs out of memory). limits may be NULL for
 * ynode_default_limits.
 * Input must be UTF-8 (a UTF-8 byte order mark is skipped); UTF-16 is
 * refused, with or without a byte order mark. Tags (!foo, !!str) are
 * refused, not ignored, so a tag can never silently change what a scalar
 * means. A scalar is measured once libyaml has read all of it, so its
 * memory is bounded by max_bytes rather than max_scalar. */
enum err_code yaml_read_file(const char *path, const struct ynode_limits *limits,
			     struct ynode **out, struct error *err);
enum err_code yaml_read_buffer(const char *name, const char *buf, size_t len,
			       const struct ynode_limits *limits,
			       struct ynode **out, struct error *err);

#endif
