import { holdsSecret, redactDeep, redactedColumn, redactSecrets, shownTokenReference } from './redact-secrets';

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

  it('cuts a secret in any case and in keys too, as the API cuts it', () => {
    const upper = `LLE_${SECRET.slice(4)}`;
    expect(redactSecrets(`text contains "${upper}"`)).toBe(`text contains "${upper.slice(0, 12)}…"`);
    expect(redactDeep({ [SECRET]: 1 })).toEqual({ [`${SECRET.slice(0, 12)}…`]: 1 });
  });

  it('redactedColumn moves a caret with the cut text, onto the "…" when it fell in the cut-off part', () => {
    const query = `(${SECRET} and x >`;
    const cut = redactSecrets(query);
    expect(cut).toBe(`(${SECRET.slice(0, 12)}… and x >`);
    expect(cut[redactedColumn(query, query.length - 1)]).toBe('>');
    expect(redactedColumn(query, 0)).toBe(0);
    expect(cut[redactedColumn(query, 1 + 30)]).toBe('…');
    expect(redactedColumn('no secret', 4)).toBe(4);
  });

  it('shownTokenReference keeps what could be an id or a prefix and cuts anything longer to 8 characters', () => {
    const id = '0b6f1a52-7c1e-4f43-9d0e-6a1c2b3d4e5f';
    expect([id, 'lle_abcdefgh', 'abc'].map(shownTokenReference)).toEqual([id, 'lle_abcdefgh', 'abc']);
    expect(shownTokenReference(SECRET.slice(4))).toBe(`${SECRET.slice(4, 12)}…`);
    expect(shownTokenReference(SECRET)).toBe(`${SECRET.slice(0, 12)}…`);
  });
});
