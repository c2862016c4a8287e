import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initializeDatabase, type ItemInput } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `runs compare good crashed --fail-on-regression` exited 0 when the candidate stored no items (an evaluate killed
// before its first batch): every verdict was "insufficient data", so a run that did nothing passed the CI gate. The
// gate now fails when nothing could be checked: no item in both runs, or a named metric scored on no paired item.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-compare-unpaired-'));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = {
  good: 'aaaa0001-0000-4000-8000-000000000001',
  empty: 'aaaa0002-0000-4000-8000-000000000002',
  other: 'aaaa0003-0000-4000-8000-000000000003',
  unscored: 'aaaa0004-0000-4000-8000-000000000004',
};
const items = (prefix: string, scores: Record<string, number | boolean>) =>
  Array.from({ length: 20 }, (_, i): ItemInput => ({ itemId: `${prefix}${i}`, status: 'completed', scores }));

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    const metricsUsed = ['exact_match', 'f1'];
    await db.runs.importRun({ id: ids.good, name: 'good', status: 'completed', metricsUsed }, items('q', { exact_match: true, f1: 0.9 }));
    await db.runs.importRun({ id: ids.empty, name: 'crashed', status: 'failed', metricsUsed }, []);
    await db.runs.importRun({ id: ids.other, name: 'other-dataset', status: 'completed', metricsUsed }, items('z', { exact_match: true, f1: 0.9 }));
    // f1 declared, but it errored on every item: no item has its score.
    await db.runs.importRun({ id: ids.unscored, name: 'f1-broken', status: 'completed', metricsUsed }, items('q', { exact_match: true }));
  } finally {
    await db.close();
  }
});

const compare = (a: string, b: string, ...args: string[]) => runCli(['runs', 'compare', a, b, ...args, '--database-url', url]);

it('a candidate without items fails the gate (exit 1) naming why, with and without --metric and --json', async () => {
  for (const extra of [[], ['--metric', 'exact_match'], ['--json'], ['--format', 'markdown']]) {
    const gate = await compare(ids.good, ids.empty, '--fail-on-regression', ...extra);
    expect(gate.stderr).toBe('FAIL: --fail-on-regression could not check anything: run B has no items.\n');
    expect(gate.code).toBe(1);
  }
  const baselineEmpty = await compare(ids.empty, ids.good, '--fail-on-regression');
  expect(baselineEmpty.stderr).toBe('FAIL: --fail-on-regression could not check anything: run A has no items.\n');
  expect(baselineEmpty.code).toBe(1);
  // Without the gate the comparison is only shown.
  const plain = await compare(ids.good, ids.empty);
  expect(plain.stderr).toBe('');
  expect(plain.code).toBe(0);
});

it('two runs without an item id in common fail the gate, counting the items only in each', async () => {
  const gate = await compare(ids.good, ids.other, '--fail-on-regression');
  expect(gate.stderr).toBe('FAIL: --fail-on-regression could not check anything: no item id is in both runs (20 only in A, 20 only in B).\n');
  expect(gate.code).toBe(1);
});

it('a named metric scored on no item in both runs fails the gate; unnamed, it does not fail a gate that checked the rest', async () => {
  const named = await compare(ids.good, ids.unscored, '--metric', 'f1', '--metric', 'exact_match', '--fail-on-regression');
  expect(named.stderr).toBe('FAIL: --fail-on-regression could not check f1: no item in both runs has a score for it.\n');
  expect(named.code).toBe(1);
  const unnamed = await compare(ids.good, ids.unscored, '--fail-on-regression');
  expect(unnamed.stderr).toBe('');
  expect(unnamed.code).toBe(0);
  // The same runs with the metric that was scored pass.
  const scored = await compare(ids.good, ids.unscored, '--metric', 'exact_match', '--fail-on-regression');
  expect(scored.code).toBe(0);
});
