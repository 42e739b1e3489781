#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/session.h"
#include "room/form.h"
#include "room/handlers.h"
#include "room/room.h"

/* A session as the room sees it through room_ops, without the store. */
#define FAKE_PEOPLE 24
#define FAKE_DIMS 3
#define FAKE_STEPS 3
#define FAKE_BUDGET 3
#define FAKE_CAP 2

struct fake {
	enum stage stage;
	bool revealed;
	size_t np;
	int64_t ids[FAKE_PEOPLE];
	char names[FAKE_PEOPLE][TEXT_MAX_NAME + 1];
	int scores[FAKE_DIMS][FAKE_PEOPLE];
	int rates;                      /* calls of rate */
	bool store_refuses;
	bool ballot_open;               /* a secret dots ballot of FAKE_STEPS steps */
	bool voted[FAKE_PEOPLE];
	int dots[FAKE_STEPS];           /* what the casts added up to */
	int casts;
};

static const struct room_dimension fake_dims[FAKE_DIMS] = {
	{"culture", "Culture", "Do people ask?", "nobody asks", "everyone asks", 1, 5},
	{"tools", "Tools", "Can you find answers?", NULL, NULL, 1, 5},
	{"policies", "Policies", NULL, NULL, NULL, 0, 3},
};

static struct fake *fake_of(void *ctx) { return ctx; }
static enum stage f_stage(void *ctx) { return fake_of(ctx)->stage; }
static bool f_revealed(void *ctx) { return fake_of(ctx)->revealed; }
static size_t f_participants(void *ctx) { return fake_of(ctx)->np; }
static int64_t f_id(void *ctx, size_t i) { return fake_of(ctx)->ids[i]; }
static const char *f_name(void *ctx, size_t i) { return fake_of(ctx)->names[i]; }
static size_t f_dimensions(void *ctx) { (void)ctx; return FAKE_DIMS; }
static void f_dimension(void *ctx, size_t i, struct room_dimension *out)
{
	(void)ctx;
	*out = fake_dims[i];
}
static int f_score(void *ctx, size_t d, size_t p) { return fake_of(ctx)->scores[d][p]; }

static enum err_code f_rate(void *ctx, size_t d, size_t p, int score, struct error *err)
{
	struct fake *f = ctx;
	f->rates++;
	if (f->store_refuses)
		return error_set(err, ERR_IO, "the disk is full");
	f->scores[d][p] = score;
	return ERR_OK;
}

static void fake_add(struct fake *f, const char *name)
{
	f->ids[f->np] = 100 + (int64_t)f->np;
	snprintf(f->names[f->np], sizeof f->names[0], "%s", name);
	for (size_t d = 0; d < FAKE_DIMS; d++)
		f->scores[d][f->np] = RATING_NONE;
	f->np++;
}

static enum err_code f_add(void *ctx, const char *name, int64_t *id, struct error *err)
{
	(void)err;
	struct fake *f = ctx;
	fake_add(f, name);
	*id = f->ids[f->np - 1];
	return ERR_OK;
}

static bool f_ballot(void *ctx, struct room_ballot *out)
{
	*out = (struct room_ballot){.index = 0, .method = BALLOT_DOTS, .budget = FAKE_BUDGET,
				    .cap = FAKE_CAP, .ncandidates = FAKE_STEPS};
	return fake_of(ctx)->ballot_open;
}

static void f_candidate(void *ctx, size_t c, struct room_candidate *out)
{
	(void)ctx;
	static const char *const texts[FAKE_STEPS] = {"Pilot show-and-tell", "Answers wiki",
						      "Recognition <b>for</b> sharing"};
	*out = (struct room_candidate){texts[c], "Short", c == 0 ? "Ana" : NULL};
}

static bool f_has_voted(void *ctx, size_t p) { return fake_of(ctx)->voted[p]; }

/* The model's rule: at most the budget in all. */
static enum err_code f_cast(void *ctx, size_t p, const struct room_vote *v, struct error *err)
{
	struct fake *f = ctx;
	const int *values = v->values;
	int sum = 0;
	for (size_t c = 0; c < FAKE_STEPS; c++)
		sum += values[c];
	if (sum > FAKE_BUDGET)
		return error_set(err, ERR_DATA, "%d dots is more than the budget of %d", sum,
				 FAKE_BUDGET);
	for (size_t c = 0; c < FAKE_STEPS; c++)
		f->dots[c] += values[c];
	f->voted[p] = true;
	f->casts++;
	return ERR_OK;
}

struct fixture {
	struct fake fake;
	struct room *room;
	char base[64];                  /* /r/TOKEN/ */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->fake.stage = STAGE_CURRENT_STATE;
	fake_add(&fx->fake, "Ana");
	fake_add(&fx->fake, "Bo");
	fake_add(&fx->fake, "Cy");
	struct room_ops ops = {
		.ctx = &fx->fake, .stage = f_stage, .revealed = f_revealed,
		.participants = f_participants, .participant_id = f_id,
		.participant_name = f_name, .dimensions = f_dimensions,
		.dimension = f_dimension, .score = f_score, .rate = f_rate,
		.add_participant = f_add, .ballot = f_ballot, .candidate = f_candidate,
		.has_voted = f_has_voted, .cast = f_cast,
	};
	assert_int_equal(room_new(&ops, &fx->room, NULL), ERR_OK);
	snprintf(fx->base, sizeof fx->base, "/r/%s/", fx->room->token);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	room_close(fx->room);
	free(fx);
	return 0;
}

/* ---- requests ---- */

struct phone {
	char device[TOKENS_SIZE];       /* "" until the room gave one */
	char csrf[TOKENS_SIZE];
	bool json;
};

static void handle(struct fixture *fx, const char *method, const char *where,
		   const struct phone *ph, const char *body, struct room_response *resp)
{
	char path[256];
	snprintf(path, sizeof path, "%s%s", where[0] == '/' ? "" : fx->base, where);
	struct room_request req = {
		.method = method, .path = path,
		.device = ph && ph->device[0] ? ph->device : NULL,
		.wants_json = ph && ph->json,
		.body = body, .body_len = body ? strlen(body) : 0,
		.client = "192.168.1.50", .now = 1000,
	};
	room_handle(fx->room, &req, resp);
}

static void assert_secure(const struct room_response *resp)
{
	const char *csp = room_response_header(resp, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "script-src 'self'"));
	assert_string_equal(room_response_header(resp, "X-Content-Type-Options"), "nosniff");
	for (size_t i = 0; i < resp->nheaders; i++)
		assert_null(strstr(resp->headers[i].name, "Access-Control"));
}

/* The page's CSRF token, read off its first form. */
static void page_csrf(const struct room_response *resp, char out[TOKENS_SIZE])
{
	const char *at = strstr(sbuf_str(&resp->body), "name=\"csrf\" value=\"");
	assert_non_null(at);
	at += strlen("name=\"csrf\" value=\"");
	memcpy(out, at, TOKENS_CHARS);
	out[TOKENS_CHARS] = '\0';
}

static void open_page(struct fixture *fx, struct phone *ph)
{
	struct room_response resp;
	handle(fx, "GET", "", ph, NULL, &resp);
	assert_int_equal(resp.status, 200);
	page_csrf(&resp, ph->csrf);
	room_response_free(&resp);
}

static char *state_of(struct fixture *fx, const struct phone *ph);

/* The CSRF token the room gives this phone's pages, read off its state. */
static void device_csrf(struct fixture *fx, struct phone *ph)
{
	char *json = state_of(fx, ph);
	const char *at = strstr(json, "\"csrf\": \"");
	assert_non_null(at);
	memcpy(ph->csrf, at + 9, TOKENS_CHARS);
	ph->csrf[TOKENS_CHARS] = '\0';
	free(json);
}

/* Opens the page and posts the join form with body (after the csrf). */
static int join(struct fixture *fx, struct phone *ph, const char *fields)
{
	open_page(fx, ph);
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&%s", ph->csrf, fields);
	struct room_response resp;
	handle(fx, "POST", "join", ph, body, &resp);
	const char *cookie = room_response_header(&resp, "Set-Cookie");
	if (cookie) {
		assert_int_equal(strncmp(cookie, "improv_device=", 14), 0);
		memcpy(ph->device, cookie + 14, TOKENS_CHARS);
		ph->device[TOKENS_CHARS] = '\0';
	}
	int status = resp.status;
	room_response_free(&resp);
	if (ph->device[0])
		device_csrf(fx, ph);    /* a device's pages carry its own token */
	return status;
}

static int rate(struct fixture *fx, const struct phone *ph, const char *csrf, const char *fields)
{
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
	struct room_response resp;
	handle(fx, "POST", "rate", ph, body, &resp);
	assert_secure(&resp);
	int status = resp.status;
	room_response_free(&resp);
	return status;
}

static int vote(struct fixture *fx, const struct phone *ph, const char *csrf, const char *fields)
{
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
	struct room_response resp;
	handle(fx, "POST", "vote", ph, body, &resp);
	assert_secure(&resp);
	int status = resp.status;
	room_response_free(&resp);
	return status;
}

static char *state_of(struct fixture *fx, const struct phone *ph)
{
	struct room_response resp;
	handle(fx, "GET", "state", ph, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.content_type, "application/json"));
	return sbuf_take(&resp.body);
}

/* ---- the page ---- */

static void page__a_visitor_picks_a_name_or_types_one(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	handle(fx, "GET", "", NULL, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_secure(&resp);
	const char *html = sbuf_str(&resp.body);
	assert_non_null(strstr(html, "<button name=\"pick\" value=\"100\">Ana</button>"));
	assert_non_null(strstr(html, "<button name=\"pick\" value=\"102\">Cy</button>"));
	assert_non_null(strstr(html, "name=\"new\""));
	assert_non_null(strstr(html, "<script src=\"/room.js\"></script>"));
	assert_null(strstr(html, "<!--main-->"));
	room_response_free(&resp);
}

static void page__another_room_s_token_finds_nothing(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	handle(fx, "GET", "/r/AAAAAAAAAAAAAAAAAAAAAA/", NULL, NULL, &resp);
	assert_int_equal(resp.status, 404);
	assert_secure(&resp);
	assert_null(strstr(sbuf_str(&resp.body), fx->room->token));
	room_response_free(&resp);
	handle(fx, "POST", "/r/AAAAAAAAAAAAAAAAAAAAAA/rate", NULL, "x", &resp);
	assert_int_equal(resp.status, 404);
	assert_null(strstr(sbuf_str(&resp.body), fx->room->token));
	room_response_free(&resp);
	handle(fx, "GET", "/r/short/", NULL, NULL, &resp);
	assert_int_equal(resp.status, 404);
	room_response_free(&resp);
	handle(fx, "GET", "/index.html", NULL, NULL, &resp);
	assert_int_equal(resp.status, 404);
	room_response_free(&resp);
}

static void page__its_files_come_with_their_types(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	handle(fx, "GET", "/room.css", NULL, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/css; charset=utf-8");
	assert_true(resp.body.len > 100);
	assert_secure(&resp);
	room_response_free(&resp);
	handle(fx, "GET", "/room.js", NULL, NULL, &resp);
	assert_string_equal(resp.content_type, "text/javascript; charset=utf-8");
	room_response_free(&resp);
}

static void page__a_route_asked_with_the_wrong_method_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	handle(fx, "GET", "join", NULL, NULL, &resp);
	assert_int_equal(resp.status, 405);
	room_response_free(&resp);
	handle(fx, "POST", "state", NULL, "", &resp);
	assert_int_equal(resp.status, 405);
	room_response_free(&resp);
}

/* ---- joining ---- */

static void join__an_unclaimed_name_joins_at_once_with_a_cookie_for_this_room(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	open_page(fx, &ana);
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&pick=100", ana.csrf);
	struct room_response resp;
	handle(fx, "POST", "join", &ana, body, &resp);
	assert_int_equal(resp.status, 303);
	assert_string_equal(room_response_header(&resp, "Location"), fx->base);
	const char *cookie = room_response_header(&resp, "Set-Cookie");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	char path[128];
	snprintf(path, sizeof path, "Path=%s;", fx->base);
	assert_non_null(strstr(cookie, path));
	room_response_free(&resp);
	assert_int_equal(room_joined_count(fx->room), 1);
	assert_int_equal(room_pending_count(fx->room), 0);
}

static void join__the_page_then_shows_the_dimensions_to_rate(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	struct room_response resp;
	handle(fx, "GET", "", &ana, NULL, &resp);
	const char *html = sbuf_str(&resp.body);
	assert_non_null(strstr(html, "<p class=\"who\">Ana</p>"));
	assert_non_null(strstr(html, "<h2>Culture</h2>"));
	assert_non_null(strstr(html, "Do people ask?"));
	assert_non_null(strstr(html, "<button name=\"score\" value=\"5\">5</button>"));
	assert_non_null(strstr(html, "<button name=\"score\" value=\"0\">0</button>"));
	room_response_free(&resp);
	char *json = state_of(fx, &ana);
	assert_non_null(strstr(json, "\"state\": \"joined\""));
	assert_non_null(strstr(json, "\"name\": \"Ana\""));
	assert_non_null(strstr(json, "\"key\": \"policies\""));
	free(json);
}

static void join__without_the_page_s_csrf_token_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	handle(fx, "POST", "join", NULL, "pick=100", &resp);
	assert_int_equal(resp.status, 403);
	assert_null(room_response_header(&resp, "Set-Cookie"));
	room_response_free(&resp);
	handle(fx, "POST", "join", NULL, "csrf=AAAAAAAAAAAAAAAAAAAAAA&pick=100", &resp);
	assert_int_equal(resp.status, 403);
	room_response_free(&resp);
	assert_int_equal(room_joined_count(fx->room), 0);
}

static void join__a_join_form_s_token_serves_once(void **state)
{
	struct fixture *fx = *state;
	struct phone first = {0};
	open_page(fx, &first);
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&pick=100", first.csrf);
	struct room_response resp;
	handle(fx, "POST", "join", NULL, body, &resp);
	assert_int_equal(resp.status, 303);
	room_response_free(&resp);
	handle(fx, "POST", "join", NULL, body, &resp);      /* replayed, with no cookie */
	assert_int_equal(resp.status, 403);
	assert_null(room_response_header(&resp, "Set-Cookie"));
	room_response_free(&resp);
	assert_int_equal(room_joined_count(fx->room), 1);
	assert_int_equal(room_pending_count(fx->room), 0);
}

static void join__a_name_another_phone_holds_waits_for_the_facilitator(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0}, impostor = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	assert_int_equal(join(fx, &impostor, "pick=100"), 303);
	assert_int_equal(room_pending_count(fx->room), 1);
	struct room_pending p = room_pending_at(fx->room, 0);
	assert_string_equal(p.name, "Ana");
	assert_false(p.is_new);
	/* Until the OK, the second phone rates as nobody. */
	assert_int_equal(rate(fx, &impostor, impostor.csrf, "dim=culture&score=1"), 403);
	assert_int_equal(fx->fake.rates, 0);
	char *json = state_of(fx, &impostor);
	assert_non_null(strstr(json, "\"state\": \"pending\""));
	free(json);
	/* With it, the name moves to the second phone, and the first lets go. */
	assert_int_equal(room_accept(fx->room, 0, NULL), ERR_OK);
	assert_int_equal(rate(fx, &impostor, impostor.csrf, "dim=culture&score=1"), 303);
	assert_int_equal(rate(fx, &ana, ana.csrf, "dim=culture&score=5"), 403);
	assert_int_equal(fx->fake.scores[0][0], 1);
	assert_int_equal(room_joined_count(fx->room), 1);
}

static void join__a_new_name_becomes_a_participant_once_accepted(void **state)
{
	struct fixture *fx = *state;
	struct phone dee = {0};
	assert_int_equal(join(fx, &dee, "new=+Dee%20O%27Neill+"), 303);
	assert_int_equal(room_pending_count(fx->room), 1);
	struct room_pending p = room_pending_at(fx->room, 0);
	assert_string_equal(p.name, "Dee O'Neill");
	assert_true(p.is_new);
	assert_int_equal(fx->fake.np, 3);
	struct room_response resp;
	handle(fx, "GET", "", &dee, NULL, &resp);
	assert_non_null(strstr(sbuf_str(&resp.body), "<b>Dee O&#39;Neill</b>"));
	room_response_free(&resp);
	assert_int_equal(room_accept(fx->room, 0, NULL), ERR_OK);
	assert_int_equal(fx->fake.np, 4);
	assert_string_equal(fx->fake.names[3], "Dee O'Neill");
	assert_int_equal(rate(fx, &dee, dee.csrf, "dim=tools&score=4"), 303);
	assert_int_equal(fx->fake.scores[1][3], 4);
}

static void join__a_typed_name_that_is_a_participant_s_is_that_participant(void **state)
{
	struct fixture *fx = *state;
	struct phone bo = {0};
	assert_int_equal(join(fx, &bo, "new=Bo"), 303);
	assert_int_equal(room_pending_count(fx->room), 0);
	assert_int_equal(room_joined_count(fx->room), 1);
	assert_int_equal(fx->fake.np, 3);
}

static void join__a_refused_phone_is_a_visitor_again(void **state)
{
	struct fixture *fx = *state;
	struct phone x = {0};
	assert_int_equal(join(fx, &x, "new=Xavier"), 303);
	room_refuse(fx->room, 0);
	assert_int_equal(room_pending_count(fx->room), 0);
	assert_int_equal(fx->fake.np, 3);
	char *json = state_of(fx, &x);
	assert_non_null(strstr(json, "\"state\": \"visitor\""));
	free(json);
}

static void join__a_name_with_an_escape_sequence_or_bad_utf8_is_refused(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = {
		"new=%1b%5d0%3bowned%07",       /* OSC: sets the terminal's title */
		"new=Ana%1b%5b2J",              /* CSI: clears the screen */
		"new=%c3%28",                   /* not UTF-8 */
		"new=%e2%80%aeevil",            /* a bidi override */
		"new=Bob%00",                   /* a NUL */
		"new=+++",                      /* nothing but spaces */
		"new=%zz",                      /* a broken escape */
		"pick=999",                     /* nobody */
		"pick=100abc",
		"nothing=1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct phone ph = {0};
		int status = join(fx, &ph, bad[i]);
		if (status != 400)
			fail_msg("%s: status %d", bad[i], status);
		assert_int_equal(ph.device[0], '\0');
	}
	assert_int_equal(room_pending_count(fx->room), 0);
	assert_int_equal(room_joined_count(fx->room), 0);
}

static void join__a_name_longer_than_a_participant_s_is_refused(void **state)
{
	struct fixture *fx = *state;
	char fields[TEXT_MAX_NAME + 16];
	snprintf(fields, sizeof fields, "new=");
	memset(fields + 4, 'a', TEXT_MAX_NAME + 1);
	fields[4 + TEXT_MAX_NAME + 1] = '\0';
	struct phone ph = {0};
	assert_int_equal(join(fx, &ph, fields), 400);
}

static void join__the_waiting_list_is_bounded(void **state)
{
	struct fixture *fx = *state;
	for (int i = 0; i < ROOM_PENDING_MAX; i++) {
		struct phone ph = {0};
		char fields[32];
		snprintf(fields, sizeof fields, "new=Late%d", i);
		assert_int_equal(join(fx, &ph, fields), 303);
	}
	struct phone one_more = {0};
	assert_int_equal(join(fx, &one_more, "new=Later"), 503);
	assert_int_equal(room_pending_count(fx->room), ROOM_PENDING_MAX);
	assert_string_equal(room_pending_at(fx->room, 0).name, "Late0");
	assert_string_equal(room_pending_at(fx->room, ROOM_PENDING_MAX - 1).name, "Late15");
}

/* ---- rating ---- */

static void rate__a_joined_phone_s_rating_is_saved_and_answered_after(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	ana.json = true;
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&dim=tools&score=4", ana.csrf);
	struct room_response resp;
	handle(fx, "POST", "rate", &ana, body, &resp);
	assert_int_equal(resp.status, 200);
	assert_int_equal(fx->fake.scores[1][0], 4);
	assert_non_null(strstr(sbuf_str(&resp.body), "\"mine\": 4"));
	room_response_free(&resp);
	ana.json = false;
	handle(fx, "POST", "rate", &ana, body, &resp);
	assert_int_equal(resp.status, 303);
	char where[128];
	snprintf(where, sizeof where, "%s#d2", fx->base);
	assert_string_equal(room_response_header(&resp, "Location"), where);
	room_response_free(&resp);
	handle(fx, "GET", "", &ana, NULL, &resp);
	assert_non_null(strstr(sbuf_str(&resp.body), "Your rating: 4, saved"));
	room_response_free(&resp);
}

static void rate__without_a_device_token_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0}, stranger = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	assert_int_equal(rate(fx, &stranger, ana.csrf, "dim=culture&score=2"), 403);
	snprintf(stranger.device, sizeof stranger.device, "AAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(rate(fx, &stranger, ana.csrf, "dim=culture&score=2"), 403);
	assert_int_equal(fx->fake.rates, 0);
}

static void rate__with_a_wrong_or_another_phone_s_csrf_token_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0}, bo = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	assert_int_equal(join(fx, &bo, "pick=101"), 303);
	assert_int_equal(rate(fx, &ana, "AAAAAAAAAAAAAAAAAAAAAA", "dim=culture&score=2"), 403);
	assert_int_equal(rate(fx, &ana, bo.csrf, "dim=culture&score=2"), 403);
	assert_int_equal(rate(fx, &ana, "", "dim=culture&score=2"), 403);
	struct room_response resp;
	handle(fx, "POST", "rate", &ana, "dim=culture&score=2", &resp);
	assert_int_equal(resp.status, 403);
	room_response_free(&resp);
	assert_int_equal(fx->fake.rates, 0);
}

static void rate__always_as_the_phone_s_own_participant(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	assert_int_equal(rate(fx, &ana, ana.csrf, "participant=101&pick=101&dim=culture&score=2"),
			 303);
	assert_int_equal(fx->fake.scores[0][0], 2);
	assert_int_equal(fx->fake.scores[0][1], RATING_NONE);
}

static void rate__only_in_the_current_state_before_the_reveal(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	fx->fake.stage = STAGE_GOALS_VALUES;
	assert_int_equal(rate(fx, &ana, ana.csrf, "dim=culture&score=2"), 409);
	fx->fake.stage = STAGE_CURRENT_STATE;
	fx->fake.revealed = true;
	assert_int_equal(rate(fx, &ana, ana.csrf, "dim=culture&score=2"), 409);
	assert_int_equal(fx->fake.rates, 0);
}

static void rate__off_the_scale_or_an_unknown_dimension_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	static const char *const bad[] = {
		"dim=culture&score=6", "dim=culture&score=0", "dim=policies&score=4",
		"dim=culture&score=", "dim=culture&score=2x", "dim=culture",
		"dim=nope&score=2", "score=2", "dim=culture&score=99999999999999999999999",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (rate(fx, &ana, ana.csrf, bad[i]) != 400)
			fail_msg("%s was not refused", bad[i]);
	assert_int_equal(rate(fx, &ana, ana.csrf, "dim=policies&score=0"), 303);
	assert_int_equal(fx->fake.rates, 1);
}

static void rate__a_store_that_refuses_is_never_called_saved(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	fx->fake.store_refuses = true;
	ana.json = true;
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&dim=culture&score=3", ana.csrf);
	struct room_response resp;
	handle(fx, "POST", "rate", &ana, body, &resp);
	assert_int_equal(resp.status, 503);
	assert_non_null(strstr(sbuf_str(&resp.body), "the disk is full"));
	assert_null(strstr(sbuf_str(&resp.body), "mine"));
	room_response_free(&resp);
}

static void rate__an_oversize_body_is_refused_before_anything_is_read(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&dim=culture&score=3", ana.csrf);
	struct room_request req = {
		.method = "POST", .path = "", .device = ana.device, .body = body,
		.body_len = strlen(body), .body_too_large = true, .client = "x", .now = 1,
	};
	char path[128];
	snprintf(path, sizeof path, "%srate", fx->base);
	req.path = path;
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	assert_int_equal(resp.status, 413);
	assert_secure(&resp);
	room_response_free(&resp);
	snprintf(path, sizeof path, "%sjoin", fx->base);
	room_handle(fx->room, &req, &resp);
	assert_int_equal(resp.status, 413);
	room_response_free(&resp);
	assert_int_equal(fx->fake.rates, 0);
}

/* ---- what a phone sees ---- */

static void state__never_holds_another_person_s_score(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0}, bo = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	assert_int_equal(join(fx, &bo, "pick=101"), 303);
	assert_int_equal(rate(fx, &bo, bo.csrf, "dim=culture&score=5"), 303);
	assert_int_equal(rate(fx, &bo, bo.csrf, "dim=tools&score=4"), 303);
	fx->fake.scores[2][2] = 3;      /* Cy, typed on the keyboard */
	for (int reveal = 0; reveal < 2; reveal++) {
		fx->fake.revealed = reveal;
		char *json = state_of(fx, &ana);
		assert_null(strstr(json, "\"mine\": 5"));
		assert_null(strstr(json, "\"mine\": 4"));
		assert_null(strstr(json, "\"mine\": 3"));
		assert_null(strstr(json, "\"Bo\""));
		assert_non_null(strstr(json, "\"mine\": null"));
		free(json);
		struct room_response resp;
		handle(fx, "GET", "", &ana, NULL, &resp);
		assert_null(strstr(sbuf_str(&resp.body), "class=\"mine\""));
		assert_null(strstr(sbuf_str(&resp.body), "Your rating:"));
		room_response_free(&resp);
	}
	char *json = state_of(fx, &bo);
	assert_non_null(strstr(json, "\"mine\": 5"));
	free(json);
}

static void state__a_visitor_sees_names_and_no_scores(void **state)
{
	struct fixture *fx = *state;
	fx->fake.scores[0][0] = 4;
	char *json = state_of(fx, NULL);
	assert_non_null(strstr(json, "\"state\": \"visitor\""));
	assert_non_null(strstr(json, "\"name\": \"Ana\""));
	assert_null(strstr(json, "mine"));
	assert_null(strstr(json, "csrf"));
	free(json);
}

static void state__text_from_the_session_is_sanitized_on_the_page(void **state)
{
	struct fixture *fx = *state;
	fake_add(&fx->fake, "<script>x</script>\x1b]0;t\x07");
	struct room_response resp;
	handle(fx, "GET", "", NULL, NULL, &resp);
	const char *html = sbuf_str(&resp.body);
	assert_null(strstr(html, "<script>x"));
	assert_null(strchr(html, '\x1b'));
	assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;\\x1b]0;t\\x07"));
	room_response_free(&resp);
}

/* ---- following ---- */

static void events__wait_while_nothing_changed_and_answer_once_it_did(void **state)
{
	struct fixture *fx = *state;
	struct phone ana = {0};
	assert_int_equal(join(fx, &ana, "pick=100"), 303);
	char *json = state_of(fx, &ana);
	char v[32] = "";
	sscanf(strstr(json, "\"v\": \"") + 6, "%16[0-9a-f]", v);
	free(json);
	char path[256];
	snprintf(path, sizeof path, "%sevents", fx->base);
	struct room_request req = {
		.method = "GET", .path = path, .device = ana.device, .since = v,
		.client = "x", .now = 1,
	};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	assert_true(resp.wait);
	room_response_free(&resp);
	req.waited = true;              /* the wait is over: the same state again */
	room_handle(fx->room, &req, &resp);
	assert_false(resp.wait);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(sbuf_str(&resp.body), v));
	room_response_free(&resp);
	req.waited = false;
	fx->fake.stage = STAGE_GOALS_VALUES;    /* the projector moves on */
	room_handle(fx->room, &req, &resp);
	assert_false(resp.wait);
	assert_non_null(strstr(sbuf_str(&resp.body), "\"stage\": \"goals_values\""));
	assert_null(strstr(sbuf_str(&resp.body), v));
	room_response_free(&resp);
}

/* ---- the join code ---- */

static void code__the_right_code_leads_to_the_room(void **state)
{
	struct fixture *fx = *state;
	char body[32];
	snprintf(body, sizeof body, "code=%s", room_code(fx->room));
	struct room_response resp;
	handle(fx, "POST", "/code", NULL, body, &resp);
	assert_int_equal(resp.status, 303);
	assert_string_equal(room_response_header(&resp, "Location"), fx->base);
	room_response_free(&resp);
	handle(fx, "GET", "/", NULL, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(sbuf_str(&resp.body), "action=\"/code\""));
	assert_null(strstr(sbuf_str(&resp.body), fx->room->token));
	room_response_free(&resp);
}

static void code__the_sixth_try_in_a_minute_is_refused_even_when_right(void **state)
{
	struct fixture *fx = *state;
	struct room_response resp;
	for (int i = 0; i < TOKENS_TRIES; i++) {
		handle(fx, "POST", "/code", NULL, "code=abcdef", &resp);
		assert_int_equal(resp.status, 403);
		assert_null(strstr(sbuf_str(&resp.body), fx->room->token));
		room_response_free(&resp);
	}
	char body[32];
	snprintf(body, sizeof body, "code=%s", room_code(fx->room));
	handle(fx, "POST", "/code", NULL, body, &resp);
	assert_int_equal(resp.status, 429);
	assert_null(room_response_header(&resp, "Location"));
	room_response_free(&resp);
}

/* A thousand wrong codes, from one address or from a thousand: none
 * leads to the room or names its token, and once every address in the
 * table has had its tries the rest are told to wait, even with the right
 * code. After a minute the code works again. */
static void code__a_thousand_wrong_codes_find_nothing(void **state)
{
	struct fixture *fx = *state;
	char right[32];
	snprintf(right, sizeof right, "code=%s", room_code(fx->room));
	int told[600] = {0};
	for (int i = 0; i < 2000; i++) {
		char client[32], body[32];
		snprintf(client, sizeof client, i < 1000 ? "10.0.0.1" : "10.1.%d.%d", i / 250, i % 250);
		snprintf(body, sizeof body, "code=%06d", (atoi(room_code(fx->room)) + 1 + i) % 1000000);
		struct room_request req = {
			.method = "POST", .path = "/code", .body = body, .body_len = strlen(body),
			.client = client, .now = 100,
		};
		struct room_response resp;
		room_handle(fx->room, &req, &resp);
		told[resp.status]++;
		assert_null(room_response_header(&resp, "Location"));
		assert_null(strstr(sbuf_str(&resp.body), fx->room->token));
		room_response_free(&resp);
	}
	/* One address: its tries; then one try for each address the table
	 * still holds. */
	assert_int_equal(told[403], TOKENS_TRIES + TOKENS_ADDRESSES - 1);
	assert_int_equal(told[429], 2000 - (TOKENS_TRIES + TOKENS_ADDRESSES - 1));
	struct room_request req = {
		.method = "POST", .path = "/code", .body = right, .body_len = strlen(right),
		.client = "10.9.9.9", .now = 100,
	};
	struct room_response resp;
	room_handle(fx->room, &req, &resp);
	assert_int_equal(resp.status, 429);
	room_response_free(&resp);
	req.now = 100 + TOKENS_WINDOW_SECONDS;
	room_handle(fx->room, &req, &resp);
	assert_int_equal(resp.status, 303);
	room_response_free(&resp);
}

/* ---- forms ---- */

static void form__values_are_decoded_and_nul_bytes_refused(void **state)
{
	(void)state;
	struct sbuf v = SBUF_INIT;
	const char *body = "a=1&name=J%C3%BCrgen+M&empty=&flag&bad=%4&nul=x%00y";
	assert_true(form_value(body, strlen(body), "name", &v));
	assert_string_equal(sbuf_str(&v), "J\xc3\xbcrgen M");
	assert_true(form_value(body, strlen(body), "empty", &v));
	assert_string_equal(sbuf_str(&v), "");
	assert_true(form_value(body, strlen(body), "flag", &v));
	assert_false(form_value(body, strlen(body), "bad", &v));
	assert_false(form_value(body, strlen(body), "nul", &v));
	assert_false(form_value(body, strlen(body), "nam", &v));
	assert_false(form_value(body, 3, "name", &v));
	sbuf_free(&v);
}

/* ---- ballots ---- */

/* A joined phone sees the steps and the rules, casts once, and is told
 * so; what it is sent never holds a count. */
static void vote__a_joined_phone_casts_once_and_is_never_sent_a_total(void **state)
{
	struct fixture *fx = *state;
	fx->fake.stage = STAGE_STEPS;
	fx->fake.ballot_open = true;
	struct phone ana = {.json = true}, bo = {.json = true};
	assert_int_equal(join(fx, &ana, "pick=100"), 200);
	assert_int_equal(join(fx, &bo, "pick=101"), 200);
	char *json = state_of(fx, &ana);
	assert_non_null(strstr(json, "\"method\": \"dots\""));
	assert_non_null(strstr(json, "\"budget\": 3"));
	assert_non_null(strstr(json, "Answers wiki"));
	assert_non_null(strstr(json, "\"voted\": false"));
	free(json);
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=2&c2=1"), 200);
	assert_int_equal(vote(fx, &ana, ana.csrf, "c1=1"), 409);
	assert_int_equal(fx->fake.casts, 1);
	assert_int_equal(fx->fake.dots[0], 2);
	assert_int_equal(fx->fake.dots[2], 1);
	json = state_of(fx, &bo);
	assert_non_null(strstr(json, "\"voted\": false"));
	assert_null(strstr(json, "points"));
	assert_null(strstr(json, "total"));
	free(json);
	json = state_of(fx, &ana);
	assert_non_null(strstr(json, "\"voted\": true"));
	free(json);
	struct room_response resp;
	handle(fx, "GET", "", &ana, NULL, &resp);
	assert_non_null(strstr(sbuf_str(&resp.body), "Your ballot is cast"));
	room_response_free(&resp);
	handle(fx, "GET", "", &bo, NULL, &resp);
	assert_non_null(strstr(sbuf_str(&resp.body), "name=\"c2\""));
	assert_non_null(strstr(sbuf_str(&resp.body), "Recognition &lt;b&gt;for&lt;/b&gt;"));
	room_response_free(&resp);
}

/* Over the cap, over the budget, not a number, without the tokens, not
 * joined, or with no ballot open: refused, and nothing is cast. */
static void vote__what_the_rules_refuse_is_never_cast(void **state)
{
	struct fixture *fx = *state;
	fx->fake.stage = STAGE_STEPS;
	fx->fake.ballot_open = true;
	struct phone ana = {.json = true}, visitor = {.json = true};
	assert_int_equal(join(fx, &ana, "pick=100"), 200);
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=3"), 400);          /* over the cap */
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=2&c1=2"), 400);     /* over the budget */
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=-1"), 400);
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=one"), 400);
	assert_int_equal(vote(fx, &ana, "forged", "c0=1"), 403);
	open_page(fx, &visitor);
	assert_int_equal(vote(fx, &visitor, visitor.csrf, "c0=1"), 403);
	fx->fake.ballot_open = false;
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=1"), 409);
	fx->fake.ballot_open = true;
	fx->fake.stage = STAGE_CURRENT_STATE;
	assert_int_equal(vote(fx, &ana, ana.csrf, "c0=1"), 409);
	assert_int_equal(fx->fake.casts, 0);
	assert_false(fx->fake.voted[0]);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(page__a_visitor_picks_a_name_or_types_one),
		TEST(page__another_room_s_token_finds_nothing),
		TEST(page__its_files_come_with_their_types),
		TEST(page__a_route_asked_with_the_wrong_method_is_refused),
		TEST(join__an_unclaimed_name_joins_at_once_with_a_cookie_for_this_room),
		TEST(join__the_page_then_shows_the_dimensions_to_rate),
		TEST(join__without_the_page_s_csrf_token_is_refused),
		TEST(join__a_join_form_s_token_serves_once),
		TEST(join__a_name_another_phone_holds_waits_for_the_facilitator),
		TEST(join__a_new_name_becomes_a_participant_once_accepted),
		TEST(join__a_typed_name_that_is_a_participant_s_is_that_participant),
		TEST(join__a_refused_phone_is_a_visitor_again),
		TEST(join__a_name_with_an_escape_sequence_or_bad_utf8_is_refused),
		TEST(join__a_name_longer_than_a_participant_s_is_refused),
		TEST(join__the_waiting_list_is_bounded),
		TEST(rate__a_joined_phone_s_rating_is_saved_and_answered_after),
		TEST(rate__without_a_device_token_changes_nothing),
		TEST(rate__with_a_wrong_or_another_phone_s_csrf_token_changes_nothing),
		TEST(rate__always_as_the_phone_s_own_participant),
		TEST(rate__only_in_the_current_state_before_the_reveal),
		TEST(rate__off_the_scale_or_an_unknown_dimension_is_refused),
		TEST(rate__a_store_that_refuses_is_never_called_saved),
		TEST(rate__an_oversize_body_is_refused_before_anything_is_read),
		TEST(state__never_holds_another_person_s_score),
		TEST(state__a_visitor_sees_names_and_no_scores),
		TEST(state__text_from_the_session_is_sanitized_on_the_page),
		TEST(events__wait_while_nothing_changed_and_answer_once_it_did),
		TEST(code__the_right_code_leads_to_the_room),
		TEST(vote__a_joined_phone_casts_once_and_is_never_sent_a_total),
		TEST(vote__what_the_rules_refuse_is_never_cast),
		TEST(code__the_sixth_try_in_a_minute_is_refused_even_when_right),
		TEST(code__a_thousand_wrong_codes_find_nothing),
		cmocka_unit_test(form__values_are_decoded_and_nul_bytes_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
