import { InvalidRetentionPolicyError, type Database } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 10, 30, 12, 0, 0));
const AUDIT = { actor: 'admin', correlationId: 'req-retention' };

describe.each(DATABASE_KINDS)('retention policies on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  beforeEach(async () => {
    for (const t of ['run_comparisons', 'run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs', 'projects', 'retention_policies']) {
      await db.dataSource.query(`DELETE FROM "${t}"`);
    }
    await db.audit.prune({ before: new Date(Date.now() + DAY), actor: 'test-setup' });
  });

  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');

  async function run(name: string, projectId: string | null, daysAgo: number, status: 'running' | 'completed' | 'failed' | 'cancelled' = 'completed') {
    const created = await db.runs.createRun({ name, projectId, status, tags: ['t'], metricsUsed: ['m'], createdAt: new Date(NOW.getTime() - daysAgo * DAY) });
    await db.runs.addItems(created.id, [{ itemId: 'a', scores: { m: 1 } }, { itemId: 'b', scores: { m: 0 } }]);
    await db.runs.computeRunMetrics(created.id);
    return created.id;
  }

  async function compare(a: string, b: string) {
    await db.dataSource.query(
      `INSERT INTO "run_comparisons" ("run1_id", "run2_id", "options_fingerprint", "result", "created_at") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
      [a, b, 'f', '{}', kind === 'postgres' ? new Date() : new Date().toISOString().replace('T', ' ').replace('Z', '')],
    );
  }

  /** Each run's key, read while it exists: items name their run by it, and a deleted run's items must be gone too. */
  const runKeys = new Map<string, number>();
  async function noteRunKeys(ids: string[]): Promise<void> {
    for (const id of ids) runKeys.set(id, Number((await db.dataSource.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${p(1)}`, [id]))[0].run_key));
  }

  async function count(table: string, runId: string, column = 'run_id'): Promise<number> {
    const [row] =
      table === 'evaluation_items'
        ? await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "evaluation_items" WHERE "run_key" = ${p(1)}`, [runKeys.get(runId)])
        : await db.dataSource.query(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE "${column}" = ${p(1)}`, [runId]);
    return Number(row.n);
  }

  async function auditActions(): Promise<string[]> {
    const { entries } = await db.audit.list({ limit: 1000 });
    return entries.map((e) => e.action).filter((a) => a !== 'audit.pruned').reverse();
  }

  it('deletes exactly the finished runs its policy names, with their items, metrics, tags and comparisons', async () => {
    const oldCompleted = await run('old completed', 'alpha', 100);
    const oldFailed = await run('old failed', 'alpha', 40, 'failed');
    const oldCancelled = await run('old cancelled', 'alpha', 31, 'cancelled');
    const oldRunning = await run('old running', 'alpha', 100, 'running');
    const young = await run('young', 'alpha', 29);
    const otherProject = await run('beta old', 'beta', 100);
    const noProject = await run('no project', null, 100);
    await compare(oldCompleted, young);
    await compare(young, oldFailed);
    await compare(young, otherProject);
    await db.retention.set('alpha', { maxAgeDays: 30 }, AUDIT);
    await db.retention.set('gamma', { maxAgeDays: 1 }, AUDIT); // a project with no runs yet

    await noteRunKeys([oldCompleted, oldFailed, oldCancelled, oldRunning, young, otherProject, noProject]);
    expect(await count('evaluation_items', oldCompleted)).toBe(2);
    const { deleted } = await db.retention.apply({ audit: AUDIT, now: NOW });
    expect(deleted.map((d) => d.runId).sort()).toEqual([oldCompleted, oldFailed, oldCancelled].sort());
    expect(deleted.find((d) => d.runId === oldFailed)).toEqual({
      runId: oldFailed,
      projectId: 'alpha',
      name: 'old failed',
      createdAt: new Date(NOW.getTime() - 40 * DAY),
      status: 'failed',
    });
    for (const id of [oldCompleted, oldFailed, oldCancelled]) {
      expect(await db.runs.getRun(id)).toBeNull();
      expect(await count('evaluation_items', id)).toBe(0);
      expect(await count('run_metrics', id)).toBe(0);
      expect(await count('run_tags', id)).toBe(0);
      expect(await count('run_comparisons', id, 'run1_id')).toBe(0);
      expect(await count('run_comparisons', id, 'run2_id')).toBe(0);
    }
    for (const id of [oldRunning, young, otherProject, noProject]) {
      expect(await db.runs.getRun(id)).not.toBeNull();
      expect(await count('evaluation_items', id)).toBe(2);
    }
    expect(await count('run_comparisons', young, 'run1_id')).toBe(1);

    const pruned = (await db.audit.list({ action: 'run.pruned' })).entries;
    expect(pruned.map((e) => e.targetId).sort()).toEqual([oldCompleted, oldFailed, oldCancelled].sort());
    expect(pruned.every((e) => e.actor === 'admin' && e.correlationId === 'req-retention' && e.projectId === 'alpha')).toBe(true);
    expect(pruned[0]!.details).toMatchObject({ policy: { maxAgeDays: 30, statuses: null } });
    expect(await auditActions()).toEqual(['retention.set', 'retention.set', 'run.pruned', 'run.pruned', 'run.pruned']);

    // Applying again finds nothing more to delete, and audits nothing.
    await expect(db.retention.apply({ audit: AUDIT, now: NOW })).resolves.toEqual({ deleted: [] });
    expect(await auditActions()).toHaveLength(5);
  });

  it('deletes more runs than one batch of a transaction holds, each audited once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) {
      ids.push((await db.runs.createRun({ name: `r${i}`, projectId: 'alpha', status: 'completed', createdAt: new Date(NOW.getTime() - (50 + i) * DAY) })).id);
    }
    const keep = await run('young', 'alpha', 1);
    await db.retention.set('alpha', { maxAgeDays: 30 }, AUDIT);
    const { deleted } = await db.retention.apply({ audit: AUDIT, now: NOW });
    expect(deleted.map((d) => d.runId).sort()).toEqual([...ids].sort());
    expect((await db.runs.listRuns({ projectId: 'alpha' })).runs.map((r) => r.id)).toEqual([keep]);
    const pruned = (await db.audit.list({ action: 'run.pruned', limit: 1000 })).entries;
    expect(pruned).toHaveLength(250);
    expect(new Set(pruned.map((e) => e.targetId)).size).toBe(250);
  });

  it('deletes only the statuses a policy names', async () => {
    const failed = await run('failed', 'alpha', 100, 'failed');
    const completed = await run('completed', 'alpha', 100);
    await db.retention.set('alpha', { maxAgeDays: 7, statuses: ['failed'] }, AUDIT);
    const { deleted } = await db.retention.apply({ audit: AUDIT, now: NOW });
    expect(deleted.map((d) => d.runId)).toEqual([failed]);
    expect(await db.runs.getRun(completed)).not.toBeNull();
  });

  it('deletes nothing and audits nothing in a dry run', async () => {
    const old = await run('old', 'alpha', 100);
    await db.retention.set('alpha', { maxAgeDays: 30 }, AUDIT);
    const before = await auditActions();
    const { deleted } = await db.retention.apply({ audit: AUDIT, now: NOW, dryRun: true });
    expect(deleted.map((d) => d.runId)).toEqual([old]);
    expect(await db.runs.getRun(old)).not.toBeNull();
    expect(await auditActions()).toEqual(before);
  });

  it('sets, replaces, reads, lists and clears policies, auditing each change', async () => {
    const set = await db.retention.set('alpha', { maxAgeDays: 90, statuses: ['failed', 'cancelled'] }, AUDIT);
    expect(set).toMatchObject({ projectId: 'alpha', maxAgeDays: 90, statuses: ['failed', 'cancelled'], updatedBy: 'admin' });
    await db.retention.set('alpha', { maxAgeDays: 30 }, { actor: 'bo' });
    expect(await db.retention.get('alpha')).toMatchObject({ maxAgeDays: 30, statuses: null, updatedBy: 'bo' });
    await db.retention.set('beta', { maxAgeDays: 1 }, AUDIT);
    expect((await db.retention.list()).map((r) => r.projectId)).toEqual(['alpha', 'beta']);
    await expect(db.retention.clear('alpha', AUDIT)).resolves.toBe(true);
    await expect(db.retention.clear('alpha', AUDIT)).resolves.toBe(false);
    expect(await db.retention.get('alpha')).toBeNull();
    expect(await auditActions()).toEqual(['retention.set', 'retention.set', 'retention.set', 'retention.cleared']);
    const [cleared, replaced] = (await db.audit.list({ projectIds: ['alpha'] })).entries;
    expect(cleared).toMatchObject({ action: 'retention.cleared', details: { previous: { maxAgeDays: 30, statuses: null } } });
    expect(replaced).toMatchObject({ actor: 'bo', details: { maxAgeDays: 30, previous: { maxAgeDays: 90, statuses: ['failed', 'cancelled'] } } });
  });

  it.each([
    ['maxAgeDays', 'alpha', { maxAgeDays: 0 }],
    ['maxAgeDays', 'alpha', { maxAgeDays: 1.5 }],
    ['maxAgeDays', 'alpha', { maxAgeDays: Number.NaN }],
    ['statuses', 'alpha', { maxAgeDays: 1, statuses: ['running'] }],
    ['statuses', 'alpha', { maxAgeDays: 1, statuses: [] }],
    ['projectId', "alpha'; DROP TABLE evaluation_runs; --", { maxAgeDays: 1 }],
    ['projectId', 'x'.repeat(10_000), { maxAgeDays: 1 }],
  ] as Array<[string, string, { maxAgeDays: number; statuses?: never[] }]>)('refuses an invalid %s (case %#) and stores nothing', async (field, project, input) => {
    const error = await db.retention.set(project, input, AUDIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRetentionPolicyError);
    expect((error as InvalidRetentionPolicyError).field).toBe(field);
    expect(await db.retention.list()).toEqual([]);
    expect(await auditActions()).toEqual([]);
  });

  it('refuses changes and runs without an actor to audit them under', async () => {
    await expect(db.retention.set('alpha', { maxAgeDays: 1 }, { actor: '' })).rejects.toThrow(InvalidRetentionPolicyError);
    await expect(db.retention.clear('alpha', undefined as never)).rejects.toThrow(InvalidRetentionPolicyError);
    await expect(db.retention.apply({ audit: undefined as never })).rejects.toThrow(InvalidRetentionPolicyError);
  });
});
