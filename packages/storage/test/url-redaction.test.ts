import { checkHealth, createDataSource, initializeDatabase, parseDatabaseUrl, redactUrl } from '../src';

/**
 * Hostile database URL shapes. Each must keep its secret out of every message: the parse error, the redacted URL,
 * the health report and the SQL debug log. The secret pieces are spelled so no message could contain them by chance.
 */
const HOSTILE: Array<[shape: string, url: string, secrets: string[]]> = [
  ['# in the password', 'postgresql://user:SECRET#XYZZY@127.0.0.1:1/x', ['SECRET', 'XYZZY']],
  ['@ in the password', 'postgres://u:SECRETp@ssXYZZY@127.0.0.1:1/db?connect_timeout=2', ['SECRET', 'XYZZY']],
  ['/ in the password', 'postgresql://user:SECRET/XYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['? in the password', 'postgresql://user:SECRET?XYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['digits then / in the password', 'postgresql://user:12/SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['digits then ? in the password', 'postgresql://user:12?SECRET=XYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['digits then # in the password', 'postgresql://user:12#SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['a missing : after the scheme', 'postgresql//user:SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['a percent-encoded password', 'postgresql://user:SECRET%40XYZZY@127.0.0.1:1/db?connect_timeout=2', ['SECRET', 'XYZZY']],
  ['an invalid %-escape in the password', 'postgresql://user:SECRET%zzXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['a space in the password', 'postgresql://user:SECRET XYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['?password=', 'postgresql://user@127.0.0.1:1/db?password=SECRETXYZZY', ['SECRET', 'XYZZY']],
  ['sslpassword=', 'postgresql://user@127.0.0.1:1/db?sslmode=require&sslpassword=SECRETXYZZY', ['SECRET', 'XYZZY']],
  ['PGPASSWORD=', 'postgresql://127.0.0.1:1/db?PGPASSWORD=SECRETXYZZY', ['SECRET', 'XYZZY']],
  ['a token parameter', 'postgresql://127.0.0.1:1/db?auth_token=SECRETXYZZY', ['SECRET', 'XYZZY']],
  ['a bad bracketed host', 'postgresql://user:SECRETXYZZY@[bad/db', ['SECRET', 'XYZZY']],
  ['a bad port', 'postgres://user:SECRETXYZZY@127.0.0.1:notaport/db', ['SECRET', 'XYZZY']],
  ['an unsupported scheme', 'mysql://root:SECRETXYZZY@127.0.0.1/db', ['SECRET', 'XYZZY']],
  ['a password on a SQLite URL', 'sqlite:///runs.db?password=SECRETXYZZY', ['SECRET', 'XYZZY']],
  ['a user:password without a host', 'postgresql://user:SECRETXYZZY/db', ['SECRET', 'XYZZY']],
  ['no scheme at all', 'user:SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['no scheme and no user name', ':SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['a scheme without //', 'postgresql:user:SECRETXYZZY@127.0.0.1:1/db', ['SECRET', 'XYZZY']],
  ['a valid URL to a closed port', 'postgresql://user:SECRETXYZZY@127.0.0.1:1/db?connect_timeout=2', ['SECRET', 'XYZZY']],
];

function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('database URL redaction', () => {
  it.each(HOSTILE)('keeps the secret of a URL with %s out of redactUrl and the parse result or error', (_shape, url, secrets) => {
    expectNoSecret(redactUrl(url), secrets);
    let text: string;
    try {
      text = JSON.stringify(parseDatabaseUrl(url, '/tmp'), (key, value) => (key === 'password' ? undefined : value));
    } catch (error) {
      text = `${(error as Error).name}: ${(error as Error).message}`;
      expect((error as Error).name).toBe('InvalidDatabaseUrlError');
    }
    expectNoSecret(text, secrets);
  });

  it.each(HOSTILE)('keeps the secret of a URL with %s out of the health report', async (_shape, url, secrets) => {
    const health = await checkHealth({ url, cwd: '/tmp/llm-eval-never-created' });
    expect(health.ok).toBe(false);
    expect(health.error).toBeTruthy();
    expectNoSecret(JSON.stringify(health), secrets);
  });

  it.each(HOSTILE)('keeps the secret of a URL with %s out of initializeDatabase errors and the debug log', async (_shape, url, secrets) => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let error: Error | undefined;
    try {
      const db = await initializeDatabase({ url, debug: true, cwd: '/tmp/llm-eval-never-created' });
      await db.close();
    } catch (e) {
      error = e as Error;
    } finally {
      spy.mockRestore();
    }
    expect(error).toBeDefined();
    expectNoSecret(`${error!.message}\n${String((error as { cause?: unknown }).cause ?? '')}`, secrets);
    expectNoSecret(lines.join(''), secrets);
  });

  it('keeps the user name and host of a well-formed URL readable', () => {
    expect(redactUrl('postgresql://user:secret@host/db')).toBe('postgresql://user:***@host/db');
    expect(redactUrl('postgresql://user:p%40ss@host:5432/db?sslmode=require')).toBe('postgresql://user:***@host:5432/db?sslmode=require');
    expect(redactUrl('postgresql://host:5432/db?application_name=ci')).toBe('postgresql://host:5432/db?application_name=ci');
    expect(redactUrl('sqlite:///a.db?busy_timeout=100')).toBe('sqlite:///a.db?busy_timeout=100');
    // Without scheme:// everything before the last "@" may be a secret: it is all hidden.
    expect(redactUrl('user:secret@host/db')).toBe('***@host/db');
    expect(redactUrl('runs.db')).toBe('runs.db');
  });

  // A user name without a password was printed as given: it is a credential too (and a Redis URL's lone user info is
  // often a password written where the user name goes), so it is hidden whole, on every scheme.
  it('hides a user name given without a password', () => {
    expect(redactUrl('postgresql://alice@host:5432/db')).toBe('postgresql://***@host:5432/db');
    expect(redactUrl('postgres://alice%40corp@host/db?sslmode=require')).toBe('postgres://***@host/db?sslmode=require');
    expect(redactUrl('redis://alice@host:6379')).toBe('redis://***@host:6379');
    expect(redactUrl('rediss://alice@host:6380/2')).toBe('rediss://***@host:6380/2');
    expect(redactUrl('postgresql://alice@127.0.0.1:1/db?password=SECRETXYZZY')).toBe('postgresql://***@127.0.0.1:1/db?password=***');
    // An empty user info has nothing to hide; an @ in a SQLite path is part of a file name, not a user name.
    expect(redactUrl('redis://@host:6379')).toBe('redis://@host:6379');
    expect(redactUrl('sqlite:///home/alice@work/runs.db')).toBe('sqlite:///home/alice@work/runs.db');
  });

  it('names where the URL came from: the option the caller names, else LLM_EVAL_DATABASE_URL', () => {
    const fromFlag = (() => {
      try {
        createDataSource({ url: 'mysql://h/db', urlSource: '--database-url' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(fromFlag).toContain('(from --database-url)');
    const previous = process.env.LLM_EVAL_DATABASE_URL;
    process.env.LLM_EVAL_DATABASE_URL = 'mysql://h/db';
    try {
      expect(() => createDataSource({})).toThrow('(from LLM_EVAL_DATABASE_URL)');
    } finally {
      if (previous === undefined) delete process.env.LLM_EVAL_DATABASE_URL;
      else process.env.LLM_EVAL_DATABASE_URL = previous;
    }
  });
});
