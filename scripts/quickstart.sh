#!/usr/bin/env bash
# One command on a fresh clone: install, build, create the default database and print its health.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh run build
node scripts/db-health.mjs
