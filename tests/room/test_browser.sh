#!/bin/sh
# The room as a facilitator runs it: a workshop of four open in tmux at
# 100x30, J shows the QR code (read back from the screen and decoded by
# zbarimg) and the address; four phones in a real headless Chromium join,
# one as a newcomer let in with A, and each rates three dimensions (and
# one a fourth, whose answer is held back until the news of it has come:
# the page waits for the answer, then goes on to the next). The
# projector shows "4 of 5 rated" and no score; r shows the scores, whose
# means match the sums done by hand; the export holds every rating; and
# kill -9 right after the last phone showed "saved" loses none of them.
# Ballots from phones are test_browser_ballots.sh.
# Needs Debian's chromium and node with playwright-core in
# tests/room/browser (scripts/ensure-deps installs them for make test);
# without them it says what is missing and skips.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/browser.sh"

id=$("$IMPROV" new --title "Room test" --participant Ana --participant Bo \
	--participant Cy --participant Dee) || exit 1
start() {
	tmux -S "$sock" new-session -d -s room -x 100 -y 30 \
		"exec '$IMPROV' open $id --listen 127.0.0.1:0"
	wait_for "Room test" || { echo "[  FAILED  ] the workshop did not start"; exit 1; }
}
start
tmux -S "$sock" send-keys -t room J
wait_for "any key: back to the stage" && ok "J shows the QR code" || bad "J" "$(screen)"
url=$(screen | grep -o 'http://127\.0\.0\.1:[0-9]*/r/[A-Za-z0-9_-]*/' | head -1)
[ -n "$url" ] && ok "the address is on the screen: $url" || bad "address" "$(screen)"

# The code as the screen shows it, two module rows to a character, read
# back into a picture four pixels to a module and decoded.
if command -v zbarimg >/dev/null; then
	screen | sed 's/▀/T/g; s/▄/B/g; s/█/F/g' | grep '[TBF]' > "$work/qr.txt"
	awk -v s=4 '
		{ line[NR] = $0; if (length($0) > w) w = length($0) }
		END {
			q = 8; width = (w + 2 * q) * s; height = (NR * 2 + 2 * q) * s
			print "P1"; print width, height
			for (y = 0; y < NR * 2 + 2 * q; y++) {
				r = y - q; row = ""
				for (x = 0; x < w + 2 * q; x++) {
					c = x - q; dark = 0
					if (r >= 0 && r < NR * 2 && c >= 0) {
						ch = substr(line[int(r / 2) + 1], c + 1, 1)
						dark = ch == "F" || (ch == "T" && r % 2 == 0) || (ch == "B" && r % 2 == 1)
					}
					for (k = 0; k < s; k++) row = row (dark ? "1 " : "0 ")
				}
				for (k = 0; k < s; k++) print row
			}
		}' "$work/qr.txt" > "$work/qr.pbm"
	decoded=$(zbarimg --quiet --raw "$work/qr.pbm" 2>/dev/null)
	[ "$decoded" = "$url" ] && ok "the QR code on the screen decodes to the address" ||
		bad "QR code" "decoded '$decoded', wanted '$url'"
else
	echo "skipped: zbarimg (zbar-tools) is not installed; the QR code is not decoded"
fi
tmux -S "$sock" send-keys -t room Space
wait_for "Room: 0 joined" && ok "a key leaves the address and code in the corner" ||
	bad "corner" "$(screen)"
tmux -S "$sock" send-keys -t room Q
wait_for "any key: back to the stage" && ok "Q shows the QR code again" || bad "Q" "$(screen)"
tmux -S "$sock" send-keys -t room Space
wait_for "Room: 0 joined" || bad "back from the QR code" "$(screen)"

node "$here/browser/phones.mjs" "$url" "$chromium" > "$work/phones.log" 2>&1 &
phones=$!
# The newcomer waits for the facilitator's A.
for _ in $(seq 300); do
	screen | grep -qF "waiting: Eve (new)" && break
	sleep 0.1
done
screen | grep -qF "waiting: Eve (new)" && ok "the newcomer waits on the projector" ||
	bad "newcomer" "$(screen)"
tmux -S "$sock" send-keys -t room A
wait "$phones"
code=$?
cat "$work/phones.log"
[ "$code" -eq 0 ] && ok "four phones joined and rated three dimensions each; a late answer was waited for" ||
	bad "phones" "exit status $code"

# The moment the last phone said "saved": kill -9.
pid=$(tmux -S "$sock" list-panes -t room -F '#{pane_pid}')
before=$(screen)
kill -9 "$pid"
tmux -S "$sock" kill-server 2>/dev/null
rated=$(echo "$before" | grep -c "4 of 5 rated")
[ "$rated" -eq 3 ] && ok "the projector showed 4 of 5 rated on the three dimensions" ||
	bad "counts" "$before"
# The three rows: five people's cells and the group's, each a tick or a
# dot, then the count; no digit anywhere in them.
rows=$(echo "$before" | sed -n '5,7p')
cell='(✓|\.) +'
if [ "$(echo "$rows" | grep -cE " $cell$cell$cell$cell$cell$cell""4 of 5 rated *$")" -ne 3 ] ||
	[ "$(echo "$rows" | grep -o '✓' | wc -l)" -ne 12 ]; then
	bad "no score before the reveal" "$rows"
else
	ok "no score on the projector before the reveal, 12 ticks"
fi

export_json=$("$IMPROV" export "$id" --format json)
n=$(echo "$export_json" | grep -c '"score": [0-9]')
[ "$n" -eq 13 ] && ok "after kill -9 the export holds all 13 ratings" ||
	bad "export" "$n ratings: $export_json"
[ "$(sqlite3 "$IMPROV_DB" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok" ||
	bad "integrity" "not ok"

# Open again: still private, until r reveals.
start
wait_for "4 of 5 rated" && ok "opened again, the ratings are still private" ||
	bad "private again" "$(screen)"
tmux -S "$sock" send-keys -t room r
wait_for "ratings revealed" || bad "reveal" "$(screen)"
for want in "Culture.* 2  *3  *4  *\.  *5 .* 3\.5 " "Policies .* 1  *2  *3  *\.  *4 .* 2\.5 " \
	"Processes.* 5  *5  *4  *\.  *4 .* 4\.5 "; do
	screen | grep -q -- "$want" && ok "revealed: $want" || bad "revealed" "$want not in $(screen)"
done

tmux -S "$sock" send-keys -t room q q q
summary
