/* doctor: whether the database is sound, the backups beside it, a fresh
 * backup of a sound one, and a backup put back in place of a damaged one. */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "sessions/doctor.h"

static void print_size(int64_t bytes)
{
	if (bytes < 10 * 1024)
		printf("%" PRId64 " bytes", bytes);
	else if (bytes < 10 * 1024 * 1024)
		printf("%" PRId64 " KiB", (bytes + 512) / 1024);
	else
		printf("%.1f MiB", (double)bytes / (1024 * 1024));
}

static void print_path(const char *path)
{
	cli_print_text(stdout, path, 0);
}

/* The first line: the file and the verdict. */
static void print_verdict(const char *path, const struct doctor_report *r)
{
	static const char *const verdicts[] = {
		[DOCTOR_UNKNOWN] = "not examined",
		[DOCTOR_SOUND] = "ok",
		[DOCTOR_DAMAGED] = "damaged",
		[DOCTOR_NOT_IMPROV] = "not an improv database",
		[DOCTOR_NEWER] = "made by a newer improv",
		[DOCTOR_FOREIGN] = "holds what improv did not make",
	};
	print_path(path);
	printf(": %s", verdicts[r->verdict]);
	if (*r->why) {
		printf(": ");
		cli_print_text(stdout, r->why, 0);
	}
	printf("\n  ");
	if (r->schema >= 0)
		printf("schema %d, ", r->schema);
	if (r->sessions >= 0)
		printf("%" PRId64 " session%s, ", r->sessions, r->sessions == 1 ? "" : "s");
	print_size(r->size);
	printf("\n");
}

static void print_problems(const struct doctor_report *r)
{
	if (r->nproblems == 0)
		return;
	printf("  %s%zu problem%s found by SQLite's checks%s:\n",
	       r->nproblems >= DOCTOR_PROBLEMS_COUNTED ? "at least " : "", r->nproblems,
	       r->nproblems == 1 ? "" : "s", r->nproblems > DOCTOR_PROBLEMS_SHOWN ?
	       ", the first ones" : "");
	for (size_t i = 0; i < r->nproblems && i < DOCTOR_PROBLEMS_SHOWN; i++) {
		printf("  - ");
		cli_print_text(stdout, r->problems[i], 0);
		printf("\n");
	}
}

/* The backups, and for a file that needs one, how to put the newest back. */
static void print_backups(const char *path, const struct doctor_report *r, bool needs_one)
{
	if (r->nbackups == 0) {
		printf("no backups beside it\n");
		if (needs_one && r->nproblems > 0)
			printf("without a backup, 'improv export ID' may still read the sessions "
			       "the damage has not reached\n");
		return;
	}
	printf("backups beside it, newest first:\n");
	for (size_t i = 0; i < r->nbackups; i++) {
		printf("  ");
		print_path(r->backups[i].path);
		printf("  ");
		print_size(r->backups[i].size);
		printf("\n");
	}
	if (!needs_one)
		return;
	printf("to put the newest back (a damaged file is kept beside it, never deleted):\n"
	       "  improv --db ");
	print_path(path);
	printf(" doctor --restore ");
	print_path(r->backups[0].path);
	printf("\n");
}

/* What was planted in the file, and how to remove it. */
static void print_foreign(const char *path, const struct doctor_report *r)
{
	printf("  holds what improv did not make (improv refuses to open it): ");
	cli_print_text(stdout, r->foreign, 0);
	printf("\n  to remove them, after a backup:\n    improv --db ");
	print_path(path);
	printf(" doctor --remove-foreign\n");
}

static int remove_foreign(const char *path)
{
	struct doctor_report r;
	struct error err = {0};
	enum err_code code = doctor_remove_foreign(path, &r, &err);
	if (code == ERR_OK) {
		printf("removed from ");
		print_path(path);
		printf(": ");
		cli_print_text(stdout, r.foreign, 0);
		printf("\n  backup written first: ");
		print_path(r.backup);
		printf("\n");
	} else if (!*err.msg && r.verdict != DOCTOR_UNKNOWN) {
		print_verdict(path, &r);
		print_problems(&r);
		printf("  nothing was removed\n");
	} else {
		cli_fail(&err);
	}
	doctor_report_free(&r);
	return code;
}

static int check(const char *path)
{
	struct doctor_report r;
	struct error err = {0};
	enum err_code code = doctor_examine(path, true, &r, &err);
	if (r.verdict != DOCTOR_UNKNOWN) {
		print_verdict(path, &r);
		print_problems(&r);
		if (r.verdict == DOCTOR_DAMAGED)
			printf("  nothing was written to it, and no backup was made of it\n");
		else if (r.verdict == DOCTOR_FOREIGN)
			print_foreign(path, &r);
		else if (r.verdict == DOCTOR_NEWER)
			printf("  not checked: use the 'improv doctor' of that version\n");
		if (r.backup) {
			printf("  backup written: ");
			print_path(r.backup);
			printf("\n");
		}
	}
	print_backups(path, &r, r.verdict == DOCTOR_DAMAGED || r.verdict == DOCTOR_NOT_IMPROV ||
		      code == ERR_NOINPUT);
	int status = code;
	if (r.verdict == DOCTOR_UNKNOWN || (code && r.verdict == DOCTOR_SOUND))
		status = cli_fail(&err);
	doctor_report_free(&r);
	return status;
}

static int restore(const char *path, const char *backup)
{
	struct doctor_restored done;
	struct error err = {0};
	if (doctor_restore(path, backup, &done, &err))
		return cli_fail(&err);
	printf("restored ");
	print_path(path);
	printf(" from ");
	print_path(backup);
	printf(": schema %d, %" PRId64 " session%s\n", done.schema, done.sessions,
	       done.sessions == 1 ? "" : "s");
	if (done.aside) {
		printf("the damaged file is kept as ");
		print_path(done.aside);
		printf("\n");
	}
	doctor_restored_free(&done);
	return 0;
}

int cmd_doctor(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"restore", required_argument, NULL, 'r'},
		{"remove-foreign", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *backup = NULL;
	bool foreign = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		if (c != 'r' && c != 'f')
			return cli_unknown_option("doctor", argv[optind - 1]);
		if (c == 'r')
			backup = optarg;
		else
			foreign = true;
	}
	if (backup && foreign)
		return cli_usage("doctor: --restore and --remove-foreign go one at a time");
	if (optind < argc)
		return cli_usage("doctor: unexpected argument; a backup to restore follows --restore");
	const char *path = cli_db_path(cli);
	if (path == NULL) {
		struct error err;
		error_set(&err, ERR_NOINPUT, "cannot tell where the database lives: set HOME, "
			  "XDG_DATA_HOME or IMPROV_DB, or pass --db FILE");
		return cli_fail(&err);
	}
	if (foreign)
		return remove_foreign(path);
	return backup ? restore(path, backup) : check(path);
}
