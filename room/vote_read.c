#include "room/vote_read.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "lib/sbuf.h"
#include "room/form.h"

/* Field prefix + c as a number within lo..hi into *v; a missing field
 * leaves *v as it is and sets *given false. False when it does not read. */
static bool field(const char *body, size_t len, char prefix, size_t c, long long lo,
		  long long hi, long long *v, bool *given)
{
	char name[24];
	snprintf(name, sizeof name, "%c%zu", prefix, c);
	struct sbuf text = SBUF_INIT;
	*given = form_value(body, len, name, &text);
	bool ok = !*given || form_number(sbuf_str(&text), lo, hi, v);
	sbuf_free(&text);
	return ok;
}

static enum err_code read_dots(const char *body, size_t len, const struct room_ballot *b,
			       struct vote_read *r, struct error *err)
{
	bool dots = b->method == BALLOT_DOTS, given;
	long long spent = 0;
	r->values = xcalloc(b->ncandidates + 1, sizeof *r->values);
	for (size_t c = 0; c < b->ncandidates; c++) {
		long long v = 0;
		if (!field(body, len, 'c', c, 0, dots ? b->cap : 1, &v, &given))
			return error_set(err, ERR_DATA, dots
					 ? "each step takes a whole number of dots, from 0 to %d"
					 : "a step is ticked or not", b->cap);
		r->values[c] = (int)v;
		spent += v;
	}
	if (dots && spent > b->budget)
		return error_set(err, ERR_DATA, "that is %lld dots; you have %d", spent, b->budget);
	r->vote.values = r->values;
	return ERR_OK;
}

static enum err_code read_ranked(const char *body, size_t len, const struct room_ballot *b,
				 struct vote_read *r, struct error *err)
{
	size_t n = b->ncandidates;
	/* at[k]: the candidate given place k + 1, or n for none */
	size_t *at = xcalloc(n + 1, sizeof *at);
	for (size_t k = 0; k < n; k++)
		at[k] = n;
	enum err_code code = ERR_OK;
	for (size_t c = 0; c < n && code == ERR_OK; c++) {
		long long place = 0;
		bool given;
		if (!field(body, len, 'c', c, 0, (long long)n, &place, &given))
			code = error_set(err, ERR_DATA, "a place is a number from 1 to %zu", n);
		else if (place > 0 && at[place - 1] != n)
			code = error_set(err, ERR_DATA, "two steps are in place %lld", place);
		else if (place > 0)
			at[place - 1] = c;
	}
	r->order = xcalloc(n + 1, sizeof *r->order);
	for (size_t k = 0; k < n && code == ERR_OK; k++)
		if (at[k] != n)
			r->order[r->vote.norder++] = at[k];
	free(at);
	r->vote.order = r->order;
	return code;
}

static enum err_code read_scores(const char *body, size_t len, const struct room_ballot *b,
				 struct vote_read *r, struct error *err)
{
	r->impact = xcalloc(b->ncandidates + 1, sizeof *r->impact);
	r->effort = xcalloc(b->ncandidates + 1, sizeof *r->effort);
	for (size_t c = 0; c < b->ncandidates; c++) {
		long long impact = 0, effort = 0;
		bool has_impact, has_effort;
		if (!field(body, len, 'i', c, b->score_min, b->score_max, &impact, &has_impact) ||
		    !field(body, len, 'e', c, b->score_min, b->score_max, &effort, &has_effort))
			return error_set(err, ERR_DATA, "a score is a number from %d to %d",
					 b->score_min, b->score_max);
		if (has_impact != has_effort)
			return error_set(err, ERR_DATA, "give a step both its impact and its "
					 "effort, or neither");
		/* 0 means "not scored" to the model: only when 0 is no score. */
		if (!has_impact && b->score_min <= 0 && b->score_max >= 0)
			return error_set(err, ERR_DATA, "score every step");
		r->impact[c] = (int)impact;
		r->effort[c] = (int)effort;
	}
	r->vote.impact = r->impact;
	r->vote.effort = r->effort;
	return ERR_OK;
}

/* Whether name[0..len) is one of the ballot's fields: csrf, or the
 * method's letter and a candidate's index. */
static bool known_field(const char *name, size_t len, const struct room_ballot *b,
			bool *off_ballot)
{
	if (len == 4 && memcmp(name, "csrf", 4) == 0)
		return true;
	const char *letters = b->method == BALLOT_SCORING ? "ie" : "c";
	if (len < 2 || len > 6 || strchr(letters, name[0]) == NULL)
		return false;
	size_t c = 0;
	for (size_t i = 1; i < len; i++) {
		if (name[i] < '0' || name[i] > '9' || (i == 1 && name[i] == '0' && len > 2))
			return false;
		c = c * 10 + (size_t)(name[i] - '0');
	}
	*off_ballot = c >= b->ncandidates;
	return !*off_ballot;
}

/* Refuses a body with a field the ballot's form does not have: a vote
 * for a step that is not on the ballot is not quietly dropped. */
static enum err_code only_known_fields(const char *body, size_t len,
				       const struct room_ballot *b, struct error *err)
{
	for (size_t at = 0; at < len;) {
		const char *amp = memchr(body + at, '&', len - at);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + at, '=', end - at);
		size_t name_len = (eq ? (size_t)(eq - body) : end) - at;
		bool off_ballot = false;
		if (end > at && !known_field(body + at, name_len, b, &off_ballot))
			return error_set(err, ERR_DATA, off_ballot ? "that step is not on this ballot"
						       : "that is not what this ballot asks for");
		at = end + 1;
	}
	return ERR_OK;
}

enum err_code vote_read(const char *body, size_t len, const struct room_ballot *b,
			struct vote_read *out, struct error *err)
{
	*out = (struct vote_read){0};
	enum err_code code = only_known_fields(body ? body : "", body ? len : 0, b, err);
	if (code != ERR_OK)
		return code;
	static enum err_code (*const readers[BALLOT_METHOD_COUNT])(
		const char *, size_t, const struct room_ballot *, struct vote_read *,
		struct error *) = {
		[BALLOT_DOTS] = read_dots, [BALLOT_APPROVAL] = read_dots,
		[BALLOT_RANKED] = read_ranked, [BALLOT_SCORING] = read_scores,
	};
	code = (unsigned)b->method < BALLOT_METHOD_COUNT
				     ? readers[b->method](body ? body : "", len, b, out, err)
				     : error_set(err, ERR_DATA, "phones cannot vote in this ballot");
	if (code != ERR_OK)
		vote_read_free(out);
	return code;
}

void vote_read_free(struct vote_read *r)
{
	free(r->values);
	free(r->impact);
	free(r->effort);
	free(r->order);
	*r = (struct vote_read){0};
}
