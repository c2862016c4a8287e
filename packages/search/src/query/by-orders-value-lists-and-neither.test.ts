import type { Comparison, FilterNode, ItemFilterNode, RunSort } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW });

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const acc = (op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: 'accuracy', op, value });
const model = (value: string): FilterNode => ({ kind: 'field', field: 'model', value });
const status = (...values: ('completed' | 'failed' | 'cancelled' | 'running')[]): FilterNode => ({ kind: 'status', values });
const LAST_WEEK: FilterNode = { kind: 'time', from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const byName = (direction: 'asc' | 'desc' = 'asc'): RunSort => ({ field: 'name', direction });
const byCreated = (direction: 'asc' | 'desc'): RunSort => ({ field: 'createdAt', direction });

describe('"by name", "by date", "by newest" and "by oldest" are orders, not text or a creator', () => {
  it.each<[string, FilterNode | null, RunSort, number | undefined, string]>([
    ['runs by name', null, byName(), undefined, 'all runs · sorted by name, A to Z'],
    ['by name desc', null, byName('desc'), undefined, 'all runs · sorted by name, Z to A'],
    ['gpt-4 runs by date', model('gpt-4'), byCreated('desc'), undefined, 'model is gpt-4 · sorted by created, newest first'],
    ['failed runs by date', status('failed'), byCreated('desc'), undefined, 'status is failed · sorted by created, newest first'],
    ['runs by date oldest first', null, byCreated('asc'), undefined, 'all runs · sorted by created, oldest first'],
    ['runs by date ascending', null, byCreated('asc'), undefined, 'all runs · sorted by created, oldest first'],
    ['runs by newest', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['by newest first', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['runs by most recent', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['by oldest', null, byCreated('asc'), undefined, 'all runs · sorted by created, oldest first'],
    ['sort by newest', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['order by oldest', null, byCreated('asc'), undefined, 'all runs · sorted by created, oldest first'],
    ['sort by creation date', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['sort by created date', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    // "created by" before a word with a meaning of its own is no creator.
    ['created by newest', null, byCreated('desc'), undefined, 'all runs · sorted by created, newest first'],
    ['first 10 by name', null, byName(), 10, 'all runs · sorted by name, A to Z · limit 10'],
    ['by date desc limit 3', null, byCreated('desc'), 3, 'all runs · sorted by created, newest first · limit 3'],
    [
      'by date last week',
      LAST_WEEK,
      byCreated('desc'),
      undefined,
      'created 2026-11-16 – 2026-11-23 (last week, UTC) · sorted by created, newest first',
    ],
    [
      'gpt-4 or claude runs by date',
      or(model('gpt-4'), model('claude')),
      byCreated('desc'),
      undefined,
      'model is gpt-4 OR model is claude · sorted by created, newest first',
    ],
    [
      'failed or cancelled runs by newest',
      status('failed', 'cancelled'),
      byCreated('desc'),
      undefined,
      'status is failed or cancelled · sorted by created, newest first',
    ],
  ])('%s', (query, filter, sort, limit, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.sort).toEqual(sort);
    expect(parsed.limit).toBe(limit);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['created by alice', 'alice'],
    ['runs by alice', 'alice'],
    ['by ana@example.com', 'ana@example.com'],
  ])('still reads %s as who created the run', (query, who) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual({ kind: 'field', field: 'createdBy', value: who });
    expect(parsed.sort).toBeUndefined();
  });

  it('says so when "by name" replaces an earlier order', () => {
    const parsed = parse('latest 5 runs by name');
    expect(parsed.sort).toEqual(byName());
    expect(parsed.limit).toBe(5);
    expect(parsed.explanation).toBe('all runs · sorted by name, A to Z · limit 5');
    expect(parsed.warnings).toEqual(['"by name" replaces an earlier sort']);
  });
});

describe('a value right after its measure is equal to it, alone or listed', () => {
  it.each<[string, FilterNode, string]>([
    // Alone, as "accuracy is 0.9" always was.
    ['accuracy 0.9', acc('=', 0.9), 'accuracy = 0.9'],
    ['accuracy 90%', acc('=', 0.9), 'accuracy = 0.9'],
    ['success rate 100%', { kind: 'number', field: 'successRate', op: '=', value: 1 }, 'success rate = 100%'],
    ['tokens 1000', { kind: 'number', field: 'totalTokens', op: '=', value: 1000 }, 'tokens = 1000'],
    ['exact_match 1', { kind: 'metric', metric: 'exact_match', op: '=', value: 1 }, 'exact_match = 1'],
    // Listed: either value (a run has one mean, so "and" is either too, as "failed and cancelled" is).
    ['accuracy 0.5 or 0.9', or(acc('=', 0.5), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy is 0.5 or 0.9', or(acc('=', 0.5), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy = 0.5 or 0.9', or(acc('=', 0.5), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy of 0.5 or 0.9', or(acc('=', 0.5), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy 80% or 90%', or(acc('=', 0.8), acc('=', 0.9)), 'accuracy = 0.8 OR accuracy = 0.9'],
    ['accuracy 0.5 and 0.9', or(acc('=', 0.5), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.9'],
    ['accuracy 0.5, 0.7 or 0.9', or(acc('=', 0.5), acc('=', 0.7), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.7 OR accuracy = 0.9'],
    ['accuracy 0.5, 0.7, or 0.9', or(acc('=', 0.5), acc('=', 0.7), acc('=', 0.9)), 'accuracy = 0.5 OR accuracy = 0.7 OR accuracy = 0.9'],
    // Negated: neither value.
    ['accuracy is not 0.5 or 0.9', and(acc('!=', 0.5), acc('!=', 0.9)), 'accuracy != 0.5 AND accuracy != 0.9'],
    ['accuracy not 0.5 nor 0.9', and(acc('!=', 0.5), acc('!=', 0.9)), 'accuracy != 0.5 AND accuracy != 0.9'],
    // With other comparisons and conditions.
    ['accuracy 0.5 or above 0.9', or(acc('=', 0.5), acc('>', 0.9)), 'accuracy = 0.5 OR accuracy > 0.9'],
    ['accuracy 0.5 or 0.9 or higher', or(acc('=', 0.5), acc('>=', 0.9)), 'accuracy = 0.5 OR accuracy >= 0.9'],
    [
      'accuracy 0.5 or 3 failures',
      or(acc('=', 0.5), { kind: 'number', field: 'failedItems', op: '=', value: 3 }),
      'accuracy = 0.5 OR failed items = 3',
    ],
    ['accuracy 0.9 or failed', or(acc('=', 0.9), status('failed')), 'accuracy = 0.9 OR status is failed'],
    [
      'accuracy 0.5 or 0.9 last week',
      and(or(acc('=', 0.5), acc('=', 0.9)), LAST_WEEK),
      '(accuracy = 0.5 OR accuracy = 0.9) AND created 2026-11-16 – 2026-11-23 (last week, UTC)',
    ],
    [
      'failed runs accuracy 0.5 or 0.9',
      and(status('failed'), or(acc('=', 0.5), acc('=', 0.9))),
      'status is failed AND (accuracy = 0.5 OR accuracy = 0.9)',
    ],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps the limit and order next to a list of values', () => {
    const parsed = parse('latest 5 runs with accuracy 0.5 or 0.9');
    expect(parsed.filter).toEqual(or(acc('=', 0.5), acc('=', 0.9)));
    expect(parsed.sort).toEqual(byCreated('desc'));
    expect(parsed.limit).toBe(5);
    expect(parsed.explanation).toBe('accuracy = 0.5 OR accuracy = 0.9 · sorted by created, newest first · limit 5');
  });

  it.each<[string, FilterNode]>([
    // A bound written after its number is not carried to the next value ("above 0.5 or 0.9" is: see negated-value-lists.test.ts).
    ['accuracy 0.9 or higher or 0.5', or(acc('>=', 0.9), { kind: 'text', text: '0.5' })],
    // A number that starts something else, or that does not fit the measure, is read as before.
    ['accuracy 5 failures', and({ kind: 'text', text: 'accuracy' }, { kind: 'number', field: 'failedItems', op: '=', value: 5 })],
    ['accuracy 3 days ago', and({ kind: 'text', text: 'accuracy' }, { kind: 'time', from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') })],
    ['accuracy 2s', { kind: 'text', text: 'accuracy 2s' }],
    ['rouge 2 above 0.5', { kind: 'text', text: 'rouge 2 above 0.5' }],
  ])('leaves %s to the other rules', (query, filter) => {
    expect(parse(query).filter).toEqual(filter);
  });

  it('reads a limit before a sort word as a limit, not a value', () => {
    const parsed = parse('accuracy 5 latest runs');
    expect(parsed.limit).toBe(5);
    expect(parsed.filter).toEqual({ kind: 'text', text: 'accuracy' });
  });

  it('reads item scores the same way', () => {
    const score = (op: Comparison, value: number): ItemFilterNode => ({ kind: 'score', metric: 'exact_match', op, value });
    expect(parseItemQuery('exact_match 1').filter).toEqual(score('=', 1));
    for (const query of ['exact_match 0 or 1', 'exact_match is 0 or 1']) {
      const parsed = parseItemQuery(query);
      expect(parsed.filter).toEqual({ kind: 'or', children: [score('=', 0), score('=', 1)] });
      expect(parsed.explanation).toBe('exact_match = 0 OR exact_match = 1');
      expect(parsed.warnings).toEqual([]);
    }
  });
});

describe('"neither X nor Y" excludes both', () => {
  it.each<[string, FilterNode, string]>([
    ['neither gpt-4 nor claude', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    ['neither gpt-4 nor claude runs', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    ['not gpt-4 nor claude', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    [
      'neither gpt-4 nor claude nor llama',
      not(or(model('gpt-4'), model('claude'), model('llama'))),
      'model is none of gpt-4, claude, llama',
    ],
    ['neither failed nor cancelled', not(status('failed', 'cancelled')), 'status is none of failed, cancelled'],
    ['neither failed nor gpt-4', not(or(status('failed'), model('gpt-4'))), 'NOT (status is failed OR model is gpt-4)'],
    ['neither failed nor accuracy 0.9', not(or(status('failed'), acc('=', 0.9))), 'NOT (status is failed OR accuracy = 0.9)'],
    [
      'without tag nightly nor tag weekly',
      not(or({ kind: 'field', field: 'tag', value: 'nightly' }, { kind: 'field', field: 'tag', value: 'weekly' })),
      'NOT (tag is nightly OR tag is weekly)',
    ],
    [
      'neither today nor yesterday',
      not(or(
        { kind: 'time', from: new Date('2026-11-27T00:00:00Z'), to: new Date('2026-11-28T00:00:00Z') },
        { kind: 'time', from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z') },
      )),
      'NOT (created 2026-11-27 – 2026-11-28 (today, UTC) OR created 2026-11-26 – 2026-11-27 (yesterday, UTC))',
    ],
    [
      'neither failed nor cancelled runs from last week',
      and(not(status('failed', 'cancelled')), LAST_WEEK),
      'status is none of failed, cancelled AND created 2026-11-16 – 2026-11-23 (last week, UTC)',
    ],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps the order and limit next to it', () => {
    const parsed = parse('neither gpt-4 nor claude runs by date limit 5');
    expect(parsed.filter).toEqual(not(or(model('gpt-4'), model('claude'))));
    expect(parsed.explanation).toBe('model is neither gpt-4 nor claude · sorted by created, newest first · limit 5');
  });

  it('explains model families by their patterns', () => {
    const parsed = parseQuery('neither gpt-4o nor claude', { now: NOW, models: ['gpt-4o', 'claude-3-5-sonnet'] });
    expect(parsed.filter).toEqual(not(or(model('gpt-4o'), { kind: 'field', field: 'model', value: 'claude', match: 'family' })));
    expect(parsed.explanation).toBe('NOT (model is gpt-4o OR model is claude-* (model family))');
  });

  it('leaves "nor" without a negation before it as or', () => {
    expect(parse('gpt-4 nor claude').filter).toEqual(or(model('gpt-4'), model('claude')));
  });

  it('reads item queries the same way', () => {
    const parsed = parseItemQuery('neither exact_match 0 nor failed');
    expect(parsed.filter).toEqual({
      kind: 'not',
      child: { kind: 'or', children: [{ kind: 'score', metric: 'exact_match', op: '=', value: 0 }, { kind: 'status', values: ['failed'] }] },
    });
    expect(parsed.explanation).toBe('NOT (exact_match = 0 OR status is failed)');
  });
});
