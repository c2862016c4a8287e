import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// The tables print "–" for a run whose duration nobody measured (see unknown-durations.test.ts), but the --json of
// `runs show`, `runs list`, `runs search` and `projects show` printed the column's default 0, as if it had run for
// 0 s: it is null there now, while a real 0-second run still prints 0. And `runs list --sort durationSeconds` sorted
// the unknown ones as 0 (first with --asc): they come last in both directions.
describe('runs of unknown duration in --json and in a sort by duration', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
      const finished = async (name: string, times: { startedAt?: Date; durationSeconds?: number }) => {
        const run = await db.runs.createRun({ name, projectId: 'durations', metricsUsed: ['exact_match'] });
        await db.runs.addItems(run.id, [{ itemId: 'q1', actualOutput: 'Paris', scores: { exact_match: 1 } }]);
        await db.runs.computeRunMetrics(run.id);
        const completedAt = new Date(at.getTime() + (times.durationSeconds ?? 0) * 1000);
        await db.runs.updateRun(run.id, { status: 'completed', ...times, completedAt });
        ids[name] = run.id;
      };
      await finished('timed', { startedAt: at, durationSeconds: 12.5 });
      await finished('quick', { startedAt: at, durationSeconds: 3 });
      // Started and completed in the same millisecond: a real 0-second run.
      await finished('instant', { startedAt: at, durationSeconds: 0 });
      // The README's "Using the storage layer" example: no startedAt, no duration.
      await finished('untimed', {});
    } finally {
      await db.close();
    }
  });

  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(r.stdout);
  };
  const durations = (runs: Array<{ name: string; durationSeconds: unknown }>) => Object.fromEntries(runs.map((r) => [r.name, r.durationSeconds]));
  const EXPECTED = { timed: 12.5, quick: 3, instant: 0, untimed: null };

  it('runs show --json gives null for the unknown duration, 0 for the 0-second run', async () => {
    expect((await json('runs', 'show', ids.untimed!)).run.durationSeconds).toBeNull();
    expect((await json('runs', 'show', ids.instant!)).run.durationSeconds).toBe(0);
    expect((await json('runs', 'show', ids.timed!)).run.durationSeconds).toBe(12.5);
  });

  it('runs list --json, runs search --json and projects show --json give null for it too', async () => {
    expect(durations((await json('runs', 'list')).runs)).toEqual(EXPECTED);
    expect(durations((await json('runs', 'search', 'runs')).runs)).toEqual(EXPECTED);
    expect(durations((await json('projects', 'show', 'durations')).latestRuns)).toEqual(EXPECTED);
  });

  it('runs list --sort durationSeconds puts the unknown duration last, descending and with --asc', async () => {
    const names = async (...args: string[]) => (await json('runs', 'list', '--sort', 'durationSeconds', ...args)).runs.map((r: { name: string }) => r.name);
    expect(await names()).toEqual(['timed', 'quick', 'instant', 'untimed']);
    expect(await names('--asc')).toEqual(['instant', 'quick', 'timed', 'untimed']);
  });

  it('runs list --sort durationSeconds --asc pages through its cursors in the same order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await json('runs', 'list', '--sort', 'durationSeconds', '--asc', '--limit', '1', ...(cursor ? ['--cursor', cursor] : []));
      seen.push(...result.runs.map((r: { name: string }) => r.name));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['instant', 'quick', 'timed', 'untimed']);
  });

  it('runs search "shortest runs" puts it last as well', async () => {
    expect((await json('runs', 'search', 'shortest', 'runs')).runs.map((r: { name: string }) => r.name)).toEqual(['instant', 'quick', 'timed', 'untimed']);
  });

  it('the table still says – for it (the text output is unchanged)', async () => {
    const r = await cli('runs', 'list', '--sort', 'durationSeconds', '--asc');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((line) => /timed|quick|instant|untimed/.test(line));
    expect(lines.map((line) => /│ (timed|quick|instant|untimed) /.exec(line)?.[1])).toEqual(['instant', 'quick', 'timed', 'untimed']);
    expect(lines[3]).toMatch(/│ – +│ \d{4}-/);
  });

  it('runs list --help says durationSeconds is null when unknown', async () => {
    const r = await runCli(['runs', 'list', '--help']);
    expect(r.stdout).toMatch(/durationSeconds is null/);
  });
});
