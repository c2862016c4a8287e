import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The CLI loads @llm-eval/evaluator as CommonJS (dist/index.cjs) while a task file written as ESM (`task.mjs`) gets
// dist/index.js from its `import`: two copies of every class. The Evaluator recognised a RetryableError only as an
// instance of its own copy's class, so an ESM task's 429s and 5xx were never retried and their Retry-After never
// honoured. Both builds are loaded here in one process, as there (`pnpm --filter @llm-eval/evaluator build` first).
const DIST = path.join(__dirname, '..', 'dist');

interface Outcome {
  sameClass: boolean;
  success: boolean;
  attempts: number;
  /** ms between an attempt and the next one. */
  gaps: number[];
  error?: string;
}

/** Runs an Evaluator of one build over a task throwing the other build's RetryableError (twice, then answering). */
function evaluateAcrossCopies(evaluatorFrom: 'cjs' | 'esm', errorFrom: 'cjs' | 'esm', retryAfterMs: number, maxRetryAfterMs?: number): Outcome {
  const script = `
    import { createRequire } from 'node:module';
    const copies = { cjs: createRequire(import.meta.url)(${JSON.stringify(path.join(DIST, 'index.cjs'))}), esm: await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'index.js')).href)}) };
    const { Evaluator } = copies.${evaluatorFrom};
    const { RetryableError } = copies.${errorFrom};
    const times = [];
    const task = () => {
      times.push(performance.now());
      if (times.length < 3) throw new RetryableError('HTTP 429 rate limited', ${retryAfterMs});
      return 'ok';
    };
    const config = { storeRuns: false, retries: 3, retryBaseDelayMs: 0, retryMaxDelayMs: 0${maxRetryAfterMs === undefined ? '' : `, maxRetryAfterMs: ${maxRetryAfterMs}`} };
    const result = await new Evaluator({ task, dataset: [{ id: 'a', input: 'x', expected: 'ok' }], metrics: ['exact_match'], config }).run();
    const [item] = result.items;
    console.log(JSON.stringify({
      sameClass: copies.cjs.RetryableError === copies.esm.RetryableError,
      success: item.success,
      attempts: item.attempts,
      gaps: times.slice(1).map((t, i) => t - times[i]),
      error: item.error,
    }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`the script failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Outcome;
}

describe('two copies of the package (ESM task, CommonJS Evaluator)', () => {
  it.each([
    ['an ESM RetryableError is retried by the CommonJS Evaluator', 'cjs', 'esm'],
    ['a CommonJS RetryableError is retried by the ESM Evaluator', 'esm', 'cjs'],
  ] as const)('%s, waiting its retryAfterMs before each retry', (_, evaluatorFrom, errorFrom) => {
    const outcome = evaluateAcrossCopies(evaluatorFrom, errorFrom, 300);
    expect(outcome.sameClass).toBe(false);
    expect(outcome).toMatchObject({ success: true, attempts: 3 });
    // Backoff is 0 here: only the error's own Retry-After wait separates the attempts.
    for (const gap of outcome.gaps) expect(gap).toBeGreaterThanOrEqual(290);
  });

  it("an ESM RetryableError asking for more than config.maxRetryAfterMs fails its item at once, naming the wait and the limit", () => {
    const outcome = evaluateAcrossCopies('cjs', 'esm', 86_400_000, 1_000);
    expect(outcome).toMatchObject({ success: false, attempts: 1 });
    expect(outcome.error).toMatch(/HTTP 429 rate limited \(not retried: the API asked to wait 24 h .*more than the 1 s config\.maxRetryAfterMs allows/);
  });
});
