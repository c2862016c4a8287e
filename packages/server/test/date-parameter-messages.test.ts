import { DATABASE_KINDS, useServer } from './server-harness';

/** What every date the API reads says of a value that is no date at all: one sentence, an example of the form. */
const NOT_A_DATE = 'must be an ISO 8601 date or time, e.g. 2026-11-01, 2026-11-01T12:00:00Z or 2026-11-01T14:00+02:00 (a time without an offset is UTC)';

/** Every date query parameter that takes ISO 8601 only (GET /trends' since also takes ages such as 7d). */
const QUERY_PARAMETERS = [
  { name: 'createdAfter', path: '/api/v1/runs?createdAfter=' },
  { name: 'createdBefore', path: '/api/v1/runs?createdBefore=' },
  { name: 'since', path: '/api/v1/audit?since=' },
];

const timesSaid = (text: string, phrase: string) => text.split(phrase).length - 1;

// `GET /runs?createdAfter=7d` answered "must be an ISO 8601 date or time. Give an ISO 8601 date or time, e.g. …":
// the same thing twice. Each date of the API now says it once, with examples of the form it takes.
describe.each(DATABASE_KINDS)('what the API says of a value that is no date on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `date-messages-${kind}`, metricsUsed: ['m'] } });
    expect(created.status).toBe(201);
    runId = created.body.id;
  });

  it('answers createdAfter=7d with one sentence naming the parameter and example dates', async () => {
    const res = await api.json('/api/v1/runs?createdAfter=7d');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'querystring.createdAfter' } });
    expect(res.body.error.message).toBe(`Invalid querystring.createdAfter: ${NOT_A_DATE}`);
  });

  it.each(['7d', 'yesterday', '2026/11/01', 'not a date'])('says it once in every date query parameter for %p', async (value) => {
    for (const { name, path } of QUERY_PARAMETERS) {
      const res = await api.json(path + encodeURIComponent(value));
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.details.field).toBe(`querystring.${name}`);
      expect(res.body.error.message).toBe(`Invalid querystring.${name}: ${NOT_A_DATE}`);
      expect(timesSaid(res.body.error.message, 'ISO 8601')).toBe(1);
    }
  });

  it("says it once of GET /trends' since, which also takes an age", async () => {
    const res = await api.json('/api/v1/trends?metric=m&since=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('querystring.since');
    expect(timesSaid(res.body.error.message, 'ISO 8601')).toBe(1);
    expect(res.body.error.message).toContain('30d');
  });

  it("says it once of a token's expiresAt", async () => {
    const res = await api.json('/api/v1/tokens', { method: 'POST', json: { name: `t-${kind}`, role: 'viewer', projects: '*', expiresAt: '7d' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('body.expiresAt');
    expect(res.body.error.message).toBe(`Invalid body.expiresAt: ${NOT_A_DATE}`);
  });

  it("says it once of an item's startedAt and completedAt", async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'a', startedAt: '7d' }, { itemId: 'b', completedAt: 'yesterday' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(0);
    const reasons = (res.body.rejected as Array<{ reason: string }>).map((r) => r.reason);
    expect(reasons).toEqual([
      expect.stringContaining(`Item 0 field "startedAt": ${NOT_A_DATE}`),
      expect.stringContaining(`Item 1 field "completedAt": ${NOT_A_DATE}`),
    ]);
    for (const reason of reasons) expect(timesSaid(reason, 'ISO 8601')).toBe(1);
  });
});
