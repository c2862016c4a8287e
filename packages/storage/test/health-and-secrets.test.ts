import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkHealth, createDataSource, DatabaseConnectionError, initializeDatabase } from '../src';

describe('health and secrets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unreachable PostgreSQL server as ok: false with the reason, without throwing or leaking the password', async () => {
    const health = await checkHealth({ url: 'postgresql://eval:hunter2-secret@127.0.0.1:1/llm?connect_timeout=2' });
    expect(health).toMatchObject({ ok: false, reachable: false, backend: 'postgres' });
    expect(health.error).toMatch(/ECONNREFUSED|connect/i);
    expect(JSON.stringify(health)).not.toContain('hunter2-secret');
    expect(health.url).toBe('postgresql://eval:***@127.0.0.1:1/llm?connect_timeout=2');
  });

  it('reports a malformed URL as ok: false', async () => {
    const health = await checkHealth({ url: 'mysql://root:hunter2@h/db' });
    expect(health.ok).toBe(false);
    expect(health.error).toContain('(from the url option)');
    expect(JSON.stringify(health)).not.toContain('hunter2');
    expect(health.backend).toBe('unknown');
  });

  it('names the kind a malformed URL was meant for, never calling a broken PostgreSQL URL sqlite', async () => {
    const health = await checkHealth({ url: 'postgresql//eval:hunter2@h/db' });
    expect(health).toMatchObject({ ok: false, backend: 'postgres', url: '(invalid)' });
    expect(JSON.stringify(health)).not.toContain('hunter2');
    expect((await checkHealth({ url: 'sqlite:/relative.db?bogus=1' })).backend).toBe('sqlite');
  });

  it('fails initializeDatabase with a typed error that names the redacted URL', async () => {
    const error = await initializeDatabase({ url: 'postgresql://eval:hunter2-secret@127.0.0.1:1/llm?connect_timeout=2' }).catch((e) => e);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect(error.message).toContain('eval:***@127.0.0.1:1');
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('creates a SQLite file in a new folder, opens it in WAL mode with foreign keys on, and reports its size and latest run', async () => {
    const url = `sqlite:///${path.join(dir, 'nested', 'runs.db')}`;
    const db = await initializeDatabase({ url });
    try {
      expect(await db.dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await db.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
      expect((await db.dataSource.query('PRAGMA busy_timeout'))[0].timeout).toBeGreaterThan(0);
      const run = await db.runs.createRun({ name: 'latest one' });
      const health = await checkHealth({ dataSource: db.dataSource, config: db.config });
      expect(health).toMatchObject({ ok: true, backend: 'sqlite', reachable: true, rowCounts: { evaluation_runs: 1 } });
      expect(health.latestRun).toMatchObject({ id: run.id, name: 'latest one', status: 'running' });
      expect(health.latestRun!.createdAt.toISOString()).toBe(run.createdAt.toISOString());
      expect(health.sizeBytes).toBeGreaterThan(0);
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    } finally {
      await db.close();
    }
  });

  it('logs each SQL statement with its duration and no parameter values when debugging', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const db = await initializeDatabase({ url: `sqlite:///${path.join(dir, 'debug.db')}`, debug: true });
      await db.runs.createRun({ name: 'secret-run-name-42' });
      await db.close();
    } finally {
      spy.mockRestore();
    }
    const inserts = lines.filter((l) => l.includes('INSERT INTO "evaluation_runs"'));
    expect(inserts.length).toBeGreaterThan(0);
    expect(inserts[0]).toMatch(/^\[llm-eval sql\] \d+ ms INSERT/);
    expect(inserts[0]).toMatch(/parameter\(s\) redacted/);
    expect(lines.join('')).not.toContain('secret-run-name-42');
  });

  it('turns SQL logging on from LLM_EVAL_DEBUG=1 and leaves it off otherwise', () => {
    const previous = process.env.LLM_EVAL_DEBUG;
    try {
      process.env.LLM_EVAL_DEBUG = '1';
      expect(createDataSource({ url: 'sqlite::memory:' }).dataSource.options.subscribers).toHaveLength(1);
      delete process.env.LLM_EVAL_DEBUG;
      expect(createDataSource({ url: 'sqlite::memory:' }).dataSource.options.subscribers).toHaveLength(0);
    } finally {
      if (previous === undefined) delete process.env.LLM_EVAL_DEBUG;
      else process.env.LLM_EVAL_DEBUG = previous;
    }
  });
});
