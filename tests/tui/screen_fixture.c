/* The screen tests' fixture (see screen_fixture.h). */
#include "tests/tui/screen_fixture.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "templates/template_load.h"
#include "tests/support.h"

/* The repository the test runs in (main sets it with getcwd). */
static char repo[1024];

static inline void screen_make_scratch(struct fixture *f, const char *prefix)
{
	char path[256], target[1200];
	snprintf(f->dir, sizeof f->dir, "/tmp/%s-XXXXXX", prefix);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/improv.db", f->dir);
	snprintf(path, sizeof path, "%s/config", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof path, "%s/config/improv", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/config/improv/templates", f->dir);
	snprintf(target, sizeof target, "%s/templates", repo);
	assert_int_equal(symlink(target, path), 0);
}

static inline void screen_remove_scratch(struct fixture *f)
{
	if (f->started)
		ui_stop(&f->app);
	f->started = false;
	if (f->out)
		fclose(f->out);
	f->out = NULL;
	support_remove_tree(f->dir);
	assert_int_not_equal(access(f->dir, F_OK), 0);
}

static inline int64_t screen_store_session(const char *db, const struct session_setup *setup,
				    void (*widen)(struct template *tpl),
				    void (*fill)(struct session *s))
{
	struct store *st;
	struct error err = {0};
	struct template tpl = {0};
	assert_int_equal(store_open(db, NULL, &st, &err), ERR_OK);
	assert_int_equal(template_find("learning-infrastructure", &tpl, &err), ERR_OK);
	if (widen != NULL)
		widen(&tpl);
	struct session *s = session_create(setup, &tpl, &err);
	assert_non_null(s);
	if (fill != NULL)
		fill(s);
	assert_int_equal(store_create_session(st, s, &err), ERR_OK);
	int64_t id = s->id;
	session_free(s);
	template_free(&tpl);
	store_close(st);
	return id;
}

static inline bool screen_prepare(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("IMPROV_NOW", "2026-11-28T16:00:00Z", 1);
	unsetenv("NO_COLOR");
	return getcwd(repo, sizeof repo) != NULL;
}

static inline int screen_setup(void **state, const char *prefix,
			       const struct session_setup *setup, void (*fill)(struct session *s))
{
	struct fixture *f = xcalloc(1, sizeof *f);
	screen_make_scratch(f, prefix);
	f->id = screen_store_session(f->db, setup, NULL, fill);
	*state = f;
	return 0;
}

static inline int screen_teardown(void **state)
{
	struct fixture *f = *state;
	screen_remove_scratch(f);
	free(f);
	return 0;
}

static inline void screen_start(struct fixture *f, int rows, int cols, int64_t open_id,
			 const char *vfs)
{
	char size[16];
	snprintf(size, sizeof size, "%d", rows);
	setenv("LINES", size, 1);
	snprintf(size, sizeof size, "%d", cols);
	setenv("COLUMNS", size, 1);
	f->out = fopen("/dev/null", "w");
	assert_non_null(f->out);
	struct tui_options opts = {.db_path = f->db, .no_color = true, .open_id = open_id,
				   .vfs = vfs};
	struct error err = {0};
	assert_int_equal(ui_start(&f->app, &opts, "xterm", f->out, stdin, &err), ERR_OK);
	f->started = true;
	ui_draw(&f->app);
}

static inline void keys(struct fixture *f, const char *typed)
{
	for (const char *p = typed; *p; p++)
		ui_redraw(&f->app, ui_key(&f->app, (wint_t)(unsigned char)*p, false));
	expect_drawn_afresh(f);
}

static inline void enter(struct fixture *f)
{
	keys(f, "\r");
}

static inline char *dump(void)
{
	struct sbuf out = SBUF_INIT;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	wchar_t *line = xcalloc((size_t)cols + 1, sizeof *line);
	for (int y = 0; y < rows; y++) {
		int n = mvinnwstr(y, 0, line, cols);
		char bytes[4096];
		size_t len = n > 0 ? wcstombs(bytes, line, sizeof bytes - 1) : 0;
		if (len == (size_t)-1)
			len = 0;
		while (len > 0 && bytes[len - 1] == ' ')
			len--;
		sbuf_add(&out, bytes, len);
		sbuf_addc(&out, '\n');
	}
	free(line);
	return sbuf_take(&out);
}

/* A key that curses reports as a code (KEY_LEFT, KEY_RESIZE, ...), then
 * the frame it leads to. */
static inline void key_code(struct fixture *f, int code)
{
	ui_redraw(&f->app, ui_key(&f->app, (wint_t)code, true));
	expect_drawn_afresh(f);
}

/* Every cell as curses holds it: its characters, attributes and pair. */
static inline char *screen_cells(void)
{
	struct sbuf out = SBUF_INIT;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	for (int y = 0; y < rows; y++) {
		for (int x = 0; x < cols; x++) {
			cchar_t cell;
			wchar_t wch[CCHARW_MAX + 1] = {0};
			attr_t attrs = 0;
			short pair = 0;
			if (mvin_wch(y, x, &cell) == OK)
				getcchar(&cell, wch, &attrs, &pair, NULL);
			sbuf_addf(&out, "%lx.%d", (unsigned long)attrs, pair);
			for (size_t k = 0; k < CCHARW_MAX && wch[k]; k++)
				sbuf_addf(&out, ".%lx", (unsigned long)wch[k]);
			sbuf_addc(&out, ' ');
		}
		sbuf_addc(&out, '\n');
	}
	return sbuf_take(&out);
}

static inline void expect_drawn_afresh(struct fixture *f)
{
	char *cells = screen_cells(), *text = dump();
	ui_draw(&f->app);
	char *afresh = screen_cells(), *afresh_text = dump();
	if (strcmp(cells, afresh) != 0) {
		int row = 0;
		for (size_t i = 0; cells[i] && cells[i] == afresh[i]; i++)
			row += cells[i] == '\n';
		size_t at = 0;
		while (cells[at] == afresh[at])
			at++;
		while (at > 0 && cells[at - 1] != ' ' && cells[at - 1] != '\n')
			at--;
		fprintf(stderr, "row %d differs from the frame drawn afresh at \"%.24s\" against"
			" \"%.24s\"\nas drawn:\n%s\nafresh:\n%s\n", row, cells + at, afresh + at,
			text, afresh_text);
	}
	assert_true(strcmp(cells, afresh) == 0);
	free(cells);
	free(text);
	free(afresh);
	free(afresh_text);
}

/* The session as the file holds it now. */
static inline struct session *saved_session(const struct fixture *f)
{
	struct store *st = support_open_store(f->db);
	struct session *s = support_load(st, f->id);
	store_close(st);
	return s;
}

static inline bool screen_has(const char *text)
{
	char *got = dump();
	bool found = strstr(got, text) != NULL;
	free(got);
	return found;
}

#define SCREENS_DIR "tests/tui/screens"

static inline void report_difference(const char *name, const char *want, const char *got)
{
	int line = 1;
	while (*want && *want == *got) {
		line += *want == '\n';
		want++;
		got++;
	}
	const char *we = strchr(want, '\n'), *ge = strchr(got, '\n');
	fprintf(stderr, "screen %s differs at line %d:\n  want: %.*s\n  got:  %.*s\n", name, line,
		we ? (int)(we - want) : (int)strlen(want), want,
		ge ? (int)(ge - got) : (int)strlen(got), got);
}

static inline void expect_screen(const char *name)
{
	char path[1400];
	snprintf(path, sizeof path, "%s/%s/%s.txt", repo, SCREENS_DIR, name);
	char *got = dump();
	const char *update = getenv("IMPROV_UPDATE_SCREENS");
	if (update && *update == '1') {
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(got, fp);
		fclose(fp);
	}
	char *want = support_read_text(path, NULL);
	if (want == NULL)
		fprintf(stderr, "no stored screen %s (run with IMPROV_UPDATE_SCREENS=1)\n", path);
	assert_non_null(want);
	if (strcmp(want, got) != 0)
		report_difference(name, want, got);
	assert_string_equal(want, got);
	free(want);
	free(got);
}
