import { parseDatabaseUrl, redactUrl } from '../src';

/**
 * An invalid database URL's error quotes what the user typed. It masks the password wherever it shows, in every
 * encoding the URL carried it (as written, percent-decoded, percent-encoded), but nothing else: a value that merely
 * starts like the password is quoted as typed, so no value is mangled and no probing learns the password's first
 * characters.
 */

const HINT =
  'Use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite::memory: or postgresql://user:password@host:5432/dbname ' +
  '(percent-encode @ : / ? # in the password as %40 %3A %2F %3F %23).';
const ACCEPTED = 'pool_size, poolSize, max, connect_timeout, idle_timeout, statement_timeout, sslmode, ssl, schema, application_name';

function errorOf(url: string): string {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    expect((error as Error).name).toBe('InvalidDatabaseUrlError');
    return (error as Error).message;
  }
  throw new Error(`${url} parsed`);
}

const invalid = (shown: string, reason: string) => `Invalid database URL "${shown}" (from the url option or LLM_EVAL_DATABASE_URL): ${reason}. ${HINT}`;
const notWhole = (value: string) => `query parameter connect_timeout=${value} must be a whole number >= 0`;

describe('the error of a database URL masks the whole password only', () => {
  it.each([
    ['S3CRETpw', 'S3Cabc'],
    ['abcdef', 'abcXYZ'],
    ['abcdef', 'abc'],
    ['abcdef', 'abcd'],
    ['abcdef', 'abcde'],
    ['abcdef', 'bcdefg'],
    ['abcdef', 'xabcde'],
    ['pw', 'pwx'],
    ['S3C&RETpw', 'S3Cabc'],
    ['S3C&RETpw', 'RETpwX'],
  ])('quotes a value that shares only a part with the password (%j) as typed: %j', (password, value) => {
    const url = `postgresql://u:${password}@h/db?connect_timeout=${value}`;
    expect(errorOf(url)).toBe(invalid(`postgresql://u:***@h/db?connect_timeout=${value}`, notWhole(value)));
  });

  it.each([
    ['S3CRETpw', 'S3CRETpw', '***'],
    ['S3CRETpw', 'xS3CRETpwx', 'x***x'],
    ['abcdef', 'abcdef', '***'],
    ['pw', 'pw', '***'],
  ])('masks the password (%j) where a value holds it whole: %j', (password, value, shown) => {
    const url = `postgresql://u:${password}@h/db?connect_timeout=${value}`;
    expect(errorOf(url)).toBe(invalid(`postgresql://u:***@h/db?connect_timeout=${shown}`, notWhole(shown)));
  });

  it.each([
    // written percent-encoded in the user info, raw in the value
    ['S3C%24RETpw', 'S3C$RETpw'],
    // written raw in the user info, percent-encoded in the value (which the parser decodes)
    ['S3C$RETpw', 'S3C%24RETpw'],
    // both encoded, in other letter cases
    ['S3C%2fRETpw', 'S3C%2FRETpw'],
    ['S3C%2FRETpw', 'S3C%2fRETpw'],
    // a space: %20 in the user info, + in the query
    ['S3C%20RETpw', 'S3C+RETpw'],
  ])('masks the password written %j wherever it shows in another encoding: %j', (password, value) => {
    const url = `postgresql://u:${password}@h/db?connect_timeout=${value}`;
    expect(errorOf(url)).toBe(invalid('postgresql://u:***@h/db?connect_timeout=***', notWhole('***')));
  });

  it('quotes a parameter with an empty name as typed, and masks a secret setting inside its value', () => {
    expect(errorOf('postgresql://u:pw@h/db?=value')).toBe(
      invalid('postgresql://u:***@h/db?=value', `unknown query parameter "" (accepted: ${ACCEPTED})`),
    );
    expect(redactUrl('postgresql://u@h/db?=password=hunter2')).toBe('postgresql://***@h/db?=password=***');
    expect(redactUrl('postgresql://u@h/db?=secret')).toBe('postgresql://***@h/db?=secret');
  });

  it.each([
    ['pass%77ord', 'password'],
    ['PASS%57ORD', 'PASSWORD'],
    ['p%61ssword', 'password'],
    ['p%2561ssword', 'p%61ssword'],
    ['ssl%70assword', 'sslpassword'],
  ])('masks the value of a password parameter whose name is percent-encoded: %s', (name, parsedName) => {
    const url = `postgresql://u@h/db?sslmode=disable&${name}=hunter2&connect_timeout=2`;
    expect(redactUrl(url)).toBe(`postgresql://***@h/db?sslmode=disable&${name}=***&connect_timeout=2`);
    expect(errorOf(url)).toBe(
      invalid(`postgresql://***@h/db?sslmode=disable&${name}=***&connect_timeout=2`, `unknown query parameter "${parsedName}" (accepted: ${ACCEPTED})`),
    );
  });

  it('hides the password written again in a parameter of a URL that parses, but not a user name written again', () => {
    expect(parseDatabaseUrl('postgresql://u:S3CRETpw@h/db?application_name=S3CRETpw').redactedUrl).toBe('postgresql://u:***@h/db?application_name=***');
    expect(parseDatabaseUrl('postgresql://u:S3CRETpw@h/db?application_name=S3Cabc').redactedUrl).toBe('postgresql://u:***@h/db?application_name=S3Cabc');
    expect(parseDatabaseUrl('postgresql://postgres@h/postgres').redactedUrl).toBe('postgresql://***@h/postgres');
  });

  it('still masks every piece of a password that a "/", "?" or "#" in it let a parser cut up and quote', () => {
    // A SQLite URL's query starts at its first "?": the password's tail is read as a query parameter.
    expect(errorOf('sqlite:///u:QXZ?JKWabc@/tmp/x.db')).toBe(
      invalid('sqlite:///u:***@/tmp/x.db', 'unknown query parameter "***@/tmp/x.db" (SQLite accepts busy_timeout)'),
    );
  });
});
