import type { ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';

/** 30 items: every third failed, response times 0.1 … 3.0 s, exact_match 1 for even sequence numbers. */
function items(): ItemInput[] {
  return Array.from({ length: 30 }, (_, i) => ({
    itemId: `item-${String(i).padStart(2, '0')}`,
    status: i % 3 === 0 ? 'failed' : 'completed',
    actualOutput: i === 7 ? 'Paris is the capital' : `output ${i}`,
    expectedOutput: 'Paris',
    errorMessage: i % 3 === 0 ? 'model timed out' : null,
    errorType: i % 3 === 0 ? 'TimeoutError' : null,
    // Ties in response time: pairs of items share one.
    responseTime: (Math.floor(i / 2) + 1) / 10,
    startedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, i)),
    completedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, i + 1)),
    scores: { exact_match: i % 2 === 0 ? 1 : 0 },
  }));
}

const forged = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');

describe.each(DATABASE_KINDS)('items route on %s', (kind) => {
  const api = useServer(kind);
  let runId = '';

  beforeAll(async () => {
    const run = await api.server.database.runs.importRun({ name: 'items-run', metricsUsed: ['exact_match'], status: 'completed' }, items());
    runId = run.id;
  });

  /** Every item id of a query, following nextCursor to the end. */
  async function allPages(query: string, limit: number): Promise<{ ids: string[]; totals: number[]; pages: number }> {
    const ids: string[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await api.json(
        `/api/v1/runs/${runId}/items?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.items.map((i: any) => i.itemId));
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    return { ids, totals, pages };
  }

  it('lists a run\'s items in sequence order with ISO dates and the item fields of the CLI', async () => {
    const res = await api.json(`/api/v1/runs/latest/items?limit=3`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 30, explanation: 'all items', warnings: [], nextCursor: expect.any(String) });
    expect(res.body.items.map((i: any) => i.itemId)).toEqual(['item-00', 'item-01', 'item-02']);
    expect(res.body.items[0]).toMatchObject({
      runId,
      itemId: 'item-00',
      sequenceNumber: 0,
      status: 'failed',
      errorType: 'TimeoutError',
      startedAt: '2026-11-01T12:00:00.000Z',
      completedAt: '2026-11-01T12:00:01.000Z',
      responseTime: 0.1,
      scores: { exact_match: 1 },
    });
  });

  it('pages through every item exactly once, with ties, for a query and for filters', async () => {
    const every = items().map((i) => i.itemId).sort();
    for (const [query, expected] of [
      ['', every],
      ['q=slowest', every],
      ['sort=responseTime', every],
      ['sort=responseTime:asc', every],
      ['q=failed%20items', every.filter((_, i) => i % 3 === 0)],
      ['status=failed', every.filter((_, i) => i % 3 === 0)],
      ['status=completed,skipped', every.filter((_, i) => i % 3 !== 0)],
    ] as const) {
      for (const limit of [1, 4, 7, 1000]) {
        const { ids, totals } = await allPages(query, limit);
        expect([query, limit, ids.length]).toEqual([query, limit, expected.length]);
        expect([query, [...ids].sort()]).toEqual([query, [...expected]]);
        expect(new Set(totals)).toEqual(new Set([expected.length]));
      }
    }
  });

  it('answers item queries with their explanation; a query\'s own limit caps every page', async () => {
    const slowest = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('slowest 5')}`);
    expect(slowest.status).toBe(200);
    expect(slowest.body.items.map((i: any) => i.responseTime)).toEqual([1.5, 1.5, 1.4, 1.4, 1.3]);
    expect(slowest.body.explanation).toMatch(/slowest first · limit 5/);
    expect(slowest.body.nextCursor).toBeNull();
    const paged = await allPages(`q=${encodeURIComponent('slowest 5')}`, 2);
    expect(paged.ids.length).toBe(5);
    expect(paged.pages).toBe(3);

    const failed = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('failed items')}`);
    expect(failed.body).toMatchObject({ total: 10, explanation: 'status is failed' });
    expect(failed.body.items.every((i: any) => i.status === 'failed')).toBe(true);

    const score = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('exact_match below 0.5 (')}`);
    expect(score.body.total).toBe(15);
    expect(score.body.warnings).toEqual(['ignored "(" at character 23: no ")" after it']);
    expect(score.body.items.every((i: any) => i.scores.exact_match === 0)).toBe(true);

    const bad = await api.json(`/api/v1/runs/${runId}/items?q=${encodeURIComponent('exact_match <')}`);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_query', details: { position: 12 } });
  });

  it('applies the structured filters of listItems', async () => {
    const scored = await api.json(`/api/v1/runs/${runId}/items?metric=exact_match&minScore=1&status=completed&limit=100`);
    expect(scored.status).toBe(200);
    expect(scored.body.total).toBe(10);
    expect(scored.body.items.every((i: any) => i.status === 'completed' && i.scores.exact_match === 1)).toBe(true);
    expect(scored.body.explanation).toBe('status is completed AND exact_match >= 1');
    const text = await api.json(`/api/v1/runs/${runId}/items?text=PARIS%20is`);
    expect(text.body.items.map((i: any) => i.itemId)).toEqual(['item-07']);
  });

  it('serves exactly the items named by repeated itemId parameters (how the dashboard pairs two runs\' items)', async () => {
    const ids = ['item-29', 'item-03', 'no-such-item', 'item-10'];
    const res = await api.json(`/api/v1/runs/${runId}/items?${ids.map((id) => `itemId=${encodeURIComponent(id)}`).join('&')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(['item-03', 'item-10', 'item-29']);
    expect(res.body.total).toBe(3);
    expect(res.body.explanation).toContain('item id is one of 4 given');
    const tooMany = Array.from({ length: 1001 }, (_, i) => `itemId=i${i}`).join('&');
    const refused = await api.json(`/api/v1/runs/${runId}/items?${tooMany}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.field).toContain('itemId');
  });

  it('refuses bad parameters with 400 naming them, and unknown runs with 404', async () => {
    const cases: Array<[string, string]> = [
      ['q=failed&status=failed', 'querystring.status'],
      ['minScore=0.5', 'querystring.metric'],
      ['status=broken', 'querystring.status'],
      ['sort=cost', 'querystring.sort'],
      ['limit=0', 'querystring.limit'],
      ['metric=&minScore=1', 'querystring.metric'],
      ['minScore=abc&metric=x', 'querystring.minScore'],
      ['text=' + 'x'.repeat(501), 'querystring.text'],
    ];
    for (const [query, field] of cases) {
      const res = await api.json(`/api/v1/runs/${runId}/items?${query}`);
      expect([query.slice(0, 40), res.status]).toEqual([query.slice(0, 40), 400]);
      expect(res.body.error.details.field.startsWith(field)).toBe(true);
    }
    const cursors = [
      'garbage',
      forged(['items-search:sequenceNumber::asc', 'abc', 1, null]),
      forged(['items-search:sequenceNumber::asc', 1, 'x', null]),
      forged(['items:sequenceNumber:asc', 'abc', 1, null]),
      forged(['items:responseTime:desc', 1, "1; DROP TABLE evaluation_items", null]),
      forged(['search:createdAt:desc', null, 'x', null]),
    ];
    for (const [i, cursor] of cursors.entries()) {
      for (const query of ['', 'status=failed', 'sort=responseTime']) {
        const res = await api.json(`/api/v1/runs/${runId}/items?${query}&cursor=${cursor}`);
        expect([i, query, res.status]).toEqual([i, query, 400]);
        expect(res.body.error.details.field).toBe('cursor');
      }
    }
    // A cursor of the filters is not one of a query.
    const filtered = await api.json(`/api/v1/runs/${runId}/items?status=failed&limit=2`);
    const mixed = await api.json(`/api/v1/runs/${runId}/items?limit=2&cursor=${filtered.body.nextCursor}`);
    expect(mixed.status).toBe(400);

    for (const ref of ['no-such-run', 'ffffffff-ffff-4fff-8fff-ffffffffffff']) {
      expect((await api.json(`/api/v1/runs/${ref}/items`)).status).toBe(404);
      expect((await api.json(`/api/v1/runs/${ref}/items?status=failed`)).status).toBe(404);
    }
  });

  it('answers hostile values in every parameter with 2xx or 4xx, and the items are intact', async () => {
    const hostile = [
      encodeURIComponent(`' OR 1=1 --`),
      encodeURIComponent(`x"); DELETE FROM evaluation_items; --`),
      '%00',
      'a%00b',
      '%ED%A0%80',
      'x'.repeat(10_000),
      encodeURIComponent('🚀 exact_match > 0.5 🔥'),
    ];
    for (const param of ['q', 'status', 'metric', 'minScore', 'maxScore', 'text', 'sort', 'limit', 'cursor']) {
      for (const value of hostile) {
        const extra = param === 'minScore' || param === 'maxScore' ? '&metric=exact_match' : '';
        const res = await api.request(`/api/v1/runs/${runId}/items?${param}=${value}${extra}`);
        const body = await res.text();
        expect([param, value.slice(0, 30), res.status < 500]).toEqual([param, value.slice(0, 30), true]);
        expect(body).not.toMatch(/QueryFailedError|SELECT /);
      }
    }
    const all = await api.json(`/api/v1/runs/${runId}/items?limit=1000`);
    expect(all.body.total).toBe(30);
    const injected = await api.json(`/api/v1/runs/${runId}/items?text=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injected.body).toMatchObject({ total: 0, items: [] });
  });
});
