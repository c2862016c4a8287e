import { hostname } from 'node:os';
import { DATABASE_KINDS, useServer } from './server-harness';

const DAY = 86_400_000;
const base = Date.UTC(2026, 9, 1, 12);

describe.each(DATABASE_KINDS)('projects routes on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    const runs = api.server.database.runs;
    // alpha: 12 completed runs (success rates 0.00 … 0.55) and a failed one, newest activity.
    for (let i = 0; i < 12; i += 1) {
      await runs.createRun({ name: `alpha-${i}`, projectId: 'alpha', status: 'completed', totalItems: 20, successfulItems: i, failedItems: 20 - i, successRate: i / 20, datasetName: i < 8 ? 'squad' : 'trivia', modelName: 'gpt-4o', createdAt: new Date(base + i * DAY) });
    }
    await runs.createRun({ name: 'alpha-failed', projectId: 'alpha', status: 'failed', datasetName: 'squad', createdAt: new Date(base + 20 * DAY) });
    // beta: one running run with a live writer and one whose writer is gone (abandoned).
    await runs.createRun({ name: 'beta-live', projectId: 'beta', status: 'running', writerHost: hostname(), writerPid: process.pid, heartbeatAt: new Date(), createdAt: new Date(base + 2 * DAY) });
    await runs.createRun({ name: 'beta-gone', projectId: 'beta', status: 'running', writerHost: hostname(), writerPid: 2 ** 22 + 12345, heartbeatAt: new Date(base), createdAt: new Date(base + 1 * DAY) });
    await runs.createRun({ name: 'no-project', createdAt: new Date(base + 30 * DAY) });
  });

  it('lists projects newest activity first, as projects list --json', async () => {
    const res = await api.json('/api/v1/projects');
    expect(res.status).toBe(200);
    expect(res.body.projects.map((p: any) => p.id)).toEqual(['alpha', 'beta']);
    const [alpha, beta] = res.body.projects;
    expect(alpha).toMatchObject({
      id: 'alpha',
      name: 'alpha',
      description: null,
      runs: 13,
      latestRun: { name: 'alpha-failed', status: 'failed', createdAt: new Date(base + 20 * DAY).toISOString() },
    });
    expect(alpha.recentSuccessRates).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => i / 20));
    expect(typeof alpha.createdAt).toBe('string');
    expect(beta).toMatchObject({ runs: 2, latestRun: { name: 'beta-live', status: 'running' }, recentSuccessRates: [] });
  });

  it('shows a project with run counts (running apart from abandoned), datasets, models and latest runs', async () => {
    const res = await api.json('/api/v1/projects/alpha');
    expect(res.status).toBe(200);
    expect(res.body.project).toMatchObject({ id: 'alpha', name: 'alpha', createdBy: null });
    expect(res.body.runCounts).toEqual({ total: 13, running: 0, abandoned: 0, completed: 12, failed: 1, cancelled: 0 });
    expect(res.body.datasets).toEqual([{ name: 'squad', runs: 9 }, { name: 'trivia', runs: 4 }]);
    expect(res.body.models).toEqual([{ name: 'gpt-4o', runs: 12 }]);
    expect(res.body.latestRuns.map((r: any) => r.name)).toEqual(['alpha-failed', ...[11, 10, 9, 8, 7, 6, 5, 4, 3].map((i) => `alpha-${i}`)]);

    const beta = await api.json('/api/v1/projects/beta');
    expect(beta.body.runCounts).toMatchObject({ total: 2, running: 1, abandoned: 1 });
    expect(beta.body.latestRuns.map((r: any) => [r.name, r.status])).toEqual([['beta-live', 'running'], ['beta-gone', 'abandoned']]);
  });

  it('answers an unknown project with 404, and a malformed or hostile id with 400 or 404, never 5xx', async () => {
    const missing = await api.json('/api/v1/projects/gamma');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', details: { project: 'gamma' } });
    expect(missing.body.error.message).toContain('/api/v1/projects');
    const malformed = await api.json(`/api/v1/projects/${encodeURIComponent('has space')}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.field).toBe('params.project');
    for (const value of [encodeURIComponent("' OR 1=1 --"), '%00', '%ED%A0%80', 'x'.repeat(10_000), encodeURIComponent('🚀'), '..%2F..%2Fetc']) {
      const res = await api.request(`/api/v1/projects/${value}`);
      await res.text();
      expect([value.slice(0, 20), res.status >= 400 && res.status < 500]).toEqual([value.slice(0, 20), true]);
    }
    expect((await api.json('/api/v1/projects')).body.projects).toHaveLength(2);
  });
});
