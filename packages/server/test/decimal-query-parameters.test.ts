import { DATABASE_KINDS, useServer } from './server-harness';

/** Every decimal query parameter of the API, with a route taking it and values in its range. */
const PARAMETERS = [
  { name: 'minScore', path: '/api/v1/runs/latest/items?metric=m&', valid: ['-0.5', '1e-3', '2', '0.25E1', '+1'] },
  { name: 'maxScore', path: '/api/v1/runs/latest/items?metric=m&', valid: ['-0.5', '1e-3', '2'] },
  { name: 'minSuccessRate', path: '/api/v1/runs?', valid: ['0.5', '1e-3', '1', '0'] },
  { name: 'maxSuccessRate', path: '/api/v1/runs?', valid: ['0.5', '1e-1'] },
  { name: 'minDurationSeconds', path: '/api/v1/runs?', valid: ['1.5', '1e3', '0'] },
  { name: 'maxDurationSeconds', path: '/api/v1/runs?', valid: ['1.5', '1E+3'] },
  { name: 'confidence', path: '/api/v1/compare?a=latest~1&b=latest&', valid: ['0.95', '9.5e-1'] },
  { name: 'minEffect', path: '/api/v1/compare?a=latest~1&b=latest&', valid: ['0.01', '1e-3', '0'] },
] as const;

/** Values JavaScript's Number() reads as a number, that are not a decimal number written plainly. */
const NOT_DECIMAL = ['', ' ', '0x10', '0b1', '0o1', ' 0.5', '0.5 ', '.5', '5.', '1e', '1_0', 'Infinity', '-Infinity', '٣', '１', '1e400', '--1'];

describe.each(DATABASE_KINDS)('decimal query parameters on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    for (const name of ['a', 'b']) {
      const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `query-decimals-${name}-${kind}`, metricsUsed: ['m'] } });
      expect(created.status).toBe(201);
    }
  });

  it.each(NOT_DECIMAL)('refuses %j with a 400 naming the parameter', async (value) => {
    for (const { name, path } of PARAMETERS) {
      const res = await api.json(`${path}${name}=${encodeURIComponent(value)}`);
      expect([name, value, res.status]).toEqual([name, value, 400]);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toContain(`querystring.${name}`);
      expect(res.body.error.message).toMatch(/decimal number/);
      expect(res.body.error.details.field).toBe(`querystring.${name}`);
    }
  });

  it('takes plain decimal numbers: a sign, digits, a fraction, an exponent', async () => {
    for (const { name, path, valid } of PARAMETERS) {
      for (const value of valid) {
        const res = await api.json(`${path}${name}=${encodeURIComponent(value)}`);
        expect([name, value, res.status]).toEqual([name, value, 200]);
      }
    }
  });

  it('still refuses a plain decimal out of the parameter\'s range, naming the range', async () => {
    const rate = await api.json('/api/v1/runs?minSuccessRate=1.5');
    expect(rate.status).toBe(400);
    expect(rate.body.error.message).toMatch(/querystring\.minSuccessRate.*from 0 to 1/);
    const confidence = await api.json('/api/v1/compare?a=latest~1&b=latest&confidence=0.2');
    expect(confidence.status).toBe(400);
    expect(confidence.body.error.message).toMatch(/querystring\.confidence.*from 0\.5 to 0\.999999/);
  });

  it('reads the value as the number written', async () => {
    const batch = await api.json('/api/v1/runs/latest/items', {
      method: 'POST',
      json: { items: [{ itemId: 'small', scores: { m: 0.0005 } }, { itemId: 'large', scores: { m: 0.5 } }] },
    });
    expect(batch.body.stored).toBe(2);
    const above = await api.json('/api/v1/runs/latest/items?metric=m&minScore=1e-3');
    const below = await api.json('/api/v1/runs/latest/items?metric=m&maxScore=1E-3');
    expect(above.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(['large']);
    expect(below.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(['small']);
  });
});
