import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// A long-lived `llm-eval worker` ran the first version of a task and metric file it had loaded for every later run:
// Node caches modules for the life of the process, so "edit the prompt, resubmit, compare" compared the old code with
// itself. And `evaluate --queue` with no worker connected waited without a word.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-worker-edits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const dataset = file('qa.jsonl', Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: 'V2' })).join('\n'));
const taskFile = path.join(dir, 'task.mjs');
const metricFile = path.join(dir, 'metric.cjs');
const writeVersion = (version: 'V1' | 'V2', score: number) => {
  file('task.mjs', `export default () => '${version}';\n`);
  file('metric.cjs', `module.exports = { version_metric: () => ${score} };\n`);
};

const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url];
let worker: CliProcess | undefined;

afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGTERM');
  await worker?.exited;
});

const evaluate = (name: string) =>
  runCli(['evaluate', '--task', taskFile, '--dataset', dataset, '--metric-file', metricFile, '--metrics', 'version_metric,exact_match', '--name', name, '--json', ...queueArgs()], {
    cwd: dir,
    killAfterMs: 120_000,
  });

describe('llm-eval worker and edited task and metric files', () => {
  it('evaluate --queue says once that no worker is connected, naming the command that starts one, and goes on waiting', async () => {
    writeVersion('V1', 0.1);
    const waiting = startCli(['evaluate', '--task', taskFile, '--dataset', dataset, ...queueArgs()], { cwd: dir, killAfterMs: 120_000 });
    await waitFor('the no-worker warning', async () => waiting.output().stderr.includes('llm-eval: warning:'), 60_000);
    expect(waiting.output().stderr).toMatch(/llm-eval: warning: .*no worker.*llm-eval worker --queue/i);
    waiting.child.kill('SIGINT');
    const done = await waiting.exited;
    expect(done.code).toBe(130);
  }, 90_000);

  it('runs the edited code in the next run, and the old code again when the edit is undone', async () => {
    worker = startCli(['worker', ...queueArgs(), '--concurrency', '2', '--name', 'edits'], { killAfterMs: 10 * 60_000 });
    await waitFor('the worker to be ready', async () => {
      if (worker!.child.exitCode !== null) throw new Error(`the worker exited: ${worker!.output().stderr}`);
      return worker!.output().stdout.includes('is waiting for items');
    });
    const scores = async (name: string) => {
      const r = await evaluate(name);
      expect([r.code, r.killedByTest]).toEqual([0, false]);
      const body = JSON.parse(r.stdout) as { metricStats: Record<string, { mean: number }> };
      return [body.metricStats.version_metric!.mean, body.metricStats.exact_match!.mean];
    };
    writeVersion('V1', 0.1);
    expect(await scores('first')).toEqual([0.1, 0]);
    writeVersion('V2', 0.9);
    expect(await scores('edited')).toEqual([0.9, 1]);
    writeVersion('V1', 0.1);
    expect(await scores('undone')).toEqual([0.1, 0]);
    expect(worker.child.exitCode).toBeNull();
  }, 180_000);
});
