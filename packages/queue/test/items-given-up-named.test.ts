import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { itemCounts, makeItems, METRICS, requireFreshBuild, spawnWorker, TASK_MODULE, type WorkerProcess } from './helpers';

// Items given up for a reason other than an unreachable database (here the database refuses item-1's and item-3's rows,
// through a trigger) are each named in the reason the run ends with: not only the first, the others only in a log.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess;

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  await db.dataSource.query(
    `CREATE FUNCTION "refuse_items"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
      `IF NEW."item_id" IN ('item-1', 'item-3') THEN RAISE EXCEPTION 'this database refuses %', NEW."item_id"; END IF; RETURN NEW; END $$`,
  );
  await db.dataSource.query(`CREATE TRIGGER "TRG_refuse_items" BEFORE INSERT ON "evaluation_items" FOR EACH ROW EXECUTE FUNCTION "refuse_items"()`);
  worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'w-named', concurrency: 1, storeAttempts: 1 });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await pg?.drop();
});

test('every item given up is named in the status reason of the failed run', async () => {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS.slice(0, 1),
    dataset: makeItems(5),
    run: { name: 'given-up-named' },
    itemJobAttempts: 2,
  });
  const progress = await run.done();
  await run.close();
  expect(progress).toMatchObject({ status: 'failed', done: 5, failed: 2 });
  const stored = (await db.runs.getRun(run.runId))!;
  expect(stored.status).toBe('failed');
  expect(stored.statusReason).toMatch(/item item-1 could not be stored after 2 attempts: .*this database refuses item-1/);
  expect(stored.statusReason).toMatch(/item item-3 could not be stored after 2 attempts: .*this database refuses item-3/);
  expect(await itemCounts(pg.url, run.runId)).toEqual({ rows: 3, distinct: 3 });
}, 120_000);
