import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { itemCounts, makeItems, METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, type WorkerProcess } from './helpers';

// An item whose job uses up its attempts can never be stored (here: the database itself refuses item-1's row, through
// a trigger this test adds, as a constraint added by a DBA or a full disk would). The run must still end — failed,
// naming the item — rather than wait for it for ever with its submitter attached, and the other items are stored.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  await db.dataSource.query(
    `CREATE FUNCTION "refuse_item_1"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
      `IF NEW."item_id" = 'item-1' THEN RAISE EXCEPTION 'this database refuses item-1'; END IF; RETURN NEW; END $$`,
  );
  await db.dataSource.query(
    `CREATE TRIGGER "TRG_refuse_item_1" BEFORE INSERT ON "evaluation_items" FOR EACH ROW EXECUTE FUNCTION "refuse_item_1"()`,
  );
  worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'w-attempts', concurrency: 1, storeAttempts: 1 });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await pg?.drop();
});

test('an item out of attempts is counted failed, and the run ends failed with the reason', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(4),
    run: { name: 'out-of-attempts' },
    itemJobAttempts: 2,
  });
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('failed');
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored.status).toBe('failed');
  expect(stored.statusReason).toMatch(/^item item-1 could not be stored after 2 attempts: .*this database refuses item-1/);
  expect(stored.completedAt).not.toBeNull();
  const counts = await itemCounts(pg.url, run.runId);
  expect(counts.rows).toBe(counts.distinct);
  // The other items are stored; the refused one is not.
  expect(counts.rows).toBe(3);
  expect(stored.totalItems).toBe(counts.rows);
  expect(worker.events.some((e) => e.type === 'item-refused' && /could not be stored after 2 attempts/.test(e.message))).toBe(true);
}, 120_000);

// Workers refresh the heartbeat of a run whose items they are running, not only when they store one: a slow item
// (a long model call, a low --rps) must not make a live run look abandoned, which runs recover would then fail.
test('a run whose only item runs for 14 s keeps a fresh heartbeat all along', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(1, () => ({ delayMs: 14_000 })),
    run: { name: 'slow-item' },
  });
  const ages: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const stored = (await db.runs.getRun(run.runId))!;
    if (stored.status !== 'running') break;
    ages.push(Date.now() - stored.heartbeatAt!.getTime());
  }
  const progress = await run.done();
  await run.close();
  expect(progress.status).toBe('completed');
  expect(ages.length).toBeGreaterThanOrEqual(4);
  // Refreshed every 5 s while the item runs (checked every 0.5 s): never near a heartbeat timeout.
  expect(Math.max(...ages)).toBeLessThan(8_000);
}, 60_000);
