import type { FilterNode, TextField } from './filter';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
/** Stored vocabulary without "foo", "bar" or the datasets, so only the field before them can make them values. */
const OPTIONS = { now: NOW, models: ['gpt-4o', 'gpt-4', 'claude-3-5-sonnet'], tags: ['nightly', 'weekly'] };
const parse = (text: string) => parseQuery(text, OPTIONS);

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const field = (name: TextField, value: string): FilterNode => ({ kind: 'field', field: name, value });
const tag = (value: string) => field('tag', value);
const CLAUDE: FilterNode = { kind: 'field', field: 'model', value: 'claude', match: 'family' };
const FAILED: FilterNode = { kind: 'status', values: ['failed'] };

describe('a bare value listed after "<field> is <value>" is a value of that field', () => {
  it.each<[string, FilterNode, string]>([
    // A run has many tags and a name has many parts: "and" is all of them, "or" either.
    ['tag is nightly and foo', and(tag('nightly'), tag('foo')), 'tag is nightly AND tag is foo'],
    ['tag is foo and bar', and(tag('foo'), tag('bar')), 'tag is foo AND tag is bar'],
    ['tags are foo & bar', and(tag('foo'), tag('bar')), 'tag is foo AND tag is bar'],
    ['tag is foo, bar and baz', and(tag('foo'), tag('bar'), tag('baz')), 'tag is foo AND tag is bar AND tag is baz'],
    ['tag is foo or bar', or(tag('foo'), tag('bar')), 'tag is foo OR tag is bar'],
    ['name contains foo and bar', and(field('name', 'foo'), field('name', 'bar')), 'name contains "foo" AND name contains "bar"'],
    // A run has one model, dataset, project and creator: either, however joined.
    ['model is gpt-4 or claude', or(field('model', 'gpt-4'), CLAUDE), 'model is gpt-4 OR model is claude-* (model family)'],
    ['dataset is mmlu and gsm8k', or(field('dataset', 'mmlu'), field('dataset', 'gsm8k')), 'dataset is mmlu OR dataset is gsm8k'],
    // The same after `key: value` and `key:value`.
    ['tag: foo and bar', and(tag('foo'), tag('bar')), 'tag is foo AND tag is bar'],
    ['tag:foo and bar', and(tag('foo'), tag('bar')), 'tag is foo AND tag is bar'],
    ['dataset:mmlu or gsm8k', or(field('dataset', 'mmlu'), field('dataset', 'gsm8k')), 'dataset is mmlu OR dataset is gsm8k'],
    ['project:demo, prod', or(field('project', 'demo'), field('project', 'prod')), 'project is demo OR project is prod'],
    // A negated list is none of its values.
    ['tag is not foo and bar', not(or(tag('foo'), tag('bar'))), 'NOT (tag is foo OR tag is bar)'],
    ['dataset is not mmlu or gsm8k', not(or(field('dataset', 'mmlu'), field('dataset', 'gsm8k'))), 'dataset is neither mmlu nor gsm8k'],
    // A negation word before the field means the same: none of the values ("excluding gpt-4 and claude" is neither).
    ['not tag is foo and bar', not(or(tag('foo'), tag('bar'))), 'NOT (tag is foo OR tag is bar)'],
    ['excluding tag:foo and bar', not(or(tag('foo'), tag('bar'))), 'NOT (tag is foo OR tag is bar)'],
    ['other than tag:foo and bar', not(or(tag('foo'), tag('bar'))), 'NOT (tag is foo OR tag is bar)'],
    ['excluding name contains foo and bar', not(or(field('name', 'foo'), field('name', 'bar'))), 'NOT (name contains "foo" OR name contains "bar")'],
    // Brackets say what is negated: both at once.
    ['not (tag:foo and bar)', not(and(tag('foo'), tag('bar'))), 'NOT (tag is foo AND tag is bar)'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, FilterNode, string]>([
    // A word with a meaning of its own, a measure or a model name after "and" ends a tag list.
    ['tag is foo and failed', and(tag('foo'), FAILED), 'tag is foo AND status is failed'],
    ['tag:foo and failed', and(tag('foo'), FAILED), 'tag is foo AND status is failed'],
    ['tag is foo and gpt-4o', and(tag('foo'), field('model', 'gpt-4o')), 'tag is foo AND model is gpt-4o'],
    [
      'tag is foo and accuracy above 0.5',
      and(tag('foo'), { kind: 'metric', metric: 'accuracy', op: '>', value: 0.5 }),
      'tag is foo AND accuracy > 0.5',
    ],
    // A list that switches from "and" to "or" ends at the switch.
    ['tag is foo and bar or weekly', or(and(tag('foo'), tag('bar')), tag('weekly')), '(tag is foo AND tag is bar) OR tag is weekly'],
    // A negated key:value token stays one condition.
    ['-tag:foo and weekly', and(not(tag('foo')), tag('weekly')), 'tag is not foo AND tag is weekly'],
  ])('%s stops the list where something else starts', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });
});
