import { parseDatabaseUrl } from './database-url';
import { redactSecrets } from './redact-url';

describe('redactSecrets with short secrets', () => {
  it('masks a one- or two-character secret only where it stands alone, so messages stay readable', () => {
    expect(redactSecrets('unknown query parameter "password" near p and "p" (p@host)', ['p'])).toBe(
      'unknown query parameter "password" near *** and "***" (***@host)',
    );
    expect(redactSecrets('port 5432 refused 54 times; code=54', ['54'])).toBe('port 5432 refused *** times; code=***');
    expect(redactSecrets('a.b then a.b.c then xa.b', ['a.'])).toBe('a.b then a.b.c then xa.b');
    expect(redactSecrets('é and café', ['é'])).toBe('*** and café');
  });

  it('masks a secret of three or more characters wherever it occurs, inside words too', () => {
    expect(redactSecrets('hunter and hunter2x', ['hunter'])).toBe('*** and ***2x');
  });

  it('keeps the message about a refused URL readable when the password is one character', () => {
    let message = '';
    try {
      parseDatabaseUrl('postgresql://u:p@h/db?password=x&sslmode=bogus');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('unknown query parameter "password"');
    expect(message).toContain('postgresql://u:***@h/db?password=***');
  });
});
