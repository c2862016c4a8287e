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
