import { formatExport } from './export-files';
import type { EvaluationExport } from './export-format';

const doc = (scores: Record<string, unknown>, extra: Partial<EvaluationExport> = {}): EvaluationExport =>
  ({
    dataset_name: 'd',
    run_name: 'r',
    start_time: '2026-01-01T00:00:00',
    end_time: '2026-01-01T00:00:01',
    duration: 1,
    total_items: 1,
    success_rate: 1,
    metrics: ['m'],
    metric_stats: { m: { mean: 1, std: 0, min: -0, max: 1e16, success_rate: 1, count: 2 } },
    results: { q: { output: '\u0000float:1', scores, success: true, time: 2, tokens_used: 3, metadata: { n: 4 } } },
    errors: {},
    ...extra,
  }) as EvaluationExport;

describe('an export writes the Python format\'s float positions as floats', () => {
  it('writes whole-number scores, statistics, rates and times with .0, and nothing else', () => {
    const text = formatExport(doc({ m: 1, b: true, big: 1e21, e: { error: 'x' } }, { llm_eval: { config: { n: 5 } } as never }), 'json');
    expect(text).toContain('"duration": 1.0');
    expect(text).toContain('"success_rate": 1.0');
    expect(text).toContain('"mean": 1.0');
    expect(text).toContain('"std": 0.0');
    expect(text).toContain('"min": -0.0');
    // Python prints 1e16 and above with an exponent: left as JavaScript prints it.
    expect(text).toContain('"max": 10000000000000000');
    expect(text).toContain('"m": 1.0');
    expect(text).toContain('"b": true');
    expect(text).toContain('"big": 1e+21');
    expect(text).toContain('"time": 2.0');
    // Counts, the user's metadata and config, and text stay as they were.
    expect(text).toContain('"tokens_used": 3,');
    expect(text).toContain('"n": 4');
    expect(text).toContain('"n": 5');
    expect(text).toContain('"total_items": 1,');
    // A file's own statistics keys, which llm-eval does not compute, come back as the file had them.
    expect(text).toContain('"count": 2');
    expect(text).toContain('"output": "\\u0000float:1"');
    expect(JSON.parse(text).results.q.scores).toEqual({ m: 1, b: true, big: 1e21, e: { error: 'x' } });
  });

  it('writes JSONL lines the same way', () => {
    const [run, item] = formatExport(doc({ m: 0 }), 'jsonl').split('\n');
    expect(run).toContain('"success_rate":1.0');
    expect(item).toContain('"scores":{"m":0.0}');
    expect(item).toContain('"time":2.0');
    expect(item).toContain('"tokens_used":3,');
  });
});
