import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Storage never writes a NUL or lone surrogate escape into a JSON column (it keeps them as U+FDD0 and four hex digits),
// but another tool writing the table may (Python's json.dumps writes lone surrogates so): PostgreSQL's json type takes
// the text `"\u0000"` and `"\ud800"`, which jsonb refuses. The input search casts the column to jsonb, so one such row
// made every "input contains" search of the run fail ("unsupported Unicode escape sequence"); SQLite cut the text at
// the NUL. The row is now searched with the characters read as storage would have stored them.
describe.each(DATABASE_KINDS)('an item input holding JSON escapes storage never writes, written by another tool, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const run = await db.runs.importRun({ name: 'foreign', status: 'completed' }, [
      { itemId: 'raw', input: { q: 'placeholder' }, scores: {} },
      { itemId: 'slash', input: { q: 'placeholder' }, scores: {} },
      { itemId: 'plain', input: { q: 'hello there' }, scores: {} },
      { itemId: 'lone', input: { q: 'placeholder' }, scores: {} },
      { itemId: 'number', input: { n: 12, big: 10000000000000000, r: 1.5 }, scores: {} },
    ]);
    runId = run.id;
    const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
    const write = (itemId: string, json: string) =>
      db.dataSource.query(`UPDATE "evaluation_items" SET "input" = ${p(1)} WHERE "item_id" = ${p(2)}`, [json, itemId]);
    // A NUL escape, two in a row, and one after an escaped backslash (that one is a backslash and the text "u0000").
    await write('raw', String.raw`{"q": "in\u0000put", "r": "hello \u0000\u0000 world", "n": 7}`);
    await write('slash', String.raw`{"q": "back\\u0000slash"}`);
    // A lone high half, a pair, a lone low half, and a high half before another high half (the second one is paired).
    await write('lone', String.raw`{"q": "lone\ud800x", "r": "pair \ud83d\ude00 ok", "s": "low \uDC00 end", "t": "\ud800\ud83d\ude00!"}`);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it.each<[string, string[]]>([
    ["input contains 'hello'", ['plain', 'raw']],
    ["input contains 'lone\uD800x'", ['lone']],
    ["input contains 'pair \u{1F600} ok'", ['lone']],
    ["input contains 'low \uDC00 end'", ['lone']],
    ["input contains '\uD800\u{1F600}!'", ['lone']],
    ["input contains 'd800'", []],
    ["input contains 'x'", ['lone']],
    // Numbers are found by their own digits on both databases: SQLite read the integer 12 as "12.0".
    ["input contains '12'", ['number']],
    ["input contains '12.0'", []],
    ["input contains '.0'", []],
    ["input contains '10000000000000000'", ['number']],
    ["input contains '1.5'", ['number']],
    ["input contains 'put'", ['raw']],
    ["input contains '7'", ['raw']],
    ["input contains 'in\u0000put'", ['raw']],
    ["input contains '\u0000\u0000 w'", ['raw']],
    ["input contains '0000'", ['number', 'slash']], // a number's digits and the backslash's text, not the NUL's escape
    ["input contains 'back\\u0000slash'", ['slash']],
    ["input does not contain 'hello'", ['lone', 'number', 'slash']],
  ])('%j finds %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });
});
