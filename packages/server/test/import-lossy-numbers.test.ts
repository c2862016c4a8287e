import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

// POST /imports stored 1e-400 and -1e-400 (which JSON.parse reads as 0) as 0 without a word. It still stores them as
// read (201; 1e400, read as Infinity, is refused), and the response's warnings name where each is, as `db migrate` does.
const upload = (api: TestServer, body: string, contentType: string) =>
  api.json('/api/v1/imports?allowDuplicate=true', { method: 'POST', body, headers: { 'content-type': contentType } });

describe.each(DATABASE_KINDS)('importing numbers too small for a double on %s', (kind) => {
  const api = useServer(kind);

  it('stores a JSON export holding one, and names it in the warnings', async () => {
    const body =
      '{"run_name":"tiny","start_time":"2026-04-01T08:00:00Z","metrics":["m"],' +
      '"results":{"q1":{"output":"o","success":true,"scores":{"m":1},"metadata":{"p":1e-400}}},"errors":{}}';
    const res = await upload(api, body, 'application/json');
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      '1 number is not stored as written: item "q1", field "metadata" (at results.q1.metadata.p): 1e-400 reads as 0 ' +
        '(too small for a 64-bit float, whose smallest is about 5e-324). The value read is stored; write such a number as a ' +
        'string (e.g. "1e-400") to keep it as written, and import the file again',
    ]);
    const { items } = await api.server.database.runs.listItems(res.body.runId, { limit: 1 });
    expect(items[0]!.metadata).toEqual({ p: 0 });
  });

  it('stores a JSONL export holding one, naming its line', async () => {
    const body =
      '{"type":"run","run_name":"tiny","start_time":"2026-04-01T08:00:00Z","metrics":["m"]}\n' +
      '{"type":"item","id":"q1","success":true,"output":"o","scores":{"m":-1e-400}}\n';
    const res = await upload(api, body, 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([expect.stringMatching(/^1 number is not stored as written: line 2, item "q1", field "scores" \(at scores\.m\): -1e-400 reads as 0 /)]);
  });
});
