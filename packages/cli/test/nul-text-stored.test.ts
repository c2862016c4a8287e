import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// The case through the built binary: one input with U+0000 in a 1,200-item run.
const BIN = path.join(__dirname, '..', 'dist', 'bin.js');
const exec = promisify(execFile);
const ITEMS = 1_200;

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-nul-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'with-nul.jsonl');
writeFileSync(
  dataset,
  Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, input: i === 700 ? 'bad\u0000input' : `x${i}`, expected: `x${i}` })).join('\n'),
);
const task = path.join(dir, 'echo.mjs');
writeFileSync(task, `export default (input) => input;`);

describe.each(DATABASE_KINDS)('llm-eval evaluate with a NUL character in one input on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('stores every item, the NUL one exactly as given, and completes the run', async () => {
    const { stdout } = await exec(process.execPath, [BIN, 'evaluate', '--task', task, '--dataset', dataset, '--name', 'nul run', '--json', '--database-url', database.url], {
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 1 << 24,
    });
    expect(JSON.parse(stdout)).toMatchObject({ totalItems: ITEMS });
    const db = await initializeDatabase({ url: database.url, migrate: false });
    try {
      const [run] = (await db.runs.listRuns({ text: 'nul run' })).runs;
      expect(run).toMatchObject({ status: 'completed', totalItems: ITEMS });
      const page = await db.runs.listItems(run!.id, { limit: 1, offset: 700 });
      expect(page.total).toBe(ITEMS);
      expect(page.items[0]).toMatchObject({ itemId: 'q700', input: 'bad\u0000input', actualOutput: 'bad\u0000input' });
    } finally {
      await db.close();
    }
  }, 60_000);
});
