#include "lib/line_edit.h"

#include <stdbool.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/utf8.h"

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

struct cp_range {
	uint32_t first, last;
};

/* Space separators that end a word: not the no-break ones (U+00A0, U+2007,
 * U+202F), which are written to hold two words together. */
static const struct cp_range word_breaking_spaces[] = {
	{0x0020, 0x0020}, {0x1680, 0x1680}, {0x2000, 0x2006},
	{0x2008, 0x200A}, {0x205F, 0x205F}, {0x3000, 0x3000},
};

/* What a paste turns into one space: a one-line field has no line ends. */
static const uint32_t pasted_as_space[] = {
	'\t', '\n', '\v', '\f', '\r', 0x0085, 0x2028, 0x2029,
};

static bool in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].first && cp <= r[i].last)
			return true;
	return false;
}

static bool in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp == list[i])
			return true;
	return false;
}

static const char *text_of(const struct line_edit *e)
{
	return sbuf_str(&e->text);
}

static uint32_t code_point_at(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	utf8_decode(s + pos, len - pos, &cp);
	return cp;
}

/* True when pos starts a character: a zero-width code point there would
 * belong to the character before it. */
static bool at_boundary(const char *s, size_t len, size_t pos)
{
	if (pos == 0 || pos >= len)
		return true;
	return utf8_cp_width(code_point_at(s, len, pos)) != 0;
}

static size_t span_width(const char *s, size_t from, size_t to)
{
	size_t cols = 0;
	while (from < to) {
		uint32_t cp;
		from += utf8_decode(s + from, to - from, &cp);
		int w = utf8_cp_width(cp);
		cols += w < 0 ? 1 : (size_t)w;
	}
	return cols;
}

static size_t room_left(const struct line_edit *e)
{
	return e->text.len < e->max_bytes ? e->max_bytes - e->text.len : 0;
}

/* Inserting a base in front of a stray combining mark at the very start
 * makes the mark join it: the cursor then moves past the mark too. */
static void settle_cursor(struct line_edit *e)
{
	const char *s = text_of(e);
	if (!at_boundary(s, e->text.len, e->cursor))
		e->cursor = utf8_next(s, e->text.len, e->cursor);
}

static void insert_bytes(struct line_edit *e, const char *bytes, size_t n)
{
	size_t old_len = e->text.len;
	sbuf_add(&e->text, bytes, n);
	memmove(e->text.data + e->cursor + n, e->text.data + e->cursor, old_len - e->cursor);
	memcpy(e->text.data + e->cursor, bytes, n);
	e->cursor += n;
	settle_cursor(e);
}

static bool may_be_typed(const char *bytes, size_t n)
{
	return n > 0 && !sanitize_needed(bytes, n, SANITIZE_LINE);
}

enum line_edit_result line_edit_insert(struct line_edit *e, uint32_t cp)
{
	char bytes[4];
	size_t n = utf8_encode(cp, bytes);
	if (!may_be_typed(bytes, n) || n > room_left(e))
		return LINE_EDIT_REFUSED;
	insert_bytes(e, bytes, n);
	return LINE_EDIT_CHANGED;
}

bool line_edit_fits(const struct line_edit *e, uint32_t cp)
{
	char bytes[4];
	return utf8_encode(cp, bytes) <= room_left(e);
}

/* Appends to out what of s[0..len) may go into the text. */
static void clean_paste(struct sbuf *out, const char *s, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + pos, len - pos, &cp);
		if (cp == '\r' && pos + 1 < len && s[pos + 1] == '\n')
			n = 2;
		if (in_list(cp, pasted_as_space, LENGTH(pasted_as_space)))
			sbuf_addc(out, ' ');
		else if (cp != UTF8_INVALID && may_be_typed(s + pos, n))
			sbuf_add(out, s + pos, n);
		pos += n;
	}
}

/* Bytes of the longest run of whole characters of s[0..len) that is at
 * most max bytes long. */
static size_t whole_characters_within(const char *s, size_t len, size_t max)
{
	size_t pos = 0;
	while (pos < len) {
		size_t next = utf8_next(s, len, pos);
		if (next > max)
			break;
		pos = next;
	}
	return pos;
}

enum line_edit_result line_edit_paste(struct line_edit *e, const char *s, size_t len)
{
	if (len == 0)
		return LINE_EDIT_UNCHANGED;
	struct sbuf clean = SBUF_INIT;
	clean_paste(&clean, s, len);
	size_t n = whole_characters_within(sbuf_str(&clean), clean.len, room_left(e));
	if (n > 0)
		insert_bytes(e, clean.data, n);
	sbuf_free(&clean);
	return n > 0 ? LINE_EDIT_CHANGED : LINE_EDIT_REFUSED;
}

void line_edit_init(struct line_edit *e, const char *initial, size_t max_bytes)
{
	*e = (struct line_edit){.text = SBUF_INIT, .max_bytes = max_bytes};
	if (initial != NULL)
		line_edit_paste(e, initial, strlen(initial));
}

void line_edit_free(struct line_edit *e)
{
	sbuf_free(&e->text);
	e->cursor = e->scroll = 0;
}

const char *line_edit_text(const struct line_edit *e)
{
	return text_of(e);
}

static bool is_space_at(const char *s, size_t len, size_t pos)
{
	return in_ranges(code_point_at(s, len, pos), word_breaking_spaces,
			LENGTH(word_breaking_spaces));
}

static size_t word_start_before(const struct line_edit *e, size_t pos)
{
	const char *s = text_of(e);
	size_t len = e->text.len;
	while (pos > 0 && is_space_at(s, len, utf8_prev(s, pos)))
		pos = utf8_prev(s, pos);
	while (pos > 0 && !is_space_at(s, len, utf8_prev(s, pos)))
		pos = utf8_prev(s, pos);
	return pos;
}

static size_t word_end_after(const struct line_edit *e, size_t pos)
{
	const char *s = text_of(e);
	size_t len = e->text.len;
	while (pos < len && is_space_at(s, len, pos))
		pos = utf8_next(s, len, pos);
	while (pos < len && !is_space_at(s, len, pos))
		pos = utf8_next(s, len, pos);
	return pos;
}

static size_t previous_character(const struct line_edit *e)
{
	return utf8_prev(text_of(e), e->cursor);
}

static size_t next_character(const struct line_edit *e)
{
	return utf8_next(text_of(e), e->text.len, e->cursor);
}

static enum line_edit_result move_to(struct line_edit *e, size_t pos)
{
	if (pos == e->cursor)
		return LINE_EDIT_UNCHANGED;
	e->cursor = pos;
	return LINE_EDIT_MOVED;
}

/* Removes text[from..to) and leaves the cursor where it was. */
static enum line_edit_result delete_between(struct line_edit *e, size_t from, size_t to)
{
	if (from == to)
		return LINE_EDIT_UNCHANGED;
	memmove(e->text.data + from, e->text.data + to, e->text.len - to + 1);
	e->text.len -= to - from;
	e->cursor = from;
	return LINE_EDIT_CHANGED;
}

static enum line_edit_result key_left(struct line_edit *e)
{
	return move_to(e, previous_character(e));
}

static enum line_edit_result key_right(struct line_edit *e)
{
	return move_to(e, next_character(e));
}

static enum line_edit_result key_home(struct line_edit *e)
{
	return move_to(e, 0);
}

static enum line_edit_result key_end(struct line_edit *e)
{
	return move_to(e, e->text.len);
}

static enum line_edit_result key_backspace(struct line_edit *e)
{
	return delete_between(e, previous_character(e), e->cursor);
}

static enum line_edit_result key_delete(struct line_edit *e)
{
	return delete_between(e, e->cursor, next_character(e));
}

static enum line_edit_result key_kill_to_start(struct line_edit *e)
{
	return delete_between(e, 0, e->cursor);
}

static enum line_edit_result key_kill_to_end(struct line_edit *e)
{
	return delete_between(e, e->cursor, e->text.len);
}

static enum line_edit_result key_kill_word(struct line_edit *e)
{
	return delete_between(e, word_start_before(e, e->cursor), e->cursor);
}

static enum line_edit_result key_word_left(struct line_edit *e)
{
	return move_to(e, word_start_before(e, e->cursor));
}

static enum line_edit_result key_word_right(struct line_edit *e)
{
	return move_to(e, word_end_after(e, e->cursor));
}

static enum line_edit_result (*const key_handlers[])(struct line_edit *) = {
	[LINE_EDIT_LEFT] = key_left,
	[LINE_EDIT_RIGHT] = key_right,
	[LINE_EDIT_HOME] = key_home,
	[LINE_EDIT_END] = key_end,
	[LINE_EDIT_BACKSPACE] = key_backspace,
	[LINE_EDIT_DELETE] = key_delete,
	[LINE_EDIT_KILL_TO_START] = key_kill_to_start,
	[LINE_EDIT_KILL_TO_END] = key_kill_to_end,
	[LINE_EDIT_KILL_WORD] = key_kill_word,
	[LINE_EDIT_WORD_LEFT] = key_word_left,
	[LINE_EDIT_WORD_RIGHT] = key_word_right,
};

enum line_edit_result line_edit_key(struct line_edit *e, enum line_edit_key key)
{
	if ((size_t)key >= LENGTH(key_handlers) || key_handlers[key] == NULL)
		return LINE_EDIT_UNCHANGED;
	return key_handlers[key](e);
}

/* Columns the cursor needs: the character under it, or one cell past the
 * end; a stray mark at the start still shows the cursor. */
static size_t cursor_cells(const struct line_edit *e)
{
	size_t cells = span_width(text_of(e), e->cursor, next_character(e));
	return cells > 0 ? cells : 1;
}

/* The earliest character boundary from which s[..pos) is at most cols
 * columns wide. */
static size_t reach_back(const char *s, size_t pos, size_t cols)
{
	size_t used = 0;
	while (pos > 0) {
		size_t prev = utf8_prev(s, pos);
		size_t w = span_width(s, prev, pos);
		if (used + w > cols)
			break;
		used += w;
		pos = prev;
	}
	return pos;
}

static size_t start_of_character(const char *s, size_t len, size_t pos)
{
	if (pos > len)
		pos = len;
	while (!at_boundary(s, len, pos))
		pos = utf8_prev(s, pos);
	return pos;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

size_t line_edit_window(struct line_edit *e, size_t cols, size_t *cursor_col)
{
	const char *s = text_of(e);
	size_t len = e->text.len;
	size_t cells = cursor_cells(e);
	size_t before_cursor = cols > cells ? cols - cells : 0;

	e->scroll = start_of_character(s, len, e->scroll);
	if (e->cursor < e->scroll)
		e->scroll = reach_back(s, e->cursor, min_size(cols / 4, before_cursor));
	if (span_width(s, e->scroll, e->cursor) > before_cursor)
		e->scroll = reach_back(s, e->cursor, before_cursor);
	/* The whole tail fits, with a cell for the cursor at the end: show as
	 * much as fits before it rather than leave the right side empty. */
	size_t tail = reach_back(s, len, cols > 0 ? cols - 1 : 0);
	if (tail < e->scroll)
		e->scroll = tail;

	*cursor_col = span_width(s, e->scroll, e->cursor);
	return utf8_prefix_for_width(s + e->scroll, cols);
}
