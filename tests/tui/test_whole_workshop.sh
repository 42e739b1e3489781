#!/bin/sh
# A whole workshop by keys, as a facilitator runs it in front of six
# people: the setup form, every dimension rated, a note, values, goals
# taken from the template's suggestions and typed, a metric and its first
# measurement, five steps with owners, three ballots passed round the
# keyboard (dots; a ranked run-off of the top three with a tie kept in;
# impact and effort, named), the review, closing, and next quarter's
# check-in. Every figure the screen and the export show is checked against
# the sums worked out by hand below.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export IMPROV_DB="$work/improv.db" XDG_CONFIG_HOME="$work/config" HOME="$work"
unset NO_COLOR
pane=room
. "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || { echo "tmux is needed for this test"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed for this test"; exit 1; }

press() { tmux -S "$sock" send-keys -t "$pane" "$@"; }
# press KEYS..., then wait until the screen shows TEXT (the last argument)
press_until() {
	last=""
	for a in "$@"; do last=$a; done
	n=$#
	i=1
	for a in "$@"; do
		[ "$i" -lt "$n" ] && press "$a"
		i=$((i + 1))
	done
	wait_for "$last"
}
shows() { # NAME TEXT: a check that the screen shows TEXT now
	if wait_for "$2"; then ok "$1"; else bad "$1" "not on the screen: $2"; screen; fi
}
row_shows() { # NAME REGEX: a line of the screen matches
	for _ in $(seq 50); do
		screen | grep -qE -- "$2" && { ok "$1"; return; }
		sleep 0.1
	done
	bad "$1" "no line matches $2"
	screen
}
csv() { "$IMPROV" export "$1" --format csv; }

tmux -S "$sock" new-session -d -s "$pane" -x 100 -y 30 "exec '$IMPROV'"
wait_for "No workshops yet" || { bad "start" "the home screen did not come"; screen; summary; }

# ---- Setup: six people, the default template and its timeboxes ----
press n
wait_for "New workshop" || { bad "setup" "no form"; screen; summary; }
press "Learning at Acme" Tab Acme Tab Support Tab Tab "Zoë" Tab "Ana, Ben, Chen, Dee, Émile, Fay"
shows "the setup form fills in the template's timeboxes" "30 20 15 30 10"
press Enter
shows "the workshop opens on the current state" "Acme / Support  Learning at Acme (iteration 1)"

# ---- Current state: six scores a row, typed left to right ----
# Culture 3 4 2 5 3 4 = 21/6 = 3.5; Processes 4 5 4 4 3 5 = 25/6 = 4.17;
# Incentives 1 1 1 1 1 2 = 7/6 = 1.17; Technology 5 5 5 5 5 1 = 26/6 = 4.33.
for row in 342534 222312 454435 333333 111112 545454 234234 121212 333444 555551 324324; do
	press "$row"
done
row_shows "Culture's mean is 3.5, from 2 to 5" "^  Culture.* 3 +4 +2 +5 +3 +4 .* 3\.5 +2-5"
row_shows "Processes' mean is 4.2" "^  Processes.* 4\.2 +3-5"
row_shows "Incentives' mean is 1.2" "^  Incentives.* 1\.2 +1-2"
row_shows "Technology's mean is 4.3" "^  Technology.* 4\.3 +1-5"
press n
wait_for "Evidence note" && press "Nobody follows up after a trial" Enter
shows "a gap is noted" "- Nobody follows up after a trial"

# ---- Goals and values: one value suggested, one typed; two goals ----
press_until "]" "Values we hold"
press_until a "Suggestions" && press Down Enter && sleep 0.2 && press Enter
shows "a value from the template" "share by default"
press_until a "New value" && press "We learn in the open" Enter
shows "a value typed" "We learn in the open"
press Tab
press_until a "New goal" && press "Every course is followed up on the job" Tab
for _ in 1 2 3 4 5 6; do press Right; done
press Enter
row_shows "a goal on Courses" "Every course is followed up on the job +Courses"
press_until a "New goal" && press Down Enter && sleep 0.2 && press Enter
shows "a goal from the template" "Anyone can find an answer or an expert within a day"

# ---- Metrics: a suggested one brings its unit and direction ----
press_until "]" "Metric"
press_until a "Suggestions" && press Down Down Enter
shows "the suggestion brings its unit" "minutes"
shows "and its direction" "lower is better"
press Tab Tab Tab 45 Tab 15 Tab 2027-06-30 Tab Right Right Enter
row_shows "the metric runs from 45 to 15 by mid-2027" "Time to find.* 45 +15 +2027-06-30"
press_until m "Record a measurement" && press 40 Enter
row_shows "its first measurement is 40" "Time to find.* 45 +15 +40 2027-06-30"

# ---- Steps: five, with horizons and owners ----
press_until "]" "Step"
add_step() { # TEXT RIGHTS OWNER
	press_until a "New step"
	press "$1" Tab
	for _ in $(seq "$2"); do press Right; done
	press Tab Tab "$3" Enter
	wait_for "added the step"
	sleep 0.2
}
add_step "Follow-up call two weeks after each course" 0 Chen
add_step "Searchable answers wiki" 1 Ben
add_step "Monthly show-and-tell" 0 Ana
add_step "Mentoring pairs for new starters" 2 Dee
add_step "Learning time in every sprint" 1 Fay
row_shows "five steps with their owners" "Learning time in every sprint +Medium +Planned +Fay"

# A voter takes the keyboard: Enter on the first name still to vote, the
# choices, Enter and y to cast, Enter on the blank page for the next one.
cast() {
	press_until Enter "own ballot"
	press "$@"
	press_until Enter "Cast this ballot?"
	press y
	sleep 0.3
	press Enter
	sleep 0.3
}

# ---- Ballot 1: dots, three each, at most two on a step ----
# Ana 2 on the follow-up, 1 on the wiki; Ben 2 wiki, 1 sprint; Chen 1
# follow-up, 1 show-and-tell, 1 mentoring; Dee 2 follow-up, 1
# show-and-tell; Émile 1 wiki, 2 mentoring; Fay 1 follow-up, 2 sprint.
# Follow-up 2+1+2+1 = 6, wiki 1+2+1 = 4, mentoring 1+2 = 3, sprint 1+2 = 3,
# show-and-tell 1+1 = 2.
press_until v "Open a ballot on the steps"
press Tab Tab 3 Tab 2 Enter
shows "the ballot's lobby" "0 of 6 have voted"
cast + + Down +
shows "the lobby names who voted, never what" "Voted: Ana"
cast Down + + Down Down Down +
cast + Down Down + Down +
cast + + Down Down +
cast Down + Down Down + +
cast + Down Down Down Down + +
shows "everyone has voted" "6 of 6 have voted"
if screen | grep -qE "█| 6 +Short"; then bad "no totals before the reveal" "$(screen)"; else
	ok "no totals before the reveal"; fi
press r
row_shows "dots: 6 for the follow-up" "^  1 +Follow-up call.* 6 +Short +Chen"
row_shows "dots: 4 for the wiki" "^  2 +Searchable answers wiki.* 4 +Medium"
row_shows "dots: mentoring tied third with 3" "^  3= +Mentoring pairs.* 3 +Long"
row_shows "dots: the sprint tied third with 3" "^  3= +Learning time.* 3 +Medium"
row_shows "dots: show-and-tell last with 2" "^  5 +Monthly show-and-tell.* 2 +Short"

# ---- Ballot 2: a ranked run-off of the top three, the tie kept in ----
# Candidates in order: follow-up (A), wiki (B), mentoring (C), sprint (D);
# Borda gives 3, 2, 1, 0. Ana B A C D, Ben B D A C, Chen A C B D, Dee A B D C,
# Émile C B A D, Fay D B A C: A 2+1+3+3+1+1 = 11, B 3+3+1+2+2+2 = 13,
# C 1+0+2+0+3+0 = 6, D 0+2+0+1+0+3 = 6. B beats A 4-2, C 4-2 and D 5-1.
press_until o "Run-off of ballot 1"
press Enter
shows "the run-off keeps every step tied at third" "4 steps, not 3"
shows "the run-off's lobby" "0 of 6 have voted"
rank() { # the places of the candidates, in the order chosen
	cur=0
	keys=""
	for t in "$@"; do
		while [ "$cur" -lt "$t" ]; do keys="$keys Down"; cur=$((cur + 1)); done
		while [ "$cur" -gt "$t" ]; do keys="$keys Up"; cur=$((cur - 1)); done
		keys="$keys Space"
	done
	# shellcheck disable=SC2086
	cast $keys
}
rank 1 0 2 3
rank 1 3 0 2
rank 0 2 1 3
rank 0 1 3 2
rank 2 1 0 3
rank 3 1 0 2
press_until r "revealed: 6 voted"
row_shows "ranked: the wiki first with 13" "^  1 +Searchable answers wiki.* 13 "
row_shows "ranked: the follow-up second with 11" "^  2 +Follow-up call.* 11 "
row_shows "ranked: mentoring and the sprint tied with 6" "^  3= +Learning time.* 6 "
shows "ranked: the Condorcet winner" "Condorcet winner: Searchable answers wiki"

# ---- Ballot 3: impact and effort, named ----
# Means (impact/effort): follow-up 27/6 = 4.5 / 13/6 = 2.2, wiki 4.2/4.5,
# show-and-tell 2.5/1.3, mentoring 1.8/4.5, sprint 3.5/2.8; priority
# 10 x (impacts - efforts) / 6: 23, -3, 12, -27, 7.
press_until q "Step"
press_until v "Open a ballot on the steps"
press Right Right Right Tab Tab Tab Tab Right Enter
shows "a named impact/effort ballot" "Impact / effort, named"
cast 5 2 4 4 3 1 2 5 4 3
cast 4 3 5 5 2 1 3 4 3 2
cast 5 2 4 4 3 2 2 4 3 3
cast 4 1 3 5 2 2 1 5 4 2
cast 5 3 4 5 3 1 2 5 4 4
cast 4 2 5 4 2 1 1 4 3 3
press_until r "revealed: 6 voted"
row_shows "scoring: the follow-up a quick win at 23" "^  1 +Follow-up call.* 23 +4\.5/2\.2 Quick win"
row_shows "scoring: show-and-tell a fill-in at 12" "^  2 +Monthly show-and-tell.* 12 +2\.5/1\.3 Fill-in"
row_shows "scoring: the sprint a quick win at 7" "^  3 +Learning time.* 7 +3\.5/2\.8 Quick win"
row_shows "scoring: the wiki a major project at -3" "^  4 +Searchable answers wiki.* -3 +4\.2/4\.5 Major"
row_shows "scoring: mentoring a thankless task at -27" "^  5 +Mentoring pairs.* -27 +1\.8/4\.5 Thankless"

# ---- Review, closed ----
press_until q "Step"
press_until "]" "Where we stand"
row_shows "the review lists the weakest first, marked" "^    1\.2 ! Incentives"
press_until C "Close this session?"
press y
shows "the session is closed" "This session is closed"

# ---- The file holds what the room did ----
csv 1 >"$work/one.csv" || bad "export" "improv export failed"
grep -q "^1,dots,secret,true,3,2,6,revealed" "$work/one.csv" &&
	grep -q "^2,ranked,secret,true,3,3,6,revealed" "$work/one.csv" &&
	grep -q "^3,scoring,secret,false,3,3,6,revealed" "$work/one.csv" &&
	ok "the export keeps the three ballots" || bad "the export keeps the three ballots" \
	"$(grep -A4 '^# ballots' "$work/one.csv")"
results=$(grep -E '^[123],[0-9]+,(true|false),[0-9]+,' "$work/one.csv" | cut -d, -f1,2,6 | tr '\n' ' ')
expected="1,1,6 1,2,4 1,3,3 1,3,3 1,5,2 2,1,13 2,2,11 2,3,6 2,3,6 3,1,23 3,2,12 3,3,7 3,4,-3 3,5,-27 "
[ "$results" = "$expected" ] && ok "the export's results are the hand tallies" ||
	bad "the export's results are the hand tallies" "$results"
choices=$(sqlite3 "$IMPROV_DB" "SELECT ballot_id, count(*) FROM ballot_choices GROUP BY ballot_id")
[ "$choices" = "3|30" ] && ok "only the named ballot keeps who chose what (30 scores)" ||
	bad "only the named ballot keeps who chose what" "$choices"
[ "$(sqlite3 "$IMPROV_DB" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok" ||
	bad "integrity_check" "not ok"

# ---- Next quarter: the check-in asks first, then carries everything ----
press_until q "Learning at Acme"
press c
shows "the check-in asks first" "Iteration 2 carries 2 goals, 1 metric and 5 steps still to do."
press y
shows "iteration 2 starts from last time" "Learning at Acme (iteration 2)"
shows "last time's steps are there" "Steps from last time"
row_shows "last time's metric with its measurement" "Time to find.* 45 +15 +40 "
summary
