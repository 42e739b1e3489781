#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum err_code error_set(struct error *err, enum err_code code, const char *fmt, ...)
{
	if (err == NULL)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void error_prefix(struct error *err, const char *fmt, ...)
{
	if (err == NULL)
		return;
	char prefix[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	size_t plen = strlen(prefix);
	size_t room = sizeof err->msg - 1;
	if (plen + 2 > room)
		plen = room - 2;
	size_t mlen = strnlen(err->msg, room - plen - 2);
	memmove(err->msg + plen + 2, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	memcpy(err->msg + plen, ": ", 2);
	err->msg[plen + 2 + mlen] = '\0';
}

void error_clear(struct error *err)
{
	if (err == NULL)
		return;
	err->code = ERR_OK;
	err->msg[0] = '\0';
}
