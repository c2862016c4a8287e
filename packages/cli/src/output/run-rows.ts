import type { RunRecord } from '@llm-eval/storage';
import { durationKnown, type DurationFields } from '../run-durations';
import { seconds, shortId, successPercent, when } from './format';

/**
 * A run's duration; unknown (–) while it runs, after its writer died, or when it has no start time (see
 * durationKnown), whatever the stored column holds.
 */
export function runDuration(run: DurationFields & Pick<RunRecord, 'durationSeconds'>): string {
  return durationKnown(run) ? seconds(run.durationSeconds) : '–';
}

/** The columns `runs list` and `runs search` print; the created column names the zone its times are in. */
export function runHead(zone: string): string[] {
  return ['id', 'name', 'status', 'project', 'dataset', 'model', 'success', 'items', 'duration', `created (${zone})`];
}

/** One table row of a run, its created time in `zone`. */
export function runRow(run: RunRecord, color: (status: string) => string, zone: string): string[] {
  return [
    shortId(run.id),
    run.name,
    color(run.status),
    run.projectId ?? '–',
    run.datasetName ?? '–',
    run.modelName ?? '–',
    successPercent(run),
    String(run.totalItems),
    runDuration(run),
    when(run.createdAt, zone),
  ];
}

/** Colours a status (green completed, red failed and abandoned, yellow running, grey cancelled). */
export function statusColor(c: { green(s: string): string; red(s: string): string; yellow(s: string): string; gray(s: string): string }) {
  return (status: string) =>
    status === 'completed'
      ? c.green(status)
      : status === 'failed' || status === 'abandoned'
        ? c.red(status)
        : status === 'running'
          ? c.yellow(status)
          : c.gray(status);
}
