import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Storage never writes a NUL escape into a JSON column (it keeps NUL as U+FDD0 + "0000"), but another tool writing the
// table may: PostgreSQL's json type takes the text `"\u0000"`, which jsonb refuses. The input search casts the column
// to jsonb, so one such row made every "input contains" search of the run fail ("unsupported Unicode escape
// sequence"). The row is now searched with the NUL read as storage would have stored it.
describe.each(DATABASE_KINDS)('an item input holding a JSON NUL escape written by another tool, on %s', (kind) => {
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
    ]);
    runId = run.id;
    const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
    const write = (itemId: string, json: string) =>
      db.dataSource.query(`UPDATE "evaluation_items" SET "input" = ${p(1)} WHERE "item_id" = ${p(2)}`, [json, itemId]);
    // A NUL escape, two in a row, and one after an escaped backslash (that one is a backslash and the text "u0000").
    await write('raw', String.raw`{"q": "in\u0000put", "r": "hello \u0000\u0000 world", "n": 7}`);
    await write('slash', String.raw`{"q": "back\\u0000slash"}`);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it.each<[string, string[]]>([
    ["input contains 'hello'", ['plain', 'raw']],
    ["input contains 'put'", ['raw']],
    ["input contains '7'", ['raw']],
    ["input contains 'in\u0000put'", ['raw']],
    ["input contains '\u0000\u0000 w'", ['raw']],
    ["input contains '0000'", ['slash']], // the backslash's text only, not the NUL's escape
    ["input contains 'back\\u0000slash'", ['slash']],
    ["input does not contain 'hello'", ['slash']],
  ])('%j finds %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });
});
