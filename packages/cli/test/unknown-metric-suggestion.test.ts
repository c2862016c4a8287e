import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `--metrics exact_mach` listed every known metric but did not say which one was meant, while other typos (options,
// commands) get "Did you mean". The closest known metric is suggested now, before the list.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-unknown-metric-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluate --metrics with a misspelt metric', () => {
  const task = path.join(dir, 'task.mjs');
  const dataset = path.join(dir, 'data.jsonl');
  writeFileSync(task, 'export default (x) => x;\n');
  writeFileSync(dataset, '{"input": "a", "expected": "a"}\n');
  const evaluate = (metrics: string) =>
    runCli(['evaluate', '--task', task, '--dataset', dataset, '--metrics', metrics, '--database-url', `sqlite:///${path.join(dir, 'runs.db')}`], { cwd: dir });

  it('exact_mach: exit 2 suggesting exact_match, then the known metrics', async () => {
    const r = await evaluate('exact_mach');
    expect(r.stderr).toMatch(/^llm-eval: --metrics: Unknown metric "exact_mach"\. Did you mean exact_match\? Known metrics: bleu, contains, exact_match, .*\. Add your own with --metric-file \.\/metrics\.mjs\.\n$/);
    expect(r.code).toBe(2);
  });

  it('a name close to none gets the list alone', async () => {
    const r = await evaluate('perplexity');
    expect(r.stderr).toMatch(/^llm-eval: --metrics: Unknown metric "perplexity"\. Known metrics: bleu, /);
    expect(r.stderr).not.toContain('Did you mean');
    expect(r.code).toBe(2);
  });
});
