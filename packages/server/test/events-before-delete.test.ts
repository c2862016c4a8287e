import { DATABASE_KINDS, useServer } from './server-harness';
import { eventsOf, openEventStream } from './events-clients';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A run changed and then deleted through the server before the watcher's next read: its row is gone by then, so the
// changes before the deletion (created, finished) were dropped and subscribers saw only run.deleted.
describe.each(DATABASE_KINDS)('live events of a run deleted soon after it changed, on %s', (kind) => {
  const api = useServer(kind, { changePollMs: 200 });

  it.each([0, 50, 100])('every change before the delete reaches a subscriber, in order (%i ms between requests)', async (gapMs) => {
    const stream = await openEventStream(api.baseUrl);
    try {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `deleted soon ${gapMs}` } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await sleep(gapMs);
      expect((await api.json(`/api/v1/runs/${id}/items`, { method: 'POST', json: { items: [{ itemId: 'i1', actualOutput: 'x' }] } })).status).toBe(200);
      await sleep(gapMs);
      expect((await api.json(`/api/v1/runs/${id}/finish`, { method: 'POST', json: { status: 'completed' } })).status).toBe(200);
      await sleep(gapMs);
      expect((await api.json(`/api/v1/runs/${id}?force=true`, { method: 'DELETE' })).status).toBe(200);
      await stream.waitFor('run.deleted', (m) => m.type === 'run.deleted' && m.runId === id);
      const types = eventsOf(stream, id)
        .map((m) => m.type)
        .filter((t) => t !== 'run.progress');
      expect(types).toEqual(['run.created', 'run.finished', 'run.deleted']);
      const finished = eventsOf(stream, id).find((m) => m.type === 'run.finished');
      expect(finished).toMatchObject({ status: 'completed', totalItems: 1 });
    } finally {
      stream.close();
    }
  });
});
