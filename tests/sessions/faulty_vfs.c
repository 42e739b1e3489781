/* A VFS shim over the default one that fails chosen writes and syncs (see
 * faulty_vfs.h). The make rules build each test from one source file, so a
 * test that needs this one includes it: #include "tests/sessions/faulty_vfs.c". */
#include "tests/sessions/faulty_vfs.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

/* Every file this VFS opens: its own methods, then the real file. */
struct faulty_file {
	sqlite3_file base;
	enum fault_file kind;
	sqlite3_file *real;     /* the default VFS's file, right after this struct */
};

static struct {
	sqlite3_vfs *real;
	bool armed;             /* a plan is in force */
	bool failing;           /* the planned fault has happened */
	struct fault_plan plan;
	struct fault_counts counts;
} fv;

static sqlite3_file *real_of(sqlite3_file *f)
{
	return ((struct faulty_file *)f)->real;
}

static enum fault_file kind_of(sqlite3_file *f)
{
	return ((struct faulty_file *)f)->kind;
}

/* Counts the call and says whether it must fail. */
static bool must_fail(enum fault_call call, enum fault_file kind)
{
	unsigned *n = call == FAULT_WRITE  ? fv.counts.writes
		      : call == FAULT_SYNC ? fv.counts.syncs
					   : fv.counts.grows;
	n[FAULT_ANY_FILE]++;
	n[kind]++;
	if (call == FAULT_WRITE) {
		fv.counts.syncs_before_last_write[FAULT_ANY_FILE] = fv.counts.syncs[FAULT_ANY_FILE];
		fv.counts.syncs_before_last_write[kind] = fv.counts.syncs[kind];
	}
	if (!fv.armed)
		return false;
	if (fv.failing && fv.plan.every_later)
		return call != FAULT_SYNC || fv.plan.kind == FAULT_EIO;
	if (fv.failing || call != fv.plan.call)
		return false;
	if (fv.plan.file != FAULT_ANY_FILE && fv.plan.file != kind)
		return false;
	if (n[fv.plan.file] != fv.plan.nth)
		return false;
	fv.failing = true;
	return true;
}

/* ---- the file's methods: all but write and sync pass straight on ---- */

static int f_close(sqlite3_file *f)
{
	return real_of(f)->pMethods->xClose(real_of(f));
}

static int f_read(sqlite3_file *f, void *buf, int amount, sqlite3_int64 offset)
{
	return real_of(f)->pMethods->xRead(real_of(f), buf, amount, offset);
}

/* A full disk takes the first half of the bytes and refuses the rest, as a
 * short write() followed by ENOSPC does; a failing one takes nothing. */
static int f_write(sqlite3_file *f, const void *buf, int amount, sqlite3_int64 offset)
{
	sqlite3_file *real = real_of(f);
	if (!must_fail(FAULT_WRITE, kind_of(f)))
		return real->pMethods->xWrite(real, buf, amount, offset);
	fv.counts.injected++;
	if (fv.plan.kind == FAULT_ENOSPC) {
		if (amount / 2 > 0)
			real->pMethods->xWrite(real, buf, amount / 2, offset);
		errno = ENOSPC;
		return SQLITE_FULL;
	}
	errno = EIO;
	return SQLITE_IOERR_WRITE;
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
	if (!must_fail(FAULT_SYNC, kind_of(f)))
		return real_of(f)->pMethods->xSync(real_of(f), flags);
	fv.counts.injected++;
	errno = fv.plan.kind == FAULT_ENOSPC ? ENOSPC : EIO;
	return SQLITE_IOERR_FSYNC;
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
	return real_of(f)->pMethods->xLock(real_of(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
	return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
	return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int f_file_control(sqlite3_file *f, int op, void *arg)
{
	return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
	return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int f_device_characteristics(sqlite3_file *f)
{
	return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

/* An index that cannot grow is still opened first, as SQLite makes it. */
static int f_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
	sqlite3_file *real = real_of(f);
	if (!extend || !must_fail(FAULT_GROW, kind_of(f)))
		return real->pMethods->xShmMap(real, region, size, extend, out);
	fv.counts.injected++;
	int rc = real->pMethods->xShmMap(real, region, size, 0, out);
	*out = NULL;
	if (rc != SQLITE_OK)
		return rc;
	errno = fv.plan.kind == FAULT_ENOSPC ? ENOSPC : EIO;
	return SQLITE_IOERR_SHMSIZE;
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
	real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int f_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
	return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 offset, void *page)
{
	return real_of(f)->pMethods->xUnfetch(real_of(f), offset, page);
}

static const sqlite3_io_methods faulty_io = {
	.iVersion = 3,
	.xClose = f_close,
	.xRead = f_read,
	.xWrite = f_write,
	.xTruncate = f_truncate,
	.xSync = f_sync,
	.xFileSize = f_file_size,
	.xLock = f_lock,
	.xUnlock = f_unlock,
	.xCheckReservedLock = f_check_reserved,
	.xFileControl = f_file_control,
	.xSectorSize = f_sector_size,
	.xDeviceCharacteristics = f_device_characteristics,
	.xShmMap = f_shm_map,
	.xShmLock = f_shm_lock,
	.xShmBarrier = f_shm_barrier,
	.xShmUnmap = f_shm_unmap,
	.xFetch = f_fetch,
	.xUnfetch = f_unfetch,
};

/* ---- the VFS: opening wraps the file; the rest passes on ---- */

static enum fault_file file_kind(int flags)
{
	if (flags & SQLITE_OPEN_MAIN_DB)
		return FAULT_MAIN_DB;
	if (flags & SQLITE_OPEN_WAL)
		return FAULT_WAL;
	if (flags & SQLITE_OPEN_MAIN_JOURNAL)
		return FAULT_JOURNAL;
	return FAULT_OTHER_FILE;
}

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
		  int *out_flags)
{
	(void)vfs;
	struct faulty_file *f = (struct faulty_file *)file;
	f->real = (sqlite3_file *)(f + 1);
	f->kind = file_kind(flags);
	int rc = fv.real->xOpen(fv.real, name, f->real, flags, out_flags);
	/* SQLite closes a file whose methods are set, even when opening failed. */
	file->pMethods = f->real->pMethods ? &faulty_io : NULL;
	return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return fv.real->xDelete(fv.real, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fv.real->xAccess(fv.real, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out)
{
	(void)vfs;
	return fv.real->xFullPathname(fv.real, name, size, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return fv.real->xDlOpen(fv.real, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int size, char *out)
{
	(void)vfs;
	fv.real->xDlError(fv.real, size, out);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *lib, const char *symbol))(void)
{
	(void)vfs;
	return fv.real->xDlSym(fv.real, lib, symbol);
}

static void v_dl_close(sqlite3_vfs *vfs, void *lib)
{
	(void)vfs;
	fv.real->xDlClose(fv.real, lib);
}

static int v_randomness(sqlite3_vfs *vfs, int size, char *out)
{
	(void)vfs;
	return fv.real->xRandomness(fv.real, size, out);
}

static int v_sleep(sqlite3_vfs *vfs, int microseconds)
{
	(void)vfs;
	return fv.real->xSleep(fv.real, microseconds);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return fv.real->xCurrentTime(fv.real, out);
}

static int v_get_last_error(sqlite3_vfs *vfs, int size, char *out)
{
	(void)vfs;
	return fv.real->xGetLastError(fv.real, size, out);
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return fv.real->xCurrentTimeInt64(fv.real, out);
}

static sqlite3_vfs faulty_vfs = {
	.iVersion = 2,
	.zName = FAULTY_VFS,
	.xOpen = v_open,
	.xDelete = v_delete,
	.xAccess = v_access,
	.xFullPathname = v_full_pathname,
	.xDlOpen = v_dl_open,
	.xDlError = v_dl_error,
	.xDlSym = v_dl_sym,
	.xDlClose = v_dl_close,
	.xRandomness = v_randomness,
	.xSleep = v_sleep,
	.xCurrentTime = v_current_time,
	.xGetLastError = v_get_last_error,
	.xCurrentTimeInt64 = v_current_time_int64,
};

void faulty_vfs_install(void)
{
	if (fv.real)
		return;
	fv.real = sqlite3_vfs_find(NULL);
	faulty_vfs.szOsFile = (int)sizeof(struct faulty_file) + fv.real->szOsFile;
	faulty_vfs.mxPathname = fv.real->mxPathname;
	sqlite3_vfs_register(&faulty_vfs, 0);
}

void faulty_vfs_make_default(bool on)
{
	faulty_vfs_install();
	sqlite3_vfs_register(on ? &faulty_vfs : fv.real, 1);
}

void faulty_vfs_arm(const struct fault_plan *plan)
{
	memset(&fv.counts, 0, sizeof fv.counts);
	fv.plan = *plan;
	fv.armed = true;
	fv.failing = false;
}

void faulty_vfs_count(void)
{
	memset(&fv.counts, 0, sizeof fv.counts);
	fv.armed = false;
	fv.failing = false;
}

void faulty_vfs_disarm(void)
{
	fv.armed = false;
	fv.failing = false;
}

struct fault_counts faulty_vfs_counts(void)
{
	return fv.counts;
}
