import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { ConfigError, Evaluator, InvalidOptionError, type EvaluationResult, type ProgressEvent } from '../src';
import * as runItemModule from '../src/run/run-item';
import { thrownBy } from './support/thrown-by';

async function storedRun(url: string, runId: string | undefined) {
  const db = await initializeDatabase({ url });
  try {
    return await db.runs.getRun(runId!);
  } finally {
    await db.close();
  }
}

async function storedRunCount(url: string): Promise<number> {
  const db = await initializeDatabase({ url });
  try {
    return (await db.runs.listRuns()).total;
  } finally {
    await db.close();
  }
}

function listenerWarnings(emitWarning: jest.SpyInstance): string[] {
  return emitWarning.mock.calls.filter(([, type]) => type === 'LlmEvalWarning').map(([message]) => String(message));
}

// A progress listener is display code: a bug in it never fails, truncates or loses an evaluation, nor leaves its stored
// run `running` with a live heartbeat. Its first error is reported once as an LlmEvalWarning.
describe.each(DATABASE_KINDS)('a progress listener that throws, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let emitWarning: jest.SpyInstance;
  beforeEach(() => {
    emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => emitWarning.mockRestore());

  it("on 'started' (config.onProgress): the run completes and is stored completed; one warning names the event", async () => {
    const evaluator = new Evaluator({
      task: (x: string) => x,
      dataset: [{ input: 'a', expected: 'a' }],
      metrics: ['exact_match'],
      config: {
        databaseUrl: database.url,
        onProgress: (event) => {
          if (event.type === 'started') throw new Error('listener bug');
        },
      },
    });
    const result = await evaluator.run();
    expect(result.status).toBe('completed');
    expect(result.totalItems).toBe(1);
    expect(await storedRun(database.url, evaluator.databaseRunId)).toMatchObject({ status: 'completed', totalItems: 1 });
    const warnings = listenerWarnings(emitWarning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/onProgress listener threw on the 'started' event: Error: listener bug/);
  });

  it("on every 'item' from the third (run({ onProgress })): every item is evaluated and stored, one warning only", async () => {
    let items = 0;
    const evaluator = new Evaluator({
      task: async (x: number) => x,
      dataset: Array.from({ length: 20 }, (_, i) => ({ input: i, expected: i })),
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, maxConcurrency: 2 },
    });
    const result = await evaluator.run({
      onProgress: (event) => {
        if (event.type === 'item' && ++items >= 3) throw new Error('UI update failed');
      },
    });
    expect(items).toBe(20);
    expect(result).toMatchObject({ status: 'completed', totalItems: 20, successRate: 1 });
    expect(await storedRun(database.url, evaluator.databaseRunId)).toMatchObject({ status: 'completed', totalItems: 20 });
    const warnings = listenerWarnings(emitWarning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/'item' event: Error: UI update failed/);
  });

  it("on 'completed': run() still resolves with the result; an async listener's rejection is caught too", async () => {
    const seen: ProgressEvent['type'][] = [];
    const evaluator = new Evaluator({
      task: (x: number) => x,
      dataset: [{ input: 1, expected: 1 }],
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, onProgress: async (event) => void seen.push(event.type) },
    });
    const result: EvaluationResult = await evaluator.run({
      onProgress: async (event) => {
        if (event.type === 'completed') throw new Error('late listener bug');
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.status).toBe('completed');
    expect(seen).toEqual(['started', 'item', 'completed']);
    expect(await storedRun(database.url, result.runId)).toMatchObject({ status: 'completed', totalItems: 1 });
    expect(listenerWarnings(emitWarning)).toEqual([expect.stringMatching(/'completed' event: Error: late listener bug/)]);
  });

  it('an unexpected error after the run row is created still finishes the run: stored failed with the reason, err.result set', async () => {
    const settings = jest.spyOn(runItemModule, 'itemSettings').mockImplementationOnce(() => {
      throw new Error('unexpected bug');
    });
    try {
      const evaluator = new Evaluator({ task: (x: number) => x, dataset: [{ input: 1 }], metrics: [], config: { databaseUrl: database.url } });
      const failure = (await evaluator.run().catch((error: unknown) => error)) as Error & { result?: EvaluationResult };
      expect(failure.message).toBe('unexpected bug');
      expect(failure.result).toMatchObject({ status: 'failed', runId: evaluator.databaseRunId });
      expect(await storedRun(database.url, evaluator.databaseRunId)).toMatchObject({
        status: 'failed',
        statusReason: 'the evaluation stopped: unexpected bug',
      });
    } finally {
      settings.mockRestore();
    }
  });

  it('onProgress that is not a function is refused before a run is stored (config: InvalidOptionError; run(): ConfigError)', async () => {
    const task = jest.fn((x: number) => x);
    const runsBefore = await storedRunCount(database.url);
    const configError = thrownBy(() => new Evaluator({ task, dataset: [{ input: 1 }], metrics: [], config: { databaseUrl: database.url, onProgress: 5 as never } }));
    expect(configError).toBeInstanceOf(InvalidOptionError);
    expect(configError).toMatchObject({ option: 'onProgress' });
    expect((configError as Error).message).toBe('config.onProgress must be a function (event) => void, got 5. Fix the option and run again.');
    const viaRun = new Evaluator({ task, dataset: [{ input: 1 }], metrics: [], config: { databaseUrl: database.url } });
    const runError = await viaRun.run({ onProgress: 'log' as never }).catch((error: unknown) => error);
    expect(runError).toBeInstanceOf(ConfigError);
    expect((runError as Error).message).toBe('run({ onProgress }) must be a function (event) => void, got a string.');
    expect(viaRun.databaseRunId).toBeUndefined();
    expect(task).not.toHaveBeenCalled();
    expect(await storedRunCount(database.url)).toBe(runsBefore);
  });
});
