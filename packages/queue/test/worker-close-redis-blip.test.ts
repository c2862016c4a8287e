import { createTestDatabase, startOwnRedisServer, type OwnRedisServer, type TestDatabase } from '@llm-eval/test-databases';
import { initializeDatabase } from '@llm-eval/storage';
import { requireFreshBuild, spawnWorker, type WorkerProcess } from './helpers';

// SIGTERM reaching a worker while its Redis is briefly away (a restart, a failover): BullMQ's graceful close never
// ends when Redis goes away and comes back during it (taskforcesh/bullmq#2430), so the worker used to hang in
// "closing" for ever once Redis was back within the 3 s it waits for an unreachable Redis.
let server: OwnRedisServer;
let pg: TestDatabase;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  requireFreshBuild();
  server = await startOwnRedisServer();
  pg = await createTestDatabase('postgres');
  const db = await initializeDatabase({ url: pg.url });
  await db.close();
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await server?.destroy();
  await pg?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a worker told to stop while Redis is away, which comes back half a second later, exits', async () => {
  worker = spawnWorker({ url: server.url, prefix: 'blip', databaseUrl: pg.url, name: 'b1' });
  await worker.ready;
  await server.stop();
  await sleep(1_000);
  worker.child.kill('SIGTERM');
  await sleep(500);
  await server.start();
  const code = await Promise.race([worker.exited, sleep(30_000).then(() => 'still running 30 s after SIGTERM')]);
  expect(code).toBe(0);
  expect(worker.events.map((e) => e.type)).toContain('stopped');
}, 60_000);
