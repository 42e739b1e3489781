# browser.sh: what the room's browser tests share; each sets `here` to its
# folder and sources it. A scratch folder and database ($work, $IMPROV_DB),
# a tmux server at $sock whose pane "room" the test opens, the checks of
# ../lib.sh, and $chromium; without chromium, node or playwright-core the
# test says what is missing and skips.
IMPROV=${IMPROV:-./improv}
case $IMPROV in /*) ;; *) IMPROV=$(pwd)/$IMPROV ;; esac
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export IMPROV_DB="$work/improv.db" XDG_CONFIG_HOME="$work/config" HOME="$work"
unset NO_COLOR IMPROV_LISTEN
pane=room
. "$here/../lib.sh"

chromium=$(command -v chromium || command -v chromium-browser)
skip() { echo "skipped: $1"; exit 0; }
[ -n "$chromium" ] || skip "Debian's chromium is not installed"
command -v node >/dev/null || skip "node is not installed"
[ -d "$here/browser/node_modules/playwright-core" ] ||
	skip "playwright-core is not installed in tests/room/browser (npm install there)"
command -v tmux >/dev/null || { echo "tmux is needed for this test"; exit 1; }
