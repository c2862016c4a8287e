import { QuerySyntaxError } from '../errors';
import type { Comparison, FilterNode, TextField } from './filter';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const parse = (text: string) => parseQuery(text, { now: NOW });

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const field = (name: TextField, value: string): FilterNode => ({ kind: 'field', field: name, value });
const model = (value: string): FilterNode => field('model', value);
const acc = (op: Comparison, value: number): FilterNode => ({ kind: 'metric', metric: 'accuracy', op, value });
const status = (...values: ('running' | 'completed' | 'failed' | 'cancelled')[]): FilterNode => ({ kind: 'status', values });
const LAST_WEEK: FilterNode = { kind: 'time', from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };

describe('"<field> is <value>" and its operators read as the field condition, never as text', () => {
  it.each<[string, FilterNode, string]>([
    ['model is gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model was gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model = gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model == gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model==gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model equals gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model is equal to gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model != gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ['model<>gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ['model is not gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ["model isn't gpt-4", not(model('gpt-4')), 'model is not gpt-4'],
    ['model not gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ['model is different from gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ['where model is gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['with model gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['whose model is gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['runs where the model is the gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model is "gpt 4"', model('gpt 4'), 'model is "gpt 4"'],
    ['dataset is big', field('dataset', 'big'), 'dataset is big'],
    ['dataset = big', field('dataset', 'big'), 'dataset is big'],
    ['dataset is not big', not(field('dataset', 'big')), 'dataset is not big'],
    ['project is demo', field('project', 'demo'), 'project is demo'],
    ['project != demo', not(field('project', 'demo')), 'project is not demo'],
    ['tag is nightly', field('tag', 'nightly'), 'tag is nightly'],
    ["tag isn't nightly", not(field('tag', 'nightly')), 'tag is not nightly'],
    ['tags include nightly', field('tag', 'nightly'), 'tag is nightly'],
    ["tags don't include nightly", not(field('tag', 'nightly')), 'tag is not nightly'],
    ['user is ana', field('createdBy', 'ana'), 'created by ana'],
    ['author = ana', field('createdBy', 'ana'), 'created by ana'],
    ['creator is ana', field('createdBy', 'ana'), 'created by ana'],
    ['creator ana', field('createdBy', 'ana'), 'created by ana'],
    ['created by != ana', not(field('createdBy', 'ana')), 'NOT (created by ana)'],
    ['name is nightly', field('name', 'nightly'), 'name contains "nightly"'],
    ['name contains nightly', field('name', 'nightly'), 'name contains "nightly"'],
    ['name does not contain nightly', not(field('name', 'nightly')), 'NOT (name contains "nightly")'],
    ['status is failed', status('failed'), 'status is failed'],
    ['status failed', status('failed'), 'status is failed'],
    ['status = failed', status('failed'), 'status is failed'],
    ['status != failed', not(status('failed')), 'status is not failed'],
    ['status is not in progress', not(status('running')), 'status is not running'],
    ['status in progress', status('running'), 'status is running'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode, string]>([
    ['model is one of gpt-4, claude', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
    ['model is one of a, b', or(model('a'), model('b')), 'model is a OR model is b'],
    ['model in (a, b)', or(model('a'), model('b')), 'model is a OR model is b'],
    ['model in [gpt-4 | claude]', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
    ['model is gpt-4 or claude', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
    ['dataset in squad, mmlu', or(field('dataset', 'squad'), field('dataset', 'mmlu')), 'dataset is squad OR dataset is mmlu'],
    ['dataset is squad or mmlu', or(field('dataset', 'squad'), field('dataset', 'mmlu')), 'dataset is squad OR dataset is mmlu'],
    ['project is any of demo, prod', or(field('project', 'demo'), field('project', 'prod')), 'project is demo OR project is prod'],
    ['tags in (nightly, weekly)', or(field('tag', 'nightly'), field('tag', 'weekly')), 'tag is nightly OR tag is weekly'],
    ['user in (ana, bo)', or(field('createdBy', 'ana'), field('createdBy', 'bo')), 'created by ana OR created by bo'],
    ['model is not one of gpt-4, claude', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    ['model not in (gpt-4, claude, llama)', not(or(model('gpt-4'), model('claude'), model('llama'))), 'model is none of gpt-4, claude, llama'],
    ['model is neither gpt-4 nor claude', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    ['model != gpt-4 and claude', not(or(model('gpt-4'), model('claude'))), 'model is neither gpt-4 nor claude'],
    ['project is not demo or prod', not(or(field('project', 'demo'), field('project', 'prod'))), 'project is neither demo nor prod'],
    ['status in (failed, cancelled)', status('failed', 'cancelled'), 'status is failed or cancelled'],
    ['status is one of failed, cancelled', status('failed', 'cancelled'), 'status is failed or cancelled'],
    ['status != failed or cancelled', not(status('failed', 'cancelled')), 'status is none of failed, cancelled'],
    ['status not in (failed, cancelled)', not(status('failed', 'cancelled')), 'status is none of failed, cancelled'],
  ])('a list: %s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode, string, string[]]>([
    // A list ends where another condition starts.
    ['model is gpt-4 or failed', or(model('gpt-4'), status('failed')), 'model is gpt-4 OR status is failed', []],
    ['model is gpt-4 or accuracy above 0.9', or(model('gpt-4'), acc('>', 0.9)), 'model is gpt-4 OR accuracy > 0.9', []],
    ['model is gpt-4 or status is failed', or(model('gpt-4'), status('failed')), 'model is gpt-4 OR status is failed', []],
    [
      'model is gpt-4 and status is failed last week',
      and(model('gpt-4'), status('failed'), LAST_WEEK),
      'model is gpt-4 AND status is failed AND created 2026-11-16 – 2026-11-23 (last week, UTC)',
      [],
    ],
    // A run has many tags: "and" between two of them is both.
    ['tag is nightly and tag is weekly', and(field('tag', 'nightly'), field('tag', 'weekly')), 'tag is nightly AND tag is weekly', []],
    ['tag is nightly and weekly', and(field('tag', 'nightly'), field('tag', 'weekly')), 'tag is nightly AND tag is weekly', []],
    // Metrics keep their own reading.
    ['accuracy is 0.9', acc('=', 0.9), 'accuracy = 0.9', []],
    ['model is gpt-4 with accuracy is 0.9', and(model('gpt-4'), acc('=', 0.9)), 'model is gpt-4 AND accuracy = 0.9', []],
  ])('%s', (query, filter, explanation, warnings) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual(warnings);
  });

  it.each<[string, FilterNode | null, string, string[]]>([
    ['model is', null, 'all runs', ['ignored "model": no value after "is"']],
    ['model =', null, 'all runs', ['ignored "model": no value after "="', 'ignored "="']],
    ['model is failed', status('failed'), 'status is failed', ['ignored "model": no value after "is"']],
    [
      'status is foo',
      { kind: 'text', text: 'foo' },
      'text contains "foo"',
      ['ignored "status": no run status (running, abandoned, completed, failed or cancelled) after "is"', 'searching for "foo" as text'],
    ],
  ])('an operator with no value is ignored with a warning, not searched as text: %s', (query, filter, explanation, warnings) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual(warnings);
  });
});

describe('an unknown model after "model is" stays a model condition, without the field word as text', () => {
  const models = ['gpt-4o', 'claude-3-5-sonnet'];

  it.each<[string, FilterNode, string]>([
    ['model is gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model = gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model: gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model is not gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parseQuery(query, { now: NOW, models });
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.freeText).toEqual([]);
    expect(parsed.warnings).toEqual(['no stored model is named "gpt-4" or starts with "gpt-4-"']);
  });

  it('reads stored names and families as "model gpt-4o" does', () => {
    const parsed = parseQuery('model is one of gpt-4o, claude', { now: NOW, models });
    expect(parsed.filter).toEqual(or(model('gpt-4o'), { kind: 'field', field: 'model', value: 'claude', match: 'family' }));
    expect(parsed.explanation).toBe('model is gpt-4o OR model is claude-* (model family)');
    expect(parsed.warnings).toEqual([]);
    expect(parseQuery('model is claude 3.5 sonnet', { now: NOW, models }).filter).toEqual(model('claude-3-5-sonnet'));
  });
});

describe('"key: value" with spaces after the colon', () => {
  it.each<[string, FilterNode, string]>([
    ['model: gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['model:   gpt-4', model('gpt-4'), 'model is gpt-4'],
    ['status: failed', status('failed'), 'status is failed'],
    ['tag: nightly', field('tag', 'nightly'), 'tag is nightly'],
    ['project: demo', field('project', 'demo'), 'project is demo'],
    ['by: ana', field('createdBy', 'ana'), 'created by ana'],
    ['name: "nightly run"', field('name', 'nightly run'), 'name contains "nightly run"'],
    ['-model: gpt-4', not(model('gpt-4')), 'model is not gpt-4'],
    ['model: gpt-4, claude', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
    ['model:(gpt-4, claude)', or(model('gpt-4'), model('claude')), 'model is gpt-4 OR model is claude'],
    ['status: failed, cancelled', status('failed', 'cancelled'), 'status is failed or cancelled'],
    ['model: gpt-4 failed', and(model('gpt-4'), status('failed')), 'model is gpt-4 AND status is failed'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['model:', 'empty value for "model:"'],
    ['model: and failed', 'empty value for "model:"'],
    ['tag:   ', 'empty value for "tag:"'],
    ['status: foo', 'unknown status "foo" (use running, abandoned, completed, failed or cancelled)'],
    ['colour: red', 'unknown field "colour:"'],
  ])('still refuses %j', (query, message) => {
    expect(() => parse(query)).toThrow(QuerySyntaxError);
    expect(() => parse(query)).toThrow(message);
  });
});
