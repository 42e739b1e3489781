#include "lib/json_reader.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"

#define BOM "\xef\xbb\xbf"
#define WORD_MAX 20                   /* letters of a bare word shown in a message */

/* A place in the input, both counted from 1. */
struct jpos {
	size_t line, col;
};

struct parser {
	const char *name;
	const struct ynode_limits *limits;
	struct error *err;
	const char *buf;
	size_t len;
	size_t pos;                   /* the next byte to read */
	struct jpos at;               /* where that byte is */
	size_t nodes;
	struct sbuf text;             /* the string being decoded */
};

/* ---- positions and messages ---- */

static int clamp(size_t n)
{
	return n > (size_t)INT_MAX ? INT_MAX : (int)n;
}

static enum err_code fail(const struct parser *p, struct jpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum err_code fail(const struct parser *p, struct jpos at, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(p->err, ERR_DATA, "%s:%d:%d: %s", p->name, clamp(at.line), clamp(at.col),
			 what);
}

static bool at_end(const struct parser *p)
{
	return p->pos >= p->len;
}

static unsigned char peek(const struct parser *p)
{
	return at_end(p) ? '\0' : (unsigned char)p->buf[p->pos];
}

/* Steps over n bytes of one line; a column is a character, so bytes that
 * continue one do not move it. */
static void advance(struct parser *p, size_t n)
{
	for (size_t i = 0; i < n && !at_end(p); i++) {
		if (((unsigned char)p->buf[p->pos] & 0xc0) != 0x80)
			p->at.col++;
		p->pos++;
	}
}

/* JSON's whitespace: space, tab, and line ends (LF, CRLF or a lone CR). */
static void skip_space(struct parser *p)
{
	while (!at_end(p)) {
		unsigned char c = peek(p);
		if (c == ' ' || c == '\t') {
			advance(p, 1);
		} else if (c == '\n' || c == '\r') {
			p->pos += c == '\r' && p->pos + 1 < p->len && p->buf[p->pos + 1] == '\n' ? 2 : 1;
			p->at = (struct jpos){p->at.line + 1, 1};
		} else {
			return;
		}
	}
}

/* The character at the parser, named for a message. */
static const char *describe(const struct parser *p, char out[32])
{
	unsigned char c = peek(p);
	uint32_t cp = 0;
	if (at_end(p))
		return "the end of the file";
	if (c >= 0x20 && c < 0x7f) {
		snprintf(out, 32, "'%c'", c);
		return out;
	}
	utf8_decode(p->buf + p->pos, p->len - p->pos, &cp);
	if (cp == UTF8_INVALID)
		return "a byte that is not UTF-8";
	snprintf(out, 32, "U+%04" PRIX32, cp);
	return out;
}

/* What is wrong where a value, a key or the end should be. */
static enum err_code unexpected(const struct parser *p, const char *expected)
{
	char shown[32];
	switch (peek(p)) {
	case '/':
	case '#':
		return fail(p, p->at, "comments are not allowed in JSON");
	case '\'':
		return fail(p, p->at, "single quotes are not allowed in JSON; use double quotes");
	default:
		return fail(p, p->at, "%s, not %s", expected, describe(p, shown));
	}
}

/* ---- nodes ---- */

static enum err_code count_node(struct parser *p, struct jpos at)
{
	if (++p->nodes > p->limits->max_nodes)
		return fail(p, at, "more than %zu nodes", p->limits->max_nodes);
	return ERR_OK;
}

static struct ynode *scalar_new(struct jpos at, const char *text, size_t len, bool quoted)
{
	struct ynode *node = ynode_new(YNODE_SCALAR, clamp(at.line), clamp(at.col));
	node->text = xstrndup(text, len);
	node->len = len;
	node->quoted = quoted;
	return node;
}

/* ---- strings ---- */

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits after a "\u" at the parser, or -1. */
static long read_hex4(const struct parser *p)
{
	long v = 0;
	if (p->len - p->pos < 6)
		return -1;
	for (size_t i = 2; i < 6; i++) {
		int h = hex_value((unsigned char)p->buf[p->pos + i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

static bool is_high_surrogate(long u)
{
	return u >= 0xd800 && u <= 0xdbff;
}

static bool is_low_surrogate(long u)
{
	return u >= 0xdc00 && u <= 0xdfff;
}

/* A \uXXXX escape, or a surrogate pair of two, at the parser. */
static enum err_code read_unicode_escape(struct parser *p)
{
	struct jpos at = p->at;
	long u = read_hex4(p);
	if (u < 0)
		return fail(p, at, "\\u must be followed by four hex digits");
	if (u == 0)
		return fail(p, at, "\\u0000 is not allowed: no text holds a NUL character");
	if (is_low_surrogate(u))
		return fail(p, at, "\\u%04lX is half of a surrogate pair without its first half", u);
	advance(p, 6);
	uint32_t cp = (uint32_t)u;
	if (is_high_surrogate(u)) {
		bool escape = p->len - p->pos >= 2 && p->buf[p->pos] == '\\' &&
			      p->buf[p->pos + 1] == 'u';
		long low = escape ? read_hex4(p) : -1;
		if (!is_low_surrogate(low))
			return fail(p, at, "\\u%04lX is half of a surrogate pair without its second "
				    "half", u);
		advance(p, 6);
		cp = 0x10000 + (uint32_t)((u - 0xd800) << 10 | (low - 0xdc00));
	}
	char bytes[4];
	sbuf_add(&p->text, bytes, utf8_encode(cp, bytes));
	return ERR_OK;
}

static enum err_code read_escape(struct parser *p)
{
	static const char plain[] = "\"\\/bfnrt";
	static const char meant[] = "\"\\/\b\f\n\r\t";
	unsigned char c = p->pos + 1 < p->len ? (unsigned char)p->buf[p->pos + 1] : '\0';
	if (c == 'u')
		return read_unicode_escape(p);
	const char *which = c != '\0' ? strchr(plain, c) : NULL;
	if (which == NULL) {
		if (c >= 0x20 && c < 0x7f)
			return fail(p, p->at, "\\%c is not a JSON escape (use \\\" \\\\ \\/ \\b \\f "
				    "\\n \\r \\t or \\uXXXX)", c);
		return fail(p, p->at, "a backslash must start an escape such as \\n or \\uXXXX");
	}
	sbuf_addc(&p->text, meant[which - plain]);
	advance(p, 2);
	return ERR_OK;
}

/* One character written as itself: printable, and well-formed UTF-8. */
static enum err_code read_raw(struct parser *p)
{
	unsigned char c = peek(p);
	if (c < 0x20)
		return fail(p, p->at, "a control character (U+%04X) must be escaped in a string", c);
	uint32_t cp;
	size_t n = utf8_decode(p->buf + p->pos, p->len - p->pos, &cp);
	if (cp == UTF8_INVALID)
		return fail(p, p->at, "the text is not valid UTF-8");
	sbuf_add(&p->text, p->buf + p->pos, n);
	advance(p, n);
	return ERR_OK;
}

/* The string at the parser (which is at its opening quote), decoded into
 * p->text. */
static enum err_code read_string_text(struct parser *p, struct jpos start)
{
	sbuf_reset(&p->text);
	advance(p, 1);
	for (;;) {
		if (at_end(p))
			return fail(p, start, "a string that is never closed");
		unsigned char c = peek(p);
		if (c == '"')
			break;
		enum err_code rc = c == '\\' ? read_escape(p) : read_raw(p);
		if (rc != ERR_OK)
			return rc;
		if (p->text.len > p->limits->max_scalar)
			return fail(p, start, "a scalar longer than %zu bytes", p->limits->max_scalar);
	}
	advance(p, 1);
	return ERR_OK;
}

static enum err_code parse_string(struct parser *p, struct ynode **slot)
{
	struct jpos start = p->at;
	enum err_code rc = count_node(p, start);
	if (rc == ERR_OK)
		rc = read_string_text(p, start);
	if (rc == ERR_OK)
		*slot = scalar_new(start, sbuf_str(&p->text), p->text.len, true);
	return rc;
}

/* ---- numbers and words ---- */

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static size_t digits_at(const struct parser *p, size_t from)
{
	size_t n = 0;
	while (from + n < p->len && is_digit((unsigned char)p->buf[from + n]))
		n++;
	return n;
}

/* Length of the number at the parser as RFC 8259 spells it, or 0 with
 * *why saying what is wrong. */
static size_t number_length(const struct parser *p, const char **why)
{
	size_t i = p->pos + (peek(p) == '-');
	size_t n = digits_at(p, i);
	*why = "a digit must follow '-'";
	if (n == 0)
		return 0;
	*why = "a number may not start with a 0 that other digits follow";
	if (p->buf[i] == '0' && n > 1)
		return 0;
	i += n;
	if (i < p->len && p->buf[i] == '.') {
		*why = "a digit must follow the '.' of a number";
		if ((n = digits_at(p, i + 1)) == 0)
			return 0;
		i += 1 + n;
	}
	if (i < p->len && (p->buf[i] == 'e' || p->buf[i] == 'E')) {
		i += 1 + (i + 1 < p->len && (p->buf[i + 1] == '+' || p->buf[i + 1] == '-'));
		*why = "a digit must follow the exponent of a number";
		if ((n = digits_at(p, i)) == 0)
			return 0;
		i += n;
	}
	return i - p->pos;
}

/* Whole numbers must fit int64_t and others a double, so that what the
 * file says is what is read. */
static const char *out_of_range(const char *text)
{
	errno = 0;
	if (strpbrk(text, ".eE") == NULL) {
		(void)strtoll(text, NULL, 10);
		return errno == ERANGE ? "a whole number beyond 64 bits" : NULL;
	}
	double v = strtod(text, NULL);
	return isinf(v) ? "a number too large for a double" : NULL;
}

static enum err_code parse_number(struct parser *p, struct ynode **slot)
{
	struct jpos start = p->at;
	const char *why = NULL;
	size_t n = number_length(p, &why);
	if (n == 0)
		return fail(p, start, "%s", why);
	if (n > p->limits->max_scalar)
		return fail(p, start, "a scalar longer than %zu bytes", p->limits->max_scalar);
	enum err_code rc = count_node(p, start);
	if (rc != ERR_OK)
		return rc;
	struct ynode *node = scalar_new(start, p->buf + p->pos, n, false);
	*slot = node;
	why = out_of_range(node->text);
	if (why != NULL)
		return fail(p, start, "%s is %s", node->text, why);
	advance(p, n);
	return ERR_OK;
}

static bool is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* true, false or null; any other bare word is refused by name. */
static enum err_code parse_word(struct parser *p, struct ynode **slot)
{
	static const char *const words[] = {"true", "false", "null"};
	struct jpos start = p->at;
	size_t n = 0;
	while (p->pos + n < p->len && is_letter((unsigned char)p->buf[p->pos + n]))
		n++;
	const char *word = p->buf + p->pos;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (n == strlen(words[i]) && memcmp(word, words[i], n) == 0) {
			enum err_code rc = count_node(p, start);
			if (rc == ERR_OK)
				*slot = scalar_new(start, word, n, false);
			advance(p, n);
			return rc;
		}
	}
	if ((n == 3 && memcmp(word, "NaN", 3) == 0) || (n == 8 && memcmp(word, "Infinity", 8) == 0))
		return fail(p, start, "%.*s is not a JSON number", (int)n, word);
	return fail(p, start, "%.*s%s is not a JSON value (strings are in double quotes; true, "
		    "false and null are lowercase)", (int)(n < WORD_MAX ? n : WORD_MAX), word,
		    n > WORD_MAX ? "..." : "");
}

/* ---- arrays and objects ---- */

static enum err_code parse_value(struct parser *p, size_t depth, struct ynode **slot);

static enum err_code open_container(struct parser *p, size_t depth, enum ynode_kind kind,
				    struct ynode **slot)
{
	struct jpos start = p->at;
	if (depth >= p->limits->max_depth)
		return fail(p, start, "nesting deeper than %zu levels", p->limits->max_depth);
	enum err_code rc = count_node(p, start);
	if (rc != ERR_OK)
		return rc;
	*slot = ynode_new(kind, clamp(start.line), clamp(start.col));
	advance(p, 1);
	skip_space(p);
	return ERR_OK;
}

/* After an item: true at a ',' with another item to come, false at the
 * closer; anything else, or a ',' right before the closer, is an error. */
static enum err_code next_item(struct parser *p, char closer, const char *expected, bool *more)
{
	skip_space(p);
	if (peek(p) == (unsigned char)closer) {
		advance(p, 1);
		*more = false;
		return ERR_OK;
	}
	if (peek(p) != ',')
		return unexpected(p, expected);
	struct jpos comma = p->at;
	advance(p, 1);
	skip_space(p);
	if (peek(p) == (unsigned char)closer)
		return fail(p, comma, "a comma before '%c' is not allowed in JSON", closer);
	*more = true;
	return ERR_OK;
}

static enum err_code parse_array(struct parser *p, size_t depth, struct ynode **slot)
{
	enum err_code rc = open_container(p, depth, YNODE_SEQUENCE, slot);
	if (rc != ERR_OK)
		return rc;
	struct ynode *list = *slot;
	size_t cap = 0;
	if (peek(p) == ']') {
		advance(p, 1);
		return ERR_OK;
	}
	for (bool more = true; more && rc == ERR_OK;) {
		grow(&list->items, &cap, list->nitems + 1, sizeof *list->items);
		list->items[list->nitems] = NULL;
		rc = parse_value(p, depth + 1, &list->items[list->nitems++]);
		if (rc == ERR_OK)
			rc = next_item(p, ']', "expected ',' or ']' after an item of a list", &more);
	}
	return rc;
}

static enum err_code parse_member(struct parser *p, size_t depth, struct ypair *pair)
{
	if (peek(p) != '"')
		return unexpected(p, "expected a key in double quotes");
	enum err_code rc = parse_string(p, &pair->key);
	if (rc != ERR_OK)
		return rc;
	skip_space(p);
	if (peek(p) != ':')
		return unexpected(p, "expected ':' after the key");
	advance(p, 1);
	return parse_value(p, depth + 1, &pair->value);
}

static enum err_code check_keys(const struct parser *p, const struct ynode *map)
{
	const struct ynode *dup = ynode_first_duplicate(map);
	if (dup == NULL)
		return ERR_OK;
	char echo[YNODE_ECHO_MAX + 1];
	return fail(p, (struct jpos){(size_t)dup->line, (size_t)dup->col}, "duplicate key \"%s\"",
		    ynode_echo(dup, echo));
}

static enum err_code parse_object(struct parser *p, size_t depth, struct ynode **slot)
{
	enum err_code rc = open_container(p, depth, YNODE_MAPPING, slot);
	if (rc != ERR_OK)
		return rc;
	struct ynode *map = *slot;
	size_t cap = 0;
	if (peek(p) == '}') {
		advance(p, 1);
		return ERR_OK;
	}
	for (bool more = true; more && rc == ERR_OK;) {
		grow(&map->pairs, &cap, map->npairs + 1, sizeof *map->pairs);
		map->pairs[map->npairs] = (struct ypair){.key = NULL, .value = NULL};
		rc = parse_member(p, depth, &map->pairs[map->npairs++]);
		if (rc == ERR_OK)
			rc = next_item(p, '}', "expected ',' or '}' after a value in an object", &more);
	}
	return rc ? rc : check_keys(p, map);
}

static enum err_code parse_value(struct parser *p, size_t depth, struct ynode **slot)
{
	skip_space(p);
	unsigned char c = peek(p);
	if (c == '{')
		return parse_object(p, depth, slot);
	if (c == '[')
		return parse_array(p, depth, slot);
	if (c == '"')
		return parse_string(p, slot);
	if (c == '-' || is_digit(c))
		return parse_number(p, slot);
	if (is_letter(c))
		return parse_word(p, slot);
	if (c == '+')
		return fail(p, p->at, "a number may not start with '+'");
	if (c == '.')
		return fail(p, p->at, "a number must start with a digit, not '.'");
	return unexpected(p, "expected a value");
}

/* ---- the whole text ---- */

static bool starts_utf16(const char *buf, size_t len)
{
	return len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0);
}

static enum err_code parse_text(struct parser *p, struct ynode **root)
{
	if (p->len > p->limits->max_bytes)
		return fail(p, p->at, "the file is larger than %zu bytes", p->limits->max_bytes);
	if (starts_utf16(p->buf, p->len))
		return fail(p, p->at, "the file is UTF-16; save it as UTF-8");
	if (p->len >= 3 && memcmp(p->buf, BOM, 3) == 0)
		p->pos = 3;
	skip_space(p);
	if (at_end(p))
		return fail(p, p->at, "the file holds no JSON value");
	enum err_code rc = parse_value(p, 0, root);
	if (rc != ERR_OK)
		return rc;
	skip_space(p);
	return at_end(p) ? ERR_OK : unexpected(p, "expected nothing after the JSON value");
}

enum err_code json_read_buffer(const char *name, const char *buf, size_t len,
			       const struct ynode_limits *limits, struct ynode **out,
			       struct error *err)
{
	struct parser p = {
		.name = name,
		.limits = limits ? limits : &ynode_default_limits,
		.err = err,
		.buf = buf,
		.len = len,
		.at = {1, 1},
		.text = SBUF_INIT,
	};
	struct ynode *root = NULL;
	enum err_code rc = parse_text(&p, &root);
	sbuf_free(&p.text);
	if (rc != ERR_OK) {
		ynode_free(root);
		root = NULL;
	}
	*out = root;
	return rc;
}

enum err_code json_read_file(const char *path, const struct ynode_limits *limits,
			     struct ynode **out, struct error *err)
{
	return ynode_parse_file(path, limits, json_read_buffer, out, err);
}

bool json_looks_like(const char *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, BOM, 3) == 0 ? 3 : 0;
	while (i < len && strchr(" \t\r\n", buf[i]) != NULL && buf[i] != '\0')
		i++;
	return i < len && (buf[i] == '{' || buf[i] == '[');
}
