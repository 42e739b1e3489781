#include "lib/yaml_writer.h"
#include "sessions/export.h"

void export_yaml(const struct export_context *ctx, struct sbuf *out)
{
	struct yaml_writer y;
	yaml_writer_start(&y, out);
	const struct emitter e = yaml_writer_emitter(&y);
	export_tree(ctx, &e);
}
