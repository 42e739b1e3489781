/* export: a session as the documents people and scripts read. The JSON
 * tree is a public interface (see the design's "JSON export"): keys may be
 * added, never renamed or removed without a format_version bump. */
#ifndef IMPROV_SESSIONS_EXPORT_H
#define IMPROV_SESSIONS_EXPORT_H

#include "lib/emit.h"
#include "lib/sbuf.h"
#include "model/compare.h"
#include "model/session.h"

#define EXPORT_FORMAT "improv.session"
#define EXPORT_FORMAT_VERSION 1

/* What an exporter is given: the session, and when it is a check-in, its
 * parent and the comparison with it (both NULL otherwise). `today` (a day
 * number) is the day metric statuses are judged on. */
struct export_context {
	const struct session *session;
	const struct session *parent;
	const struct comparison *comparison;
	long today;
	bool names;     /* the reports show each person's scores, not only the room's */
};

/* The session's tree (the design's "JSON export"), walked once into any
 * emitter: JSON and YAML are this walk written by two writers. */
void export_tree(const struct export_context *ctx, const struct emitter *e)
	__attribute__((nonnull));

/* What a dimension's mean and spread are made of, as the exports name it:
 * "group_score" when a group score stands for the room (the people's
 * scores beside it are kept but not counted), "ratings" when they come
 * from the people's scores, NULL when there is none. */
const char *export_mean_from(const struct session *s, size_t dim) __attribute__((nonnull));

/* Appends the JSON document of the session. */
void export_json(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* Appends the same tree as YAML (lib/yaml_writer.h): the same keys in the
 * same order and the same nulls, every string double-quoted, so that
 * lib/yaml_reader reads both documents into the same nodes. */
void export_yaml(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* Appends the Markdown report a reader in a hurry reads: the facts, a
 * summary of a few sentences (model/report.h), the current state weakest
 * first (the mean, standard deviation, range and how many gave each score,
 * marks for a room in two camps and for notes, last time and the change
 * when ctx->parent is set; each person's scores only with ctx->names),
 * "Since last time" when ctx->comparison is set, the Now / Next / Later
 * roadmap, the steps by rank, each ballot (its turnout in words, a ranked
 * chart only once revealed), metrics with progress bars, goals, values and
 * the parking lot. No text is cut. Every text from the session is
 * sanitized to one line (lib/sanitize.h, SANITIZE_LINE), then given a
 * backslash before each of \ ` * _ [ ] < > | ! ~ & # $ and before a
 * leading - + = or the . or ) after leading digits, so that it shows
 * literally in a heading, a list item or a table cell. Inside the charts'
 * code blocks, where Markdown shows backslashes, text is only sanitized. */
void export_md(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* A person's text as the Markdown report writes it: sanitized to one line
 * and escaped so that it shows literally in a heading, a list item or a
 * table cell; fallback when there is none. */
void export_md_text(struct sbuf *out, const char *text, const char *fallback)
	__attribute__((nonnull(1, 3)));

/* Appends the same report as one HTML page (lib/html.h): self-contained,
 * with the current state, each metric and each revealed ballot drawn as
 * SVG (sessions/export_html.h), a table beside each picture, a print style
 * sheet, and every text sanitized and escaped. */
void export_html(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* Appends the spreadsheet export: sections (session, participants,
 * ratings, group_scores, dimensions, notes, values, goals, metrics,
 * measurements, steps, ballots, ballot_results, parking_lot), each a line
 * "# name", a header row and its rows, with an empty line between them;
 * RFC 4180 quoting and CRLF line ends. Text is sanitized to one line first;
 * a text cell that starts with TAB or CR, or whose first character other
 * than a space is = + - or @, gets a leading "'". Numbers the program
 * writes itself (ids, scores, points, means, measures) are numeric cells
 * and never neutralized: a scoring ballot's -40 points stays a number. */
void export_csv(const struct export_context *ctx, struct sbuf *out) __attribute__((nonnull));

/* The short summary's tree: the session's fields, how many of each thing it
 * holds, and each dimension's mean. */
void export_summary_tree(const struct session *s, const struct emitter *e)
	__attribute__((nonnull));

/* Appends a short JSON summary: the session's fields, how many of each
 * thing it holds, and each dimension's mean and spread. */
void export_summary_json(const struct session *s, struct sbuf *out) __attribute__((nonnull));

/* ---- the formats, and a whole export from the database ---- */

typedef void (*export_fn)(const struct export_context *ctx, struct sbuf *out);

struct export_format {
	const char *name;       /* as --format takes it, and the file extension */
	export_fn write;
	bool since_last_time;   /* shows the comparison with the parent */
};

/* json, yaml, md, html, csv; NULL for an unknown name. */
const struct export_format *export_format_find(const char *name);
const struct export_format *export_format_at(size_t i);
size_t export_format_count(void);
/* "json, yaml, md, html, csv", for messages. */
void export_format_names(char *out, size_t size);

struct store;

/* Loads session id (and, for a format that shows what changed, its parent)
 * and appends the document. */
enum err_code export_render(struct store *st, int64_t id, const struct export_format *format,
			    long today, struct sbuf *out, struct error *err)
	__attribute__((nonnull(1, 3, 5), warn_unused_result));

/* The same, with each person's scores in the reports when `names`: candid
 * ratings are for the room, so a report shows the room's figures unless
 * asked. */
enum err_code export_render_names(struct store *st, int64_t id,
				  const struct export_format *format, long today, bool names,
				  struct sbuf *out, struct error *err)
	__attribute__((nonnull(1, 3, 6), warn_unused_result));

#endif
