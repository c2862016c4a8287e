import { encodeSegment } from './hostile-values';
import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';

/** Item `n` of the ingest tests: every third one failed, scored on accuracy and a pass/fail metric. */
function item(n: number, extra: Record<string, unknown> = {}) {
  const failed = n % 3 === 0;
  return {
    itemId: `q${n}`,
    input: { question: `What is ${n} + ${n}?` },
    expectedOutput: String(2 * n),
    actualOutput: failed ? null : String(2 * n),
    status: failed ? 'failed' : 'completed',
    errorMessage: failed ? 'model timed out' : null,
    scores: failed ? {} : { accuracy: n % 2 === 0 ? 1 : 0.5, exact: n % 2 === 0 },
    responseTime: 0.1 * (n + 1),
    tokensUsed: 10 + n,
    cost: 0.001,
    startedAt: `2026-03-01T10:00:0${n % 10}`,
    completedAt: `2026-03-01T10:00:0${n % 10}.5+00:00`,
    ...extra,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function createRun(api: TestServer, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api.json('/api/v1/runs', { method: 'POST', json: { name: 'ingested', metricsUsed: ['accuracy', 'exact'], ...body } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const append = (api: TestServer, runId: string, items: unknown[]) => api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: { items } });

describe.each(DATABASE_KINDS)('ingest on %s', (kind) => {
  const api = useServer(kind);

  it('creates a run, appends batches (one sent twice) and finishes it with exact totals and metric statistics', async () => {
    const created = await api.json('/api/v1/runs', {
      method: 'POST',
      json: {
        name: 'notebook run',
        description: 'from a Python notebook',
        projectId: 'py-notebooks',
        datasetName: 'arith',
        modelName: 'gpt-4o',
        modelVersion: '2024-08',
        taskType: 'qa',
        metricsUsed: ['accuracy', 'exact'],
        tags: ['ci', 'nightly'],
        config: { temperature: 0 },
        createdBy: 'ana',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'notebook run',
      status: 'running',
      projectId: 'py-notebooks',
      modelName: 'gpt-4o',
      tags: expect.arrayContaining(['ci', 'nightly']),
      config: { temperature: 0 },
      totalItems: 0,
      completedAt: null,
    });
    expect(Date.now() - Date.parse(created.body.startedAt)).toBeLessThan(60_000);
    const runId = created.body.id as string;

    const first = await append(api, runId, range(0, 4).map((n) => item(n)));
    expect(first).toMatchObject({ status: 200, body: { runId, stored: 4, alreadyStored: [], rejected: [] } });
    const second = await append(api, runId, range(4, 8).map((n) => item(n)));
    expect(second.body).toMatchObject({ stored: 4, alreadyStored: [], rejected: [] });
    // The second batch again (its response "got lost"): nothing stored twice.
    const retried = await append(api, runId, range(4, 8).map((n) => item(n)));
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ runId, stored: 0, alreadyStored: range(0, 4).map((i) => ({ itemId: `q${i + 4}`, index: i })), rejected: [], warnings: [] });
    // A third batch that overlaps the stored ones: only the new items are stored.
    const third = await append(api, runId, range(6, 10).map((n) => item(n)));
    expect(third.body).toMatchObject({ stored: 2, alreadyStored: [{ itemId: 'q6', index: 0 }, { itemId: 'q7', index: 1 }], rejected: [] });

    const running = await api.json(`/api/v1/runs/${runId}`);
    expect(running.body).toMatchObject({ status: 'running', totalItems: 10 });

    const finished = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'completed' } });
    expect(finished.status).toBe(200);
    expect(finished.body.status).toBe('completed');

    const shown = await api.json(`/api/v1/runs/${runId}`);
    expect(shown.status).toBe(200);
    const failed = range(0, 10).filter((n) => n % 3 === 0).length;
    expect(shown.body).toMatchObject({
      status: 'completed',
      totalItems: 10,
      successfulItems: 10 - failed,
      failedItems: failed,
      successRate: (10 - failed) / 10,
      totalTokens: range(0, 10).reduce((s, n) => s + 10 + n, 0),
    });
    expect(shown.body.totalCost).toBeCloseTo(0.01, 10);
    expect(shown.body.minResponseTime).toBeCloseTo(0.1, 10);
    expect(shown.body.maxResponseTime).toBeCloseTo(1.0, 10);
    expect(shown.body.completedAt).not.toBeNull();
    expect(shown.body.durationSeconds).toBeGreaterThanOrEqual(0);
    const byName = Object.fromEntries(shown.body.metrics.map((m: { metricName: string }) => [m.metricName, m]));
    const scored = range(0, 10).filter((n) => n % 3 !== 0);
    const accuracy = scored.map((n) => (n % 2 === 0 ? 1 : 0.5));
    expect(byName.accuracy).toMatchObject({ totalEvaluated: scored.length, metricType: 'numeric' });
    expect(byName.accuracy.mean).toBeCloseTo(accuracy.reduce((a, b) => a + b, 0) / accuracy.length, 10);
    expect(byName.exact).toMatchObject({ totalEvaluated: scored.length, metricType: 'boolean' });

    // Every item once, as sent (naive times read as UTC).
    const items = await api.json(`/api/v1/runs/${runId}/items?limit=100`);
    expect(items.status).toBe(200);
    const ids = items.body.items.map((i: { itemId: string }) => i.itemId);
    expect(ids.sort()).toEqual(range(0, 10).map((n) => `q${n}`).sort());
    const q1 = items.body.items.find((i: { itemId: string }) => i.itemId === 'q1');
    expect(q1).toMatchObject({ input: { question: 'What is 1 + 1?' }, actualOutput: '2', startedAt: '2026-03-01T10:00:01.000Z', completedAt: '2026-03-01T10:00:01.500Z' });
  });

  it('stores each item once when two identical batches arrive at the same time', async () => {
    const runId = await createRun(api);
    const batch = range(0, 300).map((n) => item(n));
    const [a, b] = await Promise.all([append(api, runId, batch), append(api, runId, batch)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.stored + b.body.stored).toBe(300);
    expect(a.body.alreadyStored.length + b.body.alreadyStored.length).toBe(300);
    expect([...a.body.rejected, ...b.body.rejected]).toEqual([]);
    const run = await api.json(`/api/v1/runs/${runId}`);
    expect(run.body.totalItems).toBe(300);
    const finished = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: {} });
    expect(finished.body).toMatchObject({ status: 'completed', totalItems: 300, failedItems: 100, successfulItems: 200 });
  });

  it('stores the good items of a batch and names each bad one with its reason', async () => {
    const runId = await createRun(api);
    const longId = 'x'.repeat(2 * 1024 * 1024);
    const res = await append(api, runId, [
      item(1),
      item(2, { status: 'exploded' }),
      item(4, { itemId: longId }),
      item(5),
      item(5, { actualOutput: 'other' }),
      { ...item(7), output: 'typo' },
      item(8, { responseTime: -1 }),
      item(10, { startedAt: 'yesterday' }),
      item(11, { itemId: 'nul\u0000and\ud800 lone 🧪' }),
      'not an item',
    ]);
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(3);
    expect(res.body.alreadyStored).toEqual([]);
    const rejected = res.body.rejected as Array<{ itemId: string; index: number; reason: string; field: string | null }>;
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 4, 5, 6, 7, 9]);
    const at = (index: number) => rejected.find((r) => r.index === index)!;
    expect(at(1)).toMatchObject({ itemId: 'q2', field: 'status', reason: expect.stringContaining('Item 1 field "status"') });
    expect(at(2).itemId.length).toBeLessThan(200);
    expect(at(2)).toMatchObject({ field: 'itemId', reason: expect.stringMatching(/at most 255/) });
    expect(at(2).reason.length).toBeLessThan(1000);
    expect(at(4)).toMatchObject({ itemId: 'q5', field: 'itemId', reason: expect.stringContaining('repeats item id "q5" of item 3') });
    expect(at(5)).toMatchObject({ itemId: 'q7', reason: expect.stringContaining('output') });
    expect(at(6)).toMatchObject({ itemId: 'q8', field: 'responseTime' });
    expect(at(7)).toMatchObject({ itemId: 'q10', field: 'startedAt' });
    expect(at(9)).toMatchObject({ itemId: '#9' });
    const items = await api.json(`/api/v1/runs/${runId}/items?limit=100`);
    expect(items.body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(['nul\u0000and\ud800 lone 🧪', 'q1', 'q5'].sort());
    // Of two items with one id in a batch, the first is stored.
    expect(items.body.items.find((i: { itemId: string }) => i.itemId === 'q5').actualOutput).toBe('10');
    // The rejected items can be sent again, fixed: the stored ones are reported, the fixed ones stored.
    const fixed = await append(api, runId, [item(1), item(2), item(4)]);
    expect(fixed.body).toMatchObject({ stored: 2, alreadyStored: [{ itemId: 'q1', index: 0 }], rejected: [] });
  });

  it('refuses items for a finished run (409), whatever the batch holds, and keeps its figures', async () => {
    const runId = await createRun(api);
    await append(api, runId, [item(1), item(2)]);
    const finished = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'failed', statusReason: 'CI job cancelled' } });
    expect(finished.body).toMatchObject({ status: 'failed', statusReason: 'CI job cancelled', totalItems: 2 });
    for (const items of [[item(3)], [item(1)], [item(9, { status: 'bad' })]]) {
      const res = await append(api, runId, items);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('is failed'), details: { run: runId, status: 'failed' } });
    }
    expect((await api.json(`/api/v1/runs/${runId}`)).body).toMatchObject({ totalItems: 2, status: 'failed' });
  });

  it('finishing again with the same status is idempotent; another status is a 409', async () => {
    const runId = await createRun(api);
    await append(api, runId, [item(1), item(3)]);
    const once = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST' });
    expect(once).toMatchObject({ status: 200, body: { status: 'completed', totalItems: 2, successfulItems: 1, failedItems: 1 } });
    const again = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'completed' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'completed', totalItems: 2, completedAt: once.body.completedAt, metrics: once.body.metrics.map((m: object) => expect.objectContaining({ ...m, computedAt: expect.any(String) })) });
    const other = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'cancelled' } });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already finished as completed'), details: { status: 'completed' } });
  });

  it('answers an unknown run with 404 on append and finish', async () => {
    for (const ref of ['00000000-0000-4000-8000-00000000dead', 'no-such-run']) {
      const res = await append(api, ref, [item(1)]);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('run_not_found');
      const fin = await api.json(`/api/v1/runs/${ref}/finish`, { method: 'POST', json: {} });
      expect(fin.status).toBe(404);
    }
  });

  it('rejects a bad create with a 400 naming the field, and an id already stored with a 409', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: 'x'.repeat(256) }, 'body.name'],
      [{ name: 'ok', projectId: 'has spaces' }, 'body.projectId'],
      [{ name: 'ok', tags: [''] }, 'body.tags.0'],
      [{ name: 'ok', id: 'not-a-uuid' }, 'body.id'],
      [{ name: 'ok', status: 'completed' }, 'body'],
      [{ name: 'ok', metricsUsed: 'accuracy' }, 'body.metricsUsed'],
    ];
    for (const [body, field] of cases) {
      const res = await api.json('/api/v1/runs', { method: 'POST', json: body });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error.details.field).toBe(field);
    }
    const id = '7e57da7a-0000-4000-8000-000000000001';
    expect((await api.json('/api/v1/runs', { method: 'POST', json: { id, name: 'mine' } })).status).toBe(201);
    const again = await api.json('/api/v1/runs', { method: 'POST', json: { id, name: 'mine again' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(id) });
    // Two creates with one new id at once: one wins, the other is a 409, never a 500.
    const raced = '7e57da7a-0000-4000-8000-000000000002';
    const both = await Promise.all([0, 1].map(() => api.json('/api/v1/runs', { method: 'POST', json: { id: raced, name: 'race' } })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('rejects a malformed batch with a 400 naming what is wrong, and an oversized batch saying the limit', async () => {
    const runId = await createRun(api);
    for (const [body, field] of [
      [{}, 'body.items'],
      [{ items: [] }, 'body.items'],
      [{ items: 'q1' }, 'body.items'],
      [{ items: [item(1)], extra: 1 }, 'body'],
    ] as const) {
      const res = await api.json(`/api/v1/runs/${runId}/items`, { method: 'POST', json: body });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe(field);
    }
    const tooMany = await append(api, runId, range(0, 5001).map((n) => ({ itemId: `i${n}` })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 5000 items/);
    expect((await api.json(`/api/v1/runs/${runId}`)).body.totalItems).toBe(0);
    const bad = await api.json(`/api/v1/runs/${runId}/finish`, { method: 'POST', json: { status: 'done' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('body.status');
  });

  it('answers hostile values in every parameter with 2xx or 4xx, never 5xx', async () => {
    const runId = await createRun(api);
    const hostile = ["' OR 1=1 --", '"; DROP TABLE evaluation_items; --', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', 'x'.repeat(10_000), '🧪🔥👩‍💻', '%', '_', '\\'];
    const statuses: number[] = [];
    for (const value of hostile) {
      const created = await api.json('/api/v1/runs', {
        method: 'POST',
        json: { name: value.slice(0, 255) || 'x', description: value, datasetName: value, modelName: value, tags: [value.slice(0, 255)], createdBy: value, config: { [value]: value } },
      });
      statuses.push(created.status);
      const appended = await append(api, runId, [
        item(1, { itemId: value, input: value, expectedOutput: value, actualOutput: value, errorMessage: value, errorType: value, metadata: { [value]: value }, scores: { [value]: 1 }, traceId: value }),
      ]);
      statuses.push(appended.status);
      const segment = encodeSegment(value) || 'x';
      statuses.push((await append(api, segment, [item(1)])).status);
      statuses.push((await api.json(`/api/v1/runs/${segment}/finish`, { method: 'POST', json: { statusReason: value } })).status);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // The run still holds only what was stored, and SQL fragments were stored as text.
    const items = await api.json(`/api/v1/runs/${runId}/items?limit=1000`);
    expect(items.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(expect.arrayContaining(["' OR 1=1 --", 'a\u0000b', '\ud800', '🧪🔥👩‍💻']));
  });
});
