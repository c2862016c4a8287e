// The 100,000-run / 1,000,000-item SQLite benchmark database, built once and kept on disk between runs.
//
// Building it takes about a minute; the server benchmark needs it every run. The file is cached under a key made from
// the sizes, GENERATOR_VERSION, the source of every fixture module that shapes the rows and the storage migrations
// (a new migration means a new schema), so a change to any of them builds a new file and stale ones are removed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { initializeDatabase } from '@llm-eval/storage';
import { makeRuns } from './run-fixtures.mjs';
import { seedRunMetrics, seedSqlite } from './seed.mjs';
import { seededRandom } from './random.mjs';

/** Bump when the seeding below changes in a way the hashed sources do not show. */
export const GENERATOR_VERSION = 1;

const here = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR_SOURCES = ['bench-database.mjs', 'seed.mjs', 'run-fixtures.mjs', 'item-fixtures.mjs', 'random.mjs'];

/** Names of the storage migrations (from the installed @llm-eval/storage's source folder, if present). */
function migrationNames() {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('@llm-eval/storage/package.json'));
  const dir = path.join(root, 'src', 'migrations');
  return existsSync(dir) ? readdirSync(dir).sort() : [readFileSync(path.join(root, 'package.json'), 'utf8')];
}

/** The cache key: sizes, generator version, generator sources and schema. */
export function benchDatabaseKey(config) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ GENERATOR_VERSION, config }));
  for (const file of GENERATOR_SOURCES) hash.update(readFileSync(path.join(here, file)));
  hash.update(migrationNames().join('\n'));
  return hash.digest('hex').slice(0, 12);
}

/** Two completed runs over the same `count` items, scored differently, for comparisons. */
function compareItems(count, seed) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    itemId: `item-${i}`,
    responseTime: random(),
    scores: { accuracy: random(), exact_match: random() < 0.6 },
  }));
}

async function build(file, config, log) {
  const url = `sqlite:///${file}`;
  (await initializeDatabase({ url })).close();
  const now = Date.now();
  const runs = makeRuns(config.runs, { now });
  log(`  seeding ${config.runs.toLocaleString()} runs and ${config.items.toLocaleString()} items …`);
  const seeded = seedSqlite(file, runs, { totalItems: config.items, bigRunItems: config.bigRunItems, itemsPerRun: config.itemsPerRun });
  // Per-metric statistics for every run, as bench:search seeds them: run pages carry metrics, metric queries read them.
  seedRunMetrics(file, runs);
  log(`  importing two ${config.compareItems.toLocaleString()}-item runs to compare …`);
  const db = await initializeDatabase({ url });
  try {
    const metricsUsed = ['accuracy', 'exact_match'];
    const a = await db.runs.importRun({ name: 'bench compare A', metricsUsed, status: 'completed' }, compareItems(config.compareItems, 1));
    const b = await db.runs.importRun({ name: 'bench compare B', metricsUsed, status: 'completed' }, compareItems(config.compareItems, 2));
    return {
      seededAt: new Date(now).toISOString(),
      runs: seeded.runs + 2,
      items: seeded.items + 2 * config.compareItems,
      bigRunId: runs[0].id,
      compareA: a.id,
      compareB: b.id,
    };
  } finally {
    await db.close();
  }
}

/**
 * The path and facts of the cached benchmark database for `config` ({ runs, items, bigRunItems, itemsPerRun,
 * compareItems }), building it first when no file for this key exists. `cacheDir` defaults to BENCH_CACHE_DIR or
 * <tmp>/llm-eval-bench-cache. A build goes to a temporary name and is renamed when complete, so an interrupted build
 * is never reused.
 */
export async function cachedBenchDatabase(config, { log = () => {}, cacheDir } = {}) {
  const dir = cacheDir ?? process.env.BENCH_CACHE_DIR ?? path.join(os.tmpdir(), 'llm-eval-bench-cache');
  mkdirSync(dir, { recursive: true });
  // The sizes lead the name, so a quick (tenfold smaller) database and the full one are kept side by side.
  const size = `${config.runs}x${config.items}`;
  const key = `${size}-${benchDatabaseKey(config)}`;
  const file = path.join(dir, `bench-${key}.db`);
  const metaFile = path.join(dir, `bench-${key}.json`);
  if (existsSync(file) && existsSync(metaFile)) {
    log(`using the cached benchmark database ${file}`);
    return { file, url: `sqlite:///${file}`, key, cached: true, ...JSON.parse(readFileSync(metaFile, 'utf8')) };
  }
  // Files of these sizes under another key are stale (an older generator or schema): remove them, they are large.
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`bench-${size}-`) && !name.startsWith(`bench-${key}.`)) rmSync(path.join(dir, name), { force: true });
  }
  log(`building the benchmark database ${file} (cached for later runs) …`);
  const partial = path.join(dir, `bench-${key}.building-${process.pid}.db`);
  try {
    const meta = await build(partial, config, log);
    // Fold the WAL into the file so the rename moves the whole database.
    const raw = new Database(partial);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    renameSync(partial, file);
    writeFileSync(metaFile, `${JSON.stringify({ config, ...meta }, null, 2)}\n`);
    return { file, url: `sqlite:///${file}`, key, cached: false, config, ...meta };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  }
}
