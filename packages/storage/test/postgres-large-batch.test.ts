import { initializeDatabase, type Database, type ItemInput } from '../src';
import { createTestDatabase, type TestDatabase } from './databases';

// A batch of 130 items with 9,000,000-character outputs is one 1.17 GB INSERT in 500-row statements: PostgreSQL refuses
// a protocol message over 1 GB by closing the connection, so the batch failed as "connection failed (ECONNRESET)" and
// none of its items was stored (the adversarial run lost 236 items of 5 MB that way).
let pg: TestDatabase;
let db: Database;

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
});

test('a PostgreSQL batch whose values add up to more than 1 GB is stored whole', async () => {
  const big = 'z'.repeat(9_000_000); // shared by every item: the test holds 9 MB of it, the statements would carry 3 GB
  const items: ItemInput[] = Array.from({ length: 130 }, (_, i) => ({
    itemId: `big-${i}`,
    input: { question: i },
    actualOutput: i === 7 ? `${big}!` : big,
    status: 'completed',
    scores: { exact_match: i % 2 },
  }));
  const run = await db.runs.createRun({ name: 'large batch', status: 'running', metricsUsed: ['exact_match'] });
  expect(await db.runs.addItems(run.id, items, { onlyWhileRunning: true })).toBe(130);
  const [row] = await db.dataSource.query(
    `SELECT count(*)::int AS n, sum(length("actual_output"))::bigint AS chars FROM "evaluation_items" i JOIN "evaluation_runs" r ON r."run_key" = i."run_key" WHERE r."id" = $1`,
    [run.id],
  );
  expect(row.n).toBe(130);
  expect(Number(row.chars)).toBe(130 * 9_000_000 + 1);
  const [seventh] = await db.dataSource.query(`SELECT right("actual_output", 2) AS tail FROM "evaluation_items" WHERE "item_id" = 'big-7'`);
  expect(seventh.tail).toBe('z!');
  expect((await db.runs.listItems(run.id, { limit: 1 })).total).toBe(130);
}, 300_000);
