import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// A local evaluate warns on stderr about a dataset whose expected values sit under another name ("answer") before the
// run starts; evaluate --queue said nothing, and the workers scored every item 0. It now prints the same lines.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-distributed-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const task = file('task.mjs', 'export default (x) => x;\n');
const answers = file('answer.jsonl', Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, input: `q${i}`, answer: `a${i}` })).join('\n') + '\n');
const csv = file('qa.csv', 'question,answer\nWhat is 2+2?,4\nWhat is 3+3?,6\n');
const good = file('good.jsonl', '{"id":"a","input":"a","expected":"a"}\n');

const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
let worker: CliProcess | undefined;
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url];

beforeAll(async () => {
  worker = startCli(['worker', ...queueArgs(), '--concurrency', '4', '--name', 'warnings'], { killAfterMs: 10 * 60_000 });
  await waitFor('the worker to be ready', async () => {
    if (worker!.child.exitCode !== null) throw new Error(`the worker exited: ${worker!.output().stderr}`);
    return worker!.output().stdout.includes('is waiting for items');
  });
});
afterAll(async () => {
  const child = worker?.child;
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
  await worker?.exited;
});

const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('llm-eval: warning: '));

describe('evaluate --queue and a dataset that looks wrong', () => {
  it('prints the warning lines of a local evaluate, with --json and without, before the run is submitted', async () => {
    const metrics = ['--metrics', 'exact_match,json_valid,contains'];
    const [local, localJson, queued, queuedJson] = await Promise.all([
      runCli(['evaluate', '--task', task, '--dataset', answers, ...metrics, '--no-store']),
      runCli(['evaluate', '--task', task, '--dataset', answers, ...metrics, '--no-store', '--json']),
      runCli(['evaluate', '--task', task, '--dataset', answers, ...metrics, '--name', 'queued-answers', ...queueArgs()]),
      runCli(['evaluate', '--task', task, '--dataset', answers, ...metrics, '--name', 'queued-answers-json', '--json', ...queueArgs()]),
    ]);
    for (const r of [local, localJson, queued, queuedJson]) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(warningLines(local.stderr)).toEqual([
      `llm-eval: warning: ${answers}: "answer" is not a dataset field and is ignored (every item has it); did you mean "expected"? Fields: id, input, expected (or expected_output), metadata.`,
      `llm-eval: warning: ${answers}: no item has an expected value, so exact_match, contains compare every output with nothing; give each item "expected" (or "expected_output").`,
    ]);
    expect(warningLines(localJson.stderr)).toEqual(warningLines(local.stderr));
    expect(warningLines(queued.stderr)).toEqual(warningLines(local.stderr));
    expect(warningLines(queuedJson.stderr)).toEqual(warningLines(local.stderr));
    // Once each, before the submitted run's progress; stdout holds only the result (JSON with --json).
    const stderrLines = queued.stderr.split('\n');
    const firstProgress = stderrLines.findIndex((line) => /^ {2}\d+\/\d+ items/.test(line) || line.startsWith('run '));
    expect(firstProgress).toBeGreaterThan(stderrLines.indexOf(warningLines(local.stderr)[1]!));
    expect(queued.stdout).not.toContain('warning');
    expect(JSON.parse(queuedJson.stdout)).toMatchObject({ run: { name: 'queued-answers-json', status: 'completed', totalItems: 6 } });
  });

  it('a CSV column that became the input, --detach, and a well-formed dataset: as a local evaluate says it', async () => {
    const [local, detached, localGood, queuedGood] = await Promise.all([
      runCli(['evaluate', '--task', task, '--dataset', csv, '--no-store']),
      runCli(['evaluate', '--task', task, '--dataset', csv, '--name', 'queued-csv', '--detach', '--json', ...queueArgs()]),
      runCli(['evaluate', '--task', task, '--dataset', good, '--no-store']),
      runCli(['evaluate', '--task', task, '--dataset', good, '--name', 'queued-good', ...queueArgs()]),
    ]);
    expect([local.code, detached.code, localGood.code, queuedGood.code]).toEqual([0, 0, 0, 0]);
    expect(warningLines(local.stderr)).toHaveLength(3);
    expect(warningLines(local.stderr)[0]).toContain(`${csv}: the CSV has no "input" column, so the columns "question", "answer" became each item's input`);
    expect(warningLines(local.stderr)[1]).toContain(`${csv}: the column "answer" became part of each item's input`);
    expect(warningLines(detached.stderr)).toEqual(warningLines(local.stderr));
    expect(JSON.parse(detached.stdout)).toMatchObject({ items: 2, detached: true });
    expect(localGood.stderr).not.toContain('warning');
    expect(queuedGood.stderr).not.toContain('warning');
  });
});
