import { holdsSecret, redactDeep, redactSecrets } from './redact-secrets';

const SECRET = `lle_${'Ab3_-x'.repeat(7)}Q`;

describe('redactSecrets', () => {
  it('cuts a secret, or a long piece of one, to the 12 characters tokens list shows', () => {
    expect(redactSecrets(`Unknown argument: ${SECRET}`)).toBe(`Unknown argument: ${SECRET.slice(0, 12)}…`);
    expect(redactSecrets(`"${SECRET.slice(0, 30)}" is not a project`)).toBe(`"${SECRET.slice(0, 12)}…" is not a project`);
  });

  it('leaves prefixes and ordinary text alone', () => {
    for (const text of ['lle_abcdefgh', 'token lle_ci-2026', 'no secret here']) expect(redactSecrets(text)).toBe(text);
  });

  it('redactDeep redacts every string of a JSON value, keeping dates and numbers', () => {
    const at = new Date(0);
    expect(redactDeep({ name: SECRET, at, n: 1, list: [SECRET, null] })).toEqual({ name: `${SECRET.slice(0, 12)}…`, at, n: 1, list: [`${SECRET.slice(0, 12)}…`, null] });
  });

  it('holdsSecret recognises a pasted secret, not a prefix', () => {
    expect([holdsSecret(SECRET), holdsSecret(`x,${SECRET}`), holdsSecret('lle_abcdefgh'), holdsSecret('alpha')]).toEqual([true, true, false, false]);
  });
});
