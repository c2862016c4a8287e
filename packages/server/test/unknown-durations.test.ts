import type { CreateRunInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';
import { eventsOf, openEventStream } from './events-clients';
import { resolveSchema, type OpenApiDocument } from './openapi-document';

// A run's stored durationSeconds is the column's default 0 while its duration is not known (storage's
// knownDurationSeconds: running, abandoned, a cancel its writer never finalised, or stored without a start time or a
// duration). The API sent that 0, as if the run took 0 s, while the CLI's --json says null: every response that
// carries a run says null there, a run that did take 0 s still says 0, and duration bounds take no such run.
describe.each(DATABASE_KINDS)('runs of unknown duration in the API on %s', (kind) => {
  const api = useServer(kind, { changePollMs: 50 });
  const ids: Record<string, string> = {};
  const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  // What GET /runs should say of each run's duration.
  const RUNS: Array<{ name: string; seconds: number | null; input: Omit<CreateRunInput, 'name'> }> = [
    { name: 'timed', seconds: 3, input: { status: 'completed', startedAt: at, completedAt: later(3), durationSeconds: 3 } },
    { name: 'instant', seconds: 0, input: { status: 'completed', startedAt: at, completedAt: at, durationSeconds: 0 } },
    { name: 'imported', seconds: 45, input: { status: 'completed', durationSeconds: 45 } },
    { name: 'untimed', seconds: null, input: { status: 'completed', completedAt: at } },
    { name: 'running', seconds: null, input: { status: 'running', startedAt: at } },
    { name: 'cancelled-open', seconds: null, input: { status: 'cancelled', startedAt: at, durationSeconds: 50 } },
  ];
  const expected = Object.fromEntries(RUNS.map((r) => [r.name, r.seconds]));

  beforeAll(async () => {
    for (const run of RUNS) ids[run.name] = (await api.server.database.runs.createRun({ name: run.name, projectId: 'durations', ...run.input })).id;
  });

  const durations = (runs: Array<{ name: string; durationSeconds: unknown }>) => Object.fromEntries(runs.map((r) => [r.name, r.durationSeconds]));

  it('GET /runs says null for a run of unknown duration and 0 for a run that took 0 s', async () => {
    const res = await api.json('/api/v1/runs?project=durations');
    expect(res.status).toBe(200);
    expect(durations(res.body.runs)).toEqual(expected);
  });

  it('GET /runs/{run}, PATCH /runs/{run} and GET /projects/{project} say the same', async () => {
    for (const run of RUNS) {
      const shown = await api.json(`/api/v1/runs/${ids[run.name]}`);
      expect([run.name, shown.status, shown.body.durationSeconds]).toEqual([run.name, 200, run.seconds]);
      const patched = await api.json(`/api/v1/runs/${ids[run.name]}`, { method: 'PATCH', json: { description: 'seen' } });
      expect([run.name, patched.status, patched.body.durationSeconds]).toEqual([run.name, 200, run.seconds]);
    }
    const project = await api.json('/api/v1/projects/durations');
    expect(project.status).toBe(200);
    expect(durations(project.body.latestRuns)).toEqual(expected);
  });

  it('a run created through POST /runs, still running, says null', async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'posted' } });
    expect([created.status, created.body.durationSeconds]).toEqual([201, null]);
  });

  it('duration bounds take no run of unknown duration; a duration sort lists them last, saying null', async () => {
    const names = async (query: string) => {
      const res = await api.json(`/api/v1/runs?project=durations&${query}`);
      expect(res.status).toBe(200);
      return { names: res.body.runs.map((r: { name: string }) => r.name).sort(), total: res.body.total };
    };
    expect(await names('maxDurationSeconds=10')).toEqual({ names: ['instant', 'timed'], total: 2 });
    expect(await names('minDurationSeconds=0')).toEqual({ names: ['imported', 'instant', 'timed'], total: 3 });
    const sorted = await api.json('/api/v1/runs?project=durations&sort=durationSeconds');
    expect(sorted.body.runs.map((r: { durationSeconds: number | null }) => r.durationSeconds)).toEqual([45, 3, 0, null, null, null]);
  });

  it('the OpenAPI document says a run’s durationSeconds may be null, and what null means', async () => {
    const doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    for (const name of ['Run', 'RunFinishedEvent']) {
      const property = resolveSchema(doc, doc.components!.schemas![name]!)!.properties!.durationSeconds!;
      expect(JSON.stringify(property)).toMatch(/"null"/);
      expect(property.description).toMatch(/not known/);
    }
  });

  it('run.finished says null for a run whose duration is not known, and the duration of one that has it', async () => {
    const stream = await openEventStream(api.baseUrl);
    try {
      // Cancelled through the API: its writer never finalised it, so nobody measured its duration.
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'cancelled live' } });
      expect((await api.json(`/api/v1/runs/${created.body.id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
      const untimed = await api.server.database.runs.createRun({ name: 'untimed live', status: 'completed', completedAt: at });
      const timed = await api.server.database.runs.createRun({ name: 'timed live', status: 'completed', startedAt: at, completedAt: later(3), durationSeconds: 3 });
      const finished = async (id: string) => {
        await stream.waitFor(`run.finished of ${id}`, (m) => m.type === 'run.finished' && m.runId === id);
        return eventsOf(stream, id).find((m) => m.type === 'run.finished')!.durationSeconds;
      };
      expect(await finished(created.body.id)).toBeNull();
      expect(await finished(untimed.id)).toBeNull();
      expect(await finished(timed.id)).toBe(3);
    } finally {
      stream.close();
    }
  });
});
