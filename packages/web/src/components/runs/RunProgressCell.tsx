import type { RunJson } from '../../api/types';
import { useRunProgress } from '../../hooks/useRunEvents';
import { ProgressBar } from '../ProgressBar';
import { formatCount, runSuccessRate } from '../format';

/**
 * A running run's live progress from the event stream: items stored so far and their rate. The list does not know how
 * many items a running run will have, so the bar is indeterminate.
 */
export function RunProgressCell({ run }: { run: RunJson }) {
  const progress = useRunProgress(run.id);
  const stored = progress?.itemsStored ?? run.totalItems;
  const rate = progress?.itemsPerSecond;
  return (
    <div className="run-progress">
      <ProgressBar value={stored} label={`${run.name}: ${formatCount(stored)} items stored`} />
      <span className="run-progress-count">
        {formatCount(stored)}
        {rate ? <span className="muted"> · {rate.toFixed(1)}/s</span> : null}
      </span>
    </div>
  );
}

/** A running run's success rate so far (live), or the stored one; null while no item is stored. */
export function useLiveSuccessRate(run: RunJson): number | null {
  const progress = useRunProgress(run.status === 'running' ? run.id : undefined);
  if (progress) return progress.itemsStored === 0 ? null : progress.successRate;
  return runSuccessRate(run);
}
