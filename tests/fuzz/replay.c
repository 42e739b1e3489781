/* replay: runs a fuzz target's entry point over saved inputs, without
 * libFuzzer, so that `make test` (gcc, AddressSanitizer and
 * UndefinedBehaviorSanitizer) replays every corpus file and every crash
 * that was found and fixed.
 *
 *   test_replay_<target> [file or folder ...]
 *
 * With no arguments it replays tests/fuzz/corpus/<target> and
 * tests/fuzz/crashes/<target> (a folder that does not exist is empty).
 * An input that takes longer than REPLAY_SECONDS is a hang and fails the
 * run; so does any crash, leak or abort in the target. */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/mem.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=\"name\""
#endif

#define REPLAY_SECONDS 10

struct tally {
	size_t inputs;
	double slowest;               /* seconds */
	char slowest_name[256];
};

static const char *volatile current = "";   /* the input being run, or "" */

/* Names the input that was running when the run stops. */
static void say_which(const char *what)
{
	if (current[0] == '\0')
		return;
	const char *parts[] = {"replay: ", what, ": ", current, "\n"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (write(STDERR_FILENO, parts[i], strlen(parts[i])) < 0)
			break;
	}
}

static void on_alarm(int sig)
{
	(void)sig;
	say_which("over the time limit");
	_exit(1);
}

static void on_abort(int sig)
{
	say_which("aborted");
	signal(sig, SIG_DFL);
	raise(sig);
}

#ifdef __SANITIZE_ADDRESS__
static void on_sanitizer_report(void)
{
	say_which("the sanitizer stopped at");
}
#endif

/* Leaks are looked for after each input, so that a leak names its input
 * rather than turning up when the run ends. */
static bool leaked(void)
{
#ifdef __SANITIZE_ADDRESS__
	if (__lsan_do_recoverable_leak_check() != 0) {
		say_which("a leak after");
		return true;
	}
#endif
	return false;
}

static void name_the_input_on_failure(void)
{
	signal(SIGALRM, on_alarm);
	signal(SIGABRT, on_abort);
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(on_sanitizer_report);
#endif
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole file in a buffer of exactly its size, so that a read past the
 * end is caught as it would be under libFuzzer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	fclose(f);
	char *exact = xmalloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	*len = n;
	return exact;
}

static int run_file(const char *path, struct tally *t)
{
	size_t len = 0;
	char *data = slurp(path, &len);
	if (data == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	current = path;
	alarm(REPLAY_SECONDS);
	double start = now();
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	double took = now() - start;
	alarm(0);
	free(data);
	int failed = leaked();
	current = "";
	t->inputs++;
	if (took > t->slowest) {
		t->slowest = took;
		snprintf(t->slowest_name, sizeof t->slowest_name, "%s", path);
	}
	return failed;
}

static int no_dot(const struct dirent *entry)
{
	return entry->d_name[0] != '.';
}

/* A folder's files in name order; a missing folder has none. */
static int run_folder(const char *dir, struct tally *t)
{
	struct dirent **entries;
	int n = scandir(dir, &entries, no_dot, alphasort);
	if (n < 0 && errno == ENOENT)
		return 0;
	if (n < 0) {
		perror(dir);
		return 1;
	}
	int failed = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
		failed |= run_file(path, t);
		free(entries[i]);
	}
	free(entries);
	return failed;
}

static int run_path(const char *path, struct tally *t)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return run_folder(path, t);
	return run_file(path, t);
}

int main(int argc, char **argv)
{
	static const char *const saved[] = {
		"tests/fuzz/corpus/" FUZZ_TARGET,
		"tests/fuzz/crashes/" FUZZ_TARGET,
	};
	struct tally t = {0};
	int failed = 0;
	name_the_input_on_failure();
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failed |= run_path(argv[i], &t);
	} else {
		for (size_t i = 0; i < sizeof saved / sizeof saved[0]; i++)
			failed |= run_folder(saved[i], &t);
	}
	printf("replay %s: %zu inputs, the slowest %.3f s%s%s\n", FUZZ_TARGET, t.inputs,
	       t.slowest, t.inputs ? " " : "", t.slowest_name);
	if (t.inputs == 0 && argc == 1) {
		fprintf(stderr, "replay %s: no inputs in %s\n", FUZZ_TARGET, saved[0]);
		return 1;
	}
	return failed;
}
