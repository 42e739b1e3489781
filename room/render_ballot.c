/* render_ballot: the open ballot as a phone votes in it, and the result
 * once revealed, as HTML forms that work without a script and as the JSON
 * the script follows. Before the reveal nothing here holds a count. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/json.h"
#include "lib/mem.h"
#include "model/stats.h"
#include "room/render.h"

bool render_ballot(const struct room *room, struct room_ballot *out)
{
	return room->ops.ballot && room->ops.stage(room->ops.ctx) == STAGE_STEPS &&
	       room->ops.ballot(room->ops.ctx, out);
}

bool render_result(const struct room *room, struct room_result *out)
{
	struct room_ballot open;
	return room->ops.result && room->ops.stage(room->ops.ctx) == STAGE_STEPS &&
	       !render_ballot(room, &open) && room->ops.result(room->ops.ctx, out);
}

/* ---- JSON ---- */

static void json_texts(struct json *j, const char *text, const char *horizon, const char *owner)
{
	json_key(j, "text");
	render_json_text(j, text);
	json_key(j, "horizon");
	render_json_text(j, horizon);
	json_key(j, "owner");
	render_json_text(j, owner);
}

void render_ballot_json(const struct room *room, size_t p, struct json *j)
{
	struct room_ballot b;
	if (!render_ballot(room, &b))
		return;
	json_key(j, "ballot");
	json_object(j);
	json_key(j, "method");
	json_string(j, ballot_method_name(b.method));
	const struct {
		const char *key;
		int value;
	} rules[] = {
		{"budget", b.budget}, {"cap", b.cap},
		{"score_min", b.score_min}, {"score_max", b.score_max},
	};
	for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
		json_key(j, rules[k].key);
		json_int(j, rules[k].value);
	}
	json_key(j, "voted");
	json_bool(j, room->ops.has_voted(room->ops.ctx, p));
	json_key(j, "steps");
	json_array(j);
	for (size_t c = 0; c < b.ncandidates; c++) {
		struct room_candidate cand;
		room->ops.candidate(room->ops.ctx, c, &cand);
		json_object(j);
		json_texts(j, cand.text, cand.horizon, cand.owner);
		json_end(j);
	}
	json_end(j);
	json_end(j);
}

void render_result_json(const struct room *room, struct json *j)
{
	struct room_result r;
	if (!render_result(room, &r))
		return;
	json_key(j, "result");
	json_object(j);
	json_key(j, "method");
	json_string(j, ballot_method_name(r.method));
	json_key(j, "voters");
	json_int(j, r.voters);
	json_key(j, "rows");
	json_array(j);
	for (size_t k = 0; k < r.nrows; k++) {
		const struct room_result_row *row = &r.rows[k];
		json_object(j);
		json_key(j, "rank");
		json_int(j, row->rank);
		json_key(j, "tied");
		json_bool(j, row->tied);
		json_texts(j, row->text, row->horizon, row->owner);
		json_key(j, "points");
		json_int(j, row->points);
		if (r.method == BALLOT_SCORING) {
			json_key(j, "impact");
			json_number(j, row->impact);
			json_key(j, "effort");
			json_number(j, row->effort);
			json_key(j, "quadrant");
			json_string(j, quadrant_name(row->quadrant));
		}
		json_end(j);
	}
	json_end(j);
	json_key(j, "tie_rule");
	json_string(j, r.tie_rule);
	if (r.has_condorcet) {
		json_key(j, "condorcet");
		render_json_text(j, r.condorcet);
	}
	json_end(j);
	free(r.rows);
}

/* ---- the ballot as a form ---- */

static void rule_hint(const struct room_ballot *b, struct sbuf *out)
{
	sbuf_adds(out, "<p class=\"hint\">");
	switch (b->method) {
	case BALLOT_DOTS:
		sbuf_addf(out, "You have <b>%d</b> dots, at most %d on one step.", b->budget, b->cap);
		break;
	case BALLOT_APPROVAL:
		sbuf_adds(out, "Tick every step you would back.");
		break;
	case BALLOT_RANKED:
		sbuf_adds(out, "<span class=\"plain\">Give the steps you rank their place, 1 for the "
			       "best.</span>");
		break;
	case BALLOT_SCORING:
		sbuf_addf(out, "Score each step's impact and its effort, from %d (low) to %d (high).",
			  b->score_min, b->score_max);
		break;
	case BALLOT_METHOD_COUNT:
		break;
	}
	sbuf_adds(out, " Nobody sees your ballot; once cast it cannot be changed.</p>\n");
}

/* One row of big buttons: the radio buttons name, min .. max. */
static void score_row(const char *legend, char field, size_t c, const struct room_ballot *b,
		      struct sbuf *out)
{
	sbuf_addf(out, "<fieldset class=\"score\"><legend>%s</legend>", legend);
	for (int v = b->score_min; v <= b->score_max; v++)
		sbuf_addf(out, "<label><input type=\"radio\" name=\"%c%zu\" value=\"%d\">"
			       "<span>%d</span></label>", field, c, v, v);
	sbuf_adds(out, "</fieldset>");
}

static void step_input(const struct room_ballot *b, size_t c, struct sbuf *out)
{
	switch (b->method) {
	case BALLOT_DOTS:
		sbuf_addf(out, "<input type=\"number\" id=\"c%zu\" name=\"c%zu\" min=\"0\" max=\"%d\" "
			  "value=\"0\" inputmode=\"numeric\">", c, c, b->cap);
		break;
	case BALLOT_APPROVAL:
		sbuf_addf(out, "<input type=\"checkbox\" id=\"c%zu\" name=\"c%zu\" value=\"1\">", c, c);
		break;
	case BALLOT_RANKED:
		sbuf_addf(out, "<select id=\"c%zu\" name=\"c%zu\"><option value=\"0\">not ranked"
			  "</option>", c, c);
		for (size_t k = 1; k <= b->ncandidates; k++)
			sbuf_addf(out, "<option value=\"%zu\">%zu</option>", k, k);
		sbuf_adds(out, "</select>");
		break;
	case BALLOT_SCORING:
		score_row("Impact", 'i', c, b, out);
		score_row("Effort", 'e', c, b, out);
		break;
	case BALLOT_METHOD_COUNT:
		break;
	}
}

static void step_texts(const struct room_candidate *cand, struct sbuf *out)
{
	render_html_text(out, cand->text);
	sbuf_adds(out, " <span class=\"meta\">");
	render_html_text(out, cand->horizon);
	if (cand->owner) {
		sbuf_adds(out, ", ");
		render_html_text(out, cand->owner);
	}
	sbuf_adds(out, "</span>");
}

void render_ballot_form(const struct room *room, size_t p, const struct room_ballot *b,
			const char *csrf, struct sbuf *out)
{
	if (room->ops.has_voted(room->ops.ctx, p)) {
		sbuf_adds(out, "<h1>Your ballot is cast</h1>\n<p class=\"cast\">Nobody sees the "
			       "results until the facilitator reveals them.</p>\n");
		return;
	}
	sbuf_adds(out, "<h1>Your ballot</h1>\n");
	rule_hint(b, out);
	sbuf_addf(out, "<form method=\"post\" action=\"vote\" class=\"ballot %s\" "
		       "data-method=\"%s\" data-budget=\"%d\" data-ballot=\"%zu\">",
		  ballot_method_name(b->method), ballot_method_name(b->method),
		  b->method == BALLOT_DOTS ? b->budget : 0, b->index);
	render_csrf_field(out, csrf);
	bool labelled = b->method != BALLOT_SCORING;
	for (size_t c = 0; c < b->ncandidates; c++) {
		struct room_candidate cand;
		room->ops.candidate(room->ops.ctx, c, &cand);
		sbuf_addf(out, "\n<div class=\"step\" id=\"s%zu\">", c);
		if (labelled)
			sbuf_addf(out, "<label for=\"c%zu\">", c);
		else
			sbuf_adds(out, "<p class=\"text\">");
		step_texts(&cand, out);
		sbuf_adds(out, labelled ? "</label>" : "</p>");
		step_input(b, c, out);
		sbuf_adds(out, "</div>");
	}
	sbuf_adds(out, "\n<p class=\"left\" aria-live=\"polite\"></p>\n"
		       "<button class=\"cast\">Cast my ballot</button>\n</form>\n");
}

/* ---- the result ---- */

static void points_text(enum ballot_method method, const struct room_result_row *row,
			struct sbuf *out)
{
	static const char *const units[BALLOT_METHOD_COUNT][2] = {
		[BALLOT_DOTS] = {"dot", "dots"},
		[BALLOT_APPROVAL] = {"approval", "approvals"},
		[BALLOT_RANKED] = {"point", "points"},
	};
	if (method == BALLOT_SCORING) {
		char impact[16] = "-", effort[16] = "-";
		stats_value_text(row->impact, impact, sizeof impact);
		stats_value_text(row->effort, effort, sizeof effort);
		sbuf_addf(out, "priority %ld: impact %s, effort %s, %s", row->points, impact,
			  effort, quadrant_label(row->quadrant));
		return;
	}
	sbuf_addf(out, "%ld %s", row->points, units[method][row->points != 1]);
}

void render_result_html(const struct room_result *r, struct sbuf *out)
{
	long max = 1;
	for (size_t k = 0; k < r->nrows; k++)
		max = r->rows[k].points > max ? r->rows[k].points : max;
	sbuf_addf(out, "<h1>The result</h1>\n<p class=\"hint\">%s, %ld voted: the same as on "
		       "the projector.</p>\n<ol class=\"result\">", ballot_method_label(r->method),
		  r->voters);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct room_result_row *row = &r->rows[k];
		sbuf_addf(out, "\n<li><span class=\"rank\">%d%s</span> <span class=\"text\">",
			  row->rank, row->tied ? "=" : "");
		struct room_candidate cand = {row->text, row->horizon, row->owner};
		step_texts(&cand, out);
		sbuf_adds(out, "</span> <span class=\"points\">");
		points_text(r->method, row, out);
		sbuf_addf(out, "</span><meter min=\"0\" max=\"%ld\" value=\"%ld\"></meter></li>", max,
			  row->points > 0 ? row->points : 0);
	}
	sbuf_adds(out, "\n</ol>\n");
	if (r->tie_rule) {
		sbuf_adds(out, "<p class=\"hint\">(");
		render_html_text(out, r->tie_rule);
		sbuf_adds(out, ")</p>\n");
	}
	if (r->has_condorcet && r->condorcet) {
		sbuf_adds(out, "<p class=\"condorcet\">Condorcet winner: ");
		render_html_text(out, r->condorcet);
		sbuf_adds(out, "</p>\n");
	} else if (r->has_condorcet) {
		sbuf_adds(out, "<p class=\"condorcet\">No Condorcet winner: no step beats every other "
			       "one head to head.</p>\n");
	}
}
