import { createServer } from '../src';
import { DATABASE_KINDS, useServer } from './server-harness';
import { eventsOf, openEventStream, openWebSocket } from './events-clients';
import { resolveSchema, type OpenApiDocument } from './openapi-document';

// A distributed run cancelled through the API is finalised later by the queue's finalize job (storage's finalizeRun,
// once the items in flight were aborted): completedAt, the measured duration and the final totals are stored seconds
// after the cancel. run.finished goes out at the cancel, with the run as it was then (completedAt and duration null),
// and clients following the events were never told the final values. They now get one run.updated with the run as
// finalised; run.finished stays one per run per stream.
describe.each(DATABASE_KINDS)('live events of a run finalised after its cancel, on %s', (kind) => {
  const api = useServer(kind, { changePollMs: 50 });

  it('run.finished at the cancel, then run.updated with the stored final state; one run.finished per stream', async () => {
    const sse = await openEventStream(api.baseUrl);
    const ws = await openWebSocket(api.baseUrl);
    try {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'cancel-dur', metricsUsed: ['exact_match'] } });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const items = [1, 2, 3].map((i) => ({ itemId: `q${i}`, expectedOutput: 'a', actualOutput: i === 3 ? 'b' : 'a', scores: { exact_match: i === 3 ? 0 : 1 } }));
      expect((await api.json(`/api/v1/runs/${id}/items`, { method: 'POST', json: { items } })).status).toBe(200);

      const cancelled = await api.json(`/api/v1/runs/${id}/cancel`, { method: 'POST', json: {} });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', completedAt: null, durationSeconds: null });
      for (const log of [sse, ws]) {
        const finished = await log.waitFor('run.finished at the cancel', (m) => m.type === 'run.finished' && m.runId === id);
        expect(finished).toMatchObject({ status: 'cancelled', completedAt: null, durationSeconds: null });
      }

      // What the queue's finalize job does once the cancelled items stopped.
      const completedAt = new Date();
      expect(await api.server.database.runs.finalizeRun(id, { status: 'completed', completedAt, durationSeconds: 5.659 })).toBe(true);
      const stored = (await api.json(`/api/v1/runs/${id}`)).body;
      expect(stored).toMatchObject({ status: 'cancelled', completedAt: completedAt.toISOString(), durationSeconds: 5.659 });

      for (const log of [sse, ws]) {
        const updated = await log.waitFor('run.updated with the final state', (m) => m.type === 'run.updated' && m.runId === id);
        expect(updated).toMatchObject({
          runName: 'cancel-dur',
          status: stored.status,
          statusReason: stored.statusReason,
          totalItems: stored.totalItems,
          successfulItems: stored.successfulItems,
          failedItems: stored.failedItems,
          completedAt: stored.completedAt,
          durationSeconds: 5.659,
        });
      }

      // A later write that changes nothing of the summary (a description) sends no run.updated; a marker run's
      // run.finished, written after it, shows the stream went past it.
      expect((await api.json(`/api/v1/runs/${id}`, { method: 'PATCH', json: { description: 'seen' } })).status).toBe(200);
      const marker = await api.server.database.runs.createRun({ name: 'marker', status: 'completed', durationSeconds: 1 });
      for (const log of [sse, ws]) {
        await log.waitFor('the marker run.finished', (m) => m.type === 'run.finished' && m.runId === marker.id);
        const types = eventsOf(log, id).map((m) => m.type).filter((t) => t !== 'run.progress');
        expect(types).toEqual(['run.created', 'run.finished', 'run.updated']);
      }
    } finally {
      sse.close();
      ws.close();
    }
  });

  it('a run finished and finalised in one write gets run.finished with its final state and no run.updated', async () => {
    const sse = await openEventStream(api.baseUrl);
    try {
      const run = await api.server.database.runs.createRun({ name: 'local', startedAt: new Date() });
      await api.server.database.runs.finalizeRun(run.id, { status: 'completed', durationSeconds: 2.5 });
      const marker = await api.server.database.runs.createRun({ name: 'marker 2', status: 'completed', durationSeconds: 1 });
      await sse.waitFor('the marker run.finished', (m) => m.type === 'run.finished' && m.runId === marker.id);
      const events = eventsOf(sse, run.id).filter((m) => m.type !== 'run.progress');
      expect(events.map((m) => m.type)).toEqual(['run.created', 'run.finished']);
      expect(events[1]).toMatchObject({ status: 'completed', durationSeconds: 2.5 });
      expect(events[1]!.completedAt).toEqual(expect.any(String));
    } finally {
      sse.close();
    }
  });

  it('a run first read cancelled and not yet finalised (by a server started after the cancel) gets run.finished, not run.updated, when finalised', async () => {
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'cancelled-before', metricsUsed: ['exact_match'] } });
    const id: string = created.body.id;
    expect((await api.json(`/api/v1/runs/${id}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
    // A server started after the cancel: the run is history to it until something about it changes.
    const later = await createServer({ databaseUrl: api.databaseUrl, port: 0, changePollMs: 50 });
    const laterUrl = await later.listen();
    const sse = await openEventStream(laterUrl);
    try {
      // A rename is read as a change of a finished run the new server never announced: nothing to send yet.
      await later.database.runs.updateRun(id, { description: 'renamed after the restart' });
      const seen = await later.database.runs.createRun({ name: 'marker 2b', status: 'completed', durationSeconds: 1 });
      await sse.waitFor('the rename read (a marker after it)', (m) => m.type === 'run.finished' && m.runId === seen.id);
      await later.database.runs.finalizeRun(id, { status: 'completed', completedAt: new Date(), durationSeconds: 1.5 });
      const marker = await later.database.runs.createRun({ name: 'marker 3', status: 'completed', durationSeconds: 1 });
      await sse.waitFor('the marker run.finished', (m) => m.type === 'run.finished' && m.runId === marker.id);
      const events = eventsOf(sse, id).filter((m) => m.type !== 'run.progress');
      expect(events.map((m) => m.type)).toEqual(['run.finished']);
      expect(events[0]).toMatchObject({ status: 'cancelled', durationSeconds: 1.5 });
    } finally {
      sse.close();
      await later.close();
    }
  });

  it('the OpenAPI document lists run.updated among the live events', async () => {
    const doc = (await api.json<OpenApiDocument>('/api/openapi.json')).body;
    const schema = resolveSchema(doc, doc.components!.schemas!['RunUpdatedEvent']!);
    expect(schema?.properties?.type).toBeDefined();
    expect(JSON.stringify(doc.components!.schemas!['RunEvent'])).toContain('RunUpdatedEvent');
  });
});
