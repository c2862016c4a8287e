import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The README says relative dates use --tz, then $TZ, then the system zone, but only `runs search` took --tz:
// `runs list --tz UTC --since 1d` was "Unknown argument: tz". Every command that reads a date or an age takes it now,
// and a date such as 2026-01-02 is midnight in that zone.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DATABASE_KINDS)('--tz on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const cli = (args: string[]) => runCli([...args, '--database-url', database.url], { cwd: dir, env: { TZ: 'UTC' } });

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // 20:00 UTC on Jan 1 is already Jan 2 in Kiritimati (UTC+14).
      await db.runs.importRun({ name: 'evening', status: 'completed', metricsUsed: ['exact_match'], createdAt: new Date('2026-01-01T20:00:00Z') }, [
        { itemId: 'a', scores: { exact_match: 1 } },
      ]);
    } finally {
      await db.close();
    }
  });

  it('runs list: --since 2026-01-02 is midnight in the --tz zone', async () => {
    const utc = await cli(['runs', 'list', '--since', '2026-01-02', '--json']);
    expect(utc.code).toBe(0);
    expect(JSON.parse(utc.stdout).total).toBe(0);
    const kiritimati = await cli(['runs', 'list', '--since', '2026-01-02', '--tz', 'Pacific/Kiritimati', '--json']);
    expect(kiritimati.code).toBe(0);
    expect(JSON.parse(kiritimati.stdout).runs.map((r: { name: string }) => r.name)).toEqual(['evening']);
    const until = await cli(['runs', 'list', '--until', '2026-01-02', '--tz', 'Pacific/Kiritimati', '--json']);
    expect(JSON.parse(until.stdout).total).toBe(0);
  });

  it.each([
    [['runs', 'list', '--tz', 'UTC', '--since', '1d']],
    [['runs', 'trend', 'exact_match', '--since', '2026-01-02', '--tz', 'Asia/Tokyo']],
    [['runs', 'prune', '--older-than', '2026-01-02', '--tz', 'Pacific/Kiritimati', '--dry-run', '--json']],
    [['audit', 'list', '--since', '7d', '--tz', 'Europe/Berlin']],
  ])('%j accepts --tz', async (args) => {
    const r = await cli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs prune --older-than a date counts in the --tz zone', async () => {
    const utc = await cli(['runs', 'prune', '--older-than', '2026-01-02', '--dry-run', '--json']);
    expect(JSON.parse(utc.stdout)).toMatchObject({ matched: 1 });
    const kiritimati = await cli(['runs', 'prune', '--older-than', '2026-01-02', '--tz', 'Pacific/Kiritimati', '--dry-run', '--json']);
    expect(JSON.parse(kiritimati.stdout)).toMatchObject({ matched: 0 });
  });

  it('an unknown zone is a usage error, as in runs search', async () => {
    for (const args of [['runs', 'list', '--since', '1d'], ['audit', 'prune', '--before', '400d', '--yes']]) {
      const r = await cli([...args, '--tz', 'Mars/Olympus']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('llm-eval: --tz "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).\n');
    }
  });
});
