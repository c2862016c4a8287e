import { comparesWithExpected, type MetricSpec } from '../metrics/registry';
import { noExpectedWarning, type DatasetWarning } from './dataset-warnings';
import type { PreparedDataset } from './prepare-dataset';

/**
 * Everything that looks wrong about running `metrics` over a prepared dataset, in the order the Evaluator reports it
 * as `{ type: 'warning' }` events before a run starts: the dataset's own warnings (fields that are ignored, CSV columns
 * that became the input), then `no-expected` when no item has an expected value yet a metric that compares with it is
 * used. A metric name counts as comparing when it is such a built-in and registerMetric has not replaced it in this
 * process, so register metric modules before asking. Other runners of a dataset (a distributed run's submitter) tell
 * their callers the same list. A stream is not looked at up front: it has no warnings.
 */
export function datasetWarnings(
  dataset: Pick<PreparedDataset, 'warnings' | 'itemsWithExpected' | 'file'>,
  metrics: readonly MetricSpec[],
): DatasetWarning[] {
  const warnings = [...dataset.warnings];
  const comparing = metrics.filter(comparesWithExpected);
  if (dataset.itemsWithExpected === 0 && comparing.length > 0) warnings.push(noExpectedWarning(dataset.file, comparing));
  return warnings;
}
