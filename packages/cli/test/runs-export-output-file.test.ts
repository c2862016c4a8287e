import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs export latest -o out.txt` wrote JSON into out.txt without a word, while `evaluate -o out.xlsx` is refused:
// runs export refuses an -o it cannot honour the same way (exit 2, nothing written), unless --format names the format.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-export-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runs export -o', () => {
  const database = useEmptyDatabase('sqlite');
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      await db.runs.importRun({ name: 'exported', status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }]);
    } finally {
      await db.close();
    }
  });
  const exportTo = (...args: string[]) => runCli(['runs', 'export', 'latest', ...args, '--database-url', database.url], { cwd: dir });

  it.each([
    ['out.txt', `-o out.txt: ".txt" is not a format runs export writes; use .json (Python LLM-Eval format), .jsonl or .csv, or give --format.`],
    ['out.xlsx', `-o out.xlsx: ".xlsx" is not a format runs export writes; use .json (Python LLM-Eval format), .jsonl or .csv, or give --format.`],
    [path.join('no', 'such', 'out.json'), `-o no/such/out.json: the folder ${path.join(dir, 'no', 'such')} does not exist; create it or choose another path.`],
  ])('%s: exit 2 naming the problem, nothing written', async (output, message) => {
    const r = await exportTo('-o', output);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llm-eval: ${message}\n`);
    expect(existsSync(path.join(dir, output))).toBe(false);
  });

  it('writes any file name when --format says which format, and the known extensions as before', async () => {
    const explicit = await exportTo('--format', 'csv', '-o', 'items.txt');
    expect(explicit.code).toBe(0);
    expect(readFileSync(path.join(dir, 'items.txt'), 'utf8')).toMatch(/^id,success,/);
    const jsonl = await exportTo('-o', 'run.jsonl');
    expect(jsonl.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.jsonl'), 'utf8').split('\n')[0]!).type).toBe('run');
  });
});
