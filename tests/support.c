#include "tests/support.h"

#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "lib/ynode.h"
#include "model/ballot.h"
#include "model/template.h"
#include "sessions/store.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

void support_remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = opendir(path);
	const struct dirent *ent;
	while (d != NULL && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		struct sbuf child = SBUF_INIT;
		sbuf_addf(&child, "%s/%s", path, ent->d_name);
		support_remove_tree(sbuf_str(&child));
		sbuf_free(&child);
	}
	if (d != NULL)
		closedir(d);
	rmdir(path);
}

struct bytes support_read_bytes(const char *path)
{
	struct bytes b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		b.data = xrealloc(b.data, b.len + got);
		memcpy(b.data + b.len, chunk, got);
		b.len += got;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	return b;
}

char *support_read_text(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	struct sbuf sb = SBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sbuf_add(&sb, buf, n);
	assert_int_equal(ferror(fp), 0);
	fclose(fp);
	if (len != NULL)
		*len = sb.len;
	return sbuf_take(&sb);
}

/* ---- a session in memory, as the model's tests build it ---- */

static const char *or_else(const char *text, const char *otherwise)
{
	return text != NULL ? text : otherwise;
}

void support_build_template(struct template *tpl, const struct support_template *spec)
{
	static const char *const labels[] = {"absent", "ad hoc", "emerging", "established",
					     "thriving"};
	memset(tpl, 0, sizeof *tpl);
	tpl->key = xstrdup(spec->key);
	tpl->name = xstrdup(spec->name);
	if (spec->description != NULL)
		tpl->description = xstrdup(spec->description);
	tpl->version = 1;
	tpl->scale.min = 1;
	tpl->scale.max = 5;
	if (spec->labelled) {
		tpl->scale.nlabels = NELEMS(labels);
		tpl->scale.labels = xcalloc(NELEMS(labels), sizeof *tpl->scale.labels);
		for (size_t i = 0; i < NELEMS(labels); i++)
			tpl->scale.labels[i] = xstrdup(labels[i]);
		tpl->timebox_minutes[STAGE_CURRENT_STATE] = 25;
		tpl->timebox_minutes[STAGE_GOALS_VALUES] = 20;
		tpl->timebox_minutes[STAGE_METRICS] = 15;
		tpl->timebox_minutes[STAGE_STEPS] = 30;
		tpl->timebox_minutes[STAGE_REVIEW] = 10;
	}
	static const char *const culture_and_tools[] = {"culture", "tools"};
	static const char *const their_names[] = {"Culture: sharing, trust, considered risk",
						  "Tools that find answers"};
	const char *const *keys = spec->keys != NULL ? spec->keys : culture_and_tools;
	const char *const *names = spec->keys != NULL ? spec->names : their_names;
	size_t ndims = spec->keys != NULL ? spec->ndims : NELEMS(culture_and_tools);
	tpl->vote_method = BALLOT_DOTS;
	tpl->vote_cap = spec->vote_cap;
	tpl->ndims = ndims;
	tpl->dims = xcalloc(ndims, sizeof *tpl->dims);
	for (size_t i = 0; i < ndims; i++) {
		struct template_dimension *d = &tpl->dims[i];
		d->key = xstrdup(keys[i]);
		d->name = xstrdup(names != NULL ? names[i] : keys[i]);
		d->question = xstrdup(or_else(spec->question, "Where are we today?"));
		d->low = xstrdup(or_else(spec->low, "nobody does it"));
		d->high = xstrdup(or_else(spec->high, "everybody does it, every week"));
	}
}

static void build_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "tools", "practice"};
	static const char *const names[] = {"Culture", "Tools", "Practice"};
	support_build_template(tpl, &(const struct support_template){
		.key = "test-workshop", .name = "A workshop for the tests",
		.question = "How well does it work here?", .high = "everybody does it",
		.keys = keys, .names = names, .ndims = NELEMS(keys), .labelled = true,
	});
}

struct session *support_session_from(const struct session_setup *setup,
				     void (*build)(struct template *tpl))
{
	struct template tpl;
	struct error err = {0};
	build(&tpl);
	struct session *s = session_create(setup, &tpl, &err);
	template_free(&tpl);
	if (s == NULL)
		print_error("%s\n", err.msg);
	assert_non_null(s);
	return s;
}

struct session *support_create(const struct session_setup *setup, struct error *err)
{
	struct template tpl;
	build_template(&tpl);
	struct session *s = session_create(setup, &tpl, err);
	template_free(&tpl);
	return s;
}

struct session_setup support_setup_titled(const char *title)
{
	return (struct session_setup){.title = title, .level = LEVEL_TEAM};
}

int support_open_with_ana_bo_and_cy(void **state)
{
	static const char *const names[] = {"Ana", "Bo", "Cy"};
	struct session_setup setup = support_setup_titled("Q2 workshop");
	setup.participants = names;
	setup.nparticipants = NELEMS(names);
	struct error err;
	*state = support_create(&setup, &err);
	return *state == NULL ? -1 : 0;
}

int support_free_session(void **state)
{
	session_free(*state);
	*state = NULL;
	return 0;
}

/* ---- fields of new metrics and steps, as a form fills them ---- */

struct metric support_a_metric(const char *name, enum direction dir, double baseline,
			       double target)
{
	return (struct metric){
		.name = (char *)name, .direction = dir, .baseline = baseline, .target = target,
		.target_date = NO_DATE, .baseline_date = NO_DATE,
	};
}

struct step support_a_step(const char *text, enum horizon horizon)
{
	return (struct step){
		.text = (char *)text, .horizon = horizon, .status = STEP_PLANNED,
		.points = POINTS_NONE,
	};
}

void support_add_metric(struct session *s, const char *name, enum direction dir,
			double baseline, double target)
{
	struct error err;
	struct metric m = support_a_metric(name, dir, baseline, target);
	assert_int_equal(session_add_metric(s, &m, &err), ERR_OK);
}

void support_add_step(struct session *s, const char *text, enum horizon horizon)
{
	struct error err;
	struct step st = support_a_step(text, horizon);
	assert_int_equal(session_add_step(s, &st, &err), ERR_OK);
}

void support_measure(struct session *s, size_t metric, double value, long day)
{
	struct error err;
	assert_int_equal(session_add_measurement(s, metric, value, day, &err), ERR_OK);
}

/* ---- what the room would see, to prove that a refusal changed nothing ---- */

static const char *or_none(const char *text)
{
	return text ? text : "(none)";
}

static void describe_dimensions(struct sbuf *b, const struct session *s)
{
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dimension *dim = &s->dims[d];
		sbuf_addf(b, "dimension %s group=%d scores", dim->key, dim->group_score);
		for (size_t p = 0; p < s->nparticipants; p++)
			sbuf_addf(b, " %d", dim->scores[p]);
		sbuf_addc(b, '\n');
		for (size_t n = 0; n < dim->nnotes; n++)
			sbuf_addf(b, "  note %d %s\n", (int)dim->notes[n].kind, dim->notes[n].text);
	}
}

static void describe_metrics(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric *m = &s->metrics[i];
		sbuf_addf(b, "metric %lld goal=%lld %s unit=%s dir=%d %.17g -> %.17g by %ld from %ld:",
			  (long long)m->id, (long long)m->goal_id, m->name, or_none(m->unit),
			  (int)m->direction, m->baseline, m->target, m->target_date,
			  m->baseline_date);
		for (size_t k = 0; k < m->nmeasurements; k++)
			sbuf_addf(b, " %.17g@%ld", m->measurements[k].value,
				  m->measurements[k].taken_on);
		sbuf_addc(b, '\n');
	}
}

static void describe_steps(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];
		sbuf_addf(b, "step %lld %s h=%d st=%d owner=%s goal=%lld i=%d e=%d pts=%ld rank=%d\n",
			  (long long)st->id, st->text, (int)st->horizon, (int)st->status,
			  or_none(st->owner), (long long)st->goal_id, st->impact, st->effort,
			  st->points, st->rank);
	}
}

static void describe_ballots(struct sbuf *b, const struct session *s)
{
	for (size_t i = 0; i < s->nballots; i++) {
		const struct ballot *bl = &s->ballots[i];
		sbuf_addf(b, "ballot m=%d e=%d st=%d voters=%zu:", (int)bl->method,
			  (int)bl->entry, (int)bl->status, bl->nvoters);
		for (size_t k = 0; k < bl->ncandidates; k++)
			sbuf_addf(b, " %lld=%ld", (long long)bl->candidates[k], bl->points[k]);
		sbuf_addc(b, '\n');
	}
}

char *support_describe(const struct session *s)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s / %s / %s / %s level=%d stage=%d status=%d closed_at=%lld\n",
		  or_none(s->title), or_none(s->organization), or_none(s->unit),
		  or_none(s->facilitator), (int)s->level, (int)s->stage, (int)s->status,
		  (long long)s->closed_at);
	for (size_t i = 0; i < s->nparticipants; i++)
		sbuf_addf(&b, "participant %s\n", s->participants[i].name);
	describe_dimensions(&b, s);
	for (size_t i = 0; i < s->nvalues; i++)
		sbuf_addf(&b, "value %s\n", s->values[i].text);
	for (size_t i = 0; i < s->ngoals; i++)
		sbuf_addf(&b, "goal %lld %s dim=%s status=%d\n", (long long)s->goals[i].id,
			  s->goals[i].text, or_none(s->goals[i].dimension),
			  (int)s->goals[i].status);
	describe_metrics(&b, s);
	describe_steps(&b, s);
	for (size_t i = 0; i < s->nparking; i++)
		sbuf_addf(&b, "parked %s\n", s->parking[i].text);
	describe_ballots(&b, s);
	return sbuf_take(&b);
}

void support_assert_unchanged(const struct session *s, const char *before)
{
	char *now = support_describe(s);
	assert_string_equal(now, before);
	free(now);
}

/* ---- lists ---- */

static const char *item_text(const struct session *s, enum session_list list, size_t i)
{
	switch (list) {
	case LIST_PARTICIPANTS:
		return s->participants[i].name;
	case LIST_VALUES:
		return s->values[i].text;
	case LIST_GOALS:
		return s->goals[i].text;
	case LIST_METRICS:
		return s->metrics[i].name;
	case LIST_STEPS:
		return s->steps[i].text;
	case LIST_PARKING:
		return s->parking[i].text;
	case LIST_COUNT:
		break;
	}
	return NULL;
}

void support_assert_list(const struct session *s, enum session_list list, const char *first,
			 ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, first);
	for (const char *want = first; want != NULL; want = va_arg(ap, const char *)) {
		assert_true(n < session_list_len(s, list));
		assert_string_equal(item_text(s, list, n), want);
		n++;
	}
	va_end(ap);
	assert_int_equal(session_list_len(s, list), n);
}

/* ---- a tree read from a text ---- */

struct ynode *support_read_tree(support_tree_reader read, const char *name, const char *text,
				size_t len)
{
	struct ynode *root = NULL;
	struct error err = {0};
	enum err_code rc = read(name, text, len, NULL, &root, &err);
	if (rc != ERR_OK)
		fail_msg("expected the text to read, got: %s", err.msg);
	assert_non_null(root);
	return root;
}

void support_expect_tree_refused(support_tree_reader read, const char *name, const char *text,
				 size_t len, const struct ynode_limits *limits,
				 const char *message)
{
	static struct ynode untouched;
	struct ynode *root = &untouched;
	struct error err = {0};
	enum err_code rc = read(name, text, len, limits, &root, &err);
	if (rc != ERR_DATA || strcmp(err.msg, message) != 0)
		fail_msg("got %d \"%s\"\nwanted \"%s\"", (int)rc, err.msg, message);
	assert_null(root);
}

/* ---- a store in a scratch folder ---- */

bool support_make_scratch(struct support_fixture *fx)
{
	memcpy(fx->dir, "/tmp/improv-test-store-XXXXXX", sizeof fx->dir);
	if (mkdtemp(fx->dir) == NULL)
		return false;
	snprintf(fx->db, sizeof fx->db, "%s/improv.db", fx->dir);
	return true;
}

int support_make_fixture(void **state)
{
	struct support_fixture *fx = xcalloc(1, sizeof *fx);
	if (!support_make_scratch(fx)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

int support_remove_fixture(void **state)
{
	struct support_fixture *fx = *state;
	support_remove_tree(fx->dir);
	free(fx);
	return 0;
}

void support_path_in(const struct support_fixture *fx, const char *name,
		     char out[SUPPORT_PATH_SIZE])
{
	snprintf(out, SUPPORT_PATH_SIZE, "%s/%s", fx->dir, name);
}

void support_write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

void support_copy_file(const char *from, const char *to)
{
	struct bytes b = support_read_bytes(from);
	support_write_bytes(to, b.data, b.len);
	free(b.data);
}

void support_assert_bytes_unchanged(const char *path, const struct bytes *before)
{
	struct bytes now = support_read_bytes(path);
	assert_int_equal(now.len, before->len);
	assert_memory_equal(now.data, before->data, now.len);
	free(now.data);
}

bool support_file_exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

mode_t support_mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

size_t support_files_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	assert_non_null(d);
	for (const struct dirent *ent; (ent = readdir(d)) != NULL;)
		n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0;
	closedir(d);
	return n;
}

void support_expect_open_refused(const struct support_fixture *fx, const char *words,
				 struct error *err)
{
	size_t files = support_files_in(fx->dir);
	struct bytes before = support_read_bytes(fx->db);
	struct store *st = NULL;
	assert_int_equal(store_open(fx->db, NULL, &st, err), ERR_DATA);
	assert_null(st);
	if (!strstr(err->msg, words))
		print_error("%s\nwanted: %s\n", err->msg, words);
	assert_non_null(strstr(err->msg, words));
	assert_null(strchr(err->msg, '\n'));
	support_assert_bytes_unchanged(fx->db, &before);
	assert_int_equal(support_files_in(fx->dir), files);
	free(before.data);
}

sqlite3 *support_raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

sqlite3_stmt *support_raw_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
	assert_int_equal(rc, SQLITE_OK);
	return q;
}

/* The first column of the first row of a query bound to one id, or -1. */
int64_t support_raw_int(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *q = support_raw_prepare(db, sql);
	int64_t v = -1;
	if (sqlite3_bind_parameter_count(q) > 0)
		sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

void support_raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

char *support_dump_database(const char *path)
{
	sqlite3 *db = support_raw_open(path);
	sqlite3_stmt *tables = support_raw_prepare(db, "SELECT name FROM sqlite_master"
						   " WHERE type = 'table' ORDER BY name");
	struct sbuf out = SBUF_INIT;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		struct sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "SELECT * FROM \"%s\"", name);
		sqlite3_stmt *q = support_raw_prepare(db, sbuf_str(&sql));
		sbuf_addf(&out, "[%s]\n", name);
		while (sqlite3_step(q) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(q); c++) {
				const unsigned char *t = sqlite3_column_text(q, c);
				sbuf_addf(&out, "%s|", t ? (const char *)t : "NULL");
			}
			sbuf_addc(&out, '\n');
		}
		sqlite3_finalize(q);
		sbuf_free(&sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return sbuf_take(&out);
}

void support_expect_ok(enum err_code code, const struct error *err)
{
	if (code != ERR_OK)
		print_error("unexpected error %d: %s\n", code, err->msg);
	assert_int_equal(code, ERR_OK);
}

void support_expect_refused(enum err_code code, const struct error *err, enum err_code want,
			    const char *says)
{
	if (code != want)
		print_error("got %d (%s), wanted %d\n", code, err->msg, want);
	assert_int_equal(code, want);
	if (strstr(err->msg, says) == NULL)
		print_error("\"%s\" does not say \"%s\"\n", err->msg, says);
	assert_non_null(strstr(err->msg, says));
}

struct store *support_open_store_on(const char *path, const char *vfs)
{
	const struct store_options opts = {.vfs = vfs};
	return support_open_with(path, &opts);
}

struct store *support_open_with(const char *path, const struct store_options *opts)
{
	struct store *st = NULL;
	struct error err = {0};
	support_expect_ok(store_open(path, opts, &st, &err), &err);
	assert_non_null(st);
	return st;
}

struct store *support_open_store(const char *path)
{
	return support_open_with(path, NULL);
}

struct session *support_load(struct store *st, int64_t id)
{
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, id, &s, &err), &err);
	assert_non_null(s);
	return s;
}

static void make_template(struct template *tpl)
{
	static const char *const keys[] = {"culture", "policies", "tools"};
	static const char *const names[] = {"Culture: sharing, trust, considered risk",
					    "Policies", "Tools that find answers"};
	support_build_template(tpl, &(const struct support_template){
		.key = "store-test", .name = "A template for the store's tests",
		.description = "Three dimensions on a five-point scale.",
		.keys = keys, .names = names, .ndims = NELEMS(keys), .vote_cap = 3,
		.labelled = true,
	});
}

/* A session as the setup form leaves it: template, fields, four people. */
static struct session *new_session(void)
{
	static const char *const people[] = {"Ana", "Zoë Ng", "日本", "Bo"};
	const struct session_setup setup = {
		.title = "Q1: how Sales learns", .organization = "Acme", .unit = "Sales",
		.facilitator = "Dee", .level = LEVEL_UNIT, .participants = people,
		.nparticipants = NELEMS(people),
	};
	return support_session_from(&setup, make_template);
}

void support_add_full_metric(struct session *s, int64_t goal, const char *name, const char *unit,
			     enum direction dir, double baseline, long baseline_date, double target,
			     long target_date)
{
	struct error err = {0};
	const struct metric fields = {
		.goal_id = goal,
		.name = (char *)name,
		.unit = (char *)unit,
		.direction = dir,
		.baseline = baseline,
		.baseline_date = baseline_date,
		.target = target,
		.target_date = target_date,
	};
	support_expect_ok(session_add_metric(s, &fields, &err), &err);
}

void support_add_full_step(struct session *s, const char *text, enum horizon h,
			   enum step_status status, const char *owner, int64_t goal, int impact,
			   int effort)
{
	struct error err = {0};
	const struct step fields = {
		.text = (char *)text,
		.horizon = h,
		.status = status,
		.owner = (char *)owner,
		.goal_id = goal,
		.impact = impact,
		.effort = effort,
		.points = POINTS_NONE,
	};
	support_expect_ok(session_add_step(s, &fields, &err), &err);
}

void support_cast_dots(struct session *s, size_t ballot, int64_t voter, const int *dots)
{
	struct error err = {0};
	support_expect_ok(ballot_cast_dots(&s->ballots[ballot], voter, dots, &err), &err);
}

static void cast_ranked(struct session *s, size_t ballot, int64_t voter, const size_t *order,
			size_t norder)
{
	struct error err = {0};
	support_expect_ok(ballot_cast_ranked(&s->ballots[ballot], voter, order, norder, &err), &err);
}

static void add_ratings_and_notes(struct session *s)
{
	struct error err = {0};
	support_expect_ok(session_rate(s, 0, 0, 3, &err), &err);
	support_expect_ok(session_rate(s, 0, 1, 4, &err), &err);
	support_expect_ok(session_rate(s, 0, 2, 1, &err), &err);
	support_expect_ok(session_rate(s, 1, 3, 5, &err), &err);
	support_expect_ok(session_set_group_score(s, 2, 2, &err), &err);
	support_expect_ok(session_add_note(s, 0, NOTE_STRENGTH, "people ask in the open channel", &err),
			  &err);
	support_expect_ok(session_add_note(s, 0, NOTE_GAP, "answers get lost in chat", &err), &err);
	support_expect_ok(session_add_note(s, 1, NOTE_GAP, "no budget for conferences", &err), &err);
}

static void add_values_and_goals(struct session *s)
{
	struct error err = {0};
	support_expect_ok(session_add_value(s, "share by default", &err), &err);
	support_expect_ok(session_add_value(s, "fail small, learn fast", &err), &err);
	support_expect_ok(session_add_goal(s, "Anyone finds an answer within a day", "tools", &err), &err);
	support_expect_ok(session_add_goal(s, "Managers coach every week", NULL, &err), &err);
	support_expect_ok(session_add_goal(s, "A budget for learning", "policies", &err), &err);
	support_expect_ok(session_add_goal(s, "Show-and-tell every month", "culture", &err), &err);
	support_expect_ok(session_set_goal_status(s, 1, GOAL_REVISED, &err), &err);
	support_expect_ok(session_set_goal_status(s, 2, GOAL_ACHIEVED, &err), &err);
	support_expect_ok(session_set_goal_status(s, 3, GOAL_RETIRED, &err), &err);
	for (size_t i = 0; i < s->ngoals; i++)
		s->goals[i].id = SUPPORT_GOAL_LABEL + (int64_t)i;
}

static void add_metrics(struct session *s)
{
	struct error err = {0};
	support_add_full_metric(s, SUPPORT_GOAL_LABEL, "Questions answered within a day", "%",
				DIRECTION_UP, 40, date_from_civil(2026, 1, 15), 70,
				date_from_civil(2026, 6, 30));
	support_add_full_metric(s, 0, "Days to a first answer", NULL, DIRECTION_DOWN, NAN, NO_DATE,
				NAN, NO_DATE);
	support_add_full_metric(s, SUPPORT_GOAL_LABEL + 2, "Learning budget", "EUR", DIRECTION_UP,
				0, NO_DATE, 10000, date_from_civil(2027, 12, 31));
	support_expect_ok(session_add_measurement(s, 0, 55, date_from_civil(2026, 3, 1), &err), &err);
	support_expect_ok(session_add_measurement(s, 0, 45, date_from_civil(2026, 2, 1), &err), &err);
	support_expect_ok(session_add_measurement(s, 2, 2500.5, date_from_civil(2026, 4, 1), &err), &err);
}

static void add_steps(struct session *s)
{
	support_add_full_step(s, "Pilot show-and-tell in Sales", HORIZON_SHORT, STEP_PLANNED, "Ana",
			      SUPPORT_GOAL_LABEL, 4, 2);
	support_add_full_step(s, "Build a searchable answers wiki", HORIZON_MEDIUM, STEP_DOING, NULL,
			      0, 5, 4);
	support_add_full_step(s, "Tie recognition to sharing", HORIZON_LONG, STEP_DONE, "Zoë Ng",
			      SUPPORT_GOAL_LABEL + 1, SCORE_NONE, SCORE_NONE);
	support_add_full_step(s, "Coaching circles", HORIZON_SHORT, STEP_DROPPED, "日本",
			      SUPPORT_GOAL_LABEL + 3, 2, 1);
	support_add_full_step(s, "A monthly retro on how we learn", HORIZON_MEDIUM, STEP_CARRIED,
			      NULL, 0, 3, SCORE_NONE);
	for (size_t i = 0; i < s->nsteps; i++)
		s->steps[i].id = SUPPORT_STEP_LABEL + (int64_t)i;
}

/* Ballot 0: dots, three voters, revealed. Ballot 1: ranked, named,
 * three voters, closed. The voters are not in id order. Both were opened
 * while every step was still to do, so every step is a candidate. */
static void add_ballots(struct session *s)
{
	struct error err = {0};
	enum step_status later[8];
	for (size_t i = 0; i < s->nsteps && i < 8; i++) {
		later[i] = s->steps[i].status;
		s->steps[i].status = STEP_PLANNED;
	}
	support_expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err), &err);
	support_expect_ok(ballot_set_limits(&s->ballots[0], 4, 3, &err), &err);
	support_cast_dots(s, 0, SUPPORT_PARTICIPANT_LABEL + 2, (const int[]){2, 1, 0, 0, 1});
	support_cast_dots(s, 0, SUPPORT_PARTICIPANT_LABEL, (const int[]){0, 1, 1, 1, 0});
	support_cast_dots(s, 0, SUPPORT_PARTICIPANT_LABEL + 3, (const int[]){3, 0, 0, 0, 1});
	support_expect_ok(session_reveal_ballot(s, 0, &err), &err);

	support_expect_ok(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET, -1, &err), &err);
	s->ballots[1].anonymous = false;
	cast_ranked(s, 1, SUPPORT_PARTICIPANT_LABEL + 1, (const size_t[]){2, 0, 1}, 3);
	cast_ranked(s, 1, SUPPORT_PARTICIPANT_LABEL + 3, (const size_t[]){0, 2}, 2);
	cast_ranked(s, 1, SUPPORT_PARTICIPANT_LABEL, (const size_t[]){4, 3, 2, 1, 0}, 5);
	support_expect_ok(ballot_close(&s->ballots[1], &err), &err);
	for (size_t i = 0; i < s->nsteps && i < 8; i++)
		s->steps[i].status = later[i];
}

/* Every kind of thing a session holds, with ids like an import's. */
struct session *support_full_session(void)
{
	struct error err = {0};
	struct session *s = new_session();
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = SUPPORT_PARTICIPANT_LABEL + (int64_t)p;
	add_ratings_and_notes(s);
	add_values_and_goals(s);
	add_metrics(s);
	add_steps(s);
	support_expect_ok(session_park(s, "The canteen's coffee", &err), &err);
	support_expect_ok(session_park(s, "Hybrid meetings — another day", &err), &err);
	add_ballots(s);
	support_expect_ok(session_set_stage(s, STAGE_STEPS, &err), &err);
	s->timers[STAGE_STEPS].left_seconds = 1234;
	s->timers[STAGE_STEPS].running_since = 1790000000;
	return s;
}

struct session *support_store_session(struct store *st, struct session *s)
{
	struct error err = {0};
	support_expect_ok(store_create_session(st, s, &err), &err);
	assert_true(s->id > 0);
	return s;
}

int64_t support_store_support_team(struct store *st, void (*build)(struct template *tpl))
{
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	const struct session_setup setup = {
		.title = "Q2: how Support learns", .organization = "Acme", .unit = "Support",
		.facilitator = "Dee", .level = LEVEL_TEAM, .participants = people,
		.nparticipants = NELEMS(people),
	};
	return support_store_and_free(st, support_session_from(&setup, build));
}

size_t support_count_sessions(const char *path)
{
	struct store *st = support_open_store(path);
	struct session_summary *list = NULL;
	size_t n = 0;
	struct error err = {0};
	support_expect_ok(store_list_sessions(st, &list, &n, &err), &err);
	store_summaries_free(list, n);
	store_close(st);
	return n;
}

int64_t support_store_and_free(struct store *st, struct session *s)
{
	struct error err = {0};
	support_expect_ok(store_create_session(st, s, &err), &err);
	int64_t id = s->id;
	session_free(s);
	return id;
}

/* A database at path holding a full session; returns that session. */
struct session *support_make_database(const char *path)
{
	struct store *st = support_open_store(path);
	struct session *s = support_store_session(st, support_full_session());
	store_close(st);
	return s;
}

void support_assert_same_text(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void assert_same_real(double want, double got)
{
	if (isnan(want))
		assert_true(isnan(got));
	else
		assert_true(got == want);
}

static void assert_same_fields(const struct session *want, const struct session *got)
{
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->series_id, want->series_id);
	assert_int_equal(got->parent_id, want->parent_id);
	assert_int_equal(got->iteration, want->iteration);
	support_assert_same_text(want->title, got->title);
	support_assert_same_text(want->organization, got->organization);
	support_assert_same_text(want->unit, got->unit);
	support_assert_same_text(want->facilitator, got->facilitator);
	support_assert_same_text(want->template_key, got->template_key);
	assert_int_equal(got->level, want->level);
	assert_int_equal(got->stage, want->stage);
	assert_int_equal(got->status, want->status);
	assert_int_equal(got->ratings, want->ratings);
	assert_int_equal(got->created_at, want->created_at);
	assert_int_equal(got->closed_at, want->closed_at);
	assert_int_equal(got->nscale_labels, want->nscale_labels);
	for (size_t i = 0; i < want->nscale_labels; i++)
		support_assert_same_text(want->scale_labels[i], got->scale_labels[i]);
	for (int i = 0; i < STAGE_COUNT; i++) {
		assert_int_equal(got->timers[i].box_seconds, want->timers[i].box_seconds);
		assert_int_equal(got->timers[i].left_seconds, want->timers[i].left_seconds);
		assert_int_equal(got->timers[i].running_since, want->timers[i].running_since);
	}
}

static void assert_same_people_and_dimensions(const struct session *want,
					      const struct session *got)
{
	assert_int_equal(got->nparticipants, want->nparticipants);
	for (size_t i = 0; i < want->nparticipants; i++) {
		assert_int_equal(got->participants[i].id, want->participants[i].id);
		assert_int_equal(got->participants[i].origin_id, want->participants[i].origin_id);
		support_assert_same_text(want->participants[i].name, got->participants[i].name);
	}
	assert_int_equal(got->ndims, want->ndims);
	for (size_t i = 0; i < want->ndims; i++) {
		const struct dimension *w = &want->dims[i], *g = &got->dims[i];
		assert_int_equal(g->id, w->id);
		support_assert_same_text(w->key, g->key);
		support_assert_same_text(w->name, g->name);
		support_assert_same_text(w->question, g->question);
		support_assert_same_text(w->low, g->low);
		support_assert_same_text(w->high, g->high);
		assert_int_equal(g->scale_min, w->scale_min);
		assert_int_equal(g->scale_max, w->scale_max);
		assert_int_equal(g->group_score, w->group_score);
		assert_same_real(w->previous_mean, g->previous_mean);
		for (size_t p = 0; p < want->nparticipants; p++)
			assert_int_equal(g->scores[p], w->scores[p]);
		assert_int_equal(g->nnotes, w->nnotes);
		for (size_t n = 0; n < w->nnotes; n++) {
			assert_int_equal(g->notes[n].id, w->notes[n].id);
			assert_int_equal(g->notes[n].kind, w->notes[n].kind);
			support_assert_same_text(w->notes[n].text, g->notes[n].text);
		}
	}
}

static void assert_same_values_and_goals(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nvalues, want->nvalues);
	for (size_t i = 0; i < want->nvalues; i++) {
		assert_int_equal(got->values[i].id, want->values[i].id);
		assert_int_equal(got->values[i].origin_id, want->values[i].origin_id);
		support_assert_same_text(want->values[i].text, got->values[i].text);
	}
	assert_int_equal(got->ngoals, want->ngoals);
	for (size_t i = 0; i < want->ngoals; i++) {
		const struct goal *w = &want->goals[i], *g = &got->goals[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		support_assert_same_text(w->text, g->text);
		support_assert_same_text(w->dimension, g->dimension);
		assert_int_equal(g->status, w->status);
	}
}

static void assert_same_metrics(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nmetrics, want->nmetrics);
	for (size_t i = 0; i < want->nmetrics; i++) {
		const struct metric *w = &want->metrics[i], *g = &got->metrics[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		assert_int_equal(g->goal_id, w->goal_id);
		support_assert_same_text(w->name, g->name);
		support_assert_same_text(w->unit, g->unit);
		assert_int_equal(g->direction, w->direction);
		assert_same_real(w->baseline, g->baseline);
		assert_same_real(w->target, g->target);
		assert_int_equal(g->baseline_date, w->baseline_date);
		assert_int_equal(g->target_date, w->target_date);
		assert_int_equal(g->nmeasurements, w->nmeasurements);
		for (size_t k = 0; k < w->nmeasurements; k++) {
			assert_int_equal(g->measurements[k].id, w->measurements[k].id);
			assert_same_real(w->measurements[k].value, g->measurements[k].value);
			assert_int_equal(g->measurements[k].taken_on, w->measurements[k].taken_on);
		}
	}
}

static void assert_same_steps_and_parking(const struct session *want, const struct session *got)
{
	assert_int_equal(got->nsteps, want->nsteps);
	for (size_t i = 0; i < want->nsteps; i++) {
		const struct step *w = &want->steps[i], *g = &got->steps[i];
		assert_int_equal(g->id, w->id);
		assert_int_equal(g->origin_id, w->origin_id);
		support_assert_same_text(w->text, g->text);
		assert_int_equal(g->horizon, w->horizon);
		assert_int_equal(g->status, w->status);
		support_assert_same_text(w->owner, g->owner);
		assert_int_equal(g->goal_id, w->goal_id);
		assert_int_equal(g->impact, w->impact);
		assert_int_equal(g->effort, w->effort);
		assert_int_equal(g->points, w->points);
		assert_int_equal(g->rank, w->rank);
	}
	assert_int_equal(got->nparking, want->nparking);
	for (size_t i = 0; i < want->nparking; i++) {
		assert_int_equal(got->parking[i].id, want->parking[i].id);
		support_assert_same_text(want->parking[i].text, got->parking[i].text);
	}
}

static void assert_same_ballot(const struct ballot *w, const struct ballot *g)
{
	size_t n = w->ncandidates;
	assert_int_equal(g->id, w->id);
	assert_int_equal(g->method, w->method);
	assert_int_equal(g->entry, w->entry);
	assert_int_equal(g->status, w->status);
	assert_int_equal(g->anonymous, w->anonymous);
	assert_int_equal(g->budget, w->budget);
	assert_int_equal(g->cap, w->cap);
	assert_int_equal(g->score_min, w->score_min);
	assert_int_equal(g->score_max, w->score_max);
	assert_int_equal(g->tally_voters, w->tally_voters);
	assert_int_equal(g->ncandidates, n);
	for (size_t c = 0; c < n; c++) {
		assert_int_equal(g->candidates[c], w->candidates[c]);
		assert_int_equal(g->points[c], w->points[c]);
		assert_int_equal(g->impact_sum[c], w->impact_sum[c]);
		assert_int_equal(g->effort_sum[c], w->effort_sum[c]);
		assert_int_equal(g->score_count[c], w->score_count[c]);
	}
	for (size_t c = 0; c < n * n; c++)
		assert_int_equal(g->pairwise[c], w->pairwise[c]);
	assert_int_equal(g->nvoters, w->nvoters);
	for (size_t v = 0; v < w->nvoters; v++)
		assert_int_equal(g->voters[v], w->voters[v]);
}

void support_assert_same_session(const struct session *want, const struct session *got)
{
	assert_same_fields(want, got);
	assert_same_people_and_dimensions(want, got);
	assert_same_values_and_goals(want, got);
	assert_same_metrics(want, got);
	assert_same_steps_and_parking(want, got);
	assert_int_equal(got->nballots, want->nballots);
	for (size_t i = 0; i < want->nballots; i++)
		assert_same_ballot(&want->ballots[i], &got->ballots[i]);
}

/* Opens the database anew and checks that it holds exactly s. */
void support_assert_stored_as(const char *path, const struct session *s)
{
	struct store *st = support_open_store(path);
	struct session *got = support_load(st, s->id);
	support_assert_same_session(s, got);
	session_free(got);
	store_close(st);
}

/* Closes the store, proves the file holds s, and opens it again. */
void support_close_check_reopen(const char *path, struct store **st, const struct session *s)
{
	store_close(*st);
	support_assert_stored_as(path, s);
	*st = support_open_store(path);
}

/* The columns table has in both files, as "a, b, c". */
static char *shared_columns(sqlite3 *db, const char *table)
{
	sqlite3_stmt *q = support_raw_prepare(db, "SELECT name FROM pragma_table_info(?1, 'main')"
					      " WHERE name IN (SELECT name FROM"
					      " pragma_table_info(?1, 'cur')) ORDER BY cid");
	sqlite3_bind_text(q, 1, table, -1, SQLITE_TRANSIENT);
	struct sbuf cols = SBUF_INIT;
	while (sqlite3_step(q) == SQLITE_ROW)
		sbuf_addf(&cols, "%s\"%s\"", cols.len ? ", " : "", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return sbuf_take(&cols);
}

void support_copy_rows_into_older(const char *from, const char *to)
{
	sqlite3 *db = support_raw_open(to);
	sqlite3_stmt *attach = support_raw_prepare(db, "ATTACH ?1 AS cur");
	sqlite3_bind_text(attach, 1, from, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(attach), SQLITE_DONE);
	sqlite3_finalize(attach);
	support_raw_exec(db, "PRAGMA foreign_keys = OFF; BEGIN");
	sqlite3_stmt *tables = support_raw_prepare(db, "SELECT name FROM main.sqlite_schema"
						   " WHERE type = 'table' AND name NOT LIKE"
						   " 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		char *cols = shared_columns(db, table);
		struct sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "INSERT INTO main.\"%s\" (%s) SELECT %s FROM cur.\"%s\"", table,
			  cols, cols, table);
		support_raw_exec(db, sbuf_str(&sql));
		sbuf_free(&sql);
		free(cols);
	}
	sqlite3_finalize(tables);
	support_raw_exec(db, "DELETE FROM main.sqlite_sequence;"
			 " INSERT INTO main.sqlite_sequence SELECT name, seq FROM cur.sqlite_sequence;"
			 " COMMIT; DETACH cur");
	sqlite3_close(db);
}

bool support_list_is(const struct session *s, enum session_list list,
		     const char *const *want, size_t n)
{
	if (session_list_len(s, list) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(item_text(s, list, i), want[i]) != 0)
			return false;
	return true;
}

void support_assert_message(const char *msg, const char *format, ...)
{
	char want[1024];
	va_list ap;
	va_start(ap, format);
	int n = vsnprintf(want, sizeof want, format, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof want);
	assert_string_equal(msg, want);
}

int support_make_stored(void **state)
{
	struct support_stored *fx = xcalloc(1, sizeof *fx);
	if (!support_make_scratch(&fx->scratch)) {
		free(fx);
		return -1;
	}
	fx->s = support_make_database(fx->scratch.db);
	fx->st = support_open_store(fx->scratch.db);
	*state = fx;
	return 0;
}

int support_remove_stored(void **state)
{
	struct support_stored *fx = *state;
	session_free(fx->s);
	store_close(fx->st);
	support_remove_tree(fx->scratch.dir);
	free(fx);
	return 0;
}

void support_reopen_stored(struct support_stored *fx)
{
	support_close_check_reopen(fx->scratch.db, &fx->st, fx->s);
}

int64_t support_file_int(const char *path, const char *sql, int64_t id)
{
	sqlite3 *raw = support_raw_open(path);
	int64_t n = support_raw_int(raw, sql, id);
	sqlite3_close(raw);
	return n;
}

void support_assert_holds(struct store *st, const struct session *s)
{
	struct session *got = support_load(st, s->id);
	support_assert_same_session(s, got);
	session_free(got);
}

void support_copy_after(const char *text, const char *after, const char *stop, char *out,
			size_t size)
{
	const char *at = strstr(text, after);
	if (at == NULL)
		fail_msg("no \"%s\" in: %s", after, text);
	at += strlen(after);
	size_t n = strcspn(at, stop);
	assert_true(n < size);
	memcpy(out, at, n);
	out[n] = '\0';
}
