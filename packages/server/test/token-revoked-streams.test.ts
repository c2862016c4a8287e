import { openEventStream, openWebSocket } from './events-clients';
import { useServer } from './server-harness';

// A live-events stream outlives the request that authenticated it. Before, a stream opened with a token went on
// sending its holder every event after the token was revoked (or expired); now it ends within one recheck (5 s).
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
    const { secret } = await db.tokens.create({ name: 'short', role: 'viewer', projects: '*', expiresAt: new Date(Date.now() + 2_000) });
    const sse = await openEventStream(api.baseUrl, `?access_token=${secret}`);
    await sse.waitFor('the unauthorized message', (m) => m.type === 'unauthorized' && String(m.message).includes('expired'), 15_000);
    await sse.ended;
  }, 30_000);
});
