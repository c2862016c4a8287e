import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The README's exit codes: 2 is a usage error (the command line is wrong: no such --dataset file, an extension that is
// not a dataset format), 1 a failure. A dataset file that exists in a supported format but whose content cannot be used
// is a failure of that input, like a run that is not found: exit 1, naming the file and line, before anything runs.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-dataset-content-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const called = path.join(dir, 'called');
const task = path.join(dir, 'task.cjs');
writeFileSync(task, `const { writeFileSync } = require('node:fs');\nmodule.exports = (x) => { writeFileSync(${JSON.stringify(called)}, 'yes'); return x; };\n`);

describe('evaluate with a dataset whose content is unusable', () => {
  const database = useEmptyDatabase('sqlite');

  it.each([
    ['not-json.jsonl', '{"input":"a","expected":"a"}\nnot json\n', ':2: malformed JSON'],
    ['broken-quote.csv', 'input,expected\n"a,b\n', ':2: malformed CSV'],
    // The line a record starts on, as an editor counts: the quoted "\r\n" ends one line, and c1 starts on line 2.
    ['quoted-crlf.csv', 'id,input,expected\r\nc1,"x\r\ny",A\r\nc2,b,B\r\nc1,c,C\r\n', ':5: duplicate item id "c1" (first seen on line 2)'],
    ['number.jsonl', '{"input":"a"}\n5\n', ':2: item 1 must be an object with an "input" field, got number'],
  ])('%s: exit 1 naming the file and line, no task call, no run stored', async (name, text, problem) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const r = await runCli(['evaluate', '--task', task, '--dataset', file, '--database-url', database.url], { cwd: dir });
    expect(r.stderr).toContain(`llm-eval: ${file}${problem}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(called)).toBe(false);
    const db = await initializeDatabase({ url: database.url });
    try {
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('a dataset file that does not exist, or is not a dataset format, is the usage error (exit 2)', async () => {
    const missing = await runCli(['evaluate', '--task', task, '--dataset', path.join(dir, 'nope.jsonl'), '--database-url', database.url], { cwd: dir });
    expect(missing.code).toBe(2);
    const text = path.join(dir, 'data.txt');
    writeFileSync(text, '{"input":"a"}\n');
    const unsupported = await runCli(['evaluate', '--task', task, '--dataset', text, '--database-url', database.url], { cwd: dir });
    expect(unsupported.code).toBe(2);
  });
});
