import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// One item the database refuses must never cost another: storage stores every other item of a batch and names the
// one it left out (ItemsRejectedError); the evaluator keeps writing later batches, counts what was stored, and the
// CLI says which item is missing, exits 1 and writes the complete result to a file. The Evaluator produces no value
// storage refuses any more (ids and fields are checked by their stored length first), so the database itself refuses
// the item: a trigger raising a constraint violation for its id, as a CHECK a DBA added would.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-rejected-item-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TOTAL = 1_200;
const BAD_INDEX = 37;
const badId = 'bad-item';
const REFUSE_BAD_ITEM: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [
    `CREATE TRIGGER refuse_bad_item BEFORE INSERT ON evaluation_items WHEN NEW.item_id = '${badId}'
     BEGIN SELECT RAISE(ABORT, 'refused by a check on evaluation_items'); END`,
  ],
  postgres: [
    `CREATE FUNCTION refuse_bad_item() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW.item_id = '${badId}' THEN RAISE EXCEPTION 'refused by a check on evaluation_items' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$`,
    `CREATE TRIGGER refuse_bad_item BEFORE INSERT ON evaluation_items FOR EACH ROW EXECUTE FUNCTION refuse_bad_item()`,
  ],
};
const idOf = (i: number) => (i === BAD_INDEX ? badId : `q${i}`);
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: TOTAL }, (_, i) => JSON.stringify({ id: idOf(i), input: i, expected: i })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');

describe.each(DATABASE_KINDS)('evaluate with one item the database refuses, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    for (const sql of REFUSE_BAD_ITEM[kind]) await db.dataSource.query(sql);
  });
  afterAll(() => db?.close());

  it('stores every other item, exits 1 naming the refused item, and writes the whole result to a file', async () => {
    const cwd = mkdtempSync(path.join(dir, `${kind}-`));
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '8', '--json', '--name', `refused-${kind}`, '--database-url', database.url], { cwd });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.storageFailure).toMatchObject({
      runId: body.runId,
      storedItems: TOTAL - 1,
      totalItems: TOTAL,
      notStoredItems: [badId],
      fallbackFile: path.join(cwd, `llm-eval-unsaved-${body.runId}.json`),
    });
    expect(body.storageFailure.reason).toContain(`1 item(s) of run ${body.runId} were not stored; the other ${TOTAL - 1} were.`);
    expect(r.stderr).toContain(`Stored ${(TOTAL - 1).toLocaleString('en-US')} of ${TOTAL.toLocaleString('en-US')} items of run ${body.runId}.`);
    expect(r.stderr).toContain(`item "${badId}"`);

    const first = await db.runs.listItems(body.runId, { limit: 1_000 });
    const second = await db.runs.listItems(body.runId, { limit: 1_000, offset: 1_000 });
    expect(first.total).toBe(TOTAL - 1);
    const items = [...first.items, ...second.items];
    const stored = new Set(items.map((item) => item.itemId));
    const missing = Array.from({ length: TOTAL }, (_, i) => idOf(i)).filter((id) => !stored.has(id));
    expect(missing).toEqual([badId]);
    const run = await db.runs.requireRun(body.runId);
    expect(run).toMatchObject({ status: 'failed', totalItems: TOTAL - 1 });
    expect(run.statusReason).toContain('1 item(s) of run');

    const file = JSON.parse(readFileSync(body.storageFailure.fallbackFile, 'utf8'));
    expect(file.total_items).toBe(TOTAL);
  });
});
