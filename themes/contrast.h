/* contrast: how readable a theme's colours are, measured as WCAG 2.x does
 * (relative luminance and contrast ratio) on the colours an xterm draws.
 *
 * The eight colours a theme names are the curses colours 0-7. Their RGB
 * values are xterm's own (the XTerm defaults, which most terminals follow
 * for the basic palette), and a bold foreground may be drawn in the bright
 * colour 8-15 instead, as xterm does unless told otherwise:
 *
 *   colour   normal    bright (bold)
 *   black    #000000   #7f7f7f
 *   red      #cd0000   #ff0000
 *   green    #00cd00   #00ff00
 *   yellow   #cdcd00   #ffff00
 *   blue     #0000ee   #5c5cff
 *   magenta  #cd00cd   #ff00ff
 *   cyan     #00cdcd   #00ffff
 *   white    #e5e5e5   #ffffff
 *
 * A background is always the normal colour. Reverse, and standout (which
 * xterm draws as reverse), swap foreground and background; dim draws the foreground halfway to the background. A role
 * on the terminal's own colours ("default") cannot be measured. */
#ifndef IMPROV_THEMES_CONTRAST_H
#define IMPROV_THEMES_CONTRAST_H

#include <stdbool.h>

#include "lib/error.h"
#include "themes/theme_load.h"

#define CONTRAST_MIN 4.5              /* WCAG 2.x AA for text */

struct rgb {
	unsigned char r, g, b;
};

/* The colour's xterm RGB value, its bright one when bright. c is one of
 * THEME_BLACK ... THEME_WHITE. */
struct rgb contrast_xterm_rgb(enum theme_color c, bool bright);

/* WCAG 2.x relative luminance, 0 (black) to 1 (white). */
double contrast_luminance(struct rgb c);

/* WCAG 2.x contrast ratio of two colours, 1 to 21; the order does not matter. */
double contrast_ratio(struct rgb a, struct rgb b);

/* The lowest ratio the style can show on a terminal (with a bold
 * foreground both normal and bright) into *ratio; false, and *ratio 0,
 * when the style uses the terminal's own colours. */
bool contrast_of_style(struct theme_style style, double *ratio) __attribute__((nonnull));

/* The role with the lowest ratio of a theme, and that ratio. */
struct contrast_low {
	enum role role;
	double ratio;
	bool known;                   /* false: the role uses the terminal's colours */
};

/* The theme's weakest role: one that cannot be measured comes first, then
 * the lowest ratio. A monochrome theme has nothing to measure: false. */
bool contrast_lowest(const struct theme *t, struct contrast_low *low)
	__attribute__((nonnull));

/* ERR_OK when every role of a colour theme can be measured and reaches
 * CONTRAST_MIN, and for a monochrome theme; else ERR_DATA, with a message
 * that names the theme, its weakest role and that role's ratio. */
enum err_code contrast_check(const struct theme *t, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

#endif
