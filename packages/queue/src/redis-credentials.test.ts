import { maskCredentials, redisCredentials, urlCredentials } from './redis-credentials';

describe('maskCredentials', () => {
  it('hides a password a Redis error quotes, as sent, percent-encoded, with line breaks made spaces, or in base64', () => {
    const secret = 'Redis S3cret\npw';
    const base64 = Buffer.from(secret).toString('base64');
    const text = `ERR unknown command 'auth', with args beginning with: 'Redis S3cret pw' (${encodeURIComponent(secret)}, ${base64}) '${secret}'`;
    expect(maskCredentials(text, [secret])).toBe("ERR unknown command 'auth', with args beginning with: '***' (***, ***) '***'");
  });

  it('hides a long password Redis quotes cut short, from its first characters on', () => {
    const secret = `S3cret-${'x'.repeat(200)}`;
    expect(maskCredentials(`with args beginning with: '${secret.slice(0, 120)}`, [secret])).toBe("with args beginning with: '***");
  });

  it('hides a password of one or two characters only where it stands alone', () => {
    expect(maskCredentials(`WRONGPASS invalid password 'alice p' for user alice`, ['p'])).toBe(`WRONGPASS invalid password 'alice ***' for user alice`);
  });

  it('leaves a text without the credentials as it is', () => {
    expect(maskCredentials('ECONNREFUSED 127.0.0.1:6379', ['S3cretRedisPw'])).toBe('ECONNREFUSED 127.0.0.1:6379');
  });
});

describe('the credentials of a queue URL', () => {
  it('are the decoded password, and a user name only when it comes without one', () => {
    expect(urlCredentials('redis://alice:Redis%20S3cret@127.0.0.1:6379')).toEqual(['Redis S3cret']);
    expect(urlCredentials('redis://alice-XYZZY@127.0.0.1:6379')).toEqual(['alice-XYZZY']);
    expect(urlCredentials('redis://127.0.0.1:6379')).toEqual([]);
    expect(redisCredentials({ username: 'default', password: 'pw' })).toEqual(['pw']);
  });
});
