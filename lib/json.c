#include "lib/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"

void json_start(struct json *j, struct sbuf *out)
{
	memset(j, 0, sizeof *j);
	j->out = out;
}

/* A new line and two spaces per level, in one append. */
static void newline(struct json *j)
{
	static const char indent[] = "\n                                                                ";
	_Static_assert(sizeof indent >= 2 * JSON_MAX_DEPTH + 2, "indent covers every level");
	sbuf_add(j->out, indent, 1 + 2 * (size_t)j->depth);
}

/* Before any value: a comma and a new line inside a container, nothing
 * right after a key. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->has_items[j->depth])
		sbuf_addc(j->out, ',');
	j->has_items[j->depth] = true;
	newline(j);
}

static void open_container(struct json *j, char opener, char closer)
{
	before_value(j);
	sbuf_addc(j->out, opener);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		return;
	j->depth++;
	j->has_items[j->depth] = false;
	j->closer[j->depth] = closer;
}

void json_object(struct json *j)
{
	open_container(j, '{', '}');
}

void json_array(struct json *j)
{
	open_container(j, '[', ']');
}

void json_end(struct json *j)
{
	if (j->depth == 0)
		return;
	char closer = j->closer[j->depth];
	bool had = j->has_items[j->depth];
	j->depth--;
	if (had)
		newline(j);
	sbuf_addc(j->out, closer);
	if (j->depth == 0)
		sbuf_addc(j->out, '\n');
}

void json_key(struct json *j, const char *key)
{
	before_value(j);
	json_quote(j->out, key);
	sbuf_add(j->out, ": ", 2);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	before_value(j);
	json_quote(j->out, s);
}

/* Digits without printf: exports write many numbers. */
static void add_int(struct sbuf *out, long long v)
{
	char digits[24];
	size_t n = sizeof digits;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		digits[--n] = '-';
	sbuf_add(out, digits + n, sizeof digits - n);
}

void json_int(struct json *j, long long v)
{
	before_value(j);
	add_int(j->out, v);
}

/* Hundredths, the common case among measures ("3.85"), without printf:
 * when v is the double nearest k / 100 and k has at most 14 digits,
 * "%.15g" writes k / 100 with its trailing zeros dropped, and so does
 * this. False for any other value. */
static bool hundredths_text(double v, char out[JSON_NUMBER_SIZE])
{
	if (!(v > -1e12 && v < 1e12))
		return false;
	long long k = llround(v * 100);
	if (k == 0 || (double)k / 100 != v)    /* -0 is printf's */
		return false;
	struct sbuf text = {out, 0, JSON_NUMBER_SIZE};
	unsigned long long u = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
	if (k < 0)
		sbuf_addc(&text, '-');
	add_int(&text, (long long)(u / 100));
	char cents[3] = {(char)('0' + u % 100 / 10), (char)('0' + u % 10), '\0'};
	if (cents[1] == '0')
		cents[1] = '\0';
	sbuf_addc(&text, '.');
	sbuf_adds(&text, cents);
	out[text.len] = '\0';
	return true;
}

void json_number_text(double v, char out[JSON_NUMBER_SIZE])
{
	/* Whole numbers, the common case, without printf: the same text
	 * "%.15g" gives them, then ".0". */
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
		struct sbuf digits = {out, 0, JSON_NUMBER_SIZE};
		add_int(&digits, (long long)v);
		memcpy(out + digits.len, ".0", 3);
		return;
	}
	if (hundredths_text(v, out))
		return;
	snprintf(out, JSON_NUMBER_SIZE, "%.15g", v);
	/* A whole number computed as a double is written as 3.0, so readers
	 * see at once that it is a measure, not a count. */
	size_t len = strlen(out);
	if (strspn(out, "-0123456789") == len && len + 2 < JSON_NUMBER_SIZE)
		memcpy(out + len, ".0", 3);
}

void json_number(struct json *j, double v)
{
	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	before_value(j);
	char text[JSON_NUMBER_SIZE];
	json_number_text(v, text);
	sbuf_adds(j->out, text);
}

void json_bool(struct json *j, bool v)
{
	before_value(j);
	sbuf_adds(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	before_value(j);
	sbuf_adds(j->out, "null");
}

void json_id(struct json *j, int64_t id)
{
	if (id == 0)
		json_null(j);
	else
		json_int(j, (long long)id);
}

/* Code points written as \u escapes although JSON allows them raw: they
 * would reorder or hide text on a terminal that shows the file, or (the
 * noncharacters U+FFFE and U+FFFF) make the file unreadable as YAML, and
 * improv reads its JSON with a YAML reader. */
static bool needs_escape(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0xfffe || cp == 0xffff;
}

static void escape_cp(struct sbuf *out, uint32_t cp)
{
	static const char shorts[] = {['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
				      ['\t'] = 't'};
	if (cp < sizeof shorts && shorts[cp]) {
		sbuf_addc(out, '\\');
		sbuf_addc(out, shorts[cp]);
		return;
	}
	sbuf_addf(out, "\\u%04x", (unsigned)cp);
}

/* Plain printable ASCII, which is most text, is copied in runs. */
static bool plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void json_quote(struct sbuf *out, const char *s)
{
	size_t len = strlen(s), run = 0;
	sbuf_addc(out, '"');
	for (size_t i = 0; i < len;) {
		if (plain_ascii((unsigned char)s[i])) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp != UTF8_INVALID && cp >= 0x80 && !needs_escape(cp)) {
			i += n;
			continue;
		}
		sbuf_add(out, s + run, i - run);
		if (cp == UTF8_INVALID)
			sbuf_adds(out, "\\ufffd");
		else if (cp == '"' || cp == '\\')
			sbuf_addf(out, "\\%c", (char)cp);
		else
			escape_cp(out, cp);
		i += n;
		run = i;
	}
	sbuf_add(out, s + run, len - run);
	sbuf_addc(out, '"');
}


/* ---- the emitter ---- */

static void as_object(void *self)
{
	json_object(self);
}

static void as_array(void *self)
{
	json_array(self);
}

static void as_end(void *self)
{
	json_end(self);
}

static void as_key(void *self, const char *key)
{
	json_key(self, key);
}

static void as_string(void *self, const char *s)
{
	json_string(self, s);
}

static void as_integer(void *self, long long v)
{
	json_int(self, v);
}

static void as_number(void *self, double v)
{
	json_number(self, v);
}

static void as_boolean(void *self, bool v)
{
	json_bool(self, v);
}

static void as_null(void *self)
{
	json_null(self);
}

static const struct emit_ops json_ops = {
	as_object, as_array, as_end, as_key, as_string, as_integer, as_number, as_boolean,
	as_null,
};

struct emitter json_emitter(struct json *j)
{
	return (struct emitter){&json_ops, j};
}
