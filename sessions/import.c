#include "sessions/import.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/json_reader.h"
#include "lib/mem.h"
#include "lib/paths.h"
#include "lib/sanitize.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"
#include "model/template.h"
#include "sessions/export.h"

#define WHERE_MAX 160                 /* "dimensions #12.ratings #3.participant" */
#define ID_MAX 1000000000000000LL     /* 10^15: ids are labels, not counts */
#define POINTS_MAX BALLOT_POINTS_LIMIT /* a step's points or a result's, either sign */
#define SCALE_POINTS_MAX (SCALE_MAX_HIGHEST - SCALE_MIN_LOWEST + 1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* What the import keeps while it builds the session. */
struct reader {
	const char *path;             /* for messages */
	struct error *err;
	struct template tpl;          /* the file's dimensions, scale labels and timeboxes */
	struct scale *scales;         /* each dimension's own scale */
	struct session *s;            /* NULL until the header and dimensions are read */
	size_t parent;                /* the dimension, metric or ballot whose list is read */
	int64_t *ids;                 /* a ballot's candidates, as they are read */
	bool *has_result;             /* which candidates a result row has been given */
	struct step_told {            /* a step's points and rank as the file gives them */
		long points;
		int rank;
	} *told;
	size_t told_cap;
	long voters;                  /* the ballot being read: its "voters", or -1 */
};

/* ---- messages ---- */

static enum err_code fail(const struct reader *rd, const struct ynode *node, const char *where,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum err_code fail(const struct reader *rd, const struct ynode *node, const char *where,
			  const char *fmt, ...)
{
	char what[sizeof rd->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(rd->err, ERR_DATA, "%s:%d:%d: %s: %s", rd->path, node->line, node->col,
			 where, what);
}

/* A model function refused: its reason, placed at node. */
static enum err_code refused(const struct reader *rd, const struct ynode *node, const char *where)
{
	char why[sizeof rd->err->msg];
	snprintf(why, sizeof why, "%s", rd->err->msg);
	return fail(rd, node, where, "%s", why);
}

/* Writes a path into the tree; one too deep for the buffer is cut short
 * (the line and column still say where). */
static const char *path_of(char out[WHERE_MAX], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *path_of(char out[WHERE_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, WHERE_MAX, fmt, ap);
	va_end(ap);
	return out;
}

static const char *at_key(char out[WHERE_MAX], const char *where, const char *key)
{
	return path_of(out, "%s%s%s", where, where[0] != '\0' ? "." : "", key);
}

static const char *at_item(char out[WHERE_MAX], const char *where, size_t i)
{
	return path_of(out, "%s #%zu", where, i + 1);
}

/* A model function refused something under key of the mapping `item`:
 * the reason, placed at that key's value (or at the mapping without it). */
static enum err_code refused_at(const struct reader *rd, const struct ynode *item,
				const char *where, const char *key)
{
	char here[WHERE_MAX];
	const struct ynode *node = ynode_get(item, key);
	return refused(rd, node ? node : item, at_key(here, where, key));
}

/* Messages quote the file's text only through ynode_echo, but a model's
 * reason may hold a name and the path may hold anything: what the caller
 * shows is one line without control characters, cut at a character. */
static void clean_message(struct error *err)
{
	size_t len = strlen(err->msg);
	if (!sanitize_needed(err->msg, len, SANITIZE_LINE))
		return;
	char *clean = sanitize(err->msg, len, SANITIZE_LINE);
	size_t n = strlen(clean);
	if (n >= sizeof err->msg) {
		n = sizeof err->msg - 1;
		while (n > 0 && ((unsigned char)clean[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(err->msg, clean, n);
	err->msg[n] = '\0';
	free(clean);
}

/* ---- what a scalar is ---- */

static bool text_is(const struct ynode *node, const char *s)
{
	return node->len == strlen(s) && memcmp(node->text, s, node->len) == 0;
}

static bool plain_scalar(const struct ynode *node)
{
	return node->kind == YNODE_SCALAR && !node->quoted && node->len == strlen(node->text);
}

static bool is_bool(const struct ynode *node)
{
	return plain_scalar(node) && (text_is(node, "true") || text_is(node, "false"));
}

static const char *skip_digits(const char *p)
{
	return p + strspn(p, "0123456789");
}

/* An unquoted number as JSON spells it: sign, digits, fraction, exponent.
 * YAML's .inf, .nan, 0x and 0o forms are not numbers here. */
static bool is_number(const struct ynode *node)
{
	if (!plain_scalar(node))
		return false;
	const char *p = node->text + (node->text[0] == '-' || node->text[0] == '+');
	const char *q = skip_digits(p);
	if (q == p)
		return false;
	if (*q == '.') {
		p = q + 1;
		if ((q = skip_digits(p)) == p)
			return false;
	}
	if (*q == 'e' || *q == 'E') {
		p = q + 1 + (q[1] == '-' || q[1] == '+');
		if ((q = skip_digits(p)) == p)
			return false;
	}
	return *q == '\0';
}

static bool is_whole(const struct ynode *node)
{
	const char *p = node->text + (node->text[0] == '-' || node->text[0] == '+');
	return is_number(node) && *skip_digits(p) == '\0';
}

static const char *kind_of(const struct ynode *node)
{
	if (node->kind == YNODE_SEQUENCE)
		return "a list";
	if (node->kind == YNODE_MAPPING)
		return "a mapping";
	if (ynode_is_null(node))
		return "null";
	if (is_bool(node))
		return "true or false";
	return is_number(node) ? "a number" : "a string";
}

static enum err_code wrong_type(const struct reader *rd, const struct ynode *node,
				const char *where, const char *expected)
{
	return fail(rd, node, where, "%s, not %s", expected, kind_of(node));
}

static bool blank(const char *text)
{
	return text[strspn(text, " \t\n\r\v\f")] == '\0';
}

/* ---- the names of the model's vocabularies ---- */

struct vocabulary {
	const char *what;                        /* "a level", in messages */
	int count;
	const char *(*name)(int i);
	bool (*parse)(const char *text, void *out);
};

#define VOCABULARY(kind, COUNT_, what) \
	static const char *kind##_at(int i) { return kind##_name((enum kind)i); } \
	static bool kind##_into(const char *text, void *out) { return kind##_parse(text, out); } \
	static const struct vocabulary kind##_words = {what, COUNT_, kind##_at, kind##_into};

VOCABULARY(level, LEVEL_COUNT, "a level")
VOCABULARY(stage, STAGE_COUNT, "a stage")
VOCABULARY(session_status, SESSION_STATUS_COUNT, "a session status")
VOCABULARY(note_kind, NOTE_KIND_COUNT, "a kind of note")
VOCABULARY(goal_status, GOAL_STATUS_COUNT, "a goal status")
VOCABULARY(direction, DIRECTION_COUNT, "a direction")
VOCABULARY(horizon, HORIZON_COUNT, "a horizon")
VOCABULARY(step_status, STEP_STATUS_COUNT, "a step status")
VOCABULARY(ballot_method, BALLOT_METHOD_COUNT, "a voting method")
VOCABULARY(ballot_entry, BALLOT_ENTRY_COUNT, "a ballot entry")
VOCABULARY(ballot_status, BALLOT_STATUS_COUNT, "a ballot status")

/* ---- reading a mapping through a table of fields ---- */

struct field;

/* Reads node into target, the member the field names. */
typedef enum err_code (*read_fn)(const struct reader *rd, const struct ynode *node,
				 const char *where, const struct field *f, void *target);

struct record {
	const struct field *fields;
	size_t nfields;
};

struct field {
	const char *name;
	read_fn read;
	size_t offset;
	bool required;
	long long min, max;                      /* numbers: values; text: bytes */
	const struct vocabulary *words;          /* names */
	const struct record *sub;                /* mappings */
};

static const struct field *field_named(const struct record *rec, const struct ynode *key)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		if (text_is(key, rec->fields[i].name))
			return &rec->fields[i];
	}
	return NULL;
}

/* Reads the pairs in file order, so the first mistake in the file is the
 * one reported, then looks for required keys left out. Keys the table
 * does not name are ignored (later formats may add keys); a null value
 * leaves the member at its default. */
static enum err_code read_record(const struct reader *rd, const struct ynode *node,
				 const char *where, const struct record *rec, void *base)
{
	char here[WHERE_MAX];
	if (node->kind != YNODE_MAPPING)
		return wrong_type(rd, node, where, "a mapping");
	for (size_t i = 0; i < node->npairs; i++) {
		const struct ypair *pair = &node->pairs[i];
		const struct field *f = field_named(rec, pair->key);
		if (f == NULL || ynode_is_null(pair->value))
			continue;
		enum err_code rc = f->read(rd, pair->value, at_key(here, where, f->name), f,
					   (char *)base + f->offset);
		if (rc != ERR_OK)
			return rc;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		const struct field *f = &rec->fields[i];
		const struct ynode *value = ynode_get(node, f->name);
		if (f->required && value == NULL)
			return fail(rd, node, at_key(here, where, f->name), "missing");
		if (f->required && ynode_is_null(value))
			return fail(rd, value, at_key(here, where, f->name), "required, not null");
	}
	return ERR_OK;
}

static enum err_code read_sub(const struct reader *rd, const struct ynode *node,
			      const char *where, const struct field *f, void *target)
{
	return read_record(rd, node, where, f->sub, target);
}

/* Text as the model takes it: checked here as session_text checks it, so
 * that a refusal points at the text; the model trims and copies it later.
 * The member borrows the tree's text. */
static enum err_code read_text(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct field *f, void *target)
{
	if (node->kind != YNODE_SCALAR)
		return wrong_type(rd, node, where, "text");
	if (node->len != strlen(node->text))
		return fail(rd, node, where, "text may not hold a NUL character");
	struct error why = {0};
	char *checked = session_text(node->text, (size_t)f->max, "the text", &why);
	if (checked == NULL && (f->required || !blank(node->text)))
		return fail(rd, node, where, "%s", why.msg);
	free(checked);
	*(char **)target = node->text;
	return ERR_OK;
}

static enum err_code read_key(const struct reader *rd, const struct ynode *node,
			      const char *where, const struct field *f, void *target)
{
	enum err_code rc = read_text(rd, node, where, f, target);
	if (rc != ERR_OK || (!f->required && blank(node->text)) || paths_key_valid(node->text))
		return rc;
	char echo[YNODE_ECHO_MAX + 1];
	return fail(rd, node, where, "\"%s\" is not a key (1 to %d of a-z, 0-9, _ and -)",
		    ynode_echo(node, echo), PATHS_KEY_MAX);
}

static enum err_code read_whole(const struct reader *rd, const struct ynode *node,
				const char *where, const struct field *f, long long *out)
{
	if (!is_number(node))
		return wrong_type(rd, node, where, "a number");
	const char *digits = node->text + (node->text[0] == '-' || node->text[0] == '+');
	bool fits = is_whole(node) && strlen(digits) <= 18;
	long long v = fits ? strtoll(node->text, NULL, 10) : 0;
	if (!fits || v < f->min || v > f->max) {
		char echo[YNODE_ECHO_MAX + 1];
		return fail(rd, node, where, "a whole number from %lld to %lld, not %s", f->min,
			    f->max, ynode_echo(node, echo));
	}
	*out = v;
	return ERR_OK;
}

/* The whole-number readers differ only in the member's type. */
#define WHOLE_READER(fn, type) \
	static enum err_code fn(const struct reader *rd, const struct ynode *node, \
				const char *where, const struct field *f, void *target) \
	{ \
		long long v; \
		enum err_code rc = read_whole(rd, node, where, f, &v); \
		if (rc == ERR_OK) \
			*(type *)target = (type)v; \
		return rc; \
	}

WHOLE_READER(read_int, int)
WHOLE_READER(read_long, long)
WHOLE_READER(read_id, int64_t)

static enum err_code read_number(const struct reader *rd, const struct ynode *node,
				 const char *where, const struct field *f, void *target)
{
	(void)f;
	if (!is_number(node))
		return wrong_type(rd, node, where, "a number");
	double v = strtod(node->text, NULL);
	if (!isfinite(v) || fabs(v) > IMPORT_MAX_NUMBER) {
		char echo[YNODE_ECHO_MAX + 1];
		return fail(rd, node, where, "a number from -1e15 to 1e15, not %s",
			    ynode_echo(node, echo));
	}
	*(double *)target = v;
	return ERR_OK;
}

static enum err_code read_bool(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct field *f, void *target)
{
	(void)f;
	if (!is_bool(node))
		return wrong_type(rd, node, where, "true or false");
	*(bool *)target = text_is(node, "true");
	return ERR_OK;
}

static bool scalar_text(const struct ynode *node)
{
	return node->kind == YNODE_SCALAR && node->len == strlen(node->text);
}

/* Dates and times are text in one exact form; parsed says whether the
 * node's text was that form (and was read into the member). */
static enum err_code spelled(const struct reader *rd, const struct ynode *node,
			     const char *where, bool parsed, const char *what, const char *example)
{
	char echo[YNODE_ECHO_MAX + 1];
	if (node->kind != YNODE_SCALAR)
		return wrong_type(rd, node, where, what);
	if (!parsed)
		return fail(rd, node, where, "%s such as %s, not \"%s\"", what, example,
			    ynode_echo(node, echo));
	return ERR_OK;
}

static enum err_code read_date(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct field *f, void *target)
{
	(void)f;
	return spelled(rd, node, where, scalar_text(node) && date_parse(node->text, target),
		       "a date", "2026-06-30");
}

static enum err_code read_time(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct field *f, void *target)
{
	(void)f;
	return spelled(rd, node, where, scalar_text(node) && clock_parse_iso(node->text, target),
		       "a time", "2026-11-28T16:00:00Z");
}

static enum err_code read_name(const struct reader *rd, const struct ynode *node,
			       const char *where, const struct field *f, void *target)
{
	const struct vocabulary *words = f->words;
	if (node->kind != YNODE_SCALAR)
		return wrong_type(rd, node, where, words->what);
	if (scalar_text(node) && words->parse(node->text, target))
		return ERR_OK;
	struct sbuf known = SBUF_INIT;
	for (int i = 0; i < words->count; i++)
		sbuf_addf(&known, "%s%s", i > 0 ? ", " : "", words->name(i));
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = fail(rd, node, where, "\"%s\" is not %s (use one of: %s)",
				ynode_echo(node, echo), words->what, sbuf_str(&known));
	sbuf_free(&known);
	return rc;
}

#define FIELD(key, type, m, fn, req, lo, hi) \
	{ .name = key, .read = fn, .offset = offsetof(type, m), .required = req, \
	  .min = lo, .max = hi }
#define TEXT(key, type, m, req, max) FIELD(key, type, m, read_text, req, 0, max)
#define KEY(key, type, m, req) FIELD(key, type, m, read_key, req, 0, TEXT_MAX_NAME)
#define INT(key, type, m, req, lo, hi) FIELD(key, type, m, read_int, req, lo, hi)
#define LONG(key, type, m, req, lo, hi) FIELD(key, type, m, read_long, req, lo, hi)
#define ID(key, type, m) FIELD(key, type, m, read_id, false, 1, ID_MAX)
#define NUMBER(key, type, m, req) FIELD(key, type, m, read_number, req, 0, 0)
#define DATE(key, type, m, req) FIELD(key, type, m, read_date, req, 0, 0)
#define TIME(key, type, m) FIELD(key, type, m, read_time, false, 0, 0)
#define BOOL(key, type, m) FIELD(key, type, m, read_bool, false, 0, 0)
#define NAME(key, type, m, req, vocabulary) \
	{ .name = key, .read = read_name, .offset = offsetof(type, m), .required = req, \
	  .words = &vocabulary }
#define RECORD(key, type, m, req, rec) \
	{ .name = key, .read = read_sub, .offset = offsetof(type, m), .required = req, \
	  .sub = &rec }
#define RECORD_TABLE(fields) { fields, COUNT(fields) }

/* ---- the tables: what each part of the export holds ---- */

struct header {
	char *format;
	int version;
};

static const struct field header_fields[] = {
	TEXT("format", struct header, format, true, TEXT_MAX_NAME),
	INT("format_version", struct header, version, true, 1, INT_MAX),
};
static const struct record header_record = RECORD_TABLE(header_fields);

struct session_fields {
	char *title, *organization, *unit, *facilitator, *template_key;
	enum level level;
	enum stage stage;
	enum session_status status;
	int iteration;
	time_t created_at, closed_at;
	int timeboxes[STAGE_COUNT];   /* minutes */
};

#define TIMEBOX_FIELD(e, name, label) \
	INT(name, struct session_fields, timeboxes[e], false, 0, IMPORT_MAX_TIMEBOX),
static const struct field timebox_fields[] = { STAGE_LIST(TIMEBOX_FIELD) };
static const struct record timebox_record = RECORD_TABLE(timebox_fields);

/* Offsets are the session fields' own: "timeboxes" reads into them too. */
static const struct field session_field_table[] = {
	TEXT("title", struct session_fields, title, true, TEXT_MAX_NAME),
	TEXT("organization", struct session_fields, organization, false, TEXT_MAX_NAME),
	TEXT("unit", struct session_fields, unit, false, TEXT_MAX_NAME),
	TEXT("facilitator", struct session_fields, facilitator, false, TEXT_MAX_NAME),
	KEY("template", struct session_fields, template_key, false),
	NAME("level", struct session_fields, level, false, level_words),
	NAME("stage", struct session_fields, stage, false, stage_words),
	NAME("status", struct session_fields, status, false, session_status_words),
	INT("iteration", struct session_fields, iteration, false, 1, IMPORT_MAX_ITERATION),
	TIME("created_at", struct session_fields, created_at),
	TIME("closed_at", struct session_fields, closed_at),
	{ .name = "timeboxes", .read = read_sub, .offset = 0, .sub = &timebox_record },
};
static const struct record session_record = RECORD_TABLE(session_field_table);

struct top {
	struct session_fields session;
};

static const struct field top_fields[] = {
	RECORD("session", struct top, session, true, session_record),
};
static const struct record top_record = RECORD_TABLE(top_fields);

struct labelled_text {
	int64_t id;
	char *text;
};

static const struct field participant_fields[] = {
	ID("id", struct labelled_text, id),
	TEXT("name", struct labelled_text, text, true, TEXT_MAX_NAME),
};
static const struct record participant_record = RECORD_TABLE(participant_fields);

static const struct field value_fields[] = {
	ID("id", struct labelled_text, id),
	TEXT("text", struct labelled_text, text, true, TEXT_MAX_ITEM),
};
static const struct record value_record = RECORD_TABLE(value_fields);

/* Items of lists that hold scalars: scale labels and ballot candidates. */
static const struct field label_field = {
	.name = "scale_labels", .read = read_text, .required = true, .max = TEXT_MAX_NAME,
};
static const struct field candidate_field = {
	.name = "candidates", .read = read_id, .min = 1, .max = ID_MAX,
};

struct dimension_fields {
	char *key, *name, *question, *low, *high;
	struct scale scale;
	int group_score;
};

static const struct field scale_fields[] = {
	INT("min", struct scale, min, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	INT("max", struct scale, max, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
};
static const struct record scale_record = RECORD_TABLE(scale_fields);

static const struct field dimension_field_table[] = {
	KEY("key", struct dimension_fields, key, true),
	TEXT("name", struct dimension_fields, name, true, TEXT_MAX_NAME),
	TEXT("question", struct dimension_fields, question, false, TEXT_MAX_ITEM),
	TEXT("low", struct dimension_fields, low, false, TEXT_MAX_ITEM),
	TEXT("high", struct dimension_fields, high, false, TEXT_MAX_ITEM),
	RECORD("scale", struct dimension_fields, scale, true, scale_record),
	INT("group_score", struct dimension_fields, group_score, false, SCALE_MIN_LOWEST,
	    SCALE_MAX_HIGHEST),
};
static const struct record dimension_record = RECORD_TABLE(dimension_field_table);

struct rating_fields {
	char *participant;
	int score;
};

static const struct field rating_field_table[] = {
	TEXT("participant", struct rating_fields, participant, true, TEXT_MAX_NAME),
	INT("score", struct rating_fields, score, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
};
static const struct record rating_record = RECORD_TABLE(rating_field_table);

struct note_fields {
	enum note_kind kind;
	char *text;
};

static const struct field note_field_table[] = {
	NAME("kind", struct note_fields, kind, true, note_kind_words),
	TEXT("text", struct note_fields, text, true, TEXT_MAX_NOTE),
};
static const struct record note_record = RECORD_TABLE(note_field_table);

struct goal_fields {
	int64_t id;
	char *text, *dimension;
	enum goal_status status;
};

static const struct field goal_field_table[] = {
	ID("id", struct goal_fields, id),
	TEXT("text", struct goal_fields, text, true, TEXT_MAX_ITEM),
	TEXT("dimension", struct goal_fields, dimension, false, TEXT_MAX_NAME),
	NAME("status", struct goal_fields, status, false, goal_status_words),
};
static const struct record goal_record = RECORD_TABLE(goal_field_table);

/* Metrics and steps read straight into the model's own struct, which
 * session_add_metric and session_add_step take as their fields. */
static const struct field metric_field_table[] = {
	ID("goal_id", struct metric, goal_id),
	TEXT("name", struct metric, name, true, TEXT_MAX_ITEM),
	TEXT("unit", struct metric, unit, false, TEXT_MAX_NAME),
	NAME("direction", struct metric, direction, false, direction_words),
	NUMBER("baseline", struct metric, baseline, false),
	DATE("baseline_date", struct metric, baseline_date, false),
	NUMBER("target", struct metric, target, false),
	DATE("target_date", struct metric, target_date, false),
};
static const struct record metric_record = RECORD_TABLE(metric_field_table);

static const struct field measurement_fields[] = {
	NUMBER("value", struct measurement, value, true),
	DATE("taken_on", struct measurement, taken_on, true),
};
static const struct record measurement_record = RECORD_TABLE(measurement_fields);

static const struct field step_field_table[] = {
	ID("id", struct step, id),
	TEXT("text", struct step, text, true, TEXT_MAX_ITEM),
	NAME("horizon", struct step, horizon, false, horizon_words),
	NAME("status", struct step, status, false, step_status_words),
	TEXT("owner", struct step, owner, false, TEXT_MAX_NAME),
	ID("goal_id", struct step, goal_id),
	INT("impact", struct step, impact, false, 1, 5),
	INT("effort", struct step, effort, false, 1, 5),
	LONG("points", struct step, points, false, -POINTS_MAX, POINTS_MAX),
	INT("rank", struct step, rank, false, 1, IMPORT_MAX_CANDIDATES),
};
static const struct record step_record = RECORD_TABLE(step_field_table);

static const struct field parked_fields[] = {
	ID("id", struct labelled_text, id),
	TEXT("text", struct labelled_text, text, true, TEXT_MAX_ITEM),
};
static const struct record parked_record = RECORD_TABLE(parked_fields);

struct ballot_fields {
	enum ballot_method method;
	enum ballot_entry entry;
	enum ballot_status status;
	bool anonymous;
	int budget, cap;              /* 0: not given */
	long voters;
};

static const struct field ballot_field_table[] = {
	NAME("method", struct ballot_fields, method, true, ballot_method_words),
	NAME("entry", struct ballot_fields, entry, false, ballot_entry_words),
	NAME("status", struct ballot_fields, status, false, ballot_status_words),
	BOOL("anonymous", struct ballot_fields, anonymous),
	INT("budget", struct ballot_fields, budget, false, 1, BALLOT_BUDGET_LIMIT),
	INT("cap", struct ballot_fields, cap, false, 1, BALLOT_BUDGET_LIMIT),
	LONG("voters", struct ballot_fields, voters, false, 0, POINTS_MAX),
};
static const struct record ballot_record = RECORD_TABLE(ballot_field_table);

struct result_fields {
	int64_t step_id;
	long points;
	double impact, effort;
};

static const struct field result_field_table[] = {
	ID("step_id", struct result_fields, step_id),
	LONG("points", struct result_fields, points, false, -POINTS_MAX, POINTS_MAX),
	NUMBER("impact", struct result_fields, impact, false),
	NUMBER("effort", struct result_fields, effort, false),
};
static const struct record result_record = RECORD_TABLE(result_field_table);

/* ---- lists ---- */

typedef enum err_code (*item_fn)(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i);

/* Calls fn on each item of the list under key in map; a list left out or
 * null is empty. */
static enum err_code each_item(struct reader *rd, const struct ynode *map, const char *where,
			       const char *key, size_t max, item_fn fn)
{
	char here[WHERE_MAX], item_at[WHERE_MAX];
	const struct ynode *list = ynode_get(map, key);
	if (list == NULL || ynode_is_null(list))
		return ERR_OK;
	at_key(here, where, key);
	if (list->kind != YNODE_SEQUENCE)
		return wrong_type(rd, list, here, "a list");
	if (list->nitems > max)
		return fail(rd, list, here, "%zu items; at most %zu are allowed", list->nitems, max);
	for (size_t i = 0; i < list->nitems; i++) {
		enum err_code rc = fn(rd, list->items[i], at_item(item_at, here, i), i);
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

static size_t list_len(const struct ynode *map, const char *key)
{
	const struct ynode *list = ynode_get(map, key);
	return list && list->kind == YNODE_SEQUENCE ? list->nitems : 0;
}

/* ---- the session's frame: its fields and dimensions, as a template ---- */

/* A checked text, trimmed as the model keeps it; "" when blank. */
static char *trimmed(const char *text, size_t max)
{
	char *t = blank(text) ? NULL : session_text(text, max, "", NULL);
	return t ? t : xstrdup("");
}

static enum err_code read_dimension_frame(struct reader *rd, const struct ynode *item,
					  const char *where, size_t i)
{
	struct dimension_fields in = {.key = NULL};
	enum err_code rc = read_record(rd, item, where, &dimension_record, &in);
	if (rc != ERR_OK)
		return rc;
	char here[WHERE_MAX];
	for (size_t j = 0; j < i; j++) {
		if (strcmp(rd->tpl.dims[j].key, in.key) == 0) {
			char echo[YNODE_ECHO_MAX + 1];
			const struct ynode *key = ynode_get(item, "key");
			return fail(rd, key, at_key(here, where, "key"),
				    "\"%s\" is already the key of dimension #%zu",
				    ynode_echo(key, echo), j + 1);
		}
	}
	if (in.scale.min >= in.scale.max)
		return fail(rd, ynode_get(item, "scale"), at_key(here, where, "scale"),
			    "min (%d) must be below max (%d)", in.scale.min, in.scale.max);
	struct template_dimension *d = &rd->tpl.dims[i];
	d->key = xstrdup(in.key);
	d->name = trimmed(in.name, TEXT_MAX_NAME);
	d->question = trimmed(in.question ? in.question : "", TEXT_MAX_ITEM);
	d->low = trimmed(in.low ? in.low : "", TEXT_MAX_ITEM);
	d->high = trimmed(in.high ? in.high : "", TEXT_MAX_ITEM);
	rd->tpl.ndims = i + 1;
	rd->scales[i] = in.scale;
	return ERR_OK;
}

static enum err_code read_scale_label(struct reader *rd, const struct ynode *item,
				      const char *where, size_t i)
{
	char *text = NULL;
	if (ynode_is_null(item))
		return wrong_type(rd, item, where, "text");
	enum err_code rc = read_text(rd, item, where, &label_field, &text);
	if (rc != ERR_OK)
		return rc;
	if (strpbrk(text, "\n\r") != NULL)
		return fail(rd, item, where, "a label is one line");
	rd->tpl.scale.labels[i] = trimmed(text, TEXT_MAX_NAME);
	rd->tpl.scale.nlabels = i + 1;
	return ERR_OK;
}

static enum err_code check_labels(const struct reader *rd, const struct ynode *session_node)
{
	const struct scale *scale = &rd->tpl.scale;
	size_t points = (size_t)(scale->max - scale->min + 1);
	if (scale->nlabels == 0 || rd->tpl.ndims == 0 || scale->nlabels == points)
		return ERR_OK;
	return fail(rd, ynode_get(session_node, "scale_labels"), "session.scale_labels",
		    "%zu labels; the scale from %d to %d has %zu points, one label each",
		    scale->nlabels, scale->min, scale->max, points);
}

/* The dimensions' first pass: what a template gives a new session. */
static enum err_code read_frame(struct reader *rd, const struct ynode *root,
				const struct ynode *session_node, const struct session_fields *in)
{
	size_t ndims = list_len(root, "dimensions");
	size_t nlabels = list_len(session_node, "scale_labels");
	rd->tpl.key = trimmed(in->template_key ? in->template_key : "", TEXT_MAX_NAME);
	rd->tpl.dims = xcalloc(ndims + 1, sizeof *rd->tpl.dims);
	rd->scales = xcalloc(ndims + 1, sizeof *rd->scales);
	rd->tpl.scale.labels = xcalloc(nlabels + 1, sizeof *rd->tpl.scale.labels);
	for (int st = 0; st < STAGE_COUNT; st++)
		rd->tpl.timebox_minutes[st] = in->timeboxes[st];
	enum err_code rc = each_item(rd, root, "", "dimensions", IMPORT_MAX_DIMENSIONS,
				     read_dimension_frame);
	if (rc == ERR_OK)
		rc = each_item(rd, session_node, "session", "scale_labels", SCALE_POINTS_MAX,
			       read_scale_label);
	rd->tpl.scale.min = rd->tpl.ndims ? rd->scales[0].min : 1;
	rd->tpl.scale.max = rd->tpl.ndims ? rd->scales[0].max : 5;
	return rc ? rc : check_labels(rd, session_node);
}

static enum err_code create_session(struct reader *rd, const struct ynode *session_node,
				    const struct session_fields *in)
{
	const struct session_setup setup = {
		.title = in->title,
		.organization = in->organization,
		.unit = in->unit,
		.facilitator = in->facilitator,
		.level = in->level,
	};
	rd->s = session_create(&setup, &rd->tpl, rd->err);
	if (rd->s == NULL)
		return refused(rd, session_node, "session");
	for (size_t i = 0; i < rd->s->ndims; i++) {
		rd->s->dims[i].scale_min = rd->scales[i].min;
		rd->s->dims[i].scale_max = rd->scales[i].max;
	}
	return ERR_OK;
}

/* ---- participants, values, the parking lot: a text each ---- */

typedef enum err_code (*add_text_fn)(struct session *s, const char *text, struct error *err);

/* rec reads a struct labelled_text; its text field comes last. */
static enum err_code add_text_item(struct reader *rd, const struct ynode *item,
				   const char *where, const struct record *rec, add_text_fn add)
{
	struct labelled_text in = {0};
	enum err_code rc = read_record(rd, item, where, rec, &in);
	if (rc == ERR_OK && add(rd->s, in.text, rd->err))
		rc = refused_at(rd, item, where, rec->fields[rec->nfields - 1].name);
	return rc;
}

static enum err_code read_participant(struct reader *rd, const struct ynode *item,
				      const char *where, size_t i)
{
	(void)i;
	enum err_code rc = add_text_item(rd, item, where, &participant_record,
					 session_add_participant);
	/* A label the ballots' voters can name until the store gives real ids. */
	if (rc == ERR_OK)
		rd->s->participants[rd->s->nparticipants - 1].id = (int64_t)rd->s->nparticipants;
	return rc;
}

static enum err_code read_value(struct reader *rd, const struct ynode *item, const char *where,
				size_t i)
{
	(void)i;
	return add_text_item(rd, item, where, &value_record, session_add_value);
}

static enum err_code read_parked(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i)
{
	(void)i;
	return add_text_item(rd, item, where, &parked_record, session_park);
}

/* ---- dimensions, second pass: ratings, the room's score, notes ---- */

static enum err_code read_rating(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i)
{
	(void)i;
	struct rating_fields in = {0};
	enum err_code rc = read_record(rd, item, where, &rating_record, &in);
	if (rc != ERR_OK)
		return rc;
	char here[WHERE_MAX], echo[YNODE_ECHO_MAX + 1];
	const struct ynode *who = ynode_get(item, "participant");
	/* Names are kept trimmed, so a rating names its person trimmed too. */
	char *name = trimmed(in.participant, TEXT_MAX_NAME);
	ptrdiff_t p = session_find_participant(rd->s, name);
	free(name);
	if (p < 0)
		return fail(rd, who, at_key(here, where, "participant"),
			    "unknown participant \"%s\"", ynode_echo(who, echo));
	if (rd->s->dims[rd->parent].scores[p] != RATING_NONE)
		return fail(rd, who, at_key(here, where, "participant"),
			    "\"%s\" has rated this dimension already", ynode_echo(who, echo));
	if (session_rate(rd->s, rd->parent, (size_t)p, in.score, rd->err))
		return refused_at(rd, item, where, "score");
	return ERR_OK;
}

static enum err_code read_note(struct reader *rd, const struct ynode *item, const char *where,
			       size_t i)
{
	(void)i;
	struct note_fields in = {0};
	enum err_code rc = read_record(rd, item, where, &note_record, &in);
	if (rc == ERR_OK && session_add_note(rd->s, rd->parent, in.kind, in.text, rd->err))
		rc = refused_at(rd, item, where, "text");
	return rc;
}

static enum err_code read_assessment(struct reader *rd, const struct ynode *item,
				     const char *where, size_t i)
{
	struct dimension_fields in = {.group_score = RATING_NONE};
	enum err_code rc = read_record(rd, item, where, &dimension_record, &in);
	rd->parent = i;
	if (rc == ERR_OK)
		rc = each_item(rd, item, where, "ratings", IMPORT_MAX_ITEMS, read_rating);
	if (rc == ERR_OK && in.group_score != RATING_NONE &&
	    session_set_group_score(rd->s, i, in.group_score, rd->err))
		rc = refused_at(rd, item, where, "group_score");
	if (rc == ERR_OK)
		rc = each_item(rd, item, where, "notes", IMPORT_MAX_ITEMS, read_note);
	return rc;
}

/* ---- goals, metrics, steps: tied together by ids ---- */

static enum err_code check_new_id(const struct reader *rd, const struct ynode *item,
				  const char *where, int64_t id,
				  ptrdiff_t (*find)(const struct session *s, int64_t id),
				  const char *what)
{
	char here[WHERE_MAX];
	if (id == 0 || find(rd->s, id) < 0)
		return ERR_OK;
	return fail(rd, ynode_get(item, "id"), at_key(here, where, "id"),
		    "another %s has id %lld already", what, (long long)id);
}

static enum err_code check_goal_link(const struct reader *rd, const struct ynode *item,
				     const char *where, int64_t goal_id)
{
	char here[WHERE_MAX];
	if (goal_id == 0 || session_find_goal(rd->s, goal_id) >= 0)
		return ERR_OK;
	return fail(rd, ynode_get(item, "goal_id"), at_key(here, where, "goal_id"),
		    "no goal has id %lld", (long long)goal_id);
}

static enum err_code read_goal(struct reader *rd, const struct ynode *item, const char *where,
			       size_t i)
{
	(void)i;
	struct goal_fields in = {.status = GOAL_ACTIVE};
	char here[WHERE_MAX], echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = read_record(rd, item, where, &goal_record, &in);
	if (rc == ERR_OK)
		rc = check_new_id(rd, item, where, in.id, session_find_goal, "goal");
	if (rc != ERR_OK)
		return rc;
	const char *dimension = in.dimension && !blank(in.dimension) ? in.dimension : NULL;
	if (dimension && session_find_dimension(rd->s, dimension) < 0) {
		const struct ynode *node = ynode_get(item, "dimension");
		return fail(rd, node, at_key(here, where, "dimension"), "unknown dimension \"%s\"",
			    ynode_echo(node, echo));
	}
	struct session *s = rd->s;
	if (session_add_goal(s, in.text, dimension, rd->err))
		return refused_at(rd, item, where, "text");
	s->goals[s->ngoals - 1].id = in.id;
	if (session_set_goal_status(s, s->ngoals - 1, in.status, rd->err))
		return refused_at(rd, item, where, "status");
	return ERR_OK;
}

static enum err_code read_measurement(struct reader *rd, const struct ynode *item,
				      const char *where, size_t i)
{
	(void)i;
	struct measurement in = {.value = NAN, .taken_on = NO_DATE};
	enum err_code rc = read_record(rd, item, where, &measurement_record, &in);
	if (rc == ERR_OK &&
	    session_add_measurement(rd->s, rd->parent, in.value, in.taken_on, rd->err))
		rc = refused_at(rd, item, where, "value");
	return rc;
}

static enum err_code read_metric(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i)
{
	(void)i;
	struct metric in = {
		.direction = DIRECTION_UP,
		.baseline = NAN,
		.target = NAN,
		.baseline_date = NO_DATE,
		.target_date = NO_DATE,
	};
	enum err_code rc = read_record(rd, item, where, &metric_record, &in);
	if (rc == ERR_OK)
		rc = check_goal_link(rd, item, where, in.goal_id);
	if (rc == ERR_OK && session_add_metric(rd->s, &in, rd->err))
		rc = refused(rd, item, where);
	if (rc != ERR_OK)
		return rc;
	rd->parent = rd->s->nmetrics - 1;
	return each_item(rd, item, where, "measurements", IMPORT_MAX_ITEMS, read_measurement);
}

static enum err_code read_step(struct reader *rd, const struct ynode *item, const char *where,
			       size_t i)
{
	(void)i;
	struct step in = {
		.horizon = HORIZON_SHORT,
		.status = STEP_PLANNED,
		.impact = SCORE_NONE,
		.effort = SCORE_NONE,
		.points = POINTS_NONE,
	};
	enum err_code rc = read_record(rd, item, where, &step_record, &in);
	if (rc == ERR_OK)
		rc = check_new_id(rd, item, where, in.id, session_find_step, "step");
	if (rc == ERR_OK)
		rc = check_goal_link(rd, item, where, in.goal_id);
	if (rc == ERR_OK && session_add_step(rd->s, &in, rd->err))
		rc = refused(rd, item, where);
	if (rc != ERR_OK)
		return rc;
	struct session *s = rd->s;
	s->steps[s->nsteps - 1].id = in.id;
	grow(&rd->told, &rd->told_cap, s->nsteps, sizeof *rd->told);
	rd->told[s->nsteps - 1] = (struct step_told){in.points, in.rank};
	return ERR_OK;
}

/* A ballot names a removed step as 0, so no step may keep id 0: those the
 * file gave no id get ids no other step has. */
static void label_steps(struct reader *rd)
{
	struct session *s = rd->s;
	int64_t next = 1;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].id >= next)
			next = s->steps[i].id + 1;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].id == 0)
			s->steps[i].id = next++;
}

/* ---- ballots ---- */

static enum err_code read_candidate(struct reader *rd, const struct ynode *item,
				    const char *where, size_t i)
{
	int64_t id = 0;
	if (!ynode_is_null(item)) {
		enum err_code rc = read_id(rd, item, where, &candidate_field, &id);
		if (rc != ERR_OK)
			return rc;
		if (session_find_step(rd->s, id) < 0)
			return fail(rd, item, where, "no step has id %lld", (long long)id);
		for (size_t j = 0; j < i; j++)
			if (rd->ids[j] == id)
				return fail(rd, item, where, "step %lld is a candidate already",
					    (long long)id);
	}
	rd->ids[i] = id;
	return ERR_OK;
}

/* Fills rd->ids with the candidates (0 for a removed step) and *n with
 * how many there are. */
static enum err_code read_candidates(struct reader *rd, const struct ynode *item,
				     const char *where, size_t *n)
{
	char here[WHERE_MAX];
	const struct ynode *list = ynode_get(item, "candidates");
	*n = list_len(item, "candidates");
	free(rd->ids);
	rd->ids = xcalloc(*n + 1, sizeof *rd->ids);
	enum err_code rc = each_item(rd, item, where, "candidates", IMPORT_MAX_CANDIDATES,
				     read_candidate);
	if (rc == ERR_OK && list == NULL)
		return fail(rd, item, at_key(here, where, "candidates"), "missing");
	if (rc == ERR_OK && *n < 2)
		return fail(rd, list, at_key(here, where, "candidates"),
			    "a ballot needs at least two steps to choose from");
	return rc;
}

/* The most one voter can give one candidate of a secret ballot. */
static long most_per_voter(const struct ballot *b)
{
	return b->method == BALLOT_DOTS ? b->cap
	       : b->method == BALLOT_RANKED ? (long)b->ncandidates - 1 : 1;
}

/* The most one voter can give all the candidates together: the budget,
 * a full ranking's Borda points, or an approval of every step. */
static long most_in_all_per_voter(const struct ballot *b)
{
	long n = (long)b->ncandidates;
	return b->method == BALLOT_DOTS ? b->budget
	       : b->method == BALLOT_RANKED ? n * (n - 1) / 2 : n;
}

/* How many can have voted on a secret ballot: as many as the file says,
 * or when it does not say, every participant there may be. */
static long most_voters(const struct reader *rd)
{
	return rd->voters >= 0 ? rd->voters : SESSION_MAX_PARTICIPANTS;
}

static enum err_code too_many_points(const struct reader *rd, const struct ynode *node,
				     const char *where, const struct ballot *b, long points)
{
	long most = most_voters(rd) * most_per_voter(b);
	if (rd->voters == 0)
		return fail(rd, node, where, "no one voted (voters is 0), so no step has points, "
			    "not %ld", points);
	if (rd->voters < 0)
		return fail(rd, node, where, "a whole number from 0 to %ld (%d voters at the most), "
			    "not %ld", most, SESSION_MAX_PARTICIPANTS, points);
	return fail(rd, node, where, "%ld voters give one step at most %ld, not %ld", rd->voters,
		    most, points);
}

/* The fewest voters whose whole scores have exactly these means. A mean
 * written with 15 digits, times its true count, is within 1e-6 of a whole
 * number; for any smaller count it is at least 1/count away. */
static long voters_for_means(double impact, double effort, long most)
{
	for (long n = 1; n <= most; n++) {
		double i = impact * (double)n, e = effort * (double)n;
		if (fabs(i - round(i)) < 1e-6 && fabs(e - round(e)) < 1e-6)
			return n;
	}
	return 0;
}

static enum err_code restore_scores(const struct reader *rd, const struct ynode *item,
				    const char *where, struct ballot *b, size_t c,
				    const struct result_fields *in)
{
	char here[WHERE_MAX];
	if (isnan(in->impact) && isnan(in->effort))
		return ERR_OK;
	if (isnan(in->impact) || isnan(in->effort))
		return fail(rd, item, where, "give both impact and effort, or neither");
	const char *key = in->impact < b->score_min || in->impact > b->score_max ? "impact"
			: in->effort < b->score_min || in->effort > b->score_max ? "effort" : NULL;
	if (key != NULL)
		return fail(rd, ynode_get(item, key), at_key(here, where, key),
			    "a mean score from %d to %d", b->score_min, b->score_max);
	long most = rd->voters >= 0 && rd->voters < SESSION_MAX_PARTICIPANTS
			    ? rd->voters : SESSION_MAX_PARTICIPANTS;
	long n = voters_for_means(in->impact, in->effort, most);
	if (n == 0 && most == 0)
		return fail(rd, item, where, "no one voted (voters is 0), so no step has scores");
	if (n == 0)
		return fail(rd, item, where,
			    "impact and effort are not the mean scores of %ld voters or fewer", most);
	b->impact_sum[c] = lround(in->impact * (double)n);
	b->effort_sum[c] = lround(in->effort * (double)n);
	b->score_count[c] = n;
	return ERR_OK;
}

/* A revealed ballot's total for candidate c, from its result row. */
static enum err_code restore_total(const struct reader *rd, const struct ynode *item,
				   const char *where, struct ballot *b, size_t c,
				   const struct result_fields *in)
{
	char here[WHERE_MAX];
	if (b->method == BALLOT_SCORING)
		return restore_scores(rd, item, where, b, c, in);
	if (b->entry == BALLOT_ENTRY_TALLY)
		return ballot_set_tally(b, c, in->points, rd->err)
			       ? refused_at(rd, item, where, "points") : ERR_OK;
	if (in->points < 0 || in->points > most_voters(rd) * most_per_voter(b)) {
		const struct ynode *node = ynode_get(item, "points");
		return too_many_points(rd, node ? node : item, at_key(here, where, "points"), b,
				       in->points);
	}
	b->points[c] = in->points;
	return ERR_OK;
}

/* The candidate a row is for: its step, or for a removed step (null) the
 * first removed one that has no row yet. */
static ptrdiff_t result_slot(const struct ballot *b, const bool *has_result, int64_t step_id)
{
	for (size_t c = 0; c < b->ncandidates; c++)
		if (b->candidates[c] == step_id && !has_result[c])
			return (ptrdiff_t)c;
	return -1;
}

static enum err_code read_result(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i)
{
	(void)i;
	struct ballot *b = &rd->s->ballots[rd->parent];
	struct result_fields in = {.impact = NAN, .effort = NAN};
	enum err_code rc = read_record(rd, item, where, &result_record, &in);
	if (rc != ERR_OK)
		return rc;
	ptrdiff_t c = result_slot(b, rd->has_result, in.step_id);
	if (c < 0 && in.step_id == 0)
		return fail(rd, item, where, "no removed step of this ballot is left for this row");
	if (c < 0) {
		char here[WHERE_MAX];
		bool twice = ballot_candidate_index(b, in.step_id) >= 0;
		return fail(rd, ynode_get(item, "step_id"), at_key(here, where, "step_id"),
			    twice ? "step %lld has a result already"
				  : "step %lld is not a candidate of this ballot",
			    (long long)in.step_id);
	}
	rd->has_result[c] = true;
	return restore_total(rd, item, where, b, (size_t)c, &in);
}

static enum err_code set_limits(struct reader *rd, const struct ynode *item, const char *where,
				struct ballot *b, const struct ballot_fields *in)
{
	if (in->budget == 0 && in->cap == 0)
		return ERR_OK;
	int budget = in->budget ? in->budget : b->budget;
	int cap = in->cap ? in->cap : (b->cap < budget ? b->cap : budget);
	if (ballot_set_limits(b, budget, cap, rd->err))
		return refused_at(rd, item, where, "cap");
	return ERR_OK;
}

/* Open, closed or revealed: the way a screen gets there. */
static enum err_code set_status(struct reader *rd, const struct ynode *item, const char *where,
				enum ballot_status status)
{
	struct ballot *b = &rd->s->ballots[rd->parent];
	enum err_code rc = ERR_OK;
	if (status == BALLOT_CLOSED)
		rc = ballot_close(b, rd->err);
	else if (status == BALLOT_REVEALED)
		rc = session_reveal_ballot(rd->s, rd->parent, rd->err);
	return rc ? refused_at(rd, item, where, "status") : ERR_OK;
}

/* One name of the ballot's "voted": someone known to have voted. */
static enum err_code read_voter(struct reader *rd, const struct ynode *item, const char *where,
				size_t i)
{
	(void)i;
	struct session *s = rd->s;
	char shown[YNODE_ECHO_MAX + 1];
	if (item->kind != YNODE_SCALAR)
		return fail(rd, item, where, "a participant's name");
	ptrdiff_t p = session_find_participant(s, item->text);
	if (p < 0)
		return fail(rd, item, where, "unknown participant \"%s\"", ynode_echo(item, shown));
	if (ballot_restore_voter(&s->ballots[rd->parent], s->participants[p].id, rd->err))
		return fail(rd, item, where, "\"%s\" is named twice", ynode_echo(item, shown));
	return ERR_OK;
}

/* A secret ballot's results as a whole: no more points than its voters
 * had to give. (A tally is what was counted on the wall, and is checked
 * step by step as it is typed.) */
static enum err_code check_results_total(const struct reader *rd, const struct ynode *item,
					 const char *where, const struct ballot *b)
{
	char here[WHERE_MAX];
	if (b->entry != BALLOT_ENTRY_SECRET || b->method == BALLOT_SCORING)
		return ERR_OK;
	long total = ballot_total_points(b);
	long most = most_voters(rd) * most_in_all_per_voter(b);
	if (total <= most)
		return ERR_OK;
	return fail(rd, ynode_get(item, "results"), at_key(here, where, "results"),
		    "%ld points in all; %ld voters give at most %ld each, %ld in all", total,
		    most_voters(rd), most_in_all_per_voter(b), most);
}

/* Those the file names under "voted" voted: there are no fewer voters. */
static enum err_code check_voters(const struct reader *rd, const struct ynode *item,
				  const char *where, const struct ballot *b)
{
	char here[WHERE_MAX];
	if (rd->voters < 0 || b->entry != BALLOT_ENTRY_SECRET || (long)b->nvoters <= rd->voters)
		return ERR_OK;
	return fail(rd, ynode_get(item, "voters"), at_key(here, where, "voters"),
		    "%ld, but voted names %zu", rd->voters, b->nvoters);
}

static enum err_code read_ballot(struct reader *rd, const struct ynode *item, const char *where,
				 size_t i)
{
	(void)i;
	struct ballot_fields in = {
		.entry = BALLOT_ENTRY_SECRET,
		.status = BALLOT_OPEN,
		.anonymous = true,
		.voters = -1,
	};
	char here[WHERE_MAX];
	size_t n = 0;
	enum err_code rc = read_record(rd, item, where, &ballot_record, &in);
	if (rc == ERR_OK && !ballot_entry_fits(in.method, in.entry))
		rc = fail(rd, ynode_get(item, "entry"), at_key(here, where, "entry"),
			  "a tally from the wall is for dots and approval ballots only");
	if (rc == ERR_OK)
		rc = read_candidates(rd, item, where, &n);
	if (rc != ERR_OK)
		return rc;
	struct session *s = rd->s;
	grow(&s->ballots, &s->ballots_cap, s->nballots + 1, sizeof *s->ballots);
	struct ballot *b = &s->ballots[s->nballots];
	ballot_init(b, in.method, in.entry, rd->ids, n);
	rd->parent = s->nballots++;
	rd->voters = in.voters;
	b->anonymous = in.anonymous;
	rc = set_limits(rd, item, where, b, &in);
	if (rc == ERR_OK && in.entry == BALLOT_ENTRY_SECRET)
		rc = each_item(rd, item, where, "voted", SESSION_MAX_PARTICIPANTS, read_voter);
	if (rc == ERR_OK)
		rc = check_voters(rd, item, where, b);
	if (rc == ERR_OK && in.entry == BALLOT_ENTRY_TALLY && in.voters > 0 &&
	    ballot_set_tally_voters(b, in.voters, rd->err))
		rc = refused_at(rd, item, where, "voters");
	if (rc == ERR_OK && in.status == BALLOT_REVEALED) {
		free(rd->has_result);
		rd->has_result = xcalloc(n, sizeof *rd->has_result);
		rc = each_item(rd, item, where, "results", n, read_result);
		if (rc == ERR_OK)
			rc = check_results_total(rd, item, where, b);
	}
	return rc ? rc : set_status(rd, item, where, in.status);
}

static bool ballot_gave(const struct ballot_results *r, int64_t step_id,
			const struct step_told *told)
{
	bool gave = false;
	for (size_t k = 0; k < r->nrows; k++)
		gave |= r->rows[k].step_id == step_id && r->rows[k].points == told->points &&
			r->rows[k].rank == told->rank;
	return gave;
}

/* Revealing the ballots again, in file order, left each step with the
 * last one's points and rank. Where the file shows what an earlier
 * revealed ballot gave a step (they were revealed in another order), that
 * ballot's are kept; anything else in the file is derived and ignored.
 * Each ballot is tallied once: tallying it again for every step made a
 * file of 10,000 steps and 50 ballots take 15 s rather than 1. */
static void keep_told_results(struct reader *rd)
{
	struct session *s = rd->s;
	struct ballot_results *results = xcalloc(s->nballots + 1, sizeof *results);
	for (size_t k = 0; k < s->nballots; k++) {
		if (s->ballots[k].status != BALLOT_REVEALED ||
		    ballot_tally(&s->ballots[k], &results[k], NULL) != ERR_OK)
			results[k] = (struct ballot_results){.nrows = 0};
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		struct step *st = &s->steps[i];
		const struct step_told *told = &rd->told[i];
		if (told->points == POINTS_NONE ||
		    (st->points == told->points && st->rank == told->rank))
			continue;
		for (size_t k = 0; k < s->nballots; k++) {
			if (ballot_gave(&results[k], st->id, told)) {
				st->points = told->points;
				st->rank = told->rank;
				break;
			}
		}
	}
	for (size_t k = 0; k < s->nballots; k++)
		ballot_results_free(&results[k]);
	free(results);
}

/* ---- the whole document ---- */

/* The lists in the order they are built: each after those it refers to. */
static const struct section {
	const char *key;
	size_t max;
	item_fn read;
	void (*after)(struct reader *rd);
} sections[] = {
	{"participants", IMPORT_MAX_ITEMS, read_participant, NULL},
	{"dimensions", IMPORT_MAX_DIMENSIONS, read_assessment, NULL},
	{"values", IMPORT_MAX_ITEMS, read_value, NULL},
	{"goals", IMPORT_MAX_ITEMS, read_goal, NULL},
	{"metrics", IMPORT_MAX_ITEMS, read_metric, NULL},
	{"steps", IMPORT_MAX_ITEMS, read_step, label_steps},
	{"parking_lot", IMPORT_MAX_ITEMS, read_parked, NULL},
	{"ballots", IMPORT_MAX_BALLOTS, read_ballot, keep_told_results},
};

static enum err_code read_header(const struct reader *rd, const struct ynode *root)
{
	struct header h = {0};
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = read_record(rd, root, "", &header_record, &h);
	if (rc != ERR_OK)
		return rc;
	if (strcmp(h.format, EXPORT_FORMAT) != 0) {
		const struct ynode *node = ynode_get(root, "format");
		return fail(rd, node, "format", "\"%s\" is not an improv session (expected \"%s\")",
			    ynode_echo(node, echo), EXPORT_FORMAT);
	}
	if (h.version > EXPORT_FORMAT_VERSION)
		return fail(rd, ynode_get(root, "format_version"), "format_version",
			    "version %d is newer than this improv reads (%d); import it with a "
			    "newer improv", h.version, EXPORT_FORMAT_VERSION);
	return ERR_OK;
}

/* A session is closed exactly when it says when it closed, and not
 * before it was created: improv writes nothing else. */
static enum err_code check_times(const struct reader *rd, const struct ynode *session_node,
				 const struct session_fields *in)
{
	const struct ynode *closed = ynode_get(session_node, "closed_at");
	char echo[YNODE_ECHO_MAX + 1], created[YNODE_ECHO_MAX + 1];
	if (in->status != SESSION_CLOSED && in->closed_at != 0)
		return fail(rd, closed, "session.closed_at", "an open session has not closed: "
			    "give status closed, or no closed_at");
	if (in->status == SESSION_CLOSED && in->closed_at == 0)
		return fail(rd, ynode_get(session_node, "status"), "session.status",
			    "a closed session says when it closed: closed_at is missing");
	if (in->created_at != 0 && in->closed_at != 0 && in->closed_at < in->created_at)
		return fail(rd, closed, "session.closed_at", "%s is before created_at %s",
			    ynode_echo(closed, echo),
			    ynode_echo(ynode_get(session_node, "created_at"), created));
	return ERR_OK;
}

/* What is set once everything is in: a closed session takes no more
 * changes, so it is closed last. */
static enum err_code finish(struct reader *rd, const struct ynode *session_node,
			    const struct session_fields *in)
{
	struct session *s = rd->s;
	s->iteration = in->iteration;
	s->created_at = in->created_at;
	if (session_set_stage(s, in->stage, rd->err))
		return refused_at(rd, session_node, "session", "stage");
	if (in->status == SESSION_CLOSED && session_close(s, in->closed_at, rd->err))
		return refused_at(rd, session_node, "session", "status");
	return ERR_OK;
}

static enum err_code import_tree(struct reader *rd, const struct ynode *root)
{
	if (root->kind != YNODE_MAPPING)
		return wrong_type(rd, root, "document", "a mapping of keys to values");
	struct top top = {.session = {
		.level = LEVEL_TEAM,
		.stage = STAGE_CURRENT_STATE,
		.status = SESSION_OPEN,
		.iteration = 1,
	}};
	enum err_code rc = read_header(rd, root);
	if (rc == ERR_OK)
		rc = read_record(rd, root, "", &top_record, &top);
	const struct ynode *session_node = ynode_get(root, "session");
	if (rc == ERR_OK)
		rc = check_times(rd, session_node, &top.session);
	if (rc == ERR_OK)
		rc = read_frame(rd, root, session_node, &top.session);
	if (rc == ERR_OK)
		rc = create_session(rd, session_node, &top.session);
	for (size_t i = 0; rc == ERR_OK && i < COUNT(sections); i++) {
		rc = each_item(rd, root, "", sections[i].key, sections[i].max, sections[i].read);
		if (rc == ERR_OK && sections[i].after)
			sections[i].after(rd);
	}
	return rc ? rc : finish(rd, session_node, &top.session);
}

/* Builds the session from a tree that was read (rc ERR_OK) and frees the
 * tree either way. */
static enum err_code import_read(const char *name, enum err_code rc, struct ynode *root,
				 struct session **out, struct error *err)
{
	struct reader rd = {.path = name, .err = err};
	if (rc == ERR_OK)
		rc = import_tree(&rd, root);
	if (rc == ERR_OK) {
		*out = rd.s;
		rd.s = NULL;
	} else {
		clean_message(err);
	}
	session_free(rd.s);
	template_free(&rd.tpl);
	free(rd.scales);
	free(rd.ids);
	free(rd.has_result);
	free(rd.told);
	ynode_free(root);
	return rc;
}

/* JSON is read as JSON; anything else (improv writes YAML in block style)
 * as YAML. */
static enum err_code read_tree(const char *name, const char *buf, size_t len,
			       struct ynode **root, struct error *err)
{
	if (json_looks_like(buf, len))
		return json_read_buffer(name, buf, len, NULL, root, err);
	return yaml_read_buffer(name, buf, len, NULL, root, err);
}

enum err_code import_session(const char *path, struct session **out, struct error *err)
{
	struct error ignored;
	struct ynode *root = NULL;
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	err = err ? err : &ignored;
	enum err_code rc = ynode_read_file(path, ynode_default_limits.max_bytes, &buf, &len, err);
	if (rc == ERR_OK)
		rc = read_tree(path, buf, len, &root, err);
	free(buf);
	return import_read(path, rc, root, out, err);
}

enum err_code import_session_buffer(const char *name, const char *buf, size_t len,
				    struct session **out, struct error *err)
{
	struct error ignored;
	struct ynode *root = NULL;
	*out = NULL;
	err = err ? err : &ignored;
	enum err_code rc = read_tree(name, buf ? buf : "", len, &root, err);
	return import_read(name, rc, root, out, err);
}
