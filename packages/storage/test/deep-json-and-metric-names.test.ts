import { ItemsRejectedError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// An item whose JSON nests past SQLite's JSON depth (1,000) used to be stored, after which every read of its run's
// items failed with "malformed JSON". A score under a name longer than a metric name may be (255) used to be stored,
// after which the run's statistics could never be written. Both are now refused on their own, item by item.
describe.each(DATABASE_KINDS)('items the database could store but never read or summarise, on %s', (kind) => {
  const handle = useMigratedDatabase(kind);
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = i % 2 ? { x: value } : [value];
    return value;
  };

  it('refuses JSON nested more than 500 levels, keeps the other items, and every item stays readable', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'deep', status: 'running', metricsUsed: ['m'] });
    const outcome = await runs
      .addItems(run.id, [
        { itemId: 'ok', input: { text: '[[[[ not nesting ]]]] "\\\\"' }, scores: { m: 1 } },
        { itemId: 'at-limit', input: nested(500), scores: { m: 1 } },
        { itemId: 'deep-input', input: nested(1000), scores: { m: 1 } },
        { itemId: 'deep-metadata', metadata: { trace: nested(501) }, scores: { m: 0 } },
      ])
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(ItemsRejectedError);
    const rejected = (outcome as ItemsRejectedError).rejected;
    expect(rejected.map((r) => r.itemId)).toEqual(['deep-input', 'deep-metadata']);
    expect(rejected[0]!.error.message).toMatch(/input.*nests arrays or objects more than 500 levels deep/);
    expect(rejected[1]!.error.message).toMatch(/metadata.*more than 500 levels deep/);
    const page = await runs.listItems(run.id, { limit: 10 });
    expect(page.items.map((i) => i.itemId)).toEqual(['ok', 'at-limit']);
    expect(page.items[1]!.input).toEqual(nested(500));
  });

  it('refuses JSON nested deeper than the stack lets JSON.stringify go with the same reason, and keeps the other items', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'deeper', status: 'running', metricsUsed: ['m'] });
    const outcome = await runs
      .addItems(run.id, [
        { itemId: 'ok', input: 'fine', scores: { m: 1 } },
        { itemId: 'stack-deep', input: nested(200_000), scores: { m: 1 } },
        { itemId: 'stack-deep-metadata', metadata: { t: nested(200_000) }, scores: { m: 1 } },
      ])
      .catch((error: unknown) => error);
    const rejected = (outcome as ItemsRejectedError).rejected;
    expect(rejected.map((r) => [r.itemId, r.error.message])).toEqual([
      ['stack-deep', expect.stringMatching(/field "input": nests arrays or objects more than 500 levels deep; flatten it/)],
      ['stack-deep-metadata', expect.stringMatching(/field "metadata": nests arrays or objects more than 500 levels deep/)],
    ]);
    expect(rejected.map((r) => r.error.message).join(' ')).not.toMatch(/call stack/i);
    expect((await runs.listItems(run.id)).items.map((i) => i.itemId)).toEqual(['ok']);
  });

  it('refuses a score under an empty name or one longer than 255 characters, and the run still gets its statistics', async () => {
    const { runs } = handle.db;
    const run = await runs.createRun({ name: 'names', status: 'running', metricsUsed: ['m'] });
    const long = 'k'.repeat(256);
    const outcome = await runs
      .addItems(run.id, [
        { itemId: 'a', scores: { m: 1, ['k'.repeat(255)]: 1 } },
        { itemId: 'b', scores: { m: 0, [long]: 1 } },
        { itemId: 'c', scores: { m: 1, '': 0 } },
      ])
      .catch((error: unknown) => error);
    expect((outcome as ItemsRejectedError).rejected.map((r) => [r.itemId, r.error.message])).toEqual([
      ['b', expect.stringMatching(/metric names must be 1 to 255 characters, got one of 256/)],
      ['c', expect.stringMatching(/metric names must be 1 to 255 characters, got one of 0/)],
    ]);
    const metrics = await runs.computeRunMetrics(run.id);
    expect(metrics.map((m) => m.metricName).sort()).toEqual(['k'.repeat(255), 'm']);
  });
});
