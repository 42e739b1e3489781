#include "tui/bigtext.h"

#include <stdint.h>
#include <string.h>

#include "lib/utf8.h"

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

struct glyph {
	char ch;
	size_t width;
	const char *rows[BIGTEXT_ROWS];
};

/* Digits are square-cornered, letters round where the letter is, so that 0
 * and O, 5 and S, 8 and B stay apart on a blurred projector. */
static const struct glyph font[] = {
	{'0', 4, {"####", "#  #", "#  #", "#  #", "####"}},
	{'1', 4, {"  # ", " ## ", "  # ", "  # ", " ###"}},
	{'2', 4, {"####", "   #", "####", "#   ", "####"}},
	{'3', 4, {"####", "   #", " ###", "   #", "####"}},
	{'4', 4, {"#  #", "#  #", "####", "   #", "   #"}},
	{'5', 4, {"####", "#   ", "####", "   #", "####"}},
	{'6', 4, {"####", "#   ", "####", "#  #", "####"}},
	{'7', 4, {"####", "   #", "  # ", " #  ", " #  "}},
	{'8', 4, {"####", "#  #", "####", "#  #", "####"}},
	{'9', 4, {"####", "#  #", "####", "   #", "####"}},

	{' ', 3, {"   ", "   ", "   ", "   ", "   "}},
	{':', 3, {"   ", " # ", "   ", " # ", "   "}},
	{'-', 3, {"   ", "   ", "###", "   ", "   "}},
	{'+', 3, {"   ", " # ", "###", " # ", "   "}},
	{'=', 3, {"   ", "###", "   ", "###", "   "}},
	{'.', 3, {"   ", "   ", "   ", "   ", " # "}},
	{'!', 3, {" # ", " # ", " # ", "   ", " # "}},
	{'?', 4, {"### ", "   #", " ## ", "    ", " #  "}},
	{'&', 5, {" ##  ", "#  # ", " ##  ", "#  ##", " ## #"}},
	{'/', 3, {"  #", "  #", " # ", "#  ", "#  "}},

	{'A', 4, {" ## ", "#  #", "####", "#  #", "#  #"}},
	{'B', 4, {"### ", "#  #", "### ", "#  #", "### "}},
	{'C', 4, {" ###", "#   ", "#   ", "#   ", " ###"}},
	{'D', 4, {"### ", "#  #", "#  #", "#  #", "### "}},
	{'E', 4, {"####", "#   ", "### ", "#   ", "####"}},
	{'F', 4, {"####", "#   ", "### ", "#   ", "#   "}},
	{'G', 4, {" ###", "#   ", "# ##", "#  #", " ###"}},
	{'H', 4, {"#  #", "#  #", "####", "#  #", "#  #"}},
	{'I', 3, {"###", " # ", " # ", " # ", "###"}},
	{'J', 4, {"   #", "   #", "   #", "#  #", " ## "}},
	{'K', 4, {"#  #", "# # ", "##  ", "# # ", "#  #"}},
	{'L', 4, {"#   ", "#   ", "#   ", "#   ", "####"}},
	{'M', 5, {"#   #", "## ##", "# # #", "#   #", "#   #"}},
	{'N', 5, {"#   #", "##  #", "# # #", "#  ##", "#   #"}},
	{'O', 4, {" ## ", "#  #", "#  #", "#  #", " ## "}},
	{'P', 4, {"### ", "#  #", "### ", "#   ", "#   "}},
	{'Q', 4, {" ## ", "#  #", "#  #", "# ##", " ###"}},
	{'R', 4, {"### ", "#  #", "### ", "# # ", "#  #"}},
	{'S', 4, {" ###", "#   ", " ## ", "   #", "### "}},
	{'T', 5, {"#####", "  #  ", "  #  ", "  #  ", "  #  "}},
	{'U', 4, {"#  #", "#  #", "#  #", "#  #", " ## "}},
	{'V', 5, {"#   #", "#   #", "#   #", " # # ", "  #  "}},
	{'W', 5, {"#   #", "#   #", "# # #", "## ##", "#   #"}},
	{'X', 5, {"#   #", " # # ", "  #  ", " # # ", "#   #"}},
	{'Y', 5, {"#   #", " # # ", "  #  ", "  #  ", "  #  "}},
	{'Z', 4, {"####", "   #", "  # ", " #  ", "####"}},
};

static const struct glyph missing = {'\0', 3, {"   ", "###", "# #", "###", "   "}};

#define FULL_BLOCK "\xE2\x96\x88"

static const char gap_cells[] = " ";
#define GAP_COLS (sizeof(gap_cells) - 1)

static char ascii_upper(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return (char)(cp - 'a' + 'A');
	return (char)cp;
}

static const struct glyph *glyph_for(uint32_t cp)
{
	if (cp == 0 || cp >= 0x80)
		return &missing;
	char ch = ascii_upper(cp);
	for (size_t i = 0; i < LENGTH(font); i++)
		if (font[i].ch == ch)
			return &font[i];
	return &missing;
}

/* The glyph of the character at text[*pos], and *pos moved past it. Only a
 * character that is one ASCII code point can have a glyph: a letter with a
 * combining accent is as foreign to the font as a precomposed one. */
static const struct glyph *next_glyph(const char *text, size_t len, size_t *pos)
{
	uint32_t cp;
	size_t start = *pos;
	utf8_decode(text + start, len - start, &cp);
	*pos = utf8_next(text, len, start);
	return *pos - start == 1 ? glyph_for(cp) : &missing;
}

/* Columns that drawing g after `used` columns brings the text to. */
static size_t width_with(size_t used, const struct glyph *g)
{
	return used == 0 ? g->width : used + GAP_COLS + g->width;
}

size_t bigtext_width(const char *text)
{
	size_t len = strlen(text);
	size_t pos = 0, used = 0;
	while (pos < len)
		used = width_with(used, next_glyph(text, len, &pos));
	return used;
}

bool bigtext_fits(const char *text, size_t cols)
{
	return bigtext_width(text) <= cols;
}

static void add_cells(struct sbuf *row, const char *cells)
{
	for (const char *c = cells; *c != '\0'; c++) {
		if (*c == '#')
			sbuf_adds(row, FULL_BLOCK);
		else
			sbuf_addc(row, ' ');
	}
}

void bigtext_render(const char *text, size_t max_cols, struct sbuf rows[BIGTEXT_ROWS])
{
	size_t len = strlen(text);
	size_t pos = 0, used = 0;
	while (pos < len) {
		const struct glyph *g = next_glyph(text, len, &pos);
		if (width_with(used, g) > max_cols)
			break;
		for (size_t r = 0; r < BIGTEXT_ROWS; r++) {
			if (used > 0)
				add_cells(&rows[r], gap_cells);
			add_cells(&rows[r], g->rows[r]);
		}
		used = width_with(used, g);
	}
}
