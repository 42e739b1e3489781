#!/bin/sh
# improv edit: a session's fields and people changed from the command line,
# all at once or not at all, as a script or a facilitator sees it.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
manpage=$(cd "$(dirname "$0")/../.." && pwd)/improv.1
readme=$(cd "$(dirname "$0")/../.." && pwd)/README.md
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib.sh"
cd "$work" || exit 1
unset IMPROV_DB NO_COLOR
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
db="$work/edit.db"
i() { "$IMPROV" --db "$db" "$@"; }

lacks() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then bad "$1" "$2 holds '$3'"; else ok "$1"; fi
}
one_error_line() { # NAME TEXT: err is one line starting "improv: " that holds TEXT
	if [ "$(wc -l <err)" -eq 1 ] && grep -q '^improv: ' err && grep -qF -- "$2" err; then
		ok "$1"
	else
		bad "$1" "stderr: $(head -c 300 err)"
	fi
}

echo "== a session put right from the command line"
i new --title "Q1 reveiw" --org Acme --participant Ana --participant Bo --participant Cy \
	--participant Dee >/dev/null
i export 1 >before.json
expect "edit changes the fields and the people at once" 0 i edit 1 --title "Q1 review" \
	--org "Acme EU" --unit Sales --level unit --facilitator Zoë \
	--add-participant Émile --rename-participant Bo=Bob --remove-participant Cy
[ ! -s out ] && ok "edit prints nothing when it worked" || bad "edit prints nothing" "$(cat out)"
i export 1 --format json >after.json
contains "the title is corrected" after.json '"title": "Q1 review"'
contains "the unit is set" after.json '"unit": "Sales"'
contains "the level is set" after.json '"level": "unit"'
contains "the facilitator is set" after.json '"facilitator": "Zoë"'
contains "the late arrival is a participant" after.json '"name": "Émile"'
contains "the typo is put right" after.json '"name": "Bob"'
contains "who left is still there" after.json '"name": "Cy"'
grep -A2 '"name": "Cy"' after.json | grep -q '"left_on": "20' && ok "marked as left, with the day" || bad "marked as left" "$(grep -A2 '"name": "Cy"' after.json)"
i export 1 --format md >after.md
contains "the report says who left still counts" after.md "Cy (left; ratings counted)"
i show 1 >show.txt
contains "show names the new title" show.txt "Q1 review"
contains "show says who left still counts" show.txt "Cy (left; ratings counted)"

echo "== removing with the ratings"
expect "--drop-ratings removes the person and their ratings" 0 i edit 1 --remove-participant Dee --drop-ratings
i export 1 >dropped.json
lacks "Dee is gone" dropped.json '"name": "Dee"'
expect "someone who left can be taken out later" 0 i edit 1 --remove-participant Cy --drop-ratings
i export 1 >dropped.json
lacks "Cy is gone" dropped.json '"name": "Cy"'

echo "== what is refused, and nothing changed"
cp "$db" kept.db
refused() { # NAME TEXT ARGS...: refused with status 65, one line naming TEXT, file as it was
	name=$1 text=$2
	shift 2
	expect "$name" 65 i edit 1 "$@"
	one_error_line "$name: one line" "$text"
	contains "$name: says nothing was changed" err "nothing was changed"
	if [ "$(i export 1 | md5sum)" = "$("$IMPROV" --db kept.db export 1 | md5sum)" ]; then
		ok "$name: the session is as it was"
	else
		bad "$name: the session is as it was" "changed"
	fi
}
refused "an unknown name" 'no participant is called "Zed"' --title "New title" --remove-participant Zed
refused "an unknown name to rename" 'no participant is called "Bo"' --rename-participant Bo=Boris
refused "a name taken already" "Ana is already a participant" --add-participant Dee --add-participant Ana
refused "renaming onto a taken name" "Ana is already a participant" --rename-participant Bob=Ana
refused "an empty name" "a participant's name is empty" --add-participant "  "
refused "a name with an escape" 'holds a control character' --add-participant "$(printf 'Dee\033[2J')"
refused "a name over two lines" 'holds a control character' --rename-participant "$(printf 'Bob=Bo\nb')"
refused "an unknown level" "level" --level department
lacks "the escape is shown, not sent" err "$(printf '\033')"
expect "a rename without = is a usage error" 2 i edit 1 --rename-participant Bob
one_error_line "it says OLD=NEW" "OLD=NEW"
expect "nothing to change is a usage error" 2 i edit 1
expect "--drop-ratings alone is a usage error" 2 i edit 1 --drop-ratings
expect "an unknown option is a usage error" 2 i edit 1 --colour blue
expect "a session that is not there" 66 i edit 9 --title x
one_error_line "it names the session" "no session 9"

echo "== a session open in a window"
tmux -S "$sock" new-session -d -s edit -x 100 -y 30 "'$IMPROV' --db '$db' open 1"
wait_for "Q1 review" && ok "the session is open in a window" || bad "the session is open" "$(screen)"
expect "edit refuses a session open in a window" 69 i edit 1 --add-participant Finn
one_error_line "it says where it is open" "open in a window"
tmux -S "$sock" send-keys -t edit q q
for _ in $(seq 50); do tmux -S "$sock" ls >/dev/null 2>&1 || break; sleep 0.1; done
expect "once the window is closed, edit works" 0 i edit 1 --add-participant Finn

echo "== a closed session is read-only"
i checkin 1 >/dev/null 2>&1
sqlite3 "$db" "UPDATE sessions SET status = 'closed', closed_at = '2026-12-01T00:00:00Z' WHERE id = 1"
expect "edit refuses a closed session" 65 i edit 1 --title "Another"
one_error_line "it says to reopen it" "closed; reopen it"

echo "== where it is written down"
"$IMPROV" --help >help
contains "--help shows edit" help "improv edit ID"
contains "--help names --drop-ratings" help "--drop-ratings"
contains "the man page documents edit" "$manpage" '.BI edit " id"'
contains "the man page documents --drop-ratings" "$manpage" 'drop\-ratings'
contains "the README shows edit" "$readme" "improv edit"

summary
