/* sanitize: makes untrusted text safe to draw on a terminal and to export.
 * Every string that came from a user or a file passes through here before it
 * reaches the screen, JSON, YAML, Markdown or CSV.
 *
 * What a terminal could act on is replaced by a visible escape made of
 * printable ASCII only:
 *   \xHH      a single byte: C0 controls, DEL, bytes that are not UTF-8
 *             (including raw 0x80-0x9F), two lowercase hex digits: ESC is \x1b
 *   \u{HHHH}  a code point: the C1 controls U+0080-U+009F written as UTF-8,
 *             and the bidirectional controls U+061C, U+200E, U+200F,
 *             U+202A-U+202E and U+2066-U+2069; uppercase hex, at least four
 *             digits: \u{202E}, \u{009B}
 * So an OSC, CSI or DCS sequence shows as its text ("\x1b]0;title\x07") and
 * bidi text cannot reorder what follows it.
 *
 * Decisions:
 * - A backslash is left as it is. Escaping is for visibility, not
 *   reversibility: a backslash cannot make a terminal do anything, and
 *   "C:\temp" should read as typed.
 * - SANITIZE_LINE is for one line of display: \n and \r are escaped (\x0a,
 *   \x0d) so that a line stays one line; \t becomes one space.
 *   SANITIZE_TEXT is for several lines: \n and \t are kept, \r is escaped
 *   (so CRLF line ends are best turned into LF when a file is read).
 * - Kept, because they shape text and cannot move the cursor: ZWJ, ZWNJ,
 *   variation selectors (emoji and several scripts need them), and also
 *   U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and U+FEFF (a BOM at the
 *   start of a file is the reader's business). All have width 0 in
 *   lib/utf8.h, so columns stay right.
 * The output is valid UTF-8 and holds no byte below 0x20 other than the \n
 * and \t kept by SANITIZE_TEXT, no 0x7F, no C1 and no bidi control. */
#ifndef IMPROV_LIB_SANITIZE_H
#define IMPROV_LIB_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/sbuf.h"

enum sanitize_mode {
	SANITIZE_LINE, /* one line: \n, \r escaped, \t shown as a space */
	SANITIZE_TEXT  /* several lines: \n and \t kept, \r escaped */
};

/* Returns a sanitized copy of s[0..len) (which may hold NUL bytes: each
 * shows as \x00); the caller frees it. */
char *sanitize(const char *s, size_t len, enum sanitize_mode mode)
	__attribute__((nonnull, malloc, returns_nonnull, warn_unused_result));

/* True when sanitize would change s[0..len) in any way. */
bool sanitize_needed(const char *s, size_t len, enum sanitize_mode mode)
	__attribute__((nonnull));

/* Appends the sanitized form of s[0..len) to out. */
void sanitize_append(struct sbuf *out, const char *s, size_t len, enum sanitize_mode mode)
	__attribute__((nonnull));

/* Makes the string in buf[size] one line that is safe to show
 * (SANITIZE_LINE), cut at a character boundary when it no longer fits. */
void sanitize_line_in_place(char *buf, size_t size) __attribute__((nonnull));

#endif
