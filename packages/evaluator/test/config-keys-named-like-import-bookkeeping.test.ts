import { initializeDatabase, type RunWithMetrics } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { migrateFromEvaluationResult, storedRunToExport, type EvaluationExport } from '../src';

// An import keeps its own bookkeeping in the run's config (`import`, `importedTimestamps`, `importedStatistics`), and
// the export left every key of those names out, also a run's own: a run configured with `import` or `importedFrom`
// lost them on export, and an import overwrote the run's own `import` with its origin.
const USER_CONFIG = {
  import: 'numpy as np',
  importedFrom: 'hub',
  importedTimestamps: { start_time: 'the user\u0000s own' },
  importedStatistics: [1, 2],
  userValue: 'a key of the same name as the one the bookkeeping uses',
  temperature: 0.2,
};

async function exportOf(url: string, runId: string): Promise<EvaluationExport> {
  const db = await initializeDatabase({ url });
  try {
    const run: RunWithMetrics = await db.runs.requireRun(runId);
    const { items } = await db.runs.listItems(runId, { limit: 100 });
    return storedRunToExport(run, items);
  } finally {
    await db.close();
  }
}

describe.each(DATABASE_KINDS)('config keys named like an import bookkeeping on %s', (kind) => {
  const source = useEmptyDatabase(kind);
  const target = useEmptyDatabase(kind);
  let runId = '';

  beforeAll(async () => {
    const db = await initializeDatabase({ url: source.url });
    try {
      const run = await db.runs.createRun({ name: 'own keys', metricsUsed: ['m'], config: USER_CONFIG });
      runId = run.id;
      await db.runs.addItems(runId, [{ itemId: 'q1', status: 'completed', scores: { m: 1 }, actualOutput: 'a' }]);
      await db.runs.finalizeRun(runId, { status: 'completed', startedAt: new Date('2026-12-01T10:00:00Z'), completedAt: new Date('2026-12-01T10:00:05Z') });
    } finally {
      await db.close();
    }
  });

  it('exports a run that was not imported with every key of its config', async () => {
    const doc = await exportOf(source.url, runId);
    expect(doc.llm_eval!.config).toEqual(USER_CONFIG);
    // Its own importedTimestamps are its data, not times to write: the times are the stored ones.
    expect(doc.start_time).toBe('2026-12-01T10:00:00.000+00:00');
  });

  it('exports an own `import` key shaped like an origin, and drops only the first builds\' `importedFrom` mark', async () => {
    const db = await initializeDatabase({ url: source.url });
    try {
      const config = { import: { format: 'csv', contentHash: 'abc' }, importedFrom: 'hub' };
      const own = await db.runs.createRun({ name: 'origin-like', metricsUsed: ['m'], config });
      const early = await db.runs.createRun({ name: 'early import', metricsUsed: ['m'], config: { importedFrom: 'python-llm-eval', seed: 1 } });
      for (const id of [own.id, early.id]) await db.runs.finalizeRun(id, { status: 'completed' });
      expect((await exportOf(source.url, own.id)).llm_eval!.config).toEqual(config);
      expect((await exportOf(source.url, early.id)).llm_eval!.config).toEqual({ seed: 1 });
    } finally {
      await db.close();
    }
  });

  it('keeps them through an import and gives them back on export, the import origin recorded beside them', async () => {
    const doc = await exportOf(source.url, runId);
    // A file that states statistics and times another way, so the import has bookkeeping of each kind to keep.
    const file = { ...doc, success_rate: 0.99999999, start_time: doc.start_time.replace('Z', '+00:00') };
    const imported = await migrateFromEvaluationResult(file as EvaluationExport, { databaseUrl: target.url, onWarning: () => {} });
    const db = await initializeDatabase({ url: target.url });
    try {
      const stored = (await db.runs.requireRun(imported)).config as Record<string, any>;
      expect(stored.import).toMatchObject({ format: 'llm-eval', userValue: 'numpy as np' });
      expect(typeof stored.import.contentHash).toBe('string');
    } finally {
      await db.close();
    }
    const again = await exportOf(target.url, imported);
    expect(again.llm_eval!.config).toEqual(USER_CONFIG);
    // And the import is still found as a duplicate of itself.
    await expect(migrateFromEvaluationResult(again, { databaseUrl: target.url, onWarning: () => {} })).rejects.toThrow(/already in the database/);
  });
});
