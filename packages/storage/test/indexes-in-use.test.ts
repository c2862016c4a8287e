import { knownDurationSeconds, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** Plans of the queries listRuns issues, so a filter that silently stops using its index fails a test. */
describe.each(DATABASE_KINDS)('query plans on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;

  beforeAll(async () => {
    db = testDb.db;
    await db.runs.createRun({ name: 'nightly capitals', datasetName: 'qa-capitals' });
  });

  /**
   * The plan of the page SELECT. `settings` (PostgreSQL) rules out more of what a table of a few rows makes cheaper than
   * an index, so the plan shows what the index can serve.
   */
  async function plan(options: Parameters<Database['runs']['listRuns']>[0] | (() => Promise<unknown>), settings: string[] = []): Promise<string> {
    // Capture the page SELECT listRuns builds, then explain it with the same bound parameters.
    const captured: Array<[string, unknown[]]> = [];
    const driver = db.dataSource.driver;
    const original = driver.createQueryRunner.bind(driver);
    const patched: Array<() => void> = [];
    const spy = jest.spyOn(driver, 'createQueryRunner').mockImplementation((mode) => {
      const runner = original(mode);
      const query = runner.query.bind(runner);
      // SQLite hands out one shared runner: put its query method back afterwards.
      patched.push(() => delete (runner as { query?: unknown }).query);
      runner.query = (async (sql: string, params?: unknown[], structured?: boolean) => {
        if (sql.startsWith('SELECT') && sql.includes('ORDER BY')) captured.push([sql, params ?? []]);
        return query(sql, params, structured as never);
      }) as typeof runner.query;
      return runner;
    });
    try {
      await (typeof options === 'function' ? options() : db.runs.listRuns(options));
    } finally {
      spy.mockRestore();
      patched.forEach((restore) => restore());
    }
    const [sql, params] = captured[0]!;
    if (kind === 'postgres') {
      const rows = await db.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        for (const setting of settings) await m.query(`SET LOCAL ${setting} = off`);
        return m.query(`EXPLAIN ${sql}`, params);
      });
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    }
    const rows = await db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, params);
    return rows.map((r: { detail: string }) => r.detail).join('\n');
  }

  // 'capitals' and '2026' start as an escape's hex digits do, so they carry the check that no match starts inside one.
  it.each(['capitals', 'nightly', '2026'])('serves text search for %j from the trigram index, not a table scan', async (search) => {
    const text = await plan({ text: search });
    expect(text).toMatch(kind === 'postgres' ? /IDX_runs_text_search/ : /VIRTUAL TABLE INDEX/);
  });

  it('serves a project page from the (project_id, created_at) index', async () => {
    expect(await plan({ projectId: 'p1' })).toMatch(/IDX_runs_project_created/);
  });

  it('serves the default page from the (created_at, id) index', async () => {
    expect(await plan({})).toMatch(/IDX_runs_created_id/);
  });

  it.each([
    ['totalTokens', 'IDX_runs_total_tokens_id'],
    ['totalCost', 'IDX_runs_total_cost_id'],
  ] as const)('serves a page sorted by %s from its (column, id) index', async (sort, index) => {
    expect(await plan({ sort, direction: 'desc', limit: 20 })).toMatch(new RegExp(index));
  });

  it('serves failed items of a run from the partial status index', async () => {
    const run = (await db.runs.listRuns({ limit: 1 })).runs[0]!;
    // An empty table is planned by guesses, which a migration rewriting the table (1810000000000) changed: a run of
    // many completed items and a few failed ones, as real runs are, with statistics, as real databases have.
    const items = Array.from({ length: 2000 }, (_, i) =>
      i % 500 === 0 ? { itemId: `i${i}`, status: 'failed' as const, errorMessage: 'boom', scores: {} } : { itemId: `i${i}`, status: 'completed' as const, scores: {} },
    );
    await db.runs.addItems(run.id, items);
    if (kind === 'postgres') await db.dataSource.query('ANALYZE "evaluation_items"');
    const text = await plan(() => db.runs.listItems(run.id, { status: 'failed' }));
    expect(text).toMatch(/IDX_items_run_status/);
  });

  it('serves the items of a run in order from the (run_key, sequence_number) index, the run found by its id once', async () => {
    const run = (await db.runs.listRuns({ limit: 1 })).runs[0]!;
    const text = await plan(() => db.runs.listItems(run.id));
    expect(text).toMatch(/IDX_items_run_sequence/);
    expect(text).not.toMatch(/SCAN "?evaluation_runs|Seq Scan on evaluation_runs/);
  });

  // Sorted by duration, unknown durations last (duration-order.ts): each direction's key has its own index, so a page
  // is one index range, the first as deep ones, and no page sorts the matching runs (a temp B-tree / Sort node).
  describe('sorted by duration', () => {
    const INDEX = { asc: 'IDX_runs_duration_asc_key', desc: 'IDX_runs_duration_desc_key' } as const;
    const SORTED = /TEMP B-TREE|Sort/;
    // A few rows: a bitmap scan then a sort is cheaper than an index walk; with neither, a Sort means the index cannot.
    const NO_SORT = ['enable_bitmapscan', 'enable_sort'];

    beforeAll(async () => {
      const at = new Date(Date.UTC(2026, 10, 1));
      for (const [name, seconds] of [['a', 5], ['b', 60], ['c', 600]] as const) {
        await db.runs.createRun({ name, status: 'completed', startedAt: at, completedAt: new Date(at.getTime() + seconds * 1000), durationSeconds: seconds });
      }
      await db.runs.createRun({ name: 'untimed', status: 'completed', completedAt: at });
    });

    /** The cursor after the first run of that order whose duration is (or is not) known. */
    async function cursorAt(direction: 'asc' | 'desc', known: boolean): Promise<string> {
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await db.runs.listRuns({ sort: 'durationSeconds', direction, limit: 1, cursor });
        const run = page.runs[0]!;
        if ((knownDurationSeconds(run) !== null) === known) return page.nextCursor!;
        cursor = page.nextCursor!;
      }
      throw new Error('no such run');
    }

    it.each(['asc', 'desc'] as const)('%s: the first page walks its index, unsorted', async (direction) => {
      const text = await plan({ sort: 'durationSeconds', direction, limit: 20 }, NO_SORT);
      expect(text).toMatch(new RegExp(INDEX[direction]));
      expect(text).not.toMatch(SORTED);
    });

    it.each(['asc', 'desc'] as const)('%s: a page after a known duration starts in its index, unsorted', async (direction) => {
      const text = await plan({ sort: 'durationSeconds', direction, limit: 20, cursor: await cursorAt(direction, true) }, NO_SORT);
      expect(text).toMatch(kind === 'postgres' ? new RegExp(`Index Scan.* using "?${INDEX[direction]}`) : new RegExp(`SEARCH r USING INDEX ${INDEX[direction]}`));
      expect(text).not.toMatch(SORTED);
    });

    it.each(['asc', 'desc'] as const)('%s: a page after an unknown duration starts in its index, unsorted', async (direction) => {
      const text = await plan({ sort: 'durationSeconds', direction, limit: 20, cursor: await cursorAt(direction, false) }, NO_SORT);
      expect(text).toMatch(kind === 'postgres' ? new RegExp(`Index Scan.* using "?${INDEX[direction]}`) : new RegExp(`SEARCH r USING INDEX ${INDEX[direction]}`));
      expect(text).not.toMatch(SORTED);
    });

    it('serves duration bounds from the duration keys, not by reading every run that stores 0', async () => {
      const text = await plan({ minDurationSeconds: 10, maxDurationSeconds: 100, sort: 'durationSeconds', direction: 'asc' }, NO_SORT);
      expect(text).toMatch(new RegExp(INDEX.asc));
      expect(text).not.toMatch(SORTED);
    });
  });
});

// The import duplicate check reads each run's config -> 'import' -> contentHash; on PostgreSQL the config is json
// (its text parsed per row), so an index holds that expression for imported runs (migration 1810).
describe('the import duplicate check on postgres', () => {
  const testDb = useMigratedDatabase('postgres');

  it('finds a run by its import content hash through its own index, not a scan of every config', async () => {
    const db = testDb.db;
    const hash = 'a'.repeat(64);
    await db.runs.createRun({ name: 'imported', config: { import: { contentHash: hash } } });
    const rows = await db.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return m.query(`EXPLAIN SELECT "id" FROM "evaluation_runs" WHERE ("config" -> 'import' ->> 'contentHash') = $1`, [hash]);
    });
    expect(rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toMatch(/IDX_runs_import_content_hash/);
  });
});
