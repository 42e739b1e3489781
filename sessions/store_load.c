/* Reading sessions back: the home screen's list and one whole session. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/shapes.h"
#include "sessions/bounds.h"
#include "sessions/import.h"
#include "sessions/store_internal.h"

/* ---- column readers ---- */

/* A text column as a C string. SQLite keeps text with NUL bytes inside
 * (improv never writes one; a file edited by hand can hold them): each is
 * read as the four characters the sanitizer would show, \x00, so that
 * "a\0b" and "a\0c" stay two different names instead of both becoming
 * "a". */
char *column_text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t)
		return NULL;
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	if (strlen(t) == n)
		return xstrndup(t, n);
	struct sbuf b = {0};
	for (size_t at = 0;;) {
		size_t part = strlen(t + at);
		sbuf_add(&b, t + at, part);
		at += part;
		if (at >= n)
			break;
		sbuf_adds(&b, "\\x00");
		at++;
	}
	return sbuf_take(&b);
}

char *column_text_or_empty(sqlite3_stmt *s, int i)
{
	char *t = column_text(s, i);
	return t ? t : xstrdup("");
}

int64_t column_id(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

double column_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

long column_date(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	long day;
	return t && date_parse(t, &day) ? day : NO_DATE;
}

time_t column_time(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	time_t when;
	return t && clock_parse_iso(t, &when) ? when : 0;
}

enum level column_level(sqlite3_stmt *s, int i)
{
	enum level v = LEVEL_TEAM;
	level_parse((const char *)sqlite3_column_text(s, i), &v);
	return v;
}

enum stage column_stage(sqlite3_stmt *s, int i)
{
	enum stage v = STAGE_CURRENT_STATE;
	stage_parse((const char *)sqlite3_column_text(s, i), &v);
	return v;
}

enum session_status column_status(sqlite3_stmt *s, int i)
{
	enum session_status v = SESSION_OPEN;
	session_status_parse((const char *)sqlite3_column_text(s, i), &v);
	return v;
}

/* A value the schema's CHECK should have refused keeps the scores
 * private: nothing is shown that may not be. */
static enum ratings column_ratings(sqlite3_stmt *s, int i)
{
	enum ratings v = RATINGS_PRIVATE;
	ratings_parse((const char *)sqlite3_column_text(s, i), &v);
	return v;
}

/* ---- the bounds of every number read back ----
 *
 * A file can be changed outside improv, and the schema's CHECKs (of older
 * versions especially) allow more than the model does. Each whole number
 * read is held to the bounds the model enforces on what people type
 * (sessions/bounds.h), so that no export, tally or timer meets a value it
 * cannot count with. */

struct read_bound {
	enum stmt which;
	int col;
	enum bound_id bound;
};

static const struct read_bound read_bounds[] = {
	{S_LOAD_SESSION, 3, BOUND_ITERATION},
	{S_LOAD_TIMERS, 1, BOUND_BOX_SECONDS},
	{S_LOAD_TIMERS, 2, BOUND_LEFT_SECONDS},
	{S_LOAD_TIMERS, 3, BOUND_RUNNING_SINCE},
	{S_LOAD_DIMENSIONS, 6, BOUND_SCALE_MIN},
	{S_LOAD_DIMENSIONS, 7, BOUND_SCALE_MAX},
	{S_LOAD_DIMENSIONS, 8, BOUND_GROUP_SCORE},
	{S_LOAD_RATINGS, 2, BOUND_SCORE},
	{S_LOAD_STEPS, 6, BOUND_STEP_IMPACT},
	{S_LOAD_STEPS, 7, BOUND_STEP_EFFORT},
	{S_LOAD_STEPS, 8, BOUND_STEP_POINTS},
	{S_LOAD_STEPS, 9, BOUND_STEP_RANK},
	{S_LOAD_BALLOTS, 4, BOUND_ANONYMOUS},
	{S_LOAD_BALLOTS, 5, BOUND_BUDGET},
	{S_LOAD_BALLOTS, 6, BOUND_CAP},
	{S_LOAD_BALLOTS, 7, BOUND_SCORE_MIN},
	{S_LOAD_BALLOTS, 8, BOUND_SCORE_MAX},
	{S_LOAD_BALLOTS, 9, BOUND_TALLY_VOTERS},
	{S_LOAD_BALLOTS, 10, BOUND_CANDIDATE_COUNT},
	{S_LOAD_CANDIDATES, 0, BOUND_CANDIDATE_POSITION},
	{S_LOAD_CANDIDATES, 2, BOUND_CANDIDATE_POINTS},
	{S_LOAD_CANDIDATES, 3, BOUND_IMPACT_SUM},
	{S_LOAD_CANDIDATES, 4, BOUND_EFFORT_SUM},
	{S_LOAD_CANDIDATES, 5, BOUND_SCORE_COUNT},
	{S_LOAD_CANDIDATES, 6, BOUND_WALL_POINTS},
	{S_LOAD_PAIRS, 0, BOUND_WINNER},
	{S_LOAD_PAIRS, 1, BOUND_LOSER},
	{S_LOAD_PAIRS, 2, BOUND_PAIR_COUNT},
	{S_LOAD_VOTERS, 0, BOUND_VOTER},
	{S_LOAD_CHOICES, 0, BOUND_CHOOSER},
	{S_LOAD_CHOICES, 1, BOUND_CHOICE_POSITION},
	{S_LOAD_CHOICES, 2, BOUND_CHOICE_POINTS},
	{S_LOAD_CHOICES, 3, BOUND_CHOICE_IMPACT},
	{S_LOAD_CHOICES, 4, BOUND_CHOICE_EFFORT},
};

/* How a failing row is named: by its own id (column id_col), or as a row
 * of the session or ballot whose id the query is bound to. */
static const struct {
	const char *table;
	int id_col;             /* -1: named by its owner */
	const char *owner;
} tables[STMT_COUNT] = {
	[S_LOAD_SESSION] = {"sessions", 0, NULL},
	[S_LOAD_TIMERS] = {"timers", -1, "session"},
	[S_LOAD_DIMENSIONS] = {"dimensions", 0, NULL},
	[S_LOAD_RATINGS] = {"ratings", -1, "session"},
	[S_LOAD_METRICS] = {"metrics", 0, NULL},
	[S_LOAD_MEASUREMENTS] = {"measurements", 1, NULL},
	[S_LOAD_STEPS] = {"steps", 0, NULL},
	[S_LOAD_BALLOTS] = {"ballots", 0, NULL},
	[S_LOAD_CANDIDATES] = {"ballot_candidates", -1, "ballot"},
	[S_LOAD_PAIRS] = {"ballot_pairs", -1, "ballot"},
	[S_LOAD_VOTERS] = {"ballot_voters", -1, "ballot"},
	[S_LOAD_CHOICES] = {"ballot_choices", -1, "ballot"},
};

struct row_ctx {
	struct store *st;
	enum stmt which;
	int64_t owner;
};

/* Refuses the row being read: "<db>: steps row 12: <what>; ...". */
static enum err_code refuse_row(const struct row_ctx *at, sqlite3_stmt *s, struct error *err,
				const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum err_code refuse_row(const struct row_ctx *at, sqlite3_stmt *s, struct error *err,
				const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	const char *table = tables[at->which].table ? tables[at->which].table : "a table";
	int col = tables[at->which].id_col;
	if (col >= 0)
		return error_set(err, ERR_DATA, "%s: %s row %lld: %s; the file was changed "
				 "outside improv", at->st->path, table,
				 (long long)sqlite3_column_int64(s, col), what);
	return error_set(err, ERR_DATA, "%s: %s, a row of %s %lld: %s; the file was changed "
			 "outside improv", at->st->path, table,
			 tables[at->which].owner ? tables[at->which].owner : "session",
			 (long long)at->owner, what);
}

#define NBOUNDS (sizeof read_bounds / sizeof read_bounds[0])

/* The bounds of one statement's columns, found once a query rather than
 * once a row. */
struct row_bounds {
	const struct read_bound *of[NBOUNDS];
	size_t n;
};

static void bounds_of(enum stmt which, struct row_bounds *out)
{
	out->n = 0;
	for (size_t i = 0; i < NBOUNDS; i++)
		if (read_bounds[i].which == which)
			out->of[out->n++] = &read_bounds[i];
}

static enum err_code check_bounds(const struct row_ctx *at, const struct row_bounds *rb,
				  sqlite3_stmt *s, struct error *err)
{
	for (size_t i = 0; i < rb->n; i++) {
		int col = rb->of[i]->col;
		const struct store_bound *b = &store_bounds[rb->of[i]->bound];
		int type = sqlite3_column_type(s, col);
		if (type == SQLITE_NULL && b->null_ok)
			continue;
		if (type != SQLITE_INTEGER)
			return refuse_row(at, s, err, "%s is not a whole number", b->column);
		int64_t v = sqlite3_column_int64(s, col);
		if (v < b->min || v > b->max)
			return refuse_row(at, s, err, "%s is %lld, outside %lld to %lld", b->column,
					  (long long)v, (long long)b->min, (long long)b->max);
	}
	return ERR_OK;
}

/* Steps through every row of a prepared query bound to one id, calling
 * `row` for each; resets the statement whatever happens. */
typedef enum err_code (*row_fn)(sqlite3_stmt *s, void *ctx, struct error *err);

static enum err_code each_row(struct store *st, enum stmt which, int64_t id, row_fn row,
			      void *ctx, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, which, err);
	if (s == NULL)
		return ERR_SOFTWARE;
	sqlite3_bind_int64(s, 1, id);
	enum err_code code = ERR_OK;
	int rc;
	const struct row_ctx at = {st, which, id};
	struct row_bounds rb;
	bounds_of(which, &rb);
	while (code == ERR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		code = check_bounds(&at, &rb, s, err);
		if (code == ERR_OK)
			code = row(s, ctx, err);
	}
	if (code == ERR_OK && rc != SQLITE_DONE)
		code = store_fail(st, "reading", err);
	store_done(s);
	return code;
}

static enum err_code next_row(sqlite3_stmt *s, void *ctx, struct error *err)
{
	(void)err;
	*(int64_t *)ctx = sqlite3_column_int64(s, 0);
	return ERR_OK;
}

enum err_code store_next_iteration(struct store *st, int64_t id, int64_t *next,
				   struct error *err)
{
	*next = 0;
	return each_row(st, S_NEXT_ITERATION, id, next_row, next, err);
}

/* ---- one session, table by table ---- */

static char **split_lines(const char *text, size_t *n)
{
	*n = 0;
	if (text == NULL || *text == '\0')
		return NULL;
	size_t count = 1;
	for (const char *p = text; *p; p++)
		count += *p == '\n';
	char **lines = xcalloc(count, sizeof *lines);
	const char *start = text;
	for (const char *p = text;; p++) {
		if (*p == '\n' || *p == '\0') {
			lines[(*n)++] = xstrndup(start, (size_t)(p - start));
			start = p + 1;
		}
		if (*p == '\0')
			break;
	}
	return lines;
}

/* What the bounds of one column cannot say: one value against another.
 * The same words as a refused bound, without the file's name. */
static enum err_code refuse_relation(struct error *err, const char *table, int64_t id,
				     const char *what)
{
	return error_set(err, ERR_DATA, "%s row %lld: %s; the file was changed outside improv",
			 table, (long long)id, what);
}

static enum err_code session_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct session *s = ctx;
	if (column_id(q, 2) == sqlite3_column_int64(q, 0))
		return refuse_relation(err, "sessions", sqlite3_column_int64(q, 0),
				       "it is its own parent");
	s->id = sqlite3_column_int64(q, 0);
	s->series_id = sqlite3_column_int64(q, 1);
	s->parent_id = column_id(q, 2);
	s->iteration = sqlite3_column_int(q, 3);
	s->title = column_text_or_empty(q, 4);
	s->organization = column_text(q, 5);
	s->unit = column_text(q, 6);
	s->level = column_level(q, 7);
	s->template_key = column_text_or_empty(q, 8);
	s->facilitator = column_text(q, 9);
	s->stage = column_stage(q, 10);
	s->status = column_status(q, 11);
	const char *labels = (const char *)sqlite3_column_text(q, 12);
	s->scale_labels = split_lines(labels, &s->nscale_labels);
	s->created_at = column_time(q, 13);
	s->closed_at = column_time(q, 14);
	s->ratings = column_ratings(q, 15);
	return ERR_OK;
}

/* Optional text columns are stored as '' and read back as "not set". */
static void empty_to_null(char **text)
{
	if (*text && **text == '\0') {
		free(*text);
		*text = NULL;
	}
}

static enum err_code timer_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct session *s = ctx;
	enum stage stage;
	if (!stage_parse((const char *)sqlite3_column_text(q, 0), &stage))
		return ERR_OK;
	s->timers[stage] = (struct stage_timer){
		.box_seconds = sqlite3_column_int(q, 1),
		.left_seconds = sqlite3_column_int(q, 2),
		.running_since = (time_t)sqlite3_column_int64(q, 3),
	};
	return ERR_OK;
}

static enum err_code dimension_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct session *s = ctx;
	int low = sqlite3_column_int(q, 6), high = sqlite3_column_int(q, 7);
	bool scored = sqlite3_column_type(q, 8) != SQLITE_NULL;
	int group = sqlite3_column_int(q, 8);
	if (low >= high)
		return refuse_relation(err, "dimensions", sqlite3_column_int64(q, 0),
				       "scale_min is not below scale_max");
	if (scored && (group < low || group > high))
		return refuse_relation(err, "dimensions", sqlite3_column_int64(q, 0),
				       "group_score is outside its scale");
	grow(&s->dims, &s->dims_cap, s->ndims + 1, sizeof *s->dims);
	struct dimension *d = &s->dims[s->ndims++];
	*d = (struct dimension){
		.id = sqlite3_column_int64(q, 0),
		.key = column_text_or_empty(q, 1),
		.name = column_text_or_empty(q, 2),
		.question = column_text_or_empty(q, 3),
		.low = column_text_or_empty(q, 4),
		.high = column_text_or_empty(q, 5),
		.scale_min = sqlite3_column_int(q, 6),
		.scale_max = sqlite3_column_int(q, 7),
		.group_score = sqlite3_column_type(q, 8) == SQLITE_NULL
				       ? RATING_NONE : sqlite3_column_int(q, 8),
		.previous_mean = NAN,
	};
	d->scores = xmalloc((s->nparticipants ? s->nparticipants : 1) * sizeof *d->scores);
	for (size_t p = 0; p < s->nparticipants; p++)
		d->scores[p] = RATING_NONE;
	return ERR_OK;
}

static ptrdiff_t dimension_by_id(const struct session *s, int64_t id)
{
	for (size_t i = 0; i < s->ndims; i++)
		if (s->dims[i].id == id)
			return (ptrdiff_t)i;
	return -1;
}

static ptrdiff_t participant_by_id(const struct session *s, int64_t id)
{
	for (size_t i = 0; i < s->nparticipants; i++)
		if (s->participants[i].id == id)
			return (ptrdiff_t)i;
	return -1;
}

static enum err_code rating_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct session *s = ctx;
	ptrdiff_t d = dimension_by_id(s, sqlite3_column_int64(q, 0));
	ptrdiff_t p = participant_by_id(s, sqlite3_column_int64(q, 1));
	if (d < 0 || p < 0)
		return ERR_OK;
	int score = sqlite3_column_int(q, 2);
	if (score < s->dims[d].scale_min || score > s->dims[d].scale_max)
		return refuse_relation(err, "dimensions", s->dims[d].id,
				       "a rating is outside its scale");
	s->dims[d].scores[p] = score;
	return ERR_OK;
}

static enum err_code note_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct session *s = ctx;
	ptrdiff_t at = dimension_by_id(s, sqlite3_column_int64(q, 0));
	if (at < 0)
		return ERR_OK;
	struct dimension *d = &s->dims[at];
	enum note_kind kind = NOTE_GAP;
	note_kind_parse((const char *)sqlite3_column_text(q, 2), &kind);
	grow(&d->notes, &d->notes_cap, d->nnotes + 1, sizeof *d->notes);
	d->notes[d->nnotes++] = (struct note){
		.id = sqlite3_column_int64(q, 1),
		.kind = kind,
		.text = column_text_or_empty(q, 3),
	};
	return ERR_OK;
}

static enum err_code previous_mean_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct session *s = ctx;
	const char *key = (const char *)sqlite3_column_text(q, 0);
	ptrdiff_t d = key ? session_find_dimension(s, key) : -1;
	if (d >= 0)
		s->dims[d].previous_mean = column_real(q, 1);
	return ERR_OK;
}

/* A number the model holds to be finite: NULL (not set) or finite. */
static bool finite_or_null(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL || isfinite(sqlite3_column_double(q, i));
}

/* Reads column `col` into one field of an item. A kind the file does not
 * know keeps the item's zero, each kind's first. */
static void read_field(sqlite3_stmt *q, int col, const struct shape_field *f, void *item)
{
	void *at = shape_field(f, item);
	switch (f->type) {
	case SHAPE_ID:
		*(int64_t *)at = sqlite3_column_int64(q, col);
		break;
	case SHAPE_ORIGIN:
	case SHAPE_LINK:
		*(int64_t *)at = column_id(q, col);
		break;
	case SHAPE_TEXT:
		*(char **)at = column_text_or_empty(q, col);
		break;
	case SHAPE_OPTIONAL:
		*(char **)at = column_text(q, col);
		break;
	case SHAPE_OPTIONAL_BLANK:
		*(char **)at = column_text(q, col);
		empty_to_null(at);
		break;
	case SHAPE_KIND:
		kind_names_parse(f->kind, (const char *)sqlite3_column_text(q, col), at);
		break;
	case SHAPE_REAL:
		*(double *)at = column_real(q, col);
		break;
	case SHAPE_DATE:
		*(long *)at = column_date(q, col);
		break;
	case SHAPE_SCORE:
		*(int *)at = sqlite3_column_int(q, col);
		break;
	case SHAPE_POINTS:
		*(long *)at = sqlite3_column_type(q, col) == SQLITE_NULL
				      ? POINTS_NONE : (long)sqlite3_column_int64(q, col);
		break;
	case SHAPE_LIST:
		break;
	}
}

/* A row of one of the session's lists: its columns are the item's fields
 * in order, the lists it holds left out (they have tables of their own). */
struct list_rows {
	struct session *s;
	enum session_list list;
};

static enum err_code list_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	const struct list_rows *at = ctx;
	if (at->list == LIST_METRICS && (!finite_or_null(q, 5) || !finite_or_null(q, 7)))
		return refuse_relation(err, "metrics", sqlite3_column_int64(q, 0),
				       "its baseline or target is not a finite number");
	const struct shape *sh = shape_of(at->list);
	void *item = shape_append(sh, at->s);
	int col = 0;
	for (size_t k = 0; k < sh->nfields; k++)
		if (sh->fields[k].type != SHAPE_LIST)
			read_field(q, col++, &sh->fields[k], item);
	return ERR_OK;
}

static enum err_code measurement_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct session *s = ctx;
	if (!isfinite(sqlite3_column_double(q, 2)))
		return refuse_relation(err, "measurements", sqlite3_column_int64(q, 1),
				       "its value is not a finite number");
	int64_t metric_id = sqlite3_column_int64(q, 0);
	for (size_t i = 0; i < s->nmetrics; i++) {
		struct metric *m = &s->metrics[i];
		if (m->id != metric_id)
			continue;
		grow(&m->measurements, &m->measurements_cap, m->nmeasurements + 1,
		     sizeof *m->measurements);
		m->measurements[m->nmeasurements++] = (struct measurement){
			.id = sqlite3_column_int64(q, 1),
			.value = sqlite3_column_double(q, 2),
			.taken_on = column_date(q, 3),
		};
		break;
	}
	return ERR_OK;
}

/* ---- ballots: the aggregates, never a voter's own choices ---- */

static enum err_code candidate_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct ballot *b = ctx;
	int64_t pos = sqlite3_column_int64(q, 0);
	if (pos < 0 || (uint64_t)pos >= b->ncandidates)
		return ERR_OK;
	b->candidates[pos] = column_id(q, 1);
	b->points[pos] = (long)sqlite3_column_int64(q, 2);
	b->impact_sum[pos] = (long)sqlite3_column_int64(q, 3);
	b->effort_sum[pos] = (long)sqlite3_column_int64(q, 4);
	b->score_count[pos] = (long)sqlite3_column_int64(q, 5);
	b->wall[pos] = (long)sqlite3_column_int64(q, 6);
	return ERR_OK;
}

static enum err_code pair_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct ballot *b = ctx;
	int64_t w = sqlite3_column_int64(q, 0), l = sqlite3_column_int64(q, 1);
	size_t n = b->ncandidates;
	if (b->pairwise && w >= 0 && l >= 0 && (uint64_t)w < n && (uint64_t)l < n)
		b->pairwise[(size_t)w * n + (size_t)l] = (long)sqlite3_column_int64(q, 2);
	return ERR_OK;
}

static enum err_code voter_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	(void)err;
	struct ballot *b = ctx;
	grow(&b->voters, &b->voters_cap, b->nvoters + 1, sizeof *b->voters);
	b->voters[b->nvoters++] = sqlite3_column_int64(q, 0);
	return ERR_OK;
}

static enum err_code choice_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct ballot *b = ctx;
	int64_t pos = sqlite3_column_int64(q, 1);
	struct ballot_choice c = {
		.voter = sqlite3_column_int64(q, 0),
		.candidate = pos < 0 ? SIZE_MAX : (size_t)pos,
		.points = (long)sqlite3_column_int64(q, 2),
		.impact = sqlite3_column_int(q, 3),
		.effort = sqlite3_column_int(q, 4),
	};
	(void)err;
	/* A choice that does not fit (an anonymous ballot, an unknown place)
	 * is left out rather than shown wrong. */
	ballot_restore_choice(b, &c, NULL);
	return ERR_OK;
}

static enum err_code ballot_row(sqlite3_stmt *q, void *ctx, struct error *err)
{
	struct session *s = ctx;
	enum ballot_method method = BALLOT_DOTS;
	enum ballot_entry entry = BALLOT_ENTRY_SECRET;
	enum ballot_status status = BALLOT_OPEN;
	ballot_method_parse((const char *)sqlite3_column_text(q, 1), &method);
	ballot_entry_parse((const char *)sqlite3_column_text(q, 2), &entry);
	ballot_status_parse((const char *)sqlite3_column_text(q, 3), &status);
	int64_t id = sqlite3_column_int64(q, 0);
	if (sqlite3_column_int(q, 6) > sqlite3_column_int(q, 5))
		return refuse_relation(err, "ballots", id, "cap is above budget");
	if (sqlite3_column_int(q, 7) >= sqlite3_column_int(q, 8))
		return refuse_relation(err, "ballots", id, "score_min is not below score_max");
	/* The number of candidates comes with the row: the arrays are sized
	 * before the candidates' rows are read. */
	size_t n = (size_t)sqlite3_column_int64(q, 10);
	int64_t *none = xcalloc(n, sizeof *none);
	grow(&s->ballots, &s->ballots_cap, s->nballots + 1, sizeof *s->ballots);
	struct ballot *b = &s->ballots[s->nballots++];
	ballot_init(b, method, entry, none, n);
	free(none);
	b->id = id;
	b->status = status;
	b->anonymous = sqlite3_column_int(q, 4) != 0;
	b->budget = sqlite3_column_int(q, 5);
	b->cap = sqlite3_column_int(q, 6);
	b->score_min = sqlite3_column_int(q, 7);
	b->score_max = sqlite3_column_int(q, 8);
	b->tally_voters = (long)sqlite3_column_int64(q, 9);
	return ERR_OK;
}

static enum err_code load_ballots(struct store *st, struct session *s, struct error *err)
{
	/* The ballots' own rows first: the statement is reused below. */
	enum err_code code = each_row(st, S_LOAD_BALLOTS, s->id, ballot_row, s, err);
	for (size_t i = 0; code == ERR_OK && i < s->nballots; i++) {
		struct ballot *b = &s->ballots[i];
		code = each_row(st, S_LOAD_CANDIDATES, b->id, candidate_row, b, err);
		if (code == ERR_OK)
			code = each_row(st, S_LOAD_PAIRS, b->id, pair_row, b, err);
		if (code == ERR_OK)
			code = each_row(st, S_LOAD_VOTERS, b->id, voter_row, b, err);
		if (code == ERR_OK && !b->anonymous)
			code = each_row(st, S_LOAD_CHOICES, b->id, choice_row, b, err);
	}
	return code;
}

struct load_step {
	enum stmt which;
	row_fn row;             /* NULL: the rows of `list`, read by its shape */
	enum session_list list;
	bool parent;            /* bound to the parent session's id */
};

static const struct load_step load_steps[] = {
	{S_LOAD_TIMERS, timer_row, LIST_COUNT, false},
	{S_LOAD_PARTICIPANTS, NULL, LIST_PARTICIPANTS, false},
	{S_LOAD_DIMENSIONS, dimension_row, LIST_COUNT, false},
	{S_LOAD_RATINGS, rating_row, LIST_COUNT, false},
	{S_LOAD_NOTES, note_row, LIST_COUNT, false},
	{S_LOAD_PREVIOUS_MEANS, previous_mean_row, LIST_COUNT, true},
	{S_LOAD_VALUES, NULL, LIST_VALUES, false},
	{S_LOAD_GOALS, NULL, LIST_GOALS, false},
	{S_LOAD_METRICS, NULL, LIST_METRICS, false},
	{S_LOAD_MEASUREMENTS, measurement_row, LIST_COUNT, false},
	{S_LOAD_STEPS, NULL, LIST_STEPS, false},
	{S_LOAD_PARKING, NULL, LIST_PARKING, false},
};

static enum err_code load_all(struct store *st, int64_t id, struct session *s,
			      struct error *err)
{
	enum err_code code = each_row(st, S_LOAD_SESSION, id, session_row, s, err);
	if (code)
		return code;
	if (s->id == 0)
		return error_set(err, ERR_NOINPUT, "there is no session %lld", (long long)id);
	empty_to_null(&s->organization);
	empty_to_null(&s->unit);
	empty_to_null(&s->facilitator);
	for (size_t i = 0; code == ERR_OK && i < sizeof load_steps / sizeof load_steps[0]; i++) {
		const struct load_step *ls = &load_steps[i];
		if (ls->parent && s->parent_id == 0)
			continue;
		struct list_rows rows = {s, ls->list};
		code = each_row(st, ls->which, ls->parent ? s->parent_id : s->id,
				ls->row ? ls->row : list_row, ls->row ? (void *)s : &rows, err);
	}
	return code ? code : load_ballots(st, s, err);
}

enum err_code store_load_session(struct store *st, int64_t id, struct session **out,
				 struct error *err)
{
	*out = NULL;
	struct session *s = session_alloc();
	s->stage = STAGE_CURRENT_STATE;
	/* One read transaction, so the session is seen as of one moment. */
	enum err_code code = store_begin_read(st, err);
	if (code == ERR_OK) {
		code = load_all(st, id, s, err);
		store_end_read(st);
	}
	if (code) {
		session_free(s);
		return code;
	}
	*out = s;
	return ERR_OK;
}
