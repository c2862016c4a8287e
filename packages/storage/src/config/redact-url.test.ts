import { parseDatabaseUrl } from './database-url';
import { redactSecrets, redactUrl } from './redact-url';

const SECRET = 'S3cretQXZ';

/** The message parseDatabaseUrl refuses `url` with. */
function refusal(url: string): string {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

// A secret parameter written with another separator than a raw `=` was shown in full: `?password%3DS3cret` and
// `?password:S3cret` name no parameter `password` to a URL parser, but they hold the password, and the refusal quoted
// them back (`Invalid database URL "…?password%3DS3cret"`, `unknown query parameter "password:S3cret"`).
describe('a secret parameter written with an encoded =, a : or white space', () => {
  it.each([
    ['an encoded =', `password%3D${SECRET}`, 'password%3D***'],
    ['an = encoded twice', `sslmode=require&password%253D${SECRET}`, 'sslmode=require&password%253D***'],
    ['a :', `password:${SECRET}`, 'password:***'],
    ['an encoded :', `sslpassword%3A${SECRET}`, 'sslpassword%3A***'],
    ['a space', `password ${SECRET}`, 'password ***'],
    ['a tab', `password\t${SECRET}`, 'password\t***'],
    ['an encoded space', `api_key%20${SECRET}`, 'api_key%20***'],
    ['a + for a space', `sslmode=require&token+${SECRET}`, 'sslmode=require&token+***'],
    ['a : before an =', `password:a=${SECRET}&sslmode=require`, 'password:***&sslmode=require'],
    ['an encoded name', `pass%77ord:${SECRET}`, 'pass%77ord:***'],
  ])('hides its value with %s', (_, query, hidden) => {
    expect(redactUrl(`postgresql://postgres@127.0.0.1:5432/t?${query}`)).toBe(`postgresql://***@127.0.0.1:5432/t?${hidden}`);
    expect(redactSecrets(`could not connect to postgresql://127.0.0.1:5432/t?${query}`)).not.toContain(SECRET);
  });

  it.each([`password%3D${SECRET}`, `password:${SECRET}`, `password%3A${SECRET}`, `sslmode=require&password%253D${SECRET}`])(
    'keeps it out of the refusal of ?%s',
    (query) => {
      const message = refusal(`postgresql://postgres@127.0.0.1:5432/t?${query}`);
      expect(message).toContain('unknown query parameter "');
      expect(message).not.toContain(SECRET);
    },
  );

  it('hides a parameter quoted alone, as a refusal quotes it', () => {
    expect(redactSecrets(`password:${SECRET}`)).toBe('password:***');
    expect(redactSecrets(`password%3D${SECRET}`)).toBe('password%3D***');
  });

  it('leaves other parameters, and prose that merely names a secret, as they are', () => {
    const url = 'postgresql://127.0.0.1:5432/t?host=a:b&application_name=c d&sslmode=require';
    expect(redactUrl(url)).toBe(url);
    const message = 'password authentication failed for user "postgres"; the client password must be a string: check it';
    expect(redactSecrets(message)).toBe(message);
  });
});

// Two shapes the passes above missed in the URL a refusal quotes: an encoded `+` after the name, and the name after an
// encoded space (its reason was already masked).
describe('a secret-looking word in a parameter without a raw =', () => {
  it.each([
    ['an encoded +', `password%2B${SECRET}`, 'password***'],
    ['the word after an encoded space', `x%20password%20${SECRET}`, 'x%20password***'],
    ['a word running on', `sslpassword_file%2B${SECRET}&sslmode=require`, 'sslpassword_file***&sslmode=require'],
  ])('%s: hidden to the end of the parameter', (_label, query, shown) => {
    const url = `postgresql://postgres@127.0.0.1:5432/t?${query}`;
    expect(redactUrl(url)).toBe(`postgresql://***@127.0.0.1:5432/t?${shown}`);
    expect(refusal(url)).not.toContain(SECRET);
  });

  it('leaves name=value parameters and words without a value as they were', () => {
    expect(redactUrl('postgresql://u@h/db?host=/tmp/auth/sock&application_name=keyboard')).toBe('postgresql://***@h/db?host=/tmp/auth/sock&application_name=keyboard');
    expect(redactUrl('postgresql://u@h/db?password=x&sslmode=require')).toBe('postgresql://***@h/db?password=***&sslmode=require');
    expect(redactUrl('postgresql://u@h/db?tokenless')).toBe('postgresql://***@h/db?tokenless');
  });
});
