#!/bin/sh
# The workshop screen on every kind of terminal it may meet: none at all,
# TERM unset, dumb or unknown, a C locale, no colours, a 1x1 window and a
# storm of resizes, and a real terminal (tmux) shown hostile text. Each
# case: no crash, one clear line where the screen cannot run, the exit
# status the manual gives (2 when there is no usable terminal, 0 after q),
# and the database byte for byte as it was when nothing was changed.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
# The hostile-text test binary beside the build writes the payloads and
# checks raw terminal output for them (tests/hostile/payloads.h).
HOSTILE=${HOSTILE:-$(dirname "$IMPROV")/../tests/hostile/test_hostile}
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
unset IMPROV_DB NO_COLOR LC_ALL LANGUAGE
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
export LANG=C.UTF-8
pane=term
. "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || { echo "tmux is needed for this test"; exit 1; }

check() { # NAME CONDITION-STATUS DETAIL
	if [ "$2" -eq 0 ]; then ok "$1"; else bad "$1" "$3"; fi
}

# set-clipboard on: an OSC 52 that got through would make a paste buffer.
echo "set -g set-clipboard on" >"$work/tmux.conf"

db="$work/improv.db"
"$IMPROV" --db "$db" new --title "Zoë's Q1 review" --org "Zürich AG" --unit Vertrieb \
	--participant "Zoë Ng" --participant "李雷" --participant "José" >/dev/null ||
	{ echo "[  FAILED  ] could not make a session"; exit 1; }
cp "$db" "$work/before.db"

untouched() { # NAME: the database is what it was
	if cmp -s "$work/before.db" "$db" && [ ! -e "$db-wal" ] && [ ! -e "$db-journal" ]; then
		ok "$1: the database is untouched"
	else
		bad "$1: the database is untouched" "it changed"
	fi
}

one_line() { # NAME FILE WORDS: one line starting "improv: " that holds WORDS
	if [ "$(wc -l <"$2")" -eq 1 ] && grep -q '^improv: ' "$2" && grep -qF -- "$3" "$2" &&
		! LC_ALL=C grep -q "$(printf '\033')" "$2"; then
		ok "$1: one line that says so"
	else
		bad "$1: one line that says so" "$(head -c 300 "$2" | od -c | head -5)"
	fi
}

wait_status() { # up to 10 s until the program has written its exit status
	for _ in $(seq 100); do
		[ -s "$work/status" ] && return 0
		sleep 0.1
	done
	return 1
}
alive() { [ "$(tmux -S "$sock" display -p -t term '#{pane_dead}' 2>/dev/null)" = 0 ] && [ ! -s "$work/status" ]; }

# start "ENV..." ARGS: the program in a tmux pane of 100x30, its output
# also kept raw in $work/raw, its status in $work/status, stderr in $work/err.
# The program starts only once the pane's output is being kept, so that
# its first frame is in $work/raw too.
start() {
	rm -f "$work/status" "$work/err" "$work/raw" "$work/go"
	tmux -S "$sock" -f "$work/tmux.conf" new-session -d -s term -x 100 -y 30 \
		"until [ -e '$work/go' ]; do sleep 0.05; done;
		 env $1 '$IMPROV' --db '$db' $2 2>'$work/err'; echo \$? >'$work/status'; sleep 600"
	tmux -S "$sock" set-option -t term window-size manual >/dev/null
	tmux -S "$sock" pipe-pane -o -t term "cat >>'$work/raw'"
	: >"$work/go"
}
# Killing the last session ends the tmux server; a new session started
# while it is still going away would die with it, so wait until it is gone.
stop() {
	tmux -S "$sock" kill-session -t term 2>/dev/null
	for _ in $(seq 50); do
		tmux -S "$sock" ls >/dev/null 2>&1 || return 0
		sleep 0.1
	done
}
quit() { # NAME: q (twice inside a session) ends it with status 0
	tmux -S "$sock" send-keys -t term q
	sleep 0.2
	tmux -S "$sock" send-keys -t term q
	wait_status
	check "$1: q quits with status 0" "$([ "$(cat "$work/status" 2>/dev/null)" = 0 ]; echo $?)" \
		"status $(cat "$work/status" 2>/dev/null); $(head -c 200 "$work/err")"
	stop
}

# The colour parameters of every SGR sequence in the raw output (30-49:
# foreground and background, 90-107: bright ones).
colour_codes() {
	LC_ALL=C grep -a -o "$(printf '\033')\[[0-9;]*m" "$work/raw" | tr -d '\033[m' | tr ';' '\n' |
		grep -E '^(3[0-9]|4[0-9]|9[0-7]|10[0-7])$' | sort -u | tr '\n' ' '
}

echo "== no usable terminal: one line, status 2, nothing written"
refused() { # NAME ENV WORDS
	start "$2" ""
	if wait_status; then
		check "$1: status 2" "$([ "$(cat "$work/status")" = 2 ]; echo $?)" "status $(cat "$work/status")"
		one_line "$1" "$work/err" "$3"
	else
		bad "$1: exits" "still running: $(screen | head -3)"
	fi
	stop
	untouched "$1"
}
refused "TERM unset" "-u TERM" "TERM is not set"
refused "TERM=dumb" "TERM=dumb" "cannot move the cursor"
refused "TERM=unknown-xyz" "TERM=unknown-xyz" "is unknown here"
refused "a TERM that is an escape sequence" "TERM='$(printf 'x\033]0;owned\007')'" "is unknown here"
start "TERM=xterm-256color" "</dev/null"
wait_status
check "stdin not a terminal: status 2" "$([ "$(cat "$work/status")" = 2 ]; echo $?)" "status $(cat "$work/status")"
one_line "stdin not a terminal" "$work/err" "needs a terminal"
stop
"$IMPROV" --db "$db" </dev/null >"$work/out" 2>"$work/err"
got=$?
check "stdout not a terminal: status 2" "$([ $got = 2 ]; echo $?)" "status $got"
one_line "stdout not a terminal" "$work/err" "needs a terminal"
check "stdout not a terminal: nothing on stdout" "$([ ! -s "$work/out" ]; echo $?)" "$(head -c 100 "$work/out")"
"$IMPROV" --db "$db" open 1 </dev/null >"$work/out" 2>"$work/err"
got=$?
check "open, not a terminal: status 2" "$([ $got = 2 ]; echo $?)" "status $got"
one_line "open, not a terminal" "$work/err" "needs a terminal"
untouched "not a terminal"

echo "== a C locale: the screen draws, UTF-8 names show as ? and nothing raw"
for locale in "LANG=C" "LC_ALL=C"; do
	start "TERM=xterm-256color $locale" ""
	if wait_for "Q1 review"; then
		ok "$locale: the screen starts and draws"
		screen | grep -qF "Zo?'s Q1 review" && ok "$locale: a UTF-8 name shows as ?, column for column" ||
			bad "$locale: a UTF-8 name shows as ?" "$(screen | head -6)"
		if LC_ALL=C grep -q -a "$(printf '[\200-\377]')" "$work/raw"; then
			bad "$locale: no byte outside ASCII is sent" "$(LC_ALL=C grep -a -o "$(printf '.[\200-\377]')" "$work/raw" | head -3 | od -c | head -2)"
		else
			ok "$locale: no byte outside ASCII is sent"
		fi
	else
		bad "$locale: the screen starts and draws" "$(screen | head -5); $(cat "$work/err")"
	fi
	quit "$locale"
	untouched "$locale"
done

echo "== colours: on by default, none with NO_COLOR or --no-color"
start "TERM=xterm-256color" ""
wait_for "Q1 review" && tmux -S "$sock" send-keys -t term j && sleep 0.3
codes=$(colour_codes)
check "by default the theme's colours are sent" "$([ -n "$codes" ]; echo $?)" "no colour codes"
quit "colours"
for how in "NO_COLOR=1|" "TERM=xterm-256color|--no-color"; do
	start "TERM=xterm-256color ${how%|*}" "${how#*|}"
	wait_for "Q1 review" && tmux -S "$sock" send-keys -t term j && sleep 0.3
	codes=$(colour_codes)
	check "${how%|*} ${how#*|}: no colour codes sent" "$([ -s "$work/raw" ] && [ -z "$codes" ]; echo $?)" \
		"sent SGR $codes (or no output was captured)"
	screen | grep -qF "Q1 review" && ok "${how%|*} ${how#*|}: the screen draws" ||
		bad "${how%|*} ${how#*|}: the screen draws" "$(screen | head -3)"
	quit "${how%|*} ${how#*|}"
	untouched "${how%|*} ${how#*|}"
done

echo "== a 1x1 window and a resize storm"
start "TERM=xterm-256color" ""
wait_for "Q1 review"
tmux -S "$sock" resize-window -t term -x 1 -y 1
sleep 0.3
alive && ok "1x1: still running" || bad "1x1: still running" "status $(cat "$work/status"); $(cat "$work/err")"
tmux -S "$sock" resize-window -t term -x 40 -y 10
wait_for "make the window larger" && ok "40x10: asks for a larger window" ||
	bad "40x10: asks for a larger window" "$(screen)"
screen | grep -qF "This one is 40 x 10." && ok "40x10: says how large it is" ||
	bad "40x10: says how large it is" "$(screen)"
i=0
while [ $i -lt 60 ]; do
	cols=$(( ($(od -An -N2 -tu2 /dev/urandom) % 220) + 1 ))
	rows=$(( ($(od -An -N1 -tu1 /dev/urandom) % 70) + 1 ))
	tmux -S "$sock" resize-window -t term -x "$cols" -y "$rows"
	[ $((i % 10)) -eq 0 ] && tmux -S "$sock" send-keys -t term j
	i=$((i + 1))
done
tmux -S "$sock" resize-window -t term -x 100 -y 30
alive && ok "60 resizes from 1x1 to 220x70: still running" || bad "resize storm: still running" "$(cat "$work/err")"
wait_for "Zürich AG / Vertrieb" && ok "after the storm the home screen is whole again" ||
	bad "after the storm the home screen is whole again" "$(screen | head -5)"
quit "after the storm"
check "after the storm: nothing on stderr" "$([ ! -s "$work/err" ]; echo $?)" "$(head -c 300 "$work/err")"
untouched "1x1 and the resize storm"

# Inside a session too: the workshop survives the storm, and what it holds
# is what it held (opening a session writes only its lease).
"$IMPROV" --db "$db" export 1 >"$work/export-before.json"
start "TERM=xterm-256color" "open 1"
wait_for "Culture: sharing"
i=0
while [ $i -lt 40 ]; do
	tmux -S "$sock" resize-window -t term -x $(( (i * 37) % 200 + 1 )) -y $(( (i * 13) % 60 + 1 ))
	i=$((i + 1))
done
tmux -S "$sock" resize-window -t term -x 100 -y 30
wait_for "Culture: sharing" && ok "inside a session: the stage is whole after the storm" ||
	bad "inside a session: the stage is whole after the storm" "$(screen | head -5)"
quit "inside a session"
"$IMPROV" --db "$db" export 1 >"$work/export-after.json"
cmp -s "$work/export-before.json" "$work/export-after.json" && ok "inside a session: the session is as it was" ||
	bad "inside a session: the session is as it was" "$(diff "$work/export-before.json" "$work/export-after.json" | head -5)"
check "inside a session: integrity_check ok" \
	"$([ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]; echo $?)" "not ok"

echo "== a real terminal shown hostile text: no title, no clipboard, nothing raw"
if [ -x "$HOSTILE" ]; then
	mkdir "$work/payloads"
	"$HOSTILE" --write "$work/payloads"
	db="$work/hostile.db"
	made=0
	for f in "$work"/payloads/*; do
		text=$(cat "$f")
		"$IMPROV" --db "$db" new --title "$text" --org "$text" --unit "$text" --facilitator "$text" \
			--participant "$text" --participant "x $text" >/dev/null 2>&1 && made=$((made + 1))
	done
	tmux -S "$sock" -f "$work/tmux.conf" new-session -d -s term -x 120 -y 40 "sleep 600"
	title=$(tmux -S "$sock" display -p -t term '#{pane_title}')
	stop
	start "TERM=tmux-256color" ""
	tmux -S "$sock" resize-window -t term -x 120 -y 40
	wait_for "improv " || bad "hostile: the home screen" "$(screen | head -3)"
	# Each session of the list, opened, through every stage and back; then
	# a filter that shows when every key has been taken.
	k=0
	while [ $k -lt "$made" ]; do
		tmux -S "$sock" send-keys -t term Enter ']' ']' ']' ']' L L q j
		k=$((k + 1))
	done
	tmux -S "$sock" send-keys -t term / z z d o n e
	wait_for "filter: zzdone" || bad "hostile: every session was shown" "$(screen | tail -3)"
	tmux -S "$sock" send-keys -t term Escape
	after=$(tmux -S "$sock" display -p -t term '#{pane_title}')
	check "hostile: $made sessions shown; the window title is unchanged" \
		"$([ "$after" = "$title" ]; echo $?)" "title is now '$after'"
	check "hostile: nothing reached the clipboard" \
		"$(! tmux -S "$sock" show-buffer >/dev/null 2>&1; echo $?)" "a paste buffer appeared"
	screen | grep -qF "improv " && ok "hostile: the screen was never cleared or hidden" ||
		bad "hostile: the screen was never cleared or hidden" "$(screen | head -3)"
	quit "hostile"
	if "$HOSTILE" --check-raw "$work/raw" >"$work/leaks" 2>&1; then
		ok "hostile: no payload's control sequence in the bytes sent"
	else
		bad "hostile: no payload's control sequence in the bytes sent" "$(head -4 "$work/leaks")"
	fi
else
	echo "(skipped: no $HOSTILE to write the payloads; make test builds it)"
fi

summary
