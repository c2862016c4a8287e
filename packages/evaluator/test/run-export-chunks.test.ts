import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { initializeDatabase, type Database, type ItemInput, type ItemRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { formatExport, RunExportChunks, storedRunToExport, type ExportFormat } from '../src';

const FORMATS: ExportFormat[] = ['json', 'jsonl', 'csv'];

/** Completed, failed and skipped items, metric errors, unicode and formula-like text. */
function items(count: number, idOf: (i: number) => string = (i) => `item-${i}`): ItemInput[] {
  return Array.from({ length: count }, (_, i): ItemInput => {
    const base = { itemId: idOf(i), sequenceNumber: i, input: i % 3 ? `q${i} 東京 "x", y` : { q: i, list: [i, '=1+2'] }, expectedOutput: `e${i}` };
    if (i % 7 === 3) return { ...base, status: 'failed', errorType: 'TypeError', errorMessage: `boom ${i}\nline` };
    if (i % 11 === 5) return { ...base, status: 'skipped' };
    return { ...base, status: 'completed', actualOutput: `a${i} 🚀`, responseTime: i / 10, scores: { exact_match: i % 2 === 0, f1: i % 5 === 1 ? { error: 'no' } : i / 100 } };
  });
}

async function seed(db: Database, name: string, list: ItemInput[]) {
  return db.runs.importRun(
    { name, status: 'completed', datasetName: 'd', metricsUsed: ['exact_match', 'f1'], startedAt: new Date(Date.UTC(2025, 0, 1)), completedAt: new Date(Date.UTC(2025, 0, 1, 0, 1)) },
    list,
  );
}

async function allItems(db: Database, runId: string): Promise<ItemRecord[]> {
  const all: ItemRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.runs.listItems(runId, { limit: 1000, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

async function collect(chunks: AsyncIterable<string | Buffer>): Promise<string> {
  const buffers: Buffer[] = [];
  for await (const chunk of chunks) buffers.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(buffers).toString('utf8');
}

describe.each(DATABASE_KINDS)('RunExportChunks on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function chunksOf(runId: string, format: ExportFormat, pageSize: number, options = {}) {
    const run = await db.runs.requireRun(runId);
    const firstPage = await db.runs.listItems(run.id, { limit: pageSize });
    return new RunExportChunks(format, { runs: db.runs, run, firstPage, pageSize }, options);
  }

  it.each(FORMATS)('%s read 7 items a page is byte for byte the one-shot export, and counts the items', async (format) => {
    const run = await seed(db, `pages ${format}`, items(40));
    const stream = await chunksOf(run.id, format, 7);
    const text = await collect(stream.chunks());
    expect(text).toBe(formatExport(storedRunToExport(await db.runs.requireRun(run.id), await allItems(db, run.id)), format));
    expect(stream.items).toBe(40);
  });

  it('writes ids that look like array indexes in item order: JSONL and CSV byte for byte, JSON the same document', async () => {
    const run = await seed(db, 'index ids', items(30, (i) => String(29 - i)));
    const oneShot = storedRunToExport(await db.runs.requireRun(run.id), await allItems(db, run.id));
    for (const format of FORMATS) {
      const text = await collect((await chunksOf(run.id, format, 4)).chunks());
      if (format === 'json') {
        expect(JSON.parse(text)).toEqual(oneShot);
        // Item order, as Python's json.dump keeps a dict's order; JSON.stringify lists such keys numerically.
        expect(text.indexOf('"29": {')).toBeLessThan(text.indexOf('"0": {'));
        expect(formatExport(oneShot, 'json').indexOf('"29": {')).toBeGreaterThan(formatExport(oneShot, 'json').indexOf('"0": {'));
      } else {
        expect(text).toBe(formatExport(oneShot, format));
      }
    }
  });

  it.each(FORMATS)('%s holds the items the first page counted, though the run gains items while it is read', async (format) => {
    const run = await db.runs.createRun({ name: `growing ${format}`, metricsUsed: ['exact_match'] });
    await db.runs.addItems(run.id, items(10).map((item) => ({ ...item, scores: undefined })));
    const stream = await chunksOf(run.id, format, 4);
    const chunks = stream.chunks();
    const first = await chunks.next();
    await db.runs.addItems(run.id, items(15).slice(10).map((item) => ({ ...item, scores: undefined })));
    const rest = await collect({ [Symbol.asyncIterator]: () => chunks });
    const text = String(first.value) + rest;
    expect(stream.items).toBe(10);
    if (format === 'json') {
      const doc = JSON.parse(text);
      expect(doc.total_items).toBe(10);
      expect(doc.llm_eval.item_order).toHaveLength(10);
    } else if (format === 'csv') {
      expect(parse(text)).toHaveLength(11);
    } else {
      expect(text.trimEnd().split('\n')).toHaveLength(11);
    }
  });

  it('deletes its spool directory when the reader stops early, and tells the caller', async () => {
    const run = await seed(db, 'stopped early', items(20));
    const made: string[] = [];
    let released = 0;
    const stream = await chunksOf(run.id, 'json', 5, {
      onSpoolDirectory: (dir: string) => {
        made.push(dir);
        return () => released++;
      },
    });
    const chunks = stream.chunks();
    await chunks.next();
    expect(made).toHaveLength(1);
    expect(existsSync(made[0]!)).toBe(true);
    await chunks.return(undefined);
    expect(existsSync(made[0]!)).toBe(false);
    expect(released).toBe(1);
  });
});
