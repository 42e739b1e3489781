/* The synthetic organization: twenty organizations of five units each, one
 * series of quarterly workshops per unit. Every iteration is built in
 * memory with the model's own functions (a check-in from the one before)
 * and written by store_create_session, one transaction per session. */
#include "bench/generate.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "model/checkin.h"
#include "model/session.h"
#include "sessions/store.h"
#include "templates/template_load.h"

/* ---- deterministic choices: the same rows on every machine ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15u + 1;
}

static uint32_t rng_below(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)((rng_state >> 32) % n);
}

#define PICK(list) (list[rng_below(sizeof list / sizeof list[0])])

/* ---- words ---- */

static const char *const people[GENERATE_PARTICIPANTS] = {
	"Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dee Walsh", "Émile Roux",
	"Fatma Yılmaz", "Gustav Berg", "Hana Sato", "Ines Duarte", "Jürgen Vogel",
	"Kofi Mensah", "Lena Novak", "Mateo García", "Nia Roberts", "Oskar Wójcik",
	"Priya Nair", "Quinn Murphy", "Rosa Ferreira", "Sven Aalto", "Zoë Ng",
};

static const char *const organizations[] = {
	"Acme", "Borealis Health", "Cobalt Logistics", "Delta Foods", "Evergreen Bank",
	"Fjord Energy", "Granite Insurance", "Harbor Labs", "Iris Telecom", "Juniper Retail",
	"Kestrel Air", "Lumen Media", "Meridian Water", "Nimbus Software", "Orchard Schools",
	"Pioneer Rail", "Quarry Works", "Riverside Council", "Summit Hotels", "Tundra Mining",
};

static const char *const units[] = {"Sales", "Operations", "Engineering", "Customer care",
				    "Finance"};

static const char *const verbs[] = {
	"Pilot", "Run", "Start", "Build", "Write up", "Record", "Pair up on", "Fund",
	"Share", "Set up", "Try out", "Review", "Map", "Publish", "Tie recognition to",
};

static const char *const objects[] = {
	"a monthly show-and-tell", "a searchable answers wiki", "lessons learned after each release",
	"working out loud in the team channel", "a mentoring circle for new hires",
	"ten percent time for learning", "short how-to videos", "a community of practice",
	"after-action reviews", "a skills map of the unit", "job aids at the point of need",
	"an internal conference", "peer coaching", "a sandbox for experiments",
	"a reading group", "onboarding checklists", "open office hours with experts",
};

static const char *const qualifiers[] = {
	"for the whole unit", "with the help desk", "across both sites", "before the busy season",
	"with one volunteer team", "and measure who uses it", "with a budget line of its own",
	"led by the newest hires", "in every team meeting", "for managers first",
};

static const char *const observations[] = {
	"People ask in the open channel and usually get an answer within the hour",
	"Nobody owns the wiki, so half of what is there is out of date",
	"Failed experiments are talked about without blame in the retrospective",
	"Courses are approved by three levels of management and take months",
	"New hires find the answers by asking whoever sits next to them",
	"The incentive scheme rewards individual targets, never sharing",
	"Teams that tried working out loud say it saved them whole days of rework",
	"Templates exist for everything but nobody can find the current ones",
	"Managers protect time for learning when the quarter is calm, not otherwise",
	"The search tool finds documents but not the people who know",
};

static const char *const value_texts[] = {
	"Share by default", "Ask early, ask often", "Learning is part of the job",
	"Fail small, learn fast", "Credit the people who help", "Write it down once",
	"Experts teach, everybody contributes", "Feedback is a gift, given kindly",
	"Try it with users before we scale it", "Time to learn is planned, not stolen",
};

static const char *const goal_texts[] = {
	"Every team shares one lesson a month", "New hires productive in six weeks",
	"Answers found in minutes, not days", "Experiments are routine in every team",
	"Managers coach more than they tell", "Learning time protected in every plan",
};

static const char *const metric_names[] = {
	"Teams sharing monthly", "Weeks to first solo delivery", "Median time to an answer",
	"Experiments run per quarter", "Coaching hours per manager", "Learning hours per person",
	"Wiki pages updated this quarter", "Questions answered in the open",
};

/* ---- one session ---- */

struct series_ctx {
	struct store *st;
	const struct template *tpl;
	int series;
	int64_t next_label;     /* ids for new rows before they are stored */
	struct error *err;
};

static enum err_code add_step(struct series_ctx *x, struct session *s, int n)
{
	/* One choice after another: the order in which the arguments of a call
	 * or the members of an initializer are evaluated is not fixed. */
	const char *verb = PICK(verbs), *object = PICK(objects), *qualifier = PICK(qualifiers);
	char text[200];
	snprintf(text, sizeof text, "%s %s %s (%d)", verb, object, qualifier, n);
	struct step fields = {.text = text};
	fields.horizon = (enum horizon)rng_below(HORIZON_COUNT);
	fields.status = rng_below(4) == 0 ? STEP_DOING : STEP_PLANNED;
	if (rng_below(3))
		fields.owner = (char *)people[rng_below(GENERATE_PARTICIPANTS)];
	fields.goal_id = s->goals[rng_below((uint32_t)s->ngoals)].id;
	fields.impact = 1 + (int)rng_below(5);
	fields.effort = 1 + (int)rng_below(5);
	if (session_add_step(s, &fields, x->err))
		return x->err->code;
	s->steps[s->nsteps - 1].id = x->next_label++;
	return ERR_OK;
}

static enum err_code rate_all(struct series_ctx *x, struct session *s, int iteration)
{
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dimension *dim = &s->dims[d];
		int span = dim->scale_max - dim->scale_min + 1;
		for (size_t p = 0; p < s->nparticipants; p++) {
			/* A slow climb over the quarters, with some spread. */
			int score = dim->scale_min + (int)rng_below((uint32_t)span / 2 + 1) +
				    (iteration * span) / (2 * GENERATE_ITERATIONS);
			if (score > dim->scale_max)
				score = dim->scale_max;
			if (session_rate(s, d, p, score, x->err))
				return x->err->code;
		}
	}
	return ERR_OK;
}

static enum err_code add_notes(struct series_ctx *x, struct session *s)
{
	for (int i = 0; i < GENERATE_NOTES; i++) {
		const char *seen = PICK(observations), *also = PICK(observations);
		const char *who = people[rng_below(GENERATE_PARTICIPANTS)];
		char text[400];
		snprintf(text, sizeof text, "%s; %s (%s).", seen, also, who);
		if (session_add_note(s, (size_t)i % s->ndims, rng_below(2) ? NOTE_STRENGTH : NOTE_GAP,
				     text, x->err))
			return x->err->code;
	}
	return ERR_OK;
}

static enum err_code measure_all(struct series_ctx *x, struct session *s, long day,
				 int iteration)
{
	for (size_t m = 0; m < s->nmetrics; m++) {
		const struct metric *mt = &s->metrics[m];
		double step = (mt->target - mt->baseline) / (GENERATE_ITERATIONS + 2);
		double value = mt->baseline + step * iteration + (double)rng_below(5) - 2;
		if (session_add_measurement(s, m, value, day, x->err))
			return x->err->code;
	}
	return ERR_OK;
}

/* Each person spends the whole budget, at most the cap on one step. */
static enum err_code vote(struct series_ctx *x, struct session *s, size_t i)
{
	struct ballot *b = &s->ballots[i];
	int *dots = xcalloc(b->ncandidates, sizeof *dots);
	enum err_code code = ERR_OK;
	for (size_t p = 0; code == ERR_OK && p < s->nparticipants; p++) {
		memset(dots, 0, b->ncandidates * sizeof *dots);
		for (int left = b->budget; left > 0;) {
			size_t c = rng_below((uint32_t)b->ncandidates);
			if (dots[c] < b->cap) {
				dots[c]++;
				left--;
			}
		}
		code = ballot_cast_dots(b, s->participants[p].id, dots, x->err);
	}
	free(dots);
	return code ? code : (session_reveal_ballot(s, i, x->err) ? x->err->code : ERR_OK);
}

static enum err_code hold_ballots(struct series_ctx *x, struct session *s)
{
	for (int i = 0; i < GENERATE_BALLOTS; i++) {
		if (session_open_ballot(s, BALLOT_DOTS, BALLOT_ENTRY_SECRET, -1, x->err) ||
		    vote(x, s, s->nballots - 1))
			return x->err->code;
	}
	return ERR_OK;
}

/* Some steps are finished or given up by the end of the quarter, so the
 * next check-in carries the rest and adds new ones. */
static enum err_code settle_steps(struct series_ctx *x, struct session *s)
{
	for (size_t i = 0; i < s->nsteps; i++) {
		uint32_t r = rng_below(10);
		if (r < 2 && session_set_step_status(s, i, r ? STEP_DROPPED : STEP_DONE, x->err))
			return x->err->code;
	}
	return ERR_OK;
}

/* What happens in every workshop: the room rates, takes notes, records
 * the metrics, fills the list of steps, votes three times. */
static enum err_code run_workshop(struct series_ctx *x, struct session *s, long day,
				  int iteration, bool last)
{
	enum err_code code = rate_all(x, s, iteration);
	if (code == ERR_OK)
		code = add_notes(x, s);
	if (code == ERR_OK)
		code = measure_all(x, s, day, iteration);
	for (int n = 0; code == ERR_OK && s->nsteps < GENERATE_STEPS; n++)
		code = add_step(x, s, n);
	if (code == ERR_OK)
		code = hold_ballots(x, s);
	if (code == ERR_OK)
		code = settle_steps(x, s);
	if (code == ERR_OK && session_set_stage(s, STAGE_REVIEW, x->err))
		code = x->err->code;
	if (code == ERR_OK && !last && session_close(s, s->created_at + 3 * 3600, x->err))
		code = x->err->code;
	return code;
}

static enum err_code add_goals_values_metrics(struct series_ctx *x, struct session *s,
					      long day)
{
	for (int i = 0; i < GENERATE_VALUES; i++)
		if (session_add_value(s, value_texts[i], x->err))
			return x->err->code;
	for (int i = 0; i < GENERATE_GOALS; i++) {
		char text[160];
		snprintf(text, sizeof text, "%s (%d)", goal_texts[i % 6], i + 1);
		if (session_add_goal(s, text, s->dims[(size_t)i % s->ndims].key, x->err))
			return x->err->code;
		s->goals[s->ngoals - 1].id = x->next_label++;
	}
	for (int i = 0; i < GENERATE_METRICS; i++) {
		char name[120];
		snprintf(name, sizeof name, "%s (%d)", metric_names[i % 8], i + 1);
		double baseline = 10 + rng_below(40);
		struct metric m = {
			.name = name, .unit = (char *)(i % 3 ? "%" : "hours"),
			.direction = i % 5 ? DIRECTION_UP : DIRECTION_DOWN,
			.goal_id = s->goals[(size_t)i / 2].id,
			.baseline = baseline,
			.target = i % 5 ? baseline + 40 : baseline / 2,
			.baseline_date = day, .target_date = day + 900,
		};
		if (session_add_metric(s, &m, x->err))
			return x->err->code;
	}
	return ERR_OK;
}

static struct session *first_workshop(struct series_ctx *x, time_t when)
{
	char title[80];
	snprintf(title, sizeof title, "%s: where we learn, quarter 1", units[x->series % 5]);
	struct session_setup setup = {
		.title = title, .organization = organizations[x->series / 5],
		.unit = units[x->series % 5], .facilitator = people[x->series % GENERATE_PARTICIPANTS],
		.level = LEVEL_UNIT, .participants = people, .nparticipants = GENERATE_PARTICIPANTS,
	};
	struct session *s = session_create(&setup, x->tpl, x->err);
	if (s == NULL)
		return NULL;
	s->created_at = when;
	/* Ballots name voters by participant id: give them labels. */
	for (size_t p = 0; p < s->nparticipants; p++)
		s->participants[p].id = x->next_label++;
	if (add_goals_values_metrics(x, s, (long)(when / DATE_SECONDS_PER_DAY))) {
		session_free(s);
		return NULL;
	}
	return s;
}

static enum err_code write_series(struct series_ctx *x)
{
	/* Ten quarters, the last one ending in early 2026. */
	time_t start = (time_t)date_from_civil(2023, 10, 2) * DATE_SECONDS_PER_DAY + 9 * 3600;
	struct session *s = first_workshop(x, start);
	if (s == NULL)
		return x->err->code;
	enum err_code code = ERR_OK;
	for (int it = 1; code == ERR_OK; it++) {
		long day = (long)(s->created_at / DATE_SECONDS_PER_DAY);
		code = run_workshop(x, s, day, it, it == GENERATE_ITERATIONS);
		if (code == ERR_OK)
			code = store_create_session(x->st, s, x->err);
		if (code || it == GENERATE_ITERATIONS)
			break;
		struct session *next = checkin_create(s, s->created_at + 91 * DATE_SECONDS_PER_DAY);
		session_free(s);
		s = next;
		char title[80];
		snprintf(title, sizeof title, "%s: where we learn, quarter %d", units[x->series % 5],
			 it + 1);
		if (session_set_field(s, "title", title, x->err))
			code = x->err->code;
	}
	session_free(s);
	return code;
}

/* The default template's dimensions and one more, so that there are 12. */
static enum err_code bench_template(struct template *tpl, struct error *err)
{
	if (template_find("learning-infrastructure", tpl, err))
		return err->code;
	while (tpl->ndims < GENERATE_DIMENSIONS) {
		tpl->dims = xrealloc(tpl->dims, (tpl->ndims + 1) * sizeof *tpl->dims);
		char key[32];
		snprintf(key, sizeof key, "extra-%zu", tpl->ndims + 1);
		tpl->dims[tpl->ndims++] = (struct template_dimension){
			.key = xstrdup(key),
			.name = xstrdup("Feedback loops: trying, measuring, iterating"),
			.question = xstrdup("When we try something new, how soon do we know whether "
					    "it worked?"),
			.low = xstrdup("nobody looks back at what was tried"),
			.high = xstrdup("every change has a measure and a review date"),
		};
	}
	return ERR_OK;
}

enum err_code generate_organization(const char *path, struct error *err)
{
	struct store *st;
	struct template tpl = {0};
	if (bench_template(&tpl, err))
		return err->code;
	if (store_open(path, NULL, &st, err)) {
		template_free(&tpl);
		return err->code;
	}
	enum err_code code = ERR_OK;
	for (int series = 0; code == ERR_OK && series < GENERATE_SERIES; series++) {
		rng_seed((uint64_t)series + 1);
		struct series_ctx x = {st, &tpl, series, 1000000000000, err};
		code = write_series(&x);
		if (code)
			error_prefix(err, "series %d", series + 1);
	}
	store_close(st);
	template_free(&tpl);
	return code;
}

/* ---- more sessions than the thousand: the organization's archive ---- */

/* One series of ten quarterly iterations, each the next one's parent: its
 * sessions carry their fields and nothing else, like workshops long closed
 * whose details were never filled in. */
static bool write_archive_series(sqlite3 *db, sqlite3_stmt *series, sqlite3_stmt *session,
				 int k, int count)
{
	char org[48], title[80];
	snprintf(org, sizeof org, "Archive %04d", k / 5);
	sqlite3_bind_text(series, 1, org, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(series, 2, units[k % 5], -1, SQLITE_STATIC);
	if (sqlite3_step(series) != SQLITE_DONE)
		return false;
	sqlite3_reset(series);
	int64_t series_id = sqlite3_last_insert_rowid(db), parent = 0;
	for (int it = 1; it <= count; it++) {
		snprintf(title, sizeof title, "%s: where we learned, quarter %d", units[k % 5], it);
		sqlite3_bind_int64(session, 1, series_id);
		if (parent)
			sqlite3_bind_int64(session, 2, parent);
		else
			sqlite3_bind_null(session, 2);
		sqlite3_bind_int(session, 3, it);
		sqlite3_bind_text(session, 4, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(session, 5, org, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(session, 6, units[k % 5], -1, SQLITE_STATIC);
		sqlite3_bind_int(session, 7, 2010 + it / 4);
		if (sqlite3_step(session) != SQLITE_DONE)
			return false;
		sqlite3_reset(session);
		parent = sqlite3_last_insert_rowid(db);
	}
	return true;
}

enum err_code generate_archive(const char *path, int sessions, struct error *err)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return error_set(err, ERR_IO, "%s: %s", path, sqlite3_errmsg(db));
	sqlite3_stmt *series = NULL, *session = NULL;
	bool ok = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
		  sqlite3_prepare_v2(db, "INSERT INTO series (organization, unit, created_at)"
				     " VALUES (?1, ?2, '2010-01-04T09:00:00Z')", -1, &series,
				     NULL) == SQLITE_OK &&
		  sqlite3_prepare_v2(db, "INSERT INTO sessions (series_id, parent_id, iteration,"
				     " title, organization, unit, level, template, facilitator,"
				     " stage, status, created_at, closed_at) VALUES (?1, ?2, ?3, ?4,"
				     " ?5, ?6, 'unit', 'learning-infrastructure', 'Ana Souza',"
				     " 'review', 'closed', printf('%d-03-01T09:00:00Z', ?7),"
				     " printf('%d-03-01T12:00:00Z', ?7))", -1, &session,
				     NULL) == SQLITE_OK;
	for (int k = 0, left = sessions; ok && left > 0; k++, left -= GENERATE_ITERATIONS)
		ok = write_archive_series(db, series, session, k,
					  left < GENERATE_ITERATIONS ? left : GENERATE_ITERATIONS);
	ok = ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	enum err_code code = ok ? ERR_OK : error_set(err, ERR_IO, "writing the archive: %s",
						    sqlite3_errmsg(db));
	sqlite3_finalize(series);
	sqlite3_finalize(session);
	sqlite3_close(db);
	return code;
}
