/* error: a status code and one line of text for the user.
 * Functions that can fail return an enum err_code and fill a struct error;
 * the caller decides whether to tell the user, retry or stop. */
#ifndef IMPROV_LIB_ERROR_H
#define IMPROV_LIB_ERROR_H

/* The codes are the program's exit statuses (see the command line design). */
enum err_code {
	ERR_OK = 0,
	ERR_USAGE = 2,       /* the command line is wrong */
	ERR_DATA = 65,       /* bad input data */
	ERR_NOINPUT = 66,    /* input missing */
	ERR_SOFTWARE = 70,   /* an internal error: out of memory, a broken invariant */
	ERR_BUSY = 69,       /* database busy, or made by a newer version */
	ERR_IO = 74,         /* reading or writing failed */
};

struct error {
	enum err_code code;
	char msg[512];
};

/* Sets code and message (printf-style) and returns code, so that
 * `return error_set(err, ERR_DATA, "...")` reads as one step.
 * err may be NULL; the message is then dropped. */
enum err_code error_set(struct error *err, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "prefix: " in front of the message already in err. */
void error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void error_clear(struct error *err);

#endif
