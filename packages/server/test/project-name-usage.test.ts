import { DATABASE_KINDS, useServer } from './server-harness';

const NUL = 'nul\u0000here';
const ESC = 'esc\uFDD0here';

// A project's summary lists the datasets and models its runs used. They were read with a raw GROUP BY, which skips
// the entity hooks that decode stored text, so a NUL came back in its stored form ("nul\uFDD00000here"). The route
// now reads them with storage's countRunsByName, which decodes them.
describe.each(DATABASE_KINDS)('dataset and model names of GET /api/v1/projects/:id on %s', (kind) => {
  const api = useServer(kind);

  beforeAll(async () => {
    const runs = api.server.database.runs;
    for (let i = 0; i < 2; i++) await runs.createRun({ name: `nul-${i}`, projectId: 'hostile', datasetName: NUL, modelName: ESC });
    await runs.createRun({ name: 'esc', projectId: 'hostile', datasetName: ESC, modelName: NUL });
    for (let i = 0; i < 3; i++) await runs.createRun({ name: `plain-${i}`, projectId: 'hostile', datasetName: 'plain' });
    // Another project's names are not counted.
    await runs.createRun({ name: 'elsewhere', projectId: 'other', datasetName: NUL, modelName: NUL });
  });

  it('names each dataset and model exactly as given, NUL and U+FDD0 included, most used first', async () => {
    const res = await api.json('/api/v1/projects/hostile');
    expect(res.status).toBe(200);
    expect(res.body.datasets).toEqual([
      { name: 'plain', runs: 3 },
      { name: NUL, runs: 2 },
      { name: ESC, runs: 1 },
    ]);
    expect(res.body.models).toEqual([
      { name: ESC, runs: 2 },
      { name: NUL, runs: 1 },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('\uFDD00000');
  });
});
