import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import { DATABASE_KINDS } from './server-harness';
import { seedWorld, type World } from './access-world';
import { openEventStream, openWebSocket, type MessageLog } from './events-clients';

// Runs stored before the server started, deleted by another process (another connection to the database, as
// `llm-eval runs delete`, `runs prune` or retention elsewhere would): the server never read them, so only the
// deletion signal can tell whose they were. Each run.deleted reaches the clients of the run's project, and only them.

const POLL_MS = 50;

const about = (log: MessageLog, ids: string[]) => log.messages.filter((m) => m.type.startsWith('run.') && ids.includes(String(m.runId)));
const deletedIn = (log: MessageLog, id: string) => log.waitFor(`run.deleted of ${id}`, (m) => m.type === 'run.deleted' && m.runId === id, 20_000);

describe.each(DATABASE_KINDS)('live events of runs deleted outside the server, on %s', (kind) => {
  let testDb: TestDatabase;
  let server: LlmEvalServer;
  let outside: Database;
  let baseUrl = '';
  let w: World;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const seeding = await initializeDatabase({ url: testDb.url });
    w = await seedWorld(seeding, `outside-${kind}`);
    await seeding.close();
    server = await createServer({ databaseUrl: testDb.url, port: 0, auth: 'tokens', changePollMs: POLL_MS });
    baseUrl = await server.listen();
    // Another process's view of the database: its own connection, nothing shared with the server.
    outside = await initializeDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await outside?.close();
    await server?.close();
    await testDb?.drop();
  });

  it("sends run.deleted to the clients of the run's project only, whoever deleted it", async () => {
    const query = (token: string) => `?access_token=${encodeURIComponent(token)}`;
    const alphaSse = await openEventStream(baseUrl, query(w.tokens.viewer));
    const alphaWs = await openWebSocket(baseUrl, query(w.tokens.viewer));
    const betaSse = await openEventStream(baseUrl, query(w.tokens.other));
    const adminSse = await openEventStream(baseUrl, query(w.tokens.admin));
    try {
      // deleteRun (the CLI's `runs delete`) and deleteRuns (prune and retention), in this order; beta's comes last.
      await outside.runs.deleteRun(w.alpha.id);
      expect(await outside.runs.deleteRuns([w.loose.id, w.alpha2.id])).toBe(2);
      await outside.runs.deleteRun(w.beta.id);

      for (const alpha of [alphaSse, alphaWs]) {
        expect(await deletedIn(alpha, w.alpha.id)).toMatchObject({ runName: w.alpha.name });
        expect(await deletedIn(alpha, w.alpha2.id)).toMatchObject({ runName: w.alpha2.name });
      }
      expect(await deletedIn(betaSse, w.beta.id)).toMatchObject({ runName: w.beta.name });
      // Clients of every project get every deletion, the run without a project's too.
      for (const run of [w.alpha, w.alpha2, w.loose, w.beta]) await deletedIn(adminSse, run.id);

      // Deletions are read in commit order, so beta's arrived after alpha's would have; a few polls more for good measure.
      await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
      expect(about(betaSse, [w.alpha.id, w.alpha2.id, w.loose.id])).toEqual([]);
      expect(JSON.stringify(betaSse.messages)).not.toContain(w.alpha.name);
      for (const alpha of [alphaSse, alphaWs]) {
        expect(about(alpha, [w.beta.id, w.loose.id])).toEqual([]);
        // One run.deleted per run, nothing else about it.
        expect(about(alpha, [w.alpha.id, w.alpha2.id]).map((m) => `${m.type} ${m.runId}`).sort()).toEqual(
          [`run.deleted ${w.alpha.id}`, `run.deleted ${w.alpha2.id}`].sort(),
        );
      }
    } finally {
      alphaSse.close();
      alphaWs.close();
      betaSse.close();
      adminSse.close();
    }
  });
});
