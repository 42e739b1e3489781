/* Inline SVG: shapes and labels, every text escaped. */
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/sanitize.h"
#include "lib/svg.h"
#include "lib/utf8.h"

static void add_class(struct sbuf *out, const char *cls)
{
	if (cls)
		sbuf_addf(out, " class=\"%s\"", cls);
}

void svg_begin(struct sbuf *out, int width, int height, const char *id, const char *title,
	       const char *desc)
{
	sbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		       "style=\"max-width:%dpx\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n"
		       "<title id=\"%s-t\">", width, height, width, id, id, id);
	html_text(out, title);
	sbuf_addf(out, "</title>\n<desc id=\"%s-d\">", id);
	html_text(out, desc);
	sbuf_adds(out, "</desc>\n");
}

void svg_end(struct sbuf *out)
{
	sbuf_adds(out, "</svg>\n");
}

void svg_rect(struct sbuf *out, double x, double y, double w, double h, const char *cls)
{
	sbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y,
		  w < 0 ? 0 : w, h < 0 ? 0 : h);
	add_class(out, cls);
	sbuf_adds(out, "/>\n");
}

void svg_line(struct sbuf *out, double x1, double y1, double x2, double y2, const char *cls)
{
	sbuf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", x1, y1, x2, y2);
	add_class(out, cls);
	sbuf_adds(out, "/>\n");
}

void svg_circle(struct sbuf *out, double cx, double cy, double r, const char *cls)
{
	sbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", cx, cy, r);
	add_class(out, cls);
	sbuf_adds(out, "/>\n");
}

void svg_diamond(struct sbuf *out, double cx, double cy, double r, const char *cls)
{
	sbuf_addf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"", cx, cy - r,
		  cx + r, cy, cx, cy + r, cx - r, cy);
	add_class(out, cls);
	sbuf_adds(out, "/>\n");
}

void svg_polyline(struct sbuf *out, const double *xy, size_t n, const char *cls)
{
	sbuf_adds(out, "<polyline points=\"");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(out, "%s%.1f,%.1f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
	sbuf_addc(out, '"');
	add_class(out, cls);
	sbuf_adds(out, "/>\n");
}

static const char *const anchors[] = {"start", "middle", "end"};

void svg_text(struct sbuf *out, double x, double y, enum svg_anchor anchor, const char *cls,
	      const char *text)
{
	sbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchors[anchor]);
	add_class(out, cls);
	sbuf_addc(out, '>');
	html_text(out, text);
	sbuf_adds(out, "</text>\n");
}

int svg_text_wrapped(struct sbuf *out, double x, double y, double line_height, size_t cols,
		     const char *cls, const char *text)
{
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	int lines = 0;
	sbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
	add_class(out, cls);
	sbuf_addc(out, '>');
	for (const char *p = clean, *rest; *p || lines == 0; p = rest) {
		size_t n = utf8_wrap(p, cols, &rest);
		sbuf_addf(out, "<tspan x=\"%.1f\" dy=\"%.1f\">", x, lines ? line_height : 0.0);
		html_escape(out, p, n);
		sbuf_adds(out, "</tspan>");
		lines++;
		if (*p == '\0')
			break;
	}
	sbuf_adds(out, "</text>\n");
	free(clean);
	return lines;
}

int svg_lines_for(const char *text, size_t cols)
{
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	int lines = 0;
	for (const char *p = clean, *rest; *p; p = rest) {
		utf8_wrap(p, cols, &rest);
		lines++;
	}
	free(clean);
	return lines ? lines : 1;
}
