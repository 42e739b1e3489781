#!/bin/sh
# The layering check keeps the room to its place: no curses and no sqlite3
# in room/, microhttpd and qrencode nowhere else, and the editing service
# reached from room/room_workshop.c only.
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # NAME WANT-STATUS
	rc=0
	sh "$root/scripts/check-layers" "$work/b" >/dev/null 2>&1 || rc=$?
	if [ "$rc" -eq "$2" ]; then
		passed=$((passed + 1)); echo "[       OK ] $1"
	else
		failed=$((failed + 1)); echo "[  FAILED  ] $1: status $rc"
	fi
	rm -rf "$work/b"
}
fake() { # FOLDER FILE HEADER: a dependency file as the compiler writes it
	mkdir -p "$work/b/$1"
	printf '%s.o: %s.c %s\n' "$2" "$2" "$3" >"$work/b/$1/$2.d"
}

fake room http /usr/include/microhttpd.h
check "microhttpd in room/ passes" 0
fake room qr /usr/include/qrencode.h
check "qrencode in room/ passes" 0
fake room qr /usr/include/ncursesw/curses.h
check "curses in room/ fails" 1
fake room handlers /usr/include/sqlite3.h
check "sqlite3 in room/ fails" 1
fake tui app /usr/include/microhttpd.h
check "microhttpd in tui/ fails" 1
fake cli cmd /usr/include/qrencode.h
check "qrencode in cli/ fails" 1
fake room room_workshop sessions/workshop.h
check "the editing service in room/room_workshop.c passes" 0
fake room handlers sessions/workshop.h
check "the editing service in another room file fails" 1
fake room render sessions/store.h
check "the store in a room file fails" 1
echo "[==========] $((passed + failed)) check(s) run."
[ "$failed" -eq 0 ] && echo "[  PASSED  ] $passed check(s)." || { echo "[  FAILED  ] $failed"; exit 1; }
