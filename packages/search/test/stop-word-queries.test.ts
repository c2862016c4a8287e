import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

const NOW = new Date('2026-11-27T15:00:00Z');

// `runs search eval` (also "evals", "experiment", "results", or "a" followed by a NUL) said "all runs" without a word,
// although only some runs are named "… eval …": the filler words were dropped silently. A filler word that stored runs
// have (in their text, or as a tag) is now searched when the query asks for nothing else; one they lack is named as
// ignored, with a warning that every run matches.
describe.each(DATABASE_KINDS)('queries made only of filler words, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const runs = [
      { name: 'qa eval 1', tags: ['nightly'] },
      { name: 'qa eval 2', tags: [] },
      { name: 'summaries baseline', tags: ['experiment'] },
      { name: 'gsm8k sweep', tags: [] },
    ];
    for (const [n, r] of runs.entries()) {
      await db.runs.importRun(
        { name: r.name, tags: r.tags, status: n === 1 ? 'failed' : 'completed', createdAt: new Date(NOW.getTime() - (n + 1) * 3_600_000) },
        [{ itemId: 'i', status: 'completed', actualOutput: 'x' }],
      );
    }
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const search = async (query: string) => {
    const result = await engine.searchRuns({ query, now: NOW });
    return { names: result.runs.map((r) => r.name).sort(), explanation: result.explanation, warnings: result.warnings };
  };
  const ALL = ['gsm8k sweep', 'qa eval 1', 'qa eval 2', 'summaries baseline'];

  it('searches a filler word stored runs have in their text, and says so', async () => {
    expect(await search('eval')).toEqual({
      names: ['qa eval 1', 'qa eval 2'],
      explanation: 'text contains "eval"',
      warnings: ['searching for "eval" as text: the query asks for nothing else, and stored runs have it in their name, description or dataset'],
    });
    expect((await search('show me the eval runs')).names).toEqual(['qa eval 1', 'qa eval 2']);
  });

  it('reads a filler word that is a stored tag as that tag', async () => {
    expect(await search('experiment')).toEqual({
      names: ['summaries baseline'],
      explanation: 'tag is experiment',
      warnings: ['"experiment" read as the tag "experiment": the query asks for nothing else, and stored runs have that tag'],
    });
  });

  it.each<[string, string]>([
    ['evals', 'ignored "evals": a word too common to search by, which leaves no condition, so every run matches (quote a word to search for it as text)'],
    ['results', 'ignored "results": a word too common to search by, which leaves no condition, so every run matches (quote a word to search for it as text)'],
    ['show me all runs', 'ignored "show", "me", "all", "runs": words too common to search by, which leave no condition, so every run matches (quote a word to search for it as text)'],
  ])('names the filler words of %s that left no condition', async (query, warning) => {
    expect(await search(query)).toEqual({ names: ALL, explanation: 'all runs', warnings: [warning] });
  });

  it('says a NUL or another control character in a query was ignored', async () => {
    const found = await search('a\u0000');
    expect(found.names).toEqual(ALL);
    expect(found.warnings).toEqual(['ignored a control character (U+0000) at character 2']);
    expect((await search('failed\u0007 runs')).warnings).toEqual(['ignored a control character (U+0007) at character 7']);
  });

  it('keeps dropping filler words beside a condition', async () => {
    expect(await search('failed eval runs')).toEqual({ names: ['qa eval 2'], explanation: 'status is failed', warnings: [] });
    expect(await search('latest 2 runs')).toMatchObject({ explanation: 'all runs · sorted by created, newest first · limit 2', warnings: [] });
  });
});
