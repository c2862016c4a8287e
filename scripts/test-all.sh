#!/usr/bin/env bash
# One command on a fresh clone: install, build, typecheck and run every test (SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
bash scripts/pnpm.sh run typecheck
bash scripts/pnpm.sh run test
