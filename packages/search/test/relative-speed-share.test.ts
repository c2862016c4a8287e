import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, DATABASE_KINDS } from '@llm-eval/test-databases';
import { RunSearchEngine, type SpeedOptions } from '../src';

// "slow runs" took the value at rank ⌊0.75·(n−1)⌋ as its threshold and kept the runs at or above it: with two runs
// that is the faster one's value, so both were "slow"; with 4 runs half of them, with 12 runs 4. The slowest 25% are
// the runs at or above the value of the ⌈0.25·n⌉-th slowest run: at most ⌈0.25·n⌉ runs, more only for exact ties at
// that value, and never the fastest run unless all tie. "fast" is the same from the other end. Each case gets its own
// database, so the search over every run (quantiles read from the index) is tested as well as a scoped one (the
// values read once).
interface Case {
  /** Average response time of run i, in seconds. */
  values: number[];
  /** Indexes of the runs that are slow, and that are fast. */
  slow: number[];
  fast: number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** n runs of distinct times, in ascending order: the last ⌈n/4⌉ are slow, the first ⌈n/4⌉ fast (counted by hand). */
const distinct = (n: number, share: number): [number, Case] => [
  n,
  { values: range(0, n).map((i) => (i === n - 1 && n === 2 ? 8 : 0.1 + i * 0.35)), slow: range(n - share, n), fast: range(0, share) },
];

const DISTINCT: Array<[number, Case]> = [distinct(1, 1), distinct(2, 1), distinct(3, 1), distinct(4, 1), distinct(5, 2), distinct(8, 2), distinct(12, 3)];

const TIES: Array<[string, Case]> = [
  ['1 run', { values: [2], slow: [0], fast: [0] }],
  ['2 runs, both alike', { values: [3, 3], slow: [0, 1], fast: [0, 1] }],
  ['3 runs, two slowest alike', { values: [5, 1, 5], slow: [0, 2], fast: [1] }],
  ['4 runs, three slowest alike', { values: [1, 2, 2, 2], slow: [1, 2, 3], fast: [0] }],
  ['4 runs, three fastest alike', { values: [1, 1, 1, 2], slow: [3], fast: [0, 1, 2] }],
  ['4 runs, all alike', { values: [0.5, 0.5, 0.5, 0.5], slow: [0, 1, 2, 3], fast: [0, 1, 2, 3] }],
  ['5 runs, three slowest alike', { values: [1, 2, 3, 3, 3], slow: [2, 3, 4], fast: [0, 1] }],
  ['8 runs in pairs', { values: [1, 1, 2, 2, 3, 3, 4, 4], slow: [6, 7], fast: [0, 1] }],
  ['8 runs, three slowest alike', { values: [1, 2, 3, 4, 5, 6, 6, 6], slow: [5, 6, 7], fast: [0, 1] }],
  ['12 runs, ties at both thresholds', { values: [1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8], slow: [9, 10, 11], fast: [0, 1, 2, 3] }],
];

describe.each(DATABASE_KINDS)('"slow" and "fast" keep the slowest and fastest quarter of the runs in scope, on %s', (kind) => {
  /** Stores one run per value (in reverse, so no order of insertion is relied on) in a fresh database and searches it. */
  const withRuns = async (values: number[], check: (engine: RunSearchEngine) => Promise<void>) => {
    const test = await createTestDatabase(kind);
    let db: Database | undefined;
    try {
      db = await initializeDatabase({ url: test.url });
      for (const i of range(0, values.length).reverse()) {
        await db.runs.importRun(
          { name: `r${i}`, projectId: 'speed', status: 'completed', metricsUsed: ['f1'] },
          [{ itemId: 'q', scores: { f1: 1 }, responseTime: values[i]! }],
        );
      }
      await check(new RunSearchEngine(db));
    } finally {
      await db?.close();
      await test.drop();
    }
  };

  /** Names found by `query`, over every run and scoped to the project (both are all the runs here), with the note. */
  const found = async (engine: RunSearchEngine, query: string, speed?: SpeedOptions) => {
    const out: Array<{ names: string[]; explanation: string }> = [];
    for (const projectId of [undefined, 'speed']) {
      const result = await engine.searchRuns({ query, projectId, speed, limit: 100 });
      expect(result.total).toBe(result.runs.length);
      out.push({ names: result.runs.map((r) => r.name).sort(), explanation: result.explanation });
    }
    return out;
  };
  const names = (indexes: number[]) => indexes.map((i) => `r${i}`).sort();
  const threshold = (values: number[], indexes: number[], pick: (...v: number[]) => number) => pick(...indexes.map((i) => values[i]!));

  const expectCase = async ({ values, slow, fast }: Case) =>
    withRuns(values, async (engine) => {
      const slowAt = threshold(values, slow, Math.min).toFixed(3);
      const fastAt = threshold(values, fast, Math.max).toFixed(3);
      for (const { names: got, explanation } of await found(engine, 'slow runs')) {
        expect(got).toEqual(names(slow));
        expect(explanation).toContain(`slow = avg response ≥ ${slowAt} s (slowest 25% in scope)`);
      }
      for (const { names: got, explanation } of await found(engine, 'fast runs')) {
        expect(got).toEqual(names(fast));
        expect(explanation).toContain(`fast = avg response ≤ ${fastAt} s (fastest 25% in scope)`);
      }
      // The other words for the same speeds resolve the same way.
      for (const { names: got } of await found(engine, 'sluggish')) expect(got).toEqual(names(slow));
      for (const { names: got } of await found(engine, 'quick runs')) expect(got).toEqual(names(fast));
    });

  it.each(DISTINCT)('%i runs of distinct response times', async (_n, c) => {
    await expectCase(c);
    // Never the fastest run as slow, nor the slowest as fast, unless there is only one run.
    if (c.values.length > 1) {
      expect(c.slow).not.toContain(0);
      expect(c.fast).not.toContain(c.values.length - 1);
    }
  });

  it.each(TIES)('%s', async (_name, c) => {
    await expectCase(c);
  });

  it('the repro: of a 0.1 s run and an 8 s run, only the 8 s run is slow and only the 0.1 s run fast', async () => {
    await withRuns([0.1, 8], async (engine) => {
      for (const { names: got, explanation } of await found(engine, 'slow runs')) {
        expect(got).toEqual(['r1']);
        expect(explanation).toContain('slow = avg response ≥ 8.000 s (slowest 25% in scope)');
      }
      for (const { names: got } of await found(engine, 'fast runs')) expect(got).toEqual(['r0']);
    });
  });

  it('a share of its own keeps ⌈share·n⌉ runs, without rounding errors of the product (0.3 · 10 is 3, not 4)', async () => {
    const values = range(0, 10).map((i) => 1 + i);
    await withRuns(values, async (engine) => {
      const at = async (query: string, quantile: number) => (await found(engine, query, { quantile })).map((r) => r.names);
      expect(await at('slow runs', 0.3)).toEqual([names([7, 8, 9]), names([7, 8, 9])]);
      expect(await at('fast runs', 0.3)).toEqual([names([0, 1, 2]), names([0, 1, 2])]);
      expect(await at('slow runs', 0.7)).toEqual([names(range(3, 10)), names(range(3, 10))]);
      expect(await at('fast runs', 0.5)).toEqual([names(range(0, 5)), names(range(0, 5))]);
      expect(await at('slow runs', 0.05)).toEqual([names([9]), names([9])]);
      const note = (await found(engine, 'slow runs', { quantile: 0.3 }))[0]!.explanation;
      expect(note).toContain('slow = avg response ≥ 8.000 s (slowest 30% in scope)');
    });
  });
});
