#!/bin/sh
# make, on a machine that may not have it yet: installs what the named make
# targets need (make itself among it; see scripts/ensure-deps), then runs
# make with the same arguments.
#
#   ./make.sh run      opens the workshop screen on your default database
#   ./make.sh test     runs the whole test suite
set -e
cd "$(dirname "$0")"
goals=""
for arg in "$@"; do
	case $arg in -* | *=*) ;; *) goals="$goals $arg" ;; esac
done
sh scripts/ensure-deps ${goals:-all}
exec make "$@"
