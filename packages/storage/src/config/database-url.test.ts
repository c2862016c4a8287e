import path from 'node:path';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, redactUrl, resolveDatabaseUrl } from './database-url';
import { InvalidDatabaseUrlError } from '../errors';

describe('resolveDatabaseUrl', () => {
  it('prefers the explicit URL, then LLM_EVAL_DATABASE_URL, then the SQLite default', () => {
    const env = { LLM_EVAL_DATABASE_URL: 'postgresql://h/db' };
    expect(resolveDatabaseUrl('sqlite:///a.db', env)).toBe('sqlite:///a.db');
    expect(resolveDatabaseUrl(undefined, env)).toBe('postgresql://h/db');
    expect(resolveDatabaseUrl('  ', {})).toBe(DEFAULT_DATABASE_URL);
    expect(DEFAULT_DATABASE_URL).toBe('sqlite:///./llm_eval_runs.db');
  });
});

describe('parseDatabaseUrl', () => {
  it('resolves relative and absolute SQLite paths and memory databases', () => {
    expect(parseDatabaseUrl('sqlite:///./llm_eval_runs.db', '/work')).toMatchObject({ type: 'sqlite', database: '/work/llm_eval_runs.db' });
    expect(parseDatabaseUrl('sqlite:///data/runs.db', '/work')).toMatchObject({ database: path.resolve('/work/data/runs.db') });
    expect(parseDatabaseUrl('sqlite:////var/lib/runs.db', '/work')).toMatchObject({ database: '/var/lib/runs.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ type: 'sqlite', database: ':memory:' });
    expect(parseDatabaseUrl('sqlite:///runs.db?busy_timeout=100', '/w')).toMatchObject({ busyTimeoutMs: 100 });
  });

  it('reads PostgreSQL host, credentials, pool size, timeouts and SSL from the URL', () => {
    const config = parseDatabaseUrl(
      'postgresql://eval%40user:p%40ss@db.example.com:6543/llm?pool_size=20&connect_timeout=5&idle_timeout=60&statement_timeout=30000&sslmode=verify-full&application_name=ci',
    );
    expect(config).toMatchObject({
      type: 'postgres',
      host: 'db.example.com',
      port: 6543,
      username: 'eval@user',
      password: 'p@ss',
      database: 'llm',
      poolSize: 20,
      connectTimeoutMs: 5000,
      idleTimeoutMs: 60000,
      statementTimeoutMs: 30000,
      ssl: { rejectUnauthorized: true },
      applicationName: 'ci',
    });
    expect(config.redactedUrl).not.toContain('p%40ss');
    expect(config.redactedUrl).toContain('***');
    expect(parseDatabaseUrl('postgres://h/db')).toMatchObject({ port: 5432, ssl: false, poolSize: 10 });
    expect(parseDatabaseUrl('postgres://h/db?sslmode=require')).toMatchObject({ ssl: { rejectUnauthorized: false } });
  });

  it.each([
    ['mysql://u:hunter2@h/db', /unsupported scheme "mysql:"/],
    ['just-a-path.db', /no scheme/],
    ['sqlite://relative.db', /three slashes/],
    ['sqlite:///', /path is empty/],
    ['postgresql://u:hunter2@h/', /database name is missing/],
    ['postgresql://u:hunter2@h/db?pool_size=0', /pool_size/],
    ['postgresql://u:hunter2@h/db?color=blue', /unknown query parameter "color"/],
    ['postgresql://u:hunter2@h/db?sslmode=sometimes', /sslmode/],
    ['postgresql://u:hunter2@[bad/db', /well-formed/],
    ['postgresql:/u:hunter2@h/db', /two slashes/],
    ['postgres:u:hunter2@h/db', /two slashes/],
  ])('rejects %s with a clear error naming LLM_EVAL_DATABASE_URL and no password', (url, reason) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
    const message = (error as Error).message;
    expect(message).toMatch(reason);
    expect(message).toContain('LLM_EVAL_DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });
});

describe('redactUrl', () => {
  it('hides passwords, even in URLs that do not parse', () => {
    expect(redactUrl('postgresql://user:secret@host/db')).toBe('postgresql://user:***@host/db');
    expect(redactUrl('postgres://user:se:cr@et@[bad/db')).not.toContain('se:cr');
    expect(redactUrl('sqlite:///a.db')).toBe('sqlite:///a.db');
  });
});
