// Storage benchmark: ingestion vs raw drivers, listRuns latency on 100k runs, computeRunMetrics on 100k items.
// Run with `pnpm bench:storage` from the repository root (after `pnpm run build`).
// BENCH_QUICK=1 shrinks every size tenfold; BENCH_SKIP_POSTGRES=1 measures SQLite only.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeDatabase } from '@llm-eval/storage';
import { makeItems } from './item-fixtures.mjs';
import { makeRuns } from './run-fixtures.mjs';
import { benchIngestion } from './ingest.mjs';
import { openPostgresBaseline, openSqliteBaseline } from './raw-insert.mjs';
import { seedPostgres, seedSqlite } from './seed.mjs';
import { benchListRuns } from './list-runs.mjs';
import { benchComputeRunMetrics } from './run-metrics.mjs';
import { createTempDatabase, postgresAvailable } from './postgres-database.mjs';
import { machineInfo, markdownTable, writeResults } from './report.mjs';
import { nowMs, round } from './measure.mjs';

const RESULTS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/results/storage.json');
const quick = process.env.BENCH_QUICK === '1';
const scale = quick ? 0.1 : 1;
const config = {
  ingestItems: 50_000 * scale,
  batchSize: 5_000,
  ingestRepetitions: 3,
  sqliteRuns: 100_000 * scale,
  sqliteItems: 1_000_000 * scale,
  bigRunItems: 100_000 * scale,
  itemsPerRun: 100,
  postgresRuns: 100_000 * scale,
  postgresItems: 200_000 * scale,
  pageRepetitions: 200,
  otherRepetitions: 100,
  cursorDepthPages: quick ? 20 : 200,
  rareTerm: 'hotfix',
  metricsRepetitions: 5,
};

const log = (message) => process.stderr.write(`${message}\n`);
const started = nowMs();
const elapsed = () => `${round((nowMs() - started) / 1000, 1)} s`;

async function phase(name, fn) {
  log(`[${elapsed()}] ${name}`);
  const start = nowMs();
  const result = await fn();
  log(`[${elapsed()}] ${name}: done in ${round((nowMs() - start) / 1000, 1)} s`);
  return result;
}

async function ingestion(db, baseline, items) {
  try {
    return await benchIngestion({
      runs: db.runs,
      baseline,
      items,
      batchSize: config.batchSize,
      repetitions: config.ingestRepetitions,
      log,
    });
  } finally {
    await baseline.close();
  }
}

async function queries(db, bigRunId) {
  const listRuns = await phase('  listRuns latency', () =>
    benchListRuns(db.runs, {
      pageRepetitions: config.pageRepetitions,
      otherRepetitions: config.otherRepetitions,
      depth: config.cursorDepthPages,
      rareTerm: config.rareTerm,
      log,
    }),
  );
  const computeRunMetrics = await phase('  computeRunMetrics', () =>
    benchComputeRunMetrics(db.runs, bigRunId, { expectedItems: config.bigRunItems, repetitions: config.metricsRepetitions }),
  );
  log(`  computeRunMetrics: p50 ${computeRunMetrics.p50} ms`);
  return { listRuns, computeRunMetrics };
}

async function sqlite(dir, items) {
  const ingestFile = path.join(dir, 'ingest.db');
  const ingestDb = await initializeDatabase({ url: `sqlite:///${ingestFile}` });
  let ingestionResult;
  try {
    ingestionResult = await phase('SQLite ingestion', () => ingestion(ingestDb, openSqliteBaseline(ingestFile), items));
  } finally {
    await ingestDb.close();
  }

  const file = path.join(dir, 'large.db');
  await (await initializeDatabase({ url: `sqlite:///${file}` })).close();
  const runs = makeRuns(config.sqliteRuns);
  const seed = await phase('SQLite seed', () =>
    seedSqlite(file, runs, { totalItems: config.sqliteItems, bigRunItems: config.bigRunItems, itemsPerRun: config.itemsPerRun }),
  );
  const db = await initializeDatabase({ url: `sqlite:///${file}` });
  try {
    return { ingestion: ingestionResult, seed, ...(await queries(db, runs[0].id)) };
  } finally {
    await db.close();
  }
}

async function postgres(items) {
  const temp = await createTempDatabase();
  log(`  PostgreSQL database ${temp.name}`);
  try {
    const db = await initializeDatabase({ url: temp.url });
    try {
      const ingestionResult = await phase('PostgreSQL ingestion', async () => ingestion(db, await openPostgresBaseline(temp.url), items));
      const runs = makeRuns(config.postgresRuns, { seed: 8 });
      const seed = await phase('PostgreSQL seed', () =>
        seedPostgres(temp.url, runs, { totalItems: config.postgresItems, bigRunItems: config.bigRunItems, itemsPerRun: config.itemsPerRun }),
      );
      return { ingestion: ingestionResult, seed, ...(await queries(db, runs[0].id)) };
    } finally {
      await db.close();
    }
  } finally {
    await temp.drop();
  }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-bench-'));
  const results = { machine: machineInfo(), config };
  try {
    const items = makeItems(config.ingestItems);
    results.sqlite = await phase('SQLite', () => sqlite(dir, items));
    if (process.env.BENCH_SKIP_POSTGRES === '1') {
      results.postgres = { skipped: 'BENCH_SKIP_POSTGRES=1' };
    } else if (!(await postgresAvailable())) {
      results.postgres = { skipped: 'PostgreSQL not reachable' };
      log('PostgreSQL is not reachable; skipping it.');
    } else {
      results.postgres = await phase('PostgreSQL', () => postgres(items));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.totalSeconds = round((nowMs() - started) / 1000, 1);
  writeResults(RESULTS_FILE, results);
  console.log(markdownTable(results));
  console.log(`\nResults: ${RESULTS_FILE}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
