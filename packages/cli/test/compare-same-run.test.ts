import { initializeDatabase } from '@llm-eval/storage';
import { useEmptyDatabase } from '@llm-eval/test-databases';
import { runCli } from './cli-process';

// `runs compare latest latest` was exit 1, the code of a failure (a run not found, a regression), though nothing about
// the stored runs was wrong: the command line named one run twice. It is a usage error (exit 2), however the two
// references are spelled, and so is a comparison option that makes no sense.
describe('runs compare given the same run twice', () => {
  const database = useEmptyDatabase('sqlite');
  const cli = (args: string[]) => runCli([...args, '--database-url', database.url]);
  let id = '';

  beforeAll(async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const name of ['first', 'second']) {
        id = (await db.runs.importRun({ name, status: 'completed', metricsUsed: ['exact_match'] }, [{ itemId: 'a', scores: { exact_match: 1 } }])).id;
      }
    } finally {
      await db.close();
    }
  });

  it.each([
    ['latest twice', () => ['latest', 'latest']],
    ['the same id twice', () => [id, id]],
    ['an id and its prefix', () => [id, id.slice(0, 8)]],
    ['latest and its id', () => ['latest', id]],
    ['a name and latest', () => ['second', 'latest']],
  ])('%s: exit 2, one line, nothing on stdout', async (_what, refs) => {
    for (const json of [[], ['--json']]) {
      const r = await cli(['runs', 'compare', ...refs(), ...json]);
      expect(r.stderr).toBe('llm-eval: Compare two different runs (both references name the same run).\n');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    }
  });

  it('an empty --metric is exit 2 too', async () => {
    const r = await cli(['runs', 'compare', 'latest~1', 'latest', '--metric', '']);
    expect(r.stderr).toBe('llm-eval: Comparison option "metrics" must be an array of non-empty metric names, got "".\n');
    expect(r.code).toBe(2);
  });

  it('two different runs still compare (exit 0), and a run that does not exist is still a failure (exit 1)', async () => {
    expect((await cli(['runs', 'compare', 'latest~1', 'latest', '--json'])).code).toBe(0);
    const missing = await cli(['runs', 'compare', 'latest', 'nosuchrun']);
    expect(missing.stderr).toContain('No run is named "nosuchrun"');
    expect(missing.code).toBe(1);
  });
});
