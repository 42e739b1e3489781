#!/bin/sh
# The layering check fails the build when a layer uses a library it must
# not (model/ is plain C; only sessions/ talks to SQLite; only tui/ draws),
# and passes the real build.
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # NAME WANT-STATUS BUILD-DIR
	sh "$root/scripts/check-layers" "$3" >/dev/null 2>"$work/err"
	got=$?
	if [ "$got" -eq "$2" ]; then
		passed=$((passed + 1)); echo "[       OK ] $1"
	else
		failed=$((failed + 1)); echo "[  FAILED  ] $1: status $got"
	fi
}
fake() { # FOLDER HEADER: a dependency file as the compiler writes it
	mkdir -p "$work/b/$1"
	printf 'x.o: x.c %s\n' "$2" >"$work/b/$1/x.d"
}

check "the project's own build keeps its layers" 0 "$root/build/test"
fake model /usr/include/stdio.h
check "plain C in model/ passes" 0 "$work/b"
fake model /usr/include/sqlite3.h
check "sqlite3 in model/ fails" 1 "$work/b"
rm -rf "$work/b"; fake model /usr/include/yaml.h
check "yaml in model/ fails" 1 "$work/b"
rm -rf "$work/b"; fake cli /usr/include/ncursesw/curses.h
check "curses in cli/ fails" 1 "$work/b"
rm -rf "$work/b"; fake templates /usr/include/sqlite3.h
check "sqlite3 in templates/ fails" 1 "$work/b"
rm -rf "$work/b"; fake sessions /usr/include/sqlite3.h
check "sqlite3 in sessions/ passes" 0 "$work/b"
rm -rf "$work/b"; fake sessions /usr/include/ncursesw/curses.h
check "curses in sessions/ fails" 1 "$work/b"
echo "[==========] $((passed + failed)) check(s) run."
[ "$failed" -eq 0 ] && echo "[  PASSED  ] $passed check(s)." || { echo "[  FAILED  ] $failed"; exit 1; }
