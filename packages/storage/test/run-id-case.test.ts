import { randomUUID } from 'node:crypto';
import { ValidationError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// PostgreSQL's uuid column stores (and compares) ids in one case; SQLite stored a given id as spelled, so a run
// created with an upper-case id was unreachable by every lookup (which lower-cases references), and another run whose
// id was the same in lower case could exist beside it. Storage now keeps run ids in lower case on both databases.
describe.each(DATABASE_KINDS)('run ids given in upper case on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('stores createRun, createRunId and importRun ids in lower case, found by either spelling', async () => {
    const { db } = testDb;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const created = await db.runs.createRun({ id: ids[0]!.toUpperCase(), name: 'upper created' });
    const createdId = await db.runs.createRunId({ id: ids[1]!.toUpperCase(), name: 'upper created id' });
    const imported = await db.runs.importRun({ id: ids[2]!.toUpperCase(), name: 'upper imported', status: 'completed' }, [{ itemId: 'a' }]);
    expect([created.id, createdId, imported.id]).toEqual(ids);
    for (const id of ids) {
      expect((await db.runs.getRun(id))?.id).toBe(id);
      expect((await db.runs.getRun(id.toUpperCase()))?.id).toBe(id);
    }
    const listed = (await db.runs.listRuns({ limit: 100 })).runs.map((r) => r.id);
    expect(listed).toEqual(expect.arrayContaining(ids));
    // Writes addressed by the upper-case spelling reach the same run.
    await db.runs.addItems(ids[0]!.toUpperCase(), [{ itemId: 'x' }]);
    expect((await db.runs.listItems(ids[0]!)).total).toBe(1);
    expect((await db.runs.listItems(ids[0]!.toUpperCase())).total).toBe(1);
    expect((await db.runs.updateRun(ids[0]!.toUpperCase(), { description: 'changed' })).id).toBe(ids[0]);
    expect(await db.runs.heartbeat(ids[0]!.toUpperCase())).toBe('running');
    expect(await db.runs.cancelRun(ids[0]!.toUpperCase(), 'stop')).toBe(true);
    await db.runs.deleteRun(ids[1]!.toUpperCase());
    expect(await db.runs.getRun(ids[1]!)).toBeNull();
    expect(await db.runs.deleteRuns([ids[2]!.toUpperCase()])).toBe(1);
    expect(await db.runs.getRun(ids[2]!)).toBeNull();
  });

  it('refuses an upper-case id equal to an existing run id as a duplicate', async () => {
    const { db } = testDb;
    const id = randomUUID();
    await db.runs.createRun({ id, name: 'lower' });
    const again = await db.runs.createRun({ id: id.toUpperCase(), name: 'upper twin' }).catch((e: Error) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect((again as Error).message).toBe(`A run with id ${id} already exists.`);
    await expect(db.runs.importRun({ id: id.toUpperCase(), name: 'upper import twin' }, [])).rejects.toThrow(`A run with id ${id} already exists.`);
    expect((await db.runs.listRuns({ limit: 100 })).runs.filter((r) => r.id === id || r.id === id.toUpperCase())).toHaveLength(1);
  });
});
