import { UNKNOWN_DURATION_SQL } from './run-duration';

// Runs sorted by duration: those whose duration is not known (knownDurationSeconds null, UNKNOWN_DURATION_SQL) come
// after every known one in both directions — where a database puts NULLs for "unknown" with NULLS LAST — ties by id
// in the direction asked. Their stored 0 (or placeholder) sorted as a number put never-measured runs first in an
// ascending list.
//
// Each direction orders by one key, the known duration with a stand-in for unknown ones that sorts last in that
// direction, then id; migration 1809000000000-run-duration-keys indexes exactly these two keys, so a page is one range
// of an index (the first page as a deep one) and no page sorts the matching runs. The stand-ins are spelled alike for
// SQLite and PostgreSQL:
// - ascending, 'Infinity': PostgreSQL reads it as the double precision infinity, above every stored duration (they are
//   finite: migration 1806000000000-run-integrity-rules); SQLite keeps the text 'Infinity', and SQLite orders every
//   text after every number;
// - descending, -1: below every stored duration on both (CHK_runs_duration: durations are >= 0).
// A single key with the unknown last in both directions cannot exist (one is the other read backwards), hence two.

/** A sort direction. */
type Direction = 'asc' | 'desc';

/** The stand-in of an unknown duration in each direction's key: it sorts after every known duration. */
const UNKNOWN_STAND_IN: Record<Direction, string> = { asc: `'Infinity'`, desc: '-1' };

/**
 * The key a sort by duration in `direction` orders by, over the run aliased "r": the stored duration, or the stand-in
 * that puts an unknown one last. Exactly the expression its index holds (with the alias). @internal
 */
export function durationKeySql(direction: Direction): string {
  return `CASE WHEN ${UNKNOWN_DURATION_SQL} THEN ${UNKNOWN_STAND_IN[direction]} ELSE "r"."duration_seconds" END`;
}

/** The run's duration in SQL, NULL while it is not known: what a page reports as the value it sorted by. @internal */
export const KNOWN_DURATION_SQL = `CASE WHEN ${UNKNOWN_DURATION_SQL} THEN NULL ELSE "r"."duration_seconds" END`;

/**
 * The ORDER BY terms of a sort by duration over the run aliased "r": the direction's key (unknown durations last,
 * their stored numbers playing no part), then id. @internal
 */
export function durationOrderTerms(direction: Direction): Array<[string, 'ASC' | 'DESC']> {
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  return [
    [durationKeySql(direction), dir],
    ['"r"."id"', dir],
  ];
}

/**
 * The condition "comes after the cursor's row" of a sort by duration, its values bound through `bind` (which returns
 * the placeholder of a bound parameter). A position of unknown duration (value null) stands at its direction's
 * stand-in: only unknown ones further along by id follow it; a known one is followed by the known ones after it and
 * then every unknown one. @internal
 */
export function durationAfterSql(
  direction: Direction,
  position: { value: string | number | null; id: string | number },
  bind: (value: unknown) => string,
): string {
  const key = durationKeySql(direction);
  const op = direction === 'asc' ? '>' : '<';
  const value = () => (position.value === null ? UNKNOWN_STAND_IN[direction] : bind(position.value));
  // The row-value comparison alone says it all, but SQLite starts an index range only at a comparison of the key
  // itself, not at a row value that begins with an expression: the key's own bound beside it makes a page a seek.
  return `(${key} ${op}= ${value()} AND (${key}, "r"."id") ${op} (${value()}, ${bind(position.id)}))`;
}

/**
 * Conditions for duration bounds (inclusive) over the run aliased "r", each given bound bound through `bind`: a run
 * of unknown duration meets none. They compare a direction's key, so the rule of what is unknown stays the one the
 * sort uses, and the bounds are one range of that key's index: a maximum (with or without a minimum) the ascending
 * key, whose stand-in is above every bound; a minimum alone the descending one, whose stand-in is below every bound
 * (bounds are >= 0). @internal
 */
export function durationBoundsSql(bounds: { min?: number; max?: number }, bind: (value: unknown) => string): string[] {
  if (bounds.max === undefined) return bounds.min === undefined ? [] : [`${durationKeySql('desc')} >= ${bind(bounds.min)}`];
  const key = durationKeySql('asc');
  return [...(bounds.min === undefined ? [] : [`${key} >= ${bind(bounds.min)}`]), `${key} <= ${bind(bounds.max)}`];
}
