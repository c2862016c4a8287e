import { MAX_JSON_DEPTH, ValidationError } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A run's config, metric configs or environment nested past 1,000 levels passed storage's checks, then SQLite's
// integrity rule refused it as "evaluation_runs.config must be NULL or a JSON object" (SQLite reads JSON no deeper).
// Runs now have the items' depth limit, with the same message on both databases.
describe.each(DATABASE_KINDS)('run JSON nested too deep, on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  const nested = (levels: number) => {
    let value: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < levels; i++) value = { k: value };
    return value;
  };

  it.each(['config', 'metricConfigs', 'environment'] as const)('refuses %s nested past the limit, naming it; stores one at the limit', async (field) => {
    const error = await testDb.db.runs.createRun({ name: `deep ${field}`, [field]: nested(1_500) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).toContain(`nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`);
    const atLimit = await testDb.db.runs.createRun({ name: `at limit ${field}`, [field]: nested(MAX_JSON_DEPTH) });
    expect((await testDb.db.runs.getRun(atLimit.id))?.name).toBe(`at limit ${field}`);
  });
});
