import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { Evaluator } from '../src';

// config.audit: the stored run's run.created entry is written in the transaction that creates the run, so there is
// never a run without its entry (nor an entry without its run), whatever fails in between.
const dataset = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i) }));

const REFUSE_AUDIT: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'simulated: audit log unavailable'); END`],
  postgres: [
    `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated: audit log unavailable'; END $$`,
    `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
  ],
};
const ALLOW_AUDIT: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: ['DROP TRIGGER refuse_audit'],
  postgres: ['DROP TRIGGER refuse_audit ON audit_log', 'DROP FUNCTION refuse_audit()'],
};

describe.each(DATABASE_KINDS)('the run.created audit entry of an evaluation on %s', (kind) => {
  const database = useEmptyDatabase(kind);
  const evaluate = (runName: string, audit?: { actor: string; correlationId?: string }) =>
    new Evaluator({ task: (x: number) => String(x), dataset, metrics: ['exact_match'], config: { databaseUrl: database.url, runName, projectId: 'audited', audit } }).run();

  it('is written with the actor and correlation id given, naming the run; none without config.audit', async () => {
    const audited = await evaluate('with audit', { actor: 'cli:alice', correlationId: 'req-42' });
    const silent = await evaluate('without audit');
    expect(audited.storageError).toBeUndefined();
    expect(silent.storageError).toBeUndefined();
    const db = await initializeDatabase({ url: database.url });
    try {
      const entries = (await db.audit.list({ action: 'run.created' })).entries;
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: 'cli:alice',
        correlationId: 'req-42',
        targetType: 'run',
        targetId: audited.runId,
        projectId: 'audited',
        details: { name: 'with audit' },
      });
      expect((await db.runs.getRun(silent.runId!))?.totalItems).toBe(12);
    } finally {
      await db.close();
    }
  });

  it('fails together with the run: when the entry cannot be written, no run is created and the result says why', async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      for (const sql of REFUSE_AUDIT[kind]) await db.dataSource.query(sql);
      const before = (await db.runs.listRuns()).total;
      const result = await evaluate('refused', { actor: 'cli:bob' });
      expect(result.runId).toBeUndefined();
      expect(result.storageError?.message).toMatch(/simulated: audit log unavailable/);
      expect(result.totalItems).toBe(12);
      expect((await db.runs.listRuns()).total).toBe(before);
      expect((await db.runs.listRuns({ text: 'refused' })).runs).toEqual([]);
    } finally {
      for (const sql of ALLOW_AUDIT[kind]) await db.dataSource.query(sql).catch(() => undefined);
      await db.close();
    }
  });
});
