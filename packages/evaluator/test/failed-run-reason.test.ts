import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { Evaluator } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// A run that ends failed says why in its stored status reason, so whoever finds it later knows what happened.
describe.each(DATABASE_KINDS)('the reason of a run that failed, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let other: Database;
  beforeEach(async () => {
    other = await initializeDatabase({ url: database.url });
  });
  afterEach(async () => {
    await other.close();
  });

  it('a dataset stream that breaks mid-run: the run is failed with the error', async () => {
    async function* items() {
      for (let i = 0; i < 30; i++) yield { id: `q${i}`, input: i };
      yield { id: 'q5', input: -1 };
    }
    const evaluator = new Evaluator({
      task: (input) => String(input),
      dataset: items(),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, storageBatchSize: 10 },
    });
    const failure = await evaluator.run().catch((error: unknown) => error);
    expect((failure as Error).name).toBe('DatasetError');
    const run = await other.runs.requireRun(evaluator.databaseRunId!);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toContain('the evaluation stopped: ');
    expect(run.statusReason).toContain('duplicate item id "q5"');
  });

  /**
   * Renames the items table from another connection: on SQLite from another process (a second connection in this one
   * would find the writer's lock and fail at once instead of waiting for it).
   */
  async function renameItemsTable(from: string, to: string): Promise<void> {
    const sql = `ALTER TABLE "${from}" RENAME TO "${to}"`;
    if (kind === 'postgres') {
      await other.dataSource.query(sql);
      return;
    }
    const file = (other.dataSource.options as { database: string }).database;
    const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('busy_timeout = 20000'); db.exec(process.argv[2]); db.close();`;
    await promisify(execFile)(process.execPath, ['-e', script, file, sql], { cwd: path.dirname(require.resolve('@llm-eval/storage/package.json')) });
  }

  it('writing that fails mid-run: the run is failed with what failed', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const evaluator = new Evaluator({
      task: async (input) => {
        // The items table goes away under the writer (a hostile migration, a restore): every later batch fails.
        if (input === 20) await renameItemsTable('evaluation_items', 'evaluation_items_away');
        return String(input);
      },
      dataset: Array.from({ length: 60 }, (_, i) => ({ id: `q${i}`, input: i })),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, maxConcurrency: 1, storageBatchSize: 10, storageFlushIntervalMs: 60_000 },
    });
    try {
      const result = await evaluator.run();
      expect(result.storageError?.name).toBe('StorageWriteError');
      const run = await other.runs.requireRun(result.runId!);
      expect(run.status).toBe('failed');
      expect(run.statusReason).toMatch(new RegExp(`^storing \\d+ items of run ${result.runId} failed: .*evaluation_items`));
      // The reason is for the stored run: not the advice meant for the caller of the API.
      expect(run.statusReason).not.toContain('result.save()');
    } finally {
      warn.mockRestore();
      await renameItemsTable('evaluation_items_away', 'evaluation_items');
    }
  });
});
