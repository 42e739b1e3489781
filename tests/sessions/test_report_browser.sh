#!/bin/sh
# The HTML reports as their readers get them: a workshop of six with eleven
# dimensions, a metric measured three times, five steps and four ballots
# (dots, ranked, impact / effort, one closed early) is imported, checked in
# and rated again; its report, the check-in's and a hostile session's
# (markup, escape sequences, a bidi override, the longest texts) are
# opened in a real headless Chromium with the network off (no request, no
# console error, every picture read back with its title and description,
# a screenshot each), and printed with `chromium --headless --print-to-pdf`
# to pages that pdftoppm draws, on which no picture is cut by a page break;
# the same for the reports of a series and of an organization.
# Needs chromium, node with playwright-core (tests/room/browser) and
# pdftoppm (poppler-utils); without them it says what is missing and skips.
here=$(cd "$(dirname "$0")/../room" && pwd)
. "$here/browser.sh"
command -v pdftoppm >/dev/null || skip "pdftoppm (poppler-utils) is not installed"
fixture=$(cd "$(dirname "$0")" && pwd)/report_workshop.yaml
export IMPROV_NOW=2026-06-20T10:00:00Z
cd "$work" || exit 1

expect "the workshop imports" 0 "$IMPROV" import "$fixture"
first=$(cat out)
expect "its check-in" 0 "$IMPROV" checkin "$first" --yes
second=$(cat out)
for p in Ana Ben Chen Dee; do
	sqlite3 "$IMPROV_DB" "INSERT INTO ratings SELECT d.id, p.id, 4 FROM dimensions d
		JOIN participants p ON p.session_id = d.session_id
		WHERE d.session_id = $second AND d.key IN ('courses', 'incentives')
		AND p.name = '$p'"
done
expect "a hostile session is made" 0 "$IMPROV" new \
	--title "<script>alert(1)</script> $(printf '\033]0;x\007') $(printf '\342\200\256')gnp.exe" \
	--participant "<img src=x onerror=alert(2)>" --participant Bo
hostile=$(cat out)
# The longest texts a session holds: a note of 2,000 characters in one
# word, and a dimension's name of 200.
long=$(head -c 2000 /dev/zero | tr '\0' 'w')
longname=$(head -c 200 /dev/zero | tr '\0' 'n')
sqlite3 "$IMPROV_DB" "UPDATE dimensions SET name = '$longname' WHERE session_id = $hostile AND
	id = (SELECT min(id) FROM dimensions WHERE session_id = $hostile);
	INSERT INTO notes (dimension_id, position, kind, text) SELECT min(id), 0, 'gap', '$long'
	FROM dimensions WHERE session_id = $hostile"

# An organization of two units, each two quarters: the series and the
# organization reports.
for u in Sales Support; do
	IMPROV_NOW=2026-01-15T10:00:00Z "$IMPROV" new --title "$u learns" --org Acme \
		--unit "$u" --participant P1 --participant P2 > out
	q1=$(cat out)
	IMPROV_NOW=2026-04-15T10:00:00Z "$IMPROV" checkin "$q1" --yes > out
	q2=$(cat out)
	sqlite3 "$IMPROV_DB" "INSERT INTO ratings SELECT d.id, p.id,
		CASE WHEN d.session_id = $q1 THEN 2 ELSE 3 + (p.name = 'P2') END
		FROM dimensions d JOIN participants p ON p.session_id = d.session_id
		WHERE d.session_id IN ($q1, $q2) AND d.key IN ('culture', 'tools', 'courses')"
done
expect "report --series --format html" 0 "$IMPROV" report --series "$q1" --format html \
	-o "$work/series.html"
expect "report --org --format html" 0 "$IMPROV" report --org Acme --format html \
	-o "$work/org.html"

for s in first second hostile; do
	eval id=\$$s
	expect "export $s --format html" 0 "$IMPROV" export "$id" --format html \
		-o "$work/$s.html"
done
first_heading=$(grep -o '<h2>[^<]*</h2>' "$work/first.html" | head -1)
[ "$first_heading" = "<h2>Summary</h2>" ] && ok "the report opens with its summary" ||
	bad "the report opens with its summary" "its first heading is $first_heading"
contains "the summary names the room and the dimensions" "$work/first.html" \
	'<p class="summary">6 people rated 11 of 11 dimensions'
contains "the check-in's report says what moved" "$work/second.html" 'Since last time, the biggest'
contains "the ballot closed early says so" "$work/first.html" 'closed with 2 of 6 voted'
contains "the hostile title is text" "$work/hostile.html" '&lt;script&gt;alert(1)&lt;/script&gt;'
contains "the 2,000-character note is there whole" "$work/hostile.html" "$long</li>"
contains "the 200-character name is there whole" "$work/hostile.html" "<td class=\"t\">$longname</td>"
if grep -q '<script\|<img' "$work/hostile.html"; then bad "no markup from the session" \
	"$(grep -o '<script[^>]*>\|<img[^>]*>' "$work/hostile.html" | head -2)"
else ok "no markup from the session"; fi
if grep -q "$(printf '\033')\|$(printf '\342\200\256')" "$work/hostile.html"; then
	bad "no escape or bidi control reaches the page" "found one"
else ok "no escape or bidi control reaches the page"; fi

# Pictures: the current state, the metric, dots and ranked as bars, impact
# and effort as a 2x2 (the early-closed ballot has none): 5; the check-in
# has its current state and the metric; the hostile session its current
# state only.
node "$here/browser/report.mjs" shots "$chromium" "$work" \
	"first=$work/first.html:5" "second=$work/second.html:2" \
	"hostile=$work/hostile.html:1" "series=$work/series.html:1" \
	"org=$work/org.html:1" > "$work/shots.log" 2>&1
if [ $? -eq 0 ]; then ok "Chromium offline: no request, no error, every picture"
else bad "Chromium offline" "$(cat "$work/shots.log")"; fi
cat "$work/shots.log"
for s in first second hostile series org; do
	[ -s "$work/$s.png" ] && ok "a screenshot of $s" || bad "a screenshot of $s" "none"
done
[ -n "$IMPROV_REPORT_SHOTS" ] && cp "$work"/*.png "$IMPROV_REPORT_SHOTS"/

for s in first second series org; do
	"$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$work/$s.pdf" "file://$work/$s.html" >/dev/null 2>&1
	pdftoppm -r 40 "$work/$s.pdf" "$work/$s-page" 2>/dev/null
	figures=$(grep -c '<figure' "$work/$s.html")
	# shellcheck disable=SC2046
	if node "$here/browser/report.mjs" pages "$s" "$figures" \
		$(ls "$work/$s"-page*.ppm 2>/dev/null) > "$work/pages.log" 2>&1; then
		ok "$s printed: $(cat "$work/pages.log")"
	else bad "$s printed" "$(cat "$work/pages.log")"; fi
done
summary
