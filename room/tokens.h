/* tokens: the secrets of a room. A room token (in the URL) and device and
 * CSRF tokens are 128 random bits from the operating system, written in
 * URL-safe base64; the join code is six digits a person can type, so its
 * tries are counted per client address. Tokens are compared in constant
 * time. */
#ifndef IMPROV_ROOM_TOKENS_H
#define IMPROV_ROOM_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/error.h"
#include "lib/sbuf.h"

#define TOKENS_BYTES 16                 /* 128 bits */
#define TOKENS_CHARS 22                 /* their base64url, unpadded */
#define TOKENS_SIZE (TOKENS_CHARS + 1)
#define TOKENS_CODE_DIGITS 6
#define TOKENS_CODE_SIZE (TOKENS_CODE_DIGITS + 1)

/* Tries of the join code: this many per address and window; the table
 * keeps this many addresses and, when full of recent ones, refuses. */
#define TOKENS_TRIES 5
#define TOKENS_WINDOW_SECONDS 60
#define TOKENS_ADDRESSES 64
#define TOKENS_ADDRESS_SIZE 48          /* an IPv6 address as text */

/* The device cookie, kept by the phone for a workshop day. */
#define TOKENS_COOKIE "improv_device"
#define TOKENS_COOKIE_SECONDS (12 * 60 * 60)

/* A new random token. ERR_IO when the system has no randomness to give. */
enum err_code tokens_new(char out[TOKENS_SIZE], struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
/* A new join code, six digits, each as likely as the others. */
enum err_code tokens_code(char out[TOKENS_CODE_SIZE], struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* Whether given equals expected, in a time that depends on expected's
 * length only. NULL given is never equal. */
bool tokens_equal(const char *given, const char *expected) __attribute__((nonnull(2)));

/* Whether text has the shape of a token: TOKENS_CHARS base64url characters. */
bool tokens_shaped(const char *text);

struct tokens_throttle {
	struct {
		char address[TOKENS_ADDRESS_SIZE];
		time_t since;           /* the window's start; 0 for a free slot */
		int tries;
	} slots[TOKENS_ADDRESSES];
};

/* Counts one try from address at now; false when it is one too many. */
bool tokens_try(struct tokens_throttle *t, const char *address, time_t now)
	__attribute__((nonnull));

/* Appends the Set-Cookie value that gives a device its token for the
 * room's pages only (Path=/r/ROOM/), for TOKENS_COOKIE_SECONDS, out of
 * scripts' reach (HttpOnly) and never sent from another site's page
 * (SameSite=Strict). */
void tokens_cookie(struct sbuf *out, const char *room, const char *device)
	__attribute__((nonnull));

#endif
