#!/bin/sh
# A change that has appeared on the screen survives kill -9. The workshop
# runs in tmux while values are typed one after another; at a random moment
# the screen is captured and the process killed without warning. Every
# value the captured screen shows must then be in the database, which must
# pass SQLite's integrity check. A first round kills right after each change
# shows; the second kills at random moments in the middle of the typing.
# KILLS=N sets how many kills of each kind (make test: 10; make soak: 100).
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
KILLS=${KILLS:-10}
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export IMPROV_DB="$work/improv.db" XDG_CONFIG_HOME="$work/config" HOME="$work"
unset NO_COLOR
pane=kill
. "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || { echo "tmux is needed for this test"; exit 1; }

start() { # ID: the workshop, on its goals and values stage
	tmux -S "$sock" new-session -d -s kill -x 100 -y 30 "exec '$IMPROV' open $1"
	wait_for "Kill test" || { echo "[  FAILED  ] the workshop did not start"; screen; exit 1; }
}
kill_it() {
	pid=$(tmux -S "$sock" list-panes -t kill -F '#{pane_pid}')
	kill -9 "$pid"
	tmux -S "$sock" kill-session -t kill 2>/dev/null
	# The tmux server ends with its last session; the next start must not
	# reach it while it is still going away.
	for _ in $(seq 50); do
		tmux -S "$sock" ls >/dev/null 2>&1 || break
		sleep 0.1
	done
}
in_database() { # ID TEXT
	"$IMPROV" export "$1" | grep -qF "\"text\": \"$2\""
}
integrity() {
	check=$(sqlite3 "$IMPROV_DB" 'PRAGMA integrity_check')
	[ "$check" = ok ] || { echo "[  FAILED  ] integrity_check: $check"; exit 1; }
}
new_session() {
	"$IMPROV" new --title "Kill test" --participant Ana --participant Bo --participant Cy
}

lost=0
survived=0

# Round 1: kill the moment a change shows.
id=$(new_session) || exit 1
i=1
while [ "$i" -le "$KILLS" ]; do
	start "$id"
	if [ "$i" -eq 1 ]; then
		tmux -S "$sock" send-keys -t kill ']'
		wait_for "Values we hold" || { echo "[  FAILED  ] no goals stage"; exit 1; }
	fi
	tmux -S "$sock" send-keys -t kill a
	wait_for "New value" || { echo "[  FAILED  ] run $i: no form"; screen; exit 1; }
	tmux -S "$sock" send-keys -t kill "value number $i" Enter
	wait_for "added the value" || { echo "[  FAILED  ] run $i: never shown"; screen; exit 1; }
	kill_it
	if in_database "$id" "value number $i"; then survived=$((survived + 1)); else
		lost=$((lost + 1)); echo "[  FAILED  ] run $i: value $i lost"; fi
	integrity
	i=$((i + 1))
done

# Round 2: kill at a random moment while values are being typed; what the
# last capture showed must be saved.
i=1
while [ "$i" -le "$KILLS" ]; do
	id=$(new_session) || exit 1
	start "$id"
	tmux -S "$sock" send-keys -t kill ']'
	wait_for "Values we hold" || { echo "[  FAILED  ] no goals stage"; exit 1; }
	for k in 1 2 3 4 5; do
		tmux -S "$sock" send-keys -t kill a "random $i.$k" Enter
	done
	sleep "0.$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
	screen >"$work/shown"
	kill_it
	for k in 1 2 3 4 5; do
		grep -qF "random $i.$k" "$work/shown" || continue
		if in_database "$id" "random $i.$k"; then survived=$((survived + 1)); else
			lost=$((lost + 1)); echo "[  FAILED  ] random kill $i: 'random $i.$k' was shown, is lost"
		fi
	done
	integrity
	i=$((i + 1))
done

echo "kill -9: $((KILLS * 2)) kills, $survived changes seen on screen and found saved," \
	"$lost lost; integrity_check ok after each kill"
[ "$lost" -eq 0 ] || { echo "[  FAILED  ] kill -9 lost data"; exit 1; }
echo "[  PASSED  ] $((KILLS * 2)) kill(s)."
