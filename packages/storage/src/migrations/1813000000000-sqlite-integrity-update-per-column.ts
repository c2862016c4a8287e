import type { MigrationInterface, QueryRunner } from 'typeorm';
import { sqliteColumnUpdateTriggers, sqliteTrigger, sqliteTriggerName, TABLES } from './1806000000000-run-integrity-rules';
import { SQLITE_PORTABLE_BAD_JSON } from './1811000000000-sqlite-json-rules-older-tools';

// SQLite's UPDATE integrity trigger of evaluation_runs (1806000000000, 1811000000000) was one CASE over every column
// of the run, each WHEN guarded by "NEW.x IS NOT OLD.x". SQLite runs a BEFORE UPDATE trigger's whole program on every
// UPDATE of the table whatever columns it sets, and this one, with the JSONB header checks of 1811000000000, is some
// 20 kB of SQL: it made the running-totals UPDATE that every stored batch of items makes (running-totals.ts) cost
// 0.2 to 0.6 ms instead of about 15 µs, a tenth of the time of storing a 500-item batch on SQLite. Each column now
// has its own `BEFORE UPDATE OF "column"` trigger, which SQLite runs only when the statement sets that column: the
// same rules and messages, checked only where a statement could break them. Only SQL every SQLite since 3.38 knows
// (see 1811000000000). The INSERT triggers stay as they are (a run is inserted once).

/** Replaces each table's single UPDATE integrity trigger with one per column. */
export class SqliteIntegrityUpdatePerColumn1813000000000 implements MigrationInterface {
  name = 'SqliteIntegrityUpdatePerColumn1813000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const table of TABLES) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${sqliteTriggerName(table, 'UPDATE')}"`);
      for (const { name, sql } of sqliteColumnUpdateTriggers(table, SQLITE_PORTABLE_BAD_JSON)) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
        await queryRunner.query(sql);
      }
    }
  }

  /** Restores 1811000000000's single UPDATE trigger per table. */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const table of TABLES) {
      for (const { name } of sqliteColumnUpdateTriggers(table, SQLITE_PORTABLE_BAD_JSON)) await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${sqliteTriggerName(table, 'UPDATE')}"`);
      await queryRunner.query(sqliteTrigger(table, 'UPDATE', SQLITE_PORTABLE_BAD_JSON));
    }
  }
}
