import { EvaluationRun } from '@llm-eval/models';
import { applyRunFilters, dialectOf, ValidationError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// SQLite compares dates as text, and a run's created_at may be "YYYY-MM-DD HH:MM:SS" (the column default's form, and
// what another tool writes) as well as storage's "…SS.SSS". Against a bound "2026-03-29 00:00:00.000" a run stored
// "2026-03-29 00:00:00" sorted before midnight: `--since 2026-03-29` left it out and `--until 2026-03-29` kept it.
describe.each(DATABASE_KINDS)('date bounds against dates stored by another tool on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  /** Each run's created_at as the other tool writes it (SQLite text; PostgreSQL reads the same text as UTC). */
  const stored: Record<string, string> = {
    'day-before': '2026-03-28 23:59:59',
    midnight: '2026-03-29 00:00:00',
    'midnight-ms': '2026-03-29 00:00:00.000',
    'half-second': '2026-03-29 00:00:00.500',
    'second-later': '2026-03-29 00:00:01',
    'next-day': '2026-03-30 00:00:00',
  };

  beforeAll(async () => {
    for (const [name, at] of Object.entries(stored)) {
      const run = await t.db.runs.createRun({ name, status: 'completed' });
      // Raw SQL, as another tool writes the row (storage itself always writes the milliseconds).
      const [sql, value] = kind === 'sqlite' ? ['UPDATE "evaluation_runs" SET "created_at" = ? WHERE "id" = ?', at] : ['UPDATE "evaluation_runs" SET "created_at" = $1 WHERE "id" = $2', `${at}+00`];
      await t.db.dataSource.query(sql, [value, run.id]);
    }
    if (kind === 'sqlite') {
      const rows = (await t.db.dataSource.query('SELECT "name", "created_at" FROM "evaluation_runs"')) as Array<{ name: string; created_at: string }>;
      // Since migration 1812000000000 SQLite stores the seconds-only form with ".000" (the same instant): the bounds
      // must still hold for both, whichever form a database holds.
      const canonical = Object.fromEntries(Object.entries(stored).map(([name, at]) => [name, at.length === 19 ? `${at}.000` : at]));
      expect(Object.fromEntries(rows.map((r) => [r.name, r.created_at]))).toEqual(canonical);
    }
  });

  const names = async (filters: { createdAfter?: Date; createdBefore?: Date }) =>
    // Sorted by name: runs of the same instant (midnight, midnight-ms) come in id order, which is random.
    (await t.db.runs.listRuns(filters)).runs.map((r) => r.name).sort();
  const sorted = (list: string[]) => [...list].sort();
  const at = (iso: string) => new Date(iso);

  it('puts a run stored at midnight without milliseconds on its own day', async () => {
    expect(await names({ createdAfter: at('2026-03-29T00:00:00Z') })).toEqual(sorted(['midnight', 'midnight-ms', 'half-second', 'second-later', 'next-day']));
    expect(await names({ createdBefore: at('2026-03-29T00:00:00Z') })).toEqual(sorted(['day-before']));
    expect(await names({ createdAfter: at('2026-03-29T00:00:00Z'), createdBefore: at('2026-03-30T00:00:00Z') })).toEqual(sorted([
      'midnight',
      'midnight-ms',
      'half-second',
      'second-later',
    ]));
    expect(await names({ createdAfter: at('2026-03-28T00:00:00Z'), createdBefore: at('2026-03-29T00:00:00Z') })).toEqual(sorted(['day-before']));
  });

  it('compares bounds with milliseconds rightly against either stored form', async () => {
    expect(await names({ createdAfter: at('2026-03-29T00:00:00.500Z') })).toEqual(sorted(['half-second', 'second-later', 'next-day']));
    expect(await names({ createdAfter: at('2026-03-29T00:00:00.499Z') })).toEqual(sorted(['half-second', 'second-later', 'next-day']));
    expect(await names({ createdAfter: at('2026-03-29T00:00:00.501Z') })).toEqual(sorted(['second-later', 'next-day']));
    expect(await names({ createdBefore: at('2026-03-29T00:00:00.500Z') })).toEqual(sorted(['day-before', 'midnight', 'midnight-ms']));
    expect(await names({ createdBefore: at('2026-03-29T00:00:00.001Z') })).toEqual(sorted(['day-before', 'midnight', 'midnight-ms']));
    expect(await names({ createdAfter: at('2026-03-29T00:00:00.001Z') })).toEqual(sorted(['half-second', 'second-later', 'next-day']));
    expect(await names({ createdBefore: at('2026-03-29T00:00:01.000Z') })).toEqual(sorted(['day-before', 'midnight', 'midnight-ms', 'half-second']));
    expect(await names({ createdAfter: at('2026-03-28T23:59:59.999Z') })).toEqual(sorted(['midnight', 'midnight-ms', 'half-second', 'second-later', 'next-day']));
  });

  it('prunes by the same rule', async () => {
    const older = await t.db.runs.findRunsOlderThan({ before: at('2026-03-29T00:00:00Z') });
    expect(older.total).toBe(1);
    expect((await t.db.runs.requireRun(older.ids[0]!)).name).toBe('day-before');
  });

  it('refuses a filter outside years 1 to 9999 wherever it is applied, naming it', async () => {
    const yearZero = new Date('2000-06-01T00:00:00Z');
    yearZero.setUTCFullYear(0);
    const qb = t.db.dataSource.getRepository(EvaluationRun).createQueryBuilder('r');
    expect(() => applyRunFilters(qb, { createdAfter: yearZero }, dialectOf(t.db.dataSource))).toThrow(ValidationError);
    expect(() => applyRunFilters(qb, { createdBefore: new Date('+010000-01-01T00:00:00Z') }, dialectOf(t.db.dataSource))).toThrow(
      /createdBefore.*years 1 to 9999/,
    );
  });
});
