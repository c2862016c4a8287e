import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// A date flag with an impossible month, day, hour, minute or second was read as another date: `runs list --until
// 2026-13-01` as 2027-01-01, `runs prune --older-than 2026-00-15` as 2025-12-15, and `audit prune --before 2026-00-01
// --yes` deleted what came before 2025-12-01. Only a bare date's day was checked (2026-02-30 was refused, 2026-02-30T00:00:00Z
// read as March 2). Every date flag now refuses a date that is not one (exit 2), before anything is read or deleted.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-cli-impossible-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;
const cli = (...args: string[]) => runCli([...args, '--database-url', url], { cwd: dir, env: { TZ: 'UTC' } });

beforeAll(async () => {
  const db = await initializeDatabase({ url });
  try {
    const at = new Date('2025-06-01T12:00:00Z');
    await db.runs.importRun({ name: 'june run', projectId: 'alpha', status: 'completed', metricsUsed: ['exact_match'], createdAt: at }, [
      { itemId: 'a', scores: { exact_match: 1 } },
    ]);
  } finally {
    await db.close();
  }
  // An audit entry to keep: a retention policy set now.
  expect((await cli('projects', 'set-retention', 'alpha', '3650d')).code).toBe(0);
});

const NOT_A_DATE = 'is not a date (2026-11-01), an ISO time (2026-11-01T09:30:00Z), today or yesterday, or an age (30min, 2h, 7d, 4w, 6mo, 1y).';

describe('a date flag naming a date that does not exist', () => {
  it.each([
    [['runs', 'list', '--until', '2026-13-01', '--json'], '--until', '2026-13-01'],
    [['runs', 'list', '--since', '2025-00-15', '--json'], '--since', '2025-00-15'],
    [['runs', 'prune', '--older-than', '2026-00-15', '--dry-run', '--json'], '--older-than', '2026-00-15'],
    [['audit', 'prune', '--before', '2026-00-01', '--yes', '--json'], '--before', '2026-00-01'],
    [['audit', 'list', '--since', '2025-02-30T00:00:00Z', '--json'], '--since', '2025-02-30T00:00:00Z'],
    [['runs', 'trend', 'exact_match', '--since', '2025-04-31', '--json'], '--since', '2025-04-31'],
    [['runs', 'list', '--since', '2025-06-31T10:00:00+02:00', '--json'], '--since', '2025-06-31T10:00:00+02:00'],
    [['runs', 'list', '--since', '2025-01-01T24:00:00Z', '--json'], '--since', '2025-01-01T24:00:00Z'],
    [['runs', 'list', '--since', '2025-01-01T23:60', '--json'], '--since', '2025-01-01T23:60'],
    [['runs', 'list', '--since', '2025-01-01T23:59:60Z', '--json'], '--since', '2025-01-01T23:59:60Z'],
    [['runs', 'list', '--until', '2025-02-29T00:00:00Z', '--json'], '--until', '2025-02-29T00:00:00Z'],
    [['runs', 'list', '--until', 'Feb 30 2025', '--json'], '--until', 'Feb 30 2025'],
  ])('%j is a usage error (exit 2) naming the flag and what it takes', async (args, flag, text) => {
    const run = await cli(...args);
    expect(run.stderr).toBe(`llm-eval: ${flag} "${text}" ${NOT_A_DATE}\n`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('tokens create --expires refuses one too, and creates no token', async () => {
    for (const expires of ['2099-13-01', '2099-02-29T00:00:00Z', '2099-01-01T25:00:00Z']) {
      const run = await cli('tokens', 'create', '--name', 'ci', '--project', 'alpha', '--role', 'viewer', '--expires', expires);
      expect(run.stderr).toBe(`llm-eval: --expires "${expires}" is not an age (30min, 2h, 7d, 4w, 6mo, 1y) or a date (2027-03-01).\n`);
      expect(run.code).toBe(2);
    }
    expect(JSON.parse((await cli('tokens', 'list', '--json')).stdout).tokens).toEqual([]);
  });

  it('deleted nothing, and real dates and ISO times still work', async () => {
    const audit = JSON.parse((await cli('audit', 'list', '--json')).stdout);
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['retention.set']);
    const names = async (...args: string[]) => {
      const run = await cli('runs', 'list', ...args, '--json');
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      return (JSON.parse(run.stdout).runs as Array<{ name: string }>).map((r) => r.name);
    };
    expect(await names('--since', '2024-02-29')).toEqual(['june run']);
    expect(await names('--since', '2025-05-31T23:59:59.999Z', '--until', '2025-06-01T12:00:01Z')).toEqual(['june run']);
    expect(await names('--since', '2025-06-01T11:59', '--until', '2025-06-01T13:30:00+01:00')).toEqual(['june run']);
    expect(await names('--since', '2025-06-01T12:00:01Z')).toEqual([]);
    expect(await names('--until', '2025-06-01')).toEqual([]);
    const prune = await cli('runs', 'prune', '--older-than', '2025-12-31', '--dry-run', '--json');
    expect(JSON.parse(prune.stdout)).toMatchObject({ matched: 1 });
  });
});
