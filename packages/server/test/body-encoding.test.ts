import { gzipSync } from 'node:zlib';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** An llm-eval JSONL export of one run named `runName` with one item. */
function jsonlExport(runName: string): string {
  const run = { type: 'run', run_name: runName, dataset_name: 'bytes-set', start_time: '2026-04-01T08:00:00Z', end_time: '2026-04-01T08:00:05Z', metrics: ['exact_match'] };
  const item = { type: 'item', id: 'a', success: true, input: 'Capital of Perú?', expected: 'Lima', output: 'Lima', scores: { exact_match: 1 }, time: 0.25 };
  return [run, item].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

const post = (api: TestServer, path: string, body: Buffer, headers: Record<string, string>) =>
  api.json(path, { method: 'POST', body: new Uint8Array(body), headers });

async function runNames(api: TestServer): Promise<string[]> {
  return (await api.server.database.runs.listRuns({ limit: 1000 })).runs.map((r) => r.name);
}

describe.each(DATABASE_KINDS)('request bodies that are not UTF-8 on %s', (kind) => {
  const api = useServer(kind);

  it('refuses a body declaring a charset other than UTF-8 with a 415, storing nothing', async () => {
    for (const charset of ['iso-8859-1', 'ISO-8859-1', 'windows-1252', '"latin1"', "'latin1'", 'us-ascii-ish']) {
      const res = await post(api, '/api/v1/runs', Buffer.from('{"name":"caf\xe9-latin1"}', 'latin1'), { 'content-type': `application/json; charset=${charset}` });
      expect([charset, res.status]).toEqual([charset, 415]);
      expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('UTF-8') });
    }
    expect(await runNames(api)).not.toContainEqual(expect.stringContaining('latin1'));
  });

  it('takes a body declaring UTF-8 or US-ASCII in any spelling', async () => {
    for (const charset of ['utf-8', 'UTF-8', 'utf8', '"UTF-8"', "'utf-8'", "'UTF8'", 'us-ascii', 'US-ASCII', 'ascii', '"us-ascii"', "'ASCII'"]) {
      const res = await post(api, '/api/v1/runs', Buffer.from(JSON.stringify({ name: `café ${charset}` }), 'utf8'), { 'content-type': `application/json; charset=${charset}` });
      expect([charset, res.status, res.body.name]).toEqual([charset, 201, `café ${charset}`]);
    }
  });

  it('takes an ASCII-only body whatever ASCII-compatible charset it declares', async () => {
    for (const charset of ['iso-8859-1', 'ISO-8859-1', 'windows-1252', '"latin1"', "'koi8-r'", 'shift_jis']) {
      const res = await post(api, '/api/v1/runs', Buffer.from(JSON.stringify({ name: `plain ascii ${charset}` }), 'latin1'), { 'content-type': `application/json; charset=${charset}` });
      expect([charset, res.status, res.body.name]).toEqual([charset, 201, `plain ascii ${charset}`]);
    }
  });

  it('refuses a body declaring a charset in which ASCII is other bytes, even when all its bytes are ASCII', async () => {
    for (const charset of ['utf-16', 'UTF-16LE', 'utf-32', 'utf-7', 'ibm037']) {
      const res = await post(api, '/api/v1/runs', Buffer.from('{"name":"not-a-superset"}', 'latin1'), { 'content-type': `application/json; charset=${charset}` });
      expect([charset, res.status]).toEqual([charset, 415]);
    }
    expect(await runNames(api)).not.toContain('not-a-superset');
  });

  it('refuses bytes that are not UTF-8 with a 400 naming their offset, storing nothing', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    const res = await post(api, '/api/v1/runs', body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'body', offset: 10 } });
    expect(res.body.error.message).toContain('offset 10');
    expect(await runNames(api)).not.toContainEqual(expect.stringMatching(/^a.*b$/));
  });

  it('refuses a compressed body with a 415 naming its Content-Encoding', async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const res = await post(api, '/api/v1/runs', gzipSync('{"name":"zipped"}'), { 'content-type': 'application/json', 'content-encoding': encoding });
      expect([encoding, res.status]).toEqual([encoding, 415]);
      expect(res.body.error.message).toContain(`Content-Encoding "${encoding}"`);
      expect(res.body.error.message).toContain('uncompressed');
    }
    const identity = await post(api, '/api/v1/runs', Buffer.from('{"name":"plain"}'), { 'content-type': 'application/json', 'content-encoding': 'identity' });
    expect(identity.status).toBe(201);
  });

  it('imports an export in UTF-8 as sent, and refuses one that is not UTF-8', async () => {
    const ok = await post(api, '/api/v1/imports', Buffer.from(jsonlExport('résumé-run'), 'utf8'), { 'content-type': 'application/x-ndjson' });
    expect(ok.status).toBe(201);
    expect(ok.body.run.name).toBe('résumé-run');
    const bad = await post(api, '/api/v1/imports', Buffer.from(jsonlExport('latin-run-é'), 'latin1'), { 'content-type': 'application/x-ndjson' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('not valid UTF-8');
    const declared = await post(api, '/api/v1/imports', Buffer.from(jsonlExport('declared'), 'latin1'), { 'content-type': 'application/x-ndjson; charset=iso-8859-1' });
    expect(declared.status).toBe(415);
    expect(await runNames(api)).not.toContainEqual(expect.stringMatching(/^latin-run|^declared/));
  });
});
