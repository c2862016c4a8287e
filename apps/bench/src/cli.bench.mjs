// CLI start-up: wall time of `llm-eval --help` and of `llm-eval runs list` on a 100,000-run SQLite database, each
// next to bare `node -e ""` measured in the same run. Writes bench/results/cli.json. Run after a build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeDatabase } from '@llm-eval/storage';
import { makeRuns } from './run-fixtures.mjs';
import { seedSqlite } from './seed.mjs';
import { median, percentile, round } from './measure.mjs';
import { machineInfo } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../packages/cli/dist/bin.js');
const resultsFile = path.resolve(here, '../../../bench/results/cli.json');
const REPS = 15;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-bench-cli-'));
const url = `sqlite:///${path.join(tmp, 'runs.db')}`;

function wall(args) {
  const times = [];
  for (let i = 0; i < REPS + 2; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    if (i >= 2) times.push(ms);
  }
  return { p50: round(median(times), 1), p95: round(percentile(times, 95), 1) };
}

process.stderr.write('seeding 100,000 runs …\n');
(await initializeDatabase({ url })).close();
seedSqlite(path.join(tmp, 'runs.db'), makeRuns(100_000), { totalItems: 0, bigRunItems: 0, itemsPerRun: 0 });

const node = wall(['-e', '']);
const help = wall([bin, '--help']);
const list = wall([bin, 'runs', 'list', '--database-url', url]);
const listJson = wall([bin, 'runs', 'list', '--json', '--limit', '50', '--database-url', url]);
rmSync(tmp, { recursive: true, force: true });

const results = { machine: machineInfo(), node, help, runsList: list, runsListJson: listJson };
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
const ok = (b) => (b ? ' ✓' : ' ✗');
console.log(`| command (wall time, ${REPS} runs) | p50 ms | p95 ms | target |
| --- | ---: | ---: | --- |
| \`node -e ""\` (Node start-up, baseline) | ${node.p50} | ${node.p95} | |
| \`llm-eval --help\` | ${help.p50}${ok(help.p50 < 150)} | ${help.p95} | < 150 ms |
| \`llm-eval runs list\` (100,000 runs, SQLite) | ${list.p50}${ok(list.p50 < 400)} | ${list.p95} | < 400 ms |
| \`llm-eval runs list --json --limit 50\` | ${listJson.p50}${ok(listJson.p50 < 400)} | ${listJson.p95} | < 400 ms |

Results: ${path.relative(process.cwd(), resultsFile)}`);
