import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunSearchEngine } from '../src';

// Storage keeps NUL, lone surrogates and U+FDD0 as U+FDD0 followed by four hex digits (NUL is "\uFDD0" + "0000"). Item
// text was matched in that stored form, so `contains '0000'` found an output holding a NUL and no "0000", and
// `contains 'fdd0'` found one holding a NUL: the search matched the escape, not what was stored. Text is now matched
// as it was given: only a match that starts where a character starts counts.
const ESC = '\uFDD0';

describe.each(DATABASE_KINDS)('item text search never matches the stored escapes, on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;
  let runId: string;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
    const run = await db.runs.importRun({ name: 'escapes', status: 'completed' }, [
      { itemId: 'nul', actualOutput: 'a\u0000b', expectedOutput: 'x\u0000\u0000y', errorMessage: 'e\u0000', input: { q: 'in\u0000put' }, scores: {} },
      { itemId: 'lone', actualOutput: 'half \uD83D here', scores: {} },
      { itemId: 'zeros', actualOutput: 'count 0000 and 0a', scores: {} },
      { itemId: 'esc', actualOutput: `mark ${ESC}0000 end`, scores: {} },
      { itemId: 'after', actualOutput: '\u00000000', scores: {} },
      { itemId: 'punct', actualOutput: '\u00000*[?.(+)%_\\ 0]{1}$^|', scores: {} },
    ]);
    runId = run.id;
    await db.runs.importRun({ name: 'a\u0000b', status: 'completed' }, []);
    await db.runs.importRun({ name: 'plain 0000', status: 'completed' }, []);
  });
  afterAll(() => db?.close());

  const ids = async (query: string) => (await engine.searchItems(runId, query)).items.map((i) => i.itemId).sort();

  it.each<[string, string[]]>([
    // The escape's digits are not text the user wrote.
    ["contains '0000'", ['after', 'esc', 'zeros']],
    ["contains '000'", ['after', 'esc', 'zeros']],
    ["contains '0'", ['after', 'esc', 'punct', 'zeros']],
    ["contains 'fdd0'", []],
    ["contains 'D83D'", []],
    ["contains '0b'", []],
    ["contains '0a'", ['zeros']],
    ["expected contains '00'", []],
    ["error contains '0'", []],
    ["text contains '0000'", ['after', 'esc', 'zeros']],
    ["input contains '0000'", []],
    ["input contains '0p'", []],
    ["output does not contain '0000'", ['lone', 'nul', 'punct']],
    // Pattern characters stay literal in the check of a column that holds an escape.
    ["contains '0*[?.(+)%_\\ 0]{1}$^|'", ['punct']],
    ["contains '0]{1}'", ['punct']],
    ["contains '00*['", []],
    ["contains '0.'", []],
    // What was stored is still found: NUL and the lone surrogate themselves, and the escape character as text.
    ["contains 'a\u0000b'", ['nul']],
    ["contains '\u0000'", ['after', 'nul', 'punct']],
    ["contains '\u00000000'", ['after']],
    ["contains '\u0000000'", ['after']],
    ["expected contains '\u0000\u0000'", ['nul']],
    ["input contains 'in\u0000put'", ['nul']],
    ["contains '\uD83D h'", ['lone']],
    [`contains '${ESC}0000'`, ['esc']],
    [`contains '${ESC}'`, ['esc']],
    [`contains 'k ${ESC}00'`, ['esc']],
  ])('%j finds %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('a run name search does not match the escape either', async () => {
    const names = async (query: string) => (await engine.searchRuns({ query })).runs.map((r) => r.name).sort();
    expect(await names('name:"0000"')).toEqual(['plain 0000']);
    expect(await names('name:"a\u0000b"')).toEqual(['a\u0000b']);
  });

  it('nor does a free-text run search (storage\'s runTextCondition: FTS5, trigram index or LIKE)', async () => {
    const names = async (query: string) => (await engine.searchRuns({ query })).runs.map((r) => r.name).sort();
    expect(await names('"0000"')).toEqual(['plain 0000']);
    expect(await names('"fdd0"')).toEqual([]);
    expect(await names('"0b"')).toEqual([]);
    expect(await names('"a\u0000b"')).toEqual(['a\u0000b']);
  });
});
