/* cells: a screen as curses holds it (every cell's characters, attributes
 * and colour pair, with the pairs' colours) written to a file, and drawn
 * again by bare ncurses in another process: the floor of a frame draws the
 * very cells improv drew, not a plainer screen. */
#ifndef IMPROV_BENCH_CELLS_H
#define IMPROV_BENCH_CELLS_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

struct app;

struct cells_run {
	int y, x;
	attr_t attrs;
	int pair;
	char *text;             /* UTF-8, one row's cells of the same look */
};

struct cells_pair {
	int pair, fg, bg;
};

struct cells {
	struct cells_run *runs;
	size_t nruns;
	struct cells_pair *pairs;
	size_t npairs;
};

/* Writes the current screen's stdscr to path. */
enum err_code cells_capture(const char *path, struct error *err) __attribute__((nonnull(1)));
/* On app's screen (the current one): session id opened afresh and its
 * first frame written to session_path, then home and its frame to
 * home_path, as `improv open ID` and then q show them; *session_end gets
 * the session frame's last word (see cells_last_word, NULL when there is
 * none to wait for). */
enum err_code cells_open_and_home(struct app *app, int64_t id, const char *session_path,
				  const char *home_path, char **session_end, struct error *err)
	__attribute__((nonnull(1, 3, 4, 5)));
/* Reads what cells_capture wrote; false when it cannot. */
bool cells_load(const char *path, struct cells *f) __attribute__((nonnull));
/* On the current screen, colours started: the frame's colour pairs made. */
void cells_colours(const struct cells *f) __attribute__((nonnull));
/* Every run drawn over an erased stdscr (no refresh). */
void cells_draw(const struct cells *f) __attribute__((nonnull));
/* The last word of the last row with text: what a run waits for to know
 * the frame has arrived; NULL when another row has it too. The caller
 * frees it. */
char *cells_last_word(const struct cells *f) __attribute__((nonnull));
void cells_free(struct cells *f) __attribute__((nonnull));

#endif
