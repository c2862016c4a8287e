import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `llm-eval runs cancel` landing as a run ends (here: run by the task of the last item, so every item has been
// evaluated and few or none written): evaluate exited 0 and said `completed` while the stored run was cancelled with
// fewer items than it evaluated.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cancel-end-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const bin = path.join(__dirname, '..', 'dist', 'bin.js');
const task = path.join(dir, 'cancel-last.mjs');
writeFileSync(
  task,
  `import { execFileSync } from 'node:child_process';
export default (x) => {
  if (x === 59) execFileSync(process.execPath, [${JSON.stringify(bin)}, 'runs', 'cancel', 'latest', '--reason', 'too late', '--database-url', process.env.TEST_DATABASE_URL], { stdio: 'ignore' });
  return x;
};
`,
);

describe.each(DATABASE_KINDS)('evaluate whose run is cancelled as it ends, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
  });
  afterAll(() => db?.close());

  it('exits 1, reports the run cancelled, and the stored run holds what it says', async () => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--concurrency', '1', '--name', 'cancel-at-end', '--json', '--database-url', database.url], {
      env: { TEST_DATABASE_URL: database.url },
    });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ status: 'cancelled', closedElsewhere: { status: 'cancelled' } });
    const run = await db.runs.requireRun(body.runId);
    expect(run).toMatchObject({ status: 'cancelled', statusReason: 'too late', totalItems: body.storedItems });
    expect((await db.runs.listItems(run.id, { limit: 1 })).total).toBe(body.storedItems);
  });
});
