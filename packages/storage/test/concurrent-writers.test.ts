import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase } from '../src';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './databases';

const exec = promisify(execFile);
// Writers are separate Node processes, so they load the built package (turbo builds it before tests).
const DIST = path.join(__dirname, '..', 'dist', 'index.js');
const WRITER = path.join(__dirname, 'fixtures', 'concurrent-writer.mjs');

const PROCESSES = 4;
const RUNS = 2;
const ITEMS = 1_000;
const BATCH = 100;

interface WriterReport {
  writer: string;
  stored: string[];
}

/** Starts every writer at the same moment on one database; resolves with each one's exit code and report. */
async function runWriters(url: string): Promise<Array<{ code: number; report?: WriterReport; stderr: string }>> {
  return Promise.all(
    Array.from({ length: PROCESSES }, async (_, writer) => {
      try {
        const { stdout, stderr } = await exec(process.execPath, [WRITER, DIST, url, String(writer), String(RUNS), String(ITEMS), String(BATCH)], {
          maxBuffer: 1 << 22,
        });
        return { code: 0, report: JSON.parse(stdout) as WriterReport, stderr };
      } catch (error) {
        const e = error as { code?: number; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(error) };
      }
    }),
  );
}

describe.each(DATABASE_KINDS)('several processes writing one %s database at once', (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build @llm-eval/storage first (pnpm --filter @llm-eval/storage run build).`);
    testDb = await createTestDatabase(kind);
  });
  afterAll(() => testDb?.drop());

  it('create the schema of a brand-new database once and store every item of every run', async () => {
    // The database is new: every writer starts by finding the schema missing, at the same moment.
    const results = await runWriters(testDb.url);
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });

    const db = await initializeDatabase({ url: testDb.url, migrate: false });
    try {
      const runIds = results.flatMap((r) => r.report!.stored);
      expect(runIds).toHaveLength(PROCESSES * RUNS);
      for (const id of runIds) {
        const run = await db.runs.requireRun(id);
        expect({ name: run.name, status: run.status, totalItems: run.totalItems }).toEqual({ name: run.name, status: 'completed', totalItems: ITEMS });
        expect((await db.runs.listItems(id, { limit: 1 })).total).toBe(ITEMS);
      }
      const [{ n }] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "evaluation_items"`);
      expect(Number(n)).toBe(PROCESSES * RUNS * ITEMS);
      const migrations = await db.dataSource.query(`SELECT "name" FROM "llm_eval_migrations"`);
      expect(migrations).toHaveLength(new Set(migrations.map((m: { name: string }) => m.name)).size);
    } finally {
      await db.close();
    }
  }, 120_000);
});
