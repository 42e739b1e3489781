/* tui: the workshop screen. The one entry point for the rest of the
 * program; curses stays inside tui/. */
#ifndef IMPROV_TUI_TUI_H
#define IMPROV_TUI_TUI_H

#include <stdbool.h>
#include <stdint.h>

struct tui_options {
	const char *db_path;
	const char *theme;      /* a theme key, or NULL for the default */
	bool no_color;          /* --no-color; NO_COLOR is read here too */
	int64_t open_id;        /* open this session at once, or 0 for home */
	const char *listen;     /* where the room listens (ADDR[:PORT]); NULL: the default */
	const char *vfs;        /* the store's SQLite VFS; NULL: the default (tests set
				 * one that fails writes on purpose) */
};

/* Runs the screen until the facilitator quits; returns the exit status. */
int tui_run(const struct tui_options *opts);

#endif
