/* json_reader: reads a JSON text, strictly as RFC 8259 spells it, into the
 * tree of lib/ynode.h (the one the YAML reader builds), within the same
 * limits on file size, nesting depth, string length and node count. It
 * does not use libyaml: JSON is read as JSON, not as YAML.
 *
 * Strings are quoted scalars holding UTF-8, with every escape decoded (a
 * surrogate pair \ud83d\ude80 to the one character it stands for); numbers,
 * true, false and null are plain scalars spelled as in the file.
 *
 * Refused, each with "name:line:col: what" at the character it is about
 * (columns count characters, as the YAML reader's do):
 * - what JSON does not allow: comments, single quotes, trailing commas,
 *   keys that are not strings, NaN and Infinity, a number with a '+' sign,
 *   leading zeros or a bare '.', escapes other than JSON's, a control
 *   character written raw in a string, anything after the value, an empty
 *   file;
 * - what JSON allows but no file of ours can mean: a lone surrogate
 *   escape (high or low), \u0000 (no text in improv holds a NUL), text
 *   that is not UTF-8, a whole number beyond int64 or a number beyond a
 *   double, and a key given twice in one object (the message names it);
 * - UTF-16, with or without a byte order mark. A UTF-8 byte order mark at
 *   the start is skipped, as the YAML reader skips it (RFC 8259 8.1 lets a
 *   reader ignore it; editors on Windows write one).
 * The nesting limit also bounds the reader's recursion. */
#ifndef IMPROV_LIB_JSON_READER_H
#define IMPROV_LIB_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/ynode.h"

/* Reads one JSON text. `name` is used in messages (usually the path). On
 * success *out is the root (any JSON value), which the caller frees with
 * ynode_free. Returns ERR_OK, ERR_NOINPUT (file missing), ERR_IO, or
 * ERR_DATA with "name:line:col: what". limits may be NULL for
 * ynode_default_limits. */
enum err_code json_read_file(const char *path, const struct ynode_limits *limits,
			     struct ynode **out, struct error *err)
	__attribute__((nonnull(1, 3), warn_unused_result));
enum err_code json_read_buffer(const char *name, const char *buf, size_t len,
			       const struct ynode_limits *limits, struct ynode **out,
			       struct error *err)
	__attribute__((nonnull(1, 5), warn_unused_result));

/* True when buf[0..len) is meant as JSON: after a UTF-8 byte order mark
 * and whitespace, it starts with '{' or '['. (A YAML document in block
 * style, as improv writes one, never does.) */
bool json_looks_like(const char *buf, size_t len);

#endif
