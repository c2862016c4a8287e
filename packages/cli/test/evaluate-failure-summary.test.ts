import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A run whose items failed said only "success 0.0%" and exited 0: why they failed showed in `runs show` alone. The
// summary now names the most frequent errors and how to list the failed items, and a run where every item failed
// exits 1 (a broken task, key or endpoint is not a score of 0); some failed items are still a result (exit 0).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const broken = path.join(dir, 'broken.mjs');
writeFileSync(broken, `export default () => { throw new TypeError('connect ECONNREFUSED 127.0.0.1:1'); };\n`);
// Of 12 items, 4 time out, 3 have no key, 2 are bad requests, 1 hits a fourth error and 2 succeed.
const twelve = path.join(dir, 'twelve.jsonl');
writeFileSync(twelve, Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const mixed = path.join(dir, 'mixed.mjs');
writeFileSync(
  mixed,
  `export default (x) => {
  if (x < 4) throw new Error('timed out\\n  waiting for the model');
  if (x < 7) { const e = new Error('no API key'); e.name = 'AuthError'; throw e; }
  if (x < 9) throw new RangeError('bad request');
  if (x === 9) throw new SyntaxError('odd output');
  return x;
};\n`,
);

describe.each(DATABASE_KINDS)('evaluate where every item fails, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('names the error with its count, hints at runs items "failed items" (which works), and exits 1', async () => {
    const r = await runCli(['evaluate', '--task', broken, '--dataset', dataset, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('8 items · success 0.0%');
    const id = /Stored as run ([0-9a-f]{8})/.exec(r.stdout)![1]!;
    expect(r.stdout).toContain(`All 8 items failed:\n  8 × TypeError: connect ECONNREFUSED 127.0.0.1:1\nSee them: llm-eval runs items ${id} "failed items" --database-url <the same URL>\n`);
    expect(r.stderr).toContain('FAIL: every item failed (8 of 8)');
    const items = await runCli(['runs', 'items', id, 'failed items', '--json', '--database-url', database.url]);
    expect(items.code).toBe(0);
    expect(JSON.parse(items.stdout).items).toHaveLength(8);
  });
});

describe('evaluate where some items fail', () => {
  it('exits 0 and shows the three most frequent errors, messages on one line, and how many failed otherwise', async () => {
    const r = await runCli(['evaluate', '--task', mixed, '--dataset', twelve, '--no-store'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        '10 of 12 items failed:',
        '  4 × Error: timed out waiting for the model',
        '  3 × AuthError: no API key',
        '  2 × RangeError: bad request',
        '  1 more with other errors',
        '',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('See them');
    expect(r.stderr).not.toContain('FAIL');
  });

  it('keeps the errors in --json: failedItems and failures [{ type, message, count }], most frequent first', async () => {
    const r = await runCli(['evaluate', '--task', mixed, '--dataset', twelve, '--no-store', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.failedItems).toBe(10);
    expect(body.storedItems).toBeNull();
    expect(body.failures).toEqual([
      { type: 'Error', message: 'timed out waiting for the model', count: 4 },
      { type: 'AuthError', message: 'no API key', count: 3 },
      { type: 'RangeError', message: 'bad request', count: 2 },
      { type: 'SyntaxError', message: 'odd output', count: 1 },
    ]);
  });

  it('--json of a run where every item failed exits 1 too', async () => {
    const r = await runCli(['evaluate', '--task', broken, '--dataset', dataset, '--no-store', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ failedItems: 8, failures: [{ type: 'TypeError', message: 'connect ECONNREFUSED 127.0.0.1:1', count: 8 }] });
  });
});

describe('demo against a model that cannot be reached', () => {
  it('shows why every item failed and exits 1', async () => {
    const url = `sqlite:///${path.join(dir, 'demo.db')}`;
    const r = await runCli(['demo', '--database-url', url], { cwd: dir, env: { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_API_KEY: undefined } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/All 24 items failed:\n {2}24 × RetryableError: Could not reach http:\/\/127\.0\.0\.1:1\/v1\/chat\/completions/);
    expect(r.stderr).toContain('FAIL: every item of a demo run failed');
  });
});
