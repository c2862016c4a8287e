import WebSocket from 'ws';
import { initializeDatabase } from '@llm-eval/storage';
import { createTestDatabase, type TestDatabase } from '@llm-eval/test-databases';
import { createServer, type LlmEvalServer } from '../src';
import { DATABASE_KINDS, useServer } from './server-harness';
import { logCapture, seedWorld, type World } from './access-world';
import { openEventStream, openWebSocket, type MessageLog } from './events-clients';

const runEvents = (log: MessageLog, ids: string[]) => log.messages.filter((m) => m.type.startsWith('run.') && ids.includes(String(m.runId)));

describe.each(DATABASE_KINDS)('live events within the project scope on %s', (kind) => {
  const logs = logCapture();
  const api = useServer(kind, { auth: 'tokens', logger: { level: 'info', stream: logs.stream } });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `events-${kind}`);
  });

  const post = (token: string, path: string, json: unknown) =>
    api.json(path, { method: 'POST', json, headers: { authorization: `Bearer ${token}` } });

  /** A run's whole life through the API: created in `projectId`, one batch, finished. */
  async function lifecycle(token: string, name: string, projectId: string | null): Promise<string> {
    const created = await post(token, '/api/v1/runs', { name, projectId, metricsUsed: ['exact_match'] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await post(token, `/api/v1/runs/${id}/items`, { items: [{ itemId: 'a', scores: { exact_match: 1 } }] })).status).toBe(200);
    expect((await post(token, `/api/v1/runs/${id}/finish`, { status: 'completed' })).status).toBe(200);
    return id;
  }

  it('SSE and WebSocket clients of one project never get an event of another project\'s run or of a run without one', async () => {
    const query = (token: string) => `?access_token=${encodeURIComponent(token)}`;
    const otherSse = await openEventStream(api.baseUrl, query(w.tokens.other));
    const otherWs = await openWebSocket(api.baseUrl, query(w.tokens.other));
    const adminSse = await openEventStream(api.baseUrl, query(w.tokens.admin));
    try {
      const alphaId = await lifecycle(w.tokens.editor, `alpha-live-${kind}`, 'alpha');
      const looseId = await lifecycle(w.tokens.admin, `loose-live-${kind}`, null);
      const deleted = await api.json(`/api/v1/runs/${alphaId}`, { method: 'DELETE', headers: { authorization: `Bearer ${w.tokens.admin}` } });
      expect(deleted.status).toBe(200);
      // Beta's run comes last: once its finish arrived, every earlier event would have too.
      const betaId = await lifecycle(w.tokens.other, `beta-live-${kind}`, 'beta');

      for (const client of [otherSse, otherWs]) {
        await client.waitFor("beta's run.finished", (m) => m.type === 'run.finished' && m.runId === betaId);
        expect(runEvents(client, [betaId]).map((m) => m.type)[0]).toBe('run.created');
        expect(runEvents(client, [alphaId, looseId])).toEqual([]);
        expect(JSON.stringify(client.messages)).not.toContain('alpha-live');
      }
      // The admin sees everything (so the scoped clients' silence is the scope, not a missing event).
      await adminSse.waitFor("alpha's run.deleted", (m) => m.type === 'run.deleted' && m.runId === alphaId);
      await adminSse.waitFor("loose's run.finished", (m) => m.type === 'run.finished' && m.runId === looseId);
    } finally {
      otherSse.close();
      otherWs.close();
      adminSse.close();
    }
  });

  it('a WebSocket subscribe to a run of another project is answered exactly as one to a missing run', async () => {
    const ws = await openWebSocket(api.baseUrl, `?access_token=${encodeURIComponent(w.tokens.other)}`);
    try {
      const missing = '5f0c1e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
      ws.send({ type: 'subscribe', run: w.alpha.id });
      const foreign = await ws.waitFor('the error for the foreign run', (m) => m.type === 'error');
      ws.send({ type: 'subscribe', run: missing });
      const absent = await ws.waitFor('the error for the missing run', (m) => m.type === 'error' && m !== foreign);
      expect(JSON.stringify(foreign).split(w.alpha.id).join('<id>')).toBe(JSON.stringify(absent).split(missing).join('<id>'));
      ws.send({ type: 'subscribe', run: w.beta.id });
      await ws.waitFor('subscribed to beta', (m) => m.type === 'subscribed' && m.runId === w.beta.id);
    } finally {
      ws.close();
    }
  });

  it('takes a browser WebSocket\'s token from its llm-eval.bearer.<token> subprotocol and never selects (echoes) that one', async () => {
    const socket = new WebSocket(`${api.baseUrl.replace(/^http/, 'ws')}/api/v1/events`, ['llm-eval.v1', `llm-eval.bearer.${w.tokens.other}`]);
    const handshake = new Promise<string>((resolve) => socket.once('upgrade', (res) => resolve(JSON.stringify(res.headers))));
    const first = new Promise<{ type: string }>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString())));
      socket.once('error', reject);
    });
    try {
      expect(await first).toMatchObject({ type: 'subscribed' });
      expect(socket.protocol).toBe('llm-eval.v1');
      expect(await handshake).not.toContain(w.tokens.other);
    } finally {
      socket.close();
    }
    const wrong = new WebSocket(`${api.baseUrl.replace(/^http/, 'ws')}/api/v1/events`, ['llm-eval.v1', `llm-eval.bearer.lle_${'C'.repeat(43)}`]);
    const status = await new Promise<number>((resolve) => wrong.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('refuses a stream without a token, and never logs the access_token of one', async () => {
    await expect(openEventStream(api.baseUrl)).rejects.toMatchObject({ statusCode: 401 });
    await expect(openWebSocket(api.baseUrl)).rejects.toMatchObject({ statusCode: 401 });
    const text = logs.text();
    expect(text).toContain('access_token=[redacted]');
    for (const secret of w.secrets) expect(text).not.toContain(secret);
  });
});

describe.each(DATABASE_KINDS)('deletions of runs stored before the server started, on %s', (kind) => {
  let testDb: TestDatabase;
  let server: LlmEvalServer;
  let baseUrl = '';
  let w: World;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    // The runs (and tokens) exist before the server and its change watcher: it never read their rows.
    const db = await initializeDatabase({ url: testDb.url });
    w = await seedWorld(db, `before-${kind}`);
    await db.close();
    server = await createServer({ databaseUrl: testDb.url, port: 0, auth: 'tokens' });
    baseUrl = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
  });

  it("sends the run.deleted of a run deleted through the API to its project's clients, and not to others", async () => {
    const viewer = await openEventStream(baseUrl, `?access_token=${encodeURIComponent(w.tokens.viewer)}`);
    const other = await openEventStream(baseUrl, `?access_token=${encodeURIComponent(w.tokens.other)}`);
    try {
      const del = (id: string) => fetch(`${baseUrl}/api/v1/runs/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${w.tokens.admin}` } });
      expect((await del(w.alpha.id)).status).toBe(200);
      expect((await del(w.beta.id)).status).toBe(200);
      await viewer.waitFor("alpha's run.deleted", (m) => m.type === 'run.deleted' && m.runId === w.alpha.id);
      await other.waitFor("beta's run.deleted", (m) => m.type === 'run.deleted' && m.runId === w.beta.id);
      expect(runEvents(other, [w.alpha.id])).toEqual([]);
      expect(runEvents(viewer, [w.beta.id])).toEqual([]);
    } finally {
      viewer.close();
      other.close();
    }
  });
});
