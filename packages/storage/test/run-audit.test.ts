import { InvalidAuditEntryError, RunNotFoundError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const CTX = { actor: 'ana', correlationId: 'req-1' };

describe.each(DATABASE_KINDS)('audited run writes on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  beforeEach(async () => {
    await db.audit.prune({ before: new Date(Date.now() + 86_400_000), actor: 'test-setup' });
  });

  async function newEntries() {
    const { entries } = await db.audit.list({ limit: 1000 });
    return entries.filter((e) => e.action !== 'audit.pruned').reverse();
  }

  it('create a run with createRunId as createRun does, audited in the same transaction, returning only its id', async () => {
    const id = await db.runs.createRunId({ name: 'by id', projectId: 'gamma', status: 'running', metricsUsed: ['m'] }, CTX);
    const run = await db.runs.requireRun(id);
    expect({ id: run.id, name: run.name, projectId: run.projectId, status: run.status, metricsUsed: run.metricsUsed }).toEqual({
      id,
      name: 'by id',
      projectId: 'gamma',
      status: 'running',
      metricsUsed: ['m'],
    });
    expect((await newEntries()).map((e) => [e.action, e.actor, e.targetId])).toEqual([['run.created', 'ana', id]]);
    await expect(db.runs.createRunId({ name: '' })).rejects.toThrow(/name/);
  });

  it('audits createRun, importRun, cancelRun, deleteRun and deleteRuns when given an AuditContext', async () => {
    const created = await db.runs.createRun({ name: 'created', projectId: 'alpha' }, CTX);
    const imported = await db.runs.importRun(
      { name: 'imported', projectId: 'beta', status: 'completed', metricsUsed: ['m'] },
      [{ itemId: 'a', scores: { m: 1 } }],
      {},
      { actor: 'bo' },
    );
    await expect(db.runs.cancelRun(created.id, 'stop', CTX)).resolves.toBe(true);
    await expect(db.runs.cancelRun(created.id, 'again', CTX)).resolves.toBe(false);
    await db.runs.deleteRun(created.id, CTX);
    const a = await db.runs.createRun({ name: 'a' });
    const b = await db.runs.createRun({ name: 'b', projectId: 'alpha' });
    await db.runs.deleteRuns([a.id, b.id, imported.id], { actor: 'cy', correlationId: 'req-2' });

    const entries = await newEntries();
    expect(entries).toHaveLength(7);
    expect(entries.slice(0, 4).map((e) => [e.action, e.actor, e.targetId])).toEqual([
      ['run.created', 'ana', created.id],
      ['run.imported', 'bo', imported.id],
      ['run.cancelled', 'ana', created.id],
      ['run.deleted', 'ana', created.id],
    ]);
    const deletedIds = entries.slice(4).map((e) => e.targetId).sort();
    expect(deletedIds).toEqual([a.id, b.id, imported.id].sort());
    expect(entries.slice(4).every((e) => e.action === 'run.deleted' && e.actor === 'cy' && e.correlationId === 'req-2')).toBe(true);
    expect(entries[0]).toMatchObject({ targetType: 'run', projectId: 'alpha', correlationId: 'req-1', outcome: 'success', details: { name: 'created' } });
    expect(entries[1]).toMatchObject({ projectId: 'beta', details: { name: 'imported', items: 1 } });
    expect(entries[2]).toMatchObject({ details: { name: 'created', reason: 'stop' } });
    expect(entries.find((e) => e.targetId === b.id)).toMatchObject({ projectId: 'alpha', details: { name: 'b' } });
    expect(entries.find((e) => e.targetId === a.id)).toMatchObject({ projectId: null, details: { name: 'a' } });
  });

  it('writes no audit entry for any method called without an AuditContext, nor for reads', async () => {
    const run = await db.runs.createRun({ name: 'plain', projectId: 'alpha', metricsUsed: ['m'] });
    await db.runs.addItems(run.id, [{ itemId: 'a', scores: { m: 1 } }]);
    await db.runs.updateRun(run.id, { tags: ['x'] });
    await db.runs.computeRunMetrics(run.id);
    await db.runs.heartbeat(run.id);
    await db.runs.finalizeRun(run.id, { status: 'completed' });
    await db.runs.getRun(run.id);
    await db.runs.listRuns({ projectId: 'alpha' });
    await db.runs.listItems(run.id);
    await db.runs.findRunsOlderThan({ before: new Date() });
    await db.runs.findAbandonedRuns();
    const other = await db.runs.createRun({ name: 'other' });
    await db.runs.cancelRun(other.id);
    const imported = await db.runs.importRun({ name: 'imported' }, []);
    await db.runs.deleteRun(other.id);
    await db.runs.deleteRuns([run.id, imported.id]);
    await db.retention.list();
    await db.retention.apply({ audit: CTX });
    await db.tokens.list();
    await db.tokens.authenticate('lle_malformed');
    expect(await newEntries()).toEqual([]);
  });

  it('stores neither the change nor its entry when the entry cannot be written', async () => {
    const before = (await db.runs.listRuns()).total;
    await expect(db.runs.createRun({ name: 'unaudited' }, { actor: '' })).rejects.toThrow(InvalidAuditEntryError);
    expect((await db.runs.listRuns()).total).toBe(before);
    const run = await db.runs.createRun({ name: 'kept' });
    await expect(db.runs.deleteRun(run.id, { actor: '' })).rejects.toThrow(InvalidAuditEntryError);
    expect(await db.runs.getRun(run.id)).not.toBeNull();
    await expect(db.runs.cancelRun(run.id, undefined, { actor: '' })).rejects.toThrow(InvalidAuditEntryError);
    expect((await db.runs.getRun(run.id))!.statusReason).toBeNull();
    expect(await newEntries()).toEqual([]);
  });

  it('audits updateRun as run.updated: the run after the change, and each changed field before and after', async () => {
    const run = await db.runs.createRun({ name: 'before', projectId: 'alpha', tags: ['old'] });
    await db.runs.updateRun(run.id, { name: 'after', tags: ['new', 'old'], description: 'd'.repeat(5_000) }, CTX);
    await db.runs.updateRun(run.id, { name: 'after', description: null }, { actor: 'bo' });
    const [first, second, ...more] = await newEntries();
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      action: 'run.updated',
      actor: 'ana',
      targetType: 'run',
      targetId: run.id,
      projectId: 'alpha',
      correlationId: 'req-1',
      details: {
        name: 'after',
        changes: {
          name: { from: 'before', to: 'after' },
          tags: { from: ['old'], to: ['new', 'old'] },
          // A long text is cut in the entry (never in the run).
          description: { from: null, to: `${'d'.repeat(999)}…` },
        },
      },
    });
    // Only what changed is listed.
    expect(second!.details).toEqual({ name: 'after', changes: { description: { from: `${'d'.repeat(999)}…`, to: null } } });
  });

  it('writes no run.updated entry for an update that changes nothing', async () => {
    const run = await db.runs.createRun({ name: 'same', projectId: 'alpha', tags: ['a', 'b'], description: 'd' });
    await db.runs.updateRun(run.id, { name: 'same', tags: ['a', 'b'], description: 'd' }, CTX);
    await db.runs.updateRun(run.id, {}, CTX);
    expect(await newEntries()).toEqual([]);
    await db.runs.updateRun(run.id, { description: 'e' }, CTX);
    expect((await newEntries()).map((e) => [e.action, e.details])).toEqual([['run.updated', { name: 'same', changes: { description: { from: 'd', to: 'e' } } }]]);
  });

  it('stores neither an update nor its run.updated entry when the entry cannot be written', async () => {
    const run = await db.runs.createRun({ name: 'unchanged', tags: ['kept'] });
    await expect(db.runs.updateRun(run.id, { name: 'changed', tags: ['lost'] }, { actor: '' })).rejects.toThrow(InvalidAuditEntryError);
    const stored = await db.runs.requireRun(run.id);
    expect({ name: stored.name, tags: stored.tags }).toEqual({ name: 'unchanged', tags: ['kept'] });
    expect((await db.runs.listRuns({ tags: ['lost'] })).total).toBe(0);
    expect(await newEntries()).toEqual([]);
  });

  it('records concurrent updates of one run as one unbroken chain of from/to values, ending at the stored value', async () => {
    const run = await db.runs.createRun({ name: 'v0' });
    const names = Array.from({ length: 8 }, (_, i) => `v${i + 1}`);
    await Promise.all(names.map((name, i) => db.runs.updateRun(run.id, { name }, { actor: `writer-${i}` })));
    const entries = (await newEntries()).sort((a, b) => a.id - b.id);
    expect(entries).toHaveLength(names.length);
    const changes = entries.map((e) => (e.details as { changes: { name: { from: string; to: string } } }).changes.name);
    expect(changes[0]!.from).toBe('v0');
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.from).toBe(changes[i - 1]!.to);
    expect(changes.map((c) => c.to).sort()).toEqual([...names].sort());
    expect((await db.runs.requireRun(run.id)).name).toBe(changes[changes.length - 1]!.to);
    for (const e of entries) expect((e.details as { name: string }).name).toBe((e.details as { changes: { name: { to: string } } }).changes.name.to);
  });

  it('audits nothing for a delete that fails', async () => {
    const run = await db.runs.createRun({ name: 'survivor' });
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(db.runs.deleteRuns([run.id, missing], CTX)).rejects.toThrow(RunNotFoundError);
    await expect(db.runs.deleteRun(missing, CTX)).rejects.toThrow(RunNotFoundError);
    expect(await db.runs.getRun(run.id)).not.toBeNull();
    expect(await newEntries()).toEqual([]);
  });
});
