# Tests for scripts/bench-table: two benchmark logs set side by side as the
# README's Performance table, one row per line name, sizes in the order given.
. "$(dirname "$0")/../lib.sh"
dir=$(mktemp -d /tmp/improv-test-bench-table-XXXXXX)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/small.log" <<'LOG'
machine before: 2 cores, AMD EPYC, 1 kB memory, load average 0.50 0.40 0.30
bench: start ours_ms=12.500 base_ms=10.000 ratio=1.25 sessions=1000
bench: peak_home kib=8192 sessions=1000
bench: vote_syncs count=2 sessions=1000
bench: open_id ours_ms=9.000 base_ms=8.000 ratio=1.13 sessions=1000
bench: took 30.0 s
LOG
cat >"$dir/large.log" <<'LOG'
machine before: 2 cores, AMD EPYC, 1 kB memory, load average 0.70 0.40 0.30
bench: start ours_ms=14.000 base_ms=10.500 ratio=1.33 sessions=100000
bench: peak_home kib=10240 sessions=100000
bench: vote_syncs count=2 sessions=100000
bench: took 90.0 s
LOG
out=$(sh scripts/bench-table "$dir/small.log" "$dir/large.log")

row() { # NAME WANT: the table's row for NAME is exactly WANT
	got=$(printf '%s\n' "$out" | grep -F "| $1 |")
	if [ "$got" = "$2" ]; then ok "$3"; else bad "$3" "got '$got'"; fi
}
row start "| start | 12.500 | 10.000 | 1.25 | 14.000 | 10.500 | 1.33 |" \
	"a timed line shows both sizes' improv, floor and ratio side by side"
row peak_home "| peak_home | 8.0 MiB | - | - | 10.0 MiB | - | - |" \
	"a memory line shows mebibytes"
row vote_syncs "| vote_syncs | 2 | - | - | 2 | - | - |" "a count line shows the count"
row open_id "| open_id | 9.000 | 8.000 | 1.13 | - | - | - |" \
	"a line only the first log has shows dashes for the second size"
if printf '%s\n' "$out" | grep -q "took"; then
	bad "the run's length is not a row" "$out"
else
	ok "the run's length is not a row"
fi
if printf '%s\n' "$out" | grep -q "load average 0.50"; then
	ok "the machine line names the first run's load"
else
	bad "the machine line names the first run's load" "$out"
fi
summary
