import { initializeDatabase, redactUrl } from '../src';
import { redactSecrets } from '../src/config/redact-url';
import { PG_ADMIN_URL } from './databases';

const SECRET = 'Zq9secret';
/** The real PostgreSQL of the tests, with a parameter whose value carries `password=` (libpq's `options`). */
const pgUrl = (query: string) => `${PG_ADMIN_URL.replace(/\/[^/]*$/, '')}/llm_eval_no_such_database_${process.pid}?${query}`;

// A secret parameter inside another parameter's value (`options=-c password=…`, percent-encoded or not) was not seen:
// the rule looked for secret names only where a parameter starts, so serve printed `options=-c%20password%3DZq9secret`.
describe('a secret parameter inside another parameter value', () => {
  it.each([
    ['percent-encoded', `options=-c%20password%3D${SECRET}`, 'options=-c%20password%3D***'],
    ['with + for the space', `options=-c+password=${SECRET}`, 'options=-c+password=***'],
    ['with a percent-encoded name', `options=-c%20pass%77ord%3D${SECRET}&sslmode=disable`, 'options=-c%20pass%77ord%3D***&sslmode=disable'],
    ['twice encoded', `options=-c%2520password%253D${SECRET}`, 'options=-c%2520password%253D***'],
    ['after another setting', `options=-c%20search_path%3Dx%20-c%20api_key%3D${SECRET}`, 'options=-c%20search_path%3Dx%20-c%20api_key%3D***'],
    ['after a comma', `application_name=a,token=${SECRET}&x=1`, 'application_name=a,token=***&x=1'],
  ])('hides it %s', (_, query, hidden) => {
    expect(redactUrl(`postgresql://postgres@127.0.0.1:5432/db?${query}`)).toBe(`postgresql://***@127.0.0.1:5432/db?${hidden}`);
    expect(redactSecrets(`could not connect with ${query} today`)).not.toContain(SECRET);
  });

  it('leaves parameter values without a secret name as they are', () => {
    const url = 'postgresql://127.0.0.1:5432/db?options=-c%20statement_timeout%3D5000&application_name=a%3Db';
    expect(redactUrl(url)).toBe(url);
  });

  it('never prints it in the error of a database that cannot be opened', async () => {
    for (const query of [`options=-c%20password%3D${SECRET}`, `options=-c+password=${SECRET}&connect_timeout=5`]) {
      const error = await initializeDatabase({ url: pgUrl(query) }).then(
        (db) => db.close().then(() => new Error('opened')),
        (e: Error) => e,
      );
      expect(error.message).toMatch(/\*\*\*/);
      expect(`${error.message}\n${String(error.stack)}\n${JSON.stringify(error)}`).not.toContain(SECRET);
    }
  });
});
