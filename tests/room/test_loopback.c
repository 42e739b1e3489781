/* The room on a real socket: 127.0.0.1 and a free port, a tiny HTTP client
 * written here, and the server run from the test's own poll loop as the
 * screen will run it. Every exchange is bounded in time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "model/session.h"
#include "room/http.h"
#include "room/room.h"
#include "tests/support.h"
#include "tests/timing.h"

#define DEADLINE_SECONDS ((int)time_limit(6))

struct fake {
	enum stage stage;
	int scores[2];
	/* The ballot's votes: counted, and written by a write the test ends. */
	bool voted[2], counted[2];
	int group, writes, written;     /* votes counted since the last write; per write */
	int done[2];                    /* the write's pipe, while it runs */
	bool fail;                      /* the write fails */
};

static enum stage f_stage(void *ctx) { return ((struct fake *)ctx)->stage; }
static bool f_revealed(void *ctx) { (void)ctx; return false; }
static size_t f_participants(void *ctx) { (void)ctx; return 2; }
static int64_t f_id(void *ctx, size_t i) { (void)ctx; return 7 + (int64_t)i; }
static const char *f_name(void *ctx, size_t i) { (void)ctx; return i ? "Bo" : "Ana"; }
static size_t f_dimensions(void *ctx) { (void)ctx; return 1; }
static void f_dimension(void *ctx, size_t i, struct room_dimension *out)
{
	(void)ctx;
	(void)i;
	*out = (struct room_dimension){"culture", "Culture", "Do people ask?", NULL, NULL, 1, 5};
}
static int f_score(void *ctx, size_t d, size_t p) { (void)d; return ((struct fake *)ctx)->scores[p]; }
static enum err_code f_rate(void *ctx, size_t d, size_t p, int score, struct error *err)
{
	(void)d;
	(void)err;
	((struct fake *)ctx)->scores[p] = score;
	return ERR_OK;
}
static enum err_code f_add(void *ctx, const char *name, int64_t *id, struct error *err)
{
	(void)ctx;
	(void)name;
	(void)id;
	return error_set(err, ERR_DATA, "not in this test");
}

static bool f_ballot(void *ctx, struct room_ballot *out)
{
	(void)ctx;
	*out = (struct room_ballot){.method = BALLOT_DOTS, .budget = 3, .cap = 3, .ncandidates = 2};
	return true;
}
static void f_candidate(void *ctx, size_t c, struct room_candidate *out)
{
	(void)ctx;
	*out = (struct room_candidate){c ? "Answers wiki" : "Pilot", "short", NULL};
}
static bool f_has_voted(void *ctx, size_t p) { return ((struct fake *)ctx)->voted[p]; }
static enum err_code f_cast(void *ctx, size_t p, const struct room_vote *v, struct error *err)
{
	(void)v;
	(void)err;
	struct fake *f = ctx;
	f->voted[p] = f->counted[p] = true;
	f->group++;
	return ERR_OK;
}
static enum err_code f_settle(void *ctx, struct error *err)
{
	(void)err;
	((struct fake *)ctx)->group = 0;
	return ERR_OK;
}
static bool f_write_begin(void *ctx)
{
	struct fake *f = ctx;
	if (f->group == 0 || pipe(f->done) != 0)
		return false;
	f->written = f->group;
	f->group = 0;
	f->writes++;
	return true;
}
static int f_write_fd(void *ctx) { return ((struct fake *)ctx)->done[0]; }
static enum err_code f_write_end(void *ctx, struct error *err)
{
	struct fake *f = ctx;
	close(f->done[0]);
	close(f->done[1]);
	f->done[0] = f->done[1] = -1;
	for (int p = 0; p < 2; p++) {
		f->voted[p] = f->voted[p] && !(f->fail && f->counted[p]);
		f->counted[p] = false;
	}
	return f->fail ? error_set(err, ERR_IO, "the disk failed") : ERR_OK;
}

struct fixture {
	struct fake fake;
	struct room *room;
};

static int open_room(void **state, bool with_ballot)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->fake = (struct fake){.stage = STAGE_CURRENT_STATE, .scores = {RATING_NONE, RATING_NONE},
				 .done = {-1, -1}};
	struct room_ops ops = {
		.ctx = &fx->fake, .stage = f_stage, .revealed = f_revealed,
		.participants = f_participants, .participant_id = f_id,
		.participant_name = f_name, .dimensions = f_dimensions,
		.dimension = f_dimension, .score = f_score, .rate = f_rate,
		.add_participant = f_add,
	};
	if (with_ballot) {
		fx->fake.stage = STAGE_STEPS;
		ops.ballot = f_ballot;
		ops.candidate = f_candidate;
		ops.has_voted = f_has_voted;
		ops.cast = f_cast;
		ops.settle = f_settle;
		ops.write_begin = f_write_begin;
		ops.write_fd = f_write_fd;
		ops.write_end = f_write_end;
	}
	struct error err = {0};
	if (room_open(&ops, "127.0.0.1:0", &fx->room, &err) != ERR_OK)
		fail_msg("%s", err.msg);
	*state = fx;
	return 0;
}

static int setup(void **state)
{
	return open_room(state, false);
}

static int setup_ballot(void **state)
{
	return open_room(state, true);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	room_close(fx->room);
	free(fx);
	return 0;
}

/* ---- the client ---- */

static int connect_to(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

static void send_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);
		assert_true(n > 0);
		text += n;
		len -= (size_t)n;
	}
}

/* Runs the room and reads fd until the server closes it, or until the
 * deadline. Returns the whole answer, which the caller frees. */
static char *read_answer(struct room *room, int fd, int seconds)
{
	struct sbuf got = SBUF_INIT;
	time_t until = time(NULL) + seconds;
	for (;;) {
		struct pollfd fds[ROOM_POLLFDS_MAX + 1];
		size_t n = room_pollfds(room, fds, ROOM_POLLFDS_MAX);
		fds[n] = (struct pollfd){.fd = fd, .events = POLLIN};
		int ms = room_timeout_ms(room);
		poll(fds, n + 1, ms < 0 || ms > 100 ? 100 : ms);
		room_run(room, time(NULL));
		if (fds[n].revents & (POLLIN | POLLHUP)) {
			char buf[4096];
			ssize_t r = read(fd, buf, sizeof buf);
			if (r <= 0)     /* the end, or a reset after it */
				break;
			sbuf_add(&got, buf, (size_t)r);
		}
		if (time(NULL) > until)
			fail_msg("no whole answer within %d s; got: %s", seconds, sbuf_str(&got));
	}
	close(fd);
	return sbuf_take(&got);
}

static char *exchange(struct fixture *fx, const char *request, size_t len)
{
	int fd = connect_to(room_port(fx->room));
	send_all(fd, request, len);
	return read_answer(fx->room, fd, DEADLINE_SECONDS);
}

static char *get(struct fixture *fx, const char *path, const char *cookie)
{
	char req[512];
	snprintf(req, sizeof req,
		 "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s%s%s\r\n", path,
		 cookie ? "Cookie: " : "", cookie ? cookie : "", cookie ? "\r\n" : "");
	return exchange(fx, req, strlen(req));
}

static char *post(struct fixture *fx, const char *path, const char *cookie, const char *body)
{
	struct sbuf req = SBUF_INIT;
	sbuf_addf(&req, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Accept: application/json\r\n"
			"Content-Type: application/x-www-form-urlencoded\r\n"
			"Content-Length: %zu\r\n", path, strlen(body));
	if (cookie)
		sbuf_addf(&req, "Cookie: %s\r\n", cookie);
	sbuf_adds(&req, "\r\n");
	sbuf_adds(&req, body);
	char *answer = exchange(fx, sbuf_str(&req), req.len);
	sbuf_free(&req);
	return answer;
}


static void room_path(const struct fixture *fx, const char *rest, char *out, size_t size)
{
	const char *url = room_url(fx->room);
	const char *path = strstr(url + strlen("http://"), "/");
	snprintf(out, size, "%s%s", path, rest);
}

/* ---- tests ---- */

static void loopback__the_page_comes_with_its_security_headers(void **state)
{
	struct fixture *fx = *state;
	char path[128];
	room_path(fx, "", path, sizeof path);
	char *answer = get(fx, path, NULL);
	assert_int_equal(strncmp(answer, "HTTP/1.1 200", 12), 0);
	assert_non_null(strstr(answer, "Content-Security-Policy: default-src 'none'"));
	assert_non_null(strstr(answer, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(answer, "Content-Type: text/html; charset=utf-8"));
	assert_null(strstr(answer, "Access-Control"));
	assert_non_null(strstr(answer, ">Ana</button>"));
	free(answer);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/r/", (unsigned)room_port(fx->room));
	assert_int_equal(strncmp(room_url(fx->room), url, strlen(url)), 0);
}

static void loopback__a_phone_joins_rates_and_is_told_saved_after_the_change(void **state)
{
	struct fixture *fx = *state;
	char path[128], csrf[32], cookie[64], body[128];
	room_path(fx, "", path, sizeof path);
	char *page = get(fx, path, NULL);
	support_copy_after(page, "name=\"csrf\" value=\"", "\"", csrf, sizeof csrf);
	free(page);

	room_path(fx, "join", path, sizeof path);
	snprintf(body, sizeof body, "csrf=%s&pick=8", csrf);
	char *joined = post(fx, path, NULL, body);
	assert_int_equal(strncmp(joined, "HTTP/1.1 200", 12), 0);
	assert_non_null(strstr(joined, "HttpOnly; SameSite=Strict"));
	support_copy_after(joined, "Set-Cookie: ", ";", cookie, sizeof cookie);
	support_copy_after(joined, "\"csrf\": \"", "\"", csrf, sizeof csrf);
	free(joined);

	room_path(fx, "rate", path, sizeof path);
	snprintf(body, sizeof body, "csrf=%s&dim=culture&score=4", csrf);
	char *rated = post(fx, path, cookie, body);
	assert_int_equal(strncmp(rated, "HTTP/1.1 200", 12), 0);
	assert_non_null(strstr(rated, "\"mine\": 4"));
	assert_int_equal(fx->fake.scores[1], 4);
	assert_int_equal(fx->fake.scores[0], RATING_NONE);
	free(rated);

	/* The same, with no cookie: refused, and nothing changes. */
	snprintf(body, sizeof body, "csrf=%s&dim=culture&score=1", csrf);
	char *refused = post(fx, path, NULL, body);
	assert_int_equal(strncmp(refused, "HTTP/1.1 403", 12), 0);
	assert_int_equal(fx->fake.scores[1], 4);
	free(refused);
}

static void loopback__an_oversize_body_is_refused(void **state)
{
	struct fixture *fx = *state;
	char path[128];
	room_path(fx, "rate", path, sizeof path);
	char *body = malloc(6000);
	assert_non_null(body);
	memset(body, 'a', 5999);
	body[5999] = '\0';
	char *answer = post(fx, path, NULL, body);
	assert_int_equal(strncmp(answer, "HTTP/1.1 413", 12), 0);
	assert_non_null(strstr(answer, "X-Content-Type-Options: nosniff"));
	free(answer);
	free(body);
}

/* Asks for events with the state's version as it is now, so that the
 * request waits; returns the connection. */
static int wait_for_events(struct fixture *fx)
{
	char path[160], v[32];
	room_path(fx, "state", path, sizeof path);
	char *now = get(fx, path, NULL);
	support_copy_after(now, "\"v\": \"", "\"", v, sizeof v);
	free(now);
	room_path(fx, "events?v=", path, sizeof path);
	strcat(path, v);
	char req[512];
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	int fd = connect_to(room_port(fx->room));
	send_all(fd, req, strlen(req));
	return fd;
}

static void loopback__a_waiting_phone_follows_the_projector_within_two_seconds(void **state)
{
	struct fixture *fx = *state;
	int fd = wait_for_events(fx);
	/* Nothing changes for a second: no answer yet. */
	time_t until = time(NULL) + 1;
	while (time(NULL) <= until) {
		struct pollfd fds[ROOM_POLLFDS_MAX + 1];
		size_t n = room_pollfds(fx->room, fds, ROOM_POLLFDS_MAX);
		fds[n] = (struct pollfd){.fd = fd, .events = POLLIN};
		poll(fds, n + 1, 50);
		room_run(fx->room, time(NULL));
		assert_false(fds[n].revents & POLLIN);
	}
	fx->fake.stage = STAGE_GOALS_VALUES;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char *answer = read_answer(fx->room, fd, DEADLINE_SECONDS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(strncmp(answer, "HTTP/1.1 200", 12), 0);
	assert_non_null(strstr(answer, "\"stage\": \"goals_values\""));
	if (took >= time_limit(2.0))
		fail_msg("the phone followed after %.2f s", took);
	free(answer);
}

static void loopback__closing_the_room_with_a_phone_waiting_lets_it_go(void **state)
{
	struct fixture *fx = *state;
	int fd = wait_for_events(fx);
	for (int i = 0; i < 10; i++) {
		struct pollfd fds[ROOM_POLLFDS_MAX];
		size_t n = room_pollfds(fx->room, fds, ROOM_POLLFDS_MAX);
		poll(fds, n, 20);
		room_run(fx->room, time(NULL));
	}
	room_close(fx->room);
	fx->room = NULL;
	char buf[64];
	struct pollfd p = {.fd = fd, .events = POLLIN};
	assert_int_equal(poll(&p, 1, (int)(1000 * time_limit(2))), 1);
	assert_true(read(fd, buf, sizeof buf) <= 0);    /* closed, with no answer */
	close(fd);
}

static void loopback__one_address_holds_a_bounded_number_of_connections(void **state)
{
	struct fixture *fx = *state;
	enum { N = HTTP_CONNECTIONS_PER_ADDRESS + 1 };
	int fds[N];
	for (int i = 0; i < N; i++)
		fds[i] = connect_to(room_port(fx->room));
	/* The room takes them in; the one past the limit is closed at once,
	 * with nothing said, while the others stay open. */
	int closed = -1;
	time_t until = time(NULL) + DEADLINE_SECONDS;
	while (closed < 0 && time(NULL) <= until) {
		struct pollfd p[ROOM_POLLFDS_MAX];
		size_t n = room_pollfds(fx->room, p, ROOM_POLLFDS_MAX);
		poll(p, n, 20);
		room_run(fx->room, time(NULL));
		for (int i = 0; i < N; i++) {
			struct pollfd c = {.fd = fds[i], .events = POLLIN};
			char byte;
			if (poll(&c, 1, 0) == 1 && read(fds[i], &byte, 1) <= 0)
				closed = i;
		}
	}
	assert_int_equal(closed, N - 1);
	for (int i = 0; i < N; i++)
		close(fds[i]);
}

static void loopback__without_a_port_the_documented_one_or_else_a_free_one(void **state)
{
	(void)state;
	/* Holds ROOM_PORT on loopback (when nobody else does), so that the
	 * room must fall back. */
	int holder = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(ROOM_PORT)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	bool held = bind(holder, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(holder, 1) == 0;
	(void)held;
	struct fake fake = {.stage = STAGE_SETUP};
	struct room_ops ops = {.ctx = &fake, .stage = f_stage};
	struct room *room;
	struct error err = {0};
	assert_int_equal(room_open(&ops, "127.0.0.1", &room, &err), ERR_OK);
	assert_int_not_equal(room_port(room), ROOM_PORT);
	assert_int_not_equal(room_port(room), 0);
	room_close(room);
	/* Asked for by number, a taken port is an error, not another port. */
	char listen_on[32];
	snprintf(listen_on, sizeof listen_on, "127.0.0.1:%d", ROOM_PORT);
	assert_int_equal(room_open(&ops, listen_on, &room, &err), ERR_IO);
	assert_non_null(strstr(err.msg, "cannot listen"));
	close(holder);
}

static void listen__addresses_and_ports_are_read_strictly(void **state)
{
	(void)state;
	char addr[HTTP_HOST_SIZE];
	int port;
	assert_int_equal(http_parse_listen("192.168.1.5:9000", addr, &port, NULL), ERR_OK);
	assert_string_equal(addr, "192.168.1.5");
	assert_int_equal(port, 9000);
	assert_int_equal(http_parse_listen("10.0.0.1", addr, &port, NULL), ERR_OK);
	assert_int_equal(port, -1);
	assert_int_equal(http_parse_listen(":8080", addr, &port, NULL), ERR_OK);
	assert_string_equal(addr, "");
	assert_int_equal(port, 8080);
	assert_int_equal(http_parse_listen(NULL, addr, &port, NULL), ERR_OK);
	assert_int_equal(port, -1);
	static const char *const bad[] = {
		"300.1.1.1", "host:80", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:8x",
		"::1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct error err = {0};
		if (http_parse_listen(bad[i], addr, &port, &err) != ERR_USAGE)
			fail_msg("%s was read", bad[i]);
		assert_non_null(strstr(err.msg, "--listen"));
	}
}

/* ---- votes written together ---- */

/* Phone p joins (as Ana or Bo) and has its cookie and csrf. */
static void join_as(struct fixture *fx, size_t p, char cookie[64], char csrf[32])
{
	char path[128], body[128];
	room_path(fx, "", path, sizeof path);
	char *page = get(fx, path, NULL);
	support_copy_after(page, "name=\"csrf\" value=\"", "\"", csrf, 32);
	free(page);
	room_path(fx, "join", path, sizeof path);
	snprintf(body, sizeof body, "csrf=%s&pick=%zu", csrf, 7 + p);
	char *joined = post(fx, path, NULL, body);
	support_copy_after(joined, "Set-Cookie: ", ";", cookie, 64);
	support_copy_after(joined, "\"csrf\": \"", "\"", csrf, 32);
	free(joined);
}

/* Both phones' votes sent at once, their answers not read yet. */
static void send_votes(struct fixture *fx, int fds[2])
{
	char cookie[2][64], csrf[2][32], path[128];
	for (size_t p = 0; p < 2; p++)
		join_as(fx, p, cookie[p], csrf[p]);
	room_path(fx, "vote", path, sizeof path);
	for (size_t p = 0; p < 2; p++) {
		struct sbuf req = SBUF_INIT;
		char body[96];
		snprintf(body, sizeof body, "csrf=%s&c0=%zu&c1=1", csrf[p], p + 1);
		sbuf_addf(&req, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				"Accept: application/json\r\nCookie: %s\r\n"
				"Content-Type: application/x-www-form-urlencoded\r\n"
				"Content-Length: %zu\r\n\r\n%s", path, cookie[p], strlen(body), body);
		fds[p] = connect_to(room_port(fx->room));
		send_all(fds[p], req.data, req.len);
		sbuf_free(&req);
	}
}

/* Runs the room for ms milliseconds; true when fd had something to read. */
static bool run_for(struct fixture *fx, int fd, int ms)
{
	bool readable = false;
	for (int waited = 0; waited < ms; waited += 20) {
		struct pollfd fds[ROOM_POLLFDS_MAX + 1];
		size_t n = room_pollfds(fx->room, fds, ROOM_POLLFDS_MAX);
		fds[n] = (struct pollfd){.fd = fd, .events = POLLIN};
		poll(fds, n + 1, 20);
		readable = readable || (fds[n].revents & POLLIN);
		room_run(fx->room, time(NULL));
	}
	return readable;
}

/* Two votes that come together go to one write; until it ends neither
 * phone is answered and the room reads nothing more (a page asked for
 * meanwhile waits); then both are told saved, and the page comes. */
static void loopback__votes_that_come_together_are_written_together(void **state)
{
	struct fixture *fx = *state;
	int fds[2];
	send_votes(fx, fds);
	for (int i = 0; i < 100 && fx->fake.writes == 0; i++)
		run_for(fx, fds[0], 20);
	assert_int_equal(fx->fake.writes, 1);
	assert_int_equal(fx->fake.written, 2);
	char path[128], req[256];
	room_path(fx, "state", path, sizeof path);
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	int page = connect_to(room_port(fx->room));
	send_all(page, req, strlen(req));
	assert_false(run_for(fx, fds[0], 300));
	assert_false(run_for(fx, fds[1], 100));
	assert_false(run_for(fx, page, 100));

	assert_int_equal(write(fx->fake.done[1], "", 1), 1);
	for (int p = 0; p < 2; p++) {
		char *answer = read_answer(fx->room, fds[p], DEADLINE_SECONDS);
		assert_int_equal(strncmp(answer, "HTTP/1.1 200", 12), 0);
		assert_non_null(strstr(answer, "\"voted\": true"));
		free(answer);
	}
	char *got = read_answer(fx->room, page, DEADLINE_SECONDS);
	assert_int_equal(strncmp(got, "HTTP/1.1 200", 12), 0);
	free(got);
	assert_int_equal(fx->fake.writes, 1);
	assert_true(fx->fake.voted[0] && fx->fake.voted[1]);
}

/* The write fails: both phones of the group are told why, and may vote
 * again. */
static void loopback__a_failed_write_tells_every_phone_of_its_group(void **state)
{
	struct fixture *fx = *state;
	fx->fake.fail = true;
	int fds[2];
	send_votes(fx, fds);
	for (int i = 0; i < 100 && fx->fake.writes == 0; i++)
		run_for(fx, fds[0], 20);
	assert_int_equal(fx->fake.written, 2);
	room_finish_write(fx->room);            /* as a key that changes something does */
	for (int p = 0; p < 2; p++) {
		char *answer = read_answer(fx->room, fds[p], DEADLINE_SECONDS);
		assert_int_equal(strncmp(answer, "HTTP/1.1 503", 12), 0);
		assert_non_null(strstr(answer, "the disk failed"));
		free(answer);
	}
	assert_false(fx->fake.voted[0] || fx->fake.voted[1]);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(loopback__the_page_comes_with_its_security_headers),
		TEST(loopback__a_phone_joins_rates_and_is_told_saved_after_the_change),
		TEST(loopback__an_oversize_body_is_refused),
		TEST(loopback__a_waiting_phone_follows_the_projector_within_two_seconds),
		TEST(loopback__closing_the_room_with_a_phone_waiting_lets_it_go),
		TEST(loopback__one_address_holds_a_bounded_number_of_connections),
		cmocka_unit_test_setup_teardown(loopback__votes_that_come_together_are_written_together,
						setup_ballot, teardown),
		cmocka_unit_test_setup_teardown(loopback__a_failed_write_tells_every_phone_of_its_group,
						setup_ballot, teardown),
		cmocka_unit_test(loopback__without_a_port_the_documented_one_or_else_a_free_one),
		cmocka_unit_test(listen__addresses_and_ports_are_read_strictly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
