#include "lib/ynode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/mem.h"
#include "lib/sanitize.h"
#include "lib/utf8.h"

const struct ynode_limits ynode_default_limits = {
	.max_bytes = 4u << 20,
	.max_depth = 32,
	.max_scalar = 64u << 10,
	.max_nodes = 200000,
};

/* ---- files ---- */

static enum err_code fail_too_large(const char *path, size_t max, struct error *err)
{
	return error_set(err, ERR_DATA, "%s:1:1: the file is larger than %zu bytes", path, max);
}

static enum err_code fail_errno(const char *path, int errnum, struct error *err)
{
	enum err_code code = errnum == ENOENT || errnum == ENOTDIR ? ERR_NOINPUT : ERR_IO;
	return error_set(err, code, "%s: %s", path, strerror(errnum));
}

/* Reads at most max + 1 bytes, so that a file that grew since fstat, or a
 * pipe, is still refused without reading all of it. */
static enum err_code read_all(int fd, const char *path, size_t max, size_t hint,
			      char **out, size_t *out_len, struct error *err)
{
	size_t stop = max < SIZE_MAX ? max + 1 : SIZE_MAX;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	grow(&buf, &cap, (hint < stop ? hint : stop) + 1, 1);
	for (;;) {
		if (len == cap)
			grow(&buf, &cap, len + 1, 1);
		size_t want = cap - len < stop - len ? cap - len : stop - len;
		ssize_t n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int errnum = errno;
			free(buf);
			return fail_errno(path, errnum, err);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			return fail_too_large(path, max, err);
		}
	}
	grow(&buf, &cap, len + 1, 1);
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return ERR_OK;
}

enum err_code ynode_read_file(const char *path, size_t max, char **out, size_t *out_len,
			      struct error *err)
{
	*out = NULL;
	*out_len = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail_errno(path, errno, err);
	struct stat st;
	enum err_code rc;
	if (fstat(fd, &st) != 0)
		rc = fail_errno(path, errno, err);
	else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max)
		rc = fail_too_large(path, max, err);
	else
		rc = read_all(fd, path, max, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			      out, out_len, err);
	close(fd);
	return rc;
}

/* ---- the tree ---- */

struct ynode *ynode_new(enum ynode_kind kind, int line, int col)
{
	struct ynode *node = xcalloc(1, sizeof *node);
	node->kind = kind;
	node->line = line;
	node->col = col;
	return node;
}

void ynode_free(struct ynode *node)
{
	if (node == NULL)
		return;
	for (size_t i = 0; i < node->nitems; i++)
		ynode_free(node->items[i]);
	for (size_t i = 0; i < node->npairs; i++) {
		ynode_free(node->pairs[i].key);
		ynode_free(node->pairs[i].value);
	}
	free(node->items);
	free(node->pairs);
	free(node->text);
	free(node);
}

struct key_ref {
	const struct ynode *key;
	size_t index;
};

static int compare_text(const struct ynode *x, const struct ynode *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);
	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static int compare_key_refs(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = compare_text(x->key, y->key);
	if (c != 0)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Sorting keeps a mapping with many keys from taking quadratic time. */
const struct ynode *ynode_first_duplicate(const struct ynode *map)
{
	size_t n = map->npairs;
	if (n < 2)
		return NULL;
	struct key_ref *refs = xmalloc(n * sizeof *refs);
	for (size_t i = 0; i < n; i++)
		refs[i] = (struct key_ref){.key = map->pairs[i].key, .index = i};
	qsort(refs, n, sizeof *refs, compare_key_refs);
	size_t first = SIZE_MAX;
	for (size_t i = 1; i < n; i++) {
		if (compare_text(refs[i - 1].key, refs[i].key) == 0 && refs[i].index < first)
			first = refs[i].index;
	}
	free(refs);
	return first == SIZE_MAX ? NULL : map->pairs[first].key;
}

/* ---- text that is safe to echo ---- */

/* Cuts out[0..*len) back to at most `max` bytes without splitting a
 * character, and marks the cut with "...". */
static void mark_cut(char *out, size_t *len, size_t max)
{
	size_t o = *len < max - 3 ? *len : max - 3;
	while (o > 0 && o < *len && ((unsigned char)out[o] & 0xc0) == 0x80)
		o--;
	memcpy(out + o, "...", 3);
	*len = o + 3;
}

char *ynode_echo(const struct ynode *node, char out[YNODE_ECHO_MAX + 1])
{
	size_t o = 0;
	if (node == NULL || node->kind != YNODE_SCALAR) {
		out[0] = '\0';
		return out;
	}
	const char *s = node->text;
	for (size_t i = 0; i < node->len;) {
		uint32_t cp = 0;
		size_t step = utf8_decode(s + i, node->len - i, &cp);
		bool bad = cp == UTF8_INVALID || sanitize_needed(s + i, step, SANITIZE_LINE);
		size_t width = bad ? 1 : step;
		if (o + width > YNODE_ECHO_MAX) {
			mark_cut(out, &o, YNODE_ECHO_MAX);
			break;
		}
		if (bad)
			out[o] = '?';
		else
			memcpy(out + o, s + i, step);
		o += width;
		i += step;
	}
	out[o] = '\0';
	return out;
}

/* ---- looking things up ---- */

static bool text_is(const struct ynode *scalar, const char *s)
{
	size_t n = strlen(s);
	return scalar->len == n && memcmp(scalar->text, s, n) == 0;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->npairs; i++) {
		if (text_is(map->pairs[i].key, key))
			return map->pairs[i].value;
	}
	return NULL;
}

bool ynode_is_null(const struct ynode *node)
{
	static const char *const spellings[] = {"", "~", "null", "Null", "NULL"};
	if (node == NULL || node->kind != YNODE_SCALAR || node->quoted)
		return false;
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		if (text_is(node, spellings[i]))
			return true;
	}
	return false;
}

enum err_code ynode_parse_file(const char *path, const struct ynode_limits *limits,
			       ynode_parse_fn parse, struct ynode **out, struct error *err)
{
	if (limits == NULL)
		limits = &ynode_default_limits;
	*out = NULL;
	char *buf = NULL;
	size_t len = 0;
	enum err_code rc = ynode_read_file(path, limits->max_bytes, &buf, &len, err);
	if (rc == ERR_OK)
		rc = parse(path, buf, len, limits, out, err);
	free(buf);
	return rc;
}
