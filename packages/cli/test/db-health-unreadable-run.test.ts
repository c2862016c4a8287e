import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// A database may hold a run stored before it enforced storage's rules (or by a tool that lifted them): `db health`
// once printed "ok" and the row counts, then crashed on that run's date with "Invalid time value" (exit 1).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-health-unreadable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('db health of a database whose newest run cannot be read', () => {
  it('reports that part as unreadable with the reason, keeps the rest, and exits 0 (reachable and current)', async () => {
    const file = path.join(dir, 'bad-row.db');
    const url = `sqlite:///${file}`;
    expect((await runCli(['db', 'init', '--database-url', url])).code).toBe(0);
    const db = await initializeDatabase({ url });
    try {
      // The row as another tool could write it before the rules existed: the rule is lifted to write it.
      await db.dataSource.query(`DROP TRIGGER IF EXISTS "TRG_evaluation_runs_integrity_insert"`);
      await db.dataSource.query(
        `INSERT INTO "evaluation_runs" ("id", "run_key", "name", "status", "created_at") VALUES ('7d3b2c1a-0f9e-4d8c-b7a6-5e4d3c2b1a09', 1, 'bad', 'completed', 'yesterday-ish')`,
      );
    } finally {
      await db.close();
    }

    const human = await runCli(['db', 'health', '--database-url', url]);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ok {2}sqlite:/);
    expect(human.stdout).toMatch(/^ {2}evaluation_runs +1$/m);
    expect(human.stdout).toContain(`latest run: unreadable (the newest run's created_at "yesterday-ish" is not a date)`);

    const json = await runCli(['db', 'health', '--json', '--database-url', url]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      rowCounts: { evaluation_runs: 1 },
      latestRun: null,
      unreadable: [{ part: 'latestRun', reason: `the newest run's created_at "yesterday-ish" is not a date` }],
    });
  });
});
