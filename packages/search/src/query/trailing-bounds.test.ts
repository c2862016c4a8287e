import type { Comparison, FilterNode, ItemFilterNode, NumberField } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW, timeZone: 'UTC' });
const num = (field: NumberField, op: Comparison, value: number): FilterNode => ({ kind: 'number', field, op, value });
const metric = (name: string, op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: name, op, value });

describe('parseQuery: a bound after the number ("5 failures or more")', () => {
  it.each<[string, string, FilterNode]>([
    // The number before its measure, the bound after either, read as "at least 5 failures" is.
    ['5 failures or more', 'failed items >= 5', num('failedItems', '>=', 5)],
    ['5 or more failures', 'failed items >= 5', num('failedItems', '>=', 5)],
    ['3 failed items or fewer', 'failed items <= 3', num('failedItems', '<=', 3)],
    ['10 items or fewer', 'items <= 10', num('totalItems', '<=', 10)],
    ['10 or fewer items', 'items <= 10', num('totalItems', '<=', 10)],
    ['90% accuracy or higher', 'accuracy >= 0.9', metric('accuracy', '>=', 0.9)],
    ['2s latency or less', 'avg response time <= 2s', num('avgResponseTime', '<=', 2)],
    ['5% error rate or below', 'error rate <= 5%', num('errorRate', '<=', 0.05)],
    ['1000 tokens or more', 'tokens >= 1000', num('totalTokens', '>=', 1000)],
    // The measure first, with no operator or only "is"/"of" before the number.
    ['accuracy 0.9 or higher', 'accuracy >= 0.9', metric('accuracy', '>=', 0.9)],
    ['accuracy of 0.9 or higher', 'accuracy >= 0.9', metric('accuracy', '>=', 0.9)],
    ['accuracy is 90% or above', 'accuracy >= 0.9', metric('accuracy', '>=', 0.9)],
    ['exact_match 0.5 or lower', 'exact_match <= 0.5', metric('exact_match', '<=', 0.5)],
    ['success rate 95% or greater', 'success rate >= 95%', num('successRate', '>=', 0.95)],
    ['latency 2s or less', 'avg response time <= 2s', num('avgResponseTime', '<=', 2)],
    ['response time of 500ms or under', 'avg response time <= 500ms', num('avgResponseTime', '<=', 0.5)],
    ['failed items 3 or more', 'failed items >= 3', num('failedItems', '>=', 3)],
    ['cost $1 or less', 'cost <= 1', num('totalCost', '<=', 1)],
    ['duration 5 minutes or longer', 'duration >= 300s', num('durationSeconds', '>=', 300)],
    // A duration after its verb.
    ['took 5 minutes or more', 'duration >= 300s', num('durationSeconds', '>=', 300)],
    ['lasted an hour or longer', 'duration >= 3600s', num('durationSeconds', '>=', 3600)],
    ['ran 30s or shorter', 'duration <= 30s', num('durationSeconds', '<=', 30)],
  ])('%s: %s', (query, explanation, filter) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.freeText).toEqual([]);
  });

  it('reads the bounded number as the operator form does, warnings included', () => {
    expect(parse('success rate 90 or higher')).toMatchObject({ filter: num('successRate', '>=', 0.9), warnings: ['read 90 as 90%'] });
    expect(parse('5 failures or more from last week').explanation).toBe(
      'failed items >= 5 AND created 2026-11-16 \u2013 2026-11-23 (last week, UTC)',
    );
  });

  it('keeps "or" joining two conditions when a comparison goes on after the bound word', () => {
    expect(parse('5 failures or more than 100 items').filter).toEqual({
      kind: 'or',
      children: [num('failedItems', '=', 5), num('totalItems', '>', 100)],
    });
    expect(parse('accuracy is 0.9 or above 0.95').explanation).not.toContain('>=');
  });

  it('bounds nothing without a measure it knows, or with a number that does not fit it', () => {
    expect(parse('5 failed runs or more').explanation).toBe('text contains "5" AND (status is failed OR text contains "more")');
    expect(parse('2 or more days ago').freeText).toEqual(['2', 'more days ago']);
    expect(parse('accuracy 2s or more').freeText).toEqual(['accuracy 2s', 'more']);
    expect(parse('100 items').filter).toEqual(num('totalItems', '=', 100));
  });
});

describe('parseItemQuery: a bound after the number', () => {
  const score = (name: string, op: Comparison, value: number): ItemFilterNode => ({ kind: 'score', metric: name, op, value });
  it.each<[string, string, ItemFilterNode]>([
    ['exact_match 0.5 or higher', 'exact_match >= 0.5', score('exact_match', '>=', 0.5)],
    ['accuracy of 80% or more', 'accuracy >= 0.8', score('accuracy', '>=', 0.8)],
    ['latency 2s or less', 'response time <= 2s', { kind: 'responseTime', op: '<=', value: 2 }],
    ['took 2s or more', 'response time >= 2s', { kind: 'responseTime', op: '>=', value: 2 }],
  ])('%s: %s', (query, explanation, filter) => {
    const parsed = parseItemQuery(query, { now: NOW });
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });
});
