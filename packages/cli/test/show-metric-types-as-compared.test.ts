import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs show` called contains (true/false) boolean but exact_match (1.0/0.0) numeric, while runs compare (and the
// server's /compare) test both as pass/fail metrics: declared boolean, or every score 0 or 1. The type column now
// follows that rule, so a metric shown boolean is the one compare gives McNemar's test.
const SCORES: Array<Record<string, number | boolean>> = [
  { contains: true, exact_match: 1, fuzzy: 0.5, all_ones: 1, 'say "hi"': 0, almost: 0, ranged: 0 },
  { contains: false, exact_match: 0, fuzzy: 1, all_ones: 1, 'say "hi"': 1, almost: 1, ranged: 2 },
  { contains: true, exact_match: 0, fuzzy: 0, all_ones: 1, 'say "hi"': 1, almost: 0.999, ranged: 1 },
  { contains: false, exact_match: 1, fuzzy: 0.25, all_ones: 1, 'say "hi"': 0, almost: 1, ranged: 0 },
];
const EXPECTED: Record<string, string> = {
  contains: 'boolean',
  exact_match: 'boolean',
  fuzzy: 'numeric',
  all_ones: 'boolean',
  // A name no score filter can name (it holds a double quote) is judged on its scores all the same.
  'say "hi"': 'boolean',
  almost: 'numeric',
  ranged: 'numeric',
};

/** Each metric's type as the `runs show` table prints it. */
function shownTypes(stdout: string): Record<string, string> {
  const types: Record<string, string> = {};
  for (const name of Object.keys(EXPECTED)) {
    const row = stdout.split('\n').find((line) => line.startsWith(`│ ${name} `));
    const cells = row?.split('│').map((cell) => cell.trim());
    if (cells) types[name] = cells[2]!;
  }
  return types;
}

describe.each(DATABASE_KINDS)('runs show metric types agree with runs compare, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const ids: string[] = [];
  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const [n, name] of ['before', 'after'].entries()) {
        const items = SCORES.map((scores, i) => ({ itemId: `q${i}`, scores }));
        const run = await db.runs.importRun({ name, status: 'completed', metricsUsed: Object.keys(EXPECTED), createdAt: new Date(Date.UTC(2026, 0, n + 1)) }, items);
        ids.push(run.id);
      }
    } finally {
      await db.close();
    }
  });

  it('shows boolean exactly for the metrics compare tests as pass/fail', async () => {
    const shown = await runCli(['runs', 'show', 'after', '--database-url', database.url]);
    expect(shown.code).toBe(0);
    expect(shownTypes(shown.stdout)).toEqual(EXPECTED);
    const compared = await runCli(['runs', 'compare', 'before', 'after', '--json', '--database-url', database.url]);
    expect(compared.code).toBe(0);
    const kinds = Object.fromEntries((JSON.parse(compared.stdout).metrics as Array<{ metric: string; kind: string }>).map((m) => [m.metric, m.kind]));
    expect(kinds).toEqual(EXPECTED);
  });
});
