import { dialectOf } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

const NAMES = { nul: 'nul\u0000here', esc: 'esc\uFDD0here', plain: 'plain' };

// A project's summary lists the datasets and models its runs used, with how many runs used each. Those names were
// read by a GROUP BY of raw rows, which skips the entity hooks that decode stored text, so a NUL came out in its
// stored form ("nul\uFDD00000here") in `GET /api/v1/projects/:id` and `llm-eval projects show`. countRunsByName reads
// them decoded, as every other reader does.
describe.each(DATABASE_KINDS)('dataset and model names of a project on %s', (kind) => {
  const t = useMigratedDatabase(kind);

  beforeAll(async () => {
    for (const [dataset, model, n] of [
      [NAMES.nul, NAMES.esc, 2],
      [NAMES.esc, NAMES.nul, 1],
      [NAMES.plain, null, 3],
    ] as const) {
      for (let i = 0; i < n; i++) await t.db.runs.createRun({ name: `r${i}`, projectId: 'hostile', datasetName: dataset, modelName: model });
    }
    await t.db.runs.createRun({ name: 'elsewhere', projectId: 'other', datasetName: NAMES.nul });
  });

  it('a raw GROUP BY sees names in their stored form (what the summary printed)', async () => {
    const p = dialectOf(t.db.dataSource).param(1);
    const rows: Array<{ name: string }> = await t.db.dataSource.query(
      `SELECT "dataset_name" AS "name" FROM "evaluation_runs" WHERE "project_id" = ${p} AND "dataset_name" IS NOT NULL GROUP BY "dataset_name"`,
      ['hostile'],
    );
    expect(rows.map((r) => r.name)).toContain('nul\uFDD00000here');
  });

  it('reads each name exactly as given, NUL and U+FDD0 included, with its run count, most used first', async () => {
    expect(await t.db.runs.countRunsByName('hostile', 'datasetName')).toEqual([
      { name: NAMES.plain, runs: 3 },
      { name: NAMES.nul, runs: 2 },
      { name: NAMES.esc, runs: 1 },
    ]);
    expect(await t.db.runs.countRunsByName('hostile', 'modelName')).toEqual([
      { name: NAMES.esc, runs: 2 },
      { name: NAMES.nul, runs: 1 },
    ]);
    expect(await t.db.runs.countRunsByName('nobody', 'modelName')).toEqual([]);
  });
});
