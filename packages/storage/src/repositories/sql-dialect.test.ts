import { utcDatetime } from './sql-dialect';

/** What TypeORM writes for SQLite datetime columns; utcDatetime must produce exactly this text. */
const typeormText = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

describe('utcDatetime', () => {
  it('writes the same text as toISOString with T and Z replaced, for every millisecond width and edge year', () => {
    const dates = [
      new Date(0),
      new Date('2026-01-02T03:04:05.006Z'),
      new Date('2026-12-31T23:59:59.090Z'),
      new Date('2026-10-10T10:10:10.100Z'),
      new Date('1000-01-01T00:00:00.000Z'),
      new Date('0999-12-31T23:59:59.999Z'),
      new Date('9999-12-31T23:59:59.999Z'),
      new Date(8.64e15),
      new Date(-8.64e15),
    ];
    for (let i = 0; i < 2_000; i++) dates.push(new Date(1.6e12 + i * 7_654_321_987));
    for (const d of dates) expect(utcDatetime(d)).toBe(typeormText(d));
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => utcDatetime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
