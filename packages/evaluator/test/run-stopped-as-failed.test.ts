import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { Evaluator, ItemSpill, readExportFile, type EvaluationResult } from '../src';

const dataset = Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i) }));
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-stopped-as-failed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What the CLI needs when task code breaks the process: stop the run as failed (an uncaught exception), or save
// synchronously what it holds (a process.exit() in task code, where only synchronous work can run).
describe.each(DATABASE_KINDS)('a run stopped as failed by its caller, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let other: Database;
  beforeEach(async () => {
    other = await initializeDatabase({ url: database.url });
  });
  afterEach(async () => {
    await other.close();
  });

  it('failSignal: run() resolves with status failed; the finished items are stored; the reason names the signal reason', async () => {
    const fail = new AbortController();
    const evaluator = new Evaluator({
      task: async (input: number) => {
        if (input === 10) fail.abort(new Error('an uncaught exception outside any item: Error: boom from a timer'));
        await new Promise((resolve) => setTimeout(resolve, 1));
        return String(input);
      },
      dataset,
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, maxConcurrency: 1 },
    });
    const result = await evaluator.run({ failSignal: fail.signal });
    expect(result.status).toBe('failed');
    // Item 10 was in flight when the run stopped: left out, as a cancel leaves it out.
    expect(result.totalItems).toBe(10);
    const run = await other.runs.requireRun(evaluator.databaseRunId!);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toBe('the evaluation stopped: an uncaught exception outside any item: Error: boom from a timer');
    expect(result.storedItems).toBe(10);
  });
});

describe('partialResult: the run in progress, built synchronously', () => {
  async function partialAt(keepItems: boolean, spill?: ItemSpill): Promise<{ partial: EvaluationResult | undefined; evaluator: Evaluator<number, string, string> }> {
    let partial: EvaluationResult | undefined;
    const evaluator = new Evaluator({
      task: (input: number) => String(input),
      dataset,
      metrics: ['exact_match'],
      config: { storeRuns: false, keepItems, maxConcurrency: 1 },
    });
    expect(evaluator.partialResult()).toBeUndefined();
    await evaluator.run({
      onProgress: (event) => {
        if (event.type !== 'item') return;
        spill?.add(event.item);
        if (event.done === 25) partial = evaluator.partialResult();
      },
    });
    return { partial, evaluator };
  }

  it('holds the items finished so far (status failed) and can be exported; undefined once run() returned', async () => {
    const { partial, evaluator } = await partialAt(true);
    expect(partial!.status).toBe('failed');
    expect(partial!.totalItems).toBe(25);
    expect(Object.keys(partial!.toJSON().results)).toHaveLength(25);
    expect(evaluator.partialResult()).toBeUndefined();
  });

  it('with keepItems: false, its summary; ItemSpill.saveAsSync writes what saveAs writes, which reads back as an export', async () => {
    const spill = ItemSpill.create(dir);
    try {
      const { partial } = await partialAt(false, spill);
      expect(partial!.totalItems).toBe(25);
      const sync = path.join(dir, 'sync.json');
      const async = path.join(dir, 'async.json');
      spill.saveAsSync(partial!, sync);
      await spill.saveAs(partial!, async);
      expect(readFileSync(sync, 'utf8')).toBe(readFileSync(async, 'utf8'));
      const exported = await readExportFile(sync);
      expect(Object.keys(exported.results)).toHaveLength(40);
    } finally {
      spill.discard();
    }
  });
});
