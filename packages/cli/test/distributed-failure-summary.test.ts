import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useEmptyDatabase, useTestRedis } from '@llm-eval/test-databases';
import { runCli, startCli, waitFor, type CliProcess } from './cli-process';

// `evaluate --queue` printed the stored run (as runs show does) but not why its items failed, and exited 0 when every
// item had failed, where the local evaluate names the most frequent errors, hints at `runs items … "failed items"` and
// exits 1. It now reads the failed items' errors back from the database once the workers are done and says the same.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-distributed-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const jsonl = (name: string, n: number) => file(name, Array.from({ length: n }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const eight = jsonl('qa-8.jsonl', 8);
const twelve = jsonl('qa-12.jsonl', 12);
const broken = file('broken.mjs', `export default () => { throw new TypeError('connect ECONNREFUSED 127.0.0.1:1'); };\n`);
// Of 12 items, 4 time out, 3 have no key, 2 are bad requests, 1 hits a fourth error and 2 succeed.
const mixed = file(
  'mixed.mjs',
  `export default (x) => {
  if (x < 4) throw new Error('timed out\\n  waiting for the model');
  if (x < 7) { const e = new Error('no API key'); e.name = 'AuthError'; throw e; }
  if (x < 9) throw new RangeError('bad request');
  if (x === 9) throw new SyntaxError('odd output');
  return x;
};\n`,
);
const echo = file('echo.mjs', 'export default (x) => x;\n');

const redis = useTestRedis();
const database = useEmptyDatabase('postgres');
let worker: CliProcess | undefined;
const queueArgs = () => ['--queue', redis.url, '--queue-prefix', redis.prefix, '--database-url', database.url];
const evaluate = (task: string, dataset: string, ...extra: string[]) => runCli(['evaluate', '--task', task, '--dataset', dataset, ...queueArgs(), ...extra], { cwd: dir, killAfterMs: 120_000 });

beforeAll(async () => {
  worker = startCli(['worker', ...queueArgs(), '--concurrency', '4', '--name', 'failures'], { killAfterMs: 10 * 60_000 });
  await waitFor('the worker to be ready', async () => {
    if (worker!.child.exitCode !== null) throw new Error(`the worker exited: ${worker!.output().stderr}`);
    return worker!.output().stdout.includes('is waiting for items');
  });
});
afterAll(async () => {
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGTERM');
  await worker?.exited;
});

describe('evaluate --queue where items fail', () => {
  it('every item failed: names the error with its count, hints at runs items "failed items" (which works), and exits 1', async () => {
    const r = await evaluate(broken, eight, '--name', 'queued-all-fail');
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(1);
    const id = /^queued-all-fail {2}completed {2}([0-9a-f]{8})/m.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect(r.stdout).toContain(`\nAll 8 items failed:\n  8 × TypeError: connect ECONNREFUSED 127.0.0.1:1\nSee them: llm-eval runs items ${id} "failed items" --database-url <the same URL>\n`);
    expect(r.stderr).toContain('FAIL: every item failed (8 of 8)');
    const items = await runCli(['runs', 'items', id!, 'failed items', '--json', '--database-url', database.url]);
    expect(items.code).toBe(0);
    expect(JSON.parse(items.stdout).items).toHaveLength(8);
  });

  it('some items failed: exits 0 and shows the three most frequent errors, messages on one line, and how many failed otherwise', async () => {
    const r = await evaluate(mixed, twelve, '--name', 'queued-some-fail');
    expect(r.killedByTest).toBe(false);
    expect(r.code).toBe(0);
    const id = /^queued-some-fail {2}completed {2}([0-9a-f]{8})/m.exec(r.stdout)?.[1];
    expect(r.stdout).toContain(
      [
        '10 of 12 items failed:',
        '  4 × Error: timed out waiting for the model',
        '  3 × AuthError: no API key',
        '  2 × RangeError: bad request',
        '  1 more with other errors',
        `See them: llm-eval runs items ${id} "failed items" --database-url <the same URL>`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toContain('FAIL');
  });

  it('--json has the local fields, the stored run, and failures [{ type, message, count }], most frequent first', async () => {
    const r = await evaluate(mixed, twelve, '--name', 'queued-some-fail-json', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    // The local evaluate --json document, field for field (a CI gate on .failedItems or .successRate means the same).
    expect(Object.keys(body).slice(0, 14)).toEqual([
      'runId', 'runName', 'status', 'totalItems', 'storedItems', 'failedItems', 'failures', 'successRate', 'durationSeconds',
      'metricStats', 'timing', 'storageError', 'storageFailure', 'closedElsewhere',
    ]);
    expect(body).toMatchObject({ runId: body.run.id, runName: 'queued-some-fail-json', status: 'completed', totalItems: 12, failedItems: 10, storageError: null });
    expect(body.successRate).toBeCloseTo(2 / 12, 12);
    expect(body.durationSeconds).toBeGreaterThan(0);
    expect(body.firstFailedItems).toHaveLength(5);
    expect(body.run).toMatchObject({ name: 'queued-some-fail-json', status: 'completed', totalItems: 12, failedItems: 10 });
    expect(body.failedTotal).toBe(10);
    expect(body.storedItems).toBe(12);
    expect(body.failuresCounted).toBe(10);
    expect(body.failures).toEqual([
      { type: 'Error', message: 'timed out waiting for the model', count: 4 },
      { type: 'AuthError', message: 'no API key', count: 3 },
      { type: 'RangeError', message: 'bad request', count: 2 },
      { type: 'SyntaxError', message: 'odd output', count: 1 },
    ]);
  });

  it('--json gives the local document: the same keys, statistics and metricStats as a local run of the same task', async () => {
    const localUrl = `sqlite:///${path.join(dir, 'local.db')}`;
    const [queued, local] = await Promise.all([
      evaluate(echo, twelve, '--metrics', 'exact_match', '--name', 'queued-json-shape', '--json'),
      runCli(['evaluate', '--task', echo, '--dataset', twelve, '--metrics', 'exact_match', '--name', 'local-json-shape', '--json', '--database-url', localUrl], { cwd: dir }),
    ]);
    expect([queued.code, local.code]).toEqual([0, 0]);
    const [q, l] = [JSON.parse(queued.stdout), JSON.parse(local.stdout)];
    expect(Object.keys(q).slice(0, Object.keys(l).length)).toEqual(Object.keys(l));
    for (const key of ['status', 'totalItems', 'storedItems', 'failedItems', 'failures', 'successRate', 'metricStats', 'storageError', 'storageFailure', 'closedElsewhere']) {
      expect([key, q[key]]).toEqual([key, l[key]]);
    }
    expect(Object.keys(q.timing)).toEqual(Object.keys(l.timing));
  });

  it('--json of a run where every item failed exits 1 too; a run without failures says nothing of them and exits 0', async () => {
    const [all, none] = await Promise.all([evaluate(broken, eight, '--name', 'queued-all-fail-json', '--json'), evaluate(echo, eight, '--name', 'queued-no-fail')]);
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout)).toMatchObject({ storedItems: 8, failedTotal: 8, failures: [{ type: 'TypeError', message: 'connect ECONNREFUSED 127.0.0.1:1', count: 8 }] });
    expect(none.code).toBe(0);
    expect(none.stdout).not.toContain('failed:');
    expect(none.stdout).not.toContain('See them');
    expect(none.stderr).not.toContain('FAIL');
  });
});
