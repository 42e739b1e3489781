/* The HTML report's pictures, each an inline SVG with its title and
 * description; the tables beside them are written by export_html.c. */
#ifndef IMPROV_SESSIONS_EXPORT_HTML_H
#define IMPROV_SESSIONS_EXPORT_HTML_H

#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/report.h"

/* The current state: a row per dimension, weakest first: the mean as a
 * bar, one standard deviation either side as a band, the range as a
 * line, a dot for each score given (sized and labelled by how many), last
 * time's mean as a hollow diamond. */
void chart_dimensions(struct sbuf *out, const struct report *r) __attribute__((nonnull));

/* One metric from its baseline through every measurement, its target as
 * a dashed line. */
void chart_metric(struct sbuf *out, const struct session *s, size_t metric, const char *status)
	__attribute__((nonnull));

/* A revealed ballot's ranked result as bars, ties labelled "2=". */
void chart_ballot_bars(struct sbuf *out, const struct session *s, size_t ballot,
		       const struct ballot_results *res) __attribute__((nonnull));

/* An impact / effort ballot as a 2x2: effort across, impact up, each step
 * at its mean scores by its rank, the quadrants named in words. */
void chart_ballot_matrix(struct sbuf *out, const struct session *s, size_t ballot,
			 const struct ballot_results *res) __attribute__((nonnull));

/* The text of the step with this id, or a placeholder for a deleted one. */
const char *html_step_text(const struct session *s, int64_t id) __attribute__((nonnull));

#endif
