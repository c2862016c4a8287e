import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// A run made through the storage API (createRun, then updateRun to completed, as the README's "Using the storage
// layer" does) has no startedAt, so its stored duration is only the column's default 0: `runs show` printed
// "duration 0 ms (started –, …)", and `runs list` and `runs compare` "0 ms". A duration nobody measured is "–".
describe('a run without a start time has no known duration', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);
  let unknownId = '';

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      // The baseline was measured: 12.5 s.
      const timed = await db.runs.createRun({ name: 'timed', metricsUsed: ['exact_match'] });
      await db.runs.addItems(timed.id, [{ itemId: 'q1', actualOutput: 'Paris', scores: { exact_match: 1 } }]);
      await db.runs.computeRunMetrics(timed.id);
      const startedAt = new Date(Date.now() - 12_500);
      await db.runs.updateRun(timed.id, { status: 'completed', startedAt, completedAt: new Date(), durationSeconds: 12.5 });
      // The README's example: no startedAt, no duration.
      const run = await db.runs.createRun({ name: 'untimed', metricsUsed: ['exact_match'] });
      await db.runs.addItems(run.id, [{ itemId: 'q1', actualOutput: 'Paris', scores: { exact_match: 1 } }]);
      await db.runs.computeRunMetrics(run.id);
      await db.runs.updateRun(run.id, { status: 'completed', completedAt: new Date() });
      unknownId = run.id;
    } finally {
      await db.close();
    }
  });

  it('runs show prints – for it, not 0 ms', async () => {
    const r = await cli('runs', 'show', 'latest');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/duration\s+– \(started –, completed \d{4}-/);
    expect(r.stdout).not.toContain('0 ms');
  });

  it('runs list prints – in its duration column, and the measured run its duration', async () => {
    const r = await cli('runs', 'list');
    expect(r.code).toBe(0);
    const untimed = r.stdout.split('\n').find((line) => line.includes('untimed'))!;
    expect(untimed).not.toContain('0 ms');
    expect(untimed).toMatch(/│ – +│ \d{4}-/);
    expect(r.stdout.split('\n').find((line) => line.includes(' timed'))).toContain('12.5 s');
  });

  it('runs compare prints – for its duration and its change, in the table and in Markdown', async () => {
    const table = await cli('runs', 'compare', 'latest~1', 'latest');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ duration +│ 12\.5 s +│ – +│ – +│ – +│/);
    const markdown = await cli('runs', 'compare', 'latest~1', 'latest', '--format', 'markdown');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| duration | 12.5 s | – | – | – |');
  });

  it('runs compare --json gives null, not 0, for the duration it does not know; runs show --json too, with no startedAt', async () => {
    const compared = JSON.parse((await cli('runs', 'compare', 'latest~1', 'latest', '--json')).stdout);
    expect(compared.summary.durationSeconds).toEqual({ a: 12.5, b: null, absolute: null, relative: null });
    const shown = JSON.parse((await cli('runs', 'show', unknownId, '--json')).stdout);
    const run = shown.run ?? shown;
    expect(run.startedAt).toBeNull();
    expect(run.durationSeconds).toBeNull(); // see unknown-durations-json.test.ts
  });
});
