import Database from 'better-sqlite3';
import { initializeDatabase } from '@llm-eval/storage';
import { RunSearchEngine } from '@llm-eval/search';
import { makeRuns } from './src/run-fixtures.mjs';
import { seedSqlite } from './src/seed.mjs';
import { seededRandom } from './src/random.mjs';
import { existsSync } from 'node:fs';
const file = '/tmp/search-probe.db';
if (!existsSync(file)) {
  (await initializeDatabase({ url: 'sqlite:///' + file })).close();
  const runs = makeRuns(100000, { now: Date.now() });
  seedSqlite(file, runs, { totalItems: 200000, bigRunItems: 100, itemsPerRun: 2 });
  const raw = new Database(file); const random = seededRandom(5);
  const ins = raw.prepare(`INSERT INTO "run_metrics" ("run_id","metric_name","metric_type","mean","total_evaluated","successful_evaluations","failed_evaluations","computed_at") VALUES (?,?,?,?,100,100,0,'2026-01-01 00:00:00.000')`);
  raw.transaction(() => { for (const r of runs) { ins.run(r.id, 'accuracy', 'numeric', random()); ins.run(r.id, 'exact_match', 'boolean', Math.round(random()*100)/100); } })();
  raw.close();
}
const db = await initializeDatabase({ url: 'sqlite:///' + file, debug: process.env.DBG === '1' });
const engine = new RunSearchEngine(db);
for (const q of process.argv.slice(2)) {
  for (let i = 0; i < 3; i++) { const t = performance.now(); const r = await engine.searchRuns({ query: q, limit: 50 }); console.log(q, (performance.now() - t).toFixed(1), 'ms', r.total); }
}
await db.close();
