import { Evaluator, withUsage, type ProgressEvent } from '../src';

// A value past config.maxValueChars is recorded cut, with a marker in it. That used to happen without a word: a
// 12-million-character input ran, was stored cut, and its export no longer matched the dataset. The run now says so
// once (a warning event naming the item, the field and the limit) and counts the cut values on its result.
const warningsOf = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'warning' ? [e.warning] : []));

describe('values past maxValueChars', () => {
  it('one warning event names the first item and field cut and the limit; result.valuesCut counts every cut value', async () => {
    const events: ProgressEvent[] = [];
    const result = await new Evaluator({
      task: (input) => input,
      dataset: [
        { id: 'short', input: 'a', expected: 'a' },
        { id: 'big', input: 'x'.repeat(5_000), expected: 'a' },
        { id: 'big-too', input: 'y'.repeat(5_000), expected: 'z'.repeat(5_000) },
      ],
      metrics: ['exact_match'],
      config: { storeRuns: false, maxValueChars: 1_000, maxConcurrency: 1, onProgress: (e) => events.push(e) },
    }).run();
    expect(result.status).toBe('completed');
    const warnings = warningsOf(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'value-cut', itemId: 'big', field: 'input', limit: 1_000 });
    expect(warnings[0]!.message).toContain('"big"');
    expect(warnings[0]!.message).toContain('input');
    expect(warnings[0]!.message).toContain('1,000');
    // big: input and output; big-too: input, expected and output.
    expect(result.valuesCut).toBe(5);
    expect(result.items[1]!.input).toMatch(/…\[truncated \d+ characters\]$/);
  });

  it('counts cut metadata, task metadata, error messages and metric reasons, each under its own field', async () => {
    const events: ProgressEvent[] = [];
    const long = 'm'.repeat(5_000);
    const result = await new Evaluator({
      task: (input) => {
        if (input === 'fail') throw new Error(long);
        return withUsage('ok', { metadata: { note: long } });
      },
      dataset: [
        { id: 'meta', input: 'ok', metadata: { deep: { text: long } } },
        { id: 'fails', input: 'fail' },
      ],
      metrics: [function longReason() { return { score: 1, reason: long }; }],
      config: { storeRuns: false, maxValueChars: 1_000, maxConcurrency: 1, onProgress: (e) => events.push(e) },
    }).run();
    const warnings = warningsOf(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ itemId: 'meta', field: 'metadata' });
    // meta: metadata, task metadata, the reason; fails: the error message.
    expect(result.valuesCut).toBe(4);
  });

  it('a value cut for its depth is told as nested too deep, not as too long, and counted apart on the result', async () => {
    const events: ProgressEvent[] = [];
    let deep: unknown = 'leaf';
    for (let i = 0; i < 600; i++) deep = [deep];
    const result = await new Evaluator({
      task: () => 'ok',
      dataset: [
        { id: 'deep', input: deep, expected: 'ok' },
        { id: 'long', input: 'x'.repeat(5_000), expected: 'ok' },
      ],
      metrics: ['exact_match'],
      config: { storeRuns: false, maxValueChars: 1_000, maxConcurrency: 1, onProgress: (e) => events.push(e) },
    }).run();
    const warnings = warningsOf(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'value-cut', itemId: 'deep', field: 'input', reason: 'depth' });
    expect(warnings[0]!.message).toContain('nested deeper than 500 levels (kept to that depth)');
    expect(warnings[0]!.message).not.toMatch(/longer than|max-value-chars/);
    expect(result.valuesCut).toBe(2);
    expect(result.valuesCutDeep).toBe(1);
  });

  it('says nothing when no value is cut', async () => {
    const events: ProgressEvent[] = [];
    const result = await new Evaluator({
      task: (input) => input,
      dataset: [{ id: 'a', input: 'x'.repeat(900), expected: 'x', metadata: { n: 1 } }],
      metrics: ['exact_match'],
      config: { storeRuns: false, maxValueChars: 1_000, onProgress: (e) => events.push(e) },
    }).run();
    expect(warningsOf(events)).toEqual([]);
    expect(result.valuesCut).toBe(0);
  });
});
