import { randomUUID } from 'node:crypto';
import type { Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// More matches than MANY_TEXT_MATCHES switches SQLite to walking the sort index; results must not change.
describe.each(DATABASE_KINDS)('text search for a common term on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  const matching = new Set<string>();

  beforeAll(async () => {
    db = testDb.db;
    const rows: unknown[] = [];
    const tuples: string[] = [];
    for (let i = 0; i < 2_600; i++) {
      const id = randomUUID();
      const common = i % 5 !== 0;
      if (common) matching.add(id);
      const createdAt = new Date(Date.UTC(2026, 0, 1) + (i % 700) * 60_000);
      tuples.push(`(${[1, 2, 3, 4, 5, 6].map((c) => (kind === 'postgres' ? `$${rows.length + c}` : '?')).join(', ')})`);
      // Dates as storage writes them on SQLite (UTC "YYYY-MM-DD HH:MM:SS.SSS"): the database refuses any other form.
      const stored = kind === 'postgres' ? createdAt : createdAt.toISOString().replace('T', ' ').replace('Z', '');
      rows.push(id, i + 1, common ? `Nightly Capitals ${i}` : `other ${i}`, 'completed', stored, stored);
      if (tuples.length === 500 || i === 2_599) {
        await db.dataSource.query(
          `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at", "updated_at") VALUES ${tuples.join(', ')}`,
          rows,
        );
        rows.length = 0;
        tuples.length = 0;
      }
    }
  });

  it('finds every match exactly once, newest first, with the right total', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous: { createdAt: number; id: string } | undefined;
    do {
      const page = await db.runs.listRuns({ text: 'capitals', limit: 500, cursor });
      expect(page.total).toBe(matching.size);
      for (const run of page.runs) {
        const key = { createdAt: run.createdAt.getTime(), id: run.id };
        if (previous) expect(previous.createdAt > key.createdAt || (previous.createdAt === key.createdAt && previous.id > key.id)).toBe(true);
        previous = key;
        seen.push(run.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBe(matching.size);
    expect(new Set(seen)).toEqual(matching);
  });

  it('counts matches under another filter from the table, not the text index alone', async () => {
    const page = await db.runs.listRuns({ text: 'capitals', status: 'failed' });
    expect(page).toMatchObject({ total: 0, runs: [] });
  });
});
