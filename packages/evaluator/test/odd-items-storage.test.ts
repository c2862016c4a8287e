import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { Evaluator } from '../src';
import { ODD_VALUES, recordedDeep, storedText } from './support/odd-values';

describe.each(DATABASE_KINDS)('odd items are stored faithfully on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('stores every odd output and odd input with its recorded form, next to the normal items', async () => {
    const dataset = [
      ...ODD_VALUES.map((odd, i) => ({ id: `out-${i}`, input: `out-${i}` as unknown })),
      ...ODD_VALUES.map((odd, i) => ({ id: `in-${i}`, input: odd.make(), expected: odd.make(), metadata: { odd: odd.make() } })),
      ...Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, input: `n${i}`, expected: `n${i}` })),
    ];
    const evaluator = new Evaluator({
      task: (input) => {
        if (typeof input === 'string' && input.startsWith('out-')) return ODD_VALUES[Number(input.slice(4))]!.make();
        return typeof input === 'string' ? input : 'seen';
      },
      dataset,
      metrics: ['exact_match'],
      config: { databaseUrl: database.url, maxValueChars: 10_000, storageBatchSize: 7 },
    });
    const result = await evaluator.run();
    expect(result.storageError).toBeUndefined();
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.getRun(evaluator.databaseRunId!);
      expect(run).toMatchObject({ status: 'completed', totalItems: dataset.length, successfulItems: dataset.length });
      const { items } = await db.runs.listItems(run!.id, { limit: 1_000 });
      const stored = new Map(items.map((i) => [i.itemId, i]));
      ODD_VALUES.forEach((odd, i) => {
        expect([odd.name, stored.get(`out-${i}`)!.actualOutput]).toEqual([odd.name, storedText(odd.recorded)]);
        const row = stored.get(`in-${i}`)!;
        expect([odd.name, row.input, row.expectedOutput, row.metadata]).toEqual([
          odd.name,
          odd.recorded,
          storedText(odd.recorded),
          { odd: odd.recordedInside ?? odd.recorded },
        ]);
      });
      for (let i = 0; i < 20; i++) expect(stored.get(`n${i}`)).toMatchObject({ status: 'completed', actualOutput: `n${i}`, scores: { exact_match: 1 } });
    } finally {
      await db.close();
    }
  });

  it('stores an input nested 10,000 levels deep from a dataset file, cut at the depth limit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-deep-'));
    const file = path.join(dir, 'deep.jsonl');
    const deep = `${'{"child":'.repeat(10_000)}"leaf"${'}'.repeat(10_000)}`;
    writeFileSync(file, `{"id":"deep","input":${deep}}\n{"id":"plain","input":"x","expected":"x"}\n`);
    try {
      const evaluator = new Evaluator({ task: () => 'x', dataset: file, metrics: ['exact_match'], config: { databaseUrl: database.url } });
      const result = await evaluator.run();
      expect(result.storageError).toBeUndefined();
      const db = await initializeDatabase({ url: database.url });
      try {
        const { items } = await db.runs.listItems(evaluator.databaseRunId!, { limit: 10 });
        expect(items.map((i) => [i.itemId, i.status, i.scores])).toEqual([['deep', 'completed', { exact_match: 0 }], ['plain', 'completed', { exact_match: 1 }]]);
        expect(items[0]!.input).toEqual(recordedDeep());
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores odd items through the storage worker of the built package (structured clone takes only plain data)', async () => {
    const dist = path.join(__dirname, '..', 'dist', 'index.cjs');
    const script = `
      const { Evaluator } = require(${JSON.stringify(dist)});
      const circular = { name: 'root' }; circular.self = circular;
      const odd = [Symbol('s'), function f() {}, 10n ** 20n, circular, new Map([['k', () => 1]])];
      new Evaluator({
        task: (input) => (typeof input === 'number' ? odd[input] : 'ok'),
        dataset: [...odd.map((_, i) => ({ id: 'odd' + i, input: i })), { id: 'fn-input', input: { call: () => 1, s: Symbol('in') } }],
        metrics: ['exact_match'],
        config: { databaseUrl: ${JSON.stringify(database.url)} },
      }).run().then((result) => {
        console.log(JSON.stringify({ runId: result.runId, storageError: result.storageError ? result.storageError.message : null }));
      });
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    expect(out.storageError).toBeNull();
    const db = await initializeDatabase({ url: database.url });
    try {
      const { items } = await db.runs.listItems(out.runId, { limit: 100 });
      expect(items.map((i) => [i.itemId, i.actualOutput])).toEqual([
        ['odd0', 'Symbol(s)'],
        ['odd1', '[Function: f]'],
        ['odd2', '100000000000000000000'],
        ['odd3', '{"name":"root","self":"[Circular]"}'],
        ['odd4', '[["k","[Function: (anonymous)]"]]'],
        ['fn-input', 'ok'],
      ]);
      expect(items[5]!.input).toEqual({ call: '[Function: call]', s: 'Symbol(in)' });
    } finally {
      await db.close();
    }
  });
});
