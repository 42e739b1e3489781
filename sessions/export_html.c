/* The HTML report: the Markdown report's story as one page a browser shows
 * and prints, with its pictures drawn in (export_html_charts.c) and a table
 * beside each for those who read the figures, or cannot see them. Every
 * text from the session goes through lib/html.h. */
#include <math.h>
#include <stdio.h>

#include "lib/date.h"
#include "lib/html.h"
#include "sessions/export.h"
#include "sessions/export_html.h"

#define NONE "–"

/* ---- pieces ---- */

static void tag_text(struct sbuf *out, const char *tag, const char *text)
{
	sbuf_addf(out, "<%s>", tag);
	html_text(out, text ? text : NONE);
	sbuf_addf(out, "</%s>", tag);
}

static void td(struct sbuf *out, const char *text)
{
	tag_text(out, "td", text);
}

/* A person's text, which may break anywhere rather than widen the page. */
static void td_t(struct sbuf *out, const char *text)
{
	sbuf_adds(out, "<td class=\"t\">");
	html_text(out, text ? text : NONE);
	sbuf_adds(out, "</td>");
}

/* A number the program wrote: right-aligned. */
static void td_n(struct sbuf *out, const char *text)
{
	sbuf_adds(out, "<td class=\"n\">");
	html_text(out, text);
	sbuf_adds(out, "</td>");
}

static void head_row(struct sbuf *out, const char *const *columns, size_t n)
{
	sbuf_adds(out, "<thead><tr>");
	for (size_t i = 0; i < n; i++)
		tag_text(out, "th", columns[i]);
	sbuf_adds(out, "</tr></thead>\n");
}

#define HEAD_ROW(out, columns) head_row(out, columns, sizeof columns / sizeof columns[0])

static void section(struct sbuf *out, const char *id, const char *title)
{
	sbuf_addf(out, "<section id=\"%s\">\n", id);
	tag_text(out, "h2", title);
	sbuf_addc(out, '\n');
}

static void section_end(struct sbuf *out)
{
	sbuf_adds(out, "</section>\n");
}

static void nothing(struct sbuf *out, const char *what)
{
	sbuf_adds(out, "<p><em>");
	html_text(out, what);
	sbuf_adds(out, "</em></p>\n");
}

static void number_text(char *out, size_t size, double v)
{
	if (isnan(v))
		snprintf(out, size, NONE);
	else
		snprintf(out, size, "%.12g", v);
}

static void day_text(char *out, long day)
{
	if (day == NO_DATE)
		snprintf(out, DATE_ISO_SIZE, NONE);
	else
		date_format(day, out);
}

/* ---- title, facts, summary ---- */

static void write_facts(struct sbuf *out, const struct session *s)
{
	char iso[DATE_ISO_SIZE] = NONE;
	if (s->created_at)
		date_format((long)(s->created_at / DATE_SECONDS_PER_DAY), iso);
	sbuf_adds(out, "<header>\n");
	tag_text(out, "h1", s->title ? s->title : "Workshop");
	sbuf_adds(out, "\n<p class=\"facts\">");
	html_text(out, s->organization ? s->organization : NONE);
	if (s->unit) {
		sbuf_adds(out, " / ");
		html_text(out, s->unit);
	}
	sbuf_addf(out, " · %s level · facilitated by ", level_label(s->level));
	html_text(out, s->facilitator ? s->facilitator : NONE);
	sbuf_addf(out, " · %s · iteration %d · %zu participants</p>\n</header>\n", iso,
		  s->iteration, s->nparticipants);
}

static void summary_text(struct sbuf *out, const char *text)
{
	html_text(out, text);
}

static void write_summary(struct sbuf *out, const struct report *r)
{
	section(out, "summary", "Summary");
	sbuf_adds(out, "<p class=\"summary\">");
	report_summary(r, summary_text, out);
	sbuf_adds(out, "</p>\n");
	section_end(out);
}

/* ---- the current state ---- */

static void dim_people(struct sbuf *out, const struct session *s, const struct dimension *d)
{
	for (size_t p = 0; p < s->nparticipants; p++) {
		char score[16] = NONE;
		if (d->scores[p] != RATING_NONE)
			snprintf(score, sizeof score, d->group_score != RATING_NONE ? "(%d)" : "%d",
				 d->scores[p]);
		td_n(out, score);
	}
}

static void dim_row(struct sbuf *out, const struct export_context *ctx,
		    const struct report_dim *rd)
{
	const struct session *s = ctx->session;
	const struct dimension *d = &s->dims[rd->dim];
	char mean[16] = NONE, sd[16] = NONE, range[32] = NONE, last[16] = NONE, change[16] = NONE;
	stats_mean_text(&rd->now, mean, sizeof mean);
	stats_value_text(rd->now.stddev, sd, sizeof sd);
	if (d->group_score != RATING_NONE)
		snprintf(range, sizeof range, "group score");
	else if (rd->now.count)
		snprintf(range, sizeof range, "%d-%d", rd->now.min, rd->now.max);
	stats_mean_text(&rd->last, last, sizeof last);
	if (rd->has_change)
		stats_tenths_text(rd->change, true, change, sizeof change);
	sbuf_adds(out, "<tr>");
	td_t(out, d->name);
	if (ctx->names)
		dim_people(out, s, d);
	td_n(out, mean);
	td_n(out, d->group_score != RATING_NONE ? NONE : sd);
	td_n(out, range);
	sbuf_adds(out, "<td>");
	report_distribution(&rd->now, d->scale_min, d->scale_max, out);
	sbuf_adds(out, "</td>");
	if (ctx->parent) {
		td_n(out, last);
		td_n(out, change);
	}
	sbuf_adds(out, "<td>");
	if (rd->split)
		sbuf_adds(out, "⇄ two camps ");
	if (d->nnotes)
		sbuf_addf(out, "✎ %zu %s", d->nnotes, d->nnotes == 1 ? "note" : "notes");
	sbuf_adds(out, "</td></tr>\n");
}

static void dim_table(struct sbuf *out, const struct export_context *ctx, const struct report *r)
{
	const struct session *s = ctx->session;
	sbuf_adds(out, "<table>\n<thead><tr><th>Dimension</th>");
	for (size_t p = 0; ctx->names && p < s->nparticipants; p++)
		tag_text(out, "th", s->participants[p].name);
	sbuf_adds(out, "<th class=\"n\">Mean</th><th class=\"n\">SD</th><th class=\"n\">Range"
		       "</th><th>Ratings</th>");
	if (ctx->parent)
		sbuf_adds(out, "<th class=\"n\">Last time</th><th class=\"n\">Change</th>");
	sbuf_adds(out, "<th>Marks</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->ndims; k++)
		dim_row(out, ctx, &r->dims[k]);
	sbuf_adds(out, "</tbody>\n</table>\n<p class=\"who\">SD is the standard deviation of the "
		       "ratings. ⇄ two camps: at least a third of the ratings at each end of the "
		       "scale. ✎ notes: the evidence below.");
	if (!ctx->names)
		sbuf_adds(out, " The room's figures only: each person's ratings are in the report "
			       "made with --names.");
	sbuf_adds(out, "</p>\n");
}

static void write_notes(struct sbuf *out, const struct session *s)
{
	bool any = false;
	for (size_t i = 0; i < s->ndims; i++) {
		const struct dimension *d = &s->dims[i];
		if (d->nnotes == 0)
			continue;
		if (!any)
			sbuf_adds(out, "<h3>Evidence</h3>\n");
		any = true;
		tag_text(out, "h4", d->name);
		sbuf_adds(out, "\n<ul>\n");
		for (size_t n = 0; n < d->nnotes; n++) {
			sbuf_addf(out, "<li><strong>%s:</strong> ", note_kind_label(d->notes[n].kind));
			html_text(out, d->notes[n].text);
			sbuf_adds(out, "</li>\n");
		}
		sbuf_adds(out, "</ul>\n");
	}
}

static void write_current_state(struct sbuf *out, const struct export_context *ctx,
				const struct report *r)
{
	section(out, "current-state", "Current state");
	if (r->ndims == 0) {
		nothing(out, "No dimensions.");
		section_end(out);
		return;
	}
	sbuf_adds(out, "<figure>\n<figcaption>Where the room stands, weakest first</figcaption>\n");
	chart_dimensions(out, r);
	sbuf_adds(out, "</figure>\n");
	dim_table(out, ctx, r);
	write_notes(out, ctx->session);
	section_end(out);
}

/* ---- since last time ---- */

static void fate_list(struct sbuf *out, const char *name, size_t count)
{
	sbuf_addf(out, "<h4>%s (%zu)</h4>\n<ul>\n", name, count);
}

static void write_step_fates(struct sbuf *out, const struct comparison *c)
{
	static const enum step_fate order[] = {FATE_DONE, FATE_DROPPED, FATE_CARRIED, FATE_NEW,
					       FATE_GONE};
	static const char *const names[] = {"Done", "Dropped", "Still to do", "New",
					    "Not carried over"};
	sbuf_adds(out, "<h3>Last time's steps</h3>\n");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		if (c->step_fates[order[k]] == 0)
			continue;
		fate_list(out, names[k], c->step_fates[order[k]]);
		for (size_t i = 0; i < c->nsteps; i++)
			if (c->steps[i].fate == order[k])
				tag_text(out, "li", (c->steps[i].after ? c->steps[i].after
								       : c->steps[i].before)->text);
		sbuf_adds(out, "</ul>\n");
	}
}

static void write_goal_fates(struct sbuf *out, const struct comparison *c)
{
	static const enum goal_fate order[] = {GOAL_FATE_ACHIEVED, GOAL_FATE_KEPT,
					       GOAL_FATE_RETIRED, GOAL_FATE_ADDED, GOAL_FATE_GONE};
	static const char *const names[] = {"Achieved", "Kept", "Retired", "Added",
					    "Not carried over"};
	sbuf_adds(out, "<h3>Last time's goals</h3>\n");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		if (c->goal_fates[order[k]] == 0)
			continue;
		fate_list(out, names[k], c->goal_fates[order[k]]);
		for (size_t i = 0; i < c->ngoals; i++)
			if (c->goals[i].fate == order[k])
				tag_text(out, "li", (c->goals[i].after ? c->goals[i].after
								       : c->goals[i].before)->text);
		sbuf_adds(out, "</ul>\n");
	}
}

static void write_since(struct sbuf *out, const struct comparison *c)
{
	section(out, "since-last-time", "Since last time");
	if (c->before) {
		sbuf_addf(out, "<p>Compared with iteration %d, ", c->before->iteration);
		html_text(out, c->before->title ? c->before->title : NONE);
		sbuf_adds(out, ". Last time's means are the diamonds in the current state.</p>\n");
	}
	write_step_fates(out, c);
	write_goal_fates(out, c);
	section_end(out);
}

/* ---- roadmap and steps ---- */

static const char *goal_text(const struct session *s, int64_t id)
{
	ptrdiff_t i = id ? session_find_goal(s, id) : -1;
	return i >= 0 ? s->goals[i].text : NULL;
}

static void step_details(struct sbuf *out, const struct session *s, const struct step *st)
{
	sbuf_adds(out, "<br><span class=\"who\">");
	html_text(out, st->owner ? st->owner : "no owner yet");
	if (st->points != POINTS_NONE)
		sbuf_addf(out, " · %ld points", st->points);
	const char *goal = goal_text(s, st->goal_id);
	if (goal) {
		sbuf_adds(out, " · for: ");
		html_text(out, goal);
	}
	sbuf_adds(out, "</span>");
}

static void write_lane(struct sbuf *out, const struct session *s, const struct report *r,
		       enum horizon h)
{
	static const char *const titles[HORIZON_COUNT] = {"Now", "Next", "Later"};
	size_t n = 0;
	sbuf_addf(out, "<div>\n<h3>%s (%s term)</h3>\n<ol>\n", titles[h], horizon_name(h));
	for (size_t k = 0; k < r->nsteps; k++) {
		const struct step *st = &s->steps[r->steps[k]];
		if (st->horizon != h || !step_is_open(st))
			continue;
		sbuf_adds(out, "<li>");
		html_text(out, st->text);
		step_details(out, s, st);
		sbuf_adds(out, "</li>\n");
		n++;
	}
	sbuf_adds(out, "</ol>\n");
	if (n == 0)
		nothing(out, "Nothing planned.");
	sbuf_adds(out, "</div>\n");
}

static void write_roadmap(struct sbuf *out, const struct session *s, const struct report *r)
{
	section(out, "roadmap", "Roadmap");
	sbuf_adds(out, "<div class=\"lanes\">\n");
	for (int h = 0; h < HORIZON_COUNT; h++)
		write_lane(out, s, r, (enum horizon)h);
	sbuf_adds(out, "</div>\n");
	section_end(out);
}

static void step_row(struct sbuf *out, const struct session *s, const struct step *st)
{
	char rank[16] = NONE, points[24] = NONE, impact[16] = NONE, effort[16] = NONE, scores[40];
	if (st->rank)
		snprintf(rank, sizeof rank, "%d", st->rank);
	if (st->points != POINTS_NONE)
		snprintf(points, sizeof points, "%ld", st->points);
	/* Each score on its own: an impact given and no effort is "4 / –". */
	if (st->impact)
		snprintf(impact, sizeof impact, "%d", st->impact);
	if (st->effort)
		snprintf(effort, sizeof effort, "%d", st->effort);
	snprintf(scores, sizeof scores, "%s / %s", impact, effort);
	sbuf_adds(out, "<tr>");
	td_n(out, rank);
	td_t(out, st->text);
	td(out, horizon_label(st->horizon));
	td(out, step_status_label(st->status));
	td_t(out, st->owner);
	td_t(out, goal_text(s, st->goal_id));
	td_n(out, scores);
	td_n(out, points);
	sbuf_adds(out, "</tr>\n");
}

static void write_steps(struct sbuf *out, const struct session *s, const struct report *r)
{
	static const char *const columns[] = {"Rank", "Step", "Horizon", "Status", "Owner", "Goal",
					      "Impact / effort", "Points"};
	section(out, "steps", "Steps, by rank");
	if (r->nsteps == 0) {
		nothing(out, "None recorded.");
		section_end(out);
		return;
	}
	sbuf_adds(out, "<table>\n");
	HEAD_ROW(out, columns);
	sbuf_adds(out, "<tbody>\n");
	for (size_t k = 0; k < r->nsteps; k++)
		step_row(out, s, &s->steps[r->steps[k]]);
	sbuf_adds(out, "</tbody>\n</table>\n");
	section_end(out);
}

/* ---- ballots ---- */

static void result_table(struct sbuf *out, const struct session *s, const struct ballot *b,
			 const struct ballot_results *res)
{
	static const char *const plain[] = {"Rank", "Step", "Points"};
	static const char *const scored[] = {"Rank", "Step", "Priority", "Impact", "Effort",
					     "Quarter"};
	bool scoring = b->method == BALLOT_SCORING;
	sbuf_adds(out, "<table>\n");
	if (scoring)
		HEAD_ROW(out, scored);
	else
		HEAD_ROW(out, plain);
	sbuf_adds(out, "<tbody>\n");
	for (size_t k = 0; k < res->nrows; k++) {
		const struct ballot_row *row = &res->rows[k];
		char rank[16], points[24], impact[16] = NONE, effort[16] = NONE;
		snprintf(rank, sizeof rank, "%d%s", row->rank, row->tied ? "=" : "");
		snprintf(points, sizeof points, "%ld", row->points);
		stats_value_text(row->impact, impact, sizeof impact);
		stats_value_text(row->effort, effort, sizeof effort);
		sbuf_adds(out, "<tr>");
		td_n(out, rank);
		td_t(out, html_step_text(s, row->step_id));
		td_n(out, points);
		if (scoring) {
			td_n(out, impact);
			td_n(out, effort);
			td(out, quadrant_label(row->quadrant));
		}
		sbuf_adds(out, "</tr>\n");
	}
	sbuf_adds(out, "</tbody>\n</table>\n");
}

static void ballot_outcome(struct sbuf *out, const struct session *s, const struct ballot *b,
			   const struct ballot_results *res)
{
	if (res->has_ties) {
		sbuf_adds(out, "<p>Tied steps share a rank, marked = (");
		html_text(out, res->tie_rule);
		sbuf_adds(out, ").</p>\n");
	}
	if (res->has_condorcet && res->condorcet >= 0) {
		sbuf_adds(out, "<p>Condorcet winner: ");
		html_text(out, html_step_text(s, b->candidates[res->condorcet]));
		sbuf_adds(out, "</p>\n");
	} else if (res->has_condorcet) {
		sbuf_adds(out, "<p>No Condorcet winner: no step beats every other one head to "
			       "head.</p>\n");
	}
}

static void write_ballot(struct sbuf *out, const struct session *s, size_t i)
{
	const struct ballot *b = &s->ballots[i];
	struct ballot_results res;
	sbuf_addf(out, "<h3>Ballot %zu: %s</h3>\n<p>%s · %s · ", i + 1,
		  ballot_method_label(b->method), ballot_entry_label(b->entry),
		  b->anonymous ? "anonymous" : "named");
	report_turnout(s, b, out);
	sbuf_addf(out, " · %s</p>\n", ballot_status_label(b->status));
	if (b->status != BALLOT_REVEALED || ballot_tally(b, &res, NULL) != ERR_OK) {
		nothing(out, "Not revealed: its results stay private.");
		return;
	}
	sbuf_adds(out, b->method == BALLOT_SCORING ? "<figure class=\"square\">\n" : "<figure>\n");
	if (b->method == BALLOT_SCORING)
		chart_ballot_matrix(out, s, i, &res);
	else
		chart_ballot_bars(out, s, i, &res);
	sbuf_adds(out, "</figure>\n");
	result_table(out, s, b, &res);
	ballot_outcome(out, s, b, &res);
	ballot_results_free(&res);
}

static void write_ballots(struct sbuf *out, const struct session *s)
{
	section(out, "ballots", "Ballots");
	for (size_t i = 0; i < s->nballots; i++)
		write_ballot(out, s, i);
	if (s->nballots == 0)
		nothing(out, "No ballot was held.");
	section_end(out);
}

/* ---- metrics, goals, values, parking lot ---- */

static void measurement_table(struct sbuf *out, const struct metric *m)
{
	static const char *const columns[] = {"Date", "Value"};
	char iso[DATE_ISO_SIZE], value[32];
	sbuf_adds(out, "<table>\n");
	HEAD_ROW(out, columns);
	sbuf_adds(out, "<tbody>\n<tr><td>baseline");
	if (m->baseline_date != NO_DATE) {
		day_text(iso, m->baseline_date);
		sbuf_addf(out, ", %s", iso);
	}
	number_text(value, sizeof value, m->baseline);
	sbuf_adds(out, "</td>");
	td_n(out, value);
	sbuf_adds(out, "</tr>\n");
	for (size_t i = 0; i < m->nmeasurements; i++) {
		day_text(iso, m->measurements[i].taken_on);
		number_text(value, sizeof value, m->measurements[i].value);
		sbuf_adds(out, "<tr>");
		td(out, iso);
		td_n(out, value);
		sbuf_adds(out, "</tr>\n");
	}
	sbuf_adds(out, "</tbody>\n</table>\n");
}

static void write_metric(struct sbuf *out, const struct session *s, size_t i, long today)
{
	const struct metric *m = &s->metrics[i];
	long start = s->created_at ? (long)(s->created_at / DATE_SECONDS_PER_DAY) : NO_DATE;
	const char *status = metric_status_label(metric_status_on(m, start, today));
	char target[32], due[DATE_ISO_SIZE];
	number_text(target, sizeof target, m->target);
	day_text(due, m->target_date);
	tag_text(out, "h3", m->name);
	sbuf_addf(out, "\n<p><strong>%s.</strong> %s", status, direction_label(m->direction));
	if (m->unit) {
		sbuf_adds(out, "; in ");
		html_text(out, m->unit);
	}
	sbuf_addf(out, "; target %s by %s", target, due);
	double progress = metric_progress(m);
	if (!isnan(progress))
		sbuf_addf(out, "; %ld%% of the way from the baseline", stats_round(progress, 100));
	sbuf_adds(out, ".</p>\n<figure>\n");
	chart_metric(out, s, i, status);
	sbuf_adds(out, "</figure>\n");
	measurement_table(out, m);
}

static void write_metrics(struct sbuf *out, const struct export_context *ctx)
{
	const struct session *s = ctx->session;
	section(out, "metrics", "Metrics");
	for (size_t i = 0; i < s->nmetrics; i++)
		write_metric(out, s, i, ctx->today);
	if (s->nmetrics == 0)
		nothing(out, "None recorded.");
	section_end(out);
}

static void write_goals(struct sbuf *out, const struct session *s)
{
	static const char *const columns[] = {"Goal", "Dimension", "Status"};
	section(out, "goals", "Goals and values");
	if (s->ngoals) {
		sbuf_adds(out, "<table>\n");
		HEAD_ROW(out, columns);
		sbuf_adds(out, "<tbody>\n");
	}
	for (size_t i = 0; i < s->ngoals; i++) {
		const struct goal *g = &s->goals[i];
		ptrdiff_t d = g->dimension ? session_find_dimension(s, g->dimension) : -1;
		sbuf_adds(out, "<tr>");
		td_t(out, g->text);
		td_t(out, d >= 0 ? s->dims[d].name : g->dimension);
		td(out, goal_status_label(g->status));
		sbuf_adds(out, "</tr>\n");
	}
	if (s->ngoals)
		sbuf_adds(out, "</tbody>\n</table>\n");
	else
		nothing(out, "No goals recorded.");
	sbuf_adds(out, "<h3>Values</h3>\n<ul>\n");
	for (size_t i = 0; i < s->nvalues; i++)
		tag_text(out, "li", s->values[i].text);
	sbuf_adds(out, "</ul>\n");
	section_end(out);
}

static void write_parking(struct sbuf *out, const struct session *s)
{
	if (s->nparking == 0)
		return;
	section(out, "parking", "Parking lot");
	sbuf_adds(out, "<ul>\n");
	for (size_t i = 0; i < s->nparking; i++)
		tag_text(out, "li", s->parking[i].text);
	sbuf_adds(out, "</ul>\n");
	section_end(out);
}

void export_html(const struct export_context *ctx, struct sbuf *out)
{
	const struct session *s = ctx->session;
	struct report r;
	report_build(&r, s, ctx->parent, ctx->comparison, ctx->today);
	html_begin(out, s->title ? s->title : "Workshop");
	write_facts(out, s);
	sbuf_adds(out, "<main>\n");
	write_summary(out, &r);
	write_current_state(out, ctx, &r);
	if (ctx->comparison)
		write_since(out, ctx->comparison);
	write_roadmap(out, s, &r);
	write_steps(out, s, &r);
	write_ballots(out, s);
	write_metrics(out, ctx);
	write_goals(out, s);
	write_parking(out, s);
	sbuf_adds(out, "</main>\n");
	html_end(out);
	report_free(&r);
}
