#include "lib/yaml_reader.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "lib/mem.h"
#include "lib/utf8.h"

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
	const struct ynode_limits *limits;
	struct error *err;
	struct ynode *root;
	struct frame *open;     /* innermost last */
	size_t depth, cap;
	size_t nodes;
	size_t documents;
};

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
	size_t i = 0;
	while (i < offset && i < len) {
		uint32_t cp;
		size_t step = utf8_decode(buf + i, len - i, &cp);
		if (cp == UTF8_INVALID || i + step > offset)
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
	return ynode_new(kind, at.line, at.col);
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

static enum err_code on_collection_end(struct builder *b, const yaml_event_t *ev)
{
	(void)ev;
	const struct ynode *node = b->open[b->depth - 1].node;
	const struct ynode *dup = node->kind == YNODE_MAPPING ? ynode_first_duplicate(node) : NULL;
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
			       const struct ynode_limits *limits,
			       struct ynode **out, struct error *err)
{
	struct builder b = {
		.name = name,
		.limits = limits ? limits : &ynode_default_limits,
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

enum err_code yaml_read_file(const char *path, const struct ynode_limits *limits,
			     struct ynode **out, struct error *err)
{
	return ynode_parse_file(path, limits, yaml_read_buffer, out, err);
}
