# lib.sh: what the shell tests share; each sources it with
# `. "$(dirname "$0")/../lib.sh"` before it changes folder. Counting checks:
# ok NAME, bad NAME DETAIL, and summary, which prints the count and exits 1
# when any check failed. Reading a tmux pane: screen and wait_for TEXT, on
# the server at $sock and the pane $pane, which the script sets. Running a
# command: expect NAME STATUS CMD... and contains NAME FILE TEXT.
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "[       OK ] $1"; }
bad() { failed=$((failed + 1)); echo "[  FAILED  ] $1: $2"; }

summary() {
	echo
	echo "[==========] $((passed + failed)) check(s) run."
	if [ "$failed" -ne 0 ]; then
		echo "[  FAILED  ] $failed check(s)."
		exit 1
	fi
	echo "[  PASSED  ] $passed check(s)."
}

screen() { tmux -S "$sock" capture-pane -p -t "$pane" 2>/dev/null; }
wait_for() { # TEXT: up to 10 s until the screen shows it
	for _ in $(seq 100); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

expect() { # NAME STATUS CMD...: runs CMD, keeps its output in out/err, checks the status
	name=$1 want=$2
	shift 2
	"$@" >out 2>err </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name" "status $got, wanted $want; $(head -c 300 err)"; fi
}
contains() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "$2 lacks '$3'"; fi
}
