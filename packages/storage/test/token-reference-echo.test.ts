import { TokenNotFoundError } from '../src';
import { useMigratedDatabase } from './databases';

// A token secret pasted without its `lle_` into a revoke was quoted back 40 characters of its 43 in the error
// ("No API token has the id or prefix …"), for any library caller to log. Only an id or a prefix is quoted whole now.
describe('the reference a revoke could not find, as its error quotes it', () => {
  const testDb = useMigratedDatabase('sqlite');

  const refusal = async (reference: string): Promise<string> => {
    const error = await testDb.db.tokens.revoke(reference).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TokenNotFoundError);
    return (error as Error).message;
  };

  it('shows 8 characters of a secret pasted without lle_, 12 of one with it, in any case', async () => {
    const { secret } = await testDb.db.tokens.create({ name: 'echo', role: 'viewer', projects: '*' });
    const body = secret.slice(4);
    const other = `${body.slice(0, 20)}${body.slice(20).split('').reverse().join('')}`;
    expect(await refusal(other)).toBe(`No API token has the id or prefix "${other.slice(0, 8)}…". List tokens with \`llm-eval tokens list\`.`);
    expect(await refusal(`LLE_${other}`)).toContain(`"LLE_${other.slice(0, 8)}…"`);
    for (const reference of [other, `LLE_${other}`]) expect(await refusal(reference)).not.toContain(other.slice(0, 16));
  });

  it('shows an id or a prefix whole', async () => {
    const id = '0b5d3f5e-7a8c-4c5e-9f1a-2b3c4d5e6f70';
    expect(await refusal(id)).toContain(`"${id}"`);
    expect(await refusal('lle_zzzzzzzz')).toContain('"lle_zzzzzzzz"');
  });
});
