/* yaml_writer: writes a tree as block-style YAML into a string buffer,
 * through the emitter interface (lib/emit.h), so that the walk that writes
 * JSON writes the same tree as YAML: same keys in the same order, same
 * nulls, numbers spelled as lib/json.h spells them.
 *
 * Every string value is double-quoted and escaped as lib/json.h escapes
 * it (control characters, bidirectional controls and U+2028/U+2029 as \u
 * escapes, invalid UTF-8 as \ufffd), and U+FFFE and U+FFFF as well, which
 * YAML does not allow raw: no string can be read as a number, a boolean or
 * null, and the text holds nothing a terminal acts on. Keys are written
 * plain when they are a word of letters, digits, '_' and '-' starting with
 * a letter or '_' that YAML 1.1 does not read as a boolean or null
 * (yes, no, on, off, y, n, true, false, null); otherwise they are quoted.
 * Empty mappings and sequences are written {} and []. */
#ifndef IMPROV_LIB_YAML_WRITER_H
#define IMPROV_LIB_YAML_WRITER_H

#include <stdbool.h>

#include "lib/emit.h"
#include "lib/sbuf.h"

#define YAML_WRITER_MAX_DEPTH 32

struct yaml_level {
	bool is_sequence;
	bool has_items;
	bool under_key;        /* the value of a key, rather than an item or the root */
	int indent;            /* the column its entries start at */
};

struct yaml_writer {
	struct sbuf *out;
	int depth;
	struct yaml_level levels[YAML_WRITER_MAX_DEPTH];
	bool started;          /* something has been written */
	bool after_key;        /* a key was written: its value comes next */
	bool inline_next;      /* right after "- ": the next entry stays on this line */
};

void yaml_writer_start(struct yaml_writer *y, struct sbuf *out) __attribute__((nonnull));

/* An emitter that writes through y; y must outlive it. */
struct emitter yaml_writer_emitter(struct yaml_writer *y) __attribute__((nonnull));

#endif
