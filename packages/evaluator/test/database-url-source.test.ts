import { Evaluator, migrateFromEvaluationResult } from '../src';

// A program that takes the database URL from its user (the CLI's --database-url) says so through databaseUrlSource,
// and a malformed URL's message names that, not the library's "the url option"; the password never shows.
const BAD_URL = 'postgresql://eval:SECRETPW@db.example:port/evals';

describe('databaseUrlSource', () => {
  it('names the source of a malformed URL in the storage error of a run', async () => {
    const result = await new Evaluator({
      task: (x: string) => x,
      dataset: [{ id: 'a', input: 'x', expected: 'x' }],
      metrics: ['exact_match'],
      config: { databaseUrl: BAD_URL, databaseUrlSource: '--database-url' },
    }).run();
    expect(result.successRate).toBe(1);
    expect(result.storageError?.message).toContain('(from --database-url)');
    expect(result.storageError?.message).not.toContain('SECRETPW');
  });

  it('names the source of a malformed URL when importing an export', async () => {
    const result = await new Evaluator({ task: (x: string) => x, dataset: [{ id: 'a', input: 'x', expected: 'x' }], metrics: ['exact_match'], config: { storeRuns: false } }).run();
    const imported = migrateFromEvaluationResult(result, { databaseUrl: BAD_URL, databaseUrlSource: '--database-url' });
    await expect(imported).rejects.toThrow('(from --database-url)');
    await expect(imported).rejects.not.toThrow('SECRETPW');
  });
});
