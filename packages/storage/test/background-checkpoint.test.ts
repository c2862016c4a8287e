import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { initializeDatabase, type ItemInput } from '../src';
import { BACKGROUND_WAL_AUTOCHECKPOINT_PAGES, CHECKPOINT_TIMING, shouldPass } from '../src/datasource/background-checkpoint';
import { createTestDatabase, type TestDatabase } from './databases';

const DIST = path.join(__dirname, '..', 'dist', 'index.js');
const WRITER = path.join(__dirname, 'fixtures', 'checkpointed-writer.mjs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const items = (from: number, count: number): ItemInput[] =>
  Array.from({ length: count }, (_, k) => ({ itemId: `i${from + k}`, input: { n: from + k, pad: 'x'.repeat(300) }, scores: { m: (from + k) % 2 } }));

/** The SQLite file behind a sqlite:/// URL. */
const fileOf = (url: string) => url.replace(/^sqlite:\/\//, '');

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(10);
  }
  return check();
}

describe('background checkpoints of a SQLite database', () => {
  let testDb: TestDatabase;
  beforeEach(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterEach(() => testDb.drop());

  it('copy committed pages into the database file while the writer goes on, long before SQLite would', async () => {
    const db = await initializeDatabase({ url: testDb.url, sqliteBackgroundCheckpoint: true });
    try {
      expect(await db.dataSource.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: BACKGROUND_WAL_AUTOCHECKPOINT_PAGES }]);
      const file = fileOf(testDb.url);
      await sleep(50);
      const before = statSync(file).size;
      const run = await db.runs.createRun({ name: 'checkpointed', status: 'running' });
      // About 100 pages: far below the 1,000 pages at which the writing connection would checkpoint by itself.
      await db.runs.addItems(run.id, items(0, 1_000));
      // Only a checkpoint writes the database file itself; the commits went to the WAL.
      expect(await waitFor(() => statSync(file).size > before + 50 * 4096, 30_000)).toBe(true);
      expect((await db.runs.listItems(run.id, { limit: 1 })).total).toBe(1_000);
    } finally {
      await db.close();
    }
  });

  it('copy what a reader held back once it lets go, though nothing is written after', async () => {
    const db = await initializeDatabase({ url: testDb.url, sqliteBackgroundCheckpoint: true });
    const file = fileOf(testDb.url);
    const reader = new Database(file, { readonly: true });
    try {
      const run = await db.runs.createRun({ name: 'held back', status: 'running' });
      // The reader's snapshot predates the items: no checkpoint may copy their pages while it lasts.
      reader.exec('BEGIN');
      reader.prepare('SELECT COUNT(*) AS n FROM evaluation_items').get();
      await sleep(100);
      const before = statSync(file).size;
      await db.runs.addItems(run.id, items(0, 1_000));
      await sleep(CHECKPOINT_TIMING.maxDeferMs * 2);
      expect(statSync(file).size).toBe(before);
      reader.exec('COMMIT');
      // The passes it held back left the checkpointer behind: the next one copies everything.
      expect(await waitFor(() => statSync(file).size > before + 50 * 4096, 5_000)).toBe(true);
    } finally {
      reader.close();
      await db.close();
    }
  });

  it('leave a database opened without the option to checkpoint as SQLite does', async () => {
    const db = await initializeDatabase({ url: testDb.url });
    try {
      expect(await db.dataSource.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1_000 }]);
      const file = fileOf(testDb.url);
      const before = statSync(file).size;
      const run = await db.runs.createRun({ name: 'plain', status: 'running' });
      await db.runs.addItems(run.id, items(0, 1_000));
      await sleep(200);
      expect(statSync(file).size).toBe(before);
    } finally {
      await db.close();
    }
  });

  it('keep the WAL bounded under a writer that never pauses, and end their thread on close', async () => {
    const db = await initializeDatabase({ url: testDb.url, sqliteBackgroundCheckpoint: true });
    const wal = `${fileOf(testDb.url)}-wal`;
    const run = await db.runs.createRun({ name: 'long', status: 'running' });
    let largest = 0;
    for (let b = 0; b < 60; b++) {
      await db.runs.addItems(run.id, items(b * 500, 500));
      largest = Math.max(largest, statSync(wal).size);
    }
    await db.close();
    // 60 batches are about 4,500 pages: without a reset the WAL would hold them all.
    expect(largest).toBeLessThan((BACKGROUND_WAL_AUTOCHECKPOINT_PAGES + 1_000) * 4_120);
    // The last connection closed (the checkpointer's too): SQLite checkpointed and removed the WAL.
    expect(existsSync(wal)).toBe(false);
    const check = new Database(fileOf(testDb.url), { readonly: true });
    try {
      expect(check.prepare('SELECT COUNT(*) AS n FROM evaluation_items').get()).toEqual({ n: 30_000 });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
  });

  it('lose no committed batch when the writing process is killed mid-write', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build @llm-eval/storage first.`);
    const setup = await initializeDatabase({ url: testDb.url });
    const run = await setup.runs.createRun({ name: 'killed', status: 'running' });
    await setup.close();
    const child = spawn(process.execPath, [WRITER, DIST, testDb.url, run.id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) committed = Number(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Killed well past the checkpointer's first passes, while it and the writer both work.
    await waitFor(() => committed >= 15_000 || child.exitCode !== null, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(committed).toBeGreaterThanOrEqual(15_000);

    const db = await initializeDatabase({ url: testDb.url });
    try {
      const stored = (await db.runs.listItems(run.id, { limit: 1 })).total;
      // Every batch reported committed is there; at most the one in flight at the kill is more.
      expect(stored).toBeGreaterThanOrEqual(committed);
      expect(stored - committed).toBeLessThanOrEqual(500);
      expect(stored % 500).toBe(0);
      expect(await db.dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await db.close();
    }
  });

  it('let a process that only awaits close() finish it and exit normally', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build @llm-eval/storage first.`);
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      execFile(process.execPath, [path.join(__dirname, 'fixtures', 'close-and-exit.mjs'), DIST, testDb.url], (error, out) =>
        resolve({ stdout: out, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
      );
    });
    // Exit code 13 is Node's "unsettled top-level await": close() waited on a thread that no longer kept it alive.
    expect({ stdout, code }).toEqual({ stdout: 'closed\n', code: 0 });
  });

  it('are not started for PostgreSQL, which opens and closes as before', async () => {
    const pg = await createTestDatabase('postgres');
    try {
      const db = await initializeDatabase({ url: pg.url, sqliteBackgroundCheckpoint: true });
      const run = await db.runs.createRun({ name: 'pg', status: 'running' });
      expect(await db.runs.addItems(run.id, items(0, 10))).toBe(10);
      await db.close();
    } finally {
      await pg.drop();
    }
  });
});

describe('when the background checkpointer passes', () => {
  const timing = CHECKPOINT_TIMING;

  it('defers passes while the writer keeps writing, up to maxDeferMs since the last', () => {
    expect(shouldPass(true, true, 0, timing)).toBe(false);
    expect(shouldPass(true, true, timing.maxDeferMs - 1, timing)).toBe(false);
    expect(shouldPass(true, true, timing.maxDeferMs, timing)).toBe(true);
  });

  it('passes as soon as the writer pauses while anything is left to copy', () => {
    expect(shouldPass(false, true, 0, timing)).toBe(true);
  });

  it('passes with nothing known to copy only every idleMs', () => {
    expect(shouldPass(false, false, timing.idleMs - 1, timing)).toBe(false);
    expect(shouldPass(false, false, timing.idleMs, timing)).toBe(true);
  });
});
