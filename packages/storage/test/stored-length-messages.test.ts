import { ItemsRejectedError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// An item id of "a" and 60 NULs (61 characters) was refused as "must be a non-empty string of at most 255
// characters": true of what is stored (301 characters: a NUL takes 5), not of what was given. The message now says both.
describe.each(DATABASE_KINDS)('length refusals of text that grows as stored, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('names the stored and the given length, and why they differ', async () => {
    const { db } = testDb;
    const run = await db.runs.createRun({ name: 'lengths' });
    const error = (await db.runs
      .addItems(run.id, [
        { itemId: `a${'\u0000'.repeat(60)}` },
        { itemId: 'ok', errorType: '\u0000'.repeat(60) },
        { itemId: 'x'.repeat(256) },
        { itemId: 'fine' },
      ])
      .catch((e: unknown) => e)) as ItemsRejectedError;
    expect(error).toBeInstanceOf(ItemsRejectedError);
    expect(error.stored).toBe(1);
    const reasons = error.rejected.map((r) => r.error.message);
    expect(reasons[0]).toMatch(/"itemId": must be at most 255 characters as stored, got 301 \(61 given; NUL, U\+FDD0 and each lone surrogate take 5 characters as stored\)/);
    expect(reasons[1]).toMatch(/"errorType": must be at most 255 characters as stored, got 300 \(60 given;/);
    // Plain text says only its length.
    expect(reasons[2]).toMatch(/"itemId": must be at most 255 characters as stored, got 256\. /);
  });
});
