#!/bin/sh
# One rounding rule wherever a mean, a change or a progress is shown: half
# away from zero to one decimal, and a change is the mean shown now minus
# the mean shown last time, so the three numbers on a row agree. Walks
# `show`, every export and `compare`, text and JSON.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1
unset IMPROV_DB NO_COLOR
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
export IMPROV_NOW=2026-04-01T10:00:00Z

db="$work/round.db"
run() { "$IMPROV" --db "$db" "$@"; }
rate() { # SESSION DIMENSION PARTICIPANT SCORE
	sqlite3 "$db" "INSERT INTO ratings SELECT d.id, p.id, $4 FROM dimensions d
		JOIN participants p ON p.session_id = d.session_id
		WHERE d.session_id = $1 AND d.key = '$2' AND p.name = '$3'"
}
matches() { # NAME FILE ERE
	if grep -qE -- "$3" "$2"; then ok "$1"; else bad "$1" "$2 has no line like '$3'"; fi
}

# Twenty people. Last time: culture 3, 3, 3 (3.0), tools 3, 3, 3, 4 (3.25).
# Now: culture 3, 3, 3, 4 (3.25), tools seven 4s and thirteen 3s (3.35,
# which a double holds a little below the half).
people=""
for n in $(seq 1 20); do people="$people --participant P$n"; done
# shellcheck disable=SC2086
expect "a workshop of twenty" 0 run new --title "Rounding" $people
first=$(cat out)
for n in 1 2 3; do rate "$first" culture "P$n" 3; done
for n in 1 2 3; do rate "$first" tools "P$n" 3; done
rate "$first" tools P4 4
expect "its check-in" 0 run checkin "$first"
second=$(cat out)
for n in 1 2 3; do rate "$second" culture "P$n" 3; done
rate "$second" culture P4 4
for n in $(seq 1 20); do
	if [ "$n" -le 7 ]; then rate "$second" tools "P$n" 4; else rate "$second" tools "P$n" 3; fi
done

echo "== improv show"
expect "show" 0 run show "$second"
matches "show: 3, 3, 3, 4 is 3.3" out '^Culture[^0-9]* 3\.3 +3-4 +4$'
matches "show: 3.35 is 3.4" out '^Tools and templates +3\.4 +3-4 +20$'

echo "== Markdown"
expect "export md" 0 run export "$second" --format md
matches "md: culture now 3.3, last 3.0, change +0.3" out '^\| Culture[^|]*\| 3\.3 \| 0\.4 \| 3-4 \| 3 ×3, 4 ×1 \| 3\.0 \| \+0\.3 ↑ \|.*$'
matches "md: tools now 3.4, last 3.3, change +0.1" out '^\| Tools and templates \| 3\.4 \| 0\.5 \| 3-4 \| 3 ×13, 4 ×7 \| 3\.3 \| \+0\.1 ↑ \|.*$'
matches "md since last time: culture 3.0 to 3.3, +0.3" out '^\| Culture[^|]*\| 3\.0 \| 3\.3 \| \+0\.3 ↑ \|$'
matches "md since last time: tools 3.3 to 3.4, +0.1" out '^\| Tools and templates \| 3\.3 \| 3\.4 \| \+0\.1 ↑ \|$'

echo "== CSV (its lines end in CR LF)"
expect "export csv" 0 run export "$second" --format csv
matches "csv: culture mean 3.3, last 3.0, change 0.3" out '^culture,"Culture[^"]*",1,5,4,3\.3,[0-9.]+,3,4,1,3\.0,0\.3,ratings.?$'
matches "csv: tools mean 3.4, last 3.3, change 0.1" out '^tools,Tools and templates,1,5,20,3\.4,[0-9.]+,3,4,1,3\.3,0\.1,ratings.?$'

echo "== JSON and YAML"
expect "export json" 0 run export "$second" --format json
contains "json keeps the exact mean as data" out '"mean": 3.25,'
contains "json shows culture as 3.3" out '"mean_shown": "3.3",'
contains "json shows culture's change as +0.3" out '"change_shown": "+0.3"'
contains "json shows tools as 3.4" out '"mean_shown": "3.4",'
contains "json shows tools' change as +0.1" out '"change_shown": "+0.1"'
expect "export yaml" 0 run export "$second" --format yaml
contains "yaml shows culture as 3.3" out 'mean_shown: "3.3"'
contains "yaml shows tools' change as +0.1" out 'change_shown: "+0.1"'
cp out round.yaml
expect "the yaml with its shown keys reads back" 0 run import round.yaml

echo "== improv compare"
expect "compare" 0 run compare "$first" "$second"
matches "compare: culture 3.0 to 3.3, +0.3" out '^Culture[^0-9]* 3\.0 +3-3 +3\.3 +3-4 +\+0\.3 \^$'
matches "compare: tools 3.3 to 3.4, +0.1" out '^Tools and templates +3\.3 +3-4 +3\.4 +3-4 +\+0\.1 \^$'
expect "compare --json" 0 run compare "$first" "$second" --json
contains "compare --json: 3.25 shown as 3.3" out '"mean_shown": "3.3",'
contains "compare --json: 3.35 shown as 3.4" out '"mean_shown": "3.4",'
contains "compare --json: culture's change shown as +0.3" out '"change_shown": "+0.3"'
contains "compare --json: tools' change shown as +0.1" out '"change_shown": "+0.1"'

summary
