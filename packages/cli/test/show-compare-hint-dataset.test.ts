import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { runCli } from './cli-process';

// `runs show` suggests a baseline to compare with: the run before it. It took the run before it whatever its dataset,
// so a run on one dataset was offered a comparison with another dataset's run, which shares no items.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-show-hint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = `sqlite:///${path.join(dir, 'runs.db')}`;

async function seed(runs: Array<{ name: string; day: number; datasetName?: string }>): Promise<Record<string, string>> {
  const db = await initializeDatabase({ url });
  try {
    const ids: Record<string, string> = {};
    for (const { name, day, datasetName } of runs) {
      const run = await db.runs.importRun(
        { name, status: 'completed', metricsUsed: ['exact_match'], createdAt: new Date(Date.UTC(2026, 0, day)), ...(datasetName ? { datasetName } : {}) },
        [{ itemId: 'a', scores: { exact_match: 1 } }],
      );
      ids[name] = run.id;
    }
    return ids;
  } finally {
    await db.close();
  }
}

describe('runs show: the run before it, as a baseline', () => {
  it('is the run before it on the same dataset, and none when no earlier run has that dataset', async () => {
    const ids = await seed([
      { name: 'qa-first', day: 1, datasetName: 'qa' },
      { name: 'other-second', day: 2, datasetName: 'other' },
      { name: 'qa-third', day: 3, datasetName: 'qa' },
    ]);
    const third = await runCli(['runs', 'show', ids['qa-third']!, '--database-url', url]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`Compare with the run before it: llm-eval runs compare ${ids['qa-first']!.slice(0, 8)} ${ids['qa-third']!.slice(0, 8)}`);
    const other = await runCli(['runs', 'show', ids['other-second']!, '--database-url', url]);
    expect(other.code).toBe(0);
    expect(other.stdout).not.toMatch(/runs compare/);
  });
});
