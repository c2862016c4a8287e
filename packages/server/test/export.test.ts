import { readdir } from 'node:fs/promises';
import { get as httpGet, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { formatExport, RunExportChunks, storedRunToExport, type ExportFormat } from '@llm-eval/evaluator';
import type { Database, ItemInput, ItemRecord, RunWithMetrics } from '@llm-eval/storage';
import { DATABASE_KINDS, useServer } from './server-harness';

/** Text that tests escaping and encoding: emoji, CJK, RTL, combining marks, quotes, separators, line breaks. */
const ODD_TEXTS = ['naïve café 🚀', '東京タワー', 'שלום עולם', 'e\u0301 a\u0308', 'say "hi", then, go', 'line one\nline two\r\nthree', '=1+2', '-0.5', '@SUM(A1)'];

/** Items of every shape an export writes: scored, metric errors, failed, skipped, unicode, formula-like text. */
function oddItems(count: number, idOf: (i: number) => string = (i) => `item-${String(i).padStart(5, '0')}`): ItemInput[] {
  return Array.from({ length: count }, (_, i) => {
    const text = ODD_TEXTS[i % ODD_TEXTS.length]!;
    const base: ItemInput = {
      itemId: idOf(i),
      sequenceNumber: i,
      input: i % 3 === 0 ? { question: `q${i} ${text}`, tags: ['a', i] } : `question ${i}: ${text}`,
      expectedOutput: i % 5 === 0 ? null : `expected ${text}`,
      startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i % 60)),
      metadata: i % 4 === 0 ? { metric_reasons: { f1: `reason ${text}` }, attempts: 2, source: text } : null,
    };
    if (i % 11 === 3) {
      return { ...base, status: 'failed', errorType: i % 2 ? 'TimeoutError' : null, errorMessage: `failed: ${text}`, responseTime: i % 2 ? 1.5 : null };
    }
    if (i % 17 === 5) return { ...base, status: 'skipped', errorMessage: null };
    return {
      ...base,
      status: 'completed',
      actualOutput: i % 7 === 0 ? '' : `answer ${text}`,
      responseTime: i % 13 === 0 ? null : (i % 50) / 10 + 0.25,
      tokensUsed: i % 2 ? 10 + i : null,
      cost: i % 2 ? i / 1000 : null,
      scores: { exact_match: i % 3 !== 1, f1: i % 9 === 2 ? { error: `metric broke on ${text}` } : (i % 10) / 10 },
    };
  });
}

async function seedRun(db: Database, name: string, items: ItemInput[]): Promise<RunWithMetrics> {
  return db.runs.importRun(
    {
      name,
      status: 'completed',
      datasetName: 'odd dataset ✓',
      modelName: 'model-x',
      description: 'export test — ünïcödé',
      tags: ['export', '🏷️'],
      metricsUsed: ['exact_match', 'f1'],
      config: { temperature: 0.2, nested: { list: [1, 'two'] } },
      createdAt: new Date(Date.UTC(2025, 0, 1)),
      startedAt: new Date(Date.UTC(2025, 0, 1)),
      completedAt: new Date(Date.UTC(2025, 0, 1, 0, 5)),
    },
    items,
  );
}

/** What `llm-eval runs export` writes: every item read into memory, then the evaluator's builder and formatter. */
async function oneShotExport(db: Database, runId: string, format: ExportFormat): Promise<string> {
  const run = await db.runs.requireRun(runId);
  const items: ItemRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.runs.listItems(run.id, { limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return formatExport(storedRunToExport(run, items), format);
}

async function collect(chunks: AsyncIterable<string | Buffer>): Promise<string> {
  const buffers: Buffer[] = [];
  for await (const chunk of chunks) buffers.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(buffers).toString('utf8');
}

describe.each(DATABASE_KINDS)('GET /api/v1/runs/:run/export on %s', (kind) => {
  const api = useServer(kind);
  let run: RunWithMetrics;

  beforeAll(async () => {
    // 2,345 items: three pages of the stream's 1,000, so page boundaries are crossed.
    run = await seedRun(api.server.database, 'export me: ünïcödé/../"run"', oddItems(2345));
  });

  // Byte for byte: the ids here are not array indexes, so even JSON's key order is the same (see the next test).
  it.each(['json', 'jsonl', 'csv'] as const)('streams %s byte for byte as runs export writes it', async (format) => {
    const expected = await oneShotExport(api.server.database, run.id, format);
    const response = await api.request(`/api/v1/runs/${run.id}/export?format=${format}`);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(body.length).toBe(expected.length);
    expect(body).toBe(expected);
    const contentType = { json: 'application/json', jsonl: 'application/x-ndjson', csv: 'text/csv' }[format];
    expect(response.headers.get('content-type')).toBe(`${contentType}; charset=utf-8`);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(new RegExp(`^attachment; filename="[A-Za-z0-9._-]+\\.${format}"; filename\\*=UTF-8''[A-Za-z0-9%._~!$&+^\`|-]+$`));
    expect(disposition).toContain(`-${run.id.slice(0, 8)}.${format}`);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`export me- ünïcödé-..-run-${run.id.slice(0, 8)}.${format}`);
  });

  it('defaults to JSON, a document that parses with every item, and accepts latest and an id prefix', async () => {
    const byPrefix = await api.request(`/api/v1/runs/${run.id.slice(0, 8)}/export`);
    expect(byPrefix.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(await byPrefix.text());
    expect(doc.total_items).toBe(2345);
    expect(doc.llm_eval.item_order).toHaveLength(2345);
    expect(Object.keys(doc.results).length + Object.keys(doc.errors).length).toBe(2345);
    expect(Object.keys(doc.llm_eval.failures)).toEqual(Object.keys(doc.errors));
    expect(doc.results['item-00000']).toMatchObject({ success: true, scores: { exact_match: true, f1: 0 } });
    const latest = await api.request('/api/v1/runs/latest/export?format=jsonl');
    expect(latest.status).toBe(200);
  });

  it('streams a run whose item ids look like array indexes: JSONL and CSV byte for byte, JSON equal as JSON', async () => {
    // JavaScript orders integer-like keys first and numerically in an object, so the one-shot JSON.stringify lists
    // results "2" before "10"; the stream writes them in run order. Key order carries no meaning in JSON (the run
    // order is llm_eval.item_order, the same in both), so the JSON is compared parsed.
    const ids = ['10', '9', '2', 'b', '0', '100', 'a', '01'];
    const numeric = await seedRun(api.server.database, 'numeric ids', oddItems(ids.length, (i) => ids[i]!));
    for (const format of ['jsonl', 'csv'] as const) {
      const body = await (await api.request(`/api/v1/runs/${numeric.id}/export?format=${format}`)).text();
      expect(body).toBe(await oneShotExport(api.server.database, numeric.id, format));
    }
    const body = await (await api.request(`/api/v1/runs/${numeric.id}/export?format=json`)).text();
    const expected = await oneShotExport(api.server.database, numeric.id, 'json');
    expect(JSON.parse(body)).toEqual(JSON.parse(expected));
    expect(JSON.parse(body).llm_eval.item_order).toEqual(ids);
  });

  it('keeps items named like Object.prototype members (__proto__, constructor) in every format, byte for byte', async () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const named = await seedRun(api.server.database, 'prototype names', oddItems(ids.length, (i) => ids[i]!));
    for (const format of ['json', 'jsonl', 'csv'] as const) {
      const body = await (await api.request(`/api/v1/runs/${named.id}/export?format=${format}`)).text();
      expect(body).toBe(await oneShotExport(api.server.database, named.id, format));
    }
    const doc = JSON.parse(await (await api.request(`/api/v1/runs/${named.id}/export`)).text());
    expect([...Object.keys(doc.results), ...Object.keys(doc.errors)].sort()).toEqual([...ids].sort());
  });

  it('writes the same bytes when items come a few at a time (page boundaries inside every section)', async () => {
    const db = api.server.database;
    const small = await seedRun(db, 'small pages', oddItems(150));
    for (const format of ['json', 'jsonl', 'csv'] as const) {
      const firstPage = await db.runs.listItems(small.id, { limit: 7 });
      const text = await collect(new RunExportChunks(format, { runs: db.runs, run: await db.runs.requireRun(small.id), firstPage, pageSize: 7 }).chunks());
      expect(text).toBe(await oneShotExport(db, small.id, format));
    }
  });

  it('exports a run without items (empty sections print as {} and [], as JSON.stringify does)', async () => {
    const empty = await seedRun(api.server.database, 'empty run', []);
    for (const format of ['json', 'jsonl', 'csv'] as const) {
      const body = await (await api.request(`/api/v1/runs/${empty.id}/export?format=${format}`)).text();
      expect(body).toBe(await oneShotExport(api.server.database, empty.id, format));
    }
  });

  it('answers an unknown format with 400 naming format and the formats it takes', async () => {
    for (const format of ['xml', 'JSON', '', 'json;drop table', '\u0000']) {
      const res = await api.json(`/api/v1/runs/${run.id}/export?format=${encodeURIComponent(format)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.field).toBe('querystring.format');
      expect(res.body.error.message).toMatch(/format.*json.*jsonl.*csv/s);
    }
  });

  it('answers an unknown run with 404 and hostile run references with 4xx, never 5xx', async () => {
    const missing = await api.json('/api/v1/runs/00000000-0000-4000-8000-000000000000/export');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('run_not_found');
    const hostile = ["x' OR 1=1 --", '%00', 'a'.repeat(600), '%F0%9F%9A%80', '%ED%A0%80', '..%2F..%2Fetc%2Fpasswd', 'latest~99999999999999999999', '%25'];
    for (const ref of hostile) {
      const res = await api.request(`/api/v1/runs/${ref}/export`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toMatch(/SELECT|stack|at \w+ \(/);
    }
    const tooLong = await api.json(`/api/v1/runs/${'a'.repeat(10_000)}/export`);
    expect(tooLong.status).toBeGreaterThanOrEqual(400);
    expect(tooLong.status).toBeLessThan(500);
    expect(tooLong.body.error.code).toEqual(expect.any(String));
  });

  it('survives a client that disconnects mid-export: its temporary files go, and the next request still works', async () => {
    const big = await seedRun(api.server.database, 'abort me', oddItems(3000));
    const spoolDirs = async () => new Set((await readdir(tmpdir())).filter((name) => name.startsWith('llm-eval-export-')));
    const ours = new Set<string>();
    for (const format of ['json', 'csv'] as const) {
      const before = await spoolDirs();
      // A raw HTTP client whose socket is destroyed after the first bytes: the disconnect itself, nothing pooled.
      const firstChunk = await new Promise<{ status: number; bytes: number; request: ClientRequest }>((resolve, reject) => {
        const request = httpGet(`${api.baseUrl}/api/v1/runs/${big.id}/export?format=${format}`, (res) => {
          res.once('data', (chunk: Buffer) => resolve({ status: res.statusCode!, bytes: chunk.length, request }));
        });
        request.on('error', reject);
      });
      expect(firstChunk.status).toBe(200);
      expect(firstChunk.bytes).toBeGreaterThan(0);
      // JSON spools its later sections to a temporary directory, made before the first byte.
      for (const dir of await spoolDirs()) if (!before.has(dir)) ours.add(dir);
      firstChunk.request.on('error', () => undefined);
      firstChunk.request.destroy();
    }
    expect(ours.size).toBeGreaterThan(0);
    const after = await api.json('/api/v1/health');
    expect(after.status).toBe(200);
    // The aborted export's generator is ended by the stream's destruction, which removes its directory.
    let left = [...ours];
    for (let i = 0; i < 100 && left.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await spoolDirs();
      left = left.filter((dir) => now.has(dir));
    }
    expect(left).toEqual([]);
    const again = await api.request(`/api/v1/runs/${big.id}/export?format=jsonl`);
    expect(again.status).toBe(200);
    expect((await again.text()).split('\n').filter(Boolean)).toHaveLength(3001);
  });
});
