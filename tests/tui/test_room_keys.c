/* The projector's keys while the phones' votes are being written: the
 * room open on loopback, a phone's vote read and its write begun, then
 * keys typed at the screen. A key that only shows something goes on
 * beside the write; any other waits for it to end first. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "room/room.h"
#include "sessions/workshop.h"
#include "tests/tui/screen_fixture.c"

static void fill_steps(struct session *s)
{
	struct error err;
	static const char *const steps[] = {"Pilot show-and-tell", "Answers wiki"};
	for (int i = 0; i < 2; i++) {
		struct step st = {.text = (char *)steps[i], .points = POINTS_NONE};
		assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
	}
}

static int setup(void **state)
{
	static const char *const people[] = {"Ana", "Bo"};
	const struct session_setup setup = {.title = "Q1 review", .organization = "Acme",
					    .level = LEVEL_UNIT, .participants = people,
					    .nparticipants = 2};
	return screen_setup(state, "improv-room-keys", &setup, fill_steps);
}

/* ---- a phone ---- */

/* Sends the request and reads its whole answer, running the room meanwhile. */
static char *exchange(struct fixture *f, const char *request)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(room_port(f->app.room))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(write(fd, request, strlen(request)), (ssize_t)strlen(request));
	struct sbuf got = SBUF_INIT;
	for (time_t until = time(NULL) + 5; time(NULL) <= until;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		room_run(f->app.room, time(NULL));
		if (poll(&p, 1, 20) <= 0)
			continue;
		char buf[4096];
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0)
			break;
		sbuf_add(&got, buf, (size_t)r);
	}
	close(fd);
	return sbuf_take(&got);
}


static void request(char *out, size_t size, const char *method, const char *path,
		    const char *cookie, const char *body)
{
	snprintf(out, size, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		 "Accept: application/json\r\nCookie: %s\r\n"
		 "Content-Type: application/x-www-form-urlencoded\r\n"
		 "Content-Length: %zu\r\n\r\n%s", method, path, cookie ? cookie : "",
		 strlen(body), body);
}

/* Bo's phone joins and sends its vote; the room reads it and begins its
 * write. The connection waiting for the answer is returned. */
static int vote_from_a_phone(struct fixture *f)
{
	const char *url = room_url(f->app.room);
	char base[96], path[160], req[1024], csrf[32], cookie[64], pick[24], body[128];
	snprintf(base, sizeof base, "%s", strstr(url + strlen("http://"), "/"));
	request(req, sizeof req, "GET", base, NULL, "");
	char *page = exchange(f, req);
	support_copy_after(page, "name=\"csrf\" value=\"", "\"", csrf, sizeof csrf);
	support_copy_after(strstr(page, ">Ana</button>"), "name=\"pick\" value=\"", "\"", pick,
		   sizeof pick);
	free(page);
	snprintf(path, sizeof path, "%sjoin", base);
	snprintf(body, sizeof body, "csrf=%s&pick=%s", csrf, pick);
	request(req, sizeof req, "POST", path, NULL, body);
	char *joined = exchange(f, req);
	support_copy_after(joined, "Set-Cookie: ", ";", cookie, sizeof cookie);
	support_copy_after(joined, "\"csrf\": \"", "\"", csrf, sizeof csrf);
	free(joined);

	snprintf(path, sizeof path, "%svote", base);
	snprintf(body, sizeof body, "csrf=%s&c0=1", csrf);
	request(req, sizeof req, "POST", path, cookie, body);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(room_port(f->app.room))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	for (int i = 0; i < 250 && f->app.ws->writing == NULL; i++) {
		room_run(f->app.room, time(NULL));
		poll(NULL, 0, 20);
	}
	assert_non_null(f->app.ws->writing);
	return fd;
}

/* The help opens and closes beside the write (it is still under way, its
 * end not yet taken); the next key that may change something waits for
 * it, and the phone is then told its vote was saved. */
static void room_keys__the_help_goes_on_while_a_vote_is_written_and_other_keys_wait(
	void **state)
{
	struct fixture *f = *state;
	screen_start(f, 30, 100, f->id, NULL);
	f->app.opts.listen = "127.0.0.1:0";
	keys(f, "]]]v");
	enter(f);
	keys(f, "J");
	assert_non_null(f->app.room);
	/* The keys come from the test, not from a terminal that could be read. */
	room_set_yield(f->app.room, NULL, NULL);
	keys(f, " ");                           /* the QR code away */
	assert_true(screen_has("0 of 2 have voted"));
	int phone = vote_from_a_phone(f);

	keys(f, "?");
	assert_true(screen_has("Keys that work here"));
	assert_non_null(f->app.ws->writing);
	keys(f, "?");
	assert_false(screen_has("Keys that work here"));
	assert_non_null(f->app.ws->writing);

	keys(f, "j");
	assert_null(f->app.ws->writing);
	assert_true(screen_has("1 of 2 have voted"));
	struct sbuf got = SBUF_INIT;
	for (time_t until = time(NULL) + 5; time(NULL) <= until;) {
		struct pollfd p = {.fd = phone, .events = POLLIN};
		room_run(f->app.room, time(NULL));
		if (poll(&p, 1, 20) <= 0)
			continue;
		char buf[4096];
		ssize_t r = read(phone, buf, sizeof buf);
		if (r <= 0)
			break;
		sbuf_add(&got, buf, (size_t)r);
	}
	close(phone);
	assert_int_equal(strncmp(sbuf_str(&got), "HTTP/1.1 200", 12), 0);
	assert_non_null(strstr(sbuf_str(&got), "\"voted\": true"));
	sbuf_free(&got);
}

int main(void)
{
	if (!screen_prepare())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			room_keys__the_help_goes_on_while_a_vote_is_written_and_other_keys_wait,
			setup, screen_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
