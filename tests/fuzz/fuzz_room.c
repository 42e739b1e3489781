/* fuzz_room: any bytes read as a conversation of phones with the room's
 * handlers, without a socket. The input is requests separated by 0xff;
 * each is its fields separated by 0xfe: method, path, device cookie,
 * since, flags (j: wants JSON, w: the wait is over, L: the body was too
 * large, s: the projector moves to the steps, where a ballot is open,
 * r: back to rating, R: the ballot is revealed, o: open again, and d, a,
 * k, x: the ballot is of dots, approval, ranked or impact/effort scoring;
 * a digit: the clock moves on that many minutes), body. So that
 * the fuzzer gets past the tokens it cannot guess, $T in the path stands
 * for the room's token, and in the cookie and the body $D for the last
 * cookie the room gave and $C for the last CSRF token it handed out.
 *
 * What must hold for any input: every answer has a status from 200 to
 * 599 and the security headers; a score the room accepted is on its
 * dimension's scale, for a participant that exists; a ballot it cast
 * is one the ballot's rules allow, once per person; a name it added is
 * one the model accepts; and no answer holds a byte a page or a terminal
 * must not get raw (a control character other than tab and line end). */
#include "tests/fuzz/fuzz.h"

#include <math.h>

#include "lib/sbuf.h"
#include "room/handlers.h"
#include "room/room.h"

#define PEOPLE_MAX 40
#define DIMS 2

struct fake {
	size_t np;
	int64_t ids[PEOPLE_MAX];
	char names[PEOPLE_MAX][TEXT_MAX_NAME + 1];
	int scores[DIMS][PEOPLE_MAX];
	enum stage stage;
	enum ballot_method method;
	bool revealed;                  /* the ballot: revealed, or open */
	bool voted[PEOPLE_MAX];
};

#define STEPS 3
#define BUDGET 3
#define CAP 2
#define SCORE_MIN 1
#define SCORE_MAX 5

static const struct room_dimension dims[DIMS] = {
	{"culture", "Culture", "Do people ask?", "nobody asks", "everyone asks", 1, 5},
	{"tools", "Tools", NULL, NULL, NULL, 0, 10},
};

static enum stage f_stage(void *ctx) { return ((struct fake *)ctx)->stage; }
static bool f_revealed(void *ctx) { (void)ctx; return false; }
static size_t f_participants(void *ctx) { return ((struct fake *)ctx)->np; }
static int64_t f_id(void *ctx, size_t i) { return ((struct fake *)ctx)->ids[i]; }
static const char *f_name(void *ctx, size_t i) { return ((struct fake *)ctx)->names[i]; }
static size_t f_dimensions(void *ctx) { (void)ctx; return DIMS; }
static void f_dimension(void *ctx, size_t i, struct room_dimension *out)
{
	(void)ctx;
	*out = dims[i];
}
static int f_score(void *ctx, size_t d, size_t p) { return ((struct fake *)ctx)->scores[d][p]; }

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_room: %s\n", what);
	abort();
}

static enum err_code f_rate(void *ctx, size_t d, size_t p, int score, struct error *err)
{
	(void)err;
	struct fake *f = ctx;
	if (d >= DIMS || p >= f->np)
		broken("a rating for a cell that is not there");
	if (score != RATING_NONE && (score < dims[d].scale_min || score > dims[d].scale_max))
		broken("a score off the scale");
	f->scores[d][p] = score;
	return ERR_OK;
}

static bool f_ballot(void *ctx, struct room_ballot *out)
{
	const struct fake *f = ctx;
	*out = (struct room_ballot){.method = f->method, .budget = BUDGET, .cap = CAP,
				    .score_min = SCORE_MIN, .score_max = SCORE_MAX,
				    .ncandidates = STEPS};
	return !f->revealed;
}

/* A revealed result whose texts a page must escape. */
static bool f_result(void *ctx, struct room_result *out)
{
	const struct fake *f = ctx;
	if (!f->revealed)
		return false;
	*out = (struct room_result){.method = f->method, .voters = 2, .nrows = STEPS,
				    .tie_rule = "Ties <b>share</b> a rank.",
				    .has_condorcet = f->method == BALLOT_RANKED,
				    .condorcet = "\x1b[2Jwinner"};
	out->rows = calloc(STEPS, sizeof *out->rows);
	for (size_t k = 0; k < STEPS; k++)
		out->rows[k] = (struct room_result_row){
			"Pilot <show> & \xe2\x80\xaetell", "Short", k ? NULL : "Ana\x07",
			.points = 3 - (long)k, .rank = (int)k + 1, .impact = 4.5, .effort = NAN,
			.quadrant = QUADRANT_QUICK_WIN};
	return true;
}

static void f_candidate(void *ctx, size_t c, struct room_candidate *out)
{
	(void)ctx;
	if (c >= STEPS)
		broken("a candidate that is not there");
	*out = (struct room_candidate){"Pilot <show> & tell", "Short", c ? NULL : "Ana"};
}

static bool f_has_voted(void *ctx, size_t p) { return ((struct fake *)ctx)->voted[p]; }

/* The handler has read the ballot: each part must be one the form
 * allows; the budget is the model's to hold. */
static void check_dots(const int *values, int most)
{
	if (values == NULL)
		broken("a dots or approval ballot without its values");
	for (size_t c = 0; c < STEPS; c++)
		if (values[c] < 0 || values[c] > most)
			broken("dots outside 0 to the cap, or an approval not 0 or 1");
}

static void check_order(const struct room_vote *v)
{
	if (v->norder > STEPS || (v->norder > 0 && v->order == NULL))
		broken("a ranking longer than the steps");
	for (size_t k = 0; k < v->norder; k++) {
		if (v->order[k] >= STEPS)
			broken("a ranked step that is not there");
		for (size_t m = 0; m < k; m++)
			if (v->order[m] == v->order[k])
				broken("a step ranked twice");
	}
}

static void check_scores(const struct room_vote *v)
{
	if (v->impact == NULL || v->effort == NULL)
		broken("a scoring ballot without its scores");
	for (size_t c = 0; c < STEPS; c++) {
		bool none = v->impact[c] == 0 && v->effort[c] == 0;
		bool in = v->impact[c] >= SCORE_MIN && v->impact[c] <= SCORE_MAX &&
			  v->effort[c] >= SCORE_MIN && v->effort[c] <= SCORE_MAX;
		if (!none && !in)
			broken("a score off the range, or one of two");
	}
}

static enum err_code f_cast(void *ctx, size_t p, const struct room_vote *v, struct error *err)
{
	struct fake *f = ctx;
	if (p >= f->np || f->voted[p])
		broken("a cast for someone absent, or a second one");
	int sum = 0;
	switch (f->method) {
	case BALLOT_DOTS:
	case BALLOT_APPROVAL:
		check_dots(v->values, f->method == BALLOT_DOTS ? CAP : 1);
		for (size_t c = 0; c < STEPS; c++)
			sum += v->values[c];
		break;
	case BALLOT_RANKED: check_order(v); break;
	case BALLOT_SCORING: check_scores(v); break;
	case BALLOT_METHOD_COUNT: broken("no such method");
	}
	if (f->method == BALLOT_DOTS && sum > BUDGET)
		return error_set(err, ERR_DATA, "more dots than the budget");
	f->voted[p] = true;
	return ERR_OK;
}

static enum err_code f_add(void *ctx, const char *name, int64_t *id, struct error *err)
{
	struct fake *f = ctx;
	if (f->np == PEOPLE_MAX)
		return error_set(err, ERR_DATA, "the room is full");
	size_t n = strlen(name);
	if (n == 0 || n > TEXT_MAX_NAME || sanitize_needed(name, n, SANITIZE_LINE))
		broken("a name the model would refuse");
	f->ids[f->np] = 500 + (int64_t)f->np;
	memcpy(f->names[f->np], name, n + 1);
	for (size_t d = 0; d < DIMS; d++)
		f->scores[d][f->np] = RATING_NONE;
	*id = f->ids[f->np++];
	return ERR_OK;
}

/* The tokens the conversation has been given so far. */
struct given {
	char device[TOKENS_SIZE];
	char csrf[TOKENS_SIZE];
};

/* text with $T, $D and $C replaced. */
static void expand(const struct room *room, const struct given *g, const char *text,
		   size_t len, struct sbuf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '$' && i + 1 < len && strchr("TDC", text[i + 1])) {
			char k = text[++i];
			sbuf_adds(out, k == 'T' ? room->token : k == 'D' ? g->device : g->csrf);
		} else {
			sbuf_addc(out, text[i]);
		}
	}
}

/* What the answer gives the next requests: a cookie, a CSRF token. */
static void take_tokens(const struct room_response *resp, struct given *g)
{
	const char *cookie = room_response_header(resp, "Set-Cookie");
	if (cookie && strncmp(cookie, "improv_device=", 14) == 0 &&
	    strlen(cookie + 14) >= TOKENS_CHARS) {
		memcpy(g->device, cookie + 14, TOKENS_CHARS);
		g->device[TOKENS_CHARS] = '\0';
	}
	const char *body = sbuf_str(&resp->body);
	static const char *const marks[] = {"name=\"csrf\" value=\"", "\"csrf\": \""};
	for (size_t m = 0; m < 2; m++) {
		const char *at = strstr(body, marks[m]);
		if (at && strlen(at + strlen(marks[m])) >= TOKENS_CHARS) {
			memcpy(g->csrf, at + strlen(marks[m]), TOKENS_CHARS);
			g->csrf[TOKENS_CHARS] = '\0';
		}
	}
}

static void check_answer(const struct room_response *resp)
{
	if (resp->wait)
		return;
	if (resp->status < 200 || resp->status > 599)
		broken("a status outside 200-599");
	if (!room_response_header(resp, "Content-Security-Policy") ||
	    !room_response_header(resp, "X-Content-Type-Options"))
		broken("an answer without its security headers");
	const unsigned char *b = (const unsigned char *)sbuf_str(&resp->body);
	for (size_t i = 0; i < resp->body.len; i++)
		if ((b[i] < 0x20 && b[i] != '\n' && b[i] != '\t') || b[i] == 0x7f)
			broken("a control character in an answer");
}

/* The fields of one request, each a slice of the input. */
struct slice {
	const char *at;
	size_t len;
};

static size_t split(const char *text, size_t len, char sep, struct slice *out, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || text[i] == sep) {
			out[n++] = (struct slice){text + start, i - start};
			start = i + 1;
		}
	}
	return n;
}

static void one_request(struct room *room, struct given *g, const struct slice *f, size_t n,
			time_t *now)
{
	struct sbuf field[6];
	for (size_t i = 0; i < 6; i++) {
		field[i] = (struct sbuf)SBUF_INIT;
		if (i < n && i != 4)
			expand(room, g, f[i].at, f[i].len, &field[i]);
	}
	struct slice flags = n > 4 ? f[4] : (struct slice){"", 0};
	struct fake *fake = room->ops.ctx;
	for (size_t i = 0; i < flags.len; i++) {
		if (flags.at[i] >= '0' && flags.at[i] <= '9')
			*now += 60 * (flags.at[i] - '0');
		if (flags.at[i] == 's' || flags.at[i] == 'r')
			fake->stage = flags.at[i] == 's' ? STAGE_STEPS : STAGE_CURRENT_STATE;
		if (flags.at[i] == 'R' || flags.at[i] == 'o')
			fake->revealed = flags.at[i] == 'R';
		const char *methods = "dakx", *m = memchr(methods, flags.at[i], 4);
		if (m)
			fake->method = (enum ballot_method)(m - methods);
	}
	bool has = false;
	for (size_t i = 0; i < flags.len && !has; i++)
		has = flags.at[i] == 'L';
	struct room_request req = {
		.method = sbuf_str(&field[0]),
		.path = sbuf_str(&field[1]),
		.device = n > 2 && f[2].len ? sbuf_str(&field[2]) : NULL,
		.since = n > 3 && f[3].len ? sbuf_str(&field[3]) : NULL,
		.wants_json = memchr(flags.at, 'j', flags.len) != NULL,
		.waited = memchr(flags.at, 'w', flags.len) != NULL,
		.body_too_large = has,
		.body = n > 5 ? sbuf_str(&field[5]) : NULL,
		.body_len = n > 5 ? field[5].len : 0,
		.client = "192.168.1.50",
		.now = *now,
	};
	struct room_response resp;
	room_handle(room, &req, &resp);
	check_answer(&resp);
	take_tokens(&resp, g);
	room_response_free(&resp);
	for (size_t i = 0; i < 6; i++)
		sbuf_free(&field[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake fake;
	memset(&fake, 0, sizeof fake);
	fake.stage = STAGE_CURRENT_STATE;
	struct error err = {0};
	f_add(&fake, "Ana", &(int64_t){0}, &err);
	f_add(&fake, "Bo", &(int64_t){0}, &err);
	const struct room_ops ops = {
		.ctx = &fake, .stage = f_stage, .revealed = f_revealed,
		.participants = f_participants, .participant_id = f_id,
		.participant_name = f_name, .dimensions = f_dimensions,
		.dimension = f_dimension, .score = f_score, .rate = f_rate,
		.add_participant = f_add, .ballot = f_ballot, .candidate = f_candidate,
		.has_voted = f_has_voted, .cast = f_cast, .result = f_result,
	};
	struct room *room = NULL;
	if (room_new(&ops, &room, &err) != ERR_OK)
		broken("no room");
	struct given g = {"", ""};
	time_t now = 1000;
	struct slice requests[64];
	size_t nreq = split((const char *)data, size, (char)0xff, requests, 64);
	for (size_t r = 0; r < nreq; r++) {
		struct slice fields[6];
		size_t n = split(requests[r].at, requests[r].len, (char)0xfe, fields, 6);
		/* Every other request lets the facilitator act: let the oldest in. */
		one_request(room, &g, fields, n, &now);
		if (room_pending_count(room) && (r & 1) && room_accept(room, 0, &err) != ERR_OK)
			fuzz_check_refusal(err.code, &err);
	}
	room_close(room);
	return 0;
}
