import { DATABASE_KINDS, useServer } from './server-harness';

describe.each(DATABASE_KINDS)('sorts and paths that name nothing on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    const run = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'scored' } });
    await api.json(`/api/v1/runs/${run.body.id}/items`, { method: 'POST', json: { items: [{ itemId: 'a', scores: { f1: 0.5 } }] } });
    expect((await api.json(`/api/v1/runs/${run.body.id}/finish`, { method: 'POST', json: {} })).status).toBe(200);
  });

  it('refuses a metric sort with a direction that is not asc or desc, as any other sort', async () => {
    const field = await api.json('/api/v1/runs?sort=name:up');
    const metric = await api.json('/api/v1/runs?sort=metric:f1:up');
    expect({ status: metric.status, code: metric.body.error?.code, field: metric.body.error?.details?.field }).toEqual({
      status: field.status,
      code: field.body.error.code,
      field: 'querystring.sort',
    });
    expect(metric.body.error.message).toMatch(/"up" is not a direction/);
    expect((await api.json('/api/v1/runs?sort=metric:f1:asc')).body.runs).toHaveLength(1);
  });

  it('warns of a metric sort no run has', async () => {
    const res = await api.json('/api/v1/runs?sort=metric:f2');
    expect({ status: res.status, runs: res.body.runs.length, warnings: res.body.warnings }).toEqual({
      status: 200,
      runs: 0,
      warnings: ['no run has the metric "f2"; did you mean "f1"?'],
    });
  });

  it('answers a path with an empty run (a trailing slash) as the unknown route it is', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/runs/'],
      ['DELETE', '/api/v1/runs/'],
      ['GET', '/api/v1/runs//items'],
    ] as const) {
      const res = await api.json(path, { method });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
    expect((await api.json('/api/v1/runs/')).body.error.message).toContain('Leave out the trailing slash: GET /api/v1/runs.');
  });
});
