import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate` stored 1e-400 and -1e-400 (which JSON.parse reads as 0) as 0 without a word. They are still stored as
// read (a number stays a number; 1e400, read as Infinity, is refused), with a warning naming where each is.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-lossy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DATABASE_KINDS)('db migrate of numbers too small for a double, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('imports a JSON and a JSONL export holding them, warning of each with its item, field and path', async () => {
    const json = path.join(dir, `tiny-${kind}.json`);
    writeFileSync(
      json,
      '{"run_name":"tiny json","start_time":"2026-04-01T08:00:00Z","metrics":["m"],' +
        '"results":{"q1":{"output":"o","success":true,"scores":{"m":1},"metadata":{"p":1e-400}}},"errors":{}}',
    );
    const jsonl = path.join(dir, `tiny-${kind}.jsonl`);
    writeFileSync(
      jsonl,
      '{"type":"run","run_name":"tiny jsonl","start_time":"2026-04-01T08:00:00Z","metrics":["m"]}\n' +
        '{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":-1e-400}}\n',
    );
    const r = await runCli(['db', 'migrate', json, jsonl, '--database-url', database.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning ${json}: 1 number is not stored as written: item "q1", field "metadata" (at results.q1.metadata.p): 1e-400 reads as 0 ` +
        '(too small for a 64-bit float, whose smallest is about 5e-324). The value read is stored; write such a number as a ' +
        'string (e.g. "1e-400") to keep it as written, and import the file again\n',
    );
    expect(r.stderr).toContain(`warning ${jsonl}: 1 number is not stored as written: line 2, item "q1", field "scores" (at scores.m): -1e-400 reads as 0 `);

    const asJson = await runCli(['db', 'migrate', json, '--allow-duplicate', '--json', '--database-url', database.url]);
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.stdout).imported[0].warnings).toEqual([expect.stringContaining('(at results.q1.metadata.p): 1e-400 reads as 0')]);

    const db = await initializeDatabase({ url: database.url });
    try {
      const { runs } = await db.runs.listRuns({ limit: 10 });
      const byName = Object.fromEntries(runs.map((run) => [run.name, run.id]));
      expect((await db.runs.listItems(byName['tiny json']!, { limit: 1 })).items[0]!.metadata).toEqual({ p: 0 });
      expect((await db.runs.listItems(byName['tiny jsonl']!, { limit: 1 })).items[0]!.scores).toEqual({ m: 0 });
    } finally {
      await db.close();
    }
  });
});
