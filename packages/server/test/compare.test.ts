import { RunSearchEngine } from '@llm-eval/search';
import type { Database, ItemInput, RunWithMetrics } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';

type Score = { exact: boolean; f1: number } | 'failed';

/** A completed run whose items are scored by exact_match (pass/fail) and f1, with statistics computed. */
async function seedRun(db: Database, name: string, items: Array<[string, Score]>, extra: { id?: string; createdAt?: Date } = {}): Promise<RunWithMetrics> {
  const inputs: ItemInput[] = items.map(([itemId, score], i) =>
    score === 'failed'
      ? { itemId, sequenceNumber: i, input: itemId, status: 'failed', errorType: 'TimeoutError', errorMessage: 'timed out', responseTime: 2 }
      : {
          itemId,
          sequenceNumber: i,
          input: itemId,
          actualOutput: `out ${itemId}`,
          status: 'completed',
          responseTime: 0.5,
          scores: { exact_match: score.exact, f1: score.f1 },
        },
  );
  return db.runs.importRun({ name, status: 'completed', metricsUsed: ['exact_match', 'f1'], ...extra }, inputs);
}

const pad = (i: number) => `item-${String(i).padStart(4, '0')}`;

/** Run A and B over 260 shared items (B better on most, worse on some, a few tasks failing in one run) plus a few each alone. */
function pairedRuns(): { a: Array<[string, Score]>; b: Array<[string, Score]> } {
  const a: Array<[string, Score]> = [];
  const b: Array<[string, Score]> = [];
  for (let i = 0; i < 260; i++) {
    const id = pad(i);
    const f1A = (i % 10) / 20;
    if (i % 26 === 1) {
      a.push([id, 'failed']);
      b.push([id, { exact: true, f1: 0.9 }]);
    } else if (i % 26 === 2) {
      a.push([id, { exact: true, f1: 0.9 }]);
      b.push([id, 'failed']);
    } else if (i % 4 === 0) {
      a.push([id, { exact: true, f1: f1A + 0.3 }]);
      b.push([id, { exact: i % 8 !== 0, f1: f1A + 0.3 - (i % 7) / 100 - 0.01 }]);
    } else if (i % 4 === 1) {
      a.push([id, { exact: false, f1: f1A }]);
      b.push([id, { exact: false, f1: f1A }]);
    } else {
      a.push([id, { exact: false, f1: f1A }]);
      b.push([id, { exact: true, f1: f1A + 0.2 + (i % 11) / 100 }]);
    }
  }
  for (let i = 0; i < 23; i++) a.push([`only-a-${String(i).padStart(2, '0')}`, { exact: true, f1: 1 }]);
  for (let i = 0; i < 17; i++) b.push([`only-b-${String(i).padStart(2, '0')}`, { exact: false, f1: 0 }]);
  return { a, b };
}

const LISTS = ['improved', 'regressed', 'onlyInA', 'onlyInB'] as const;

describe.each(DATABASE_KINDS)('GET /api/v1/compare on %s', (kind) => {
  const api = useServer(kind);
  let runA: RunWithMetrics;
  let runB: RunWithMetrics;

  const comparisonRows = async (): Promise<number> => {
    const [row] = await api.server.database.dataSource.query('SELECT COUNT(*) AS "n" FROM "run_comparisons"');
    return Number(row.n);
  };

  beforeAll(async () => {
    const { a, b } = pairedRuns();
    // In the future, so they stay latest~1 and latest whatever the tests store after them.
    runA = await seedRun(api.server.database, 'baseline ✓', a, { createdAt: new Date('2099-01-01T00:00:00Z') });
    runB = await seedRun(api.server.database, 'candidate ✓', b, { createdAt: new Date('2099-01-02T00:00:00Z') });
  });

  it('answers with the fields of runs compare --json, the numbers of the library, and verdicts', async () => {
    const res = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=5`);
    expect(res.status).toBe(200);
    // The library's own result for the same options, all items listed.
    const library = await new RunSearchEngine(api.server.database).compareRuns(runA.id, runB.id, { itemLimit: 2 ** 31 - 1 });
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(library).sort());
    expect(Object.keys(res.body.items).sort()).toEqual([...Object.keys(library.items), 'pages'].sort());
    expect(res.body.runA).toEqual({ id: runA.id, name: 'baseline ✓' });
    expect(res.body.runB).toEqual({ id: runB.id, name: 'candidate ✓' });
    expect(res.body.metrics).toEqual(library.metrics);
    expect(res.body.summary).toEqual(library.summary);
    expect(res.body.significance).toEqual({ alpha: 0.05, correction: 'holm', minimumPairs: 6 });
    expect(res.body.items.counts).toEqual(library.items.counts);
    expect(res.body.items.counts).toEqual({ improved: expect.any(Number), regressed: expect.any(Number), unchanged: expect.any(Number), withoutScore: 0, onlyInA: 23, onlyInB: 17 });
    expect(res.body.items.improved).toEqual(library.items.improved.slice(0, 5));
    expect(res.body.items.regressed).toEqual(library.items.regressed.slice(0, 5));
    // Status changes rank first.
    expect(res.body.items.improved[0]).toMatchObject({ statusA: 'failed', statusB: 'completed', statusChanged: true });
    expect(res.body.items.regressed[0]).toMatchObject({ statusA: 'completed', statusB: 'failed', statusChanged: true });
    expect(res.body.options).toEqual({ metrics: ['exact_match', 'f1'], confidence: 0.95, minEffect: 0, lowerIsBetter: expect.any(Array), primaryMetric: 'exact_match', itemLimit: 5 });
    const verdicts = Object.fromEntries(res.body.metrics.map((m: { metric: string; verdict: string }) => [m.metric, m.verdict]));
    expect(verdicts).toEqual({ exact_match: 'improved', f1: 'improved' });
    expect(new Date(res.body.computedAt).toISOString()).toBe(res.body.computedAt);
  });

  it('serves the second identical request from the stored comparison (one row, same computedAt), also flipped and for other pages', async () => {
    const url = `/api/v1/compare?a=${runA.id}&b=${runB.id}&confidence=0.9&itemsLimit=3`;
    const before = await comparisonRows();
    const first = await api.json(url);
    expect(first.status).toBe(200);
    expect(first.body.fromCache).toBe(false);
    expect(await comparisonRows()).toBe(before + 1);

    const second = await api.json(url);
    expect(second.body.fromCache).toBe(true);
    expect(second.body.computedAt).toBe(first.body.computedAt);
    expect({ ...second.body, fromCache: false }).toEqual(first.body);
    expect(await comparisonRows()).toBe(before + 1);

    // Another page size and a later page come from the same row.
    const page2 = await api.json(`${url.replace('itemsLimit=3', 'itemsLimit=10')}&improvedCursor=${first.body.items.pages.improved.nextCursor}`);
    expect(page2.status).toBe(200);
    expect(page2.body.fromCache).toBe(true);
    expect(page2.body.items.pages.improved.offset).toBe(3);
    // (B, A) is the same entry, flipped.
    const flipped = await api.json(`/api/v1/compare?a=${runB.id}&b=${runA.id}&confidence=0.9&itemsLimit=3`);
    expect(flipped.body.fromCache).toBe(true);
    expect(flipped.body.runA.id).toBe(runB.id);
    expect(flipped.body.items.counts.improved).toBe(first.body.items.counts.regressed);
    expect(await comparisonRows()).toBe(before + 1);

    // Other options are another entry.
    const other = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&confidence=0.99&itemsLimit=3`);
    expect(other.body.fromCache).toBe(false);
    expect(await comparisonRows()).toBe(before + 2);
  });

  it('pages every item list without gaps or repeats, following each list’s nextCursor', async () => {
    const full = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=1000`);
    expect(full.status).toBe(200);
    for (const list of LISTS) {
      expect(full.body.items.pages[list]).toEqual({ offset: 0, total: full.body.items.counts[list], nextCursor: null });
      expect(full.body.items[list]).toHaveLength(full.body.items.counts[list]);
    }
    expect(full.body.items.counts.improved).toBeGreaterThan(50);
    for (const list of LISTS) {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=7${cursor ? `&${list}Cursor=${cursor}` : ''}`;
        const page = await api.json(url);
        expect(page.status).toBe(200);
        expect(page.body.items.pages[list].offset).toBe(seen.length);
        expect(page.body.items.pages[list].total).toBe(full.body.items.counts[list]);
        expect(page.body.items[list].length).toBeLessThanOrEqual(7);
        seen.push(...page.body.items[list]);
        cursor = page.body.items.pages[list].nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(full.body.items[list]);
      expect(pages).toBe(Math.max(1, Math.ceil(full.body.items.counts[list] / 7)));
    }
    // itemsLimit=0: counts only.
    const counts = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=0`);
    expect(counts.body.items.improved).toEqual([]);
    expect(counts.body.items.pages.improved).toEqual({ offset: 0, total: full.body.items.counts.improved, nextCursor: null });
  });

  it('takes run references: latest, latest~1, unique names and id prefixes', async () => {
    const res = await api.json(`/api/v1/compare?a=${encodeURIComponent('baseline ✓')}&b=${runB.id.slice(0, 8)}&itemsLimit=1`);
    expect(res.status).toBe(200);
    expect([res.body.runA.id, res.body.runB.id]).toEqual([runA.id, runB.id]);
    const latest = await api.json('/api/v1/compare?a=latest~1&b=latest&itemsLimit=1');
    expect(latest.status).toBe(200);
    expect([latest.body.runA.id, latest.body.runB.id]).toEqual([runA.id, runB.id]);
  });

  it('sends no interval, with its reason, for differences without spread, and counts items without a score apart', async () => {
    const db = api.server.database;
    const store = (name: string, scores: Array<Record<string, unknown>>) =>
      db.runs.importRun({ name, status: 'completed', metricsUsed: ['m'] }, scores.map((s, i) => ({ itemId: `k${i}`, status: 'completed' as const, scores: s as never })));
    // 3 items 0 → 1 (the interval was [1, 1] beside p = 0.25), and a fourth whose metric errored in A.
    const x = await store('constant-a', [{ m: 0 }, { m: 0 }, { m: 0 }, { m: { error: 'not a number' } }]);
    const y = await store('constant-b', [{ m: 1 }, { m: 1 }, { m: 1 }, { m: 0.6 }]);
    for (const [a, b] of [[x, y], [x, y], [y, x]]) {
      const res = await api.json(`/api/v1/compare?a=${a!.id}&b=${b!.id}`);
      expect(res.status).toBe(200);
      // scipy.stats.binomtest(3, 3).pvalue == 0.25
      expect(res.body.metrics[0]).toMatchObject({ pairs: 3, pValue: 0.25, verdict: 'insufficient_data' });
      expect(res.body.metrics[0].ci).toEqual({ low: null, high: null, confidence: 0.95, reason: 'constant-differences' });
      expect(res.body.items.counts).toMatchObject({ unchanged: 0, withoutScore: 1 });
      expect(res.body.items.counts.improved + res.body.items.counts.regressed).toBe(3);
    }
  });

  it('says insufficient data, with no verdict, when too few items pair up', async () => {
    const few = (better: boolean): Array<[string, Score]> => [0, 1, 2].map((i) => [`few-${i}`, { exact: better, f1: better ? 1 : 0 }]);
    const x = await seedRun(api.server.database, 'few A', few(false));
    const y = await seedRun(api.server.database, 'few B', few(true));
    const res = await api.json(`/api/v1/compare?a=${x.id}&b=${y.id}`);
    expect(res.status).toBe(200);
    for (const metric of res.body.metrics) {
      expect(metric).toMatchObject({ pairs: 3, verdict: 'insufficient_data', pValueAdjusted: null });
    }
    expect(res.body.metrics.map((m: { metric: string }) => m.metric)).toEqual(['exact_match', 'f1']);
    expect(res.body.items.counts.improved).toBe(3);
  });

  it('answers an unknown run with 404, a run with itself and bad options with 400, an ambiguous reference with 409', async () => {
    const base = `a=${runA.id}&b=${runB.id}`;
    const unknown = await api.json(`/api/v1/compare?a=${runA.id}&b=00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('run_not_found');
    const self = await api.json(`/api/v1/compare?a=${runA.id}&b=${runA.id.slice(0, 10)}`);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toMatch(/same run/);

    await seedRun(api.server.database, 'twin', [['t', { exact: true, f1: 1 }]]);
    await seedRun(api.server.database, 'twin', [['t', { exact: true, f1: 1 }]]);
    const ambiguousName = await api.json(`/api/v1/compare?a=twin&b=${runB.id}`);
    expect(ambiguousName.status).toBe(409);
    expect(ambiguousName.body.error.code).toBe('ambiguous_reference');
    await seedRun(api.server.database, 'p1', [['t', { exact: true, f1: 1 }]], { id: 'abcdef00-0000-4000-8000-000000000001' });
    await seedRun(api.server.database, 'p2', [['t', { exact: true, f1: 1 }]], { id: 'abcdef00-0000-4000-8000-000000000002' });
    const ambiguousPrefix = await api.json(`/api/v1/compare?a=abcdef00&b=${runB.id}`);
    expect(ambiguousPrefix.status).toBe(409);

    const bad: Array<[string, string]> = [
      ['b=' + runB.id, 'querystring.a'],
      [`${base}&confidence=1`, 'querystring.confidence'],
      [`${base}&confidence=0.2`, 'querystring.confidence'],
      [`${base}&confidence=abc`, 'querystring.confidence'],
      [`${base}&minEffect=-1`, 'querystring.minEffect'],
      [`${base}&minEffect=NaN`, 'querystring.minEffect'],
      [`${base}&itemsLimit=1001`, 'querystring.itemsLimit'],
      [`${base}&itemsLimit=2.5`, 'querystring.itemsLimit'],
      [`${base}&metrics=exact_match,bleu`, 'metrics'],
      [`${base}&metrics=f1&primaryMetric=exact_match`, 'primaryMetric'],
      [`${base}&primaryMetric=bleu`, 'primaryMetric'],
      [`${base}&improvedCursor=not-a-cursor`, 'improvedCursor'],
      [`${base}&onlyInBCursor=${Buffer.from('["cmp","onlyInB",-3,"x"]').toString('base64url')}`, 'onlyInBCursor'],
    ];
    for (const [query, field] of bad) {
      const res = await api.json(`/api/v1/compare?${query}`);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'invalid_request' });
      expect(res.body.error.details.field).toBe(field);
    }
    const neither = await api.json(`/api/v1/compare?${base}&metrics=bleu`);
    expect(neither.body.error.message).toBe('Neither run has the metric bleu; they have: exact_match, f1.');
  });

  it('refuses a cursor of another list, another comparison, or a comparison recomputed since', async () => {
    const first = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=2`);
    const improvedCursor = first.body.items.pages.improved.nextCursor;
    const otherList = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=2&regressedCursor=${improvedCursor}`);
    expect(otherList.status).toBe(400);
    expect(otherList.body.error.message).toMatch(/improved list/);
    const otherOptions = await api.json(`/api/v1/compare?a=${runA.id}&b=${runB.id}&itemsLimit=2&primaryMetric=f1&improvedCursor=${improvedCursor}`);
    expect(otherOptions.status).toBe(400);
    expect(otherOptions.body.error.message).toMatch(/another comparison/);
    const flipped = await api.json(`/api/v1/compare?a=${runB.id}&b=${runA.id}&itemsLimit=2&improvedCursor=${improvedCursor}`);
    expect(flipped.status).toBe(400);

    // A run that gains an item is compared again: old positions would skip or repeat items.
    const x = await seedRun(api.server.database, 'grows A', pairedRuns().a.slice(0, 40));
    const y = await seedRun(api.server.database, 'grows B', pairedRuns().b.slice(0, 40));
    const before = await api.json(`/api/v1/compare?a=${x.id}&b=${y.id}&itemsLimit=2`);
    await api.server.database.runs.addItems(y.id, [{ itemId: 'late', status: 'completed', scores: { exact_match: true, f1: 1 } }]);
    const after = await api.json(`/api/v1/compare?a=${x.id}&b=${y.id}&itemsLimit=2&improvedCursor=${before.body.items.pages.improved.nextCursor}`);
    expect(after.status).toBe(400);
    expect(after.body.error.details.field).toBe('improvedCursor');
  });

  it('sends scores too large to subtract as null, not a server error', async () => {
    // One item each: storage's statistics of several such scores overflow (see the report), their difference here.
    const x = await seedRun(api.server.database, 'huge A', [['h', { exact: true, f1: -1e308 }]]);
    const y = await seedRun(api.server.database, 'huge B', [['h', { exact: true, f1: 1e308 }]]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await api.json(`/api/v1/compare?a=${x.id}&b=${y.id}&primaryMetric=f1`);
      expect(res.status).toBe(200);
      // A change beyond the double range is ±Infinity, which the cache's JSON cannot hold: computed again each time.
      expect(res.body.fromCache).toBe(false);
      expect(res.body.items.improved[0].deltas.f1).toBeNull();
    }
  });

  it('answers hostile values in every parameter with 2xx or 4xx, never 5xx, and never leaks SQL or a stack', async () => {
    const hostile = ["' OR 1=1 --", '"; DROP TABLE evaluation_runs; --', 'a\u0000b', 'x\udfffy', 'x'.repeat(10_000), '🧪🔥👩‍💻', '', '%', '-1', '1e308', 'NaN', 'Infinity', 'latest~99999999999999999999', '[]', ','];
    const params = ['a', 'b', 'metrics', 'confidence', 'minEffect', 'lowerIsBetter', 'primaryMetric', 'itemsLimit', 'improvedCursor', 'regressedCursor', 'onlyInACursor', 'onlyInBCursor'];
    for (const param of params) {
      for (const value of hostile) {
        const query = new URLSearchParams({ a: runA.id, b: runB.id, itemsLimit: '2' });
        query.set(param, value);
        const res = await api.request(`/api/v1/compare?${query}`);
        const text = await res.text();
        expect({ param, value: value.slice(0, 40), status: res.status < 500 }).toEqual({ param, value: value.slice(0, 40), status: true });
        expect(text).not.toMatch(/SELECT |syntax error|\n\s+at /);
        if (res.status >= 400) expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } });
      }
    }
  });
});
