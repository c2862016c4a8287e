import Sqlite from 'better-sqlite3';
import { Client } from 'pg';
import { DatabaseBusyError, initializeDatabase, type Database } from '../src';
import { BUSY_RETRY } from '../src/repositories/transaction';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './databases';

/** Another process's writer, holding the database's write lock until released. */
interface LockHolder {
  release(): Promise<void>;
}

async function holdWriteLock(testDb: TestDatabase): Promise<LockHolder> {
  if (testDb.kind === 'sqlite') {
    const raw = new Sqlite(testDb.url.replace(/^sqlite:\/\//, ''));
    raw.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        raw.exec('ROLLBACK');
        raw.close();
      },
    };
  }
  const client = new Client({ connectionString: testDb.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "evaluation_runs" IN EXCLUSIVE MODE');
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe.each(DATABASE_KINDS)('writing while another writer holds the %s database', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  const defaults = { ...BUSY_RETRY };
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    // A short busy timeout, so the retries (not SQLite's own wait) are what bridges the lock.
    db = await initializeDatabase({ url: kind === 'sqlite' ? `${testDb.url}?busy_timeout=50` : testDb.url });
  });
  afterEach(() => Object.assign(BUSY_RETRY, defaults));
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('waits and retries until the other writer is done, then stores the write', async () => {
    const holder = await holdWriteLock(testDb);
    const released = new Promise<void>((resolve) => setTimeout(() => void holder.release().then(resolve), 400));
    const run = await db.runs.createRun({ name: 'written after the lock', tags: ['waited'] });
    await released;
    await db.runs.addItems(run.id, [{ itemId: 'a' }]);
    expect(await db.runs.requireRun(run.id)).toMatchObject({ name: 'written after the lock', tags: ['waited'] });
  });

  if (kind === 'sqlite') {
    it('gives up with DatabaseBusyError after the retry budget, storing nothing, and works again once the lock is gone', async () => {
      BUSY_RETRY.totalMs = 300;
      const holder = await holdWriteLock(testDb);
      let error: unknown;
      try {
        error = await db.runs.createRun({ name: 'never stored' }).catch((e) => e);
      } finally {
        await holder.release();
      }
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as Error).message).toMatch(/locked by other writers.*was not stored/);
      expect((await db.runs.listRuns({ text: 'never stored' })).total).toBe(0);
      expect(await db.runs.createRun({ name: 'stored now' })).toMatchObject({ name: 'stored now' });
    });

    it('opens a new file whose write lock another process holds once it is released, or gives up with DatabaseBusyError', async () => {
      const fresh = await createTestDatabase('sqlite');
      const file = fresh.url.replace(/^sqlite:\/\//, '');
      const raw = new Sqlite(file);
      raw.pragma('journal_mode = WAL');
      raw.exec('BEGIN IMMEDIATE');
      try {
        BUSY_RETRY.totalMs = 300;
        const error = await initializeDatabase({ url: `${fresh.url}?busy_timeout=50` }).catch((e) => e);
        expect(error).toBeInstanceOf(DatabaseBusyError);
        expect(error.message).toContain('Applying schema migrations');
        BUSY_RETRY.totalMs = defaults.totalMs;
        setTimeout(() => raw.exec('ROLLBACK'), 300);
        const opened = await initializeDatabase({ url: `${fresh.url}?busy_timeout=50` });
        expect((await opened.runs.listRuns()).total).toBe(0);
        await opened.close();
      } finally {
        raw.close();
        await fresh.drop();
      }
    });
  }
});
