import type { FilterNode, ItemFilterNode } from './filter';
import { parseItemQuery } from './parse-item-query';
import { parseQuery } from './parse-query';

const NOW = new Date('2026-11-27T15:00:00Z');
const OPTIONS = { now: NOW, models: ['gpt-4o', 'gpt-4', 'claude-3-5-sonnet'], tags: ['nightly', 'weekly'] };
const parse = (text: string) => parseQuery(text, OPTIONS);

const and = (...children: FilterNode[]): FilterNode => ({ kind: 'and', children });
const or = (...children: FilterNode[]): FilterNode => ({ kind: 'or', children });
const not = (child: FilterNode): FilterNode => ({ kind: 'not', child });
const text = (value: string): FilterNode => ({ kind: 'text', text: value });
const status = (...values: ('completed' | 'failed' | 'cancelled')[]): FilterNode => ({ kind: 'status', values });
const GPT4: FilterNode = { kind: 'field', field: 'model', value: 'gpt-4' };
const GPT4O: FilterNode = { kind: 'field', field: 'model', value: 'gpt-4o' };
const CLAUDE: FilterNode = { kind: 'field', field: 'model', value: 'claude', match: 'family' };
const ACCURACY_ABOVE: FilterNode = { kind: 'metric', metric: 'accuracy', op: '>', value: 0.8 };

describe('brackets group conditions', () => {
  it.each<[string, FilterNode, string]>([
    ['not (gpt-4 or claude)', not(or(GPT4, CLAUDE)), 'NOT (model is gpt-4 OR model is claude-* (model family))'],
    ['(gpt-4 or claude) and failed', and(or(GPT4, CLAUDE), status('failed')), '(model is gpt-4 OR model is claude-* (model family)) AND status is failed'],
    // Without brackets "and" binds looser than "or"; brackets say otherwise.
    ['(gpt-4o and failed) or claude', or(and(GPT4O, status('failed')), CLAUDE), '(model is gpt-4o AND status is failed) OR model is claude-* (model family)'],
    ['gpt-4o and (failed or claude)', and(GPT4O, or(status('failed'), CLAUDE)), 'model is gpt-4o AND (status is failed OR model is claude-* (model family))'],
    // Nested, and doubled.
    ['not (gpt-4o and (failed or cancelled))', not(and(GPT4O, status('failed', 'cancelled'))), 'NOT (model is gpt-4o AND status is failed or cancelled)'],
    ['((failed))', status('failed'), 'status is failed'],
    ['not ((gpt-4o) or (claude and failed))', not(or(GPT4O, and(CLAUDE, status('failed')))), 'NOT (model is gpt-4o OR (model is claude-* (model family) AND status is failed))'],
    // A field condition with its value list inside a group, and brackets of a value list after a group.
    ['(model is gpt-4 or claude) failed', and(or(GPT4, CLAUDE), status('failed')), '(model is gpt-4 OR model is claude-* (model family)) AND status is failed'],
    ['(failed or cancelled) and model in (gpt-4o, gpt-4)', and(status('failed', 'cancelled'), or(GPT4O, GPT4)), 'status is failed or cancelled AND (model is gpt-4o OR model is gpt-4)'],
    // A sort inside brackets still sorts.
    ['(failed) newest', status('failed'), 'status is failed · sorted by created, newest first'],
  ])('%s', (query, filter, explanation) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.explanation).toBe(explanation);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads words in a group as text, and says so', () => {
    const parsed = parse('accuracy above 0.8 and (mmlu or gsm8k)');
    expect(parsed.filter).toEqual(and(ACCURACY_ABOVE, or(text('mmlu'), text('gsm8k'))));
    expect(parsed.explanation).toBe('accuracy > 0.8 AND (text contains "mmlu" OR text contains "gsm8k")');
    expect(parsed.warnings).toEqual(['searching for "mmlu" as text', 'searching for "gsm8k" as text']);
  });

  it('keeps brackets in quotes as text', () => {
    expect(parse('"(a)" and failed').filter).toEqual(and(text('(a)'), status('failed')));
    expect(parse('"(a)" and failed').warnings).toEqual([]);
    // An unbalanced bracket in quotes is no bracket either.
    expect(parse('"(a" or ")b"').filter).toEqual(or(text('(a'), text(')b')));
    expect(parse('"(a" or ")b"').warnings).toEqual([]);
    expect(parse('name contains "(x)"').filter).toEqual({ kind: 'field', field: 'name', value: '(x)' });
  });

  it.each<[string, FilterNode | null, string[]]>([
    ['failed (gpt-4', and(status('failed'), GPT4), ['ignored "(" at character 8: no ")" after it']],
    ['failed) or gpt-4', or(status('failed'), GPT4), ['ignored ")" at character 7: no "(" before it']],
    ['(failed or (gpt-4)', or(status('failed'), GPT4), ['ignored "(" at character 1: no ")" after it']],
    ['() failed', status('failed'), ['ignored empty brackets at character 1']],
    ['not () failed', status('failed'), ['ignored empty brackets at character 5', 'ignored "not": no condition in the brackets after it']],
  ])('names the position of an unbalanced or empty bracket: %s', (query, filter, warnings) => {
    const parsed = parse(query);
    expect(parsed.filter).toEqual(filter);
    expect(parsed.warnings).toEqual(warnings);
  });

  it('groups item conditions too', () => {
    const failed: ItemFilterNode = { kind: 'status', values: ['failed'] };
    const timeout: ItemFilterNode = { kind: 'text', in: 'any', text: 'timeout' };
    const low: ItemFilterNode = { kind: 'score', metric: 'exact_match', op: '<', value: 0.5 };
    const parsed = parseItemQuery('not (failed or exact_match < 0.5) and timeout');
    expect(parsed.filter).toEqual({ kind: 'and', children: [{ kind: 'not', child: { kind: 'or', children: [failed, low] } }, timeout] });
  });
});
