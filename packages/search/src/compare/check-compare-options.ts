import { ComparisonError } from '../errors';
import type { CompareOptions } from './comparison-types';

const describe = (value: unknown): string =>
  typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;

function fail(option: string, value: unknown, want: string): never {
  throw new ComparisonError(`Comparison option "${option}" must be ${want}, got ${describe(value)}.`);
}

function checkNames(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(option, value, 'an array of metric names');
  for (const name of value) if (typeof name !== 'string' || name.length === 0) fail(option, name, 'an array of non-empty metric names');
}

/**
 * Refuses comparison options that would make the statistics meaningless instead of silently computing with them: a
 * NaN confidence gives NaN p-value thresholds (every verdict "no change"), a negative minimum effect lets noise count
 * as a change. Names the option, what it must be and what was given. @internal
 */
export function checkCompareOptions(o: CompareOptions): void {
  if (typeof o !== 'object' || o === null) throw new ComparisonError('Comparison options must be an object.');
  const { confidence, minEffect, itemLimit, primaryMetric } = o;
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence > 0 && confidence < 1)) {
    fail('confidence', confidence, 'a number between 0 and 1 (exclusive), e.g. 0.95');
  }
  if (minEffect !== undefined && !(typeof minEffect === 'number' && Number.isFinite(minEffect) && minEffect >= 0)) {
    fail('minEffect', minEffect, 'a finite number >= 0, in the metric’s own units (e.g. 0.02)');
  }
  if (itemLimit !== undefined && !(typeof itemLimit === 'number' && Number.isSafeInteger(itemLimit) && itemLimit >= 0)) {
    fail('itemLimit', itemLimit, 'a whole number >= 0');
  }
  if (primaryMetric !== undefined && (typeof primaryMetric !== 'string' || primaryMetric.length === 0)) {
    fail('primaryMetric', primaryMetric, 'a metric name');
  }
  checkNames('metrics', o.metrics);
  checkNames('lowerIsBetter', o.lowerIsBetter);
}
