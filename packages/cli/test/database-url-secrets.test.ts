import { runCli } from './cli-process';

// A password anywhere in --database-url (or LLM_EVAL_DATABASE_URL), holding the characters that cut a URL short,
// never reaches the output through the built binary: not whole, not any 3 of its characters in a row. The fixed
// explanation and hints around the URL are printed whole.

const HINT =
  'Use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite::memory: or postgresql://user:password@host:5432/dbname ' +
  '(percent-encode @ : / ? # in the password as %40 %3A %2F %3F %23).';

const ACCEPTED = ' (accepted: pool_size, poolSize, max, connect_timeout, idle_timeout, statement_timeout, sslmode, ssl, schema, application_name)';

function piecesOf(secret: string): string[] {
  const pieces = new Set<string>();
  for (let i = 0; i < secret.length; i++) for (let j = i + 3; j <= secret.length; j++) pieces.add(secret.slice(i, j));
  return [...pieces];
}

describe('database URL passwords through the CLI', () => {
  it.each([
    ['a ?password= parameter holding #', 'postgresql://user@127.0.0.1/db?password=QXZ#JKW', 'QXZ#JKW', `unknown query parameter "password"${ACCEPTED}`],
    ['a ?sslpassword= parameter holding & and a space', 'postgresql://user@127.0.0.1/db?sslmode=require&sslpassword=QXZ&JK W', 'QXZ&JK W', `unknown query parameter "sslpassword"${ACCEPTED}`],
    ['a password holding @ and #', 'postgresql://user:QX@ZJ#KWV@127.0.0.1:5432/db', 'QX@ZJ#KWV', 'the password holds a character that ends it early (#, ?, / or @); percent-encode it'],
    ['a password holding ? and /', 'postgresql://user:QXZ?J/KWV@127.0.0.1:5432/db', 'QXZ?J/KWV', 'the password holds a character that ends it early (#, ?, / or @); percent-encode it'],
    ['a scheme without //', 'postgres:QXZJKWV@127.0.0.1/x', 'QXZJKWV', 'the scheme must be followed by two slashes (postgresql://user:password@host:5432/dbname)'],
    ['a port out of range', 'postgresql://user:QXZ%JKW@127.0.0.1:99999/x', 'QXZ%JKW', 'the port 99999 is out of range (1–65535)'],
  ])('runs list with %s: exit 2, the reason in whole words, no piece of the password', async (_shape, url, secret, reason) => {
    const r = await runCli(['runs', 'list', '--database-url', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^llm-eval: Invalid database URL "[^"]*" \(from --database-url\): /);
    expect(r.stderr).toContain(`: ${reason}. ${HINT}\n`);
    const found = piecesOf(secret).filter((piece) => (r.stdout + r.stderr).includes(piece));
    expect(found).toEqual([]);
  });

  it('db health --json from LLM_EVAL_DATABASE_URL: no piece of the password either', async () => {
    const r = await runCli(['db', 'health', '--json'], { env: { LLM_EVAL_DATABASE_URL: 'postgresql://u@127.0.0.1/db?password=QXZ#JK@W/V' } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, backend: 'postgres' });
    expect(piecesOf('QXZ#JK@W/V').filter((piece) => (r.stdout + r.stderr).includes(piece))).toEqual([]);
  });
});
