import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { DATABASE_KINDS, useServer } from './server-harness';
import { seedWorld, type World } from './access-world';

describe.each(DATABASE_KINDS)('per-principal request limits on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', rateLimit: { requestsPerMinute: 3 } });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `rate-${kind}`);
  });

  it('answers past the limit with 429, Retry-After and the one error shape; other tokens keep their own budget', async () => {
    const as = (token: string) => api.json('/api/v1/runs?limit=1', { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await as(w.tokens.viewer)).status).toBe(200);
    const limited = await as(w.tokens.viewer);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('per minute'), details: { limitPerMinute: 3 } } });
    expect((await as(w.tokens.admin)).status).toBe(200);
  });

});

/** A GET over its own connection from `localAddress` (127.0.0.0/8 is all loopback: each is another client address). */
function getFrom(localAddress: string, url: string, token?: string): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const request = http.request(url, { method: 'GET', headers, localAddress, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** A token-shaped secret no token has. */
const randomToken = () => `lle_${randomBytes(32).toString('base64url')}`;

describe.each(DATABASE_KINDS)('refused authentications count against the client address on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens', rateLimit: { requestsPerMinute: 3 } });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `rate-failures-${kind}`);
  });

  it('a flood of wrong or missing tokens gets 429 with Retry-After; other addresses and their valid tokens are not affected', async () => {
    const runs = `${api.baseUrl}/api/v1/runs?limit=1`;
    const flooder = '127.0.0.2';
    for (let i = 0; i < 3; i++) expect((await getFrom(flooder, runs, randomToken())).status).toBe(401);
    const limited = [await getFrom(flooder, runs, randomToken()), await getFrom(flooder, runs), await getFrom(flooder, runs, 'not-a-token')];
    for (const res of limited) {
      expect(res.status).toBe(429);
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
      expect(res.body).toEqual({
        error: { code: 'rate_limited', message: expect.stringContaining('failed authentications'), details: { limitPerMinute: 3 } },
      });
    }
    // Until the window ends, the address is refused before any token is looked up: guessing goes no faster.
    expect((await getFrom(flooder, runs, w.tokens.viewer)).status).toBe(429);
    // Another address keeps its own budget of failures, and its valid tokens are served.
    const other = '127.0.0.3';
    expect((await getFrom(other, runs, w.tokens.viewer)).status).toBe(200);
    expect((await getFrom(other, runs, randomToken())).status).toBe(401);
    expect((await getFrom(other, runs, w.tokens.admin)).status).toBe(200);
  });
});

describe('no request limit without authentication unless asked for', () => {
  const api = useServer('sqlite');

  it('serves many requests from one client', async () => {
    for (let i = 0; i < 20; i++) expect((await api.json('/api/v1/runs?limit=1')).status).toBe(200);
  });
});
