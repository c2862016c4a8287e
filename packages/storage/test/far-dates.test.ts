import { InvalidAuditEntryError, ItemsRejectedError, ValidationError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// TypeORM writes a SQLite date outside years 1-9999 wrongly rather than refusing it (year -2974 as "2974-…", 10000
// as "0000-…"): such a filter matched nothing, or everything (a prune), and such a stored date read back as another.
describe.each(DATABASE_KINDS)('dates outside years 1 to 9999 on %s', (kind) => {
  const t = useMigratedDatabase(kind);
  const year = (y: number, month = 0, day = 1) => {
    const d = new Date(Date.UTC(2000, month, day));
    d.setUTCFullYear(y);
    return d;
  };

  it('refuses them as filters, prune bounds and audit bounds, naming the field', async () => {
    await t.db.runs.createRun({ name: 'kept' });
    for (const date of [year(-2974), year(0, 11, 31), year(10000)]) {
      await expect(t.db.runs.listRuns({ createdAfter: date })).rejects.toThrow(ValidationError);
      await expect(t.db.runs.listRuns({ createdBefore: date })).rejects.toThrow(/createdBefore.*years 1 to 9999/);
      await expect(t.db.runs.findRunsOlderThan({ before: date })).rejects.toThrow(/before.*years 1 to 9999/);
      await expect(t.db.audit.list({ since: date })).rejects.toThrow(InvalidAuditEntryError);
      await expect(t.db.audit.list({ until: date })).rejects.toThrow(/until.*years 1 to 9999/);
      await expect(t.db.audit.prune({ before: date, actor: 'test' })).rejects.toThrow(/years 1 to 9999/);
    }
    expect((await t.db.runs.listRuns()).runs.map((r) => r.name)).toEqual(['kept']);
  });

  it('refuses them as run and item dates, storing the other items', async () => {
    await expect(t.db.runs.createRun({ name: 'far', startedAt: year(10000) })).rejects.toThrow(/startedAt.*years 1 to 9999/);
    // An Invalid Date gets the same rule, not zod's "expected date, received Date".
    const invalid = await t.db.runs.createRun({ name: 'nope', startedAt: new Date('nope') }).catch((e: Error) => e);
    expect((invalid as Error).message).toMatch(/startedAt.*must be a valid date in the years 1 to 9999/);
    expect((invalid as Error).message).not.toContain('received Date');
    await expect(t.db.runs.createRun({ name: 'far', createdAt: year(-1) })).rejects.toThrow(ValidationError);
    const run = await t.db.runs.createRun({ name: 'items', metricsUsed: ['m'] });
    await expect(t.db.runs.updateRun(run.id, { completedAt: year(12000) })).rejects.toThrow(/completedAt/);
    const outcome = await t.db.runs
      .addItems(run.id, [
        { itemId: 'ok', startedAt: new Date('2026-12-04T10:00:00Z'), scores: { m: 1 } },
        { itemId: 'ancient', startedAt: year(-2974), scores: { m: 1 } },
        { itemId: 'future', completedAt: year(10000), scores: { m: 1 } },
      ])
      .catch((error: unknown) => error);
    expect((outcome as ItemsRejectedError).rejected.map((r) => [r.itemId, r.error.message])).toEqual([
      ['ancient', expect.stringMatching(/field "startedAt": must be a valid date in the years 1 to 9999/)],
      ['future', expect.stringMatching(/field "completedAt": must be a valid date in the years 1 to 9999/)],
    ]);
    expect((await t.db.runs.listItems(run.id)).items.map((i) => i.itemId)).toEqual(['ok']);
  });

  it('keeps the first and last days of the range exactly', async () => {
    const first = new Date('0001-01-01T00:00:00.000Z');
    const last = new Date('9999-12-31T23:59:59.999Z');
    const run = await t.db.runs.createRun({ name: 'edges', startedAt: first, completedAt: last, metricsUsed: ['m'] });
    const stored = await t.db.runs.requireRun(run.id);
    expect([stored.startedAt?.toISOString(), stored.completedAt?.toISOString()]).toEqual([first.toISOString(), last.toISOString()]);
    await t.db.runs.addItems(run.id, [{ itemId: 'e', startedAt: first, completedAt: last, scores: { m: 1 } }]);
    const [item] = (await t.db.runs.listItems(run.id)).items;
    expect([item!.startedAt?.toISOString(), item!.completedAt?.toISOString()]).toEqual([first.toISOString(), last.toISOString()]);
    expect((await t.db.runs.listRuns({ createdAfter: first, createdBefore: last })).runs.map((r) => r.name)).toContain('edges');
  });
});
