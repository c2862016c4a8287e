#!/usr/bin/env bash
# A throwaway npm registry on 127.0.0.1 for release tests (sourced by pack-test.sh): verdaccio with its storage in a
# temp folder, @llm-eval/* served only from what we publish to it (never proxied, so a public package of the same
# name can never stand in for ours), and every other package proxied from the public npm registry, so installs
# resolve third-party dependencies exactly as they will for users.
#
#   local_registry_start DIR   start it; sets LOCAL_REGISTRY_URL and LOCAL_REGISTRY_PID and writes DIR/publish/.npmrc
#                              (the registry and a token of a throwaway user) for `npm publish` run inside DIR/publish
#   local_registry_stop        stop it (pack-test.sh also stops it from its exit trap)
#
# verdaccio 6 needs Node >= 22; the 5.x line runs on Node 20. npx keeps it in the npm cache after the first run.
VERDACCIO_VERSION=5.33.0

local_registry_start() {
  local dir=$1 bin port upstream attempt
  mkdir -p "$dir/storage" "$dir/publish"
  bin=$(npx --yes -p "verdaccio@$VERDACCIO_VERSION" -c 'command -v verdaccio') || {
    echo "could not get verdaccio@$VERDACCIO_VERSION through npx" >&2
    return 1
  }
  # The public registry npm is configured with (a mirror, if the machine uses one), unless it points at a local one.
  upstream=$(npm config get registry 2>/dev/null || true)
  [[ "$upstream" == https://* ]] || upstream=https://registry.npmjs.org/
  cat >"$dir/config.yaml" <<EOF
storage: $dir/storage
auth:
  htpasswd:
    file: $dir/htpasswd
    max_users: 1
uplinks:
  npmjs:
    url: $upstream
    timeout: 60s
    max_fails: 5
packages:
  '@llm-eval/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
EOF
  # A free port can be taken between asking for it and verdaccio binding it: try a few.
  for attempt in 1 2 3; do
    port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
    "$bin" --config "$dir/config.yaml" --listen "127.0.0.1:$port" >>"$dir/verdaccio.log" 2>&1 &
    LOCAL_REGISTRY_PID=$!
    LOCAL_REGISTRY_URL="http://127.0.0.1:$port/"
    if node "$(dirname "${BASH_SOURCE[0]}")/pack-test/registry-ready.mjs" "$LOCAL_REGISTRY_URL" "$LOCAL_REGISTRY_PID" "$dir/publish/.npmrc"; then
      return 0
    fi
    kill "$LOCAL_REGISTRY_PID" 2>/dev/null || true
    wait "$LOCAL_REGISTRY_PID" 2>/dev/null || true
    LOCAL_REGISTRY_PID=
    echo "verdaccio did not start on port $port (attempt $attempt); its log:" >&2
    tail -20 "$dir/verdaccio.log" >&2
  done
  return 1
}

local_registry_stop() {
  [ -n "${LOCAL_REGISTRY_PID:-}" ] || return 0
  kill "$LOCAL_REGISTRY_PID" 2>/dev/null || true
  wait "$LOCAL_REGISTRY_PID" 2>/dev/null || true
  LOCAL_REGISTRY_PID=
}
