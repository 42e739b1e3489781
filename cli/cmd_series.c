/* checkin and compare: the next iteration of a workshop, and what changed
 * between two iterations. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/date.h"
#include "lib/json.h"
#include "lib/sbuf.h"
#include "model/checkin.h"
#include "model/compare.h"

/* ---- checkin ---- */

/* On a terminal: what the check-in carries and whether the session is
 * still open, then the question. One that has its check-in already is
 * refused without asking. */
static enum err_code confirm_check_in(struct cli *cli, int64_t id, bool *go, struct error *err)
{
	int64_t later = 0;
	struct session *s;
	*go = true;
	if (store_next_iteration(cli->store, id, &later, err))
		return err->code;
	if (later || store_load_session(cli->store, id, &s, err))
		return err->code;
	struct sbuf q = SBUF_INIT;
	checkin_question(s, &q);
	*go = cli_ask(sbuf_str(&q));
	sbuf_free(&q);
	session_free(s);
	if (!*go)
		fprintf(stderr, "kept; no check-in was made\n");
	return ERR_OK;
}

int cmd_checkin(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"yes", no_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	bool yes = false, go = true;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'y')
			return cli_unknown_option("checkin", argv[optind - 1]);
		yes = true;
	}
	if (argc - optind != 1)
		return cli_usage("checkin: give the id of the session to follow up");
	struct error err = {0};
	int64_t id, next;
	if (cli_parse_id(argv[optind], &id, &err) || cli_open_store(cli, CLI_CHANGES, &err))
		return cli_fail(&err);
	if (!yes && cli_on_terminal() && confirm_check_in(cli, id, &go, &err))
		return cli_fail(&err);
	if (!go)
		return 0;
	if (store_check_in(cli->store, id, clock_now(), &next, &err))
		return cli_fail(&err);
	printf("%lld\n", (long long)next);
	return 0;
}

/* ---- compare: the two sessions and those between them ---- */

struct chain {
	struct session *before, *after;
	struct session **between;       /* oldest first */
	size_t nbetween;
};

static void chain_free(struct chain *c)
{
	session_free(c->before);
	session_free(c->after);
	store_sessions_free(c->between, c->nbetween);
}

/* The sessions between: from after's parent back to before. When before
 * is not an ancestor, rows are matched only where they can be. */
static enum err_code load_between(struct cli *cli, struct chain *c, struct error *err)
{
	bool reached;
	return store_load_ancestors(cli->store, c->after->parent_id, c->before->id, &c->between,
				    &c->nbetween, &reached, err);
}

static enum err_code load_chain(struct cli *cli, const char *a, const char *b, struct chain *c,
				struct error *err)
{
	int64_t after_id;
	memset(c, 0, sizeof *c);
	if (cli_parse_id(b, &after_id, err) || cli_load_session(cli, a, &c->before, err) ||
	    store_load_session(cli->store, after_id, &c->after, err))
		return err->code;
	if (c->before->series_id != c->after->series_id)
		return error_set(err, ERR_DATA, "sessions %lld and %lld are not of the same series",
				 (long long)c->before->id, (long long)c->after->id);
	if (c->before->iteration > c->after->iteration)
		return error_set(err, ERR_USAGE, "session %lld (iteration %d) came after session "
				 "%lld (iteration %d): give the earlier first",
				 (long long)c->before->id, c->before->iteration,
				 (long long)c->after->id, c->after->iteration);
	return load_between(cli, c, err);
}

/* ---- as text ---- */

static void print_mean(const struct rating_stats *st)
{
	char mean[16];
	if (stats_mean_text(st, mean, sizeof mean))
		printf(" %5s %3d-%-2d", mean, st->min, st->max);
	else
		printf(" %5s %6s", "-", "");
}

static void print_dimensions(const struct comparison *c)
{
	printf("%-40s %5s %6s %5s %6s %7s\n", "DIMENSION", "THEN", "SPREAD", "NOW", "SPREAD",
	       "CHANGE");
	for (size_t i = 0; i < c->ndims; i++) {
		const struct dimension_change *d = &c->dims[i];
		cli_print_text(stdout, d->name, 40);
		print_mean(&d->before);
		print_mean(&d->after);
		char change[16];
		stats_tenths_text(d->delta_tenths, true, change, sizeof change);
		if (isnan(d->delta))
			printf(" %7s\n", "-");
		else
			printf(" %6s %s\n", change, stats_change_arrow(d->delta_tenths, "^", "v", "="));
	}
}

static void print_number(double v)
{
	if (isnan(v))
		printf(" %8s", "-");
	else
		printf(" %8.6g", v);
}

static void print_metrics(const struct comparison *c)
{
	if (c->nmetrics == 0)
		return;
	printf("\n%-32s %8s %8s %8s %8s  %s\n", "METRIC", "BASELINE", "THEN", "NOW", "TARGET",
	       "STATUS");
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric_change *m = &c->metrics[i];
		const struct metric *any = m->after ? m->after : m->before;
		cli_print_text(stdout, any->name, 32);
		print_number(any->baseline);
		print_number(m->before ? metric_current(m->before) : NAN);
		print_number(m->after ? metric_current(m->after) : NAN);
		print_number(any->target);
		printf("  %s\n", m->after ? metric_status_label(m->status_after) : "not carried");
	}
}

static void print_rank_move(const struct step_change *s)
{
	if (s->rank_before && s->rank_after)
		printf("  rank %d -> %d", s->rank_before, s->rank_after);
	else if (s->rank_after)
		printf("  rank %d", s->rank_after);
}

static void print_steps(const struct comparison *c)
{
	if (c->nsteps == 0)
		return;
	printf("\nSTEPS: %zu done, %zu dropped, %zu carried on, %zu new, %zu not carried\n",
	       c->step_fates[FATE_DONE], c->step_fates[FATE_DROPPED], c->step_fates[FATE_CARRIED],
	       c->step_fates[FATE_NEW], c->step_fates[FATE_GONE]);
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct step_change *s = &c->steps[i];
		printf("  %-12s ", step_fate_name(s->fate));
		cli_print_text(stdout, (s->after ? s->after : s->before)->text, 50);
		print_rank_move(s);
		printf("\n");
	}
}

static void print_goals(const struct comparison *c)
{
	if (c->ngoals == 0)
		return;
	printf("\nGOALS: %zu added, %zu kept, %zu achieved, %zu retired, %zu not carried\n",
	       c->goal_fates[GOAL_FATE_ADDED], c->goal_fates[GOAL_FATE_KEPT],
	       c->goal_fates[GOAL_FATE_ACHIEVED], c->goal_fates[GOAL_FATE_RETIRED],
	       c->goal_fates[GOAL_FATE_GONE]);
	for (size_t i = 0; i < c->ngoals; i++) {
		const struct goal_change *g = &c->goals[i];
		printf("  %-12s ", goal_fate_name(g->fate));
		cli_print_text(stdout, (g->after ? g->after : g->before)->text, 60);
		printf("\n");
	}
}

static void print_comparison(const struct comparison *c)
{
	printf("From session %lld (iteration %d) to session %lld (iteration %d)\n\n",
	       (long long)c->before->id, c->before->iteration, (long long)c->after->id,
	       c->after->iteration);
	print_dimensions(c);
	print_metrics(c);
	print_steps(c);
	print_goals(c);
}

/* ---- as JSON ---- */

static void put_stats(const struct emitter *e, const char *key, const struct rating_stats *st)
{
	emit_key(e, key);
	emit_object(e);
	char shown[16];
	emit_key_number(e, "mean", st->count ? st->mean : NAN);
	emit_key(e, "mean_shown");
	if (stats_mean_text(st, shown, sizeof shown))
		emit_string(e, shown);
	else
		emit_null(e);
	emit_key_int(e, "rated", (long long)st->count);
	emit_key(e, "spread");
	if (st->count) {
		emit_object(e);
		emit_key_int(e, "min", st->min);
		emit_key_int(e, "max", st->max);
		emit_end(e);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

static void put_dimensions(const struct emitter *e, const struct comparison *c)
{
	emit_key(e, "dimensions");
	emit_array(e);
	for (size_t i = 0; i < c->ndims; i++) {
		const struct dimension_change *d = &c->dims[i];
		emit_object(e);
		emit_key_string(e, "key", d->key);
		emit_key_string(e, "name", d->name);
		put_stats(e, "before", &d->before);
		put_stats(e, "after", &d->after);
		emit_key_number(e, "change", d->delta);
		char shown[16];
		stats_tenths_text(d->delta_tenths, true, shown, sizeof shown);
		emit_key(e, "change_shown");
		if (isnan(d->delta))
			emit_null(e);
		else
			emit_string(e, shown);
		emit_end(e);
	}
	emit_end(e);
}

static void put_metric_side(const struct emitter *e, const char *key, const struct metric *m,
			     double progress)
{
	emit_key(e, key);
	if (m == NULL) {
		emit_null(e);
		return;
	}
	emit_object(e);
	emit_key_id(e, "id", m->id);
	emit_key_number(e, "current", metric_current(m));
	emit_key_number(e, "progress", progress);
	emit_key(e, "measurements");
	emit_array(e);
	for (size_t k = 0; k < m->nmeasurements; k++)
		emit_number(e, m->measurements[k].value);
	emit_end(e);
	emit_end(e);
}

static void put_metrics(const struct emitter *e, const struct comparison *c)
{
	emit_key(e, "metrics");
	emit_array(e);
	for (size_t i = 0; i < c->nmetrics; i++) {
		const struct metric_change *m = &c->metrics[i];
		const struct metric *any = m->after ? m->after : m->before;
		emit_object(e);
		emit_key_string(e, "name", any->name);
		emit_key_string(e, "direction", direction_name(any->direction));
		emit_key_number(e, "baseline", any->baseline);
		emit_key_number(e, "target", any->target);
		put_metric_side(e, "before", m->before, m->progress_before);
		put_metric_side(e, "after", m->after, m->progress_after);
		emit_key_string(e, "status", m->after ? metric_status_name(m->status_after) : NULL);
		emit_end(e);
	}
	emit_end(e);
}

static void put_counts(const struct emitter *e, const char *const *names, const size_t *counts,
			size_t n)
{
	emit_key(e, "counts");
	emit_object(e);
	for (size_t i = 0; i < n; i++) {
		emit_key(e, names[i]);
		emit_int(e, (long long)counts[i]);
	}
	emit_end(e);
}

static void put_steps(const struct emitter *e, const struct comparison *c)
{
	static const char *const names[STEP_FATE_COUNT] = {"new", "done", "dropped", "carried",
							   "not_carried"};
	emit_key(e, "steps");
	emit_object(e);
	put_counts(e, names, c->step_fates, STEP_FATE_COUNT);
	emit_key(e, "items");
	emit_array(e);
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct step_change *s = &c->steps[i];
		emit_object(e);
		emit_key_string(e, "text", (s->after ? s->after : s->before)->text);
		emit_key_string(e, "fate", names[s->fate]);
		emit_key_id(e, "before_id", s->before ? s->before->id : 0);
		emit_key_id(e, "after_id", s->after ? s->after->id : 0);
		emit_key(e, "rank_before");
		s->rank_before ? emit_int(e, s->rank_before) : emit_null(e);
		emit_key(e, "rank_after");
		s->rank_after ? emit_int(e, s->rank_after) : emit_null(e);
		emit_end(e);
	}
	emit_end(e);
	emit_end(e);
}

static void put_goals(const struct emitter *e, const struct comparison *c)
{
	static const char *const names[GOAL_FATE_COUNT] = {"added", "kept", "achieved",
							   "retired", "not_carried"};
	emit_key(e, "goals");
	emit_object(e);
	put_counts(e, names, c->goal_fates, GOAL_FATE_COUNT);
	emit_key(e, "items");
	emit_array(e);
	for (size_t i = 0; i < c->ngoals; i++) {
		const struct goal_change *g = &c->goals[i];
		emit_object(e);
		emit_key_string(e, "text", (g->after ? g->after : g->before)->text);
		emit_key_string(e, "fate", names[g->fate]);
		emit_end(e);
	}
	emit_end(e);
	emit_end(e);
}

static void print_comparison_json(const struct comparison *c)
{
	struct sbuf out = SBUF_INIT;
	struct json j;
	json_start(&j, &out);
	const struct emitter e = json_emitter(&j);
	emit_object(&e);
	emit_key(&e, "format");
	emit_string(&e, "improv.comparison");
	emit_key(&e, "format_version");
	emit_int(&e, 1);
	emit_key(&e, "before");
	emit_int(&e, c->before->id);
	emit_key(&e, "after");
	emit_int(&e, c->after->id);
	put_dimensions(&e, c);
	put_metrics(&e, c);
	put_steps(&e, c);
	put_goals(&e, c);
	emit_end(&e);
	fputs(sbuf_str(&out), stdout);
	sbuf_free(&out);
}

int cmd_compare(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'j')
			return cli_unknown_option("compare", argv[optind - 1]);
		json = true;
	}
	if (argc - optind != 2)
		return cli_usage("compare: give two session ids, the earlier first");
	struct error err = {0};
	struct chain chain;
	int code = 0;
	struct comparison cmp = {0};
	if (load_chain(cli, argv[optind], argv[optind + 1], &chain, &err)) {
		code = cli_fail(&err);
	} else {
		struct lineage lin = {(const struct session *const *)chain.between,
				      chain.nbetween};
		if (compare_sessions(chain.before, chain.after, &lin, date_today(), &cmp, &err))
			code = cli_fail(&err);
		else if (json)
			print_comparison_json(&cmp);
		else
			print_comparison(&cmp);
	}
	comparison_free(&cmp);
	chain_free(&chain);
	return code;
}
