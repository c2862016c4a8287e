import { ownColours } from './terminal-text';
import { renderTable } from './table';

type TableCtor = typeof import('cli-table3');

/** Every cli-table3 table renderTable makes: its options and the rows it held when drawn. */
const made: Array<{ options: unknown; rows: string[][] }> = [];

jest.mock('cli-table3', () => {
  const Real = jest.requireActual('cli-table3') as TableCtor;
  return class Recorded extends Real {
    constructor(options: ConstructorParameters<TableCtor>[0]) {
      super(options);
      made.push({ options, rows: [] });
    }
    override toString(): string {
      made[made.length - 1]!.rows = [...this] as string[][];
      return super.toString();
    }
  };
});

/** The rows of every table renderTable drew, drawn by one cli-table3 table with the options it gave the first. */
function oneTable(): string {
  const Real = jest.requireActual('cli-table3') as TableCtor;
  const table = new Real(made[0]!.options as ConstructorParameters<TableCtor>[0]);
  for (const { rows } of made) for (const row of rows) table.push(row);
  return ownColours(table.toString());
}

// cli-table3 lays a table out in time growing as its rows², so `runs show` and `runs compare` of a run with 3,000
// metrics spent seconds drawing the metric table. renderTable draws a long table in bounded pieces and joins them: the
// text is the same as one table's, and no piece grows with the rows.
describe('renderTable of many rows', () => {
  beforeEach(() => void (made.length = 0));

  it('draws 700 rows as one table would, from tables of a bounded size', () => {
    const rows = Array.from({ length: 700 }, (_, i) => [`metric_${i}`, ownColours('\x1b[32mcompleted\x1b[39m'), '漢字'.repeat(i % 5), 'x'.repeat(i % 700)]);
    const text = renderTable(['metric', 'status', 'wide', 'long'], rows);
    expect(made.length).toBeGreaterThan(1);
    for (const table of made) expect(table.rows.length).toBeLessThanOrEqual(200);
    expect(made.reduce((n, table) => n + table.rows.length, 0)).toBe(700);
    expect(text).toBe(oneTable());
    expect(text).toContain(ownColours('\x1b[32mcompleted'));
    expect(text.split('\n')).toHaveLength(700 + 3);
  });

  it('draws a table with a coloured head and no rows, or a few rows, as one table', () => {
    for (const count of [0, 1, 199, 200, 201, 401]) {
      made.length = 0;
      const rows = Array.from({ length: count }, (_, i) => [`m${i}`, String(i)]);
      const text = renderTable(['metric', 'n'], rows, { color: true });
      expect(made.reduce((n, table) => n + table.rows.length, 0)).toBe(count);
      expect(text).toBe(oneTable());
    }
  });
});
