/* fuzz: what the fuzz targets share. Each fuzz_<target>.c defines the
 * entry point libFuzzer calls; replay.c calls the same one over the files
 * of a corpus, so `make test` runs every saved input without libFuzzer.
 *
 * A target aborts, so that the fuzzer keeps the input, when a reader breaks
 * a promise it makes for any bytes at all: an error other than ERR_DATA, or
 * a message that could not be shown as it is (a control character, a bidi
 * control or bytes that are not UTF-8). The sanitizers catch the rest. */
#ifndef IMPROV_TESTS_FUZZ_FUZZ_H
#define IMPROV_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "lib/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_check_refusal(enum err_code rc, const struct error *err)
{
	if (rc == ERR_OK)
		return;
	if (rc != ERR_DATA) {
		fprintf(stderr, "fuzz: expected ERR_DATA, got %d: %s\n", (int)rc, err->msg);
		abort();
	}
	if (sanitize_needed(err->msg, strlen(err->msg), SANITIZE_LINE)) {
		fprintf(stderr, "fuzz: a message that is not safe to show as it is\n");
		abort();
	}
}

#endif
