import type { ItemFilterNode } from './filter';
import { parseItemQuery } from './parse-item-query';

const parse = (text: string) => parseItemQuery(text, { now: new Date('2026-11-27T15:00:00Z') });

const output = (text: string): ItemFilterNode => ({ kind: 'text', in: 'output', text });
const error = (text: string): ItemFilterNode => ({ kind: 'text', in: 'error', text });
const any = (text: string): ItemFilterNode => ({ kind: 'text', in: 'any', text });
const not = (child: ItemFilterNode): ItemFilterNode => ({ kind: 'not', child });
const and = (...children: ItemFilterNode[]): ItemFilterNode => ({ kind: 'and', children });
const or = (...children: ItemFilterNode[]): ItemFilterNode => ({ kind: 'or', children });
const failed: ItemFilterNode = { kind: 'status', values: ['failed'] };

describe('a text field named before its condition is that field, never a word to search', () => {
  it.each<[string, ItemFilterNode, string]>([
    ['output contains paris', output('paris'), 'output contains "paris"'],
    ['output containing paris', output('paris'), 'output contains "paris"'],
    ['where output contains paris', output('paris'), 'output contains "paris"'],
    ['items whose output includes "New York"', output('New York'), 'output contains "New York"'],
    ['output not containing sym', not(output('sym')), 'output does not contain "sym"'],
    ['output not containing paris', not(output('paris')), 'output does not contain "paris"'],
    ['output does not contain paris', not(output('paris')), 'output does not contain "paris"'],
    ["output doesn't contain paris", not(output('paris')), 'output does not contain "paris"'],
    ['outputs not matching paris', not(output('paris')), 'output does not contain "paris"'],
    ['actual output does not include paris', not(output('paris')), 'output does not contain "paris"'],
    ['answers not containing paris', not(output('paris')), 'output does not contain "paris"'],
    ['output is like paris', output('paris'), 'output contains "paris"'],
    ['error contains timeout', error('timeout'), 'error contains "timeout"'],
    ['error message contains timeout', error('timeout'), 'error contains "timeout"'],
    ['error does not contain timeout', not(error('timeout')), 'error does not contain "timeout"'],
    ["error messages don't mention timeout", not(error('timeout')), 'error does not contain "timeout"'],
    ['errors not like timeout', not(error('timeout')), 'error does not contain "timeout"'],
    ['text contains paris', any('paris'), 'text contains "paris"'],
    ['text does not contain paris', not(any('paris')), 'text does not contain "paris"'],
    ['failed items where output does not contain paris', and(failed, not(output('paris'))), 'status is failed AND output does not contain "paris"'],
    ['output does not contain paris or error contains timeout', or(not(output('paris')), error('timeout')), 'output does not contain "paris" OR error contains "timeout"'],
    ['not output not containing paris', output('paris'), 'output contains "paris"'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('"is" after a text field reads as contains, and says so: item text has no exact match', () => {
  it.each<[string, ItemFilterNode, string, string]>([
    ['output is paris', output('paris'), 'output contains "paris"', 'read "is" as "contains": item text has no exact match'],
    ['answer is "New York"', output('New York'), 'output contains "New York"', 'read "is" as "contains": item text has no exact match'],
    ['output is not paris', not(output('paris')), 'output does not contain "paris"', 'read "is not" as "does not contain": item text has no exact match'],
    ["output isn't paris", not(output('paris')), 'output does not contain "paris"', 'read "isn\'t" as "does not contain": item text has no exact match'],
    ['error is timeout', error('timeout'), 'error contains "timeout"', 'read "is" as "contains": item text has no exact match'],
  ])('%s', (query, filter, explanation, warning) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([warning]);
  });

  it('leaves "response time is 2s" to the response time', () => {
    expect(parse('response time is 2s').filter).toEqual({ kind: 'responseTime', op: '=', value: 2 });
  });
});

describe('the expected output, the id and the input are searched on their own', () => {
  const expected = (text: string): ItemFilterNode => ({ kind: 'text', in: 'expected', text });
  const id = (text: string): ItemFilterNode => ({ kind: 'text', in: 'id', text });
  const input = (text: string): ItemFilterNode => ({ kind: 'text', in: 'input', text });
  it.each<[string, ItemFilterNode, string]>([
    ['expected contains x', expected('x'), 'expected output contains "x"'],
    ['expected output contains paris', expected('paris'), 'expected output contains "paris"'],
    ['expected output does not contain paris', not(expected('paris')), 'expected output does not contain "paris"'],
    ['id contains q1', id('q1'), 'id contains "q1"'],
    ['item id contains q1', id('q1'), 'id contains "q1"'],
    ['item_id matching q1', id('q1'), 'id contains "q1"'],
    ['input contains x', input('x'), 'input contains "x"'],
    ['inputs mentioning "capital of"', input('capital of'), 'input contains "capital of"'],
    ['failed items whose input does not contain x', and(failed, not(input('x'))), 'status is failed AND input does not contain "x"'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('field words without a condition', () => {
  it.each([
    ['output does not contain', 'ignored "output does not contain": nothing to look for after it'],
    ['output is', 'ignored "output is": nothing to look for after it'],
  ])('ignores %j with a warning', (query, warning) => {
    const parsed = parse(query);
    expect(parsed.filter).toBeNull();
    expect(parsed.warnings).toEqual([warning]);
  });

  it('keeps a field word without a verb as text', () => {
    expect(parse('output').filter).toEqual(any('output'));
    expect(parse('expected paris').filter).toEqual(any('expected paris'));
    expect(parse('input').filter).toEqual(any('input'));
  });
});
