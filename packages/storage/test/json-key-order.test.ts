import { Project } from '@llm-eval/models';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// PostgreSQL's jsonb sorts an object's keys (shortest first, then bytewise), SQLite's text keeps them: the same run
// exported differently by database, and an item's input no longer agreed with its output. User objects are `json`
// on PostgreSQL, which keeps the text as written. Expectations are JSON.parse of the original text: JS itself puts
// integer-like keys ("10", "2") first, whatever the database does.
const INPUT_TEXT = '{"question":"Q?","context":"C","a":1,"10":"ten","2":"two","b":{"zeta":1,"alpha":{"y":[{"mm":1,"aa":2}],"x":2}},"__proto__":{"own":true}}';
const METADATA_TEXT = '{"zeta":1,"alpha":2,"mm":3,"nested":{"b":1,"a":2,"10":3,"2":4}}';
const CONFIG_TEXT = '{"temperature":0.2,"model":"m","max_tokens":5,"prompt":{"system":"s","few_shot":[{"q":1,"a":2}]},"10":1,"2":2,"b":1,"a":1}';

const parsed = (text: string) => JSON.parse(text) as Record<string, unknown>;
/** The key order at every depth, as JSON text. */
const ordered = (value: unknown) => JSON.stringify(value);

describe.each(DATABASE_KINDS)('JSON objects keep their key order on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  it('keeps the key order of an item’s input and metadata, nested objects too', async () => {
    const run = await handle.db.runs.createRun({ name: 'key order of items' });
    await handle.db.runs.addItems(run.id, [
      { itemId: 'k1', input: parsed(INPUT_TEXT), metadata: parsed(METADATA_TEXT), actualOutput: 'x', scores: {} },
      { itemId: 'k2', input: [parsed(METADATA_TEXT), 'text'], metadata: null, scores: {} },
    ]);
    const { items } = await handle.db.runs.listItems(run.id);
    expect(items.map((item) => ordered(item.input))).toEqual([ordered(parsed(INPUT_TEXT)), ordered([parsed(METADATA_TEXT), 'text'])]);
    expect(ordered(items[0]!.metadata)).toBe(ordered(parsed(METADATA_TEXT)));
    // A "__proto__" key is still an own key, not the object's prototype.
    expect(Object.keys(items[0]!.input as object)).toContain('__proto__');
    expect(ordered(items[0]!.input)).toContain('"__proto__":{"own":true}');
  });

  it('keeps the key order of a run’s config, environment and metric configs on create, read, list, update and import', async () => {
    const fields = {
      config: parsed(CONFIG_TEXT),
      environment: parsed(METADATA_TEXT),
      metricConfigs: { rouge_l: { zeta: 1, alpha: 2 }, bleu: { n: 4, smooth: true } },
    };
    const want = { config: ordered(fields.config), environment: ordered(fields.environment), metricConfigs: ordered(fields.metricConfigs) };
    const orderOf = (run: { config: unknown; environment: unknown; metricConfigs: unknown }) => ({
      config: ordered(run.config),
      environment: ordered(run.environment),
      metricConfigs: ordered(run.metricConfigs),
    });

    const created = await handle.db.runs.createRun({ name: 'key order of a run', ...fields });
    expect(orderOf(created)).toEqual(want);
    expect(orderOf((await handle.db.runs.getRun(created.id))!)).toEqual(want);
    const listed = (await handle.db.runs.listRuns({ limit: 100 })).runs.find((r) => r.id === created.id)!;
    expect(orderOf(listed)).toEqual(want);

    const updated = await handle.db.runs.updateRun(created.id, { config: parsed(METADATA_TEXT) });
    expect(ordered(updated.config)).toBe(ordered(parsed(METADATA_TEXT)));

    const imported = await handle.db.runs.importRun({ name: 'imported key order', status: 'completed', ...fields }, [
      { itemId: 'i1', status: 'completed', input: parsed(INPUT_TEXT), metadata: parsed(METADATA_TEXT), scores: {} },
    ], { origin: { format: 'llm-eval', contentHash: 'h-key-order', sourceRunId: null } });
    // The import origin is added after the user's keys.
    expect(ordered(imported.config)).toBe(ordered({ ...fields.config, import: { format: 'llm-eval', contentHash: 'h-key-order', sourceRunId: null } }));
    expect(ordered(imported.environment)).toBe(want.environment);
    const [item] = (await handle.db.runs.listItems(imported.id)).items;
    expect(ordered(item!.input)).toBe(ordered(parsed(INPUT_TEXT)));
    // The duplicate check still reads the origin out of the config.
    await expect(
      handle.db.runs.importRun({ name: 'again' }, [], { origin: { format: 'llm-eval', contentHash: 'h-key-order', sourceRunId: null } }),
    ).rejects.toThrow(/already/i);
  });

  it('keeps the key order of a project’s settings', async () => {
    const repo = handle.db.dataSource.getRepository(Project);
    await repo.save(repo.create({ id: 'key-order', name: 'key order', settings: parsed(CONFIG_TEXT) }));
    const project = await repo.findOneByOrFail({ id: 'key-order' });
    expect(ordered(project.settings)).toBe(ordered(parsed(CONFIG_TEXT)));
  });

  if (kind === 'postgres') {
    it('stores user objects as json, keeping the scores jsonb', async () => {
      const rows: Array<{ table_name: string; column_name: string; data_type: string }> = await handle.db.dataSource.query(
        `SELECT "table_name", "column_name", "data_type" FROM information_schema.columns WHERE "table_schema" = current_schema() ` +
          `AND "data_type" IN ('json', 'jsonb') ORDER BY 1, 2`,
      );
      expect(rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
        'evaluation_items.input json',
        'evaluation_items.metadata json',
        'evaluation_items.scores jsonb',
        'evaluation_runs.config json',
        'evaluation_runs.environment json',
        'evaluation_runs.metric_configs json',
        'evaluation_runs.metrics_used jsonb',
        'evaluation_runs.tags jsonb',
        'projects.settings json',
        'run_comparisons.result jsonb',
        'run_metrics.histogram jsonb',
        'run_metrics.percentiles jsonb',
      ]);
    });

    it('still refuses a config, environment, metric configs or settings that is not an object', async () => {
      const run = await handle.db.runs.createRun({ name: 'integrity' });
      for (const column of ['config', 'environment', 'metric_configs']) {
        await expect(handle.db.dataSource.query(`UPDATE "evaluation_runs" SET "${column}" = '[1]' WHERE "id" = $1`, [run.id])).rejects.toThrow(
          new RegExp(`CHK_runs_${column}_object`),
        );
      }
      await expect(handle.db.dataSource.query(`UPDATE "projects" SET "settings" = '"text"'`)).rejects.toThrow(/CHK_projects_settings_object/);
    });
  }
});
