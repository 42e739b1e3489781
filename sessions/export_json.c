#include "lib/json.h"
#include "sessions/export.h"

void export_json(const struct export_context *ctx, struct sbuf *out)
{
	struct json j;
	json_start(&j, out);
	const struct emitter e = json_emitter(&j);
	export_tree(ctx, &e);
}

void export_summary_json(const struct session *s, struct sbuf *out)
{
	struct json j;
	json_start(&j, out);
	const struct emitter e = json_emitter(&j);
	export_summary_tree(s, &e);
}
