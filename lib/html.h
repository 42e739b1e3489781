/* html: writing HTML that shows every text as text. A person's text is
 * sanitized to one line (lib/sanitize.h) and then escaped, so that no
 * tag, entity, control or bidi override in it does anything on the page. */
#ifndef IMPROV_LIB_HTML_H
#define IMPROV_LIB_HTML_H

#include <stddef.h>

#include "lib/sbuf.h"

/* Appends text sanitized to one line, with & < > " ' as entities: safe in
 * an element's content and inside a double-quoted attribute. */
void html_text(struct sbuf *out, const char *text) __attribute__((nonnull));

/* The same for bytes that are already clean (the program's own words and
 * numbers), escaped only. */
void html_escape(struct sbuf *out, const char *text, size_t len) __attribute__((nonnull));

/* The document up to the opening of <body>: UTF-8, a viewport for phones,
 * the title (escaped) and the inline style sheet, screen and print. The
 * page loads nothing: the policy forbids every source but its own inline
 * style and images drawn inline. */
void html_begin(struct sbuf *out, const char *title) __attribute__((nonnull));

/* Closes <body> and the document. */
void html_end(struct sbuf *out) __attribute__((nonnull));

#endif
