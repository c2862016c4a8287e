import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs search "more than 2147483648 items"` printed PostgreSQL's "value ... is out of range for type integer": a
// bound beyond an integer column's range now matches every run or none, on both databases.
describe.each(DATABASE_KINDS)('runs search with counts beyond the column range on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      await db.runs.createRun({ name: 'small', status: 'completed', totalItems: 3, failedItems: 1, totalTokens: 100 });
    } finally {
      await db.close();
    }
  });

  it.each([
    ['more than 2147483648 items', 0],
    ['5000000000 failures or more', 0],
    ['tokens over 1e19', 0],
    ['fewer than 5000000000 items', 1],
  ])('%s finds %d runs', async (query, total) => {
    const r = await runCli(['runs', 'search', query, '--json', '--database-url', database.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total });
  });
});
