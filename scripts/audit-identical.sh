#!/bin/sh
# scripts/audit-identical.sh BASE [CORPUS.jsonl]: proves that `replylint audit` writes the same bytes
# as another build (BASE: a folder holding that build's bin/, dist/, models/, rules/, signals/ and
# package.json, e.g. a copy of main's checkout after `npm ci`). It audits the bench corpus (made
# with the bench's own generator when CORPUS is not given) and the eval sets of ../shared/eval
# (those present), without and with a brand configuration, on one thread and on two workers, and
# compares stdout and the summary on stderr with `cmp`. Exit 0: all identical; 1: a difference.
# Speed work must leave the audit's output unchanged (issue 13); detection changes show up here.
set -u
BASE=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")/.." && pwd)
EVAL="$HERE/../shared/eval"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CORPUS=${2:-}
if [ -z "$CORPUS" ]; then
  CORPUS="$WORK/corpus.jsonl"
  node --input-type=module -e "
    import { writeFileSync } from 'node:fs';
    import { evalReplies, generateReplies } from '$HERE/dist/tools/corpus.js';
    const corpus = [...generateReplies(4000), ...evalReplies('$EVAL')];
    writeFileSync('$CORPUS', corpus.map((r) => JSON.stringify(r) + '\n').join(''));
  "
fi
cat >"$WORK/brand.yml" <<'EOF'
brand: { name: Acme Support, handles: ["@acme", "@acme_help"], voice: we }
responseTargetMinutes: 60
vocabulary: ["ROCKET BOX ULTRA", FastTrack]
EOF

failed=0
compared=0
# run NAME FILE [audit options...]: one audit by each build, stdout and stderr compared.
run() {
  name=$1
  file=$2
  shift 2
  [ -f "$file" ] || return 0
  for build in "$BASE" "$HERE"; do
    tag=$([ "$build" = "$BASE" ] && echo base || echo head)
    (cd "$WORK" && NO_COLOR=1 node "$build/bin/replylint.js" audit "$file" "$@" >"$WORK/$name.$tag.out" 2>"$WORK/$name.$tag.err")
    echo $? >"$WORK/$name.$tag.code"
  done
  compared=$((compared + 1))
  for part in out err code; do
    if ! cmp -s "$WORK/$name.base.$part" "$WORK/$name.head.$part"; then
      echo "DIFFERENT: $name ($part): audit $file $*"
      cmp "$WORK/$name.base.$part" "$WORK/$name.head.$part" | head -1
      failed=1
    fi
  done
}

for cfg in none brand; do
  if [ $cfg = brand ]; then set -- -c "$WORK/brand.yml"; else set --; fi
  run "corpus-$cfg-1" "$CORPUS" --workers 1 "$@"
  run "corpus-$cfg-2" "$CORPUS" --workers 2 "$@"
  run "replies-$cfg" "$EVAL/replies.jsonl" --workers 1 "$@"
  run "politeness-$cfg" "$EVAL/politeness.jsonl" --workers 1 "$@"
  run "pairs-$cfg" "$EVAL/real/pairs.jsonl" --workers 1 --in-reply-to-field message "$@"
  run "written-$cfg" "$EVAL/real/written.jsonl" --workers 1 --in-reply-to-field message "$@"
  run "written-2-$cfg" "$EVAL/real/written.jsonl" --workers 2 --batch 16 --in-reply-to-field message "$@"
done
if [ $failed -eq 0 ]; then echo "identical: $compared audits (stdout, stderr, exit code)"; fi
exit $failed
