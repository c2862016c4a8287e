import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate` stored a negative time or cost, or a fractional token count, as unknown without a word, and a negative
// token count failed the whole file ("This item was not stored"). Each is now stored as unknown and said, per field.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-migrate-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = JSON.parse(readFileSync(path.join(__dirname, '../../evaluator/test/fixtures/python-export-sample.json'), 'utf8'));
const ids = Object.keys(sample.results);
sample.results[ids[0]!].time = -1.5;
sample.results[ids[0]!].tokens_used = -5;
sample.results[ids[1]!].tokens_used = 2.5;
sample.results[ids[2]!].cost = '0.3';
const file = path.join(dir, 'odd-usage.json');
writeFileSync(file, JSON.stringify(sample));

describe.each(DATABASE_KINDS)('db migrate of an export with invalid usage values, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('imports every item, stores those values as unknown and warns once per field; --json lists the warnings', async () => {
    const r = await runCli(['db', 'migrate', file, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`imported ${file} → run`);
    expect(r.stderr).toContain(`warning ${file}: "time" of item "${ids[0]}" is -1.5, not a number of seconds >= 0, so it is stored as unknown`);
    expect(r.stderr).toContain(`warning ${file}: "tokens_used" of 2 items is not a whole number >= 0 (the first, item "${ids[0]}", has -5)`);
    expect(r.stderr).toContain(`warning ${file}: "cost" of item "${ids[2]}" is the text "0.3", not a number >= 0`);
    const json = await runCli(['db', 'migrate', file, '--allow-duplicate', '--json', '--database-url', database.url], { cwd: dir });
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.imported[0].warnings).toHaveLength(3);
    const db = await initializeDatabase({ url: database.url });
    try {
      const { items } = await db.runs.listItems(out.imported[0].runId, { limit: 100 });
      expect(items.find((item) => item.itemId === ids[0])).toMatchObject({ responseTime: null, tokensUsed: null });
      expect(items.find((item) => item.itemId === ids[2])).toMatchObject({ cost: null });
      expect(out.imported[0].items).toBe(Object.keys(sample.results).length + Object.keys(sample.errors).length);
    } finally {
      await db.close();
    }
  });
});
