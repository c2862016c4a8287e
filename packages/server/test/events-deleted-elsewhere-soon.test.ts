import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import { DATABASE_KINDS } from './server-harness';
import { seedWorld, type World } from './access-world';
import { openEventStream, openWebSocket, type MessageLog } from './events-clients';

// Another process (`llm-eval runs delete`, a script using storage) creates, finishes and deletes a run within a few
// milliseconds, between two reads of the server's watcher. The watcher used to read the run's row after the changes,
// found it gone, and sent run.deleted alone: the run's creation and finish were lost. The deletion's change now
// carries the run as it was deleted, and the watcher sends what the subscriber has not seen yet before run.deleted.
// Needs storage's built package (npx tsup in packages/storage).

const run = promisify(execFile);
const STORAGE_DIST = path.join(__dirname, '..', '..', 'storage', 'dist', 'index.cjs');
const POLL_MS = 200;

/** Writes each run (project, name) with two items, finalises it as completed and deletes it at once, printing the ids. */
const writerScript = `
const { initializeDatabase } = require(${JSON.stringify(STORAGE_DIST)});
const [url, runs] = process.argv.slice(1);
(async () => {
  const db = await initializeDatabase({ url });
  const ids = [];
  for (const [projectId, name] of JSON.parse(runs)) {
    const run = await db.runs.createRun({ name, projectId, modelName: 'gpt-4o', datasetName: 'squad', metricsUsed: ['f1'] });
    await db.runs.addItems(run.id, [
      { itemId: 'a', status: 'completed', responseTime: 0.5, tokensUsed: 10, cost: 0.25, scores: { f1: 1 } },
      { itemId: 'b', status: 'failed', responseTime: 1.5, tokensUsed: 20, cost: 0.5, scores: { f1: 0 } },
    ]);
    await db.runs.finalizeRun(run.id, { status: 'completed', durationSeconds: 0.01 });
    await db.runs.deleteRun(run.id);
    ids.push(run.id);
  }
  await db.close();
  process.stdout.write(JSON.stringify(ids));
})().catch((e) => { console.error(e); process.exit(1); });
`;

const types = (log: MessageLog, id: string) => log.messages.filter((m) => m.runId === id && m.type !== 'run.progress').map((m) => m.type);
const deletedIn = (log: MessageLog, id: string) => log.waitFor(`run.deleted of ${id}`, (m) => m.type === 'run.deleted' && m.runId === id, 20_000);

describe.each(DATABASE_KINDS)('live events of runs another process deletes right after finishing them, on %s', (kind) => {
  let testDb: TestDatabase;
  let server: LlmEvalServer;
  let baseUrl = '';
  let w: World;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const seeding = await initializeDatabase({ url: testDb.url });
    w = await seedWorld(seeding, `soon-${kind}`);
    await seeding.close();
    server = await createServer({ databaseUrl: testDb.url, port: 0, auth: 'tokens', changePollMs: POLL_MS });
    baseUrl = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });

  it('sends run.created, run.finished and run.deleted in order, each only to the clients of its project', async () => {
    const query = (token: string) => `?access_token=${encodeURIComponent(token)}`;
    const adminSse = await openEventStream(baseUrl, query(w.tokens.admin));
    const adminWs = await openWebSocket(baseUrl, query(w.tokens.admin));
    const alphaSse = await openEventStream(baseUrl, query(w.tokens.viewer));
    const betaWs = await openWebSocket(baseUrl, query(w.tokens.other));
    try {
      const plan = [
        ['alpha', `soon alpha 1 ${kind}`],
        ['beta', `soon beta ${kind}`],
        ['alpha', `soon alpha 2 ${kind}`],
        ['alpha', `soon alpha 3 ${kind}`],
      ];
      const { stdout, stderr } = await run(process.execPath, ['-e', writerScript, testDb.url, JSON.stringify(plan)], { cwd: __dirname });
      expect(stderr).toBe('');
      const ids = JSON.parse(stdout) as string[];
      const [alpha1, beta, alpha2, alpha3] = ids as [string, string, string, string];
      for (const id of ids) {
        for (const log of [adminSse, adminWs]) {
          await deletedIn(log, id);
          expect(types(log, id)).toEqual(['run.created', 'run.finished', 'run.deleted']);
        }
      }
      const finished = adminSse.messages.find((m) => m.type === 'run.finished' && m.runId === alpha1);
      expect(finished).toMatchObject({
        runName: `soon alpha 1 ${kind}`,
        status: 'completed',
        statusReason: null,
        totalItems: 2,
        successfulItems: 1,
        failedItems: 1,
        successRate: 0.5,
        avgResponseTime: 1,
        totalTokens: 30,
        totalCost: 0.75,
        durationSeconds: 0.01,
      });
      expect(adminWs.messages.find((m) => m.type === 'run.created' && m.runId === alpha1)).toMatchObject({
        runName: `soon alpha 1 ${kind}`,
        projectId: 'alpha',
        modelName: 'gpt-4o',
        datasetName: 'squad',
        createdAt: expect.any(String),
      });
      for (const id of [alpha1, alpha2, alpha3]) {
        await deletedIn(alphaSse, id);
        expect(types(alphaSse, id)).toEqual(['run.created', 'run.finished', 'run.deleted']);
      }
      await deletedIn(betaWs, beta);
      expect(types(betaWs, beta)).toEqual(['run.created', 'run.finished', 'run.deleted']);
      // Every event the watcher had for these runs is out (the admin saw the last deletion): none crossed projects.
      expect(alphaSse.messages.filter((m) => m.runId === beta)).toEqual([]);
      expect(betaWs.messages.filter((m) => [alpha1, alpha2, alpha3].includes(String(m.runId)))).toEqual([]);
    } finally {
      for (const c of [adminSse, adminWs, alphaSse, betaWs]) c.close();
    }
  });
});
