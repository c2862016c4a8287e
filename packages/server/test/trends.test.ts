import { CLEAR_OF_MIDNIGHT_TIMEOUT_MS, clearOfMidnight } from '@llm-eval/test-databases';
import { DATABASE_KINDS, useServer } from './server-harness';

const DAY = 86_400_000;
/** Midnight UTC `n` days ago. */
const daysAgo = (n: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - n * DAY);
};

describe.each(DATABASE_KINDS)('trends route on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    // The days are worked out here and in each test, and the server reads its own clock: no midnight may fall between.
    await clearOfMidnight();
    const runs = api.server.database.runs;
    const run = (name: string, day: number, accuracy: number, extra: Record<string, unknown> = {}) =>
      runs.importRun(
        { name, status: 'completed', metricsUsed: ['accuracy'], projectId: 'p', modelName: 'gpt-4o', createdAt: new Date(daysAgo(day).getTime() + 3_600_000), ...extra },
        [{ itemId: 'a', status: 'completed', scores: { accuracy } }],
      );
    await run('d3-a', 3, 0.5);
    await run('d3-b', 3, 0.7);
    await run('d1', 1, 0.9);
    await run('other-model', 1, 0.1, { modelName: 'claude' });
    await run('old', 60, 0.2);
    await run('failed', 1, 0.0, { status: 'failed' });
  }, CLEAR_OF_MIDNIGHT_TIMEOUT_MS);

  it('gives the metric mean per day of completed runs, as runs trend --json', async () => {
    const res = await api.json('/api/v1/trends?metric=accuracy&model=gpt-4o');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ metric: 'accuracy', bucket: 'day' });
    expect(new Date(res.body.since).getTime()).toBeLessThan(daysAgo(29).getTime());
    expect(res.body.points).toEqual([
      { bucket: daysAgo(3).toISOString().slice(0, 10), mean: expect.closeTo(0.6, 9), min: 0.5, max: 0.7, runs: 2 },
      { bucket: daysAgo(1).toISOString().slice(0, 10), mean: expect.closeTo(0.9, 9), min: 0.9, max: 0.9, runs: 1 },
    ]);
    const all = await api.json('/api/v1/trends?metric=accuracy&since=90d&project=p');
    expect(all.body.points.map((p: any) => p.runs)).toEqual([1, 2, 2]);
    const weekly = await api.json(`/api/v1/trends?metric=success_rate&bucket=week&since=${daysAgo(10).toISOString().slice(0, 10)}`);
    expect(weekly.status).toBe(200);
    expect(weekly.body.bucket).toBe('week');
    expect(weekly.body.points.reduce((n: number, p: any) => n + p.runs, 0)).toBe(4);
    const none = await api.json('/api/v1/trends?metric=unknown_metric');
    expect(none.body.points).toEqual([]);
    expect(none.body.warnings).toEqual(['no run has the metric "unknown_metric"']);
    expect(res.body.warnings).toEqual([]);
  });

  it('says a misspelt metric is one no run has, naming the stored spelling, where a stored one out of range says nothing', async () => {
    const typo = await api.json('/api/v1/trends?metric=acuracy');
    expect(typo.status).toBe(200);
    expect(typo.body.points).toEqual([]);
    expect(typo.body.warnings).toEqual(['no run has the metric "acuracy"; did you mean "accuracy"?']);
    const outOfRange = await api.json('/api/v1/trends?metric=accuracy&model=no-such-model');
    expect(outOfRange.body).toMatchObject({ points: [], warnings: [] });
  });

  it('refuses bad parameters with 400 naming them, and hostile values never give a 5xx', async () => {
    const cases: Array<[string, string]> = [
      ['', 'querystring.metric'],
      ['metric=', 'querystring.metric'],
      ['metric=a&bucket=month', 'querystring.bucket'],
      ['metric=a&since=yesterday', 'querystring.since'],
      ['metric=a&since=2999-01-01', 'querystring.since'],
      ['metric=a&since=0d', 'querystring.since'],
      ['metric=a&project=not%20a%20slug', 'querystring.project'],
    ];
    for (const [query, field] of cases) {
      const res = await api.json(`/api/v1/trends?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.details.field).toBe(field);
    }
    const hostile = [encodeURIComponent("' OR 1=1 --"), '%00', 'a%00b', '%ED%A0%80', 'x'.repeat(10_000), encodeURIComponent('🚀')];
    for (const param of ['metric', 'project', 'dataset', 'model', 'since', 'bucket']) {
      for (const value of hostile) {
        const query = param === 'metric' ? `metric=${value}` : `metric=accuracy&${param}=${value}`;
        const res = await api.request(`/api/v1/trends?${query}`);
        await res.text();
        expect([param, value.slice(0, 20), res.status < 500]).toEqual([param, value.slice(0, 20), true]);
      }
    }
    expect((await api.json('/api/v1/trends?metric=accuracy&since=90d')).body.points.length).toBe(3);
  });

  it('takes the days of a timeZone, refuses an unknown one naming it, and documents it', async () => {
    // 23:30 UTC five days ago is already the next day in Tokyo (UTC+9).
    await api.server.database.runs.importRun(
      { name: 'late', status: 'completed', metricsUsed: ['latency'], projectId: 'zones', createdAt: new Date(daysAgo(5).getTime() + 23.5 * 3_600_000) },
      [{ itemId: 'a', status: 'completed', scores: { latency: 0.4 } }],
    );
    const utc = await api.json('/api/v1/trends?metric=latency&project=zones');
    expect(utc.body.points.map((p: any) => p.bucket)).toEqual([daysAgo(5).toISOString().slice(0, 10)]);
    const tokyo = await api.json('/api/v1/trends?metric=latency&project=zones&timeZone=Asia/Tokyo');
    expect(tokyo.status).toBe(200);
    expect(tokyo.body.points.map((p: any) => p.bucket)).toEqual([daysAgo(4).toISOString().slice(0, 10)]);
    expect(tokyo.body.timeZone).toBe('Asia/Tokyo');
    const unknown = await api.json('/api/v1/trends?metric=latency&timeZone=Mars/Olympus');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.field).toBe('querystring.timeZone');
    expect(unknown.body.error.message).toContain('Mars/Olympus');
    const doc = (await api.json('/api/openapi.json')).body;
    const params = doc.paths['/api/v1/trends'].get.parameters as Array<{ name: string; description?: string }>;
    expect(params.find((p) => p.name === 'timeZone')?.description).toMatch(/IANA/);
  });
});

