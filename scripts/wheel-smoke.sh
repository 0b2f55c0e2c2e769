#!/usr/bin/env bash
# Install a built wheel into a fresh virtual environment and run it where nothing of this
# checkout is visible: `cmdbgit init` in a scratch repository, then `validate`, then `check`
# on a branch. Proves the package ships everything it needs (schemas, scaffold, workflows).
# Usage: scripts/wheel-smoke.sh dist/cmdbgit-*.whl
set -euo pipefail

wheel="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel"
cmdbgit="$work/venv/bin/cmdbgit"

export GIT_AUTHOR_NAME=cmdbgit GIT_AUTHOR_EMAIL=ci@example.com
export GIT_COMMITTER_NAME=cmdbgit GIT_COMMITTER_EMAIL=ci@example.com
cd "$work"
"$cmdbgit" --version
"$cmdbgit" init inventory
cd inventory
"$cmdbgit" validate --as-of 2026-11-27
"$cmdbgit" policy test
git add -A && git commit --quiet -m "cmdbgit init"
git checkout --quiet -b change
"$cmdbgit" check --base main --as-of 2026-11-27
echo "wheel smoke test passed: $(basename "$wheel")"
