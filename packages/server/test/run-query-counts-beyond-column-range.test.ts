import { DATABASE_KINDS, useServer } from './server-harness';

// GET /runs?q= with a count beyond the 32-bit item-count column (or tokens beyond bigint) was a 500 on PostgreSQL
// ("value ... is out of range for type integer"): such a bound now matches every run or none.
describe.each(DATABASE_KINDS)('run queries with counts beyond the column range on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    await api.server.database.runs.createRun({ name: 'small', status: 'completed', totalItems: 3, failedItems: 1, totalTokens: 100 });
  });

  it.each([
    ['more than 2147483648 items', 0],
    ['5000000000 failures or more', 0],
    ['tokens over 1e19', 0],
    ['fewer than 5000000000 items', 1],
    ['more than 2 items', 1],
  ])('%s answers 200 with total %d', async (q, total) => {
    const res = await api.json(`/api/v1/runs?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(total);
  });
});
