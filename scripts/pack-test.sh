#!/usr/bin/env bash
# A release rehearsal: every publishable package is packed (`pnpm pack` rewrites workspace:* to real versions),
# checked (dist, README, LICENSE, repository fields), published to a throwaway npm registry on 127.0.0.1
# (scripts/local-registry.sh), and then installed BY NAME into separate empty npm projects — `npm install
# @llm-eval/cli`, exactly what a user types — so every dependency resolves the way it will from npmjs.org. Each
# project then runs its package's README example (checking the output the README shows) and a few checks.
#
#   bash scripts/pack-test.sh            builds first (turbo, cached), then packs, publishes, installs and tests
#   PACK_TEST_SKIP_BUILD=1               use the dist/ folders as they are
#   PACK_TEST_KEEP=1                     keep the temp folder (printed at the end) to look around
#   PACK_TEST_NPM_CACHE=/path            npm cache to use (default: npm's own, so repeated runs are fast)
#   LLM_EVAL_TEST_PG_URL                 PostgreSQL server for the storage + pg check (default postgres@127.0.0.1)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHECKS="$ROOT/scripts/pack-test"
# web: the built dashboard, a dependency of cli (llm-eval serve serves it at /).
PACKAGES=(models stats storage search evaluator queue server web cli)
START=$SECONDS
# shellcheck source=local-registry.sh
source "$ROOT/scripts/local-registry.sh"

step() { printf '\n==> %s  [%ss]\n' "$*" "$((SECONDS - START))"; }
ok() { printf '    ok  %s\n' "$*"; }
fail() {
  printf '    FAILED  %s\n' "$*" >&2
  exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/llm-eval-pack-test.XXXXXX")
cleanup() {
  local code=$?
  local_registry_stop
  # Installs still running in the background (after a failure or Ctrl-C) are ours to stop before removing files.
  local running
  running=$(jobs -p)
  [ -z "$running" ] || kill $running 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${PACK_TEST_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  if [ "$code" -eq 0 ]; then
    printf '\npack test passed in %ss\n' "$((SECONDS - START))"
  else
    printf '\npack test FAILED after %ss\n' "$((SECONDS - START))" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A node_modules above the temp folder would let Node resolve packages the projects did not install.
dir=$WORK
while [ "$dir" != / ]; do
  dir=$(dirname "$dir")
  [ -e "$dir/node_modules" ] && fail "$dir/node_modules exists; it would leak into the test projects (set TMPDIR elsewhere)"
done

# Under `pnpm run`, pnpm exports its own npm_config_* settings (local_prefix=the monorepo, pnpm-only keys that npm
# warns about). The test projects must look like a user's, so keep only network, cache and header settings.
if [[ "${npm_config_user_agent:-}" == pnpm/* ]]; then
  for var in $(compgen -e | grep -i '^npm_config_' || true); do
    case "${var,,}" in
      npm_config_registry | npm_config_cafile | npm_config_ca | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | \
        npm_config_strict_ssl | npm_config_userconfig | npm_config_nodedir | npm_config_cache) ;;
      *) unset "$var" ;;
    esac
  done
fi

# better-sqlite3 compiles from source here, and node-gyp would otherwise try to download Node's headers.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
# One cache for every project and every run: a tarball npm has seen once is a copy, not a download. The tools
# (pnpm, verdaccio) come from it without asking the registry (prefer-offline); the test projects always ask the
# local registry again (prefer-online in their .npmrc): its port changes between runs, and a cached document of an
# earlier run's @llm-eval/* would name a tarball that is not the one just published.
export npm_config_cache="${PACK_TEST_NPM_CACHE:-$(npm config get cache)}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
export npm_config_prefer_offline=true
unset npm_config_prefer_online LLM_EVAL_DATABASE_URL OPENAI_API_KEY OPENAI_BASE_URL

# ---------------------------------------------------------------------------------------------------------------
if [ "${PACK_TEST_SKIP_BUILD:-0}" != 1 ]; then
  step "build (turbo)"
  (cd "$ROOT" && bash scripts/pnpm.sh run build >"$WORK/build.log" 2>&1) || {
    tail -40 "$WORK/build.log" >&2
    fail "build"
  }
  ok "built"
fi

step "pack and check ${PACKAGES[*]}"
mkdir -p "$WORK/tarballs"
for p in "${PACKAGES[@]}"; do [ -d "$ROOT/packages/$p/dist" ] || fail "packages/$p/dist is missing; build first"; done
(cd "$ROOT" && bash scripts/pnpm.sh -r --filter './packages/*' pack --pack-destination "$WORK/tarballs" >"$WORK/pack.log" 2>&1) || {
  cat "$WORK/pack.log" >&2
  fail "pnpm pack"
}
declare -A TGZ
for p in "${PACKAGES[@]}"; do
  version=$(node -p 'require(process.argv[1]).version' "$ROOT/packages/$p/package.json")
  TGZ[$p]="$WORK/tarballs/llm-eval-$p-$version.tgz"
  [ -f "${TGZ[$p]}" ] || fail "pnpm pack wrote no $(basename "${TGZ[$p]}")"
  node "$CHECKS/tarball.mjs" "${TGZ[$p]}" "$ROOT/packages/$p" "$ROOT/LICENSE" || fail "$(basename "${TGZ[$p]}")"
done

# ---------------------------------------------------------------------------------------------------------------
step "publish to a local registry (verdaccio on 127.0.0.1)"
local_registry_start "$WORK/registry" || fail "start the local registry"
# Everything below talks to the local registry through per-project .npmrc files (these variables would beat them),
# never through the user's npm config.
unset npm_config_registry npm_config_prefer_offline
REGISTRY=$LOCAL_REGISTRY_URL
ok "registry at $REGISTRY (pid $LOCAL_REGISTRY_PID)"
declare -A PIDS
for p in "${PACKAGES[@]}"; do
  (cd "$WORK/registry/publish" && npm publish "${TGZ[$p]}" >"$WORK/publish-$p.log" 2>&1) &
  PIDS[$p]=$!
done
for p in "${PACKAGES[@]}"; do
  wait "${PIDS[$p]}" || {
    cat "$WORK/publish-$p.log" >&2
    fail "npm publish @llm-eval/$p"
  }
done
ok "published ${PACKAGES[*]}"

# ---------------------------------------------------------------------------------------------------------------
# Each case: an empty npm project ("type": "module") whose .npmrc points at the local registry, and the packages a
# user would name. Installs run in parallel.
declare -A INSTALL=(
  [models]="@llm-eval/models"
  [stats]="@llm-eval/stats"
  [storage-no-driver]="@llm-eval/storage"
  [storage]="@llm-eval/storage better-sqlite3 pg"
  [evaluator]="@llm-eval/evaluator"
  [search]="@llm-eval/search"
  [server]="@llm-eval/server better-sqlite3"
  [queue]="@llm-eval/queue pg"
  [cli]="@llm-eval/cli"
)
PROJECTS=(models stats storage-no-driver storage evaluator search queue server cli)

step "npm install by name into ${#PROJECTS[@]} empty projects (better-sqlite3 compiles from source; the slow part)"
for name in "${PROJECTS[@]}"; do
  mkdir -p "$WORK/$name"
  printf 'registry=%s\n@llm-eval:registry=%s\nprefer-online=true\n' "$REGISTRY" "$REGISTRY" >"$WORK/$name/.npmrc"
  (cd "$WORK/$name" && npm init -y >/dev/null && npm pkg set type=module && npm install ${INSTALL[$name]} >install.log 2>&1) &
  PIDS[$name]=$!
done
failed=0
for name in "${PROJECTS[@]}"; do
  if wait "${PIDS[$name]}"; then
    ok "$name: npm install ${INSTALL[$name]}"
  else
    echo "    npm install ${INSTALL[$name]} failed in the $name project:" >&2
    tail -30 "$WORK/$name/install.log" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || fail "npm install"
for name in "${PROJECTS[@]}"; do
  (cd "$WORK/$name" && node "$CHECKS/installed-from-registry.mjs" "$WORK/tarballs" "$ROOT") || fail "$name: where @llm-eval/* came from"
done

# Runs a check from scripts/pack-test inside a project.
check() {
  local name=$1 file=$2
  cp "$CHECKS/$file" "$WORK/$name/$file"
  # The serve checks share how they start and stop `llm-eval serve`.
  if grep -q "serve-process.mjs" "$CHECKS/$file"; then cp "$CHECKS/serve-process.mjs" "$WORK/$name/"; fi
  (cd "$WORK/$name" && node "$file") || fail "$name: node $file"
}
readme_example() {
  (cd "$WORK/$1" && node "$CHECKS/readme-example.mjs" "$2") || fail "$1: the README example of @llm-eval/$2"
}

# ---------------------------------------------------------------------------------------------------------------
step "(a) @llm-eval/models and (b) @llm-eval/stats"
readme_example models models
readme_example stats stats

step "(c) @llm-eval/storage without a driver: a clear error"
check storage-no-driver storage-no-driver.mjs

step "(d) @llm-eval/storage with better-sqlite3 and pg"
readme_example storage storage
check storage storage-postgres.mjs

step "(e) @llm-eval/evaluator alone (no database driver)"
readme_example evaluator evaluator
check evaluator evaluator-no-driver.mjs
check evaluator evaluator-no-driver.cjs

step "(f) @llm-eval/search"
readme_example search search

step "(f2) @llm-eval/queue with pg: its README example on PostgreSQL and Redis"
cp "$CHECKS/readme-example.mjs" "$WORK/queue/"
check queue queue-postgres.mjs

step "(g) @llm-eval/server alone (with better-sqlite3): createServer, listen on a free port, fetch, close"
readme_example server server

step "(h) the llm-eval command from @llm-eval/cli, and the dashboard it serves"
export LLM_EVAL_DATABASE_URL="sqlite:///$WORK/cli/runs.db"
cli() {
  (cd "$WORK/cli" && NO_COLOR=1 npx --no -- llm-eval "$@")
}
expected_version=$(node -p 'require(process.argv[1]).version' "$WORK/cli/node_modules/@llm-eval/cli/package.json")
version=$(cli --version 2>&1) || fail "llm-eval --version exited with $?: $version"
[ "$version" = "$expected_version" ] || fail "llm-eval --version printed '$version', expected $expected_version"
ok "llm-eval --version → $version"
# One copy of typeorm and of @llm-eval/models in the install: entity classes are matched by identity, so a second copy
# (npm nests one when another dependency conflicts with typeorm's peer ranges, e.g. ioredis 6 against its ^5) makes
# "No metadata for RunComparison was found" at the first repository of the other copy.
for shared in typeorm @llm-eval/models; do
  copies=$(cd "$WORK/cli" && find node_modules -path "*node_modules/$shared/package.json" | wc -l)
  [ "$copies" -eq 1 ] || fail "npm installed $copies copies of $shared with @llm-eval/cli, expected 1: $(cd "$WORK/cli" && find node_modules -path "*node_modules/$shared/package.json" | tr '\n' ' ')"
done
ok "one typeorm and one @llm-eval/models in the install"
cli --help >"$WORK/cli/help.txt" 2>&1 || fail "llm-eval --help"
grep -q 'llm-eval <command>' "$WORK/cli/help.txt" || fail "llm-eval --help printed no usage"
ok "llm-eval --help"
cli db init >"$WORK/cli/init.txt" 2>&1 || { cat "$WORK/cli/init.txt" >&2; fail "llm-eval db init"; }
ok "llm-eval db init → $(head -1 "$WORK/cli/init.txt")"
cli db health >"$WORK/cli/health.txt" 2>&1 || { cat "$WORK/cli/health.txt" >&2; fail "llm-eval db health"; }
ok "llm-eval db health → $(head -1 "$WORK/cli/health.txt")"
cli demo >"$WORK/cli/demo.txt" 2>&1 || { tail -30 "$WORK/cli/demo.txt" >&2; fail "llm-eval demo"; }
runs=$(cli runs list --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).total))')
[ "$runs" -ge 2 ] || fail "llm-eval demo stored $runs run(s), expected 2"
ok "llm-eval demo → $runs runs stored in $WORK/cli/runs.db"
check cli cli-import.mjs
check cli cli-serve.mjs
check cli cli-dashboard.mjs
check cli cli-queue.mjs
