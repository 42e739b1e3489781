/* The file as it is on disk, read before SQLite touches it: the header of
 * the database, and what its write-ahead log says of page 1, so that a file
 * refused for what it or its log holds keeps every byte. */
#include "sessions/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/mem.h"
#include "sessions/store_internal.h"

/* ---- opening: check the file before SQLite touches it ---- */

enum { HEADER_SIZE = 100 };

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* The header's verdict on a file of size bytes whose first got bytes are h. */
static enum store_header judge_header(const unsigned char *h, ssize_t got, off_t size,
				      int max_version, char why[STORE_WHY_SIZE])
{
	if (size == 0)
		return STORE_HEADER_NEW;
	/* A header wiped to zeros is what a failing disk or file system leaves
	 * of a database; no other kind of file starts so. */
	if (got == HEADER_SIZE && all_zero(h, HEADER_SIZE)) {
		snprintf(why, STORE_WHY_SIZE, "its header is all zeros");
		return STORE_HEADER_DAMAGED;
	}
	if (got < HEADER_SIZE || memcmp(h, "SQLite format 3", 16) != 0) {
		snprintf(why, STORE_WHY_SIZE, "not SQLite at all");
		return STORE_HEADER_NOT_SQLITE;
	}
	if (be32(h + 68) != STORE_APPLICATION_ID)
		return STORE_HEADER_FOREIGN;
	unsigned page = (unsigned)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0) {
		snprintf(why, STORE_WHY_SIZE, "bad page size in the header");
		return STORE_HEADER_DAMAGED;
	}
	/* SQLite trusts the file's size when the header's page count is unset,
	 * as versions before 3.7.0 left it. An improv file has an application
	 * id, which needs 3.7.17 or later: an unset count is damage, and with
	 * it a truncated file would pass. */
	uint64_t pages = be32(h + 28);
	if (pages == 0 || be32(h + 92) != be32(h + 24)) {
		snprintf(why, STORE_WHY_SIZE, "no valid page count in the header");
		return STORE_HEADER_DAMAGED;
	}
	if ((uint64_t)size % page != 0 || pages * page > (uint64_t)size) {
		snprintf(why, STORE_WHY_SIZE, "truncated: %lld bytes, %llu expected",
			 (long long)size, (unsigned long long)(pages * page));
		return STORE_HEADER_DAMAGED;
	}
	int version = (int)be32(h + 60);
	if (version > max_version) {
		snprintf(why, STORE_WHY_SIZE, "schema %d; this one knows up to %d", version,
			 max_version);
		return STORE_HEADER_NEWER;
	}
	return STORE_HEADER_OK;
}

/* The status each verdict refuses a file with (unreadable: by errno). */
static const enum err_code header_codes[] = {
	[STORE_HEADER_OK] = ERR_OK,
	[STORE_HEADER_NEW] = ERR_OK,
	[STORE_HEADER_UNREADABLE] = ERR_IO,
	[STORE_HEADER_NOT_SQLITE] = ERR_DATA,
	[STORE_HEADER_FOREIGN] = ERR_DATA,
	[STORE_HEADER_DAMAGED] = ERR_DATA,
	[STORE_HEADER_NEWER] = ERR_BUSY,
	[STORE_HEADER_NOT_FILE] = ERR_DATA,
};

/* ---- the write-ahead log, read without SQLite ----
 *
 * A change not yet checkpointed lives in <db>-wal; SQLite opening the file
 * would read it and, on closing, copy it into the file. What the log says
 * of page 1 (the schema version, the application id) is read here first,
 * so that a file refused for what its log holds keeps every byte. */

enum { WAL_HEADER_SIZE = 32, WAL_FRAME_HEADER_SIZE = 24 };

struct wal_sum {
	uint32_t s0, s1;
	bool big_endian;
};

static uint32_t word_at(const unsigned char *p, bool big_endian)
{
	return big_endian ? be32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
					      (uint32_t)p[1] << 8 | p[0];
}

/* SQLite's checksum of a WAL header or frame: over 32-bit words in pairs. */
static void wal_checksum(struct wal_sum *sum, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		sum->s0 += word_at(p + i, sum->big_endian) + sum->s1;
		sum->s1 += word_at(p + i + 4, sum->big_endian) + sum->s0;
	}
}

/* The newest committed copy of page 1 in the log open on fd: its first
 * HEADER_SIZE bytes in p1. False when the log holds none (or no log). */
static bool wal_page_one(int fd, unsigned char p1[HEADER_SIZE])
{
	unsigned char h[WAL_HEADER_SIZE];
	if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return false;
	uint32_t magic = be32(h), page = be32(h + 8);
	if ((magic & 0xfffffffe) != 0x377f0682 || page < 512 || page > 65536 ||
	    (page & (page - 1)) != 0)
		return false;
	struct wal_sum sum = {0, 0, magic & 1};
	wal_checksum(&sum, h, 24);
	if (sum.s0 != be32(h + 24) || sum.s1 != be32(h + 28))
		return false;
	unsigned char *frame = xmalloc(WAL_FRAME_HEADER_SIZE + page);
	bool found = false, pending = false;
	unsigned char seen[HEADER_SIZE];
	for (off_t at = WAL_HEADER_SIZE;; at += WAL_FRAME_HEADER_SIZE + page) {
		if (pread(fd, frame, WAL_FRAME_HEADER_SIZE + page, at) !=
		    (ssize_t)(WAL_FRAME_HEADER_SIZE + page))
			break;
		if (memcmp(frame + 8, h + 16, 8) != 0)
			break;          /* salts of an older log: the end */
		wal_checksum(&sum, frame, 8);
		wal_checksum(&sum, frame + WAL_FRAME_HEADER_SIZE, page);
		if (sum.s0 != be32(frame + 16) || sum.s1 != be32(frame + 20))
			break;
		if (be32(frame) == 1) {
			memcpy(seen, frame + WAL_FRAME_HEADER_SIZE, HEADER_SIZE);
			pending = true;
		}
		if (be32(frame + 4) != 0 && pending) {  /* a commit */
			memcpy(p1, seen, HEADER_SIZE);
			found = true;
			pending = false;
		}
	}
	free(frame);
	return found;
}

/* Opens a file that must be a regular one, or missing: never a link (the
 * path itself is checked, not what it names), and never waiting on a FIFO
 * or a device. -1 with errno set otherwise (ELOOP: a link; EINVAL: not a
 * regular file). */
static int open_regular(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0)
		return -1;
	int bad = fstat(fd, &sb) != 0 ? errno : S_ISREG(sb.st_mode) ? 0 : EINVAL;
	if (bad) {
		int saved = bad;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* The version and identity the log gives page 1, judged as the header's. */
static enum store_header judge_log(const char *path, int max_version, char why[STORE_WHY_SIZE])
{
	struct sbuf name = SBUF_INIT;
	sbuf_addf(&name, "%s-wal", path);
	int fd = open_regular(sbuf_str(&name));
	sbuf_free(&name);
	unsigned char p1[HEADER_SIZE];
	bool found = fd >= 0 && wal_page_one(fd, p1);
	if (fd >= 0)
		close(fd);
	if (!found)
		return STORE_HEADER_OK;
	if (be32(p1 + 68) != STORE_APPLICATION_ID)
		return STORE_HEADER_FOREIGN;
	int version = (int)be32(p1 + 60);
	if (version > max_version) {
		snprintf(why, STORE_WHY_SIZE, "schema %d in its write-ahead log; this one knows "
			 "up to %d", version, max_version);
		return STORE_HEADER_NEWER;
	}
	return STORE_HEADER_OK;
}

/* Why a path that is there is not a file improv opens. */
static enum store_header not_a_file(const char *path, char why[STORE_WHY_SIZE])
{
	struct stat sb;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		snprintf(why, STORE_WHY_SIZE, "a symbolic link; improv does not follow links: "
			 "name the file itself");
	else if (S_ISDIR(sb.st_mode))
		snprintf(why, STORE_WHY_SIZE, "a folder, not a file");
	else
		snprintf(why, STORE_WHY_SIZE, "not a regular file");
	return STORE_HEADER_NOT_FILE;
}

enum err_code store_inspect(const char *path, int max_version, enum store_header *state,
			    char why[STORE_WHY_SIZE])
{
	why[0] = '\0';
	int fd = open_regular(path);
	if (fd < 0) {
		int saved = errno;
		*state = saved == ENOENT ? STORE_HEADER_NEW : STORE_HEADER_UNREADABLE;
		if (saved == ENOENT)
			return ERR_OK;
		if (saved == ELOOP || saved == EINVAL || saved == EISDIR) {
			*state = not_a_file(path, why);
			return ERR_DATA;
		}
		snprintf(why, STORE_WHY_SIZE, "%s", strerror(saved));
		return saved == EACCES ? ERR_IO : ERR_NOINPUT;
	}
	struct stat sb;
	unsigned char h[HEADER_SIZE];
	ssize_t got = fstat(fd, &sb) == 0 ? read(fd, h, sizeof h) : -1;
	int saved = errno;
	close(fd);
	if (got < 0) {
		*state = STORE_HEADER_UNREADABLE;
		snprintf(why, STORE_WHY_SIZE, "%s", strerror(saved));
		return ERR_IO;
	}
	*state = judge_header(h, got, sb.st_size, max_version, why);
	if (*state == STORE_HEADER_OK)
		*state = judge_log(path, max_version, why);
	return header_codes[*state];
}

/* How store_open words each refusal: the path, then why between these. */
static const struct {
	const char *before, *after;
} header_words[] = {
	[STORE_HEADER_OK] = {"", ""},
	[STORE_HEADER_NEW] = {"", ""},
	[STORE_HEADER_UNREADABLE] = {"", ""},
	[STORE_HEADER_NOT_SQLITE] = {"not an improv database (", "); left untouched; if it "
				     "held your workshops, run 'improv doctor'"},
	[STORE_HEADER_FOREIGN] = {"an SQLite database, but not improv's", "; left untouched"},
	[STORE_HEADER_DAMAGED] = {"damaged (", "); left untouched, run 'improv doctor'"},
	[STORE_HEADER_NEWER] = {"made by a newer improv (", "); left untouched"},
	[STORE_HEADER_NOT_FILE] = {"", "; left untouched"},
};

/* Reads what the first page says about the file. *is_new is set for a
 * missing or empty file, which is safe to build a database in. */
enum err_code store_check_header(const char *path, int max_version, bool *is_new,
				 struct error *err)
{
	enum store_header state;
	char why[STORE_WHY_SIZE];
	enum err_code code = store_inspect(path, max_version, &state, why);
	*is_new = state == STORE_HEADER_NEW;
	if (code == ERR_OK)
		return ERR_OK;
	return error_set(err, code, "%s: %s%s%s", path, header_words[state].before, why,
			 header_words[state].after);
}
