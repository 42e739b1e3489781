#include "lib/sanitize.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

enum treatment { KEEP, ESCAPE_BYTE, ESCAPE_CODE_POINT, AS_SPACE };

/* One code point, or one byte that is not UTF-8, and what becomes of it. */
struct unit {
	size_t len;
	uint32_t value;           /* the code point, or the byte */
	enum treatment treatment;
};

struct cp_range {
	uint32_t first, last;
};

/* Valid UTF-8 that could still steer a terminal: C1 controls start escape
 * sequences on some terminals, bidi controls reorder the text after them. */
static const struct cp_range escaped_code_points[] = {
	{0x0080, 0x009F},
	{0x061C, 0x061C},
	{0x200E, 0x200F},
	{0x202A, 0x202E},
	{0x2066, 0x2069},
};

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

static bool is_escaped_code_point(uint32_t cp)
{
	for (size_t i = 0; i < LENGTH(escaped_code_points); i++)
		if (cp >= escaped_code_points[i].first && cp <= escaped_code_points[i].last)
			return true;
	return false;
}

static enum treatment treat_ascii(unsigned char c, enum sanitize_mode mode)
{
	if (c >= 0x20 && c < 0x7F)
		return KEEP;
	if (c == '\n')
		return mode == SANITIZE_TEXT ? KEEP : ESCAPE_BYTE;
	if (c == '\t')
		return mode == SANITIZE_TEXT ? KEEP : AS_SPACE;
	return ESCAPE_BYTE;
}

static struct unit next_unit(const char *s, size_t len, enum sanitize_mode mode)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return (struct unit){1, c, treat_ascii(c, mode)};
	uint32_t cp;
	size_t n = utf8_decode(s, len, &cp);
	if (cp == UTF8_INVALID)
		return (struct unit){1, c, ESCAPE_BYTE};
	return (struct unit){n, cp, is_escaped_code_point(cp) ? ESCAPE_CODE_POINT : KEEP};
}

static void add_byte_escape(struct sbuf *out, uint32_t byte)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4] = {'\\', 'x', hex[(byte >> 4) & 0xF], hex[byte & 0xF]};
	sbuf_add(out, esc, sizeof(esc));
}

static void add_replacement(struct sbuf *out, const struct unit *u)
{
	switch (u->treatment) {
	case ESCAPE_BYTE:
		add_byte_escape(out, u->value);
		break;
	case ESCAPE_CODE_POINT:
		sbuf_addf(out, "\\u{%04" PRIX32 "}", u->value);
		break;
	case AS_SPACE:
		sbuf_addc(out, ' ');
		break;
	case KEEP:
		break;
	}
}

/* Moves *pos over the text kept as it is; true, with the unit in *u, when
 * one that must be replaced starts there. */
static bool next_change(const char *s, size_t len, enum sanitize_mode mode, size_t *pos,
			struct unit *u)
{
	while (*pos < len) {
		/* Printable ASCII is kept as it is, without decoding. */
		unsigned char c = (unsigned char)s[*pos];
		if (c >= 0x20 && c < 0x7f) {
			(*pos)++;
			continue;
		}
		*u = next_unit(s + *pos, len - *pos, mode);
		if (u->treatment != KEEP)
			return true;
		*pos += u->len;
	}
	return false;
}

void sanitize_append(struct sbuf *out, const char *s, size_t len, enum sanitize_mode mode)
{
	size_t pos = 0;
	size_t run = 0;           /* start of the kept text not yet appended */
	struct unit u;
	while (next_change(s, len, mode, &pos, &u)) {
		sbuf_add(out, s + run, pos - run);
		add_replacement(out, &u);
		pos += u.len;
		run = pos;
	}
	sbuf_add(out, s + run, len - run);
}

char *sanitize(const char *s, size_t len, enum sanitize_mode mode)
{
	struct sbuf out = SBUF_INIT;
	sanitize_append(&out, s, len, mode);
	return sbuf_take(&out);
}

bool sanitize_needed(const char *s, size_t len, enum sanitize_mode mode)
{
	size_t pos = 0;
	struct unit u;
	return next_change(s, len, mode, &pos, &u);
}

void sanitize_line_in_place(char *buf, size_t size)
{
	size_t len = strlen(buf);
	if (!sanitize_needed(buf, len, SANITIZE_LINE))
		return;
	char *clean = sanitize(buf, len, SANITIZE_LINE);
	size_t n = strlen(clean);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, clean, n);
	buf[n] = '\0';
	free(clean);
}
