#include "themes/contrast.h"

#include <math.h>

/* Indexed by colour (THEME_BLACK ... THEME_WHITE); see the header. */
static const struct rgb xterm_normal[] = {
	{0x00, 0x00, 0x00}, {0xcd, 0x00, 0x00}, {0x00, 0xcd, 0x00}, {0xcd, 0xcd, 0x00},
	{0x00, 0x00, 0xee}, {0xcd, 0x00, 0xcd}, {0x00, 0xcd, 0xcd}, {0xe5, 0xe5, 0xe5},
};
static const struct rgb xterm_bright[] = {
	{0x7f, 0x7f, 0x7f}, {0xff, 0x00, 0x00}, {0x00, 0xff, 0x00}, {0xff, 0xff, 0x00},
	{0x5c, 0x5c, 0xff}, {0xff, 0x00, 0xff}, {0x00, 0xff, 0xff}, {0xff, 0xff, 0xff},
};
_Static_assert(sizeof xterm_normal / sizeof xterm_normal[0] == THEME_WHITE + 1,
	       "one value for each colour");
_Static_assert(sizeof xterm_bright == sizeof xterm_normal, "one bright value for each colour");

struct rgb contrast_xterm_rgb(enum theme_color c, bool bright)
{
	if (c < THEME_BLACK || c > THEME_WHITE)
		c = THEME_BLACK;
	return bright ? xterm_bright[c] : xterm_normal[c];
}

/* An sRGB channel, 0-255, as linear light. */
static double linear(unsigned char channel)
{
	double v = channel / 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double contrast_luminance(struct rgb c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast_ratio(struct rgb a, struct rgb b)
{
	double la = contrast_luminance(a), lb = contrast_luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

static struct rgb halfway(struct rgb a, struct rgb b)
{
	return (struct rgb){(unsigned char)((a.r + b.r) / 2), (unsigned char)((a.g + b.g) / 2),
			    (unsigned char)((a.b + b.b) / 2)};
}

static double drawn_ratio(enum theme_color fg, enum theme_color bg, unsigned attrs, bool bright)
{
	struct rgb back = contrast_xterm_rgb(bg, false);
	struct rgb text = contrast_xterm_rgb(fg, bright);
	if (attrs & THEME_DIM)
		text = halfway(text, back);
	return contrast_ratio(text, back);
}

bool contrast_of_style(struct theme_style style, double *ratio)
{
	*ratio = 0;
	if (style.fg == THEME_COLOR_DEFAULT || style.bg == THEME_COLOR_DEFAULT)
		return false;
	enum theme_color fg = style.fg, bg = style.bg;
	if (style.attrs & (THEME_REVERSE | THEME_STANDOUT))
		fg = style.bg, bg = style.fg;
	*ratio = drawn_ratio(fg, bg, style.attrs, false);
	if (style.attrs & THEME_BOLD)
		*ratio = fmin(*ratio, drawn_ratio(fg, bg, style.attrs, true));
	return true;
}

bool contrast_lowest(const struct theme *t, struct contrast_low *low)
{
	*low = (struct contrast_low){ROLE_TEXT, 0, true};
	if (t->monochrome)
		return false;
	bool first = true;
	for (int r = 0; r < ROLE_COUNT; r++) {
		double ratio;
		bool known = contrast_of_style(t->roles[r], &ratio);
		bool weaker = first || (low->known && (!known || ratio < low->ratio));
		if (weaker)
			*low = (struct contrast_low){(enum role)r, ratio, known};
		first = false;
	}
	return true;
}

static enum err_code ok(struct error *err)
{
	error_clear(err);
	return ERR_OK;
}

enum err_code contrast_check(const struct theme *t, struct error *err)
{
	struct contrast_low low;
	if (!contrast_lowest(t, &low))
		return ok(err);
	if (!low.known)
		return error_set(err, ERR_DATA, "theme \"%s\": role %s is drawn on the terminal's "
				 "own colours, so its contrast cannot be known; give it fg and bg",
				 t->key, role_name(low.role));
	if (low.ratio < CONTRAST_MIN)
		return error_set(err, ERR_DATA, "theme \"%s\": role %s has a contrast of %.2f:1, "
				 "below %.1f:1", t->key, role_name(low.role), low.ratio, CONTRAST_MIN);
	return ok(err);
}
