#include "lib/yaml_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "lib/mem.h"
#include "lib/sanitize.h"

const struct yaml_limits yaml_default_limits = {
	.max_bytes = 4u << 20,
	.max_depth = 32,
	.max_scalar = 64u << 10,
	.max_nodes = 200000,
};

/* A place in the input, both counted from 1. */
struct ypos {
	int line, col;
};

/* A container that is still open, with the capacity of its items or pairs
 * (struct ynode keeps only the count). */
struct frame {
	struct ynode *node;
	size_t cap;
};

struct builder {
	const char *name;
	const struct yaml_limits *limits;
	struct error *err;
	struct ynode *root;
	struct frame *open;     /* innermost last */
	size_t depth, cap;
	size_t nodes;
	size_t documents;
};

/* ---- text that is safe to echo ---- */

static size_t utf8_lead_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	if (c < 0xf5)
		return 4;
	return 0;
}

/* Length of the well-formed UTF-8 character at s (storing it in *cp), or 0
 * when the bytes there are not one. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len = utf8_lead_len(s[0]);
	if (len == 0 || len > n)
		return 0;
	unsigned long c = len == 1 ? s[0] : s[0] & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3fu);
	}
	if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

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
	const unsigned char *s = (const unsigned char *)node->text;
	for (size_t i = 0; i < node->len;) {
		unsigned long cp = 0;
		size_t step = utf8_decode(s + i, node->len - i, &cp);
		bool bad = step == 0 || sanitize_needed((const char *)s + i, step, SANITIZE_LINE);
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
		i += step ? step : 1;
	}
	out[o] = '\0';
	return out;
}

/* ---- positions and messages ---- */

static int from_zero(size_t n)
{
	return n >= (size_t)INT_MAX ? INT_MAX : (int)n + 1;
}

static struct ypos pos_of_mark(yaml_mark_t mark)
{
	return (struct ypos){from_zero(mark.line), from_zero(mark.column)};
}

/* Line and column (in characters, as libyaml counts them) of a byte offset
 * into input that is valid UTF-8 up to that offset. */
static struct ypos pos_of_offset(const char *buf, size_t len, size_t offset)
{
	size_t line = 0, col = 0;
	size_t i = 0;
	if (offset > len)
		offset = len;
	if (offset >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < offset; i++) {
		unsigned char c = (unsigned char)buf[i];
		bool crlf = c == '\r' && i + 1 < offset && buf[i + 1] == '\n';
		if (c == '\n' || (c == '\r' && !crlf)) {
			line++;
			col = 0;
		} else if ((c & 0xc0) != 0x80 && !crlf) {
			col++;
		}
	}
	return (struct ypos){from_zero(line), from_zero(col)};
}

/* libyaml reports a broken UTF-8 sequence at the byte where it noticed,
 * which can be the line break after a Latin-1 letter; a reader wants the
 * character where the sequence began. */
static size_t start_of_problem(const char *buf, size_t len, size_t offset)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	while (i < offset && i < len) {
		unsigned long cp;
		size_t step = utf8_decode(s + i, len - i, &cp);
		if (step == 0 || i + step > offset)
			return i;
		i += step;
	}
	return offset;
}

static enum err_code fail(const struct builder *b, struct ypos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum err_code fail(const struct builder *b, struct ypos at, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(b->err, ERR_DATA, "%s:%d:%d: %s", b->name, at.line, at.col, what);
}

static enum err_code fail_syntax(const struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "the YAML is not well-formed";
	struct ypos at = pos_of_mark(p->problem_mark);
	if (p->context == NULL)
		return fail(b, at, "%s", problem);
	struct ypos ctx = pos_of_mark(p->context_mark);
	return fail(b, at, "%s (%s at %d:%d)", problem, p->context, ctx.line, ctx.col);
}

static enum err_code fail_parser(const struct builder *b, const yaml_parser_t *p,
				 const char *buf, size_t len)
{
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return error_set(b->err, ERR_SOFTWARE, "%s: out of memory while reading", b->name);
	case YAML_READER_ERROR:
		return fail(b, pos_of_offset(buf, len, start_of_problem(buf, len, p->problem_offset)),
			    "%s", p->problem ? p->problem : "the text is not valid UTF-8");
	default:
		return fail_syntax(b, p);
	}
}

/* ---- building the tree ---- */

static struct ynode *node_new(enum ynode_kind kind, struct ypos at)
{
	struct ynode *node = xcalloc(1, sizeof *node);
	node->kind = kind;
	node->line = at.line;
	node->col = at.col;
	return node;
}

static bool awaits_key(const struct ynode *map)
{
	return map->npairs == 0 || map->pairs[map->npairs - 1].value != NULL;
}

static bool at_key(const struct builder *b)
{
	if (b->depth == 0)
		return false;
	const struct ynode *top = b->open[b->depth - 1].node;
	return top->kind == YNODE_MAPPING && awaits_key(top);
}

/* Hangs a new node in the tree at once, so that freeing the root on any
 * error frees it too. */
static void attach(struct builder *b, struct ynode *node)
{
	if (b->depth == 0) {
		b->root = node;
		return;
	}
	struct frame *top = &b->open[b->depth - 1];
	struct ynode *parent = top->node;
	if (parent->kind == YNODE_SEQUENCE) {
		grow(&parent->items, &top->cap, parent->nitems + 1, sizeof *parent->items);
		parent->items[parent->nitems++] = node;
	} else if (awaits_key(parent)) {
		grow(&parent->pairs, &top->cap, parent->npairs + 1, sizeof *parent->pairs);
		parent->pairs[parent->npairs++] = (struct ypair){.key = node, .value = NULL};
	} else {
		parent->pairs[parent->npairs - 1].value = node;
	}
}

static void push(struct builder *b, struct ynode *node)
{
	grow(&b->open, &b->cap, b->depth + 1, sizeof *b->open);
	b->open[b->depth++] = (struct frame){.node = node, .cap = 0};
}

/* Checks shared by scalars, sequences and mappings. */
static enum err_code check_node(struct builder *b, struct ypos at,
				const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor != NULL)
		return fail(b, at, "anchors are not allowed");
	if (tag != NULL)
		return fail(b, at, "tags are not allowed");
	if (++b->nodes > b->limits->max_nodes)
		return fail(b, at, "more than %zu nodes", b->limits->max_nodes);
	return ERR_OK;
}

static enum err_code on_nothing(struct builder *b, const yaml_event_t *ev)
{
	(void)b;
	(void)ev;
	return ERR_OK;
}

static enum err_code on_document_start(struct builder *b, const yaml_event_t *ev)
{
	if (b->documents++ > 0)
		return fail(b, pos_of_mark(ev->start_mark), "only one document is allowed");
	return ERR_OK;
}

static enum err_code on_alias(struct builder *b, const yaml_event_t *ev)
{
	return fail(b, pos_of_mark(ev->start_mark), "aliases are not allowed");
}

static enum err_code on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ypos at = pos_of_mark(ev->start_mark);
	enum err_code rc = check_node(b, at, ev->data.scalar.anchor, ev->data.scalar.tag);
	if (rc != ERR_OK)
		return rc;
	size_t len = ev->data.scalar.length;
	if (len > b->limits->max_scalar)
		return fail(b, at, "a scalar longer than %zu bytes", b->limits->max_scalar);
	struct ynode *node = node_new(YNODE_SCALAR, at);
	node->text = xstrndup((const char *)ev->data.scalar.value, len);
	node->len = len;
	node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	attach(b, node);
	return ERR_OK;
}

static enum err_code open_collection(struct builder *b, const yaml_event_t *ev,
				     enum ynode_kind kind, const yaml_char_t *anchor,
				     const yaml_char_t *tag)
{
	struct ypos at = pos_of_mark(ev->start_mark);
	enum err_code rc = check_node(b, at, anchor, tag);
	if (rc != ERR_OK)
		return rc;
	if (at_key(b))
		return fail(b, at, "a key must be a scalar, not a list or mapping");
	if (b->depth >= b->limits->max_depth)
		return fail(b, at, "nesting deeper than %zu levels", b->limits->max_depth);
	struct ynode *node = node_new(kind, at);
	attach(b, node);
	push(b, node);
	return ERR_OK;
}

static enum err_code on_sequence_start(struct builder *b, const yaml_event_t *ev)
{
	return open_collection(b, ev, YNODE_SEQUENCE, ev->data.sequence_start.anchor,
			       ev->data.sequence_start.tag);
}

static enum err_code on_mapping_start(struct builder *b, const yaml_event_t *ev)
{
	return open_collection(b, ev, YNODE_MAPPING, ev->data.mapping_start.anchor,
			       ev->data.mapping_start.tag);
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

/* The first key, in file order, that repeats an earlier one, or NULL.
 * Sorting keeps a mapping with many keys from taking quadratic time. */
static const struct ynode *first_duplicate(const struct ynode *map)
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

static enum err_code on_collection_end(struct builder *b, const yaml_event_t *ev)
{
	(void)ev;
	const struct ynode *node = b->open[b->depth - 1].node;
	const struct ynode *dup = node->kind == YNODE_MAPPING ? first_duplicate(node) : NULL;
	if (dup != NULL) {
		char echo[YNODE_ECHO_MAX + 1];
		return fail(b, (struct ypos){dup->line, dup->col}, "duplicate key \"%s\"",
			    ynode_echo(dup, echo));
	}
	b->depth--;
	return ERR_OK;
}

typedef enum err_code (*event_handler)(struct builder *b, const yaml_event_t *ev);

static const event_handler handlers[] = {
	[YAML_NO_EVENT] = on_nothing,
	[YAML_STREAM_START_EVENT] = on_nothing,
	[YAML_STREAM_END_EVENT] = on_nothing,
	[YAML_DOCUMENT_START_EVENT] = on_document_start,
	[YAML_DOCUMENT_END_EVENT] = on_nothing,
	[YAML_ALIAS_EVENT] = on_alias,
	[YAML_SCALAR_EVENT] = on_scalar,
	[YAML_SEQUENCE_START_EVENT] = on_sequence_start,
	[YAML_SEQUENCE_END_EVENT] = on_collection_end,
	[YAML_MAPPING_START_EVENT] = on_mapping_start,
	[YAML_MAPPING_END_EVENT] = on_collection_end,
};

static enum err_code on_event(struct builder *b, const yaml_event_t *ev)
{
	size_t type = (size_t)ev->type;
	if (type >= sizeof handlers / sizeof handlers[0] || handlers[type] == NULL)
		return ERR_OK;
	return handlers[type](b, ev);
}

/* Feeds libyaml's events to the builder until the stream ends or either
 * of them finds something wrong. */
static enum err_code parse(struct builder *b, const char *buf, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return error_set(b->err, ERR_SOFTWARE, "%s: out of memory while reading", b->name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	enum err_code rc = ERR_OK;
	bool done = false;
	while (rc == ERR_OK && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = fail_parser(b, &parser, buf, len);
			break;
		}
		rc = on_event(b, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* Nothing at all, or a bare "---", reads as an empty mapping. */
static struct ynode *root_or_empty_mapping(struct ynode *root)
{
	if (root == NULL)
		return node_new(YNODE_MAPPING, (struct ypos){1, 1});
	if (root->kind != YNODE_SCALAR || root->quoted || root->len > 0)
		return root;
	struct ynode *map = node_new(YNODE_MAPPING, (struct ypos){root->line, root->col});
	ynode_free(root);
	return map;
}

static bool starts_utf16(const char *buf, size_t len)
{
	return len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0);
}

enum err_code yaml_read_buffer(const char *name, const char *buf, size_t len,
			       const struct yaml_limits *limits,
			       struct ynode **out, struct error *err)
{
	struct builder b = {
		.name = name,
		.limits = limits ? limits : &yaml_default_limits,
		.err = err,
	};
	*out = NULL;
	if (len == 0)
		buf = "";
	if (len > b.limits->max_bytes)
		return fail(&b, (struct ypos){1, 1}, "the file is larger than %zu bytes",
			    b.limits->max_bytes);
	if (starts_utf16(buf, len))
		return fail(&b, (struct ypos){1, 1}, "the file is UTF-16; save it as UTF-8");
	enum err_code rc = parse(&b, buf, len);
	free(b.open);
	if (rc != ERR_OK) {
		ynode_free(b.root);
		return rc;
	}
	*out = root_or_empty_mapping(b.root);
	return ERR_OK;
}

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
	*out = buf;
	*out_len = len;
	return ERR_OK;
}

static enum err_code read_file(const char *path, size_t max, char **out, size_t *out_len,
			       struct error *err)
{
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

enum err_code yaml_read_file(const char *path, const struct yaml_limits *limits,
			     struct ynode **out, struct error *err)
{
	if (limits == NULL)
		limits = &yaml_default_limits;
	*out = NULL;
	char *buf = NULL;
	size_t len = 0;
	enum err_code rc = read_file(path, limits->max_bytes, &buf, &len, err);
	if (rc != ERR_OK)
		return rc;
	rc = yaml_read_buffer(path, buf, len, limits, out, err);
	free(buf);
	return rc;
}

/* ---- the tree ---- */

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
