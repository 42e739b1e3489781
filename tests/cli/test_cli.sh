#!/bin/sh
# End-to-end tests of the command line: what a script or a newcomer sees.
# Runs the binary named by $IMPROV against databases in a scratch folder.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset IMPROV_DB NO_COLOR
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "[       OK ] $1"; }
bad() { failed=$((failed + 1)); echo "[  FAILED  ] $1: $2"; }

# expect NAME STATUS CMD...: runs CMD, keeps its output in out/err, checks the status
expect() {
	name=$1 want=$2
	shift 2
	"$@" >out 2>err </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name" "status $got, wanted $want; $(head -c 300 err)"; fi
}
contains() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "$2 lacks '$3'"; fi
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
dims=$(grep -c '"question":' out)
[ "$dims" -eq 11 ] && ok "export has the default template's 11 dimensions" || bad "11 dimensions" "got $dims"
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
expect "themes takes no arguments" 2 "$IMPROV" themes dark
one_error_line "themes with an argument: one line"
mkdir -p "$work/config/improv/themes"
printf 'theme: ours\nroles:\n  text: {fg: purple}\n' >"$work/config/improv/themes/ours.yaml"
expect "themes lists the others beside a broken one" 0 "$IMPROV" themes
contains "themes shows where a theme is broken" out "ours.yaml:3:14: roles.text.fg:"
contains "themes still lists the shipped ones" out "High contrast"
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

echo
echo "[==========] $((passed + failed)) check(s) run."
if [ "$failed" -ne 0 ]; then
	echo "[  FAILED  ] $failed check(s)."
	exit 1
fi
echo "[  PASSED  ] $passed check(s)."
