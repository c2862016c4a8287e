import type { MigrationInterface, QueryRunner } from 'typeorm';

// A deleted run's project on its SQLite change row (see repositories/run-changes.ts): a reader that never saw the run
// still scopes its deletion to the run's project. NULL on a deletion row: a run without a project. PostgreSQL carries
// the project in the NOTIFY payload and stores nothing, so it gets nothing. DROP COLUMN needs SQLite 3.35 or later.
const SQLITE_UP = [`ALTER TABLE "run_changes" ADD COLUMN "project_id" varchar(255)`];
const SQLITE_DOWN = [`ALTER TABLE "run_changes" DROP COLUMN "project_id"`];

/** Adds the deleted run's project to the run change signals table (SQLite). */
export class RunChangeProject1801000000000 implements MigrationInterface {
  name = 'RunChangeProject1801000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_DOWN) await queryRunner.query(sql);
  }
}
