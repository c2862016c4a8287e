import { openEventStream, openWebSocket, type SseClient } from './events-clients';
import { DATABASE_KINDS, useServer } from './server-harness';

// A live-events stream outlives the request that authenticated it. Before, a stream opened with a token went on
// sending its holder every event after the token was revoked (or expired); a revocation elsewhere (here: straight in
// the database, as `llm-eval tokens revoke` does) now ends it within one recheck (1 s).
describe('live-event streams of a revoked token', () => {
  const api = useServer('sqlite', { auth: 'tokens' });

  it('the SSE stream says why and ends, the WebSocket closes with 4401, and no later event reaches them', async () => {
    const db = api.server.database;
    const { secret, token } = await db.tokens.create({ name: 'dashboard', role: 'viewer', projects: '*' });
    const sse = await openEventStream(api.baseUrl, `?access_token=${secret}`);
    const ws = await openWebSocket(api.baseUrl, `?access_token=${secret}`);
    await db.tokens.revoke(token.id);
    const revokedAt = Date.now();
    await sse.waitFor('the unauthorized message', (m) => m.type === 'unauthorized', 15_000);
    await sse.ended;
    const closed = await ws.closed;
    expect(closed).toEqual({ code: 4401, reason: 'The API token was revoked: this stream ends. Reconnect with a valid token.' });
    expect(Date.now() - revokedAt).toBeLessThan(12_000);
    expect(sse.messages.find((m) => m.type === 'unauthorized')!.message).toContain('revoked');
    // A run created now is not sent to either.
    await db.runs.createRun({ name: 'after the revoke', status: 'running' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const client of [sse, ws]) expect(client.messages.some((m) => m.runName === 'after the revoke')).toBe(false);
  }, 30_000);

  it('a stream of a token that expires ends too', async () => {
    const db = api.server.database;
    const { secret } = await db.tokens.create({ name: 'short', role: 'viewer', projects: '*', expiresAt: new Date(Date.now() + 5_000) });
    const sse = await openEventStream(api.baseUrl, `?access_token=${secret}`);
    await sse.waitFor('the unauthorized message', (m) => m.type === 'unauthorized' && String(m.message).includes('expired'), 15_000);
    await sse.ended;
  }, 30_000);
});

// A revocation through this server, and an expiry, are known at once: no stream of the token may get another event.
describe.each(DATABASE_KINDS)('live-event streams of a token revoked through the API, or expiring, on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let admin = '';
  beforeAll(async () => {
    admin = (await api.server.database.tokens.create({ name: `admin-${kind}`, role: 'admin', projects: '*' })).secret;
  });
  /** Creates a run through the API and waits until a stream of the admin got its run.created (so every stream was offered it). */
  async function createRunSeenBy(witness: SseClient, name: string): Promise<void> {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name }, headers: { authorization: `Bearer ${admin}` } });
    expect(created.status).toBe(201);
    await witness.waitFor(`run.created of ${name}`, (m) => m.type === 'run.created' && m.runName === name);
  }

  it('DELETE /tokens/:id ends the SSE stream and the WebSocket of the token before a run created after it is sent', async () => {
    const { secret, token } = await api.server.database.tokens.create({ name: `revoked-live-${kind}`, role: 'viewer', projects: '*' });
    const witness = await openEventStream(api.baseUrl, `?access_token=${admin}`);
    const sse = await openEventStream(api.baseUrl, `?access_token=${secret}`);
    const ws = await openWebSocket(api.baseUrl, `?access_token=${secret}`);
    try {
      const revoked = await api.json(`/api/v1/tokens/${token.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
      expect(revoked.status).toBe(200);
      await createRunSeenBy(witness, `after-the-delete-${kind}`);
      await sse.ended;
      expect(await ws.closed).toEqual({ code: 4401, reason: 'The API token was revoked: this stream ends. Reconnect with a valid token.' });
      expect(sse.messages.at(-1)).toMatchObject({ type: 'unauthorized', message: expect.stringContaining('revoked') });
      for (const client of [sse, ws]) expect(client.messages.filter((m) => m.type.startsWith('run.'))).toEqual([]);
    } finally {
      witness.close();
      sse.close();
      ws.close();
    }
  });

  it('a stream of a token ends when the token expires: a run created after the expiry is never sent to it', async () => {
    // Long enough for the three streams to open first on a loaded machine (a stream opened after the expiry is a 401).
    const expiresAt = new Date(Date.now() + 5_000);
    const { secret } = await api.server.database.tokens.create({ name: `expiring-live-${kind}`, role: 'viewer', projects: '*', expiresAt });
    const witness = await openEventStream(api.baseUrl, `?access_token=${admin}`);
    const sse = await openEventStream(api.baseUrl, `?access_token=${secret}`);
    const ws = await openWebSocket(api.baseUrl, `?access_token=${secret}`);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 100));
      await createRunSeenBy(witness, `after-the-expiry-${kind}`);
      await sse.ended;
      expect(await ws.closed).toEqual({ code: 4401, reason: 'The API token was expired: this stream ends. Reconnect with a valid token.' });
      expect(sse.messages.at(-1)).toMatchObject({ type: 'unauthorized', message: expect.stringContaining('expired') });
      for (const client of [sse, ws]) expect(client.messages.filter((m) => m.type.startsWith('run.'))).toEqual([]);
    } finally {
      witness.close();
      sse.close();
      ws.close();
    }
  });
});
