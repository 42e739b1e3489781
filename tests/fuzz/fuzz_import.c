/* fuzz_import: any bytes imported as a session export, JSON or YAML (the
 * import reads each with its own reader). A session that imports is
 * exported again in every format, and its JSON export must read back
 * through the strict JSON reader, its YAML export through the YAML one. */
#include "tests/fuzz/fuzz.h"

#include "lib/json_reader.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"
#include "sessions/export.h"
#include "sessions/import.h"

#define TODAY 20540                   /* 2026-03-28 */

/* The export of a large session can outgrow the bytes and nodes an import
 * reads; what is checked here is that it is well-formed. */
static void expect_readable(const char *format, const struct sbuf *doc)
{
	struct ynode_limits limits = ynode_default_limits;
	limits.max_bytes = SIZE_MAX;
	limits.max_nodes = SIZE_MAX;
	struct ynode *root = NULL;
	struct error err = {0};
	bool json = strcmp(format, "json") == 0;
	enum err_code rc = json ? json_read_buffer(format, sbuf_str(doc), doc->len, &limits, &root, &err)
				: yaml_read_buffer(format, sbuf_str(doc), doc->len, &limits, &root, &err);
	if (rc != ERR_OK) {
		fprintf(stderr, "fuzz: the %s export does not read back: %s\n", format, err.msg);
		abort();
	}
	ynode_free(root);
}

static void export_all(const struct session *s)
{
	static const struct {
		const char *name;
		export_fn write;
		bool read_back;
	} formats[] = {
		{"json", export_json, true},
		{"yaml", export_yaml, true},
		{"md", export_md, false},
		{"csv", export_csv, false},
	};
	const struct export_context ctx = {.session = s, .today = TODAY};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct sbuf doc = SBUF_INIT;
		formats[i].write(&ctx, &doc);
		if (formats[i].read_back)
			expect_readable(formats[i].name, &doc);
		sbuf_free(&doc);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s = NULL;
	struct error err = {0};
	enum err_code rc = import_session_buffer("fuzz.json", (const char *)data, size, &s, &err);
	fuzz_check_refusal(rc, &err);
	if (rc == ERR_OK)
		export_all(s);
	session_free(s);
	return 0;
}
