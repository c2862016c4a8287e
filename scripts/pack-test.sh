#!/usr/bin/env bash
# Proves every publishable package works on its own, the way a user gets it: `pnpm pack` each one (which rewrites
# workspace:* to real versions), then `npm install` the tarballs into separate empty npm projects and run a short
# script in each. Only the local @llm-eval/* tarballs come from disk; everything else comes from the npm registry.
#
#   bash scripts/pack-test.sh            builds first (turbo, cached), then packs and tests
#   PACK_TEST_SKIP_BUILD=1               use the dist/ folders as they are
#   PACK_TEST_KEEP=1                     keep the temp folder (printed at the end) to look around
#   PACK_TEST_NPM_CACHE=/path            npm cache to use (default: npm's own, so repeated runs are fast)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PACKAGES=(models stats storage search evaluator cli)
START=$SECONDS

step() { printf '\n==> %s  [%ss]\n' "$*" "$((SECONDS - START))"; }
ok() { printf '    ok  %s\n' "$*"; }
fail() {
  printf '    FAILED  %s\n' "$*" >&2
  exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/llm-eval-pack-test.XXXXXX")
cleanup() {
  local code=$?
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
# One cache for every project and every run: the second install of a package is a copy, not a download.
export npm_config_cache="${PACK_TEST_NPM_CACHE:-$(npm config get cache)}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
export npm_config_prefer_offline=true
unset LLM_EVAL_DATABASE_URL OPENAI_API_KEY OPENAI_BASE_URL

# ---------------------------------------------------------------------------------------------------------------
if [ "${PACK_TEST_SKIP_BUILD:-0}" != 1 ]; then
  step "build (turbo)"
  (cd "$ROOT" && bash scripts/pnpm.sh run build >"$WORK/build.log" 2>&1) || {
    tail -40 "$WORK/build.log" >&2
    fail "build"
  }
  ok "built"
fi

step "pack ${PACKAGES[*]}"
mkdir -p "$WORK/tarballs"
declare -A TGZ
for p in "${PACKAGES[@]}"; do
  [ -d "$ROOT/packages/$p/dist" ] || fail "packages/$p/dist is missing; build first"
  before=$(ls "$WORK/tarballs")
  (cd "$ROOT/packages/$p" && bash "$ROOT/scripts/pnpm.sh" pack --pack-destination "$WORK/tarballs" >"$WORK/pack-$p.log" 2>&1) || {
    cat "$WORK/pack-$p.log" >&2
    fail "pnpm pack packages/$p"
  }
  tgz=$(comm -13 <(echo "$before") <(ls "$WORK/tarballs") | head -1)
  [ -n "$tgz" ] || fail "pnpm pack packages/$p wrote no tarball"
  TGZ[$p]="$WORK/tarballs/$tgz"
  manifest=$(tar -xOzf "${TGZ[$p]}" package/package.json)
  grep -q '"workspace:' <<<"$manifest" && fail "$tgz still has workspace: versions"
  listing=$(tar -tzf "${TGZ[$p]}")
  grep -q '^package/dist/' <<<"$listing" || fail "$tgz has no dist/"
  ok "$tgz ($(du -k "${TGZ[$p]}" | cut -f1) KiB, $(wc -l <<<"$listing") files)"
done

# ---------------------------------------------------------------------------------------------------------------
# Each case: an empty npm project ("type": "module"), the tarballs it needs (all local @llm-eval/* ones, so npm
# never looks for unpublished versions on the registry) and any registry packages. Installs run in parallel.
new_project() {
  local name=$1
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && npm init -y >/dev/null && npm pkg set type=module)
}

install_project() {
  local name=$1
  shift
  (cd "$WORK/$name" && npm install "$@" >"$WORK/$name/install.log" 2>&1)
}

step "npm install into five empty projects (better-sqlite3 compiles from source; this is the slow part)"
new_project models
new_project storage
new_project evaluator
new_project search
new_project cli
declare -A PIDS
install_project models "${TGZ[models]}" &
PIDS[models]=$!
install_project storage "${TGZ[storage]}" "${TGZ[models]}" "${TGZ[stats]}" better-sqlite3@12 &
PIDS[storage]=$!
install_project evaluator --omit=optional --omit=peer "${TGZ[evaluator]}" "${TGZ[storage]}" "${TGZ[models]}" "${TGZ[stats]}" &
PIDS[evaluator]=$!
install_project search "${TGZ[search]}" "${TGZ[storage]}" "${TGZ[models]}" "${TGZ[stats]}" &
PIDS[search]=$!
install_project cli "${TGZ[cli]}" "${TGZ[evaluator]}" "${TGZ[search]}" "${TGZ[storage]}" "${TGZ[models]}" "${TGZ[stats]}" &
PIDS[cli]=$!
failed=0
for name in models storage evaluator search cli; do
  if wait "${PIDS[$name]}"; then
    ok "$name project installed"
  else
    echo "    npm install for the $name project failed:" >&2
    tail -30 "$WORK/$name/install.log" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || fail "npm install"

# Runs a check script (ESM unless the file name ends in .cjs) inside a project.
check() {
  local name=$1 file=$2
  cat >"$WORK/$name/$file"
  (cd "$WORK/$name" && node "$file") || fail "$name: node $file"
}

# ---------------------------------------------------------------------------------------------------------------
step "(a) @llm-eval/models alone"
check models check.mjs <<'EOF'
import assert from 'node:assert/strict';
import { ALL_ENTITIES, EvaluationRun, EvaluationItem, RUN_STATUSES } from '@llm-eval/models';
assert.equal(ALL_ENTITIES.length, 6, `ALL_ENTITIES has ${ALL_ENTITIES.length} entities`);
assert.ok(ALL_ENTITIES.includes(EvaluationRun) && ALL_ENTITIES.includes(EvaluationItem));
assert.deepEqual([...RUN_STATUSES], ['running', 'completed', 'failed', 'cancelled']);
console.log(`    ok  imported ${ALL_ENTITIES.length} entities: ${ALL_ENTITIES.map((e) => e.name).join(', ')}`);
EOF

step "(b) @llm-eval/storage + better-sqlite3"
check storage check.mjs <<'EOF'
import assert from 'node:assert/strict';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
const db = await initializeDatabase({ url: `sqlite:///${path.resolve('runs.db')}` });
try {
  const run = await db.runs.createRun({ name: 'pack-test', projectId: 'pack', tags: ['packed'] });
  await db.runs.addItems(run.id, [{ itemId: 'a', scores: { exact_match: 1 } }, { itemId: 'b', scores: { exact_match: 0 } }]);
  const page = await db.runs.listRuns();
  assert.equal(page.total, 1);
  assert.equal(page.runs[0].name, 'pack-test');
  console.log(`    ok  initializeDatabase on a SQLite file, createRun, listRuns → ${page.total} run (${page.runs[0].id})`);
} finally {
  await db.close();
}
EOF

step "(c) @llm-eval/evaluator with storeRuns: false and no database driver installed"
for driver in better-sqlite3 pg; do
  [ ! -e "$WORK/evaluator/node_modules/$driver" ] || fail "evaluator: $driver was installed"
done
ok "better-sqlite3 and pg are absent from node_modules"
check evaluator check.mjs <<'EOF'
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { Evaluator } from '@llm-eval/evaluator';
const result = await new Evaluator({
  task: (input) => ({ France: 'Paris', Japan: 'Kyoto' })[input],
  dataset: [{ input: 'France', expected: 'Paris' }, { input: 'Japan', expected: 'Tokyo' }],
  metrics: ['exact_match', 'fuzzy_match'],
  config: { storeRuns: false },
}).run();
assert.equal(result.totalItems, 2);
assert.equal(result.metricStats.exact_match.mean, 0.5);
assert.ok(!result.runId, 'no run id without storage');
assert.ok(!readdirSync('.').some((f) => f.endsWith('.db')), 'no database file written');
console.log(`    ok  ESM import: ${result.totalItems} items, exact_match mean ${result.metricStats.exact_match.mean}`);
EOF
check evaluator check.cjs <<'EOF'
const assert = require('node:assert/strict');
const { Evaluator } = require('@llm-eval/evaluator');
new Evaluator({
  task: (input) => input.toUpperCase(),
  dataset: [{ input: 'a', expected: 'A' }, { input: 'b', expected: 'B' }, { input: 'c', expected: 'x' }],
  metrics: ['exact_match'],
  config: { storeRuns: false },
})
  .run()
  .then((result) => {
    assert.equal(result.totalItems, 3);
    assert.equal(result.metricStats.exact_match.mean, 2 / 3);
    const loaded = Object.keys(require.cache).filter((f) => /typeorm|better-sqlite3|[\\/]pg[\\/]|@llm-eval[\\/]storage/.test(f));
    assert.deepEqual(loaded, [], 'no database module loaded');
    console.log(`    ok  CJS require: ${result.totalItems} items, exact_match mean ${result.metricStats.exact_match.mean.toFixed(3)}, no database module loaded`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
EOF

step "(d) @llm-eval/search"
check search check.mjs <<'EOF'
import assert from 'node:assert/strict';
import { parseQuery } from '@llm-eval/search';
const query = parseQuery('failed runs from last week');
const json = JSON.stringify(query.filter);
assert.match(json, /"kind":"status","values":\["failed"\]/);
assert.match(json, /"kind":"time"/);
console.log(`    ok  parseQuery('failed runs from last week') → ${query.explanation}`);
EOF

step "(e) the llm-eval binary from @llm-eval/cli"
export LLM_EVAL_DATABASE_URL="sqlite:///$WORK/cli/runs.db"
cli() {
  (cd "$WORK/cli" && NO_COLOR=1 npx --no -- llm-eval "$@")
}
cli --help >"$WORK/cli/help.txt" 2>&1 || fail "llm-eval --help"
grep -q 'llm-eval <command>' "$WORK/cli/help.txt" || fail "llm-eval --help printed no usage"
ok "npx llm-eval --help"
cli db init >"$WORK/cli/init.txt" 2>&1 || { cat "$WORK/cli/init.txt" >&2; fail "llm-eval db init"; }
ok "npx llm-eval db init → $(head -1 "$WORK/cli/init.txt")"
cli db health >"$WORK/cli/health.txt" 2>&1 || { cat "$WORK/cli/health.txt" >&2; fail "llm-eval db health"; }
ok "npx llm-eval db health → $(head -1 "$WORK/cli/health.txt")"
cli demo >"$WORK/cli/demo.txt" 2>&1 || { tail -30 "$WORK/cli/demo.txt" >&2; fail "llm-eval demo"; }
runs=$(cli runs list --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).total))')
[ "$runs" -ge 2 ] || fail "llm-eval demo stored $runs run(s), expected 2"
ok "npx llm-eval demo → $runs runs stored"
check cli check.mjs <<'EOF'
import assert from 'node:assert/strict';
const { buildCli } = await import('@llm-eval/cli');
assert.equal(typeof buildCli, 'function');
console.log('    ok  import { buildCli } from "@llm-eval/cli"');
EOF
