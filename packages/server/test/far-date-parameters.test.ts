import { DATABASE_KINDS, useServer } from './server-harness';

// `GET /trends?since=99999y` was a 500 on PostgreSQL ("timestamp out of range") and an empty trend on SQLite (the
// date compared as mangled text), where `llm-eval runs trend --since 99999y` says it reaches further back than year 1;
// `since=2030y` (year -4) was taken. GET /runs took createdAfter in year 0 or 10000 (from an offset) the same way.
describe.each(DATABASE_KINDS)('date query parameters outside years 1 to 9999 on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `far-${kind}`, metricsUsed: ['m'] } });
    expect(created.status).toBe(201);
  });

  it.each(['99999y', '2030y', '999999d', '30000mo', '0000-06-01', '0001-01-01T00:00+01:00'])('refuses since=%s naming the parameter and the rule', async (since) => {
    const res = await api.json(`/api/v1/trends?metric=m&since=${encodeURIComponent(since)}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'querystring.since' } });
    expect(res.body.error.message).toMatch(/^Invalid querystring\.since: reaches further back than year 1 \(.*\); give a later date or a shorter age/);
  });

  it('still takes the first day of year 1 and an age within it', async () => {
    for (const since of ['0001-01-01', '0001-01-01T00:00-01:00', '2024y']) {
      const res = await api.json(`/api/v1/trends?metric=m&since=${encodeURIComponent(since)}`);
      expect([since, res.status]).toEqual([since, 200]);
    }
  });

  it.each([
    ['createdAfter', '0000-06-01'],
    ['createdBefore', '0001-01-01T00:00+01:00'],
    ['createdAfter', '9999-12-31T23:59-01:00'],
    ['createdAfter', '-000001-01-01T00:00:00Z'],
    ['createdBefore', '+275760-09-13T00:00:00Z'],
  ])('refuses %s=%s with a 400, not a result or a 500', async (name, value) => {
    const res = await api.json(`/api/v1/runs?${name}=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(name);
  });
});
