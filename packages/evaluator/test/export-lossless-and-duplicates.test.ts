import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuplicateImportError, initializeDatabase, type ItemRecord } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { DatasetError, Evaluator, migrateFromEvaluationResult, readExportFile, storedRunToExport, type EvaluationExport } from '../src';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-lossless-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Outputs a spreadsheet would run as formulas, a plain negative number as text, and an ordinary answer. */
const OUTPUTS: Record<string, unknown> = { f: '=1+2', s: '@SUM(A1)', p: '+cmd|calc', t: '\tx', n: '-0.5', ok: 'Paris', obj: { a: 1 } };

function evaluator(databaseUrl?: string) {
  return new Evaluator({
    task: (input) => {
      if (input === 'boom') throw new TypeError('=2*3 failed');
      return OUTPUTS[input as string];
    },
    dataset: [...Object.keys(OUTPUTS).map((id) => ({ id, input: id, expected: id === 'ok' ? 'Paris' : '=0' })), { id: 'x', input: 'boom', expected: '?' }],
    // A negative number score stays a number in CSV.
    metrics: ['exact_match', { name: 'shift', fn: () => -0.5 }],
    config: {
      storeRuns: databaseUrl !== undefined,
      databaseUrl,
      runName: 'lossless',
      datasetName: 'odd-outputs',
      modelName: 'echo',
      modelVersion: '2026-12',
      description: 'a run to export',
      projectId: 'proj-e',
      tags: ['nightly', 'e'],
      createdBy: 'ana',
      maxConcurrency: 1,
    },
  });
}

async function allItems(url: string, runId: string): Promise<{ doc: EvaluationExport; items: ItemRecord[] }> {
  const db = await initializeDatabase({ url });
  try {
    const run = await db.runs.requireRun(runId);
    const { items } = await db.runs.listItems(runId, { limit: 1000 });
    return { doc: storedRunToExport(run, items), items };
  } finally {
    await db.close();
  }
}

describe('CSV written by result.save escapes formula-like text cells (OWASP)', () => {
  it('prefixes = + - @ tab text with a quote and keeps numbers numbers', async () => {
    const result = await evaluator().run();
    const file = path.join(dir, 'x.csv');
    await result.save(file);
    const rows: Array<Record<string, string>> = parse(readFileSync(file, 'utf8'), { columns: true });
    const byId = Object.fromEntries(rows.map((r) => [r.id!, r]));
    expect(byId.f!.output).toBe("'=1+2");
    expect(byId.s!.output).toBe("'@SUM(A1)");
    expect(byId.p!.output).toBe("'+cmd|calc");
    expect(byId.t!.output).toBe("'\tx");
    expect(byId.f!.expected).toBe("'=0");
    // Text that is a plain number cannot form a formula: left as it is.
    expect(byId.n!.output).toBe('-0.5');
    expect(byId.ok!['score:shift']).toBe('-0.5');
    expect(byId.ok!.output).toBe('Paris');
    expect(byId.obj!.output).toBe('{"a":1}');
    expect(byId.x!.error).toMatch(/^TypeError: /);
  });
});

describe.each(DATABASE_KINDS)('one export document, lossless import and duplicate detection on %s', (kind) => {
  const source = useEmptyDatabase(kind);
  const target = useEmptyDatabase(kind);

  it('a stored run and its in-memory result become the same document', async () => {
    const result = await evaluator(source.url).run();
    const { doc } = await allItems(source.url, result.runId!);
    const fromResult = JSON.parse(JSON.stringify(result.toJSON())) as EvaluationExport;
    const fromStore = JSON.parse(JSON.stringify(doc)) as EvaluationExport;
    // Storage keeps outputs as text; the statistics are computed on either side.
    fromResult.results.obj!.output = JSON.stringify(fromResult.results.obj!.output);
    for (const d of [fromResult, fromStore]) {
      for (const s of Object.values(d.metric_stats)) s.std = s.std === null ? null : Number(s.std.toFixed(12));
      // The result carries the run's details too (project, tags, configuration, environment, its own times): only the
      // metric configurations are the stored run's alone.
      delete d.llm_eval!.metric_configs;
    }
    expect(fromStore).toEqual(fromResult);
  });

  it('restores project, tags, creator, description and model version on import; explicit options win', async () => {
    const result = await evaluator(source.url).run();
    const { doc } = await allItems(source.url, result.runId!);
    expect(doc.llm_eval).toMatchObject({ project_id: 'proj-e', tags: ['nightly', 'e'], created_by: 'ana', description: 'a run to export', model_version: '2026-12' });
    const file = path.join(dir, `lossless-${kind}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const imported = await migrateFromEvaluationResult(await readExportFile(file), { databaseUrl: target.url });
    const again = await allItems(target.url, imported);
    const strip = (d: EvaluationExport) => ({ ...d, llm_eval: { ...d.llm_eval!, run_id: undefined } });
    expect(strip(again.doc)).toEqual(strip(doc));
    expect(again.doc.llm_eval!.run_id).toBe(imported);

    const overridden = await migrateFromEvaluationResult(doc, { databaseUrl: target.url, allowDuplicate: true, projectId: 'other', tags: ['x'], createdBy: 'bo' });
    const db = await initializeDatabase({ url: target.url });
    try {
      expect(await db.runs.requireRun(overridden)).toMatchObject({ projectId: 'other', tags: ['x'], createdBy: 'bo', description: 'a run to export' });
    } finally {
      await db.close();
    }
  });

  it('refuses an export the database already holds, and imports it again only when asked', async () => {
    const result = await evaluator(source.url).run();
    const { doc } = await allItems(source.url, result.runId!);
    const db = await initializeDatabase({ url: source.url });
    try {
      const before = (await db.runs.listRuns({ limit: 1 })).total;
      // Exported from a run of this very database.
      const fromHere = await migrateFromEvaluationResult(doc, { databaseUrl: source.url }).catch((e: Error) => e);
      expect(fromHere).toBeInstanceOf(DuplicateImportError);
      expect((fromHere as DuplicateImportError).existingRunId).toBe(result.runId);
      // The same data twice, even without its run id (a Python-style copy of the file).
      const anonymous = { ...doc, llm_eval: { ...doc.llm_eval!, run_id: undefined } };
      const first = await migrateFromEvaluationResult(anonymous, { databaseUrl: source.url, allowDuplicate: true });
      const second = await migrateFromEvaluationResult(anonymous, { databaseUrl: source.url, tags: ['different-tags'] }).catch((e: Error) => e);
      expect(second).toBeInstanceOf(DuplicateImportError);
      expect((second as Error).message).toMatch(/already in the database as run .*allow-duplicate/);
      expect((await db.runs.listRuns({ limit: 1 })).total).toBe(before + 1);
      expect((await db.runs.requireRun(first)).config).toMatchObject({ import: { format: 'llm-eval', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    } finally {
      await db.close();
    }
  });

  it('stores nothing when item_order disagrees with the results and errors', async () => {
    const result = await evaluator(source.url).run();
    const { doc } = await allItems(source.url, result.runId!);
    const file = path.join(dir, `edited-${kind}.json`);
    writeFileSync(file, JSON.stringify({ ...doc, llm_eval: { ...doc.llm_eval!, run_id: undefined, item_order: doc.llm_eval!.item_order.slice(1) } }));
    await expect(readExportFile(file)).rejects.toThrow(new DatasetError(`llm_eval.item_order leaves out item "f", which is in "results". The "results" and "errors" are the data and llm_eval.item_order may only reorder them: correct item_order or delete it.`, file));
    const edited = JSON.parse(readFileSync(file, 'utf8')) as EvaluationExport;
    edited.llm_eval!.item_order.push('invented');
    await expect(migrateFromEvaluationResult(edited, { databaseUrl: target.url })).rejects.toThrow(/lists item "invented", which is in neither/);
  });
});
