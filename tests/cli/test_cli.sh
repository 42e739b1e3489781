#!/bin/sh
# End-to-end tests of the command line: what a script or a newcomer sees.
# Runs the binary named by $IMPROV against databases in a scratch folder.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)
manpage=$(cd "$(dirname "$0")/../.." && pwd)/improv.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1
unset IMPROV_DB NO_COLOR
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"

count_is() { # NAME FILE PATTERN N: N lines of FILE match PATTERN
	n=$(grep -c -- "$3" "$2")
	if [ "$n" -eq "$4" ]; then ok "$1"; else bad "$1" "got $n"; fi
}
one_error_line() { # NAME: err holds exactly one line starting "improv: "
	if [ "$(wc -l <err)" -eq 1 ] && grep -q '^improv: ' err; then ok "$1"; else bad "$1" "stderr: $(head -c 300 err)"; fi
}
unchanged() { # NAME COPY FILE
	if cmp -s "$2" "$3"; then ok "$1"; else bad "$1" "$3 was changed"; fi
}
no_neighbours() { # NAME FILE: nothing was created beside the file
	if [ ! -e "$2-wal" ] && [ ! -e "$2-shm" ] && [ ! -e "$2-journal" ]; then ok "$1"; else bad "$1" "files appeared beside $2"; fi
}

echo "== a first workshop from the command line"
expect "new prints an id" 0 "$IMPROV" new --title "Q1 review" --org Acme --participant Ana --participant "Zoë Ng"
id=$(cat out)
[ "$id" = 1 ] && ok "the first id is 1" || bad "the first id is 1" "got '$id'"
db="$work/data/improv/improv.db"
[ -f "$db" ] && ok "the database is in XDG_DATA_HOME" || bad "the database is in XDG_DATA_HOME" "no $db"
[ "$(stat -c %a "$db")" = 600 ] && ok "the database is private (0600)" || bad "mode 0600" "$(stat -c %a "$db")"
[ "$(stat -c %a "$work/data/improv")" = 700 ] && ok "its folder is private (0700)" || bad "folder 0700" "$(stat -c %a "$work/data/improv")"

expect "export gives JSON" 0 "$IMPROV" export "$id" --format json
contains "export names its format" out '"format": "improv.session"'
contains "export holds the title" out '"title": "Q1 review"'
contains "export holds a UTF-8 participant" out '"name": "Zoë Ng"'
contains "export uses the default template" out '"template": "learning-infrastructure"'
count_is "export has the default template's 11 dimensions" out '"question":' 11
for key in participants dimensions values goals metrics steps ballots parking_lot; do
	contains "export has \"$key\"" out "\"$key\": "
done

expect "list --json" 0 "$IMPROV" list --json
contains "list --json lists the session" out '"title": "Q1 review"'
expect "list" 0 "$IMPROV" list
contains "list groups by organization" out "Acme"
expect "show" 0 "$IMPROV" show "$id"
contains "show names the participants" out "Ana, Zoë Ng"
expect "show --json" 0 "$IMPROV" show "$id" --json
contains "show --json counts participants" out '"participants": 2'

expect "export -o writes a file" 0 "$IMPROV" export "$id" -o "$work/q1.json"
"$IMPROV" export "$id" >"$work/q1-stdout.json"
unchanged "the file holds what stdout shows" "$work/q1-stdout.json" "$work/q1.json"

echo "== the other export formats"
expect "export --format yaml" 0 "$IMPROV" export "$id" --format yaml
contains "yaml names its format" out 'format: "improv.session"'
contains "yaml quotes every string" out 'title: "Q1 review"'
contains "yaml holds a UTF-8 participant" out 'name: "Zoë Ng"'
contains "yaml writes empty lists as []" out 'values: []'
contains "yaml keeps the nulls" out 'closed_at: null'
expect "export --format md" 0 "$IMPROV" export "$id" --format md
contains "md opens with the title" out '# Q1 review'
contains "md names the organization" out '**Organization / unit:** Acme'
contains "md lists the participants" out '**Participants:** Ana, Zoë Ng'
for part in '## Summary' '## Current state' '| Dimension | Mean | SD | Range | Ratings | Marks |' '## Values' \
	'## Goals' '## Metrics' '## Steps' '## Ballots' '## Roadmap' '### Now (short term)' \
	'## Parking lot'; do
	contains "md has \"$part\"" out "$part"
done
if grep -q 'Since last time\|Last time' out; then bad "md of a first workshop has no comparison" "found one"; else ok "md of a first workshop has no comparison"; fi
if grep -q '| Ana | Zoë Ng |' out; then bad "md without --names shows nobody's own scores" "found a column per person"; else ok "md without --names shows nobody's own scores"; fi
expect "export --format md --names" 0 "$IMPROV" export "$id" --format md --names
contains "md --names shows a column per person" out '| Dimension | Ana | Zoë Ng | Mean | SD |'
expect "export --format csv" 0 "$IMPROV" export "$id" --format csv
for section in session participants ratings group_scores dimensions notes values goals metrics \
	measurements steps ballots ballot_results parking_lot; do
	contains "csv has the $section section" out "# $section"
done
contains "csv quotes a name with a comma" out '"Culture: sharing, trust, considered risk"'
umask 022
for f in yaml md csv; do
	expect "export --format $f -o writes a file" 0 "$IMPROV" export "$id" --format $f -o "$work/q1.$f"
	[ ! -s out ] && ok "$f -o prints nothing" || bad "$f -o prints nothing" "$(head -c 100 out)"
	[ "$(stat -c %a "$work/q1.$f")" = 600 ] && ok "$f -o file is private (0600)" || bad "$f 0600" "$(stat -c %a "$work/q1.$f")"
	"$IMPROV" export "$id" --format $f >"$work/q1-stdout.$f"
	unchanged "$f -o holds what stdout shows" "$work/q1-stdout.$f" "$work/q1.$f"
done
ls "$work" | grep -q 'q1\..*\.' && bad "-o leaves no temporary file" "$(ls "$work")" || ok "-o leaves no temporary file"
chmod 0644 "$work/q1.md"
expect "-o replaces an existing file with --force" 0 "$IMPROV" export "$id" --format md -o "$work/q1.md" --force
unchanged "-o replaced the whole file" "$work/q1-stdout.md" "$work/q1.md"
mkdir "$work/locked" && chmod 0500 "$work/locked"
if [ "$(id -u)" != 0 ]; then
	expect "-o into a folder it cannot write is an I/O error" 74 "$IMPROV" export "$id" --format csv -o "$work/locked/q1.csv"
	one_error_line "-o unwritable: one line"
fi
expect "-o into a missing folder is an I/O error" 74 "$IMPROV" export "$id" --format csv -o "$work/nowhere/q1.csv"
one_error_line "-o missing folder: one line"
expect "a check-in of the workshop" 0 "$IMPROV" checkin "$id"
cid=$(cat out)
expect "export --format md of a check-in" 0 "$IMPROV" export "$cid" --format md
contains "md of a check-in shows last time" out '| Mean | SD | Range | Ratings | Last time | Change | Marks |'
contains "md of a check-in says what changed" out '## Since last time'
contains "md of a check-in names the iteration before" out 'Compared with iteration 1, Q1 review.'
expect "export --format yaml of a check-in" 0 "$IMPROV" export "$cid" --format yaml
contains "yaml of a check-in names its parent" out "parent_id: $id"

echo "== mistakes get one line and the right status"
expect "no title is a usage error" 2 "$IMPROV" new --org Acme
one_error_line "no title: one line"
expect "an unknown command is a usage error" 2 "$IMPROV" frobnicate
one_error_line "unknown command: one line"
expect "a bad id is a usage error" 2 "$IMPROV" show seven
expect "a missing session is missing input" 66 "$IMPROV" show 999
one_error_line "missing session: one line"
expect "an unknown template is missing input" 66 "$IMPROV" new --title X --template nosuch
expect "a template key with a path is refused" 2 "$IMPROV" new --title X --template ../etc
expect "an unknown format is a usage error" 2 "$IMPROV" export "$id" --format docx
contains "an unknown format: names the formats" err "formats: json, yaml, md, html, csv"
expect "a bad level is a usage error" 2 "$IMPROV" new --title X --level galaxy
expect "invalid UTF-8 is bad data" 65 "$IMPROV" new --title "$(printf 'bad \377 byte')"
expect "no terminal: the screen says what works instead" 2 "$IMPROV"
contains "no terminal: names the commands" err "needs a terminal"
expect "--version" 0 "$IMPROV" --version
contains "--version prints a version" out "improv "
expect "--help" 0 "$IMPROV" --help
contains "--help lists export" out "improv export"
expect "templates" 0 "$IMPROV" templates
for t in learning-infrastructure learning-organization performance-ecosystem; do
	contains "templates lists $t" out "$t"
done
expect "themes" 0 "$IMPROV" themes
for t in projector-light dark high-contrast monochrome; do
	contains "themes lists $t" out "$t"
done
contains "themes names each theme" out "Projector, light"
contains "themes says which theme has no colours" out "Monochrome (no colours)"
contains "themes shows each theme's lowest contrast" out "Projector, light (lowest contrast 4.6:1, bad)"
expect "themes takes no arguments" 2 "$IMPROV" themes dark
one_error_line "themes with an argument: one line"
mkdir -p "$work/config/improv/themes"
printf 'theme: ours\nroles:\n  text: {fg: purple}\n' >"$work/config/improv/themes/ours.yaml"
expect "themes lists the others beside a broken one" 0 "$IMPROV" themes
contains "themes shows where a theme is broken" out "ours.yaml:3:14: roles.text.fg:"
contains "themes still lists the shipped ones" out "High contrast"
printf 'theme: faded\nroles:\n  text: {fg: black, bg: white}\n  hint: {fg: yellow, bg: white}\n' \
	>"$work/config/improv/themes/faded.yaml"
expect "themes lists a theme that fades" 0 "$IMPROV" themes
contains "themes names a faded theme's weakest role and ratio" out "faded (lowest contrast 1.3:1, hint: below 4.5:1)"
rm -r "$work/config/improv/themes"

echo "== hostile text never reaches the terminal raw"
esc=$(printf '\033')
expect "a title with escape sequences is stored" 0 "$IMPROV" new --title "$(printf 'x\033]0;owned\007\033[2J\302\233y\342\200\256z')"
hid=$(cat out)
for cmd in "list" "show $hid"; do
	# shellcheck disable=SC2086
	"$IMPROV" $cmd >out 2>&1
	if grep -q "$esc" out || grep -q "$(printf '\007')" out || grep -q "$(printf '\342\200\256')" out; then
		bad "$cmd prints no raw control or bidi character" "found one"
	else
		ok "$cmd prints no raw control or bidi character"
	fi
done
"$IMPROV" export "$hid" >out
if grep -q "$esc" out || grep -q "$(printf '\342\200\256')" out; then bad "export escapes control and bidi characters" "raw"; else ok "export escapes control and bidi characters"; fi
contains "export keeps the text as escapes" out '\u001b]0;owned\u0007'
for f in yaml md csv; do
	"$IMPROV" export "$hid" --format $f >out
	if grep -q "$esc" out || grep -q "$(printf '\007')" out || grep -q "$(printf '\302\233')" out ||
		grep -q "$(printf '\342\200\256')" out; then
		bad "$f export escapes control and bidi characters" "raw"
	else
		ok "$f export escapes control and bidi characters"
	fi
done
"$IMPROV" export "$hid" --format md >out
contains "md shows the escapes literally" out 'x\\x1b\]0;owned\\x07\\x1b\[2J\\u{009B}y\\u{202E}z'
"$IMPROV" export "$hid" --format csv >out
contains "csv shows the escapes" out 'x\x1b]0;owned\x07\x1b[2J\u{009B}y\u{202E}z'

echo "== files that are not ours are never written"
printf 'this is not a database\n' >garbage.db
cp garbage.db garbage.copy
expect "a garbage file is refused" 65 "$IMPROV" --db garbage.db list
one_error_line "garbage: one line"
unchanged "garbage: bytes unchanged" garbage.copy garbage.db
no_neighbours "garbage: nothing created beside it" garbage.db
expect "a garbage file is refused by new too" 65 "$IMPROV" --db garbage.db new --title T
unchanged "garbage: still unchanged after new" garbage.copy garbage.db

cp "$db" whole.db
"$IMPROV" --db whole.db list >/dev/null 2>&1
size=$(stat -c %s whole.db)
head -c $((size / 2)) whole.db >truncated.db
cp truncated.db truncated.copy
expect "a truncated database is refused" 65 "$IMPROV" --db truncated.db list
one_error_line "truncated: one line"
contains "truncated: says so" err "truncated"
unchanged "truncated: bytes unchanged" truncated.copy truncated.db
no_neighbours "truncated: nothing created beside it" truncated.db

cp whole.db newer.db
sqlite3 newer.db "PRAGMA user_version = 99" && sqlite3 newer.db "PRAGMA journal_mode = DELETE" >/dev/null
cp newer.db newer.copy
expect "a newer schema is refused as busy" 69 "$IMPROV" --db newer.db list
one_error_line "newer: one line"
contains "newer: says so" err "newer improv"
unchanged "newer: bytes unchanged" newer.copy newer.db
expect "a newer schema is refused by new" 69 "$IMPROV" --db newer.db new --title T
unchanged "newer: still unchanged after new" newer.copy newer.db

sqlite3 other.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
cp other.db other.copy
expect "another program's SQLite file is refused" 65 "$IMPROV" --db other.db list
unchanged "other SQLite: bytes unchanged" other.copy other.db

expect "IMPROV_DB chooses the database" 0 env IMPROV_DB="$work/env.db" "$IMPROV" new --title "From env"
[ -f "$work/env.db" ] && ok "IMPROV_DB file exists" || bad "IMPROV_DB file exists" "missing"
expect "list on a missing database is empty, not an error" 0 "$IMPROV" --db "$work/none.db" list
[ ! -e "$work/none.db" ] && ok "list creates no database" || bad "list creates no database" "created"

echo "== a check-in next quarter, and what changed since"
# The command line cannot rate, vote or add steps: what the workshop screen
# would have stored is written with sqlite3, as a facilitator's quarter.
sdb="$work/series.db"
now=2026-04-01T10:00:00Z
series() { env IMPROV_NOW="$now" "$IMPROV" --db "$sdb" "$@"; }
rate() { # SESSION DIMENSION PARTICIPANT SCORE
	sqlite3 "$sdb" "INSERT INTO ratings SELECT d.id, p.id, $4 FROM dimensions d
		JOIN participants p ON p.session_id = d.session_id
		WHERE d.session_id = $1 AND d.key = '$2' AND p.name = '$3'"
}
matches() { # NAME FILE ERE
	if grep -qE -- "$3" "$2"; then ok "$1"; else bad "$1" "$2 has no line like '$3'"; fi
}
expect "series: the first workshop" 0 series new --title "Q1: how Sales learns" --org Acme --unit Sales --participant Ana --participant Bo
first=$(cat out)
# Culture 2 and 4; tools a group score of 2; policies rated by Ana alone.
rate "$first" culture Ana 2
rate "$first" culture Bo 4
rate "$first" policies Ana 3
sqlite3 "$sdb" <<EOF
UPDATE dimensions SET group_score = 2 WHERE session_id = $first AND key = 'tools';
INSERT INTO goals (session_id, position, text, dimension, status) VALUES
	($first, 0, 'Answers within a day', 'tools', 'active'),
	($first, 1, 'A learning budget', NULL, 'active');
INSERT INTO metrics (session_id, position, goal_id, name, unit, direction, baseline,
	baseline_date, target, target_date) VALUES ($first, 0,
	(SELECT id FROM goals WHERE session_id = $first AND position = 0),
	'Questions answered within a day', '%', 'up', 40, '2026-01-01', 70, '2026-12-31');
INSERT INTO measurements (metric_id, value, taken_on) VALUES
	((SELECT id FROM metrics WHERE session_id = $first), 55, '2026-03-01');
INSERT INTO steps (session_id, position, text, horizon, status, points, rank) VALUES
	($first, 0, 'Pilot show-and-tell', 'short', 'planned', 5, 1),
	($first, 1, 'Answers wiki', 'medium', 'done', 3, 2),
	($first, 2, 'Monthly retro', 'medium', 'doing', 2, 3),
	($first, 3, 'Coaching circles', 'short', 'dropped', NULL, NULL);
EOF
series export "$first" >first-before.json
expect "checkin prints an id" 0 series checkin "$first"
second=$(cat out)
case $second in
'' | *[!0-9]*) bad "checkin prints only the new id" "got '$second'" ;;
*) [ "$second" -gt "$first" ] && ok "checkin prints only the new id" || bad "checkin prints only the new id" "got '$second'" ;;
esac
series export "$first" >first-after.json
unchanged "the parent's export is byte for byte the same after the check-in" first-before.json first-after.json
expect "export of the check-in" 0 series export "$second"
contains "the check-in names its parent" out "\"parent_id\": $first,"
contains "the check-in is iteration 2" out '"iteration": 2,'
contains "the check-in opens on the review of last time" out '"stage": "setup",'
contains "the check-in shows last time's mean" out '"previous_mean": 3.0,'
contains "the check-in shows last time's group score" out '"previous_mean": 2.0,'
# Two participants, two goals, one metric and the two steps still to do.
count_is "every copied row names its origin" out '"origin_id": [0-9]' 7
contains "the check-in carries the steps still to do" out '"text": "Monthly retro"'
if grep -qF '"text": "Answers wiki"' out || grep -qF '"text": "Coaching circles"' out; then
	bad "steps done or dropped stay behind" "carried"
else
	ok "steps done or dropped stay behind"
fi

# Next quarter: culture 4 and 5, tools 3 and 3, the pilot done, the budget
# achieved, 64 % answered.
rate "$second" culture Ana 4
rate "$second" culture Bo 5
rate "$second" tools Ana 3
rate "$second" tools Bo 3
sqlite3 "$sdb" <<EOF
UPDATE steps SET status = 'done' WHERE session_id = $second AND text = 'Pilot show-and-tell';
UPDATE goals SET status = 'achieved' WHERE session_id = $second AND text = 'A learning budget';
INSERT INTO measurements (metric_id, value, taken_on) VALUES
	((SELECT id FROM metrics WHERE session_id = $second), 64, '2026-06-01');
EOF
now=2026-07-02
expect "compare A B" 0 series compare "$first" "$second"
contains "compare names both iterations" out "From session $first (iteration 1) to session $second (iteration 2)"
matches "compare: culture 3.0 (2-4) to 4.5 (4-5), up 1.5" out '^Culture[^0-9]* 3\.0 +2-4 +4\.5 +4-5 +\+1\.5 \^$'
matches "compare: tools from the group's 2.0 to 3.0, up 1.0" out '^Tools[^0-9]* 2\.0 +2-2 +3\.0 +3-3 +\+1\.0 \^$'
matches "compare: policies rated once has no change" out '^Policies +3\.0 +3-3 +- +-$'
matches "compare: the metric from 55 to 64 of 40 to 70, on track" out '^Questions answered within a day +40 +55 +64 +70 +On track$'
contains "compare counts the steps" out "STEPS: 2 done, 1 dropped, 1 carried on, 0 new, 0 not carried"
contains "compare counts the goals" out "GOALS: 0 added, 1 kept, 1 achieved, 0 retired, 0 not carried"
expect "compare A B --json" 0 series compare "$first" "$second" --json
contains "compare --json names its format" out '"format": "improv.comparison",'
contains "compare --json: before" out "\"before\": $first,"
contains "compare --json: after" out "\"after\": $second,"
contains "compare --json: culture up 1.5" out '"change": 1.5'
contains "compare --json: tools up 1.0" out '"change": 1.0'
contains "compare --json: culture now 4.5" out '"mean": 4.5,'
contains "compare --json: progress was a half" out '"progress": 0.5,'
contains "compare --json: progress is 0.8" out '"progress": 0.8,'
contains "compare --json: on track" out '"status": "on_track"'
for count in '"done": 2' '"dropped": 1' '"carried": 1' '"new": 0' '"kept": 1' '"achieved": 1' '"added": 0'; do
	contains "compare --json counts $count" out "$count"
done

expect "a second check-in" 0 series checkin "$second"
third=$(cat out)
expect "compare across three iterations" 0 series compare "$first" "$third"
contains "compare across three: the pilot done in between counts as done" out "STEPS: 2 done, 1 dropped, 1 carried on, 0 new, 0 not carried"
matches "compare across three: culture not rated yet" out '^Culture[^0-9]* 3\.0 +2-4 +- +-$'
matches "compare across three: the metric's measurements came along" out '^Questions answered within a day +40 +55 +64 +70 '
expect "compare across three --json" 0 series compare "$first" "$third" --json
contains "compare across three --json: done 2" out '"done": 2'

echo "== check-in and compare refuse what makes no sense"
expect "compare of a session with itself is a usage error" 2 series compare "$second" "$second"
one_error_line "compare with itself: one line"
expect "compare with the later session first is a usage error" 2 series compare "$second" "$first"
one_error_line "compare later first: one line"
expect "series: a workshop of another team" 0 series new --title "Q1" --org Beta
other=$(cat out)
expect "compare of sessions from different series is bad data" 65 series compare "$first" "$other"
one_error_line "different series: one line"
expect "compare of a missing session is missing input" 66 series compare "$first" 999
one_error_line "compare missing: one line"
expect "compare with one id is a usage error" 2 series compare "$first"
expect "a second check-in of the same session is refused" 65 series checkin "$first"
one_error_line "second check-in: one line"
contains "second check-in: names the one to follow" err "already has its check-in"
expect "checkin of a missing id is missing input" 66 series checkin 999
one_error_line "checkin missing: one line"
expect "checkin of a bad id is a usage error" 2 series checkin seven
expect "checkin on a missing database is missing input" 66 "$IMPROV" --db "$work/nothing-here.db" checkin 1
[ ! -e "$work/nothing-here.db" ] && ok "checkin creates no database" || bad "checkin creates no database" "created"
unset now

echo "== import reads an export back as a new session"
idb="$work/import.db"
imp() { "$IMPROV" --db "$idb" "$@"; }
count_sessions() { imp list --json | grep -c '"title":'; }
without_ids() { sed -E '/"(id|[a-z_]+_id|created_at|closed_at)":/d' "$1"; }
expect "import: a workshop to export" 0 imp new --title "Zoë's workshop" --org Acme --participant Ana --participant "日本語"
src=$(cat out)
imp export "$src" >"$work/a.json"
expect "import of an export prints an id" 0 imp import "$work/a.json"
copy=$(cat out)
case $copy in
''|*[!0-9]*) bad "import prints a new id" "got '$copy'" ;;
*) [ "$copy" != "$src" ] && ok "import prints a new id" || bad "import prints a new id" "got '$copy'" ;;
esac
imp export "$copy" >"$work/b.json"
without_ids "$work/a.json" >"$work/a.trim"
without_ids "$work/b.json" >"$work/b.trim"
unchanged "the import exports as the file it came from, ids and times aside" "$work/a.trim" "$work/b.trim"
imp export "$src" --format yaml >"$work/a.yaml"
expect "import of a YAML export prints an id" 0 imp import "$work/a.yaml"
imp export "$(cat out)" >"$work/c.json"
without_ids "$work/c.json" >"$work/c.trim"
unchanged "the YAML import is the same session" "$work/a.trim" "$work/c.trim"
before=$(count_sessions)
sed 's/"iteration": 1,/"iteration": "1",/' "$work/a.json" >"$work/broken.json"
expect "import of a broken file is bad data" 65 imp import "$work/broken.json"
one_error_line "broken import: one line"
if grep -qE "^improv: $work/broken\.json:[0-9]+:[0-9]+: session\.iteration: a whole number, not a string\$" err; then
	ok "broken import: says file:line:col, where and what"
else
	bad "broken import: says file:line:col, where and what" "$(head -c 300 err)"
fi
[ "$(count_sessions)" = "$before" ] && ok "broken import: no session was added" || bad "broken import: no session was added" "$before before, $(count_sessions) after"
expect "import of a missing file is missing input" 66 imp import "$work/no-such.json"
one_error_line "missing import: one line"
expect "import of a missing file on a missing database" 66 "$IMPROV" --db "$work/never.db" import "$work/no-such.json"
[ ! -e "$work/never.db" ] && ok "a failed import creates no database" || bad "a failed import creates no database" "created"
expect "import without a file is a usage error" 2 imp import

echo "== new --from: a workshop from a plan that names its template"
cat >"$work/plan.yaml" <<'PLAN'
template: learning-infrastructure
session: {title: Q2 plan, organization: Acme}
participants: [{name: Ana}, {name: Bo}]
dimensions:
  - key: culture
    ratings: [{participant: Ana, score: 3}, {participant: Bo, score: 4}]
  - key: tools
PLAN
expect "new --from a plan prints an id" 0 imp new --from "$work/plan.yaml" --title "Q2 from the plan" --participant Cy
plan_id=$(cat out)
expect "the plan's session exports" 0 imp export "$plan_id"
contains "the option's title wins over the plan's" out '"title": "Q2 from the plan"'
contains "the template names the plan's dimension" out '"name": "Culture: sharing, trust, considered risk"'
contains "the plan's ratings are there" out '"mean": 3.5'
contains "the template gives the timeboxes" out '"steps": 30'
contains "a participant named with --from joins the plan's" out '"name": "Cy"'
count_is "only the plan's two dimensions" out '"question":' 2
expect "import reads the plan too" 0 imp import "$work/plan.yaml"
printf 'template: learning-infrastructure\ndimensions:\n  - key: cultur\n' >"$work/bad-plan.yaml"
expect "a plan with an unknown dimension key is bad data" 65 imp new --from "$work/bad-plan.yaml"
one_error_line "a bad plan: one line"
contains "a bad plan: says file:line:col, where and what" err "bad-plan.yaml:3:10: dimensions[1].key: \"cultur\" is not a dimension of template learning-infrastructure"
expect "new --from with --template is a usage error" 2 imp new --from "$work/plan.yaml" --template learning-organization
expect "new --from a missing file is missing input" 66 imp new --from "$work/no-plan.yaml"

echo "== damaged files are refused and never written; the doctor checks, backs up and restores"
ddir="$work/doctor"
ddb="$ddir/improv.db"
mkdir -p "$ddir"
doc() { "$IMPROV" --db "$ddb" "$@"; }
expect "doctor: a first workshop" 0 doc new --title "Kept safe" --org Acme --participant Ana
expect "doctor: a second workshop" 0 doc new --title "Also kept" --org Acme
expect "doctor on a sound database" 0 doc doctor
contains "doctor says ok" out "$ddb: ok"
matches "doctor names the schema, counts the sessions and gives the size" out '^  schema [0-9]+, 2 sessions, [0-9]+ KiB$'
contains "doctor names the backup it wrote" out "  backup written: $ddb.schema"
contains "doctor lists the backups" out "backups beside it, newest first:"
dbak=$(sed -n 's/^  backup written: //p' out)
[ -f "$dbak" ] && ok "the backup is there" || bad "the backup is there" "no '$dbak'"
[ "$(stat -c %a "$dbak")" = 600 ] && ok "the backup is private (0600)" || bad "backup 0600" "$(stat -c %a "$dbak")"
[ "$(sqlite3 "file:$dbak?immutable=1" 'PRAGMA integrity_check')" = ok ] && ok "the backup passes SQLite's integrity check" || bad "the backup is sound" "integrity_check failed"
cp "$dbak" "$work/backup-copy.db"
expect "the backup lists its sessions" 0 "$IMPROV" --db "$work/backup-copy.db" list
contains "the backup holds the first workshop" out "Kept safe"
contains "the backup holds the second workshop" out "Also kept"

sh "$fixtures/damage.sh" "$ddb" "$work/damaged" && ok "the damaged fixtures are made" || bad "the damaged fixtures are made" "damage.sh failed"
tsock="$work/tmux.sock"
# screen_refuses NAME DB STATUS: the workshop screen, in tmux at 100x30,
# shows one line starting "improv: " and exits with STATUS
screen_refuses() {
	rm -f "$work/screen.done"
	tmux -S "$tsock" new-session -d -s doctor -x 100 -y 30 \
		"'$IMPROV' --db '$2'; echo \"exit status \$?\"; touch '$work/screen.done'; sleep 30"
	for _ in $(seq 100); do
		[ -e "$work/screen.done" ] && break
		sleep 0.1
	done
	tmux -S "$tsock" capture-pane -p -J -t doctor >screen 2>/dev/null
	tmux -S "$tsock" kill-session -t doctor 2>/dev/null
	for _ in $(seq 50); do     # the server ends with its last session
		tmux -S "$tsock" ls >/dev/null 2>&1 || break
		sleep 0.1
	done
	if [ "$(grep -c '^improv: ' screen)" -eq 1 ] && grep -qx "exit status $3" screen; then
		ok "$1"
	else
		bad "$1" "$(grep -v '^$' screen | head -c 300)"
	fi
}
for kind in truncated zeroed-header flipped-page not-a-database newer-schema; do
	dmg="$work/damaged/$kind.db"
	cp "$dmg" "$work/damaged/$kind.orig"
	case $kind in
	truncated) want=65 says="damaged (truncated" doctor_says="damaged: truncated" ;;
	zeroed-header) want=65 says="damaged (its header is all zeros)" doctor_says="damaged: its header is all zeros" ;;
	flipped-page) want=65 says="is damaged (" doctor_says="(sessions): not a valid page" ;;
	not-a-database) want=65 says="not an improv database (not SQLite at all)" doctor_says="not an improv database: not SQLite at all" ;;
	newer-schema) want=69 says="made by a newer improv (schema 99" doctor_says="made by a newer improv: schema 99" ;;
	esac
	for cmd in list "show 1" "export 1" "new --title Never"; do
		# shellcheck disable=SC2086
		expect "$kind: $cmd is refused" $want "$IMPROV" --db "$dmg" $cmd
		one_error_line "$kind: $cmd: one line"
		contains "$kind: $cmd says what is wrong" err "$says"
		[ $kind = newer-schema ] || contains "$kind: $cmd says to run the doctor" err "run 'improv doctor'"
	done
	screen_refuses "$kind: the workshop screen says one line and exits $want" "$dmg" $want
	unchanged "$kind: every byte is as it was" "$work/damaged/$kind.orig" "$dmg"
	no_neighbours "$kind: nothing is left beside it" "$dmg"
	expect "$kind: doctor reports it" $want "$IMPROV" --db "$dmg" doctor
	contains "$kind: doctor says what is wrong" out "$doctor_says"
	unchanged "$kind: doctor writes nothing to it" "$work/damaged/$kind.orig" "$dmg"
	if ls "$work/damaged" | grep -q "^$kind\.db\.schema"; then bad "$kind: doctor makes no backup of it" "one was written"; else ok "$kind: doctor makes no backup of it"; fi
	case $kind in flipped-page) ;; *) no_neighbours "$kind: doctor leaves nothing beside it" "$dmg" ;; esac
done

cp "$work/damaged/flipped-page.orig" "$ddb"
expect "doctor on the damaged database" 65 doc doctor
contains "doctor shows SQLite's words too" out "(SQLite: "
contains "doctor says it wrote nothing" out "nothing was written to it, and no backup was made of it"
contains "doctor shows how to put the newest backup back" out "improv --db $ddb doctor --restore $dbak"
expect "doctor --restore puts the backup back" 0 doc doctor --restore "$dbak"
matches "restore counts the sessions it put back" out ': schema [0-9]+, 2 sessions$'
contains "restore names both files" out "restored $ddb from $dbak"
daside=$(sed -n 's/^the damaged file is kept as //p' out)
case $daside in "$ddb.damaged."*) ok "the damaged file is kept as <db>.damaged.<time>" ;; *) bad "the damaged file is kept as <db>.damaged.<time>" "'$daside'" ;; esac
unchanged "the damaged file is kept byte for byte" "$work/damaged/flipped-page.orig" "$daside"
[ "$(stat -c %a "$ddb")" = 600 ] && ok "the restored database is private (0600)" || bad "restored 0600" "$(stat -c %a "$ddb")"
if ls "$ddir" | grep -q '\.tmp\.'; then bad "restore leaves no temporary file" "$(ls "$ddir")"; else ok "restore leaves no temporary file"; fi
expect "the restored database is sound" 0 doc doctor
expect "list after the restore" 0 doc list
contains "the first workshop is back" out "Kept safe"
contains "the second workshop is back" out "Also kept"
expect "restore over a sound database is refused" 2 doc doctor --restore "$dbak"
one_error_line "restore over a sound database: one line"
cp "$work/damaged/truncated.orig" "$ddb"
for kind in truncated zeroed-header flipped-page not-a-database; do
	expect "restore from a $kind backup is refused" 65 doc doctor --restore "$work/damaged/$kind.orig"
	one_error_line "restore from a $kind backup: one line"
	unchanged "restore from a $kind backup changes nothing" "$work/damaged/truncated.orig" "$ddb"
done
expect "restore from a missing backup is missing input" 66 doc doctor --restore "$ddir/nothing.bak"
expect "doctor with an unknown option is a usage error" 2 doc doctor --fix
expect "doctor on a missing database is missing input" 66 "$IMPROV" --db "$work/none/improv.db" doctor
one_error_line "doctor on a missing database: one line"
[ ! -e "$work/none" ] && ok "doctor creates no database" || bad "doctor creates no database" "created"
"$IMPROV" --help >"$work/help"
contains "--help lists doctor" "$work/help" "improv doctor [--restore BACKUP | --remove-foreign]"

echo "== global options stand before the command; an option's value is never one"
mkdir "$work/globals" && cd "$work/globals" || exit 1
expect "new with --db as the facilitator's name" 0 "$IMPROV" --db mine.db new --title Q1 --facilitator --db --participant Ana
[ "$(ls | grep -vx 'out\|err')" = mine.db ] && ok "the session went to --db's file, and no other file was made" || bad "only mine.db" "$(ls | tr '\n' ' ')"
expect "the session is in mine.db" 0 "$IMPROV" --db mine.db show 1
contains "the facilitator is the text --db" out "Facilitator: --db"
contains "the participant is Ana" out "Participants (1): Ana"
expect "values that look like global options are values" 0 "$IMPROV" --db mine.db new --title --theme --org --no-color --unit --db=x
expect "they are stored as typed" 0 "$IMPROV" --db mine.db show 2
contains "the title is --theme" out "--theme  (session 2"
contains "the organization and unit are --no-color / --db=x" out "--no-color / --db=x"
expect "IMPROV_DB with --db as a value" 0 env IMPROV_DB=env.db "$IMPROV" new --title T --facilitator --db --participant other.db
[ -f env.db ] && [ ! -e other.db ] && [ ! -e ./--participant ] && ok "IMPROV_DB's file got the session, no other" || bad "IMPROV_DB's file got it" "$(ls | tr '\n' ' ')"
expect "--db comes before IMPROV_DB" 0 env IMPROV_DB=env.db "$IMPROV" --db mine.db list --json
contains "--db's sessions are listed" out '"title": "--theme"'
expect "--db=FILE works too" 0 "$IMPROV" --db=mine.db list
expect "-- ends the global options" 0 "$IMPROV" --db mine.db --no-color -- list
contains "-- then the command" out "Q1"
expect "--db after the command is a usage error" 2 "$IMPROV" list --db other.db
one_error_line "--db after the command: one line"
contains "it says where --db goes" err "list: --db goes before the command: improv --db FILE list"
expect "--theme after the command is a usage error" 2 "$IMPROV" --db mine.db export 1 --theme dark
expect "--no-color after new is a usage error" 2 "$IMPROV" --db mine.db new --title T --no-color
[ ! -e other.db ] && ok "no database was made for an option after the command" || bad "no other.db" "made"
expect "--db without a value is a usage error" 2 "$IMPROV" --db
expect "--db followed by an option is a usage error" 2 "$IMPROV" --db --no-color list
one_error_line "--db followed by an option: one line"
[ ! -e ./--no-color ] && ok "no database named --no-color" || bad "no database named --no-color" "made"
expect "an empty --db= is a usage error" 2 "$IMPROV" --db= list
expect "an unknown option before the command is a usage error" 2 "$IMPROV" --bogus list
contains "it names the global options" err "--db FILE, --theme NAME, --no-color and --listen"
cd "$work" || exit 1

echo "== a result that cannot be written is an I/O error"
gdb="$work/globals/mine.db"
"$IMPROV" --db "$gdb" checkin 1 >/dev/null
printf 'format: "improv.session"\n' >"$work/bad-import.yaml"
"$IMPROV" --db "$gdb" export 1 --format yaml >"$work/good-import.yaml"
# expect_unwritten NAME HOW CMD...: CMD's standard output is HOW (full or closed)
expect_unwritten() {
	name=$1 how=$2
	shift 2
	if [ "$how" = full ]; then "$@" >/dev/full 2>err </dev/null; else "$@" >&- 2>err </dev/null; fi
	got=$?
	if [ "$got" -eq 74 ]; then ok "$name"; else bad "$name" "status $got, wanted 74; $(head -c 300 err)"; fi
	one_error_line "$name: one line"
}
# IMPROV_STDOUT_CASES: which of the two to try (a program run under
# valgrind cannot be given a closed standard output: valgrind fills it).
stdout_cases=${IMPROV_STDOUT_CASES:-full closed}
[ "$stdout_cases" = "full closed" ] || echo "(standard output tried only as: $stdout_cases)"
for how in $stdout_cases; do
	[ "$how" = full ] && [ ! -c /dev/full ] && continue
	for cmd in "list" "list --json" "show 1" "show 1 --json" "export 1" "export 1 --format yaml" \
		"export 1 --format md" "export 1 --format csv" "export 1 -o -" "compare 1 3" \
		"compare 1 3 --json" "templates" "themes" "--help" "--version" "doctor" \
		"new --title Unprinted" "import $work/good-import.yaml"; do
		# shellcheck disable=SC2086
		expect_unwritten "$cmd to a $how standard output" "$how" "$IMPROV" --db "$gdb" $cmd
	done
	fresh=$("$IMPROV" --db "$gdb" new --title "To check in")
	expect_unwritten "checkin to a $how standard output" "$how" "$IMPROV" --db "$gdb" checkin "$fresh"
	if [ "$how" = closed ]; then
		contains "a closed standard output is named" err "standard output is closed"
	fi
done
"$IMPROV" --db "$gdb" export 1 -o "$work/written-anyway.json" >&- 2>err
[ $? -eq 0 ] && [ -s "$work/written-anyway.json" ] && ok "export -o needs no standard output" || bad "export -o needs no standard output" "$(cat err)"
expect "a command that fails says only its own error" 65 sh -c "'$IMPROV' --db '$gdb' import '$work/bad-import.yaml' >/dev/full"
one_error_line "a failed import to /dev/full: one line"

echo "== -o never writes over a database, and replaces a file only with --force"
odb="$work/exports/keep.db"
mkdir "$work/exports" && cd "$work/exports" || exit 1
o() { "$IMPROV" --db "$odb" "$@"; }
o new --title "Candid notes" --participant Ana >/dev/null && o new --title "More notes" >/dev/null
cp "$odb" "$work/keep.copy"
ln "$odb" hard.db
ln -s "$odb" soft.db
for target in "$odb" keep.db ./keep.db "../exports/keep.db" "$odb-wal" "$odb-shm" "$odb-journal" hard.db soft.db; do
	for force in "" --force; do
		expect "-o $target $force is refused" 2 o export 1 -o "$target" $force
		one_error_line "-o $target $force: one line"
	done
done
contains "it says why" err "is the database itself"
unchanged "the database is as it was" "$work/keep.copy" "$odb"
[ ! -e "$odb-journal" ] && ok "no journal was written beside it" || bad "no journal beside it" "one appeared"
expect "both sessions are still there" 0 o list --json
[ "$(grep -c '"title":' out)" -eq 2 ] && ok "list shows both sessions" || bad "both sessions" "$(cat out)"
cp "$work/keep.copy" other.db
cp other.db other.copy
expect "-o over another SQLite database is refused even with --force" 2 o export 1 -o other.db --force
contains "it says the file holds SQLite data" err "holds SQLite data"
unchanged "the other database is as it was" other.copy other.db
printf '\067\177\006\202\000\055\342\030' >other.db-wal
expect "-o over a write-ahead log is refused" 2 o export 1 -o other.db-wal --force
expect "-o naming a folder is refused" 2 o export 1 -o "$work/exports" --force
contains "it says it is a folder" err "is a folder"
expect "-o with an empty name is refused" 2 o export 1 -o ""
printf 'last quarter\n' >report.md
cp report.md report.copy
chmod 0640 report.md
expect "-o over an existing file is refused" 2 o export 1 --format md -o report.md
one_error_line "-o over an existing file: one line"
contains "it names --force" err "--force replaces it"
unchanged "the existing file is as it was" report.copy report.md
expect "--force replaces it" 0 o export 1 --format md -o report.md --force
contains "it holds the export" report.md "# Candid notes"
[ "$(stat -c %a report.md)" = 640 ] && ok "a replaced file keeps its mode" || bad "a replaced file keeps its mode" "$(stat -c %a report.md)"
printf 'shared\n' >shared.md
chmod 0644 shared.md
ln -s shared.md latest.md
expect "-o through a symbolic link is refused" 2 o export 1 -o latest.md
contains "it says it is a link" err "is a symbolic link; --force replaces the file it names"
[ -L latest.md ] && [ "$(cat shared.md)" = shared ] && ok "the link and its file are as they were" || bad "link kept" "changed"
expect "--force through a link replaces the file it names" 0 o export 1 -o latest.md --force
[ -L latest.md ] && ok "the link stays a link" || bad "the link stays a link" "replaced"
contains "the file it names holds the export" shared.md '"title": "Candid notes"'
[ "$(stat -c %a shared.md)" = 644 ] && ok "the linked file keeps its mode" || bad "the linked file keeps its mode" "$(stat -c %a shared.md)"
ln -s nowhere.md dangling.md
expect "-o through a link to nothing is refused" 2 o export 1 -o dangling.md --force
[ ! -e nowhere.md ] && ok "nothing was made where it points" || bad "nothing made" "nowhere.md exists"
umask 022
expect "a new export" 0 o export 1 -o fresh.json
[ "$(stat -c %a fresh.json)" = 600 ] && ok "a new export is private (0600)" || bad "a new export is 0600" "$(stat -c %a fresh.json)"
ls | grep -q '\.[A-Za-z0-9]\{6\}$' && bad "no temporary file is left" "$(ls)" || ok "no temporary file is left"
"$IMPROV" --help >"$work/help"
contains "--help names --force" "$work/help" "[-o FILE [--force]]"
contains "--help says -o never writes over a database" "$work/help" "never writes over a database"
contains "the man page documents --force" "$manpage" '.B \-\-force'
cd "$work" || exit 1

echo "== delete, safely; a check-in asks first on a terminal"
del() { "$IMPROV" --db "$work/del.db" "$@"; }
on_tty() { # ANSWER CMD...: runs improv on a terminal, typing ANSWER; its screen in tty.out
	answer=$1
	shift
	printf '%s\n' "$answer" | script -qec "$IMPROV --db '$work/del.db' $*" /dev/null >tty.out 2>&1
}
del new --title "First" --org Acme >/dev/null
del new --title "Second" --org Acme >/dev/null
expect "a check-in off a terminal still asks nothing" 0 del checkin 1
[ "$(cat out)" = 3 ] && ok "it made session 3" || bad "it made session 3" "got '$(cat out)'"
expect "delete off a terminal without --yes is refused" 2 del delete 2
contains "it names --yes" err "add --yes to delete session 2"
expect "nothing was deleted" 0 del show 2
expect "delete of a session a check-in follows is refused" 65 del delete 1 --yes
one_error_line "the refusal is one line"
contains "it names the check-in" err 'followed by its check-in, session 3 "First" (iteration 2)'
contains "it names --series" err "(--series)"
expect "the session is still there" 0 del show 1
on_tty n delete 2
contains "on a terminal delete asks with the title" tty.out 'Delete session 2 "Second" (iteration 1) and everything in it?'
contains "it says it cannot be undone" tty.out "It cannot be undone. [y/N]"
contains "no keeps it" tty.out "kept; nothing was deleted"
expect "the session answered no is there" 0 del show 2
on_tty y delete 2
contains "yes deletes it" tty.out "deleted 1 session"
expect "the session answered yes is gone" 66 del show 2
on_tty n checkin 3
contains "on a terminal checkin says what is carried" tty.out "Iteration 3 carries 0 goals, 0 metrics and 0 steps still to do."
contains "it warns that the session is still open" tty.out "This session is still open"
contains "no makes no check-in" tty.out "kept; no check-in was made"
expect "there is no iteration 3" 0 del list --json
count_is "two sessions are left" out '"title":' 2
on_tty y delete --series 3
contains "the question names the whole series" tty.out 'Delete the whole series of session 3 "First", 2 sessions'
contains "--series deletes every iteration" tty.out "deleted 2 sessions"
expect "the file passes its check after" 0 del doctor
expect "a missing session" 66 del delete 9 --yes
"$IMPROV" --help >"$work/help"
contains "--help names delete" "$work/help" "improv delete ID [--series] [--yes]"
contains "--help says checkin asks" "$work/help" "improv checkin ID [--yes]"
contains "the man page documents delete" "$manpage" '.BI delete " id"'
contains "the man page documents --series" "$manpage" '\-\-series'

summary
