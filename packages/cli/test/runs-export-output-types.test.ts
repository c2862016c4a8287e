import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// What the README says of `runs export`: an item's output and expected value are stored as text, so one that was a JSON
// value (an object, array, number or boolean) exports as its JSON text, the same as a string output with that text; the
// type is not stored, so it cannot come back. A round trip (export → db migrate → export) keeps that text as it is.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-output-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OUTPUTS: Record<string, unknown> = { object: { a: 1 }, array: [1, 2], number: 42, text: '42', boolean: true };

describe.each(DATABASE_KINDS)('runs export of outputs that were JSON values, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it.each(['json', 'jsonl'])('writes each as its JSON text in %s, and a round trip keeps that text', async (format) => {
    const source = path.join(dir, `source-${kind}-${format}.json`);
    const results = Object.fromEntries(Object.entries(OUTPUTS).map(([id, output]) => [id, { output, expected: output, success: true, scores: { m: 1 } }]));
    writeFileSync(source, JSON.stringify({ run_name: `types ${format}`, start_time: '2026-04-01T08:00:00Z', metrics: ['m'], results, errors: {} }));
    const url = ['--database-url', database.url];
    const outputsOf = (file: string): Record<string, unknown> => {
      const text = readFileSync(file, 'utf8');
      const items: Array<[string, any]> =
        format === 'json'
          ? Object.entries(JSON.parse(text).results)
          : text.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'item').map((l) => [l.id, l]);
      return Object.fromEntries(items.map(([id, item]) => [id, [item.output, item.expected]]));
    };

    // The run each import stored, by its id: both imports of a run have its creation time.
    const migrate = async (file: string, ...args: string[]): Promise<string> => {
      const out = await runCli(['db', 'migrate', file, '--json', ...args, ...url]);
      expect(out.code).toBe(0);
      return JSON.parse(out.stdout).imported[0].runId;
    };
    const first = path.join(dir, `first-${kind}.${format}`);
    expect((await runCli(['runs', 'export', await migrate(source), '-o', first, ...url])).code).toBe(0);
    expect(outputsOf(first)).toEqual({ object: ['{"a":1}', '{"a":1}'], array: ['[1,2]', '[1,2]'], number: ['42', '42'], text: ['42', '42'], boolean: ['true', 'true'] });

    const second = path.join(dir, `second-${kind}.${format}`);
    expect((await runCli(['runs', 'export', await migrate(first, '--allow-duplicate'), '-o', second, ...url])).code).toBe(0);
    expect(outputsOf(second)).toEqual(outputsOf(first));
  });
});
