/* new, list, show: making a session and looking at what is stored. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/date.h"
#include "lib/json.h"
#include "lib/mem.h"
#include "sessions/export.h"
#include "sessions/import.h"
#include "templates/template_load.h"

#define DEFAULT_TEMPLATE "learning-infrastructure"

/* ---- new ---- */

struct new_args {
	struct session_setup setup;
	const char *template_key;
	const char *from;             /* a plan or an export to start from */
	bool template_given, level_given;
	const char **names;
	size_t nnames, names_cap;
};

static int parse_new(int argc, char **argv, struct new_args *a)
{
	static const struct option options[] = {
		{"title", required_argument, NULL, 't'},
		{"org", required_argument, NULL, 'o'},
		{"unit", required_argument, NULL, 'u'},
		{"level", required_argument, NULL, 'l'},
		{"template", required_argument, NULL, 'T'},
		{"facilitator", required_argument, NULL, 'f'},
		{"participant", required_argument, NULL, 'p'},
		{"from", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	a->setup.level = LEVEL_TEAM;
	a->template_key = DEFAULT_TEMPLATE;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 't': a->setup.title = optarg; break;
		case 'o': a->setup.organization = optarg; break;
		case 'u': a->setup.unit = optarg; break;
		case 'T': a->template_key = optarg; a->template_given = true; break;
		case 'F': a->from = optarg; break;
		case 'f': a->setup.facilitator = optarg; break;
		case 'l':
			if (!level_parse(optarg, &a->setup.level))
				return cli_usage("--level is individual, team, unit or organization");
			a->level_given = true;
			break;
		case 'p':
			grow(&a->names, &a->names_cap, a->nnames + 1, sizeof *a->names);
			a->names[a->nnames++] = optarg;
			break;
		default:
			return cli_unknown_option("new", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("new: unexpected argument; give text with an option such "
				 "as --title");
	if (a->from && a->template_given)
		return cli_usage("new: the file given with --from names its template; leave out "
				 "--template");
	if (a->setup.title == NULL && a->from == NULL)
		return cli_usage("new: --title is required (or --from FILE)");
	a->setup.participants = a->names;
	a->setup.nparticipants = a->nnames;
	return 0;
}

/* With --from, the options given change what the file says, and the
 * people named join those it lists. */
static enum err_code apply_options(struct session *s, const struct new_args *a,
				   struct error *err)
{
	const struct { const char *field, *text; } fields[] = {
		{"title", a->setup.title}, {"organization", a->setup.organization},
		{"unit", a->setup.unit}, {"facilitator", a->setup.facilitator},
		{"level", a->level_given ? level_name(a->setup.level) : NULL},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].text && session_set_field(s, fields[i].field, fields[i].text, err))
			return err->code;
	for (size_t i = 0; i < a->nnames; i++)
		if (session_add_participant(s, a->names[i], err))
			return err->code;
	return ERR_OK;
}

/* The session: from the file, or from the template and the options. */
static struct session *new_session(const struct new_args *a, struct template *tpl,
				   struct error *err)
{
	struct session *s = NULL;
	if (a->from == NULL)
		return template_find(a->template_key, tpl, err) ? NULL
			: session_create(&a->setup, tpl, err);
	if (import_session(a->from, &s, err) == ERR_OK && apply_options(s, a, err) != ERR_OK) {
		session_free(s);
		s = NULL;
	}
	return s;
}

int cmd_new(struct cli *cli, int argc, char **argv)
{
	struct new_args a = {0};
	int code = parse_new(argc, argv, &a);
	struct template tpl = {0};
	struct error err = {0};
	struct session *s = NULL;
	if (code == 0 && (s = new_session(&a, &tpl, &err)) == NULL)
		code = cli_fail(&err);
	if (code == 0 && (cli_open_store(cli, CLI_CREATES, &err) ||
			  store_create_session(cli->store, s, &err)))
		code = cli_fail(&err);
	if (code == 0)
		printf("%lld\n", (long long)s->id);
	session_free(s);
	template_free(&tpl);
	free(a.names);
	return code;
}

/* ---- list ---- */

static int parse_json_flag(int argc, char **argv, bool *json, int *first_operand)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	*json = false;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'j')
			return cli_unknown_option(argv[0], argv[optind - 1]);
		*json = true;
	}
	*first_operand = optind;
	return 0;
}

static void date_of(time_t t, char out[DATE_ISO_SIZE])
{
	if (t == 0)
		snprintf(out, DATE_ISO_SIZE, "%s", "-");
	else
		date_format((long)(t / DATE_SECONDS_PER_DAY), out);
}

static void put_summary(const struct emitter *e, const struct session_summary *s)
{
	char iso[CLOCK_ISO_SIZE];
	emit_object(e);
	emit_key_int(e, "id", s->id);
	emit_key_string(e, "title", s->title);
	emit_key_string(e, "organization", *s->organization ? s->organization : NULL);
	emit_key_string(e, "unit", *s->unit ? s->unit : NULL);
	emit_key_string(e, "level", level_name(s->level));
	emit_key_string(e, "template", s->template_key);
	emit_key_id(e, "series_id", s->series_id);
	emit_key_id(e, "parent_id", s->parent_id);
	emit_key_int(e, "iteration", s->iteration);
	emit_key_string(e, "stage", stage_name(s->stage));
	emit_key_string(e, "status", session_status_name(s->status));
	emit_key_int(e, "participants", (long long)s->nparticipants);
	emit_key(e, "created_at");
	clock_format_iso(s->created_at, iso);
	emit_string(e, s->created_at ? iso : NULL);
	emit_key(e, "closed_at");
	clock_format_iso(s->closed_at, iso);
	emit_string(e, s->closed_at ? iso : NULL);
	emit_end(e);
}

static void print_list_json(const struct session_summary *list, size_t n)
{
	struct sbuf out = SBUF_INIT;
	struct json j;
	json_start(&j, &out);
	const struct emitter e = json_emitter(&j);
	emit_array(&e);
	for (size_t i = 0; i < n; i++)
		put_summary(&e, &list[i]);
	emit_end(&e);
	fputs(sbuf_str(&out), stdout);
	sbuf_free(&out);
}

static bool same_group(const struct session_summary *a, const struct session_summary *b)
{
	return strcmp(a->organization, b->organization) == 0 && strcmp(a->unit, b->unit) == 0;
}

static void print_group_heading(const struct session_summary *s)
{
	const char *org = *s->organization ? s->organization : "(no organization)";
	printf("\n");
	cli_print_text(stdout, org, 0);
	if (*s->unit) {
		printf(" / ");
		cli_print_text(stdout, s->unit, 0);
	}
	printf("\n");
}

static void print_list_table(const struct session_summary *list, size_t n)
{
	if (n == 0) {
		printf("No sessions yet. Start one with: improv new --title \"...\"\n");
		return;
	}
	printf("%6s  %-36s %4s  %-14s %-6s  %s\n", "ID", "TITLE", "ITER", "STAGE", "STATUS",
	       "CREATED");
	for (size_t i = 0; i < n; i++) {
		const struct session_summary *s = &list[i];
		if (i == 0 || !same_group(&list[i - 1], s))
			print_group_heading(s);
		char day[DATE_ISO_SIZE];
		date_of(s->created_at, day);
		printf("%6lld  ", (long long)s->id);
		cli_print_text(stdout, s->title, 36);
		printf(" %4d  %-14s %-6s  %s\n", s->iteration,
		       stage_title(s->stage, s->parent_id != 0),
		       session_status_name(s->status), day);
	}
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	bool json;
	int first;
	int code = parse_json_flag(argc, argv, &json, &first);
	if (code)
		return code;
	if (first < argc)
		return cli_usage("list: unexpected argument");
	struct error err = {0};
	struct session_summary *list = NULL;
	size_t n = 0;
	enum err_code opened = cli_open_store(cli, CLI_READS, &err);
	if (opened && opened != ERR_NOINPUT)
		return cli_fail(&err);
	/* Only the JSON says how many take part: the table reads no count. */
	const struct session_query every = {.participants = json};
	if (opened == ERR_OK && store_list_some(cli->store, &every, &list, &n, &err))
		return cli_fail(&err);
	if (json)
		print_list_json(list, n);
	else
		print_list_table(list, n);
	store_summaries_free(list, n);
	return 0;
}

/* ---- show ---- */

static void print_heading(const struct session *s)
{
	cli_print_text(stdout, s->title, 0);
	printf("  (session %lld, iteration %d", (long long)s->id, s->iteration);
	if (s->parent_id)
		printf(", after session %lld", (long long)s->parent_id);
	printf(")\n");
	if (s->organization || s->unit) {
		cli_print_text(stdout, s->organization ? s->organization : "", 0);
		printf("%s", s->organization && s->unit ? " / " : "");
		cli_print_text(stdout, s->unit ? s->unit : "", 0);
		printf("\n");
	}
	/* The template key is the file's as stored: a database edited by hand
	 * can hold anything there. */
	printf("%s level, template ", level_label(s->level));
	cli_print_text(stdout, s->template_key, 0);
	printf(", stage: %s, %s\n", stage_title(s->stage, s->parent_id != 0),
	       session_status_label(s->status));
	if (s->facilitator) {
		printf("Facilitator: ");
		cli_print_text(stdout, s->facilitator, 0);
		printf("\n");
	}
	printf("Participants (%zu):", s->nparticipants);
	for (size_t i = 0; i < s->nparticipants; i++) {
		printf(i ? ", " : " ");
		cli_print_text(stdout, s->participants[i].name, 0);
		if (!session_participant_here(s, i))
			printf(" (left; ratings counted)");
	}
	printf("\n");
}

static void print_dimensions(const struct session *s)
{
	printf("\n%-40s %5s %7s %7s\n", "DIMENSION", "MEAN", "SPREAD", "RATED");
	for (size_t i = 0; i < s->ndims; i++) {
		struct rating_stats st;
		session_dimension_stats(s, i, &st);
		cli_print_text(stdout, s->dims[i].name, 40);
		if (st.count == 0) {
			printf(" %5s %7s %7s\n", "-", "-", "0");
			continue;
		}
		char spread[16], mean[16];
		snprintf(spread, sizeof spread, "%d-%d", st.min, st.max);
		stats_mean_text(&st, mean, sizeof mean);
		printf(" %5s %7s %7zu\n", mean, spread,
		       s->dims[i].group_score != RATING_NONE ? (size_t)0 : st.count);
	}
}

static void print_counts(const struct session *s)
{
	printf("\n%zu values, %zu goals, %zu metrics, %zu steps, %zu ballots, "
	       "%zu on the parking lot\n", s->nvalues, s->ngoals, s->nmetrics, s->nsteps,
	       s->nballots, s->nparking);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	bool json;
	int first;
	int code = parse_json_flag(argc, argv, &json, &first);
	if (code)
		return code;
	if (argc - first != 1)
		return cli_usage("show: give one session id");
	struct error err = {0};
	struct session *s = NULL;
	if (cli_load_session(cli, argv[first], &s, &err))
		return cli_fail(&err);
	if (json) {
		struct sbuf out = SBUF_INIT;
		export_summary_json(s, &out);
		fputs(sbuf_str(&out), stdout);
		sbuf_free(&out);
	} else {
		print_heading(s);
		print_dimensions(s);
		print_counts(s);
	}
	session_free(s);
	return 0;
}
