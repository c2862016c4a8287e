import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initializeDatabase, type Database, type ItemInput } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';

// Search words, run references, query limits, time zones and date flags, through the BUILT binary (build first).
const BIN = path.resolve(__dirname, '../dist/bin.js');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function items(n: number): ItemInput[] {
  return Array.from({ length: n }, (_, i): ItemInput => ({ itemId: `q${i}`, status: 'completed', responseTime: 0.1 + i / 100, actualOutput: String(i) }));
}

/** Midnight today in a zone without DST (Asia/Kathmandu is UTC+05:45 all year), as an ISO instant. */
function kathmanduMidnight(at: number): string {
  const offset = (5 * 60 + 45) * 60_000;
  const local = new Date(at + offset);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset).toISOString();
}

describe.each(DATABASE_KINDS)('search and dates through the CLI on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;

  function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
    return new Promise((resolve) => {
      const full: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
      delete full.LLM_EVAL_DATABASE_URL;
      execFile(process.execPath, [BIN, '--database-url', database.url, ...args], { env: full, timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`bash scripts/pnpm.sh run build\` first.`);
    db = await initializeDatabase({ url: database.url });
    const now = Date.now();
    const run = (name: string, modelName: string, hoursAgo: number, extra: Record<string, unknown> = {}, n = 0) =>
      db.runs.importRun({ name, modelName, createdAt: new Date(now - hoursAgo * HOUR), status: 'completed', durationSeconds: 30, ...extra }, items(n));
    await run('old mistral', 'mistral-7b', 40 * 24, { createdBy: 'alice', status: 'failed' });
    await run('claude eval', 'claude-3-5-sonnet', 30, { datasetName: 'qa-capitals', tags: ['nightly'] });
    await run('still going', 'claude-3-5-sonnet', 3, { status: 'running', durationSeconds: 0 });
    await run('newest', 'gpt-4o', 1, {}, 30);
  });
  afterAll(() => db?.close());

  it('honours TZ for "today" (and --tz beats it)', async () => {
    const before = Date.now();
    const viaEnv = await cli(['runs', 'search', 'today', '--json'], { TZ: 'Asia/Kathmandu' });
    const after = Date.now();
    expect(viaEnv.code).toBe(0);
    const body = JSON.parse(viaEnv.stdout);
    expect([kathmanduMidnight(before), kathmanduMidnight(after)]).toContain(body.filter.from);
    expect(new Date(body.filter.to).getTime() - new Date(body.filter.from).getTime()).toBe(DAY);
    // ICU may name the zone by its older spelling (Asia/Katmandu).
    expect(body.explanation).toMatch(/\(today, Asia\/Kath?mandu\)$/);
    const flag = await cli(['runs', 'search', 'today', '--tz', 'UTC', '--json'], { TZ: 'Asia/Kathmandu' });
    expect(JSON.parse(flag.stdout).filter.from).toMatch(/T00:00:00\.000Z$/);
    const bad = await cli(['runs', 'search', 'today', '--tz', 'Mars/Olympus_Mons']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tz "Mars/Olympus_Mons" is not an IANA time zone');
  });

  it("lets the query's own limit win over the default page size", async () => {
    const slowest = await cli(['runs', 'items', 'latest', 'slowest', '5']);
    expect(slowest.code).toBe(0);
    // The total is what the query can give: its own limit caps it (there is no page after these five).
    expect(slowest.stdout).toContain('5 of 5 item(s).');
    expect(slowest.stderr).not.toContain('More:');
    const top = await cli(['runs', 'search', 'top', '3', 'runs']);
    expect(top.stdout).toContain('3 of 3 run(s).');
    expect(top.stderr).not.toContain('More:');
  });

  it('names runs the same way everywhere: a unique name, and latest~N past the oldest says how many runs exist', async () => {
    const byName = await cli(['runs', 'items', 'newest', '--json']);
    expect(byName.code).toBe(0);
    expect(JSON.parse(byName.stdout).total).toBe(30);
    const tooFar = await cli(['runs', 'items', 'latest~999']);
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toContain('There is no "latest~999": only 4 runs exist, so the oldest is latest~3.');
  });

  it('understands model families, tags, datasets, possessives and unknown durations', async () => {
    const search = async (...words: string[]) => {
      const r = await cli(['runs', 'search', ...words, '--json']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const body = JSON.parse(r.stdout);
      return { names: body.runs.map((run: { name: string }) => run.name).sort(), explanation: body.explanation as string };
    };
    // One after the other: the machine running the tests may be busy.
    const mistral = await search('mistral');
    const claude = await search('claude', 'runs');
    const either = await search('gpt-4o', 'vs', 'mistral');
    const nightly = await search('nightly', 'runs');
    const dataset = await search('runs', 'on', 'qa-capitals', 'dataset');
    const alice = await search("alice's", 'failed', 'runs');
    const duration = await search('duration', '<', '60s');
    expect(mistral).toEqual({ names: ['old mistral'], explanation: 'model is mistral-* (model family)' });
    expect(claude).toEqual({ names: ['claude eval', 'still going'], explanation: 'model is claude-* (model family)' });
    expect(either.names).toEqual(['newest', 'old mistral']);
    expect(nightly).toEqual({ names: ['claude eval'], explanation: 'tag is nightly' });
    expect(dataset.names).toEqual(['claude eval']);
    expect(alice.names).toEqual(['old mistral']);
    // The running run's duration is unknown, so it is not "under 60s".
    expect(duration.names).toEqual(['claude eval', 'newest', 'old mistral']);
  }, 400_000);

  it('refuses a date the calendar lacks', async () => {
    const r = await cli(['runs', 'search', 'failed runs on Feb 29 2026']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is no February 29, 2026: 2026 is not a leap year');
  });

  it('refuses the ambiguous age "1m", listing the units, and accepts 30min and 6mo', async () => {
    const ambiguous = await cli(['runs', 'prune', '--older-than', '1m', '--dry-run']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--older-than "1m" is ambiguous: write 1min for minutes or 1mo for months (ages: 30min, 2h, 7d, 4w, 6mo, 1y).');
    const unknown = await cli(['runs', 'list', '--since', '3q']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown unit "q" (ages: 30min, 2h, 7d, 4w, 6mo, 1y)');
    const minutes = await cli(['runs', 'prune', '--older-than', '30min', '--dry-run', '--json']);
    // Four runs are older than 30 minutes; "still going" is running and, by its fresh row, alive: prune leaves it alone.
    expect(JSON.parse(minutes.stdout)).toEqual({ matched: 3, deleted: 0, dryRun: true });
    expect(minutes.stderr).toContain('1 run(s)');
    expect(minutes.stderr).toContain('are still running with a live writer and are left alone');
    const months = await cli(['runs', 'prune', '--older-than', '1mo', '--dry-run', '--json']);
    expect(JSON.parse(months.stdout)).toEqual({ matched: 1, deleted: 0, dryRun: true });
    const since = await cli(['runs', 'list', '--since', '2d', '--json']);
    expect(since.code).toBe(0);
    expect(JSON.parse(since.stdout).total).toBe(3);
  });

  it('refuses a future --older-than or --since (every run, or none, would match) and a negative age', async () => {
    const future = new Date(Date.now() + 400 * DAY).toISOString().slice(0, 10);
    const prune = await cli(['runs', 'prune', '--older-than', future, '--dry-run']);
    expect(prune.code).toBe(2);
    expect(prune.stderr).toMatch(/--older-than ".*" is in the future .*so every run would match/);
    const since = await cli(['runs', 'list', `--since=${future}`]);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/so no run could match/);
    const trend = await cli(['runs', 'trend', 'success_rate', '--since', future]);
    expect(trend.code).toBe(2);
    const negative = await cli(['runs', 'prune', '--older-than=-5d', '--dry-run']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('must be an age greater than 0');
    const until = await cli(['runs', 'list', '--until', future, '--json']);
    expect(until.code).toBe(0);
    expect(JSON.parse(until.stdout).total).toBe(4);
  });
});
