#include "room/page.h"

#include <stdbool.h>
#include <string.h>

const struct room_file *page_file(const char *name)
{
	for (const struct room_file *f = room_page_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && strcmp(s + n - m, end) == 0;
}

const char *page_content_type(const char *name)
{
	static const struct {
		const char *ending, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (ends_with(name, types[i].ending))
			return types[i].type;
	return "application/octet-stream";
}
