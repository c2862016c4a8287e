import type { RunJson } from '../../api/types';
import { useLiveCounts } from '../../hooks/useLiveCounts';
import { ProgressBar } from '../ProgressBar';
import { formatCount } from '../format';

/**
 * A running run's live progress from the event stream: items stored so far and their rate. The list does not know how
 * many items a running run will have, so the bar is indeterminate.
 */
export function RunProgressCell({ run }: { run: RunJson }) {
  const { totalItems: stored, itemsPerSecond: rate } = useLiveCounts(run);
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
  return useLiveCounts(run).successRate;
}
