import { useServer } from './server-harness';
import { eventsOf, openEventStream, openWebSocket } from './events-clients';

// After the PostgreSQL LISTEN connection was lost and came back, the watcher's catch-up told clients of runs created
// and finished during the outage, but a run already announced finished whose summary changed meanwhile (a distributed
// run cancelled, then finalised by the queue seconds later with its duration and totals) got no run.updated: clients
// were left with the run as it was at the cancel. Nor did a finished run deleted during the outage get its run.deleted.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

describe('live events missed while the PostgreSQL LISTEN connection was down', () => {
  const api = useServer('postgres', { changePollMs: 50 });

  const listeners = async (): Promise<number[]> =>
    (
      await api.server.database.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'llm-eval live events' AND datname = current_database()`,
      )
    ).map((r: { pid: number }) => Number(r.pid));

  /** Ends the watcher's LISTEN session, runs `during` while it is away, and resolves once it listens again. */
  async function outage(during: () => Promise<void>): Promise<void> {
    await waitUntil('the watcher to LISTEN', async () => (await listeners()).length === 1);
    const [first] = await listeners();
    await api.server.database.dataSource.query(`SELECT pg_terminate_backend($1)`, [first]);
    await during();
    await waitUntil('the watcher to LISTEN again', async () => {
      const now = await listeners();
      return now.length === 1 && now[0] !== first;
    });
  }

  it('sends run.updated for an announced cancelled run finalised during the outage', async () => {
    const sse = await openEventStream(api.baseUrl);
    const ws = await openWebSocket(api.baseUrl);
    try {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'cancelled before the outage', metricsUsed: ['exact_match'] } });
      const id: string = created.body.id;
      const items = [1, 2].map((i) => ({ itemId: `q${i}`, expectedOutput: 'a', actualOutput: 'a', scores: { exact_match: 1 } }));
      expect((await api.json(`/api/v1/runs/${id}/items`, { method: 'POST', json: { items } })).status).toBe(200);
      expect((await api.json(`/api/v1/runs/${id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
      for (const log of [sse, ws]) {
        await log.waitFor('run.finished at the cancel', (m) => m.type === 'run.finished' && m.runId === id);
      }

      await outage(async () => {
        expect(await api.server.database.runs.finalizeRun(id, { status: 'completed', completedAt: new Date(), durationSeconds: 4.25 })).toBe(true);
      });

      const stored = (await api.json(`/api/v1/runs/${id}`)).body;
      for (const log of [sse, ws]) {
        const updated = await log.waitFor('run.updated after the reconnect', (m) => m.type === 'run.updated' && m.runId === id);
        expect(updated).toMatchObject({ status: 'cancelled', completedAt: stored.completedAt, durationSeconds: 4.25, totalItems: 2 });
        const types = eventsOf(log, id).map((m) => m.type).filter((t) => t !== 'run.progress');
        expect(types).toEqual(['run.created', 'run.finished', 'run.updated']);
      }
    } finally {
      sse.close();
      ws.close();
    }
  });

  it('sends run.deleted for a finished run deleted during the outage', async () => {
    const sse = await openEventStream(api.baseUrl);
    try {
      const run = await api.server.database.runs.createRun({ name: 'deleted during the outage', status: 'completed', durationSeconds: 1 });
      await sse.waitFor('its run.finished', (m) => m.type === 'run.finished' && m.runId === run.id);
      await outage(async () => {
        await api.server.database.runs.deleteRun(run.id);
      });
      const deleted = await sse.waitFor('run.deleted after the reconnect', (m) => m.type === 'run.deleted' && m.runId === run.id);
      expect(deleted).toMatchObject({ runName: 'deleted during the outage' });
      expect(eventsOf(sse, run.id).map((m) => m.type)).toEqual(['run.created', 'run.finished', 'run.deleted']);
    } finally {
      sse.close();
    }
  });
});
