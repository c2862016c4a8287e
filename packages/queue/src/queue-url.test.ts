import { parseQueueUrl, QueueUrlError } from './index';

describe('parseQueueUrl', () => {
  test.each(['redis://127.0.0.1:6379', 'redis://localhost', 'rediss://user:s3cret@cache.example.com:6380/2', 'redis://:s3cret@host/0'])('accepts %s', (url) => {
    expect(parseQueueUrl(url).url).toBe(url);
  });

  test('the redacted form hides the password', () => {
    expect(parseQueueUrl('redis://:s3cret@host:6379/0').redacted).toBe('redis://:***@host:6379/0');
  });

  test.each([
    ['redis://:hunter2@host:99999', /port 99999 is out of range/],
    ['redis://:hunter2@host/db1', /database number/],
    ['http://:hunter2@host', /unsupported scheme "http:"/],
    ['hunter2@host:6379', /does not start with redis:\/\//],
    ['redis://:hunter2@', /host is missing|not a valid URL/],
    ['redis://user:hunter2/0', /port is not a number/],
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
  });
});
