import type { FilterNode } from './filter';
import { parseQuery } from './parse-query';

const parse = (text: string) => parseQuery(text, { now: new Date('2026-11-27T15:00:00Z'), timeZone: 'UTC' });
const failedItems = (op: '>' | '=', value: number): FilterNode => ({ kind: 'number', field: 'failedItems', op, value });

// "runs that have failed items" was status failed AND the text "items": a completed run whose items failed was not found.
describe('"runs with failures": failed items > 0, as "without failures" is failed items = 0', () => {
  it.each([
    'runs that have failed items',
    'runs with failed items',
    'runs with failures',
    'runs that have failures',
    'runs having failures',
    'runs with errors',
    'runs with any failures',
    'runs which had errored items',
  ])('%s', (query) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(failedItems('>', 0));
    expect(parsed.explanation).toBe('failed items > 0');
    const written = query.replace(/^runs /, '');
    expect(parsed.warnings).toEqual([`read "${written}" as failed items > 0; for runs whose status is failed, write "failed runs"`]);
  });

  it('keeps the other readings', () => {
    expect(parse('runs without failures').filter).toEqual(failedItems('=', 0));
    expect(parse('failed runs').filter).toEqual({ kind: 'status', values: ['failed'] });
    expect(parse('runs with failures from last week').filter).toEqual({
      kind: 'and',
      children: [failedItems('>', 0), { kind: 'time', from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') }],
    });
    // A number after "with" is a count as before.
    expect(parse('runs with 3 failures').filter).toEqual(failedItems('=', 3));
    expect(parse('runs with more than 2 failures').filter).toEqual({ kind: 'number', field: 'failedItems', op: '>', value: 2 });
    // "with error rate above 10%" names a longer measure than "error".
    expect(parse('runs with error rate above 10%').filter).toEqual({ kind: 'number', field: 'errorRate', op: '>', value: 0.1 });
  });
});
