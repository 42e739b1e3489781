/* Tests for sessions/import: what `improv export` writes comes back as the
 * same session (export, import, export again gives the same document apart
 * from ids and timestamps), in JSON and in YAML; what the export cannot
 * carry is said and checked; and every broken file is refused with one
 * line that says where, "file:line:col: where: what", before anything is
 * stored. Each test has a database of its own in a temporary folder. */
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
#include <unistd.h>

#include "lib/date.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"
#include "model/ballot.h"
#include "model/session.h"
#include "sessions/export.h"
#include "sessions/import.h"
#include "sessions/store.h"
#include "templates/template_load.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define CREATED 1767225600      /* 2026-01-01T00:00:00Z */
#define CLOSED 1769904000       /* 2026-02-01T00:00:00Z */
#define TODAY 20540             /* 2026-03-28 */
#define TEMPLATE "templates/learning-infrastructure.yaml"
#define HEAD "format: improv.session\nformat_version: 1\n"

struct fixture {
	char dir[sizeof "/tmp/improv-test-import-XXXXXX"];
	char db[128];
	struct store *st;
};

static void ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		fail_msg("%s", err->msg);
}

static int make_fixture(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct error err = {0};
	memcpy(fx->dir, "/tmp/improv-test-import-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	if (store_open(fx->db, NULL, &fx->st, &err) != ERR_OK) {
		fprintf(stderr, "%s\n", err.msg);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static void remove_in(const struct fixture *fx, const char *name)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	unlink(path);
}

static int remove_fixture(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->st);
	static const char *const files[] = {"improv.db", "improv.db-wal", "improv.db-shm",
					    "broken.json"};
	for (size_t i = 0; i < NELEMS(files); i++)
		remove_in(fx, files[i]);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* ---- a workshop made the way the screens make one ---- */

static struct session *new_workshop(const char *title)
{
	static const char *const people[] = {"Ana", "Zoë Ng", "日本語", "Bo"};
	const struct session_setup setup = {
		.title = title, .organization = "Acme GmbH", .unit = "Sales — Nord",
		.facilitator = "Dee", .level = LEVEL_UNIT,
		.participants = people, .nparticipants = NELEMS(people),
	};
	struct template tpl;
	struct error err = {0};
	ok(template_load_file(TEMPLATE, &tpl, &err), &err);
	struct session *s = session_create(&setup, &tpl, &err);
	template_free(&tpl);
	if (s == NULL)
		fail_msg("%s", err.msg);
	s->created_at = CREATED;
	/* Voters are named by participant id, as after a load. */
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = 501 + (int64_t)p;
	return s;
}

/* Ratings person by person, and the room's own score on the policies. */
static void assess(struct session *s)
{
	static const struct {
		size_t dim, person;
		int score;
	} ratings[] = {{0, 0, 3}, {0, 1, 4}, {0, 2, 1}, {3, 3, 5}, {5, 1, 1}};
	static const struct {
		size_t dim;
		enum note_kind kind;
		const char *text;
	} notes[] = {
		{0, NOTE_STRENGTH, "people ask in the open channel 🙂"},
		{0, NOTE_GAP, "answers get lost in chat"},
		{3, NOTE_GAP, "Wiki — nobody finds it"},
	};
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(ratings); i++)
		ok(session_rate(s, ratings[i].dim, ratings[i].person, ratings[i].score, &err), &err);
	for (size_t i = 0; i < NELEMS(notes); i++)
		ok(session_add_note(s, notes[i].dim, notes[i].kind, notes[i].text, &err), &err);
	ok(session_set_group_score(s, 1, 2, &err), &err);
	ok(session_add_value(s, "share by default", &err), &err);
	ok(session_add_value(s, "fail small, learn fast", &err), &err);
}

/* Goals of every status, ids 11..14 as labels (metrics and steps name them). */
static void set_goals(struct session *s)
{
	static const char *const goals[][2] = {
		{"Anyone finds an answer within a day", "tools"},
		{"Managers coach every week", NULL},
		{"A budget for learning", "policies"},
		{"Show-and-tell every month", "culture"},
	};
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(goals); i++) {
		ok(session_add_goal(s, goals[i][0], goals[i][1], &err), &err);
		s->goals[i].id = 11 + (int64_t)i;
		ok(session_set_goal_status(s, i, (enum goal_status)i, &err), &err);
	}
}

/* Metrics with and without a goal, a unit, a baseline and a target. */
static void set_metrics(struct session *s)
{
	static const struct metric metrics[] = {
		{.goal_id = 11, .name = (char *)"Questions answered within a day", .unit = (char *)"%",
		 .direction = DIRECTION_UP, .baseline = 40, .baseline_date = 20468, .target = 70,
		 .target_date = 20634},
		{.name = (char *)"Days to a first answer", .direction = DIRECTION_DOWN,
		 .baseline = NAN, .baseline_date = NO_DATE, .target = NAN, .target_date = NO_DATE},
		{.goal_id = 13, .name = (char *)"Learning budget", .unit = (char *)"EUR",
		 .direction = DIRECTION_UP, .baseline = 0, .baseline_date = NO_DATE, .target = 1e4,
		 .target_date = 21000},
	};
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(metrics); i++)
		ok(session_add_metric(s, &metrics[i], &err), &err);
	ok(session_add_measurement(s, 0, 55, 20513, &err), &err);
	ok(session_add_measurement(s, 0, 45.5, 20485, &err), &err);
	ok(session_add_measurement(s, 2, 2500.25, 20530, &err), &err);
}

/* Five steps, every horizon, with and without owner, goal and scores;
 * ids 101..105 as labels (ballots name them). Each gets a status of its
 * own later, once the ballots are open. */
static void set_steps(struct session *s)
{
	static const struct step steps[] = {
		{.text = (char *)"Pilot show-and-tell in Sales", .horizon = HORIZON_SHORT,
		 .owner = (char *)"Ana", .goal_id = 14, .impact = 4, .effort = 2},
		{.text = (char *)"Build a searchable answers wiki", .horizon = HORIZON_MEDIUM,
		 .impact = 5, .effort = 4},
		{.text = (char *)"Tie recognition to sharing", .horizon = HORIZON_LONG,
		 .owner = (char *)"Zoë Ng", .goal_id = 12},
		{.text = (char *)"Coaching circles 日本", .horizon = HORIZON_SHORT,
		 .owner = (char *)"日本語", .goal_id = 11, .impact = 2, .effort = 1},
		{.text = (char *)"A monthly retro on how we learn", .horizon = HORIZON_MEDIUM,
		 .impact = 3},
	};
	struct error err = {0};
	for (size_t i = 0; i < NELEMS(steps); i++) {
		ok(session_add_step(s, &steps[i], &err), &err);
		s->steps[i].id = 101 + (int64_t)i;
	}
}

static void set_step_statuses(struct session *s)
{
	struct error err = {0};
	for (size_t i = 0; i < s->nsteps; i++)
		ok(session_set_step_status(s, i, (enum step_status)i, &err), &err);
}

static struct ballot *open_ballot(struct session *s, enum ballot_method method,
				  enum ballot_entry entry)
{
	struct error err = {0};
	ok(session_open_ballot(s, method, entry, -1, &err), &err);
	return &s->ballots[s->nballots - 1];
}

static void tally(struct ballot *b, long voters, const long *counts)
{
	struct error err = {0};
	ok(ballot_set_tally_voters(b, voters, &err), &err);
	for (size_t c = 0; c < b->ncandidates; c++)
		ok(ballot_set_tally(b, c, counts[c], &err), &err);
}

static void reveal(struct session *s, const struct ballot *b)
{
	struct error err = {0};
	ok(session_reveal_ballot(s, (size_t)(b - s->ballots), &err), &err);
}

/* Ballots whose every part the export carries: two tallies from the wall,
 * revealed, and two secret ballots nobody has voted in yet. */
static void set_ballots(struct session *s)
{
	struct error err = {0};
	struct ballot *dots = open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY);
	ok(ballot_set_limits(dots, 4, 2, &err), &err);
	tally(dots, 5, (const long[]){6, 2, 2, 7, 3});
	reveal(s, dots);
	struct ballot *approval = open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY);
	approval->anonymous = false;
	tally(approval, 6, (const long[]){1, 4, 4, 0, 6});
	reveal(s, approval);
	ok(ballot_close(open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET), &err), &err);
	open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_SECRET)->anonymous = false;
}

static struct session *full_workshop(void)
{
	struct error err = {0};
	struct session *s = new_workshop("Q1: how Sales learns — über 🚀");
	assess(s);
	set_goals(s);
	set_metrics(s);
	set_steps(s);
	set_ballots(s);
	set_step_statuses(s);
	ok(session_park(s, "The canteen's coffee", &err), &err);
	ok(session_park(s, "Hybrid meetings — another day", &err), &err);
	ok(session_set_stage(s, STAGE_STEPS, &err), &err);
	s->iteration = 3;
	s->timers[STAGE_STEPS].box_seconds = 45 * 60;
	return s;
}

/* ---- storing, exporting, importing ---- */

typedef void (*export_fn)(const struct export_context *ctx, struct sbuf *out);

/* Stores s (and frees it), loads it back and returns its export. */
static char *stored_export(struct store *st, struct session *s, export_fn write)
{
	struct error err = {0};
	ok(store_create_session(st, s, &err), &err);
	struct session *loaded = NULL;
	ok(store_load_session(st, s->id, &loaded, &err), &err);
	session_free(s);
	struct sbuf out = SBUF_INIT;
	const struct export_context ctx = {.session = loaded, .today = TODAY};
	write(&ctx, &out);
	session_free(loaded);
	return sbuf_take(&out);
}

static struct session *imported(const char *name, const char *doc)
{
	struct session *s = NULL;
	struct error err = {0};
	ok(import_session_buffer(name, doc, strlen(doc), &s, &err), &err);
	assert_non_null(s);
	assert_int_equal(s->id, 0);
	return s;
}

static struct ynode *tree_of(const char *doc)
{
	struct ynode *root = NULL;
	struct error err = {0};
	ok(yaml_read_buffer("doc", doc, strlen(doc), NULL, &root, &err), &err);
	return root;
}

/* ---- comparing documents apart from ids and timestamps ---- */

static bool text_is(const struct ynode *node, const char *s)
{
	return node->kind == YNODE_SCALAR && node->len == strlen(s) &&
	       memcmp(node->text, s, node->len) == 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Where the item with this id stands in the document's list, as "#k". */
static void add_position(struct sbuf *out, const struct ynode *root, const char *list,
			 const struct ynode *id)
{
	const struct ynode *items = ynode_get(root, list);
	for (size_t k = 0; items && k < items->nitems; k++) {
		const struct ynode *item_id = ynode_get(items->items[k], "id");
		if (item_id && !ynode_is_null(id) && text_is(item_id, id->text)) {
			sbuf_addf(out, "%s#%zu", list, k + 1);
			return;
		}
	}
	sbuf_adds(out, ynode_is_null(id) ? "null" : "(dangling id)");
}

/* One line per scalar, "path = value", in document order. Links (goal_id,
 * step_id, candidates) become the position of what they name; other ids
 * and the timestamps become "<id>" and "<time>". */
static void flatten(struct sbuf *out, const struct ynode *root, const struct ynode *node,
		    const char *path, const char *key)
{
	if (node->kind == YNODE_MAPPING) {
		for (size_t i = 0; i < node->npairs; i++) {
			struct sbuf sub = SBUF_INIT;
			sbuf_addf(&sub, "%s.%s", path, node->pairs[i].key->text);
			flatten(out, root, node->pairs[i].value, sbuf_str(&sub),
				node->pairs[i].key->text);
			sbuf_free(&sub);
		}
		return;
	}
	if (node->kind == YNODE_SEQUENCE) {
		sbuf_addf(out, "%s = [%zu]\n", path, node->nitems);
		for (size_t i = 0; i < node->nitems; i++) {
			struct sbuf sub = SBUF_INIT;
			sbuf_addf(&sub, "%s[%zu]", path, i);
			flatten(out, root, node->items[i], sbuf_str(&sub), key);
			sbuf_free(&sub);
		}
		return;
	}
	sbuf_addf(out, "%s = ", path);
	if (strcmp(key, "goal_id") == 0)
		add_position(out, root, "goals", node);
	else if (strcmp(key, "step_id") == 0 || strcmp(key, "candidates") == 0 ||
		 strcmp(key, "condorcet_step_id") == 0)
		add_position(out, root, "steps", node);
	else if (ends_with(key, "id") && !ynode_is_null(node))
		sbuf_adds(out, "<id>");
	else if (ends_with(key, "_at") && !ynode_is_null(node))
		sbuf_adds(out, "<time>");
	else
		sbuf_add(out, node->text, node->len);
	sbuf_addc(out, '\n');
}

static char *flat(const char *doc)
{
	struct ynode *root = tree_of(doc);
	struct sbuf out = SBUF_INIT;
	flatten(&out, root, root, "", "");
	ynode_free(root);
	return sbuf_take(&out);
}

static void assert_same_document(const char *want, const char *got)
{
	char *a = flat(want), *b = flat(got);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Exports s as stored, imports that export, stores the import and exports
 * it again; returns both exports. */
static void round_trip(struct store *st, struct session *s, export_fn write, const char *name,
		       char **first, char **second)
{
	*first = stored_export(st, s, write);
	*second = stored_export(st, imported(name, *first), write);
}

/* The round trip of s, and what the second export must show so that the
 * comparison is known to have had something to compare (NULL ends it). */
static void assert_round_trip(struct store *st, struct session *s, const char *name,
			      const char *const *shows)
{
	char *first, *second;
	round_trip(st, s, export_json, name, &first, &second);
	assert_same_document(first, second);
	for (size_t i = 0; shows[i] != NULL; i++)
		if (strstr(second, shows[i]) == NULL)
			fail_msg("the export lacks %s", shows[i]);
	free(first);
	free(second);
}

static void import__gives_back_the_same_json_document_apart_from_ids_and_timestamps(
	void **state)
{
	struct fixture *fx = *state;
	static const char *const shows[] = {
		"über 🚀", "\"status\": \"carried\"", "\"horizon\": \"long\"",
		"\"status\": \"retired\"", "\"status\": \"revealed\"", "\"tie_rule\": \"tie kept",
		"\"anonymous\": false", "\"voters\": 6", "\"group_score\": 2", "2500.25",
		"\"scale_labels\": [\n      \"", "\"steps\": 45", NULL,
	};
	assert_round_trip(fx->st, full_workshop(), "q1.json", shows);
}

/* Someone who left keeps their column: the day they left and the ratings
 * they gave come back. */
static void import__gives_back_who_left_with_their_ratings_still_counted(void **state)
{
	struct fixture *fx = *state;
	static const char *const shows[] = {"\"left_on\": \"2026-01-01\"", "\"left_on\": null",
					    NULL};
	struct error err = {0};
	struct session *s = full_workshop();
	ok(session_participant_leaves(s, 1, date_from_civil(2026, 1, 1), &err), &err);
	size_t rated = 0;
	for (size_t d = 0; d < s->ndims; d++)
		rated += s->dims[d].scores[1] != RATING_NONE;
	assert_true(rated > 0);
	assert_round_trip(fx->st, s, "left.json", shows);
}

static void import__gives_back_a_closed_session_closed_at_the_same_time(void **state)
{
	struct fixture *fx = *state;
	static const char *const shows[] = {
		"\"status\": \"closed\"", "\"closed_at\": \"2026-02-01T00:00:00Z\"",
		"\"created_at\": \"2026-01-01T00:00:00Z\"", NULL,
	};
	struct error err = {0};
	struct session *s = full_workshop();
	ok(session_close(s, CLOSED, &err), &err);
	assert_round_trip(fx->st, s, "closed.json", shows);
}

static void import__gives_back_an_empty_session_with_every_list_empty(void **state)
{
	struct fixture *fx = *state;
	static const char *const shows[] = {"\"dimensions\": []", "\"ballots\": []", NULL};
	const struct session_setup setup = {.title = "Nothing yet", .level = LEVEL_TEAM};
	const struct template none = {.key = (char *)"blank", .scale = {1, 5, NULL, 0}};
	struct error err = {0};
	struct session *s = session_create(&setup, &none, &err);
	assert_non_null(s);
	assert_round_trip(fx->st, s, "empty.json", shows);
}

static void import__reads_the_yaml_export_back_to_the_same_document(void **state)
{
	struct fixture *fx = *state;
	char *first, *second;
	round_trip(fx->st, full_workshop(), export_yaml, "q1.yaml", &first, &second);
	assert_same_document(first, second);
	/* And the YAML file gives the session the JSON file gives. */
	char *json = stored_export(fx->st, imported("q1.yaml", first), export_json);
	char *json_again = stored_export(fx->st, imported("q1.json", json), export_json);
	assert_same_document(json, json_again);
	free(first);
	free(second);
	free(json);
	free(json_again);
}

/* ---- secret ballots: what comes back and what cannot ---- */

static const struct ynode *ballot_in(const struct ynode *root, size_t i)
{
	const struct ynode *ballots = ynode_get(root, "ballots");
	assert_non_null(ballots);
	assert_true(i < ballots->nitems);
	return ballots->items[i];
}

static char *flat_part(const struct ynode *root, const struct ynode *part)
{
	struct sbuf out = SBUF_INIT;
	flatten(&out, root, part, "", "");
	return sbuf_take(&out);
}

static void cast_all(struct session *s)
{
	struct error err = {0};
	struct ballot *b = &s->ballots[0];
	ok(ballot_cast_dots(b, 501, (const int[]){2, 1, 0, 0, 0}, &err), &err);
	ok(ballot_cast_dots(b, 502, (const int[]){0, 1, 1, 1, 0}, &err), &err);
	ok(ballot_cast_dots(b, 504, (const int[]){2, 0, 0, 0, 1}, &err), &err);
	b = &s->ballots[1];
	ok(ballot_cast_approval(b, 501, (const bool[]){true, false, true, false, true}, &err),
	   &err);
	ok(ballot_cast_approval(b, 503, (const bool[]){true, true, false, false, false}, &err),
	   &err);
	b = &s->ballots[2];
	ok(ballot_cast_ranked(b, 502, (const size_t[]){2, 0, 1}, 3, &err), &err);
	ok(ballot_cast_ranked(b, 503, (const size_t[]){0, 2}, 2, &err), &err);
	ok(ballot_cast_ranked(b, 501, (const size_t[]){4, 3, 2, 1, 0}, 5, &err), &err);
	b = &s->ballots[3];
	ok(ballot_cast_scores(b, 501, (const int[]){5, 2, 0, 4, 1},
			      (const int[]){1, 2, 0, 4, 5}, &err), &err);
	ok(ballot_cast_scores(b, 502, (const int[]){4, 3, 0, 4, 1},
			      (const int[]){2, 2, 0, 3, 4}, &err), &err);
	ok(ballot_cast_scores(b, 503, (const int[]){4, 3, 0, 5, 2},
			      (const int[]){2, 3, 0, 3, 4}, &err), &err);
}

static struct session *secret_votes(void)
{
	struct session *s = new_workshop("Secret ballots");
	set_goals(s);
	set_steps(s);
	static const enum ballot_method methods[] = {BALLOT_DOTS, BALLOT_APPROVAL, BALLOT_RANKED,
						     BALLOT_SCORING};
	for (size_t i = 0; i < NELEMS(methods); i++)
		open_ballot(s, methods[i], BALLOT_ENTRY_SECRET);
	cast_all(s);
	for (size_t i = 0; i < s->nballots; i++)
		reveal(s, &s->ballots[i]);
	return s;
}

static void import__gives_back_a_revealed_secret_ballots_results_and_who_voted(void **state)
{
	struct fixture *fx = *state;
	char *first, *second;
	round_trip(fx->st, secret_votes(), export_json, "secret.json", &first, &second);
	struct ynode *a = tree_of(first), *b = tree_of(second);
	for (size_t i = 0; i < 4; i++) {
		const struct ynode *was = ballot_in(a, i), *now = ballot_in(b, i);
		char *results_was = flat_part(a, ynode_get(was, "results"));
		char *results_now = flat_part(b, ynode_get(now, "results"));
		assert_string_equal(results_was, results_now);
		/* Who voted comes back (the file names them; never what they chose). */
		char *voted_was = flat_part(a, ynode_get(was, "voted"));
		char *voted_now = flat_part(b, ynode_get(now, "voted"));
		assert_string_equal(voted_was, voted_now);
		assert_false(text_is(ynode_get(now, "voters"), "0"));
		assert_true(ynode_get(now, "voters")->len == ynode_get(was, "voters")->len &&
			    strcmp(ynode_get(now, "voters")->text, ynode_get(was, "voters")->text) == 0);
		free(voted_was);
		free(voted_now);
		free(results_was);
		free(results_now);
	}
	/* The scoring ballot's means come back exactly, not rounded. */
	assert_non_null(strstr(first, "3.33333333333333"));
	assert_non_null(strstr(second, "3.33333333333333"));
	/* The Condorcet winner needs the pairwise counts: it is lost. */
	assert_false(ynode_is_null(ynode_get(ballot_in(a, 2), "condorcet_step_id")));
	assert_true(ynode_is_null(ynode_get(ballot_in(b, 2), "condorcet_step_id")));
	/* The steps keep the points and ranks the reveals gave them. */
	char *steps_was = flat_part(a, ynode_get(a, "steps"));
	char *steps_now = flat_part(b, ynode_get(b, "steps"));
	assert_string_equal(steps_was, steps_now);
	free(steps_was);
	free(steps_now);
	ynode_free(a);
	ynode_free(b);
	free(first);
	free(second);
}

static void import__keeps_step_points_from_ballots_revealed_in_another_order_than_listed(
	void **state)
{
	struct fixture *fx = *state;
	struct session *s = new_workshop("Two reveals");
	set_goals(s);
	set_steps(s);
	struct ballot *first_listed = open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_TALLY);
	struct ballot *second_listed = open_ballot(s, BALLOT_APPROVAL, BALLOT_ENTRY_TALLY);
	tally(first_listed, 4, (const long[]){1, 2, 3, 4, 5});
	tally(second_listed, 4, (const long[]){4, 3, 2, 1, 0});
	reveal(s, second_listed);
	reveal(s, first_listed);
	assert_int_equal(s->steps[0].points, 1);
	char *first, *second;
	round_trip(fx->st, s, export_json, "order.json", &first, &second);
	assert_same_document(first, second);
	free(first);
	free(second);
}

/* ---- what a file may leave out ---- */

static void import__fills_what_a_file_leaves_out_as_an_empty_export_shows_it(void **state)
{
	(void)state;
	struct session *s = imported("min.yaml", HEAD "session: {title: \"  Just a title  \"}\n");
	assert_string_equal(s->title, "Just a title");
	assert_int_equal(s->level, LEVEL_TEAM);
	assert_int_equal(s->stage, STAGE_CURRENT_STATE);
	assert_int_equal(s->status, SESSION_OPEN);
	assert_int_equal(s->iteration, 1);
	assert_int_equal(s->parent_id, 0);
	assert_int_equal(s->series_id, 0);
	assert_int_equal(s->created_at, 0);
	assert_string_equal(s->template_key, "");
	assert_null(s->organization);
	assert_int_equal(s->ndims + s->nparticipants + s->ngoals + s->nsteps + s->nballots, 0);
	for (int st = 0; st < STAGE_COUNT; st++)
		assert_int_equal(s->timers[st].box_seconds, 0);
	session_free(s);
}

static void import__ignores_keys_it_does_not_know_anywhere(void **state)
{
	(void)state;
	struct session *s = imported("later.json",
		"{\"format\": \"improv.session\", \"format_version\": 1, \"venue\": {\"room\": 4},"
		" \"session\": {\"title\": \"T\", \"mood\": [1, 2], \"level\": \"organization\"},"
		" \"participants\": [{\"name\": \"Ana\", \"pronouns\": \"she\"}]}");
	assert_int_equal(s->level, LEVEL_ORGANIZATION);
	assert_int_equal(s->nparticipants, 1);
	session_free(s);
}

static void import__starts_a_series_of_its_own_keeping_the_iteration(void **state)
{
	(void)state;
	struct session *s = imported("c.yaml", HEAD
		"session: {title: T, series_id: 4, parent_id: 9, iteration: 3}\n"
		"participants: [{id: 7, name: Ana, origin_id: 2}]\n");
	assert_int_equal(s->series_id, 0);
	assert_int_equal(s->parent_id, 0);
	assert_int_equal(s->iteration, 3);
	assert_int_equal(s->participants[0].origin_id, 0);
	session_free(s);
}

/* ---- broken files: one line that says where ---- */

static void assert_refused(const char *name, const char *doc, const char *message)
{
	struct session *s = (struct session *)1;
	struct error err = {0};
	enum err_code rc = import_session_buffer(name, doc, strlen(doc), &s, &err);
	if (rc != ERR_DATA || strcmp(err.msg, message) != 0)
		fail_msg("got %d \"%s\"\nwanted \"%s\"", rc, err.msg, message);
	assert_null(s);
	assert_int_equal(err.code, ERR_DATA);
}

static void import__refuses_a_string_where_a_number_belongs(void **state)
{
	(void)state;
	assert_refused("t.json",
		       "{\n  \"format\": \"improv.session\",\n  \"format_version\": 1,\n"
		       "  \"session\": {\n    \"title\": \"T\",\n    \"iteration\": \"2\"\n  }\n}\n",
		       "t.json:6:18: session.iteration: a whole number, not a string");
	assert_refused("t.yaml", HEAD "session: {title: T}\nparticipants: [{name: Ana}]\n"
		       "dimensions:\n  - key: culture\n    name: Culture\n    scale: {min: 1, max: 5}\n"
		       "    ratings: [{participant: Ana, score: \"3\"}]\n",
		       "t.yaml:9:41: dimensions[1].ratings[1].score: a whole number, not a string");
	assert_refused("t.yaml", HEAD "session: {title: T, timeboxes: {steps: [30]}}\n",
		       "t.yaml:3:40: session.timeboxes.steps: a whole number, not a list");
	assert_refused("t.yaml", HEAD "session: {title: T}\nsteps: {text: one}\n",
		       "t.yaml:4:8: steps: a list, not a mapping");
	assert_refused("t.yaml", HEAD "session: {title: T, iteration: 2.5}\n",
		       "t.yaml:3:32: session.iteration: a whole number from 1 to 9999, not 2.5");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "ballots: [{method: dots, anonymous: \"yes\", candidates: [1, 2]}]\n",
		       "t.yaml:4:37: ballots[1].anonymous: true or false, not a string");
	assert_refused("t.yaml", HEAD "session: {title: [T]}\n",
		       "t.yaml:3:18: session.title: text, not a list");
}

static void import__refuses_a_file_without_its_format_session_or_title(void **state)
{
	(void)state;
	assert_refused("t.yaml", "format_version: 1\nsession: {title: T}\n",
		       "t.yaml:1:1: format: missing");
	assert_refused("t.yaml", "format: improv.session\nsession: {title: T}\n",
		       "t.yaml:1:1: format_version: missing");
	assert_refused("t.yaml", HEAD, "t.yaml:1:1: session: missing");
	assert_refused("t.yaml", HEAD "session: {organization: Acme}\n",
		       "t.yaml:3:10: session.title: missing");
	assert_refused("t.yaml", HEAD "session: {title: null}\n",
		       "t.yaml:3:18: session.title: text, not null");
	assert_refused("t.yaml", HEAD "session: {title: \"   \"}\n",
		       "t.yaml:3:18: session.title: the text is empty");
	assert_refused("t.json", "", "t.json:1:1: format: missing");
	assert_refused("t.json", "[1, 2]", "t.json:1:1: document: a mapping of keys to values, "
		       "not a list");
	assert_refused("t.yaml", "format: improv.summary\nformat_version: 1\n",
		       "t.yaml:1:9: format: \"improv.summary\" is not an improv session "
		       "(expected \"improv.session\")");
}

static void import__refuses_a_newer_format_version_saying_so(void **state)
{
	(void)state;
	assert_refused("t.yaml", "format: improv.session\nformat_version: 2\n"
		       "session: {title: T, something_new: true}\n",
		       "t.yaml:2:17: format_version: version 2 is newer than this improv reads "
		       "(1); import it with a newer improv");
	assert_refused("t.yaml", "format: improv.session\nformat_version: 0\n",
		       "t.yaml:2:17: format_version: a whole number from 1 to 2147483647, not 0");
}

#define ONE_DIMENSION HEAD "session: {title: T}\nparticipants: [{name: Ana}, {name: Bo}]\n" \
	"dimensions:\n  - {key: culture, name: Culture, scale: {min: 1, max: 5},\n"

static void import__refuses_a_goal_on_a_dimension_the_file_does_not_have(void **state)
{
	(void)state;
	assert_refused("t.yaml", ONE_DIMENSION "     ratings: []}\n"
		       "goals: [{id: 1, text: Share, dimension: tools}]\n",
		       "t.yaml:8:41: goals[1].dimension: unknown dimension \"tools\"");
}

static void import__refuses_ratings_by_strangers_twice_or_off_the_scale(void **state)
{
	(void)state;
	assert_refused("t.yaml", ONE_DIMENSION "     ratings: [{participant: Cy, score: 3}]}\n",
		       "t.yaml:7:30: dimensions[1].ratings[1].participant: unknown participant "
		       "\"Cy\"");
	assert_refused("t.yaml", ONE_DIMENSION "     ratings: [{participant: Bo, score: 6}]}\n",
		       "t.yaml:7:41: dimensions[1].ratings[1].score: 6 is outside the scale 1-5");
	assert_refused("t.yaml", ONE_DIMENSION "     ratings: [{participant: Bo, score: -1}]}\n",
		       "t.yaml:7:41: dimensions[1].ratings[1].score: a whole number from 0 to 10, "
		       "not -1");
	assert_refused("t.yaml", ONE_DIMENSION "     ratings: [{participant: Bo, score: 2},"
		       " {participant: Bo, score: 3}]}\n",
		       "t.yaml:7:59: dimensions[1].ratings[2].participant: \"Bo\" has rated this "
		       "dimension already");
	assert_refused("t.yaml", ONE_DIMENSION "     group_score: 9}\n",
		       "t.yaml:7:19: dimensions[1].group_score: 9 is outside the scale 1-5");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "dimensions: [{key: a, name: A, scale: {min: 4, max: 4}}]\n",
		       "t.yaml:4:39: dimensions[1].scale: min (4) must be below max (4)");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "dimensions: [{key: a, name: A, scale: {min: 1, max: 3}},\n"
		       "             {key: a, name: B, scale: {min: 1, max: 3}}]\n",
		       "t.yaml:5:20: dimensions[2].key: \"a\" is already the key of dimensions[1]");
}

static void import__refuses_huge_numbers(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: {title: T}\nmetrics: [{name: m, baseline: 2e15}]\n",
		       "t.yaml:4:31: metrics[1].baseline: a number from -1e15 to 1e15, not 2e15");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "metrics: [{name: m, measurements: [{value: -1e309, taken_on: 2026-03-01}]}]\n",
		       "t.yaml:4:44: metrics[1].measurements[1].value: a number from -1e15 to 1e15, "
		       "not -1e309");
	assert_refused("t.yaml", HEAD "session: {title: T, iteration: 123456789012345678901}\n",
		       "t.yaml:3:32: session.iteration: a whole number from 1 to 9999, "
		       "not 123456789012345678901");
	assert_refused("t.yaml", HEAD "session: {title: T, timeboxes: {metrics: 100000}}\n",
		       "t.yaml:3:42: session.timeboxes.metrics: a whole number from 0 to 1440, "
		       "not 100000");
	assert_refused("t.yaml", HEAD "session: {title: T}\nsteps: [{id: 1e3, text: s}]\n",
		       "t.yaml:4:14: steps[1].id: a whole number from 1 to 1000000000000000, "
		       "not 1e3");
	assert_refused("t.yaml", HEAD "session: {title: T}\nmetrics: [{name: m, target: .inf}]\n",
		       "t.yaml:4:29: metrics[1].target: a number, not a string");
}

static void import__refuses_text_longer_than_the_model_takes(void **state)
{
	(void)state;
	struct sbuf doc = SBUF_INIT;
	sbuf_adds(&doc, HEAD "session: {title: T}\nvalues:\n  - text: \"");
	for (int i = 0; i < TEXT_MAX_ITEM + 1; i++)
		sbuf_addc(&doc, 'x');
	sbuf_adds(&doc, "\"\n");
	assert_refused("t.yaml", sbuf_str(&doc),
		       "t.yaml:5:11: values[1].text: the text is longer than 1000 bytes");
	sbuf_free(&doc);
}

static void import__refuses_invalid_utf8_and_nul_characters_saying_where(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: {title: T}\nvalues:\n  - text: caf\xe9 au lait\n",
		       "t.yaml:5:14: invalid trailing UTF-8 octet");
	assert_refused("t.json", "{\"format\": \"improv.session\", \"format_version\": 1,\n"
		       " \"session\": {\"title\": \"a\\u0000b\"}}",
		       "t.json:2:25: \\u0000 is not allowed: no text holds a NUL character");
	assert_refused("t.yaml", HEAD "session: {title: \"a\\0b\"}\n",
		       "t.yaml:3:18: session.title: text may not hold a NUL character");
}

/* What Python's json.dump writes for a title with an emoji. */
static void import__reads_a_json_title_whose_emoji_is_a_surrogate_pair_escape(void **state)
{
	(void)state;
	static const char doc[] = "{\"format\": \"improv.session\", \"format_version\": 1,\n"
				  " \"session\": {\"title\": \"Q1 \\ud83d\\ude80\"}}\n";
	struct session *s = NULL;
	struct error err = {0};
	enum err_code rc = import_session_buffer("t.json", doc, strlen(doc), &s, &err);
	if (rc != ERR_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(s->title, "Q1 \xf0\x9f\x9a\x80");
	session_free(s);
}

#define JSON_HEAD "{\"format\": \"improv.session\", \"format_version\": 1,\n"

static void import__refuses_json_that_is_not_json_saying_where(void **state)
{
	(void)state;
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"\\ud83d\"}}",
		       "t.json:2:24: \\uD83D is half of a surrogate pair without its second half");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"T\", \"iteration\": +4}}",
		       "t.json:2:41: a number may not start with '+'");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"T\", \"iteration\": 04}}",
		       "t.json:2:41: a number may not start with a 0 that other digits follow");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"T\",}}",
		       "t.json:2:26: a comma before '}' is not allowed in JSON");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"T\"}, \"steps\": [],}",
		       "t.json:2:40: a comma before '}' is not allowed in JSON");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": 'T'}}",
		       "t.json:2:23: single quotes are not allowed in JSON; use double quotes");
	assert_refused("t.json", JSON_HEAD " \"session\": {\"title\": \"T\"}} trailing",
		       "t.json:2:29: expected nothing after the JSON value, not 't'");
}

static void import__refuses_yaml_that_is_not_well_formed(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: {title: T\nsteps: []\n",
		       "t.yaml:4:6: did not find expected ',' or '}' (while parsing a flow "
		       "mapping at 3:10)");
	assert_refused("t.json", "{\"format\": \"improv.session\", \"format\": 1}",
		       "t.json:1:30: duplicate key \"format\"");
}

static void import__refuses_anchors_and_aliases(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: &s {title: T}\n",
		       "t.yaml:3:10: anchors are not allowed");
	assert_refused("t.yaml", HEAD "session: {title: *t}\n",
		       "t.yaml:3:18: aliases are not allowed");
}

static void import__refuses_a_name_outside_its_vocabulary_listing_the_choices(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: {title: T, level: galaxy}\n",
		       "t.yaml:3:28: session.level: \"galaxy\" is not a level (use one of: "
		       "individual, team, unit, organization)");
	assert_refused("t.yaml", HEAD "session: {title: T, ratings: secret}\n",
		       "t.yaml:3:30: session.ratings: \"secret\" is not a way to show ratings (use one "
		       "of: shown, private, revealed)");
	struct session *s = imported("t.yaml", HEAD "session: {title: T, ratings: private}\n");
	assert_int_equal(s->ratings, RATINGS_PRIVATE);
	session_free(s);
	assert_refused("t.yaml", HEAD "session: {title: T}\nsteps: [{text: s, horizon: later}]\n",
		       "t.yaml:4:28: steps[1].horizon: \"later\" is not a horizon (use one of: "
		       "short, medium, long)");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "ballots: [{method: lottery, candidates: []}]\n",
		       "t.yaml:4:20: ballots[1].method: \"lottery\" is not a voting method (use one "
		       "of: dots, approval, ranked, scoring)");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "ballots: [{method: ranked, entry: tally, candidates: []}]\n",
		       "t.yaml:4:35: ballots[1].entry: a tally from the wall is for dots and "
		       "approval ballots only");
}

#define TWO_STEPS HEAD "session: {title: T}\ngoals: [{id: 5, text: g}]\n" \
	"steps: [{id: 1, text: a, goal_id: 5}, {id: 2, text: b}]\n"

static void import__refuses_links_to_goals_and_steps_the_file_does_not_have(void **state)
{
	(void)state;
	assert_refused("t.yaml", TWO_STEPS "metrics: [{name: m, goal_id: 6}]\n",
		       "t.yaml:6:30: metrics[1].goal_id: no goal has id 6");
	assert_refused("t.yaml", HEAD "session: {title: T}\nsteps: [{text: a, goal_id: 5}]\n",
		       "t.yaml:4:28: steps[1].goal_id: no goal has id 5");
	assert_refused("t.yaml", TWO_STEPS "ballots: [{method: dots, candidates: [1, 3]}]\n",
		       "t.yaml:6:42: ballots[1].candidates[2]: no step has id 3");
	assert_refused("t.yaml", TWO_STEPS "ballots: [{method: dots, candidates: [2, 2]}]\n",
		       "t.yaml:6:42: ballots[1].candidates[2]: step 2 is a candidate already");
	assert_refused("t.yaml", TWO_STEPS "ballots: [{method: dots, candidates: [2]}]\n",
		       "t.yaml:6:38: ballots[1].candidates: a ballot needs at least two steps to "
		       "choose from");
	assert_refused("t.yaml", HEAD "session: {title: T}\n"
		       "goals: [{id: 5, text: g}, {id: 5, text: h}]\n",
		       "t.yaml:4:32: goals[2].id: another goal has id 5 already");
}

static void import__refuses_ballot_results_the_ballot_could_not_have(void **state)
{
	(void)state;
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: dots, entry: tally, cap: 2, voters: 3, status: revealed,\n"
		       "           candidates: [1, 2], results: [{step_id: 1, points: 7}]}]\n",
		       "t.yaml:7:63: ballots[1].results[1].points: 3 voters with at most 2 dots "
		       "each on one step give it at most 6");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: approval, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 2, points: 251}]}]\n",
		       "t.yaml:7:43: ballots[1].results[1].points: a whole number from 0 to 250 "
		       "(250 voters at the most), not 251");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: dots, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 2, points: 1}, {step_id: 2, points: 1}]}]\n",
		       "t.yaml:7:57: ballots[1].results[2].step_id: step 2 has a result already");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: scoring, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, impact: 6, effort: 2}]}]\n",
		       "t.yaml:7:43: ballots[1].results[1].impact: a mean score from 1 to 5");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: dots, budget: 3, cap: 4, candidates: [1, 2]}]\n",
		       "t.yaml:6:42: ballots[1].cap: the cap must be 1 to 3 dots (the budget)");
}

static void import__refuses_secret_ballot_points_more_than_its_voters_could_give(void **state)
{
	(void)state;
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: ranked, voters: 0, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, points: 400}]}]\n",
		       "t.yaml:7:43: ballots[1].results[1].points: no one voted (voters is 0), so no "
		       "step has points, not 400");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: dots, budget: 3, cap: 2, voters: 2, status: revealed,\n"
		       "           candidates: [1, 2], results: [{step_id: 1, points: 5}]}]\n",
		       "t.yaml:7:63: ballots[1].results[1].points: 2 voters give one step at most 4, "
		       "not 5");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: dots, budget: 3, cap: 2, voters: 2, status: revealed,\n"
		       "           candidates: [1, 2],\n"
		       "           results: [{step_id: 1, points: 4}, {step_id: 2, points: 3}]}]\n",
		       "t.yaml:8:21: ballots[1].results: 7 points in all; 2 voters give at most 3 "
		       "each, 6 in all");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: approval, voters: 3, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, points: 4}]}]\n",
		       "t.yaml:7:43: ballots[1].results[1].points: 3 voters give one step at most 3, "
		       "not 4");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: ranked, voters: 3, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, points: 3}, {step_id: 2, points: 1}]}]\n",
		       "t.yaml:7:21: ballots[1].results: 4 points in all; 3 voters give at most 1 "
		       "each, 3 in all");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: scoring, voters: 1, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, impact: 2.5, effort: 2}]}]\n",
		       "t.yaml:7:22: ballots[1].results[1]: impact and effort are not the mean scores "
		       "of 1 voters or fewer");
	assert_refused("t.yaml", TWO_STEPS
		       "ballots: [{method: scoring, voters: 0, status: revealed, candidates: [1, 2],\n"
		       "           results: [{step_id: 1, impact: 3, effort: 2}]}]\n",
		       "t.yaml:7:22: ballots[1].results[1]: no one voted (voters is 0), so no step has "
		       "scores");
	assert_refused("t.yaml", HEAD "session: {title: T}\nparticipants: [{name: Ana}, {name: Bo}]\n"
		       "steps: [{id: 1, text: a}, {id: 2, text: b}]\n"
		       "ballots: [{method: dots, voters: 1, voted: [Ana, Bo], candidates: [1, 2]}]\n",
		       "t.yaml:6:34: ballots[1].voters: 1, but voted names 2");
}

static void import__takes_what_voters_could_give_and_a_tally_without_a_count(void **state)
{
	(void)state;
	static const char doc[] = TWO_STEPS
		"ballots: [{method: ranked, voters: 3, status: revealed, candidates: [1, 2],\n"
		"           results: [{step_id: 1, points: 2}, {step_id: 2, points: 1}]},\n"
		"          {method: dots, entry: tally, voters: 0, status: revealed,\n"
		"           candidates: [1, 2], results: [{step_id: 1, points: 40}]}]\n";
	struct session *s = NULL;
	struct error err = {0};
	if (import_session_buffer("t.yaml", doc, strlen(doc), &s, &err) != ERR_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(s->ballots[0].points[0], 2);
	assert_int_equal(s->ballots[1].points[0], 40);
	session_free(s);
}

static void import__refuses_a_session_closed_before_it_was_created_or_half_closed(void **state)
{
	(void)state;
	assert_refused("t.yaml", HEAD "session: {title: T, status: closed,\n"
		       "  created_at: 2026-02-01T10:00:00Z, closed_at: 2026-02-01T09:00:00Z}\n",
		       "t.yaml:4:48: session.closed_at: 2026-02-01T09:00:00Z is before created_at "
		       "2026-02-01T10:00:00Z");
	assert_refused("t.yaml", HEAD "session: {title: T, closed_at: 2026-02-01T09:00:00Z}\n",
		       "t.yaml:3:32: session.closed_at: an open session has not closed: give status "
		       "closed, or no closed_at");
	assert_refused("t.yaml", HEAD "session: {title: T, status: closed}\n",
		       "t.yaml:3:29: session.status: a closed session says when it closed: closed_at "
		       "is missing");
}

static void import__never_echoes_a_control_character_from_the_file(void **state)
{
	(void)state;
	static const char doc[] = HEAD "session: {title: T}\n"
		"goals: [{text: g, dimension: \"x\\e]0;owned\\a\\e[2J\"}]\n"
		"participants: [{name: \"A\\e[31m\"}, {name: \"A\\e[31m\"}]\n";
	struct session *s = NULL;
	struct error err = {0};
	assert_int_equal(import_session_buffer("t\x1b.yaml", doc, strlen(doc), &s, &err),
			 ERR_DATA);
	for (const char *p = err.msg; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_non_null(strstr(err.msg, "participants[2].name"));
	assert_non_null(strstr(err.msg, "already a participant"));
}

static void import_session__reports_a_missing_file_as_missing_input(void **state)
{
	struct fixture *fx = *state;
	char path[160];
	struct session *s = NULL;
	struct error err = {0};
	snprintf(path, sizeof path, "%s/no-such.json", fx->dir);
	assert_int_equal(import_session(path, &s, &err), ERR_NOINPUT);
	assert_null(s);
	assert_non_null(strstr(err.msg, "no-such.json"));
}

static size_t sessions_in(struct store *st)
{
	struct session_summary *list = NULL;
	size_t n = 0;
	struct error err = {0};
	ok(store_list_sessions(st, &list, &n, &err), &err);
	store_summaries_free(list, n);
	return n;
}

/* As `improv import` does it: the whole file first, then one transaction. */
static enum err_code import_and_store(struct store *st, const char *path, struct error *err)
{
	struct session *s = NULL;
	enum err_code rc = import_session(path, &s, err);
	if (rc == ERR_OK)
		rc = store_create_session(st, s, err);
	session_free(s);
	return rc;
}

static void import_session__leaves_the_database_as_it_was_when_a_file_fails(void **state)
{
	struct fixture *fx = *state;
	char *doc = stored_export(fx->st, full_workshop(), export_json);
	size_t before = sessions_in(fx->st);
	/* A file that is right up to its first ballot's method. */
	char *broken = xstrdup(doc);
	char *method = strstr(broken, "\"method\": \"dots\"");
	assert_non_null(method);
	memcpy(method + strlen("\"method\": \"dot"), "z", 1);
	char path[160];
	snprintf(path, sizeof path, "%s/broken.json", fx->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(broken, f);
	fclose(f);
	struct error err = {0};
	assert_int_equal(import_and_store(fx->st, path, &err), ERR_DATA);
	assert_non_null(strstr(err.msg, "broken.json:"));
	assert_non_null(strstr(err.msg, "ballots[1].method: \"dotz\""));
	assert_int_equal(sessions_in(fx->st), before);
	free(broken);
	free(doc);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, make_fixture, remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(import__gives_back_the_same_json_document_apart_from_ids_and_timestamps),
		TEST(import__gives_back_who_left_with_their_ratings_still_counted),
		TEST(import__gives_back_a_closed_session_closed_at_the_same_time),
		TEST(import__gives_back_an_empty_session_with_every_list_empty),
		TEST(import__reads_the_yaml_export_back_to_the_same_document),
		TEST(import__gives_back_a_revealed_secret_ballots_results_and_who_voted),
		TEST(import__keeps_step_points_from_ballots_revealed_in_another_order_than_listed),
		TEST(import__fills_what_a_file_leaves_out_as_an_empty_export_shows_it),
		TEST(import__ignores_keys_it_does_not_know_anywhere),
		TEST(import__starts_a_series_of_its_own_keeping_the_iteration),
		TEST(import__refuses_a_string_where_a_number_belongs),
		TEST(import__refuses_a_file_without_its_format_session_or_title),
		TEST(import__refuses_a_newer_format_version_saying_so),
		TEST(import__refuses_a_goal_on_a_dimension_the_file_does_not_have),
		TEST(import__refuses_ratings_by_strangers_twice_or_off_the_scale),
		TEST(import__refuses_huge_numbers),
		TEST(import__refuses_text_longer_than_the_model_takes),
		TEST(import__refuses_invalid_utf8_and_nul_characters_saying_where),
		TEST(import__reads_a_json_title_whose_emoji_is_a_surrogate_pair_escape),
		TEST(import__refuses_json_that_is_not_json_saying_where),
		TEST(import__refuses_yaml_that_is_not_well_formed),
		TEST(import__refuses_anchors_and_aliases),
		TEST(import__refuses_a_name_outside_its_vocabulary_listing_the_choices),
		TEST(import__refuses_links_to_goals_and_steps_the_file_does_not_have),
		TEST(import__refuses_ballot_results_the_ballot_could_not_have),
		TEST(import__refuses_secret_ballot_points_more_than_its_voters_could_give),
		TEST(import__takes_what_voters_could_give_and_a_tally_without_a_count),
		TEST(import__refuses_a_session_closed_before_it_was_created_or_half_closed),
		TEST(import__never_echoes_a_control_character_from_the_file),
		TEST(import_session__reports_a_missing_file_as_missing_input),
		TEST(import_session__leaves_the_database_as_it_was_when_a_file_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
