import type { RunWithMetrics } from '@llm-eval/storage';
import { computeComparison, resolveOptions } from './compute-comparison';
import { flipComparison } from './flip-comparison';
import type { ComparedItem } from './load-run-items';

// Metric names such as "__proto__" or "constructor" are data: scores are read from stored JSON (own properties).
const run = (id: string, metricsUsed: string[]): RunWithMetrics =>
  ({ id, name: id, status: 'completed', completedAt: new Date(0), totalItems: 4, successRate: 1, durationSeconds: 1, avgResponseTime: 1, totalTokens: 0, totalCost: 0, metricsUsed, metrics: [] }) as unknown as RunWithMetrics;

/** Items whose scores come from JSON text, as storage reads them back. */
const items = (scores: string[]) =>
  new Map<string, ComparedItem>(scores.map((json, i) => [`i${i}`, { status: 'completed', scores: JSON.parse(json) as Record<string, unknown> }]));

describe('metrics named like Object.prototype members', () => {
  const a = run('a', ['__proto__', 'fuzzy_match']);
  const b = run('b', ['__proto__', 'fuzzy_match']);
  const itemsA = items(Array.from({ length: 4 }, () => '{"__proto__":1,"fuzzy_match":0.5}'));
  const itemsB = items(Array.from({ length: 4 }, () => '{"__proto__":0,"fuzzy_match":0.5}'));

  it('rank items by a primary metric named "__proto__" and keep its delta as an own property', () => {
    const r = computeComparison(a, b, itemsA, itemsB, resolveOptions({ primaryMetric: '__proto__' }, a, b));
    expect(r.items.primaryMetric).toBe('__proto__');
    expect(r.items.counts).toMatchObject({ improved: 0, regressed: 4, unchanged: 0, withoutScore: 0 });
    const entry = r.items.regressed[0]!;
    expect(entry.change).toBe(-1);
    expect(Object.getPrototypeOf(entry.deltas)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(entry.deltas))).toEqual(JSON.parse('{"__proto__":-1,"fuzzy_match":0}'));
    const flipped = flipComparison({ ...r, fromCache: false });
    expect(flipped.items.counts).toMatchObject({ improved: 4, regressed: 0 });
    expect(JSON.stringify(flipped.items.improved[0]!.deltas)).toBe('{"__proto__":1,"fuzzy_match":0}');
  });

  it('do not read a missing "constructor" score from the prototype', () => {
    const c = run('c', ['constructor']);
    const r = computeComparison(c, c, items(['{"x":1}']), items(['{"x":1}']), resolveOptions({ metrics: ['constructor'], primaryMetric: 'constructor' }, c, c));
    expect(r.metrics[0]).toMatchObject({ metric: 'constructor', pairs: 0 });
    expect(r.items.counts).toMatchObject({ unchanged: 0, withoutScore: 1 });
    expect(JSON.stringify(r.items)).not.toContain('constructor":');
  });
});
