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

  it('counts nothing for requests refused before a principal is known', async () => {
    for (let i = 0; i < 5; i++) expect((await api.json('/api/v1/runs')).status).toBe(401);
  });
});

describe('no request limit without authentication unless asked for', () => {
  const api = useServer('sqlite');

  it('serves many requests from one client', async () => {
    for (let i = 0; i < 20; i++) expect((await api.json('/api/v1/runs?limit=1')).status).toBe(200);
  });
});
