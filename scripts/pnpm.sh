#!/usr/bin/env bash
# Runs the pinned pnpm on a machine that has only Node and npm (no global pnpm, no corepack needed).
set -euo pipefail
PNPM_VERSION=10.34.9
# better-sqlite3 compiles from source here; node-gyp would otherwise try to download Node's headers.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
export TURBO_TELEMETRY_DISABLED=1
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  exec pnpm "$@"
fi
exec npx --yes "pnpm@$PNPM_VERSION" "$@"
