import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// An empty dataset file (a failed export, a header-only CSV, the wrong file) is refused before anything runs or is
// stored. Before, it made a `completed` run of 0 items with a 0% success rate that listed and compared like a real one.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-empty-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const called = path.join(dir, 'called');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `import { writeFileSync } from 'node:fs';\nexport default (x) => { writeFileSync(${JSON.stringify(called)}, 'yes'); return x; };\n`);

describe('evaluate with an empty dataset', () => {
  const database = useEmptyDatabase('sqlite');

  it.each([
    ['empty.jsonl', ''],
    ['header-only.csv', 'id,input,expected\n'],
  ])('%s: exit 1 naming the file, no task call, no run stored', async (name, text) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const r = await runCli(['evaluate', '--task', task, '--dataset', file, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`llm-eval: ${file} holds no items (it is empty, or only blank lines or a header); an evaluation needs at least one item`);
    expect(r.stdout).toBe('');
    expect(existsSync(called)).toBe(false);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
