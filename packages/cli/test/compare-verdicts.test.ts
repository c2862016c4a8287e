import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';

// `runs compare` verdicts, the --fail-on-regression gate and --format markdown, through the BUILT binary.
const BIN = path.resolve(__dirname, '../dist/bin.js');
const ONE_A = 'dddd0001-0000-4000-8000-000000000001';
const ONE_B = 'dddd0002-0000-4000-8000-000000000002';
const BASE = 'dddd0003-0000-4000-8000-000000000003';
const WORSE = 'dddd0004-0000-4000-8000-000000000004';
const CRASHING = 'dddd0005-0000-4000-8000-000000000005';
const FAST_A = 'dddd0006-0000-4000-8000-000000000006';
const FAST_B = 'dddd0007-0000-4000-8000-000000000007';
const SHIFT_A = 'dddd0008-0000-4000-8000-000000000008';
const SHIFT_B = 'dddd0009-0000-4000-8000-000000000009';
const TINY_A = 'dddd000a-0000-4000-8000-00000000000a';
const TINY_B = 'dddd000b-0000-4000-8000-00000000000b';
const ERRORED_A = 'dddd000c-0000-4000-8000-00000000000c';
const SCORED_B = 'dddd000d-0000-4000-8000-00000000000d';
const FAILED_A = 'dddd000e-0000-4000-8000-00000000000e';
const FAILED_B = 'dddd000f-0000-4000-8000-00000000000f';

let dir: string;
let url: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.LLM_EVAL_DATABASE_URL;
    execFile(process.execPath, [BIN, '--database-url', url, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** 20 items; in the worse run the first 10 fail exact_match and drop in quality. Item 0's id holds a pipe and sorts first. */
function items(worse: boolean): ItemInput[] {
  return Array.from({ length: 20 }, (_, i): ItemInput => {
    const broken = worse && i < 10;
    return { itemId: i === 0 ? 'a|b' : `q${i}`, status: 'completed', scores: { exact_match: !broken, quality: broken ? 0.2 : 0.9 } };
  });
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`bash scripts/pnpm.sh run build\` first.`);
  dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-compare-'));
  url = `sqlite:///${path.join(dir, 'runs.db')}`;
  const db = await initializeDatabase({ url });
  const run = (id: string, name: string, list: ItemInput[]) =>
    db.runs.importRun({ id, name, status: 'completed', metricsUsed: ['exact_match', 'quality'] }, list);
  // One item that B gets wrong: the old verdict called this "regressed" and failed the gate.
  await run(ONE_A, 'one-a', [{ itemId: 'q0', status: 'completed', scores: { exact_match: true, quality: 1 } }]);
  await run(ONE_B, 'one-b', [{ itemId: 'q0', status: 'completed', scores: { exact_match: false, quality: 0 } }]);
  await run(BASE, 'baseline', items(false));
  await run(WORSE, 'candidate', items(true));
  // The task fails (no scores) on the ten items the baseline got right; the rest score as before.
  await run(
    CRASHING,
    'crashing',
    items(false).map((item, i) => (i < 10 ? { itemId: item.itemId, status: 'failed', errorMessage: 'model API 500', scores: {} } : item)),
  );
  // wer and latency_ms drop on every item: better, when lower is better.
  const timed = (shift: number) =>
    Array.from({ length: 30 }, (_, i): ItemInput => ({ itemId: `t${i}`, status: 'completed', scores: { wer: 0.3 - shift + 0.01 * (i % 5), latency_ms: 800 - 300 * shift * 10 + 10 * i } }));
  await db.runs.importRun({ id: FAST_A, name: 'fast-a', status: 'completed', metricsUsed: ['wer', 'latency_ms'] }, timed(0));
  await db.runs.importRun({ id: FAST_B, name: 'fast-b', status: 'completed', metricsUsed: ['wer', 'latency_ms'] }, timed(0.1));
  // The adversarial tester's runs: 3 items 0 → 1; 5e-324 → 0 on 30; a metric error in A; every item failing.
  const scored = (id: string, name: string, scores: Array<Record<string, unknown>>, status: 'completed' | 'failed' = 'completed') =>
    db.runs.importRun({ id, name, status: 'completed', metricsUsed: ['m'] }, scores.map((m, i): ItemInput => ({ itemId: `e${i}`, status, scores: m as never })));
  await scored(SHIFT_A, 'shift-a', [{ m: 0 }, { m: 0 }, { m: 0 }]);
  await scored(SHIFT_B, 'shift-b', [{ m: 1 }, { m: 1 }, { m: 1 }]);
  await scored(TINY_A, 'tiny-a', Array.from({ length: 30 }, () => ({ m: 5e-324 })));
  await scored(TINY_B, 'tiny-b', Array.from({ length: 30 }, () => ({ m: 0 })));
  await scored(ERRORED_A, 'errored-a', [{ m: { error: 'not a number: "0.7"' } }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i }))]);
  await scored(SCORED_B, 'scored-b', [{ m: 0.6 }, ...Array.from({ length: 9 }, (_, i) => ({ m: 0.1 * i + 0.05 * (i + 1) }))]);
  await scored(FAILED_A, 'failed-a', Array.from({ length: 8 }, () => ({})), 'failed');
  await scored(FAILED_B, 'failed-b', Array.from({ length: 8 }, () => ({})), 'failed');
  await db.close();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('runs compare verdicts', () => {
  it('says insufficient data for a 1-item comparison, and --fail-on-regression exits 0 for it', async () => {
    const table = await cli('runs', 'compare', ONE_A, ONE_B, '--fail-on-regression');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/exact_match .* insufficient data/);
    expect(table.stdout).toMatch(/quality .* insufficient data/);
    expect(table.stdout).toContain('insufficient data with fewer than 6 pairs');
    expect(table.stdout).not.toContain('Regressed:');
    const json = await cli('runs', 'compare', ONE_A, ONE_B, '--json', '--fail-on-regression');
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.significance).toEqual({ alpha: 0.05, correction: 'holm', minimumPairs: 6 });
    for (const m of body.metrics) expect(m).toMatchObject({ pairs: 1, pValue: 1, pValueAdjusted: null, verdict: 'insufficient_data' });
  });

  it('fails the gate on a real regression and reports raw and Holm-adjusted p-values', async () => {
    const r = await cli('runs', 'compare', BASE, WORSE, '--json', '--fail-on-regression');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Regressed: exact_match, quality');
    const metrics = JSON.parse(r.stdout).metrics as Array<{ metric: string; pValue: number; pValueAdjusted: number; verdict: string }>;
    // 10 of 10 changed items one way: p = 2 / 2^10 for both tests; Holm over 2 metrics doubles it.
    for (const m of metrics) expect(m).toMatchObject({ pValue: 2 / 1024, pValueAdjusted: 4 / 1024, verdict: 'regressed' });
  });

  it('--format markdown prints tables to paste into a pull request', async () => {
    const r = await cli('runs', 'compare', BASE, WORSE, '--format', 'markdown', '--items', '2', '--fail-on-regression');
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md).toContain('### llm-eval comparison: baseline → candidate');
    expect(md).toContain('A: **baseline** (`dddd0003`) · B: **candidate** (`dddd0004`) · Δ is B − A');
    expect(md).toContain('| metric | test | pairs | mean A | mean B | Δ | 95% CI | p | adj. p | verdict |');
    expect(md).toContain('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(md).toMatch(/\| exact\\_match \| mcnemar \| 20 \| 1 \| 0\.5 \| −0\.500 \| \[−0\.740, −0\.260\] \| 0\.002 \| 0\.004 \| \*\*regressed\*\* \|/);
    expect(md).toContain('| success rate |');
    expect(md).toContain('**Regressed: exact\\_match, quality**');
    expect(md).toContain('Items: 0 improved · 10 regressed · 10 unchanged · 0 only in A · 0 only in B.');
    expect(md).toContain('#### Most regressed items by exact\\_match (2 of 10)');
    // An item id with a pipe cannot break the table.
    expect(md).toContain('| a\\|b | completed | exact\\_match=−1.000 quality=−0.700 |');
    expect(md).toContain("Verdicts: p < 0.05 after Holm's correction across the compared metrics (for numeric ones, the mean's t-test's too), and the test and the 95% CI clear of 0 in the same direction;");
    expect(r.stderr).toContain('Regressed: exact_match, quality');

    const small = await cli('runs', 'compare', ONE_A, ONE_B, '--format', 'markdown');
    expect(small.code).toBe(0);
    expect(small.stdout).toContain('| _insufficient data_ |');
    expect(small.stdout).toContain('No metric regressed.');
  });

  it('fails the gate when the task started failing on items it got right, though no metric can show it', async () => {
    const r = await cli('runs', 'compare', BASE, CRASHING, '--fail-on-regression', '--items', '0');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/exact_match .* unchanged/);
    expect(r.stdout).toMatch(/task success .* mcnemar .* 20 .* 1 .* 0\.5 .* regressed/);
    expect(r.stdout).toContain('Regressed: task success');
    const json = JSON.parse((await cli('runs', 'compare', BASE, CRASHING, '--json')).stdout);
    expect(json.success).toMatchObject({ metric: 'success', discordant: { b: 10, c: 0 }, verdict: 'regressed' });
    // SciPy: binomtest(0, 10).pvalue
    expect(json.success.pValue).toBeCloseTo(0.001953125, 12);
  });

  it('--lower-is-better turns a drop in wer and latency_ms into an improvement', async () => {
    const plain = await cli('runs', 'compare', FAST_A, FAST_B, '--fail-on-regression', '--items', '0');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('Regressed: latency_ms, wer');
    const lower = await cli('runs', 'compare', FAST_A, FAST_B, '--fail-on-regression', '--items', '0', '--lower-is-better', 'wer,latency_ms');
    expect(lower.code).toBe(0);
    expect(lower.stdout).toMatch(/latency_ms ↓ .* improved/);
    expect(lower.stdout).toMatch(/wer ↓ .* improved/);
    expect(lower.stdout).not.toContain('Regressed:');
    const json = JSON.parse((await cli('runs', 'compare', FAST_A, FAST_B, '--json', '--lower-is-better', 'wer', '--lower-is-better', 'latency_ms')).stdout);
    expect(json.options.lowerIsBetter).toEqual(['cost', 'latency', 'latency_ms', 'response_time', 'token_count', 'wer']);
  });

  it('prints no interval for differences that are all the same (it printed [+1.000, +1.000] beside p 0.250): table, --json, markdown', async () => {
    const table = await cli('runs', 'compare', SHIFT_A, SHIFT_B);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/m .* 3 .* \+1\.000 .* – \(all Δ equal\) .* 0\.250 .* insufficient data/);
    expect(table.stdout).not.toContain('[+1.000, +1.000]');
    expect(table.stdout).toContain('CI – (all Δ equal): every pair of m differs by the same amount');
    const json = JSON.parse((await cli('runs', 'compare', SHIFT_A, SHIFT_B, '--json')).stdout);
    // scipy.stats.binomtest(3, 3).pvalue == 0.25
    expect(json.metrics[0]).toMatchObject({ difference: 1, pValue: 0.25, ci: { low: null, high: null, reason: 'constant-differences' } });
    const md = (await cli('runs', 'compare', SHIFT_A, SHIFT_B, '--format', 'markdown')).stdout;
    expect(md).toContain('| – (all Δ equal) |');
  });

  it('counts a change of 5e-324 as none: no regression, and --fail-on-regression exits 0', async () => {
    const r = await cli('runs', 'compare', TINY_A, TINY_B, '--fail-on-regression');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/m .* 30 .* unchanged/);
    expect(r.stdout).toContain('0 improved · 0 regressed · 30 unchanged');
    const json = JSON.parse((await cli('runs', 'compare', TINY_A, TINY_B, '--json')).stdout);
    expect(json.metrics[0]).toMatchObject({ informativePairs: 0, difference: 0, verdict: 'unchanged' });
  });

  it('counts an item whose metric errored in A apart, not as unchanged: table, --json, markdown', async () => {
    const table = await cli('runs', 'compare', ERRORED_A, SCORED_B);
    expect(table.stdout).toContain('9 improved · 0 regressed · 0 unchanged · 1 without a score in A or B · 0 only in A · 0 only in B');
    const json = JSON.parse((await cli('runs', 'compare', ERRORED_A, SCORED_B, '--json')).stdout);
    expect(json.items.counts).toEqual({ improved: 9, regressed: 0, unchanged: 0, withoutScore: 1, onlyInA: 0, onlyInB: 0 });
    expect(json.metrics[0]).toMatchObject({ pairs: 9 });
    const md = (await cli('runs', 'compare', ERRORED_A, SCORED_B, '--format', 'markdown')).stdout;
    expect(md).toContain('Items: 9 improved · 0 regressed · 0 unchanged · 1 without a score in A or B · 0 only in A · 0 only in B.');
  });

  it('says why there is no verdict when every item failed in both runs', async () => {
    const r = await cli('runs', 'compare', FAILED_A, FAILED_B, '--fail-on-regression');
    expect(r.code).toBe(0);
    const why = 'No verdict for m: none of the 8 items in both runs has its score in both (the task failed, or the metric errored, in A or B).';
    expect(r.stdout).toContain(why);
    expect((await cli('runs', 'compare', FAILED_A, FAILED_B, '--format', 'markdown')).stdout).toContain(why);
  });

  it('rejects --json together with --format markdown (exit 2)', async () => {
    const r = await cli('runs', 'compare', BASE, WORSE, '--json', '--format', 'markdown');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('either --json or --format markdown');
  });
});
