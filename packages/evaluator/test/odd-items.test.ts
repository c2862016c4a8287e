import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator, withUsage, type EvaluationResult } from '../src';
import { ODD_VALUES, nested, recordedDeep } from './support/odd-values';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-odd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a consumer does with a result: JSON, structured clone, and saving each file format. */
async function exportEverything(result: EvaluationResult, name: string): Promise<void> {
  expect(() => JSON.stringify(result.toJSON())).not.toThrow();
  expect(() => structuredClone(result.items)).not.toThrow();
  for (const ext of ['json', 'jsonl', 'csv']) {
    const file = path.join(dir, `${name}.${ext}`);
    await result.save(file);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
  }
}

describe('one odd item never aborts the evaluation (storeRuns: false)', () => {
  it.each(ODD_VALUES.map((v) => [v.name, v] as const))('records %s returned by the task, and the run goes on', async (name, odd) => {
    const result = await new Evaluator({
      task: (input) => (input === 'odd' ? odd.make() : 'Paris'),
      dataset: [
        { id: 'before', input: 'normal', expected: 'Paris' },
        { id: 'odd-one', input: 'odd', expected: 'Paris' },
        { id: 'after', input: 'normal', expected: 'Paris' },
      ],
      metrics: ['exact_match', 'json_valid'],
      config: { storeRuns: false, maxValueChars: 10_000 },
    }).run();
    expect(result.status).toBe('completed');
    expect(result.items.map((i) => [i.id, i.success])).toEqual([['before', true], ['odd-one', true], ['after', true]]);
    expect(result.items[1]!.output).toEqual(odd.recorded);
    expect(result.items[0]!.scores.exact_match).toBe(1);
    await exportEverything(result, `output-${name.replace(/\W+/g, '-')}`);
  });

  it.each(ODD_VALUES.map((v) => [v.name, v] as const))('records %s in an array dataset, and the run goes on', async (name, odd) => {
    const result = await new Evaluator({
      task: (input) => (input === 'Paris' ? input : 'seen'),
      dataset: [
        { id: 'odd-input', input: odd.make(), expected: odd.make(), metadata: { odd: odd.make() } },
        { id: 'normal', input: 'Paris', expected: 'Paris' },
      ],
      metrics: ['exact_match'],
      config: { storeRuns: false, maxValueChars: 10_000 },
    }).run();
    expect(result.items.map((i) => [i.id, i.success, i.output])).toEqual([['odd-input', true, 'seen'], ['normal', true, 'Paris']]);
    expect(result.items[0]).toMatchObject({ input: odd.recorded, expected: odd.recorded, metadata: { odd: odd.recordedInside ?? odd.recorded } });
    expect(result.items[1]!.scores.exact_match).toBe(1);
    await exportEverything(result, `input-${name.replace(/\W+/g, '-')}`);
  });

  it('reads an input nested 10,000 levels deep from a dataset file, and records it cut at the depth limit', async () => {
    const deep = `${'['.repeat(10_000)}"leaf"${']'.repeat(10_000)}`;
    const file = path.join(dir, 'deep.jsonl');
    writeFileSync(file, `{"id":"deep","input":{"child":${JSON.stringify(nested(3))}}}\n{"id":"deeper","input":${deep}}\n{"id":"plain","input":"Paris","expected":"Paris"}\n`);
    let depthSeen = 0;
    const result = await new Evaluator({
      task: (input) => {
        for (let v = input; Array.isArray(v); v = v[0]) depthSeen++;
        return typeof input === 'string' ? input : 'ok';
      },
      dataset: file,
      metrics: ['exact_match'],
      config: { storeRuns: false },
    }).run();
    expect(depthSeen).toBe(10_000); // the task gets the input as it is
    expect(result.items.map((i) => [i.id, i.success])).toEqual([['deep', true], ['deeper', true], ['plain', true]]);
    expect(JSON.stringify(result.items[1]!.input)).toContain('[Truncated: nested deeper than 500 levels]');
    await exportEverything(result, 'deep-file');
  });

  it('keeps every normal item when odd items are mixed in, and records odd usage and error values safely', async () => {
    const odd = new Map(ODD_VALUES.map((v, i) => [`odd-${i}`, v]));
    const dataset = [
      ...Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, input: `q${i}`, expected: `a${i}` })),
      ...[...odd.keys()].map((id) => ({ id, input: id })),
      { id: 'bad-usage', input: 'bad-usage' },
      { id: 'throws-symbol', input: 'throws-symbol' },
      { id: 'throws-unprintable', input: 'throws-unprintable' },
      { id: 'long-error-name', input: 'long-error-name' },
      { id: 'deep-input', input: nested(10_000) },
    ];
    const result = await new Evaluator({
      task: async (input) => {
        if (typeof input !== 'string') return 'deep';
        const value = odd.get(input);
        if (value) return value.make();
        if (input === 'bad-usage') return withUsage('fine', { tokensUsed: -3, cost: Number.NaN, metadata: { when: new Date(0), n: 1n } });
        if (input === 'throws-symbol') throw Symbol('odd failure');
        if (input === 'throws-unprintable') throw Object.create(null);
        if (input === 'long-error-name') throw Object.assign(new Error('named'), { name: 'E'.repeat(1_000) });
        return `a${input.slice(1)}`;
      },
      dataset,
      metrics: ['exact_match', 'fuzzy_match', 'token_f1', 'json_match', 'contains'],
      config: { storeRuns: false, maxConcurrency: 4, maxValueChars: 10_000 },
    }).run();
    expect(result.status).toBe('completed');
    expect(result.totalItems).toBe(dataset.length);
    const normal = result.items.filter((i) => i.id.startsWith('n'));
    expect(normal).toHaveLength(60);
    expect(normal.every((i) => i.success && i.scores.exact_match === 1)).toBe(true);
    for (const [id, value] of odd) expect(result.items.find((i) => i.id === id)!.output).toEqual(value.recorded);
    const byId = (id: string) => result.items.find((i) => i.id === id)!;
    expect(byId('bad-usage')).toMatchObject({ success: true, tokensUsed: undefined, cost: undefined });
    expect(byId('bad-usage').taskMetadata).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      n: '1',
      usage_errors: ['tokensUsed must be a whole number >= 0, got -3; it was not recorded', 'cost must be a number >= 0, got NaN; it was not recorded'],
    });
    expect(byId('throws-symbol')).toMatchObject({ success: false, errorType: 'Error', error: 'Symbol(odd failure)' });
    expect(byId('throws-unprintable')).toMatchObject({ success: false, errorType: 'Error', error: 'a value that cannot be printed' });
    expect(byId('long-error-name').errorType!.length).toBeLessThanOrEqual(255);
    expect(byId('deep-input')).toMatchObject({ success: true, input: recordedDeep() });
    await exportEverything(result, 'mixed');
  });

  it('records a task output at the default limit of 10,000,000 characters cut, with the rest of the run intact', async () => {
    const result = await new Evaluator({
      task: (input) => (input === 'huge' ? 'y'.repeat(12_000_000) : input),
      dataset: [{ input: 'huge' }, { input: 'small', expected: 'small' }],
      metrics: ['exact_match'],
      config: { storeRuns: false },
    }).run();
    const output = result.items[0]!.output as string;
    expect(output.length).toBeLessThan(10_000_100);
    expect(output.endsWith('…[truncated 2000002 characters]')).toBe(true);
    expect(result.items[1]).toMatchObject({ success: true, scores: { exact_match: 1 } });
  });
});
