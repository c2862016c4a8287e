import { ConfigError, UnknownMetricError } from '../errors';
import type { MetricFunction } from '../types';
import { BUILT_IN_METRICS, listMetrics, registerMetric, resolveMetrics, unregisterMetric } from './registry';
import { testContext } from './test-context';

const BUILT_IN_NAMES = [
  'bleu',
  'contains',
  'exact_match',
  'fuzzy_match',
  'json_match',
  'json_valid',
  'numeric_close',
  'regex',
  'response_time',
  'rouge_l',
  'token_count',
  'token_f1',
];
const one: MetricFunction = () => 1;

afterEach(() => {
  for (const name of listMetrics()) unregisterMetric(name);
});

describe('BUILT_IN_METRICS', () => {
  it('has the twelve built-in metrics, each working with default options', () => {
    expect(Object.keys(BUILT_IN_METRICS).sort()).toEqual(BUILT_IN_NAMES);
    expect(BUILT_IN_METRICS.exact_match!('a', 'a', undefined, testContext())).toBe(1);
    expect(BUILT_IN_METRICS.response_time!('', '', '', testContext({ responseTime: 2 }))).toBe(2);
    expect(Object.isFrozen(BUILT_IN_METRICS)).toBe(true);
  });
});

describe('registerMetric', () => {
  it('adds a custom metric to listMetrics, sorted', () => {
    registerMetric('aaa_custom', one);
    registerMetric('zz:custom.v2', one);
    expect(listMetrics()).toEqual(['aaa_custom', ...BUILT_IN_NAMES, 'zz:custom.v2']);
  });

  it('replaces a custom metric registered again under the same name', () => {
    const two: MetricFunction = () => 2;
    registerMetric('custom', one);
    registerMetric('custom', two);
    expect(resolveMetrics(['custom'])[0]!.fn).toBe(two);
  });

  it('refuses a built-in name unless override is set, and unregistering restores the built-in', () => {
    expect(() => registerMetric('bleu', one)).toThrow(ConfigError);
    expect(() => registerMetric('bleu', one)).toThrow(/built-in metric; pass \{ override: true \}/);
    registerMetric('bleu', one, { override: true });
    expect(resolveMetrics(['bleu'])[0]!.fn).toBe(one);
    expect(listMetrics().filter((name) => name === 'bleu')).toHaveLength(1);
    expect(unregisterMetric('bleu')).toBe(true);
    expect(resolveMetrics(['bleu'])[0]!.fn).toBe(BUILT_IN_METRICS.bleu);
    expect(unregisterMetric('bleu')).toBe(false);
  });

  it.each(['', '1abc', '_x', 'has space', 'é', 'a/b', 'x'.repeat(129)])('rejects the name %j', (name) => {
    expect(() => registerMetric(name, one)).toThrow(ConfigError);
  });

  it('accepts a 128-character name and rejects a non-function', () => {
    expect(() => registerMetric('x'.repeat(128), one)).not.toThrow();
    expect(() => registerMetric('notfn', 'nope' as unknown as MetricFunction)).toThrow(/must be a function/);
  });
});

describe('resolveMetrics', () => {
  it('resolves names, bare functions and { name, fn } pairs in order', () => {
    function my_metric() {
      return 1;
    }
    registerMetric('registered', one);
    const resolved = resolveMetrics(['exact_match', 'registered', my_metric, () => 0, { name: 'pair', fn: one }]);
    expect(resolved.map((metric) => metric.name)).toEqual(['exact_match', 'registered', 'my_metric', 'metric_3', 'pair']);
    expect(resolved[0]!.fn).toBe(BUILT_IN_METRICS.exact_match);
    expect(resolved[2]!.fn).toBe(my_metric);
  });

  it('names a function whose name is not a valid metric name by its position', () => {
    const bound = one.bind(null);
    expect(bound.name).toBe('bound one');
    expect(resolveMetrics([bound])[0]!.name).toBe('metric_0');
  });

  it('reports an unknown name with the list of known metrics', () => {
    registerMetric('mine', one);
    let error: unknown;
    try {
      resolveMetrics(['exact_match', 'exact_mach']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect((error as UnknownMetricError).metric).toBe('exact_mach');
    expect((error as UnknownMetricError).known).toEqual(listMetrics());
    expect((error as Error).message).toContain('exact_match, fuzzy_match');
    expect((error as Error).message).toContain('mine');
  });

  // exact_mach listed every known metric without saying which one was meant, while a misspelt option says.
  it.each([
    ['exact_mach', 'exact_match'],
    ['exactMatch', 'exact_match'],
    ['rougel', 'rouge_l'],
    ['Bleu', 'bleu'],
  ])('suggests the closest known metric for %s (%s), before the list of known metrics', (name, closest) => {
    let error: unknown;
    try {
      resolveMetrics([name]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect((error as UnknownMetricError).suggestion).toBe(closest);
    expect((error as Error).message).toMatch(new RegExp(`^Unknown metric "${name}"\\. Did you mean ${closest}\\? Known metrics: bleu, contains, exact_match, `));
  });

  it('suggests a registered metric too, and nothing when no name is close', () => {
    registerMetric('my_judge', one);
    expect(() => resolveMetrics(['my_juge'])).toThrow('Unknown metric "my_juge". Did you mean my_judge? Known metrics:');
    let error: unknown;
    try {
      resolveMetrics(['perplexity']);
    } catch (caught) {
      error = caught;
    }
    expect((error as UnknownMetricError).suggestion).toBeUndefined();
    expect((error as Error).message).toMatch(/^Unknown metric "perplexity"\. Known metrics: bleu, /);
  });

  it('does not find properties of Object.prototype', () => {
    expect(() => resolveMetrics(['constructor'])).toThrow(UnknownMetricError);
    expect(() => resolveMetrics(['toString'])).toThrow(UnknownMetricError);
  });

  it('rejects duplicate resulting names', () => {
    expect(() => resolveMetrics(['bleu', 'bleu'])).toThrow(ConfigError);
    expect(() => resolveMetrics(['bleu', { name: 'bleu', fn: one }])).toThrow(/"bleu" is listed twice/);
    function dup() {
      return 1;
    }
    expect(() => resolveMetrics([dup, { name: 'dup', fn: one }])).toThrow(ConfigError);
  });

  it('rejects malformed specs and invalid pair names', () => {
    expect(() => resolveMetrics([{ name: 'x' } as never])).toThrow(/metrics\[0\] must be/);
    expect(() => resolveMetrics([42 as never])).toThrow(ConfigError);
    expect(() => resolveMetrics([{ name: 'bad name', fn: one }])).toThrow(/Invalid metric name/);
  });

  it('returns an empty list for no specs', () => {
    expect(resolveMetrics([])).toEqual([]);
  });
});
