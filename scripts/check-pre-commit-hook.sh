#!/usr/bin/env bash
# npm run check:hook — the README's pre-commit snippet, in a fresh repository, with the real
# pre-commit (Debian: apt-get install pre-commit): the hook installs from this checkout's HEAD
# (commit first), fails on a hostile reply, passes on a good one. Takes a few minutes (the
# hook's first install builds replylint); not part of npm test for that reason.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (apt-get install pre-commit, or pipx install pre-commit)"; exit 2; }
rev="$(git -C "$here" rev-parse HEAD)"
work="$(mktemp -d)"
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q repo && cd repo
git config user.email hook@example.invalid && git config user.name hook
mkdir replies
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: replylint
        files: ^replies/
        args: [--min-level, warning]
YAML
echo "Thanks for telling us, we are checking your order now." > replies/good.txt
git add -A
pre-commit run --all-files
echo "This is your fault. Read the FAQ before complaining!!!" > replies/bad.txt
git add -A
if pre-commit run --all-files > "$work/bad.log" 2>&1; then cat "$work/bad.log"; echo "FAIL: the hook passed a hostile reply"; exit 1; fi
grep -q "hostile-tone" "$work/bad.log" || { cat "$work/bad.log"; echo "FAIL: no hostile-tone finding"; exit 1; }
echo "OK: pre-commit $(pre-commit --version | cut -d' ' -f2) installed the hook from $rev; it passes a good reply and fails a hostile one"
rm -rf "$work"
