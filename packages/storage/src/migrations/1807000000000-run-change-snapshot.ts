import type { MigrationInterface, QueryRunner } from 'typeorm';

// A deleted run's last state on its SQLite change row (see repositories/run-changes.ts), as JSON: a reader that had
// not yet read the run when another process deleted it (created, finished and deleted within one poll) still reports
// its creation and finish before its deletion. NULL on other rows, and on deletions by older writers. PostgreSQL
// carries the snapshot in the NOTIFY payload and stores nothing, so it gets nothing. DROP COLUMN needs SQLite 3.35.
const SQLITE_UP = [`ALTER TABLE "run_changes" ADD COLUMN "run_snapshot" text`];
const SQLITE_DOWN = [`ALTER TABLE "run_changes" DROP COLUMN "run_snapshot"`];

/** Adds the deleted run's last state to the run change signals table (SQLite). */
export class RunChangeSnapshot1807000000000 implements MigrationInterface {
  name = 'RunChangeSnapshot1807000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') return;
    for (const sql of SQLITE_DOWN) await queryRunner.query(sql);
  }
}
