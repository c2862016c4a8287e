import { initializeDatabase, type Database, type ItemInput } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { Client } from 'pg';
import { ItemBatcher } from './item-batcher';

let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

const row = (n: number): ItemInput => ({ itemId: `item-${n}`, sequenceNumber: n, input: { n }, status: 'completed', actualOutput: `out ${n}`, scores: {} });

async function createRun(): Promise<string> {
  return (await db.runs.createRun({ name: 'batcher', status: 'running' })).id;
}

/** Read on a connection of its own: the pool's may have been terminated by the test. */
async function storedIds(runId: string): Promise<string[]> {
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT item_id FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) ORDER BY item_id', [runId]);
    return rows.map((r: { item_id: string }) => r.item_id);
  } finally {
    await client.end();
  }
}

test('rows added together are written in few batches, each row once; a row added again is not stored twice', async () => {
  const runId = await createRun();
  const writes: number[] = [];
  const batcher = new ItemBatcher(db, { onWritten: () => writes.push(1) });
  const outcomes = await Promise.all(Array.from({ length: 450 }, (_, n) => batcher.add(runId, row(n))));
  expect(outcomes.every((o) => o.kind === 'stored')).toBe(true);
  // 200 rows at most per batch: 450 rows added at once take 3 writes.
  expect(writes.length).toBe(3);
  expect(await batcher.add(runId, row(7))).toEqual({ kind: 'stored' });
  expect((await storedIds(runId)).length).toBe(450);
});

test('a run cancelled meanwhile: its rows are dropped (closed), nothing stored', async () => {
  const runId = await createRun();
  await db.runs.cancelRun(runId, 'test');
  const batcher = new ItemBatcher(db);
  expect(await batcher.add(runId, row(1))).toEqual({ kind: 'closed' });
  expect(await storedIds(runId)).toEqual([]);
});

test('PostgreSQL dropping the connections mid-write: batches are retried and every row is stored once', async () => {
  const runId = await createRun();
  const retries: number[] = [];
  const batcher = new ItemBatcher(db, { retryBaseDelayMs: 20, onRetry: (_run, _error, attempt) => retries.push(attempt) });
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  const database = new URL(pg.url).pathname.slice(1);
  let killing = true;
  const killer = (async () => {
    while (killing) {
      // Connections in the middle of a write (killing one mid-connect makes pg emit an error nobody listens to).
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
        [database],
      );
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const adds: Promise<unknown>[] = [];
  for (let n = 0; n < 300; n++) {
    adds.push(batcher.add(runId, row(n)).catch((error: Error) => error));
    if (n % 20 === 0) await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 100));
  killing = false;
  await killer;
  await admin.end();
  const outcomes = await Promise.all(adds);
  // A batch that failed every try rejects: its jobs fail and BullMQ retries them. Here every row made it.
  expect(outcomes.filter((o) => o instanceof Error)).toEqual([]);
  expect(retries.length).toBeGreaterThan(0);
  const ids = await storedIds(runId);
  expect(ids.length).toBe(300);
  expect(new Set(ids).size).toBe(300);
});
