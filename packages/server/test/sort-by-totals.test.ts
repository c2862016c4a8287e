import type { ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { resolveSchema, type OpenApiDocument } from './openapi-document';

interface ListedRun {
  id: string;
  name: string;
  totalTokens: number;
  totalCost: number;
}

type TotalField = 'totalTokens' | 'totalCost';

/** One completed item per [tokens, cost] pair; null leaves the item's tokens or cost unreported. */
function items(totals: Array<[number | null, number | null]>): ItemInput[] {
  return totals.map(([tokensUsed, cost], i) => ({ itemId: `q${i}`, status: 'completed', actualOutput: 'a', tokensUsed, cost }));
}

/** The ids of `runs` in keyset order: the total, then the id, both in `direction` (the order the API promises). */
function expectedOrder(runs: ListedRun[], field: TotalField, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...runs]
    .sort((a, b) => sign * (a[field] - b[field] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((r) => r.id);
}

/** Every run of a sort, page by page through nextCursor, with the totals each page reported. */
async function walk(api: TestServer, sort: string, limit: number): Promise<{ ids: string[]; totals: number[]; pages: number }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: any } = await api.json(
      `/api/v1/runs?sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect([sort, pages, res.status]).toEqual([sort, pages, 200]);
    ids.push(...res.body.runs.map((r: ListedRun) => r.id));
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
    // A runaway cursor must fail the test, not hang it.
    if (++pages > 50) throw new Error(`sort=${sort} did not end after 50 pages`);
  } while (cursor);
  return { ids, totals, pages };
}

describe.each(DATABASE_KINDS)('runs sorted by total tokens and total cost with the sort parameter, on %s', (kind) => {
  const api = useServer(kind);
  let all: ListedRun[];

  beforeAll(async () => {
    const db = api.server.database;
    const runs: Array<[string, Array<[number | null, number | null]>]> = [
      ['big', [[4000, 1.5], [1000, 0.5]]],
      ['mid', [[300, 0.25]]],
      // Three runs with the same totals: the id alone decides their order, across page boundaries.
      ['same-1', [[100, 0.1]]],
      ['same-2', [[60, 0.05], [40, 0.05]]],
      ['same-3', [[100, 0.1]]],
      // 0.1 + 0.2 is 0.30000000000000004: the cursor must carry the stored double exactly.
      ['float-sum', [[1, 0.1], [2, 0.2]]],
      // Items that report no tokens and no cost: the run's totals are 0, the lowest value, never null.
      ['unreported', [[null, null], [null, null]]],
      ['tokens-no-cost', [[500, null]]],
      ['cost-no-tokens', [[null, 0.75]]],
    ];
    for (const [name, totals] of runs) await db.runs.importRun({ name, status: 'completed' }, items(totals));
    // A run without any item yet (created over the API, still running) has totals of 0 too.
    expect((await api.json('/api/v1/runs', { method: 'POST', json: { name: 'no-items' } })).status).toBe(201);
    const res = await api.json('/api/v1/runs?limit=1000');
    expect(res.status).toBe(200);
    all = res.body.runs;
    expect(all).toHaveLength(runs.length + 1);
  });

  const byName = (name: string) => all.find((r) => r.name === name)!;

  it('stores no totals as 0, and sums tokens and costs as the sort reads them', () => {
    expect([byName('unreported'), byName('no-items'), byName('cost-no-tokens'), byName('tokens-no-cost')].map((r) => [r.totalTokens, r.totalCost])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0.75],
      [500, 0],
    ]);
    expect(byName('big')).toMatchObject({ totalTokens: 5000, totalCost: 2 });
    expect(byName('float-sum').totalCost).toBe(0.1 + 0.2);
  });

  it.each([
    ['totalTokens', 'desc', ['big', 'tokens-no-cost', 'mid']],
    ['totalTokens', 'asc', []],
    ['totalCost', 'desc', ['big', 'cost-no-tokens', 'float-sum', 'mid']],
    ['totalCost', 'asc', []],
  ] as const)('sorts by %s %s, naming the order in the response', async (field, direction, firstNames) => {
    const res = await api.json(`/api/v1/runs?sort=${field}:${direction}`);
    expect(res.status).toBe(200);
    expect(res.body.sort).toEqual({ field, direction });
    expect(res.body.runs.map((r: ListedRun) => r.id)).toEqual(expectedOrder(all, field, direction));
    expect(res.body.runs.slice(0, firstNames.length).map((r: ListedRun) => r.name)).toEqual(firstNames);
    const values = res.body.runs.map((r: ListedRun) => r[field]);
    expect(values).toEqual([...values].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
  });

  it('sorts biggest first when no direction is given, like every other field', async () => {
    for (const field of ['totalTokens', 'totalCost'] as const) {
      const res = await api.json(`/api/v1/runs?sort=${field}`);
      expect(res.status).toBe(200);
      expect(res.body.sort).toEqual({ field, direction: 'desc' });
      expect(res.body.runs[0].name).toBe('big');
    }
  });

  it.each([
    ['totalTokens', 'desc'],
    ['totalTokens', 'asc'],
    ['totalCost', 'desc'],
    ['totalCost', 'asc'],
  ] as const)('pages through every run sorted by %s %s exactly once, in order, whatever the page size', async (field, direction) => {
    const expected = expectedOrder(all, field, direction);
    for (const limit of [1, 2, 3]) {
      const { ids, totals, pages } = await walk(api, `${field}:${direction}`, limit);
      expect({ limit, ids }).toEqual({ limit, ids: expected });
      expect(new Set(ids).size).toBe(all.length);
      expect(pages).toBe(Math.ceil(all.length / limit));
      expect(new Set(totals)).toEqual(new Set([all.length]));
    }
  });

  it('refuses a cursor of one total sort for the other, or for the other direction', async () => {
    const first = await api.json('/api/v1/runs?sort=totalTokens:desc&limit=2');
    const cursor = encodeURIComponent(first.body.nextCursor);
    for (const sort of ['totalCost:desc', 'totalTokens:asc']) {
      const res = await api.json(`/api/v1/runs?sort=${sort}&limit=2&cursor=${cursor}`);
      expect([sort, res.status, res.body.error?.details?.field]).toEqual([sort, 400, 'cursor']);
    }
  });

  it('refuses an unknown sort with a 400 that names every accepted field', async () => {
    const res = await api.json('/api/v1/runs?sort=tokens:desc');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'querystring.sort' } });
    for (const field of ['createdAt', 'name', 'successRate', 'durationSeconds', 'avgResponseTime', 'totalTokens', 'totalCost', 'metric:<name>']) {
      expect(res.body.error.message).toContain(field);
    }
  });

  it('lists the total sorts in the OpenAPI document, for the sort parameter and the sort a page names', async () => {
    const res = await api.json<OpenApiDocument>('/api/openapi.json');
    expect(res.status).toBe(200);
    const operation = res.body.paths['/api/v1/runs']?.get;
    const sort = operation?.parameters?.find((p) => p.in === 'query' && p.name === 'sort');
    const text = `${sort?.description ?? ''} ${sort?.schema?.description ?? ''}`;
    expect(text).toContain('totalTokens');
    expect(text).toContain('totalCost');
    const page = resolveSchema(res.body, operation?.responses?.['200']?.content?.['application/json']?.schema);
    const served = resolveSchema(res.body, page?.properties?.sort);
    expect(served?.properties?.field?.enum).toEqual(expect.arrayContaining(['totalTokens', 'totalCost']));
  });
});
