import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `evaluate --metric-file ./metrics.mjs` registers the module's exported metrics (functions under their export
// names, `{ name, fn }` objects under `name`) so --metrics can name them; a bad module is a usage error naming the
// file and the export.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-metric-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const dataset = file('qa.jsonl', ['Paris:Paris', 'ROME:Rome', 'Lima:Lima', 'Oslo:Bergen'].map((p, i) => JSON.stringify({ id: `q${i}`, input: p.split(':')[0], expected: p.split(':')[1] })).join('\n'));
const task = file('task.mjs', 'export default (x) => x;\n');
const esm = file(
  'metrics.mjs',
  `export function lengthOk(output) { return String(output).length <= 4; }
export const shouting = { name: 'is_upper', fn: (output) => (output === String(output).toUpperCase() ? 1 : 0) };
export const THRESHOLD = 4; // not a metric: ignored
`,
);
const ts = file('metrics.ts', `export const startsLikeExpected = (output: unknown, expected: unknown): number => (String(output)[0] === String(expected)[0] ? 1 : 0);\n`);
const cjs = file('metrics.cjs', `module.exports = { alwaysOne: () => 1, helperValue: 'ignored' };\n`);

const evaluate = (...args: string[]) => runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', ...args]);

describe('evaluate --metric-file', () => {
  it('registers the exported metrics of .mjs, .ts and .cjs modules under their export names or declared names', async () => {
    const r = await evaluate('--metric-file', esm, '--metric-file', ts, cjs, '--metrics', 'exact_match,lengthOk,is_upper,startsLikeExpected,alwaysOne', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { metricStats } = JSON.parse(r.stdout);
    expect(Object.keys(metricStats)).toEqual(['exact_match', 'lengthOk', 'is_upper', 'startsLikeExpected', 'alwaysOne']);
    expect(metricStats.lengthOk.mean).toBe(0.75);
    expect(metricStats.is_upper.mean).toBe(0.25);
    expect(metricStats.startsLikeExpected.mean).toBe(0.75);
    expect(metricStats.alwaysOne.mean).toBe(1);
  });

  it('stores the custom metrics with the run like built-in ones', async () => {
    const url = `sqlite:///${path.join(dir, 'runs.db')}`;
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--metric-file', esm, '--metrics', 'is_upper', '--json', '--database-url', url]);
    expect(r.code).toBe(0);
    const db = await initializeDatabase({ url });
    try {
      const run = await db.runs.requireRun(JSON.parse(r.stdout).runId);
      expect(run.metricsUsed).toEqual(['is_upper']);
      expect(run.metrics.find((m) => m.metricName === 'is_upper')?.mean).toBe(0.25);
    } finally {
      await db.close();
    }
  });

  it.each([
    ['a module without metrics', 'none.mjs', `export const answer = 42;\n`, /--metric-file: .*none\.mjs exports no metric \(it exports: answer\)/],
    ['a .ts module without metrics', 'none.ts', `export const answer = 42;\n`, /--metric-file: .*none\.ts exports no metric \(it exports: answer\)\./],
    ['an object whose fn is not a function', 'bad-fn.mjs', `export const broken = { name: 'broken', fn: 3 };\n`, /--metric-file: .*bad-fn\.mjs, export "broken": "fn" must be a metric function/],
    ['a built-in name', 'builtin.mjs', `export function contains() { return 1; }\n`, /--metric-file: .*builtin\.mjs, export "contains": "contains" is a built-in metric name/],
    ['an invalid name', 'bad-name.mjs', `export const spaced = { name: 'has space', fn: () => 1 };\n`, /--metric-file: .*bad-name\.mjs, export "spaced": Invalid metric name "has space"/],
    ['an anonymous default export', 'anonymous.mjs', `export default () => 1;\n`, /--metric-file: .*anonymous\.mjs, export "default": a default-exported metric needs a name/],
  ])('rejects %s with exit 2, naming the file and the export', async (_what, name, text, message) => {
    const r = await evaluate('--metric-file', file(name, text));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a name defined by two files, a module that throws, a missing file, and an unknown --metrics name', async () => {
    const twice = await evaluate('--metric-file', esm, file('again.mjs', `export function lengthOk() { return 0; }\n`));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/again\.mjs, export "lengthOk": the metric name "lengthOk" is already defined by .*metrics\.mjs, export "lengthOk"/);
    const throws = await evaluate('--metric-file', file('throws.mjs', `throw new Error('no API key');\n`));
    expect(throws.code).toBe(1);
    expect(throws.stderr).toMatch(/--metric-file: loading .*throws\.mjs failed: no API key/);
    const missing = await evaluate('--metric-file', path.join(dir, 'nope.mjs'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--metric-file: no such file: .*nope\.mjs/);
    const unknown = await evaluate('--metric-file', esm, '--metrics', 'lengthOK');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--metrics: Unknown metric "lengthOK"\. Did you mean lengthOk\? Known metrics: .*lengthOk.*\. Add your own with --metric-file/);
  });
  it('--metric-timeout bounds a metric that never resolves: that item records the timeout and the run goes on', async () => {
    const hanging = file('hanging.mjs', `export const slow_judge = (output) => (output === 'ROME' ? new Promise(() => {}) : 1);\n`);
    const out = path.join(dir, 'metric-timeout.json');
    const r = await evaluate('--metric-file', hanging, '--metrics', 'exact_match,slow_judge', '--metric-timeout', '200', '--timeout', '600000', '--json', '-o', out);
    expect(r.code).toBe(0);
    const { metricStats } = JSON.parse(r.stdout);
    expect(metricStats.slow_judge).toMatchObject({ count: 3, errors: 1, mean: 1 });
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(JSON.stringify(saved.results.q1)).toContain('metric \\"slow_judge\\" did not finish within 200 ms');
  });
});
