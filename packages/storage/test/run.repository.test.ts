import {
  DuplicateItemError,
  knownDurationSeconds,
  InvalidCursorError,
  ItemsRejectedError,
  RunNotFoundError,
  ValidationError,
  type Database,
  type ItemInput,
  type RejectedItem,
  type RunRecord,
} from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 10, 1, 12, 0, 0);

describe.each(DATABASE_KINDS)('RunRepository on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let db: Database;
  beforeAll(() => {
    db = testDb.db;
  });

  async function clean(): Promise<void> {
    for (const t of ['run_comparisons', 'run_metrics', 'evaluation_items', 'run_tags', 'evaluation_runs', 'projects']) {
      await db.dataSource.query(`DELETE FROM "${t}"`);
    }
  }

  describe('createRun / getRun / updateRun / deleteRun', () => {
    beforeEach(clean);

    it('creates a run with defaults, creates its project on first use, and reads it back as plain data', async () => {
      const created = await db.runs.createRun({
        name: 'baseline',
        projectId: 'my-project',
        datasetName: 'qa',
        modelName: 'gpt-4o',
        tags: ['nightly', 'v2', 'nightly'],
        metricsUsed: ['exact_match'],
        config: { temperature: 0 },
        createdBy: 'me@example.com',
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created).toMatchObject({ status: 'running', successRate: 0, totalItems: 0, tags: ['nightly', 'v2'] });
      expect(created.createdAt).toBeInstanceOf(Date);
      const projects = await db.dataSource.query(`SELECT "id", "name", "created_by" FROM "projects"`);
      expect(projects).toEqual([{ id: 'my-project', name: 'my-project', created_by: 'me@example.com' }]);

      const read = await db.runs.getRun(created.id);
      expect(read).not.toBeNull();
      expect(read!.config).toEqual({ temperature: 0 });
      expect(read!.metrics).toEqual([]);
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      // A second run in the same project reuses it.
      await db.runs.createRun({ name: 'second', projectId: 'my-project' });
      expect(await db.dataSource.query(`SELECT COUNT(*) AS n FROM "projects"`)).toEqual([{ n: kind === 'postgres' ? '1' : 1 }]);
    });

    it('keeps millisecond timestamps exactly', async () => {
      const createdAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
      const run = await db.runs.createRun({ name: 'ts', createdAt, startedAt: createdAt });
      expect(run.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
      expect(run.startedAt!.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    });

    it('returns null for a missing run and RunNotFoundError where one is required', async () => {
      expect(await db.runs.getRun('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await db.runs.getRun('not-a-uuid')).toBeNull();
      await expect(db.runs.updateRun('00000000-0000-4000-8000-000000000000', { name: 'x' })).rejects.toBeInstanceOf(RunNotFoundError);
      await expect(db.runs.deleteRun('nope')).rejects.toBeInstanceOf(RunNotFoundError);
      await expect(db.runs.addItems('00000000-0000-4000-8000-000000000000', [{ itemId: 'a' }])).rejects.toBeInstanceOf(
        RunNotFoundError,
      );
    });

    it('updates fields and replaces tags', async () => {
      const run = await db.runs.createRun({ name: 'r', tags: ['a', 'b'] });
      const updated = await db.runs.updateRun(run.id, { status: 'completed', successRate: 0.75, tags: ['c'], durationSeconds: 12.5 });
      expect(updated).toMatchObject({ status: 'completed', successRate: 0.75, tags: ['c'], durationSeconds: 12.5 });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(run.updatedAt.getTime());
      const tags = await db.dataSource.query(`SELECT "tag" FROM "run_tags" WHERE "run_id" = ${kind === 'postgres' ? '$1' : '?'}`, [run.id]);
      expect(tags).toEqual([{ tag: 'c' }]);
    });

    it('rejects bad input with a typed error naming the field, before any SQL', async () => {
      await expect(db.runs.createRun({ name: 'x', status: 'done' as never })).rejects.toThrow(/status/);
      await expect(db.runs.createRun({ name: 'x', successRate: 1.5 })).rejects.toBeInstanceOf(ValidationError);
      await expect(db.runs.createRun({ name: 'x', totalItems: -1 })).rejects.toThrow(/totalItems/);
      await expect(db.runs.createRun({ name: 'x', projectId: 'bad id; DROP TABLE' })).rejects.toThrow(/projectId/);
      await expect(db.runs.createRun({ name: '' })).rejects.toThrow(/name/);
      await expect(db.runs.createRun({ name: 'x', bogus: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
      const run = await db.runs.createRun({ name: 'ok' });
      await expect(db.runs.updateRun(run.id, { totalCost: -3 })).rejects.toThrow(/totalCost/);
      expect((await db.runs.listRuns()).total).toBe(1);
    });

    it('enforces constraints in the database itself', async () => {
      const run = await db.runs.createRun({ name: 'c' });
      const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
      await expect(db.dataSource.query(`UPDATE "evaluation_runs" SET "status" = ${p(1)} WHERE "id" = ${p(2)}`, ['bogus', run.id])).rejects.toThrow(/CHK_runs_status|constraint/i);
      await expect(db.dataSource.query(`UPDATE "evaluation_runs" SET "success_rate" = 2 WHERE "id" = ${p(1)}`, [run.id])).rejects.toThrow(/constraint/i);
      await expect(db.dataSource.query(`UPDATE "evaluation_runs" SET "total_cost" = -1 WHERE "id" = ${p(1)}`, [run.id])).rejects.toThrow(/constraint/i);
      await expect(
        db.dataSource.query(`UPDATE "evaluation_runs" SET "total_items" = 1, "successful_items" = 2 WHERE "id" = ${p(1)}`, [run.id]),
      ).rejects.toThrow(/constraint/i);
      await expect(
        db.dataSource.query(`INSERT INTO "run_comparisons" ("run1_id", "run2_id", "options_fingerprint", "result") VALUES (${p(1)}, ${p(2)}, 'x', '{}')`, [run.id, run.id]),
      ).rejects.toThrow(/constraint/i);
      await expect(
        db.dataSource.query(
          `INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number", "status") ` +
            `VALUES ((SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ${p(1)}), 'i', 0, 'weird')`,
          [run.id],
        ),
      ).rejects.toThrow(/CHK_items_status|constraint/i);
      // an item of no run: the foreign key on run_key
      await expect(
        db.dataSource.query(`INSERT INTO "evaluation_items" ("run_key", "item_id", "sequence_number") VALUES (987654, 'i', 0)`),
      ).rejects.toThrow(/FK_items_run|FOREIGN KEY|constraint/i);
    });

    it('deletes a run with its items, metrics, tags and comparisons', async () => {
      const a = await db.runs.createRun({ name: 'a', tags: ['t'], metricsUsed: ['m'] });
      const b = await db.runs.createRun({ name: 'b' });
      await db.runs.addItems(a.id, [{ itemId: '1', scores: { m: 1 } }, { itemId: '2', scores: { m: 0 } }]);
      await db.runs.computeRunMetrics(a.id);
      const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
      await db.dataSource.query(
        `INSERT INTO "run_comparisons" ("run1_id", "run2_id", "options_fingerprint", "result") VALUES (${p(1)}, ${p(2)}, 'f', '{}'), (${p(3)}, ${p(4)}, 'f', '{}')`,
        [a.id, b.id, b.id, a.id],
      );
      await db.runs.deleteRun(a.id);
      for (const table of ['evaluation_items', 'run_metrics', 'run_tags', 'run_comparisons']) {
        const [row] = await db.dataSource.query(`SELECT COUNT(*) AS n FROM "${table}"`);
        expect([table, Number(row.n)]).toEqual([table, 0]);
      }
      expect(await db.runs.getRun(b.id)).not.toBeNull();
    });
  });

  describe('addItems', () => {
    let run: RunRecord;
    beforeEach(async () => {
      await clean();
      run = await db.runs.createRun({ name: 'items', metricsUsed: ['exact_match', 'contains'] });
    });

    it('stores every field and numbers items in order, continuing across batches', async () => {
      const started = new Date(Date.UTC(2026, 10, 1, 0, 0, 0, 5));
      await db.runs.addItems(run.id, [
        {
          itemId: 'q1',
          input: { question: 'Capital of France?' },
          expectedOutput: 'Paris',
          actualOutput: 'Paris',
          responseTime: 0.41,
          tokensUsed: 12,
          cost: 0.0001,
          scores: { exact_match: 1, contains: true },
          metadata: { source: 'wiki' },
          startedAt: started,
          completedAt: started,
          traceId: 'trace-1',
        },
      ]);
      await db.runs.addItems(run.id, [{ itemId: 'q2', status: 'failed', errorMessage: 'timeout', errorType: 'TimeoutError' }]);
      const page = await db.runs.listItems(run.id);
      expect(page.total).toBe(2);
      expect(page.items.map((i) => [i.itemId, i.sequenceNumber])).toEqual([
        ['q1', 0],
        ['q2', 1],
      ]);
      expect(page.items[0]).toMatchObject({
        input: { question: 'Capital of France?' },
        scores: { exact_match: 1, contains: true },
        metadata: { source: 'wiki' },
        tokensUsed: 12,
        traceId: 'trace-1',
      });
      expect(page.items[0]!.startedAt!.toISOString()).toBe(started.toISOString());
      expect(page.items[1]).toMatchObject({ status: 'failed', errorType: 'TimeoutError' });
    });

    it('inserts large batches in chunks under the bound-parameter limit, atomically', async () => {
      const items = Array.from({ length: 4_321 }, (_, i) => ({ itemId: `item-${i}`, actualOutput: `o${i}`, scores: { exact_match: i % 2 } }));
      expect(await db.runs.addItems(run.id, items)).toBe(4_321);
      const page = await db.runs.listItems(run.id, { limit: 1 });
      expect(page.total).toBe(4_321);
    });

    it('leaves out only a duplicate item id (within a batch or against stored items) and stores the rest of the batch', async () => {
      await db.runs.addItems(run.id, [{ itemId: 'a' }]);
      const twice = await db.runs.addItems(run.id, [{ itemId: 'b' }, { itemId: 'b' }]).catch((e) => e);
      expect(twice).toBeInstanceOf(ItemsRejectedError);
      expect(twice.rejected.map((r: RejectedItem) => [r.itemId, r.index, r.error.constructor])).toEqual([['b', 1, DuplicateItemError]]);
      const many = Array.from({ length: 1_200 }, (_, i) => ({ itemId: `x${i}` }));
      many.push({ itemId: 'a' });
      const error = await db.runs.addItems(run.id, many).catch((e) => e);
      expect(error).toBeInstanceOf(ItemsRejectedError);
      expect(error.stored).toBe(1_200);
      expect(error.rejected).toHaveLength(1);
      expect(error.rejected[0].error).toBeInstanceOf(DuplicateItemError);
      expect(error.rejected[0].error.itemId).toBe('a');
      expect(error.message).toContain('"a"');
      expect((await db.runs.listItems(run.id)).total).toBe(1 + 1 + 1_200);
    });

    it('stores the other rows of a chunk the database refuses because of one row', async () => {
      await db.runs.addItems(run.id, [{ itemId: 'ok-1099', sequenceNumber: 5000 }]);
      const items = Array.from({ length: 1_100 }, (_, i) => ({ itemId: `ok-${i}` }));
      const error = await db.runs.addItems(run.id, items).catch((e) => e);
      expect(error).toBeInstanceOf(ItemsRejectedError);
      expect(error.rejected.map((r: RejectedItem) => r.itemId)).toEqual(['ok-1099']);
      expect(error.rejected[0].error).toBeInstanceOf(DuplicateItemError);
      expect((await db.runs.listItems(run.id, { limit: 1 })).total).toBe(1_100);
    });

    it('validates each item before writing and leaves out only the invalid ones, naming item and field', async () => {
      const cases: Array<[ItemInput, RegExp]> = [
        [{ itemId: 'a', status: 'done' as never }, /status/],
        [{ itemId: 'b', responseTime: -1 }, /responseTime/],
        [{ itemId: 'c', tokensUsed: 1.5 }, /tokensUsed/],
        [{ itemId: '' }, /itemId/],
        [{ itemId: 'e', scores: { m: 'high' as never } }, /scores\.m/],
        [{ itemId: 'f', scores: { m: Number.NaN } }, /scores\.m/],
        [{ itemId: 'g', errorType: 'E'.repeat(256) }, /errorType/],
        [{ itemId: 'h', input: { big: BigInt(1) } }, /input/],
      ];
      for (const [item, field] of cases) {
        const error = await db.runs.addItems(run.id, [item]).catch((e) => e);
        expect(error).toBeInstanceOf(ItemsRejectedError);
        expect(error.rejected[0].error).toBeInstanceOf(ValidationError);
        expect(error.rejected[0].error.message).toMatch(field);
      }
      expect((await db.runs.listItems(run.id)).total).toBe(0);
      const mixed = await db.runs.addItems(run.id, [{ itemId: 'good-1' }, cases[1]![0], { itemId: 'good-2' }]).catch((e) => e);
      expect(mixed.rejected.map((r: RejectedItem) => [r.itemId, r.index, (r.error as ValidationError).field])).toEqual([['b', 1, 'responseTime']]);
      expect((await db.runs.listItems(run.id)).items.map((i) => i.itemId)).toEqual(['good-1', 'good-2']);
    });

    it('filters items by status, score range and text, with totals and cursor pages', async () => {
      await db.runs.addItems(run.id, [
        { itemId: 'i1', actualOutput: 'Paris is the capital', scores: { exact_match: 1, contains: true }, responseTime: 0.5 },
        { itemId: 'i2', actualOutput: 'Lyon', scores: { exact_match: 0, contains: false }, responseTime: 2.5 },
        { itemId: 'i3', status: 'failed', errorMessage: 'Request timeout after 30s', scores: { exact_match: { error: 'no output' } } },
        { itemId: 'i4', actualOutput: '100% sure: PARIS', scores: { exact_match: 0.5 }, responseTime: 1.5 },
      ]);
      const ids = async (o: Parameters<Database['runs']['listItems']>[1]) => (await db.runs.listItems(run.id, o)).items.map((i) => i.itemId);
      expect(await ids({ status: 'failed' })).toEqual(['i3']);
      expect(await ids({ status: ['failed', 'completed'] })).toEqual(['i1', 'i2', 'i3', 'i4']);
      expect(await ids({ metric: 'exact_match', minScore: 0.5 })).toEqual(['i1', 'i4']);
      expect(await ids({ metric: 'exact_match', maxScore: 0 })).toEqual(['i2']);
      expect(await ids({ metric: 'contains', minScore: 1 })).toEqual(['i1']);
      expect(await ids({ text: 'paris' })).toEqual(['i1', 'i4']);
      expect(await ids({ text: 'TIMEOUT' })).toEqual(['i3']);
      expect(await ids({ text: '100%' })).toEqual(['i4']);
      expect(await ids({ text: '_' })).toEqual([]);
      expect(await ids({ sort: 'responseTime' })).toEqual(['i2', 'i4', 'i1', 'i3']);
      const first = await db.runs.listItems(run.id, { sort: 'responseTime', limit: 3 });
      expect(first.total).toBe(4);
      const second = await db.runs.listItems(run.id, { sort: 'responseTime', limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((i) => i.itemId)).toEqual(['i3']);
      expect(second.nextCursor).toBeNull();
      const filtered = await db.runs.listItems(run.id, { text: 'paris', limit: 1 });
      expect(filtered).toMatchObject({ total: 2 });
      await expect(db.runs.listItems(run.id, { minScore: 1 })).rejects.toThrow(/metric/);
      // A metric no item has a score for: nothing, not an error (names with quotes are reached: item-score-metric-names).
      await expect(db.runs.listItems(run.id, { metric: 'a"b', minScore: 1 })).resolves.toMatchObject({ items: [], total: 0 });
    });
  });

  describe('listRuns', () => {
    const runs: RunRecord[] = [];
    beforeAll(async () => {
      await clean();
      const statuses = ['completed', 'failed', 'running', 'cancelled'] as const;
      for (let i = 0; i < 37; i++) {
        runs.push(
          await db.runs.createRun({
            name: `run ${String(i).padStart(2, '0')} ${i % 3 === 0 ? 'Capitals quiz' : 'math'}`,
            description: i === 5 ? 'Checks the 100% rule' : null,
            projectId: i % 2 === 0 ? 'alpha' : 'beta',
            datasetName: i % 3 === 0 ? 'qa-capitals' : 'gsm8k',
            modelName: i % 4 === 0 ? 'gpt-4o' : 'llama-3',
            status: statuses[i % 4],
            createdBy: i % 5 === 0 ? 'ana' : 'bo',
            tags: i % 2 === 0 ? ['nightly', i % 3 === 0 ? 'v2' : 'v1'] : ['adhoc'],
            // Some runs share a timestamp, so ties must be broken by id.
            createdAt: new Date(BASE + Math.floor(i / 2) * DAY),
            successRate: (i % 10) / 10,
            // Every ninth run has no items: it has no success rate, whatever its stored 0 says.
            totalItems: i % 9 === 8 ? 0 : 10,
            durationSeconds: (i * 7) % 50,
          }),
        );
      }
    });

    const expected = (pred: (r: RunRecord) => boolean) => runs.filter(pred).map((r) => r.id).sort();
    const got = async (o: Parameters<Database['runs']['listRuns']>[0]) => {
      const page = await db.runs.listRuns({ ...o, limit: 1000 });
      expect(page.total).toBe(page.runs.length);
      return page.runs.map((r) => r.id).sort();
    };

    it('applies each filter in SQL and counts the total under it', async () => {
      expect(await got({ projectId: 'alpha' })).toEqual(expected((r) => r.projectId === 'alpha'));
      expect(await got({ datasetName: 'qa-capitals' })).toEqual(expected((r) => r.datasetName === 'qa-capitals'));
      expect(await got({ modelName: 'gpt-4o' })).toEqual(expected((r) => r.modelName === 'gpt-4o'));
      expect(await got({ status: 'failed' })).toEqual(expected((r) => r.status === 'failed'));
      expect(await got({ status: ['failed', 'cancelled'] })).toEqual(expected((r) => r.status === 'failed' || r.status === 'cancelled'));
      expect(await got({ createdBy: 'ana' })).toEqual(expected((r) => r.createdBy === 'ana'));
      expect(await got({ tags: ['nightly', 'v2'] })).toEqual(expected((r) => r.tags.includes('nightly') && r.tags.includes('v2')));
      expect(await got({ anyTags: ['v2', 'adhoc'] })).toEqual(expected((r) => r.tags.includes('v2') || r.tags.includes('adhoc')));
      const after = new Date(BASE + 10 * DAY);
      const before = new Date(BASE + 15 * DAY);
      expect(await got({ createdAfter: after, createdBefore: before })).toEqual(
        expected((r) => r.createdAt >= after && r.createdAt < before),
      );
      expect(await got({ minSuccessRate: 0.8 })).toEqual(expected((r) => r.successRate >= 0.8 && r.totalItems > 0));
      expect(await got({ maxSuccessRate: 0.2 })).toEqual(expected((r) => r.successRate <= 0.2 && r.totalItems > 0));
      expect(await got({ maxSuccessRate: 1 })).toHaveLength(runs.filter((r) => r.totalItems > 0).length);
      // A running run, or a cancel nobody finalised, has no duration yet: no duration bound takes it.
      const seconds = (r: RunRecord) => knownDurationSeconds(r);
      expect(await got({ minDurationSeconds: 10, maxDurationSeconds: 20 })).toEqual(
        expected((r) => seconds(r) !== null && seconds(r)! >= 10 && seconds(r)! <= 20),
      );
      expect(await got({ projectId: 'alpha', status: 'completed', modelName: 'gpt-4o' })).toEqual(
        expected((r) => r.projectId === 'alpha' && r.status === 'completed' && r.modelName === 'gpt-4o'),
      );
    });

    it('searches name, description and dataset name case-insensitively through the text index', async () => {
      expect(await got({ text: 'capitals' })).toEqual(expected((r) => /capitals/i.test(`${r.name} ${r.datasetName}`)));
      expect(await got({ text: 'CAPITALS QUIZ' })).toEqual(expected((r) => /capitals quiz/i.test(r.name)));
      expect(await got({ text: 'gsm8k' })).toEqual(expected((r) => r.datasetName === 'gsm8k'));
      expect(await got({ text: '100% rule' })).toEqual([runs[5]!.id]);
      expect(await got({ text: '0%' })).toEqual([runs[5]!.id]);
      expect(await got({ text: 'zz' })).toEqual([]);
      expect(await got({ text: 'run 0' })).toEqual(expected((r) => r.name.startsWith('run 0')));
    });

    it('keeps user text out of SQL: injection strings are just text', async () => {
      const nasty = [`'; DROP TABLE evaluation_runs; --`, `" OR 1=1 --`, `%' OR '1'='1`, `\\`, `"quoted"`, `NEAR(a b)`, `*`];
      for (const text of nasty) {
        expect(await got({ text })).toEqual([]);
        expect(await got({ datasetName: text })).toEqual([]);
      }
      await expect(db.runs.listRuns({ sort: 'name; DROP TABLE x' as never })).rejects.toBeInstanceOf(ValidationError);
      await expect(db.runs.listRuns({ direction: 'up' as never })).rejects.toBeInstanceOf(ValidationError);
      await expect(db.runs.listRuns({ status: "completed' OR '1'='1" as never })).rejects.toBeInstanceOf(ValidationError);
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(37);
    });

    it.each([
      ['createdAt', 'desc'],
      ['createdAt', 'asc'],
      ['name', 'asc'],
      ['status', 'desc'],
      ['successRate', 'desc'],
      ['durationSeconds', 'asc'],
    ] as const)('pages by cursor through sort %s %s without gaps or repeats', async (sort, direction) => {
      const all = await db.runs.listRuns({ sort, direction, limit: 1000 });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await db.runs.listRuns({ sort, direction, limit: 5, cursor });
        expect(page.total).toBe(37);
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(8);
      expect(seen).toEqual(all.runs.map((r) => r.id));
      expect(new Set(seen).size).toBe(37);
      // The order is the requested one, ties broken by id; a run of unknown duration comes after every known one.
      const unknownLast = direction === 'asc' ? Infinity : -Infinity;
      const key = (r: RunRecord) =>
        sort === 'createdAt' ? r.createdAt.getTime() : sort === 'durationSeconds' ? (knownDurationSeconds(r) ?? unknownLast) : r[sort];
      for (let i = 1; i < all.runs.length; i++) {
        const [a, b] = [all.runs[i - 1]!, all.runs[i]!];
        const cmp = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1;
        expect(direction === 'asc' ? cmp : -cmp).toBe(-1);
      }
    });

    it('pages by cursor under a filter and by offset', async () => {
      const filter = { projectId: 'alpha', status: ['completed', 'running'] as ('completed' | 'running')[] };
      const first = await db.runs.listRuns({ ...filter, limit: 4 });
      const second = await db.runs.listRuns({ ...filter, limit: 4, cursor: first.nextCursor! });
      const byOffset = await db.runs.listRuns({ ...filter, limit: 4, offset: 4 });
      expect(second.runs.map((r) => r.id)).toEqual(byOffset.runs.map((r) => r.id));
      expect(first.total).toBe(expected((r) => r.projectId === 'alpha' && ['completed', 'running'].includes(r.status)).length);
    });

    it('rejects foreign or malformed cursors', async () => {
      const page = await db.runs.listRuns({ sort: 'name', limit: 2 });
      await expect(db.runs.listRuns({ sort: 'successRate', cursor: page.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(db.runs.listRuns({ cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(db.runs.listRuns({ cursor: page.nextCursor!, offset: 2 })).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('computeRunMetrics', () => {
    beforeEach(clean);

    it('computes per-metric statistics and run totals from the items and stores them', async () => {
      const run = await db.runs.createRun({ name: 'm', metricsUsed: ['exact_match', 'contains', 'relevancy', 'unused'] });
      await db.runs.addItems(run.id, [
        { itemId: '0', scores: { exact_match: 1, contains: true, relevancy: 0.93 }, responseTime: 0.412, tokensUsed: 10, cost: 0.5 },
        { itemId: '1', scores: { exact_match: 0, contains: true, relevancy: 0.88 }, responseTime: 1.207, tokensUsed: 20, cost: 0.25 },
        { itemId: '2', scores: { exact_match: 0, contains: false, relevancy: { error: 'invalid JSON' } }, responseTime: 0.655 },
        { itemId: '3', status: 'failed', errorMessage: 'timeout' },
        { itemId: '4', scores: { exact_match: 1, contains: true, relevancy: 0.97 }, responseTime: 0.388 },
      ]);
      const metrics = await db.runs.computeRunMetrics(run.id);
      const byName = Object.fromEntries(metrics.map((m) => [m.metricName, m]));
      // Same figures as the Python tool's export of this data (python-export-sample.json).
      expect(byName.exact_match).toMatchObject({ metricType: 'numeric', mean: 0.5, min: 0, max: 1, totalEvaluated: 4, successfulEvaluations: 4, failedEvaluations: 0 });
      expect(byName.exact_match!.stdDev).toBeCloseTo(0.5773502691896257, 12);
      expect(byName.contains).toMatchObject({ metricType: 'boolean', mean: 0.75 });
      expect(byName.contains!.stdDev).toBeCloseTo(0.5, 12);
      expect(byName.relevancy!.mean).toBeCloseTo(0.9266666666666666, 12);
      expect(byName.relevancy!.stdDev).toBeCloseTo(0.04509249752822893, 12);
      expect(byName.relevancy).toMatchObject({ totalEvaluated: 4, successfulEvaluations: 3, failedEvaluations: 1, median: 0.93 });
      expect(byName.relevancy!.percentiles!.p25).toBeCloseTo(0.905, 12);
      expect(byName.relevancy!.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(3);
      expect(byName.unused).toMatchObject({ totalEvaluated: 0, mean: null });

      const stored = await db.runs.getRun(run.id);
      expect(stored!.metrics.map((m) => m.metricName)).toEqual(['contains', 'exact_match', 'relevancy', 'unused']);
      expect(stored!.metrics.find((m) => m.metricName === 'relevancy')!.percentiles).toEqual(byName.relevancy!.percentiles);
      expect(stored).toMatchObject({ totalItems: 5, successfulItems: 4, failedItems: 1, successRate: 0.8, totalTokens: 30, totalCost: 0.75 });
      expect(stored!.avgResponseTime).toBeCloseTo((0.412 + 1.207 + 0.655 + 0.388) / 4, 12);
      expect(stored).toMatchObject({ minResponseTime: 0.388, maxResponseTime: 1.207 });

      // Recomputing replaces, never duplicates.
      await db.runs.addItems(run.id, [{ itemId: '5', scores: { exact_match: 1 } }]);
      await db.runs.computeRunMetrics(run.id);
      const again = await db.runs.getRunMetrics(run.id);
      expect(again).toHaveLength(4);
      expect(again.find((m) => m.metricName === 'exact_match')!.mean).toBeCloseTo(0.6, 12);
    });

    it('throws RunNotFoundError for an unknown run', async () => {
      await expect(db.runs.computeRunMetrics('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(RunNotFoundError);
    });
  });

  describe('transactions', () => {
    beforeEach(clean);

    it('leaves nothing behind when createRun fails after its first step', async () => {
      // The project insert succeeds, then the run insert violates the primary key: both roll back.
      const first = await db.runs.createRun({ name: 'a' });
      await expect(db.runs.createRun({ id: first.id, name: 'b', projectId: 'ghost-project', tags: ['x'] })).rejects.toThrow(/already exists/);
      expect(await db.dataSource.query(`SELECT "id" FROM "projects"`)).toEqual([]);
      expect((await db.runs.listRuns()).total).toBe(1);
    });

    it('imports a whole run in one transaction, or nothing of it', async () => {
      const imported = await db.runs.importRun(
        { name: 'imported', projectId: 'imports', metricsUsed: ['exact_match'], status: 'completed', durationSeconds: 4.81 },
        [
          { itemId: 'a', scores: { exact_match: 1 }, responseTime: 0.5 },
          { itemId: 'b', status: 'failed', errorMessage: 'boom' },
        ],
      );
      expect(imported).toMatchObject({ status: 'completed', totalItems: 2, successfulItems: 1, failedItems: 1, successRate: 0.5, durationSeconds: 4.81 });
      expect(imported.metrics[0]).toMatchObject({ metricName: 'exact_match', mean: 1, totalEvaluated: 1 });

      const bad = await db.runs
        .importRun({ name: 'broken', projectId: 'never-created', tags: ['x'] }, [{ itemId: 'a' }, { itemId: 'b', responseTime: -1 }])
        .catch((e) => e);
      expect(bad).toBeInstanceOf(ValidationError);
      expect((await db.runs.listRuns()).runs.map((r) => r.name)).toEqual(['imported']);
      expect(await db.dataSource.query(`SELECT "id" FROM "projects" WHERE "id" = 'never-created'`)).toEqual([]);
    });

    it('serialises concurrent writers without losing or mixing batches', async () => {
      const run = await db.runs.createRun({ name: 'concurrent' });
      await Promise.all(
        Array.from({ length: 8 }, (_, b) =>
          db.runs.addItems(run.id, Array.from({ length: 50 }, (_, i) => ({ itemId: `b${b}-${i}`, sequenceNumber: b * 50 + i }))),
        ),
      );
      expect((await db.runs.listItems(run.id)).total).toBe(400);
    });
  });
});
