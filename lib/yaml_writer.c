#include "lib/yaml_writer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/json.h"

void yaml_writer_start(struct yaml_writer *y, struct sbuf *out)
{
	memset(y, 0, sizeof *y);
	y->out = out;
}

/* The start of a key in a mapping or of an item in a sequence: on a new
 * line at the container's indent, or on this line right after "- ". */
static void entry_start(struct yaml_writer *y)
{
	struct yaml_level *level = &y->levels[y->depth];
	level->has_items = true;
	if (y->inline_next) {
		y->inline_next = false;
		return;
	}
	if (y->started)
		sbuf_addc(y->out, '\n');
	y->started = true;
	for (int i = 0; i < level->indent; i++)
		sbuf_addc(y->out, ' ');
}

/* Before a scalar: a space after its key, or "- " as a sequence item. */
static void before_scalar(struct yaml_writer *y)
{
	if (y->after_key) {
		y->after_key = false;
		sbuf_addc(y->out, ' ');
	} else if (y->depth > 0) {
		entry_start(y);
		sbuf_adds(y->out, "- ");
	}
}

static void after_scalar(struct yaml_writer *y)
{
	if (y->depth == 0)
		sbuf_addc(y->out, '\n');
}

/* A container's entries go on the lines below its key, or start on the
 * line of its "- ", or at column 0 for the root. */
static void open_container(struct yaml_writer *y, bool is_sequence)
{
	bool under_key = y->after_key;
	int indent = y->levels[y->depth].indent + (y->depth > 0 ? 2 : 0);
	y->after_key = false;
	if (!under_key && y->depth > 0) {
		entry_start(y);
		sbuf_adds(y->out, "- ");
		y->inline_next = true;
	}
	if (y->depth + 1 >= YAML_WRITER_MAX_DEPTH)
		return;
	y->depth++;
	y->levels[y->depth] = (struct yaml_level){is_sequence, false, under_key, indent};
}

static void as_object(void *self)
{
	open_container(self, false);
}

static void as_array(void *self)
{
	open_container(self, true);
}

static void as_end(void *self)
{
	struct yaml_writer *y = self;
	if (y->depth == 0)
		return;
	const struct yaml_level *level = &y->levels[y->depth];
	if (!level->has_items) {
		if (level->under_key)
			sbuf_addc(y->out, ' ');
		sbuf_adds(y->out, level->is_sequence ? "[]" : "{}");
		y->inline_next = false;
		y->started = true;
	}
	y->depth--;
	if (y->depth == 0)
		sbuf_addc(y->out, '\n');
}

static bool is_word(const char *key)
{
	static const char first[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
	if (key[0] == '\0' || strchr(first, key[0]) == NULL)
		return false;
	size_t len = strlen(key);
	return strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-0123456789") ==
	       len;
}

/* Words some YAML readers take for a boolean or null even unquoted. */
static bool is_reserved(const char *key)
{
	static const char *const words[] = {"y", "n", "yes", "no", "on", "off",
					    "true", "false", "null"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(key, words[i]) == 0)
			return true;
	return false;
}

static void as_key(void *self, const char *key)
{
	struct yaml_writer *y = self;
	entry_start(y);
	if (is_word(key) && !is_reserved(key))
		sbuf_adds(y->out, key);
	else
		json_quote(y->out, key);
	sbuf_addc(y->out, ':');
	y->after_key = true;
}

static void scalar(struct yaml_writer *y, const char *text)
{
	before_scalar(y);
	sbuf_adds(y->out, text);
	after_scalar(y);
}

static void as_string(void *self, const char *s)
{
	struct yaml_writer *y = self;
	before_scalar(y);
	json_quote(y->out, s);
	after_scalar(y);
}

static void as_integer(void *self, long long v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", v);
	scalar(self, text);
}

static void as_number(void *self, double v)
{
	char text[JSON_NUMBER_SIZE];
	json_number_text(v, text);
	scalar(self, text);
}

static void as_boolean(void *self, bool v)
{
	scalar(self, v ? "true" : "false");
}

static void as_null(void *self)
{
	scalar(self, "null");
}

static const struct emit_ops yaml_ops = {
	as_object, as_array, as_end, as_key, as_string, as_integer, as_number, as_boolean,
	as_null,
};

struct emitter yaml_writer_emitter(struct yaml_writer *y)
{
	return (struct emitter){&yaml_ops, y};
}
