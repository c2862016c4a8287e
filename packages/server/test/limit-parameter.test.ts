import { DATABASE_KINDS, useServer } from './server-harness';

/** What every refused page size says: the range, not zod's internals (its safe-integer bound, "expected number"). */
const SAYS_RANGE = /limit.*whole number from 1 to 1000/;

describe.each(DATABASE_KINDS)('the limit query parameter on %s', (kind) => {
  const api = useServer(kind);

  it.each(['limit=', 'limit', 'limit=0', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=1001', 'limit=99999999999999999999', 'limit=Infinity', 'limit=NaN'])(
    'refuses ?%s with a 400 saying limit takes a whole number from 1 to 1000',
    async (query) => {
      for (const path of ['/api/v1/runs', '/api/v1/audit', '/api/v1/runs/latest/items']) {
        const res = await api.json(`${path}?${query}`);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body.error.message).toMatch(SAYS_RANGE);
        expect(res.body.error.message).not.toMatch(/9007199254740991|expected number|Too small|Too big/);
        expect(res.body.error.details.issues).toHaveLength(1);
      }
    },
  );

  it('takes 1 and 1000', async () => {
    expect((await api.json('/api/v1/runs?limit=1')).status).toBe(200);
    expect((await api.json('/api/v1/runs?limit=1000')).status).toBe(200);
  });
});
