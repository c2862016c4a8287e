import type { Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// Storage keeps NUL, lone surrogates and U+FDD0 as U+FDD0 followed by four hex digits (NUL is "\uFDD0" + "0000").
// listRuns' text (the API's `q`: FTS5 on SQLite, the trigram index on PostgreSQL, LIKE for short texts) and listItems'
// text matched that stored form, so "0000" found a run named "a\u0000b" and "fdd0" any text holding a NUL. A search
// matches what was stored, as it was given: never from inside an escape.
const ESC = '\uFDD0';

describe.each(DATABASE_KINDS)('text search never matches inside the stored escapes, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  let runId: string;

  beforeAll(async () => {
    db = testDb.db;
    await db.runs.createRun({ name: 'a\u0000b' });
    await db.runs.createRun({ name: 'plain 0000' });
    await db.runs.createRun({ name: 'marked', description: `mark ${ESC}0000 end` });
    await db.runs.createRun({ name: 'after', datasetName: '\u00000000' });
    await db.runs.createRun({ name: 'half \uD83D here' });
    await db.runs.createRun({ name: 'both \u0000 and 0000' });
    const run = await db.runs.importRun({ name: 'items', status: 'completed' }, [
      { itemId: 'nul', actualOutput: 'a\u0000b', expectedOutput: 'x\u0000\u0000y', errorMessage: 'e\u0000', scores: {} },
      { itemId: 'lone', actualOutput: 'half \uD83D here', scores: {} },
      { itemId: 'zeros', actualOutput: 'count 0000 and 0a', scores: {} },
      { itemId: 'esc', actualOutput: `mark ${ESC}0000 end`, scores: {} },
      { itemId: 'after', expectedOutput: '\u00000000', scores: {} },
      { itemId: 'id\u00000', scores: {} },
    ]);
    runId = run.id;
  });

  const runNames = async (text: string) => {
    const page = await db.runs.listRuns({ text, limit: 100 });
    const names = page.runs.map((r) => r.name).filter((n) => n !== 'items').sort();
    expect(page.total).toBe(page.runs.length);
    return names;
  };

  it.each<[string, string[]]>([
    // One- and two-character texts (a scan), three and more (FTS5 on SQLite), all of them the trigram index on PostgreSQL.
    ['0000', ['after', 'both \u0000 and 0000', 'marked', 'plain 0000']],
    ['000', ['after', 'both \u0000 and 0000', 'marked', 'plain 0000']],
    ['00', ['after', 'both \u0000 and 0000', 'marked', 'plain 0000']],
    ['0', ['after', 'both \u0000 and 0000', 'marked', 'plain 0000']],
    ['fdd0', []],
    ['FDD', []],
    ['d83d', []],
    ['0b', []],
    ['00b', []],
    // What was stored is still found: NUL and the lone surrogate themselves, and the escape character as text.
    ['a\u0000b', ['a\u0000b']],
    ['\u0000', ['a\u0000b', 'after', 'both \u0000 and 0000']],
    ['\u00000000', ['after']],
    ['\uD83D h', ['half \uD83D here']],
    [`${ESC}0000`, ['marked']],
    [ESC, ['marked']],
  ])('listRuns text %j finds %j', async (text, expected) => {
    expect(await runNames(text)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['0000', ['after', 'esc', 'zeros']],
    ['000', ['after', 'esc', 'zeros']],
    ['0', ['after', 'esc', 'id\u00000', 'zeros']],
    ['fdd0', []],
    ['d83d', []],
    ['0b', []],
    ['0y', []],
    ['0a', ['zeros']],
    ['a\u0000b', ['nul']],
    ['\u0000', ['after', 'id\u00000', 'nul']],
    ['d\u00000', ['id\u00000']],
    ['\u00000000', ['after']],
    ['\uD83D h', ['lone']],
    [`${ESC}0000`, ['esc']],
  ])('listItems text %j finds %j', async (text, expected) => {
    const page = await db.runs.listItems(runId, { text, limit: 100 });
    expect(page.items.map((i) => i.itemId).sort()).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });
});
