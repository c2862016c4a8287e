import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { queueStatus, startWorker, submitRun } from '../src';
import { itemCounts, makeItems, TASK_MODULE, waitFor } from './helpers';

// A worker holds more jobs than it runs tasks (stores overlap the next task), so at a SIGTERM some of its items had
// not started: they waited for a task slot, and the close ran them after the tasks in flight, doubling the wait for a
// stop (a service manager's grace period may end first). They now go back to the queue at once, untouched, for
// another worker; the tasks in flight finish and are stored.
const redis = useTestRedis();
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

test('closing hands back the items waiting for a task slot, finishes the one in flight; another worker runs the rest once', async () => {
  const queue = { url: redis.url, prefix: redis.prefix };
  const started: string[] = [];
  // The first item's task runs until the test lets it end (after the close has begun), however long the machine takes
  // to get there; the others take 1.5 s.
  let releaseFirst!: () => void;
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const slowTask = async (input: { n: number }) => {
    started.push(`item-${input.n}`);
    await (input.n === 0 ? firstHeld : new Promise((r) => setTimeout(r, 1_500)));
    return { output: `answer ${input.n}` };
  };
  const first = await startWorker({ queue, databaseUrl: pg.url, name: 'closing', concurrency: 1, loadTask: async () => slowTask });
  const run = await submitRun({ queue, databaseUrl: pg.url, task: { module: TASK_MODULE }, metrics: ['exact_match'], dataset: makeItems(4), run: { name: 'hand-back' } });
  await run.enqueued;
  // One task in flight, a second job held, waiting for the slot.
  await waitFor('a job waiting for the slot', async () => started.length === 1 && (await queueStatus(queue)).runs[0]?.active === 2);
  const closing = first.close();
  await new Promise((r) => setTimeout(r, 500));
  releaseFirst();
  await closing;
  // The task in flight finished and was stored; the waiting item never started here.
  expect(started).toEqual(['item-0']);
  expect((await itemCounts(pg.url, run.runId)).rows).toBe(1);

  const second = await startWorker({ queue, databaseUrl: pg.url, name: 'taking-over', concurrency: 2, loadTask: async () => slowTask });
  try {
    const final = await run.done();
    expect(final.status).toBe('completed');
    expect(final.done).toBe(4);
    expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 4, distinct: 4 });
    // Every item ran once: the one handed back was not counted as an attempt or run twice.
    expect([...started].sort()).toEqual(['item-0', 'item-1', 'item-2', 'item-3']);
  } finally {
    await run.close();
    await second.close();
  }
}, 60_000);
