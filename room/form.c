#include "room/form.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int hex_digit(char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *at = c ? strchr(digits, tolower((unsigned char)c)) : NULL;
	return at ? (int)(at - digits) : -1;
}

static bool decode(const char *s, size_t len, struct sbuf *out)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (len - i < 3)
				return false;
			int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return false;
		sbuf_addc(out, c);
	}
	return true;
}

bool form_value(const char *body, size_t len, const char *key, struct sbuf *out)
{
	sbuf_reset(out);
	size_t klen = strlen(key);
	const char *end = body ? body + len : NULL;
	for (const char *p = body; p && p < end;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *field_end = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(field_end - p));
		const char *name_end = eq ? eq : field_end;
		if ((size_t)(name_end - p) == klen && memcmp(p, key, klen) == 0) {
			const char *v = eq ? eq + 1 : field_end;
			return decode(v, (size_t)(field_end - v), out);
		}
		p = amp ? amp + 1 : end;
	}
	return false;
}

bool form_number(const char *text, long long lo, long long hi, long long *out)
{
	if (*text == '\0' || strlen(text) > 20 || !(isdigit((unsigned char)*text) || *text == '-'))
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}
