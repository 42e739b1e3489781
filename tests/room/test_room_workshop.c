/* The room through the editing service: a phone's rating and a late
 * arrival are in the database when the phone is answered, as a key press's
 * change would be. Each test has its own folder and database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "room/handlers.h"
#include "room/room.h"
#include "room/room_workshop.h"
#include "sessions/export.h"
#include "sessions/import.h"
#include "sessions/store.h"
#include "tests/support.h"
#include "sessions/workshop.h"

struct fixture {
	char dir[sizeof "/tmp/improv-test-room-XXXXXX"];
	char db[600];
	struct store *st;
	struct workshop *ws;
	int64_t id;
	struct room_workshop rw;
	struct room *room;
};

static void expect_ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		fail_msg("error %d: %s", code, err->msg);
}

/* A session of Ana and Bo rating one dimension on 1-5. */
static int64_t create_session(struct store *st)
{
	static const char *const people[] = {"Ana", "Bo"};
	struct template tpl = {0};
	tpl.key = xstrdup("room-test");
	tpl.name = xstrdup("One dimension");
	tpl.description = xstrdup("For the room's tests.");
	tpl.version = 1;
	tpl.scale.min = 1;
	tpl.scale.max = 5;
	tpl.ndims = 1;
	tpl.dims = xcalloc(1, sizeof *tpl.dims);
	tpl.dims[0].key = xstrdup("culture");
	tpl.dims[0].name = xstrdup("Culture");
	tpl.dims[0].question = xstrdup("Do people ask?");
	const struct session_setup setup = {
		.title = "The room", .level = LEVEL_TEAM,
		.participants = people, .nparticipants = 2,
	};
	struct error err = {0};
	struct session *s = session_create(&setup, &tpl, &err);
	template_free(&tpl);
	if (s == NULL)
		fail_msg("%s", err.msg);
	expect_ok(store_create_session(st, s, &err), &err);
	int64_t id = s->id;
	session_free(s);
	return id;
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	memcpy(fx->dir, "/tmp/improv-test-room-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	struct error err = {0};
	expect_ok(store_open(fx->db, NULL, &fx->st, &err), &err);
	fx->id = create_session(fx->st);
	expect_ok(workshop_open(fx->st, fx->id, &fx->ws, &err), &err);
	expect_ok(ws_set_stage(fx->ws, STAGE_CURRENT_STATE, &err), &err);
	fx->rw.ws = fx->ws;
	struct room_ops ops;
	room_workshop_ops(&fx->rw, &ops);
	expect_ok(room_new(&ops, &fx->room, &err), &err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	room_close(fx->room);
	workshop_close(fx->ws);
	store_close(fx->st);
	support_remove_tree(fx->dir);
	free(fx);
	return 0;
}

/* The session as a second reader of the file finds it. */
static struct session *from_disk(const struct fixture *fx)
{
	struct store *st;
	struct session *s;
	struct error err = {0};
	struct store_options ro = {.reads_only = true};
	expect_ok(store_open(fx->db, &ro, &st, &err), &err);
	expect_ok(store_load_session(st, fx->id, &s, &err), &err);
	store_close(st);
	return s;
}

struct phone {
	char device[TOKENS_SIZE];
	char csrf[TOKENS_SIZE];
};

static int post(struct fixture *fx, struct phone *ph, const char *route, const char *fields)
{
	char path[128], body[256];
	snprintf(path, sizeof path, "/r/%s/%s", fx->room->token, route);
	snprintf(body, sizeof body, "csrf=%s&%s", ph->csrf, fields);
	struct room_request req = {
		.method = "POST", .path = path, .device = ph->device[0] ? ph->device : NULL,
		.wants_json = true, .body = body, .body_len = strlen(body), .client = "x",
		.now = 1,
	};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	const char *cookie = room_response_header(&resp, "Set-Cookie");
	if (cookie)
		snprintf(ph->device, sizeof ph->device, "%.*s", TOKENS_CHARS, cookie + 14);
	const char *csrf = strstr(sbuf_str(&resp.body), "\"csrf\": \"");
	if (csrf)
		snprintf(ph->csrf, sizeof ph->csrf, "%.*s", TOKENS_CHARS, csrf + 9);
	int status = resp.status;
	room_response_free(&resp);
	return status;
}

/* A phone that opened the page: it holds the join form's token. */
static struct phone arrive(struct fixture *fx)
{
	struct phone ph = {0};
	char path[64];
	snprintf(path, sizeof path, "/r/%s/", fx->room->token);
	struct room_request req = {.method = "GET", .path = path, .client = "x", .now = 1};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	const char *at = strstr(sbuf_str(&resp.body), "name=\"csrf\" value=\"");
	assert_non_null(at);
	snprintf(ph.csrf, sizeof ph.csrf, "%.*s", TOKENS_CHARS, at + 19);
	room_response_free(&resp);
	return ph;
}

static void room_workshop__a_phone_s_rating_is_on_disk_when_it_is_answered(void **state)
{
	struct fixture *fx = *state;
	struct phone bo = arrive(fx);
	char pick[32];
	snprintf(pick, sizeof pick, "pick=%lld", (long long)fx->ws->s->participants[1].id);
	assert_int_equal(post(fx, &bo, "join", pick), 200);
	assert_int_equal(post(fx, &bo, "rate", "dim=culture&score=4"), 200);
	struct session *s = from_disk(fx);
	assert_int_equal(s->dims[0].scores[1], 4);
	assert_int_equal(s->dims[0].scores[0], RATING_NONE);
	session_free(s);
	/* The keyboard's undo takes it back, as it would a typed rating. */
	const char *what = NULL;
	struct error err = {0};
	expect_ok(ws_undo(fx->ws, &what, &err), &err);
	assert_string_equal(what, "a rating");
	s = from_disk(fx);
	assert_int_equal(s->dims[0].scores[1], RATING_NONE);
	session_free(s);
}

static void room_workshop__an_accepted_newcomer_is_a_participant_on_disk(void **state)
{
	struct fixture *fx = *state;
	struct phone cy = arrive(fx);
	assert_int_equal(post(fx, &cy, "join", "new=Cy"), 200);
	assert_int_equal(room_pending_count(fx->room), 1);
	struct error err = {0};
	expect_ok(room_accept(fx->room, 0, &err), &err);
	assert_int_equal(post(fx, &cy, "rate", "dim=culture&score=2"), 200);
	struct session *s = from_disk(fx);
	assert_int_equal(s->nparticipants, 3);
	assert_string_equal(s->participants[2].name, "Cy");
	assert_int_equal(s->dims[0].scores[2], 2);
	session_free(s);
}

/* The join page as a phone that has not joined sees it. */
static char *join_page(struct fixture *fx)
{
	char path[64];
	snprintf(path, sizeof path, "/r/%s/", fx->room->token);
	struct room_request req = {.method = "GET", .path = path, .client = "x", .now = 1};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	char *page = xstrdup(sbuf_str(&resp.body));
	room_response_free(&resp);
	return page;
}

static void room_workshop__a_late_arrival_joins_by_name_and_one_who_left_no_longer_can(
	void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	struct phone bo = arrive(fx);
	char pick[32];
	snprintf(pick, sizeof pick, "pick=%lld", (long long)fx->ws->s->participants[1].id);
	assert_int_equal(post(fx, &bo, "join", pick), 200);
	assert_int_equal(post(fx, &bo, "rate", "dim=culture&score=4"), 200);

	expect_ok(ws_add_participant(fx->ws, "Cy", &err), &err);
	expect_ok(ws_participant_leaves(fx->ws, 1, &err), &err);
	char *page = join_page(fx);
	assert_non_null(strstr(page, ">Cy</button>"));
	assert_non_null(strstr(page, ">Ana</button>"));
	assert_null(strstr(page, ">Bo</button>"));
	free(page);

	struct phone cy = arrive(fx);
	char pick_cy[32];
	snprintf(pick_cy, sizeof pick_cy, "pick=%lld", (long long)fx->ws->s->participants[2].id);
	assert_int_equal(post(fx, &cy, "join", pick_cy), 200);
	assert_int_equal(post(fx, &cy, "rate", "dim=culture&score=2"), 200);
	/* Bo's phone rates no more, and Bo's name joins nobody. */
	assert_int_equal(post(fx, &bo, "rate", "dim=culture&score=1"), 403);
	struct phone again = arrive(fx);
	assert_true(post(fx, &again, "join", pick) >= 400);
	struct session *s = from_disk(fx);
	assert_int_equal(s->dims[0].scores[1], 4);
	assert_int_equal(s->dims[0].scores[2], 2);
	session_free(s);
}

/* Private and shown as typed, a phone rates; once revealed, it may not. */
static void room_workshop__revealed_ratings_close_rating(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = arrive(fx);
	char pick[32];
	snprintf(pick, sizeof pick, "pick=%lld", (long long)fx->ws->s->participants[0].id);
	assert_int_equal(post(fx, &ana, "join", pick), 200);
	struct error err = {0};
	unsigned changes = fx->rw.changes;
	expect_ok(ws_set_ratings(fx->ws, RATINGS_PRIVATE, &err), &err);
	assert_int_equal(post(fx, &ana, "rate", "dim=culture&score=4"), 200);
	assert_int_equal(fx->rw.changes, changes + 1);
	expect_ok(ws_set_ratings(fx->ws, RATINGS_SHOWN, &err), &err);
	assert_int_equal(post(fx, &ana, "rate", "dim=culture&score=2"), 200);
	expect_ok(ws_set_ratings(fx->ws, RATINGS_REVEALED, &err), &err);
	assert_int_equal(post(fx, &ana, "rate", "dim=culture&score=3"), 409);
	assert_int_equal(fx->rw.changes, changes + 2);
	assert_int_equal(fx->ws->s->dims[0].scores[0], 2);
	expect_ok(ws_set_ratings(fx->ws, RATINGS_SHOWN, &err), &err);
	expect_ok(ws_rate(fx->ws, 0, 0, RATING_NONE, &err), &err);
	struct session *s = from_disk(fx);
	assert_int_equal(s->dims[0].scores[0], RATING_NONE);
	session_free(s);
}

/* A phone's dots in an anonymous secret ballot are in the file's totals
 * and voters when the phone is answered, and nothing ties them to Ana;
 * a second cast, and a keyboard vote for her after it, are refused. */
static void room_workshop__a_phone_s_ballot_is_cast_through_the_editing_service(void **state)
{
	struct fixture *fx = *state;
	struct error err = {0};
	static const char *const texts[] = {"Pilot", "Wiki", "Recognition"};
	for (size_t i = 0; i < 3; i++) {
		const struct step st = {.text = (char *)texts[i], .points = POINTS_NONE};
		expect_ok(ws_add_step(fx->ws, &st, &err), &err);
	}
	expect_ok(ws_set_stage(fx->ws, STAGE_STEPS, &err), &err);
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	size_t b;
	expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);
	struct phone ana = arrive(fx);
	char pick[32];
	snprintf(pick, sizeof pick, "pick=%lld", (long long)fx->ws->s->participants[0].id);
	assert_int_equal(post(fx, &ana, "join", pick), 200);
	unsigned changes = fx->rw.changes;
	assert_int_equal(post(fx, &ana, "vote", "c0=2&c2=1"), 200);
	assert_int_equal(fx->rw.changes, changes + 1);
	assert_int_equal(post(fx, &ana, "vote", "c1=1"), 409);
	struct session *s = from_disk(fx);
	assert_int_equal(s->ballots[b].nvoters, 1);
	assert_int_equal(s->ballots[b].voters[0], s->participants[0].id);
	assert_int_equal(s->ballots[b].points[0], 2);
	assert_int_equal(s->ballots[b].points[2], 1);
	assert_int_equal(s->ballots[b].nchoices, 0);
	session_free(s);
	const int dots[] = {0, 1, 0};
	const struct ballot_vote v = {.dots = dots};
	assert_int_equal(ws_cast(fx->ws, b, 0, &v, &err), ERR_DATA);
}

/* ---- every method from a phone, against a hand tally ---- */

/* Pilot, Wiki and Recognition on the steps stage, Cy and Dee join Ana
 * and Bo, and a secret anonymous ballot of this method is open. */
static size_t open_ballot(struct fixture *fx, enum ballot_method method)
{
	struct error err = {0};
	static const char *const texts[] = {"Pilot", "Wiki", "Recognition"};
	for (size_t i = 0; i < 3; i++) {
		const struct step st = {.text = (char *)texts[i], .points = POINTS_NONE};
		expect_ok(ws_add_step(fx->ws, &st, &err), &err);
	}
	expect_ok(ws_add_participant(fx->ws, "Cy", &err), &err);
	expect_ok(ws_add_participant(fx->ws, "Dee", &err), &err);
	expect_ok(ws_set_stage(fx->ws, STAGE_STEPS, &err), &err);
	const struct ballot_settings set = {.method = method, .horizon = -1, .anonymous = true};
	size_t b;
	expect_ok(ws_open_ballot(fx->ws, &set, &b, &err), &err);
	return b;
}

/* Participant p's phone, joined. */
static struct phone joined_phone(struct fixture *fx, size_t p)
{
	struct phone ph = arrive(fx);
	char pick[32];
	snprintf(pick, sizeof pick, "pick=%lld", (long long)fx->ws->s->participants[p].id);
	assert_int_equal(post(fx, &ph, "join", pick), 200);
	return ph;
}

/* What the phone is answered to a GET of route ("" the page, "state"). */
static char *get(struct fixture *fx, const struct phone *ph, const char *route, bool json)
{
	char path[128];
	snprintf(path, sizeof path, "/r/%s/%s", fx->room->token, route);
	struct room_request req = {
		.method = "GET", .path = path, .device = ph->device, .wants_json = json,
		.client = "x", .now = 1,
	};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	assert_int_equal(resp.status, 200);
	char *body = xstrdup(sbuf_str(&resp.body));
	room_response_free(&resp);
	return body;
}

/* Before the reveal no phone is sent a count; after it, every phone is
 * sent the result, its steps in the order of texts (the projector's, as
 * ballot_tally ranks them), with these ranks. */
static void expect_result_on_phones(struct fixture *fx, size_t b, struct phone *phones,
				    size_t nphones, const char *const *texts, const char *ranks)
{
	for (size_t k = 0; k < nphones; k++) {
		char *json = get(fx, &phones[k], "state", true);
		assert_null(strstr(json, "\"result\""));
		assert_null(strstr(json, "\"points\""));
		free(json);
	}
	struct error err = {0};
	expect_ok(ws_reveal_ballot(fx->ws, b, &err), &err);
	struct ballot_results r;
	expect_ok(ballot_tally(&fx->ws->s->ballots[b], &r, &err), &err);
	for (size_t k = 0; k < nphones; k++) {
		char *json = get(fx, &phones[k], "state", true), *page = get(fx, &phones[k], "", false);
		const char *at = strstr(json, "\"result\""), *in_page = strstr(page, "The result");
		assert_non_null(at);
		assert_non_null(in_page);
		for (size_t row = 0; row < r.nrows; row++) {
			char rank[48], step[48];
			snprintf(rank, sizeof rank, "\"rank\": %c", ranks[row]);
			snprintf(step, sizeof step, "\"text\": \"%s\"", texts[row]);
			assert_int_equal(r.rows[row].rank, ranks[row] - '0');
			at = strstr(at, rank);
			assert_non_null(at);
			at = strstr(at, step);
			assert_non_null(at);
			in_page = strstr(in_page, texts[row]);
			assert_non_null(in_page);
		}
		free(json);
		free(page);
	}
	ballot_results_free(&r);
}

/* Ranked: Ana ranks all three, Bo two, Cy one, Dee at the keyboard two.
 * By hand: Borda Pilot 2+1+0+2 = 5, Wiki 1+2 = 3, Recognition 2+1 = 3;
 * head to head Pilot beats Wiki 2 to 1 and Recognition 3 to 1. */
static void room_workshop__a_ranked_ballot_from_phones_and_the_keyboard(void **state)
{
	struct fixture *fx = *state;
	size_t b = open_ballot(fx, BALLOT_RANKED);
	struct phone ph[3] = {joined_phone(fx, 0), joined_phone(fx, 1), joined_phone(fx, 2)};
	assert_int_equal(post(fx, &ph[0], "vote", "c0=1&c1=1"), 400);     /* place 1 twice */
	assert_int_equal(post(fx, &ph[0], "vote", "c0=4"), 400);          /* no place 4 */
	assert_int_equal(post(fx, &ph[0], "vote", "c0=1&c1=2&c2=3"), 200);
	assert_int_equal(post(fx, &ph[1], "vote", "c1=1&c0=2&c2=0"), 200);
	assert_int_equal(post(fx, &ph[2], "vote", "c2=1"), 200);
	const size_t order[] = {0, 2};
	const struct ballot_vote v = {.order = order, .norder = 2};
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, 3, &v, &err), &err);
	const struct ballot *bl = &fx->ws->s->ballots[b];
	assert_int_equal(bl->points[0], 5);
	assert_int_equal(bl->points[1], 3);
	assert_int_equal(bl->points[2], 3);
	static const char *const texts[] = {"Pilot", "Wiki", "Recognition"};
	expect_result_on_phones(fx, b, ph, 3, texts, "122");
	char *json = get(fx, &ph[1], "state", true);
	assert_non_null(strstr(json, "\"condorcet\": \"Pilot\""));
	free(json);
	struct session *s = from_disk(fx);
	assert_int_equal(s->ballots[b].nvoters, 4);
	assert_int_equal(s->ballots[b].nchoices, 0);
	session_free(s);
}

/* Impact / effort on 1..5: Ana scores two steps, Bo all three, Cy one at
 * the keyboard. By hand: Pilot impact 13/3, effort 5/3, priority 27, a
 * quick win; Recognition 5 and 5, 0; Wiki 2.5 and 3.5, -10. */
static void room_workshop__an_impact_effort_ballot_from_phones(void **state)
{
	struct fixture *fx = *state;
	size_t b = open_ballot(fx, BALLOT_SCORING);
	struct phone ph[2] = {joined_phone(fx, 0), joined_phone(fx, 1)};
	assert_int_equal(post(fx, &ph[0], "vote", "i0=5"), 400);          /* one of two */
	assert_int_equal(post(fx, &ph[0], "vote", "i0=6&e0=1"), 400);     /* off the range */
	assert_int_equal(post(fx, &ph[0], "vote", "i0=5&e0=1&i1=2&e1=4"), 200);
	assert_int_equal(post(fx, &ph[1], "vote", "i0=4&e0=2&i1=3&e1=3&i2=5&e2=5"), 200);
	const int impact[] = {4, 0, 0}, effort[] = {2, 0, 0};
	const struct ballot_vote v = {.impact = impact, .effort = effort};
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, 2, &v, &err), &err);
	static const char *const texts[] = {"Pilot", "Recognition", "Wiki"};
	expect_result_on_phones(fx, b, ph, 2, texts, "123");
	char *json = get(fx, &ph[0], "state", true);
	assert_non_null(strstr(json, "\"points\": 27"));
	assert_non_null(strstr(json, "\"quadrant\": \"quick_win\""));
	assert_non_null(strstr(json, "\"points\": -10"));
	free(json);
}

/* Approval: Ana ticks Pilot and Recognition, Bo Recognition, and Cy, whose
 * phone died, votes at the keyboard for Pilot and Wiki; his phone then
 * may not vote again. By hand: Pilot 2, Recognition 2 (tied), Wiki 1. */
static void room_workshop__an_approval_ballot_with_a_keyboard_voter(void **state)
{
	struct fixture *fx = *state;
	size_t b = open_ballot(fx, BALLOT_APPROVAL);
	struct phone ph[3] = {joined_phone(fx, 0), joined_phone(fx, 1), joined_phone(fx, 2)};
	assert_int_equal(post(fx, &ph[0], "vote", "c0=2"), 400);
	assert_int_equal(post(fx, &ph[0], "vote", "c0=1&c3=1"), 400);     /* not on the ballot */
	assert_int_equal(post(fx, &ph[0], "vote", "c0=1&i0=1"), 400);     /* not this method's */
	assert_int_equal(post(fx, &ph[0], "vote", "c0=1&c2=1"), 200);
	assert_int_equal(post(fx, &ph[1], "vote", "c2=1"), 200);
	const bool approve[] = {true, true, false};
	const struct ballot_vote v = {.approve = approve};
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, 2, &v, &err), &err);
	assert_int_equal(post(fx, &ph[2], "vote", "c2=1"), 409);
	static const char *const texts[] = {"Pilot", "Recognition", "Wiki"};
	expect_result_on_phones(fx, b, ph, 3, texts, "113");
	char *page = get(fx, &ph[2], "", false);
	assert_non_null(strstr(page, "2 approvals"));
	assert_non_null(strstr(page, "1 approval<"));
	free(page);
}

/* Mixed entry: Ana and Bo on phones, Cy at the keyboard, Dee at the paper
 * wall. Dee's phone may not vote on top of the wall, the wall may not hold
 * more people than have not voted, and the result (cast and wall added)
 * goes to every phone, into the export and back through an import. By
 * hand: Pilot 2 + 0 + 1 + 3 = 6, Wiki 1 + 0 + 2 + 0 = 3, Recognition
 * 0 + 3 + 0 + 0 = 3. */
static void room_workshop__phones_keyboard_and_a_paper_wall_in_one_ballot(void **state)
{
	struct fixture *fx = *state;
	size_t b = open_ballot(fx, BALLOT_DOTS);
	struct phone ph[3] = {joined_phone(fx, 0), joined_phone(fx, 1), joined_phone(fx, 3)};
	assert_int_equal(post(fx, &ph[0], "vote", "c0=2&c1=1"), 200);
	assert_int_equal(post(fx, &ph[1], "vote", "c2=3"), 200);
	const struct ballot_vote cy = {.dots = (const int[]){1, 2, 0}};
	struct error err = {0};
	expect_ok(ws_cast(fx->ws, b, 2, &cy, &err), &err);
	assert_int_equal(ws_set_wall_voters(fx->ws, b, 2, &err), ERR_DATA);    /* only Dee left */
	expect_ok(ws_set_wall_voters(fx->ws, b, 1, &err), &err);
	expect_ok(ws_set_tally(fx->ws, b, 0, 3, &err), &err);
	assert_int_equal(ws_set_tally(fx->ws, b, 1, 4, &err), ERR_DATA);       /* cap 3, one person */
	assert_int_equal(post(fx, &ph[2], "vote", "c1=1"), 400);               /* Dee voted at the wall */
	assert_int_equal(fx->ws->s->ballots[b].nvoters, 3);
	assert_int_equal(ballot_voter_count(&fx->ws->s->ballots[b]), 4);
	static const char *const texts[] = {"Pilot", "Wiki", "Recognition"};
	expect_result_on_phones(fx, b, ph, 2, texts, "122");
	char *json = get(fx, &ph[0], "state", true);
	assert_non_null(strstr(json, "\"points\": 6"));
	assert_non_null(strstr(json, "\"voters\": 4"));
	free(json);
	struct session *s = from_disk(fx);
	assert_int_equal(s->ballots[b].wall[0], 3);
	assert_int_equal(s->ballots[b].tally_voters, 1);
	const struct export_context ctx = {.session = s};
	struct sbuf doc = SBUF_INIT;
	export_json(&ctx, &doc);
	assert_non_null(strstr(sbuf_str(&doc), "\"wall_voters\": 1"));
	struct session *back = NULL;
	expect_ok(import_session_buffer("back.json", sbuf_str(&doc), doc.len, &back, &err), &err);
	struct ballot_results r;
	expect_ok(ballot_tally(&back->ballots[b], &r, &err), &err);
	assert_int_equal(r.rows[0].points, 6);
	assert_int_equal(r.rows[1].points, 3);
	assert_int_equal(r.rows[2].points, 3);
	assert_int_equal(ballot_voter_count(&back->ballots[b]), 4);
	ballot_results_free(&r);
	session_free(back);
	sbuf_free(&doc);
	session_free(s);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(room_workshop__a_phone_s_rating_is_on_disk_when_it_is_answered),
		TEST(room_workshop__an_accepted_newcomer_is_a_participant_on_disk),
		TEST(room_workshop__a_late_arrival_joins_by_name_and_one_who_left_no_longer_can),
		TEST(room_workshop__revealed_ratings_close_rating),
		TEST(room_workshop__a_phone_s_ballot_is_cast_through_the_editing_service),
		TEST(room_workshop__a_ranked_ballot_from_phones_and_the_keyboard),
		TEST(room_workshop__an_impact_effort_ballot_from_phones),
		TEST(room_workshop__an_approval_ballot_with_a_keyboard_voter),
		TEST(room_workshop__phones_keyboard_and_a_paper_wall_in_one_ballot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
