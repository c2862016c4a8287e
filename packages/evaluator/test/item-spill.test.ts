import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator, ItemSpill, readExportFile, withUsage, type EvaluationResult, type EvaluatorConfig } from '../src';

// ItemSpill keeps a run's finished items on disk so a run that keeps none in memory can still write its complete
// result (the CLI's fallback file when storing fails). Its file must be the document EvaluationResult.save writes.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-item-spill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Odd ids on purpose: "__proto__" (an object key that assigning would lose), quotes, a NUL, a line break, non-BMP text.
const IDS = ['q0', '__proto__', 'with "quotes"', 'nul\u0000inside', 'line\nbreak', '🧪 emoji', 'q6', 'q7', 'q8', 'q9'];
const dataset = Array.from({ length: 60 }, (_, i) => ({
  id: i < IDS.length ? IDS[i]! : `item-${i}`,
  // Item 21's long text fills a section's 64 KiB buffer mid-run, so it goes to disk before the end.
  input: i === 21 ? 'long '.repeat(30_000) : i % 5 === 0 ? { nested: [i, 'x'], text: 'a\u2028b' } : i,
  expected: i % 3 === 0 ? 'no' : String(i),
  metadata: i % 7 === 0 ? { source: 'seven' } : undefined,
}));
const metrics = [
  'exact_match',
  { name: 'picky', fn: (_o: unknown, _e: unknown, input: unknown) => { if (typeof input === 'number' && input % 11 === 0) throw new Error('no score'); return 0.25; } },
];

async function run(config: EvaluatorConfig, spill?: ItemSpill): Promise<EvaluationResult> {
  return new Evaluator({
    task: async (input: unknown) => {
      if (typeof input === 'number' && input % 13 === 4) throw new Error('task broke');
      return withUsage(typeof input === 'number' ? String(input) : input, { tokensUsed: 3, cost: 0.001 });
    },
    dataset,
    metrics,
    config: { storeRuns: false, ...config },
  }).run({ onProgress: (e) => (e.type === 'item' ? spill?.add(e.item) : undefined) });
}

describe('ItemSpill', () => {
  it('saves byte for byte what EvaluationResult.save writes for the same run (items in the order they finished)', async () => {
    const spill = ItemSpill.create(dir);
    try {
      // One at a time, so the order items finish in is the dataset order save() uses.
      const result = await run({ maxConcurrency: 1 }, spill);
      expect(result.failedItems).toBeGreaterThan(0);
      const fromMemory = path.join(dir, 'memory.json');
      const fromSpill = path.join(dir, 'spill.json');
      await result.save(fromMemory);
      await spill.saveAs(result, fromSpill);
      expect(readFileSync(fromSpill, 'utf8')).toBe(readFileSync(fromMemory, 'utf8'));
      expect(spill.size).toBe(60);
    } finally {
      spill.discard();
    }
  });

  it('holds every item of a concurrent run that kept none in memory, with the run summary, and reads back as an export', async () => {
    const spill = ItemSpill.create(dir);
    try {
      const result = await run({ maxConcurrency: 8, keepItems: false }, spill);
      expect(result.itemsKept).toBe(false);
      const file = path.join(dir, 'not-kept.json');
      await spill.saveAs(result, file);
      const doc = await readExportFile(file);
      expect(doc.total_items).toBe(60);
      expect(new Set(doc.llm_eval!.item_order)).toEqual(new Set(dataset.map((d) => d.id)));
      expect(Object.keys(doc.results).length + Object.keys(doc.errors).length).toBe(60);
      expect(Object.hasOwn(doc.results, '__proto__')).toBe(true);
      expect(doc.results['nul\u0000inside']).toMatchObject({ output: '3', expected: 'no', scores: { exact_match: 0, picky: 0.25 } });
      expect(doc.success_rate).toBe(result.successRate);
      expect(doc.metric_stats.exact_match!.mean).toBe(result.metricStats.exact_match!.mean);
      expect(doc.llm_eval!.failures['item-17']).toMatchObject({ error_message: 'task broke' });
    } finally {
      spill.discard();
    }
  });

  it('discard deletes its files; it takes no more items and cannot be saved afterwards', async () => {
    const spill = ItemSpill.create(dir);
    const where = spill.directory;
    expect(readdirSync(where).sort()).toEqual(['errors', 'failures', 'order', 'results']);
    const result = await run({ maxConcurrency: 4 }, spill);
    spill.discard();
    spill.discard();
    expect(existsSync(where)).toBe(false);
    spill.add(result.items[0]!);
    await expect(spill.saveAs(result, path.join(dir, 'late.json'))).rejects.toThrow(/discarded/);
  });
});

test('a spill left by a killed process is removed by the next one, once its process is gone and it lay untouched for 10 minutes; others are kept', () => {
  const parent = mkdtempSync(path.join(dir, 'stale-'));
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  const make = (name: string, ageMs: number) => {
    const d = path.join(parent, name);
    mkdirSync(d);
    writeFileSync(path.join(d, 'results'), '{"itemId":"q1"}');
    const t = new Date(Date.now() - ageMs);
    utimesSync(path.join(d, 'results'), t, t);
    utimesSync(d, t, t);
    return d;
  };
  const stale = make(`llm-eval-spill-${deadPid}-AbC123`, 11 * 60_000);
  const fresh = make(`llm-eval-spill-${deadPid}-XyZ789`, 60_000);
  const live = make(`llm-eval-spill-${process.ppid}-Live00`, 3_600_000);
  const other = make('llm-eval-spill-notapid', 3_600_000);
  const spill = ItemSpill.create(parent);
  try {
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(path.basename(spill.directory)).toMatch(new RegExp(`^llm-eval-spill-${process.pid}-[A-Za-z0-9]{6}$`));
  } finally {
    spill.discard();
  }
  expect(readdirSync(parent).sort()).toEqual([path.basename(fresh), path.basename(live), path.basename(other)].sort());
});
