import type { Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// SQLite's built-in lower() folds ASCII only while the text searched for is lower-cased in JavaScript: a two-letter
// search ("ΣΟ"), which the FTS5 trigram index cannot serve, and item text ("ÜBER") missed non-ASCII capitals even
// when typed exactly. PostgreSQL found them.
describe.each(DATABASE_KINDS)('case-insensitive text search beyond ASCII, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  let runId: string;

  beforeAll(async () => {
    db = testDb.db;
    const run = await db.runs.importRun({ name: 'ÜBER Test', projectId: 'p', status: 'completed', createdAt: new Date('2026-11-20T12:00:00Z') }, [
      { itemId: 'a', status: 'completed', actualOutput: 'Das ist ÜBER gut' },
      { itemId: 'b', status: 'completed', actualOutput: 'nothing here' },
    ]);
    runId = run.id;
    await db.runs.importRun({ name: 'ΣΟ run', projectId: 'p', status: 'completed', createdAt: new Date('2026-11-21T12:00:00Z') }, []);
    await db.runs.importRun({ name: 'plain', projectId: 'p', status: 'completed', createdAt: new Date('2026-11-22T12:00:00Z') }, []);
    await db.runs.importRun({ name: 'İstanbul trip', projectId: 'p', status: 'completed', createdAt: new Date('2026-11-23T12:00:00Z') }, [
      { itemId: 'c', status: 'completed', actualOutput: 'İstanbul' },
    ]);
  });

  // On PostgreSQL the run's text was lower-cased by the database's lower() and the searched text by JavaScript's,
  // which differ for "İ" (JavaScript makes it "i" and a combining dot): "İSTANBUL" found the item, not the run.
  it.each(['İSTANBUL', 'İstanbul'])('finds the run and its item alike for %s', async (text) => {
    expect((await db.runs.listRuns({ text })).runs.map((r) => r.name)).toEqual(['İstanbul trip']);
    const [run] = (await db.runs.listRuns({ text })).runs;
    expect((await db.runs.listItems(run!.id, { text })).items.map((i) => i.itemId)).toEqual(['c']);
  });

  it.each([
    ['ΣΟ', ['ΣΟ run']],
    ['σο', ['ΣΟ run']],
    ['Üb', ['ÜBER Test']],
    ['üb', ['ÜBER Test']],
    ['ÜBER', ['ÜBER Test']],
  ])('runs whose text contains %s', async (text, names) => {
    expect((await db.runs.listRuns({ text })).runs.map((r) => r.name)).toEqual(names);
  });

  it.each(['ÜBER', 'über', 'ÜB'])('items whose text contains %s', async (text) => {
    expect((await db.runs.listItems(runId, { text })).items.map((i) => i.itemId)).toEqual(['a']);
  });
});
