import { ConfigError, UnknownMetricError } from '../errors';
import { closestKnown } from '../run/unknown-options';
import type { MetricFunction, NamedMetric } from '../types';
import { createBleu } from './bleu';
import { createContains } from './contains';
import { createExactMatch } from './exact-match';
import { createFuzzyMatch } from './fuzzy-match';
import { createJsonMatch } from './json-match';
import { createJsonValid } from './json-valid';
import { createNumericClose } from './numeric-close';
import { createRegex } from './regex';
import { createResponseTime } from './response-time';
import { createRougeL } from './rouge-l';
import { createTokenCount } from './token-count';
import { createTokenF1 } from './token-f1';

export { scoreMetric, type MetricScore } from './score-metric';

/** The metrics available by name, each with its default options. */
export const BUILT_IN_METRICS: Readonly<Record<string, MetricFunction>> = Object.freeze({
  exact_match: createExactMatch(),
  contains: createContains(),
  regex: createRegex(),
  fuzzy_match: createFuzzyMatch(),
  json_valid: createJsonValid(),
  json_match: createJsonMatch(),
  numeric_close: createNumericClose(),
  token_f1: createTokenF1(),
  bleu: createBleu(),
  rouge_l: createRougeL(),
  response_time: createResponseTime(),
  token_count: createTokenCount(),
});

/** Built-in metrics that compare the output with the item's expected value (regex: its default takes the pattern from it). */
const COMPARE_WITH_EXPECTED = new Set(['exact_match', 'contains', 'regex', 'fuzzy_match', 'json_match', 'numeric_close', 'token_f1', 'bleu', 'rouge_l']);

/** What {@link resolveMetrics} accepts for one metric. */
export type MetricSpec = string | MetricFunction | NamedMetric;

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;
const registered = new Map<string, MetricFunction>();

/** Makes `fn` available by `name`; replacing a built-in needs `{ override: true }`. */
export function registerMetric(name: string, fn: MetricFunction, options: { override?: boolean } = {}): void {
  checkName(name);
  if (typeof fn !== 'function') throw new ConfigError(`registerMetric("${name}"): the metric must be a function, got ${typeof fn}`);
  if (isBuiltIn(name) && !options.override) {
    throw new ConfigError(`"${name}" is a built-in metric; pass { override: true } to replace it, or choose another name`);
  }
  registered.set(name, fn);
}

/** Removes a registered metric (a replaced built-in comes back); returns whether there was one. */
export function unregisterMetric(name: string): boolean {
  return registered.delete(name);
}

/** The names of every built-in and registered metric, sorted. */
export function listMetrics(): string[] {
  return [...new Set([...Object.keys(BUILT_IN_METRICS), ...registered.keys()])].sort();
}

/** Turns names, functions and `{ name, fn }` pairs into named metrics; names must be unique. */
export function resolveMetrics(specs: readonly MetricSpec[]): NamedMetric[] {
  const seen = new Set<string>();
  return specs.map((spec, index) => {
    const metric = resolveOne(spec, index);
    if (seen.has(metric.name)) {
      throw new ConfigError(`Metric "${metric.name}" is listed twice; give one of them another name with { name, fn }`);
    }
    seen.add(metric.name);
    return metric;
  });
}

function resolveOne(spec: MetricSpec, index: number): NamedMetric {
  if (typeof spec === 'string') {
    const fn = registered.get(spec) ?? (isBuiltIn(spec) ? BUILT_IN_METRICS[spec] : undefined);
    if (!fn) {
      const known = listMetrics();
      // Suggested as a misspelt option is: the same name in another case or spelling, else one at most two edits away.
      throw new UnknownMetricError(spec, known, closestKnown(spec, known));
    }
    return { name: spec, fn };
  }
  if (typeof spec === 'function') {
    return { name: spec.name && METRIC_NAME.test(spec.name) ? spec.name : `metric_${index}`, fn: spec };
  }
  if (typeof spec === 'object' && spec !== null && typeof spec.fn === 'function' && typeof spec.name === 'string') {
    checkName(spec.name);
    return { name: spec.name, fn: spec.fn };
  }
  throw new ConfigError(`metrics[${index}] must be a metric name, a function or { name, fn }`);
}

/** Whether the metric is a built-in (not replaced by registerMetric) that compares with the expected value. @internal */
export function comparesWithExpected(spec: MetricSpec): spec is string {
  return typeof spec === 'string' && COMPARE_WITH_EXPECTED.has(spec) && !registered.has(spec);
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
    throw new ConfigError(
      `Invalid metric name ${JSON.stringify(name)}: start with an ASCII letter, then up to 127 ASCII letters, digits, or _ . : -`,
    );
  }
}

function isBuiltIn(name: string): boolean {
  return Object.hasOwn(BUILT_IN_METRICS, name);
}
