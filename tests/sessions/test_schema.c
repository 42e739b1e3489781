/* Tests for schema 4: a schema 3 file upgrades keeping every row, value,
 * index and id counter; the new CHECKs refuse every number and text the
 * model would refuse; a file holding one is refused before the upgrade,
 * byte for byte untouched; and deleting a session still takes its rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "lib/error.h"
#include "lib/mem.h"
#include "lib/sbuf.h"
#include "model/ballot.h"
#include "model/session.h"
#include "model/template.h"
#include "sessions/bounds.h"
#include "sessions/export.h"
#include "sessions/schema.h"
#include "sessions/store.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TODAY 20700                     /* a day number, for the exports */

/* ---- the file as another program sees it ---- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = support_raw_open(path);
	sqlite3_extended_result_codes(db, 1);
	return db;
}

static int raw_try(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
	return support_raw_int(db, sql, 0);
}

static int64_t file_version(const char *path)
{
	sqlite3 *db = raw_open(path);
	int64_t v = raw_int(db, "PRAGMA user_version");
	sqlite3_close(db);
	return v;
}

/* Every row of a query, each value with its type, one row a line. */
static void dump_rows(sqlite3 *db, const char *sql, struct sbuf *out)
{
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			switch (sqlite3_column_type(q, i)) {
			case SQLITE_INTEGER:
				sbuf_addf(out, "|i%lld", (long long)sqlite3_column_int64(q, i));
				break;
			case SQLITE_FLOAT:
				sbuf_addf(out, "|r%.17g", sqlite3_column_double(q, i));
				break;
			case SQLITE_NULL:
				sbuf_adds(out, "|null");
				break;
			default:
				sbuf_adds(out, "|t");
				sbuf_add(out, (const char *)sqlite3_column_blob(q, i),
					 (size_t)sqlite3_column_bytes(q, i));
			}
		}
		sbuf_addc(out, '\n');
	}
	sqlite3_finalize(q);
}

/* The whole content of the file: every table's rows in the order of all
 * their columns, the id counters, and the names of the indexes. */
static char *dump_file(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *tables = NULL;
	struct sbuf out = SBUF_INIT;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, (SELECT count(*) FROM"
					    " pragma_table_info(name)) FROM sqlite_schema WHERE"
					    " type = 'table' ORDER BY name", -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		struct sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "SELECT * FROM %s ORDER BY 1", name);
		for (int i = 2; i <= sqlite3_column_int(tables, 1); i++)
			sbuf_addf(&sql, ", %d", i);
		sbuf_addf(&out, "# %s\n", name);
		dump_rows(db, sbuf_str(&sql), &out);
		sbuf_free(&sql);
	}
	sqlite3_finalize(tables);
	sbuf_adds(&out, "# indexes\n");
	dump_rows(db, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index'"
		  " ORDER BY name", &out);
	sqlite3_close(db);
	return sbuf_take(&out);
}

/* ---- a workshop with something in every table ---- */

/* The program's own steps up to schema 3. */
static const struct store_options up_to_3 = {.migrations = schema_migrations, .nmigrations = 3};

static struct session *workshop(void)
{
	static const char *const people[] = {"Ana", "Bo", "Cy"};
	const struct session_setup setup = {
		.title = "Q3", .organization = "Acme", .unit = "Ops", .facilitator = "Dee",
		.level = LEVEL_TEAM, .participants = people, .nparticipants = NELEMS(people),
	};
	struct template tpl = {
		.key = xstrdup("t"), .name = xstrdup("T"), .version = 1,
		.scale = {.min = 0, .max = 10},
		.ndims = 2, .dims = xcalloc(2, sizeof *tpl.dims),
	};
	for (size_t i = 0; i < tpl.ndims; i++) {
		tpl.dims[i].key = xstrdup(i ? "tools" : "culture");
		tpl.dims[i].name = xstrdup(i ? "Tools" : "Culture");
		tpl.dims[i].question = xstrdup("Where are we?");
		tpl.dims[i].low = xstrdup("nowhere");
		tpl.dims[i].high = xstrdup("everywhere");
	}
	struct error err = {0};
	struct session *s = session_create(&setup, &tpl, &err);
	template_free(&tpl);
	assert_non_null(s);
	/* Labels, as an import gives them: the store gives the rows their ids. */
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = 501 + (int64_t)p;
	return s;
}

static void add_items(struct session *s)
{
	struct error err = {0};
	support_expect_ok(session_rate(s, 0, 0, 0, &err), &err);
	support_expect_ok(session_rate(s, 0, 1, 10, &err), &err);
	support_expect_ok(session_set_group_score(s, 1, 7, &err), &err);
	support_expect_ok(session_add_note(s, 0, NOTE_GAP, "answers get lost", &err), &err);
	support_expect_ok(session_add_value(s, "share by default", &err), &err);
	support_expect_ok(session_add_goal(s, "Answers within a day", "tools", &err), &err);
	s->goals[0].id = 9001;
	const struct metric m = {.goal_id = s->goals[0].id, .name = (char *)"Answered",
				 .unit = (char *)"%", .baseline = -12.5, .target = 1e300,
				 .baseline_date = NO_DATE, .target_date = NO_DATE};
	support_expect_ok(session_add_metric(s, &m, &err), &err);
	support_expect_ok(session_add_measurement(s, 0, 55.25, TODAY, &err), &err);
	for (int i = 0; i < 3; i++) {
		const struct step st = {.text = (char *)(i ? "Wiki" : "Pilot"), .owner = NULL,
					.impact = 5 - i, .effort = 1 + i, .points = POINTS_NONE};
		support_expect_ok(session_add_step(s, &st, &err), &err);
	}
	support_expect_ok(session_park(s, "coffee", &err), &err);
	s->timers[STAGE_STEPS] = (struct stage_timer){1800, -90, 1790000000};
	s->timers[STAGE_REVIEW] = (struct stage_timer){TIMER_SECONDS_LIMIT, 0, 0};
}

/* Dots (anonymous, revealed), ranked (named: choices and pairs) and
 * scoring (named: sums). */
static void add_ballots(struct session *s)
{
	struct error err = {0};
	int64_t p[3] = {s->participants[0].id, s->participants[1].id, s->participants[2].id};
	support_expect_ok(session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, &err), &err);
	support_expect_ok(ballot_cast_dots(&s->ballots[0], p[0], (const int[]){2, 1, 0}, &err), &err);
	support_expect_ok(ballot_cast_dots(&s->ballots[0], p[2], (const int[]){0, 0, 3}, &err), &err);
	support_expect_ok(session_reveal_ballot(s, 0, &err), &err);
	support_expect_ok(session_open_ballot(s, BALLOT_RANKED, BALLOT_ENTRY_SECRET, -1, &err), &err);
	s->ballots[1].anonymous = false;
	support_expect_ok(ballot_cast_ranked(&s->ballots[1], p[1], (const size_t[]){2, 0, 1}, 3, &err),
		  &err);
	support_expect_ok(ballot_close(&s->ballots[1], &err), &err);
	support_expect_ok(session_open_ballot(s, BALLOT_SCORING, BALLOT_ENTRY_SECRET, -1, &err), &err);
	s->ballots[2].anonymous = false;
	support_expect_ok(ballot_cast_scores(&s->ballots[2], p[0], (const int[]){5, 1, 3},
				     (const int[]){1, 5, 3}, &err), &err);
}

/* Where make_schema_3_file makes the workshop with today's store. */
static void made_path(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s.made", path);
}

/* A schema 3 file: a workshop, its check-in, and a step deleted so that
 * the highest id given is above every id left. *first is the workshop.
 * Today's store makes them in a file of today's schema beside it (see
 * made_path), whose rows are then copied into the older one. */
static void make_schema_3_file(const char *path, int64_t *first, int64_t *next)
{
	char made[PATH_MAX];
	made_path(path, made, sizeof made);
	remove(made);
	struct store *st = support_open_with(made, NULL);
	struct session *s = workshop();
	struct error err = {0};
	add_items(s);
	add_ballots(s);
	support_expect_ok(store_create_session(st, s, &err), &err);
	*first = s->id;
	support_expect_ok(store_check_in(st, s->id, 1800000000, next, &err), &err);
	session_free(s);
	store_close(st);
	sqlite3 *raw = raw_open(made);
	support_raw_exec(raw, "PRAGMA foreign_keys = ON;"
		 " DELETE FROM steps WHERE id = (SELECT max(id) FROM steps)");
	sqlite3_close(raw);
	store_close(support_open_with(path, &up_to_3));
	support_copy_rows_into_older(made, path);
	assert_int_equal(file_version(path), 3);
}

/* A session as its JSON export, read through the given schema's steps. */
static char *exported(const char *path, const struct store_options *opts, int64_t id)
{
	struct store *st = support_open_with(path, opts);
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, id, &s, &err), &err);
	struct sbuf out = SBUF_INIT;
	export_json(&(const struct export_context){.session = s, .today = TODAY}, &out);
	session_free(s);
	store_close(st);
	return sbuf_take(&out);
}

/* ---- (a) the upgrade keeps everything ---- */

static void assert_same_dump(const char *want, const char *got)
{
	if (strcmp(want, got) != 0)
		print_error("before:\n%s\nafter:\n%s\n", want, got);
	assert_string_equal(want, got);
}

static void store_open__upgrades_schema_3_keeping_every_row_value_index_and_id_counter(
	void **state)
{
	const struct support_fixture *fx = *state;
	int64_t first, next;
	make_schema_3_file(fx->db, &first, &next);
	char *rows = dump_file(fx->db), made[PATH_MAX];
	made_path(fx->db, made, sizeof made);
	char *one = exported(made, NULL, first), *two = exported(made, NULL, next);
	assert_non_null(strstr(rows, "# ballot_pairs\n|i"));    /* every table has rows */
	assert_non_null(strstr(rows, "# ballot_choices\n|i"));

	struct store *st = support_open_with(fx->db, NULL);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	const char *backup = store_last_backup(st);
	assert_non_null(backup);
	assert_int_equal(file_version(backup), 3);
	char *saved = dump_file(backup);
	assert_same_dump(rows, saved);
	store_close(st);

	/* Upgraded, the file holds what today's store wrote. */
	assert_int_equal(file_version(fx->db), STORE_SCHEMA_VERSION);
	char *after = dump_file(fx->db), *written = dump_file(made);
	assert_same_dump(written, after);
	char *one_after = exported(fx->db, NULL, first), *two_after = exported(fx->db, NULL, next);
	assert_same_dump(one, one_after);
	assert_same_dump(two, two_after);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE"
				 " name LIKE 'improv_new_%'"), 0);
	sqlite3_close(raw);
	free(rows);
	free(saved);
	free(after);
	free(written);
	free(one);
	free(two);
	free(one_after);
	free(two_after);
}

static void store_open__a_new_file_has_the_schema_4_checks_and_no_backup(void **state)
{
	const struct support_fixture *fx = *state;
	struct store *st = support_open_with(fx->db, NULL);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_null(store_last_backup(st));
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'timers'"
				 " AND sql LIKE '%box_seconds BETWEEN 0 AND 100000000%'"), 1);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM sqlite_schema WHERE"
				 " name = 'sessions_one_check_in'"), 1);
	sqlite3_close(raw);
	assert_int_equal(support_files_in(fx->dir), 1);
}

/* ---- (b) every tightened column refuses what the model refuses ---- */

/* A schema 4 file holding the workshop; the raw connection to it. */
static sqlite3 *schema_4_file(const char *path)
{
	int64_t first, next;
	make_schema_3_file(path, &first, &next);
	store_close(support_open_with(path, NULL));
	assert_int_equal(file_version(path), STORE_SCHEMA_VERSION);
	return raw_open(path);
}

/* Inserts a copy of the first row of table with some columns changed
 * ("column = value" pairs, values in SQL) and a fresh id where the table
 * has one; returns SQLite's extended code. */
static int insert_changed(sqlite3 *db, const char *table, const char *const *changes)
{
	sqlite3_stmt *q = NULL;
	struct sbuf names = SBUF_INIT, values = SBUF_INIT, sql = SBUF_INIT;
	char *info = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q) ORDER BY cid", table);
	assert_int_equal(sqlite3_prepare_v2(db, info, -1, &q, NULL), SQLITE_OK);
	sqlite3_free(info);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 0);
		const char *value = strcmp(col, "id") == 0 ? "NULL" : col;
		for (const char *const *c = changes; *c; c += 2)
			if (strcmp(c[0], col) == 0)
				value = c[1];
		sbuf_addf(&names, "%s%s", names.len ? ", " : "", col);
		sbuf_addf(&values, "%s%s", values.len ? ", " : "", value);
	}
	sqlite3_finalize(q);
	sbuf_addf(&sql, "INSERT INTO %s (%s) SELECT %s FROM %s LIMIT 1", table, sbuf_str(&names),
		  sbuf_str(&values), table);
	int rc = raw_try(db, sbuf_str(&sql));
	sbuf_free(&names);
	sbuf_free(&values);
	sbuf_free(&sql);
	return rc;
}

static void assert_check_fails(sqlite3 *db, const char *table, const char *const *changes)
{
	int rc = insert_changed(db, table, changes);
	if (rc != SQLITE_CONSTRAINT_CHECK)
		print_error("%s with %s = %s: %d, %s\n", table, changes[0], changes[1], rc,
			    sqlite3_errmsg(db));
	assert_int_equal(rc, SQLITE_CONSTRAINT_CHECK);
}

static void schema_4__refuses_every_whole_number_out_of_its_bounds(void **state)
{
	const struct support_fixture *fx = *state;
	sqlite3 *raw = schema_4_file(fx->db);
	size_t tried = 0;
	for (size_t i = 0; i < BOUND_COUNT; i++) {
		const struct store_bound *b = &store_bounds[i];
		if (b->table == NULL)
			continue;
		char below[32], above[32];
		snprintf(below, sizeof below, "%lld", (long long)b->min - 1);
		snprintf(above, sizeof above, "%lld + 1", (long long)b->max);
		const char *const bad[] = {below, above, "'many'", "0.5", "x'01'"};
		for (size_t k = 0; k < NELEMS(bad); k++) {
			if (k == 1 && b->max == BOUND_NO_LIMIT)
				continue;
			assert_check_fails(raw, b->table, (const char *const[]){b->column, bad[k],
										NULL});
			tried++;
		}
		if (!b->null_ok)
			assert_int_equal(insert_changed(raw, b->table,
							(const char *const[]){b->column, "NULL",
									      NULL}),
					 SQLITE_CONSTRAINT_NOTNULL);
	}
	assert_true(tried >= 5 * 30);
	/* Schema 6's column has a CHECK of its own (its bound names no table). */
	static const char *const wall_bad[] = {"-1", "9900001", "'many'", "0.5", "x'01'"};
	for (size_t k = 0; k < NELEMS(wall_bad); k++)
		assert_check_fails(raw, "ballot_candidates",
				   (const char *const[]){"wall_points", wall_bad[k], NULL});
	assert_int_equal(insert_changed(raw, "ballot_candidates",
					(const char *const[]){"wall_points", "NULL", NULL}),
			 SQLITE_CONSTRAINT_NOTNULL);
	sqlite3_close(raw);
}

/* A text one byte longer than max, in multi-byte characters where they fit:
 * the model counts bytes, not characters. */
static void too_long(size_t max, char *out, size_t size)
{
	snprintf(out, size, "printf('%%.*c', %zu, 'x') || '\xc3\xa9'", max - 1);
}

static void schema_4__refuses_texts_longer_than_the_model_allows(void **state)
{
	const struct support_fixture *fx = *state;
	sqlite3 *raw = schema_4_file(fx->db);
	/* The seventeen text columns of version 4, none left out. */
	assert_int_equal(schema_ntext_bounds, 17);
	for (size_t i = 0; i < schema_ntext_bounds; i++) {
		const struct schema_text_bound *t = &schema_text_bounds[i];
		char longer[64], longest[64];
		too_long(t->max, longer, sizeof longer);
		snprintf(longest, sizeof longest, "printf('%%.*c', %zu, 'x')", t->max);
		/* A copy that is not refused must not collide with its original. */
		assert_check_fails(raw, t->table,
				   (const char *const[]){"key", "'other'", "name", "'Zed'",
							 t->column, longer, NULL});
		int rc = insert_changed(raw, t->table,
					(const char *const[]){"key", "'other'", "name", "'Zed'",
							      t->column, longest, NULL});
		if (rc != SQLITE_OK)
			print_error("%s.%s: %s\n", t->table, t->column, sqlite3_errmsg(raw));
		assert_int_equal(rc, SQLITE_OK);
		char undo[128];
		snprintf(undo, sizeof undo, "DELETE FROM %s WHERE rowid = last_insert_rowid()",
			 t->table);
		support_raw_exec(raw, undo);
	}
	sqlite3_close(raw);
}

static void schema_4__refuses_numbers_that_are_not_finite_and_rows_at_odds_with_themselves(
	void **state)
{
	static const char *const cases[][6] = {
		{"metrics", "baseline", "1e308 * 10", NULL},
		{"metrics", "target", "-1e308 * 10", NULL},
		{"metrics", "baseline", "'forty'", NULL},
		{"measurements", "value", "1e308 * 10", NULL},
		{"dimensions", "scale_min", "5", "scale_max", "5"},
		{"dimensions", "group_score", "3", "scale_min", "4"},
		{"ballots", "cap", "9", "budget", "8"},
		{"ballots", "score_min", "5", "score_max", "4"},
	};
	const struct support_fixture *fx = *state;
	sqlite3 *raw = schema_4_file(fx->db);
	for (size_t i = 0; i < NELEMS(cases); i++)
		assert_check_fails(raw, cases[i][0], cases[i] + 1);
	/* What the model does allow still goes in. */
	support_raw_exec(raw, "UPDATE metrics SET baseline = -1e308, target = NULL");
	support_raw_exec(raw, "UPDATE ballots SET budget = 99, cap = 99");
	sqlite3_close(raw);
}

/* Text with each # replaced by id. */
static void with_id(const char *text, int64_t id, char *out, size_t size)
{
	struct sbuf b = SBUF_INIT;
	for (const char *p = text; *p; p++) {
		if (*p == '#')
			sbuf_addf(&b, "%lld", (long long)id);
		else
			sbuf_addc(&b, *p);
	}
	assert_true(b.len < size);
	memcpy(out, sbuf_str(&b), b.len + 1);
	sbuf_free(&b);
}

/* ---- (c) a file holding what schema 4 refuses is left as it is ---- */

struct planted {
	const char *sql;        /* run on the schema 3 file, foreign keys off */
	const char *words;      /* what the refusal must say */
};

static void assert_refused_untouched(const struct support_fixture *fx, const char *words)
{
	struct error err = {0};
	support_expect_open_refused(fx, words, &err);
	assert_non_null(strstr(err.msg, "cannot upgrade to schema 4"));
}

static void store_open__refuses_to_upgrade_a_file_holding_a_value_out_of_bounds(void **state)
{
	static const struct planted planted[] = {
		{"UPDATE timers SET box_seconds = 200000000 WHERE stage = 'steps'",
		 "timers row with session_id #, stage 'steps': box_seconds is 200000000,"
		 " outside 0 to 100000000"},
		{"UPDATE sessions SET iteration = 1000001 WHERE id = #",
		 "sessions row with id #: iteration is 1000001, outside 1 to 1000000"},
		{"UPDATE dimensions SET scale_max = 2147483647 WHERE session_id = #",
		 "dimensions row with id "},
		{"UPDATE ratings SET score = 'high'",
		 "ratings row with dimension_id "},
		{"UPDATE ballots SET tally_voters = 100001",
		 ": tally_voters is 100001, outside 0 to 100000"},
		{"UPDATE ballot_candidates SET impact_sum = -1",
		 ": impact_sum is -1, outside 0 to 1000000"},
		{"UPDATE sessions SET title = printf('%.*c', 201, 't') WHERE id = #",
		 "sessions row with id #: title is 201 bytes long, more than 200"},
		{"UPDATE measurements SET value = 1e308 * 10",
		 ": value is not a finite number"},
		{"UPDATE ballots SET cap = 5, budget = 4",
		 ": cap is above budget"},
		{"UPDATE participants SET session_id = 999 WHERE session_id = #",
		 "the participants row "},
	};
	const struct support_fixture *fx = *state;
	for (size_t i = 0; i < NELEMS(planted); i++) {
		int64_t first, next;
		make_schema_3_file(fx->db, &first, &next);
		char sql[256], words[256];
		with_id(planted[i].sql, first, sql, sizeof sql);
		with_id(planted[i].words, first, words, sizeof words);
		sqlite3 *raw = raw_open(fx->db);
		support_raw_exec(raw, sql);
		support_raw_exec(raw, "PRAGMA journal_mode = DELETE");
		sqlite3_close(raw);
		assert_refused_untouched(fx, words);
		remove(fx->db);
	}
}

/* ---- (d) the rebuilt tables still point at each other ---- */

static const char *const session_rows[] = {
	"SELECT count(*) FROM timers WHERE session_id = #",
	"SELECT count(*) FROM participants WHERE session_id = #",
	"SELECT count(*) FROM ratings WHERE dimension_id IN"
	" (SELECT id FROM dimensions WHERE session_id = #)",
	"SELECT count(*) FROM dimensions WHERE session_id = #",
	"SELECT count(*) FROM notes",
	"SELECT count(*) FROM measurements",
	"SELECT count(*) FROM ballot_candidates",
	"SELECT count(*) FROM ballot_pairs",
	"SELECT count(*) FROM ballot_voters",
	"SELECT count(*) FROM ballot_choices",
	"SELECT count(*) FROM steps WHERE session_id = #",
};

static int64_t count_of(sqlite3 *db, const char *sql, int64_t id)
{
	char text[256];
	with_id(sql, id, text, sizeof text);
	return raw_int(db, text);
}

static void schema_4__deleting_a_session_still_deletes_every_row_of_it(void **state)
{
	const struct support_fixture *fx = *state;
	int64_t first, next;
	make_schema_3_file(fx->db, &first, &next);
	store_close(support_open_with(fx->db, NULL));
	sqlite3 *raw = raw_open(fx->db);
	support_raw_exec(raw, "PRAGMA foreign_keys = ON");
	for (size_t i = 0; i < NELEMS(session_rows); i++)
		assert_true(count_of(raw, session_rows[i], first) > 0);
	int64_t kept = count_of(raw, session_rows[1], next);
	assert_true(kept > 0);
	/* The check-in points at its parent: it goes first, as improv would. */
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM sessions WHERE id = %lld", (long long)first);
	assert_int_equal(raw_try(raw, sql), SQLITE_CONSTRAINT_FOREIGNKEY);
	snprintf(sql, sizeof sql, "UPDATE sessions SET parent_id = NULL WHERE id = %lld;"
		 " DELETE FROM sessions WHERE id = %lld", (long long)next, (long long)first);
	support_raw_exec(raw, sql);
	for (size_t i = 0; i < NELEMS(session_rows); i++) {
		int64_t left = count_of(raw, session_rows[i], first);
		if (left != 0 && strchr(session_rows[i], '#'))
			print_error("%s: %lld left\n", session_rows[i], (long long)left);
		if (strchr(session_rows[i], '#'))
			assert_int_equal(left, 0);
	}
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballot_candidates"), 0);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM ballot_choices"), 0);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM notes WHERE dimension_id NOT IN"
				 " (SELECT id FROM dimensions)"), 0);
	assert_int_equal(count_of(raw, session_rows[1], next), kept);
	/* A copied row's origin is let go, not deleted with it. */
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM participants WHERE origin_id"
				 " IS NOT NULL"), 0);
	assert_int_equal(raw_int(raw, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	sqlite3_close(raw);
}

/* The store's own connection has its foreign keys on again after the
 * upgrade: a participant deleted through it takes their ratings along. */
static void store_open__deletes_through_foreign_keys_again_after_the_upgrade(void **state)
{
	const struct support_fixture *fx = *state;
	int64_t first, next;
	make_schema_3_file(fx->db, &first, &next);
	struct store *st = support_open_with(fx->db, NULL);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	struct session *s = NULL;
	struct error err = {0};
	support_expect_ok(store_load_session(st, first, &s, &err), &err);
	int64_t rated = s->participants[0].id;
	support_expect_ok(store_delete_item(st, s, LIST_PARTICIPANTS, rated, &err), &err);
	session_free(s);
	store_close(st);
	sqlite3 *raw = raw_open(fx->db);
	assert_int_equal(count_of(raw, "SELECT count(*) FROM ratings WHERE participant_id = #",
				  rated), 0);
	assert_int_equal(count_of(raw, "SELECT count(*) FROM participants WHERE origin_id = #",
				  rated), 0);
	assert_true(raw_int(raw, "SELECT count(*) FROM ratings") > 0);
	sqlite3_close(raw);
}

/* Schema 7 adds the day a participant left: in a file made before, everyone
 * is still in the room, with every rating they gave. */
static void store_open__upgrades_schema_6_with_everyone_still_in_the_room(void **state)
{
	const struct support_fixture *fx = *state;
	static const struct store_options up_to_6 = {.migrations = schema_migrations,
						     .nmigrations = 6};
	char made[PATH_MAX];
	made_path(fx->db, made, sizeof made);
	remove(made);
	struct store *st = support_open_with(made, NULL);
	struct session *s = workshop();
	struct error err = {0};
	add_items(s);
	support_expect_ok(store_create_session(st, s, &err), &err);
	int64_t id = s->id;
	size_t people = s->nparticipants;
	session_free(s);
	store_close(st);
	store_close(support_open_with(fx->db, &up_to_6));
	support_copy_rows_into_older(made, fx->db);
	assert_int_equal(file_version(fx->db), 6);

	char *before = exported(made, NULL, id);
	struct store *upgraded = support_open_with(fx->db, NULL);
	assert_int_equal(store_schema_version(upgraded), STORE_SCHEMA_VERSION);
	struct session *loaded = support_load(upgraded, id);
	assert_int_equal(loaded->nparticipants, people);
	for (size_t p = 0; p < loaded->nparticipants; p++)
		assert_true(session_participant_here(loaded, p));
	session_free(loaded);
	store_close(upgraded);
	char *after = exported(fx->db, NULL, id);
	assert_same_dump(before, after);
	free(before);
	free(after);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, support_make_fixture, support_remove_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(store_open__upgrades_schema_3_keeping_every_row_value_index_and_id_counter),
		TEST(store_open__a_new_file_has_the_schema_4_checks_and_no_backup),
		TEST(schema_4__refuses_every_whole_number_out_of_its_bounds),
		TEST(schema_4__refuses_texts_longer_than_the_model_allows),
		TEST(schema_4__refuses_numbers_that_are_not_finite_and_rows_at_odds_with_themselves),
		TEST(store_open__refuses_to_upgrade_a_file_holding_a_value_out_of_bounds),
		TEST(schema_4__deleting_a_session_still_deletes_every_row_of_it),
		TEST(store_open__deletes_through_foreign_keys_again_after_the_upgrade),
		TEST(store_open__upgrades_schema_6_with_everyone_still_in_the_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
