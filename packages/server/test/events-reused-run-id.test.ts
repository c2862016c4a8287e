import { randomUUID } from 'node:crypto';
import { initializeDatabase } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import { DATABASE_KINDS } from './server-harness';
import { seedWorld, type World } from './access-world';
import { eventsOf, openEventStream, openWebSocket, type MessageLog } from './events-clients';

// A run deleted and stored again under its id (a new run, here in another project) is a new run: subscribers get the
// old run's run.deleted, then the new run's run.created, in that order, whether the new run was stored at once (both
// changes then come in one read of the watcher) or after the deletion was seen; each goes only to the clients of its
// own run's project. The watcher remembered the id as announced and deleted, and took the new run for the old one.

const POLL_MS = 50;

describe.each(DATABASE_KINDS)('live events of a run id deleted and stored again, on %s', (kind) => {
  let testDb: TestDatabase;
  let server: LlmEvalServer;
  let baseUrl = '';
  let w: World;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const seeding = await initializeDatabase({ url: testDb.url });
    w = await seedWorld(seeding, `reused-${kind}`);
    await seeding.close();
    server = await createServer({ databaseUrl: testDb.url, port: 0, auth: 'tokens', changePollMs: POLL_MS });
    baseUrl = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });

  const call = async (method: string, path: string, json?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${w.tokens.admin}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  /** A run created and finished through the API; resolves with its id. */
  const finishedRun = async (name: string, projectId: string, id?: string) => {
    const created = await call('POST', '/runs', { ...(id ? { id } : {}), name, projectId });
    expect(created.status).toBe(201);
    expect((await call('POST', `/runs/${created.body.id}/finish`, {})).status).toBe(200);
    return created.body.id as string;
  };
  const finishedIn = (log: MessageLog, id: string) => log.waitFor(`run.finished of ${id}`, (m) => m.type === 'run.finished' && m.runId === id, 20_000);
  const deletedIn = (log: MessageLog, id: string) => log.waitFor(`run.deleted of ${id}`, (m) => m.type === 'run.deleted' && m.runId === id, 20_000);
  const lifecycle = (log: MessageLog, id: string) => eventsOf(log, id).filter((m) => m.type !== 'run.progress').map((m) => `${m.type} ${m.runName}`);

  it.each(['at once', 'once its deletion was seen'])('run.deleted of the old run, then run.created of the new one (stored %s)', async (when) => {
    const query = (token: string) => `?access_token=${encodeURIComponent(token)}`;
    const alpha = [await openEventStream(baseUrl, query(w.tokens.viewer)), await openWebSocket(baseUrl, query(w.tokens.viewer))];
    const beta = [await openEventStream(baseUrl, query(w.tokens.other)), await openWebSocket(baseUrl, query(w.tokens.other))];
    const admin = [await openEventStream(baseUrl, query(w.tokens.admin)), await openWebSocket(baseUrl, query(w.tokens.admin))];
    const all = [...alpha, ...beta, ...admin];
    try {
      const tag = when.replace(/\W+/g, '-');
      const oldName = `alpha-old-${tag}-${randomUUID()}`;
      const newName = `beta-new-${tag}-${randomUUID()}`;
      const id = await finishedRun(oldName, 'alpha');
      for (const log of [...alpha, ...admin]) await finishedIn(log, id);

      expect((await call('DELETE', `/runs/${id}`)).status).toBe(200);
      if (when !== 'at once') for (const log of [...alpha, ...admin]) await deletedIn(log, id);
      expect(await finishedRun(newName, 'beta', id)).toBe(id);

      // Events are published in commit order: once a run finished after the new one is heard of, all of it was sent.
      const alphaMark = await finishedRun(`alpha-mark-${tag}`, 'alpha');
      const betaMark = await finishedRun(`beta-mark-${tag}`, 'beta');
      for (const log of [...alpha, ...admin]) await finishedIn(log, alphaMark);
      for (const log of [...beta, ...admin]) await finishedIn(log, betaMark);

      for (const log of admin) {
        expect(lifecycle(log, id)).toEqual([
          `run.created ${oldName}`,
          `run.finished ${oldName}`,
          `run.deleted ${oldName}`,
          `run.created ${newName}`,
          `run.finished ${newName}`,
        ]);
        expect(eventsOf(log, id).filter((m) => m.type === 'run.created').map((m) => m.projectId)).toEqual(['alpha', 'beta']);
      }
      for (const log of alpha) {
        expect(lifecycle(log, id)).toEqual([`run.created ${oldName}`, `run.finished ${oldName}`, `run.deleted ${oldName}`]);
        expect(JSON.stringify(log.messages)).not.toContain(newName);
      }
      for (const log of beta) {
        expect(lifecycle(log, id)).toEqual([`run.created ${newName}`, `run.finished ${newName}`]);
        expect(eventsOf(log, id).find((m) => m.type === 'run.created')).toMatchObject({ projectId: 'beta' });
        expect(JSON.stringify(log.messages)).not.toContain(oldName);
      }

      // The new run is what the id names now: its own deletion is announced too, to beta's clients only.
      expect((await call('DELETE', `/runs/${id}`)).status).toBe(200);
      for (const log of [...beta, ...admin]) {
        await log.waitFor(`run.deleted of ${newName}`, (m) => m.type === 'run.deleted' && m.runId === id && m.runName === newName, 20_000);
      }
      const alphaMark2 = await finishedRun(`alpha-mark2-${tag}`, 'alpha');
      for (const log of alpha) await finishedIn(log, alphaMark2);
      for (const log of admin) expect(lifecycle(log, id).slice(-2)).toEqual([`run.finished ${newName}`, `run.deleted ${newName}`]);
      for (const log of beta) expect(lifecycle(log, id)).toEqual([`run.created ${newName}`, `run.finished ${newName}`, `run.deleted ${newName}`]);
      for (const log of alpha) expect(eventsOf(log, id).filter((m) => m.type === 'run.deleted')).toHaveLength(1);
    } finally {
      for (const log of all) log.close();
    }
  });
});
