import { DATABASE_KINDS, useServer } from './server-harness';

// A model that answers at length: one item's output of 10 MB goes in through the ingest API and comes back whole
// through the items page and the streamed export, beside an ordinary item of the same batch.
describe.each(DATABASE_KINDS)('a 10 MB item through the API on %s', (kind) => {
  const api = useServer(kind);

  it('is stored, read back and exported exactly', async () => {
    const big = 'Σ'.repeat(10) + 'x'.repeat(10 * 1024 * 1024) + '\u0000end';
    const created = await api.json('/api/v1/runs', { method: 'POST', json: { name: `large-${kind}` } });
    expect(created.status).toBe(201);
    const runId = created.body.id as string;
    const appended = await api.json(`/api/v1/runs/${runId}/items`, {
      method: 'POST',
      json: { items: [{ itemId: 'big', actualOutput: big }, { itemId: 'small', actualOutput: 'ok' }] },
    });
    expect(appended.body).toMatchObject({ stored: 2, alreadyStored: [], rejected: [] });

    const page = await api.json(`/api/v1/runs/${runId}/items?limit=10`);
    expect(page.status).toBe(200);
    const byId = new Map(page.body.items.map((i: { itemId: string; actualOutput: string }) => [i.itemId, i.actualOutput]));
    expect(byId.get('big')).toBe(big);
    expect(byId.get('small')).toBe('ok');

    const exported = await api.request(`/api/v1/runs/${runId}/export?format=jsonl`);
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.some((line) => JSON.stringify(line).includes(JSON.stringify(big).slice(1, -1)))).toBe(true);
  }, 120_000);
});
