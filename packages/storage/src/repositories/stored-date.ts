import { z } from 'zod';

/**
 * Dates storage keeps are in years 1 to 9999. SQLite keeps a date as `YYYY-MM-DD …` text, and TypeORM's formatting
 * of a date outside those years is wrong, not refused: year -2974 is written "2974-…" and 10000 "0000-…", so a filter
 * `createdAfter` 5,000 years ago matched nothing and `pruneRuns({ before })` of such a date matched every run. Both
 * databases refuse them alike.
 * @internal
 */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}

/** What a refused date is told. @internal */
export const STORABLE_DATE_RULE = 'must be a valid date in the years 1 to 9999';

/** A Date that isStorableDate. @internal */
export const storableDate = z
  // An Invalid Date (new Date('nope')) fails z.date() itself, whose own message read "expected date, received Date".
  .date({ error: STORABLE_DATE_RULE })
  .refine(isStorableDate, STORABLE_DATE_RULE);
