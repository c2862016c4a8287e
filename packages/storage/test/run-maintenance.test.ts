import { RunNotFoundError, ValidationError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

describe.each(DATABASE_KINDS)('run maintenance on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  beforeEach(async () => {
    for (const t of ['run_comparisons', 'run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs', 'projects']) {
      await db.dataSource.query(`DELETE FROM "${t}"`);
    }
  });

  async function run(name: string, daysAgo: number, options: { status?: 'running' | 'completed' | 'failed'; projectId?: string; items?: number } = {}) {
    const created = await db.runs.createRun({
      name,
      status: options.status ?? 'completed',
      projectId: options.projectId ?? null,
      tags: ['t'],
      metricsUsed: ['exact_match'],
      createdAt: new Date(NOW - daysAgo * DAY),
    });
    const n = options.items ?? 0;
    if (n) {
      await db.runs.addItems(created.id, Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, scores: { exact_match: i % 2 } })));
      await db.runs.computeRunMetrics(created.id);
    }
    return created.id;
  }

  async function count(table: string): Promise<number> {
    const [row] = await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "${table}"`);
    return Number(row.n);
  }

  describe('deleteRuns', () => {
    it('deletes the runs with their items, metrics and tags, and leaves the others', async () => {
      const a = await run('a', 1, { items: 3 });
      const b = await run('b', 2, { items: 2 });
      const keep = await run('keep', 3, { items: 4 });
      await expect(db.runs.deleteRuns([a, b, a])).resolves.toBe(2);
      expect(await db.runs.getRun(a)).toBeNull();
      expect(await db.runs.getRun(b)).toBeNull();
      expect((await db.runs.getRun(keep))!.name).toBe('keep');
      expect(await count('evaluation_items')).toBe(4);
      expect(await count('run_metrics')).toBe(1);
      expect(await count('run_tags')).toBe(1);
    });

    it('deletes nothing and names the id when one of them does not exist', async () => {
      const a = await run('a', 1, { items: 2 });
      const missing = '00000000-0000-4000-8000-000000000000';
      const error = await db.runs.deleteRuns([a, missing]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunNotFoundError);
      expect((error as RunNotFoundError).runId).toBe(missing);
      expect(await db.runs.getRun(a)).not.toBeNull();
      expect(await count('evaluation_items')).toBe(2);
      await expect(db.runs.deleteRuns([a, 'not-a-uuid'])).rejects.toBeInstanceOf(RunNotFoundError);
      expect(await db.runs.getRun(a)).not.toBeNull();
    });

    it('returns 0 for an empty list and rejects what is not a list of ids', async () => {
      await expect(db.runs.deleteRuns([])).resolves.toBe(0);
      await expect(db.runs.deleteRuns('x' as never)).rejects.toBeInstanceOf(ValidationError);
    });

    it('deletes more runs than fit in one statement', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 520; i++) ids.push((await db.runs.createRun({ name: `r${i}` })).id);
      await expect(db.runs.deleteRuns(ids)).resolves.toBe(520);
      expect(await count('evaluation_runs')).toBe(0);
    });

    it('keeps the text index in step (a deleted run is no longer found by text)', async () => {
      const a = await run('findable-needle', 1);
      await db.runs.deleteRuns([a]);
      await run('other', 1);
      expect((await db.runs.listRuns({ text: 'needle' })).total).toBe(0);
    });
  });

  describe('findRunsOlderThan', () => {
    it('counts runs and stored items created before the date, with the date range, ids oldest first', async () => {
      const old1 = await run('old1', 40, { items: 3 });
      const old2 = await run('old2', 35, { items: 2, status: 'failed' });
      // An unfinished run has items but no totals yet; its items count too.
      const old3 = await run('old3', 31, { status: 'running' });
      await db.runs.addItems(old3, [{ itemId: 'x' }]);
      await run('new', 10, { items: 5 });
      const before = new Date(NOW - 30 * DAY);
      const match = await db.runs.findRunsOlderThan({ before });
      expect(match).toEqual({
        ids: [old1, old2, old3],
        total: 3,
        items: 6,
        oldest: new Date(NOW - 40 * DAY),
        newest: new Date(NOW - 31 * DAY),
      });
    });

    it('filters by status and project, and limits the ids but not the counts', async () => {
      const f1 = await run('f1', 50, { status: 'failed', projectId: 'p', items: 1 });
      const f2 = await run('f2', 45, { status: 'failed', projectId: 'p', items: 1 });
      await run('f3', 45, { status: 'failed', projectId: 'q', items: 1 });
      await run('c1', 45, { status: 'completed', projectId: 'p', items: 1 });
      const before = new Date(NOW - 30 * DAY);
      const match = await db.runs.findRunsOlderThan({ before, statuses: ['failed'], projectId: 'p', limit: 1 });
      expect(match).toMatchObject({ ids: [f1], total: 2, items: 2 });
      const all = await db.runs.findRunsOlderThan({ before, statuses: ['failed', 'completed'], projectId: 'p' });
      expect(all.total).toBe(3);
      expect(all.ids[0]).toBe(f1);
      expect(all.ids).toContain(f2);
    });

    it('matches nothing when everything is newer, with null dates', async () => {
      await run('new', 1);
      await expect(db.runs.findRunsOlderThan({ before: new Date(NOW - 30 * DAY) })).resolves.toEqual({
        ids: [],
        total: 0,
        items: 0,
        oldest: null,
        newest: null,
      });
    });

    it('rejects an invalid date, an unknown status and a bad limit', async () => {
      await expect(db.runs.findRunsOlderThan({ before: new Date('nope') })).rejects.toBeInstanceOf(ValidationError);
      await expect(db.runs.findRunsOlderThan({ before: new Date(), statuses: ['gone' as never] })).rejects.toBeInstanceOf(ValidationError);
      await expect(db.runs.findRunsOlderThan({ before: new Date(), limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('finds, then deletes in batches, exactly the matching runs', async () => {
      for (let i = 0; i < 7; i++) await run(`old${i}`, 60 + i, { items: 1 });
      await run('new', 1, { items: 1 });
      const before = new Date(NOW - 30 * DAY);
      let deleted = 0;
      for (;;) {
        const { ids } = await db.runs.findRunsOlderThan({ before, limit: 3 });
        if (!ids.length) break;
        deleted += await db.runs.deleteRuns(ids);
      }
      expect(deleted).toBe(7);
      expect((await db.runs.listRuns()).runs.map((r) => r.name)).toEqual(['new']);
      expect(await count('evaluation_items')).toBe(1);
    });
  });
});
