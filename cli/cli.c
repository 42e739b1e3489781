#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/paths.h"
#include "lib/sanitize.h"
#include "lib/utf8.h"
#include "room/room.h"
#include "tui/tui.h"

struct command {
	const char *name;
	const char *args;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

static int cmd_open(struct cli *cli, int argc, char **argv);

static const struct command commands[] = {
	{"open", "ID [--listen ADDR[:PORT]]", "the workshop screen, inside session ID", cmd_open},
	{"new", "--title T [--org O] [--unit U] [--level L] [--template K]\n"
		"           [--facilitator F] [--participant NAME]... | --from FILE [options]",
	 "start a workshop; prints its id. --from starts it from a plan (YAML\n"
	 "           naming its template and the dimension keys) or an export; the\n"
	 "           options given with it change what the file says", cmd_new},
	{"list", "[--json]", "sessions, grouped by organization and unit, newest first",
	 cmd_list},
	{"show", "ID [--json]", "a summary of one session", cmd_show},
	{"edit", "ID [--title T] [--org O] [--unit U] [--level L] [--facilitator F]\n"
		 "           [--add-participant NAME]... [--rename-participant OLD=NEW]...\n"
		 "           [--remove-participant NAME]... [--drop-ratings]",
	 "change a session's fields and people at once; a removed person's\n"
	 "           ratings stay counted (marked as left) unless --drop-ratings", cmd_edit},
	{"export", "ID [--format json|yaml|md|html|csv] [--names] [-o FILE [--force]]",
	 "the whole session as a document, or a report (md, html) that shows\n"
	 "           each person's scores only with --names; -o never writes over a database,\n"
	 "           and replaces a file or a symbolic link's file only with --force", cmd_export},
	{"import", "FILE", "a session from YAML or JSON; prints its id", cmd_import},
	{"checkin", "ID [--yes]", "the next iteration of session ID; prints its id. On a terminal\n"
	 "           it first says what is carried and whether ID is still open, and asks", cmd_checkin},
	{"delete", "ID [--series] [--yes]", "session ID and everything in it, for good (it cannot be\n"
	 "           undone); asks on a terminal, and needs --yes without one. A session a\n"
	 "           check-in follows is refused, unless --series deletes its whole series", cmd_delete},
	{"compare", "A B [--json]", "what changed from session A to a later session B",
	 cmd_compare},
	{"report", "--series ID | --org ORG [--unit U]... [--format md|json|html] [-o FILE]",
	 "the picture over many sessions: every iteration of a series, or each\n"
	 "           unit of an organization beside its workshop before, and the whole\n"
	 "           organization's answer to \"is it improving?\"", cmd_report},
	{"templates", "", "the workshop templates installed", cmd_templates},
	{"themes", "", "the colour themes installed", cmd_themes},
	{"doctor", "[--restore BACKUP | --remove-foreign]",
	 "check the database and back it up, put a backup back, or remove\n"
	 "           the triggers and views improv did not make", cmd_doctor},
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void print_help(FILE *out)
{
	fprintf(out, "improv: run a workshop on an organization's learning infrastructure,\n"
		     "and see next quarter whether it improved.\n\n"
		     "usage: improv [--db FILE] [--theme NAME] [--no-color] [--listen ADDR[:PORT]]\n"
		     "           the workshop screen\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "       improv %s %s\n           %s\n", commands[i].name,
			commands[i].args, commands[i].summary);
	fprintf(out, "       improv --help | --version\n\n"
		     "The database is --db FILE, else $IMPROV_DB, else "
		     "$XDG_DATA_HOME/improv/improv.db\n(~/.local/share/improv/improv.db). "
		     "Exit status: 0 ok, 2 usage, 65 bad data,\n66 missing input, 69 busy or "
		     "newer database, 74 I/O error.\n\n"
		     "The room: J in an open session serves a page on the local network; the\n"
		     "participants join from their phones (the URL, a six-digit code or the QR\n"
		     "code on the wall) and rate in private until r reveals. It listens on\n"
		     "--listen ADDR[:PORT], else $IMPROV_LISTEN, else the first non-loopback\n"
		     "IPv4 address, port 8470 (another free port if taken). Plain HTTP: anyone\n"
		     "on the same network can read what passes.\n");
}

int cli_fail(const struct error *err)
{
	char *line = sanitize(err->msg, strlen(err->msg), SANITIZE_LINE);
	fprintf(stderr, "improv: %s\n", line);
	free(line);
	return err->code ? (int)err->code : ERR_SOFTWARE;
}

int cli_usage(const char *fmt, ...)
{
	struct error err;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err.msg, sizeof err.msg, fmt, ap);
	va_end(ap);
	err.code = ERR_USAGE;
	return cli_fail(&err);
}

const char *cli_db_path(struct cli *cli)
{
	if (cli->db_path)
		return cli->db_path;
	const char *env = getenv("IMPROV_DB");
	if (env && *env)
		return env;
	if (cli->default_db == NULL) {
		char *dir = paths_data_dir();
		if (dir == NULL)
			return NULL;
		size_t len = strlen(dir) + sizeof "/improv.db";
		cli->default_db = xmalloc(len);
		snprintf(cli->default_db, len, "%s/improv.db", dir);
		free(dir);
	}
	return cli->default_db;
}

enum err_code cli_open_store(struct cli *cli, enum cli_use use, struct error *err)
{
	const char *path = cli_db_path(cli);
	if (path == NULL)
		return error_set(err, ERR_NOINPUT, "cannot tell where the database lives: "
				 "set HOME, XDG_DATA_HOME or IMPROV_DB, or pass --db FILE");
	if (cli->store)
		return ERR_OK;          /* one connection serves the whole command */
	struct store_options opts = {.must_exist = use != CLI_CREATES,
				     .reads_only = use == CLI_READS};
	return store_open(path, &opts, &cli->store, err);
}

enum err_code cli_parse_id(const char *text, int64_t *id, struct error *err)
{
	char *end;
	long long v = text ? strtoll(text, &end, 10) : 0;
	if (text == NULL || *text == '\0' || *end != '\0' || v <= 0)
		return error_set(err, ERR_USAGE, "a session id is a positive number, not \"%.40s\"",
				 text ? text : "");
	*id = v;
	return ERR_OK;
}

enum err_code cli_load_session(struct cli *cli, const char *id_text, struct session **s,
			       struct error *err)
{
	int64_t id;
	if (cli_parse_id(id_text, &id, err) || cli_open_store(cli, CLI_READS, err))
		return err->code;
	return store_load_session(cli->store, id, s, err);
}

void cli_print_text(FILE *out, const char *text, size_t cols)
{
	struct sbuf clean = SBUF_INIT;
	sanitize_append(&clean, text ? text : "", text ? strlen(text) : 0, SANITIZE_LINE);
	if (cols == 0) {
		fputs(sbuf_str(&clean), out);
	} else {
		struct sbuf fitted = SBUF_INIT;
		utf8_fit(&fitted, sbuf_str(&clean), cols, UTF8_FIT_PAD | UTF8_FIT_ELLIPSIS);
		fputs(sbuf_str(&fitted), out);
		sbuf_free(&fitted);
	}
	sbuf_free(&clean);
}

bool cli_on_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

bool cli_ask(const char *question)
{
	for (const char *p = question; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		cli_print_text(stderr, line, 0);
		free(line);
		fputs(nl ? "\n" : " [y/N] ", stderr);
		p += len + (nl ? 1 : 0);
	}
	fflush(stderr);
	char answer[16] = "";
	if (fgets(answer, sizeof answer, stdin) == NULL)
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0 ||
	       strcmp(answer, "yes") == 0 || strcmp(answer, "Yes") == 0;
}

int cli_print_listing(const struct cli_listing *listing, int argc)
{
	if (argc > 1)
		return cli_usage("%s: takes no arguments", listing->command);
	char **keys;
	size_t n;
	struct error err = {0};
	if (listing->list(&keys, &n, &err))
		return cli_fail(&err);
	for (size_t i = 0; i < n; i++) {
		printf("%-26s ", keys[i]);
		if (listing->describe(keys[i], stdout, &err))
			cli_print_text(stdout, err.msg, 0);
		printf("\n");
	}
	if (n == 0)
		printf("No %s found.\n", listing->command);
	listing->list_free(keys, n);
	return 0;
}

/* ---- the global options: before the command, nowhere else ---- */

static void set_db(struct cli *cli, const char *value)
{
	cli->db_path = value;
}

static void set_theme(struct cli *cli, const char *value)
{
	cli->theme = value;
}

static void set_listen(struct cli *cli, const char *value)
{
	cli->listen = value;
}

static void set_no_color(struct cli *cli, const char *value)
{
	(void)value;
	cli->no_color = true;
}

static const struct global_option {
	const char *name;
	const char *value;      /* what its value is, for messages; NULL: it takes none */
	void (*set)(struct cli *cli, const char *value);
} global_options[] = {
	{"--db", "FILE", set_db},
	{"--theme", "NAME", set_theme},
	{"--no-color", NULL, set_no_color},
	{"--listen", "ADDR[:PORT]", set_listen},
};

enum { NGLOBAL_OPTIONS = sizeof global_options / sizeof global_options[0] };

/* The global option arg names, as "--db" or "--db=FILE"; NULL for others. */
static const struct global_option *global_named(const char *arg)
{
	for (size_t i = 0; i < NGLOBAL_OPTIONS; i++) {
		size_t n = strlen(global_options[i].name);
		if (strncmp(arg, global_options[i].name, n) == 0 &&
		    (arg[n] == '\0' || (arg[n] == '=' && global_options[i].value)))
			return &global_options[i];
	}
	return NULL;
}

/* An option's value is the next word, and a word that looks like an option
 * is taken for a forgotten value rather than for a file or a theme: a file
 * whose name starts with "-" is written ./-name. */
static int take_global_value(const struct global_option *g, const char *value, struct cli *cli)
{
	if (value == NULL || *value == '\0' || *value == '-')
		return cli_usage("%s needs a %s after it", g->name,
				 g->set == set_db ? "file name" : g->set == set_listen
				 ? "address (ADDR or ADDR:PORT)" : "theme name");
	g->set(cli, value);
	return 0;
}

/* Takes the global options that stand before the command out of argv, so
 * that argv[1] is the command and the rest is the command's own: a word
 * after the command, or the value of one of its options, is never taken
 * for a global option. "--" ends the global options. */
static int take_global_options(struct cli *cli, int *argc, char **argv)
{
	int i = 1;
	const struct global_option *g;
	while (i < *argc && (g = global_named(argv[i])) != NULL) {
		const char *eq = strchr(argv[i], '=');
		int code = 0;
		if (g->value == NULL)
			g->set(cli, NULL);
		else if (eq)
			code = take_global_value(g, eq + 1, cli);
		else
			code = take_global_value(g, argv[++i], cli);
		if (code)
			return code;
		i++;
	}
	if (i < *argc && strcmp(argv[i], "--") == 0)
		i++;
	int kept = 1;
	while (i < *argc)
		argv[kept++] = argv[i++];
	*argc = kept;
	argv[kept] = NULL;
	return 0;
}

int cli_unknown_option(const char *command, const char *arg)
{
	const struct global_option *g = global_named(arg);
	if (g)
		return cli_usage("%s: %s goes before the command: improv %s%s%s %s ...", command,
				 g->name, g->name, g->value ? " " : "", g->value ? g->value : "",
				 command);
	char *shown = sanitize(arg, strlen(arg), SANITIZE_LINE);
	int code = cli_usage("%s: unknown or incomplete option %.60s; see improv --help",
			     command, shown);
	free(shown);
	return code;
}

/* The workshop screen, on the home screen or inside one session. */
static int workshop_screen(struct cli *cli, int64_t open_id)
{
	struct error err;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error_set(&err, ERR_USAGE, "the workshop screen needs a terminal; without one use "
			  "new, list, show, export, templates or themes (see improv --help)");
		return cli_fail(&err);
	}
	const char *path = cli_db_path(cli);
	if (path == NULL) {
		error_set(&err, ERR_NOINPUT, "cannot tell where the database lives: set HOME, "
			  "XDG_DATA_HOME or IMPROV_DB, or pass --db FILE");
		return cli_fail(&err);
	}
	const char *listen = cli->listen;
	if (listen == NULL && getenv("IMPROV_LISTEN") && *getenv("IMPROV_LISTEN"))
		listen = getenv("IMPROV_LISTEN");
	if (listen && room_check_listen(listen, &err))
		return cli_fail(&err);
	struct tui_options opts = {.db_path = path, .theme = cli->theme,
				   .no_color = cli->no_color, .open_id = open_id,
				   .listen = listen};
	return tui_run(&opts);
}

static int cmd_open(struct cli *cli, int argc, char **argv)
{
	struct error err;
	int64_t id;
	/* The room's address may follow the id too: improv open 7 --listen ... */
	if (argc == 4 && strcmp(argv[2], "--listen") == 0 && argv[3][0] != '-')
		set_listen(cli, argv[3]);
	else if (argc == 3 && strncmp(argv[2], "--listen=", 9) == 0)
		set_listen(cli, argv[2] + 9);
	else if (argc != 2)
		return cli_usage("open: give one session id, and --listen ADDR[:PORT] if the room "
				 "should listen elsewhere");
	if (cli_parse_id(argv[1], &id, &err))
		return cli_fail(&err);
	return workshop_screen(cli, id);
}

static int dispatch(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return workshop_screen(cli, 0);
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		print_help(stdout);
		return 0;
	}
	if (strcmp(name, "--version") == 0) {
		printf("improv %s\n", IMPROV_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(cli, argc - 1, argv + 1);
	char *shown = sanitize(name, strlen(name), SANITIZE_LINE);
	int code = name[0] == '-'
		   ? cli_usage("%.60s is not an option here: before the command come --db FILE, "
			       "--theme NAME, --no-color and --listen; see improv --help", shown)
		   : cli_usage("'%.60s' is not a command; see improv --help", shown);
	free(shown);
	return code;
}

/* ---- standard output: every result checked, to the last byte ---- */

/* Standard output was closed when the program started (improv ... >&-). */
static bool stdout_was_closed;

void cli_guard_streams(void)
{
	static const struct {
		int fd;
		const char *stand_in;   /* writing to /dev/full fails, as it should */
		int flags;
	} streams[] = {
		{STDIN_FILENO, "/dev/null", O_RDONLY},
		{STDOUT_FILENO, "/dev/full", O_WRONLY},
		{STDERR_FILENO, "/dev/null", O_WRONLY},
	};
	for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++) {
		if (fcntl(streams[i].fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* open takes the lowest free descriptor: this one, as those below are open */
		int fd = open(streams[i].stand_in, streams[i].flags);
		if (fd < 0)
			fd = open("/dev/null", streams[i].flags);
		if (fd >= 0 && fd != streams[i].fd)
			close(fd);
		if (streams[i].fd == STDOUT_FILENO)
			stdout_was_closed = true;
	}
}

/* The status once the output is written: a command that succeeded but
 * whose output did not all arrive fails with ERR_IO; one that failed has
 * said why already. */
static int output_status(int code, bool failed, int saved_errno)
{
	if (!failed || code != 0)
		return code;
	struct error err;
	if (stdout_was_closed)
		error_set(&err, ERR_IO, "%s", "could not write the output: standard output is closed");
	else if (saved_errno)
		error_set(&err, ERR_IO, "could not write the output: %s", strerror(saved_errno));
	else
		error_set(&err, ERR_IO, "%s", "could not write the output");
	return cli_fail(&err);
}

int cli_close_output(int code)
{
	errno = 0;
	bool failed = fclose(stdout) != 0;
	return output_status(code, failed, errno);
}

int cli_main(int argc, char **argv)
{
	struct cli cli = {0};
	int code = take_global_options(&cli, &argc, argv);
	if (code == 0)
		code = dispatch(&cli, argc, argv);
	store_close(cli.store);
	free(cli.default_db);
	/* A write that failed earlier leaves the error flag; one still buffered
	 * fails here. */
	bool failed = ferror(stdout) != 0;
	errno = 0;
	failed = fflush(stdout) != 0 || failed;
	code = output_status(code, failed, errno);
	clearerr(stdout);
	return code;
}
