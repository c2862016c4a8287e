import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs search` understood "today" and "yesterday", but `runs list --since today` was exit 2 ("is not a date"). The
// date flags read through parse-when.ts take both words now (any case): local midnight of that day in the --tz zone
// (else $TZ), like a bare 2026-11-01, and as an upper bound they leave that day out as --until 2026-11-01 does.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-today-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MINUTE = 60_000;
// Zones without daylight saving time, so their midnight is a fixed offset from UTC: UTC, UTC+5:30, UTC+14.
const ZONES = [
  { zone: 'UTC', offsetMinutes: 0, project: 'utc' },
  { zone: 'Asia/Kolkata', offsetMinutes: 330, project: 'kolkata' },
  { zone: 'Pacific/Kiritimati', offsetMinutes: 840, project: 'kiritimati' },
] as const;

/** Midnight `daysBack` days before today, in a zone `offsetMinutes` east of UTC, as of `now`. */
function midnight(now: number, offsetMinutes: number, daysBack = 0): number {
  const local = new Date(now + offsetMinutes * MINUTE);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysBack) - offsetMinutes * MINUTE;
}

describe('today and yesterday in date flags (SQLite file, the built binary)', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[], env: Record<string, string | undefined> = { TZ: 'UTC' }) =>
    runCli([...args, '--database-url', database.url], { cwd: dir, env });
  const names = (stdout: string) => (JSON.parse(stdout).runs as Array<{ name: string }>).map((r) => r.name).sort();

  beforeAll(async () => {
    const now = Date.now();
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const { offsetMinutes, project } of ZONES) {
        const today = midnight(now, offsetMinutes);
        const yesterday = midnight(now, offsetMinutes, 1);
        const runs: Array<[string, number]> = [
          // Between this zone's midnight and now, whatever the time of day.
          ['today', today + Math.floor((now - today) / 2)],
          ['yesterday late', today - MINUTE],
          ['yesterday early', yesterday + MINUTE],
          ['before yesterday', yesterday - MINUTE],
        ];
        for (const [name, at] of runs) {
          await db.runs.importRun({ name, projectId: project, status: 'completed', metricsUsed: ['exact_match'], createdAt: new Date(at) }, [
            { itemId: 'a', scores: { exact_match: 1 } },
          ]);
        }
      }
    } finally {
      await db.close();
    }
  });

  it.each(ZONES)('runs list --since today / yesterday and --until today / yesterday are midnight in --tz $zone', async ({ zone, project }) => {
    const since = await cli(['runs', 'list', '--project', project, '--since', 'today', '--tz', zone, '--json']);
    expect(since.stderr).toBe('');
    expect(since.code).toBe(0);
    expect(names(since.stdout)).toEqual(['today']);

    const yesterday = await cli(['runs', 'list', '--project', project, '--since', 'yesterday', '--until', 'today', '--tz', zone, '--json']);
    expect(yesterday.code).toBe(0);
    expect(names(yesterday.stdout)).toEqual(['yesterday early', 'yesterday late']);

    const until = await cli(['runs', 'list', '--project', project, '--until', 'yesterday', '--tz', zone, '--json']);
    expect(until.code).toBe(0);
    expect(names(until.stdout)).toEqual(['before yesterday']);
  });

  it('reads the words in any case, and in $TZ when --tz is not given', async () => {
    const r = await cli(['runs', 'list', '--project', 'kiritimati', '--since', 'ToDay', '--json'], { TZ: 'Pacific/Kiritimati' });
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(['today']);
    const y = await cli(['runs', 'list', '--project', 'kolkata', '--since', 'YESTERDAY', '--until', 'Today', '--json'], { TZ: 'Asia/Kolkata' });
    expect(y.code).toBe(0);
    expect(names(y.stdout)).toEqual(['yesterday early', 'yesterday late']);
  });

  it('runs prune --older-than today and audit list --since yesterday take them too', async () => {
    const prune = await cli(['runs', 'prune', '--project', 'kolkata', '--older-than', 'today', '--tz', 'Asia/Kolkata', '--dry-run', '--json']);
    expect(prune.code).toBe(0);
    expect(JSON.parse(prune.stdout)).toEqual({ matched: 3, deleted: 0, dryRun: true });
    const audit = await cli(['audit', 'list', '--since', 'yesterday', '--tz', 'Asia/Kolkata', '--json']);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
  });

  it.each([
    ['--since', 'tomorrow'],
    ['--until', 'someday'],
  ])('%s %s is still a usage error (exit 2) that lists the accepted forms', async (flag, word) => {
    const r = await cli(['runs', 'list', flag, word]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `llm-eval: ${flag} "${word}" is not a date (2026-11-01), an ISO time (2026-11-01T09:30:00Z), today or yesterday, or an age (30min, 2h, 7d, 4w, 6mo, 1y).\n`,
    );
  });
});
