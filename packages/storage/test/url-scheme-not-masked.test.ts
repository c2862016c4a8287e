import { redactUrl } from '../src';

// A password that also appears in the scheme (`postgres`, PostgreSQL's usual default, inside `postgresql://`) was
// masked there too: `***ql://***:***@host`, a URL no one can read. The scheme holds no secret; it stays as written.
describe('the scheme of a redacted URL', () => {
  it.each([
    ['postgresql://postgres:postgres@127.0.0.1:5432/db', 'postgresql://***:***@127.0.0.1:5432/db'],
    ['postgresql://u:sql@h/db?sslmode=require', 'postgresql://u:***@h/db?sslmode=require'],
    ['postgres://app:post@h:5432/app', 'postgres://app:***@h:5432/app'],
    ['redis://default:redis@127.0.0.1:6379/0', 'redis://default:***@127.0.0.1:6379/0'],
  ])('%s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('still hides the password written again after the scheme', () => {
    expect(redactUrl('postgresql://u:s3cret-pw@h/db?application_name=s3cret-pw')).not.toContain('s3cret-pw');
  });
});
