#!/bin/sh
# Ballots from phones as a facilitator runs them: a workshop of seven open in
# tmux at 100x30 with three steps and the room open; five phones in a real
# headless Chromium stay joined while four ballots are opened one after
# the other on the projector (dots, approval, ranked, impact/effort); in
# each Finn, whose phone died, votes at the keyboard, and in the first two
# Gus votes on a paper wall whose count is added on top. browser/ballots.mjs
# checks the projector and the phones against the hand tallies; here the
# export is checked against them too, and the file, its log and its
# backups for any link from a person to points.
# Needs what test_browser.sh needs; without it, it says what is missing
# and skips.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/browser.sh"

id=$("$IMPROV" new --title "Ballot test" --participant Ana --participant Bo \
	--participant Cy --participant Dee --participant Eve --participant Finn \
	--participant Gus) || exit 1
tmux -S "$sock" new-session -d -s room -x 100 -y 30 \
	"exec '$IMPROV' open $id --listen 127.0.0.1:0"
wait_for "Ballot test" || { echo "[  FAILED  ] the workshop did not start"; exit 1; }
tmux -S "$sock" send-keys -t room ']' ']' ']'
wait_for "horizon" || bad "steps" "$(screen)"
for step in Pilot Wiki Recognition; do
	tmux -S "$sock" send-keys -t room a
	wait_for "New step" || true
	tmux -S "$sock" send-keys -t room "$step" Enter
	wait_for "  $step " || bad "step $step" "$(screen)"
done
tmux -S "$sock" send-keys -t room J
wait_for "any key: back to the stage" || bad "J" "$(screen)"
tmux -S "$sock" send-keys -t room Space
url=$(screen | grep -o 'http://127\.0\.0\.1:[0-9]*/r/[A-Za-z0-9_-]*/' | head -1)
[ -n "$url" ] && ok "the room is open: $url" || bad "address" "$(screen)"

node "$here/browser/ballots.mjs" "$url" "$chromium" "$sock" "$work/ranked.txt" \
	> "$work/ballots.log" 2>&1
code=$?
cat "$work/ballots.log"
passed=$((passed + $(grep -c '^\[       OK \]' "$work/ballots.log")))
[ "$code" -eq 0 ] || bad "phones and projector" "exit status $code"
tmux -S "$sock" send-keys -t room q q q
for _ in $(seq 50); do
	tmux -S "$sock" has-session -t room 2>/dev/null || break
	sleep 0.1
done

# The export ranks each ballot as the hand tally does.
"$IMPROV" export "$id" --format json > "$work/export.json" || bad "export" "status $?"
if [ -s "$work/ranked.txt" ]; then
	node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const text = {};
		for (const s of d.steps) text[s.id] = s.text;
		for (const b of d.ballots) {
			const rows = b.results.map((r) =>
				`${r.rank}${r.tied ? "=" : ""} ${text[r.step_id]} ${r.points}`);
			console.log(`${b.method}: ${rows.join("; ")}`);
		}' "$work/export.json" > "$work/exported.txt"
	if cmp -s "$work/ranked.txt" "$work/exported.txt"; then
		ok "the export ranks the four ballots as the hand tallies"
	else
		bad "export" "$(cat "$work/exported.txt") instead of $(cat "$work/ranked.txt")"
	fi
fi

# Anonymous: no row ties a person to points in the file, and neither the
# log nor any backup beside it holds one.
choices=$(sqlite3 "$IMPROV_DB" 'SELECT count(*) FROM ballot_choices')
[ "$choices" = 0 ] && ok "the file holds no ballot choice of anyone" ||
	bad "choices" "$choices rows"
wal="$IMPROV_DB-wal"
[ ! -s "$wal" ] && ok "the log beside the file is empty" || bad "log" "$(wc -c < "$wal") bytes"
found=0
for f in "$work"/*.db* "$work"/.local/share/improv/*; do
	[ -f "$f" ] || continue
	case $(head -c 15 "$f" 2>/dev/null) in "SQLite format 3") ;; *) continue ;; esac
	n=$(sqlite3 "file:$f?mode=ro" 'SELECT count(*) FROM ballot_choices' 2>/dev/null || echo 0)
	[ "$n" = 0 ] || found=$((found + 1))
done
[ "$found" -eq 0 ] && ok "no copy of the database beside it holds a choice" ||
	bad "backups" "$found with choices"
summary
