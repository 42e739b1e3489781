/* terminal: runs a program in a pseudo-terminal of a given size, as the
 * facilitator's terminal would, and follows a short script of what to
 * wait for on the screen and which keys to send then. */
#ifndef IMPROV_BENCH_TERMINAL_H
#define IMPROV_BENCH_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* Waits until the text appears in what the program wrote since the
 * previous step, then sends the keys (NULL: none). */
struct terminal_step {
	const char *wait_for;
	const char *send;
};

#define TERMINAL_STEPS 8

struct terminal_run {
	double first_ms;        /* from the fork to the first step's text */
	double step_ms[TERMINAL_STEPS]; /* from the keys before each step to its text */
	long peak_kib;          /* the program's own peak (VmHWM), before the last keys */
	int status;             /* its exit status */
};

/* Runs argv[0] (a path) with argv under a rows x cols pseudo-terminal and
 * follows the steps; the program must end after the last one. ERR_IO when
 * it cannot start, ERR_SOFTWARE when a text does not appear within a few
 * seconds (the program is then killed). */
enum err_code terminal_run(char *const argv[], int rows, int cols,
			   const struct terminal_step *steps, size_t nsteps,
			   struct terminal_run *out, struct error *err)
	__attribute__((nonnull(1, 4, 6), warn_unused_result));

/* The floor of a screen's start: bare ncurses draws the cells improv drew
 * (frames written by cells_capture), until q is pressed: first_path's, or
 * without it the home screen's (home_path) after a connection with the
 * store's settings has read the rows the home screen shows (its visible
 * rows, in its order); r reads them and draws the home screen over what is
 * on screen, as going home from a session does. */
int terminal_bare_frame(const char *db_path, const char *home_path, const char *first_path);

#define TERMINAL_HOME_HINTS "q quit"

#endif
