/* utf8: decoding, display width and column-exact truncation of UTF-8 text.
 * Widths come from the module's own Unicode tables, never from the process
 * locale, so tests and the running program measure text the same way.
 *
 * Width model (the one ncurses uses when it places characters in cells):
 * a string is as wide as the sum of its code points. Combining marks, format
 * characters (ZWJ, ZWNJ, U+200B, U+FEFF, bidi controls, tags) and variation
 * selectors are 0; East Asian Wide and Fullwidth characters and emoji with
 * emoji presentation are 2; everything else printable is 1. An emoji ZWJ
 * sequence is therefore as wide as its parts (a terminal that draws it as one
 * glyph leaves blank cells rather than overlapping the next column), and a
 * regional indicator is 1, so a flag is 2.
 *
 * A "character" below is a base code point together with the zero-width code
 * points that follow it (e + U+0301, an emoji + U+FE0F, a ZWJ). Truncation,
 * padding and cursor movement work on whole characters. */
#ifndef IMPROV_LIB_UTF8_H
#define IMPROV_LIB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"

/* What utf8_decode reports for bytes that are not UTF-8; above U+10FFFF. */
#define UTF8_INVALID UINT32_C(0xFFFFFFFF)

/* Decodes the code point at s (len bytes available, at least 1) and returns
 * how many bytes it used, 1 to 4. A bad lead or continuation byte, an
 * overlong form, a surrogate, a value above U+10FFFF or a sequence cut short
 * by len sets *cp to UTF8_INVALID and returns 1, so that the caller steps
 * over exactly one bad byte. With len 0 it returns 0. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp) __attribute__((nonnull));

/* Writes cp as UTF-8 and returns its length, 1 to 4; returns 0 and writes
 * nothing for a surrogate or a value above U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[4]) __attribute__((nonnull));

bool utf8_valid(const char *s, size_t len) __attribute__((nonnull));

/* Columns cp takes: 0, 1 or 2; -1 for a control character (C0, DEL, C1) and
 * for anything that is not a Unicode scalar value (such as UTF8_INVALID),
 * which must be escaped (see lib/sanitize.h) before it is drawn. */
int utf8_cp_width(uint32_t cp);

/* Columns of a NUL-terminated string. Controls and invalid bytes count as 1
 * column each; text meant for the screen is sanitized first, and then there
 * are none. */
size_t utf8_width(const char *s) __attribute__((nonnull));

enum utf8_fit_flags {
	UTF8_FIT_CUT = 0,          /* cut at the edge, no padding */
	UTF8_FIT_PAD = 1 << 0,     /* pad with spaces up to cols */
	UTF8_FIT_ELLIPSIS = 1 << 1 /* end cut text with "…" in the last column */
};

/* Appends s fitted to cols columns. Text that is too long is cut after the
 * last whole character that fits, and then takes exactly cols columns: with
 * UTF8_FIT_ELLIPSIS the last column is "…" (U+2026), and a wide character
 * that would straddle the edge is replaced by a space. Text that fits is
 * appended whole, then padded with spaces to cols with UTF8_FIT_PAD. Flags
 * combine with |. Bytes are copied as they are: give it sanitized text. */
void utf8_fit(struct sbuf *out, const char *s, size_t cols, enum utf8_fit_flags flags)
	__attribute__((nonnull));

/* Byte length of the longest prefix of s, made of whole characters, that is
 * at most cols columns wide. Zero-width characters right after that prefix
 * belong to it. */
size_t utf8_prefix_for_width(const char *s, size_t cols) __attribute__((nonnull));

/* Wrapping s into lines of at most cols columns: the byte length of the
 * first line, broken after its last space when it has one that fits and
 * within a word only when a word is wider than the line (at least one
 * character, so that wrapping always moves on). *rest is set to where the
 * next line starts, past the spaces at the break; at the end it points to
 * the NUL. */
size_t utf8_wrap(const char *s, size_t cols, const char **rest) __attribute__((nonnull));

/* Cursor movement for a line editor over s[0..len): the byte offset of the
 * next or the previous character from pos (a character boundary), so that a
 * base and its combining marks are stepped over together. utf8_next returns
 * len at the end; utf8_prev returns 0 at the start. */
size_t utf8_next(const char *s, size_t len, size_t pos) __attribute__((nonnull));
size_t utf8_prev(const char *s, size_t pos) __attribute__((nonnull));

#endif
