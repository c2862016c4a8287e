import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// `llm-eval demo` prints its comparison with the cells `runs compare` prints (output/compare-rows.ts): tests, pairs,
// adjusted p-values, verdicts in words (never the raw insufficient_data) and the rule behind them.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-demo-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of the metric comparison table: from its top border through the verdict rule below it. */
function metricTable(stdout: string): string[] {
  const lines = stdout.split('\n');
  const rule = lines.findIndex((line) => line.startsWith('Verdicts: '));
  expect(rule).toBeGreaterThan(0);
  const head = lines.slice(0, rule).findLastIndex((line) => line.startsWith('│ metric '));
  return lines.slice(head - 1, rule + 1);
}

describe('llm-eval demo', () => {
  it('shows the same metric comparison table as runs compare on its two runs', async () => {
    const url = `sqlite:///${path.join(dir, 'demo.db')}`;
    const demo = await runCli(['demo', '--offline', '--database-url', url], { env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined } });
    expect(demo.code).toBe(0);
    const [baseline, improved] = /llm-eval runs compare ([0-9a-f]{8}) ([0-9a-f]{8})/.exec(demo.stdout)!.slice(1);
    const compare = await runCli(['runs', 'compare', baseline!, improved!, '--database-url', url]);
    expect(compare.code).toBe(0);
    const table = metricTable(demo.stdout);
    expect(table).toEqual(metricTable(compare.stdout));
    expect(table.join('\n')).toMatch(/│ metric +│ test +│ pairs +│ mean A +│ mean B +│ Δ +│ 95% CI +│ p +│ adj\. p +│ verdict +│/);
    expect(demo.stdout).not.toContain('insufficient_data');
  });
});
