/* The Markdown report: what a facilitator pastes into a wiki after a
 * workshop. Every text from the session goes through export_md_text (or, inside
 * a code block, through code_text), never straight into the document. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/mem.h"
#include "lib/sanitize.h"
#include "lib/utf8.h"
#include "model/report.h"
#include "sessions/export.h"

#define PROGRESS_CELLS 10       /* a metric's progress bar */
#define CHART_CELLS 20          /* the longest bar of a ballot's chart */
#define NONE "–"                /* a cell with nothing in it */

/* ---- text ---- */

/* Characters that could start markup, a link, an HTML tag, an entity or a
 * table cell anywhere in a line: each gets a backslash. */
#define MARKUP "\\`*_[]<>|!~&#$"

/* What would make a list, a heading underline or a rule when it starts a
 * line (the text may start a list item, a cell or a line): "-", "+", "="
 * and the "." or ")" after leading digits. Returns how much was written. */
static size_t escape_line_start(struct sbuf *out, const char *p)
{
	size_t digits = strspn(p, "0123456789");
	if (digits == 0 && (*p == '-' || *p == '+' || *p == '=')) {
		sbuf_addc(out, '\\');
		sbuf_addc(out, *p);
		return 1;
	}
	if (digits > 0 && (p[digits] == '.' || p[digits] == ')')) {
		sbuf_add(out, p, digits);
		sbuf_addc(out, '\\');
		sbuf_addc(out, p[digits]);
		return digits + 1;
	}
	return 0;
}

void export_md_text(struct sbuf *out, const char *text, const char *fallback)
{
	if (text == NULL || text[0] == '\0') {
		sbuf_adds(out, fallback);
		return;
	}
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	const char *p = clean + escape_line_start(out, clean);
	while (*p) {
		size_t plain = strcspn(p, MARKUP);
		sbuf_add(out, p, plain);
		p += plain;
		if (*p) {
			sbuf_addc(out, '\\');
			sbuf_addc(out, *p++);
		}
	}
	free(clean);
}

/* A user's text for a code block, where Markdown escapes would show: only
 * sanitized to one line, for the caller to measure and fit (utf8_fit) and
 * then free. */
static char *code_text(const char *text)
{
	return sanitize(text, strlen(text), SANITIZE_LINE);
}

/* ---- numbers ---- */

static void add_number(struct sbuf *out, double v)
{
	if (isnan(v))
		sbuf_adds(out, NONE);
	else
		sbuf_addf(out, "%.12g", v);
}

static void add_mean(struct sbuf *out, const struct rating_stats *st)
{
	char mean[16];
	sbuf_adds(out, stats_mean_text(st, mean, sizeof mean) ? mean : NONE);
}

/* The mean shown now minus the mean shown then, so the row agrees. */
static void add_change(struct sbuf *out, const struct rating_stats *then,
		       const struct rating_stats *now)
{
	if (then->count == 0 || now->count == 0) {
		sbuf_adds(out, NONE);
		return;
	}
	long t = stats_mean_tenths(now) - stats_mean_tenths(then);
	char change[16];
	stats_tenths_text(t, true, change, sizeof change);
	sbuf_addf(out, "%s %s", change, stats_change_arrow(t, "↑", "↓", "→"));
}

static void add_date(struct sbuf *out, long day)
{
	char iso[DATE_ISO_SIZE];
	if (day == NO_DATE) {
		sbuf_adds(out, NONE);
		return;
	}
	date_format(day, iso);
	sbuf_adds(out, iso);
}

static void add_score(struct sbuf *out, int score, int none)
{
	if (score == none)
		sbuf_adds(out, NONE);
	else
		sbuf_addf(out, "%d", score);
}

/* `█████·····  50%`: progress from baseline to target, the bar clamped to
 * its cells, the percentage not. */
static void add_progress(struct sbuf *out, double progress)
{
	if (isnan(progress)) {
		sbuf_adds(out, NONE);
		return;
	}
	double cells = floor(progress * PROGRESS_CELLS + 0.5);
	int filled = cells < 0 ? 0 : cells > PROGRESS_CELLS ? PROGRESS_CELLS : (int)cells;
	for (int k = 0; k < PROGRESS_CELLS; k++)
		sbuf_adds(out, k < filled ? "█" : "·");
	sbuf_addf(out, " %3ld%%", stats_round(progress, 100));
}

/* "Done" from "done": the model's names, capitalized for a heading. */
static void add_capitalized(struct sbuf *out, const char *name)
{
	if (name[0] == '\0')
		return;
	sbuf_addc(out, (char)toupper((unsigned char)name[0]));
	sbuf_adds(out, name + 1);
}

/* ---- tables ---- */

/* The header row and the alignment row: align holds one letter a column,
 * 'r' for numbers (right-aligned), anything else for text. */
static void table_header(struct sbuf *out, const char *const *columns, size_t n,
			 const char *align)
{
	sbuf_adds(out, "|");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(out, " %s |", columns[i]);
	sbuf_adds(out, "\n|");
	for (size_t i = 0; i < n; i++)
		sbuf_adds(out, align[i] == 'r' ? "---:|" : "---|");
	sbuf_addc(out, '\n');
}

#define TABLE_HEADER(out, columns, align) \
	table_header(out, columns, sizeof columns / sizeof columns[0], align)

static void cell_end(struct sbuf *out)
{
	sbuf_adds(out, " |");
}

static void text_cell(struct sbuf *out, const char *text)
{
	sbuf_addc(out, ' ');
	export_md_text(out, text, NONE);
	cell_end(out);
}

static void section(struct sbuf *out, const char *title)
{
	sbuf_addf(out, "\n## %s\n\n", title);
}

static void nothing(struct sbuf *out, const char *what)
{
	sbuf_addf(out, "_%s_\n", what);
}

static void list_item(struct sbuf *out, const char *text)
{
	sbuf_adds(out, "- ");
	export_md_text(out, text, NONE);
	sbuf_addc(out, '\n');
}

/* ---- title and facts ---- */

static void fact(struct sbuf *out, bool *first, const char *label)
{
	sbuf_addf(out, "%s**%s:** ", *first ? "" : " · ", label);
	*first = false;
}

static void write_title(struct sbuf *out, const struct session *s)
{
	bool first = true;
	char iso[DATE_ISO_SIZE];
	sbuf_adds(out, "# ");
	export_md_text(out, s->title, "Workshop");
	sbuf_adds(out, "\n\n");
	fact(out, &first, "Organization / unit");
	export_md_text(out, s->organization, s->unit ? "" : NONE);
	if (s->unit) {
		sbuf_adds(out, s->organization ? " / " : "");
		export_md_text(out, s->unit, NONE);
	}
	fact(out, &first, "Level");
	sbuf_adds(out, level_label(s->level));
	fact(out, &first, "Facilitator");
	export_md_text(out, s->facilitator, NONE);
	fact(out, &first, "Date");
	date_format(s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : 0, iso);
	sbuf_adds(out, s->created_at ? iso : NONE);
	fact(out, &first, "Iteration");
	sbuf_addf(out, "%d", s->iteration);
	fact(out, &first, "Participants");
	for (size_t i = 0; i < s->nparticipants; i++) {
		sbuf_adds(out, i ? ", " : "");
		export_md_text(out, s->participants[i].name, NONE);
		if (!session_participant_here(s, i))
			sbuf_adds(out, " (left; ratings counted)");
	}
	if (s->nparticipants == 0)
		sbuf_adds(out, "none");
	sbuf_addc(out, '\n');
}

/* ---- current state ---- */

static bool has_group_scores(const struct session *s)
{
	for (size_t i = 0; i < s->ndims; i++)
		if (s->dims[i].group_score != RATING_NONE)
			return true;
	return false;
}

static void current_state_header(struct sbuf *out, const struct export_context *ctx,
				 bool group)
{
	const struct session *s = ctx->session;
	size_t people = ctx->names ? s->nparticipants : 0;
	sbuf_adds(out, "| Dimension |");
	for (size_t p = 0; p < people; p++) {
		sbuf_addc(out, ' ');
		export_md_text(out, s->participants[p].name, NONE);
		cell_end(out);
	}
	sbuf_addf(out, "%s Mean | SD | Range | Ratings |%s Marks |\n|---|", group ? " Group |" : "",
		  ctx->parent ? " Last time | Change |" : "");
	size_t columns = people + (group ? 1 : 0) + 5 + (ctx->parent ? 2 : 0);
	for (size_t i = 0; i < columns; i++)
		sbuf_adds(out, ":---:|");
	sbuf_addc(out, '\n');
}

static void person_cells(struct sbuf *out, const struct session *s, const struct dimension *d)
{
	bool group_counts = d->group_score != RATING_NONE;
	for (size_t p = 0; p < s->nparticipants; p++) {
		bool uncounted = group_counts && d->scores[p] != RATING_NONE;
		sbuf_adds(out, uncounted ? " (" : " ");
		add_score(out, d->scores[p], RATING_NONE);
		sbuf_adds(out, uncounted ? ")" : "");
		cell_end(out);
	}
}

static void spread_cells(struct sbuf *out, const struct rating_stats *st,
			 const struct dimension *d)
{
	char sd[16];
	if (d->group_score != RATING_NONE) {
		sbuf_adds(out, " | " NONE " | group score | " NONE " |");
		return;
	}
	sbuf_adds(out, " | ");
	sbuf_adds(out, stats_value_text(st->stddev, sd, sizeof sd) ? sd : NONE);
	if (st->count)
		sbuf_addf(out, " | %d-%d | ", st->min, st->max);
	else
		sbuf_adds(out, " | " NONE " | ");
	report_distribution(st, d->scale_min, d->scale_max, out);
	cell_end(out);
}

static void marks_cell(struct sbuf *out, const struct report_dim *rd, const struct dimension *d)
{
	sbuf_adds(out, " ");
	if (rd->split)
		sbuf_adds(out, "⇄ two camps");
	if (d->nnotes)
		sbuf_addf(out, "%s✎ %zu %s", rd->split ? ", " : "", d->nnotes,
			  d->nnotes == 1 ? "note" : "notes");
	cell_end(out);
}

static void current_state_row(struct sbuf *out, const struct export_context *ctx,
			      const struct report_dim *rd, bool group)
{
	const struct session *s = ctx->session;
	const struct dimension *d = &s->dims[rd->dim];
	sbuf_adds(out, "|");
	text_cell(out, d->name);
	if (ctx->names)
		person_cells(out, s, d);
	if (group) {
		sbuf_addc(out, ' ');
		add_score(out, d->group_score, RATING_NONE);
		cell_end(out);
	}
	sbuf_addc(out, ' ');
	add_mean(out, &rd->now);
	spread_cells(out, &rd->now, d);
	if (ctx->parent) {
		sbuf_addc(out, ' ');
		add_mean(out, &rd->last);
		sbuf_adds(out, " | ");
		add_change(out, &rd->last, &rd->now);
		cell_end(out);
	}
	marks_cell(out, rd, d);
	sbuf_addc(out, '\n');
}

static void write_scale(struct sbuf *out, const struct session *s)
{
	if (s->nscale_labels == 0 || s->ndims == 0)
		return;
	sbuf_addf(out, "\nScale %d-%d:", s->dims[0].scale_min, s->dims[0].scale_max);
	for (size_t i = 0; i < s->nscale_labels; i++) {
		sbuf_addf(out, "%s %d ", i ? " ·" : "", s->dims[0].scale_min + (int)i);
		export_md_text(out, s->scale_labels[i], NONE);
	}
	sbuf_addc(out, '\n');
}

static void write_notes(struct sbuf *out, const struct session *s)
{
	bool any = false;
	for (size_t i = 0; i < s->ndims; i++) {
		const struct dimension *d = &s->dims[i];
		if (d->nnotes == 0)
			continue;
		if (!any)
			sbuf_adds(out, "\n### Evidence\n");
		any = true;
		sbuf_adds(out, "\n**");
		export_md_text(out, d->name, NONE);
		sbuf_adds(out, "**\n\n");
		for (size_t n = 0; n < d->nnotes; n++) {
			sbuf_addf(out, "- %s: ", note_kind_label(d->notes[n].kind));
			export_md_text(out, d->notes[n].text, NONE);
			sbuf_addc(out, '\n');
		}
	}
}

static void write_current_state(struct sbuf *out, const struct export_context *ctx,
				const struct report *r)
{
	const struct session *s = ctx->session;
	bool group = has_group_scores(s);
	section(out, "Current state");
	if (s->ndims == 0) {
		nothing(out, "No dimensions.");
		return;
	}
	sbuf_adds(out, "Weakest first.\n\n");
	current_state_header(out, ctx, group);
	size_t uncounted = 0;
	for (size_t i = 0; i < r->ndims; i++) {
		current_state_row(out, ctx, &r->dims[i], group);
		uncounted += session_uncounted_scores(s, r->dims[i].dim);
	}
	sbuf_adds(out, "\nSD is the standard deviation of the ratings. ⇄ two camps: at least a third"
		       " of the ratings at each end of the scale. ✎ notes: the evidence below.\n");
	if (uncounted && ctx->names)
		sbuf_adds(out, "\nWhere a group score is given, it is the mean: the people's scores"
			  " in ( ) beside it are kept but not counted.\n");
	if (!ctx->names)
		sbuf_adds(out, "\nThe room's figures only: each person's ratings are in the report"
			       " made with --names.\n");
	write_scale(out, s);
	write_notes(out, s);
}

/* ---- values, goals, metrics, steps ---- */

static void write_values(struct sbuf *out, const struct session *s)
{
	section(out, "Values");
	for (size_t i = 0; i < s->nvalues; i++)
		list_item(out, s->values[i].text);
	if (s->nvalues == 0)
		nothing(out, "None recorded.");
}

static const char *dimension_name(const struct session *s, const char *key)
{
	ptrdiff_t i = key ? session_find_dimension(s, key) : -1;
	return i >= 0 ? s->dims[i].name : key;
}

static void write_goals(struct sbuf *out, const struct session *s)
{
	static const char *const columns[] = {"Goal", "Dimension", "Status"};
	section(out, "Goals");
	if (s->ngoals == 0) {
		nothing(out, "None recorded.");
		return;
	}
	TABLE_HEADER(out, columns, "lll");
	for (size_t i = 0; i < s->ngoals; i++) {
		const struct goal *g = &s->goals[i];
		sbuf_adds(out, "|");
		text_cell(out, g->text);
		text_cell(out, dimension_name(s, g->dimension));
		sbuf_addf(out, " %s |\n", goal_status_label(g->status));
	}
}

static void number_cell(struct sbuf *out, double v)
{
	sbuf_addc(out, ' ');
	add_number(out, v);
	cell_end(out);
}

static void write_metric(struct sbuf *out, const struct session *s, const struct metric *m,
			 long today)
{
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	sbuf_adds(out, "|");
	text_cell(out, m->name);
	text_cell(out, m->unit);
	sbuf_addf(out, " %s |", direction_label(m->direction));
	number_cell(out, m->baseline);
	number_cell(out, metric_current(m));
	number_cell(out, m->target);
	sbuf_addc(out, ' ');
	add_date(out, m->target_date);
	sbuf_adds(out, " | ");
	add_progress(out, metric_progress(m));
	sbuf_addf(out, " | %s |\n", metric_status_label(metric_status_on(m, start, today)));
}

static void write_metrics(struct sbuf *out, const struct export_context *ctx)
{
	static const char *const columns[] = {"Metric", "Unit", "Direction", "Baseline",
					      "Current", "Target", "Target date", "Progress",
					      "Status"};
	const struct session *s = ctx->session;
	section(out, "Metrics");
	if (s->nmetrics == 0) {
		nothing(out, "None recorded.");
		return;
	}
	TABLE_HEADER(out, columns, "lllrrrrll");
	for (size_t i = 0; i < s->nmetrics; i++)
		write_metric(out, s, &s->metrics[i], ctx->today);
}

static void write_step(struct sbuf *out, const struct step *st)
{
	sbuf_adds(out, "| ");
	add_score(out, st->rank, 0);
	cell_end(out);
	text_cell(out, st->text);
	sbuf_addf(out, " %s | %s |", horizon_label(st->horizon), step_status_label(st->status));
	text_cell(out, st->owner);
	sbuf_addc(out, ' ');
	add_score(out, st->impact, SCORE_NONE);
	sbuf_adds(out, " / ");
	add_score(out, st->effort, SCORE_NONE);
	sbuf_adds(out, " | ");
	if (st->points == POINTS_NONE)
		sbuf_adds(out, NONE);
	else
		sbuf_addf(out, "%ld", st->points);
	sbuf_adds(out, " |\n");
}

static void write_steps(struct sbuf *out, const struct session *s, const struct report *r)
{
	static const char *const columns[] = {"Rank", "Step", "Horizon", "Status", "Owner",
					      "Impact / effort", "Points"};
	section(out, "Steps, by rank");
	if (s->nsteps == 0) {
		nothing(out, "None recorded.");
		return;
	}
	TABLE_HEADER(out, columns, "rllllcr");
	for (size_t k = 0; k < r->nsteps; k++)
		write_step(out, &s->steps[r->steps[k]]);
}

/* ---- ballots ---- */

static const char *step_text(const struct session *s, int64_t id)
{
	ptrdiff_t i = session_find_step(s, id);
	return i >= 0 ? s->steps[i].text : "(a deleted step)";
}

static void write_ballot_facts(struct sbuf *out, const struct session *s,
			       const struct ballot *b)
{
	sbuf_addf(out, "%s", ballot_method_label(b->method));
	if (b->method == BALLOT_DOTS)
		sbuf_addf(out, ", %d each, at most %d on one step", b->budget, b->cap);
	if (b->method == BALLOT_SCORING)
		sbuf_addf(out, ", impact and effort %d-%d", b->score_min, b->score_max);
	sbuf_addf(out, " · %s · %s · ", ballot_entry_label(b->entry),
		  b->anonymous ? "anonymous" : "named");
	report_turnout(s, b, out);
	if (b->entry == BALLOT_ENTRY_SECRET && b->tally_voters > 0)
		sbuf_addf(out, " (%ld at the paper wall)", b->tally_voters);
	sbuf_addf(out, " · %s\n", ballot_status_label(b->status));
}

static void chart_row(struct sbuf *out, const struct ballot *b, const struct ballot_row *row,
		      const char *text, long max, size_t cols)
{
	char rank[16];
	snprintf(rank, sizeof rank, "%d%s", row->rank, row->tied ? "=" : "");
	sbuf_addf(out, "%-4s", rank);
	utf8_fit(out, text, cols, UTF8_FIT_PAD);
	sbuf_adds(out, "  ");
	double share = max > 0 && row->points > 0 ? (double)row->points / (double)max : 0;
	int cells = (int)floor(share * CHART_CELLS + 0.5);
	for (int k = 0; k < CHART_CELLS; k++)
		sbuf_adds(out, k < cells ? "█" : " ");
	sbuf_addf(out, " %4ld", row->points);
	if (b->method == BALLOT_SCORING) {
		sbuf_adds(out, "  impact ");
		add_number(out, row->impact);
		sbuf_adds(out, ", effort ");
		add_number(out, row->effort);
		sbuf_addf(out, "  %s", quadrant_label(row->quadrant));
	}
	sbuf_addc(out, '\n');
}

static void write_chart(struct sbuf *out, const struct session *s, const struct ballot *b,
			const struct ballot_results *r)
{
	/* Each step's text is found and sanitized once, then measured: the
	 * column is as wide as the widest, so that no text is cut. */
	char **texts = xcalloc(r->nrows + 1, sizeof *texts);
	long max = 0;
	size_t cols = 0;
	for (size_t k = 0; k < r->nrows; k++) {
		texts[k] = code_text(step_text(s, r->rows[k].step_id));
		size_t w = utf8_width(texts[k]);
		cols = w > cols ? w : cols;
		max = r->rows[k].points > max ? r->rows[k].points : max;
	}
	sbuf_adds(out, "\n```text\n");
	for (size_t k = 0; k < r->nrows; k++)
		chart_row(out, b, &r->rows[k], texts[k], max, cols);
	sbuf_adds(out, "```\n");
	for (size_t k = 0; k < r->nrows; k++)
		free(texts[k]);
	free(texts);
}

static void write_outcome(struct sbuf *out, const struct session *s, const struct ballot *b,
			  const struct ballot_results *r)
{
	if (r->has_ties) {
		sbuf_adds(out, "\nTied steps share a rank, marked = (");
		export_md_text(out, r->tie_rule, NONE);
		sbuf_adds(out, ").\n");
	}
	if (r->has_condorcet && r->condorcet >= 0) {
		sbuf_adds(out, "\nCondorcet winner: ");
		export_md_text(out, step_text(s, b->candidates[r->condorcet]), NONE);
		sbuf_addc(out, '\n');
	} else if (r->has_condorcet) {
		sbuf_adds(out, "\nNo Condorcet winner: no step beats every other one head to "
			       "head.\n");
	}
}

static void write_ballot(struct sbuf *out, const struct session *s, size_t i)
{
	const struct ballot *b = &s->ballots[i];
	struct ballot_results r;
	sbuf_addf(out, "%s### Ballot %zu: %s\n\n", i > 0 ? "\n" : "", i + 1,
		  ballot_method_label(b->method));
	write_ballot_facts(out, s, b);
	if (b->status != BALLOT_REVEALED || ballot_tally(b, &r, NULL) != ERR_OK) {
		sbuf_adds(out, "\n_Not revealed: its results stay private._\n");
		return;
	}
	write_chart(out, s, b, &r);
	write_outcome(out, s, b, &r);
	ballot_results_free(&r);
}

static void write_ballots(struct sbuf *out, const struct session *s)
{
	section(out, "Ballots");
	for (size_t i = 0; i < s->nballots; i++)
		write_ballot(out, s, i);
	if (s->nballots == 0)
		nothing(out, "No ballot was held.");
}

/* ---- roadmap ---- */

struct placed_step {
	const struct step *step;
	size_t place;           /* its position in the session's list */
};

/* By rank, the unranked last; then in the session's order. */
static int by_rank(const void *a, const void *b)
{
	const struct placed_step *x = a, *y = b;
	int rx = x->step->rank > 0 ? x->step->rank : INT_MAX;
	int ry = y->step->rank > 0 ? y->step->rank : INT_MAX;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x->place < y->place ? -1 : x->place > y->place;
}

static void write_horizon(struct sbuf *out, const struct session *s, enum horizon h,
			  struct placed_step *steps)
{
	static const char *const titles[HORIZON_COUNT] = {"Now", "Next", "Later"};
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];
		if (st->horizon == h && step_is_open(st))
			steps[n++] = (struct placed_step){st, i};
	}
	qsort(steps, n, sizeof *steps, by_rank);
	sbuf_addf(out, "%s### %s (%s term)\n\n", h > 0 ? "\n" : "", titles[h], horizon_name(h));
	for (size_t k = 0; k < n; k++) {
		sbuf_addf(out, "%zu. ", k + 1);
		export_md_text(out, steps[k].step->text, NONE);
		if (steps[k].step->owner) {
			sbuf_adds(out, " (");
			export_md_text(out, steps[k].step->owner, NONE);
			sbuf_addc(out, ')');
		}
		sbuf_addc(out, '\n');
	}
	if (n == 0)
		nothing(out, "Nothing planned.");
}

/* The done and the dropped, below the horizons as on the screen: a
 * heading and a list for each status that has steps. */
static void write_closed(struct sbuf *out, const struct session *s, enum step_status status)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		n += s->steps[i].status == status;
	if (n == 0)
		return;
	sbuf_addf(out, "\n### %s (%zu)\n\n", step_status_label(status), n);
	for (size_t i = 0; i < s->nsteps; i++) {
		if (s->steps[i].status != status)
			continue;
		sbuf_adds(out, "- ");
		export_md_text(out, s->steps[i].text, NONE);
		sbuf_addc(out, '\n');
	}
}

static void write_roadmap(struct sbuf *out, const struct session *s)
{
	struct placed_step *steps = xcalloc(s->nsteps + 1, sizeof *steps);
	section(out, "Roadmap");
	for (int h = 0; h < HORIZON_COUNT; h++)
		write_horizon(out, s, (enum horizon)h, steps);
	write_closed(out, s, STEP_DONE);
	write_closed(out, s, STEP_DROPPED);
	free(steps);
}

/* ---- since last time ---- */

static void write_dimension_changes(struct sbuf *out, const struct comparison *c)
{
	static const char *const columns[] = {"Dimension", "Then", "Now", "Change"};
	sbuf_adds(out, "### Dimensions\n\n");
	if (c->ndims == 0) {
		nothing(out, "No dimensions.");
		return;
	}
	TABLE_HEADER(out, columns, "lrrr");
	for (size_t i = 0; i < c->ndims; i++) {
		const struct dimension_change *d = &c->dims[i];
		sbuf_adds(out, "|");
		text_cell(out, d->name);
		sbuf_addc(out, ' ');
		add_mean(out, &d->before);
		sbuf_adds(out, " | ");
		add_mean(out, &d->after);
		sbuf_adds(out, " | ");
		add_change(out, &d->before, &d->after);
		sbuf_adds(out, " |\n");
	}
}

/* One fate's items: a bold line and a list, or nothing when there are none. */
static void fate_heading(struct sbuf *out, const char *name, size_t count)
{
	sbuf_adds(out, "\n**");
	add_capitalized(out, name);
	sbuf_addf(out, "** (%zu)\n\n", count);
}

static void write_step_changes(struct sbuf *out, const struct comparison *c)
{
	static const enum step_fate order[] = {FATE_DONE, FATE_DROPPED, FATE_CARRIED, FATE_NEW,
					       FATE_GONE};
	sbuf_adds(out, "\n### Steps\n");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		if (c->step_fates[order[k]] == 0)
			continue;
		fate_heading(out, step_fate_name(order[k]), c->step_fates[order[k]]);
		for (size_t i = 0; i < c->nsteps; i++) {
			const struct step_change *sc = &c->steps[i];
			if (sc->fate == order[k])
				list_item(out, (sc->after ? sc->after : sc->before)->text);
		}
	}
	if (c->nsteps == 0)
		sbuf_adds(out, "\n_No steps either time._\n");
}

static void write_goal_changes(struct sbuf *out, const struct comparison *c)
{
	static const enum goal_fate order[] = {GOAL_FATE_ADDED, GOAL_FATE_ACHIEVED,
					       GOAL_FATE_RETIRED, GOAL_FATE_KEPT, GOAL_FATE_GONE};
	sbuf_adds(out, "\n### Goals\n");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		if (c->goal_fates[order[k]] == 0)
			continue;
		fate_heading(out, goal_fate_name(order[k]), c->goal_fates[order[k]]);
		for (size_t i = 0; i < c->ngoals; i++) {
			const struct goal_change *gc = &c->goals[i];
			if (gc->fate == order[k])
				list_item(out, (gc->after ? gc->after : gc->before)->text);
		}
	}
	if (c->ngoals == 0)
		sbuf_adds(out, "\n_No goals either time._\n");
}

static double current_of(const struct metric *m)
{
	return m ? metric_current(m) : NAN;
}

static void write_metric_changes(struct sbuf *out, const struct comparison *c)
{
	static const char *const columns[] = {"Metric", "Then", "Now", "Target", "Progress",
					      "Status"};
	sbuf_adds(out, "\n### Metrics\n\n");
	if (c->nmetrics == 0) {
		nothing(out, "No metrics either time.");
		return;
	}
	TABLE_HEADER(out, columns, "lrrrll");
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric_change *mc = &c->metrics[i];
		const struct metric *m = mc->after ? mc->after : mc->before;
		sbuf_adds(out, "|");
		text_cell(out, m->name);
		number_cell(out, current_of(mc->before));
		number_cell(out, current_of(mc->after));
		number_cell(out, m->target);
		sbuf_addc(out, ' ');
		add_progress(out, mc->progress_after);
		sbuf_addf(out, " | %s |\n", mc->after ? metric_status_label(mc->status_after)
						      : "Not carried over");
	}
}

static void write_since_last_time(struct sbuf *out, const struct comparison *c)
{
	section(out, "Since last time");
	if (c->before) {
		sbuf_addf(out, "Compared with iteration %d, ", c->before->iteration);
		export_md_text(out, c->before->title, NONE);
		sbuf_adds(out, ".\n\n");
	}
	write_dimension_changes(out, c);
	write_step_changes(out, c);
	write_goal_changes(out, c);
	write_metric_changes(out, c);
}

/* ---- parking lot ---- */

static void write_parking(struct sbuf *out, const struct session *s)
{
	section(out, "Parking lot");
	for (size_t i = 0; i < s->nparking; i++)
		list_item(out, s->parking[i].text);
	if (s->nparking == 0)
		nothing(out, "Empty.");
}

/* A person's text inside a summary sentence. */
static void summary_text(struct sbuf *out, const char *text)
{
	export_md_text(out, text, NONE);
}

static void write_summary(struct sbuf *out, const struct report *r)
{
	section(out, "Summary");
	report_summary(r, summary_text, out);
	sbuf_addc(out, '\n');
}

/* The summary first, then what the room found and changed, then what it
 * decided, then the details behind it. */
void export_md(const struct export_context *ctx, struct sbuf *out)
{
	const struct session *s = ctx->session;
	struct report r;
	report_build(&r, s, ctx->parent, ctx->comparison, ctx->today);
	write_title(out, s);
	write_summary(out, &r);
	write_current_state(out, ctx, &r);
	if (ctx->comparison)
		write_since_last_time(out, ctx->comparison);
	write_roadmap(out, s);
	write_steps(out, s, &r);
	write_ballots(out, s);
	write_metrics(out, ctx);
	write_goals(out, s);
	write_values(out, s);
	write_parking(out, s);
	report_free(&r);
}
