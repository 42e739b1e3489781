/* The hostile texts through the workshop screen: each stage, dialog and
 * ballot screen drawn with them at both sizes. Part of test_hostile.c,
 * which includes it (each test is built from one source file). */

/* ---- the workshop screen ---- */

struct screen {
	struct app app;
	FILE *out;
	char out_path[128];
	const char *size;
	const struct payload *p;
	const char *how;
};

static void screen_start(struct screen *sc, const char *db, int64_t open_id, int size)
{
	char text[16];
	snprintf(text, sizeof text, "%d", sizes[size].rows);
	setenv("LINES", text, 1);
	snprintf(text, sizeof text, "%d", sizes[size].cols);
	setenv("COLUMNS", text, 1);
	snprintf(sc->out_path, sizeof sc->out_path, "%s/terminal", work);
	sc->out = fopen(sc->out_path, "w+b");
	assert_non_null(sc->out);
	sc->size = sizes[size].name;
	struct tui_options opts = {.db_path = db, .no_color = false, .open_id = open_id};
	struct error err = {0};
	enum err_code rc = ui_start(&sc->app, &opts, "xterm-256color", sc->out, stdin, &err);
	if (rc != ERR_OK)
		fail_msg("ui_start: %s", err.msg);
	ui_draw(&sc->app);
}

/* What curses drew, checked cell by cell as it reads back. */
static void check_dump(struct screen *sc, const char *what)
{
	char path[160];
	snprintf(path, sizeof path, "%s → screen %s: %s", sc->how, sc->size, what);
	char counted[64];
	snprintf(counted, sizeof counted, "%s → screen %s", sc->how, sc->size);
	tally.checks++;
	count_path(counted);
	count_name(&tally.screens, what);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	wchar_t *line = xcalloc((size_t)cols + 1, sizeof *line);
	if (getenv("HOSTILE_DUMPS"))
		fprintf(stderr, "==== %s\n", path);
	for (int y = 0; y < rows; y++) {
		int n = mvinnwstr(y, 0, line, cols);
		if (getenv("HOSTILE_DUMPS")) {
			char row[4096];
			size_t len = wcstombs(row, line, sizeof row - 1);
			fprintf(stderr, "%.*s\n", len == (size_t)-1 ? 0 : (int)len, row);
		}
		for (int x = 0; x < n; x++) {
			const char *why = forbidden((uint32_t)line[x], "");
			if (why) {
				char row[4096];
				size_t len = wcstombs(row, line, sizeof row - 1);
				leak(path, why, len == (size_t)-1 ? "" : row,
				     len == (size_t)-1 ? 0 : len, (size_t)x);
				free(line);
				return;
			}
		}
	}
	free(line);
}

/* Presses keys as the main loop would take them, and draws once after. */
static void keys(struct screen *sc, const char *typed)
{
	for (const char *c = typed; *c; c++)
		ui_key(&sc->app, (wint_t)(unsigned char)*c, false);
	ui_draw(&sc->app);
}

/* Presses keys and checks the screen they lead to. */
static void visit(struct screen *sc, const char *typed, const char *what)
{
	keys(sc, typed);
	check_dump(sc, what);
}

static void screen_stop(struct screen *sc)
{
	ui_stop(&sc->app);
	fflush(sc->out);
	size_t len;
	char *raw = read_file(sc->out_path, &len);
	char path[160];
	snprintf(path, sizeof path, "%s → terminal bytes %s", sc->how, sc->size);
	check_raw_output(path, raw, len, sc->p);
	free(raw);
	fclose(sc->out);
	sc->out = NULL;
}

/* The revealed results, once the chart has built up; then the roadmap
 * and back to the steps. */
static void walk_results(struct screen *sc, const char *what)
{
	for (int i = 0; i < 10; i++)
		ui_tick(&sc->app);
	ui_draw(&sc->app);
	check_dump(sc, what);
	visit(sc, "R", "roadmap");
	for (int i = 0; i < 4 && sc->app.screen != SCREEN_STEPS; i++)
		keys(sc, "q");
}

/* Three ballots: secret dots passed round the keyboard, secret
 * impact/effort scores (the 2x2 matrix), and a tally from a paper wall. */
static void walk_vote(struct screen *sc)
{
	visit(sc, "v", "ballot form");
	visit(sc, "\r", "ballot lobby");
	visit(sc, "\r", "ballot casting");
	visit(sc, "+\r", "ballot confirm");
	visit(sc, "y", "ballot pass");
	visit(sc, "\rj\r+\ry\r", "ballot second voter");
	visit(sc, "r", "ballot reveal");
	keys(sc, "y");
	walk_results(sc, "ballot results");
	keys(sc, "v   ");           /* Space turns the method: dots, approval, ranked, scoring */
	visit(sc, "\r\r", "scoring ballot");
	keys(sc, "42j33\ry\rj\r51j24\ry\rry");     /* a digit moves on to effort */
	walk_results(sc, "scoring results: the matrix");
	keys(sc, "v\t\t\t\t\t ");   /* Entry: a tally from the wall */
	keys(sc, "\t4");
	visit(sc, "\r", "tally entry");
	keys(sc, "3\rj1\r");
	visit(sc, "r", "tally reveal");
	keys(sc, "y");
	walk_results(sc, "tally results");
}

/* Moves to a stage with ] and [, and checks it. */
static void stage(struct screen *sc, enum stage target, const char *what)
{
	for (int i = 0; i < STAGE_COUNT && sc->app.ws && sc->app.ws->s->stage != target; i++)
		keys(sc, sc->app.ws->s->stage < target ? "]" : "[");
	if (sc->app.ws == NULL || sc->app.ws->s->stage != target)
		fail_msg("%s: could not reach the stage %s", sc->how, what);
	check_dump(sc, what);
}

/* Every stage, form and dialog of one session, then home. */
static void walk_session(struct screen *sc)
{
	check_dump(sc, "the stage it opens on");
	if (sc->app.ws->s->parent_id) {
		stage(sc, STAGE_SETUP, "last time");
		visit(sc, "\t", "last time, goals");
		visit(sc, "\t", "last time, metrics");
	}
	stage(sc, STAGE_CURRENT_STATE, "current state");
	visit(sc, "?", "help");
	keys(sc, "z");
	visit(sc, "n", "note form");
	visit(sc, "\033j", "current state, next dimension");
	visit(sc, "kx", "delete note question");
	keys(sc, "\033");
	stage(sc, STAGE_GOALS_VALUES, "goals and values");
	visit(sc, "e", "value form");
	visit(sc, "\033\te", "goal form");
	visit(sc, "\033d", "delete question");
	keys(sc, "\033");
	stage(sc, STAGE_METRICS, "metrics");
	visit(sc, "e", "metric form");
	visit(sc, "\033m", "measurement form");
	keys(sc, "\033");
	stage(sc, STAGE_STEPS, "steps");
	visit(sc, "e", "step form");
	visit(sc, "\033o", "owner form");
	keys(sc, "\033");
	walk_vote(sc);
	visit(sc, "L", "parking lot");
	visit(sc, "e", "parked topic form");
	keys(sc, "\033L");
	stage(sc, STAGE_REVIEW, "review");
	visit(sc, "\t", "review, since last time");
	visit(sc, "\t", "review, trend");
	visit(sc, "\tp", "presentation mode");
	visit(sc, "pq", "home");
	visit(sc, "n", "setup form");
	visit(sc, "\033x", "export form");
	visit(sc, "\033/a", "home filter");
	keys(sc, "\033");
}

static void walk_screens(struct trial *t, const char *how, int64_t id, int nsizes)
{
	tally.walks += nsizes > 0;
	for (int size = 0; size < nsizes; size++) {
		struct screen sc = {.p = t->p, .how = how};
		screen_start(&sc, t->db, id, size);
		walk_session(&sc);
		screen_stop(&sc);
	}
}

/* The keys that the form takes as commands rather than text. */
static bool is_editing_key(uint32_t cp)
{
	static const char keys_of_form[] = "\033\r\n\t\001\002\004\005\006\010\013\025\027\177";
	return cp != 0 && strchr(keys_of_form, (int)cp) != NULL;
}

/* Types the payload, one code point a key, as a facilitator would. */
static void type_payload(struct screen *sc, const char *suffix)
{
	const struct payload *p = sc->p;
	for (size_t i = 0; i < p->len;) {
		uint32_t cp;
		size_t n = utf8_decode(p->bytes + i, p->len - i, &cp);
		if (cp != UTF8_INVALID && !is_editing_key(cp))
			ui_key(&sc->app, (wint_t)cp, false);
		i += n;
	}
	for (const char *c = suffix; *c; c++)
		ui_key(&sc->app, (wint_t)(unsigned char)*c, false);
	ui_draw(&sc->app);
}

static void confirm_form(struct screen *sc, const char *what)
{
	check_dump(sc, what);
	keys(sc, "\r");
	if (sc->app.dialog.kind == DIALOG_FORM) {
		tally.refusals++;
		check_dump(sc, "form kept open after a refusal");
		keys(sc, "\033");
	}
}

/* On the home screen: the setup form, then every list of the session. */
static int64_t create_by_typing(struct trial *t)
{
	if (t->p->len > 4000)
		return 0;       /* the editor takes at most its field's bytes; typed
				 * key by key this one only beeps 100,000 times */
	struct screen sc = {.p = t->p, .how = "typed"};
	screen_start(&sc, t->db, 0, 0);
	keys(&sc, "n");
	type_payload(&sc, "");
	keys(&sc, "\t");
	type_payload(&sc, "");
	keys(&sc, "\t");
	type_payload(&sc, "");
	keys(&sc, "\t\t");
	type_payload(&sc, "");
	keys(&sc, "\t");
	type_payload(&sc, ", ");
	type_payload(&sc, " 2");
	confirm_form(&sc, "setup form typed");
	int64_t id = sc.app.ws ? sc.app.ws->s->id : 0;
	if (id) {
		visit(&sc, "n\t", "note form");
		type_payload(&sc, "");
		confirm_form(&sc, "note form typed");
		keys(&sc, "]a");
		type_payload(&sc, "");
		confirm_form(&sc, "value form typed");
		keys(&sc, "\ta");
		type_payload(&sc, "");
		confirm_form(&sc, "goal form typed");
		keys(&sc, "]a");
		type_payload(&sc, "");
		keys(&sc, "\t");
		type_payload(&sc, "");
		confirm_form(&sc, "metric form typed");
		keys(&sc, "]a");
		type_payload(&sc, "");
		keys(&sc, "\t\t\t");
		type_payload(&sc, "");
		confirm_form(&sc, "step form typed");
		keys(&sc, "a");
		type_payload(&sc, " 2");
		confirm_form(&sc, "second step typed");
		keys(&sc, "P");
		type_payload(&sc, "");
		confirm_form(&sc, "parked topic typed");
		keys(&sc, "q/");
		type_payload(&sc, "");
		check_dump(&sc, "home filter typed");
		keys(&sc, "\033");
	}
	screen_stop(&sc);
	return id;
}

/* A second window finds the session held by someone whose name, as the
 * database gives it, is the payload: it says who, read-only. */
static void check_lease_holder(struct trial *t, int64_t id)
{
	char host[64], sql[256];
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "%s", "localhost");
	host[sizeof host - 1] = '\0';
	long long now = (long long)clock_now();
	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO leases (session_id, token, who, host, "
		 "pid, since, renewed) VALUES (?2, 'another window', ?1, '%s', %lld, %lld, %lld)",
		 host, (long long)getpid(), now, now);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sql_exec(db, sql, SIZE_MAX, t->p, id);
	sqlite3_close(db);
	struct screen sc = {.p = t->p, .how = "lease held by the payload"};
	screen_start(&sc, t->db, id, 0);
	check_dump(&sc, "read-only session");
	visit(&sc, "Pxyz\r", "an edit refused");
	screen_stop(&sc);
	assert_int_equal(sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM leases", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}
