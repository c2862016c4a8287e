import type { RunSortField } from '@llm-eval/storage';

/**
 * Every order `runs list --sort` takes: storage's RUN_SORT_FIELDS. Spelled out rather than imported, because command
 * builders run for `--help` and must not load the storage stack; the check below and run-sorts.test.ts fail the build
 * if the two lists ever differ.
 */
export const RUN_SORT_CHOICES = ['createdAt', 'name', 'status', 'successRate', 'durationSeconds', 'totalTokens', 'totalCost'] as const satisfies readonly RunSortField[];

type Unlisted = Exclude<RunSortField, (typeof RUN_SORT_CHOICES)[number]>;
/** Compile-time: an order storage adds and this list lacks makes this line an error. */
export const EVERY_RUN_SORT_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
