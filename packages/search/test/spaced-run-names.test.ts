import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunReferenceError, RunSearchEngine } from '../src';

// A run may be named with spaces around its name (`evaluate --name ' sp '`). The reference used to be trimmed before
// the name was looked up, so ' sp ' named (and `runs delete ' sp '` deleted) the run called 'sp', and a spaced name
// could not be reached at all: the exact name comes first, and a trimmed reference still finds a spaced name alone.
describe.each(DATABASE_KINDS)('run names with surrounding spaces on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(async () => db.close());

  it('resolves the exact spaced name, not the trimmed one, when both exist', async () => {
    const spaced = await db.runs.createRun({ name: ' sp ', projectId: 'both' });
    const plain = await db.runs.createRun({ name: 'sp', projectId: 'both' });
    expect(await engine.resolveRun(' sp ', { projectIds: ['both'] })).toBe(spaced.id);
    expect(await engine.resolveRun('sp', { projectIds: ['both'] })).toBe(plain.id);
    expect(await engine.resolveRun(' SP ', { projectIds: ['both'] })).toBe(spaced.id);
  });

  it('finds a spaced name by the name without its spaces when it is the only one', async () => {
    const spaced = await db.runs.createRun({ name: '  nightly eval\t', projectId: 'alone' });
    expect(await engine.resolveRun('  nightly eval\t', { projectIds: ['alone'] })).toBe(spaced.id);
    expect(await engine.resolveRun('nightly eval', { projectIds: ['alone'] })).toBe(spaced.id);
    expect(await engine.resolveRun(' nightly eval ', { projectIds: ['alone'] })).toBe(spaced.id);
  });

  it('calls two spaced names that trim alike ambiguous, naming both', async () => {
    const a = await db.runs.createRun({ name: ' twin', projectId: 'twins' });
    const b = await db.runs.createRun({ name: 'twin ', projectId: 'twins' });
    await expect(engine.resolveRun('twin', { projectIds: ['twins'] })).rejects.toThrow(RunReferenceError);
    await expect(engine.resolveRun('twin', { projectIds: ['twins'] })).rejects.toThrow(new RegExp(`${a.id}.*${b.id}|${b.id}.*${a.id}`));
    expect(await engine.resolveRun(' twin', { projectIds: ['twins'] })).toBe(a.id);
  });

  it('prefers the exact name without the spaces to the spaced name in another case', async () => {
    const exact = await db.runs.createRun({ name: 'SP', projectId: 'cases' });
    const spaced = await db.runs.createRun({ name: ' sp ', projectId: 'cases' });
    expect(await engine.resolveRun(' SP ', { projectIds: ['cases'] })).toBe(exact.id);
    expect(await engine.resolveRun(' sp ', { projectIds: ['cases'] })).toBe(spaced.id);
  });

  it('trims whitespace only, never letters', async () => {
    await db.runs.createRun({ name: 'rev', projectId: 'letters' });
    await db.runs.createRun({ name: 'fab', projectId: 'letters' });
    for (const ref of ['re', 'ev', 'fa', 'ab']) await expect(engine.resolveRun(ref, { projectIds: ['letters'] })).rejects.toThrow(`No run is named "${ref}"`);
  });
});
