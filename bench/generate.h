/* generate: a synthetic organization for the benchmark, written through
 * the store's own code: 100 series of 10 quarterly iterations (1,000
 * sessions), each with 20 participants, 12 dimensions rated by all, 10
 * values, 12 goals, 24 metrics with a measurement per iteration, 150 steps,
 * 3 revealed ballots and 40 evidence notes. The same version always writes
 * the same rows, so a file it made once can be kept and reused. */
#ifndef IMPROV_BENCH_GENERATE_H
#define IMPROV_BENCH_GENERATE_H

#include "lib/error.h"

/* Raise when the rows written change: a kept file of another version is
 * not reused. */
#define GENERATE_VERSION 2

#define GENERATE_SERIES 100
#define GENERATE_ITERATIONS 10
#define GENERATE_PARTICIPANTS 20
#define GENERATE_DIMENSIONS 12
#define GENERATE_VALUES 10
#define GENERATE_GOALS 12
#define GENERATE_METRICS 24
#define GENERATE_STEPS 150
#define GENERATE_BALLOTS 3
#define GENERATE_NOTES 40

/* Writes the organization into a new database at path (which must not
 * exist). */
enum err_code generate_organization(const char *path, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

/* Adds that many sessions to the organization at path, in series of ten
 * closed workshops that hold their fields only. */
enum err_code generate_archive(const char *path, int sessions, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));

#endif
