import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A run detail the database refuses (`--project "My Project"`) is a usage error found before any item is evaluated:
// exit 2 naming the option. Before, every item was evaluated, nothing stored, exit 1, and the suggested
// `db migrate` of the unsaved file failed with the same error.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-run-details-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, [1, 2, 3].map((i) => JSON.stringify({ id: `q${i}`, input: i, expected: i })).join('\n'));
const called = path.join(dir, 'called');
const task = path.join(dir, 'task.mjs');
writeFileSync(task, `import { writeFileSync } from 'node:fs';\nexport default (x) => { writeFileSync(${JSON.stringify(called)}, 'yes'); return x; };\n`);

describe('evaluate with run details the database refuses', () => {
  const database = useEmptyDatabase('sqlite');

  it.each([
    [['--project', 'My Project'], '--project', 'projectId'],
    [['--tag', 'ok', '--tag', ''], '--tag', 'tags.1'],
    [['--name', ''], '--name', 'name'],
    [['--model', 'm'.repeat(300)], '--model', 'modelName'],
  ])('%j: exit 2 naming %s, before any task call, nothing stored', async (args, flag, field) => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, ...args, '--database-url', database.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`llm-eval: ${flag} cannot be stored: Invalid run field "${field}"`);
    expect(r.stderr).toContain(`Nothing was evaluated; fix ${flag} and run again.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(called)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('llm-eval-unsaved'))).toEqual([]);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns()).total).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('evaluate with an -o it cannot write', () => {
  it.each([
    [path.join(dir, 'no', 'such', 'folder', 'out.json'), /-o .*out\.json: the folder .*folder does not exist; create it or choose another path\./],
    [path.join(dir, 'out.xlsx'), /-o .*out\.xlsx: "\.xlsx" is not a format evaluate writes; use \.json \(Python LLM-Eval format\), \.jsonl or \.csv\./],
  ])('%s: exit 2 before any task call', async (output, message) => {
    const r = await runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store', '-o', output], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(called)).toBe(false);
    expect(existsSync(output)).toBe(false);
  });
});
