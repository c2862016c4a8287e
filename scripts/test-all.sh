#!/usr/bin/env bash
# One command on a fresh clone: install, build, typecheck, run every test (SQLite and PostgreSQL), check the
# changesets, and rehearse a release: publish every package to a local npm registry and install each by name into
# empty projects (scripts/pack-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
bash scripts/pnpm.sh run build 2>&1 | tee "$build_log"
# The build is quiet about decorators on purpose (tooling/tsconfig/build.json); keep it that way.
if grep -q '@swc/core was not installed' "$build_log"; then
  echo "The build warns that @swc/core is missing: a tsup.config.ts no longer uses its tsconfig.build.json." >&2
  exit 1
fi
bash scripts/pnpm.sh run typecheck
bash scripts/pnpm.sh run test
bash scripts/pnpm.sh exec changeset status
PACK_TEST_SKIP_BUILD=1 bash scripts/pnpm.sh run test:pack
