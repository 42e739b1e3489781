/* fuzz_theme: any bytes read as a colour theme. */
#include "tests/fuzz/fuzz.h"

#include "themes/theme_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme theme;
	struct error err = {0};
	enum err_code rc = theme_load_buffer("fuzz.yaml", (const char *)data, size, &theme, &err);
	fuzz_check_refusal(rc, &err);
	return 0;
}
