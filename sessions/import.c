#include "sessions/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/json_reader.h"
#include "lib/mem.h"
#include "lib/sanitize.h"
#include "lib/yaml_reader.h"
#include "sessions/export.h"
#include "sessions/import_internal.h"
#include "templates/template_load.h"

#define SCALE_POINTS_MAX (SCALE_MAX_HIGHEST - SCALE_MIN_LOWEST + 1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

IMPORT_NAMES(level, LEVEL_COUNT, "a level")
IMPORT_NAMES(stage, STAGE_COUNT, "a stage")
IMPORT_NAMES(session_status, SESSION_STATUS_COUNT, "a session status")
IMPORT_NAMES(ratings, RATINGS_COUNT, "a way to show ratings")
IMPORT_NAMES(note_kind, NOTE_KIND_COUNT, "a kind of note")

/* ---- fields of the import's own ---- */

enum err_code import_read_text(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
{
	const struct field any_text = {
		.kind = FIELD_TEXT, .offset = f->offset, .max = LLONG_MAX, .keep = FIELD_BORROW,
	};
	enum err_code rc = field_read_value(rd, node, at, &any_text, base);
	if (rc != ERR_OK)
		return rc;
	struct error why = {0};
	char *checked = session_text(node->text, (size_t)f->max, "the text", &why);
	if (checked == NULL && (f->required || !field_blank(node->text)))
		return field_fail(rd, node, at, "%s", why.msg);
	free(checked);
	return ERR_OK;
}

/* Dates and times are text in one exact form; parsed says whether the
 * node's text was that form (and was read into the member). */
static enum err_code spelled(struct field_reader *rd, const struct ynode *node,
			     const struct field_at *at, bool parsed, const char *what,
			     const char *example)
{
	char echo[YNODE_ECHO_MAX + 1];
	if (node->kind != YNODE_SCALAR)
		return field_wrong_kind(rd, node, at, what);
	if (!parsed)
		return field_fail(rd, node, at, "%s such as %s, not \"%s\"", what, example,
				  ynode_echo(node, echo));
	return ERR_OK;
}

enum err_code import_read_date(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
{
	bool parsed = field_plain_text(node) && date_parse(node->text, field_member(base, f));
	return spelled(rd, node, at, parsed, "a date", "2026-06-30");
}

enum err_code import_read_time(struct field_reader *rd, const struct ynode *node,
			       const struct field_at *at, const struct field *f, void *base)
{
	bool parsed = field_plain_text(node) && clock_parse_iso(node->text, field_member(base, f));
	return spelled(rd, node, at, parsed, "a time", "2026-11-28T16:00:00Z");
}

/* ---- the tables: what each part of the export holds ---- */

struct header {
	char *format;
	int version;
};

static const struct field header_fields[] = {
	TEXT("format", struct header, format, true, TEXT_MAX_NAME),
	WHOLE("format_version", struct header, version, true, 1, INT_MAX),
};
static const struct field_table header_table = FIELD_OPEN_TABLE(header_fields);

struct session_fields {
	char *title, *organization, *unit, *facilitator, *template_key;
	enum level level;
	enum stage stage;
	enum session_status status;
	enum ratings ratings;
	int iteration;
	time_t created_at, closed_at;
	int timeboxes[STAGE_COUNT];   /* minutes */
};

#define TIMEBOX_FIELD(e, name, label) \
	WHOLE(name, struct session_fields, timeboxes[e], false, 0, IMPORT_MAX_TIMEBOX),
static const struct field timebox_fields[] = { STAGE_LIST(TIMEBOX_FIELD) };
static const struct field_table timebox_table = FIELD_OPEN_TABLE(timebox_fields);

/* Offsets are the session fields' own: "timeboxes" reads into them too. */
static const struct field session_fields[] = {
	TEXT("title", struct session_fields, title, true, TEXT_MAX_NAME),
	TEXT("organization", struct session_fields, organization, false, TEXT_MAX_NAME),
	TEXT("unit", struct session_fields, unit, false, TEXT_MAX_NAME),
	TEXT("facilitator", struct session_fields, facilitator, false, TEXT_MAX_NAME),
	KEY("template", struct session_fields, template_key, false),
	NAME("level", struct session_fields, level, false, level_words),
	NAME("stage", struct session_fields, stage, false, stage_words),
	NAME("status", struct session_fields, status, false, session_status_words),
	NAME("ratings", struct session_fields, ratings, false, ratings_words),
	WHOLE("iteration", struct session_fields, iteration, false, 1, IMPORT_MAX_ITERATION),
	TIME("created_at", struct session_fields, created_at),
	TIME("closed_at", struct session_fields, closed_at),
	{ .name = "timeboxes", .kind = FIELD_MAP, .offset = 0, .table = &timebox_table },
};
static const struct field_table session_table = FIELD_OPEN_TABLE(session_fields);

struct top {
	struct session_fields session;
};

static const struct field top_fields[] = {
	RECORD("session", struct top, session, true, session_table),
};
static const struct field_table top_table = FIELD_OPEN_TABLE(top_fields);

/* A plan may leave the session out: it is then titled as its template. */
static const struct field plan_top_fields[] = {
	RECORD("session", struct top, session, false, session_table),
};
static const struct field_table plan_top_table = FIELD_OPEN_TABLE(plan_top_fields);

struct plan_head {
	char *template_key;
};

static const struct field plan_head_fields[] = {
	KEY("template", struct plan_head, template_key, true),
};
static const struct field_table plan_head_table = FIELD_OPEN_TABLE(plan_head_fields);

struct labelled_text {
	int64_t id;
	char *text;
};

struct participant_in {
	int64_t id;
	char *name;
	long left_on;
};

static const struct field participant_fields[] = {
	ID("id", struct participant_in, id),
	TEXT("name", struct participant_in, name, true, TEXT_MAX_NAME),
	DATE("left_on", struct participant_in, left_on, false),
};
static const struct field_table participant_table = FIELD_OPEN_TABLE(participant_fields);

static const struct field value_fields[] = {
	ID("id", struct labelled_text, id),
	TEXT("text", struct labelled_text, text, true, TEXT_MAX_ITEM),
};
static const struct field_table value_table = FIELD_OPEN_TABLE(value_fields);

/* An item of "scale_labels". */
static const struct field label_field = TEXT(NULL, struct labelled_text, text, true,
					     TEXT_MAX_NAME);

struct dimension_fields {
	char *key, *name, *question, *low, *high;
	struct scale scale;
	int group_score;
};

static const struct field scale_fields[] = {
	WHOLE("min", struct scale, min, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
	WHOLE("max", struct scale, max, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
};
static const struct field_table scale_table = FIELD_OPEN_TABLE(scale_fields);

/* An export names each dimension and gives its scale; a plan may give
 * its key alone, and the template gives the rest. */
#define DIMENSION_FIELDS(given) { \
	KEY("key", struct dimension_fields, key, true), \
	TEXT("name", struct dimension_fields, name, given, TEXT_MAX_NAME), \
	TEXT("question", struct dimension_fields, question, false, TEXT_MAX_ITEM), \
	TEXT("low", struct dimension_fields, low, false, TEXT_MAX_ITEM), \
	TEXT("high", struct dimension_fields, high, false, TEXT_MAX_ITEM), \
	RECORD("scale", struct dimension_fields, scale, given, scale_table), \
	WHOLE("group_score", struct dimension_fields, group_score, false, SCALE_MIN_LOWEST, \
	      SCALE_MAX_HIGHEST), \
}
static const struct field dimension_fields[] = DIMENSION_FIELDS(true);
static const struct field_table dimension_table = FIELD_OPEN_TABLE(dimension_fields);
static const struct field plan_dimension_fields[] = DIMENSION_FIELDS(false);
static const struct field_table plan_dimension_table = FIELD_OPEN_TABLE(plan_dimension_fields);

static const struct field_table *dimensions_of(const struct import *im)
{
	return im->is_plan ? &plan_dimension_table : &dimension_table;
}

struct rating_fields {
	char *participant;
	int score;
};

static const struct field rating_fields[] = {
	TEXT("participant", struct rating_fields, participant, true, TEXT_MAX_NAME),
	WHOLE("score", struct rating_fields, score, true, SCALE_MIN_LOWEST, SCALE_MAX_HIGHEST),
};
static const struct field_table rating_table = FIELD_OPEN_TABLE(rating_fields);

struct note_fields {
	enum note_kind kind;
	char *text;
};

static const struct field note_fields[] = {
	NAME("kind", struct note_fields, kind, true, note_kind_words),
	TEXT("text", struct note_fields, text, true, TEXT_MAX_NOTE),
};
static const struct field_table note_table = FIELD_OPEN_TABLE(note_fields);

static const struct field parked_fields[] = {
	ID("id", struct labelled_text, id),
	TEXT("text", struct labelled_text, text, true, TEXT_MAX_ITEM),
};
static const struct field_table parked_table = FIELD_OPEN_TABLE(parked_fields);

/* ---- lists and refusals ---- */

enum err_code import_each(struct import *im, const struct ynode *map, const struct field_at *at,
			  const char *key, size_t max, field_item_fn fn)
{
	const struct field list = {
		.name = key, .kind = FIELD_LIST, .max = (long long)max, .each = fn,
	};
	return field_read_key(&im->rd, map, at, &list, NULL);
}

size_t import_list_len(const struct ynode *map, const char *key)
{
	const struct ynode *list = ynode_get(map, key);
	return list && list->kind == YNODE_SEQUENCE ? list->nitems : 0;
}

enum err_code import_refused_at(struct import *im, const struct ynode *item,
				const struct field_at *at, const char *key)
{
	const struct ynode *node = ynode_get(item, key);
	return field_refused(&im->rd, node ? node : item, FIELD_KEY(at, key));
}

/* ---- the session's frame: its fields and dimensions, as a template ---- */

/* A checked text, trimmed as the model keeps it; "" when blank. */
static char *trimmed(const char *text, size_t max)
{
	char *t = field_blank(text) ? NULL : session_text(text, max, "", NULL);
	return t ? t : xstrdup("");
}

/* ---- a plan: a template named, and only what differs from it ---- */

/* The template's keys, for a message: "culture, policies, ...". */
static void list_keys(const struct template *tpl, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < tpl->ndims && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "", tpl->dims[i].key);
}

/* What a plan's dimension leaves out, from the template's dimension of
 * the same key. */
static enum err_code plan_dimension(struct import *im, const struct ynode *item,
				    const struct field_at *at, struct dimension_fields *in)
{
	const struct template_dimension *d = template_dimension(&im->plan, in->key);
	if (d == NULL) {
		char keys[512], echo[YNODE_ECHO_MAX + 1];
		list_keys(&im->plan, keys, sizeof keys);
		return field_fail(&im->rd, ynode_get(item, "key"), FIELD_KEY(at, "key"),
				  "\"%s\" is not a dimension of template %s (its keys: %s)",
				  ynode_echo(ynode_get(item, "key"), echo), im->plan.key, keys);
	}
	in->name = in->name ? in->name : d->name;
	in->question = in->question ? in->question : d->question;
	in->low = in->low ? in->low : d->low;
	in->high = in->high ? in->high : d->high;
	if (ynode_get(item, "scale") == NULL) {
		in->scale.min = im->plan.scale.min;
		in->scale.max = im->plan.scale.max;
	}
	return ERR_OK;
}

/* A plan that lists no dimensions assesses all of its template's. */
static void plan_all_dimensions(struct import *im)
{
	for (size_t i = 0; i < im->plan.ndims; i++) {
		const struct template_dimension *d = &im->plan.dims[i];
		im->tpl.dims[i] = (struct template_dimension){
			.key = xstrdup(d->key), .name = xstrdup(d->name),
			.question = xstrdup(d->question), .low = xstrdup(d->low),
			.high = xstrdup(d->high),
		};
		im->scales[i] = (struct scale){.min = im->plan.scale.min, .max = im->plan.scale.max};
	}
	im->tpl.ndims = im->plan.ndims;
}

/* The template's labels, when the plan gives none and rates on its scale. */
static void plan_labels(struct import *im)
{
	const struct scale *from = &im->plan.scale;
	struct scale *to = &im->tpl.scale;
	if (to->nlabels != 0 || to->min != from->min || to->max != from->max)
		return;
	free(to->labels);
	to->labels = xcalloc(from->nlabels + 1, sizeof *to->labels);
	for (size_t i = 0; i < from->nlabels; i++)
		to->labels[i] = xstrdup(from->labels[i]);
	to->nlabels = from->nlabels;
}

/* Whether a dimension of the file is given by its key alone. */
static bool names_a_dimension_by_key(const struct ynode *root)
{
	const struct ynode *dims = ynode_get(root, "dimensions");
	for (size_t i = 0; dims && dims->kind == YNODE_SEQUENCE && i < dims->nitems; i++)
		if (ynode_get(dims->items[i], "name") == NULL)
			return true;
	return false;
}

/* A file with "template:" at the top is a plan, and so is one whose
 * session names a template and which gives a dimension by its key alone
 * (an export always names its dimensions): the template is loaded, or the
 * file is refused at that key. */
static enum err_code open_plan(struct import *im, const struct ynode *root)
{
	const struct ynode *map = root, *session = ynode_get(root, "session");
	const struct field_at *in_session = FIELD_KEY(NULL, "session"), *at = NULL;
	if (ynode_get(root, "template") == NULL) {
		if (ynode_get(session, "template") == NULL || !names_a_dimension_by_key(root))
			return ERR_OK;
		map = session;
		at = in_session;
	}
	struct plan_head head = {0};
	enum err_code rc = field_read_map(&im->rd, map, at, &plan_head_table, &head);
	if (rc != ERR_OK)
		return rc;
	const struct ynode *node = ynode_get(map, "template");
	struct error why = {0};
	rc = template_find(head.template_key, &im->plan, &why);
	if (rc == ERR_NOINPUT)
		return field_fail(&im->rd, node, FIELD_KEY(at, "template"),
				  "no template \"%s\" is installed (improv templates lists them)",
				  head.template_key);
	if (rc != ERR_OK)
		return field_fail(&im->rd, node, FIELD_KEY(at, "template"), "%s", why.msg);
	im->is_plan = true;
	return ERR_OK;
}

/* What a plan's session takes from its template before the file is read
 * over it: the timeboxes (minutes a file gives win) and the key. */
static void plan_session_defaults(const struct import *im, struct session_fields *in)
{
	if (!im->is_plan)
		return;
	for (int st = 0; st < STAGE_COUNT; st++)
		in->timeboxes[st] = im->plan.timebox_minutes[st];
}

static void plan_session_after(const struct import *im, struct session_fields *in)
{
	if (!im->is_plan)
		return;
	in->template_key = im->plan.key;
	if (in->title == NULL)
		in->title = im->plan.name;
}

static enum err_code read_dimension_frame(struct field_reader *rd, const struct ynode *item,
					  const struct field_at *at, size_t i, void *target)
{
	(void)target;
	struct import *im = import_of(rd);
	struct dimension_fields in = {.key = NULL};
	enum err_code rc = field_read_map(rd, item, at, dimensions_of(im), &in);
	if (rc == ERR_OK && im->is_plan)
		rc = plan_dimension(im, item, at, &in);
	if (rc != ERR_OK)
		return rc;
	for (size_t j = 0; j < i; j++) {
		if (strcmp(im->tpl.dims[j].key, in.key) == 0) {
			char echo[YNODE_ECHO_MAX + 1];
			const struct ynode *key = ynode_get(item, "key");
			return field_fail(rd, key, FIELD_KEY(at, "key"),
					  "\"%s\" is already the key of dimensions[%zu]",
					  ynode_echo(key, echo), j + 1);
		}
	}
	if (in.scale.min >= in.scale.max)
		return field_fail(rd, ynode_get(item, "scale"), FIELD_KEY(at, "scale"),
				  "min (%d) must be below max (%d)", in.scale.min, in.scale.max);
	struct template_dimension *d = &im->tpl.dims[i];
	d->key = xstrdup(in.key);
	d->name = trimmed(in.name, TEXT_MAX_NAME);
	d->question = trimmed(in.question ? in.question : "", TEXT_MAX_ITEM);
	d->low = trimmed(in.low ? in.low : "", TEXT_MAX_ITEM);
	d->high = trimmed(in.high ? in.high : "", TEXT_MAX_ITEM);
	im->tpl.ndims = i + 1;
	im->scales[i] = in.scale;
	return ERR_OK;
}

static enum err_code read_scale_label(struct field_reader *rd, const struct ynode *item,
				      const struct field_at *at, size_t i, void *target)
{
	(void)target;
	struct import *im = import_of(rd);
	struct labelled_text label = {0};
	if (ynode_is_null(item))
		return field_wrong_kind(rd, item, at, "text");
	enum err_code rc = field_read_value(rd, item, at, &label_field, &label);
	if (rc != ERR_OK)
		return rc;
	if (strpbrk(label.text, "\n\r") != NULL)
		return field_fail(rd, item, at, "a label is one line");
	im->tpl.scale.labels[i] = trimmed(label.text, TEXT_MAX_NAME);
	im->tpl.scale.nlabels = i + 1;
	return ERR_OK;
}

static enum err_code check_labels(struct import *im, const struct ynode *session_node)
{
	const struct scale *scale = &im->tpl.scale;
	size_t points = (size_t)(scale->max - scale->min + 1);
	if (scale->nlabels == 0 || im->tpl.ndims == 0 || scale->nlabels == points)
		return ERR_OK;
	return field_fail(&im->rd, ynode_get(session_node, "scale_labels"),
			  FIELD_KEY(FIELD_KEY(NULL, "session"), "scale_labels"),
			  "%zu labels; the scale from %d to %d has %zu points, one label each",
			  scale->nlabels, scale->min, scale->max, points);
}

/* The dimensions' first pass: what a template gives a new session. */
static enum err_code read_frame(struct import *im, const struct ynode *root,
				const struct ynode *session_node, const struct session_fields *in)
{
	size_t ndims = import_list_len(root, "dimensions");
	size_t nlabels = import_list_len(session_node, "scale_labels");
	bool whole_template = im->is_plan && ynode_get(root, "dimensions") == NULL;
	if (whole_template)
		ndims = im->plan.ndims;
	im->tpl.key = trimmed(in->template_key ? in->template_key : "", TEXT_MAX_NAME);
	im->tpl.dims = xcalloc(ndims + 1, sizeof *im->tpl.dims);
	im->scales = xcalloc(ndims + 1, sizeof *im->scales);
	im->tpl.scale.labels = xcalloc(nlabels + 1, sizeof *im->tpl.scale.labels);
	for (int st = 0; st < STAGE_COUNT; st++)
		im->tpl.timebox_minutes[st] = in->timeboxes[st];
	enum err_code rc = import_each(im, root, NULL, "dimensions", IMPORT_MAX_DIMENSIONS,
				       read_dimension_frame);
	if (whole_template)
		plan_all_dimensions(im);
	if (rc == ERR_OK && session_node)
		rc = import_each(im, session_node, FIELD_KEY(NULL, "session"), "scale_labels",
				 SCALE_POINTS_MAX, read_scale_label);
	im->tpl.scale.min = im->tpl.ndims ? im->scales[0].min : 1;
	im->tpl.scale.max = im->tpl.ndims ? im->scales[0].max : 5;
	if (im->is_plan)
		plan_labels(im);
	return rc ? rc : check_labels(im, session_node);
}

static enum err_code create_session(struct import *im, const struct ynode *session_node,
				    const struct session_fields *in)
{
	const struct session_setup setup = {
		.title = in->title,
		.organization = in->organization,
		.unit = in->unit,
		.facilitator = in->facilitator,
		.level = in->level,
	};
	im->s = session_create(&setup, &im->tpl, im->rd.err);
	if (im->s == NULL)
		return field_refused(&im->rd, session_node, FIELD_KEY(NULL, "session"));
	for (size_t i = 0; i < im->s->ndims; i++) {
		im->s->dims[i].scale_min = im->scales[i].min;
		im->s->dims[i].scale_max = im->scales[i].max;
	}
	return ERR_OK;
}

/* ---- participants, values, the parking lot: a text each ---- */

typedef enum err_code (*add_text_fn)(struct session *s, const char *text, struct error *err);

/* table reads a struct labelled_text; its text field comes last. */
static enum err_code add_text_item(struct field_reader *rd, const struct ynode *item,
				   const struct field_at *at, const struct field_table *table,
				   add_text_fn add)
{
	struct import *im = import_of(rd);
	struct labelled_text in = {0};
	enum err_code rc = field_read_map(rd, item, at, table, &in);
	if (rc == ERR_OK && add(im->s, in.text, rd->err))
		rc = import_refused_at(im, item, at, table->fields[table->count - 1].name);
	return rc;
}

/* Someone who left keeps their column: their ratings below still count. */
static enum err_code read_participant(struct field_reader *rd, const struct ynode *item,
				      const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct session *s = im->s;
	struct participant_in in = {.left_on = NO_DATE};
	enum err_code rc = field_read_map(rd, item, at, &participant_table, &in);
	if (rc == ERR_OK && session_add_participant(s, in.name, rd->err))
		rc = import_refused_at(im, item, at, "name");
	if (rc != ERR_OK)
		return rc;
	struct participant *p = &s->participants[s->nparticipants - 1];
	/* A label the ballots' voters can name until the store gives real ids. */
	p->id = (int64_t)s->nparticipants;
	p->left_on = in.left_on;
	return ERR_OK;
}

static enum err_code read_value(struct field_reader *rd, const struct ynode *item,
				const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	return add_text_item(rd, item, at, &value_table, session_add_value);
}

static enum err_code read_parked(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	return add_text_item(rd, item, at, &parked_table, session_park);
}

/* ---- dimensions, second pass: ratings, the room's score, notes ---- */

static enum err_code read_rating(struct field_reader *rd, const struct ynode *item,
				 const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct rating_fields in = {0};
	enum err_code rc = field_read_map(rd, item, at, &rating_table, &in);
	if (rc != ERR_OK)
		return rc;
	char echo[YNODE_ECHO_MAX + 1];
	const struct ynode *who = ynode_get(item, "participant");
	/* Names are kept trimmed, so a rating names its person trimmed too. */
	char *name = trimmed(in.participant, TEXT_MAX_NAME);
	ptrdiff_t p = session_find_participant(im->s, name);
	free(name);
	if (p < 0)
		return field_fail(rd, who, FIELD_KEY(at, "participant"),
				  "unknown participant \"%s\"", ynode_echo(who, echo));
	if (im->s->dims[im->parent].scores[p] != RATING_NONE)
		return field_fail(rd, who, FIELD_KEY(at, "participant"),
				  "\"%s\" has rated this dimension already", ynode_echo(who, echo));
	/* What someone who left gave comes back as it was: they rated while
	 * they were in the room. */
	struct participant *who_rated = &im->s->participants[p];
	long left_on = who_rated->left_on;
	who_rated->left_on = NO_DATE;
	rc = session_rate(im->s, im->parent, (size_t)p, in.score, rd->err);
	who_rated->left_on = left_on;
	return rc ? import_refused_at(im, item, at, "score") : ERR_OK;
}

static enum err_code read_note(struct field_reader *rd, const struct ynode *item,
			       const struct field_at *at, size_t i, void *target)
{
	(void)i, (void)target;
	struct import *im = import_of(rd);
	struct note_fields in = {0};
	enum err_code rc = field_read_map(rd, item, at, &note_table, &in);
	if (rc == ERR_OK && session_add_note(im->s, im->parent, in.kind, in.text, rd->err))
		rc = import_refused_at(im, item, at, "text");
	return rc;
}

static enum err_code read_assessment(struct field_reader *rd, const struct ynode *item,
				     const struct field_at *at, size_t i, void *target)
{
	(void)target;
	struct import *im = import_of(rd);
	struct dimension_fields in = {.group_score = RATING_NONE};
	enum err_code rc = field_read_map(rd, item, at, dimensions_of(im), &in);
	im->parent = i;
	if (rc == ERR_OK)
		rc = import_each(im, item, at, "ratings", IMPORT_MAX_ITEMS, read_rating);
	if (rc == ERR_OK && in.group_score != RATING_NONE &&
	    session_set_group_score(im->s, i, in.group_score, rd->err))
		rc = import_refused_at(im, item, at, "group_score");
	if (rc == ERR_OK)
		rc = import_each(im, item, at, "notes", IMPORT_MAX_ITEMS, read_note);
	return rc;
}

/* ---- the whole document ---- */

/* The lists in the order they are built: each after those it refers to. */
static const struct section {
	const char *key;
	size_t max;
	field_item_fn read;
	void (*after)(struct import *im);
} sections[] = {
	{"participants", IMPORT_MAX_ITEMS, read_participant, NULL},
	{"dimensions", IMPORT_MAX_DIMENSIONS, read_assessment, NULL},
	{"values", IMPORT_MAX_ITEMS, read_value, NULL},
	{"goals", IMPORT_MAX_ITEMS, import_read_goal, NULL},
	{"metrics", IMPORT_MAX_ITEMS, import_read_metric, NULL},
	{"steps", IMPORT_MAX_ITEMS, import_read_step, import_label_steps},
	{"parking_lot", IMPORT_MAX_ITEMS, read_parked, NULL},
	{"ballots", IMPORT_MAX_BALLOTS, import_read_ballot, import_keep_told_results},
};

static enum err_code read_header(struct import *im, const struct ynode *root)
{
	struct field_reader *rd = &im->rd;
	struct header h = {0};
	char echo[YNODE_ECHO_MAX + 1];
	enum err_code rc = field_read_map(rd, root, NULL, &header_table, &h);
	if (rc != ERR_OK)
		return rc;
	if (strcmp(h.format, EXPORT_FORMAT) != 0) {
		const struct ynode *node = ynode_get(root, "format");
		return field_fail(rd, node, FIELD_KEY(NULL, "format"),
				  "\"%s\" is not an improv session (expected \"%s\")",
				  ynode_echo(node, echo), EXPORT_FORMAT);
	}
	if (h.version > EXPORT_FORMAT_VERSION)
		return field_fail(rd, ynode_get(root, "format_version"),
				  FIELD_KEY(NULL, "format_version"),
				  "version %d is newer than this improv reads (%d); import it with a "
				  "newer improv", h.version, EXPORT_FORMAT_VERSION);
	return ERR_OK;
}

/* A session is closed exactly when it says when it closed, and not
 * before it was created: improv writes nothing else. */
static enum err_code check_times(struct import *im, const struct ynode *session_node,
				 const struct session_fields *in)
{
	const struct field_at *session = FIELD_KEY(NULL, "session");
	const struct ynode *closed = ynode_get(session_node, "closed_at");
	char echo[YNODE_ECHO_MAX + 1], created[YNODE_ECHO_MAX + 1];
	if (in->status != SESSION_CLOSED && in->closed_at != 0)
		return field_fail(&im->rd, closed, FIELD_KEY(session, "closed_at"),
				  "an open session has not closed: give status closed, or no "
				  "closed_at");
	if (in->status == SESSION_CLOSED && in->closed_at == 0)
		return field_fail(&im->rd, ynode_get(session_node, "status"),
				  FIELD_KEY(session, "status"),
				  "a closed session says when it closed: closed_at is missing");
	if (in->created_at != 0 && in->closed_at != 0 && in->closed_at < in->created_at)
		return field_fail(&im->rd, closed, FIELD_KEY(session, "closed_at"),
				  "%s is before created_at %s", ynode_echo(closed, echo),
				  ynode_echo(ynode_get(session_node, "created_at"), created));
	return ERR_OK;
}

/* What is set once everything is in: a closed session takes no more
 * changes, so it is closed last. */
static enum err_code finish(struct import *im, const struct ynode *session_node,
			    const struct session_fields *in)
{
	struct session *s = im->s;
	const struct field_at *session = FIELD_KEY(NULL, "session");
	s->iteration = in->iteration;
	s->created_at = in->created_at;
	if (session_set_stage(s, in->stage, im->rd.err))
		return import_refused_at(im, session_node, session, "stage");
	if (session_set_ratings(s, in->ratings, im->rd.err))
		return import_refused_at(im, session_node, session, "ratings");
	if (in->status == SESSION_CLOSED && session_close(s, in->closed_at, im->rd.err))
		return import_refused_at(im, session_node, session, "status");
	return ERR_OK;
}

static enum err_code import_tree(struct import *im, const struct ynode *root)
{
	if (root->kind != YNODE_MAPPING)
		return field_wrong_kind(&im->rd, root, NULL, "a mapping of keys to values");
	struct top top = {.session = {
		.level = LEVEL_TEAM,
		.stage = STAGE_CURRENT_STATE,
		.status = SESSION_OPEN,
		.iteration = 1,
	}};
	enum err_code rc = open_plan(im, root);
	/* A plan is written by hand: the export's header is for a full export. */
	if (rc == ERR_OK && (!im->is_plan || ynode_get(root, "format") != NULL))
		rc = read_header(im, root);
	plan_session_defaults(im, &top.session);
	if (rc == ERR_OK)
		rc = field_read_map(&im->rd, root, NULL, im->is_plan ? &plan_top_table : &top_table,
				    &top);
	plan_session_after(im, &top.session);
	const struct ynode *session_node = ynode_get(root, "session");
	if (rc == ERR_OK)
		rc = check_times(im, session_node, &top.session);
	if (rc == ERR_OK)
		rc = read_frame(im, root, session_node, &top.session);
	if (rc == ERR_OK)
		rc = create_session(im, session_node, &top.session);
	for (size_t i = 0; rc == ERR_OK && i < COUNT(sections); i++) {
		rc = import_each(im, root, NULL, sections[i].key, sections[i].max, sections[i].read);
		if (rc == ERR_OK && sections[i].after)
			sections[i].after(im);
	}
	return rc ? rc : finish(im, session_node, &top.session);
}

/* Builds the session from a tree that was read (rc ERR_OK) and frees the
 * tree either way. */
static enum err_code import_read(const char *name, enum err_code rc, struct ynode *root,
				 struct session **out, struct error *err)
{
	struct import im = {.rd = {.name = name, .err = err}};
	im.rd.ctx = &im;
	if (rc == ERR_OK)
		rc = import_tree(&im, root);
	if (rc == ERR_OK) {
		*out = im.s;
		im.s = NULL;
	} else {
		/* The name may hold anything, and so may a parser's message. */
		sanitize_line_in_place(err->msg, sizeof err->msg);
	}
	session_free(im.s);
	template_free(&im.tpl);
	template_free(&im.plan);
	free(im.scales);
	free(im.ids);
	free(im.has_result);
	free(im.told);
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
