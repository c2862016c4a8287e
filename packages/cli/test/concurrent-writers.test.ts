import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// Several `llm-eval evaluate` processes (the built binary) storing into one database at the same time.
const PROCESSES = 4;
const ITEMS = 2_000;

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'many.jsonl');
writeFileSync(dataset, Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, input: `x${i}`, expected: `x${i}` })).join('\n'));
const task = path.join(dir, 'echo.mjs');
writeFileSync(task, `export default (input) => (Number(input.slice(1)) % 3 === 0 ? 'other' : input);`);

/** Runs the built binary (cli-process.ts) to the end. */
const llmEval = (args: string[]) => runCli(args, { killAfterMs: 180_000 });

describe.each(DATABASE_KINDS)('concurrent llm-eval evaluate processes on one %s database', (kind) => {
  const database = useEmptyDatabase(kind);

  it('all exit 0 with their runs completed and every item stored', async () => {
    // A brand-new database: every process also starts by creating the schema, at the same moment.
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        llmEval(['evaluate', '--task', task, '--dataset', dataset, '--name', `writer ${p}`, '--concurrency', '50', '--json', '--database-url', database.url]),
      ),
    );
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });

    const db = await initializeDatabase({ url: database.url, migrate: false });
    try {
      const page = await db.runs.listRuns({ limit: 100 });
      expect(page.runs.map((r) => r.name).sort()).toEqual(Array.from({ length: PROCESSES }, (_, p) => `writer ${p}`));
      for (const run of page.runs) {
        expect({ name: run.name, status: run.status, totalItems: run.totalItems, failedItems: run.failedItems }).toEqual({
          name: run.name,
          status: 'completed',
          totalItems: ITEMS,
          failedItems: 0,
        });
        expect((await db.runs.listItems(run.id, { limit: 1 })).total).toBe(ITEMS);
      }
      for (const result of results) expect(JSON.parse(result.stdout)).toMatchObject({ totalItems: ITEMS });
    } finally {
      await db.close();
    }
  }, 90_000);
});
