import type { MigrationInterface, QueryRunner } from 'typeorm';

// Storage validates every run and project it writes (run-input.schema.ts), but another tool, a manual fix-up or a
// buggy script writing rows directly was trusted: SQLite took 'not json' as tags, 'five' as total_items and
// 'yesterday-ish' as created_at; PostgreSQL took an object as tags, NaN and Infinity as costs and durations, an empty
// name and a project id that is not a slug. Each such row made `runs list`, `runs show` and `db health` fail for every
// user of the database. These rules are the library's own (so nothing it writes is refused), enforced by the database.
//
// SQLite cannot add a CHECK constraint to an existing table without rebuilding it, so its rules are BEFORE INSERT and
// BEFORE UPDATE triggers that abort with a message naming the column and the rule. PostgreSQL's types already refuse
// text in number, date and JSON columns; its remaining rules are CHECK constraints added NOT VALID: no table rewrite
// or scan, rows stored earlier are not checked (`db health` reports one it cannot read). The constraints are not in
// the entities, which both databases share: INTEGRITY_CHECK_NAMES lets the schema test tell them from drift.
//
// The items table gets none: items are written at 100k+ rows a second and a trigger per row would cost a measurable
// share of that; its columns are written only by storage's bulk insert, which validates each item (item-rows.ts).

/** Storage's project id rule (projectIdSchema) as far as GLOB expresses it; the length is checked apart. */
const SLUG_GLOB_BAD = (x: string) => `(${x} NOT GLOB '[A-Za-z0-9]*' OR ${x} GLOB '*[^A-Za-z0-9._-]*' OR length(${x}) > 128)`;
const SLUG_REGEX = `'^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'`;
const SLUG_RULE = 'a slug of letters, digits, ".", "_" or "-" (max 128)';

/**
 * How storage writes a date on SQLite: UTC text "YYYY-MM-DD HH:MM:SS.SSS" (utcDatetime, TypeORM), or without the
 * milliseconds (the columns' datetime('now') default), in years 1 to 9999 (stored-date.ts), a real calendar date.
 */
const DATE_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
const SQLITE_BAD_DATE = (x: string) =>
  `(NOT (${x} GLOB '${DATE_GLOB}' OR ${x} GLOB '${DATE_GLOB}.[0-9][0-9][0-9]') OR ${x} GLOB '0000*' OR datetime(${x}) IS NOT substr(${x}, 1, 19))`;
const DATE_RULE = 'a UTC date "YYYY-MM-DD HH:MM:SS.SSS" in the years 1 to 9999';
const POSTGRES_DATE = (x: string) => `${x} >= '0001-01-01 00:00:00+00'::timestamptz AND ${x} < '10000-01-01 00:00:00+00'::timestamptz`;

/**
 * SQLite: an expression true when `x` is not JSON of `type`. Migration 1811000000000 replaces this one's (SQLite 3.45+
 * only) with one every SQLite since 3.38 can run.
 * @internal
 */
export type SqliteJsonRule = (x: string, type: 'array' | 'object') => string;

/**
 * JSON of the given type: TypeORM stores SQLite's `jsonb` columns as JSONB blobs, a raw insert (and a column default)
 * as JSON text; json_valid's flags 1 | 8 accept RFC 8259 text or a well-formed JSONB blob. json_type() of anything else
 * is an error, so it is asked only of valid JSON. Needs SQLite 3.45+ (migration 1811000000000 replaces it). @internal
 */
export const SQLITE_BAD_JSON: SqliteJsonRule = (x, type) => `(CASE WHEN json_valid(${x}, 9) THEN json_type(${x}) <> '${type}' ELSE 1 END)`;

type ColumnKind = 'integer' | 'number' | 'date' | 'array' | 'object' | 'text' | 'slug';

interface ColumnRule {
  column: string;
  kind: ColumnKind;
  nullable: boolean;
  /** The column itself allows NULL (the entity says so), though the rule does not. */
  nullInColumn?: true;
}

const RULES: Record<'evaluation_runs' | 'projects', { prefix: string; columns: ColumnRule[] }> = {
  evaluation_runs: {
    prefix: 'CHK_runs',
    columns: [
      // Nullable in the entity: run_key came after the runs (1802000000000-item-run-key); storage gives every run one.
      { column: 'run_key', kind: 'integer', nullable: false, nullInColumn: true },
      { column: 'name', kind: 'text', nullable: false },
      { column: 'project_id', kind: 'slug', nullable: true },
      { column: 'metrics_used', kind: 'array', nullable: false },
      { column: 'metric_configs', kind: 'object', nullable: true },
      { column: 'config', kind: 'object', nullable: true },
      { column: 'environment', kind: 'object', nullable: true },
      { column: 'tags', kind: 'array', nullable: false },
      { column: 'created_at', kind: 'date', nullable: false },
      { column: 'updated_at', kind: 'date', nullable: false },
      { column: 'started_at', kind: 'date', nullable: true },
      { column: 'completed_at', kind: 'date', nullable: true },
      { column: 'heartbeat_at', kind: 'date', nullable: true },
      { column: 'duration_seconds', kind: 'number', nullable: false },
      { column: 'total_items', kind: 'integer', nullable: false },
      { column: 'successful_items', kind: 'integer', nullable: false },
      { column: 'failed_items', kind: 'integer', nullable: false },
      { column: 'success_rate', kind: 'number', nullable: false },
      { column: 'avg_response_time', kind: 'number', nullable: true },
      { column: 'min_response_time', kind: 'number', nullable: true },
      { column: 'max_response_time', kind: 'number', nullable: true },
      { column: 'total_tokens', kind: 'integer', nullable: false },
      { column: 'total_cost', kind: 'number', nullable: false },
      { column: 'writer_pid', kind: 'integer', nullable: true },
    ],
  },
  projects: {
    prefix: 'CHK_projects',
    columns: [
      { column: 'id', kind: 'slug', nullable: false },
      { column: 'name', kind: 'text', nullable: false },
      { column: 'created_at', kind: 'date', nullable: false },
      { column: 'updated_at', kind: 'date', nullable: false },
      { column: 'settings', kind: 'object', nullable: true },
    ],
  },
};

const RULE_TEXT: Record<ColumnKind, string> = {
  integer: 'a whole number',
  number: 'a finite number',
  date: DATE_RULE,
  array: 'a JSON array',
  object: 'a JSON object',
  text: 'non-empty text',
  slug: SLUG_RULE,
};

/** SQLite: true when NEW's `column` breaks its rule. */
function sqliteBroken({ column, kind, nullable }: ColumnRule, badJson: SqliteJsonRule): string {
  const x = `NEW."${column}"`;
  const broken = {
    integer: `typeof(${x}) <> 'integer'`,
    // SQLite keeps no NaN (it stores NULL), but does keep ±Infinity (9e999 is its infinity).
    number: `(typeof(${x}) NOT IN ('integer', 'real') OR abs(${x}) >= 9e999)`,
    date: `(typeof(${x}) <> 'text' OR ${SQLITE_BAD_DATE(x)})`,
    array: badJson(x, 'array'),
    object: badJson(x, 'object'),
    text: `(typeof(${x}) <> 'text' OR ${x} = '')`,
    slug: `(typeof(${x}) <> 'text' OR ${SLUG_GLOB_BAD(x)})`,
  }[kind];
  return nullable ? `(${x} IS NOT NULL AND ${broken})` : `(${x} IS NULL OR ${broken})`;
}

function sqliteMessage(table: string, { column, kind, nullable }: ColumnRule): string {
  return `${table}.${column} must be ${nullable ? 'NULL or ' : ''}${RULE_TEXT[kind]}`.replace(/'/g, "''");
}

/**
 * One trigger per table and statement: a CASE that aborts with the first broken column's message. An update checks
 * only the columns it changes: a run's totals and heartbeat are updated on every batch, and a row stored before the
 * rules can still be updated (cancelled, recovered) without first being repaired.
 * @internal
 */
export function sqliteTrigger(table: keyof typeof RULES, event: 'INSERT' | 'UPDATE', badJson: SqliteJsonRule): string {
  const cases = RULES[table].columns.map((rule) => {
    const ruleBroken = sqliteBroken(rule, badJson);
    const broken = event === 'UPDATE' ? `(NEW."${rule.column}" IS NOT OLD."${rule.column}" AND ${ruleBroken})` : ruleBroken;
    return `WHEN ${broken} THEN RAISE(ABORT, '${sqliteMessage(table, rule)}')`;
  });
  return `CREATE TRIGGER "${sqliteTriggerName(table, event)}" BEFORE ${event} ON "${table}" BEGIN SELECT CASE ${cases.join(' ')} END; END`;
}

/**
 * An UPDATE trigger per column (`BEFORE UPDATE OF "column"`), each checking only its column: SQLite runs only those
 * whose column the statement sets (migration 1813000000000). Same rules and messages as sqliteTrigger's UPDATE. In
 * creation order: SQLite runs a table's triggers newest first, so the last column's is created first and an update
 * with several bad columns names the first of them, as the single trigger's CASE (and the INSERT trigger) does.
 * @internal
 */
export function sqliteColumnUpdateTriggers(table: keyof typeof RULES, badJson: SqliteJsonRule): Array<{ name: string; sql: string }> {
  return [...RULES[table].columns].reverse().map((rule) => {
    const name = `${sqliteTriggerName(table, 'UPDATE')}_${rule.column}`;
    const broken = `NEW."${rule.column}" IS NOT OLD."${rule.column}" AND ${sqliteBroken(rule, badJson)}`;
    return {
      name,
      sql: `CREATE TRIGGER "${name}" BEFORE UPDATE OF "${rule.column}" ON "${table}" WHEN ${broken} BEGIN SELECT RAISE(ABORT, '${sqliteMessage(table, rule)}'); END`,
    };
  });
}

/** The name of a table's integrity trigger for an event. @internal */
export const sqliteTriggerName = (table: string, event: 'INSERT' | 'UPDATE') => `TRG_${table}_integrity_${event.toLowerCase()}`;

/** PostgreSQL: the rules its column types do not already enforce, one named constraint per column and rule. */
function postgresChecks(table: keyof typeof RULES): Array<{ name: string; check: string }> {
  const checks: Array<{ name: string; check: string }> = [];
  for (const { column, kind, nullable, nullInColumn } of RULES[table].columns) {
    const x = `"${column}"`;
    const name = `${RULES[table].prefix}_${column}`;
    // A NULL passes a CHECK, and the column's NOT NULL says the rest, but for a column the entity lets be NULL.
    if (!nullable && nullInColumn) checks.push({ name: `${name}_not_null`, check: `${x} IS NOT NULL` });
    if (kind === 'number') checks.push({ name: `${name}_finite`, check: `${x} <> 'NaN'::float8 AND ${x} < 'Infinity'::float8 AND ${x} > '-Infinity'::float8` });
    if (kind === 'date') checks.push({ name: `${name}_years`, check: POSTGRES_DATE(x) });
    if (kind === 'array' || kind === 'object') checks.push({ name: `${name}_${kind}`, check: `jsonb_typeof(${x}) = '${kind}'` });
    if (kind === 'text') checks.push({ name: `${name}_not_empty`, check: `${x} <> ''` });
    if (kind === 'slug') checks.push({ name: `${name}_slug`, check: `${x} ~ ${SLUG_REGEX}` });
  }
  return checks;
}

/** The tables with integrity rules. @internal */
export const TABLES = Object.keys(RULES) as Array<keyof typeof RULES>;

/**
 * Names of the PostgreSQL CHECK constraints this migration adds, which the entities do not declare (see above).
 * @internal
 */
export const INTEGRITY_CHECK_NAMES: readonly string[] = TABLES.flatMap((table) => postgresChecks(table).map((c) => c.name));

/** Makes both databases refuse a run or project row that breaks storage's rules (types, JSON shapes, dates, slugs). */
export class RunIntegrityRules1806000000000 implements MigrationInterface {
  name = 'RunIntegrityRules1806000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const table of TABLES) {
      if (postgres) {
        for (const { name, check } of postgresChecks(table)) {
          await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${check}) NOT VALID`);
        }
      } else {
        await queryRunner.query(sqliteTrigger(table, 'INSERT', SQLITE_BAD_JSON));
        await queryRunner.query(sqliteTrigger(table, 'UPDATE', SQLITE_BAD_JSON));
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const table of TABLES) {
      if (postgres) {
        for (const { name } of postgresChecks(table)) await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      } else {
        await queryRunner.query(`DROP TRIGGER "${sqliteTriggerName(table, 'INSERT')}"`);
        await queryRunner.query(`DROP TRIGGER "${sqliteTriggerName(table, 'UPDATE')}"`);
      }
    }
  }
}
