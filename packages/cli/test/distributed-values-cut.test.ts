import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// Workers cut values longer than --max-value-chars (as a local run does) but said nothing: `evaluate --queue` printed
// no count at the end and its --json had no valuesCut. The workers now count the values they cut in Redis, beside the
// run's other counters; evaluate --queue prints the local run's closing line and --json carries the count, and each
// worker logs one value-cut warning per run.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-distributed-values-cut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default async () => "ok";\n');
const dataset = path.join(dir, 'data.jsonl');
writeFileSync(
  dataset,
  [
    { id: 'small', input: 'a', expected: 'ok' },
    { id: 'big', input: 'y'.repeat(5_000), expected: 'ok' },
    { id: 'big-too', input: 'z'.repeat(5_000), expected: 'ok' },
    { id: 'small-too', input: 'b', expected: 'ok' },
  ]
    .map((item) => JSON.stringify(item))
    .join('\n'),
);
const count = (text: string, part: string) => text.split(part).length - 1;

const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
let db: Database;
let worker: CliProcess;
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url];

beforeAll(async () => {
  db = await initializeDatabase({ url: database.url });
  worker = startCli(['worker', ...queueArgs(), '--concurrency', '2', '--name', 'cut-w1'], { killAfterMs: 10 * 60_000 });
  await waitFor('the worker to be ready', async () => {
    if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.output().stderr}`);
    return worker.output().stdout.includes('is waiting for items');
  });
});
afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGTERM');
  await worker?.exited;
  await db?.close();
});

describe('evaluate --queue with values past --max-value-chars', () => {
  it('prints the count of values the workers cut at the end, as a local run does; the worker warns once for the run', async () => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--max-value-chars', '1000', '--name', 'queued-cut', ...queueArgs()], { killAfterMs: 120_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('llm-eval: 2 values were recorded cut (longer than 1,000 characters, --max-value-chars, or nested deeper than 500 levels)');
    const runId = (await db.runs.listRuns({ text: 'queued-cut' })).runs.find((run) => run.name === 'queued-cut')?.id;
    expect(runId).toBeDefined();
    await waitFor('the worker to log the cut', async () => worker.output().stderr.includes('value-cut'));
    const logged = worker.output().stderr;
    expect(count(logged, 'value-cut')).toBe(1);
    expect(logged).toMatch(new RegExp(`value-cut ${runId}: run ${runId}: item "big(-too)?": its input is longer than 1,000 characters \\(maxValueChars\\) and is recorded cut`));
  });

  it('--json carries valuesCut: 2 with values cut, 0 without', async () => {
    const cut = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--max-value-chars', '1000', '--json', ...queueArgs()], { killAfterMs: 120_000 });
    expect(cut.code).toBe(0);
    expect((JSON.parse(cut.stdout) as { valuesCut?: unknown }).valuesCut).toBe(2);
    const whole = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--json', ...queueArgs()], { killAfterMs: 120_000 });
    expect(whole.code).toBe(0);
    expect((JSON.parse(whole.stdout) as { valuesCut?: unknown }).valuesCut).toBe(0);
    expect(whole.stderr).not.toContain('recorded cut');
  });

  it('an item nested 5,000 levels deep is cut to storage depth before it is enqueued, said at once, and every other item runs', async () => {
    const deep = path.join(dir, 'deep.jsonl');
    const plain = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `p${i}`, input: 'p', expected: 'ok' }));
    writeFileSync(deep, [`{"id":"deep","input":${'['.repeat(5000)}${']'.repeat(5000)},"expected":"ok"}`, ...plain].join('\n'));
    const r = await runCli(['evaluate', '--task', task, '--dataset', deep, '--name', 'queued-deep', '--json', ...queueArgs()], { killAfterMs: 120_000 });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { valuesCut?: unknown; totalItems?: unknown; failedItems?: unknown };
    expect(result).toMatchObject({ valuesCut: 1, totalItems: 6, failedItems: 0 });
    expect(r.stderr).toContain('llm-eval: warning: item "deep": its input is nested deeper than 500 levels');
  });
});
