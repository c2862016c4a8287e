import { runCli } from './cli-process';

// A secret query parameter written with an encoded `=`, a `:` or a space was printed in full: `runs list
// --database-url '…?password%3DS3cret'` quoted the URL with it, `?password:S3cret` showed it twice, and `queue status
// --queue` quoted the parameter back (`unknown query parameter "password=S3cret"`), even when it was the URL's own
// password (`redis://:S3cret@…/0?S3cret`).
const SECRET = 'S3cretQXZ';

describe('a secret query parameter with another separator than =', () => {
  it.each([`password%3D${SECRET}`, `password:${SECRET}`, `sslpassword%3A${SECRET}`])('is hidden by runs list --database-url …?%s', async (query) => {
    const { code, stdout, stderr } = await runCli(['runs', 'list', '--database-url', `postgresql://postgres@127.0.0.1:5432/t?${query}`]);
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid database URL "postgresql://***@127.0.0.1:5432/t?');
    expect(stderr).toContain('unknown query parameter "');
    expect(stdout + stderr).not.toContain(SECRET);
  });

  // The URL's parser quotes the parameter's name decoded (`unknown query parameter "password S3cret"`): what follows a
  // secret-looking name there is hidden whatever separates them, not only after `=` or `:`.
  it.each([
    [`password%20${SECRET}`, 'password ***'],
    [`password+${SECRET}`, 'password ***'],
    [`password%09${SECRET}`, 'password\t***'],
    // The CLI shows a line break in a message as its control picture.
    [`token%0A${SECRET}`, 'token\u240a***'],
  ])('is hidden in the reason of runs list --database-url …?%s', async (query, parameter) => {
    const { code, stdout, stderr } = await runCli(['runs', 'list', '--database-url', `postgresql://postgres@127.0.0.1:5432/t?${query}`]);
    expect(code).toBe(2);
    expect(stderr).toContain(`): unknown query parameter "${parameter}" (accepted: `);
    expect(stdout + stderr).not.toContain(SECRET);
  });

  it.each([
    [`redis://127.0.0.1:6379/0?password%3D${SECRET}`, 'redis://127.0.0.1:6379/0?password%3D***', 'password=***'],
    [`redis://127.0.0.1:6379/0?password:${SECRET}`, 'redis://127.0.0.1:6379/0?password:***', 'password:***'],
    [`redis://127.0.0.1:6379/0?token%20${SECRET}`, 'redis://127.0.0.1:6379/0?token%20***', 'token ***'],
    [`redis://:${SECRET}@127.0.0.1:6379/0?${SECRET}`, 'redis://:***@127.0.0.1:6379/0?***', '***'],
  ])('is hidden by queue status --queue %s', async (url, redacted, parameter) => {
    const { code, stdout, stderr } = await runCli(['queue', 'status', '--queue', url]);
    expect(code).toBe(2);
    expect(stderr).toContain(`llm-eval: Invalid Redis URL "${redacted}" (from --queue): unknown query parameter "${parameter}" (accepted: db).`);
    expect(stdout + stderr).not.toContain(SECRET);
  });
});
