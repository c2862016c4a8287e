import type { Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** Plans of the queries listRuns issues, so a filter that silently stops using its index fails a test. */
describe.each(DATABASE_KINDS)('query plans on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;

  beforeAll(async () => {
    db = testDb.db;
    await db.runs.createRun({ name: 'nightly capitals', datasetName: 'qa-capitals' });
  });

  async function plan(options: Parameters<Database['runs']['listRuns']>[0] | (() => Promise<unknown>)): Promise<string> {
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
        return m.query(`EXPLAIN ${sql}`, params);
      });
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    }
    const rows = await db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, params);
    return rows.map((r: { detail: string }) => r.detail).join('\n');
  }

  it('serves text search from the trigram index, not a table scan', async () => {
    const text = await plan({ text: 'capitals' });
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
    const text = await plan(() => db.runs.listItems(run.id, { status: 'failed' }));
    expect(text).toMatch(/IDX_items_run_status/);
  });

  it('serves the items of a run in order from the (run_key, sequence_number) index, the run found by its id once', async () => {
    const run = (await db.runs.listRuns({ limit: 1 })).runs[0]!;
    const text = await plan(() => db.runs.listItems(run.id));
    expect(text).toMatch(/IDX_items_run_sequence/);
    expect(text).not.toMatch(/SCAN "?evaluation_runs|Seq Scan on evaluation_runs/);
  });
});
