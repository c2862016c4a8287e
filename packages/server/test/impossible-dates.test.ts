import { DATABASE_KINDS, useServer } from './server-harness';

/** Dates and times no calendar has: JavaScript's Date reads most of them as another day (2026-02-30 as March 2). */
const IMPOSSIBLE = [
  '2026-02-30',
  '2026-04-31',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '2026-04-31T12:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T25:00Z',
  '2026-01-01T10:60:00Z',
  '2026-01-01T10:00:60Z',
  '2026-01-01T10:00:00+24:00',
];

/** ISO 8601 forms the API takes, in `year` (a leap year, so 02-29 exists). */
const valid = (year: number) => [
  `${year}-02-29`,
  `${year}-12-31T23:59:59Z`,
  `${year}-12-31T23:59:59.999999Z`,
  `${year}-06-30T10:00`,
  `${year}-06-30T10:00:00.5+02:00`,
  `${year}-06-30T10:00:00-0530`,
  `${year}-06-30 10:00:00Z`,
];

/** Every date query parameter of the API, with a route taking it. */
const QUERY_PARAMETERS = [
  { name: 'createdAfter', path: '/api/v1/runs?createdAfter=' },
  { name: 'createdBefore', path: '/api/v1/runs?createdBefore=' },
  { name: 'since', path: '/api/v1/trends?metric=m&since=' },
  { name: 'since', path: '/api/v1/audit?since=' },
];

describe.each(DATABASE_KINDS)('dates and times of the API on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `dates-${kind}`, metricsUsed: ['m'] } });
    expect(created.status).toBe(201);
    runId = created.body.id;
  });

  it.each(IMPOSSIBLE)('refuses %s in every date query parameter with a 400 naming it and what is wrong', async (value) => {
    for (const { name, path } of QUERY_PARAMETERS) {
      const res = await api.json(path + encodeURIComponent(value));
      expect([path, value, res.status]).toEqual([path, value, 400]);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.field).toBe(`querystring.${name}`);
      expect(res.body.error.message).toContain(`querystring.${name}`);
      expect(res.body.error.message).toMatch(/has \d+ days|months are 01 to 12|days are|hours are 00 to 23|minutes are 00 to 59|seconds are 00 to 59|offset/);
    }
  });

  it.each(IMPOSSIBLE)('refuses %s as a token\'s expiresAt with a 400 naming it', async (value) => {
    const res = await api.json('/api/v1/tokens', { method: 'POST', json: { name: `t-${kind}`, role: 'viewer', projects: '*', expiresAt: value.replace('2026', '2097') } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('body.expiresAt');
    expect(res.body.error.message).toMatch(/has \d+ days|months are 01 to 12|days are|hours are 00 to 23|minutes are 00 to 59|seconds are 00 to 59|offset/);
  });

  it.each(IMPOSSIBLE)('rejects an item whose startedAt or completedAt is %s, naming the field', async (value) => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'a', startedAt: value }, { itemId: 'b', completedAt: value }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(0);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ index: 0, field: 'startedAt', reason: expect.stringMatching(/^Item 0 field "startedAt": .*(days|months|hours|minutes|seconds|offset)/) }),
      expect.objectContaining({ index: 1, field: 'completedAt', reason: expect.stringMatching(/^Item 1 field "completedAt": /) }),
    ]);
  });

  it('says how many days the month has', async () => {
    const res = await api.json('/api/v1/runs?createdAfter=2026-02-30');
    expect(res.body.error.message).toBe(
      'Invalid querystring.createdAfter: 2026-02-30 is no date: February 2026 has 28 days. Give an ISO 8601 date or time, e.g. 2026-11-01, 2026-11-01T12:00:00Z or 2026-11-01T14:00+02:00 (a time without an offset is UTC)',
    );
  });

  it('takes the ISO 8601 forms in every date query parameter', async () => {
    for (const { path } of QUERY_PARAMETERS) {
      for (const value of valid(2024)) {
        const res = await api.json(path + encodeURIComponent(value));
        expect([path, value, res.status]).toEqual([path, value, 200]);
      }
    }
  });

  it('reads each form as the moment it names, a time without an offset as UTC', async () => {
    const since = async (value: string) => (await api.json(`/api/v1/trends?metric=m&since=${encodeURIComponent(value)}`)).body.since;
    expect(await since('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(await since('2024-06-30T10:00')).toBe('2024-06-30T10:00:00.000Z');
    expect(await since('2024-06-30T10:00:00.5+02:00')).toBe('2024-06-30T08:00:00.500Z');
    expect(await since('2024-06-30T10:00:00-0530')).toBe('2024-06-30T15:30:00.000Z');
    expect(await since('2024-06-30 10:00:00Z')).toBe('2024-06-30T10:00:00.000Z');
    expect(await since('0099-06-30T10:00:00Z')).toBe('0099-06-30T10:00:00.000Z');
  });

  it('takes the ISO 8601 forms as a token\'s expiresAt', async () => {
    for (const [i, value] of valid(2096).entries()) {
      const res = await api.json('/api/v1/tokens', { method: 'POST', json: { name: `ok-${i}-${kind}`, role: 'viewer', projects: '*', expiresAt: value } });
      expect([value, res.status]).toEqual([value, 201]);
    }
    const res = await api.json('/api/v1/tokens', { method: 'POST', json: { name: `zoned-${kind}`, role: 'viewer', projects: '*', expiresAt: '2096-06-30T10:00:00-0530' } });
    expect(res.body.token.expiresAt).toBe('2096-06-30T15:30:00.000Z');
  });

  it('stores items with the ISO 8601 forms as their times', async () => {
    const forms = valid(2024);
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: forms.map((value, i) => ({ itemId: `ok-${i}`, startedAt: value, completedAt: value })) },
    });
    expect(res.body).toMatchObject({ stored: forms.length, rejected: [] });
    const items = (await api.json(`/api/v1/runs/${runId}/items?limit=100`)).body.items as Array<{ itemId: string; startedAt: string }>;
    const at = (id: string) => items.find((item) => item.itemId === id)!.startedAt;
    expect(at('ok-0')).toBe('2024-02-29T00:00:00.000Z');
    expect(at('ok-3')).toBe('2024-06-30T10:00:00.000Z');
    expect(at('ok-5')).toBe('2024-06-30T15:30:00.000Z');
  });
});
