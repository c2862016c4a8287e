import { checkHealth, DatabaseConnectionError, initializeDatabase } from '../src';
import { PG_ADMIN_URL } from '@llm-eval/test-databases';

// A PostgreSQL URL with a user name and no password shows the name as *** (it may be a token used as the user name):
// the driver's message, which names the role it could not find, must not print it either.
describe('a user name given without a password', () => {
  const hostAndPort = new URL(PG_ADMIN_URL.replace(/^postgres(ql)?:/, 'http:')).host;
  const url = (user: string) => `postgresql://${user}@${hostAndPort}/postgres`;

  it('is masked in the message of a refused connection, as in the URL', async () => {
    const error = await initializeDatabase({ url: url('UsrSEKRIT') }).catch((e) => e);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect(error.message).toMatch(/role "\*\*\*" does not exist/);
    expect(error.message).not.toContain('UsrSEKRIT');

    const health = await checkHealth({ url: url('UsrSEKRIT') });
    expect(health.ok).toBe(false);
    expect(JSON.stringify(health)).not.toContain('UsrSEKRIT');
    expect(health.error).toMatch(/role "\*\*\*" does not exist/);
  });

  it('is masked only where the message names it, so the rest stays readable', async () => {
    // A user name that is also part of longer words: only the quoted role is hidden.
    const error = await initializeDatabase({ url: url('post') }).catch((e) => e);
    expect(error.message).toMatch(/role "\*\*\*" does not exist/);
    expect(error.message).toContain('postgresql://***@');
    // The usual user name, and a database whose name holds it: the database's name stays as it is.
    const user = new URL(PG_ADMIN_URL.replace(/^postgres(ql)?:/, 'http:')).username || 'postgres';
    const missing = await initializeDatabase({ url: `postgresql://${user}@${hostAndPort}/${user}-staging-nowhere` }).catch((e) => e);
    expect(missing.message).toContain(`database "${user}-staging-nowhere" does not exist`);
  });
});
