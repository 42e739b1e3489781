/* The spreadsheet export: one file of sections, each a line naming it
 * ("# ratings"), a header row and its rows, with an empty line between
 * sections. Cells follow RFC 4180 (CRLF line ends; a cell holding a comma,
 * a double quote, CR or LF is quoted and its quotes doubled).
 *
 * Text cells are sanitized to one line first (lib/sanitize.h), so control
 * and bidi characters show as visible escapes. A text cell that a
 * spreadsheet could take for a formula is neutralized with a leading "'":
 * one whose text started with TAB or CR, or whose first character, after
 * any that show as nothing or as blank (spaces of every width, no-break
 * spaces, zero-width spaces and joiners, the word joiner, a byte order
 * mark, soft hyphens, fillers), is =, +, - or @ or their fullwidth or
 * small forms, which some spreadsheets read as the same ("=HYPERLINK(...)",
 * "-1+2", " @SUM(A1)", "\u00a0=1", "\ufeff+1", "\uff1dSUM(A1)").
 * Numbers the program writes itself (ids, scores, points, means, measures,
 * progress) are numeric cells, never neutralized: printf cannot write a
 * formula, and a scoring ballot's -40 points must stay a number to sort
 * and sum. A user's text that merely looks like a number ("-1") is still
 * text and is neutralized. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/json.h"
#include "lib/sanitize.h"
#include "lib/utf8.h"
#include "model/shapes.h"
#include "sessions/export.h"

struct csv {
	struct sbuf *out;
	size_t column;          /* cells written on this row */
};

/* ---- cells ---- */

static void cell_start(struct csv *c)
{
	if (c->column++ > 0)
		sbuf_addc(c->out, ',');
}

static void row_end(struct csv *c)
{
	sbuf_adds(c->out, "\r\n");
	c->column = 0;
}

/* A TAB or CR at the very start, which sanitizing turns into a space or
 * an escape, is neutralized too, as OWASP advises. */
static bool starts_tab_or_cr(char ch)
{
	return ch == '\t' || ch == '\r';
}

struct cp_range {
	uint32_t first, last;
};

/* Characters a reader does not see before a formula: blanks and
 * zero-width format characters. */
static const struct cp_range unseen[] = {
	{0x0020, 0x0020}, {0x00a0, 0x00a0}, {0x00ad, 0x00ad}, {0x034f, 0x034f},
	{0x115f, 0x1160}, {0x1680, 0x1680}, {0x180e, 0x180e}, {0x2000, 0x200f},
	{0x2028, 0x202f}, {0x205f, 0x206f}, {0x3000, 0x3000}, {0x3164, 0x3164},
	{0xfe00, 0xfe0f}, {0xfeff, 0xfeff}, {0xffa0, 0xffa0},
};

/* The four that start a formula, as ASCII and in the forms that
 * compatibility mapping (NFKC) turns into them. */
static const uint32_t formula_starts[] = {
	'=', '+', '-', '@',
	0xff1d, 0xff0b, 0xff0d, 0xff20,       /* fullwidth */
	0xfe66, 0xfe62, 0xfe63, 0xfe6b,       /* small */
};

static bool in_ranges(uint32_t cp, const struct cp_range *ranges, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= ranges[i].first && cp <= ranges[i].last)
			return true;
	return false;
}

/* Whether text (sanitized: valid UTF-8) shows a formula's first character
 * before anything else that can be seen. */
static bool looks_like_formula(const char *text)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);
		if (!in_ranges(cp, unseen, sizeof unseen / sizeof unseen[0])) {
			for (size_t k = 0; k < sizeof formula_starts / sizeof formula_starts[0]; k++)
				if (cp == formula_starts[k])
					return true;
			return false;
		}
		i += n;
	}
	return false;
}

static void text_cell(struct csv *c, const char *text)
{
	cell_start(c);
	if (text == NULL)
		return;
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	bool neutral = starts_tab_or_cr(text[0]) || looks_like_formula(clean);
	bool quoted = strpbrk(clean, ",\"\r\n") != NULL;
	if (quoted)
		sbuf_addc(c->out, '"');
	if (neutral)
		sbuf_addc(c->out, '\'');
	for (const char *p = clean; *p; p++) {
		if (*p == '"')
			sbuf_addc(c->out, '"');
		sbuf_addc(c->out, *p);
	}
	if (quoted)
		sbuf_addc(c->out, '"');
	free(clean);
}

static void int_cell(struct csv *c, long long v)
{
	cell_start(c);
	sbuf_addf(c->out, "%lld", v);
}

/* An id, a score or a count that may be missing: an empty cell then. */
static void optional_cell(struct csv *c, long long v, long long none)
{
	cell_start(c);
	if (v != none)
		sbuf_addf(c->out, "%lld", v);
}

static void number_cell(struct csv *c, double v)
{
	char text[JSON_NUMBER_SIZE];
	cell_start(c);
	if (isfinite(v)) {
		json_number_text(v, text);
		sbuf_adds(c->out, text);
	}
}

/* A mean or a change as the report shows it: one decimal, half away from zero. */
static void tenths_cell(struct csv *c, bool known, long tenths, bool sign)
{
	char text[16];
	cell_start(c);
	if (known) {
		stats_tenths_text(tenths, sign, text, sizeof text);
		sbuf_adds(c->out, text);
	}
}

static void date_cell(struct csv *c, long day)
{
	char iso[DATE_ISO_SIZE];
	cell_start(c);
	if (day != NO_DATE) {
		date_format(day, iso);
		sbuf_adds(c->out, iso);
	}
}

static void time_cell(struct csv *c, time_t t)
{
	char iso[CLOCK_ISO_SIZE];
	cell_start(c);
	if (t != 0) {
		clock_format_iso(t, iso);
		sbuf_adds(c->out, iso);
	}
}

/* A word of the program's own vocabulary ("on_track", "true"). */
static void word_cell(struct csv *c, const char *word)
{
	cell_start(c);
	sbuf_adds(c->out, word);
}

/* ---- sections ---- */

static void session_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	int_cell(c, s->id);
	text_cell(c, s->title);
	text_cell(c, s->organization);
	text_cell(c, s->unit);
	word_cell(c, level_name(s->level));
	text_cell(c, s->template_key);
	text_cell(c, s->facilitator);
	optional_cell(c, s->series_id, 0);
	optional_cell(c, s->parent_id, 0);
	int_cell(c, s->iteration);
	word_cell(c, stage_name(s->stage));
	word_cell(c, session_status_name(s->status));
	time_cell(c, s->created_at);
	time_cell(c, s->closed_at);
	row_end(c);
}

static void dimension_cells(struct csv *c, const struct dimension *d)
{
	text_cell(c, d->key);
	text_cell(c, d->name);
}

static void rating_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->ndims; i++) {
		for (size_t p = 0; p < s->nparticipants; p++) {
			if (s->dims[i].scores[p] == RATING_NONE)
				continue;
			dimension_cells(c, &s->dims[i]);
			text_cell(c, s->participants[p].name);
			int_cell(c, s->dims[i].scores[p]);
			row_end(c);
		}
	}
}

static void group_score_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->ndims; i++) {
		if (s->dims[i].group_score == RATING_NONE)
			continue;
		dimension_cells(c, &s->dims[i]);
		int_cell(c, s->dims[i].group_score);
		row_end(c);
	}
}

static void dimension_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->ndims; i++) {
		const struct dimension *d = &s->dims[i];
		struct rating_stats st;
		session_dimension_stats(s, i, &st);
		dimension_cells(c, d);
		int_cell(c, d->scale_min);
		int_cell(c, d->scale_max);
		int_cell(c, (long long)st.count);
		tenths_cell(c, st.count > 0, stats_mean_tenths(&st), false);
		number_cell(c, st.stddev);
		optional_cell(c, st.count ? st.min : 0, 0);
		optional_cell(c, st.count ? st.max : 0, 0);
		optional_cell(c, st.count ? stats_spread(&st) : -1, -1);
		bool last = !isnan(d->previous_mean);
		tenths_cell(c, last, stats_round(d->previous_mean, 10), false);
		tenths_cell(c, last && st.count, stats_change_tenths(&st, d->previous_mean), false);
		word_cell(c, export_mean_from(s, i) ? export_mean_from(s, i) : "");
		row_end(c);
	}
}

static void note_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->ndims; i++) {
		for (size_t n = 0; n < s->dims[i].nnotes; n++) {
			dimension_cells(c, &s->dims[i]);
			word_cell(c, note_kind_name(s->dims[i].notes[n].kind));
			text_cell(c, s->dims[i].notes[n].text);
			row_end(c);
		}
	}
}

static void measurement_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric *m = &s->metrics[i];
		for (size_t k = 0; k < m->nmeasurements; k++) {
			optional_cell(c, m->id, 0);
			text_cell(c, m->name);
			number_cell(c, m->measurements[k].value);
			date_cell(c, m->measurements[k].taken_on);
			row_end(c);
		}
	}
}

static void ballot_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->nballots; i++) {
		const struct ballot *b = &s->ballots[i];
		optional_cell(c, b->id, 0);
		word_cell(c, ballot_method_name(b->method));
		word_cell(c, ballot_entry_name(b->entry));
		word_cell(c, b->anonymous ? "true" : "false");
		int_cell(c, b->budget);
		int_cell(c, b->cap);
		int_cell(c, ballot_voter_count(b));
		word_cell(c, ballot_status_name(b->status));
		row_end(c);
	}
}

static void result_row(struct csv *c, const struct session *s, const struct ballot *b,
		       const struct ballot_row *row)
{
	ptrdiff_t k = session_find_step(s, row->step_id);
	optional_cell(c, b->id, 0);
	int_cell(c, row->rank);
	word_cell(c, row->tied ? "true" : "false");
	optional_cell(c, row->step_id, 0);
	text_cell(c, k >= 0 ? s->steps[k].text : NULL);
	int_cell(c, row->points);
	number_cell(c, b->method == BALLOT_SCORING ? row->impact : NAN);
	number_cell(c, b->method == BALLOT_SCORING ? row->effort : NAN);
	word_cell(c, b->method == BALLOT_SCORING ? quadrant_name(row->quadrant) : "");
	row_end(c);
}

/* Only revealed ballots have results to show. */
static void result_rows(struct csv *c, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	for (size_t i = 0; i < s->nballots; i++) {
		const struct ballot *b = &s->ballots[i];
		struct ballot_results r;
		if (b->status != BALLOT_REVEALED || ballot_tally(b, &r, NULL) != ERR_OK)
			continue;
		for (size_t k = 0; k < r.nrows; k++)
			result_row(c, s, b, &r.rows[k]);
		ballot_results_free(&r);
	}
}

/* ---- the sections of a session's lists, from their shapes ---- */

/* What a section adds to an item's fields: the column's cell, for a
 * column the item has no field of that name for. */
typedef void (*derived_fn)(struct csv *c, const char *column, size_t len, const void *item,
			   const struct export_context *ctx);

static void field_cell(struct csv *c, const struct shape_field *f, const void *item)
{
	switch (f->type) {
	case SHAPE_ID:
	case SHAPE_ORIGIN:
	case SHAPE_LINK:
		optional_cell(c, shape_int64(f, item), 0);
		break;
	case SHAPE_TEXT:
	case SHAPE_OPTIONAL:
	case SHAPE_OPTIONAL_BLANK:
		text_cell(c, shape_text(f, item));
		break;
	case SHAPE_KIND:
		word_cell(c, shape_kind_name(f, item));
		break;
	case SHAPE_REAL:
		number_cell(c, shape_real(f, item));
		break;
	case SHAPE_DATE:
		date_cell(c, shape_long(f, item));
		break;
	case SHAPE_SCORE:
		optional_cell(c, shape_int(f, item), 0);
		break;
	case SHAPE_POINTS:
		optional_cell(c, shape_long(f, item), POINTS_NONE);
		break;
	case SHAPE_LIST:
		cell_start(c);
		break;
	}
}

static const struct shape_field *field_named(const struct shape *sh, const char *name,
					     size_t len)
{
	for (size_t k = 0; k < sh->nfields; k++)
		if (strncmp(sh->fields[k].name, name, len) == 0 && sh->fields[k].name[len] == '\0')
			return &sh->fields[k];
	return NULL;
}

#define CSV_MAX_COLUMNS 16

/* One row an item: each column of the header is the item's field of that
 * name, or what `derived` writes. */
static void list_rows(struct csv *c, const struct export_context *ctx, enum session_list list,
		      const char *header, derived_fn derived)
{
	const struct shape *sh = shape_of(list);
	const struct shape_field *cols[CSV_MAX_COLUMNS];
	const char *names[CSV_MAX_COLUMNS];
	size_t lens[CSV_MAX_COLUMNS], n = 0;
	for (const char *at = header; n < CSV_MAX_COLUMNS; at++) {
		lens[n] = strcspn(at, ",");
		names[n] = at;
		cols[n] = field_named(sh, at, lens[n]);
		at += lens[n++];
		if (*at == '\0')
			break;
	}
	for (size_t i = 0; i < shape_len(sh, ctx->session); i++) {
		const void *item = shape_item(sh, ctx->session, i);
		for (size_t k = 0; k < n; k++) {
			if (cols[k])
				field_cell(c, cols[k], item);
			else if (derived)
				derived(c, names[k], lens[k], item, ctx);
			else
				cell_start(c);
		}
		row_end(c);
	}
}

/* A metric's current value, progress and status, as of the export's day. */
static bool column_is(const char *column, size_t len, const char *name)
{
	return strlen(name) == len && strncmp(column, name, len) == 0;
}

static void metric_progress_cell(struct csv *c, const char *column, size_t len, const void *item,
				 const struct export_context *ctx)
{
	const struct metric *m = item;
	const struct session *s = ctx->session;
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	if (column_is(column, len, "current"))
		number_cell(c, metric_current(m));
	else if (column_is(column, len, "progress"))
		number_cell(c, metric_progress(m));
	else if (column_is(column, len, "status"))
		word_cell(c, metric_status_name(metric_status_on(m, start, ctx->today)));
	else
		cell_start(c);
}

/* A section's rows come from `rows`, or, when it is NULL, from the items
 * of `list`, column by column. */
struct csv_section {
	const char *name;
	const char *header;
	void (*rows)(struct csv *c, const struct export_context *ctx);
	enum session_list list;
	derived_fn derived;
};

#define BY_ROWS(rows) rows, LIST_COUNT, NULL
#define BY_SHAPE(list, derived) NULL, list, derived

static const struct csv_section sections[] = {
	{"session", "id,title,organization,unit,level,template,facilitator,series_id,"
		    "parent_id,iteration,stage,status,created_at,closed_at", BY_ROWS(session_rows)},
	{"participants", "id,name,left_on", BY_SHAPE(LIST_PARTICIPANTS, NULL)},
	{"ratings", "dimension_key,dimension,participant,score", BY_ROWS(rating_rows)},
	{"group_scores", "dimension_key,dimension,score", BY_ROWS(group_score_rows)},
	{"dimensions", "key,name,scale_min,scale_max,rated,mean,stddev,min,max,spread,"
		       "previous_mean,change,mean_from", BY_ROWS(dimension_rows)},
	{"notes", "dimension_key,dimension,kind,text", BY_ROWS(note_rows)},
	{"values", "id,text", BY_SHAPE(LIST_VALUES, NULL)},
	{"goals", "id,text,dimension,status", BY_SHAPE(LIST_GOALS, NULL)},
	{"metrics", "id,goal_id,name,unit,direction,baseline,baseline_date,target,"
		    "target_date,current,progress,status", BY_SHAPE(LIST_METRICS, metric_progress_cell)},
	{"measurements", "metric_id,metric,value,taken_on", BY_ROWS(measurement_rows)},
	{"steps", "id,rank,text,horizon,status,owner,goal_id,impact,effort,points",
	 BY_SHAPE(LIST_STEPS, NULL)},
	{"ballots", "id,method,entry,anonymous,budget,cap,voters,status", BY_ROWS(ballot_rows)},
	{"ballot_results", "ballot_id,rank,tied,step_id,step,points,impact,effort,quadrant",
	 BY_ROWS(result_rows)},
	{"parking_lot", "id,text", BY_SHAPE(LIST_PARKING, NULL)},
};

void export_csv(const struct export_context *ctx, struct sbuf *out)
{
	struct csv c = {out, 0};
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		if (i > 0)
			sbuf_adds(out, "\r\n");
		sbuf_addf(out, "# %s\r\n%s\r\n", sections[i].name, sections[i].header);
		if (sections[i].rows)
			sections[i].rows(&c, ctx);
		else
			list_rows(&c, ctx, sections[i].list, sections[i].header, sections[i].derived);
	}
}
