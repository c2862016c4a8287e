import { DATABASE_KINDS, useServer } from './server-harness';

// POST /runs stored config numbers that JSON.parse reads as another value (1e-400 as 0, 12345678901234567891 as
// 12345678901234567000) without a word, where imports and datasets warn of them. The response's warnings name each.
describe.each(DATABASE_KINDS)('POST /runs with numbers JSON cannot keep on %s', (kind) => {
  const api = useServer(kind);

  it('answers warnings naming each number read otherwise than written, by its path, as the import words them', async () => {
    const body = `{"name":"lossy-${kind}","config":{"tiny":1e-400,"seed":12345678901234567891,"ok":0.5,"s":"1e-400"},"environment":{"n":[1,-1e-400]}}`;
    const res = await api.json('/api/v1/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(201);
    expect(res.body.config).toEqual({ tiny: 0, seed: 12345678901234567000, ok: 0.5, s: '1e-400' });
    expect(res.body.warnings).toEqual([
      'body.config.tiny is not stored as written: 1e-400 reads as 0 (too small for a 64-bit float, whose smallest is about 5e-324). ' +
        'The value read is stored; write such a number as a string (e.g. "1e-400") to keep it as written',
      'body.config.seed is not stored as written: 12345678901234567891 reads as 12345678901234567000 (more digits than a 64-bit float keeps). ' +
        'The value read is stored; write such a number as a string (e.g. "12345678901234567891") to keep it as written',
      expect.stringMatching(/^body\.environment\.n\.1 is not stored as written: -1e-400 reads as 0 /),
    ]);
    const stored = await api.server.database.runs.requireRun(res.body.id);
    expect(stored.config).toEqual({ tiny: 0, seed: 12345678901234567000, ok: 0.5, s: '1e-400' });
  });

  it('answers an empty warnings list when every number is kept, long digit strings and numbers JSON.stringify wrote too', async () => {
    const res = await api.json('/api/v1/runs', {
      method: 'POST',
      json: { name: `exact-${kind}`, config: { t: 0.7, n: 9007199254740991, big: 12345678901234567000, small: 5e-324, trace: '12345678901234567891' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
  });

  it('names the first few of many and counts the rest', async () => {
    const numbers = Array.from({ length: 25 }, () => '1e-400').join(',');
    const res = await api.json('/api/v1/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"many-${kind}","config":{"xs":[${numbers}]}}`,
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toHaveLength(11);
    expect(res.body.warnings[9]).toMatch(/^body\.config\.xs\.9 is not stored as written/);
    expect(res.body.warnings[10]).toBe('15 more numbers are not stored as written (not named here); write such numbers as strings to keep them as written');
  });

  it('documents warnings in the OpenAPI document', async () => {
    const doc = await api.json('/api/openapi.json');
    const created = doc.body.paths['/api/v1/runs'].post.responses['201'].content['application/json'].schema;
    const schema = created.$ref ? doc.body.components.schemas[created.$ref.split('/').pop()] : created;
    expect(schema.required).toContain('warnings');
    expect(schema.properties.warnings).toMatchObject({ type: 'array', items: { type: 'string' } });
  });
});
