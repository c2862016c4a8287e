import { checkHealth, initializeDatabase, parseDatabaseUrl, redactUrl } from '../src';

/**
 * Passwords with every character that cuts a URL short or needs encoding, placed everywhere a database URL can carry
 * one. No output may hold the password, nor any run of 3 or more of its characters: the secret's letters may come
 * only from our own fixed text, never from the user's URL. The letters are spelled so no fixed text holds them.
 */
const SECRETS = [
  'QXZ#JKW',
  'QXZ?JKW',
  'QXZ/JKW',
  'QXZ@JKW',
  'QXZ%JKW',
  'QXZ%41JKW',
  'QXZ JKW',
  'QXZ&JKW',
  'QXZ:JKW',
  'QXZ=JKW;V',
  'QXZЖJKW☃',
  'Q#X?Z/J@K%W &V',
];

/** Secret-looking query parameter names: password, sslpassword, sslkey and any name holding pass, secret, token or key. */
const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey', 'PGPASSWORD', 'passphrase', 'client_secret', 'auth_token', 'api_key', 'db_pwd'];

const PLACES: Array<[place: string, url: (secret: string) => string]> = [
  ['the user info', (s) => `postgresql://user:${s}@127.0.0.1:1/db?connect_timeout=2`],
  ['the user info, percent-encoded', (s) => `postgresql://user:${encodeURIComponent(s)}@127.0.0.1:1/db?connect_timeout=2`],
  ['the user info of a URL without a user name', (s) => `postgresql://:${s}@127.0.0.1:1/db?connect_timeout=2`],
  ['the user info of a URL with a bad host', (s) => `postgresql://user:${s}@[bad/db`],
  ['the user info of a URL with a port out of range', (s) => `postgresql://user:${s}@127.0.0.1:99999/db`],
  ['the user info of a URL without scheme', (s) => `user:${s}@127.0.0.1:1/db`],
  ['the user info after a scheme without //', (s) => `postgres:${s}@127.0.0.1/x`],
  ['the user info after a scheme without :', (s) => `postgresql//user:${s}@127.0.0.1/db`],
  ['the user info of a SQLite URL', (s) => `sqlite:///u:${s}@/tmp/llm-eval-never-created/x.db`],
  ['a user info percent-encoded whole, its "@" included', (s) => `postgresql://user%3A${encodeURIComponent(s)}%40127.0.0.1:1/db?connect_timeout=2`],
  ['a user name and password joined by a percent-encoded ":"', (s) => `postgresql://user%3A${encodeURIComponent(s)}@127.0.0.1:1/db?connect_timeout=2`],
  ['a whole URL percent-encoded', (s) => encodeURIComponent(`postgresql://user:${s}@127.0.0.1:1/db`)],
  ['the fragment', (s) => `postgresql://user@127.0.0.1:1/db?connect_timeout=2#${s}`],
  ['a password parameter of a SQLite URL', (s) => `sqlite:///runs.db?password=${s}`],
  ...SECRET_PARAMS.flatMap((name): Array<[string, (s: string) => string]> => [
    [`?${name}=`, (s) => `postgresql://user@127.0.0.1:1/db?${name}=${s}`],
    [`?${name}= between other parameters`, (s) => `postgresql://user@127.0.0.1:1/db?sslmode=disable&${name}=${s}&connect_timeout=2`],
  ]),
];

const CASES = PLACES.flatMap(([place, url]) => SECRETS.map((secret) => [place, secret, url(secret)] as const));
/** A SQLite URL's "user info" is part of a file path, which opening it names: only its redaction and parsing count. */
const OPENED_CASES = CASES.filter(([place]) => place !== 'the user info of a SQLite URL');

/** A user info whose ":" is percent-encoded. */
const ENCODED_COLON = /^postgresql:\/\/user%3A/;

/** The fixed end of every InvalidDatabaseUrlError: it must reach the user whole, whatever the password. */
const HINT =
  'Use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite::memory: or postgresql://user:password@host:5432/dbname ' +
  '(percent-encode @ : / ? # in the password as %40 %3A %2F %3F %23).';

/** Every run of 3 or more characters of the secret, and of its decoded form. */
function piecesOf(secret: string): string[] {
  const forms = new Set([secret]);
  try {
    forms.add(decodeURIComponent(secret));
  } catch {
    // an invalid %-escape has no decoded form
  }
  const pieces = new Set<string>();
  for (const form of forms) for (let i = 0; i < form.length; i++) for (let j = i + 3; j <= form.length; j++) pieces.add(form.slice(i, j));
  return [...pieces];
}

function expectNoPiece(text: string, secret: string): void {
  const found = piecesOf(secret).filter((piece) => text.includes(piece));
  expect({ text, found }).toEqual({ text, found: [] });
}

async function quietly<T>(work: () => Promise<T>): Promise<{ result?: T; error?: Error; stderr: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { result: await work(), stderr: lines.join('') };
  } catch (error) {
    return { error: error as Error, stderr: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('a password in any place of a database URL, holding any character', () => {
  it.each(CASES)('in %s (%j): not in redactUrl, nor in the parse error, whose fixed text stays whole', (_place, secret, url) => {
    expectNoPiece(redactUrl(url), secret);
    let text: string;
    try {
      const config = parseDatabaseUrl(url, '/tmp/llm-eval-never-created');
      // The password, and a SQLite file's path, are the parse's result; every other field is shown. A user name
      // written with a percent-encoded ":" is the user name the server is asked for (libpq's reading too): the parse's
      // result as well, hidden after its ":" wherever it is shown (the next test).
      const hidden = (key: string) => key === 'password' || (key === 'database' && config.type === 'sqlite') || (key === 'username' && ENCODED_COLON.test(url));
      text = JSON.stringify(config, (key, value) => (hidden(key) ? undefined : value));
    } catch (error) {
      expect((error as Error).name).toBe('InvalidDatabaseUrlError');
      text = (error as Error).message;
      expect(text.endsWith(HINT)).toBe(true);
    }
    expectNoPiece(text, secret);
  });

  it.each(OPENED_CASES)('in %s (%j): not in the health report, nor in initializeDatabase errors or the debug log', async (_place, secret, url) => {
    const health = await checkHealth({ url, cwd: '/tmp/llm-eval-never-created' });
    expect(health.ok).toBe(false);
    expectNoPiece(JSON.stringify(health), secret);
    const opened = await quietly(() => initializeDatabase({ url, debug: true, cwd: '/tmp/llm-eval-never-created' }));
    await opened.result?.close();
    expect(opened.error).toBeDefined();
    expectNoPiece(`${opened.error!.message}\n${String(opened.error!.cause ?? '')}\n${opened.stderr}`, secret);
  });

  it('in a user name joined to its password by a percent-encoded ":": not in the real server\'s "role does not exist"', async () => {
    const secret = 'QXZ#JKW';
    const url = `postgresql://user%3A${encodeURIComponent(secret)}@127.0.0.1:5432/postgres?connect_timeout=5`;
    const opened = await quietly(() => initializeDatabase({ url, debug: true }));
    await opened.result?.close();
    expect(opened.error?.message).toMatch(/role "user:\*\*\*" does not exist/);
    expectNoPiece(`${opened.error!.message}\n${String(opened.error!.cause ?? '')}\n${opened.stderr}`, secret);
  });

  it('an empty password breaks nothing and hides nothing', () => {
    expect(redactUrl('postgresql://user:@127.0.0.1/db')).toBe('postgresql://user:***@127.0.0.1/db');
    expect(redactUrl('postgresql://user@127.0.0.1/db?password=&sslmode=require')).toBe('postgresql://***@127.0.0.1/db?password=&sslmode=require');
    expect(parseDatabaseUrl('postgresql://user:@127.0.0.1/db')).toMatchObject({ username: 'user', password: undefined, database: 'db' });
  });
});
