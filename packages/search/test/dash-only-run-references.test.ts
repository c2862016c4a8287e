import { initializeDatabase, type Database } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { RunReferenceError, RunSearchEngine } from '../src';

// An id prefix is made of hex digits; dashes are only the id's separators. A reference of dashes alone (or with fewer
// than 4 hex digits) used to become an empty prefix after the dashes were removed, and an empty prefix matches every
// run: `----` resolved to (and deleted) whichever run was alone in scope, and a run named `----` was "ambiguous".
describe.each(DATABASE_KINDS)('run references without 4 hex digits on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  let db: Database;
  let engine: RunSearchEngine;

  beforeAll(async () => {
    db = await initializeDatabase({ url: database.url });
    engine = new RunSearchEngine(db);
  });
  afterAll(async () => db.close());

  it('does not read dashes alone as an id prefix that matches every run', async () => {
    await db.runs.createRun({ name: 'the-only-run', projectId: 'solo' });
    for (const ref of ['----', '--------', '-a-b-c-', 'abc-']) {
      await expect(engine.resolveRun(ref, { projectIds: ['solo'] })).rejects.toThrow(RunReferenceError);
      await expect(engine.resolveRun(ref, { projectIds: ['solo'] })).rejects.toThrow(`No run is named "${ref}"`);
    }
  });

  it('finds a run named with dashes by its name', async () => {
    const dashes = await db.runs.createRun({ name: '----', projectId: 'named' });
    await db.runs.createRun({ name: 'other', projectId: 'named' });
    expect(await engine.resolveRun('----', { projectIds: ['named'] })).toBe(dashes.id);
  });

  it('still reads 4 hex digits with dashes as an id prefix', async () => {
    const run = await db.runs.createRun({ name: 'prefixed', projectId: 'hex' });
    const hex = run.id.replace(/-/g, '');
    expect(await engine.resolveRun(`${hex.slice(0, 2)}-${hex.slice(2, 4)}`, { projectIds: ['hex'] })).toBe(run.id);
    expect(await engine.resolveRun(run.id.slice(0, 13).toUpperCase(), { projectIds: ['hex'] })).toBe(run.id);
  });
});
