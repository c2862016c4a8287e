import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs export` (JSON and JSONL) → `db migrate` into a fresh database, across SQLite and PostgreSQL both ways:
// `runs show --json` and `runs items --json` must agree field by field, but for what belongs to a database rather
// than to the run (ids, updatedAt, the import's own record in config, the writer and its heartbeat).

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-round-trip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const llmEval = (args: string[]) => runCli(args, { cwd: dir });

async function cliJson(args: string[]): Promise<any> {
  const out = await llmEval([...args, '--json']);
  expect([args.join(' '), out.code, out.stderr]).toEqual([args.join(' '), 0, '']);
  return JSON.parse(out.stdout);
}

const at = (ms: number) => new Date(Date.UTC(2026, 10, 3, 9, 0, 0) + ms);

/** Items with every field set, odd milliseconds, a gap in the sequence numbers (an item that never ran). */
const ITEMS: ItemInput[] = [
  {
    itemId: 'q-ok', sequenceNumber: 0, input: { q: 'capital of France' }, expectedOutput: 'Paris', actualOutput: 'Paris', status: 'completed',
    startedAt: at(1_001), completedAt: at(1_457), responseTime: 0.456, tokensUsed: 42, cost: 0.0021, traceId: 'trace-ok',
    scores: { exact_match: 1, judge: true }, metadata: { kind: 'geo', metric_reasons: { judge: 'same city' }, task: { model: 'x' } },
  },
  {
    itemId: 'q-retried', sequenceNumber: 1, input: 'retry me', expectedOutput: '{"a":1}', actualOutput: '{"a":1}', status: 'completed',
    startedAt: at(1_003), completedAt: at(2_999), responseTime: 1.996, scores: { exact_match: 1, judge: { error: 'judge timed out' } }, metadata: { attempts: 3 },
  },
  {
    itemId: 'q-failed', sequenceNumber: 3, input: { q: 'boom' }, expectedOutput: '?', status: 'failed', errorType: 'TypeError', errorMessage: 'no answer',
    startedAt: at(1_004), completedAt: at(1_009), responseTime: 0.005, tokensUsed: 7, cost: 0.0003, traceId: 'trace-failed', metadata: { kind: 'x', attempts: 2 },
  },
  { itemId: 'q-skipped', sequenceNumber: 5, input: 'skip', status: 'skipped', errorMessage: 'skipped by filter', startedAt: null, completedAt: null },
  { itemId: 'q-no-type', sequenceNumber: 6, input: 'x', status: 'failed', errorMessage: 'it broke', completedAt: at(3_001) },
];

/** A running run with every run field set, as a writer on another host left it. */
const RUN = {
  description: 'every field', datasetName: 'geo', modelName: 'echo', modelVersion: '2026-11', taskType: 'qa', projectId: 'proj-rt',
  metricsUsed: ['exact_match', 'judge'], metricConfigs: { judge: { threshold: 0.5 } }, config: { temperature: 0.2 }, environment: { node: 'v20' },
  tags: ['nightly', 'rt'], createdBy: 'ana', createdAt: at(17), startedAt: at(1_000), status: 'running' as const,
  writerHost: 'ci-runner-7.example', writerPid: 4242,
};

/** What `runs show --json` and `runs items --json` say about a run, without what a database (not the run) decides. */
async function describeRun(url: string, id: string) {
  const show = await cliJson(['runs', 'show', id, '--items', '1000', '--database-url', url]);
  const items = await cliJson(['runs', 'items', id, '--limit', '1000', '--database-url', url]);
  const { id: _id, updatedAt: _updated, writerHost, writerPid, heartbeatAt, config, metrics, ...run } = show.run;
  const { import: origin, ...ownConfig } = config ?? {};
  const item = ({ id: _itemId, runId, ...rest }: Record<string, unknown>) => {
    expect(runId).toBe(id);
    return rest;
  };
  return {
    run: { ...run, config: ownConfig, metrics: metrics.map(({ runId: _r, computedAt: _c, ...m }: Record<string, unknown>) => m) },
    slowestItems: show.slowestItems.map(item),
    failedItems: show.failedItems.map(item),
    items: items.items.map(item),
    total: items.total,
    bookkeeping: { writerHost, writerPid, heartbeatAt, origin },
  };
}

describe.each(DATABASE_KINDS)('runs export → db migrate from %s keeps the run whole', (sourceKind) => {
  const source = useEmptyDatabase(sourceKind);
  const targets = { sqlite: useEmptyDatabase('sqlite'), postgres: useEmptyDatabase('postgres') };
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    const db = await initializeDatabase({ url: source.url });
    try {
      for (const name of ['cancelled', 'recovered']) {
        // The writer of the run to cancel still beats; that of the run to recover stopped an hour ago.
        const heartbeatAt = new Date(Date.now() - (name === 'cancelled' ? 0 : 3_600_000));
        runs[name] = (await db.runs.createRun({ ...RUN, name: `round trip ${name}`, heartbeatAt })).id;
        await db.runs.addItems(runs[name]!, ITEMS);
      }
    } finally {
      await db.close();
    }
    expect((await llmEval(['runs', 'cancel', runs.cancelled!, '--reason', 'test cancel', '--database-url', source.url])).code).toBe(0);
    // Its writer, told at its next heartbeat, finishes it: still cancelled, with statistics and an end.
    const writer = await initializeDatabase({ url: source.url });
    try {
      expect(await writer.runs.finalizeRun(runs.cancelled!, { status: 'cancelled', completedAt: at(3_210), durationSeconds: 2.21 })).toBe(true);
    } finally {
      await writer.close();
    }
    expect((await llmEval(['runs', 'recover', runs.recovered!, '--database-url', source.url])).code).toBe(0);
  });

  describe.each(['cancelled', 'recovered'])('a %s run', (name) => {
    it.each(['json', 'jsonl'].flatMap((format) => DATABASE_KINDS.map((target) => [format, target] as const)))(
      'as %s into %s: runs show and runs items agree but for ids, updatedAt, the import record and the writer',
      async (format, targetKind) => {
        const original = await describeRun(source.url, runs[name]!);
        expect(original.run.statusReason).toMatch(name === 'cancelled' ? /^test cancel$/ : /^interrupted: its writer \(process 4242 on ci-runner-7\.example\) stopped/);
        const file = path.join(dir, `${sourceKind}-${name}-${targetKind}.${format}`);
        expect((await llmEval(['runs', 'export', runs[name]!, '-o', file, '--database-url', source.url])).code).toBe(0);
        const imported = await cliJson(['db', 'migrate', file, '--allow-duplicate', '--database-url', targets[targetKind].url]);
        const copyId = imported.imported[0].runId as string;
        // The import stores a new run (its own id); the run it came from is named in its import record.
        expect(copyId).not.toBe(runs[name]);
        const copy = await describeRun(targets[targetKind].url, copyId);
        expect(copy.run).toEqual(original.run);
        expect(copy.items).toEqual(original.items);
        expect(copy.slowestItems).toEqual(original.slowestItems);
        expect(copy.failedItems).toEqual(original.failedItems);
        expect(copy.total).toBe(ITEMS.length);
        // The writer and its heartbeat described the source database's process, not the copy.
        expect(original.bookkeeping).toMatchObject({ writerHost: 'ci-runner-7.example', writerPid: 4242, heartbeatAt: expect.any(String) });
        expect(copy.bookkeeping).toEqual({ writerHost: null, writerPid: null, heartbeatAt: null, origin: expect.objectContaining({ format: 'llm-eval', sourceRunId: runs[name] }) });
      },
    );
  });
});
