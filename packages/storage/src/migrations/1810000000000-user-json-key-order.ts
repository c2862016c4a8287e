import type { MigrationInterface, QueryRunner } from 'typeorm';

// PostgreSQL's jsonb stores an object with its keys sorted (shortest first), so a run's config or an item's input
// came back in another order than it was given, and than SQLite (text) gives it back: the same run exported
// differently by database, and an input no longer agreed with the output text it produced. The columns that hold a
// user's objects become `json`, which keeps the text as written (as the Python tool's SQLAlchemy JSON type did).
// None is queried by key at scale: the item text search casts the input to jsonb (compile-item-filter.ts), the
// import duplicate check reads config -> 'import' with json's own operators. Item scores, which are, stay jsonb.
// Rows stored before keep the order jsonb gave them; the conversion rewrites each table once. SQLite keeps text.
const COLUMNS: Record<string, string[]> = {
  evaluation_items: ['input', 'metadata'],
  evaluation_runs: ['metric_configs', 'config', 'environment'],
  projects: ['settings'],
};

/**
 * The integrity rules of migration 1806000000000 on these columns ("NULL or an object"), which name jsonb_typeof and
 * so must be dropped for the type change and added again for the new type; NOT VALID as they were.
 */
const OBJECT_CHECKS: Record<string, Array<{ name: string; column: string }>> = {
  evaluation_runs: ['metric_configs', 'config', 'environment'].map((column) => ({ name: `CHK_runs_${column}_object`, column })),
  projects: [{ name: 'CHK_projects_settings_object', column: 'settings' }],
  evaluation_items: [],
};

function convert(to: 'json' | 'jsonb'): string[] {
  const typeOf = to === 'json' ? 'json_typeof' : 'jsonb_typeof';
  return Object.entries(COLUMNS).flatMap(([table, columns]) => {
    const checks = OBJECT_CHECKS[table] ?? [];
    // One ALTER TABLE per table: one rewrite of it, however many columns change.
    const changes = [
      ...checks.map(({ name }) => `DROP CONSTRAINT "${name}"`),
      ...columns.map((c) => `ALTER COLUMN "${c}" TYPE ${to} USING "${c}"::${to}`),
    ];
    return [
      `ALTER TABLE "${table}" ${changes.join(', ')}`,
      ...checks.map(({ name, column }) => `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${typeOf}("${column}") = 'object') NOT VALID`),
    ];
  });
}

/**
 * The import duplicate check (import-origin.ts) looks a run up by its config's import content hash: on json that
 * expression parses every run's config text (about 10× the time jsonb took: 0.6 s over 100,000 runs), so it gets an
 * index of its own, holding only imported runs. The expression is written exactly as the check writes it.
 */
const IMPORT_HASH_INDEX =
  `CREATE INDEX "IDX_runs_import_content_hash" ON "evaluation_runs" ((("config" -> 'import' ->> 'contentHash'))) ` +
  `WHERE ("config" -> 'import' ->> 'contentHash') IS NOT NULL`;

/** Stores users' JSON objects (item input and metadata, run config, environment, metric configs, project settings) as json on PostgreSQL. */
export class UserJsonKeyOrder1810000000000 implements MigrationInterface {
  name = 'UserJsonKeyOrder1810000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    for (const sql of convert('json')) await queryRunner.query(sql);
    await queryRunner.query(IMPORT_HASH_INDEX);
  }

  // Refuses, rather than alters, a value jsonb cannot hold (a \u0000 escape written by another tool); sorts keys again.
  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_runs_import_content_hash"`);
    for (const sql of convert('jsonb')) await queryRunner.query(sql);
  }
}
