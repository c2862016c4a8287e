import { DATABASE_KINDS, useServer, type TestServer } from './server-harness';
import { seedWorld, type World } from './access-world';

/** A JSONL export that claims to be made from run `sourceRunId`: what a caller who knows (or guesses) an id can write. */
function forgedExport(sourceRunId: string, runName: string): string {
  const run = {
    type: 'run',
    run_name: runName,
    dataset_name: 'forged',
    start_time: '2026-04-01T08:00:00Z',
    end_time: '2026-04-01T08:00:05Z',
    metrics: ['exact_match'],
    llm_eval: { format: 'llm-eval.export', version: 1, status: 'completed', run_id: sourceRunId, item_order: [], failures: {} },
  };
  const item = { type: 'item', id: 'q-0', success: true, input: 'question 0', output: 'answer 0', scores: { exact_match: 1 }, time: 0.25 };
  return `${JSON.stringify(run)}\n${JSON.stringify(item)}\n`;
}

/** A body as text with the given values replaced by placeholders, to compare two answers that differ only in them. */
const normal = (body: unknown, values: Record<string, string>) =>
  Object.entries(values).reduce((text, [value, placeholder]) => text.split(value).join(placeholder), JSON.stringify(body));

// Run ids are global, visibility is per project: a token of beta that knows an id of alpha must learn nothing more
// about that run by creating or importing with it, and nothing it sends may be lost.
describe.each(DATABASE_KINDS)('run ids of projects a token cannot see on %s', (kind) => {
  const api = useServer(kind, { auth: 'tokens' });
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(api.server.database, `foreign-${kind}`);
  });
  const as = (token: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.json(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
  const upload = (token: string, text: string) =>
    as(token, '/api/v1/imports', { method: 'POST', body: text, headers: { 'content-type': 'application/x-ndjson' } });
  const runCount = async (server: TestServer) => (await server.server.database.runs.listRuns({ limit: 1 })).total;

  it("creating a run with another project's run id is the 409 of any taken id, naming nothing but the id", async () => {
    const foreign = await as(w.tokens.other, '/api/v1/runs', { method: 'POST', json: { id: w.alpha.id, name: 'probe' } });
    const own = await as(w.tokens.other, '/api/v1/runs', { method: 'POST', json: { id: w.beta.id, name: 'probe' } });
    expect(foreign.status).toBe(409);
    expect(normal(foreign.body, { [w.alpha.id]: '<id>' })).toBe(normal(own.body, { [w.beta.id]: '<id>' }));
    expect(foreign.body.error).toMatchObject({ code: 'conflict', details: { field: 'body.id' } });
    for (const mark of [w.alpha.name, 'alpha']) expect(JSON.stringify(foreign.body)).not.toContain(mark);
  });

  it("an import claiming another project's run is stored like one claiming no stored run: no 409, no name", async () => {
    const before = await runCount(api);
    const foreign = await upload(w.tokens.other, forgedExport(w.alpha.id, 'forged-a1'));
    const missing = await upload(w.tokens.other, forgedExport('00000000-0000-4000-8000-00000000f00d', 'forged-a2'));
    expect([foreign.status, missing.status]).toEqual([201, 201]);
    expect(foreign.body.run).toMatchObject({ projectId: 'beta', name: 'forged-a1', totalItems: 1 });
    // Only the id the caller sent comes back (as the run's import source), never the alpha run's name.
    for (const mark of [w.alpha.name, w.alpha2.id, w.alpha2.name]) expect(JSON.stringify(foreign.body)).not.toContain(mark);
    expect(await runCount(api)).toBe(before + 2);
    // The alpha run is untouched.
    expect((await api.server.database.runs.requireRun(w.alpha.id)).totalItems).toBe(12);
  });

  it('the same forged import again is refused as a copy of the caller\'s own run, exactly as without the foreign run', async () => {
    // Distinct names: equal run and items would make the second a copy of the first.
    const foreignText = forgedExport(w.alpha2.id, 'forged-b1');
    const missingText = forgedExport('00000000-0000-4000-8000-00000000beef', 'forged-b2');
    const first = [await upload(w.tokens.other, foreignText), await upload(w.tokens.other, missingText)];
    expect(first.map((r) => r.status)).toEqual([201, 201]);
    const again = [await upload(w.tokens.other, foreignText), await upload(w.tokens.other, missingText)];
    expect(again.map((r) => r.status)).toEqual([409, 409]);
    expect(normal(again[0]!.body, { [first[0]!.body.runId]: '<id>', 'forged-b1': '<name>' })).toBe(
      normal(again[1]!.body, { [first[1]!.body.runId]: '<id>', 'forged-b2': '<name>' }),
    );
    for (const mark of [w.alpha.id, w.alpha.name, w.alpha2.name]) expect(JSON.stringify(again[0]!.body)).not.toContain(mark);
  });

  it("a caller who sees the run is still told its import is a copy of it, by id and name", async () => {
    const res = await upload(w.tokens.editor, forgedExport(w.alpha.id, 'forged-c'));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(w.alpha.id);
    expect(res.body.error.message).toContain(w.alpha.name);
  });
});
