#!/bin/sh
# scripts/callgrind-audit.sh BUILD FILE.jsonl [WARM] [MEASURED]: instructions (valgrind's callgrind)
# of MEASURED passes (default 1) of the audit's per-line function of BUILD over FILE, after WARM
# passes (default 2) to warm up: load-independent, for changes of a percent that paired timings on
# a busy machine cannot see. Slow (about 50x): use a few thousand lines. Prints the instructions.
set -eu
BUILD=$(cd "$1" && pwd)
FILE=$2
WARM=${3:-2}
MEASURED=${4:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$WORK/out.%p" \
  node --single-threaded "$HERE/callgrind-audit.mjs" "$BUILD" "$FILE" "$WARM" "$MEASURED" "$WORK/mark" \
  >"$WORK/log" 2>&1 &
PID=$!
while [ ! -f "$WORK/mark.warm" ]; do sleep 2; done
callgrind_control -z "$PID" >/dev/null 2>&1 || true
touch "$WORK/mark.warm.ok"
while [ ! -f "$WORK/mark.done" ]; do sleep 2; done
callgrind_control -d "$PID" >/dev/null 2>&1 || true
touch "$WORK/mark.done.ok"
wait
for dump in "$WORK"/out.*.1; do grep '^summary:' "$dump" | sed "s|^summary:|$MEASURED warm pass(es), instructions:|"; done
