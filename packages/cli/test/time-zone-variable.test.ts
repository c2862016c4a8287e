import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// Relative dates use --tz, then $TZ, then the system zone. A $TZ that Node cannot read (TZ=Bogus/Zone) made every date
// silently UTC; an empty TZ failed even `runs list` with "--tz "Etc/Unknown" is not an IANA time zone", naming an
// option nobody typed. Now a command that reads a date or an age says once, on stderr, that UTC is used instead, and
// a command that reads none says nothing.
const WARNING = (tz: string) =>
  `llm-eval: warning: $TZ is "${tz}", not a time zone llm-eval can read; dates are read in UTC instead (set TZ to an IANA zone such as Europe/Berlin, or pass --tz).\n`;

describe('a $TZ that is not a time zone', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[], tz: string) => runCli([...args, '--database-url', database.url], { env: { TZ: tz } });

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // 23:30 UTC on Jan 1: on Jan 1 in UTC, already Jan 2 in Berlin.
      await db.runs.importRun({ name: 'late', status: 'completed', metricsUsed: ['exact_match'], createdAt: new Date('2026-01-01T23:30:00Z') }, [
        { itemId: 'a', scores: { exact_match: 1 } },
      ]);
    } finally {
      await db.close();
    }
  });

  it.each(['Bogus/Zone', 'CET-1CEST'])('TZ=%s: runs list --since reads the date in UTC and warns once on stderr, --json stdout stays JSON', async (tz) => {
    const r = await cli(['runs', 'list', '--since', '2026-01-02', '--json'], tz);
    expect(r.stderr).toBe(WARNING(tz));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(0);
    const until = await cli(['runs', 'list', '--until', '2026-01-02', '--json'], tz);
    expect(until.stderr).toBe(WARNING(tz));
    expect(JSON.parse(until.stdout).runs.map((run: { name: string }) => run.name)).toEqual(['late']);
  });

  it('runs search warns for a query with a date, and not for one without', async () => {
    const dated = await cli(['runs', 'search', 'runs from 2026-01-01', '--json'], 'Bogus/Zone');
    expect(dated.stderr).toBe(WARNING('Bogus/Zone'));
    expect(dated.code).toBe(0);
    expect(JSON.parse(dated.stdout).total).toBe(1);
    const undated = await cli(['runs', 'search', 'completed runs', '--json'], 'Bogus/Zone');
    expect(undated.stderr).toBe('');
    expect(undated.code).toBe(0);
  });

  it('runs trend (its --since defaults to 30d) warns once', async () => {
    const r = await cli(['runs', 'trend', 'exact_match', '--json'], 'Bogus/Zone');
    expect(r.stderr).toBe(WARNING('Bogus/Zone'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ metric: 'exact_match' });
  });

  it.each(['Bogus/Zone', ''])('TZ="%s": a command that reads no date neither fails nor warns', async (tz) => {
    for (const args of [['runs', 'list', '--json'], ['runs', 'show', 'latest', '--json'], ['audit', 'list', '--json']]) {
      const r = await cli(args, tz);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('an empty TZ means UTC: dates are read there without a warning', async () => {
    const r = await cli(['runs', 'list', '--since', '2026-01-02', '--json'], '');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(0);
  });

  it('--tz wins over it: no warning, the date read in that zone', async () => {
    const r = await cli(['runs', 'list', '--since', '2026-01-02', '--tz', 'Europe/Berlin', '--json'], 'Bogus/Zone');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).runs.map((run: { name: string }) => run.name)).toEqual(['late']);
  });
});
