import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// An empty run reference (an unset shell variable: `llm-eval runs show "$RUN"`) is a usage error, exit 2, on every
// command that takes one; `runs cancel` already said so, the others exited 1 as if the database had failed.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-empty-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    await db.runs.importRun({ name: 'one', status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
  } finally {
    await db.close();
  }
});

const message = 'llm-eval: The run reference is empty: give a run id, an id prefix, a run name, or latest / latest~N.\n';

it.each([
  [['runs', 'show', '']],
  [['runs', 'show', '  ']],
  [['runs', 'export', '']],
  [['runs', 'delete', '', '--yes']],
  [['runs', 'recover', '']],
  [['runs', 'cancel', '']],
  [['runs', 'compare', 'latest', '']],
  [['runs', 'compare', '', 'latest']],
])('%j is a usage error (exit 2) naming the empty reference', async (args) => {
  const out = await runCli([...args, '--database-url', url]);
  expect({ code: out.code, stderr: out.stderr, stdout: out.stdout }).toEqual({ code: 2, stderr: message, stdout: '' });
});
