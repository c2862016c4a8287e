import { hostname } from 'node:os';
import type { CreateRunInput, Database, ItemInput } from '@llm-eval/storage';
import { CLEAR_OF_MIDNIGHT_TIMEOUT_MS, clearOfMidnight } from '@llm-eval/test-databases';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

const DAY = 86_400_000;
/** Pacific/Kiritimati is UTC+14 all year (no daylight saving since 1995). */
const KIRITIMATI_OFFSET = 14 * 3_600_000;

/** Monday 00:00 UTC of the week before the current one (what "last week" means in a query, in UTC). */
function lastWeekMonday(now = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(today - sinceMonday * DAY - 7 * DAY);
}

/** Items whose accuracy scores average `mean` (one item per score), the `failed` first ones failed. */
function items(scores: number[], failed = 0): ItemInput[] {
  return scores.map((accuracy, i) => ({
    itemId: `q${i}`,
    status: i < failed ? 'failed' : 'completed',
    actualOutput: `answer ${i}`,
    responseTime: 0.1 * (i + 1),
    scores: { accuracy },
  }));
}

/** Stores a complete run with its items and metric statistics. */
async function importRun(db: Database, input: Partial<CreateRunInput> & { name: string }, scores = [1, 0.5]) {
  // A failed run has half its items failed.
  const failed = input.status === 'failed' ? Math.ceil(scores.length / 2) : 0;
  return db.runs.importRun({ status: 'completed', metricsUsed: ['accuracy'], ...input }, items(scores, failed));
}

/** Every row count that matters, to show nothing was changed or dropped. */
async function counts(api: TestServer) {
  const [runs, items, metrics] = await Promise.all(
    ['evaluation_runs', 'evaluation_items', 'run_metrics'].map(async (table) => {
      const [row] = await api.server.database.dataSource.query(`SELECT COUNT(*) AS "n" FROM "${table}"`);
      return Number(row.n);
    }),
  );
  return { runs, items, metrics };
}

/** Query-string values an attacker or a broken client might send. */
const HOSTILE: Array<[string, string]> = [
  ['sql', encodeURIComponent(`' OR 1=1 --`)],
  ['sql-drop', encodeURIComponent(`x'); DROP TABLE evaluation_runs; --`)],
  ['nul', '%00'],
  ['nul-inside', `a%00b`],
  ['lone surrogate', '%ED%A0%80'],
  ['lone surrogate in text', 'ab%ED%B0%80cd'],
  ['bad percent', '%E0%A4%A'],
  ['10k', 'x'.repeat(10_000)],
  ['emoji', encodeURIComponent('🚀🔥 résumé')],
  ['brackets', '%5B%5D%7B%7D'],
  ['percent', '%25%25'],
];

const RUN_QUERY_PARAMS = [
  'q', 'project', 'dataset', 'model', 'status', 'tag', 'anyTag', 'createdBy', 'createdAfter', 'createdBefore',
  'minSuccessRate', 'maxSuccessRate', 'minDurationSeconds', 'maxDurationSeconds', 'text', 'sort', 'limit', 'cursor', 'tz',
];

describe.each(DATABASE_KINDS)('runs routes on %s', (kind) => {
  const api = useServer(kind);
  let lastWeek: Date;

  beforeAll(async () => {
    // "last week" is worked out here and asked of the server later: no UTC or Kiritimati midnight may fall between.
    await clearOfMidnight([0, 14]);
    lastWeek = lastWeekMonday();
    const db = api.server.database;
    await importRun(db, { name: 'good-gpt', projectId: 'alpha', modelName: 'gpt-4o', tags: ['nightly', 'prod'], createdAt: new Date(lastWeek.getTime() + 2 * DAY + 3_600_000), datasetName: 'squad' }, [0.9, 0.95]);
    await importRun(db, { name: 'failed-last-week', status: 'failed', projectId: 'alpha', modelName: 'gpt-4o', createdAt: new Date(lastWeek.getTime() + 3 * DAY), datasetName: 'squad' }, [0.1, 0.2]);
    await importRun(db, { name: 'failed-long-ago', status: 'failed', projectId: 'beta', modelName: 'claude', createdAt: new Date(lastWeek.getTime() - 60 * DAY) }, [0.85, 0.9]);
    await importRun(db, { name: 'mediocre', projectId: 'beta', modelName: 'claude', tags: ['nightly'], createdAt: new Date(lastWeek.getTime() - 10 * DAY), description: 'a run about résumés' }, [0.5, 0.6]);
  }, CLEAR_OF_MIDNIGHT_TIMEOUT_MS);

  it('lists runs newest first with total, nextCursor, explanation and ISO dates', async () => {
    const res = await api.json('/api/v1/runs');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, nextCursor: null, warnings: [], sort: { field: 'createdAt', direction: 'desc' }, filter: null });
    expect(typeof res.body.explanation).toBe('string');
    expect(res.body.runs.map((r: any) => r.name)).toEqual(['failed-last-week', 'good-gpt', 'mediocre', 'failed-long-ago']);
    const run = res.body.runs[1];
    expect(run).toMatchObject({ name: 'good-gpt', projectId: 'alpha', modelName: 'gpt-4o', status: 'completed', tags: ['nightly', 'prod'] });
    expect(new Date(run.createdAt).toISOString()).toBe(run.createdAt);
    expect(run.successRate).toBe(1);
  });

  it('applies every structured filter of runs list', async () => {
    const names = async (query: string) => {
      const res = await api.json(`/api/v1/runs?${query}`);
      expect(res.status).toBe(200);
      return res.body.runs.map((r: any) => r.name).sort();
    };
    expect(await names('project=alpha')).toEqual(['failed-last-week', 'good-gpt']);
    expect(await names('model=claude')).toEqual(['failed-long-ago', 'mediocre']);
    expect(await names('dataset=squad&status=failed')).toEqual(['failed-last-week']);
    expect(await names('status=completed,failed&project=beta')).toEqual(['failed-long-ago', 'mediocre']);
    expect(await names('status=failed&status=completed&project=beta')).toEqual(['failed-long-ago', 'mediocre']);
    expect(await names('tag=nightly')).toEqual(['good-gpt', 'mediocre']);
    expect(await names('tag=nightly,prod')).toEqual(['good-gpt']);
    expect(await names('anyTag=prod,none')).toEqual(['good-gpt']);
    expect(await names(`createdAfter=${lastWeek.toISOString()}`)).toEqual(['failed-last-week', 'good-gpt']);
    expect(await names(`createdBefore=${lastWeek.toISOString().slice(0, 10)}`)).toEqual(['failed-long-ago', 'mediocre']);
    expect(await names('text=r%C3%A9sum')).toEqual(['mediocre']);
    expect(await names('minSuccessRate=1')).toEqual(['good-gpt', 'mediocre']);
    expect(await names('maxSuccessRate=0.5')).toEqual(['failed-last-week', 'failed-long-ago']);
    expect(await names('createdBy=nobody')).toEqual([]);
  });

  it('sorts by a field or a metric, either direction', async () => {
    const names = async (sort: string) => (await api.json(`/api/v1/runs?sort=${sort}`)).body.runs.map((r: any) => r.name);
    expect(await names('name:asc')).toEqual(['failed-last-week', 'failed-long-ago', 'good-gpt', 'mediocre']);
    expect(await names('name')).toEqual(['mediocre', 'good-gpt', 'failed-long-ago', 'failed-last-week']);
    expect(await names('metric:accuracy:desc')).toEqual(['good-gpt', 'failed-long-ago', 'mediocre', 'failed-last-week']);
    const res = await api.json('/api/v1/runs?sort=metric:accuracy:asc');
    expect(res.body.sort).toEqual({ field: 'metric', metric: 'accuracy', direction: 'asc' });
    const metricSorts: Array<[string, number]> = [
      ['metric:a%00b:desc', 200],
      [`metric:${'x'.repeat(10_000)}`, 400],
      ['metric::asc', 400],
      [`metric:${encodeURIComponent("' OR 1=1 --")}`, 200],
    ];
    for (const [sort, status] of metricSorts) {
      const res = await api.json(`/api/v1/runs?sort=${sort}`);
      expect([sort.slice(0, 30), res.status]).toEqual([sort.slice(0, 30), status]);
      if (status === 200) expect(res.body.runs).toEqual([]);
    }
    const bad = await api.json('/api/v1/runs?sort=colour:up');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'querystring.sort' } });
    expect(bad.body.error.message).toMatch(/createdAt/);
  });

  it('answers a natural-language q with its explanation and ignored words', async () => {
    const failed = await api.json(`/api/v1/runs?q=${encodeURIComponent('failed runs last week')}`);
    expect(failed.status).toBe(200);
    expect(failed.body.runs.map((r: any) => r.name)).toEqual(['failed-last-week']);
    expect(failed.body.total).toBe(1);
    expect(failed.body.explanation).toMatch(/status is failed AND created .*last week, UTC/);
    expect(failed.body.filter).toMatchObject({ kind: 'and' });

    const accurate = await api.json(`/api/v1/runs?q=${encodeURIComponent('accuracy above 0.8')}`);
    expect(accurate.status).toBe(200);
    expect(accurate.body.runs.map((r: any) => r.name).sort()).toEqual(['failed-long-ago', 'good-gpt']);
    expect(accurate.body.explanation).toContain('accuracy > 0.8');

    // q and filters combine with AND; the explanation names both.
    const both = await api.json(`/api/v1/runs?project=alpha&q=${encodeURIComponent('accuracy above 0.8 (')}`);
    expect(both.body.runs.map((r: any) => r.name)).toEqual(['good-gpt']);
    expect(both.body.explanation).toContain('projectId = alpha');
    expect(both.body.warnings).toEqual(['ignored "(" at character 20: no ")" after it']);

    // "last week" in a zone 14 hours ahead of UTC is that zone's week, which from Sunday 10:00 UTC on is
    // not UTC's: a failed run in the middle of Kiritimati's last week is found, whatever the day the test runs.
    const db = api.server.database;
    const zoneWeek = lastWeekMonday(new Date(Date.now() + KIRITIMATI_OFFSET)).getTime() - KIRITIMATI_OFFSET;
    const inZoneWeek = await importRun(db, { name: 'failed-kiritimati-week', status: 'failed', createdAt: new Date(zoneWeek + 3.5 * DAY) }, [0.3, 0.4]);
    try {
      const zoned = await api.json(`/api/v1/runs?tz=Pacific/Kiritimati&q=${encodeURIComponent('failed runs last week')}`);
      expect(zoned.status).toBe(200);
      expect(zoned.body.explanation).toContain('Pacific/Kiritimati');
      const names: string[] = zoned.body.runs.map((r: any) => r.name);
      expect(names).toContain('failed-kiritimati-week');
      // The fixture's failed run is found exactly when it falls in that zone's week.
      const fixtureInWeek = lastWeek.getTime() + 3 * DAY >= zoneWeek && lastWeek.getTime() + 3 * DAY < zoneWeek + 7 * DAY;
      expect(names.sort()).toEqual(fixtureInWeek ? ['failed-kiritimati-week', 'failed-last-week'] : ['failed-kiritimati-week']);
    } finally {
      await db.runs.deleteRuns([inZoneWeek.id]);
    }
  });

  it('answers a query it cannot parse with 422 and the position of the problem', async () => {
    const res = await api.json(`/api/v1/runs?q=${encodeURIComponent('accuracy > abc')}`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', details: { position: 11, query: 'accuracy > abc' } });
    expect(res.body.error.message).toMatch(/number/);
    const quote = await api.json(`/api/v1/runs?q=${encodeURIComponent('failed "unclosed')}`);
    expect(quote.status).toBe(422);
    expect(quote.body.error.details.position).toBe(7);
  });

  it('refuses an unknown time zone, a bad cursor and bad filter values with 400 naming the parameter', async () => {
    const tz = await api.json('/api/v1/runs?tz=Mars/Olympus&q=today');
    expect(tz.status).toBe(400);
    expect(tz.body.error.details.field).toBe('querystring.tz');
    expect(tz.body.error.message).toMatch(/IANA time zone/);

    // Cursors that are not ours, of another ordering, or ours edited to carry values of the wrong type.
    const forged = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');
    const badCursors = [
      'not-a-cursor',
      'eyJ',
      forged(['runs:other', 1, 'x', null]),
      forged(['search:createdAt:desc', 'garbage', 'ffffffff-ffff-4fff-8fff-ffffffffffff', null]),
      forged(['search:createdAt:desc', '2026-01-01T00:00:00Z', "x' OR 1=1 --", null]),
      forged(['search:createdAt:desc', 5, 'ffffffff-ffff-4fff-8fff-ffffffffffff', null]),
      forged(['search:createdAt:desc', '2026-01-01T00:00:00Z', 7, null]),
    ];
    for (const cursor of badCursors) {
      const res = await api.json(`/api/v1/runs?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'cursor' } });
      expect(res.body.error.message).toMatch(/cursor/);
    }
    const metricCursor = forged(['search:metric=accuracy:desc', 'x', 'ffffffff-ffff-4fff-8fff-ffffffffffff', null]);
    const metric = await api.json(`/api/v1/runs?sort=metric:accuracy:desc&cursor=${metricCursor}`);
    expect(metric.status).toBe(400);
    expect(metric.body.error.details.field).toBe('cursor');

    const cases: Array<[string, string]> = [
      ['limit=0', 'querystring.limit'],
      ['limit=abc', 'querystring.limit'],
      ['limit=1001', 'querystring.limit'],
      ['status=exploded', 'querystring.status'],
      ['minSuccessRate=2', 'querystring.minSuccessRate'],
      ['createdAfter=yesterday', 'querystring.createdAfter'],
      ['project=has%20space', 'querystring.project'],
    ];
    for (const [query, field] of cases) {
      const res = await api.json(`/api/v1/runs?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.details.field.startsWith(field)).toBe(true);
    }
  });

  it('gets a run with its metric statistics by id, prefix, latest~N and name', async () => {
    const list = (await api.json('/api/v1/runs?sort=name:asc')).body.runs;
    const good = list.find((r: any) => r.name === 'good-gpt');
    for (const ref of [good.id, good.id.slice(0, 8), 'good-gpt', 'latest~1']) {
      const res = await api.json(`/api/v1/runs/${encodeURIComponent(ref)}`);
      expect([ref, res.status]).toEqual([ref, 200]);
      expect(res.body).toMatchObject({ id: good.id, name: 'good-gpt' });
    }
    const res = await api.json(`/api/v1/runs/${good.id}`);
    expect(res.body.metrics).toEqual([
      expect.objectContaining({ metricName: 'accuracy', mean: expect.closeTo(0.925, 6), totalEvaluated: 2, computedAt: expect.any(String) }),
    ]);
    expect((await api.json('/api/v1/runs/latest')).body.name).toBe('failed-last-week');
  });

  it('answers an unknown run with 404 and an ambiguous prefix with 409', async () => {
    const db = api.server.database;
    await db.runs.createRun({ id: 'abcd0000-0000-4000-8000-000000000001', name: 'twin-1', createdAt: new Date(lastWeek.getTime() - 100 * DAY) });
    await db.runs.createRun({ id: 'abcd0000-0000-4000-8000-000000000002', name: 'twin-2', createdAt: new Date(lastWeek.getTime() - 100 * DAY) });
    try {
      const ambiguous = await api.json('/api/v1/runs/abcd');
      expect(ambiguous.status).toBe(409);
      expect(ambiguous.body.error.code).toBe('ambiguous_reference');
      expect(ambiguous.body.error.message).toContain('twin-1');
      expect((await api.json('/api/v1/runs/abcd0000-0000-4000-8000-000000000002')).body.name).toBe('twin-2');

      for (const ref of ['ffff9999', 'no-such-run', 'ffffffff-ffff-4fff-8fff-ffffffffffff', 'latest~99']) {
        const res = await api.json(`/api/v1/runs/${ref}`);
        expect([ref, res.status]).toEqual([ref, 404]);
        expect(res.body.error.code).toBe('run_not_found');
      }
    } finally {
      await db.runs.deleteRuns(['abcd0000-0000-4000-8000-000000000001', 'abcd0000-0000-4000-8000-000000000002']);
    }
  });

  it('pages through every run exactly once with ties in createdAt, in every sort', async () => {
    const db = api.server.database;
    const project = `paging-${kind}`;
    const tie = new Date(lastWeek.getTime() - 200 * DAY);
    const ids: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      // Groups of five runs share a creation time, a success rate and a name, so only the id breaks the tie.
      const group = Math.floor(i / 5);
      const run = await db.runs.createRun({
        name: `page-${group}`,
        projectId: project,
        createdAt: new Date(tie.getTime() + group * 1000),
        successRate: group / 10,
        status: 'completed',
      });
      ids.push(run.id);
    }
    for (const sort of ['createdAt:desc', 'createdAt:asc', 'name:asc', 'successRate:desc', 'durationSeconds:asc']) {
      for (const limit of [1, 4, 5, 50]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `project=${project}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await api.json(`/api/v1/runs?${query}`);
          expect(res.status).toBe(200);
          expect(res.body.total).toBe(23);
          expect(res.body.runs.length).toBeLessThanOrEqual(limit);
          seen.push(...res.body.runs.map((r: any) => r.id));
          cursor = res.body.nextCursor;
          pages += 1;
        } while (cursor && pages < 100);
        expect([sort, limit, seen.length]).toEqual([sort, limit, 23]);
        expect(new Set(seen)).toEqual(new Set(ids));
      }
    }
    // A cursor of one ordering is refused by another.
    const first = await api.json(`/api/v1/runs?project=${project}&limit=2&sort=name:asc`);
    const other = await api.json(`/api/v1/runs?project=${project}&limit=2&sort=createdAt:desc&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.details.field).toBe('cursor');
    await db.runs.deleteRuns(ids);
  });

  it('patches name, description and tags, and validates each with 400 naming the field', async () => {
    const run = await importRun(api.server.database, { name: 'to-patch', createdAt: new Date(lastWeek.getTime() - 300 * DAY) });
    const ok = await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: 'patched', description: 'now described', tags: ['a', 'b', 'a'] } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: run.id, name: 'patched', description: 'now described', tags: ['a', 'b'] });
    expect((await api.json('/api/v1/runs/patched')).body).toMatchObject({ id: run.id, tags: ['a', 'b'], metrics: [expect.anything()] });
    expect((await api.json('/api/v1/runs?tag=b')).body.runs.map((r: any) => r.id)).toEqual([run.id]);

    const cleared = await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json: { description: null, tags: [] } });
    expect(cleared.body).toMatchObject({ name: 'patched', description: null, tags: [] });

    const bad: Array<[unknown, string]> = [
      [{ name: '' }, 'body.name'],
      [{ name: '   ' }, 'body.name'],
      [{ name: 'x'.repeat(256) }, 'body.name'],
      [{ name: 42 }, 'body.name'],
      [{ tags: 'a,b' }, 'body.tags'],
      [{ tags: ['ok', 7] }, 'body.tags.1'],
      [{ tags: [''] }, 'body.tags.0'],
      [{ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'body.tags'],
      [{ status: 'completed' }, 'body'],
      [{}, 'body'],
    ];
    for (const [json, field] of bad) {
      const res = await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json });
      expect([JSON.stringify(json).slice(0, 40), res.status, res.body.error.details.field]).toEqual([JSON.stringify(json).slice(0, 40), 400, field]);
    }
    const notJson = await api.request(`/api/v1/runs/${run.id}`, { method: 'PATCH', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await api.json(`/api/v1/runs/no-such-run`, { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    expect((await api.json(`/api/v1/runs/${run.id}`)).body).toMatchObject({ name: 'patched', description: null, tags: [] });
    await api.server.database.runs.deleteRuns([run.id]);
  });

  it('deletes a run, which then answers 404; a run with a live writer needs force', async () => {
    const db = api.server.database;
    const run = await importRun(db, { name: 'to-delete', createdAt: new Date(lastWeek.getTime() - 400 * DAY) });
    const deleted = await api.json(`/api/v1/runs/${run.id}`, { method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: run.id } });
    expect((await api.json(`/api/v1/runs/${run.id}`)).status).toBe(404);
    expect((await api.json(`/api/v1/runs/${run.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api.json(`/api/v1/runs/${run.id}/items`)).status).toBe(404);

    const live = await db.runs.createRun({
      name: 'live-writer',
      status: 'running',
      writerHost: hostname(),
      writerPid: process.pid,
      heartbeatAt: new Date(),
      createdAt: new Date(lastWeek.getTime() - 400 * DAY),
    });
    const refused = await api.json(`/api/v1/runs/${live.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { run: live.id, status: 'running' } });
    expect(refused.body.error.message).toMatch(/force=true/);
    expect((await api.json(`/api/v1/runs/${live.id}`)).status).toBe(200);
    const forced = await api.json(`/api/v1/runs/${live.id}?force=true`, { method: 'DELETE' });
    expect(forced).toMatchObject({ status: 200, body: { deleted: live.id } });
    expect((await api.json(`/api/v1/runs/${live.id}`)).status).toBe(404);
  });

  it('answers hostile values in every query parameter and path with 2xx or 4xx, and the database is intact', async () => {
    const before = await counts(api);
    for (const param of RUN_QUERY_PARAMS) {
      for (const [label, value] of HOSTILE) {
        const res = await api.request(`/api/v1/runs?${param}=${value}`);
        const text = await res.text();
        expect([param, label, res.status < 500]).toEqual([param, label, true]);
        expect(() => JSON.parse(text)).not.toThrow();
        expect(text).not.toMatch(/SELECT|QueryFailedError|\bat .*\.ts:\d+/);
      }
    }
    for (const [label, value] of HOSTILE) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['GET', '/items', undefined],
        ['PATCH', '', JSON.stringify({ name: 'n' })],
        ['DELETE', '', undefined],
      ] as const) {
        const res = await api.request(`/api/v1/runs/${value}${suffix}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
        await res.text();
        expect([label, method, suffix, res.status < 500]).toEqual([label, method, suffix, true]);
      }
    }
    // Hostile JSON values in PATCH are stored as given or refused, never a 5xx.
    const run = (await api.json('/api/v1/runs/latest')).body;
    for (const name of ["' OR 1=1 --", 'a\u0000b', '\uD800', '🚀'.repeat(60), 'x'.repeat(10_000)]) {
      const res = await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name, tags: [name.slice(0, 255)], description: name } });
      expect(res.status === 200 || res.status === 400).toBe(true);
      if (res.status === 200) {
        expect(res.body.name).toBe(name);
        expect((await api.json(`/api/v1/runs/${run.id}`)).body.name).toBe(name);
        // Text that holds NUL or a lone surrogate is stored escaped, and found by what was given.
        if (!name.includes('\uD800')) {
          const found = await api.json(`/api/v1/runs?text=${encodeURIComponent(name.slice(0, 500))}`);
          expect(found.body.runs.map((r: any) => r.id)).toEqual([run.id]);
          if (name.length <= 255) expect((await api.json(`/api/v1/runs/${encodeURIComponent(name)}`)).body.id).toBe(run.id);
        }
      }
    }
    await api.json(`/api/v1/runs/${run.id}`, { method: 'PATCH', json: { name: run.name, tags: run.tags, description: run.description } });
    // Plain SQL fragments are searched for as text, not run.
    const injected = await api.json(`/api/v1/runs?text=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injected.body).toMatchObject({ total: 0, runs: [] });
    expect(await counts(api)).toEqual(before);
    expect((await api.json('/api/v1/runs')).body.total).toBe(before.runs);
  });
});
