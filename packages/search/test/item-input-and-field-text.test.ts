import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// "input contains x" was refused (item inputs were not searchable), and "expected contains paris" or "id contains q1"
// searched all of an item's text with a warning, so "expected contains paris" also found items whose output said
// Paris. Each now searches its own field; the input by the strings and numbers in it, never its keys or JSON syntax.
describe.each(DATABASE_KINDS)('item queries on the input, the expected output and the id, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    const run = await db.runs.importRun({ name: 'inputs', status: 'completed' }, [
      { itemId: 'str', status: 'completed', input: 'What is the capital of France?', actualOutput: 'Paris', expectedOutput: 'Paris' },
      { itemId: 'obj', status: 'completed', input: { question: 'Capital of Italy?', hints: ['starts with R', { lang: 'zz9' }] }, actualOutput: 'Paris', expectedOutput: 'Rome' },
      { itemId: 'num', status: 'completed', input: { a: 12345, b: 0.5 }, actualOutput: '12345.5', expectedOutput: '12345.5' },
      { itemId: 'quote', status: 'completed', input: 'say "hi" \\ back\nslash', actualOutput: 'hi', expectedOutput: 'hi' },
      { itemId: 'nul', status: 'completed', input: { text: 'a\u0000b ✨ café' }, actualOutput: 'x', expectedOutput: 'x' },
      { itemId: 'none', status: 'failed', input: null, actualOutput: null, errorMessage: 'boom' },
      { itemId: 'bool', status: 'completed', input: [true, null, 'question'], actualOutput: 'y', expectedOutput: null },
    ]);
    runId = run.id;
    engine = new RunSearchEngine(db);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it.each<[string, string[]]>([
    ['input contains capital', ['obj', 'str']],
    ['input contains france', ['str']],
    // Values at any depth, inside arrays too.
    ['input contains "starts with r"', ['obj']],
    ['input contains zz9', ['obj']],
    // Keys are not values: "question" is a key of obj, and a value of bool.
    ['input contains question', ['bool']],
    ['input contains hints', []],
    ['input contains lang', []],
    // Numbers as written; JSON punctuation never matches.
    ['input contains 2345', ['num']],
    ['input contains "0.5"', ['num']],
    ['input contains "{"', []],
    ['input contains ":"', []],
    // Read unescaped: quotes, backslashes and newlines as they were given.
    ['input contains \'say "hi"\'', ['quote']],
    ['input contains "\\ back"', ['quote']],
    ['input contains true', []],
    ['input contains "✨ café"', ['nul']],
    ['input contains CAFÉ', ['nul']],
    // An item without an input does not contain the text, so the negation keeps it.
    ['input does not contain capital', ['bool', 'none', 'nul', 'num', 'quote']],
    ['failed items whose input does not contain capital', ['none']],
    // The expected output alone, not the output beside it.
    ['expected contains paris', ['str']],
    ['expected output does not contain paris', ['bool', 'none', 'nul', 'num', 'obj', 'quote']],
    ['id contains u', ['nul', 'num', 'quote']],
    ['id contains paris', []],
    ['text contains paris', ['obj', 'str']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('finds text with a NUL in it, as stored', async () => {
    expect(await ids('input contains "a\u0000b"')).toEqual(['nul']);
  });

  it('explains each field without a warning', async () => {
    const found = await engine.searchItems(runId, 'input contains capital and expected contains rome and id contains o');
    expect(found.explanation).toBe('input contains "capital" AND expected output contains "rome" AND id contains "o"');
    expect(found.warnings).toEqual([]);
    expect(found.items.map((i) => i.itemId)).toEqual(['obj']);
  });
});
