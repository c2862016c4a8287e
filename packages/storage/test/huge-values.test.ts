import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A model that answers with megabytes (a runaway generation, a base64 image): the item is stored whole and read back
// exactly, next to ordinary items of the same batch, and the run's listings stay readable.
describe.each(DATABASE_KINDS)('10 MB values on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  it('store a 10 MB output and a 10 MB JSON input whole, in the same batch as ordinary items', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'huge values', status: 'running' });
    const huge = 'λx.'.repeat(3_500_000).slice(0, 10_000_000); // 10,000,000 characters, not all ASCII
    const hugeInput = { chunks: Array.from({ length: 1_000 }, (_, i) => `${i}:${'y'.repeat(10_000)}`) };
    const stored = await runs.addItems(run.id, [
      { itemId: 'before', actualOutput: 'small' },
      { itemId: 'huge', input: hugeInput, actualOutput: huge, expectedOutput: huge.slice(0, 100) },
      { itemId: 'after\u0000nul', actualOutput: `tail ${huge.slice(-10)}` },
    ]);
    expect(stored).toBe(3);
    const page = await runs.listItems(run.id, { limit: 10 });
    expect(page.items.map((i) => i.itemId)).toEqual(['before', 'huge', 'after\u0000nul']);
    const item = page.items[1]!;
    expect(item.actualOutput!.length).toBe(huge.length);
    expect(item.actualOutput === huge).toBe(true);
    expect(item.input).toEqual(hugeInput);
    expect((await runs.requireRun(run.id)).totalItems).toBe(3);
  });
});
