import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeText, initializeDatabase, type ItemRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { DatasetError, Evaluator, migrateFromEvaluationResult, readExportFile, withUsage, type EvaluationResult, type ItemResult } from '../src';
import { nested } from './support/odd-values';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a database stores for one item at most (storage's item rules): past it, the value is dropped with a note. */
const TOO_MANY_TOKENS = 'tokensUsed must be at most 2,147,483,647 (the most a database stores for one item), got 3000000000; it was not recorded';
const TOO_COSTLY = 'cost must be at most 1,000,000,000,000 (the most a database stores for one item), got 2000000000000; it was not recorded';

/** Error names that are short as JS strings and long as stored (NUL and lone surrogates take 5 characters each). */
const ERROR_NAMES: Record<string, string> = {
  'nul-name': '\u0000'.repeat(60),
  'surrogate-name': '\uDC00'.repeat(300),
  'escape-char-name': '\uFDD0'.repeat(52),
  'emoji-name': '😀'.repeat(150),
  'plain-name': 'E'.repeat(300),
};

async function readStored(url: string, runId: string) {
  const db = await initializeDatabase({ url });
  try {
    const run = await db.runs.getRun(runId);
    const { items } = await db.runs.listItems(runId, { limit: 1_000 });
    return { run: run!, items: new Map(items.map((i) => [i.itemId, i])) };
  } finally {
    await db.close();
  }
}

/** The stored fields an item result maps to, from the result's side: the two must agree. */
function expectStoredAsInMemory(stored: ItemRecord | undefined, item: ItemResult): void {
  expect(stored).toBeDefined();
  expect([item.id, stored!.tokensUsed, stored!.cost, stored!.errorType, stored!.responseTime, (stored!.metadata as { task?: unknown } | null)?.task]).toEqual([
    item.id,
    item.tokensUsed ?? null,
    item.cost ?? null,
    item.errorType ?? null,
    item.responseTime,
    item.taskMetadata,
  ]);
}

function throwNamed(name: string): never {
  throw Object.assign(new Error('named oddly'), { name });
}

/** A task whose items each produce one value past what storage takes, if the evaluator passed it on as it is. */
function oddTask(input: unknown) {
  if (input === 'tokens') return withUsage('ok', { tokensUsed: 3_000_000_000, cost: 0.25 });
  if (input === 'cost') return withUsage('ok', { tokensUsed: 12, cost: 2e12 });
  if (input === 'at-limits') return withUsage('ok', { tokensUsed: 2_147_483_647, cost: 1e12 });
  if (input === 'deep-metadata') return withUsage('ok', { metadata: nested(10_000) as Record<string, unknown> });
  if (typeof input === 'string' && ERROR_NAMES[input] !== undefined) throwNamed(ERROR_NAMES[input]);
  return 'ok';
}

const ODD_DATASET = [
  ...['tokens', 'cost', 'at-limits', 'deep-metadata', ...Object.keys(ERROR_NAMES)].map((id) => ({ id, input: id })),
  // 51 lone surrogates are 255 characters as stored: the longest id that fits.
  { id: '\uD800'.repeat(51), input: 'surrogate-id' },
  { id: 'plain', input: 'plain' },
];

function expectOddItemsRecorded(result: EvaluationResult): void {
  const byId = new Map(result.items.map((i) => [i.id, i]));
  expect(byId.get('tokens')).toMatchObject({ success: true, tokensUsed: undefined, cost: 0.25, taskMetadata: { usage_errors: [TOO_MANY_TOKENS] } });
  expect(byId.get('cost')).toMatchObject({ success: true, tokensUsed: 12, cost: undefined, taskMetadata: { usage_errors: [TOO_COSTLY] } });
  expect(byId.get('at-limits')).toMatchObject({ success: true, tokensUsed: 2_147_483_647, cost: 1e12, taskMetadata: undefined });
  for (const id of Object.keys(ERROR_NAMES)) {
    const type = byId.get(id)!.errorType!;
    expect([id, encodeText(type).length <= 255, type.startsWith(ERROR_NAMES[id]!.slice(0, 10))]).toEqual([id, true, true]);
  }
  // A plain long name is cut as before: 200 characters and the marker.
  expect(byId.get('plain-name')!.errorType).toBe(`${'E'.repeat(200)}…[truncated 100 characters]`);
  // The emoji are cut between pairs, never inside one.
  expect(byId.get('emoji-name')!.errorType).toMatch(/^(😀)+…\[truncated \d+ characters\]$/u);
}

describe.each(DATABASE_KINDS)('values past what storage takes on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('records and stores every item (usage past the limits dropped with a note, odd error names cut by stored length), and the run completes', async () => {
    const evaluator = new Evaluator({
      task: oddTask,
      dataset: ODD_DATASET,
      metrics: ['exact_match'],
      // 64 characters, 304 as stored: the name is cut to 255 as stored, as a long plain name is cut to 255.
      config: { databaseUrl: database.url, maxValueChars: 10_000, runName: `odd ${'\u0000'.repeat(60)}` },
    });
    const result = await evaluator.run();
    expect(result.storageError).toBeUndefined();
    expect(result.status).toBe('completed');
    expectOddItemsRecorded(result);

    const { run, items } = await readStored(database.url, evaluator.databaseRunId!);
    expect(run).toMatchObject({ status: 'completed', statusReason: null, totalItems: ODD_DATASET.length, failedItems: Object.keys(ERROR_NAMES).length });
    expect(run.name).toBe(`odd ${'\u0000'.repeat(50)}`);
    expect(run.totalTokens).toBe(result.usage.tokens);
    expect(run.totalCost).toBeCloseTo(result.usage.cost, 0);
    for (const item of result.items) expectStoredAsInMemory(items.get(item.id), item);
    expect(items.get('deep-metadata')!.metadata).toEqual({ task: result.items.find((i) => i.id === 'deep-metadata')!.taskMetadata });
  });

  it('records a response time past the limit (a clock that jumped) as the limit, with a note, and stores the item', async () => {
    const now = performance.now.bind(performance);
    let jump = 0;
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => now() + jump);
    try {
      const evaluator = new Evaluator({
        task: (input) => {
          // A synchronous task during which the clock moved 63 years: longer than any timeout, so the item times out.
          if (input === 'jump') jump += 2e12;
          return 'ok';
        },
        dataset: [{ id: 'jump', input: 'jump' }, { id: 'after', input: 'after' }],
        metrics: ['exact_match'],
        config: { databaseUrl: database.url, maxConcurrency: 1 },
      });
      const result = await evaluator.run();
      clock.mockRestore();
      expect(result.storageError).toBeUndefined();
      const jumped = result.items[0]!;
      expect(jumped).toMatchObject({ success: false, errorType: 'TaskTimeoutError', responseTime: 1e9 });
      expect(jumped.taskMetadata).toEqual({ usage_errors: [expect.stringMatching(/^responseTime must be at most 1,000,000,000 s \(the most a database stores for one item\), got 2000000000(\.\d+)?; recorded as 1,000,000,000$/)] });
      const { run, items } = await readStored(database.url, evaluator.databaseRunId!);
      expect(run).toMatchObject({ status: 'completed', totalItems: 2 });
      for (const item of result.items) expectStoredAsInMemory(items.get(item.id), item);
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses a dataset id longer than 255 characters as stored before anything runs, naming the item', async () => {
    const evaluator = new Evaluator({
      task: () => 'ok',
      dataset: [{ id: 'first', input: 1 }, { id: '\uD800'.repeat(60), input: 2 }],
      metrics: ['exact_match'],
      config: { databaseUrl: database.url },
    });
    const refused = await evaluator.run().then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(DatasetError);
    expect((refused as Error).message).toBe(
      `item 1 has an id of 300 characters as stored ("${'\\ud800'.repeat(12)}…"): ` +
        'at most 255 fit, and NUL, U+FDD0 and unpaired surrogates take 5 characters each in the database; use a shorter id',
    );
  });

  it('saves the result of a run it could not store to a file that imports whole, with the same values', async () => {
    // The database cannot be opened (its folder is a file): storing fails, the result is complete in memory.
    const blocker = path.join(dir, `blocker-${kind}`);
    writeFileSync(blocker, '');
    const result = await new Evaluator({
      task: oddTask,
      dataset: ODD_DATASET,
      metrics: ['exact_match'],
      // A name cut at 255 UTF-16 units would end in half an emoji, which storage keeps as a 5-character escape.
      config: { databaseUrl: `sqlite:///${path.join(blocker, 'runs.db')}`, maxValueChars: 10_000, runName: `unsaved ${'😀'.repeat(200)}` },
    }).run();
    expect(result.storageError).toBeDefined();
    const file = path.join(dir, `llm-eval-unsaved-${kind}.json`);
    await result.save(file, { format: 'json' });

    const warnings: string[] = [];
    const runId = await migrateFromEvaluationResult(await readExportFile(file), { databaseUrl: database.url, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    const { run, items } = await readStored(database.url, runId);
    expect(run).toMatchObject({ name: `unsaved ${'😀'.repeat(123)}`, totalItems: ODD_DATASET.length, failedItems: Object.keys(ERROR_NAMES).length });
    expect(run.totalTokens).toBe(result.usage.tokens);
    for (const item of result.items) {
      const stored = items.get(item.id)!;
      expect([item.id, stored.tokensUsed, stored.cost, stored.errorType, stored.responseTime]).toEqual([
        item.id,
        item.tokensUsed ?? null,
        item.cost ?? null,
        item.errorType ?? null,
        item.responseTime,
      ]);
    }
  });
});
