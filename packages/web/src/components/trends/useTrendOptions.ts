import { useQuery } from '@tanstack/react-query';
import { listProjects, listRuns } from '../../api/endpoints';

/** How many recent runs the pickers look at for metric, dataset and model names (a sample: never all runs). */
export const OPTION_SAMPLE = 200;

export interface TrendOptions {
  metrics: string[];
  datasets: string[];
  models: string[];
  projects: string[];
  loading: boolean;
}

/** Names ordered by how often they occur, then alphabetically. */
function byUse(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

function count(counts: Map<string, number>, name: string | null | undefined) {
  if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
}

/**
 * Choices for the trend pickers: metric, dataset and model names of the newest completed runs (of the project, when one
 * is picked) and the projects. Query keys start with 'runs' / 'projects' so live events refresh them.
 */
export function useTrendOptions(project: string | undefined): TrendOptions {
  const runs = useQuery({
    queryKey: ['runs', 'trend-options', project ?? null],
    queryFn: ({ signal }) => listRuns({ project, status: 'completed', limit: OPTION_SAMPLE }, signal),
  });
  const projects = useQuery({ queryKey: ['projects'], queryFn: ({ signal }) => listProjects(signal) });
  const metrics = new Map<string, number>();
  const datasets = new Map<string, number>();
  const models = new Map<string, number>();
  for (const run of runs.data?.runs ?? []) {
    for (const metric of run.metricsUsed) count(metrics, metric);
    count(datasets, run.datasetName);
    count(models, run.modelName);
  }
  return {
    metrics: byUse(metrics),
    datasets: byUse(datasets),
    models: byUse(models),
    projects: (projects.data?.projects ?? []).map((p) => p.id),
    loading: runs.isPending,
  };
}
