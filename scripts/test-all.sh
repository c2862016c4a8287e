#!/usr/bin/env bash
# One command on a fresh clone: install, build, typecheck, run every test (SQLite and PostgreSQL), check the
# changesets, and prove every package installs and works on its own from its packed tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
bash scripts/pnpm.sh run typecheck
bash scripts/pnpm.sh run test
bash scripts/pnpm.sh exec changeset status
PACK_TEST_SKIP_BUILD=1 bash scripts/pnpm.sh run test:pack
