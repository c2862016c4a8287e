#!/usr/bin/env bash
# One command on a fresh clone: install, build, and run `llm-eval demo` against ./llm_eval_runs.db
# (evaluates two versions of the bundled example task, stores both runs, lists and compares them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
node packages/cli/dist/bin.js demo "$@"
echo
echo "Try: node packages/cli/dist/bin.js runs list   (or link it: ln -s \"$PWD/packages/cli/dist/bin.js\" ~/.local/bin/llm-eval, then llm-eval runs list)"
