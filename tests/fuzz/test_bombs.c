/* Tests for hostile YAML and JSON ("bombs"): a billion laughs, a
 * self-referencing alias, 10,000 levels of nesting, a 100 MB scalar,
 * invalid UTF-8 and UTF-16 are refused, within the limits, by every reader
 * a file reaches: yaml_read_file, the session import (from a file and from
 * memory), the template loader (both ways) and the theme loader; the JSON
 * bombs also by json_read_file.
 *
 * Each read runs in a child process of its own, so that its time and its
 * peak memory are its own: the child notes its peak resident size just
 * before the read (with the input already in memory for the readers that
 * take a buffer) and just after it (AddressSanitizer keeps freed memory in
 * quarantine, so what the read allocated is still resident then). The
 * bounds are generous enough for the sanitizers; the figures are printed.
 * The 100 MB file is written when the tests start and removed at the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/json_reader.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/yaml_reader.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/import.h"
#include "templates/template_load.h"
#include "themes/theme_load.h"
#include "tests/timing.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SECONDS 2.0               /* one refusal, under the sanitizers */
#define MAX_EXTRA_KB (64 * 1024)      /* memory a refusal may add to the peak */
#define CHILD_SECONDS 60              /* a child still reading then has hung */
#define BIG_SCALAR (100u << 20)       /* bytes */
#define MAX_IMPORT_SECONDS 20.0       /* the largest import there may be */

/* ---- the readers a file can reach ---- */

/* One reader, given the file's path and (for a reader of memory) its
 * bytes. Frees what it read when the read succeeds. */
struct reader_path {
	const char *name;
	bool takes_buffer;
	enum err_code (*read)(const char *path, const char *buf, size_t len, struct error *err);
};

static enum err_code via_yaml_read_file(const char *path, const char *buf, size_t len,
					struct error *err)
{
	(void)buf;
	(void)len;
	struct ynode *root = NULL;
	enum err_code rc = yaml_read_file(path, NULL, &root, err);
	ynode_free(root);
	return rc;
}

static enum err_code via_json_read_file(const char *path, const char *buf, size_t len,
					struct error *err)
{
	(void)buf;
	(void)len;
	struct ynode *root = NULL;
	enum err_code rc = json_read_file(path, NULL, &root, err);
	ynode_free(root);
	return rc;
}

static enum err_code via_import_session(const char *path, const char *buf, size_t len,
					struct error *err)
{
	(void)buf;
	(void)len;
	struct session *s = NULL;
	enum err_code rc = import_session(path, &s, err);
	session_free(s);
	return rc;
}

static enum err_code via_import_session_buffer(const char *path, const char *buf, size_t len,
					       struct error *err)
{
	struct session *s = NULL;
	enum err_code rc = import_session_buffer(path, buf, len, &s, err);
	session_free(s);
	return rc;
}

static enum err_code via_template_load_file(const char *path, const char *buf, size_t len,
					    struct error *err)
{
	(void)buf;
	(void)len;
	struct template tpl;
	enum err_code rc = template_load_file(path, &tpl, err);
	if (rc == ERR_OK)
		template_free(&tpl);
	return rc;
}

static enum err_code via_template_load_buffer(const char *path, const char *buf, size_t len,
					      struct error *err)
{
	struct template tpl;
	enum err_code rc = template_load_buffer(path, buf, len, &tpl, err);
	if (rc == ERR_OK)
		template_free(&tpl);
	return rc;
}

static enum err_code via_theme_load_file(const char *path, const char *buf, size_t len,
					 struct error *err)
{
	(void)buf;
	(void)len;
	struct theme theme;
	return theme_load_file(path, &theme, err);
}

static const struct reader_path readers[] = {
	{"yaml_read_file", false, via_yaml_read_file},
	{"import_session", false, via_import_session},
	{"import_session_buffer", true, via_import_session_buffer},
	{"template_load_file", false, via_template_load_file},
	{"template_load_buffer", true, via_template_load_buffer},
	{"theme_load_file", false, via_theme_load_file},
};

/* The reader of JSON alone, for the bombs that are JSON. */
static const struct reader_path json_readers[] = {
	{"json_read_file", false, via_json_read_file},
};

/* ---- the bombs ---- */

typedef void (*write_fn)(FILE *f);

static void write_billion_laughs(FILE *f)
{
	fputs("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n", f);
	for (char c = 'b'; c <= 'i'; c++) {
		fprintf(f, "%c: &%c [", c, c);
		for (int i = 0; i < 9; i++)
			fprintf(f, "%s*%c", i ? "," : "", c - 1);
		fputs("]\n", f);
	}
}

static void write_self_reference(FILE *f)
{
	fputs("format: improv.session\nloop: &loop [*loop]\n", f);
}

static void write_nested_lists(FILE *f)
{
	for (int i = 0; i < 10000; i++)
		fputc('[', f);
	for (int i = 0; i < 10000; i++)
		fputc(']', f);
}

static void write_nested_json_objects(FILE *f)
{
	for (int i = 0; i < 10000; i++)
		fputs("{\"s\":", f);
	fputs("null", f);
	for (int i = 0; i < 10000; i++)
		fputc('}', f);
}

static void write_nested_block_lists(FILE *f)
{
	for (int i = 0; i < 10000; i++)
		fputs("- ", f);
	fputs("x\n", f);
}

static void write_big_scalar(FILE *f)
{
	static char chunk[1 << 20];
	memset(chunk, 'x', sizeof chunk);
	fputs("title: ", f);
	for (size_t n = 0; n < BIG_SCALAR; n += sizeof chunk)
		fwrite(chunk, 1, sizeof chunk, f);
	fputc('\n', f);
}

static void write_latin1(FILE *f)
{
	fputs("format: improv.session\ntitle: caf\xe9 cr\xe8me\n", f);
}

static void write_utf16(FILE *f, const char *text, bool big_endian, bool bom)
{
	if (bom)
		fputs(big_endian ? "\xfe\xff" : "\xff\xfe", f);
	for (const char *p = text; *p != '\0'; p++) {
		if (big_endian)
			fputc(0, f);
		fputc(*p, f);
		if (!big_endian)
			fputc(0, f);
	}
}

static void write_utf16le_with_bom(FILE *f)
{
	write_utf16(f, "theme: dark\nname: Dark\n", false, true);
}

static void write_utf16be_without_bom(FILE *f)
{
	write_utf16(f, "template: t\nname: T\n", true, false);
}

struct bomb {
	const char *file;
	write_fn write;
	const char *refusal;          /* what every reader's message holds */
	char *path;                   /* once written */
};

enum bomb_id {
	BILLION_LAUGHS,
	SELF_REFERENCE,
	NESTED_LISTS,
	NESTED_JSON_OBJECTS,
	NESTED_BLOCK_LISTS,
	BIG_SCALAR_FILE,
	LATIN1,
	UTF16LE_WITH_BOM,
	UTF16BE_WITHOUT_BOM,
	BOMB_COUNT
};

static struct bomb bombs[BOMB_COUNT] = {
	[BILLION_LAUGHS] = {"laughs.yaml", write_billion_laughs, "1:4: anchors are not allowed", NULL},
	[SELF_REFERENCE] = {"loop.yaml", write_self_reference, "2:7: anchors are not allowed", NULL},
	[NESTED_LISTS] = {"lists.json", write_nested_lists, "nesting deeper than", NULL},
	[NESTED_JSON_OBJECTS] = {"objects.json", write_nested_json_objects, "nesting deeper than",
				 NULL},
	[NESTED_BLOCK_LISTS] = {"block.yaml", write_nested_block_lists, "nesting deeper than", NULL},
	[BIG_SCALAR_FILE] = {"big.yaml", write_big_scalar, "1:1: the file is larger than", NULL},
	[LATIN1] = {"latin1.yaml", write_latin1, "2:11: invalid trailing UTF-8 octet", NULL},
	[UTF16LE_WITH_BOM] = {"utf16le.yaml", write_utf16le_with_bom,
			      "1:1: the file is UTF-16; save it as UTF-8", NULL},
	[UTF16BE_WITHOUT_BOM] = {"utf16be.yaml", write_utf16be_without_bom,
				 "1:1: control characters are not allowed", NULL},
};

static char dir[] = "/tmp/improv-test-bombs-XXXXXX";

static int write_bombs(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	for (size_t i = 0; i < BOMB_COUNT; i++) {
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", dir, bombs[i].file);
		bombs[i].path = sbuf_take(&path);
		FILE *f = fopen(bombs[i].path, "wb");
		if (f == NULL)
			return -1;
		bombs[i].write(f);
		if (fclose(f) != 0)
			return -1;
	}
	return 0;
}

static int remove_bombs(void **state)
{
	(void)state;
	for (size_t i = 0; i < BOMB_COUNT; i++) {
		if (bombs[i].path != NULL)
			unlink(bombs[i].path);
		free(bombs[i].path);
		bombs[i].path = NULL;
	}
	rmdir(dir);
	return 0;
}

/* ---- one read in a child process ---- */

/* What the child tells the parent. */
struct report {
	enum err_code rc;
	double seconds;
	long kb_before, kb_after;     /* the child's peak before and after the read */
	struct error err;
};

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* The whole file in memory, for the readers that take a buffer. */
static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	*len = (size_t)st.st_size;
	char *buf = xmalloc(*len + 1);
	size_t got = 0;
	while (got < *len) {
		ssize_t n = read(fd, buf + got, *len - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
}

/* Runs in the child: no cmocka here, only the report down the pipe. The
 * child ends with exit, so LeakSanitizer looks at what the read left. */
static void child(const struct reader_path *reader, const struct bomb *bomb, int out)
{
	struct report r = {0};
	size_t len = 0;
	char *buf = reader->takes_buffer ? read_whole(bomb->path, &len) : NULL;
	alarm((unsigned)time_limit(CHILD_SECONDS));
	r.kb_before = peak_kb();
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	r.rc = reader->read(bomb->path, buf, len, &r.err);
	r.seconds = seconds_since(&start);
	r.kb_after = peak_kb();
	free(buf);
	bool sent = write(out, &r, sizeof r) == (ssize_t)sizeof r;
	close(out);
	exit(sent ? 0 : 1);
}

static struct report run_in_child(const struct reader_path *reader, const struct bomb *bomb)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child(reader, bomb, fds[1]);
	}
	close(fds[1]);
	struct report r = {0};
	ssize_t got = read(fds[0], &r, sizeof r);
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s on %s: the child %s %d", reader->name, bomb->file,
			 WIFSIGNALED(status) ? "was killed by signal" : "exited with",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	assert_int_equal(got, sizeof r);
	return r;
}

/* Each of the readers refuses the bomb with its message, within the
 * bounds. */
static void expect_refused_by(const struct reader_path *list, size_t n, enum bomb_id id)
{
	const struct bomb *bomb = &bombs[id];
	for (size_t i = 0; i < n; i++) {
		const struct reader_path *reader = &list[i];
		struct report r = run_in_child(reader, bomb);
		long extra_kb = r.kb_after - r.kb_before;
		print_message("  %-13s %-22s %7.4f s %+8.1f MB\n", bomb->file, reader->name,
			      r.seconds, (double)extra_kb / 1024.0);
		if (r.rc != ERR_DATA || strstr(r.err.msg, bomb->refusal) == NULL)
			fail_msg("%s on %s: expected ERR_DATA with \"%s\", got %d: %s",
				 reader->name, bomb->file, bomb->refusal, (int)r.rc, r.err.msg);
		if (strncmp(r.err.msg, bomb->path, strlen(bomb->path)) != 0)
			fail_msg("%s on %s: the message does not name the file: %s",
				 reader->name, bomb->file, r.err.msg);
		if (r.seconds > time_limit(MAX_SECONDS))
			fail_msg("%s on %s: took %.3f s", reader->name, bomb->file, r.seconds);
		if (extra_kb > MAX_EXTRA_KB)
			fail_msg("%s on %s: the peak grew by %ld KB", reader->name, bomb->file,
				 extra_kb);
	}
}

static void expect_refused_everywhere(enum bomb_id id)
{
	expect_refused_by(readers, NELEMS(readers), id);
}

/* ---- a file as large as the import takes ---- */

/* A ballot's candidates, as their ids or as its result rows. */
static void add_candidates(struct sbuf *sb, size_t ballot, bool as_results)
{
	for (size_t c = 0; c < IMPORT_MAX_CANDIDATES; c++) {
		size_t id = (ballot * IMPORT_MAX_CANDIDATES + c) % IMPORT_MAX_ITEMS + 1;
		const char *comma = c > 0 ? ", " : "";
		if (as_results)
			sbuf_addf(sb, "%s{\"step_id\": %zu, \"points\": 0}", comma, id);
		else
			sbuf_addf(sb, "%s%zu", comma, id);
	}
}

/* The most steps and ballots a file may hold: 10,000 steps, each with
 * points and a rank that no ballot gave it, and 50 revealed ranked ballots
 * of 300 candidates, which between them name every step. */
static char *many_steps_on_many_ballots(void)
{
	struct sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, "{\"format\": \"improv.session\", \"format_version\": 1,\n"
		       " \"session\": {\"title\": \"Many\"},\n \"steps\": [\n");
	for (size_t i = 1; i <= IMPORT_MAX_ITEMS; i++)
		sbuf_addf(&sb, "%s  {\"id\": %zu, \"text\": \"step %zu\", \"points\": 123456, "
			  "\"rank\": 300}", i > 1 ? ",\n" : "", i, i);
	sbuf_adds(&sb, "],\n \"ballots\": [\n");
	for (size_t k = 0; k < IMPORT_MAX_BALLOTS; k++) {
		sbuf_adds(&sb, k > 0 ? ",\n" : "");
		sbuf_adds(&sb, "  {\"method\": \"ranked\", \"status\": \"revealed\", \"candidates\": [");
		add_candidates(&sb, k, false);
		sbuf_adds(&sb, "],\n   \"results\": [");
		add_candidates(&sb, k, true);
		sbuf_adds(&sb, "]}");
	}
	sbuf_adds(&sb, "]}\n");
	return sbuf_take(&sb);
}

/* ---- the tests ---- */

static void bombs__a_billion_laughs_is_refused_at_its_first_anchor_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(BILLION_LAUGHS);
}

static void bombs__a_self_referencing_alias_is_refused_at_its_anchor_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(SELF_REFERENCE);
}

static void bombs__ten_thousand_nested_lists_are_refused_at_the_depth_limit_by_every_reader(
	void **state)
{
	(void)state;
	expect_refused_everywhere(NESTED_LISTS);
}

static void bombs__ten_thousand_nested_json_objects_are_refused_at_the_depth_limit_by_every_reader(
	void **state)
{
	(void)state;
	expect_refused_everywhere(NESTED_JSON_OBJECTS);
}

static void bombs__the_json_reader_refuses_ten_thousand_nested_lists_or_objects_at_the_limit(
	void **state)
{
	(void)state;
	expect_refused_by(json_readers, NELEMS(json_readers), NESTED_LISTS);
	expect_refused_by(json_readers, NELEMS(json_readers), NESTED_JSON_OBJECTS);
}

static void bombs__ten_thousand_nested_block_lists_are_refused_at_the_depth_limit_by_every_reader(
	void **state)
{
	(void)state;
	expect_refused_everywhere(NESTED_BLOCK_LISTS);
}

static void bombs__a_100_mb_scalar_is_refused_by_its_size_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(BIG_SCALAR_FILE);
}

static void bombs__invalid_utf8_is_refused_where_it_starts_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(LATIN1);
}

static void bombs__utf16_with_a_byte_order_mark_is_refused_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(UTF16LE_WITH_BOM);
}

static void bombs__utf16_without_a_byte_order_mark_is_refused_by_every_reader(void **state)
{
	(void)state;
	expect_refused_everywhere(UTF16BE_WITHOUT_BOM);
}

/* When each ballot was tallied again for every step, this took 46 s. */
static void bombs__ten_thousand_steps_on_fifty_revealed_ballots_import_in_seconds(void **state)
{
	(void)state;
	char *doc = many_steps_on_many_ballots();
	struct session *s = NULL;
	struct error err = {0};
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	enum err_code rc = import_session_buffer("many.json", doc, strlen(doc), &s, &err);
	double seconds = seconds_since(&start);
	print_message("  many.json     import_session_buffer  %7.4f s (%zu bytes)\n", seconds,
		      strlen(doc));
	if (rc != ERR_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(s->nsteps, IMPORT_MAX_ITEMS);
	assert_int_equal(s->nballots, IMPORT_MAX_BALLOTS);
	assert_true(seconds < time_limit(MAX_IMPORT_SECONDS));
	session_free(s);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bombs__a_billion_laughs_is_refused_at_its_first_anchor_by_every_reader),
		cmocka_unit_test(bombs__a_self_referencing_alias_is_refused_at_its_anchor_by_every_reader),
		cmocka_unit_test(
			bombs__ten_thousand_nested_lists_are_refused_at_the_depth_limit_by_every_reader),
		cmocka_unit_test(
			bombs__ten_thousand_nested_json_objects_are_refused_at_the_depth_limit_by_every_reader),
		cmocka_unit_test(
			bombs__the_json_reader_refuses_ten_thousand_nested_lists_or_objects_at_the_limit),
		cmocka_unit_test(
			bombs__ten_thousand_nested_block_lists_are_refused_at_the_depth_limit_by_every_reader),
		cmocka_unit_test(bombs__a_100_mb_scalar_is_refused_by_its_size_by_every_reader),
		cmocka_unit_test(bombs__invalid_utf8_is_refused_where_it_starts_by_every_reader),
		cmocka_unit_test(bombs__utf16_with_a_byte_order_mark_is_refused_by_every_reader),
		cmocka_unit_test(bombs__utf16_without_a_byte_order_mark_is_refused_by_every_reader),
		cmocka_unit_test(bombs__ten_thousand_steps_on_fifty_revealed_ballots_import_in_seconds),
	};
	return cmocka_run_group_tests(tests, write_bombs, remove_bombs);
}
