/* room_load: a room of phones casting one secret dots ballot at once,
 * against improv itself: the workshop screen in a pseudo-terminal with its
 * room listening on loopback, PHONES simulated phones (threads, each from
 * its own loopback address, as phones on a room's network would be) that
 * join, cast, try to cast again and then wait for news as the page does,
 * while keys are pressed on the screen and the time to their frame is
 * taken. Then the file is read back: every vote a phone was told was
 * saved is there, none twice, the totals are what the voters gave, and
 * no row ties a person to dots.
 *
 * Usage, from the repository's top folder: room_load DIR IMPROV [--kill ROUNDS]
 *   prints  bench: room_votes phones=200 cast=N lost=0 double=0 p50_ms=X
 *           p99_ms=Y key_ms=Z mem_mib=M seconds=S
 * With --kill, each round kills improv (SIGKILL) in the middle of the
 * storm instead, then checks the file the same way and that it passes
 * integrity_check. Exits 1 when a check fails, 2 when it cannot run.
 * Bounded: every wait has a deadline; nothing listens beyond loopback. */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "templates/template_load.h"
#include "sessions/store.h"
#include "sessions/workshop.h"

#define PHONES 200
#define STEPS 8
#define BUDGET 3                /* the default for 8 steps: ceil(8 / 3) */
#define SPREAD_MS 4000          /* the phones arrive over this long */
#define STORM_LIMIT_MS 10000    /* all of them have cast by then */
#define WAIT_MS 20000           /* the most any one wait may take */
#define KEY_EVERY_MS 50
#define TOKEN_CHARS 22
#define TEMPLATE "templates/learning-infrastructure.yaml"      /* from the top folder */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
	if (ms <= 0)
		return;
	struct timespec t = {(time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
	nanosleep(&t, NULL);
}

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("room_load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* The steps phone k puts its three dots on (one each): what a voter gave
 * follows from who they are, so the totals can be checked from the file's
 * voters alone, while the file itself keeps no link from a voter to dots. */
static void dots_of(size_t k, int dots[STEPS])
{
	memset(dots, 0, STEPS * sizeof *dots);
	dots[k % STEPS]++;
	dots[(k + 1) % STEPS]++;
	dots[(k + 3) % STEPS]++;
}

/* ---- the session ---- */

struct room_session {
	char db[512];
	int64_t id;
	int64_t ids[PHONES];            /* participant ids, phone k is participant k */
	size_t ballot;
};

static void must(enum err_code code, const struct error *err, const char *what)
{
	if (code != ERR_OK)
		die("%s: %s", what, err->msg);
}

static struct session *new_session(struct error *err)
{
	static char names[PHONES][16];
	static const char *people[PHONES];
	for (size_t k = 0; k < PHONES; k++) {
		snprintf(names[k], sizeof names[k], "Phone %03zu", k + 1);
		people[k] = names[k];
	}
	struct template tpl;
	if (template_load_file(TEMPLATE, &tpl, err) != ERR_OK)
		return NULL;
	const struct session_setup setup = {
		.title = "Room load", .organization = "Load", .level = LEVEL_UNIT,
		.participants = people, .nparticipants = PHONES,
	};
	struct session *s = session_create(&setup, &tpl, err);
	template_free(&tpl);
	return s;
}

/* A fresh database holding one session on the steps stage, with an open
 * anonymous secret dots ballot over STEPS steps. */
static void prepare(struct room_session *rs, const char *dir)
{
	snprintf(rs->db, sizeof rs->db, "%s/room-load.db", dir);
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char path[600];
		snprintf(path, sizeof path, "%s%s", rs->db, suffixes[i]);
		unlink(path);
	}
	struct error err = {0};
	struct store *st;
	must(store_open(rs->db, NULL, &st, &err), &err, "opening the database");
	struct session *s = new_session(&err);
	if (s == NULL)
		die("the session: %s", err.msg);
	must(store_create_session(st, s, &err), &err, "saving the session");
	rs->id = s->id;
	session_free(s);
	struct workshop *ws;
	must(workshop_open(st, rs->id, &ws, &err), &err, "opening the session");
	for (size_t i = 0; i < STEPS; i++) {
		char text[32];
		snprintf(text, sizeof text, "Step %zu", i + 1);
		const struct step st_ = {.text = text, .points = POINTS_NONE};
		must(ws_add_step(ws, &st_, &err), &err, "adding a step");
	}
	must(ws_set_stage(ws, STAGE_STEPS, &err), &err, "moving to the steps");
	const struct ballot_settings set = {.method = BALLOT_DOTS, .horizon = -1,
					    .anonymous = true};
	must(ws_open_ballot(ws, &set, &rs->ballot, &err), &err, "opening the ballot");
	if (ws->s->ballots[rs->ballot].budget != BUDGET)
		die("the ballot's budget is %d, not %d", ws->s->ballots[rs->ballot].budget, BUDGET);
	for (size_t k = 0; k < PHONES; k++)
		rs->ids[k] = ws->s->participants[k].id;
	workshop_close(ws);
	store_close(st);
}

/* ---- the screen ---- */

struct screen {
	pid_t pid;
	int fd;
	struct sbuf seen;
	pthread_mutex_t lock;
};

/* Reads what improv wrote for up to ms; false once it has gone. */
static bool screen_read(struct screen *sc, int ms)
{
	struct pollfd p = {sc->fd, POLLIN, 0};
	int rc = poll(&p, 1, ms);
	if (rc <= 0)
		return rc == 0 || errno == EINTR;
	char buf[8192];
	ssize_t got = read(sc->fd, buf, sizeof buf);
	if (got <= 0)
		return false;
	sbuf_add(&sc->seen, buf, (size_t)got);
	return true;
}

/* Waits until text appears after from; the offset just past it, or 0. */
static size_t screen_wait(struct screen *sc, size_t from, const char *text, double limit_ms)
{
	double deadline = now_ms() + limit_ms;
	while (now_ms() < deadline) {
		const char *at = sc->seen.len > from ? memmem(sc->seen.data + from, sc->seen.len - from,
							     text, strlen(text)) : NULL;
		if (at)
			return (size_t)(at - sc->seen.data) + strlen(text);
		if (!screen_read(sc, 20))
			return 0;
	}
	return 0;
}

static void screen_start(struct screen *sc, const struct room_session *rs, const char *improv,
			 int port)
{
	char id[32], listen[64];
	snprintf(id, sizeof id, "%lld", (long long)rs->id);
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	struct winsize size = {.ws_row = 30, .ws_col = 100};
	sc->pid = forkpty(&sc->fd, NULL, NULL, &size);
	if (sc->pid < 0)
		die("forkpty: %s", strerror(errno));
	if (sc->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execl(improv, improv, "--db", rs->db, "--listen", listen, "open", id, (char *)NULL);
		_exit(127);
	}
	sc->seen = (struct sbuf)SBUF_INIT;
}

static void screen_keys(struct screen *sc, const char *keys)
{
	if (write(sc->fd, keys, strlen(keys)) < 0)
		die("writing to the screen: %s", strerror(errno));
}

/* improv's resident memory now and at its peak, in KiB, from /proc. */
static void memory_of(pid_t pid, long *rss, long *peak)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	*rss = *peak = 0;
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		sscanf(line, "VmRSS: %ld", rss);
		sscanf(line, "VmHWM: %ld", peak);
	}
	fclose(f);
}

/* ---- a phone ---- */

struct phone {
	size_t k;
	int port;
	const char *token;
	int64_t participant;
	double start_at;                /* when it arrives, ms on the clock */
	char device[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1], version[32];
	bool told_saved, failed;
	int second;                     /* the status a second cast got */
	double vote_ms;
	char why[160];
	int held;                       /* the socket of the news it waits for, or -1 */
};

/* A socket from 127.1.X.Y to the room: each phone its own address. */
static int phone_connect(const struct phone *ph)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {WAIT_MS / 1000 + 5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in from = {.sin_family = AF_INET};
	from.sin_addr.s_addr = htonl(0x7f010000u + (uint32_t)(ph->k / 250) * 256u +
				     (uint32_t)(ph->k % 250) + 1u);
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)ph->port)};
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&from, sizeof from) != 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Sends one request for route (after /r/TOKEN/) on a new connection;
 * returns the socket, or -1. */
static int phone_send(struct phone *ph, const char *method, const char *route, const char *body)
{
	int fd = phone_connect(ph);
	if (fd < 0)
		return -1;
	struct sbuf rq = SBUF_INIT;
	sbuf_addf(&rq, "%s /r/%s/%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		       "Accept: application/json\r\nConnection: close\r\n", method, ph->token,
		  route, ph->port);
	if (ph->device[0])
		sbuf_addf(&rq, "Cookie: improv_device=%s\r\n", ph->device);
	if (body)
		sbuf_addf(&rq, "Content-Type: application/x-www-form-urlencoded\r\n"
			       "Content-Length: %zu\r\n", strlen(body));
	sbuf_addf(&rq, "\r\n%s", body ? body : "");
	bool ok = send_all(fd, rq.data, rq.len);
	sbuf_free(&rq);
	if (!ok) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads the answer to its end; its status, or 0. */
static int phone_answer(int fd, struct sbuf *out)
{
	char buf[4096];
	ssize_t n;
	while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
		sbuf_add(out, buf, (size_t)n);
	close(fd);
	int status = 0;
	if (out->len > 12 && sscanf(sbuf_str(out), "HTTP/1.%*d %d", &status) != 1)
		status = 0;
	return status;
}

static int phone_request(struct phone *ph, const char *method, const char *route,
			 const char *body, struct sbuf *out)
{
	int fd = phone_send(ph, method, route, body);
	return fd < 0 ? 0 : phone_answer(fd, out);
}

/* Copies the TOKEN_CHARS characters after mark in text into to. */
static bool token_after(const char *text, const char *mark, char *to, size_t size)
{
	const char *at = strstr(text, mark);
	if (at == NULL)
		return false;
	at += strlen(mark);
	size_t n = strcspn(at, "\";\r\n& ");
	if (n == 0 || n >= size)
		return false;
	memcpy(to, at, n);
	to[n] = '\0';
	return true;
}

static bool phone_failed(struct phone *ph, const char *what, const struct sbuf *answer)
{
	const char *body = answer ? strstr(sbuf_str(answer), "\r\n\r\n") : NULL;
	snprintf(ph->why, sizeof ph->why, "%s%s%.100s", what, body ? ": " : "", body ? body + 4 : "");
	ph->failed = true;
	return false;
}

static bool phone_join(struct phone *ph)
{
	struct sbuf a = SBUF_INIT;
	char body[128];
	bool ok = phone_request(ph, "GET", "", NULL, &a) == 200 &&
		  token_after(sbuf_str(&a), "name=\"csrf\" value=\"", ph->csrf, sizeof ph->csrf);
	if (!ok)
		return phone_failed(ph, "the page", &a);
	snprintf(body, sizeof body, "csrf=%s&pick=%lld", ph->csrf, (long long)ph->participant);
	sbuf_reset(&a);
	ok = phone_request(ph, "POST", "join", body, &a) == 200 &&
	     token_after(sbuf_str(&a), "improv_device=", ph->device, sizeof ph->device) &&
	     token_after(sbuf_str(&a), "\"csrf\": \"", ph->csrf, sizeof ph->csrf) &&
	     strstr(sbuf_str(&a), "\"state\": \"joined\"") != NULL;
	if (!ok)
		return phone_failed(ph, "joining", &a);
	sbuf_free(&a);
	return true;
}

static void vote_body(const struct phone *ph, char *out, size_t size)
{
	int dots[STEPS];
	dots_of(ph->k, dots);
	size_t n = (size_t)snprintf(out, size, "csrf=%s", ph->csrf);
	for (size_t c = 0; c < STEPS && n < size; c++)
		if (dots[c])
			n += (size_t)snprintf(out + n, size - n, "&c%zu=%d", c, dots[c]);
}

static bool phone_vote(struct phone *ph)
{
	char body[256];
	vote_body(ph, body, sizeof body);
	struct sbuf a = SBUF_INIT;
	double t = now_ms();
	int status = phone_request(ph, "POST", "vote", body, &a);
	ph->vote_ms = now_ms() - t;
	ph->told_saved = status == 200 && strstr(sbuf_str(&a), "\"voted\": true") != NULL;
	if (!ph->told_saved)
		return phone_failed(ph, "casting", &a);
	token_after(sbuf_str(&a), "\"v\": \"", ph->version, sizeof ph->version);
	sbuf_reset(&a);
	ph->second = phone_request(ph, "POST", "vote", body, &a);
	sbuf_free(&a);
	return true;
}

static void *phone_run(void *arg)
{
	struct phone *ph = arg;
	/* Real phones bring their own processors: here they take what improv
	 * and the keys leave, so that what is measured is improv's, not the
	 * load's, use of this machine. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
	sleep_ms(ph->start_at - now_ms());
	if (phone_join(ph) && phone_vote(ph)) {
		char route[64];
		snprintf(route, sizeof route, "events?v=%s", ph->version);
		ph->held = phone_send(ph, "GET", route, NULL);
	}
	return NULL;
}

/* ---- keys on the screen, during the storm ---- */

struct keys {
	struct screen *sc;
	atomic_bool stop;
	double worst_ms;
	int pressed, missed;
};

/* Opens the help and closes it again (any key does), over and over:
 * each key's frame is known by a text it alone brings. */
static void *keys_run(void *arg)
{
	struct keys *kp = arg;
	static const struct {
		const char *key, *frame;
	} turns[] = {{"?", "Keys that work here"}, {"?", "have voted"}};
	size_t turn = 0;
	while (!atomic_load(&kp->stop)) {
		size_t from = kp->sc->seen.len;
		double t = now_ms();
		screen_keys(kp->sc, turns[turn].key);
		if (screen_wait(kp->sc, from, turns[turn].frame, 2000) == 0) {
			kp->missed++;
		} else {
			double ms = now_ms() - t;
			kp->worst_ms = ms > kp->worst_ms ? ms : kp->worst_ms;
		}
		kp->pressed++;
		turn = (turn + 1) % 2;
		sleep_ms(KEY_EVERY_MS);
	}
	return NULL;
}

/* ---- the file afterwards ---- */

struct verdict {
	int cast, lost, twice, half;    /* half: totals no voter set explains */
	int unrefused;                  /* second casts not answered 409 */
	int extra;                      /* voters in the file no phone was told of */
	bool intact;                    /* integrity_check */
	bool anonymous;                 /* no row of the file ties a person to dots */
};

/* Whether the first column of the first row sql gives on the file reads
 * want. */
static bool file_says(const char *db, const char *sql, const char *want)
{
	sqlite3 *h;
	bool ok = false;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
			const unsigned char *text = sqlite3_step(q) == SQLITE_ROW
							    ? sqlite3_column_text(q, 0) : NULL;
			ok = text && strcmp((const char *)text, want) == 0;
			sqlite3_finalize(q);
		}
	}
	sqlite3_close(h);
	return ok;
}

static void judge(const struct room_session *rs, const struct phone *phones, struct verdict *v)
{
	*v = (struct verdict){
		.intact = file_says(rs->db, "PRAGMA integrity_check", "ok"),
		.anonymous = file_says(rs->db, "SELECT count(*) FROM ballot_choices", "0"),
	};
	struct store *st;
	struct session *s;
	struct error err = {0};
	const struct store_options ro = {.reads_only = true};
	must(store_open(rs->db, &ro, &st, &err), &err, "reading the file back");
	must(store_load_session(st, rs->id, &s, &err), &err, "reading the session back");
	store_close(st);
	const struct ballot *b = &s->ballots[rs->ballot];
	long expected[STEPS] = {0};
	for (size_t k = 0; k < PHONES; k++) {
		bool in_file = ballot_has_voted(b, rs->ids[k]);
		v->cast += phones[k].told_saved;
		v->lost += phones[k].told_saved && !in_file;
		v->twice += phones[k].second == 200;
		v->unrefused += phones[k].told_saved && phones[k].second != 409;
		int dots[STEPS];
		dots_of(k, dots);
		for (size_t c = 0; in_file && c < STEPS; c++)
			expected[c] += dots[c];
	}
	for (size_t c = 0; c < STEPS; c++)
		v->half += b->points[c] != expected[c];
	v->extra = (int)b->nvoters - (v->cast - v->lost);
	session_free(s);
}

/* ---- a run ---- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof sa;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		die("no free port on loopback");
	close(fd);
	return ntohs(sa.sin_port);
}

/* Starts improv on the session, opens the room and the ballot's lobby;
 * the room's token in token. */
static void screen_up(struct screen *sc, const struct room_session *rs, const char *improv,
		      int port, char token[TOKEN_CHARS + 1])
{
	screen_start(sc, rs, improv, port);
	size_t at = screen_wait(sc, 0, "Steps", WAIT_MS);
	if (at == 0)
		die("improv did not show the session");
	screen_keys(sc, "J");
	char mark[64];
	snprintf(mark, sizeof mark, "127.0.0.1:%d/r/", port);
	at = screen_wait(sc, at, mark, WAIT_MS);
	if (at == 0 || !screen_wait(sc, at, "/", WAIT_MS) || sc->seen.len < at + TOKEN_CHARS)
		die("the room's address did not appear on the screen");
	memcpy(token, sc->seen.data + at, TOKEN_CHARS);
	token[TOKEN_CHARS] = '\0';
	/* The first key takes the room's QR code away, the second opens the
	 * ballot's lobby. */
	screen_keys(sc, "vv");
	if (screen_wait(sc, at, "have voted", WAIT_MS) == 0)
		die("the ballot's lobby did not appear");
}

static void screen_down(struct screen *sc, bool kill_it)
{
	if (kill_it) {
		kill(sc->pid, SIGKILL);
	} else {
		kill(sc->pid, SIGTERM);
		double deadline = now_ms() + WAIT_MS;
		while (waitpid(sc->pid, NULL, WNOHANG) == 0 && now_ms() < deadline)
			screen_read(sc, 20);
		kill(sc->pid, SIGKILL);
	}
	waitpid(sc->pid, NULL, 0);
	close(sc->fd);
	sbuf_free(&sc->seen);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct storm {
	struct phone phones[PHONES];
	pthread_t threads[PHONES];
	double seconds;
	long rss_kib, peak_kib;
	struct keys keys;
};

/* The phones arrive over SPREAD_MS; with kill_after_ms >= 0 improv is
 * killed that long after the first. */
static void storm(struct storm *sm, const struct room_session *rs, struct screen *sc, int port,
		  const char *token, double kill_after_ms)
{
	double start = now_ms() + 50;
	for (size_t k = 0; k < PHONES; k++) {
		sm->phones[k] = (struct phone){
			.k = k, .port = port, .token = token, .participant = rs->ids[k],
			.start_at = start + (double)k * SPREAD_MS / PHONES, .held = -1,
		};
		if (pthread_create(&sm->threads[k], NULL, phone_run, &sm->phones[k]) != 0)
			die("no thread for phone %zu", k);
	}
	sm->keys = (struct keys){.sc = sc};
	pthread_t keys_thread;
	bool pressing = kill_after_ms < 0;
	if (pressing && pthread_create(&keys_thread, NULL, keys_run, &sm->keys) != 0)
		die("no thread for the keys");
	if (!pressing) {
		while (now_ms() < start + kill_after_ms)
			screen_read(sc, 10);
		screen_down(sc, true);
	}
	for (size_t k = 0; k < PHONES; k++)
		pthread_join(sm->threads[k], NULL);
	sm->seconds = (now_ms() - start) / 1000;
	if (pressing) {
		atomic_store(&sm->keys.stop, true);
		pthread_join(keys_thread, NULL);
		screen_read(sc, 200);
		memory_of(sc->pid, &sm->rss_kib, &sm->peak_kib);
	}
	for (size_t k = 0; k < PHONES; k++)
		if (sm->phones[k].held >= 0)
			close(sm->phones[k].held);
}

/* One round: a fresh session, improv on it with its room open. */
struct round {
	struct room_session rs;
	struct screen sc;
	int port;
	char token[TOKEN_CHARS + 1];
};

static void round_start(struct round *rd, const char *dir, const char *improv)
{
	prepare(&rd->rs, dir);
	rd->port = free_port();
	screen_up(&rd->sc, &rd->rs, improv, rd->port, rd->token);
}

static int load_run(const char *dir, const char *improv)
{
	struct round rd;
	static struct storm sm;
	round_start(&rd, dir, improv);
	storm(&sm, &rd.rs, &rd.sc, rd.port, rd.token, -1);
	screen_down(&rd.sc, false);
	struct verdict v;
	judge(&rd.rs, sm.phones, &v);
	double ms[PHONES];
	size_t n = 0, failed = 0;
	for (size_t k = 0; k < PHONES; k++) {
		if (sm.phones[k].told_saved)
			ms[n++] = sm.phones[k].vote_ms;
		if (sm.phones[k].failed && failed++ < 3)
			fprintf(stderr, "room_load: phone %zu: %s\n", k + 1, sm.phones[k].why);
	}
	qsort(ms, n, sizeof ms[0], by_double);
	double p50 = n ? ms[n / 2] : 0, p99 = n ? ms[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] : 0;
	printf("bench: room_votes phones=%d cast=%d lost=%d double=%d p50_ms=%.1f p99_ms=%.1f "
	       "key_ms=%.1f mem_mib=%.1f seconds=%.1f\n", PHONES, v.cast, v.lost, v.twice, p50, p99,
	       sm.keys.worst_ms, (double)sm.peak_kib / 1024, sm.seconds);
	bool ok = v.cast == PHONES && v.lost == 0 && v.twice == 0 && v.half == 0 && v.intact &&
		  v.anonymous && v.unrefused == 0 && v.extra == 0 && sm.keys.missed == 0;
	if (!ok)
		fprintf(stderr, "room_load: FAILED: cast %d of %d, %d lost, %d twice, %d second casts "
			"not refused, %d voters no phone was told of, %d totals off, integrity %s, "
			"choices of a person in the file: %s, %d of %d keys without their frame\n",
			v.cast, PHONES, v.lost, v.twice, v.unrefused, v.extra, v.half, v.intact ? "ok" : "FAILED",
			v.anonymous ? "none" : "SOME", sm.keys.missed, sm.keys.pressed);
	bool targets = p99 < 100 && sm.keys.worst_ms < 16 && sm.peak_kib < 32 * 1024 &&
		       sm.seconds < STORM_LIMIT_MS / 1000.0;
	if (!targets)
		fprintf(stderr, "room_load: a target is missed: p99 < 100 ms, key < 16 ms, "
			"memory < 32 MiB, all cast within %d s\n", STORM_LIMIT_MS / 1000);
	return ok ? 0 : 1;
}

/* Round after round, improv is killed in the middle of the storm. */
static int kill_runs(const char *dir, const char *improv, int rounds)
{
	int bad = 0;
	for (int r = 0; r < rounds; r++) {
		struct round rd;
		static struct storm sm;
		round_start(&rd, dir, improv);
		double at = 500 + (double)(rand() % (SPREAD_MS - 1000));
		storm(&sm, &rd.rs, &rd.sc, rd.port, rd.token, at);
		struct verdict v;
		judge(&rd.rs, sm.phones, &v);
		bool ok = v.lost == 0 && v.twice == 0 && v.half == 0 && v.intact && v.anonymous;
		printf("room_load: kill -9 after %.0f ms: %d told saved, %d more in the file, %d lost, "
		       "%d twice, %d totals off, integrity %s%s\n", at, v.cast, v.extra, v.lost,
		       v.twice, v.half, v.intact ? "ok" : "FAILED", ok ? "" : "  FAILED");
		bad += !ok;
	}
	printf("room_load: %d of %d kill -9 rounds kept every vote a phone was told was saved\n",
	       rounds - bad, rounds);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		die("usage: room_load DIR IMPROV [--kill ROUNDS | --prepare]");
	signal(SIGPIPE, SIG_IGN);
	srand((unsigned)time(NULL));
	if (argc >= 4 && strcmp(argv[3], "--prepare") == 0) {
		struct room_session rs;
		prepare(&rs, argv[1]);
		printf("%s %lld\n", rs.db, (long long)rs.id);
		return 0;
	}
	if (argc >= 5 && strcmp(argv[3], "--kill") == 0)
		return kill_runs(argv[1], argv[2], atoi(argv[4]));
	return load_run(argv[1], argv[2]);
}
