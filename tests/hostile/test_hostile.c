/* Hostile text everywhere: every payload of tests/hostile/payloads.h goes
 * into every text field of a session by every way in (the model and store,
 * `improv import` of a JSON and a YAML file, keys typed on the workshop
 * screen, a database edited behind improv's back and a check-in of it, a
 * template and a theme file of the user's), and comes out by every way
 * out: the screens of the workshop at 80x24 and 200x60 (what curses drew,
 * and the bytes it wrote to the terminal), `improv list` and `show` as text
 * and JSON, each export format, `templates` and `themes`, and the messages
 * that quote what was given (import errors, bad ids, unknown commands,
 * templates, themes, formats and levels, who holds a session). None may
 * reach a terminal raw; none may break a file format. The test counts what
 * it tried and prints the figures; a leak is reported with the path, the
 * payload and the bytes around it.
 *
 * HOSTILE_ONLY=name,name tries only those payloads; HOSTILE_FULL=1 walks
 * the screens of every session at both sizes (make soak); HOSTILE_PATHS=1
 * lists the paths, HOSTILE_DUMPS=1 prints every screen checked and
 * HOSTILE_SHOW_REFUSALS=1 every refusal, to see what the test does.
 *
 * For the shell tests: `test_hostile --write DIR` writes each payload to
 * DIR/NN-name, its bytes as they are; `test_hostile --check-raw FILE`
 * fails when FILE holds any payload's control sequence raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "cli/cli.h"
#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "lib/yaml_reader.h"
#include "sessions/store.h"
#include "templates/template_load.h"
#include "tests/hostile/payloads.h"
#include "tests/support.h"
#include "tui/ui.h"

#define NSIZES 2

static const struct {
	int rows, cols;
	const char *name;
} sizes[NSIZES] = {{24, 80, "80x24"}, {60, 200, "200x60"}};

static char repo[1024];
static char work[64];

/* ---- what was tried, and what leaked ---- */

#define MAX_PATHS 256
#define MAX_REPORTED 40

struct names {
	const char *name[MAX_PATHS];
	size_t n;
};

static struct {
	struct names paths, screens;
	unsigned long checks, leaks, refusals, walks, spared;
	size_t payloads;
	const char *payload;    /* the one being tried */
} tally;

static void count_name(struct names *names, const char *name)
{
	for (size_t i = 0; i < names->n; i++)
		if (strcmp(names->name[i], name) == 0)
			return;
	if (names->n < MAX_PATHS)
		names->name[names->n++] = xstrdup(name);
}

static void count_path(const char *path)
{
	count_name(&tally.paths, path);
}

/* Some bytes around offset at, escaped so that the report itself is safe. */
static void show_context(const char *s, size_t len, size_t at)
{
	size_t from = at > 24 ? at - 24 : 0, to = at + 24 < len ? at + 24 : len;
	fprintf(stderr, "    near: \"");
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
}

static void leak(const char *path, const char *what, const char *s, size_t len, size_t at)
{
	tally.leaks++;
	if (tally.leaks > MAX_REPORTED)
		return;
	fprintf(stderr, "LEAK [%s] %s: %s at byte %zu\n", tally.payload, path, what, at);
	show_context(s, len, at);
}

/* ---- what a terminal must not be given ---- */

static bool is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Why code point cp may not reach a terminal, or NULL. */
static const char *forbidden(uint32_t cp, const char *allowed_controls)
{
	if (cp < 0x20 && (cp == 0 || strchr(allowed_controls, (int)cp) == NULL))
		return "a C0 control";
	if (cp == 0x7f)
		return "DEL";
	if (cp >= 0x80 && cp <= 0x9f)
		return "a C1 control";
	if (is_bidi_control(cp))
		return "a bidi control";
	return NULL;
}

/* Text for a terminal: valid UTF-8 with no control but those allowed (a
 * line feed, and for CSV the carriage return of its line ends), no C1 and
 * no bidi control. Returns true when clean. */
static bool check_text(const char *path, const char *s, size_t len, const char *allowed)
{
	tally.checks++;
	count_path(path);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		const char *why = cp == UTF8_INVALID ? "a byte that is not UTF-8"
						       : forbidden(cp, allowed);
		if (why) {
			leak(path, why, s, len, i);
			return false;
		}
		i += n;
	}
	return true;
}

/* An error message: one line starting "improv: ", and clean. */
static void check_error_line(const char *path, const char *s, size_t len)
{
	if (!check_text(path, s, len, "\n"))
		return;
	const char *nl = memchr(s, '\n', len);
	if (len < 8 || strncmp(s, "improv: ", 8) != 0 || nl == NULL || nl != s + len - 1)
		leak(path, "not one line starting \"improv: \"", s, len, 0);
}

static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; n > 0 && i + n <= len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The raw bytes of each escape sequence and control of a payload, with up
 * to three bytes of the payload on either side: curses writes escape
 * sequences of its own, never one of these. */
static void check_raw_output(const char *path, const char *out, size_t len,
			     const struct payload *p)
{
	tally.checks++;
	count_path(path);
	for (size_t i = 0; i < p->len;) {
		uint32_t cp;
		size_t n = utf8_decode(p->bytes + i, p->len - i, &cp);
		if (cp == UTF8_INVALID || forbidden(cp, "") != NULL) {
			size_t from = i > 3 ? i - 3 : 0, to = i + n + 3 < p->len ? i + n + 3 : p->len;
			const char *hit = find_bytes(out, len, p->bytes + from, to - from);
			if (hit) {
				leak(path, "the payload's control sequence, raw", out, len,
				     (size_t)(hit - out));
				return;
			}
		}
		i += n;
	}
}

/* ---- files, and the command line run in this process ---- */

static char *read_file(const char *path, size_t *len)
{
	char *text = support_read_text(path, len);
	assert_non_null(text);
	return text;
}

static void write_file(const char *path, const char *bytes, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

struct run {
	int status;
	char *out, *err;
	size_t out_len, err_len;
};

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static void redirect(int fd, const char *path)
{
	int to = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(to >= 0);
	assert_true(dup2(to, fd) >= 0);
	close(to);
}

/* Runs `improv --db DB args...` as the program would, capturing stdout and
 * stderr. args ends with NULL; an argument may be a payload. */
static struct run improv(const char *db, ...)
{
	char *argv[16];
	int argc = 0;
	argv[argc++] = xstrdup("improv");
	argv[argc++] = xstrdup("--db");
	argv[argc++] = xstrdup(db);
	va_list ap;
	va_start(ap, db);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL && argc < 15;)
		argv[argc++] = xstrdup(a);
	va_end(ap);
	argv[argc] = NULL;
	char out_path[128], err_path[128];
	snprintf(out_path, sizeof out_path, "%s/stdout", work);
	snprintf(err_path, sizeof err_path, "%s/stderr", work);
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
	redirect(STDOUT_FILENO, out_path);
	redirect(STDERR_FILENO, err_path);
	optind = 0;
	struct run r = {0};
	char *args[16];
	memcpy(args, argv, sizeof args);
	r.status = cli_main(argc, args);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	r.out = read_file(out_path, &r.out_len);
	r.err = read_file(err_path, &r.err_len);
	return r;
}

static int64_t id_of(const struct run *r)
{
	return r->status == 0 ? strtoll(r->out, NULL, 10) : 0;
}

/* ---- the payload as a C string, as a JSON and as a YAML scalar ---- */

/* The payload up to its first NUL: what a C string can carry. */
static char *as_c_string(const struct payload *p)
{
	return xstrndup(p->bytes, strnlen(p->bytes, p->len));
}

static char *with_suffix(const char *s, const char *suffix)
{
	struct sbuf sb = SBUF_INIT;
	sbuf_adds(&sb, s);
	sbuf_adds(&sb, suffix);
	return sbuf_take(&sb);
}

/* A JSON string holding the payload: the escapes JSON requires, every
 * other byte as it is, so the reader meets raw bidi, C1 and bad bytes. */
static void json_scalar(struct sbuf *out, const char *s, size_t len)
{
	sbuf_addc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sbuf_addf(out, "\\%c", c);
		else if (c < 0x20)
			sbuf_addf(out, "\\u%04x", c);
		else
			sbuf_addc(out, (char)c);
	}
	sbuf_addc(out, '"');
}

/* A YAML double-quoted scalar: controls and C1 code points as YAML's own
 * escapes (which YAML requires), the rest as it is. */
static void yaml_scalar(struct sbuf *out, const char *s, size_t len)
{
	sbuf_addc(out, '"');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp == '"' || cp == '\\')
			sbuf_addf(out, "\\%c", (char)cp);
		else if (cp != UTF8_INVALID && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)))
			sbuf_addf(out, "\\x%02x", (unsigned)cp);
		else
			sbuf_add(out, s + i, n);
		i += n;
	}
	sbuf_addc(out, '"');
}

typedef void (*scalar_fn)(struct sbuf *out, const char *s, size_t len);

/* A document made from a skeleton: each {P} becomes the payload and each
 * {P2} the payload and " 2" (a second participant needs a name of its
 * own), written as scalar writes them. */
static char *document(const char *skeleton, const struct payload *p, scalar_fn scalar)
{
	struct sbuf out = SBUF_INIT;
	char *second = xmalloc(p->len + 3);
	memcpy(second, p->bytes, p->len);
	memcpy(second + p->len, " 2", 3);
	for (const char *s = skeleton; *s;) {
		if (strncmp(s, "{P}", 3) == 0) {
			scalar(&out, p->bytes, p->len);
			s += 3;
		} else if (strncmp(s, "{P2}", 4) == 0) {
			scalar(&out, second, p->len + 2);
			s += 4;
		} else {
			sbuf_addc(&out, *s++);
		}
	}
	free(second);
	return sbuf_take(&out);
}

static const char json_skeleton[] =
	"{\"format\": \"improv.session\", \"format_version\": 1,\n"
	" \"session\": {\"title\": {P}, \"organization\": {P}, \"unit\": {P},\n"
	"   \"facilitator\": {P}, \"level\": \"team\", \"template\": \"learning-infrastructure\"},\n"
	" \"participants\": [{\"id\": 1, \"name\": {P}}, {\"id\": 2, \"name\": {P2}}],\n"
	" \"dimensions\": [{\"key\": \"culture\", \"name\": {P}, \"question\": {P},\n"
	"   \"low\": {P}, \"high\": {P}, \"scale\": {\"min\": 1, \"max\": 5},\n"
	"   \"ratings\": [{\"participant\": {P}, \"score\": 3}, {\"participant\": {P2}, \"score\": 4}],\n"
	"   \"notes\": [{\"kind\": \"gap\", \"text\": {P}}]},\n"
	"  {\"key\": \"tools\", \"name\": \"Tools\", \"scale\": {\"min\": 1, \"max\": 5}}],\n"
	" \"values\": [{\"id\": 1, \"text\": {P}}],\n"
	" \"goals\": [{\"id\": 1, \"text\": {P}, \"dimension\": \"culture\", \"status\": \"active\"}],\n"
	" \"metrics\": [{\"goal_id\": 1, \"name\": {P}, \"unit\": {P}, \"direction\": \"up\",\n"
	"   \"baseline\": 10, \"target\": 20, \"target_date\": \"2027-06-30\"}],\n"
	" \"steps\": [{\"id\": 1, \"text\": {P}, \"owner\": {P}, \"horizon\": \"short\",\n"
	"   \"goal_id\": 1, \"impact\": 4, \"effort\": 2},\n"
	"  {\"id\": 2, \"text\": \"Second step\", \"horizon\": \"medium\"}],\n"
	" \"parking_lot\": [{\"id\": 1, \"text\": {P}}]}\n";

static const char yaml_skeleton[] =
	"format: improv.session\n"
	"format_version: 1\n"
	"session:\n"
	"  title: {P}\n"
	"  organization: {P}\n"
	"  unit: {P}\n"
	"  facilitator: {P}\n"
	"  level: team\n"
	"  template: learning-infrastructure\n"
	"participants:\n"
	"  - id: 1\n"
	"    name: {P}\n"
	"  - id: 2\n"
	"    name: {P2}\n"
	"dimensions:\n"
	"  - key: culture\n"
	"    name: {P}\n"
	"    question: {P}\n"
	"    low: {P}\n"
	"    high: {P}\n"
	"    scale: {min: 1, max: 5}\n"
	"    ratings:\n"
	"      - {participant: {P}, score: 3}\n"
	"      - {participant: {P2}, score: 4}\n"
	"    notes:\n"
	"      - kind: gap\n"
	"        text: {P}\n"
	"  - key: tools\n"
	"    name: Tools\n"
	"    scale: {min: 1, max: 5}\n"
	"values:\n"
	"  - {id: 1, text: {P}}\n"
	"goals:\n"
	"  - {id: 1, text: {P}, dimension: culture, status: active}\n"
	"metrics:\n"
	"  - goal_id: 1\n"
	"    name: {P}\n"
	"    unit: {P}\n"
	"    direction: up\n"
	"    baseline: 10\n"
	"    target: 20\n"
	"steps:\n"
	"  - {id: 1, text: {P}, owner: {P}, horizon: short, goal_id: 1, impact: 4, effort: 2}\n"
	"  - {id: 2, text: Second step, horizon: medium}\n"
	"parking_lot:\n"
	"  - {id: 1, text: {P}}\n";

/* Files that are wrong in a way whose message quotes the payload. */
static const char *const bad_skeletons[] = {
	"{\"format\": \"improv.session\", \"format_version\": 1,\n"
	" \"session\": {\"title\": \"x\", \"level\": {P}}}\n",
	"{\"format\": \"improv.session\", \"format_version\": 1,\n"
	" \"session\": {\"title\": \"x\", \"template\": {P}}}\n",
	"{\"format\": \"improv.session\", \"format_version\": 1, \"session\": {\"title\": \"x\"},\n"
	" \"dimensions\": [{\"key\": {P}, \"name\": \"n\", \"scale\": {\"min\": 1, \"max\": 5}}]}\n",
	"{\"format\": \"improv.session\", \"format_version\": 1, \"session\": {\"title\": \"x\"},\n"
	" \"participants\": [{\"name\": \"Ana\"}],\n"
	" \"dimensions\": [{\"key\": \"k\", \"name\": \"n\", \"scale\": {\"min\": 1, \"max\": 5},\n"
	"   \"ratings\": [{\"participant\": {P}, \"score\": 3}]}]}\n",
	"{\"format\": {P}, \"format_version\": 1, \"session\": {\"title\": \"x\"}}\n",
	"{\"format\": \"improv.session\", \"format_version\": {P}, \"session\": {\"title\": \"x\"}}\n",
};

/* ---- ways in ---- */

struct trial {
	const struct payload *p;
	char db[128];
	char *text;             /* the payload as a C string */
	int64_t ids[8];         /* stored sessions, by how they got in */
	const char *how[8];
	size_t nids;
};

static void stored(struct trial *t, const char *how, int64_t id)
{
	if (id <= 0)
		return;
	t->how[t->nids] = how;
	t->ids[t->nids++] = id;
}

static struct store *open_store(const char *db)
{
	struct store *st;
	struct error err = {0};
	assert_int_equal(store_open(db, NULL, &st, &err), ERR_OK);
	return st;
}

/* A refusal is fine, and its message must be clean too. */
static void refused(const char *path, const struct error *err)
{
	tally.refusals++;
	check_text(path, err->msg, strlen(err->msg), "");
}

/* Puts the text in every list of the session: a note, a value, a goal, a
 * metric (name and unit), a step (text and owner) and a parked topic. */
static bool fill_with(struct session *s, const char *text, struct error *err)
{
	struct metric m = {.name = (char *)text, .unit = (char *)text, .direction = DIRECTION_UP,
			   .baseline = 10, .target = 20, .target_date = 20999,
			   .baseline_date = NO_DATE, .goal_id = 1};
	struct step first = {.text = (char *)text, .owner = (char *)text, .horizon = HORIZON_SHORT,
			     .impact = 4, .effort = 2, .goal_id = 1, .points = POINTS_NONE};
	struct step second = {.text = (char *)"Second step", .horizon = HORIZON_MEDIUM,
			      .points = POINTS_NONE};
	if (session_rate(s, 0, 0, 3, err) || session_rate(s, 0, 1, 4, err) ||
	    session_add_note(s, 0, NOTE_GAP, text, err) || session_add_value(s, text, err) ||
	    session_add_goal(s, text, "culture", err))
		return false;
	s->goals[0].id = 1;
	return !session_add_metric(s, &m, err) && !session_add_measurement(s, 0, 15, 20785, err) &&
	       !session_add_step(s, &first, err) && !session_add_step(s, &second, err) &&
	       !session_park(s, text, err);
}

/* A template as the import builds one from the payload's file: the first
 * dimension's texts are the payload (trimmed, as every text the model
 * keeps), the second is plain. */
static void hostile_template(struct template *tpl, const char *text)
{
	char *kept = session_text(text, TEXT_MAX_NAME, "the text", NULL);
	memset(tpl, 0, sizeof *tpl);
	tpl->key = xstrdup("learning-infrastructure");
	tpl->name = xstrdup("Hostile");
	tpl->description = xstrdup("");
	tpl->scale.min = 1;
	tpl->scale.max = 5;
	tpl->dims = xcalloc(2, sizeof *tpl->dims);
	tpl->ndims = 2;
	const char *first = kept ? kept : "";
	tpl->dims[0] = (struct template_dimension){xstrdup("culture"), xstrdup(first),
						   xstrdup(first), xstrdup(first), xstrdup(first)};
	tpl->dims[1] = (struct template_dimension){xstrdup("tools"), xstrdup("Tools"), xstrdup(""),
						   xstrdup(""), xstrdup("")};
	free(kept);
}

/* Through the model's functions and the store, as the screen and `new` do:
 * with the payload's own template, or for a session to edit by hand
 * (title given) with the default template. */
static int64_t create_through_model(const char *db, const char *text, const char *title)
{
	struct error err = {0};
	struct template tpl = {0};
	if (title)
		assert_int_equal(template_find("learning-infrastructure", &tpl, &err), ERR_OK);
	else
		hostile_template(&tpl, text);
	char *second = with_suffix(text, " 2");
	const char *people[] = {text, second};
	struct session_setup setup = {.title = title ? title : text, .organization = text,
				      .unit = text, .facilitator = text, .level = LEVEL_TEAM,
				      .participants = people, .nparticipants = 2};
	struct session *s = session_create(&setup, &tpl, &err);
	int64_t id = 0;
	if (s == NULL || !fill_with(s, text, &err)) {
		refused("model: refusal message", &err);
	} else {
		struct store *st = open_store(db);
		assert_int_equal(store_create_session(st, s, &err), ERR_OK);
		id = s->id;
		store_close(st);
	}
	session_free(s);
	free(second);
	template_free(&tpl);
	return id;
}

static int64_t import_document(struct trial *t, const char *kind, const char *skeleton,
			       scalar_fn scalar)
{
	char path[192], label[64];
	snprintf(path, sizeof path, "%s/hostile.%s", work, kind);
	char *doc = document(skeleton, t->p, scalar);
	write_file(path, doc, strlen(doc));
	free(doc);
	struct run r = improv(t->db, "import", path, NULL);
	if (r.status != 0) {
		tally.refusals++;
		if (getenv("HOSTILE_SHOW_REFUSALS"))
			fprintf(stderr, "[%s] %.*s", t->p->name, (int)r.err_len, r.err);
		snprintf(label, sizeof label, "import %s: error message", kind);
		check_error_line(label, r.err, r.err_len);
	}
	int64_t id = id_of(&r);
	run_free(&r);
	return id;
}

/* Files that fail and quote the payload in the message. */
static void import_bad_documents(struct trial *t)
{
	char path[192];
	snprintf(path, sizeof path, "%s/bad.json", work);
	for (size_t i = 0; i < sizeof bad_skeletons / sizeof bad_skeletons[0]; i++) {
		char *doc = document(bad_skeletons[i], t->p, json_scalar);
		write_file(path, doc, strlen(doc));
		free(doc);
		struct run r = improv(t->db, "import", path, NULL);
		if (r.status == 0)
			fprintf(stderr, "[%s] bad import %zu was taken\n", t->p->name, i);
		assert_int_not_equal(r.status, 0);
		check_error_line("import: error quoting the file", r.err, r.err_len);
		run_free(&r);
	}
}

/* Behind improv's back: every text column of a stored session set to the
 * payload's bytes, whatever they are (a NUL included); as many of them as
 * the schema lets the columns of the statement hold (no limit: SIZE_MAX),
 * taken from the end, so that the long line still ends in its sequence. */
static void sql_exec(sqlite3 *db, const char *sql, size_t max, const struct payload *p,
		     int64_t id)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	size_t len = p->len < max ? p->len : max;
	sqlite3_bind_text(q, 1, p->bytes + (p->len - len), (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	if (sqlite3_step(q) != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(q);
}

static int64_t create_in_database(const char *db_path, const struct payload *p)
{
	int64_t id = create_through_model(db_path, "placeholder", "Edited by hand");
	assert_true(id > 0);
	static const struct {
		const char *sql;
		size_t max;
	} updates[] = {
		{"UPDATE sessions SET title = ?1, organization = ?1, unit = ?1, facilitator = ?1,"
		 " template = ?1, scale_labels = ?1 WHERE id = ?2", TEXT_MAX_NAME},
		{"UPDATE series SET organization = ?1, unit = ?1"
		 " WHERE id = (SELECT series_id FROM sessions WHERE id = ?2)", SIZE_MAX},
		{"UPDATE participants SET name = CASE position WHEN 0 THEN ?1 ELSE ?1 || ' 2' END"
		 " WHERE session_id = ?2", TEXT_MAX_NAME - 2},
		{"UPDATE dimensions SET key = ?1, name = ?1, question = ?1, low = ?1, high = ?1"
		 " WHERE session_id = ?2 AND position = 0", TEXT_MAX_NAME},
		{"UPDATE goals SET dimension = ?1 WHERE session_id = ?2", SIZE_MAX},
		{"UPDATE notes SET text = ?1 WHERE dimension_id IN"
		 " (SELECT id FROM dimensions WHERE session_id = ?2)", TEXT_MAX_NOTE},
		{"UPDATE team_values SET text = ?1 WHERE session_id = ?2", TEXT_MAX_ITEM},
		{"UPDATE goals SET text = ?1 WHERE session_id = ?2", TEXT_MAX_ITEM},
		{"UPDATE metrics SET name = ?1, unit = ?1 WHERE session_id = ?2", TEXT_MAX_NAME},
		{"UPDATE steps SET text = ?1, owner = ?1 WHERE session_id = ?2 AND position = 0",
		 TEXT_MAX_NAME},
		{"UPDATE parking_lot SET text = ?1 WHERE session_id = ?2", TEXT_MAX_ITEM},
	};
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof updates / sizeof updates[0]; i++)
		sql_exec(db, updates[i].sql, updates[i].max, p, id);
	sqlite3_close(db);
	return id;
}

#include "tests/hostile/hostile_screen.c"

#include "tests/hostile/hostile_outputs.c"

/* ---- one payload through everything ---- */

/* How many sizes the screens of a session are walked at. The session
 * edited by hand holds the payload as it is in every text the others hold
 * (and more), so `make test` walks it at both sizes and its check-in at
 * 80x24; the sessions made through the model, an import or the keys are
 * shown by the command line and every export, and the typed one's forms
 * were checked as they were typed. HOSTILE_FULL=1 (make soak) walks every
 * session at both sizes. */
static int screen_sizes_for(const char *how)
{
	const char *full = getenv("HOSTILE_FULL");
	if ((full && *full == '1') || strcmp(how, "database edited by hand") == 0)
		return NSIZES;
	return strncmp(how, "check-in", 8) == 0 ? 1 : 0;
}

static void add_text(struct sbuf *sb, const char *text)
{
	sbuf_adds(sb, text ? text : "(none)");
	sbuf_addc(sb, '\n');
}

/* Every text of a session, in one string: the screens draw nothing else a
 * user or a file could have written. */
static char *texts_of(const char *db, int64_t id)
{
	struct store *st = open_store(db);
	struct session *s;
	struct error err = {0};
	assert_int_equal(store_load_session(st, id, &s, &err), ERR_OK);
	store_close(st);
	struct sbuf sb = SBUF_INIT;
	const char *fields[] = {s->title, s->organization, s->unit, s->facilitator};
	for (size_t i = 0; i < 4; i++)
		add_text(&sb, fields[i]);
	for (size_t i = 0; i < s->nparticipants; i++)
		add_text(&sb, s->participants[i].name);
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dimension *dim = &s->dims[d];
		const char *dim_texts[] = {dim->key, dim->name, dim->question, dim->low, dim->high};
		for (size_t i = 0; i < 5; i++)
			add_text(&sb, dim_texts[i]);
		for (size_t n = 0; n < dim->nnotes; n++)
			add_text(&sb, dim->notes[n].text);
	}
	for (size_t i = 0; i < s->nvalues; i++)
		add_text(&sb, s->values[i].text);
	for (size_t i = 0; i < s->ngoals; i++)
		add_text(&sb, s->goals[i].text);
	for (size_t i = 0; i < s->nmetrics; i++) {
		add_text(&sb, s->metrics[i].name);
		add_text(&sb, s->metrics[i].unit);
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		add_text(&sb, s->steps[i].text);
		add_text(&sb, s->steps[i].owner);
	}
	for (size_t i = 0; i < s->nparking; i++)
		add_text(&sb, s->parking[i].text);
	session_free(s);
	return sbuf_take(&sb);
}

static ptrdiff_t stored_as(const struct trial *t, const char *how)
{
	for (size_t i = 0; i < t->nids; i++)
		if (strcmp(t->how[i], how) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* The JSON and the YAML file hold the tree the model was given, so their
 * imports hold the model's texts, and take the payload when it does. */
static void expect_same_imports(const struct trial *t, char **texts)
{
	ptrdiff_t model = stored_as(t, "model"), json = stored_as(t, "import json"),
		  yaml = stored_as(t, "import yaml");
	if ((model < 0) != (json < 0) || (json < 0) != (yaml < 0))
		printf("  note: %s is taken by the model: %s, import json: %s, import yaml: %s\n",
		       t->p->name, model < 0 ? "no" : "yes", json < 0 ? "no" : "yes",
		       yaml < 0 ? "no" : "yes");
	ptrdiff_t took[] = {json, yaml};
	for (size_t i = 0; i < 2; i++) {
		if (model >= 0 && took[i] >= 0 && strcmp(texts[model], texts[took[i]]) != 0) {
			fprintf(stderr, "[%s] import %s stored other texts than the model\n",
				t->p->name, i ? "yaml" : "json");
			fail();
		}
	}
}

static void try_payload(const struct payload *p)
{
	struct trial t = {.p = p, .text = as_c_string(p)};
	tally.payload = p->name;
	tally.payloads++;
	snprintf(t.db, sizeof t.db, "%s/improv.db", work);
	unlink(t.db);

	stored(&t, "model", create_through_model(t.db, t.text, NULL));
	stored(&t, "import json", import_document(&t, "json", json_skeleton, json_scalar));
	stored(&t, "import yaml", import_document(&t, "yaml", yaml_skeleton, yaml_scalar));
	import_bad_documents(&t);
	stored(&t, "typed", create_by_typing(&t));
	int64_t by_hand = create_in_database(t.db, p);
	stored(&t, "database edited by hand", by_hand);
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)by_hand);
	/* Whatever the hand edit stored (a NUL inside a name among it), what
	 * loads is a session the model accepts, so its check-in succeeds. */
	struct run r = improv(t.db, "checkin", num, NULL);
	if (r.status != 0) {
		fprintf(stderr, "[%s] checkin of the edited database failed: %.*s", p->name,
			(int)r.err_len, r.err);
		fail();
	}
	stored(&t, "check-in of the edited database", id_of(&r));
	run_free(&r);

	char *texts[8];
	for (size_t i = 0; i < t.nids; i++) {
		texts[i] = texts_of(t.db, t.ids[i]);
		size_t same = 0;
		while (same < i && strcmp(texts[same], texts[i]) != 0)
			same++;
		if (same < i) {
			tally.spared++;
			continue;
		}
		walk_screens(&t, t.how[i], t.ids[i], screen_sizes_for(t.how[i]));
		check_command_line(&t, t.how[i], t.ids[i]);
	}
	expect_same_imports(&t, texts);
	for (size_t i = 0; i < t.nids; i++)
		free(texts[i]);
	check_lease_holder(&t, by_hand);
	check_list(&t);
	check_errors_quoting(&t);
	check_theme_name(&t);
	check_user_files(&t);
	free(t.text);
}

/* Whether name is one of the comma-separated names in list. */
static bool named_in(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

static void hostile__no_payload_reaches_a_terminal_raw_or_breaks_a_file(void **state)
{
	(void)state;
	const char *only = getenv("HOSTILE_ONLY");
	for (size_t i = 0; i < PAYLOAD_COUNT; i++) {
		struct payload p = payload_get(i);
		if (only == NULL || *only == '\0' || named_in(only, p.name))
			try_payload(&p);
		payload_free(&p);
	}
	printf("hostile text: %zu payloads x %zu paths: %lu checks, %lu refusals (each "
	       "message checked), %lu leaks\n"
	       "  the screens: %lu sessions walked through %zu screens and dialogs; %lu more "
	       "held the same texts as one already shown\n",
	       tally.payloads, tally.paths.n, tally.checks, tally.refusals, tally.leaks,
	       tally.walks, tally.screens.n, tally.spared);
	if (getenv("HOSTILE_PATHS"))
		for (size_t i = 0; i < tally.paths.n; i++)
			printf("  %s\n", tally.paths.name[i]);
	assert_int_equal(tally.leaks, 0);
}

/* ---- set-up ---- */

/* config/improv/KIND: a folder of links to the shipped files, where the
 * test adds files of its own. */
static void link_beside(const char *config, const char *kind)
{
	char from[1200], to[256];
	snprintf(to, sizeof to, "%s/improv/%s", config, kind);
	assert_int_equal(mkdir(to, 0700), 0);
	snprintf(from, sizeof from, "%s/%s", repo, kind);
	DIR *d = opendir(from);
	assert_non_null(d);
	for (const struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		char file[1500], link[600];
		snprintf(file, sizeof file, "%s/%s", from, e->d_name);
		snprintf(link, sizeof link, "%s/%s", to, e->d_name);
		assert_int_equal(symlink(file, link), 0);
	}
	closedir(d);
}

static int setup(void **state)
{
	(void)state;
	/* In memory where there is a tmpfs: the store syncs every change. */
	snprintf(work, sizeof work, "%s/improv-hostile-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(work));
	char config[128];
	snprintf(config, sizeof config, "%s/config", work);
	mkdir(config, 0700);
	char improv_dir[160];
	snprintf(improv_dir, sizeof improv_dir, "%s/improv", config);
	mkdir(improv_dir, 0700);
	link_beside(config, "templates");
	link_beside(config, "themes");
	setenv("XDG_CONFIG_HOME", config, 1);
	setenv("XDG_DATA_HOME", work, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
	assert_int_equal(system(cmd), 0);
	for (size_t i = 0; i < tally.paths.n; i++)
		free((char *)tally.paths.name[i]);
	for (size_t i = 0; i < tally.screens.n; i++)
		free((char *)tally.screens.name[i]);
	return 0;
}

/* The shell-readable form: DIR/NN-name holds payload NN's bytes. */
static int write_payloads(const char *dir)
{
	for (size_t i = 0; i < PAYLOAD_COUNT; i++) {
		struct payload p = payload_get(i);
		char path[1024];
		snprintf(path, sizeof path, "%s/%02zu-%s", dir, i, p.name);
		FILE *fp = fopen(path, "wb");
		if (fp == NULL || fwrite(p.bytes, 1, p.len, fp) != p.len || fclose(fp) != 0) {
			perror(path);
			return 1;
		}
		payload_free(&p);
	}
	return 0;
}

/* For the shell tests: whether FILE, the bytes a terminal was sent, holds
 * any payload's control sequence raw. */
static int check_raw_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		perror(path);
		return 1;
	}
	struct sbuf raw = SBUF_INIT;
	char buf[65536];
	for (size_t n; (n = fread(buf, 1, sizeof buf, fp)) > 0;)
		sbuf_add(&raw, buf, n);
	fclose(fp);
	for (size_t i = 0; i < PAYLOAD_COUNT; i++) {
		struct payload p = payload_get(i);
		tally.payload = p.name;
		check_raw_output(path, sbuf_str(&raw), raw.len, &p);
		payload_free(&p);
	}
	sbuf_free(&raw);
	for (size_t i = 0; i < tally.paths.n; i++)
		free((char *)tally.paths.name[i]);
	return tally.leaks ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		return write_payloads(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--check-raw") == 0)
		return check_raw_file(argv[2]);
	setlocale(LC_ALL, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
	unsetenv("NO_COLOR");
	unsetenv("IMPROV_DB");
	if (getcwd(repo, sizeof repo) == NULL)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile__no_payload_reaches_a_terminal_raw_or_breaks_a_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
