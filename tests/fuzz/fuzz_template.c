/* fuzz_template: any bytes read as a workshop template. */
#include "tests/fuzz/fuzz.h"

#include "templates/template_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template tpl;
	struct error err = {0};
	enum err_code rc = template_load_buffer("fuzz.yaml", (const char *)data, size, &tpl, &err);
	fuzz_check_refusal(rc, &err);
	if (rc == ERR_OK)
		template_free(&tpl);
	return 0;
}
