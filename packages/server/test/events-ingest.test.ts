import { eventsOf, expectLifecycle, openWebSocket } from './events-clients';
import { DATABASE_KINDS, useServer } from './server-harness';

// The third source the issue names: a run stored through the ingest API (a Python notebook, a CI job) reaches live
// clients like a run written by the evaluator, batch by batch.
describe.each(DATABASE_KINDS)('live events of a run ingested through the API on %s', (kind) => {
  const api = useServer(kind);

  it('reach a WebSocket client: created, progress for each batch seen, finished with the totals', async () => {
    const ws = await openWebSocket(api.baseUrl);
    try {
      const name = `ingested ${kind}`;
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name, metricsUsed: ['exact_match'] } });
      const runId = created.body.id as string;
      await ws.waitFor('run.created', (m) => m.type === 'run.created' && m.runId === runId);
      for (let batch = 0; batch < 3; batch++) {
        const items = Array.from({ length: 20 }, (_, i) => ({ itemId: `b${batch}-${i}`, scores: { exact_match: i % 2 } }));
        expect((await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items } })).body.stored).toBe(20);
        const total = (batch + 1) * 20;
        await ws.waitFor(`progress with ${total} items`, (m) => m.type === 'run.progress' && m.runId === runId && m.itemsStored === total);
      }
      expect((await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'completed' } })).status).toBe(200);
      await ws.waitFor('run.finished', (m) => m.type === 'run.finished' && m.runId === runId);
      const events = eventsOf(ws, runId);
      expectLifecycle(events, runId, name);
      expect(events.at(-1)).toMatchObject({ status: 'completed', totalItems: 60, successfulItems: 60 });
    } finally {
      ws.close();
    }
  });
});
