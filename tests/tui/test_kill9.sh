#!/bin/sh
# A change that has appeared on the screen survives kill -9: the workshop
# runs in tmux, a value is typed, and as soon as it shows the process is
# killed without warning. Every value must then be in the database, and
# the database must pass SQLite's integrity check.
# KILLS=N sets how many times (make test: 10; make soak: 100).
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
KILLS=${KILLS:-10}
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export IMPROV_DB="$work/improv.db" XDG_CONFIG_HOME="$work/config" HOME="$work"
unset NO_COLOR

command -v tmux >/dev/null || { echo "tmux is needed for this test"; exit 1; }
id=$("$IMPROV" new --title "Kill test" --participant Ana --participant Bo --participant Cy) ||
	exit 1

screen() { tmux -S "$sock" capture-pane -p -t kill 2>/dev/null; }
wait_for() { # TEXT: up to 10 s until the screen shows it
	for _ in $(seq 100); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

lost=0
survived=0
i=1
while [ "$i" -le "$KILLS" ]; do
	tmux -S "$sock" new-session -d -s kill -x 100 -y 30 "exec '$IMPROV' open $id"
	if ! wait_for "Kill test"; then
		echo "[  FAILED  ] run $i: the workshop did not start"; screen; exit 1
	fi
	if [ "$i" -eq 1 ]; then
		tmux -S "$sock" send-keys -t kill ']'
		wait_for "Values we hold" || { echo "[  FAILED  ] no goals stage"; exit 1; }
	fi
	tmux -S "$sock" send-keys -t kill a
	wait_for "New value" || { echo "[  FAILED  ] run $i: no form"; screen; exit 1; }
	tmux -S "$sock" send-keys -t kill "value number $i" Enter
	if ! wait_for "added the value"; then
		echo "[  FAILED  ] run $i: the value never showed"; screen; exit 1
	fi
	pid=$(tmux -S "$sock" list-panes -t kill -F '#{pane_pid}')
	kill -9 "$pid"
	tmux -S "$sock" kill-session -t kill 2>/dev/null
	"$IMPROV" export "$id" >"$work/export.json" || { echo "[  FAILED  ] export after kill $i"; exit 1; }
	if grep -qF "\"text\": \"value number $i\"" "$work/export.json"; then
		survived=$((survived + 1))
	else
		lost=$((lost + 1))
		echo "[  FAILED  ] run $i: the value shown before the kill is not in the database"
	fi
	i=$((i + 1))
done

count=$(grep -c '"text": "value number' "$work/export.json")
check=$(sqlite3 "$IMPROV_DB" 'PRAGMA integrity_check')
echo "kill -9: $survived of $KILLS kills survived with the change saved; $lost lost;" \
	"$count values in the database; integrity_check: $check"
[ "$lost" -eq 0 ] && [ "$count" -eq "$KILLS" ] && [ "$check" = ok ] || {
	echo "[  FAILED  ] kill -9 lost data"; exit 1; }
echo "[  PASSED  ] $KILLS kill(s)."
