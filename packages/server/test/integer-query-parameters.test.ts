import { DATABASE_KINDS, useServer } from './server-harness';

/** Every whole-number query parameter of the API, with a route taking it and a value in its range. */
const PARAMETERS = [
  { name: 'limit', path: '/api/v1/runs?', valid: '16' },
  { name: 'limit', path: '/api/v1/runs/latest/items?', valid: '16' },
  { name: 'limit', path: '/api/v1/audit?', valid: '16' },
  { name: 'itemsLimit', path: '/api/v1/compare?a=latest~1&b=latest&', valid: '16' },
] as const;

/** Numbers JavaScript's Number() reads, but that are not a whole number written in plain decimal digits. */
const NOT_DIGITS = ['0x10', '1e3', '1E1', '0b11', '0o17', '+5', ' 5', '5 ', '1_000', '10.0', '٣', '１６'];

describe.each(DATABASE_KINDS)('whole-number query parameters on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    for (const name of ['a', 'b']) {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `query-integers-${name}-${kind}` } });
      expect(created.status).toBe(201);
    }
  });

  it.each(NOT_DIGITS)('refuses %j with a 400 naming the parameter', async (value) => {
    for (const { name, path } of PARAMETERS) {
      const res = await api.json(`${path}${name}=${encodeURIComponent(value)}`);
      expect([path, name, res.status]).toEqual([path, name, 400]);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toContain(`querystring.${name}`);
      expect(res.body.error.message).toMatch(/whole number/);
      expect(res.body.error.details.field).toBe(`querystring.${name}`);
    }
  });

  it('takes plain decimal digits, leading zeros too', async () => {
    for (const { name, path, valid } of PARAMETERS) {
      for (const value of [valid, `00${valid}`]) {
        const res = await api.json(`${path}${name}=${value}`);
        expect([path, name, value, res.status]).toEqual([path, name, value, 200]);
      }
    }
  });
});
