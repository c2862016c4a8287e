/** Lifecycle states of an evaluation run. */
export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
/** A run's lifecycle state. */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** States of one evaluated dataset item. */
export const ITEM_STATUSES = ['pending', 'completed', 'failed', 'skipped'] as const;
/** An item's state. */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** How a metric's values are interpreted. */
export const METRIC_TYPES = ['numeric', 'boolean', 'custom'] as const;
/** A metric's kind. */
export type MetricType = (typeof METRIC_TYPES)[number];

/** SQL list literal for a CHECK constraint; values are our own constants, never user text. */
/** @internal */
export function sqlInList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/**
 * SQL condition that `column` holds one of `values`, for a CHECK constraint; values are our own constants, never user
 * text. Written as equalities joined by OR rather than IN (…): SQLite builds an ephemeral index for an IN list of more
 * than two values each time it evaluates the constraint, which cost a sixth of an item insert's time.
 * @internal
 */
export function sqlAnyOf(column: string, values: readonly string[]): string {
  return `(${values.map((v) => `"${column}" = '${v}'`).join(' OR ')})`;
}
