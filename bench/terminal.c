#include "bench/terminal.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bare.h"
#include "bench/clock.h"
#include "bench/cells.h"
#include "lib/sbuf.h"

#define WAIT_MS 20000

static bool contains(const struct sbuf *seen, size_t from, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = from; i + n <= seen->len; i++)
		if (memcmp(seen->data + i, text, n) == 0)
			return true;
	return false;
}

/* Reads what the program writes until text appears after `from`; false
 * when it does not within WAIT_MS or the program has gone. */
static bool read_until(int fd, struct sbuf *seen, size_t from, const char *text)
{
	double deadline = clock_ms() + WAIT_MS;
	while (!contains(seen, from, text)) {
		double left = deadline - clock_ms();
		if (left <= 0)
			return false;
		struct pollfd p = {fd, POLLIN, 0};
		int rc = poll(&p, 1, (int)left + 1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return false;
		char buf[4096];
		ssize_t got = read(fd, buf, sizeof buf);
		if (got <= 0)
			return false;
		sbuf_add(seen, buf, (size_t)got);
	}
	return true;
}

/* Reads until the program closes the terminal (EIO on the master). */
static void drain(int fd)
{
	double deadline = clock_ms() + WAIT_MS;
	char buf[4096];
	while (clock_ms() < deadline) {
		struct pollfd p = {fd, POLLIN, 0};
		int rc = poll(&p, 1, 100);
		if (rc > 0 && read(fd, buf, sizeof buf) <= 0)
			return;
	}
}

/* Waits for the program to end, and ends it when it does not. */
static void wait_child(pid_t pid, int *status, struct rusage *ru)
{
	double deadline = clock_ms() + WAIT_MS;
	while (wait4(pid, status, WNOHANG, ru) == 0) {
		if (clock_ms() > deadline) {
			kill(pid, SIGKILL);
			wait4(pid, status, 0, ru);
			return;
		}
		struct timespec pause = {0, 1000000};
		nanosleep(&pause, NULL);
	}
}

/* The program's own peak resident memory: exec gave it a fresh address
 * space, so its VmHWM counts none of the bench's pages (ru_maxrss would:
 * the child inherits them at fork). */
static long own_peak_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static int exit_status(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

enum err_code terminal_run(char *const argv[], int rows, int cols,
			   const struct terminal_step *steps, size_t nsteps,
			   struct terminal_run *out, struct error *err)
{
	struct winsize size = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	int fd;
	double start = clock_ms();
	pid_t pid = forkpty(&fd, NULL, NULL, &size);
	if (pid < 0)
		return error_set(err, ERR_IO, "forkpty: %s", strerror(errno));
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	struct sbuf seen = SBUF_INIT;
	size_t from = 0;
	enum err_code code = ERR_OK;
	double sent = start;
	for (size_t i = 0; code == ERR_OK && i < nsteps; i++) {
		if (!read_until(fd, &seen, from, steps[i].wait_for)) {
			code = error_set(err, ERR_SOFTWARE, "%s: \"%s\" did not appear on the screen",
					 argv[0], steps[i].wait_for);
			break;
		}
		if (i < TERMINAL_STEPS)
			out->step_ms[i] = clock_ms() - sent;
		if (i == 0)
			out->first_ms = out->step_ms[0];
		if (i + 1 == nsteps)
			out->peak_kib = own_peak_kib(pid);
		from = seen.len;
		sent = clock_ms();
		if (steps[i].send && write(fd, steps[i].send, strlen(steps[i].send)) < 0)
			code = error_set(err, ERR_IO, "writing to the terminal: %s", strerror(errno));
	}
	if (code)
		kill(pid, SIGKILL);
	drain(fd);
	int status = 0;
	struct rusage ru = {0};
	wait_child(pid, &status, &ru);
	close(fd);
	out->status = exit_status(status);
	sbuf_free(&seen);
	return code;
}

/* The home screen's order, and the columns of a row it shows. */
static const char home_rows_sql[] =
	"SELECT s.id, s.series_id, s.parent_id, s.iteration, s.title, s.organization,"
	" s.unit, s.template, s.level, s.stage, s.status, s.created_at, s.closed_at"
	" FROM sessions s ORDER BY s.organization COLLATE NOCASE, s.unit COLLATE NOCASE,"
	" s.created_at DESC, s.id DESC LIMIT ?1";

/* The rows the home screen shows, read as it reads them, each column's
 * text taken. */
static void read_home_rows(sqlite3 *db)
{
	sqlite3_stmt *q = bare_prepare(db, home_rows_sql);
	sqlite3_bind_int(q, 1, LINES - 4);
	while (sqlite3_step(q) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(q); i++)
			sqlite3_column_bytes(q, i);
	sqlite3_finalize(q);
}

static void load_frame(const char *path, struct cells *f)
{
	if (!cells_load(path, f)) {
		fprintf(stderr, "bench: %s: no frame to draw\n", path);
		exit(1);
	}
}

int terminal_bare_frame(const char *db_path, const char *home_path, const char *first_path)
{
	setlocale(LC_ALL, "");
	sqlite3 *db = bare_open(db_path);
	struct cells home, first = {0};
	load_frame(home_path, &home);
	if (first_path)
		load_frame(first_path, &first);
	initscr();
	/* The terminal set up as improv sets it up (tui/app.c). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	cells_colours(&home);
	if (first_path) {
		cells_colours(&first);
		cells_draw(&first);
	} else {
		read_home_rows(db);
		cells_draw(&home);
	}
	refresh();
	for (int c = getch(); c != 'q' && c != ERR; c = getch()) {
		if (c != 'r')
			continue;
		/* Over the frame on screen, as going home draws it. */
		read_home_rows(db);
		cells_draw(&home);
		refresh();
	}
	endwin();
	sqlite3_close(db);
	cells_free(&home);
	cells_free(&first);
	return 0;
}
