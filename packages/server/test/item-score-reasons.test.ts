import { DATABASE_KINDS, useServer } from './server-harness';

/** What every refused score is told it may be: the score kinds ingestItemSchema takes. */
const EXPECTED = 'must be a finite number, true or false, or {"error": "<why the metric failed>"}';

describe.each(DATABASE_KINDS)('the reason an item with a wrong score is rejected, on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `score-reasons-${kind}`, metricsUsed: ['m'] } });
    expect(created.status).toBe(201);
    runId = created.body.id;
  });

  const reasons = async (scores: unknown[]) => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: scores.map((m, i) => ({ itemId: `i${i}`, scores: { m } })) },
    });
    expect(res.status).toBe(200);
    return res.body.rejected as Array<{ index: number; field: string; reason: string }>;
  };

  it('says what a score may be, for a value of any other kind', async () => {
    const rejected = await reasons([null, [1], { score: 0.5 }, { error: 1 }, 'good']);
    expect(rejected).toHaveLength(5);
    for (const r of rejected) {
      expect(r.field).toBe('scores.m');
      expect(r.reason).toMatch(new RegExp(`^Item ${r.index} field "scores\\.m": ${EXPECTED.replace(/[{}()"<>]/g, '\\$&')}`));
      expect(r.reason).not.toContain('Invalid input');
    }
    expect(rejected[0]!.reason).toContain('got null; leave a metric without a score out of scores');
  });

  it('suggests sending the number for a string that holds one', async () => {
    const rejected = await reasons(['0.5', ' 1 ', '1e-3']);
    expect(rejected.map((r) => r.reason)).toEqual([
      `Item 0 field "scores.m": ${EXPECTED}, got the string "0.5"; send the number 0.5 without quotes. This item was not stored.`,
      `Item 1 field "scores.m": ${EXPECTED}, got the string " 1 "; send the number 1 without quotes. This item was not stored.`,
      `Item 2 field "scores.m": ${EXPECTED}, got the string "1e-3"; send the number 0.001 without quotes. This item was not stored.`,
    ]);
  });

  it('still stores numbers, booleans and metric errors', async () => {
    const res = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [0.5, true, { error: 'timed out' }].map((m, i) => ({ itemId: `ok${i}`, scores: { m } })) },
    });
    expect(res.body).toMatchObject({ stored: 3, rejected: [] });
  });
});
