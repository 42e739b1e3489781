/* doctor: what `improv doctor` does. Checks a database without writing to
 * it (the header, then SQLite's integrity and foreign key checks on a
 * read-only connection) and says what is wrong in plain words; lists the
 * backups beside it; writes a fresh backup of a sound database; and puts a
 * sound backup in place of a damaged database, which is kept aside. */
#ifndef IMPROV_SESSIONS_DOCTOR_H
#define IMPROV_SESSIONS_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"

#define DOCTOR_PROBLEMS_SHOWN 5      /* problems kept in words */
#define DOCTOR_PROBLEMS_COUNTED 100  /* SQLite stops counting here */

enum doctor_verdict {
	DOCTOR_UNKNOWN,         /* not examined: missing, unreadable, in use */
	DOCTOR_SOUND,
	DOCTOR_DAMAGED,         /* in its header or inside */
	DOCTOR_NOT_IMPROV,      /* not a database, or another program's */
	DOCTOR_NEWER,           /* made by a newer improv: not checked */
	DOCTOR_FOREIGN,         /* sound, but holds triggers or views improv did not make */
};

struct doctor_backup {
	char *path;
	time_t mtime;
	long mtime_nsec;
	int64_t size;
};

struct doctor_report {
	enum doctor_verdict verdict;
	char why[512];              /* what stopped the check (as long as an error), or "" */
	int schema;                 /* -1: not known */
	int64_t sessions;           /* -1: could not be counted */
	int64_t size;               /* bytes; -1: no file */
	size_t nproblems;           /* found by SQLite, up to DOCTOR_PROBLEMS_COUNTED */
	char *problems[DOCTOR_PROBLEMS_SHOWN];  /* the first ones, in plain words */
	char *foreign;              /* "trigger spy, view v": what improv did not make, or NULL */
	char *backup;               /* the backup written now, or NULL */
	struct doctor_backup *backups;          /* beside the file, newest first */
	size_t nbackups;
};

/* Examines the database at path without writing to it and, when it is
 * sound and write_backup is set, writes a fresh backup beside it. The
 * backups beside it are listed whatever the outcome. Returns ERR_OK when
 * sound, ERR_DATA when damaged or not improv's, ERR_BUSY when newer (the
 * verdict says which, r->why or r->problems how). Otherwise the verdict is
 * DOCTOR_UNKNOWN and err says why: ERR_NOINPUT for a missing or empty
 * file, ERR_IO when it cannot be read, ERR_BUSY when it is locked; and
 * ERR_IO with the verdict DOCTOR_SOUND when the backup failed.
 * Free the report with doctor_report_free whatever the outcome. */
enum err_code doctor_examine(const char *path, bool write_backup, struct doctor_report *r,
			     struct error *err) __attribute__((nonnull(1, 3)));
void doctor_report_free(struct doctor_report *r);

/* Removes the triggers and views improv did not make from the sound
 * database at path, in one transaction, after a backup (whose name is put
 * in r->backup; r->foreign names what was removed). ERR_USAGE when there is
 * nothing to remove; otherwise the errors of doctor_examine. */
enum err_code doctor_remove_foreign(const char *path, struct doctor_report *r,
				    struct error *err) __attribute__((nonnull(1, 2)));

struct doctor_restored {
	char *aside;        /* where the damaged file is kept; NULL when there was none */
	int schema;         /* of the backup put in place */
	int64_t sessions;
};

/* Puts a copy of backup in place of the database at path: backup must be a
 * sound improv database; the database must be damaged (or not improv's, or
 * missing) and open nowhere else. The damaged file, with any write-ahead
 * log and index beside it, is renamed to <path>.damaged.<time> and never
 * deleted; the copy goes in through a temporary file and a rename. Errors:
 * ERR_NOINPUT (no backup), ERR_DATA (the backup is not sound), ERR_USAGE
 * (the database is sound, or is the backup), ERR_BUSY (in use, or newer),
 * ERR_IO; on error nothing has been moved. Free out with
 * doctor_restored_free. */
enum err_code doctor_restore(const char *path, const char *backup, struct doctor_restored *out,
			     struct error *err) __attribute__((nonnull(1, 2, 3)));
void doctor_restored_free(struct doctor_restored *r);

#endif
