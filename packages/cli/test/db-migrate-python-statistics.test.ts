import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `db migrate` of a Python export whose metric_stats and success_rate disagree with its items stored the items'
// statistics without a word ("warnings": []), dropped a "median" key, and `runs export` wrote even agreeing values
// otherwise than the file did (0.9266666666666666 as 0.9266666666666667).
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-python-statistics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = path.join(__dirname, '..', '..', 'evaluator', 'test', 'fixtures', 'python-export-sample.json');

describe.each(DATABASE_KINDS)('db migrate then runs export of a Python export with its own statistics, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  it('warns of the statistics the items disagree with, and exports the file\'s own numbers where they agree and its extra keys', async () => {
    const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    data.run_name = 'edited-statistics';
    data.metric_stats.exact_match.mean = 0.9;
    data.metric_stats.exact_match.median = 0.5;
    data.success_rate = 0.9;
    const file = path.join(dir, `${kind}-python.json`);
    writeFileSync(file, JSON.stringify(data, null, 2));
    const migrated = await runCli(['db', 'migrate', file, '--json', '--database-url', database.url]);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout).imported[0].warnings).toEqual([
      'the export\'s statistics disagree with its items, and llm-eval stores (and exports) the statistics of the items: ' +
        '"success_rate" is 0.9 in the export, stored 0.8; metric_stats.exact_match.mean is 0.9 in the export, stored 0.5',
    ]);

    const out = path.join(dir, `${kind}-exported.json`);
    const exported = await runCli(['runs', 'export', 'latest', '-o', out, '--database-url', database.url]);
    expect(exported.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.success_rate).toBe(0.8);
    expect(json.metric_stats.exact_match).toEqual({ mean: 0.5, std: 0.5773502691896257, min: 0, max: 1, success_rate: 1, median: 0.5 });
    expect(json.metric_stats.answer_relevancy).toEqual({ mean: 0.9266666666666666, std: 0.04509249752822893, min: 0.88, max: 0.97, success_rate: 0.75 });
  });
});
