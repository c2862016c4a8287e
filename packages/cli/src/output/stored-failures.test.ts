import type { Database, ItemRecord, ListItemsOptions } from '@llm-eval/storage';
import { failureLines } from './result-summary';
import { readStoredFailures } from './stored-failures';

/** A run of `total` stored items whose failed ones are `failed` (in order), paged as storage pages them. */
function fakeRuns(total: number, failed: Array<{ errorType: string | null; errorMessage: string | null }>) {
  const pages: ListItemsOptions[] = [];
  const runs = {
    async listItems(_runId: string, options: ListItemsOptions = {}) {
      pages.push(options);
      const matches = options.status === 'failed' ? failed.length : total;
      const from = options.cursor === undefined ? 0 : Number(options.cursor);
      const limit = options.limit ?? 50;
      const rows = options.status === 'failed' ? failed.slice(from, from + limit) : Array.from({ length: Math.min(limit, total - from) }, () => ({ errorType: null, errorMessage: null }));
      return { items: rows as ItemRecord[], total: matches, nextCursor: from + limit < matches ? String(from + limit) : null };
    },
  };
  return { db: { runs } as unknown as Pick<Database, 'runs'>, pages };
}

describe('readStoredFailures (evaluate --queue)', () => {
  it('counts every failed item by its error across pages, most frequent first', async () => {
    const failed = Array.from({ length: 2_500 }, (_, i) => (i % 5 === 0 ? { errorType: 'AuthError', errorMessage: 'no API key' } : { errorType: null, errorMessage: 'timed out\n  waiting' }));
    const { db, pages } = fakeRuns(3_000, failed);
    const { tally, failedItems, storedItems } = await readStoredFailures(db, 'run-1');
    expect({ counted: tally.failed, failedItems, storedItems }).toEqual({ counted: 2_500, failedItems: 2_500, storedItems: 3_000 });
    expect(tally.top(3)).toEqual([
      { type: 'Error', message: 'timed out waiting', count: 2_000 },
      { type: 'AuthError', message: 'no API key', count: 500 },
    ]);
    expect(pages.filter((p) => p.status === 'failed').map((p) => p.limit)).toEqual([1_000, 1_000, 1_000]);
  });

  it('reads at most `limit` failed items, and the summary says whose errors it counts', async () => {
    const failed = Array.from({ length: 30 }, () => ({ errorType: 'RangeError', errorMessage: 'bad request' }));
    const { db } = fakeRuns(40, failed);
    const stored = await readStoredFailures(db, 'run-1', 25);
    expect(stored.tally.failed).toBe(25);
    expect(stored.failedItems).toBe(30);
    expect(failureLines(stored.tally, { total: 40, failed: stored.failedItems, runId: '0123456789abcdef' })).toEqual([
      '30 of 40 items failed (the errors of the first 25):',
      '  25 × RangeError: bad request',
      'See them: llm-eval runs items 01234567 "failed items"',
    ]);
  });
});
