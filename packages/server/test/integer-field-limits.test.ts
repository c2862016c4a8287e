import { DATABASE_KINDS, useServer } from './server-harness';

/** Zod's own bound of a whole number: never a limit storage has, so no message may quote it. */
const ZOD_SAFE_INTEGER = /9007199254740991|9,007,199,254,740,991/;

describe.each(DATABASE_KINDS)('the integer and number limits of the API bodies on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `limits-${kind}` } });
    expect(created.status).toBe(201);
    runId = created.body.id;
  });

  /** The reason POST /runs/:run/items gives for one item carrying `fields`. */
  async function rejection(fields: Record<string, unknown>): Promise<{ reason: string; field: string | null }> {
    const res = await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items: [{ itemId: `i-${Math.random()}`, ...fields }] } });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(0);
    expect(res.body.rejected).toHaveLength(1);
    return res.body.rejected[0];
  }

  it.each([2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e20])('refuses tokensUsed %d naming storage\'s limit of 2,147,483,647 tokens per item', async (tokensUsed) => {
    const { reason, field } = await rejection({ tokensUsed });
    expect(field).toBe('tokensUsed');
    expect(reason).toMatch(/2,147,483,647/);
    expect(reason).not.toMatch(ZOD_SAFE_INTEGER);
  });

  it.each([
    ['responseTime', 1e9 + 1, /1,000,000,000/],
    ['cost', 1e12 + 1, /1,000,000,000,000/],
  ])('refuses %s %d naming storage\'s limit', async (name, value, limit) => {
    const { reason, field } = await rejection({ [name]: value });
    expect(field).toBe(name);
    expect(reason).toMatch(limit);
  });

  it('stores each field at its limit', async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'at-limit', tokensUsed: 2_147_483_647, responseTime: 1e9, cost: 1e12 }] },
    });
    expect(res.body).toMatchObject({ stored: 1, rejected: [] });
  });

  it('documents the limits in the OpenAPI document', async () => {
    const doc = (await api.json('/api/openapi.json')).body;
    const item = doc.components.schemas.IngestItem.properties;
    const max = (schema: { maximum?: number; anyOf?: Array<{ maximum?: number }> }) => schema.maximum ?? schema.anyOf?.find((s) => s.maximum !== undefined)?.maximum;
    expect([max(item.tokensUsed), max(item.responseTime), max(item.cost)]).toEqual([2_147_483_647, 1e9, 1e12]);
  });

  it.each([1e20, 2 ** 53])('refuses a retention maxAgeDays of %d naming its limit of 36,500 days', async (maxAgeDays) => {
    const res = await api.json('/api/v1/projects/limits/retention', { method: 'PUT', json: { maxAgeDays } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/maxAgeDays/);
    expect(res.body.error.message).toMatch(/36,?500/);
    expect(res.body.error.message).not.toMatch(ZOD_SAFE_INTEGER);
  });
});
