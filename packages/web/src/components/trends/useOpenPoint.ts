import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { listRuns } from '../../api/endpoints';
import { runPath } from '../../api/client';
import { bucketRunFilters, bucketRunsHref, runHasMetric, type TrendFilters } from './trendData';

/** How many runs of a one-run bucket are fetched to find it (other completed runs without the metric may be there). */
const LOOKUP_LIMIT = 50;

/**
 * Opening a trend point: a bucket of one run opens that run; otherwise (or if the lookup fails) the runs page lists the
 * bucket's runs, filtered to its time range and the trend's project, dataset and model.
 */
export function useOpenPoint(filters: TrendFilters) {
  const navigate = useNavigate();
  const [opening, setOpening] = useState<string | null>(null);
  const open = useCallback(
    async (point: { bucket: string; runs: number }) => {
      const listHref = bucketRunsHref(filters, point.bucket);
      if (point.runs !== 1) {
        navigate(listHref);
        return;
      }
      setOpening(point.bucket);
      try {
        const page = await listRuns({ ...bucketRunFilters(filters, point.bucket), limit: LOOKUP_LIMIT });
        const runs = page.runs.filter((run) => runHasMetric(run, filters.metric));
        navigate(runs.length === 1 ? runPath(runs[0]!.id) : listHref);
      } catch {
        navigate(listHref);
      } finally {
        setOpening(null);
      }
    },
    [filters, navigate],
  );
  return { open, opening };
}
