import { parseQueueUrl, QueueUrlError } from './index';

describe('parseQueueUrl', () => {
  test.each(['redis://127.0.0.1:6379', 'redis://localhost', 'rediss://user:s3cret@cache.example.com:6380/2', 'redis://:s3cret@host/0'])('accepts %s', (url) => {
    expect(parseQueueUrl(url).url).toBe(url);
  });

  test('the redacted form hides the password', () => {
    expect(parseQueueUrl('redis://:s3cret@host:6379/0').redacted).toBe('redis://:***@host:6379/0');
    expect(parseQueueUrl('redis://:s%2Fcret@host:6379?db=3').redacted).toBe('redis://:***@host:6379?db=3');
  });

  test('the redacted form hides a user name given without a password', () => {
    expect(parseQueueUrl('redis://alice@host:6379').redacted).toBe('redis://***@host:6379');
    expect(parseQueueUrl('rediss://alice@host:6380/1').redacted).toBe('rediss://***@host:6380/1');
    let error: unknown;
    try {
      parseQueueUrl('redis://alice@host:99999', '--queue');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toContain('Invalid Redis URL "redis://***@host:99999"');
    expect((error as Error).message).not.toContain('alice');
  });

  test.each([
    ['redis://:hunter2@host:99999', /port 99999 is out of range/],
    ['redis://:hunter2@host/db1', /database number/],
    ['http://:hunter2@host', /unsupported scheme "http:"/],
    ['hunter2@host:6379', /does not start with redis:\/\//],
    ['redis://:hunter2@', /host is missing|not a valid URL/],
    ['redis://user:hunter2/0', /password holds a character that ends it early|port is not a number/],
    // An unencoded / ? or # in the password: a URL parser would connect to its tail as the host.
    ['redis://:pw@hunter2/morepw@127.0.0.1:6390', /password holds a character that ends it early \(\/, \? or #\); percent-encode it/],
    ['redis://:hun?ter2@127.0.0.1:6379', /ends it early/],
    ['redis://:hunter2#x@127.0.0.1:6379', /ends it early/],
    ['redis://:hunter2%zz@127.0.0.1:6379', /invalid %-escape/],
    ['redis://:hunter2@127.0.0.1:6379?db=abc', /\?db= must be a database number/],
    ['redis://:hunter2@127.0.0.1:6379?tls=true', /unknown query parameter "tls" \(accepted: db\)/],
    // The parameter quoted back may be the password itself, or a secret-named one written with %3D, : or a space.
    ['redis://:hunter2@127.0.0.1:6379/0?hunter2', /unknown query parameter "\*\*\*"/],
    ['redis://:hunter2@127.0.0.1:6379/0?hunter2xyz', /unknown query parameter "\*\*\*xyz"/],
    ['redis://127.0.0.1:6379/0?password%3Dhunter2', /unknown query parameter "password=\*\*\*"/],
    ['redis://127.0.0.1:6379/0?password:hunter2', /unknown query parameter "password:\*\*\*"/],
    ['redis://127.0.0.1:6379/0?auth%20hunter2', /unknown query parameter "auth \*\*\*"/],
  ])('refuses %s with a reason and without the password', (url, reason) => {
    let error: unknown;
    try {
      parseQueueUrl(url, '--queue');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueueUrlError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain('(from --queue)');
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('morepw');
  });
});
