import type { RunState } from '@llm-eval/storage';

/**
 * Every run status a command accepts or shows: storage's RUN_STATES, i.e. models' RUN_STATUSES plus `abandoned` (a
 * running run whose writer is gone). Spelled out rather than imported, because command builders run for `--help`
 * and must not load the storage stack; the checks below fail the build if the two lists ever differ.
 */
export const RUN_STATUS_CHOICES = ['running', 'abandoned', 'completed', 'failed', 'cancelled'] as const satisfies readonly RunState[];

type Unlisted = Exclude<RunState, (typeof RUN_STATUS_CHOICES)[number]>;
/** Compile-time: a status storage adds and this list lacks makes this line an error. */
export const EVERY_RUN_STATE_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** The describe text of a --status option. */
export const STATUS_OPTION_HELP = 'One or more statuses (abandoned: running, but its writer is gone; see runs recover)';
