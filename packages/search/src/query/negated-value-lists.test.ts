import type { Comparison, FilterNode, ItemFilterNode, TextField } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW });

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const field = (name: TextField, value: string): FilterNode => ({ kind: 'field', field: name, value });
const model = (value: string): FilterNode => field('model', value);
const acc = (op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: 'accuracy', op, value });
const status = (...values: ('completed' | 'failed' | 'cancelled')[]): FilterNode => ({ kind: 'status', values });
const LAST_WEEK: FilterNode = { kind: 'time', from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const NEITHER_GPT4_CLAUDE = not(or(model('gpt-4'), model('claude')));

describe('a negation before a list of values of one field excludes them all, as it does for statuses', () => {
  it.each<[string, FilterNode, string]>([
    ['not gpt-4 or claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['except gpt-4 or claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['except for gpt-4, claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['excluding gpt-4 and claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['without gpt-4 or claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['other than gpt-4 or claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['no gpt-4 or claude runs', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    ['not gpt-4 or model claude', NEITHER_GPT4_CLAUDE, 'model is neither gpt-4 nor claude'],
    [
      'not gpt-4, claude or llama',
      not(or(model('gpt-4'), model('claude'), model('llama'))),
      'model is none of gpt-4, claude, llama',
    ],
    [
      'excluding gpt-4, claude, and llama',
      not(or(model('gpt-4'), model('claude'), model('llama'))),
      'model is none of gpt-4, claude, llama',
    ],
    ['not project:demo or project:prod', not(or(field('project', 'demo'), field('project', 'prod'))), 'project is neither demo nor prod'],
    ['not model:gpt-4,claude or llama', not(or(model('gpt-4'), model('claude'), model('llama'))), 'model is none of gpt-4, claude, llama'],
    [
      'excluding dataset squad or dataset mmlu',
      not(or(field('dataset', 'squad'), field('dataset', 'mmlu'))),
      'dataset is neither squad nor mmlu',
    ],
    [
      'without tag nightly or tag weekly',
      not(or(field('tag', 'nightly'), field('tag', 'weekly'))),
      'NOT (tag is nightly OR tag is weekly)',
    ],
    [
      'not created by alice or by bob',
      not(or(field('createdBy', 'alice'), field('createdBy', 'bob'))),
      'NOT (created by alice OR created by bob)',
    ],
    ['not accuracy 0.5 or accuracy 0.9', not(or(acc('=', 0.5), acc('=', 0.9))), 'NOT (accuracy = 0.5 OR accuracy = 0.9)'],
    ['not failed or status:cancelled', not(status('failed', 'cancelled')), 'status is none of failed, cancelled'],
    // Unchanged: one status list was always one condition.
    ['not failed or cancelled', not(status('failed', 'cancelled')), 'status is none of failed, cancelled'],
    // With other conditions around the list.
    [
      'other than gpt-4 or claude last week',
      and(NEITHER_GPT4_CLAUDE, LAST_WEEK),
      'model is neither gpt-4 nor claude AND created 2026-11-16 – 2026-11-23 (last week, UTC)',
    ],
    ['failed or not gpt-4 or claude', or(status('failed'), NEITHER_GPT4_CLAUDE), 'status is failed OR model is neither gpt-4 nor claude'],
    ['failed runs except gpt-4 and claude', and(status('failed'), NEITHER_GPT4_CLAUDE), 'status is failed AND model is neither gpt-4 nor claude'],
    ['not not gpt-4 or claude', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode, string]>([
    // The list ends where another field starts; the explanation says what each part does.
    ['not gpt-4 or failed', or(not(model('gpt-4')), status('failed')), 'model is not gpt-4 OR status is failed'],
    ['excluding gpt-4 and failed', and(not(model('gpt-4')), status('failed')), 'model is not gpt-4 AND status is failed'],
    ['not gpt-4 or claude or failed', or(NEITHER_GPT4_CLAUDE, status('failed')), 'model is neither gpt-4 nor claude OR status is failed'],
    ['except gpt-4 or claude and failed', and(NEITHER_GPT4_CLAUDE, status('failed')), 'model is neither gpt-4 nor claude AND status is failed'],
    ['not failed or gpt-4', or(not(status('failed')), model('gpt-4')), 'status is not failed OR model is gpt-4'],
    // Each value negated on its own is read as written.
    ['not gpt-4 and not claude', and(not(model('gpt-4')), not(model('claude'))), 'model is not gpt-4 AND model is not claude'],
    // Two values with nothing between them are no list.
    ['not gpt-4 claude', and(not(model('gpt-4')), model('claude')), 'model is not gpt-4 AND model is claude'],
    // A comparison is no value of a list.
    ['not accuracy 0.5 or accuracy above 0.9', or(not(acc('=', 0.5)), acc('>', 0.9)), 'NOT (accuracy = 0.5) OR accuracy > 0.9'],
  ])('keeps %s as it was', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('negates model families and stored tags as a list', () => {
    const parsed = parseQuery('not gpt-4o or claude', { now: NOW, models: ['gpt-4o', 'claude-3-5-sonnet'] });
    expect(parsed.filter).toEqual(not(or(model('gpt-4o'), { kind: 'field', field: 'model', value: 'claude', match: 'family' })));
    expect(parsed.explanation).toBe('NOT (model is gpt-4o OR model is claude-* (model family))');
    expect(parsed.warnings).toEqual([]);
    const tagged = parseQuery('excluding nightly and weekly', { now: NOW, tags: ['nightly', 'weekly'] });
    expect(tagged.filter).toEqual(not(or(field('tag', 'nightly'), field('tag', 'weekly'))));
    expect(tagged.explanation).toBe('NOT (tag is nightly OR tag is weekly)');
    expect(tagged.warnings).toEqual([]);
  });

  it('keeps the order and limit after the list', () => {
    const parsed = parse('except gpt-4 or claude by name limit 5');
    expect(parsed.filter).toEqual(NEITHER_GPT4_CLAUDE);
    expect(parsed.sort).toEqual({ field: 'name', direction: 'asc' });
    expect(parsed.limit).toBe(5);
    expect(parsed.explanation).toBe('model is neither gpt-4 nor claude · sorted by name, A to Z · limit 5');
  });

  it('reads item queries the same way', () => {
    const score = (value: number): ItemFilterNode => ({ kind: 'score', metric: 'exact_match', op: '=', value });
    const parsed = parseItemQuery('not exact_match 0 or exact_match 1');
    expect(parsed.filter).toEqual({ kind: 'not', child: { kind: 'or', children: [score(0), score(1)] } });
    expect(parsed.explanation).toBe('NOT (exact_match = 0 OR exact_match = 1)');
    expect(parsed.warnings).toEqual([]);
  });
});

describe('a bare value after a comparison takes that comparison', () => {
  it.each<[string, FilterNode, string]>([
    ['accuracy above 0.5 or 0.9', or(acc('>', 0.5), acc('>', 0.9)), 'accuracy > 0.5 OR accuracy > 0.9'],
    ['accuracy below 0.5 or 0.9', or(acc('<', 0.5), acc('<', 0.9)), 'accuracy < 0.5 OR accuracy < 0.9'],
    ['accuracy >= 0.5 or 0.9', or(acc('>=', 0.5), acc('>=', 0.9)), 'accuracy >= 0.5 OR accuracy >= 0.9'],
    ['accuracy above 0.5 and 0.9', and(acc('>', 0.5), acc('>', 0.9)), 'accuracy > 0.5 AND accuracy > 0.9'],
    [
      'accuracy below 0.2 or above 0.8 or 0.9',
      or(acc('<', 0.2), acc('>', 0.8), acc('>', 0.9)),
      'accuracy < 0.2 OR accuracy > 0.8 OR accuracy > 0.9',
    ],
    ['over 90% accuracy or 95%', or(acc('>', 0.9), acc('>', 0.95)), 'accuracy > 0.9 OR accuracy > 0.95'],
    [
      'tokens over 1000 or 5000',
      or({ kind: 'number', field: 'totalTokens', op: '>', value: 1000 }, { kind: 'number', field: 'totalTokens', op: '>', value: 5000 }),
      'tokens > 1000 OR tokens > 5000',
    ],
    [
      'accuracy above 0.5 or 0.9 last week',
      and(or(acc('>', 0.5), acc('>', 0.9)), LAST_WEEK),
      '(accuracy > 0.5 OR accuracy > 0.9) AND created 2026-11-16 – 2026-11-23 (last week, UTC)',
    ],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode]>([
    // A number that names or bounds something of its own, or does not fit the measure, is read as before.
    ['accuracy above 0.5 or 3 failures', or(acc('>', 0.5), { kind: 'number', field: 'failedItems', op: '=', value: 3 })],
    ['accuracy above 0.5 and 3 or more failures', and(acc('>', 0.5), { kind: 'number', field: 'failedItems', op: '>=', value: 3 })],
    ['accuracy 0.9 or higher or 0.5', or(acc('>=', 0.9), { kind: 'text', text: '0.5' })],
    ['accuracy above 0.5 or 2s', or(acc('>', 0.5), { kind: 'text', text: '2s' })],
    ['accuracy between 0.2 and 0.5 or 0.9', or(and(acc('>=', 0.2), acc('<=', 0.5)), { kind: 'text', text: '0.9' })],
  ])('leaves %s to the other rules', (query, filter) => {
    expect(parse(query).filter).toEqual(filter);
  });

  it('reads item scores the same way', () => {
    const parsed = parseItemQuery('exact_match below 0.5 or 0.9');
    const score = (value: number): ItemFilterNode => ({ kind: 'score', metric: 'exact_match', op: '<', value });
    expect(parsed.filter).toEqual({ kind: 'or', children: [score(0.5), score(0.9)] });
    expect(parsed.explanation).toBe('exact_match < 0.5 OR exact_match < 0.9');
    expect(parsed.warnings).toEqual([]);
  });
});
