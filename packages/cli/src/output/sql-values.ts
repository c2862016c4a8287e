/**
 * A timestamp from a raw query as a Date: PostgreSQL returns Dates, SQLite the UTC text TypeORM wrote
 * ("2026-11-27 15:04:05.123", no zone), which must not be read as local time.
 */
export function sqlDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const zoned = /([zZ]|[+-]\d\d(:?\d\d)?)$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A count or number from a raw query (PostgreSQL returns COUNT(*) as a string). */
export function sqlNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}
