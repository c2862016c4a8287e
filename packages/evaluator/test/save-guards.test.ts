import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { ConfigError, Evaluator } from '../src';

// result.save('runs.db') replaced the SQLite database the run had just been stored in (and every other run in it)
// with one export; save('out.txt') wrote JSON under a name no tool reads as JSON. Both are refused before writing.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-save-guards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('result.save refuses what would destroy a database or misname a format', () => {
  const database = path.join(dir, 'runs.db');
  const run = () =>
    new Evaluator({
      task: (input) => input,
      dataset: [{ id: 'a', input: 'x', expected: 'x' }],
      metrics: ['exact_match'],
      config: { databaseUrl: `sqlite:///${database}` },
    }).run();

  it('refuses the SQLite database the run was stored in, and its companion files, leaving them as they were', async () => {
    const result = await run();
    const before = readFileSync(database);
    await expect(result.save(database)).rejects.toThrow(
      new ConfigError(`save(${JSON.stringify(database)}): that file is a SQLite database; saving there would destroy it. Choose another path.`),
    );
    expect(readFileSync(database).equals(before)).toBe(true);
    for (const suffix of ['-wal', '-shm', '-journal']) {
      const companion = `${database}${suffix}`;
      const existed = existsSync(companion);
      await expect(result.save(companion, { format: 'json' })).rejects.toThrow(`that is the ${suffix} file of a SQLite database`);
      expect(existsSync(companion)).toBe(existed);
    }
    const db = await initializeDatabase({ url: `sqlite:///${database}` });
    try {
      expect((await db.runs.getRun(result.runId!))?.totalItems).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('refuses an extension that names no format unless a format is given', async () => {
    const result = await run();
    const txt = path.join(dir, 'out.txt');
    await expect(result.save(txt)).rejects.toThrow(
      new ConfigError(`save(${JSON.stringify(txt)}): ".txt" is not a format save() writes; use .json, .jsonl or .csv, or pass { format }.`),
    );
    expect(existsSync(txt)).toBe(false);
    await result.save(txt, { format: 'csv' });
    expect(readFileSync(txt, 'utf8')).toMatch(/^id,success,/);
    const bare = path.join(dir, 'out');
    await result.save(bare);
    expect(JSON.parse(readFileSync(bare, 'utf8')).total_items).toBe(1);
  });

  it('still overwrites an earlier export, and a file that only looks like a database by name', async () => {
    const result = await run();
    const file = path.join(dir, 'looks.db.json');
    writeFileSync(file, 'old');
    await result.save(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).total_items).toBe(1);
  });
});

describe('result.save to a named pipe', () => {
  it('writes to a reader waiting on the pipe instead of hanging in the database check', async () => {
    const { execFileSync, spawn } = await import('node:child_process');
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d) => (read += d));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = await new Evaluator({ task: (input) => input, dataset: [{ id: 'a', input: 'x' }], metrics: ['exact_match'], config: { storeRuns: false } }).run();
    await result.save(fifo);
    await closed;
    expect(JSON.parse(read).total_items).toBe(1);
  }, 20_000);
});
