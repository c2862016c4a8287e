import { CliError } from './errors';
import { evaluator } from './libraries';

/** Checks every --metrics name (built in or from --metric-file) before the task or dataset is loaded. */
export function checkMetricNames(names: string[]): void {
  try {
    evaluator().resolveMetrics(names);
  } catch (error) {
    if ((error as Error).name !== 'UnknownMetricError') throw error;
    throw new CliError(`--metrics: ${(error as Error).message.replace(/ Register your own with .*$/, '')} Add your own with --metric-file ./metrics.mjs.`, 2);
  }
}
