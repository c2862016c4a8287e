import { DuplicateImportError, initializeDatabase, type ImportOrigin, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const items = (n: number): ItemInput[] =>
  Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, status: 'completed', responseTime: 0.1, scores: { exact_match: i % 2 } }));
const origin = (contentHash: string, sourceRunId: string | null = null): ImportOrigin => ({ format: 'llm-eval', contentHash, sourceRunId });
const RUN = { name: 'imported', status: 'completed' as const, metricsUsed: ['exact_match'], config: { temperature: 0 } };

describe.each(DATABASE_KINDS)('importRun with an origin on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  it('keeps the origin in the config and refuses the same content twice unless allowDuplicate', async () => {
    const { db } = testDb;
    const first = await db.runs.importRun(RUN, items(3), { origin: origin('a'.repeat(64)) });
    expect(first.config).toEqual({ temperature: 0, import: { format: 'llm-eval', contentHash: 'a'.repeat(64), sourceRunId: null } });
    const again = await db.runs.importRun(RUN, items(3), { origin: origin('a'.repeat(64)) }).catch((e: Error) => e);
    expect(again).toBeInstanceOf(DuplicateImportError);
    expect(again).toMatchObject({ existingRunId: first.id, existingRunName: 'imported' });
    expect((again as Error).message).toMatch(/already in the database as run .*allowDuplicate.*--allow-duplicate/);
    const copy = await db.runs.importRun(RUN, items(3), { origin: origin('a'.repeat(64)), allowDuplicate: true });
    expect(copy.id).not.toBe(first.id);
    // Without an origin (a plain programmatic import) nothing is checked.
    await db.runs.importRun(RUN, items(1));
  });

  it('names the stored run as it was given, not in its stored form, cut between characters', async () => {
    const { db } = testDb;
    // NUL and a lone surrogate are stored escaped; the name was shown escaped ("nul\uFDD00000name").
    const named = await db.runs.importRun({ ...RUN, name: 'nul\u0000name \uD800' }, items(1), { origin: origin('7'.repeat(64)) });
    const again = (await db.runs.importRun(RUN, items(1), { origin: origin('7'.repeat(64)) }).catch((e: Error) => e)) as DuplicateImportError;
    expect(again.existingRunName).toBe('nul\u0000name \uD800');
    expect(again.message).toContain(`run ${named.id} ("nul\u0000name \uD800")`);
    // A long name is cut at 80 characters, never inside a surrogate pair.
    await db.runs.importRun({ ...RUN, name: `${'a'.repeat(79)}\u{1F600}tail` }, items(1), { origin: origin('6'.repeat(64)) });
    const long = (await db.runs.importRun(RUN, items(1), { origin: origin('6'.repeat(64)) }).catch((e: Error) => e)) as Error;
    expect(long.message).toContain(`("${'a'.repeat(79)}\u{1F600}")`);
  });

  it('refuses an export of a run stored here, and a second import from the same source run, unless that run holds fewer items', async () => {
    const { db } = testDb;
    const native = await db.runs.importRun({ ...RUN, name: 'native run' }, items(2));
    await expect(db.runs.importRun(RUN, items(2), { origin: origin('b'.repeat(64), native.id) })).rejects.toMatchObject({ existingRunId: native.id });
    // A run whose storage failed part-way holds fewer items than its export: importing the export completes it.
    const partial = await db.runs.createRun({ name: 'partly stored' });
    await db.runs.addItems(partial.id, items(1));
    await db.runs.importRun(RUN, items(2), { origin: origin('9'.repeat(64), partial.id) });
    const elsewhere = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const first = await db.runs.importRun(RUN, items(2), { origin: origin('c'.repeat(64), elsewhere.toUpperCase()) });
    // Different content (edited), same source run.
    await expect(db.runs.importRun(RUN, items(2), { origin: origin('d'.repeat(64), elsewhere) })).rejects.toMatchObject({ existingRunId: first.id });
    // A source id that is not a UUID is ignored rather than compared (PostgreSQL's uuid column would reject it).
    await db.runs.importRun(RUN, items(1), { origin: origin('e'.repeat(64), 'not-a-uuid') });
  });

  it('with duplicateProjectIds, counts only runs of those projects as duplicates', async () => {
    const { db } = testDb;
    const alpha = await db.runs.importRun({ ...RUN, projectId: 'alpha' }, items(2), { origin: origin('1'.repeat(64)) });
    // The same content and an export of the alpha run, imported by a caller who sees beta only: stored, not refused.
    const copy = await db.runs.importRun({ ...RUN, projectId: 'beta' }, items(2), { origin: origin('1'.repeat(64)), duplicateProjectIds: ['beta'] });
    const fromAlpha = await db.runs.importRun({ ...RUN, projectId: 'beta' }, items(2), { origin: origin('2'.repeat(64), alpha.id), duplicateProjectIds: ['beta'] });
    expect(new Set([alpha.id, copy.id, fromAlpha.id]).size).toBe(3);
    await db.runs.importRun({ ...RUN, projectId: 'gamma' }, items(2), { origin: origin('1'.repeat(64)), duplicateProjectIds: [] });
    // Within the scope the copies count.
    await expect(
      db.runs.importRun({ ...RUN, projectId: 'beta' }, items(2), { origin: origin('1'.repeat(64)), duplicateProjectIds: ['beta'] }),
    ).rejects.toMatchObject({ existingRunId: copy.id });
    await expect(db.runs.importRun(RUN, items(2), { origin: origin('2'.repeat(64), alpha.id), duplicateProjectIds: ['alpha', 'beta'] })).rejects.toBeInstanceOf(
      DuplicateImportError,
    );
  });

  it('lets only one of two concurrent imports of the same export through', async () => {
    const other = await initializeDatabase({ url: testDb.url });
    try {
      const outcomes = await Promise.allSettled([
        testDb.db.runs.importRun(RUN, items(400), { origin: origin('f'.repeat(64)) }),
        other.runs.importRun(RUN, items(400), { origin: origin('f'.repeat(64)) }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateImportError);
    } finally {
      await other.close();
    }
  });

  // Two exports of one run with different content (taken before and after a rename) are duplicates of each other; on
  // PostgreSQL, imported at the same moment, both got in: the lock was on the content hash only.
  it('lets only one of two concurrent imports of two exports of the same run through', async () => {
    const other = await initializeDatabase({ url: testDb.url });
    try {
      // SQLite serialises write transactions (one round shows it); the race was PostgreSQL's, so it gets three.
      const sources = ['1a2b3c4d-0000-4000-8000-000000000001', '1a2b3c4d-0000-4000-8000-000000000002', '1a2b3c4d-0000-4000-8000-000000000003'];
      for (const [round, source] of sources.slice(0, kind === 'postgres' ? 3 : 1).entries()) {
        const outcomes = await Promise.allSettled([
          testDb.db.runs.importRun({ ...RUN, name: 'before the rename' }, items(400), { origin: origin(`${round}`.repeat(64).slice(0, 63) + 'a', source) }),
          other.runs.importRun({ ...RUN, name: 'after the rename' }, items(400), { origin: origin(`${round}`.repeat(64).slice(0, 63) + 'b', source) }),
        ]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateImportError);
      }
    } finally {
      await other.close();
    }
  });
});
