import type { ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/**
 * Items are inserted binding only the columns some row of a statement holds (a column null in every row takes its
 * default, null). Every shape must read back as written, whichever columns its neighbours in the statement had.
 */
const FIELDS = ['input', 'expectedOutput', 'actualOutput', 'errorMessage', 'errorType', 'startedAt', 'completedAt', 'responseTime', 'tokensUsed', 'cost', 'metadata', 'traceId'] as const;

function valueOf(field: (typeof FIELDS)[number], i: number): unknown {
  switch (field) {
    case 'input':
      return { question: `q${i}`, n: i };
    case 'startedAt':
    case 'completedAt':
      return new Date(Date.UTC(2026, 11, 4, 10, 0, 0, i));
    case 'responseTime':
      return i / 8;
    case 'tokensUsed':
      return i;
    case 'cost':
      return i / 1024;
    case 'metadata':
      return { i, tag: 'x' };
    default:
      return `${field} ${i}`;
  }
}

/** Item i holds the fields whose bit is set in `mask(i)`, and nothing else. */
function item(i: number, mask: number): ItemInput {
  const out: Record<string, unknown> = { itemId: `i${i}`, status: mask & 1 ? 'failed' : 'completed', scores: i % 3 === 0 ? {} : { m: i % 2 } };
  FIELDS.forEach((field, f) => {
    if (mask & (1 << f)) out[field] = valueOf(field, i);
  });
  return out as unknown as ItemInput;
}

describe.each(DATABASE_KINDS)('items with sparse columns on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('reads every item back as written, in batches whose statements bind different column sets', async () => {
    const { runs } = testDb.db;
    const run = await runs.createRun({ name: 'sparse', status: 'running' });
    // Whole statements with nothing optional, with one field, with every field, and mixed ones; odd batch sizes, so
    // the power-of-two tail statements meet several column sets too.
    const masks: number[] = [];
    for (let i = 0; i < 1_300; i++) {
      if (i < 500) masks.push(0);
      else if (i < 800) masks.push(1 << (i % FIELDS.length));
      else if (i < 1_000) masks.push((1 << FIELDS.length) - 1);
      else masks.push((i * 2_654_435_761) >>> 20);
    }
    const items = masks.map((mask, i) => item(i, mask & ((1 << FIELDS.length) - 1)));
    for (const [from, to] of [[0, 517], [517, 700], [700, 1_023], [1_023, 1_300]] as const) {
      expect(await runs.addItems(run.id, items.slice(from, to))).toBe(to - from);
    }
    const first = await runs.listItems(run.id, { limit: 1_000 });
    const rest = await runs.listItems(run.id, { limit: 1_000, offset: 1_000 });
    expect(first.total).toBe(items.length);
    const byId = new Map([...first.items, ...rest.items].map((stored) => [stored.itemId, stored]));
    expect(byId.size).toBe(items.length);
    items.forEach((written, i) => {
      const stored = byId.get(`i${i}`)!;
      expect(stored.status).toBe(written.status);
      expect(stored.scores).toEqual(written.scores);
      for (const field of FIELDS) expect([field, stored[field]]).toEqual([field, written[field] ?? null]);
    });
  });
});
