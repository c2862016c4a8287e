import { ItemsRejectedError, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A database refusing one row in its own way (a trigger a DBA added, raising an exception): only that item is left
// out, with a typed error naming it; the other items of the batch are stored and counted. One bad item never costs
// another.
describe.each(DATABASE_KINDS)('an item a trigger refuses on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  beforeAll(async () => {
    const { dataSource } = handle.db;
    if (kind === 'postgres') {
      await dataSource.query(`CREATE FUNCTION refuse_forbidden_item() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.item_id = 'forbidden' THEN RAISE EXCEPTION 'items named forbidden are not allowed here'; END IF;
          RETURN NEW;
        END $$`);
      await dataSource.query(`CREATE TRIGGER refuse_forbidden BEFORE INSERT ON evaluation_items FOR EACH ROW EXECUTE FUNCTION refuse_forbidden_item()`);
    } else {
      await dataSource.query(`CREATE TRIGGER refuse_forbidden BEFORE INSERT ON evaluation_items WHEN NEW.item_id = 'forbidden'
        BEGIN SELECT RAISE(ABORT, 'items named forbidden are not allowed here'); END`);
    }
  });

  it('stores every other item of the batch and reports the refused one by name', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'trigger', status: 'running' });
    const items: ItemInput[] = Array.from({ length: 120 }, (_, i) => ({ itemId: i === 57 ? 'forbidden' : `i${i}`, scores: { m: i % 2 } }));
    const refusal = await runs.addItems(run.id, items).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ItemsRejectedError);
    const rejected = refusal as ItemsRejectedError;
    expect(rejected.stored).toBe(119);
    expect(rejected.rejected.map((r) => [r.index, r.itemId])).toEqual([[57, 'forbidden']]);
    expect((await runs.listItems(run.id, { limit: 1 })).total).toBe(119);
    expect((await runs.requireRun(run.id)).totalItems).toBe(119);
  });
});
