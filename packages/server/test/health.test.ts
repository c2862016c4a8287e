import { DATABASE_KINDS, useServer } from './server-harness';

describe.each(DATABASE_KINDS)('health on %s', (kind) => {
  const api = useServer(kind);

  it('answers /healthz without touching the database, and /api/v1/health with the database report', async () => {
    const live = await api.json('/healthz');
    expect(live).toMatchObject({ status: 200, body: { ok: true } });
    const health = await api.json('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, backend: kind, reachable: true, pendingMigrations: [] });
    expect(health.body.url).not.toMatch(/password|:[^/@]+@/);
  });

  it('answers an unknown route with the one error shape', async () => {
    const res = await api.json('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/v1/nope'), details: {} } });
  });
});
