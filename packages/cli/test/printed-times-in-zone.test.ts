import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `--since 2026-11-01 --tz Europe/Berlin` read the date in Berlin, but every time the run commands printed (runs list's
// created column, runs show, projects show, the days of runs trend …) was UTC, and nothing said so. They are printed in
// the --tz zone now (default $TZ, else the system zone, as dates are read), and the zone is named; --json stays UTC.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-printed-zone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (args: string[], env: Record<string, string | undefined> = { TZ: 'UTC' }) => runCli([...args, '--database-url', url], { cwd: dir, env });
let runId = '';

// 22:30 UTC on July 1 is 00:30 on July 2 in Berlin (summer time, UTC+2).
const CREATED = new Date('2026-07-01T22:30:00Z');
const BERLIN = '2026-07-02 00:30';
const UTC = '2026-07-01 22:30';

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    const run = await db.runs.importRun(
      {
        name: 'late-run',
        projectId: 'zones',
        status: 'completed',
        metricsUsed: ['exact_match'],
        createdAt: CREATED,
        startedAt: CREATED,
        completedAt: new Date('2026-07-01T22:45:00Z'),
      },
      [{ itemId: 'a', scores: { exact_match: 1 } }],
    );
    runId = run.id;
  } finally {
    await db.close();
  }
});

/** The table line of the run, and the header line above it. */
function tableLines(stdout: string): { head: string; row: string } {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('│') && l.includes('late-run'));
  expect(at).toBeGreaterThan(0);
  return { head: lines.slice(0, at).find((l) => l.includes('created') || l.includes('when'))!, row: lines[at]! };
}

describe('printed times follow --tz', () => {
  it.each<[string, string[]]>([
    ['runs list', ['runs', 'list']],
    ['runs search', ['runs', 'search', 'late-run']],
    ['projects show', ['projects', 'show', 'zones']],
    ['projects list', ['projects', 'list']],
  ])('%s: the Berlin wall time with --tz Europe/Berlin, UTC with --tz UTC, and the zone in the header', async (_, args) => {
    const berlin = await cli([...args, '--tz', 'Europe/Berlin']);
    expect(berlin.stderr).toBe('');
    expect(berlin.code).toBe(0);
    const b = tableLines(berlin.stdout);
    expect(b.row).toContain(BERLIN);
    expect(b.head).toContain('Europe/Berlin');
    const utc = await cli([...args, '--tz', 'UTC'], { TZ: 'Asia/Tokyo' });
    expect(utc.code).toBe(0);
    const u = tableLines(utc.stdout);
    expect(u.row).toContain(UTC);
    expect(u.head).toContain('UTC');
  });

  it('runs show: created, started and completed in the zone, which it names', async () => {
    const berlin = await cli(['runs', 'show', runId, '--tz', 'Europe/Berlin']);
    expect(berlin.code).toBe(0);
    expect(berlin.stdout).toMatch(/created {2}2026-07-02 00:30 Europe\/Berlin\n/);
    expect(berlin.stdout).toContain('started 2026-07-02 00:30, completed 2026-07-02 00:45 Europe/Berlin');
    const utc = await cli(['runs', 'show', runId, '--tz', 'UTC']);
    expect(utc.stdout).toMatch(/created {2}2026-07-01 22:30 UTC\n/);
    expect(utc.stdout).toContain('started 2026-07-01 22:30, completed 2026-07-01 22:45 UTC');
  });

  it('without --tz: $TZ, as for the dates a command reads', async () => {
    const tokyo = await cli(['runs', 'list'], { TZ: 'Asia/Tokyo' });
    const t = tableLines(tokyo.stdout);
    expect(t.row).toContain('2026-07-02 07:30');
    expect(t.head).toContain('Asia/Tokyo');
  });

  it('runs trend: days of the zone, and the since date as it was given', async () => {
    const berlin = await cli(['runs', 'trend', 'exact_match', '--since', '2026-06-01', '--tz', 'Europe/Berlin']);
    expect(berlin.stderr).toBe('');
    expect(berlin.stdout).toContain('since 2026-06-01');
    expect(berlin.stdout).toContain('(2026-07-02, 1 run(s))');
    expect(berlin.stdout).toContain('Europe/Berlin');
    const json = await cli(['runs', 'trend', 'exact_match', '--since', '2026-06-01', '--tz', 'Europe/Berlin', '--json']);
    expect(JSON.parse(json.stdout).points).toEqual([{ bucket: '2026-07-02', mean: 1, min: 1, max: 1, runs: 1 }]);
    const utc = await cli(['runs', 'trend', 'exact_match', '--since', '2026-06-01', '--tz', 'UTC']);
    expect(utc.stdout).toContain('(2026-07-01, 1 run(s))');
    const week = await cli(['runs', 'trend', 'exact_match', '--since', '2026-06-01', '--bucket', 'week', '--tz', 'Pacific/Kiritimati', '--json']);
    // 12:30 on Thursday July 2 in Kiritimati (UTC+14): the week of Monday June 29.
    expect(JSON.parse(week.stdout).points.map((p: { bucket: string }) => p.bucket)).toEqual(['2026-06-29']);
  });

  it('runs prune and runs delete name the runs they would delete in the zone', async () => {
    const prune = await cli(['runs', 'prune', '--older-than', '2026-08-01', '--tz', 'Europe/Berlin', '--dry-run']);
    expect(prune.code).toBe(0);
    expect(prune.stdout + prune.stderr).toContain('created before 2026-08-01 00:00 Europe/Berlin; oldest 2026-07-02 00:30, newest 2026-07-02 00:30.');
    // Off a terminal without --yes it refuses, after naming the run.
    const del = await cli(['runs', 'delete', runId, '--tz', 'Europe/Berlin']);
    expect(del.code).toBe(2);
    expect(del.stdout + del.stderr).toContain(`created ${BERLIN} Europe/Berlin`);
  });

  it('--json keeps ISO UTC times', async () => {
    const r = await cli(['runs', 'list', '--tz', 'Europe/Berlin', '--json']);
    expect(JSON.parse(r.stdout).runs[0].createdAt).toBe('2026-07-01T22:30:00.000Z');
  });
});
