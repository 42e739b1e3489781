/* The export formats, and one export made from the database: the session,
 * and for a check-in shown with what changed, its parent and the
 * comparison. The command line and the workshop screen both use it. */
#include <stdio.h>
#include <string.h>

#include "sessions/export.h"
#include "sessions/store.h"

static const struct export_format formats[] = {
	{"json", export_json, false},
	{"yaml", export_yaml, false},
	{"md", export_md, true},
	{"html", export_html, true},
	{"csv", export_csv, false},
};

enum { NFORMATS = sizeof formats / sizeof formats[0] };

const struct export_format *export_format_find(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(name, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}

const struct export_format *export_format_at(size_t i)
{
	return i < NFORMATS ? &formats[i] : NULL;
}

size_t export_format_count(void)
{
	return NFORMATS;
}

void export_format_names(char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < NFORMATS && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
					 formats[i].name);
}

/* A check-in's parent and the comparison with it. A parent that is no
 * longer there leaves them out. */
static enum err_code load_last_time(struct store *st, struct export_context *ctx,
				    struct session **parent, struct comparison *cmp,
				    struct error *err)
{
	const struct session *s = ctx->session;
	if (s->parent_id == 0)
		return ERR_OK;
	enum err_code code = store_load_session(st, s->parent_id, parent, err);
	if (code == ERR_NOINPUT) {
		error_clear(err);
		return ERR_OK;
	}
	if (code || compare_sessions(*parent, s, NULL, ctx->today, cmp, err))
		return err->code;
	ctx->parent = *parent;
	ctx->comparison = cmp;
	return ERR_OK;
}

enum err_code export_render(struct store *st, int64_t id, const struct export_format *format,
			    long today, struct sbuf *out, struct error *err)
{
	return export_render_names(st, id, format, today, false, out, err);
}

enum err_code export_render_names(struct store *st, int64_t id,
				  const struct export_format *format, long today, bool names,
				  struct sbuf *out, struct error *err)
{
	struct session *s = NULL, *parent = NULL;
	struct comparison cmp = {0};
	enum err_code code = store_load_session(st, id, &s, err);
	struct export_context ctx = {.session = s, .today = today, .names = names};
	if (code == ERR_OK && format->since_last_time)
		code = load_last_time(st, &ctx, &parent, &cmp, err);
	if (code == ERR_OK)
		format->write(&ctx, out);
	comparison_free(&cmp);
	session_free(parent);
	session_free(s);
	return code;
}
