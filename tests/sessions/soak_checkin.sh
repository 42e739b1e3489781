#!/bin/sh
# Check-ins started together: ROUNDS rounds (default 30) of PARALLEL
# (default 4) `improv checkin` of one session started at once. In each
# round exactly one makes the next iteration and prints its id; every other
# one exits non-zero with one line on stderr; the file holds one check-in
# of the session.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
ROUNDS=${ROUNDS:-30}
PARALLEL=${PARALLEL:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export IMPROV_DB="$work/improv.db" XDG_CONFIG_HOME="$work/config" HOME="$work"

fail() { echo "[  FAILED  ] $*"; exit 1; }
good=0
for round in $(seq "$ROUNDS"); do
	id=$("$IMPROV" new --title "Round $round" --participant Ana) || fail "improv new"
	for k in $(seq "$PARALLEL"); do
		( "$IMPROV" checkin "$id" >"$work/out.$k" 2>"$work/err.$k"; echo $? >"$work/rc.$k" ) &
	done
	wait
	made=0
	for k in $(seq "$PARALLEL"); do
		rc=$(cat "$work/rc.$k")
		if [ "$rc" = 0 ]; then
			made=$((made + 1))
			[ -s "$work/err.$k" ] && fail "round $round: a check-in that worked wrote to stderr"
			continue
		fi
		[ "$(wc -l <"$work/err.$k")" -eq 1 ] ||
			fail "round $round: exit $rc without one line on stderr: $(cat "$work/err.$k")"
		grep -q '^improv: ' "$work/err.$k" || fail "round $round: $(cat "$work/err.$k")"
	done
	[ "$made" -eq 1 ] || fail "round $round: $made of $PARALLEL check-ins made an iteration"
	good=$((good + 1))
done
echo "check-ins at once: $good of $ROUNDS rounds made exactly one iteration of $PARALLEL tries"
echo "[  PASSED  ] $ROUNDS rounds"
