#!/bin/sh
# improv report: an organization of three units, each a series of three
# quarterly workshops made through the command line, three people rating
# culture and tools. The arrows, verdicts and pooled means below were
# worked out by hand; the Markdown, HTML and JSON forms must all say them.
#
#            culture: q1     q2     q3        tools: q1     q2     q3
#   Sales     2,2,3 (2.3)  3,3,3 (3.0)  4,4,3 (3.7)   3,3,3  3,3,4 (3.3)  3,3,3 (3.0)
#   Support   1,2,2 (1.7)  2,2,2 (2.0)  2,3,3 (2.7)   2,2,2  2,2,3 (2.3)  3,3,3 (3.0)
#   Eng       3,4,4 (3.7)  4,4,4 (4.0)  4,4,4 (4.0)   4,4,4  4,4,4 (4.0)  3,4,4 (3.7)
#
# Latest against the quarter before: Sales culture +0.7 up, tools -0.3
# down (mixed); Support +0.7 up and +0.7 up (improving); Eng culture
# steady, tools -0.3 down (declining). The whole organization pooled: culture
# 31/9 = 3.4 against 27/9 = 3.0 (+0.4 up), tools 29/9 = 3.2 against 29/9 =
# 3.2 (steady): improving.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1
unset IMPROV_DB NO_COLOR
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed for this test"; exit 1; }

db="$work/org.db"
run() { "$IMPROV" --db "$db" "$@"; }
rate() { # SESSION DIMENSION SCORE SCORE SCORE: P1, P2 and P3
	s=$1 d=$2
	shift 2
	n=1
	for score in "$@"; do
		sqlite3 "$db" "INSERT INTO ratings SELECT d.id, p.id, $score FROM dimensions d
			JOIN participants p ON p.session_id = d.session_id
			WHERE d.session_id = $s AND d.key = '$d' AND p.name = 'P$n'"
		n=$((n + 1))
	done
}
# UNIT, then culture's and tools' scores for each quarter, three by three.
unit() {
	u=$1
	shift
	export IMPROV_NOW=2026-01-15T10:00:00Z
	expect "$u: the first quarter" 0 run new --title "$u learns" --org Acme --unit "$u" \
		--level unit --participant P1 --participant P2 --participant P3
	id=$(cat out)
	eval "${u}_1=$id"
	for q in 1 2 3; do
		if [ "$q" -gt 1 ]; then
			export IMPROV_NOW=2026-0$((q * 3 - 2))-15T10:00:00Z
			expect "$u: quarter $q" 0 run checkin "$id" --yes
			id=$(cat out)
		fi
		rate "$id" culture "$1" "$2" "$3"
		rate "$id" tools "$4" "$5" "$6"
		shift 6
	done
}
unit Sales 2 2 3 3 3 3  3 3 3 3 3 4  4 4 3 3 3 3
unit Support 1 2 2 2 2 2  2 2 2 2 2 3  2 3 3 3 3 3
unit Eng 3 4 4 4 4 4  4 4 4 4 4 4  4 4 4 3 4 4
export IMPROV_NOW=2026-08-01T10:00:00Z
row() { # NAME FILE ERE: a line of the file matches
	if grep -qE -- "$3" "$2"; then ok "$1"; else bad "$1" "$2 has no line like '$3'"; cat "$2"; fi
}

echo "== report --org, Markdown"
expect "report --org Acme" 0 run report --org Acme
cp out org.md
row "Sales: culture 3.7 up, tools 3.0 down, mixed" org.md '^\| Sales \| 1 \| 3\.7 ↑ \| 3\.0 ↓ \|.* mixed \|$'
row "Support: 2.7 up, 3.0 up, improving" org.md '^\| Support \| 1 \| 2\.7 ↑ \| 3\.0 ↑ \|.* improving \|$'
row "Eng: 4.0 steady, 3.7 down, declining" org.md '^\| Eng \| 1 \| 4\.0 → \| 3\.7 ↓ \|.* declining \|$'
row "the whole organization: 3.4 up, 3.2 steady, improving" org.md \
	'^\| \*\*the whole organization\*\* \| 3 \| 3\.4 ↑ \| 3\.2 → \|.* improving \|$'
contains "the answer in a sentence" org.md \
	"The organization is improving: of the 2 dimensions rated both times, 1 went up, 0 down and 1 stayed"
contains "three units" org.md "# Acme: the organization's picture, 3 units"

echo "== report --org, JSON holds the same numbers"
expect "report --org Acme --format json" 0 run report --org Acme --format json
tr -d ' \n' < out > org.json
for want in \
	'"label":"Sales","sessions":1,"verdict":"mixed"' \
	'"label":"Support","sessions":1,"verdict":"improving"' \
	'"label":"Eng","sessions":1,"verdict":"declining"' \
	'"overall":{"label":"thewholeorganization","sessions":3,"verdict":"improving"' \
	'"key":"culture","mean":3.66666666666667,"mean_shown":"3.7","count":3' \
	'"before_mean_shown":"3.0","before_count":3,"change_shown":"+0.7","arrow":"up"' \
	'"mean_shown":"3.4","count":9' \
	'"before_mean_shown":"3.2","before_count":9,"change_shown":"+0.0","arrow":"steady"'; do
	contains "json: $want" org.json "$want"
done

echo "== report --org --unit"
expect "report --org Acme --unit Sales --unit Eng" 0 run report --org Acme --unit Sales --unit Eng
if grep -q '^| Support' out; then bad "only the units named" "Support is there"; else ok "only the units named"; fi
row "two units pooled: culture 23/6 = 3.8 against 21/6 = 3.5, up" out \
	'^\| \*\*the whole organization\*\* \| 2 \| 3\.8 ↑ \|'

echo "== report --series"
expect "report --series (Sales, any iteration)" 0 run report --series "$Sales_1"
cp out series.md
row "iteration 1: 2.3, 3.0, nothing to compare" series.md '^\| iteration 1, 2026-01-15 \| 2\.3 \| 3\.0 \|.* nothing to compare \|$'
row "iteration 2: 3.0 up, 3.3 up, improving" series.md '^\| iteration 2, 2026-04-15 \| 3\.0 ↑ \| 3\.3 ↑ \|.* improving \|$'
row "iteration 3: 3.7 up, 3.0 down, mixed" series.md '^\| iteration 3, 2026-07-15 \| 3\.7 ↑ \| 3\.0 ↓ \|.* mixed \|$'
row "steps done per quarter" series.md '^\| 3 \| 2026 Q3 \| 0 \|$'
expect "report --series --format json" 0 run report --series "$Sales_1" --format json
tr -d ' \n' < out > series.json
contains "json: the series is mixed" series.json '"kind":"series","title":"Saleslearns","verdict":"mixed"'

echo "== report --format html"
expect "report --org --format html -o" 0 run report --org Acme --format html -o org.html
contains "html: a heatmap with its title" org.html '<title id="heatmap-t">Each unit by dimension</title>'
contains "html: Sales' culture cell" org.html '>3.7 ↑</text>'
contains "html: the table holds it too" org.html '<td class="n">3.7 ↑</td>'
expect "-o again without --force is refused" 2 run report --org Acme --format html -o org.html

echo "== errors"
expect "no such organization" 66 run report --org Nobody
contains "it names it" err 'no sessions of organization "Nobody"'
expect "no such unit" 66 run report --org Acme --unit Marketing
contains "it names the unit" err 'has no unit "Marketing"'
expect "no such series" 66 run report --series 999
expect "both --series and --org" 2 run report --series 1 --org Acme
expect "neither" 2 run report
expect "a bad format" 2 run report --org Acme --format pdf
expect "--unit without --org" 2 run report --series 1 --unit Sales
summary
