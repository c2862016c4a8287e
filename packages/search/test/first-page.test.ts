import { EvaluationRun } from '@llm-eval/models';
import { initializeDatabase, toRunRecord, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';
import type { RunSort } from '../src/query/filter';

// The unfiltered first page keeps its built SQL and reads raw rows: it must answer what the entity path answers, and
// never an earlier answer.
const HOSTILE = ['nul\u0000inside', 'lone \uD800 high', 'escape \uFDD0', 'emoji 😀', "'; DROP TABLE evaluation_runs; --", 'x'.repeat(10_000)];

describe.each(DATABASE_KINDS)('the unfiltered runs page on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    for (const [i, text] of HOSTILE.entries()) {
      await db.runs.createRun({
        name: `run ${i} ${text.slice(0, 200)}`,
        description: text,
        status: i % 2 ? 'completed' : 'failed',
        datasetName: `data ${text.slice(0, 200)}`,
        tags: [`tag ${text.slice(0, 200)}`],
        config: { [text.slice(0, 50)]: text, n: i },
        createdAt: new Date(Date.UTC(2026, 0, 1 + i, 12, 0, 0, 7 * i)),
        startedAt: i % 3 ? new Date(Date.UTC(2026, 0, 1 + i)) : null,
        successRate: i / 10,
        durationSeconds: 100 - i,
        avgResponseTime: i % 2 ? i / 3 : null,
        totalTokens: (i % 3) * 5_000_000_000,
        totalCost: (i % 4) / 7,
      });
    }
  });
  afterAll(() => db?.close());

  const ORDER: Record<Exclude<RunSort['field'], 'metric'>, keyof EvaluationRun> = {
    createdAt: 'createdAt',
    name: 'name',
    successRate: 'successRate',
    durationSeconds: 'durationSeconds',
    avgResponseTime: 'avgResponseTime',
    totalTokens: 'totalTokens',
    totalCost: 'totalCost',
  };

  it.each(Object.keys(ORDER) as Array<keyof typeof ORDER>)('sorted by %s: the records of the entity path, twice', async (field) => {
    for (const direction of ['asc', 'desc'] as const) {
      const entities = await db.dataSource.getRepository(EvaluationRun).find();
      for (let call = 0; call < 2; call++) {
        const page = await engine.searchRuns({ sort: { field, direction }, limit: 4 });
        expect(page.total).toBe(HOSTILE.length);
        expect(page.runs).toHaveLength(4);
        expect(page.nextCursor).not.toBeNull();
        for (const run of page.runs) {
          const expected = toRunRecord(entities.find((e) => e.id === run.id)!);
          expect(run).toStrictEqual(expected);
          expect(Object.keys(run)).toEqual(Object.keys(expected));
        }
        const rest = await engine.searchRuns({ sort: { field, direction }, limit: 4, cursor: page.nextCursor! });
        expect(new Set([...page.runs, ...rest.runs].map((r) => r.id)).size).toBe(HOSTILE.length);
        expect(rest.nextCursor).toBeNull();
      }
    }
  });

  it('answers with runs created after an earlier identical request (the SQL is kept, never the rows)', async () => {
    const before = await engine.searchRuns({ limit: 3 });
    const created = await db.runs.createRun({ name: 'newest', createdAt: new Date(Date.UTC(2027, 0, 1)) });
    const after = await engine.searchRuns({ limit: 3 });
    expect(after.total).toBe(before.total + 1);
    expect(after.runs[0]!.id).toBe(created.id);
    expect(after.runs.slice(1).map((r) => r.id)).toEqual(before.runs.slice(0, 2).map((r) => r.id));
    await db.runs.deleteRun(created.id);
    expect((await engine.searchRuns({ limit: 3 })).runs.map((r) => r.id)).toEqual(before.runs.map((r) => r.id));
  });
});
