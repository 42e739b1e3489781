/* line_edit: the logic of a one-line text field over UTF-8. The TUI feeds it
 * keys and typed characters and draws the window it computes; nothing here
 * knows about curses.
 *
 * A "character" is what lib/utf8.h steps over: a code point with the
 * zero-width code points after it (e + U+0301, an emoji + U+FE0F, a ZWJ).
 * The cursor sits between characters, and every key that moves or deletes
 * works on whole characters.
 *
 * The text never holds invalid UTF-8, controls (C0, DEL, C1) or bidi
 * controls, so it can be drawn as it is; and it is never longer than
 * max_bytes bytes (the terminating NUL not counted). */
#ifndef IMPROV_LIB_LINE_EDIT_H
#define IMPROV_LIB_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"

struct line_edit {
	struct sbuf text;
	size_t cursor;        /* byte offset, always on a character boundary */
	size_t max_bytes;     /* SIZE_MAX for no limit */
	size_t scroll;        /* first byte shown; kept by line_edit_window */
};

enum line_edit_key {
	LINE_EDIT_LEFT,
	LINE_EDIT_RIGHT,
	LINE_EDIT_HOME,
	LINE_EDIT_END,
	LINE_EDIT_BACKSPACE,
	LINE_EDIT_DELETE,
	LINE_EDIT_KILL_TO_START, /* Ctrl-U */
	LINE_EDIT_KILL_TO_END,   /* Ctrl-K */
	LINE_EDIT_KILL_WORD,     /* Ctrl-W: the word before the cursor and the spaces after it */
	LINE_EDIT_WORD_LEFT,     /* to the start of the word before the cursor */
	LINE_EDIT_WORD_RIGHT     /* to the end of the word after the cursor */
};

/* A word is a run of characters that are not spaces; spaces are U+0020 and
 * the other Unicode space separators that allow a break (not U+00A0,
 * U+2007, U+202F). Word keys therefore treat "a/b-c" as one word, as a
 * shell's Ctrl-W does. */

enum line_edit_result {
	LINE_EDIT_UNCHANGED, /* nothing to do: Left at the start, Delete at the end */
	LINE_EDIT_MOVED,     /* the cursor moved; the text is the same */
	LINE_EDIT_CHANGED,   /* the text changed (and maybe the cursor) */
	LINE_EDIT_REFUSED    /* the input was not taken: too long, a control; nothing changed */
};

/* Starts editing a copy of initial (NULL for empty), cleaned as
 * line_edit_paste cleans and cut to max_bytes; the cursor is at the end.
 * Free with line_edit_free. */
void line_edit_init(struct line_edit *e, const char *initial, size_t max_bytes)
	__attribute__((nonnull(1)));
void line_edit_free(struct line_edit *e) __attribute__((nonnull));

enum line_edit_result line_edit_key(struct line_edit *e, enum line_edit_key key)
	__attribute__((nonnull));

/* Inserts one typed code point at the cursor and moves past it. Refuses C0,
 * DEL and C1 controls, bidi controls, surrogates, values above U+10FFFF, and
 * anything that would make the text longer than max_bytes. */
enum line_edit_result line_edit_insert(struct line_edit *e, uint32_t cp)
	__attribute__((nonnull));

/* Whether one more code point cp would fit in max_bytes: what tells a
 * character refused for the length from one refused for what it is. */
bool line_edit_fits(const struct line_edit *e, uint32_t cp) __attribute__((nonnull));

/* Inserts pasted text at the cursor and moves past it. Line ends (LF, CR,
 * CRLF) and tabs become one space each; other controls and bytes that are
 * not UTF-8 are dropped. What does not fit in max_bytes is left off after
 * the last whole character that fits. CHANGED when anything was inserted,
 * REFUSED when s held something but none of it could be, UNCHANGED for
 * empty s. */
enum line_edit_result line_edit_paste(struct line_edit *e, const char *s, size_t len)
	__attribute__((nonnull));

/* The text being edited; valid until the next change. */
const char *line_edit_text(const struct line_edit *e) __attribute__((nonnull, returns_nonnull));

/* The part of the text to draw in cols columns (cols >= 2) so that the
 * cursor, and the whole character under it, can be seen. Updates e->scroll:
 * the window follows the cursor to the right edge when it moves right, keeps
 * about a quarter of the width of context left of the cursor when it moves
 * back past the left edge, and is pulled back when the text after it got
 * short enough to show more. Returns how many bytes to draw from e->scroll
 * (whole characters only, at most cols columns, wide characters counting 2)
 * and sets *cursor_col to the cursor's column in the window, below cols. */
size_t line_edit_window(struct line_edit *e, size_t cols, size_t *cursor_col)
	__attribute__((nonnull));

#endif
