import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

/** Friday 2026-11-27 15:00 UTC. */
const NOW = new Date('2026-11-27T15:00:00Z');

interface Spec {
  name: string;
  model: string;
  created: string;
  items: number;
  failed: number;
  accuracy: number;
  tags?: string[];
}

const SPECS: Spec[] = [
  { name: 'a', model: 'llama-3-8b', created: '2026-11-27T14:45:00Z', items: 100, failed: 0, accuracy: 0.85, tags: ['nightly'] },
  { name: 'b', model: 'Llama-3.1-70B', created: '2026-11-27T08:00:00Z', items: 5, failed: 2, accuracy: 0.5 },
  { name: 'c', model: 'llama-30b', created: '2026-11-26T10:00:00Z', items: 5, failed: 0, accuracy: 0.95 },
  { name: 'd', model: 'claude-3-5-sonnet', created: '2026-11-15T12:00:00Z', items: 5, failed: 5, accuracy: 0.3, tags: ['v1'] },
  { name: 'e', model: 'gpt-4o', created: '2026-11-10T12:00:00Z', items: 5, failed: 1, accuracy: 0.88 },
  { name: 'f', model: 'gpt-4o', created: '2026-08-15T12:00:00Z', items: 5, failed: 3, accuracy: 0.2, tags: ['v1', 'nightly'] },
  { name: 'g', model: 'gpt-4o-mini', created: '2025-08-15T12:00:00Z', items: 100, failed: 10, accuracy: 0.6 },
  { name: 'h', model: 'claude-3-opus', created: '2026-05-01T12:00:00Z', items: 5, failed: 0, accuracy: 0.7 },
];

describe.each(DATABASE_KINDS)('more phrasings against stored runs on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const s of SPECS) {
      await db.runs.importRun(
        { name: s.name, modelName: s.model, status: 'completed', tags: s.tags ?? [], metricsUsed: ['accuracy'], createdAt: new Date(s.created) },
        Array.from({ length: s.items }, (_, k) => ({
          itemId: `i${k}`,
          status: k < s.failed ? ('failed' as const) : ('completed' as const),
          scores: { accuracy: s.accuracy },
          actualOutput: 'x',
        })),
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = (query: string) => engine.searchRuns({ query, now: NOW, limit: 1000 });
  const names = async (query: string) => {
    const result = await search(query);
    expect(result.total).toBe(result.runs.length);
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };

  it.each([
    // Ranges on the percent scale, the measure before or after.
    ['between 80% and 90% accuracy', ['a', 'e'], 'accuracy >= 0.8 AND accuracy <= 0.9'],
    ['accuracy between 80% and 90%', ['a', 'e'], 'accuracy >= 0.8 AND accuracy <= 0.9'],
    // Exact counts.
    ['100 items', ['a', 'g'], 'items = 100'],
    ['0 failures', ['a', 'c', 'h'], 'failed items = 0'],
    ['runs with no failures', ['a', 'c', 'h'], 'failed items = 0'],
    // A version's family takes its point releases (Llama-3.1-70B) but not another number (llama-30b).
    ['llama 3', ['a', 'b'], 'model is llama-3-* or llama-3.* (model family)'],
    ['not llama 3', ['c', 'd', 'e', 'f', 'g', 'h'], 'model is neither llama-3-* nor llama-3.* (model family)'],
    ['llama 3.1', ['b'], 'model is Llama-3.1-* or Llama-3.1.* (model family)'],
    // Times of day, today in the search's time zone.
    ['since 9am', ['a'], 'created since 2026-11-27 09:00 (since 9am, UTC)'],
    ['since 14:30', ['a'], 'created since 2026-11-27 14:30 (since 14:30, UTC)'],
    ['since 7am', ['a', 'b'], 'created since 2026-11-27 07:00 (since 7am, UTC)'],
    ['since yesterday 9am', ['a', 'b', 'c'], 'created since 2026-11-26 09:00 (since yesterday 9am, UTC)'],
    // Fortnights and quarters.
    ['past fortnight', ['a', 'b', 'c', 'd'], 'created 2026-11-13 15:00 \u2013 2026-11-27 15:00 (past fortnight, UTC)'],
    ['last fortnight', ['a', 'b', 'c', 'd'], 'created 2026-11-13 15:00 \u2013 2026-11-27 15:00 (last fortnight, UTC)'],
    ['in Q3', ['f'], 'created 2026-07-01 \u2013 2026-10-01 (Q3, UTC)'],
    ['in Q3 2025', ['g'], 'created 2025-07-01 \u2013 2025-10-01 (Q3 2025, UTC)'],
    ['Q2', ['h'], 'created 2026-04-01 \u2013 2026-07-01 (Q2, UTC)'],
    // Tags.
    ['untagged', ['b', 'c', 'e', 'g', 'h'], 'has no tags'],
    ['runs without tags', ['b', 'c', 'e', 'g', 'h'], 'has no tags'],
    ['runs with tags', ['a', 'd', 'f'], 'has tags'],
    ['untagged gpt-4o runs', ['e'], 'has no tags AND model is gpt-4o'],
  ])('%s → %j (%s)', async (query, expected, explanation) => {
    const result = await names(query);
    expect(result.names).toEqual(expected);
    expect(result.explanation).toBe(explanation);
  });

  it('warns once for a range on the wrong scale, with the percentages it probably meant', async () => {
    const result = await names('between 80 and 90 accuracy');
    expect(result.names).toEqual([]);
    expect(result.explanation).toBe('accuracy >= 80 AND accuracy <= 90');
    expect(result.warnings).toEqual([
      'no run has a mean accuracy above 1, so "accuracy between 80 and 90" matches no run; did you mean 80%\u201390% (0.8\u20130.9)?',
    ]);
    const outside = await names('accuracy not between 80 and 90');
    expect(outside.names).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(outside.warnings).toEqual([
      'no run has a mean accuracy above 1, so "accuracy not between 80 and 90" matches every run with accuracy; did you mean 80%\u201390% (0.8\u20130.9)?',
    ]);
  });

  it('warns the same way for a range in an item query', async () => {
    const items = await engine.searchItems('a', 'accuracy between 80 and 90');
    expect(items.total).toBe(0);
    expect(items.warnings).toEqual([
      'no item of this run scored above 1 on accuracy, so "accuracy between 80 and 90" matches no item; did you mean 80%\u201390% (0.8\u20130.9)?',
    ]);
  });

  it('says how "no failures" and a time still to come were read', async () => {
    expect((await names('no failures')).warnings).toEqual([
      'read "no failures" as failed items = 0; for runs whose status is not failed, write "not failed"',
    ]);
    const later = await names('since 4pm');
    expect(later.names).toEqual(['a', 'b']);
    expect(later.explanation).toBe('created since 2026-11-26 16:00 (since 4pm, UTC)');
    expect(later.warnings).toEqual(['"4pm" has not come yet today, so it means yesterday at 4pm']);
  });

  it('sorts by the nearest order to error rate and failed items (success rate, the other way round), and says so', async () => {
    // Success rates: d 0, f 0.4, b 0.6, e 0.8, g 0.9, a c h 1.
    for (const query of ['most failures', 'sort by error rate', 'highest error rate']) {
      const result = await search(query);
      expect(result.runs.slice(0, 5).map((r) => r.name)).toEqual(['d', 'f', 'b', 'e', 'g']);
      expect(result.sort).toEqual({ field: 'successRate', direction: 'asc' });
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(/^runs cannot be sorted by (error rate|failed items): sorted by success rate, lowest first, instead$/);
    }
    for (const query of ['lowest error rate', 'fewest failures']) {
      const result = await search(query);
      expect(result.runs.slice(3).map((r) => r.name)).toEqual(['g', 'e', 'b', 'f', 'd']);
      expect(result.sort).toEqual({ field: 'successRate', direction: 'desc' });
    }
  });
});
