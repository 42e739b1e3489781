/* HTML text and the page frame the reports share. */
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/sanitize.h"

/* The entity for a character HTML would read as markup, or NULL. */
static const char *entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void html_escape(struct sbuf *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *e = entity(text[i]);
		if (e)
			sbuf_adds(out, e);
		else
			sbuf_addc(out, text[i]);
	}
}

void html_text(struct sbuf *out, const char *text)
{
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	html_escape(out, clean, strlen(clean));
	free(clean);
}

/* Dark text on white in every role (each pair above 7:1), one accent for
 * the bars; meaning is also in words and shapes, never in colour alone.
 * Print: a section starts a page, and nothing that is a picture or a table
 * row is split across two; a picture is ruled above and below in two
 * colours, so that a page shows at once whether one was cut. */
static const char style[] =
	"body{font:16px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;"
	"margin:0 auto;max-width:60rem;padding:1rem;overflow-wrap:anywhere}"
	"h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid #1a1a1a;"
	"padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.1rem}"
	".facts{color:#333}.summary{font-size:1.1rem;background:#f2f2f2;padding:.8rem 1rem;"
	"border-left:6px solid #1a4f8a}"
	"figure{margin:1rem 0;break-inside:avoid;page-break-inside:avoid}"
	"figcaption{font-weight:600;margin-bottom:.3rem}"
	"svg{width:100%;height:auto;max-width:100%;display:block}"
	"svg text{font:13px system-ui,sans-serif;fill:#1a1a1a}"
	"svg .muted{fill:#555}svg .light{fill:#fff}svg .axis{stroke:#555;stroke-width:1}"
	"svg .track{fill:#e6e6e6}svg .bar{fill:#1a4f8a}svg .band{fill:#9fbadb}"
	"svg .last{fill:#fff;stroke:#1a1a1a;stroke-width:2}svg .dot{fill:#1a1a1a}"
	"svg .target{stroke:#8a1a1a;stroke-width:2;stroke-dasharray:6 4}"
	"svg .line{fill:none;stroke:#1a4f8a;stroke-width:2.5}"
	"svg .win{fill:#dcefdc}svg .cell{fill:none;stroke:#555;stroke-width:1}"
	"figure.square svg{max-width:30rem}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95rem}"
	"th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top;"
	"overflow-wrap:normal}"
	"td.t{overflow-wrap:anywhere}th{background:#eee}td.n,th.n{text-align:right}"
	"tr{break-inside:avoid;page-break-inside:avoid}"
	".lanes{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}"
	".lanes ol{padding-left:1.4rem}.who{color:#333;font-size:.9rem}"
	"@media print{body{max-width:none;padding:0}"
	"figure{border-top:3px solid #1a4f8a;border-bottom:3px solid #8a1a1a;padding:4px 0}section{break-before:page;"
	"page-break-before:always}section:first-of-type{break-before:auto;"
	"page-break-before:auto}h2,h3{break-after:avoid;page-break-after:avoid}}";

void html_begin(struct sbuf *out, const char *title)
{
	sbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'; img-src data:\">\n<title>");
	html_text(out, title);
	sbuf_adds(out, "</title>\n<style>");
	sbuf_adds(out, style);
	sbuf_adds(out, "</style>\n</head>\n<body>\n");
}

void html_end(struct sbuf *out)
{
	sbuf_adds(out, "</body>\n</html>\n");
}
