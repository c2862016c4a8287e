import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The result an evaluation saves (--output, and the storage-failure fallback file) carries the run's project, tags and
// creator, so importing it with db migrate restores them instead of leaving them empty.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-run-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const task = path.join(dir, 'task.mjs');
writeFileSync(task, 'export default (x) => x;\n');

describe.each(DATABASE_KINDS)('a saved evaluation result, imported into %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('keeps the project, tags and creator given to evaluate', async () => {
    const file = path.join(dir, `result-${kind}.json`);
    const evaluated = await runCli([
      'evaluate', '--task', task, '--dataset', dataset, '--no-store', '-o', file,
      '--project', 'qa-team', '--tag', 'nightly', '--tag', 'baseline', '--created-by', 'alice',
    ]);
    expect(evaluated.code).toBe(0);
    const migrated = await runCli(['db', 'migrate', file, '--database-url', database.url]);
    expect(migrated.code).toBe(0);
    const db = await initializeDatabase({ url: database.url });
    try {
      const [run] = (await db.runs.listRuns()).runs;
      expect(run).toMatchObject({ projectId: 'qa-team', createdBy: 'alice', totalItems: 5 });
      expect([...run!.tags].sort()).toEqual(['baseline', 'nightly']);
    } finally {
      await db.close();
    }
  });
});
