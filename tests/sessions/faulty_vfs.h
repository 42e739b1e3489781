/* faulty_vfs: an SQLite VFS for the tests. It passes every call on to the
 * default VFS and makes the chosen writes or syncs fail the way a full or a
 * failing disk does: ENOSPC (the write stops halfway and SQLite gets
 * SQLITE_FULL) or EIO (SQLITE_IOERR_WRITE; a sync fails as
 * SQLITE_IOERR_FSYNC, whatever the reason, as the unix VFS reports it).
 * Test code only: a store uses it through store_options.vfs. */
#ifndef IMPROV_TESTS_FAULTY_VFS_H
#define IMPROV_TESTS_FAULTY_VFS_H

#include <stdbool.h>

#define FAULTY_VFS "improv-faulty"

enum fault_kind { FAULT_ENOSPC, FAULT_EIO, FAULT_KIND_COUNT };
/* FAULT_GROW: growing the log's index (an xShmMap that extends it), which
 * on a full disk fails as SQLITE_IOERR_SHMSIZE and leaves the index file
 * as SQLite first made it, 3 bytes long. */
enum fault_call { FAULT_WRITE, FAULT_SYNC, FAULT_GROW };
/* The files SQLite opens, told apart by the flags it opens them with. */
enum fault_file { FAULT_ANY_FILE, FAULT_MAIN_DB, FAULT_WAL, FAULT_JOURNAL, FAULT_OTHER_FILE,
		  FAULT_FILE_COUNT };

struct fault_plan {
	enum fault_kind kind;
	enum fault_call call;   /* which calls are counted */
	enum fault_file file;   /* on which files */
	unsigned nth;           /* the nth counted call after arming fails; 1: the first */
	bool every_later;       /* from then on every write and every growth of the
				 * index fails too (and with EIO every sync): the
				 * disk stays full or broken */
};

/* What the files saw since the last arm or count: calls by file
 * ([FAULT_ANY_FILE] is the sum), how many syncs came before a file's last
 * write (a log's commit frame is its last write, so its next sync is the
 * commit's), and how many calls were made to fail. */
struct fault_counts {
	unsigned writes[FAULT_FILE_COUNT];
	unsigned syncs[FAULT_FILE_COUNT];
	unsigned grows[FAULT_FILE_COUNT];
	unsigned syncs_before_last_write[FAULT_FILE_COUNT];
	unsigned injected;
};

/* Registers the VFS under FAULTY_VFS (not as the default); once is enough,
 * more is harmless. */
void faulty_vfs_install(void);
/* Makes the VFS every connection's default (true) or gives the default
 * back (false): for code that opens its own connections. */
void faulty_vfs_make_default(bool on);
/* Counts from zero and fails the calls the plan names. */
void faulty_vfs_arm(const struct fault_plan *plan);
/* Counts from zero and fails nothing: a dry run that tells how many writes
 * and syncs a change makes. */
void faulty_vfs_count(void);
/* Space returns: nothing fails from here on; counting goes on. */
void faulty_vfs_disarm(void);
struct fault_counts faulty_vfs_counts(void);

#endif
