import { InvalidCursorError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

/** A cursor as encodeCursor writes it, with whatever position an editor put in it. */
const forged = (order: string, value: unknown, id: unknown, total: unknown = null) =>
  Buffer.from(JSON.stringify([order, value, id, total]), 'utf8').toString('base64url');

describe.each(DATABASE_KINDS)('edited item cursors on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  let runId: string;
  beforeAll(async () => {
    runId = (await t.db.runs.createRun({ name: 'paged', metricsUsed: ['m'] })).id;
    await t.db.runs.addItems(runId, Array.from({ length: 7 }, (_, i) => ({ itemId: `i${i}`, scores: { m: i / 7 }, responseTime: i / 10 })));
  });

  it.each([
    ['a fractional sequence number', 'items:sequenceNumber:asc', 1.5, 1],
    ['a sequence number past a 32-bit integer', 'items:sequenceNumber:asc', 2 ** 31, 1],
    ['a missing sequence number', 'items:sequenceNumber:asc', null, 1],
    ['a row id past a 32-bit integer', 'items:sequenceNumber:asc', 1, 2 ** 40],
    ['a fractional row id', 'items:responseTime:desc', 0.3, 2.5],
    ['a negative row id', 'items:responseTime:desc', 0.3, -1],
  ])('refuses %s as an InvalidCursorError, not a database error', async (_, order, value, id) => {
    await expect(t.db.runs.listItems(runId, { limit: 2, sort: order.split(':')[1] as 'sequenceNumber', direction: order.split(':')[2] as 'asc', cursor: forged(order, value, id) })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('still pages with the cursors it gives, and with a hand-made one that is whole and in range', async () => {
    const first = await t.db.runs.listItems(runId, { limit: 3 });
    const second = await t.db.runs.listItems(runId, { limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.itemId)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
    const byHand = await t.db.runs.listItems(runId, { limit: 3, cursor: forged('items:sequenceNumber:asc', 4, 2_147_483_647) });
    expect(byHand.items.map((i) => i.itemId)).toEqual(['i5', 'i6']);
    const slowest = await t.db.runs.listItems(runId, { sort: 'responseTime', limit: 2 });
    const next = await t.db.runs.listItems(runId, { sort: 'responseTime', limit: 2, cursor: slowest.nextCursor! });
    expect([...slowest.items, ...next.items].map((i) => i.itemId)).toEqual(['i6', 'i5', 'i4', 'i3']);
  });
});
