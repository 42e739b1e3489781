/* The hostile texts on their way out: the command line's output and every
 * export format. Part of test_hostile.c, which includes it. */

/* ---- ways out: the command line ---- */

static void check_csv(const char *path, const char *s, size_t len);
static void check_md(const char *path, const char *s, size_t len);
static void check_html(const char *path, const char *s, size_t len);
static void check_tree(const char *path, const char *doc, size_t len, const char *db,
		       int64_t id);

static void check_command_line(struct trial *t, const char *how, int64_t id)
{
	char num[24], path[128];
	snprintf(num, sizeof num, "%lld", (long long)id);
	static const char *const shows[][2] = {{"show", NULL}, {"show", "--json"}};
	for (size_t i = 0; i < 2; i++) {
		struct run r = improv(t->db, shows[i][0], num, shows[i][1], NULL);
		assert_int_equal(r.status, 0);
		snprintf(path, sizeof path, "%s → improv show%s", how, shows[i][1] ? " --json" : "");
		check_text(path, r.out, r.out_len, "\n");
		if (shows[i][1])
			check_tree(path, r.out, r.out_len, NULL, 0);
		run_free(&r);
	}
	static const char *const formats[] = {"json", "yaml", "md", "csv", "html"};
	for (size_t i = 0; i < 5; i++) {
		struct run r = improv(t->db, "export", num, "--format", formats[i], NULL);
		assert_int_equal(r.status, 0);
		snprintf(path, sizeof path, "%s → export %s", how, formats[i]);
		if (i < 2) {
			check_text(path, r.out, r.out_len, "\n");
			check_tree(path, r.out, r.out_len, t->db, id);
		} else if (i == 2) {
			check_md(path, r.out, r.out_len);
		} else if (i == 3) {
			check_csv(path, r.out, r.out_len);
		} else {
			check_html(path, r.out, r.out_len);
		}
		run_free(&r);
	}
}

static void check_list(struct trial *t)
{
	struct run r = improv(t->db, "list", NULL);
	assert_int_equal(r.status, 0);
	check_text("every way in → improv list", r.out, r.out_len, "\n");
	run_free(&r);
	r = improv(t->db, "list", "--json", NULL);
	assert_int_equal(r.status, 0);
	check_text("every way in → improv list --json", r.out, r.out_len, "\n");
	check_tree("every way in → improv list --json", r.out, r.out_len, NULL, 0);
	run_free(&r);
}

/* Commands given the payload where a name, an id or an option belongs. */
static void check_errors_quoting(struct trial *t)
{
	static const char *const commands[][6] = {
		{"{P}", NULL},
		{"show", "{P}", NULL},
		{"show", "{P}", "--json", NULL},
		{"export", "{P}", NULL},
		{"export", "1", "--format", "{P}", NULL},
		{"checkin", "{P}", NULL},
		{"compare", "{P}", "1", NULL},
		{"open", "{P}", NULL},
		{"new", "--title", "x", "--template", "{P}", NULL},
		{"new", "--title", "x", "--level", "{P}", NULL},
		{"new", "--title", "{P}", "--participant", "{P}", NULL},
		{"new", "{P}", NULL},
		{"list", "{P}", NULL},
		{"import", "{P}", NULL},
	};
	for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
		const char *args[6] = {NULL};
		for (size_t i = 0; i < 5 && commands[c][i]; i++)
			args[i] = strcmp(commands[c][i], "{P}") == 0 ? t->text : commands[c][i];
		struct run r = improv(t->db, args[0], args[1], args[2], args[3], args[4], NULL);
		char path[96];
		snprintf(path, sizeof path, "error: improv %s", commands[c][0][0] == '{'
			 ? "<unknown command>" : commands[c][0]);
		if (r.status != 0)
			check_error_line(path, r.err, r.err_len);
		else
			check_text(path, r.out, r.out_len, "\n");
		run_free(&r);
	}
}

/* The theme named on the command line is the payload: the workshop screen
 * says it is unknown, on screen. */
static void check_theme_name(struct trial *t)
{
	struct screen sc = {.p = t->p, .how = "error: --theme"};
	char out_path[128];
	snprintf(out_path, sizeof out_path, "%s/terminal", work);
	snprintf(sc.out_path, sizeof sc.out_path, "%s", out_path);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	sc.out = fopen(out_path, "w+b");
	sc.size = "80x24";
	struct tui_options opts = {.db_path = t->db, .theme = t->text};
	struct error err = {0};
	assert_int_equal(ui_start(&sc.app, &opts, "xterm", sc.out, stdin, &err), ERR_OK);
	ui_draw(&sc.app);
	check_dump(&sc, "unknown theme message");
	screen_stop(&sc);
}

/* A template and a theme file of the user's own, with the payload in
 * every text they hold: `improv templates` and `themes` list them, and a
 * workshop made from the template carries its texts. */
static const char template_skeleton[] =
	"template: hostile\n"
	"name: {P}\n"
	"description: {P}\n"
	"version: 1\n"
	"scale: {min: 1, max: 3, labels: [one, two, three]}\n"
	"dimensions:\n"
	"  - {key: one, name: {P}, question: {P}, low: {P}, high: {P}}\n"
	"  - {key: two, name: {P2}, question: {P2}, low: {P2}, high: {P2}}\n"
	"suggest:\n"
	"  values: [{P}]\n"
	"  goals: [{P}]\n"
	"  metrics: [{name: {P}, unit: \"%\", direction: up}]\n";

static const char theme_skeleton[] =
	"theme: hostile\n"
	"name: {P}\n"
	"roles:\n"
	"  title: {attrs: [bold]}\n";

static void check_user_files(struct trial *t)
{
	char path[256];
	const char *config = getenv("XDG_CONFIG_HOME");
	static const struct {
		const char *kind, *noun, *skeleton;
	} files[] = {{"templates", "template", template_skeleton},
		     {"themes", "theme", theme_skeleton}};
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/improv/%s/hostile.yaml", config, files[i].kind);
		char *doc = document(files[i].skeleton, t->p, yaml_scalar);
		write_file(path, doc, strlen(doc));
		free(doc);
		struct run r = improv(t->db, files[i].kind, NULL);
		char label[64];
		snprintf(label, sizeof label, "%s file → improv %s", files[i].noun, files[i].kind);
		check_text(label, r.out, r.out_len, "\n");
		if (r.err_len)
			check_error_line(label, r.err, r.err_len);
		run_free(&r);
	}
	struct run r = improv(t->db, "new", "--title", "From a template", "--template", "hostile",
			      NULL);
	if (r.status != 0) {
		tally.refusals++;
		if (getenv("HOSTILE_SHOW_REFUSALS"))
			fprintf(stderr, "[%s] %.*s", t->p->name, (int)r.err_len, r.err);
		check_error_line("template file → improv new: error message", r.err, r.err_len);
	} else {
		char num[24];
		snprintf(num, sizeof num, "%lld", (long long)id_of(&r));
		struct run shown = improv(t->db, "show", num, NULL);
		check_text("template file → improv show", shown.out, shown.out_len, "\n");
		run_free(&shown);
		shown = improv(t->db, "export", num, "--format", "md", NULL);
		check_md("template file → export md", shown.out, shown.out_len);
		run_free(&shown);
	}
	run_free(&r);
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/improv/%s/hostile.yaml", config, files[i].kind);
		unlink(path);
	}
}

/* ---- file formats ---- */

/* A cell a spreadsheet would take for a formula, unless it is a number. */
static bool formula_cell(const char *cell, size_t len)
{
	if (len == 0 || strchr("=+@\t\r-", cell[0]) == NULL)
		return false;
	if (cell[0] != '-')
		return true;
	char *copy = xstrndup(cell, len), *end;
	strtod(copy, &end);
	bool number = end != copy && *end == '\0';
	free(copy);
	return !number;
}

/* RFC 4180 with CRLF line ends: every row of a section has as many cells
 * as its header, and no cell is a formula. */
static void check_csv(const char *path, const char *s, size_t len)
{
	if (!check_text(path, s, len, "\r\n"))
		return;
	size_t header_cells = 0, cells = 0, row_start = 0;
	bool in_header = false, section_line = false;
	struct sbuf cell = SBUF_INIT;
	for (size_t i = 0; i <= len;) {
		bool quoted = i < len && s[i] == '"';
		sbuf_reset(&cell);
		if (quoted) {
			for (i++; i < len && !(s[i] == '"' && (i + 1 >= len || s[i + 1] != '"')); i++) {
				if (s[i] == '"')
					i++;
				sbuf_addc(&cell, s[i]);
			}
			i++;
		} else {
			while (i < len && s[i] != ',' && s[i] != '\r')
				sbuf_addc(&cell, s[i++]);
		}
		if (cells == 0 && i - row_start >= 1 && s[row_start] == '#')
			section_line = true;
		cells++;
		if (!section_line && formula_cell(sbuf_str(&cell), cell.len))
			leak(path, "a formula cell", s, len, row_start);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		if (i < len && (s[i] != '\r' || i + 1 >= len || s[i + 1] != '\n'))
			leak(path, "a row that does not end in CRLF", s, len, i);
		bool blank = cells == 1 && cell.len == 0;
		if (section_line) {
			in_header = true;
		} else if (in_header) {
			header_cells = cells;
			in_header = false;
		} else if (!blank && header_cells && cells != header_cells) {
			leak(path, "a row with the wrong number of cells", s, len, row_start);
		}
		section_line = false;
		cells = 0;
		i += 2;
		row_start = i;
		if (i >= len)
			break;
	}
	sbuf_free(&cell);
}

/* Table rows that have as many cells as the table's header (a \| inside a
 * cell is text), and nothing a terminal would act on. */
static void check_md(const char *path, const char *s, size_t len)
{
	if (!check_text(path, s, len, "\n"))
		return;
	size_t header_pipes = 0;
	bool in_table = false;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		if (s[i] == '|') {
			size_t pipes = 0;
			for (size_t k = i; k < end; k++)
				pipes += s[k] == '|' && (k == i || s[k - 1] != '\\');
			if (!in_table)
				header_pipes = pipes;
			else if (pipes != header_pipes)
				leak(path, "a table row with the wrong number of cells", s, len, i);
			in_table = true;
		} else {
			in_table = false;
		}
		i = end + 1;
	}
}

/* ---- HTML ---- */

/* Elements that have no closing tag. */
static bool html_void(const char *name, size_t n)
{
	static const char *const names[] = {"meta", "br", "!DOCTYPE"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && strncmp(name, names[i], n) == 0)
			return true;
	return false;
}

/* Every '<' opens a tag improv writes, every element is closed in order,
 * and nothing a person typed became markup: no script, no image, no
 * handler, no element from the payloads. */
static void check_html(const char *path, const char *s, size_t len)
{
	if (!check_text(path, s, len, "\n"))
		return;
	static const char *const allowed =
		" html head meta title style body header main section h1 h2 h3 h4 p em strong "
		"span br ul ol li table thead tbody tr th td figure figcaption div svg desc rect "
		"line circle polygon polyline text tspan !DOCTYPE ";
	const char *open[64];
	size_t openlen[64], depth = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '<')
			continue;
		bool closing = s[i + 1] == '/';
		const char *name = s + i + 1 + closing;
		size_t n = strcspn(name, " >/\n");
		char word[32];
		snprintf(word, sizeof word, " %.*s ", (int)(n < 20 ? n : 20), name);
		if (strstr(allowed, word) == NULL)
			leak(path, "an element improv does not write", s, len, i);
		const char *end = memchr(s + i, '>', len - i);
		if (end == NULL) {
			leak(path, "a tag that is never closed", s, len, i);
			return;
		}
		bool self = end > s + i && end[-1] == '/';
		if (closing) {
			if (depth == 0 || openlen[depth - 1] != n || strncmp(open[depth - 1], name, n))
				leak(path, "a closing tag that closes nothing open", s, len, i);
			else
				depth--;
		} else if (!self && !html_void(name, n) && depth < 64) {
			open[depth] = name;
			openlen[depth++] = n;
		}
	}
	if (depth != 0)
		leak(path, "an element left open at the end", s, len, len - 1);
}

/* What a JSON or YAML writer gives back for text that was stored: bytes
 * that are not UTF-8 each become U+FFFD. */
static char *as_written(const char *s)
{
	struct sbuf out = SBUF_INIT;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_INVALID)
			sbuf_adds(&out, "\xef\xbf\xbd");
		else
			sbuf_add(&out, s + i, n);
		i += n;
	}
	return sbuf_take(&out);
}

static const struct ynode *at(const struct ynode *node, const char *key, size_t item)
{
	const struct ynode *list = ynode_get(node, key);
	return list && list->kind == YNODE_SEQUENCE && item < list->nitems ? list->items[item]
									   : NULL;
}

static void expect_text(const char *path, const struct ynode *map, const char *key,
			const char *want)
{
	const struct ynode *node = ynode_get(map, key);
	char *written = want ? as_written(want) : NULL;
	bool same = node && (written ? node->kind == YNODE_SCALAR && node->quoted &&
				       node->len == strlen(written) &&
				       memcmp(node->text, written, node->len) == 0
				     : ynode_is_null(node));
	if (!same) {
		char what[96];
		snprintf(what, sizeof what, "\"%s\" does not read back as the stored text", key);
		leak(path, what, want ? want : "", want ? strlen(want) : 0, 0);
	}
	free(written);
}

/* The document reads back with lib/yaml_reader (its limits raised for the
 * 100,000-character line), and each text is the stored text. */
static void check_tree(const char *path, const char *doc, size_t len, const char *db,
		       int64_t id)
{
	struct ynode_limits limits = ynode_default_limits;
	limits.max_scalar = 1 << 20;
	limits.max_bytes = 64u << 20;
	struct ynode *root = NULL;
	struct error err = {0};
	tally.checks++;
	if (yaml_read_buffer("export", doc, len, &limits, &root, &err) != ERR_OK) {
		leak(path, err.msg, doc, len, 0);
		return;
	}
	if (db == NULL) {
		ynode_free(root);
		return;
	}
	struct store *st = open_store(db);
	struct session *s;
	assert_int_equal(store_load_session(st, id, &s, &err), ERR_OK);
	store_close(st);
	const struct ynode *session = ynode_get(root, "session");
	expect_text(path, session, "title", s->title);
	expect_text(path, session, "organization", s->organization);
	expect_text(path, session, "unit", s->unit);
	expect_text(path, session, "facilitator", s->facilitator);
	for (size_t i = 0; i < s->nparticipants; i++)
		expect_text(path, at(root, "participants", i), "name", s->participants[i].name);
	for (size_t d = 0; d < s->ndims; d++) {
		const struct ynode *dim = at(root, "dimensions", d);
		expect_text(path, dim, "name", s->dims[d].name);
		expect_text(path, dim, "question", s->dims[d].question);
		for (size_t n = 0; n < s->dims[d].nnotes; n++)
			expect_text(path, at(dim, "notes", n), "text", s->dims[d].notes[n].text);
	}
	for (size_t i = 0; i < s->nvalues; i++)
		expect_text(path, at(root, "values", i), "text", s->values[i].text);
	for (size_t i = 0; i < s->ngoals; i++)
		expect_text(path, at(root, "goals", i), "text", s->goals[i].text);
	for (size_t i = 0; i < s->nmetrics; i++) {
		expect_text(path, at(root, "metrics", i), "name", s->metrics[i].name);
		expect_text(path, at(root, "metrics", i), "unit",
			    s->metrics[i].unit ? s->metrics[i].unit : "");
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		expect_text(path, at(root, "steps", i), "text", s->steps[i].text);
		expect_text(path, at(root, "steps", i), "owner", s->steps[i].owner);
	}
	for (size_t i = 0; i < s->nparking; i++)
		expect_text(path, at(root, "parking_lot", i), "text", s->parking[i].text);
	session_free(s);
	ynode_free(root);
}
