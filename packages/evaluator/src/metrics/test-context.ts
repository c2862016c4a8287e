import type { MetricContext } from '../types';

/** A metric context for tests: item 0 with 1.5 s response time, overridable. @internal */
export function testContext(overrides: Partial<MetricContext> = {}): MetricContext {
  return { id: 'item_0', index: 0, input: 'question', expected: 'answer', responseTime: 1.5, ...overrides };
}
