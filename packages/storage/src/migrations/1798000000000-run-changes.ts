import type { MigrationInterface, QueryRunner } from 'typeorm';

// The SQLite change signals of run writes (see repositories/run-changes.ts for why): one row per committed write,
// ids in commit order (AUTOINCREMENT, so ids are never reused after pruning), the name kept for deletions, and an
// index on the time for pruning. PostgreSQL signals with NOTIFY and stores nothing, so it gets no table.
const SQLITE_UP = [
  `CREATE TABLE "run_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar NOT NULL, "kind" varchar(16) NOT NULL, ` +
    `"run_name" varchar(255), "changed_at" integer NOT NULL, CONSTRAINT "CHK_run_changes_kind" CHECK ("kind" IN ('created', 'items', 'updated', 'deleted')))`,
  `CREATE INDEX "IDX_run_changes_changed_at" ON "run_changes" ("changed_at")`,
];

/** Adds the run change signals table (SQLite). */
export class RunChanges1798000000000 implements MigrationInterface {
  name = 'RunChanges1798000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    await queryRunner.query(`DROP TABLE IF EXISTS "run_changes"`);
  }
}
