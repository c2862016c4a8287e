import { ValidationError } from '../errors';
import { utcDatetime, type SqlDialect } from './sql-dialect';
import { isStorableDate, STORABLE_DATE_RULE } from './stored-date';

/**
 * SQLite text of a date range's bound: "YYYY-MM-DD HH:MM:SS" and the milliseconds without their trailing zeros (and
 * without the dot when none are left), 2026-03-29 00:00:00.500 as "2026-03-29 00:00:00.5", midnight as
 * "2026-03-29 00:00:00".
 *
 * SQLite compares dates as text, and the integrity rules (1806000000000-run-integrity-rules.ts) let a date column hold
 * "YYYY-MM-DD HH:MM:SS.SSS" (TypeORM's form) or "YYYY-MM-DD HH:MM:SS" (the columns' datetime('now') default, and what
 * any other tool writes): with a bound of TypeORM's form, a run stored "2026-03-29 00:00:00" sorted before its own
 * instant "…00:00:00.000", so `since 2026-03-29` left it out and `until 2026-03-29` kept it. Against the shortened
 * bound text order is time order for `>=` and `<`, for either stored form: the first 19 characters decide unless they
 * are equal; then a stored value without a fraction is the bound itself (no fraction left) or before it (one left),
 * and a stored ".SSS" is at or after the bound exactly when its digits are, the bound's being a prefix of its own
 * padded with zeros. (Not for `>` or `<=`: a stored ".000" is after the bound "…:00" as text, though the same instant.)
 * @internal
 */
export function sqliteRangeBound(date: Date): string {
  const text = utcDatetime(date);
  const fraction = text.slice(20).replace(/0+$/, '');
  return fraction === '' ? text.slice(0, 19) : `${text.slice(0, 19)}.${fraction}`;
}

/**
 * A date to bind as the lower (`column >= bound`) or upper (`column < bound`) end of a range over a stored date
 * column. A date outside years 1 to 9999 is refused as `field`'s: SQLite would compare a mangled text ("2974-…" for
 * year -2974) and PostgreSQL fail with "timestamp out of range". Use only with `>=` and `<` (sqliteRangeBound says why).
 * @internal
 */
export function dateRangeBound(dialect: SqlDialect, date: Date, field: string): Date | string {
  if (!(date instanceof Date) || !isStorableDate(date)) throw new ValidationError(`Invalid date bound "${field}": ${STORABLE_DATE_RULE}.`, field);
  return dialect.kind === 'postgres' ? date : sqliteRangeBound(date);
}
