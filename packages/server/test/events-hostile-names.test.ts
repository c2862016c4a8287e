import { DATABASE_KINDS, useServer } from './server-harness';
import { openEventStream } from './events-clients';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NAME = 'nul\u0000and\uFDD0esc';

// Storage keeps a NUL (and U+FDD0) in a name escaped; the watcher reads runs and deletion signals with raw queries, so
// the names must be decoded there, or a live event names the run in its stored form ("nul\uFDD00000and…").
describe.each(DATABASE_KINDS)('live events of runs named with NUL or U+FDD0, on %s', (kind) => {
  const api = useServer(kind, { changePollMs: 50 });

  it.each([
    ['read while it exists', 300],
    ['deleted before it is read', 0],
  ])('name the run, its model and dataset exactly as given (%s)', async (_, gapMs) => {
    const stream = await openEventStream(api.baseUrl);
    try {
      const runs = api.server.database.runs;
      const run = await runs.createRun({ name: NAME, modelName: `m${NAME}`, datasetName: `d${NAME}` });
      await sleep(gapMs);
      await runs.finalizeRun(run.id, { status: 'failed', statusReason: `r${NAME}` });
      await sleep(gapMs);
      await runs.deleteRun(run.id);
      await stream.waitFor('run.deleted', (m) => m.type === 'run.deleted' && m.runId === run.id);
      const events = stream.messages.filter((m) => m.runId === run.id);
      expect(events.map((m) => m.type)).toEqual(['run.created', 'run.finished', 'run.deleted']);
      for (const e of events) expect(e.runName).toBe(NAME);
      expect(events[0]).toMatchObject({ modelName: `m${NAME}`, datasetName: `d${NAME}` });
      expect(events[1]).toMatchObject({ statusReason: `r${NAME}` });
    } finally {
      stream.close();
    }
  });
});
