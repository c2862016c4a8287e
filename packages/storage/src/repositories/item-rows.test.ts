import { ValidationError } from '../errors';
import { ALL_ITEM_COLUMNS, boundColumns, itemInsertSql, MAX_STATEMENT_BYTES, statementRowCounts, toItemRows, type ItemRow } from './item-rows';
import type { ItemInput } from './records';
import { utcDatetime, type SqlDialect } from './sql-dialect';

const sqlite: SqlDialect = { kind: 'sqlite', param: () => '?', maxParams: 32_766, timestamp: utcDatetime, json: JSON.stringify, lower: (e) => `llm_eval_lower(${e})` };
const postgres: SqlDialect = { kind: 'postgres', param: (n) => `$${n}`, maxParams: 65_535, timestamp: (d) => d, json: JSON.stringify, lower: (e) => `lower(${e})` };
const RUN = '0b9d2a0e-5d5c-4f4e-9a57-2b8f5f2b1a11';
const STARTED = 9;
const COMPLETED = 10;

const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 22, 0, 0) + ms);
const item = (id: string, started: Date, completed: Date): ItemInput => ({ itemId: id, startedAt: started, completedAt: completed, scores: {} });

describe('toItemRows', () => {
  it('binds every timestamp of a batch as its own text, whether it repeats the one before or not', () => {
    const times = [0, 0, 1, 0, 0, 999, 1_000, 1_000, 86_400_000, 0].map(at);
    const items = times.map((t, i) => item(`i${i}`, t, times[(i + 3) % times.length]!));
    const { rows, rejected } = toItemRows(RUN, 7, items, 0, sqlite);
    expect(rejected).toEqual([]);
    expect(rows.map((r) => [r.values[STARTED], r.values[COMPLETED]])).toEqual(items.map((i) => [utcDatetime(i.startedAt!), utcDatetime(i.completedAt!)]));
  });

  it('binds PostgreSQL timestamps as the Dates given', () => {
    const items = [item('a', at(0), at(0)), item('b', at(0), at(5))];
    const { rows } = toItemRows(RUN, 7, items, 0, postgres);
    expect(rows.map((r) => r.values[STARTED])).toEqual([items[0]!.startedAt, items[1]!.startedAt]);
    expect(rows[1]!.values[COMPLETED]).toBe(items[1]!.completedAt);
  });

  it('stores item ids encoded and refuses one that is empty or too long as stored, naming it', () => {
    const ids = ['plain', 'nul\u0000id', '', 'x'.repeat(255), 'x'.repeat(254) + '\u0000', 'y'.repeat(256)];
    const { rows, rejected } = toItemRows(RUN, 7, ids.map((id) => item(id, at(0), at(0))), 0, sqlite);
    expect(rows.map((r) => r.values[1])).toEqual(['plain', 'nul\uFDD00000id', 'x'.repeat(255)]);
    expect(rejected.map((r) => [r.index, r.itemId, r.error instanceof ValidationError])).toEqual([
      [2, '', true],
      [4, 'x'.repeat(254) + '\u0000', true],
      [5, 'y'.repeat(256), true],
    ]);
  });
});

describe('statementRowCounts', () => {
  const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

  it('splits a SQLite batch into full statements and power-of-two ones, so few statement texts ever need compiling', () => {
    expect(statementRowCounts(0, sqlite)).toEqual([]);
    expect(statementRowCounts(500, sqlite)).toEqual([500]);
    expect(statementRowCounts(1_330, sqlite)).toEqual([500, 500, 256, 64, 8, 2]);
    const sizes = new Set<number>();
    for (let total = 1; total <= 2_100; total++) {
      const counts = statementRowCounts(total, sqlite);
      expect(sum(counts)).toBe(total);
      counts.forEach((c) => sizes.add(c));
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 500]);
  });

  it('keeps PostgreSQL to as few statements (round trips) as the parameter limit allows', () => {
    expect(statementRowCounts(1_330, postgres)).toEqual([500, 500, 330]);
    expect(statementRowCounts(499, postgres)).toEqual([499]);
  });

  // 500 rows of 5 MB outputs were one 2.5 GB statement: PostgreSQL closes the connection on a message over 1 GB.
  it('splits a PostgreSQL batch of large values into statements under MAX_STATEMENT_BYTES, one row at the least', () => {
    const big = 'x'.repeat(5_000_000); // one string shared by every row: the test holds 5 MB, not 2.5 GB
    const row = (index: number, text: string): ItemRow => ({ index, itemId: `q${index}`, values: [7, `q${index}`, index, null, null, text, 'completed'] });
    const rows = Array.from({ length: 500 }, (_, i) => row(i, i % 2 ? big : 'small'));
    const counts = statementRowCounts(rows.length, postgres, rows);
    expect(sum(counts)).toBe(500);
    let start = 0;
    for (const count of counts) {
      const chunk = rows.slice(start, start + count);
      start += count;
      const bytes = chunk.reduce((total, r) => total + r.values.reduce<number>((b, v) => b + (typeof v === 'string' ? v.length * 3 : 8), 0), 0);
      expect(bytes).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    }
    expect(counts.length).toBeGreaterThan(50);
    // A row larger than the cap still goes, alone; small rows still fill whole statements.
    const huge = 'y'.repeat(MAX_STATEMENT_BYTES / 2);
    expect(statementRowCounts(3, postgres, [row(0, 'a'), row(1, huge), row(2, 'b')])).toEqual([1, 1, 1]);
    expect(statementRowCounts(1_330, postgres, Array.from({ length: 1_330 }, (_, i) => row(i, 'small')))).toEqual([500, 500, 330]);
  });
});

describe('toItemRows messages', () => {
  const rejectedMessage = (fields: Partial<ItemInput>): string => {
    const { rejected } = toItemRows(RUN, 7, [{ itemId: 'q1', ...fields } as ItemInput], 0, sqlite);
    expect(rejected).toHaveLength(1);
    return rejected[0]!.error.message;
  };

  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('name a score of %p as %s, not as null', (score, shown) => {
    expect(rejectedMessage({ scores: { exact_match: score } })).toBe(
      `Item 0 ("q1") field "scores.exact_match": must be a finite number, a boolean or { error: string }, got ${shown}. This item was not stored.`,
    );
  });

  it.each([
    ['responseTime', NaN, 'must be a number >= 0, got NaN'],
    ['cost', -Infinity, 'must be a number >= 0, got -Infinity'],
    ['tokensUsed', Infinity, 'must be a whole number >= 0, got Infinity'],
    ['tokensUsed', 2.5, 'must be a whole number >= 0, got 2.5'],
  ] as const)('name %s %p as it is', (field, value, problem) => {
    expect(rejectedMessage({ [field]: value })).toBe(`Item 0 ("q1") field "${field}": ${problem}. This item was not stored.`);
  });

  it('reject a BigInt, a cyclic or a long score on its own instead of failing the batch', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(rejectedMessage({ scores: { m: 10n as unknown as number } })).toContain('got 10n.');
    expect(rejectedMessage({ scores: { m: cycle as unknown as number } })).toContain('got an object with no JSON form.');
    expect(rejectedMessage({ responseTime: 'x'.repeat(500) as unknown as number })).toContain(`got "${'x'.repeat(98)}…. This item`);
  });
});

describe('boundColumns and itemInsertSql', () => {
  it('binds only the columns some row of the statement holds, and every column when asked', () => {
    const bare = { itemId: 'a', scores: {} };
    const { rows } = toItemRows(RUN, 7, [bare, { ...bare, itemId: 'b', traceId: 't' }, { ...bare, itemId: 'c', errorMessage: 'boom' }], 0, sqlite);
    const first = boundColumns(rows, 0, 1);
    const sql = itemInsertSql(1, sqlite, false, first);
    expect(sql).toBe('INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "status", "scores") VALUES (?, ?, ?, ?, ?)');
    expect(itemInsertSql(2, postgres, true, boundColumns(rows, 0, 2))).toBe(
      'INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "status", "scores", "trace_id") VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12)' +
        ' ON CONFLICT ("run_key", "item_id") DO NOTHING RETURNING "item_id"',
    );
    expect(boundColumns(rows, 1, 2)).toBe(boundColumns(rows, 0, 3));
    expect(itemInsertSql(1, sqlite)).toBe(itemInsertSql(1, sqlite, false, ALL_ITEM_COLUMNS));
    expect(itemInsertSql(1, sqlite).match(/\?/g)).toHaveLength(17);
  });
});
