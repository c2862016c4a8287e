import { UNKNOWN_DURATION_SQL } from './run-duration';

// Runs sorted by duration: those whose duration is not known (knownDurationSeconds null, UNKNOWN_DURATION_SQL) come
// after every known one in both directions — where a database puts NULLs for "unknown" with NULLS LAST — ties by id
// in the direction asked. Their stored 0 (or placeholder) sorted as a number put never-measured runs first in an
// ascending list. Spelled as a CASE rather than NULLS LAST so SQLite and PostgreSQL read the same SQL, and a cursor
// keeps one position on either side of the boundary.

/** A sort direction. */
type Direction = 'asc' | 'desc';

/** The run's duration in SQL, NULL while it is not known: what a page reports as the value it sorted by. @internal */
export const KNOWN_DURATION_SQL = `CASE WHEN ${UNKNOWN_DURATION_SQL} THEN NULL ELSE "r"."duration_seconds" END`;

/**
 * The ORDER BY terms of a sort by duration over the run aliased "r": unknown last, then the known duration (NULL for
 * every unknown one, so their stored numbers play no part), then id. @internal
 */
export function durationOrderTerms(direction: Direction): Array<[string, 'ASC' | 'DESC']> {
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  return [
    [`CASE WHEN ${UNKNOWN_DURATION_SQL} THEN 1 ELSE 0 END`, 'ASC'],
    [KNOWN_DURATION_SQL, dir],
    ['"r"."id"', dir],
  ];
}

/**
 * The condition "comes after the cursor's row" of a sort by duration, its values bound through `bind` (which returns
 * the placeholder of a bound parameter). A position of unknown duration (value null) is followed only by unknown ones
 * further along by id; a known one by the known ones after it and then every unknown one. @internal
 */
export function durationAfterSql(
  direction: Direction,
  position: { value: string | number | null; id: string | number },
  bind: (value: unknown) => string,
): string {
  const op = direction === 'asc' ? '>' : '<';
  if (position.value === null) return `(${UNKNOWN_DURATION_SQL} AND "r"."id" ${op} ${bind(position.id)})`;
  // Every unknown row is after a known position, whatever its stored number. A CASE, not an OR: SQLite answers an OR
  // of indexed terms by looking up the rows of each index apart (status, then duration), several times slower than
  // the scan the sort needs anyway.
  return `(CASE WHEN ${UNKNOWN_DURATION_SQL} THEN TRUE ELSE ("r"."duration_seconds", "r"."id") ${op} (${bind(position.value)}, ${bind(position.id)}) END)`;
}
