#include "room/tokens.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

static enum err_code random_bytes(unsigned char *buf, size_t len, struct error *err)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_set(err, ERR_IO, "no random numbers from the system: %s",
					 strerror(errno));
		got += (size_t)n;
	}
	return ERR_OK;
}

static const char base64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

enum err_code tokens_new(char out[TOKENS_SIZE], struct error *err)
{
	unsigned char raw[TOKENS_BYTES + 2] = {0};   /* a whole number of 3-byte groups */
	enum err_code rc = random_bytes(raw, TOKENS_BYTES, err);
	if (rc != ERR_OK)
		return rc;
	size_t o = 0;
	for (size_t i = 0; i < sizeof raw; i += 3) {
		unsigned long v = (unsigned long)raw[i] << 16 | (unsigned long)raw[i + 1] << 8 |
				  raw[i + 2];
		for (int k = 18; k >= 0 && o < TOKENS_CHARS; k -= 6)
			out[o++] = base64url[(v >> k) & 63];
	}
	out[TOKENS_CHARS] = '\0';
	return ERR_OK;
}

enum err_code tokens_code(char out[TOKENS_CODE_SIZE], struct error *err)
{
	for (int i = 0; i < TOKENS_CODE_DIGITS; i++) {
		unsigned char b;
		do { /* 250 of 256 values, so that each digit is as likely */
			enum err_code rc = random_bytes(&b, 1, err);
			if (rc != ERR_OK)
				return rc;
		} while (b >= 250);
		out[i] = (char)('0' + b % 10);
	}
	out[TOKENS_CODE_DIGITS] = '\0';
	return ERR_OK;
}

bool tokens_equal(const char *given, const char *expected)
{
	if (given == NULL)
		return false;
	size_t n = strlen(expected);
	unsigned char diff = 0;
	bool ended = false;
	for (size_t i = 0; i < n; i++) {
		char g = ended ? '\0' : given[i];
		ended = ended || g == '\0';
		diff |= (unsigned char)(g ^ expected[i]);
	}
	if (!ended)
		diff |= (unsigned char)given[n];
	return diff == 0;
}

bool tokens_shaped(const char *text)
{
	if (text == NULL || strlen(text) != TOKENS_CHARS)
		return false;
	for (const char *p = text; *p; p++)
		if (strchr(base64url, *p) == NULL)
			return false;
	return true;
}

static int slot_of(struct tokens_throttle *t, const char *address, time_t now)
{
	int free_slot = -1;
	for (int i = 0; i < TOKENS_ADDRESSES; i++) {
		bool expired = t->slots[i].since == 0 ||
			       now - t->slots[i].since >= TOKENS_WINDOW_SECONDS;
		if (!expired && strncmp(t->slots[i].address, address, TOKENS_ADDRESS_SIZE - 1) == 0)
			return i;
		if (expired && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0) {
		snprintf(t->slots[free_slot].address, TOKENS_ADDRESS_SIZE, "%s", address);
		t->slots[free_slot].since = now;
		t->slots[free_slot].tries = 0;
	}
	return free_slot;
}

bool tokens_try(struct tokens_throttle *t, const char *address, time_t now)
{
	int i = slot_of(t, address, now);
	if (i < 0)
		return false;
	if (t->slots[i].tries >= TOKENS_TRIES)
		return false;
	t->slots[i].tries++;
	return true;
}

void tokens_cookie(struct sbuf *out, const char *room, const char *device)
{
	sbuf_addf(out, "%s=%s; Path=/r/%s/; Max-Age=%d; HttpOnly; SameSite=Strict",
		  TOKENS_COOKIE, device, room, TOKENS_COOKIE_SECONDS);
}
