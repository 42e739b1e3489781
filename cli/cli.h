/* cli: the commands that work without the workshop screen. Each command is
 * a row of one table (name, arguments, summary, function), which also makes
 * the help text. Output holds no escape sequences, and text from the
 * database is sanitized before it is printed. */
#ifndef IMPROV_CLI_CLI_H
#define IMPROV_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/error.h"
#include "lib/sbuf.h"
#include "sessions/store.h"

struct cli {
	const char *db_path;    /* --db, else IMPROV_DB, else NULL: the default */
	const char *theme;
	const char *listen;     /* --listen ADDR[:PORT], for the room */
	bool no_color;
	char *default_db;       /* owned */
	struct store *store;    /* opened by cli_open_store */
};

/* Runs the program's command line; returns the exit status, ERR_IO when
 * the command succeeded but its output could not all be written. */
int cli_main(int argc, char **argv);

/* For main(), first: a closed standard input, output or error is opened on
 * a stand-in, so that no file the program opens takes its place (a closed
 * standard output gets one that refuses writes). */
void cli_guard_streams(void);

/* For main(), last: closes standard output and returns code, or ERR_IO
 * (with one line) when the close failed after a command that succeeded. */
int cli_close_output(int code);

/* Prints "improv: <message>" on one line (sanitized) and returns the code. */
int cli_fail(const struct error *err);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The usage error for an option a command does not know (arg as typed);
 * a global option is told that it goes before the command. */
int cli_unknown_option(const char *command, const char *arg);

/* What a command does with the database it opens. */
enum cli_use {
	CLI_CREATES,            /* writes, and makes the file when it is missing */
	CLI_CHANGES,            /* writes to a file that must exist */
	CLI_READS,              /* only reads a file that must exist; on a full disk
				 * it still reads what it can */
};

/* Opens the database for a command. */
enum err_code cli_open_store(struct cli *cli, enum cli_use use, struct error *err);
const char *cli_db_path(struct cli *cli);

/* Reads a session id from text: ERR_USAGE for anything but a positive integer. */
enum err_code cli_parse_id(const char *text, int64_t *id, struct error *err);

/* Opens the database and loads the session whose id is id_text. */
enum err_code cli_load_session(struct cli *cli, const char *id_text, struct session **s,
			       struct error *err);

/* Whether a person can be asked: standard input and error are a terminal. */
bool cli_on_terminal(void);
/* Asks question (lines separated by '\n', sanitized) on standard error and
 * reads the answer from standard input: true for y or yes. */
bool cli_ask(const char *question) __attribute__((nonnull));

/* Prints text from the database on one line, escaped for the terminal, and
 * fitted to cols display columns when cols > 0. */
void cli_print_text(FILE *out, const char *text, size_t cols);

/* What `improv templates` and `improv themes` list: the installed files
 * of one kind, one line a key. describe prints the rest of key's line
 * (without the newline), or prints nothing and fills err when the file
 * cannot be read; the line then shows the error. */
struct cli_listing {
	const char *command;          /* "templates": for messages */
	enum err_code (*list)(char ***keys, size_t *n, struct error *err);
	void (*list_free)(char **keys, size_t n);
	enum err_code (*describe)(const char *key, FILE *out, struct error *err);
};

/* Runs a listing command given argc (it takes no arguments); returns the
 * exit status. */
int cli_print_listing(const struct cli_listing *listing, int argc);

/* -o of a command that writes a document (NULL or "-": standard output),
 * checked before anything is read: never the database or another SQLite
 * file, and a file or a link that is there only with --force. Returns 0
 * or the exit status of the refusal, which it has printed. */
int cli_check_output(struct cli *cli, const char *command, const char *output, bool force);
/* Writes the document there; returns the exit status. */
int cli_write_output(struct cli *cli, const char *output, bool force, const struct sbuf *out);

/* The commands. */
int cmd_new(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_edit(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_checkin(struct cli *cli, int argc, char **argv);
int cmd_delete(struct cli *cli, int argc, char **argv);
int cmd_compare(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_templates(struct cli *cli, int argc, char **argv);
int cmd_themes(struct cli *cli, int argc, char **argv);
int cmd_doctor(struct cli *cli, int argc, char **argv);

#endif
