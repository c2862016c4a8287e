import { initializeDatabase, knownDurationSeconds, type Database, type RunRecord } from '@llm-eval/storage';
import { RunSearchEngine } from '../src';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { NOW, seed, type SeedRun } from './seed';

type Seeded = RunRecord & { seed: SeedRun; accuracy: number | null; exactMatch: number | null };
const utc = (s: string) => new Date(`${s}T00:00:00Z`);
const known = (r: Seeded) => knownDurationSeconds(r);

describe.each(DATABASE_KINDS)('RunSearchEngine on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runs: Seeded[];

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const stored = await seed(db);
    runs = await Promise.all(
      stored.map(async (r) => {
        const full = (await db.runs.getRun(r.id))!;
        const mean = (name: string) => full.metrics.find((m) => m.metricName === name)?.mean ?? null;
        return { ...r, ...full, seed: r.seed, accuracy: mean('accuracy'), exactMatch: mean('exact_match') };
      }),
    );
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string, extra: Parameters<RunSearchEngine['searchRuns']>[0] = {}) => {
    const result = await engine.searchRuns({ query, now: NOW, limit: 1000, ...extra });
    expect(result.total).toBe(result.runs.length);
    return result;
  };
  const ids = (list: RunRecord[]) => list.map((r) => r.id).sort();
  const where = (pred: (r: Seeded) => boolean) => ids(runs.filter(pred));
  const inRange = (r: Seeded, from: string, to: string) => r.createdAt >= utc(from) && r.createdAt < utc(to);

  it.each([
    ['failed runs', (r: Seeded) => r.status === 'failed'],
    ['failed runs from last week', (r: Seeded) => r.status === 'failed' && inRange(r, '2026-11-16', '2026-11-23')],
    ['success rate > 80%', (r: Seeded) => r.successRate > 0.8],
    ['success rate at least 60 percent', (r: Seeded) => r.successRate >= 0.6 - 1e-12],
    // A run of unknown duration (running, or cancelled and never finalised) meets no duration condition, negated or not.
    ['duration < 60s', (r: Seeded) => known(r) !== null && known(r)! < 60],
    ['not duration < 60s', (r: Seeded) => known(r) !== null && known(r)! >= 60],
    ['took longer than 5 minutes', (r: Seeded) => known(r) !== null && known(r)! > 300],
    ['accuracy >= 0.9', (r: Seeded) => r.accuracy !== null && r.accuracy >= 0.9],
    ['exact_match < 0.5', (r: Seeded) => r.exactMatch !== null && r.exactMatch < 0.5],
    ['model:gpt-4o dataset:qa-capitals', (r: Seeded) => r.modelName === 'gpt-4o' && r.datasetName === 'qa-capitals'],
    ['tag:nightly', (r: Seeded) => r.tags.includes('nightly')],
    ['project:demo failed', (r: Seeded) => r.projectId === 'demo' && r.status === 'failed'],
    ['failed or cancelled runs', (r: Seeded) => r.status === 'failed' || r.status === 'cancelled'],
    ['runs that are not completed', (r: Seeded) => r.status !== 'completed'],
    ['today', (r: Seeded) => inRange(r, '2026-11-27', '2026-11-28')],
    ['yesterday', (r: Seeded) => inRange(r, '2026-11-26', '2026-11-27')],
    ['capitals', (r: Seeded) => /capitals/i.test(`${r.name} ${r.datasetName}`)],
    ['avg response time under 1s', (r: Seeded) => (r.avgResponseTime ?? Infinity) < 1],
    // Failed items over all items: 10% is 0.1 (a run of 5 items with one failure has 0.2).
    ['error rate above 10%', (r: Seeded) => r.failedItems / r.totalItems > 0.1],
    ['error rate at most 20%', (r: Seeded) => r.failedItems / r.totalItems <= 0.2],
    ['with more than 3 failures', (r: Seeded) => r.failedItems > 3],
    ['more than 2 weeks ago', (r: Seeded) => r.createdAt.getTime() < NOW.getTime() - 14 * 86_400_000],
    ['less than 3 days ago', (r: Seeded) => r.createdAt.getTime() >= NOW.getTime() - 3 * 86_400_000 && r.createdAt < NOW],
    ['claude 3.5 sonnet runs', (r: Seeded) => r.modelName === 'claude-3-5-sonnet'],
    ['llama 3 70b', (r: Seeded) => r.modelName === 'llama-3-70b'],
    ['runs with over 50% accuracy', (r: Seeded) => r.accuracy !== null && r.accuracy > 0.5],
    ['accuracy not between 0.3 and 0.7', (r: Seeded) => r.accuracy !== null && (r.accuracy < 0.3 || r.accuracy > 0.7)],
  ])('%s returns exactly the matching runs', async (query, pred) => {
    const result = await search(query);
    expect(ids(result.runs)).toEqual(where(pred));
    expect(result.explanation.length).toBeGreaterThan(0);
  });

  it('ANDs structured filters with the query, and projectId scopes everything', async () => {
    const result = await search('failed runs', { projectId: 'prod' });
    expect(ids(result.runs)).toEqual(where((r) => r.status === 'failed' && r.projectId === 'prod'));
    expect(result.explanation).toMatch(/projectId = prod/);
  });

  it('understands "slow responses from last month" as the slowest quartile of last month\'s runs', async () => {
    const october = runs.filter((r) => inRange(r, '2026-10-01', '2026-11-01'));
    // The slowest quarter: the runs at or above the value of the ⌈n/4⌉-th slowest.
    const times = october.map((r) => r.avgResponseTime!).sort((a, b) => b - a);
    const threshold = times[Math.ceil(times.length / 4) - 1]!;
    const result = await search('slow responses from last month');
    expect(ids(result.runs)).toEqual(ids(october.filter((r) => r.avgResponseTime! >= threshold)));
    expect(result.runs.length).toBeGreaterThan(0);
    expect(result.runs.length).toBeLessThan(october.length);
    expect(result.explanation).toMatch(/slowest 25% in scope/);
    // A fixed threshold overrides the relative rule.
    const fixed = await search('slow runs', { speed: { slowSeconds: 2.5 } });
    expect(ids(fixed.runs)).toEqual(where((r) => r.avgResponseTime! >= 2.5));
  });

  it('sorts and limits: latest 5, oldest first, top 3 by exact_match, slowest runs', async () => {
    const latest = await engine.searchRuns({ query: 'latest 5', now: NOW });
    expect(latest.runs.map((r) => r.id)).toEqual([...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, 5).map((r) => r.id));
    // The query returns at most 5, so that is its total (36 runs match).
    expect(latest.total).toBe(5);
    const oldest = await engine.searchRuns({ query: 'oldest first', now: NOW, limit: 3 });
    expect(oldest.runs.map((r) => r.id)).toEqual([...runs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, 3).map((r) => r.id));
    const top = await engine.searchRuns({ query: 'top 3 by exact_match', now: NOW });
    // A metric sort ranks the runs that have the metric.
    const withEm = runs.filter((r) => r.exactMatch !== null);
    const byEm = withEm.sort((a, b) => b.exactMatch! - a.exactMatch! || (a.id < b.id ? 1 : -1));
    expect(top.runs.map((r) => r.id)).toEqual(byEm.slice(0, 3).map((r) => r.id));
    // At most the query's 3, of the runs that have exact_match.
    expect(top.total).toBe(Math.min(3, withEm.length));
    const slowest = await engine.searchRuns({ query: 'slowest runs', now: NOW, limit: 4 });
    const bySpeed = [...runs].sort((a, b) => b.avgResponseTime! - a.avgResponseTime! || (a.id < b.id ? 1 : -1));
    expect(slowest.runs.map((r) => r.id)).toEqual(bySpeed.slice(0, 4).map((r) => r.id));
  });

  it('pages through any sort by cursor without gaps or repeats', async () => {
    for (const query of ['top 1000 by accuracy', 'slowest runs', 'failed or completed runs', 'oldest first']) {
      const all = await engine.searchRuns({ query, now: NOW, limit: 1000 });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await engine.searchRuns({ query, now: NOW, limit: 4, cursor });
        expect(page.total).toBe(all.total);
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect([query, seen]).toEqual([query, all.runs.map((r) => r.id)]);
    }
  });

  it('lists every unused word in warnings and never runs user text as SQL', async () => {
    const result = await search(`failed runs "'; DROP TABLE evaluation_runs; --" OR 1=1`);
    // Parsed as: failed AND (the quoted phrase OR "1") AND "1" — user text only ever as bound text values.
    expect(result.warnings).toEqual(expect.arrayContaining(['ignored "="']));
    expect(ids(result.runs)).toEqual(where((r) => r.status === 'failed' && /1/.test(`${r.name} ${r.datasetName}`)));
    expect((await search('')).total).toBe(runs.length);
    const error = await engine.searchRuns({ query: `failed runs '; DROP TABLE x`, now: NOW }).catch((e) => e);
    expect(error.name).toBe('QuerySyntaxError');
    expect(error.position).toBe(12);
  });

  it('says when a bare number can match no metric mean (all are 0–1), and what it probably meant; 90% is 0.9', async () => {
    const above = await search('accuracy > 90');
    expect(above.runs).toEqual([]);
    expect(above.explanation).toBe('accuracy > 90');
    expect(above.warnings).toEqual(['no run has a mean accuracy above 1, so "accuracy > 90" matches no run; did you mean 90% (0.9)?']);
    const below = await search('accuracy below 90');
    expect(ids(below.runs)).toEqual(where((r) => r.accuracy !== null));
    expect(below.warnings).toEqual(['no run has a mean accuracy above 1, so "accuracy < 90" matches every run with accuracy; did you mean 90% (0.9)?']);
    const percent = await search('accuracy > 90%');
    expect(ids(percent.runs)).toEqual(where((r) => r.accuracy !== null && r.accuracy > 0.9));
    expect(percent.runs.length).toBeGreaterThan(0);
    expect(percent.warnings).toEqual([]);
    expect((await search('accuracy > 250')).warnings).toEqual(['no run has a mean accuracy above 1, so "accuracy > 250" matches no run']);
    // Judged from the caller's scope only: a scope without runs says nothing about other projects' metrics (their
    // runs have accuracy, but none of this scope's does).
    expect((await search('accuracy > 90', { projectIds: ['elsewhere'] })).warnings).toEqual(['no run has the metric "accuracy"']);
    expect((await search('accuracy > 90', { projectIds: ['demo'] })).warnings).toHaveLength(1);
    // Item queries are judged by the run's own scores.
    const run = runs.find((r) => r.accuracy !== null)!;
    const items = await engine.searchItems(run.id, 'accuracy >= 50');
    expect(items.items).toEqual([]);
    expect(items.warnings).toEqual(['no item of this run scored above 1 on accuracy, so "accuracy >= 50" matches no item; did you mean 50% (0.5)?']);
  });

  it('searches a run\'s items with the same language', async () => {
    const run = runs.find((r) => r.seed.successRate === 0.6)!;
    const failed = await engine.searchItems(run.id, 'failed items');
    expect(failed.items.map((i) => i.itemId)).toEqual(['q3', 'q4']);
    expect(failed.total).toBe(2);
    const paris = await engine.searchItems(run.id, "contains 'Paris'");
    expect(paris.items.map((i) => i.itemId)).toEqual(['q0']);
    const timeouts = await engine.searchItems(run.id, 'errors like timeout');
    expect(timeouts.items.map((i) => i.itemId)).toEqual(['q3', 'q4']);
    const em = await engine.searchItems(run.id, `exact_match = ${run.seed.exactMatch}`);
    expect(em.items.map((i) => i.itemId)).toEqual(['q0', 'q1', 'q2']);
    const worst = await engine.searchItems(run.id, 'worst 2');
    expect(worst.items).toHaveLength(2);
    const slowest = await engine.searchItems(run.id, 'slowest 2');
    expect(slowest.items).toHaveLength(2);
    expect(slowest.total).toBe(2);
  });

  it('computes metric trends per day and week in SQL', async () => {
    const since = new Date(NOW.getTime() - 14 * 86_400_000);
    const daily = await engine.getMetricTrend({ metric: 'accuracy', since, bucket: 'day' });
    const recent = runs.filter((r) => r.createdAt >= since && r.status === 'completed' && r.accuracy !== null);
    expect(daily.reduce((n, p) => n + p.runs, 0)).toBe(recent.length);
    for (const point of daily) {
      const day = recent.filter((r) => r.createdAt.toISOString().slice(0, 10) === point.bucket.toISOString().slice(0, 10));
      expect(point.runs).toBe(day.length);
      expect(point.mean).toBeCloseTo(day.reduce((s, r) => s + r.accuracy!, 0) / day.length, 10);
    }
    const weekly = await engine.getMetricTrend({ metric: 'success_rate', bucket: 'week', projectId: 'demo' });
    expect(weekly.every((p) => p.bucket.getUTCDay() === 1)).toBe(true);
    expect(weekly.reduce((n, p) => n + p.runs, 0)).toBe(runs.filter((r) => r.projectId === 'demo' && r.status === 'completed').length);
  });

  it('resolves run references: id, unique prefix, latest, latest~N', async () => {
    const newest = [...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(await engine.resolveRun('latest')).toBe(newest[0]!.id);
    expect(await engine.resolveRun('latest~2')).toBe(newest[2]!.id);
    expect(await engine.resolveRun(runs[3]!.id)).toBe(runs[3]!.id);
    expect(await engine.resolveRun(runs[3]!.id.slice(0, 13))).toBe(runs[3]!.id);
    await expect(engine.resolveRun('zzzz')).rejects.toThrow(/No run is named "zzzz", and it is not a run id, an id prefix/);
    await expect(engine.resolveRun('ffff9999')).rejects.toThrow(/No run id starts with "ffff9999" and no run is named "ffff9999"/);
  });

  it('says how many runs exist when latest~N goes past the oldest', async () => {
    await expect(engine.resolveRun('latest~999')).rejects.toThrow(`There is no "latest~999": only ${runs.length} runs exist, so the oldest is latest~${runs.length - 1}.`);
    const demo = runs.filter((r) => r.projectId === 'demo').length;
    await expect(engine.resolveRun(`latest~${demo}`, 'demo')).rejects.toThrow(`only ${demo} runs exist in project demo`);
    expect(await engine.resolveRun(`latest~${runs.length - 1}`)).toBe([...runs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]!.id);
  });

  it('resolves a unique run name (exact, else ignoring case) and lists the candidates of an ambiguous one', async () => {
    const run = runs.find((r) => r.name === 'gpt-4o on qa-capitals #3')!;
    expect(await engine.resolveRun('gpt-4o on qa-capitals #3')).toBe(run.id);
    expect(await engine.resolveRun('GPT-4O ON QA-CAPITALS #3')).toBe(run.id);
    const twin = await db.runs.importRun({ name: run.name, modelName: 'gpt-4o', createdAt: new Date(NOW.getTime() - 3_600_000) }, []);
    try {
      const error = await engine.resolveRun(run.name).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'RunReferenceError' });
      expect((error as Error).message).toMatch(/"gpt-4o on qa-capitals #3" is ambiguous: it matches/);
      expect((error as Error).message).toContain(run.id);
      expect((error as Error).message).toContain(twin.id);
      expect(await engine.resolveRun(twin.id.slice(0, 8))).toBe(twin.id);
    } finally {
      await db.runs.deleteRuns([twin.id]);
    }
  });

  it('takes run references in every function: searchItems accepts latest, names and ids like resolveRun', async () => {
    const newest = [...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const byRef = await engine.searchItems('latest', 'failed items');
    const byId = await engine.searchItems(newest[0]!.id, 'failed items');
    expect(byRef.items.map((i) => i.id)).toEqual(byId.items.map((i) => i.id));
    expect((await engine.searchItems(newest[1]!.name, '')).total).toBe(5);
    await expect(engine.searchItems('latest~999')).rejects.toMatchObject({ name: 'RunReferenceError' });
  });

  it("lets a query's own limit cap the search whatever the page size, and pages within it", async () => {
    for (const query of ['top 3 runs', 'latest 3']) {
      const first = await engine.searchRuns({ query, now: NOW, limit: 20 });
      expect(first.runs).toHaveLength(3);
      expect(first.nextCursor).toBeNull();
      expect(first.total).toBe(3);
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await engine.searchRuns({ query, now: NOW, limit: 2, cursor });
        paged.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect([query, pages, paged]).toEqual([query, 2, first.runs.map((r) => r.id)]);
    }
    const run = runs.find((r) => r.seed.successRate === 0.6)!;
    const slowest = await engine.searchItems(run.id, 'slowest 2', { limit: 20 });
    expect(slowest.items).toHaveLength(2);
    expect(slowest.nextCursor).toBeNull();
    const one = await engine.searchItems(run.id, 'slowest 3', { limit: 2 });
    const two = await engine.searchItems(run.id, 'slowest 3', { limit: 2, cursor: one.nextCursor! });
    expect([one.items.length, two.items.length, two.nextCursor]).toEqual([2, 1, null]);
    await expect(engine.searchItems(run.id, 'slowest 3', { limit: 2, cursor: `${one.nextCursor!.split('.')[0]}.7` })).rejects.toMatchObject({
      name: 'InvalidCursorError',
    });
  });
});
