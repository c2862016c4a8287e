import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { Evaluator, RunClosedElsewhereError } from '../src';
import { RunWriter } from '../src/storage/run-writer';

const dataset = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i) }));

// A cancel (runs cancel, the API) that lands in the last moments of a run, after the last item was evaluated: the
// evaluation used to report `completed` (and `llm-eval evaluate` exit 0) while the stored run was cancelled, with
// fewer items than the result held.
describe.each(DATABASE_KINDS)('a run cancelled elsewhere as it ends, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let other: Database;
  beforeEach(async () => {
    other = await initializeDatabase({ url: database.url });
  });
  afterEach(async () => {
    await other.close();
  });

  it('reports cancelled when the cancel refuses the last write', async () => {
    let runId = '';
    const evaluator = new Evaluator({
      // The last item's task cancels the run: every item is evaluated, none is written yet (one batch at the end).
      task: async (input) => {
        if (input === 59) await other.runs.cancelRun(runId, 'stopped by alice');
        return String(input);
      },
      dataset: dataset(60),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, runName: 'cancelled at the end', maxConcurrency: 1, storageBatchSize: 1000, storageFlushIntervalMs: 60_000 },
    });
    // The run's id, known once it is stored (before the first item ends; the last item's task needs it).
    const result = await evaluator.run({
      onProgress: () => {
        runId ||= evaluator.databaseRunId ?? '';
      },
    });
    expect(result.totalItems).toBe(60);
    expect(result.closedElsewhere).toBeInstanceOf(RunClosedElsewhereError);
    expect(result.closedElsewhere).toMatchObject({ status: 'cancelled' });
    expect(result.status).toBe('cancelled');
    const run = await other.runs.requireRun(result.runId!);
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'stopped by alice', totalItems: result.storedItems });
    expect((await other.runs.listItems(run.id, { limit: 1 })).total).toBe(result.storedItems);
  });

  it('tells the writer that a cancel landing between its last write and the statistics left the run cancelled', async () => {
    const closed: string[] = [];
    const writer = new RunWriter();
    writer.onClosed = (status) => closed.push(status);
    const runId = await writer.start({ url: database.url }, { name: 'cancelled before finish', status: 'running', metricsUsed: ['exact_match'] });
    const now = new Date();
    await writer.write([{ itemId: 'a', status: 'completed', startedAt: now, completedAt: now, scores: { exact_match: 1 } }]);
    expect(await other.runs.cancelRun(runId, 'stopped by bob')).toBe(true);
    await writer.finish({ status: 'completed', startedAt: now, completedAt: new Date(), durationSeconds: 0.01 }, true);
    expect(closed).toEqual(['cancelled']);
    expect(writer.closedStatus()).toBe('cancelled');
    const run = await other.runs.requireRun(runId);
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'stopped by bob', totalItems: 1 });
  });
});
