/* screen_fixture: what the screen tests share: a scratch folder whose
 * config folder links to the repository's templates, a database in it with
 * a session of the learning-infrastructure template, the workshop screen
 * started on a terminal nobody sees, keys typed at it, and the screen read
 * back as text. The make rules build each test from one source file, so a
 * screen test includes it: #include "tests/tui/screen_fixture.c". */
#ifndef IMPROV_TESTS_TUI_SCREEN_FIXTURE_H
#define IMPROV_TESTS_TUI_SCREEN_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/ui.h"

struct fixture {
	char dir[64];
	char db[128];
	FILE *out;
	struct app app;
	bool started;           /* ui_start has run and ui_stop has yet to */
	int64_t id;             /* the session the test's setup stored */
};

/* A new folder under /tmp named after prefix, the database path in it, and
 * XDG_CONFIG_HOME pointing at its config folder, whose templates are the
 * repository's. */
static inline void screen_make_scratch(struct fixture *f, const char *prefix);
/* Stops the screen if it runs, closes its output and removes the folder. */
static inline void screen_remove_scratch(struct fixture *f);

/* What every screen test's main does first: the UTF-8 locale, the clock
 * fixed at 2026-11-28 16:00 UTC, NO_COLOR unset and the repository read;
 * false when the current folder cannot be read. */
static inline bool screen_prepare(void);

/* cmocka setup: a fixture in *state with its scratch folder (named after
 * prefix) and a session stored from setup, `fill` (NULL: none) adding to
 * it. Teardown: the screen stopped and the folder removed. */
static inline int screen_setup(void **state, const char *prefix,
			       const struct session_setup *setup, void (*fill)(struct session *s));
static inline int screen_teardown(void **state);

/* Stores a session of the learning-infrastructure template made from
 * setup; `widen` (NULL: none) changes the template first and `fill` (NULL:
 * none) adds to the session before it is stored. Returns its id. */
static inline int64_t screen_store_session(const char *db, const struct session_setup *setup,
				    void (*widen)(struct template *tpl),
				    void (*fill)(struct session *s));

/* Starts the screen at rows x cols on a terminal nobody sees, its store
 * through the SQLite VFS named vfs (NULL: the default), on session open_id
 * (0: home). */
static inline void screen_start(struct fixture *f, int rows, int cols, int64_t open_id,
			 const char *vfs);

/* Each byte of typed as a key, each drawn as the loop draws it (only what
 * changed, where the screen can); then the frame must not differ in one
 * cell from the whole frame drawn afresh, which it is then. Enter alone. */
static inline void keys(struct fixture *f, const char *typed);
static inline void enter(struct fixture *f);
/* After keys drawn as the loop draws them: the screen as curses holds it
 * is the whole frame drawn afresh, cell for cell (characters, attributes,
 * colours); a cell that differs fails the test, both frames told. */
static inline void expect_drawn_afresh(struct fixture *f);

/* The screen as text, one line per row, trailing spaces dropped; the
 * caller frees it. Whether it shows text anywhere. */
static inline char *dump(void);
static inline bool screen_has(const char *text);

/* The screen is the dump stored as tests/tui/screens/NAME.txt (rewritten
 * first when IMPROV_UPDATE_SCREENS=1); the first line that differs is
 * told on stderr. */
static inline void expect_screen(const char *name);

#endif
