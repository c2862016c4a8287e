import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { reserveFallbackFile } from '../src/fallback-file';
import { runCli, startCli, waitFor } from './cli-process';

// A storage failure during `evaluate` exits 1, says what was and was not stored, and writes the complete result to
// a new file in the current directory in the export format `llm-eval db migrate` imports. The failures are real
// database errors: a trigger that rejects items past the 60th, a database dropped mid-run, a server that is down.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-storage-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i % 3 ? i : -1 })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x), 5));\n`);
const slowTask = path.join(dir, 'slow.mjs');
writeFileSync(slowTask, `export default (x) => new Promise((resolve) => setTimeout(() => resolve(x), 25));\n`);

const REJECT_LATE_ITEMS: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [
    `CREATE TRIGGER reject_late_items BEFORE INSERT ON evaluation_items WHEN NEW.sequence_number >= 60
     BEGIN SELECT RAISE(ABORT, 'simulated storage failure: disk full'); END`,
  ],
  postgres: [
    `CREATE FUNCTION reject_late_items() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW.sequence_number >= 60 THEN RAISE EXCEPTION 'simulated storage failure: disk full'; END IF; RETURN NEW; END $$`,
    `CREATE TRIGGER reject_late_items BEFORE INSERT ON evaluation_items FOR EACH ROW EXECUTE FUNCTION reject_late_items()`,
  ],
};

/** A new empty folder to run the CLI in (the fallback file lands in the current directory). */
function workdir(name: string): string {
  return mkdtempSync(path.join(dir, `${name}-`));
}

/** Imports `file` into a fresh SQLite database with the real CLI; returns that database's only run and its items. */
async function migrateIntoFreshDatabase(file: string) {
  const url = `sqlite:///${path.join(workdir('restored'), 'good.db')}`;
  const migrated = await runCli(['db', 'migrate', file, '--database-url', url]);
  expect(migrated.code).toBe(0);
  const db = await initializeDatabase({ url });
  try {
    const [run] = (await db.runs.listRuns()).runs;
    const items = await db.runs.listItems(run!.id, { limit: 1000 });
    return { run: run!, items };
  } finally {
    await db.close();
  }
}

describe.each(DATABASE_KINDS)('evaluate when storing fails, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const sql of REJECT_LATE_ITEMS[kind]) await db.dataSource.query(sql);
  });
  afterAll(() => db?.close());

  // By default a stored run keeps no items in memory: they wait in a temporary spill that becomes the fallback file.
  // --keep-items saves the fallback from memory. Either way the file holds every item and the spill is gone after.
  it.each([
    ['by default (items spilled to a temporary file, not kept in memory)', []],
    ['with --keep-items (items kept in memory)', ['--keep-items']],
  ])('exits 1, says how many items were stored, and writes the whole result to a file that db migrate imports, %s', async (_label, extra) => {
    const cwd = workdir('run');
    const temp = workdir('tmp');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '4', '--metrics', 'exact_match', '--database-url', database.url, ...extra], {
      cwd,
      env: { TMPDIR: temp },
    });
    expect(readdirSync(temp)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/200 items · success 100\.0%/);
    expect(r.stdout).not.toMatch(/Stored as run/);
    const runId = /storing the run failed: .*simulated storage failure: disk full[\s\S]*? items of run ([0-9a-f-]{36})/.exec(r.stderr)?.[1];
    expect(runId).toBeDefined();
    const stored = (await db.runs.listItems(runId!, { limit: 1 })).total;
    expect(stored).toBeLessThan(200);
    expect((await db.runs.requireRun(runId!)).status).toBe('failed');
    expect(r.stderr).toContain(`Stored ${stored} of 200 items of run ${runId}.`);
    const fallback = path.join(cwd, `llm-eval-unsaved-${runId}.json`);
    expect(r.stderr).toContain(`The complete result (200 items) is in ${fallback}.`);
    expect(r.stderr).toContain(`llm-eval db migrate ${fallback}`);
    expect(r.stderr).not.toMatch(/result\.save\(\)|LlmEvalStorageWarning/);

    expect(r.stderr).toContain(`Then delete the partial run: llm-eval runs delete ${runId!.slice(0, 8)}`);

    const { run, items } = await migrateIntoFreshDatabase(fallback);
    expect(run).toMatchObject({ totalItems: 200, successfulItems: 200 });
    expect(items.total).toBe(200);
    const score = (id: string) => Number(items.items.find((i) => i.itemId === id)?.scores.exact_match);
    expect([score('q3'), score('q4'), score('q199')]).toEqual([0, 1, 1]);

    // Imported where the partial run is, once the database works again: a new run beside it, and the import says so.
    await db.dataSource.query('DROP TRIGGER reject_late_items' + (kind === 'postgres' ? ' ON evaluation_items' : ''));
    let back;
    try {
      back = await runCli(['db', 'migrate', fallback, '--database-url', database.url]);
    } finally {
      for (const sql of REJECT_LATE_ITEMS[kind].filter((q) => q.includes('CREATE TRIGGER'))) await db.dataSource.query(sql);
    }
    expect(back.code).toBe(0);
    const completeId = /→ run ([0-9a-f]{8})/.exec(back.stdout)?.[1];
    expect(completeId).toBeDefined();
    expect(back.stderr).toContain(
      `note: run ${completeId} is the complete result of run ${runId!.slice(0, 8)} (failed, ${stored} of 200 items stored), which stays as it was: ` +
        `delete it once you have checked: llm-eval runs delete ${runId!.slice(0, 8)}`,
    );
    await db.dataSource.query('DROP TRIGGER reject_late_items' + (kind === 'postgres' ? ' ON evaluation_items' : ''));
    let asJson;
    try {
      asJson = await runCli(['db', 'migrate', fallback, '--allow-duplicate', '--json', '--database-url', database.url]);
    } finally {
      for (const sql of REJECT_LATE_ITEMS[kind].filter((q) => q.includes('CREATE TRIGGER'))) await db.dataSource.query(sql);
    }
    expect(JSON.parse(asJson.stdout).imported[0]).toMatchObject({ items: 200, partialRunId: runId });
  });

  it('reports the failure in --json: storageFailure says what was stored and where the result is', async () => {
    const cwd = workdir('json');
    const temp = workdir('tmp');
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--json', '--database-url', database.url], { cwd, env: { TMPDIR: temp } });
    expect(r.code).toBe(1);
    expect(readdirSync(temp)).toEqual([]);
    const body = JSON.parse(r.stdout);
    const stored = (await db.runs.listItems(body.runId, { limit: 1 })).total;
    expect(body.storageFailure).toEqual({
      reason: expect.stringContaining('simulated storage failure: disk full'),
      runId: body.runId,
      storedItems: stored,
      totalItems: 200,
      notStoredItems: expect.any(Array),
      runDeleted: false,
      fallbackFile: path.join(cwd, `llm-eval-unsaved-${body.runId}.json`),
      fallbackError: null,
    });
    // SQLite refuses each item past the 60th on its own (the trigger is a constraint there) and names them all;
    // PostgreSQL's trigger error is not about one row, so its failed batch is no list of refused items.
    if (kind === 'sqlite') expect(body.storageFailure.notStoredItems).toHaveLength(200 - stored);
    expect(JSON.parse(readFileSync(body.storageFailure.fallbackFile, 'utf8'))).toMatchObject({ total_items: 200, llm_eval: { run_id: body.runId } });
  });
});

describe('evaluate when the database goes away', () => {
  it('PostgreSQL database dropped mid-run: exits 1, says how many items were stored before, and the file restores every item', async () => {
    const victim = await createTestDatabase('postgres');
    const watcher = await initializeDatabase({ url: victim.url });
    const cwd = workdir('dropped');
    try {
      const cli = startCli(['evaluate', '--task', slowTask, '--dataset', dataset, '--concurrency', '2', '--name', 'doomed', '--database-url', victim.url], { cwd });
      let runId: string | undefined;
      await waitFor('some stored items', async () => {
        runId ??= (await watcher.runs.listRuns()).runs[0]?.id;
        return !!runId && (await watcher.runs.listItems(runId, { limit: 1 })).total > 0;
      });
      await watcher.close();
      await victim.drop(); // DROP DATABASE … WITH (FORCE): the run's connections are cut, and reconnecting fails
      const r = await cli.exited;
      expect(r.killedByTest).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Stored \\d+ of 200 items of run ${runId}\\.`));
      const fallback = path.join(cwd, `llm-eval-unsaved-${runId}.json`);
      expect(existsSync(fallback)).toBe(true);
      const { run, items } = await migrateIntoFreshDatabase(fallback);
      expect(run).toMatchObject({ name: 'doomed', totalItems: 200 });
      expect(items.total).toBe(200);
    } finally {
      await watcher.close().catch(() => undefined);
      await victim.drop();
    }
  });

  it('a server that is down: nothing stored, exit 1, the result is in a file; the password never shows', async () => {
    const cwd = workdir('down');
    const url = 'postgresql://eval:hunter2@127.0.0.1:1/x?connect_timeout=2';
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--database-url', url], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Nothing was stored: the run could not be created in the database (0 of 200 items).');
    const fallback = /The complete result \(200 items\) is in (\S+)\. Import it/.exec(r.stderr)?.[1];
    expect(fallback).toMatch(new RegExp(`^${cwd}/llm-eval-unsaved-[0-9TZ-]+\\.json$`));
    expect(existsSync(fallback!)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });
});

describe('the fallback file', () => {
  it('is not needed when storing works: the run is stored whole and its spilled items are deleted', async () => {
    const cwd = workdir('ok');
    const temp = workdir('tmp');
    const url = `sqlite:///${path.join(cwd, 'ok.db')}`;
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--json', '--database-url', url], { cwd, env: { TMPDIR: temp } });
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.storageFailure).toBeNull();
    expect(readdirSync(temp)).toEqual([]);
    expect(readdirSync(cwd).filter((f) => f.startsWith('llm-eval-unsaved-'))).toEqual([]);
    const db = await initializeDatabase({ url });
    try {
      expect(await db.runs.requireRun(body.runId)).toMatchObject({ status: 'completed', totalItems: 200 });
      expect((await db.runs.listItems(body.runId, { limit: 1 })).total).toBe(200);
    } finally {
      await db.close();
    }
  });

  it('never replaces an existing file', () => {
    const cwd = workdir('names');
    const first = reserveFallbackFile(cwd, 'abc');
    writeFileSync(first, 'precious');
    const second = reserveFallbackFile(cwd, 'abc');
    const third = reserveFallbackFile(cwd, 'abc');
    expect([first, second, third].map((f) => path.basename(f))).toEqual(['llm-eval-unsaved-abc.json', 'llm-eval-unsaved-abc-2.json', 'llm-eval-unsaved-abc-3.json']);
    expect(readFileSync(first, 'utf8')).toBe('precious');
  });
});

