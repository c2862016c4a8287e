import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A token secret pasted into a search query, a trend's metric or `tokens revoke` without its `lle_`: the CLI repeats
// what was typed (how the query was understood, its notes and warnings, the reference no token has), and must cut the
// secret as the API does (`lle_` and 8 more characters), never print it whole.

describe.each(DATABASE_KINDS)('a pasted token secret is not printed back by runs search, runs trend and tokens revoke, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let secret = '';
  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    // A secret whose random part starts with "-" (one in 64) would be typed as options after `tokens revoke`, a usage
    // error before any lookup: such a paste is another case than the one tested here, so another token is made.
    for (let n = 0; secret === '' || secret.charAt(4) === '-'; n++) {
      secret = (await db.tokens.create({ name: `echo-${kind}-${n}`, role: 'viewer', projects: '*' })).secret;
    }
  });
  afterAll(() => db?.close());

  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);
  /** No more of the secret's random part than the 8 characters `tokens list` shows. */
  const expectCut = (args: string[], text: string) => {
    expect({ args, leaked: text.includes(secret.slice(4, 13)) || text.includes(secret.slice(20, 36)) }).toEqual({ args, leaked: false });
  };

  it('runs search cuts the secret in "Understood", its notes, --explain and --json, whatever its case', async () => {
    const upper = `LLE_${secret.slice(4)}`;
    const cases: string[][] = [
      ['runs', 'search', secret],
      ['runs', 'search', `model ${secret}`, '--json'],
      ['runs', 'search', `model ${secret}`, '--explain'],
      ['runs', 'search', `failed ${upper}`],
      ['runs', 'search', `tag:${secret}`, '--json'],
    ];
    for (const args of cases) {
      const outcome = await cli(...args);
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({ args, code: 0, stderr: '' });
      expectCut(args, outcome.stdout);
    }
    const text = await cli('runs', 'search', secret);
    expect(text.stdout).toContain(`Understood: text contains "${secret.slice(0, 12)}…"`);
    const json = JSON.parse((await cli('runs', 'search', `model ${secret}`, '--json')).stdout) as { filter: { value: string }; explanation: string; warnings: string[] };
    expect(json.filter.value).toBe(`${secret.slice(0, 12)}…`);
    expect(json.explanation).toBe(`model is ${secret.slice(0, 12)}…`);
    expect(json.warnings.join(' ')).toContain(`${secret.slice(0, 12)}…`);
  });

  it('runs items cuts the secret in --json as in its text output', async () => {
    const run = await db.runs.createRun({ name: `items-${kind}`, status: 'running' });
    await db.runs.addItems(run.id, [{ itemId: 'a', sequenceNumber: 0, input: 'x', actualOutput: 'y', status: 'completed', scores: {} }]);
    for (const args of [['runs', 'items', run.id, `output contains ${secret}`, '--json'], ['runs', 'items', run.id, `output contains ${secret}`]]) {
      const outcome = await cli(...args);
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({ args, code: 0, stderr: '' });
      expectCut(args, outcome.stdout);
    }
    const json = JSON.parse((await cli('runs', 'items', run.id, `output contains ${secret}`, '--json')).stdout) as { explanation: string };
    expect(json.explanation).toBe(`output contains "${secret.slice(0, 12)}…"`);
  });

  it('runs search shows a query it cannot parse with the secret cut and the caret still under the offending character', async () => {
    const args = ['runs', 'search', `(${secret} and accuracy >`];
    const outcome = await cli(...args);
    expect(outcome.code).toBe(2);
    expectCut(args, outcome.stdout + outcome.stderr);
    const lines = outcome.stderr.split('\n');
    const query = lines.findIndex((line) => line.includes(`(${secret.slice(0, 12)}… and accuracy >`));
    expect(query).toBeGreaterThanOrEqual(0);
    expect(lines[query]![lines[query + 1]!.indexOf('^')]).toBe('>');
  });

  it('runs trend cuts the secret as the metric, in its note and in --json', async () => {
    for (const args of [['runs', 'trend', secret], ['runs', 'trend', secret, '--json']]) {
      const outcome = await cli(...args);
      expect({ args, code: outcome.code }).toEqual({ args, code: 0 });
      expectCut(args, outcome.stdout + outcome.stderr);
    }
    expect((await cli('runs', 'trend', secret)).stdout).toContain(`Note: no run has the metric "${secret.slice(0, 12)}…"`);
    const json = JSON.parse((await cli('runs', 'trend', secret, '--json')).stdout) as { metric: string; warnings: string[] };
    expect(json).toEqual({ metric: `${secret.slice(0, 12)}…`, bucket: 'day', points: [], warnings: [`no run has the metric "${secret.slice(0, 12)}…"`] });
  });

  it('tokens revoke quotes at most 8 characters of a reference no id or prefix can be (a secret without its lle_)', async () => {
    for (const reference of [secret.slice(4), secret.slice(4, 44), secret.slice(2)]) {
      const args = ['tokens', 'revoke', reference];
      const outcome = await cli(...args);
      expect({ args, code: outcome.code, stdout: outcome.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(outcome.stderr).toContain(`No API token has the id or prefix "${reference.slice(0, 8)}…"`);
      expectCut(args, outcome.stderr);
    }
    // What could be an id or a prefix is still quoted whole, and the token was never revoked.
    const id = '0b6f1a52-7c1e-4f43-9d0e-6a1c2b3d4e5f';
    expect((await cli('tokens', 'revoke', id)).stderr).toContain(`No API token has the id or prefix "${id}"`);
    expect((await cli('tokens', 'revoke', 'lle_zzzzzzzz')).stderr).toContain('No API token has the id or prefix "lle_zzzzzzzz"');
    expect((await db.tokens.authenticate(secret)).ok).toBe(true);
  });
});
