import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { DatasetError, Evaluator } from '../src';

// A run of nothing would be stored as completed with a 0% success rate, listed and compared like a real one. An empty
// dataset known up front (an array, a file) is refused before anything is created; a stream that yields nothing fails
// its run with the reason.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-empty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an empty dataset', () => {
  const database = useEmptyDatabase('sqlite');
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  const files: Array<[string, string]> = [
    ['empty.jsonl', ''],
    ['blank-lines.jsonl', '\n\n  \n'],
    ['header-only.csv', 'id,input,expected\n'],
    ['empty-array.json', '[]'],
  ];

  it.each([['an empty array', [] as unknown[]], ...files.map(([name]) => [name, name] as [string, string])])(
    '%s is refused with DatasetError before any task call, and no run is stored',
    async (_, source) => {
      for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
      const dataset = typeof source === 'string' ? path.join(dir, source) : source;
      let calls = 0;
      const before = (await db.runs.listRuns({ limit: 1 })).total;
      const evaluator = new Evaluator({
        task: (input) => {
          calls++;
          return String(input);
        },
        dataset: dataset as never,
        metrics: ['exact_match'],
        config: { databaseUrl: database.url },
      });
      const failure = await evaluator.run().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatasetError);
      expect((failure as Error).message).toMatch(/(holds no items \(.*\)|is an empty array); an evaluation needs at least one item/);
      if (typeof source === 'string') expect((failure as Error).message).toContain(source);
      expect(calls).toBe(0);
      expect(evaluator.databaseRunId).toBeUndefined();
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(before);
    },
  );

  it('a stream that yields nothing fails its run with the reason', async () => {
    async function* nothing(): AsyncIterable<{ id: string; input: number }> {}
    const evaluator = new Evaluator({ task: (input) => String(input), dataset: nothing(), metrics: ['exact_match'], config: { databaseUrl: database.url } });
    const failure = await evaluator.run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatasetError);
    const run = await db.runs.requireRun(evaluator.databaseRunId!);
    expect(run).toMatchObject({ status: 'failed', totalItems: 0 });
    expect(run.statusReason).toBe('the evaluation stopped: the dataset stream yielded no items; an evaluation needs at least one item');
  });
});
