import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor } from './cli-process';

// `llm-eval runs cancel` in another shell stops a local `evaluate`: its storage worker finds its next batch refused
// (or its heartbeat finds the run cancelled), the evaluation stops its remaining items, and the run stays cancelled
// with the items stored before the cancel. Before, the evaluation ran to the end and kept writing into the run.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-closed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const slow = path.join(dir, 'slow.mjs');
writeFileSync(slow, `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x), 10));\n`);

describe.each(DATABASE_KINDS)('evaluate whose run is cancelled from another process, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  it('stops, exits 1 saying so, and leaves the run cancelled with the items stored before the cancel', async () => {
    const name = `cancelled-elsewhere-${kind}`;
    const work = mkdtempSync(path.join(dir, 'cwd-'));
    const cli = startCli(['evaluate', '--task', slow, '--dataset', dataset, '--concurrency', '4', '--name', name, '--json', '--database-url', database.url], { cwd: work });
    let runId: string | undefined;
    await waitFor('some stored items', async () => {
      runId ??= (await db.runs.listRuns({ text: name })).runs[0]?.id;
      return !!runId && (await db.runs.listItems(runId, { limit: 1 })).total >= 10;
    });
    const cancel = await runCli(['runs', 'cancel', name, '--reason', 'wrong prompt', '--database-url', database.url]);
    expect(cancel.code).toBe(0);
    const atCancel = (await db.runs.listItems(runId!, { limit: 1 })).total;
    const r = await cli.exited;
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`llm-eval: Run ${runId!.slice(0, 8)} was cancelled by another process .* \\d+ items stored\\.`));
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ runId, status: 'cancelled', storageFailure: null, closedElsewhere: { status: 'cancelled' } });
    const run = await db.runs.requireRun(runId!);
    const stored = (await db.runs.listItems(runId!, { limit: 1 })).total;
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'wrong prompt', totalItems: stored });
    // Nothing was written after the cancel (each batch checks the status in its own transaction), and the evaluation
    // stopped far from its 3,000 items (~8 s of work at this concurrency).
    expect(stored).toBe(atCancel);
    expect(body.storedItems).toBe(stored);
    expect(body.totalItems).toBeLessThan(3000);
    expect(run.completedAt).toBeInstanceOf(Date);
    // A deliberate cancel is not a storage failure: no unsaved-result file.
    expect(readdirSync(work).filter((f) => f.startsWith('llm-eval-unsaved'))).toEqual([]);
    expect(existsSync(work)).toBe(true);
  }, 120_000);
});

describe('the summary of an evaluate whose run was cancelled from another process', () => {
  const database = useEmptyDatabase('sqlite');

  it('says how many of the items evaluated were stored, not "Stored as run" as if it were stored whole', async () => {
    const name = 'cancelled-summary';
    const db = await initializeDatabase({ url: database.url });
    try {
      const cli = startCli(['evaluate', '--task', slow, '--dataset', dataset, '--concurrency', '4', '--name', name, '--database-url', database.url], { cwd: dir });
      let runId: string | undefined;
      await waitFor('some stored items', async () => {
        runId ??= (await db.runs.listRuns({ text: name })).runs[0]?.id;
        return !!runId && (await db.runs.listItems(runId, { limit: 1 })).total >= 10;
      });
      expect((await runCli(['runs', 'cancel', name, '--database-url', database.url])).code).toBe(0);
      const r = await cli.exited;
      expect(r.code).toBe(1);
      const stored = (await db.runs.listItems(runId!, { limit: 1 })).total;
      const evaluated = Number(/: (\d+) items · success/.exec(r.stdout)![1]);
      expect(evaluated).toBeGreaterThanOrEqual(stored);
      expect(r.stdout).toContain(`Cancelled by another process: ${stored} of ${evaluated} items stored as run ${runId} — llm-eval runs show ${runId!.slice(0, 8)}`);
      expect(r.stdout).not.toContain('Stored as run');
    } finally {
      await db.close();
    }
  }, 120_000);
});
