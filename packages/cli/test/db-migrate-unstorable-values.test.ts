import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, MAX_JSON_DEPTH } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate` stored a number out of a double's range (1e400, which JSON.parse reads as Infinity) as null without a
// word, where POST /api/v1/imports refused the file; and a file nested 100,000 levels deep failed with "Maximum call
// stack size exceeded". Both are now refused, naming the item, the field and what to do; nothing is stored.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-unstorable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** JSON text of an object nested `depth` levels, itself counted: any depth, no recursion. */
const nested = (depth: number) => `${'{"b":'.repeat(depth - 1)}{"b":1}${'}'.repeat(depth - 1)}`;

function exportFile(name: string, metadata: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `{"run_name":"${name}","start_time":"2026-04-01T08:00:00Z","metrics":["m"],` +
      `"results":{"q1":{"output":"o","success":true,"scores":{"m":1},"metadata":${metadata}}},"errors":{}}`,
  );
  return file;
}

describe.each(DATABASE_KINDS)('db migrate of values it cannot store as written, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('refuses a number out of range and a file nested 100,000 levels deep, imports the deepest storable value; exit 1', async () => {
    const huge = exportFile('huge.json', '{"tokens":[1,1e400]}');
    const deep = exportFile('deep.json', nested(100_000));
    const deepest = exportFile('deepest.json', nested(MAX_JSON_DEPTH));
    const r = await runCli(['db', 'migrate', huge, deep, deepest, '--database-url', database.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `failed ${huge}: item "q1", field "metadata" (at results.q1.metadata.tokens.1): the number 1e400 is out of range ` +
        '(beyond ±1.7976931348623157e308, the largest a 64-bit float holds), so it would not be stored as written; ' +
        'write a smaller number, or the value as a string, and import the file again\n',
    );
    expect(r.stderr).toMatch(new RegExp(`failed ${deep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: item "q1", field "metadata" \\(at results\\.q1\\.metadata\\.b\\..*\\): nests arrays or objects more than 500 levels deep`));
    expect(r.stderr).not.toMatch(/call stack/i);
    expect(r.stdout).toContain('1 of 3 file(s) imported, 2 failed.');

    const db = await initializeDatabase({ url: database.url });
    try {
      const runs = await db.runs.listRuns({ limit: 10 });
      expect(runs.runs.map((run) => run.name)).toEqual(['deepest.json']);
      const { items } = await db.runs.listItems(runs.runs[0]!.id, { limit: 10 });
      expect(JSON.stringify(items[0]!.metadata)).toBe(nested(MAX_JSON_DEPTH));
    } finally {
      await db.close();
    }
  });
});
